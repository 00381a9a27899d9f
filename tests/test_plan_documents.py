"""The plan as documents: golden files for md, html and txt on a fixed session; the Word file read back."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest

from popguide.guide.engine import Guide
from popguide.report import FORMATS, render_plan
from popguide.session import Session
from popguide.workspace import Workspace

from conftest import complete

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 12, 1)
LONG_PLACE = ("The riders come in through a gap in the fence by the allotments on Moor Lane and cut across the playing "
              "fields to the cycle path. They ride from about 6 to 9pm, mostly at weekends and every day in the school "
              "holidays. The school caretaker locks the main gate at 5 but the fence has been cut again and again, "
              "and the field has no lighting at all.\n\nThe garage block behind Cedar Court is where the bikes seem to be "
              "kept; residents have seen them wheeled in after dark. Fuel comes from the petrol station on Moor Lane, "
              "where jerry cans are filled without questions. Nobody overlooks the far corner of the field.")


def fixed_session(tmp_path) -> Guide:
    """One officer's plan, the same every run: fixed id, times and today."""
    ws = Workspace(data_dir=tmp_path)
    session = Session(id="20261201-090000-abcd", created="2026-12-01T09:00:00+00:00", updated="2026-12-01T09:30:00+00:00")
    g = Guide(ws.library, ws.matcher, session, ws.script, understanding=ws.understanding, today=lambda: TODAY,
              export=ws.export_to_data_dir, render=ws.render_view)
    g.respond("lads on scramblers tearing round the Ash Grove playing fields every evening, one nearly hit a kid. yeah yes")
    g.respond("1")
    complete(g, {"harm": "families and dog walkers; the caretaker says people have stopped using the path",
                 "victim": "/skip", "place": LONG_PLACE, "responses": "1 3 9", "conflicts": "1",
                 "actions": "ok by 1/3/2027", "extra": "council parks: repair the fence by 15/01/2027; youth service: "
                 "outreach sessions by 1/2/2027", "target_area": "Ash Grove playing fields",
                 "comparison_area": "Sefton Park", "buffer_area": "streets within 500 m", "review": "12 weeks"})
    session.updated = "2026-12-01T09:30:00+00:00"
    for e in session.entries:
        e.at = "2026-12-01T09:10:00+00:00"
    return ws, g


