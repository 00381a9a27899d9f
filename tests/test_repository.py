"""The learning repository's database: the same answers from SQLite and a real PostgreSQL server.

``repo_url`` runs each test on an empty SQLite file and on a fresh database of
a throwaway PostgreSQL server (skipped, with the reason, where PostgreSQL is
not installed). No mocks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from popguide.cases import Case, CaseError, read_cases_file
from popguide.cli import main
from popguide.repository import CaseRepository, Filters, RepositoryError, open_backend
from popguide.repository.backend import migrations
from popguide.session import Entry, Session
from popguide.store import SessionStore

ROOT = Path(__file__).resolve().parent.parent


def make_case(n: int, **overrides) -> Case:
    kinds = [("off-road-bikes", "Off-road motorbikes", "lads on scramblers tearing round the playing fields by the fence"),
             ("graffiti-damage", "Graffiti and criminal damage", "tags sprayed on the underpass and shop shutters"),
             ("off-road-bikes", "Off-road motorbikes", "quad bikes churning up the moor at weekends")]
    sid, stitle, description = kinds[n % 3]
    values = dict(id=f"case-{n:04d}", title=f"Problem {n}", outcome=["Worked", "Partly worked", "Did not work"][n % 3],
                  scenario_id=sid, scenario_title=stitle, description=description,
                  responses=["Barriers at the gates", "Dispersal order"] if n % 3 != 1 else ["Rapid removal"],
                  lessons="Barriers first." if n % 3 == 0 else "Too slow.", closed=f"2026-{1 + n % 12:02d}-15",
                  area=["Croxteth Park", "Kensington underpass", "Rivington Moor"][n % 3])
    values.update(overrides)
    return Case(**values)


def closed_session(n: int, **case_overrides) -> Session:
    case = make_case(n, **case_overrides)
    record = case.to_dict()
    record["id"] = f"20260101-0000{n:02d}-beef"
    return Session(id=record["id"], title=case.title, outcome=case.outcome, closed=case.closed, case=record,
                   scenario_id=case.scenario_id)


# -- schema -------------------------------------------------------------------------
def test_migrations_are_the_same_versions_on_both_back_ends_and_run_once(repo_url):
    sqlite_versions = [(m.version, m.name) for m in migrations("sqlite")]
    assert sqlite_versions == [(m.version, m.name) for m in migrations("postgresql")]
    assert [v for v, _ in sqlite_versions] == list(range(1, len(sqlite_versions) + 1))
    backend = open_backend(repo_url, migrate=False)
    assert backend.schema_version() == 0
    applied = backend.migrate()
    assert [(m.version, m.name) for m in applied] == sqlite_versions
    assert backend.schema_version() == backend.latest_version == len(sqlite_versions)
    assert backend.migrate() == []  # a second start applies nothing
    assert backend.check() == []
    backend.close()


def test_a_later_migration_carries_the_cases_already_stored(repo_url):
    backend = open_backend(repo_url, migrate=False)
    first, *later = migrations(backend.kind)
    backend._apply([first])  # a repository made by an earlier popguide
    backend.add([make_case(n) for n in range(9)])
    assert backend.schema_version() == 1
    assert [m.version for m in backend.migrate()] == [m.version for m in later]
    assert backend.stats()["by_scenario"]["Off-road motorbikes"]["cases"] == 6
    assert backend.stats()["by_response"]["Rapid removal"]["used"] == 3
    assert backend.check() == []


def test_both_schemas_have_the_same_tables_and_columns(tmp_path, pg_url):
    lite = open_backend(str(tmp_path / "r.sqlite3"))
    pg = open_backend(pg_url)

    def sqlite_columns(table):
        return {r[1] for r in lite._execute(f"PRAGMA table_info({table})")}

    def pg_columns(table):
        return {r[0] for r in pg._execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                                          (table,))}
    for table in ("cases", "responses", "case_responses", "sources", "schema_migrations", "outcome_counts",
                  "response_counts"):
        assert sqlite_columns(table), table
        # PostgreSQL keeps its search vectors as columns; SQLite keeps them in the FTS5 table
        assert pg_columns(table) - {"search", "area_search"} == sqlite_columns(table), table


def test_migrations_started_by_many_processes_at_once_apply_once(repo_url):
    code = ("import sys; from popguide.repository import open_backend; b = open_backend(sys.argv[1]); "
            "print(b.schema_version()); b.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, repo_url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    backend = open_backend(repo_url, migrate=False)
    rows = backend._execute("SELECT version FROM schema_migrations")
    assert sorted(r[0] for r in rows) == [m.version for m in migrations(backend.kind)]


# -- the same answers on both back ends ---------------------------------------------------
@pytest.fixture
def filled(repo_url):
    backend = open_backend(repo_url)
    assert backend.add([make_case(n) for n in range(30)]) == (30, 0)
    yield backend
    backend.close()


def test_adding_the_same_cases_twice_stores_them_once(filled):
    assert filled.add([make_case(n) for n in range(25, 35)]) == (5, 5)
    assert filled.count() == 35
    assert filled.get("case-0027").title == "Problem 27"


def test_a_large_batch_stores_new_cases_once_with_their_responses(filled):
    assert filled.add([make_case(n) for n in range(20, 200)]) == (170, 10)
    assert filled.count() == 200
    figures = filled.stats()
    assert figures["cases"] == 200
    assert figures["by_response"]["Rapid removal"]["used"] == len(range(1, 200, 3))
    assert [c.responses for c in filled.search(Filters(text="underpass"), limit=1)] == [["Rapid removal"]]
    assert filled.check() == []


def test_search_by_words_scenario_outcome_response_area_and_date(filled):
    def ids(**kw):
        return sorted(c.id for c in filled.search(Filters(**kw)))

    bikes = sorted(f"case-{n:04d}" for n in range(30) if n % 3 != 1)
    assert ids(text="bikes") == [f"case-{n:04d}" for n in range(30) if n % 3 == 2]  # "quad bikes"
    assert ids(text="scramblers fence") == [f"case-{n:04d}" for n in range(0, 30, 3)]
    assert ids(text="scrambler") == ids(text="scramblers")  # any form of a word
    assert ids(text="shutter") == [f"case-{n:04d}" for n in range(1, 30, 3)]
    assert ids(text="barriers gates shutters") == []  # every word must be there
    assert ids(scenario_id="off-road-bikes") == bikes
    assert ids(outcome="did not work") == [f"case-{n:04d}" for n in range(30) if n % 3 == 2]
    assert ids(response="dispersal") == bikes
    assert ids(response="removal", outcome="Partly worked") == [f"case-{n:04d}" for n in range(30) if n % 3 == 1]
    assert ids(area="croxteth") == [f"case-{n:04d}" for n in range(0, 30, 3)]
    assert ids(area="moor rivington") == [f"case-{n:04d}" for n in range(2, 30, 3)]
    assert ids(since="2026-11-01") == sorted(f"case-{n:04d}" for n in range(30) if 1 + n % 12 >= 11)
    assert ids(since="2026-03-01", until="2026-03-31") == sorted(f"case-{n:04d}" for n in range(30) if n % 12 == 2)
    latest = filled.search(Filters(), limit=3)
    assert [c.closed for c in latest] == sorted((c.closed for c in filled.search(Filters())), reverse=True)[:3]
    with pytest.raises(RepositoryError, match="not one of"):
        filled.search(Filters(outcome="brilliant"))
    with pytest.raises(RepositoryError, match="not a date"):
        filled.search(Filters(since="last week"))


def test_search_survives_punctuation_and_quotes(filled):
    assert filled.search(Filters(text='"bikes" (moor)! * - :')) == filled.search(Filters(text="bikes moor"))


def test_similar_cases_come_from_the_matched_problem_closest_first(filled):
    found = filled.similar_scored(["off-road-bikes", "graffiti-damage"], "quad bikes racing over the moor",
                                  exclude="case-0002", limit=3)
    assert [c.scenario_id for _, _, c in found] == ["off-road-bikes"] * 3
    assert "quad bikes" in found[0][2].description and found[0][2].id != "case-0002"
    assert found[0][1] >= found[-1][1]
    graffiti = filled.similar_scored(["graffiti-damage"], "spray paint tags", limit=2)
    assert [c.scenario_id for _, _, c in graffiti] == ["graffiti-damage"] * 2
    assert filled.similar_scored(["no-such-problem"], "anything at all") == []


def test_stats_by_problem_and_by_response(filled):
    figures = filled.stats()
    assert figures["cases"] == 30
    assert figures["by_scenario"]["Off-road motorbikes"] == {
        "Worked": 10, "Partly worked": 0, "Did not work": 10, "Too early to say": 0, "cases": 20}
    assert figures["by_response"]["Dispersal order"] == {"used": 20, "worked": 10, "partly": 0}
    assert figures["by_response"]["Rapid removal"] == {"used": 10, "worked": 0, "partly": 10}


def test_replacing_a_case_updates_its_responses_and_search(filled):
    filled.add([make_case(0, outcome="Did not work", responses=["CCTV"], description="cameras by the canal")],
               replace=True)
    assert filled.get("case-0000").outcome == "Did not work"
    assert [c.id for c in filled.search(Filters(text="canal"))] == ["case-0000"]
    assert "case-0000" not in [c.id for c in filled.search(Filters(text="scramblers"))]
    assert filled.stats()["by_response"]["CCTV"] == {"used": 1, "worked": 0, "partly": 0}
    assert filled.stats()["by_response"]["Dispersal order"]["used"] == 19
    assert filled.remove(["case-0000"]) == 1 and filled.get("case-0000") is None
    assert filled.check() == []


# -- packs and the command line --------------------------------------------------------
def test_pack_import_twice_adds_nothing_twice_and_a_bad_pack_adds_nothing(repo_url, tmp_path, capsys):
    pack = tmp_path / "pack.yaml"
    CaseRepository(SessionStore(tmp_path / "d")).export_pack(pack, cases=[make_case(n) for n in range(12)])
    base = ["--data-dir", str(tmp_path / "d"), "--repository", repo_url]
    assert main([*base, "cases", "import", str(pack)]) == 0
    assert "Imported 12 case(s); 0 already there" in capsys.readouterr().out
    assert main([*base, "cases", "import", str(pack)]) == 0
    assert "Imported 0 case(s); 12 already there" in capsys.readouterr().out
    bad = yaml.safe_load(pack.read_text())
    bad["cases"].append({"id": "case-new", "title": "New"})  # no outcome
    bad["cases"][0]["id"] = "case-fresh"
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(bad))
    assert main([*base, "cases", "import", str(tmp_path / "bad.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cases[12].outcome" in err and "bad.yaml" in err
    assert main([*base, "cases", "--limit", "0", "--json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    assert len(stored) == 12 and {c["origin"] for c in stored} == {"imported"}
    assert main([*base, "cases", "--search", "quad moor", "--outcome", "did not work", "--json"]) == 0
    assert sorted(c["id"] for c in json.loads(capsys.readouterr().out)) == ["case-0002", "case-0005", "case-0008", "case-0011"]
    assert main([*base, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cases"] == 12
    out = tmp_path / "again.yaml"
    assert main([*base, "cases", "export", "--response", "removal", "-o", str(out)]) == 0
    assert sorted(c.id for c in read_cases_file(out)) == [f"case-{n:04d}" for n in range(1, 12, 3)]


def test_repository_migrate_check_info(repo_url, tmp_path, capsys):
    base = ["--data-dir", str(tmp_path / "d"), "repository", "--repository", repo_url]
    assert main([*base, "check"]) == 1
    assert "version 0 of 2" in capsys.readouterr().err
    assert main([*base, "migrate"]) == 0
    assert "applied 0001 cases, 0002 counts" in capsys.readouterr().out
    assert main([*base, "migrate"]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert main([*base, "check"]) == 0
    assert "OK:" in capsys.readouterr().out
    assert main([*base, "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["schema_version"] == 2 and info["cases"] == 0 and info["backend"] in ("sqlite", "postgresql")


def test_check_finds_counts_that_no_longer_match_the_cases(filled, repo_url, tmp_path, capsys):
    filled._execute("UPDATE outcome_counts SET n = n + 5 WHERE outcome = 'Worked'")
    assert main(["--data-dir", str(tmp_path), "repository", "--repository", repo_url, "check"]) == 1
    assert "stats counts do not match" in capsys.readouterr().err


def test_unreachable_repository_is_one_line_and_the_local_one_carries_on(tmp_path, capsys):
    data = tmp_path / "d"
    store = SessionStore(data)
    session = closed_session(3)
    store.save(session)
    url = "postgresql://nobody@127.0.0.1:1/nothing"
    assert main(["--data-dir", str(data), "--repository", url, "cases", "--json"]) == 0
    captured = capsys.readouterr()
    assert [c["id"] for c in json.loads(captured.out)] == [session.id]
    warning = captured.err.strip()
    assert len(warning.splitlines()) == 1 and "cannot reach the repository" in warning and "local" in warning
    repo = CaseRepository(store, url=url)
    assert [c.id for c in repo.similar(["off-road-bikes"], "scramblers by the fence")] == [session.id]
    assert len(repo.problems) == 1
    assert main(["--data-dir", str(data), "repository", "--repository", url, "info"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_messages_never_show_a_password():
    from popguide.repository.postgres import safe_location

    assert safe_location("postgresql://officer:s3cret@db.force.local:5432/cases") == \
        "postgresql://officer:***@db.force.local:5432/cases"


def test_a_bad_repository_address_is_one_line(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "--repository", "mysql://x/y", "stats"]) in (0, 2)
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "postgresql://" in err


# -- publishing ---------------------------------------------------------------------------
def test_publishing_masks_personal_data_records_the_team_and_never_the_notes(repo_url, tmp_path, capsys):
    data = tmp_path / "d"
    session = closed_session(0, description="Sam Jones rang from 07700 900123 about bikes, reg AB12 CDE, "
                                            "Mr Peter Hale dob 12/03/1961 of 14 Acacia Avenue, Liverpool L4 0TH",
                             lessons="Ask Sam early.")
    session.participants = [{"name": "Sam Jones", "agency": "Police"}]
    session.notes = [{"text": "PRIVATE: the informant is the neighbour at number 16", "by": "Sam Jones"}]
    session.entries = [Entry("describe", "bikes", by="Sam Jones")]
    SessionStore(data).save(session)
    base = ["--data-dir", str(data), "--repository", repo_url]
    assert main([*base, "cases", "publish", session.id[:12], "--team", "Anfield NPT"]) == 2  # no --yes, no terminal
    out = capsys.readouterr()
    assert "[phone number removed]" in out.out and "needs confirmation" in out.err
    assert open_backend(repo_url).count() == 0  # nothing sent before the officer agrees
    assert main([*base, "cases", "publish", session.id, "--team", "Anfield NPT", "--yes"]) == 0
    printed = capsys.readouterr().out
    assert "Masked:" in printed and "name" in printed
    backend = open_backend(repo_url)
    [shared] = backend.search(Filters())
    assert shared.team == "Anfield NPT" and shared.origin == "published"
    everything = json.dumps(backend._execute("SELECT * FROM cases"), default=str)
    for secret in ("07700 900123", "AB12 CDE", "12/03/1961", "14 Acacia Avenue", "Sam", "Jones", "Peter Hale",
                   "PRIVATE", "informant", "number 16"):
        assert secret not in everything, secret
    assert "bikes" in shared.description
    assert main([*base, "cases", "publish", session.id, "--team", "Anfield NPT", "--yes"]) == 0  # again: updated
    assert backend.count() == 1


def test_an_open_session_cannot_be_published(tmp_path, repo_url, capsys):
    session = Session(title="Still going")
    SessionStore(tmp_path).save(session)
    assert main(["--data-dir", str(tmp_path), "--repository", repo_url, "cases", "publish", session.id,
                 "--team", "X", "--yes"]) == 2
    assert "not closed yet" in capsys.readouterr().err


def test_publishing_needs_a_shared_repository_and_a_team(tmp_path, capsys):
    SessionStore(tmp_path).save(session := closed_session(1))
    assert main(["--data-dir", str(tmp_path), "cases", "publish", session.id, "--team", "X", "--yes"]) == 2
    assert "no shared repository" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "--repository", str(tmp_path / "s.db"), "cases", "publish",
                 session.id, "--yes"]) == 2
    assert "--team" in capsys.readouterr().err


# -- concurrency ------------------------------------------------------------------------------
PUBLISHER = """
import sys
from popguide.repository import CaseRepository
from popguide.session import Session
from popguide.store import SessionStore
url, worker, count, data = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
repo = CaseRepository(SessionStore(data), url=url)
for n in range(count):
    sid = f"w{worker:02d}-{n:03d}"
    case = {"id": sid, "title": f"Case {sid}", "outcome": "Worked", "scenario_id": "off-road-bikes",
            "description": "bikes on the field", "responses": ["Barriers", f"Response {n % 7}"], "closed": "2026-05-01"}
    repo.publish(Session(id=sid, outcome="Worked", case=case), team=f"Team {worker}")
