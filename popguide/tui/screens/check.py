"""The plan check as a list to act on (Ctrl+K), and the export choices (Ctrl+E).

Selecting a finding closes the list and reopens that question (`/revise`);
after the new answer the conversation carries on where the officer was.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option


class CheckScreen(ModalScreen[str | None]):
    """The findings of the plan check; returns the question to revise, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back to the conversation")]

    def __init__(self, result):
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        from ...check import score_table

        n = len(self.result.findings)
        with Vertical(classes="dialog check-dialog"):
            yield Label(f"Plan check: {n} point(s) to look at. Enter: answer that question again; Esc: back."
                        if n else "Plan check: nothing to fix. Esc: back.", classes="dialog-title")
            options = []
            for n, f in enumerate(self.result.findings):
                line = Text()
                line.append(f.finding, style="bold")
                line.append(f"  ({f.criterion_name})\n", style="dim")
                line.append(f"Fix: {f.fix.replace('`', '')}")
                options.append(Option(line, id=str(n)))  # two findings may concern one question
            yield OptionList(*options, id="findings")
            rows = score_table(self.result)
            width = max(len(r[0]) for r in rows)
            yield Static("\n".join(f"{r[0]:<{width}}  {r[1]:<7} {r[2]}" for r in rows), id="check-scores")

    def on_mount(self) -> None:
        self.query_one("#findings", OptionList).focus()

    @on(OptionList.OptionSelected, "#findings")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.result.findings[int(event.option.id)].question)


#: The export dialog's choices: (label, format, partner copy).
EXPORT_CHOICES = (
    ("HTML plan (print to PDF for A4)", "html", False),
    ("HTML partner copy (personal data masked, no private notes)", "html", True),
    ("Word document (.docx)", "docx", False),
    ("Word partner copy", "docx", True),
    ("Markdown", "md", False),
    ("Plain text", "txt", False),
)


class ExportDialog(ModalScreen[str | None]):
    """Which document to write; returns the `/export` arguments, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the plan as:", classes="dialog-title")
            yield OptionList(*(Option(label, id=f"{fmt}{' partner' if partner else ''}")
                               for label, fmt, partner in EXPORT_CHOICES), id="export-choices")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
