"""The terminal app driven with keys through Textual's Pilot, checked on screen and on disk."""

from __future__ import annotations


from popguide.store import SessionStore
from popguide.tui.app import PopguideApp
from popguide.tui.commands import LibraryCommands
from popguide.tui.screens.browser import LibraryScreen
from popguide.tui.screens.session import SessionScreen
from popguide.tui.screens.start import StartScreen
from popguide.tui.widgets.side_panel import MatchList
from popguide.tui.widgets.transcript import GuideTurn
from popguide.workspace import Workspace

from conftest import PLAN_ANSWERS

SIZE = (100, 30)


def make_app(tmp_path) -> PopguideApp:
    return PopguideApp(Workspace(data_dir=tmp_path))


async def answer(pilot, text: str) -> None:
    box = pilot.app.screen.query_one("#answer")
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def transcript_text(screen) -> str:
    parts = []
    for w in screen.query("GuideTurn, UserTurn"):
        parts.append(w._markdown if isinstance(w, GuideTurn) else str(w.render()))
    return "\n".join(parts)


async def test_new_session_from_description_to_exported_plan_by_keyboard(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")  # "Start a new session"
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await answer(pilot, "lads on scramblers tearing round the playing fields every evening")
        screen = app.screen
        assert "This sounds most like" in transcript_text(screen)
        matches = screen.query_one(MatchList)
        assert matches.get_option_at_index(0).id == "off-road-bikes"
        await answer(pilot, "1")
        for _ in range(80):
            if screen.guide.current is None:
                break
            await answer(pilot, PLAN_ANSWERS.get(screen.guide.current.id.split(":")[0], "ok"))
        assert screen.guide.finished
        assert "Plan complete" in transcript_text(screen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("enter")  # the export dialog's first choice: the HTML plan
        await pilot.pause()
        exported = tmp_path / "exports" / app.workspace.export_name(screen.guide, "html")
        assert exported.exists() and "Problem-solving plan" in exported.read_text()
        assert str(exported) in transcript_text(screen)
    saved = SessionStore(tmp_path).load(screen.guide.session.id)
    assert saved.stage == "done" and saved.scenario_id == "off-road-bikes"
    assert saved.entries[0].text.startswith("lads on scramblers")


async def test_back_puts_the_previous_answer_back_in_the_box(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "teenagers hanging round the shops giving staff abuse")
        await answer(pilot, "1")
        await answer(pilot, "shop staff")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.query_one("#answer").value == "shop staff"
        assert app.screen.guide.current.id == "harm"


async def test_up_arrow_recalls_earlier_answers(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, "/help")
        await pilot.press("up")
        assert app.screen.query_one("#answer").value == "/help"


async def test_saved_session_is_listed_and_resumes_with_its_answers(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide()
    for text in ["scramblers on the playing fields", "1", "families"]:
        g.respond(text)
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        sessions = app.screen.query_one("#sessions")
        assert sessions.get_option_at_index(0).id == g.session.id
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        text = transcript_text(app.screen)
        assert "scramblers on the playing fields" in text and "families" in text
        assert app.screen.guide.current.id == "frequency"


async def test_library_browser_filters_and_shows_detail(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        app.screen.query_one("#filter").value = "cuckooing"
        await pilot.pause()
        items = app.screen.query_one("#items")
        assert items.get_option_at_index(0).id == "cuckooing"


async def test_command_palette_finds_partners_and_terms(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE):
        provider = LibraryCommands(app.screen)
        labels = [hit.text async for hit in provider.search("community protection notice")]
        assert any(str(label).startswith("Glossary:") for label in labels)
        labels = [str(hit.text) async for hit in provider.search("victim support")]
        assert any(label.startswith("Partner:") for label in labels)


async def test_f1_opens_help(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert "How popguide works" in app.screen.query_one("Markdown")._markdown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_trainee_completes_an_exercise_in_the_app(tmp_path):
    from popguide.tui.screens.training import TrainingScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_training("ex-riverside-bikes")
        await pilot.pause()
        assert isinstance(app.screen, TrainingScreen)
        app.screen.query_one("#trainee").value = "PC 4521"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and "Exercise:" in transcript_text(screen)
        await answer(pilot, "scramblers racing across Riverside Park every evening")
        for _ in range(80):
            if screen.guide.current is None:
                break
            await answer(pilot, PLAN_ANSWERS.get(screen.guide.current.id.split(":")[0], "ok"))
        text = transcript_text(screen)
        assert text.count("Feedback on") == 4 and "Your score:" in text
    [result] = list((tmp_path / "training").glob("ex-riverside-bikes--*.yaml"))
    assert "4521" not in result.name and "PC 4521" in result.read_text()


async def test_adviser_starts_a_meeting_and_answers_are_attributed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_adviser_session()
        await pilot.pause()
        app.screen.query_one("#people").value = "Sam Jones (Police); Ali Khan (Housing); Jo Reid (Adult social care)"
        app.screen.query_one("#boxes").value = "10, 20, 20, 10"
        app.screen.query_one("#boxes").focus()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and len(screen.guide.session.participants) == 3
        await pilot.press("f3")
        await pilot.pause()
        await answer(pilot, "dealers have taken over a vulnerable man's flat")
        first_answer = next(e for e in screen.guide.session.entries if not e.question.startswith("@"))
        assert first_answer.by == "Sam Jones"
        meeting = str(screen.query_one("#meeting").render())
        assert "Sam Jones" in meeting and "left" in meeting
