"""What the screen shows, compared with reviewed SVG snapshots (pytest --snapshot-update to accept)."""

from __future__ import annotations

from pathlib import Path

import pytest

from popguide.library import load_dirs
from popguide.session import Session
from popguide.tui.app import PopguideApp
from popguide.workspace import Workspace

FIXED = "2026-11-20T09:30:00+00:00"
# A small fixed library, so that editing the built-in content does not move these screens.
LIBRARY = load_dirs([Path(__file__).parent / "fixtures" / "mini"])


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """The answer box's cursor blinks every 0.5 s: held on, so a screenshot does not depend on the moment."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


async def open_first_session(pilot) -> None:
    """Open the first saved session and wait until the answer box has the focus (a slow machine takes longer)."""
    from textual.widgets import Input

    await pilot.press("tab", "enter")
    for _ in range(100):
        if isinstance(pilot.app.focused, Input):
            break
        await pilot.pause(0.05)
    await pilot.pause()


def workspace(tmp_path) -> Workspace:
    return Workspace(data_dir=tmp_path, library=LIBRARY)


def saved_session(tmp_path, answers: list[str]) -> Session:
    ws = workspace(tmp_path)
    g = ws.guide(Session(id="20261120-093000-abcd", created=FIXED))
    for a in answers:
        g.respond(a)
    g.session.updated = FIXED
    ws.store.save(g.session, touch=False)
    return g.session


ANALYSIS = ["shopping trolleys dumped in the brook behind the supermarket every week", "1", "people using the brook path",
            "about 20 trolleys a month, council reports", "yes", "same store, same stretch of brook", "yes", "2",
            "walkers and the brook itself"]


def test_start_screen(snap_compare, tmp_path):
    saved_session(tmp_path, ANALYSIS)
    assert snap_compare(PopguideApp(workspace(tmp_path)), terminal_size=(100, 30))


def test_session_in_analysis(snap_compare, tmp_path):
    saved_session(tmp_path, ANALYSIS)
    app = PopguideApp(workspace(tmp_path))
    assert snap_compare(app, run_before=open_first_session, terminal_size=(100, 30))


def test_session_in_analysis_at_80x24(snap_compare, tmp_path):
    saved_session(tmp_path, ANALYSIS)
    app = PopguideApp(workspace(tmp_path))
    assert snap_compare(app, run_before=open_first_session, terminal_size=(80, 24))


def test_library_browser(snap_compare, tmp_path):
    app = PopguideApp(workspace(tmp_path))

    async def open_library(pilot):
        app.action_library("abandoned-trolleys")
        await pilot.pause()

    assert snap_compare(app, run_before=open_library, terminal_size=(100, 30))


def test_assessment_with_chart(snap_compare, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import complete

    ws = workspace(tmp_path)
    g = ws.guide(Session(id="20261120-093000-beef", created=FIXED))
    g.respond("shopping trolleys dumped in the brook behind the supermarket every week")
    g.respond("1")
    complete(g, {"review": "2026-01-05", "baseline": "40, 100, 30"}, stop_at="after_counts")
    g = workspace(tmp_path).open(g.session.id)
    complete(g, {"after_counts": "22, 95, 28"}, stop_at="outcome")
    g.session.updated = FIXED
    ws.store.save(g.session, touch=False)
    app = PopguideApp(workspace(tmp_path))
    assert snap_compare(app, run_before=open_first_session, terminal_size=(100, 40))
