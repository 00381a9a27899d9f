"""The learning repository: closed sessions become cases, shared as packs without personal data."""

from __future__ import annotations

import json

import pytest

from popguide.guide.plan import build_plan
import yaml

from popguide.cases import CaseError
from popguide.repository import CaseRepository
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


# -- moving in: the YAML cases from before the repository ------------------------------------
def _yaml_bytes(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_cases_from_before_the_upgrade_are_moved_in_once_and_the_yaml_is_left_alone(two_cases, tmp_path_factory,
                                                                                     monkeypatch, capsys):
    data, a, b = two_cases
    old_imported = data / "cases"
    old_imported.mkdir()
    (old_imported / "from-wirral.yaml").write_text(yaml.safe_dump(
        {"id": "wirral-1", "title": "Bikes on the prom", "outcome": "Worked", "scenario_id": "off-road-bikes",
         "description": "scramblers along the promenade", "responses": ["Barriers"]}))
    shared = tmp_path_factory.mktemp("force-share")
    (shared / "pack.yaml").write_text(yaml.safe_dump({"popguide_case_pack": 1, "cases": [
        {"id": f"force-{n}", "title": f"Force case {n}", "outcome": "Partly worked", "scenario_id": "graffiti-damage",
         "description": "tags on the bridge"} for n in range(3)] + [
        {"id": a.session.id, "title": "an older copy of our own case", "outcome": "Did not work"}]}))
    (shared / "broken.yaml").write_text("id: [unclosed\n")
    monkeypatch.setenv("POPGUIDE_CASES", str(shared))
    before = _yaml_bytes(data) | _yaml_bytes(shared)

    repo = CaseRepository(SessionStore(data))
    ids = {c.id for c in repo.all()}
    assert ids == {a.session.id, b.session.id, "wirral-1", "force-0", "force-1", "force-2"}
    assert repo.search(scenario_id="off-road-bikes", text="promenade")[0].origin == "imported"
    assert next(c for c in repo.all() if c.id == a.session.id).title == a.session.display_title  # own copy wins
    assert len(repo.problems) == 1 and "broken.yaml" in repo.problems[0]
    assert repo.local_path.exists()
    assert _yaml_bytes(data) | _yaml_bytes(shared) == before  # nothing moved, nothing rewritten

    again = CaseRepository(SessionStore(data))
    assert sorted(c.id for c in again.all()) == sorted(ids)  # a second start adds nothing twice
    (shared / "later.yaml").write_text(yaml.safe_dump(
        {"id": "force-9", "title": "Later", "outcome": "Worked", "scenario_id": "graffiti-damage"}))
    assert {c.id for c in CaseRepository(SessionStore(data)).all()} == ids | {"force-9"}
    assert main(["--data-dir", str(data), "repository", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["cases"] == 7 and info["by_origin"]["own"] == 2 and info["by_origin"]["imported"] == 1


def test_own_cases_follow_their_sessions(two_cases):
    data, a, b = two_cases
    store = SessionStore(data)
    assert len(CaseRepository(store).all()) == 2
    store.delete(b.session.id)
    reopened = store.load(a.session.id)
    reopened.outcome, reopened.case = None, None
    store.save(reopened)
    assert CaseRepository(store).all() == []


def test_a_session_closed_while_the_repository_is_open_is_a_case_straight_away(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    assert ws.cases.similar(["off-road-bikes"], "bikes") == []  # opens the repository
    g = ws.guide(Session())
    g.respond("lads on scramblers tearing round the playing fields")
    g.respond("1")
    complete(g, {"review": "2026-01-05"}, stop_at="after_counts")
    g = ws.open(g.session.id)  # the review date has come
    complete(g, {"after_counts": "22, 95, 28"})
    assert g.session.outcome
    [case] = ws.cases.similar(["off-road-bikes"], "scramblers on the fields")
    assert case.id == g.session.id and case.area == "Croxteth Park playing fields"
    assert ws.cases.record_closed(g.session).id == g.session.id
    assert len(ws.cases.all()) == 1


def test_a_new_user_with_no_configuration_finds_the_cases_from_before(two_cases, tmp_path_factory):
    """`popguide` with nothing set: the platform's data folder, the embedded repository, the old cases in it."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    data, a, b = two_cases
    home = tmp_path_factory.mktemp("home")
    default = home / ".local" / "share" / "popguide"
    shutil.copytree(data, default)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POPGUIDE_") and k != "XDG_DATA_HOME"}
    env["HOME"] = str(home)
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-m", "popguide", "cases", "--json"], env=env, cwd=root,
                         capture_output=True, text=True, check=True)
    assert sorted(c["id"] for c in json.loads(run.stdout)) == sorted([a.session.id, b.session.id])
    assert (default / "repository.sqlite3").exists()
