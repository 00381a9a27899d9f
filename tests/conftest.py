"""Shared fixtures: an isolated environment and a small library to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Tests never read or write the user's own library overlays or sessions."""
    monkeypatch.delenv("POPGUIDE_LIBRARY", raising=False)
    monkeypatch.delenv("POPGUIDE_CASES", raising=False)
    monkeypatch.delenv("POPGUIDE_REPOSITORY", raising=False)
    monkeypatch.delenv("POPGUIDE_TEAM", raising=False)
    monkeypatch.setenv("POPGUIDE_DATA", str(tmp_path / "data"))


@pytest.fixture
def mini_library(tmp_path) -> Path:
    """A copy of the small test library that a test may edit or break."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


#: A plausible answer for every question of the built-in script, by question id.
PLAN_ANSWERS = {
    "confirm": "1", "harm": "families and dog walkers", "frequency": "about 40 calls since August on the CAD", "recurring": "yes",
    "similarity": "same fields, same evenings", "expectation": "yes", "goal": "2",
    "victim": "dog walkers", "offender": "about 8 riders aged 15-19", "place": "gaps in the fence by the railway",
    "guardian": "nobody watching", "handler": "parents unaware", "manager": "council parks own the land",
    "data": "1 2", "hypothesis": "easy access through the broken fence", "responses": "1 2", "conflicts": "1",
    "actions": "ok by 1/3/2027", "extra": "no", "measures": "1 2", "target_area": "Croxteth Park playing fields",
    "comparison_area": "Sefton Park", "buffer_area": "streets within 500 m", "baseline_period": "1/8/2026 to 31/10/2026",
    "baseline": "40, 100, 30", "crime_type": "1", "review": "12 weeks",
    "after_counts": "22, 95, 28", "after_period": "1/12/2026 to 28/2/2027", "hours": "120", "hourly_rate": "40",
    "other_costs": "2500", "outcome": "1", "lessons": "Barriers first, then enforcement for those who kept riding.",
}


def complete(guide, overrides: dict | None = None, stop_at: str | None = None):
    """Answer questions until the guide has no more (or reaches ``stop_at``)."""
    answers = {**PLAN_ANSWERS, **(overrides or {})}
    for _ in range(200):
        q = guide.current
        if q is None or q.id == stop_at:
            return guide
        guide.respond(answers.get(q.id.split(":")[0], "ok"))
    raise AssertionError("the conversation did not finish")


# -- a real PostgreSQL server for the learning repository's tests ---------------------
@pytest.fixture(scope="session")
def pg_server():
    """One throwaway server for the run (initdb + pg_ctl on a free port); skipped with the reason if impossible."""
    import pgserver

    reason = pgserver.why_unavailable()
    if reason:
        pytest.skip(reason)
    server = pgserver.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, request):
    """A fresh, empty database on that server, by URL."""
    import re

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + f"_{id(request) % 100000}"
    return pg_server.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def repo_url(request, tmp_path):
    """The address of an empty shared repository on each back end."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite3")
    return request.getfixturevalue("pg_url")
