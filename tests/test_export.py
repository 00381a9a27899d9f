"""The exported plan: every section, escaped HTML, masked personal data."""

from __future__ import annotations

import pytest

from popguide.cli import main
from popguide.workspace import Workspace

from conftest import complete

@pytest.fixture
def finished(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening <script>alert(1)</script>")
    g.respond("1")
    complete(g, {"harm": "families; call Jo on 07700 900123", "review": "2027-03-01"})
    return ws, g


def test_markdown_plan_has_every_section(finished):
    ws, g = finished
    md = ws.render(g, "md")
    for heading in ("## 1. The problem (Scanning)", "CHEERS", "**Objective:**", "## 2. Analysis", "Working hypothesis",
                    "## 3. Response", "Partners and their roles", "## 4. Assessment", "**Review date:** 2027-03-01", "## Sources"):
        assert heading in md
    assert g.scenario.title in md
    first = g.scenario.responses_by_evidence()[0]
    assert first.title in md and first.evidence.source in md


def test_html_is_self_contained_and_escapes_what_users_type(finished):
    ws, g = finished
    html = ws.render(g, "html")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http" not in html.split("<body>")[0].replace("http-equiv", "")  # no external resources in the head


def test_redact_masks_personal_data(finished):
    ws, g = finished
    assert "07700 900123" in ws.render(g, "txt")
    redacted = ws.render(g, "txt", redact=True)
    assert "07700 900123" not in redacted and "[phone number removed]" in redacted


def test_export_command_writes_the_file(finished, tmp_path, capsys):
    ws, g = finished
    out = tmp_path / "plan.html"
    code = main(["--data-dir", str(ws.store.root), "export", g.session.id, "--format", "html", "-o", str(out), "--redact"])
    assert code == 0 and str(out) in capsys.readouterr().out
    assert "Problem-solving plan" in out.read_text() and "07700" not in out.read_text()


def test_export_from_the_conversation_writes_into_the_data_folder(finished):
    ws, g = finished
    turns = g.respond("/export md")
    turn = next(t for t in turns if t.kind == "export")
    assert turns[-1].data.get("check") is not None, "the plan check is shown on export, after the file is written"
    path = ws.exports_dir / f"{g.today().isoformat()}-off-road-bikes-croxteth-park-playing-fields.md"
    assert path.exists() and str(path) in turn.text


def test_unknown_session_is_one_clear_line(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "export", "nope"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("popguide: error: no session 'nope'") and "\n" not in err
