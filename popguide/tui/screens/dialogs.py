"""Small modal questions: yes/no, and one line of text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"), Binding("y", "dismiss(True)", "Yes", show=False)]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", variant="error", id="yes")
                yield Button("Keep", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TextDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, prompt: str, value: str = ""):
        super().__init__()
        self.prompt, self.value = prompt, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt)
            yield Input(self.value, id="text")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class MeetingDialog(ModalScreen[tuple[list[dict], dict] | None]):
    """Who is in the meeting, and an optional time box per stage."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Participants, separated by semicolons, each with their agency in brackets:")
            yield Input(placeholder="Sam Jones (Police); Ali Khan (Housing); Jo Reid (Adult social care)", id="people")
            yield Label("Minutes per stage (Scanning, Analysis, Response, Assessment), optional:")
            yield Input(placeholder="10, 20, 20, 10", id="boxes")
            yield Label("", id="meeting-error")

    @on(Input.Submitted, "#people")
    def next_field(self) -> None:
        self.query_one("#boxes").focus()

    @on(Input.Submitted, "#boxes")
    def submitted(self) -> None:
        from ...session import parse_participants

        try:
            people = parse_participants(self.query_one("#people", Input).value)
        except ValueError as exc:
            self.query_one("#meeting-error", Label).update(str(exc).capitalize() + ".")
            return
        if not people:
            self.query_one("#meeting-error", Label).update("Name at least one participant.")
            self.query_one("#people").focus()
            return
        minutes = [m.strip() for m in self.query_one("#boxes", Input).value.split(",") if m.strip()]
        if any(not m.isdigit() for m in minutes) or len(minutes) > 4:
            self.query_one("#meeting-error", Label).update("Give up to four whole numbers of minutes, like 10, 20, 20, 10.")
            return
        from ...guide.sara import STAGES

        self.dismiss((people, {stage: int(m) for stage, m in zip(STAGES, minutes) if int(m) > 0}))
