"""The start screen: start a session, resume one, or browse what the library knows."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...session import Session
from ...store import StoreError
from .dialogs import ConfirmDialog, TextDialog

MENU = [
    ("new", "Start a new session"),
    ("library", "Browse the problem library"),
    ("partners", "Partners directory"),
    ("adviser", "Adviser-led session: participants, notes, time boxes"),
    ("training", "Training: work through an exercise"),
    ("data", "Data: import police.uk or incident data and analyse it"),
    ("help", "Help: how popguide works"),
]
STAGE_LABEL = {"scanning": "Scanning", "analysis": "Analysis", "response": "Response", "assessment": "Assessment", "done": "Plan complete"}


class StartScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "New session"),
        Binding("r", "rename", "Rename"),
        Binding("delete", "delete", "Delete"),
        Binding("ctrl+l", "app.library", "Library"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start-body"):
            yield Static(
                "[b]popguide[/b] · a guide to solving recurring problems with SARA: "
                "Scanning, Analysis, Response, Assessment.", id="intro")
            yield OptionList(*[Option(label, id=key) for key, label in MENU], id="menu")
            yield Label("Your sessions", classes="panel-title")
            yield OptionList(id="sessions")
            yield Static(id="broken")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "popguide"
        self.sub_title = "start"
        self.refresh_sessions()
        self.query_one("#menu").focus()

    def on_screen_resume(self) -> None:
        self.refresh_sessions()

    def refresh_sessions(self) -> None:
        today = date.today().isoformat()
        sessions, broken = self.app.workspace.store.list_for_review(today)
        sessions = [s for s in sessions if not s.exercise]  # training sessions live in the training screen
        box = self.query_one("#sessions", OptionList)
        box.clear_options()
        if not sessions:
            box.add_option(Option(Text("No saved sessions yet.", style="dim"), disabled=True))
        for s in sessions:
            stage = "Closed: " + s.outcome if s.outcome else STAGE_LABEL.get(s.stage, s.stage)
            label = Text.assemble(
                ("REVIEW DUE ", "bold reverse") if s.review_due(today) else "",
                (s.display_title, "bold"), "\n",
                (f"{stage} · last change {s.updated[:16].replace('T', ' ')}"
                 + (f" · review {s.review_date}" if s.review_date and not s.outcome else ""), "dim"),
            )
            box.add_option(Option(label, id=s.id))
        if sessions:
            box.highlighted = 0
        note = self.query_one("#broken", Static)
        if broken:
            note.update(Text("Could not read: " + "; ".join(str(b) for b in broken), style="bold red"))
        else:
            note.update("")

    @on(OptionList.OptionSelected, "#menu")
    def menu_choice(self, event: OptionList.OptionSelected) -> None:
        {"new": self.action_new, "library": self.app.action_library,
         "partners": self.app.action_partners, "training": self.app.action_training,
         "adviser": self.app.action_adviser_session, "data": self.app.action_data,
         "help": self.app.action_help}[event.option.id]()

    @on(OptionList.OptionSelected, "#sessions")
    def resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_session(event.option.id)

    def action_new(self) -> None:
        self.app.open_session(None)

    def _selected_session(self) -> str | None:
        box = self.query_one("#sessions", OptionList)
        if box.highlighted is None or not self.query_one("#sessions").has_focus:
            return None
        return box.get_option_at_index(box.highlighted).id

    def action_rename(self) -> None:
        sid = self._selected_session()
        if sid is None:
            self.notify("Highlight a session in the list first (Tab to reach it).")
            return
        store = self.app.workspace.store

        def done(title: str | None) -> None:
            if title:
                try:
                    store.rename(sid, title)
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                self.refresh_sessions()

        self.app.push_screen(TextDialog("New title for this session:", store.load(sid).display_title), done)

    def action_delete(self) -> None:
        sid = self._selected_session()
        if sid is None:
            self.notify("Highlight a session in the list first (Tab to reach it).")
            return
        store = self.app.workspace.store
        session: Session = store.load(sid)

        def done(yes: bool | None) -> None:
            if yes:
                try:
                    store.delete(sid)
                    self.notify(f"Deleted “{session.display_title}”.")
                except StoreError as exc:
                    self.notify(str(exc), severity="error")
                self.refresh_sessions()

        self.app.push_screen(ConfirmDialog(f"Delete “{session.display_title}”? This cannot be undone."), done)
