"""The learning repository: closed sessions become cases, shared as packs without personal data."""

from __future__ import annotations

import json

import pytest

from popguide.guide.plan import build_plan
import yaml

from popguide.cases import CaseError, CaseRepository
from popguide.cli import main
from popguide.session import Session
from popguide.store import SessionStore
from popguide.workspace import Workspace

from conftest import complete


def close_a_case(data_dir, description, overrides=None):
    ws = Workspace(data_dir=data_dir)
    g = ws.guide(Session())
    g.respond(description)
    g.respond("1")
    complete(g, {"review": "2026-01-05"}, stop_at="after_counts")
    g = Workspace(data_dir=data_dir).open(g.session.id)
    complete(g, {"after_counts": "22, 95, 28", **(overrides or {})})
    return g


@pytest.fixture
def two_cases(tmp_path):
    a = close_a_case(tmp_path, "lads on scramblers tearing round the playing fields, call 07700 900123",
                     {"lessons": "Barriers at the gates did most of the work."})
    b = close_a_case(tmp_path, "graffiti tags sprayed all over the underpass and shop shutters",
                     {"outcome": "3", "lessons": "Removal was too slow."})
    return tmp_path, a, b


def test_closed_sessions_are_listed_and_searched_as_cases(two_cases, capsys):
    data, a, b = two_cases
    repo = CaseRepository(SessionStore(data))
    assert {c.id for c in repo.all()} == {a.session.id, b.session.id}
    assert [c.id for c in repo.search("barriers")] == [a.session.id]
    assert [c.id for c in repo.search(scenario_id="graffiti-damage")] == [b.session.id]
    assert main(["--data-dir", str(data), "cases", "--search", "removal slow", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out] == [b.session.id] and out[0]["outcome"] == "Did not work"


def test_a_new_session_on_a_similar_problem_is_shown_the_past_case(two_cases):
    data, a, _ = two_cases
    g = Workspace(data_dir=data).guide(Session())
    turns = g.respond("kids on scrambler bikes racing across the park in the evenings")
    matches = next(t for t in turns if t.kind == "matches")
    assert "Similar past cases" in matches.text and a.session.display_title in matches.text
    assert "Barriers at the gates" in matches.text


def test_export_import_twice_does_not_duplicate(two_cases, tmp_path_factory, capsys):
    data, a, b = two_cases
    pack = tmp_path_factory.mktemp("share") / "pack.yaml"
    assert main(["--data-dir", str(data), "cases", "export", "-o", str(pack)]) == 0
    other = tmp_path_factory.mktemp("other-team")
    assert main(["--data-dir", str(other), "cases", "import", str(pack)]) == 0
    assert "Imported 2 case(s); 0 already there" in capsys.readouterr().out
    assert main(["--data-dir", str(other), "cases", "import", str(pack)]) == 0
    assert "Imported 0 case(s); 2 already there" in capsys.readouterr().out
    assert len(CaseRepository(SessionStore(other)).all()) == 2


def test_redacted_pack_masks_personal_data(two_cases, tmp_path_factory):
    data, a, _ = two_cases
    pack = tmp_path_factory.mktemp("share") / "pack.yaml"
    main(["--data-dir", str(data), "cases", "export", "--redact", "-o", str(pack)])
    text = pack.read_text()
    assert "07700 900123" not in text and "[phone number removed]" in text
    assert yaml.safe_load(text)["redacted"] is True


def test_malformed_pack_is_refused_and_nothing_is_imported(tmp_path, capsys):
    good = {"id": "case-1", "title": "Bikes", "outcome": "Worked", "responses": ["Barriers"]}
    bad = {"id": "case-2", "title": "Graffiti", "outcome": "Brilliant"}
    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump({"popguide_case_pack": 1, "cases": [good, bad]}))
    assert main(["--data-dir", str(tmp_path / "d"), "cases", "import", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "cases[1].outcome" in err and "Brilliant" in err and len(err.strip().splitlines()) == 1
    assert CaseRepository(SessionStore(tmp_path / "d")).all() == []
    (tmp_path / "notpack.yaml").write_text("just: a mapping\n")
    with pytest.raises(CaseError, match="not a popguide case pack"):
        CaseRepository(SessionStore(tmp_path / "d")).import_pack(tmp_path / "notpack.yaml")


def test_shared_folder_cases_are_found(tmp_path, monkeypatch):
    shared = tmp_path / "force-share"
    shared.mkdir()
    (shared / "c.yaml").write_text(yaml.safe_dump(
        {"id": "force-7", "title": "Quads on the moor", "outcome": "Partly worked", "scenario_id": "off-road-bikes",
         "responses": ["Gates"], "description": "quad bikes on the moor"}))
    monkeypatch.setenv("POPGUIDE_CASES", str(shared))
    repo = CaseRepository(SessionStore(tmp_path / "d"))
    [case] = repo.all()
    assert case.origin == str(shared)
    assert repo.similar(["off-road-bikes"], "quads on the moor")[0].id == "force-7"


def test_stats_count_outcomes_by_scenario_and_response(two_cases, capsys):
    data, a, b = two_cases
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["cases"] == 2
    bikes = figures["by_scenario"][a.scenario.title]
    assert bikes["Worked"] == 1 and bikes["cases"] == 1
    response = build_plan(a.view())["responses"][0]["title"]
    assert figures["by_response"][response]["used"] >= 1 and figures["by_response"][response]["worked"] >= 1
