"""The terminal app: a face on the core. It renders the guide's turns; it decides nothing."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from ..errors import PopguideError
from ..workspace import Workspace
from .screens.start import StartScreen

HELP_FILE = Path(__file__).with_name("help.md")
WARM_UP_DELAY = 0.25  # let the first screen paint before reading the library in the background


def _library_commands():
    """The palette provider, imported when the palette first opens."""
    from .commands import LibraryCommands

    return LibraryCommands


class PopguideApp(App):
    CSS_PATH = "popguide.tcss"
    TITLE = "popguide"
    COMMANDS = App.COMMANDS | {_library_commands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+l", "library", "Library", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, workspace: Workspace, *, exercise: str | None = None, trainee: str | None = None):
        super().__init__()
        self.workspace = workspace
        self.start_exercise = exercise
        self.start_trainee = trainee

    @property
    def screenshots_dir(self) -> Path:
        return self.workspace.store.root / "screenshots"

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None, time_format: str | None = None):
        """Screenshots go under the data folder (a Downloads folder may not exist), and the user is told where."""
        if self.is_web or path is not None:
            return super().deliver_screenshot(filename, path, time_format)
        try:
            self.screenshots_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            saved = self.save_screenshot(filename, str(self.screenshots_dir), time_format)
        except OSError as exc:
            self.notify(f"Could not save the screenshot: {exc.strerror or exc}", severity="error")
            return None
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", timeout=10)
        return None

    async def action_quit(self) -> None:
        """Quit; an answer typed but not sent is kept as a draft in its session, and the user is told."""
        from .screens.session import SessionScreen

        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and screen.keep_draft():
                self.notify("Your unsent answer is kept: it will be back in the box when you reopen the session.")
        self.exit()

    def on_mount(self) -> None:
        self.push_screen(StartScreen())
        if self.start_exercise:
            self.action_training(self.start_exercise, self.start_trainee)
        self.set_timer(WARM_UP_DELAY, self.warm_up)

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """Read the library and build the matcher after the first screen is up, off the UI thread."""
        library = self.workspace.library
        self.workspace.matcher
        for problem in self.workspace.cases.warm()[:3]:  # the learning repository: opened, moved in, reachable?
            self.call_from_thread(self.notify, problem, title="Learning repository", severity="warning", timeout=10)
        for issue in library.issues[:3]:
            self.call_from_thread(
                self.notify, str(issue), title="Library problem (file skipped)" if issue.skipped else "Library problem",
                severity="warning", timeout=10)

    # -- navigation --------------------------------------------------------------
    def _start_guide(self, make) -> None:
        """Open a session screen; a broken session file or question script is one line, never a traceback."""
        try:
            guide = make()
        except PopguideError as exc:
            self.notify(str(exc), title="Cannot open the session", severity="error", timeout=15)
            return
        from .screens.session import SessionScreen

        self.push_screen(SessionScreen(guide))

    def open_session(self, session_id: str | None) -> None:
        self._start_guide(lambda: self.workspace.open(session_id) if session_id else self.workspace.guide())

    def open_exercise(self, exercise_id: str, trainee: str) -> None:
        from ..session import Session

        exercise = self.workspace.library.exercises[exercise_id]
        session = Session(exercise=exercise_id, trainee=trainee, title=f"Exercise: {exercise.title} ({trainee})")
        self._start_guide(lambda: self.workspace.guide(session))

    def action_adviser_session(self) -> None:
        from ..session import Session
        from .screens.dialogs import MeetingDialog

        def start(result) -> None:
            if result:
                people, boxes = result
                self._start_guide(lambda: self.workspace.guide(Session(participants=people, time_boxes=boxes)))

        self.push_screen(MeetingDialog(), start)

    def action_training(self, exercise: str | None = None, trainee: str | None = None) -> None:
        from .screens.training import TrainingScreen

        self.push_screen(TrainingScreen(exercise, trainee))

    def action_data(self) -> None:
        from .screens.data import DataScreen

        self.push_screen(DataScreen())

    def action_new_session(self) -> None:
        self.open_session(None)

    def action_library(self, select: str | None = None) -> None:
        from .screens.browser import LibraryScreen

        self.push_screen(LibraryScreen(select))

    def action_partners(self, select: str | None = None) -> None:
        from .screens.browser import PartnersScreen

        self.push_screen(PartnersScreen(select))

    def action_help(self) -> None:
        from .screens.markdown_dialog import MarkdownDialog

        self.push_screen(MarkdownDialog(help_text()))

    def open_hit(self, hit) -> None:
        """Where a command-palette result leads."""
        if hit.kind == "scenario":
            self.action_library(hit.id)
        elif hit.kind == "response" and hit.scenario_id:
            self.action_library(hit.scenario_id)
        elif hit.kind == "partner":
            self.action_partners(hit.id)
        elif hit.kind == "term":
            term = self.workspace.library.glossary[hit.id]
            text = f"# {term.term}\n\n{term.definition}"
            if term.who_can_use:
                text += f"\n\n**Who can use it:** {term.who_can_use}"
            if term.source:
                text += f"\n\n*Source: {term.source}*"
            from .screens.markdown_dialog import MarkdownDialog

            self.push_screen(MarkdownDialog(text))


def help_text() -> str:
    """The F1 help, with its command table generated from the command registry."""
    from ..guide.commands import COMMANDS

    def table(who: str) -> str:
        rows = ["| command | what it does |", "|---|---|"]
        rows += [f"| `{c.usage.replace('|', chr(92) + '|')}` | {c.help} |" for c in COMMANDS.values() if c.who == who]
        return "\n".join(rows)

    text = HELP_FILE.read_text(encoding="utf-8")
    return text.replace("{{commands}}", table("everyone")).replace("{{adviser_commands}}", table("adviser"))


def run(library_dirs=(), data_dir=None, *, exercise: str | None = None, trainee: str | None = None,
        repository: str | None = None) -> int:
    app = PopguideApp(Workspace(library_dirs, data_dir, repository=repository), exercise=exercise, trainee=trainee)
    app.run()
    return app.return_code or 0
