"""A page of Markdown in a modal: the help, or a glossary entry."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown


class MarkdownDialog(ModalScreen[None]):
    """Help text or a glossary entry, closed with Escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close"), Binding("f1", "dismiss(None)", "Close", show=False)]

    def __init__(self, markdown: str):
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Markdown(self.markdown, open_links=False)
            yield Button("Close (Esc)", id="close")

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)
