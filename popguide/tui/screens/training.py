"""Choosing an exercise: the list, its summary, and the trainee's name for the results."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class TrainingScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, exercise: str | None = None, trainee: str | None = None):
        super().__init__()
        self.exercise = exercise
        self.trainee = trainee

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="training-body"):
            yield Static("Pick an exercise, give your name or trainee code, and press Enter. You'll get feedback "
                         "at the end of each stage and a score at the end.", id="training-intro")
            yield OptionList(id="exercises")
            yield Static(id="exercise-summary")
            yield Label("Your name or trainee code")
            yield Input(self.trainee or "", placeholder="for example PC 4521 or your initials", id="trainee")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "popguide · Training"
        box = self.query_one("#exercises", OptionList)
        exercises = sorted(self.app.workspace.library.exercises.values(), key=lambda e: e.title)
        if not exercises:
            box.add_option(Option("No exercises in the library.", disabled=True))
            return
        box.add_options([Option(ex.title, id=ex.id) for ex in exercises])
        ids = [ex.id for ex in exercises]
        box.highlighted = ids.index(self.exercise) if self.exercise in ids else 0
        (self.query_one("#trainee") if self.exercise else box).focus()

    @on(OptionList.OptionHighlighted, "#exercises")
    def show_summary(self, event: OptionList.OptionHighlighted) -> None:
        ex = self.app.workspace.library.exercises.get(event.option.id or "")
        self.query_one("#exercise-summary", Static).update(ex.summary if ex else "")

    @on(OptionList.OptionSelected, "#exercises")
    def chosen(self) -> None:
        self.query_one("#trainee").focus()

    @on(Input.Submitted, "#trainee")
    def start(self, event: Input.Submitted) -> None:
        trainee = event.value.strip()
        box = self.query_one("#exercises", OptionList)
        if box.highlighted is None or not box.get_option_at_index(box.highlighted).id:
            self.notify("Pick an exercise first.", severity="warning")
            return
        if not trainee:
            self.notify("Give your name or trainee code, so your result can be saved.", severity="warning")
            return
        exercise_id = box.get_option_at_index(box.highlighted).id
        self.app.pop_screen()
        self.app.open_exercise(exercise_id, trainee)
