"""The closed-session-to-similar-case path in the app, driven with Pilot, on both back ends."""

from __future__ import annotations

from textual.widgets import Static

from popguide.session import Session
from popguide.tui.app import PopguideApp
from popguide.tui.screens.session import SessionScreen
from popguide.workspace import Workspace

from conftest import complete

SIZE = (120, 40)
NEW_PROBLEM = "kids on scrambler bikes racing across the park in the evenings"


def close_a_session(data_dir) -> Session:
    ws = Workspace(data_dir=data_dir)
    g = ws.guide(Session(title="Scramblers on Croxteth fields"))
    g.respond("lads on scramblers tearing round the playing fields, the fence is down")
    g.respond("1")
    complete(g, {"review": "2026-01-05"}, stop_at="after_counts")
    g = Workspace(data_dir=data_dir).open(g.session.id)
    complete(g, {"after_counts": "22, 95, 28", "lessons": "Fix the fence before anything else."})
    assert g.session.outcome
    return g.session


async def past_cases_shown(app) -> tuple[str, str]:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # "Start a new session"
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        app.screen.query_one("#answer").value = NEW_PROBLEM
        await pilot.press("enter")
        await pilot.pause()
        panel = str(app.screen.query_one("#cases", Static).render())
        transcript = "\n".join(getattr(w, "_markdown", "") for w in app.screen.query("GuideTurn"))
        return panel, transcript


async def test_a_closed_session_is_shown_as_a_past_case_from_the_embedded_repository(tmp_path):
    closed = close_a_session(tmp_path)
    panel, transcript = await past_cases_shown(PopguideApp(Workspace(data_dir=tmp_path)))
    assert closed.title in panel and "Worked" in panel
    assert "Similar past cases" in transcript and "Fix the fence" in transcript
    assert (tmp_path / "repository.sqlite3").exists()


async def test_a_published_case_is_shown_to_another_officer_from_postgresql(tmp_path, pg_url):
    mine = tmp_path / "mine"
    closed = close_a_session(mine)
    Workspace(data_dir=mine, repository=pg_url).cases.publish(closed, "Anfield NPT")
    theirs = tmp_path / "theirs"  # another officer: nothing of their own yet
    panel, transcript = await past_cases_shown(PopguideApp(Workspace(data_dir=theirs, repository=pg_url)))
    assert closed.title in panel
    assert "Similar past cases" in transcript and "Fix the fence" in transcript


async def test_an_unreachable_shared_repository_leaves_the_local_cases_in_the_app(tmp_path):
    closed = close_a_session(tmp_path)
    ws = Workspace(data_dir=tmp_path, repository="postgresql://nobody@127.0.0.1:1/force")
    panel, _ = await past_cases_shown(PopguideApp(ws))
    assert closed.title in panel
    assert len(ws.cases.problems) == 1 and "cannot reach" in ws.cases.problems[0]
