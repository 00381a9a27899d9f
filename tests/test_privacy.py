"""Personal data: found in UK formats, masked in every export field, ordinary place words kept; HTML in Markdown escaped."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from popguide.guide.privacy import find_personal_data, kinds_of_personal_data, redact, redact_person
from popguide.session import Session
from popguide.workspace import Workspace

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
import privacy_bench  # noqa: E402


def test_the_labelled_set_is_found_with_high_recall_and_precision_and_places_are_kept():
    figures = privacy_bench.detector_figures(privacy_bench.load_set())
    assert figures["identifiers"] >= 60
    assert figures["recall"] >= 0.95, figures["missed"]
    assert figures["precision"] >= 0.95, figures["false_positives"]
    assert figures["kept"] == figures["keeps"], figures["false_positives"]


@pytest.mark.parametrize("text, kind", [
    ("ring 0151 496 0123", "a phone number"), ("+44 7700 900456", "a phone number"),
    ("NI number JC 45 67 89 D", "a National Insurance number"), ("NHS 943 476 5919", "an NHS number"),
    ("postcode L15 2HG", "a postcode"), ("car AB12 CDE", "a vehicle registration"),
    ("PNC ID 98/345678X", "a PNC or CRO number"), ("ref 01/123456/24", "a crime reference"),
    ("DOB 03/04/1979", "a date of birth"), ("Mr John Smith", "a name"), ("14 Stanley Road", "a house number and street"),
    ("k.hughes@example.co.uk", "an email address"),
])
def test_each_documented_format_is_recognised(text, kind):
    assert kind in kinds_of_personal_data(text)


def test_the_held_out_sets_are_found_and_their_ordinary_words_kept():
    data = privacy_bench.load_set()
    masked = total = 0
    for _, key, _ in privacy_bench.HELD_OUT:
        figures = privacy_bench.held_out_figures(data, key)
        masked, total = masked + figures["masked"], total + figures["identifiers"]
        assert figures["precision"] >= 0.95, (key, figures["false_positives"], figures["extra"])
        if data.get(key + "_negatives"):
            assert figures["kept"] == figures["keeps"], (key, figures["false_positives"])
    assert total >= 100 and masked / total >= 0.95


@pytest.mark.parametrize("text, secret, kind", [
    ("Gary Mitchell keeps the bikes in his shed", "Gary Mitchell", "a name"),
    ("Spoke to Siobhan Quinn about the alley", "Siobhan Quinn", "a name"),
    ("Bartosz Wiśniewski runs the car wash", "Bartosz Wiśniewski", "a name"),
    ("keys kept by Dean, the older brother", "Dean", "a name"),
    ("spoke to jo at 41 mersey view, she's had enough", "41 mersey view", "a house number and street"),
    ("the flat at flat 2b, 67 tennyson st is empty", "67 tennyson st", "a house number and street"),
    ("Flat 3, 12 Kings Parade had its door put through", "12 Kings Parade", "a house number and street"),
    ("she lives at 6 The Paddock", "6 The Paddock", "a house number and street"),
    ("email j dot smith at gmail dot com", "j dot smith at gmail dot com", "an email address"),
    ("reports to name[at]domain.com", "name[at]domain.com", "an email address"),
    ("or sarah.b (at) example.com", "sarah.b (at) example.com", "an email address"),
    ("her number is 07700 900 123", "07700 900 123", "a phone number"),
    ("mobile +44 (0)151 496 0765", "+44 (0)151 496 0765", "a phone number"),
    ("the lad was born 3/4/98", "3/4/98", "a date of birth"),
    ("gave a DOB of 1st of May 1990", "1st of May 1990", "a date of birth"),
    ("a white Fiesta mf68 tzo outside", "mf68 tzo", "a vehicle registration"),
    ("incident 0432 of 14/05/2025 was the first call", "0432 of 14/05/2025", "a crime reference"),
])
def test_names_without_cues_lower_case_addresses_and_written_out_emails_are_masked(text, secret, kind):
    assert kind in kinds_of_personal_data(text)
    assert secret not in redact(text)


@pytest.mark.parametrize("text", [
    "Groups gather on Victoria Street after 8pm", "the meeting is at Grace Court community room",
    "windows smashed on Lord Street", "kids cut through St John's Gardens to Penny Lane",
    "after the John Lewis car park closed", "The Youth Offending Service runs sessions",
    "Tuesday 3 February, 10:30, at the station", "the alley was gated on 3 March 2014",
    "The M62 junction 6 slip road", "5 cars park on the verge", "the 2 houses close to the park",
    "disclosures under Clare's Law", "the San Diego experiment", "Lighting on George Street and William Brown Street",
    "Riverside Housing and Liverpool Mutual Homes", "Everton Park and Walton Hall Park",
])
def test_streets_named_after_people_agencies_and_meeting_dates_are_kept(text):
    assert redact(text) == text, find_personal_data(text)


def test_a_partner_copy_keeps_the_guides_own_words_and_citations(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    for _ in range(40):
        if g.current is None or g.current.stage != "scanning":
            break
        g.respond(privacy_bench.ANSWERS.get(g.current.id.split(":")[0], "ok"))
    plain = ws.render(g, "md")
    masked = ws.render(g, "md", redact=True)
    assert "C Community" in plain and "C Community" in masked, "CHEERS elements are no people"
    assert masked.count("[name removed]") == plain.count("[name removed]")
    assert masked.count("date of birth removed") == 0, "the library's check dates are no birthdays"


def test_check_digits_and_format_rules_are_respected():
    assert "an NHS number" not in kinds_of_personal_data("NHS 943 476 5918"), "a wrong check digit is not an NHS number"
    assert kinds_of_personal_data("QQ 12 34 56 C") == [], "Q is never an NI number's first letter"
    assert kinds_of_personal_data("back at 5pm") == [], "no postcode ends in M"


@pytest.mark.parametrize("text", ["Stanley Road", "the Co-op", "PC 1234 and PCSO 4521", "Victim Support",
                                  "1/8/2026 to 31/10/2026", "about 40 calls since August", "2024/25 assessment"])
def test_ordinary_words_places_roles_and_plan_dates_are_not_masked(text):
    assert redact(text) == text, find_personal_data(text)


def test_a_person_in_a_field_of_their_own_is_masked_but_a_role_or_agency_is_kept():
    assert redact_person("John Smith") == "[name removed]"
    assert redact_person("PC 1234") == "PC 1234" and redact_person("Council parks team") == "Council parks team"
    assert redact_person("Riverside Housing", frozenset({"Riverside Housing"})) == "Riverside Housing"


@pytest.fixture
def meeting(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide(Session(participants=[{"name": "Beth Morgan", "agency": "Youth service"},
                                       {"name": "PC 1234", "agency": "Police"}]))
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("/action John Smith: fix the fence by Friday")
    g.respond("/action Mrs Doreen Fisher: ask the allotment society")
    g.respond("/action Council parks team: cut back the hedge")
    g.respond("1")
    g.respond("Mrs Joan O'Brien of 14 Stanley Road, 0151 496 0123, walks her dog by the Co-op")
    return ws, g


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_every_export_masks_action_owners_participants_and_answers(meeting, fmt):
    ws, g = meeting
    plain = privacy_bench.readable(ws.render(g, fmt, notes=True), fmt)
    masked = privacy_bench.readable(ws.render(g, fmt, redact=True, notes=True), fmt)
    secrets = ["John Smith", "Doreen Fisher", "Joan O'Brien", "14 Stanley Road", "0151 496 0123"]
    if fmt != "txt":
        secrets.append("Beth Morgan")
    for secret in secrets:
        assert secret in plain, f"{secret} is in the unmasked {fmt} export (else this checks nothing)"
        assert secret not in masked, f"{secret} survived --redact in {fmt}"
    for kept in ("Council parks team", "the Co-op"):
        assert kept in masked
    assert "[name removed]" in masked


PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "[click](javascript:alert(1))",
    "![x](javascript:alert(1))", "<javascript:alert(1)>", "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>", "<math><mtext><img src=x onerror=alert(1)>", "<style>@import 'x'</style>",
    "[x]: javascript:alert(1)\n[link][x]", "<input autofocus onfocus=alert(1)>", "<object data=javascript:alert(1)>",
    "<<script>script>alert(1)<</script>/script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "`</code><script>x</script>`",
    "<video><source onerror=alert(1)>", "<form action=javascript:alert(1)><button>go", "<meta http-equiv=refresh content=0;url=x>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> |", "<!-- x --><script>x</script>", "<A HREF=javascript:alert(1)>x</A>",
]


def test_markdown_export_shows_raw_html_from_answers_as_text_in_a_commonmark_viewer(tmp_path):
    from markdown_it import MarkdownIt

    ws = Workspace(data_dir=tmp_path)
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening " + " ".join(PAYLOADS[:4]))
    g.respond("1")
    for payload in PAYLOADS:
        g.respond(payload)
    md = ws.render(g, "md")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert not re.search(r"<(script|img|svg|iframe|details|body|math|style|input|object|video|form|meta|a)\b",
                         rendered, re.I), rendered
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', rendered))
    assert "&lt;script&gt;" in rendered, "the text is still there, shown as text"


def test_data_folders_are_0700_files_0600_and_a_users_own_folder_is_left_alone(tmp_path):
    from popguide.cli import main

    data, mine = tmp_path / "data", tmp_path / "documents"
    for folder in (data, data / "exports", mine):
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
    ws = Workspace(data_dir=data)
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("/export md")
    for folder in (data, data / "sessions", data / "exports"):
        assert oct(folder.stat().st_mode & 0o777) == "0o700", folder
    for path in [*(data / "sessions").iterdir(), *(data / "exports").iterdir()]:
        assert oct(path.stat().st_mode & 0o777) == "0o600", path
    assert main(["--data-dir", str(data), "export", g.session.id, "-o", str(mine / "plan.md")]) == 0
    assert oct(mine.stat().st_mode & 0o777) == "0o755" and oct((mine / "plan.md").stat().st_mode & 0o777) == "0o600"
