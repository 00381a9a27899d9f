"""The conversation as a scrolling column of turns: the guide in Markdown, the user distinct."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from ...guide.turns import Turn


class UserTurn(Static):
    """What the user typed, shown as typed (never read as markup)."""

    def __init__(self, turn: Turn):
        label = f"{turn.by}: " if turn.by else ""
        super().__init__(label + turn.text, markup=False, classes="turn user-turn")


class GuideTurn(Markdown):
    """What the guide said, with the reason behind a question when it has one."""

    def __init__(self, turn: Turn):
        text = turn.text
        if turn.why and turn.kind in ("question", "matches", "responses"):
            text += f"\n\n*Why we ask: {turn.why}*"
        super().__init__(text, classes=f"turn guide-turn -{turn.kind}", open_links=False)


class Transcript(VerticalScroll):
    """Keeps to the bottom as turns arrive, until the user scrolls up to read."""

    DEFAULT_CSS = """
    Transcript { height: 1fr; }
    """

    def on_mount(self) -> None:
        self.anchor()

    async def add_turns(self, turns: list[Turn]) -> list:
        widgets = [UserTurn(t) if t.role == "user" else GuideTurn(t) for t in turns]
        if widgets:
            await self.mount_all(widgets)
        return widgets