@pytest.fixture
def plan(tmp_path):
    ws, g = fixed_session(tmp_path)
    return ws, g, ws.plan(g)


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_each_format_matches_its_golden_file(plan, fmt):
    ws, g, data = plan
    text = render_plan(data, fmt)
    golden = GOLDEN / f"plan.{fmt}"
    if os.environ.get("POPGUIDE_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"plan.{fmt} changed: look at it, then POPGUIDE_UPDATE_GOLDEN=1"


def test_the_first_page_is_the_summary_a_partner_reads(plan):
    ws, g, data = plan
    md = render_plan(data, "md")
    summary = md.split("## 1. The problem")[0]
    assert "**The problem.** Lads on scramblers tearing round the Ash Grove playing fields every evening, one nearly hit a kid." in summary
    assert "yeah" not in md.split("## 2. Analysis")[0], "confirmations never join the problem statement"
    assert "| Ash Grove playing fields | target | 40 | 1/8/2026 to 31/10/2026 |" in summary
    assert "| Sefton Park | comparison | 100 | 1/8/2026 to 31/10/2026 |" in summary
    parks = next(line for line in summary.splitlines() if line.startswith("- **Council parks and green spaces team**"))
    assert "Repair the fence (by 15 January 2027)" in parks, "actions grouped by agency, each with its date"
    assert "**Review date.** 23 February 2027" in summary
    assert "Skipped question: victim or target" in summary
    assert ".;" not in md and ";." not in md and " ." not in md.replace("...", "")
    assert "**⚠ Skipped:** not answered yet." in md.split("### Victim or target")[1].split("###")[0]
    place = md.split("### Place\n")[1].split("###")[0]
    assert place.count("\n\n") >= 3, "a long answer is shown as paragraphs"
    assert "### Conflicts and sequencing" in md and "Keep both and sequence them as advised" in md


def test_file_names_come_from_the_problem_and_the_date(plan):
    ws, g, data = plan
    assert data["file_stem"] == "2026-12-01-off-road-bikes-ash-grove-playing-fields"
    assert ws.export_name(g, "docx", partner=True) == "2026-12-01-off-road-bikes-ash-grove-playing-fields-partner.docx"
    assert data["heading"] == "Nuisance and dangerous riding of off-road bikes, Ash Grove playing fields"


def test_the_word_document_has_the_summary_first_then_headings_tables_actions_and_the_chart(plan):
    import docx

    ws, g, data = plan
    document = docx.Document(io.BytesIO(render_plan(data, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:3] == [f"Problem-solving plan: {data['heading']}", "Summary", "1. The problem (Scanning)"]
    for h in ("2. Analysis", "3. Response", "4. Assessment", "Plan check", "Sources"):
        assert h in headings
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    baseline = next(t for t in tables if t[0][:3] == ["area", "", "count"])
    assert ["Ash Grove playing fields", "target", "40", "1/8/2026 to 31/10/2026"] in baseline
    actions = next(t for t in tables if t[0] == ["who", "action", "by when"])
    assert ["Council parks and green spaces team", "Repair the fence", "by 15 January 2027"] in actions
    assert any(row[1] == "Outreach sessions" for row in actions)
    assert len(document.inline_shapes) == 1, "the chart is embedded as an image"
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.index("Still open") < text.index("Problem statement")


def test_a_partner_copy_masks_personal_data_and_leaves_out_private_notes(tmp_path):
    ws, g = fixed_session(tmp_path)
    g.session.notes.append({"text": "Ali was reluctant to share the tenancy file", "by": "Sam"})
    g.est.descriptions.append("Mrs Jones rings most nights on 07700 900123")
    for fmt in ("md", "html", "txt"):
        doc = ws.render(g, fmt, partner=True, notes=True)
        assert "07700" not in doc and "Mrs Jones" not in doc and "reluctant" not in doc, fmt
        assert "partner copy" in doc.lower(), fmt
        assert "Ash Grove playing fields" in doc and "Repair the fence" in doc, "what a partner needs stays"
    own = ws.render(g, "md", notes=True)
    assert "07700" in own and "reluctant" in own


def test_every_format_is_in_one_registry_that_the_cli_and_the_conversation_accept(plan, tmp_path):
    ws, g, data = plan
    assert set(FORMATS) == {"md", "html", "txt", "docx"}
    turns = g.respond("/export docx")
    turn = next(t for t in turns if t.kind == "export")
    assert Path(turn.data["path"]).suffix == ".docx" and Path(turn.data["path"]).stat().st_size > 10_000


def test_references_render_at_the_end_in_every_format(plan):
    ws, g, data = plan
    assert data["references"], "the plan lists the sources of the responses, powers and costs it uses"
    first = data["references"][0]["text"]
    for fmt in ("md", "html", "txt"):
        doc = render_plan(data, fmt)
        assert first.split(".")[0] in doc[doc.lower().rindex("references"):], fmt
    import io

    import docx

    document = docx.Document(io.BytesIO(render_plan(data, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == "References"


def test_a_response_that_uses_a_power_carries_the_law_beside_it_in_every_format(plan):
    """The law is written once, in the glossary entry; the plan shows it beside each response that uses it."""
    ws, g, data = plan
    seizure = next(r for r in data["responses"] if r["power"])
    term = ws.library.glossary[seizure["power"]["id"]]
    assert seizure["power"]["definition"] == term.definition and seizure["power"]["who_can_use"] == term.who_can_use
    for fmt in ("md", "html"):
        doc = render_plan(data, fmt)
        block = doc[doc.index(seizure["title"]):]
        block = block[:block.index("Lead")]  # the response's own block
        assert "Law used:" in block and term.definition[:60] in block and term.who_can_use[:40] in block, fmt
    assert f"Law used: {term.term}" in render_plan(data, "txt")
    import io

    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_plan(data, "docx"))).paragraphs)
    assert f"Law used: {term.term}" in text and term.definition[:60] in text
