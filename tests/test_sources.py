"""Sources an officer can follow: the listing command, plan references and the app's detail views."""

from __future__ import annotations

import json
from datetime import date

from popguide.cli import main
from popguide.library import load_library
from popguide.library.describe import scenario_markdown, term_markdown
from popguide.library.sources import references_for, source_rows
from popguide.tui.app import PopguideApp
from popguide.tui.screens.browser import LibraryScreen, PowersScreen
from popguide.workspace import Workspace

LIB = load_library([])


def test_sources_json_lists_every_work_and_provision_with_where_it_is_used(capsys):
    assert main(["sources", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ids = {r["id"] for r in rows}
    assert ids == set(LIB.works) | set(LIB.laws)
    hot_spots = next(r for r in rows if r["id"] == "cop-crt-hot-spots")
    assert "drug-dealing-street:hot-spot-problem-solving" in hot_spots["used_in"]
    s15 = next(r for r in rows if r["id"] == "pcsc-2022-s15")
    assert "partner:schools" in s15["used_in"] and "legislation.gov.uk/ukpga/2022/32/section/15" in s15["citation"]


def test_sources_unconfirmed_lists_only_flagged_entries(capsys):
    assert main(["sources", "--unconfirmed", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(any(f != "checked against a secondary source" for f in r["flags"]) for r in rows)
    ids = {r["id"] for r in rows}
    assert "cpa-2026-respect-orders" in ids  # commencement not confirmed
    assert "pcsc-2022-s15" not in ids  # checked against legislation.gov.uk and in force


def test_stale_lists_checks_older_than_the_given_age():
    dates = sorted(date.fromisoformat(e.checked) for e in [*LIB.works.values(), *LIB.laws.values()])
    oldest, newest = dates[0], dates[-1]
    assert source_rows(LIB, stale_days=30, today=oldest) == []
    later = date.fromordinal(newest.toordinal() + 31)
    assert len(source_rows(LIB, stale_days=30, today=later)) == len(LIB.works) + len(LIB.laws)
    between = date.fromordinal(oldest.toordinal() + 31)
    older = sum(1 for d in dates if (between - d).days > 30)
    assert len(source_rows(LIB, stale_days=30, today=between)) == older


def test_stale_rejects_a_negative_age(capsys):
    assert main(["sources", "--stale", "-1"]) == 2
    assert "--stale" in capsys.readouterr().err


def test_references_for_a_plan_cover_responses_powers_and_costs_once_each():
    s = LIB.scenarios["graffiti-damage"]
    refs = references_for(LIB, s, ["rapid-removal", "cpn-prolific-tagger", "restorative-repair"], [], ["criminal-damage"])
    ids = [r["id"] for r in refs]
    assert len(ids) == len(set(ids))
    assert ids[0] == "sloan-howitt-1990-subway-graffiti"  # the main source of the first response
    assert "asbcpa-2014-s43" in ids  # the power the CPN response uses
    # one entry a source, with every place in it the plan relies on (the response's and the power's)
    cpn_part = next(r for r in refs if r["id"] == "asbcpa-2014-s43-58")
    assert "ss.43-58, s.48" in cpn_part["text"] and len(cpn_part["for"]) == 2
    s43 = next(r for r in refs if r["id"] == "asbcpa-2014-s43")
    assert "Act 2014, s.43(1), (3), (4), (5) and (6) (Power to issue notices)" in s43["text"]  # the section named once
    assert "heeks-2018-economic-social" in ids and "hmt-gdp-deflators" in ids
    assert [r["n"] for r in refs] == list(range(1, len(refs) + 1))
    # the reported change to the fixed penalty (s.52(7)) is flagged on the Chapter 1 entry that holds s.52
    assert "reported change unconfirmed" in cpn_part["flags"] and "legislation.gov.uk" in s43["address"]


def test_exported_plan_ends_with_references_when_the_plan_carries_them(tmp_path):
    from conftest import complete
    from popguide.report import render_plan

    ws = Workspace(data_dir=tmp_path)
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("1")
    complete(g, {"review": "2027-03-01"})
    from popguide.guide.plan import build_plan

    plan = build_plan(g.view())
    picked = g.view().picked_responses()[0]
    assert plan["references"] and any(picked.title in " ".join(r["for"]) or picked.id in " ".join(r["for"])
                                      for r in plan["references"]), "the plan lists the sources of what it chose"
    plan["references"] = references_for(LIB, LIB.scenarios["graffiti-damage"], ["rapid-removal"], [], ["criminal-damage"])
    for fmt, heading in (("md", "## References"), ("txt", "REFERENCES"), ("html", "<h2>References</h2>")):
        out = render_plan(plan, fmt)
        tail = out.split(heading)[-1]
        assert heading in out and "Sloan-Howitt" in tail and "hmt-gdp-deflators" not in tail
        assert "unconfirmed" in tail  # flags travel with each reference


def test_response_detail_shows_design_country_toolkit_rating_and_check_date():
    text = scenario_markdown(LIB.scenarios["residential-burglary"], LIB)
    assert "**Design:** systematic review or meta-analysis of several studies, 43 studies" in text
    assert "Crime Reduction Toolkit's own rating: Overall reduction in burglary" in text
    assert "Last checked 2026-12-01 against the secondary source" in text
    assert "**Country:** England (West Midlands)" in text


def test_power_detail_shows_section_status_extent_and_flags():
    text = term_markdown(LIB.glossary["dispersal-direction"], LIB)
    assert "Anti-social Behaviour, Crime and Policing Act 2014, s.35" in text
    assert "in force, England and Wales" in text and "https://www.legislation.gov.uk/ukpga/2014/12/section/35" in text
    assert "72 hours" in text and "unconfirmed" in text


async def test_app_powers_browser_shows_the_law_behind_a_power(tmp_path):
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(PowersScreen("section-59-warning"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PowersScreen)
        assert "Police Reform Act 2002, s.59" in screen.shown and "29 June 2026" in screen.shown
        assert screen.query_one("#items").get_option_at_index(0).id in {t for t in LIB.glossary if any(c.ref in LIB.laws for c in LIB.glossary[t].cites)}


async def test_app_library_browser_shows_evidence_design_and_check_date(tmp_path):
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(LibraryScreen("graffiti-damage"))
        await pilot.pause()
        assert "case study or practice account" in app.screen.shown
        assert "reported-fall" in app.screen.shown and "Checked 2026-12-01" in app.screen.shown


def test_show_a_power_gives_its_law_status_and_flags(capsys):
    assert main(["show", "PSPO"]) == 0
    out = capsys.readouterr().out
    assert "Anti-social Behaviour, Crime and Policing Act 2014, s.59" in out
    assert "(reported change unconfirmed)" in out and "legislation.gov.uk/ukpga/2014/12/section/59" in out


def test_a_response_shows_its_power_in_full_with_the_warnings_of_its_law():
    """`show` and the library browser give the power's law beside the response, flagged where it is not confirmed."""
    text = scenario_markdown(LIB.scenarios["street-drinking"], LIB)
    pspo = LIB.glossary["public-spaces-protection-order"]
    at = text.index(f"**Law used:** {pspo.term}")
    assert "reported change unconfirmed)**" in text[at:at + 200]
    assert pspo.definition[:80] in text[at:] and f"**Who can use it:** {pspo.who_can_use[:40]}" in text[at:]


def test_the_conversations_source_view_gives_the_power_beside_the_response():
    from popguide.guide.prompts import source_text

    s = LIB.scenarios["street-drinking"]
    n = next(n for n, r in enumerate(s.responses_by_evidence(), 1) if r.power == "public-spaces-protection-order")
    text = source_text(LIB, s, n)
    assert "**Law used:** Public" in text and LIB.glossary["public-spaces-protection-order"].definition[:80] in text