assert not repo.problems, repo.problems
"""


def _run_publishers(url: str, workers: int, each: int, data: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", PUBLISHER, url, str(w), str(each), str(data / f"w{w}")],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for w in range(workers)]
    failures = [err for p in procs for _, err in [p.communicate(timeout=300)] if p.returncode != 0]
    assert not failures, failures[0][-2000:]


def _assert_all_stored_once(url: str, workers: int, each: int) -> None:
    backend = open_backend(url)
    rows = backend._execute("SELECT id FROM cases")
    assert len(rows) == workers * each
    assert {r[0] for r in rows} == {f"w{w:02d}-{n:03d}" for w in range(workers) for n in range(each)}
    figures = backend.stats()
    assert figures["by_response"]["Barriers"]["used"] == workers * each
    assert len(backend._execute("SELECT title FROM responses")) == 8  # each title once, whoever wrote it first
    assert backend.check() == []


def test_twenty_processes_publishing_to_postgresql_lose_and_duplicate_nothing(pg_url, tmp_path):
    _run_publishers(pg_url, 20, 100, tmp_path)
    _assert_all_stored_once(pg_url, 20, 100)


def test_four_processes_publishing_to_one_sqlite_file_lose_and_duplicate_nothing(tmp_path):
    url = str(tmp_path / "shared.sqlite3")
    _run_publishers(url, 4, 100, tmp_path)
    _assert_all_stored_once(url, 4, 100)


def test_the_same_pack_imported_by_several_processes_at_once_is_stored_once(repo_url, tmp_path):
    pack = tmp_path / "pack.yaml"
    CaseRepository(SessionStore(tmp_path / "d")).export_pack(pack, cases=[make_case(n) for n in range(300)])
    code = ("import sys; from pathlib import Path; from popguide.repository import CaseRepository; "
            "from popguide.store import SessionStore; "
            "print(CaseRepository(SessionStore(sys.argv[3]), url=sys.argv[1]).import_pack(Path(sys.argv[2])))")
    procs = [subprocess.Popen([sys.executable, "-c", code, repo_url, str(pack), str(tmp_path / f"d{i}")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    results = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [r[1][-1000:] for r in results]
    added = [eval(out)[0] for out, _ in results]  # (new, already there) per process
    assert sum(added) == 300
    assert open_backend(repo_url).count() == 300


def test_case_error_names_the_pack_line(tmp_path):
    (tmp_path / "p.yaml").write_text("popguide_case_pack: 1\ncases: [\n")
    with pytest.raises(CaseError, match=r"p.yaml:\d+: not valid YAML"):
        read_cases_file(tmp_path / "p.yaml")
