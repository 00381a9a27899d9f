"""The session screen: the conversation on the left, what the guide knows on the right."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList

from ...guide.engine import Guide
from ...matching import MatchResult
from ..widgets.history_input import HistoryInput
from ..widgets.side_panel import MatchList, SidePanel, StageStepper
from ..widgets.transcript import Transcript

LIVE_MATCH_DELAY = 0.3  # seconds of quiet typing before the side panel re-matches


class SessionScreen(Screen):
    """One guided SARA session."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        # priority: these must work while the answer box (which binds ctrl+e itself) has focus
        Binding("ctrl+e", "export_dialog", "Export plan", priority=True),
        Binding("ctrl+k", "check", "Check plan", priority=True),
        Binding("ctrl+b", "command('/back')", "Back", priority=True),
        Binding("ctrl+s", "command('/skip')", "Skip", priority=True),
        Binding("ctrl+y", "command('/why')", "Why?", priority=True),
        Binding("f2", "toggle_panel", "Panel"),
        Binding("f3", "next_speaker", "Speaker", show=False),
        Binding("ctrl+r", "read_back", "Read back", show=False),
        Binding("escape", "leave", "Sessions"),
    ]

    def __init__(self, guide: Guide):
        super().__init__()
        self.guide = guide
        self._live_timer = None
        self._stage = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="session-body"):
            with Vertical(id="conversation"):
                yield Transcript(id="transcript")
                yield HistoryInput(placeholder="Type your answer, or /help", id="answer")
            yield SidePanel(id="side")
        yield Footer()

    async def on_mount(self) -> None:
        self.title = "popguide"
        self.sub_title = self.guide.session.display_title
        transcript = self.query_one(Transcript)
        await transcript.add_turns(self.guide.start())
        if self.guide.coach is not None and not self.guide.session.entries:
            # a new exercise opens on its briefing, read from the top
            self.call_after_refresh(transcript.scroll_home, animate=False)
        self._refresh_panel()
        box = self.query_one("#answer", HistoryInput)
        if self.guide.session.draft:
            box.value = self.guide.session.draft
            box.cursor_position = len(box.value)
        box.focus()
        if self.guide.session.participants:
            self.set_interval(1.0, self._tick)

    def keep_draft(self) -> bool:
        """Save a half-typed answer with the session, so quitting loses nothing."""
        text = self.query_one("#answer", HistoryInput).value.strip()
        if not text or text == self.guide.session.draft:
            return False
        self.guide.session.draft = text
        self.guide.persist()
        return True

    # -- adviser-led sessions -------------------------------------------------------
    async def action_next_speaker(self) -> None:
        people = [p["name"] for p in self.guide.session.participants]
        if not people:
            self.notify("This session has no participants (start an adviser-led session from the start screen).")
            return
        current = people.index(self.guide.speaker) if self.guide.speaker in people else -1
        await self.send(f"/as {people[(current + 1) % len(people)]}")

    def action_read_back(self) -> None:
        from .markdown_dialog import MarkdownDialog

        self.app.push_screen(MarkdownDialog(self.guide.render("md")))

    def _seconds_left(self) -> float | None:
        """The stage's time box less the time since the stage began, as saved in the session (survives a reopen)."""
        from datetime import datetime, timezone

        minutes = self.guide.session.time_boxes.get(self._stage or "")
        started = self.guide.est.stage_started.get(self._stage or "")
        if not minutes:
            return None
        try:
            begun = datetime.fromisoformat(started) if started else datetime.now(timezone.utc)
        except ValueError:
            begun = datetime.now(timezone.utc)
        if begun.tzinfo is None:
            begun = begun.replace(tzinfo=timezone.utc)
        return minutes * 60 - (datetime.now(timezone.utc) - begun).total_seconds()

    def _tick(self) -> None:
        """Every second in a meeting: the countdown, in the panel and in the header (seen even at 80 columns)."""
        left_s = self._seconds_left()
        self.query_one(SidePanel).show_meeting(self.guide, self._stage, left_s)
        title = self.guide.session.display_title
        if left_s is not None:
            left = int(left_s)
            clock = f"{abs(left) // 60}:{abs(left) % 60:02d}"
            title = f"{(self._stage or '').capitalize()} {clock} {'left' if left >= 0 else 'over'} · {title}"
        self.sub_title = title

    # -- answering -----------------------------------------------------------------
    @on(HistoryInput.Submitted, "#answer")
    async def submit(self, event: HistoryInput.Submitted) -> None:
        text = event.value.strip()
        box = self.query_one("#answer", HistoryInput)
        box.remember(text)
        box.value = ""
        await self.send(text)

    async def send(self, text: str) -> None:
        self.guide.session.draft = ""
        turns = self.guide.respond(text)
        transcript = self.query_one(Transcript)
        widgets = await transcript.add_turns(turns)
        urgent = next((w for w, t in zip(widgets, turns) if t.data.get("immediate_risk")), None)
        if urgent is not None:  # immediate risk comes first: show it at the top, not scrolled past
            transcript.release_anchor()
            self.call_after_refresh(transcript.scroll_to_widget, urgent, animate=False, top=True)
            self.notify("Immediate risk first: use the normal emergency and safeguarding routes.",
                        title="Immediate risk", severity="warning", timeout=12)
        else:
            transcript.scroll_end(animate=False)  # after sending, follow the conversation again
        for turn in turns:
            if "prefill" in turn.data:
                box = self.query_one("#answer", HistoryInput)
                box.value = turn.data["prefill"]
                box.cursor_position = len(box.value)
            if turn.kind == "export":
                self.notify(turn.text.replace("`", ""), title="Plan exported", timeout=8)
        self.sub_title = self.guide.session.display_title
        self._refresh_panel()

    async def action_command(self, command: str) -> None:
        await self.send(command)

    async def action_export(self, fmt: str) -> None:
        await self.send(f"/export {fmt}")

    def action_export_dialog(self) -> None:
        from .check import ExportDialog

        async def chosen(args: str | None) -> None:
            if args:
                await self.send(f"/export {args}")
        self.app.push_screen(ExportDialog(), chosen)

    def action_check(self) -> None:
        """The plan check as a list: choosing a finding reopens its question, and the answer box offers the old answer."""
        from ...check import check
        from .check import CheckScreen

        async def chosen(question: str | None) -> None:
            if question:
                await self.send(f"/revise {question}")
            self.query_one("#answer").focus()
        self.app.push_screen(CheckScreen(check(self.guide.view())), chosen)

    def action_toggle_panel(self) -> None:
        """Narrow screens hide the panel unless asked; wide ones show it unless asked."""
        self.query_one("#side").toggle_class("-shown" if self.has_class("-narrow") else "-hidden")

    def action_leave(self) -> None:
        self.dismiss()

    # -- the side panel ----------------------------------------------------------------
    def _refresh_panel(self) -> None:
        from ...guide.sara import STAGES

        q = self.guide.current
        self._stage = q.stage if q else "done"
        done = {st: self.guide.stage_done(st) for st in STAGES}
        self.query_one(StageStepper).show(self._stage, q.number if q else 0, q.total if q else 0, done)
        self.query_one(MatchList).show(self.guide.est.matches, self.guide.est.outside, self.guide.est.closest)
        panel = self.query_one(SidePanel)
        panel.show_also(self.guide.est.also)
        panel.show_scenario(self.guide.scenario, self.guide.library)
        panel.show_cases(self.guide.similar_cases())
        panel.show_meeting(self.guide, self._stage, self._seconds_left())

    @on(HistoryInput.Changed, "#answer")
    def typing(self, event: HistoryInput.Changed) -> None:
        """Re-match after a pause in typing, off the typing path."""
        q = self.guide.current
        if q is None or not q.live_match or event.value.startswith("/"):
            return
        if self._live_timer is not None:
            self._live_timer.stop()
        self._live_timer = self.set_timer(LIVE_MATCH_DELAY, lambda: self._live_match(event.value))

    @work(thread=True, exclusive=True, group="live-match")
    def _live_match(self, text: str) -> None:
        texts = list(self.guide.est.matching_descriptions) + ([text] if text.strip() else [])
        result = self.guide.matcher.match_with_secondary(texts, top=3) if texts else MatchResult([])
        self.app.call_from_thread(self.query_one(MatchList).show, result.matches, result.outside, result.closest)

    @on(OptionList.OptionSelected, "#matches")
    async def pick_match(self, event: OptionList.OptionSelected) -> None:
        scenario_id = event.option.id
        q = self.guide.current
        if q is not None and q.shows_matches and scenario_id in q.options:
            await self.send(str(q.options.index(scenario_id) + 1))
        elif scenario_id:
            await self.send(f"/scenario {scenario_id}")
        self.query_one("#answer").focus()
