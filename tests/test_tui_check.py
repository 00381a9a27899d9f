"""Ctrl+K in the app: the plan check as a list; choosing a finding reopens its question, then the officer is back."""

from __future__ import annotations

from popguide.tui.app import PopguideApp
from popguide.tui.screens.check import CheckScreen, ExportDialog
from popguide.tui.screens.session import SessionScreen
from popguide.workspace import Workspace

from conftest import PLAN_ANSWERS
from test_tui import SIZE, answer, transcript_text


async def to_question(pilot, screen, stop: str, overrides: dict) -> None:
    for _ in range(80):
        q = screen.guide.current
        if q is None or q.id == stop:
            return
        key = q.id.split(":")[0]
        await answer(pilot, overrides.get(key, PLAN_ANSWERS.get(key, "ok")))


async def test_ctrl_k_lists_findings_and_jumping_to_one_comes_back_where_the_officer_was(tmp_path):
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # start a new session
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await answer(pilot, "lads on scramblers tearing round the playing fields every evening")
        await answer(pilot, "1")
        # harm skipped, and a name with a phone number in the similarity answer: two findings on two questions,
        # and the skipped harm question also leaves CHEERS short (two findings on one question)
        await to_question(pilot, screen, "guardian", {"harm": "/skip", "frequency": "/skip",
                                                      "similarity": "Mrs Jones sees them, 07700 900123"})
        assert screen.guide.current.id == "guardian"

        await pilot.press("ctrl+k")
        await pilot.pause()
        check = app.screen
        assert isinstance(check, CheckScreen)
        first = check.result.findings[0]
        assert first.question == "harm" and "Skipped" in first.finding
        await pilot.press("enter")  # the first finding: the skipped harm question
        await pilot.pause()
        assert app.screen is screen
        assert screen.guide.current.id == "harm"
        assert "Who is harmed" in transcript_text(screen).split("Revising")[-1]

        await answer(pilot, "families and dog walkers, frightened to use the park")
        assert screen.guide.current.id == "guardian", "after the revised answer, back where the officer was"
        assert screen.guide.view().answer("harm").startswith("families")

        await pilot.press("ctrl+k")
        await pilot.pause()
        assert not [f for f in app.screen.result.findings if f.question == "harm" and f.rule == "skipped"], \
            "the fixed finding is gone"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.guide.current.id == "guardian"


async def test_ctrl_e_offers_a_partner_copy_in_word(tmp_path):
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        await answer(pilot, "lads on scramblers tearing round the playing fields, call Jo on 07700 900123")
        await answer(pilot, "1")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        for _ in range(3):  # HTML, HTML partner, Word, Word partner
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        path = tmp_path / "exports" / app.workspace.export_name(screen.guide, "docx", partner=True)
        assert path.exists() and path.name.endswith("-partner.docx")
        import docx

        text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        assert "07700" not in text and "partner copy" in text


async def test_the_check_list_opens_when_several_findings_concern_one_question(tmp_path):
    from test_plan_check import rushed

    ws = Workspace(data_dir=tmp_path)
    g = rushed(ws)  # enforcement only, no partner-led action: both about the responses question
    questions = [f.question for f in __import__("popguide.check", fromlist=["check"]).check(g.view()).findings]
    assert len(questions) > len(set(questions))
    app = PopguideApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(SessionScreen(ws.open(g.session.id)))
        await pilot.pause()
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, CheckScreen)
        index = questions.index("comparison_area")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen
        assert session.guide.current.id == "comparison_area"
        await answer(pilot, "Sefton Park")
        assert session.guide.finished and session.guide.est.areas.comparison == "Sefton Park"
