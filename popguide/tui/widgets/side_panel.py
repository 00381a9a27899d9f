"""The side panel: where we are in SARA, the live best matches, partners and responses."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ...library.loader import Library
from ...library.models import Scenario
from ...matching import Match

from ...guide.sara import STAGE_TITLES

STAGES = list(STAGE_TITLES.items())
EVIDENCE_STYLE = {
    "effective": "bold white on dark_green",
    "promising": "bold white on green4",
    "mixed": "bold black on yellow3",
    "reported-fall": "bold black on khaki3",
    "untested": "bold white on grey39",
    "no-effect": "bold white on dark_orange3",
    "harmful": "bold white on red3",
}


def evidence_badge(rating: str) -> Text:
    return Text(f" {rating} ", style=EVIDENCE_STYLE.get(rating, "reverse"))


class StageStepper(Static):
    """Scanning ● Analysis ○ ...: the current stage and how far through it."""

    def show(self, stage: str, number: int = 0, total: int = 0, done: dict[str, bool] | None = None) -> None:
        """A tick only for a stage whose questions are settled (a jump ahead ticks nothing)."""
        text = Text()
        done = done or {}
        for sid, title in STAGES:
            if sid == stage:
                text.append("● ", style="bold")
                text.append(title, style="bold reverse")
                if total:
                    text.append(f" {number}/{total}")
            else:
                ticked = done.get(sid, stage == "done")
                text.append("✓ " if ticked else "○ ", style="" if ticked else "dim")
                text.append(title, style="" if ticked else "dim")
            text.append("\n")
        self.update(text)


class MatchList(OptionList):
    """Live best matches; choosing one picks it (or opens it)."""

    def show(self, matches: Sequence[Match], outside: str | None = None, closest: Sequence[Match] = ()) -> None:
        self.clear_options()
        if not matches and closest:
            self.add_option(Option(Text("No confident match. Closest, weak:", style="dim"), disabled=True))
            for m in closest:
                self.add_option(Option(Text.assemble(m.title, "\n", (", ".join(m.why[:3]), "dim italic"), style="dim"),
                                       id=m.id))
            return
        if not matches and outside:
            self.add_option(Option(Text(f"Sounds like {outside}: not a problem the library covers.", style="dim"),
                                   disabled=True))
            return
        if not matches:
            self.add_option(Option(Text("Nothing matches yet: describe what happens, where and to whom.", style="dim"), disabled=True))
            return
        for m in matches:
            label = Text.assemble((f"{m.score:>3.0f} ", "bold"), m.title, "\n", (", ".join(m.why[:3]), "dim italic"))
            self.add_option(Option(label, id=m.id))


class SidePanel(VerticalScroll):
    """Everything the guide knows so far, at a glance."""

    def compose(self) -> ComposeResult:
        yield Label("Meeting", classes="panel-title meeting")
        yield Static(id="meeting", classes="meeting")
        yield Label("Stage", classes="panel-title")
        yield StageStepper(id="stepper")
        yield Label("Best matches", classes="panel-title")
        yield MatchList(id="matches")
        yield Static(id="also")
        yield Label("Partners", classes="panel-title")
        yield Static(id="partners")
        yield Label("Responses", classes="panel-title")
        yield Static(id="responses")
        yield Label("Past cases", classes="panel-title cases")
        yield Static(id="cases", classes="cases")

    def show_also(self, also: list) -> None:
        """A second problem the description also holds."""
        text = Text()
        for m in also:
            text.append("Also looks like: ", style="bold")
            text.append(f"{m.title}\n", style="italic")
        self.query_one("#also", Static).update(text)

    def show_cases(self, cases: list) -> None:
        self.set_class(bool(cases), "-has-cases")
        text = Text()
        for c in cases:
            text.append(f"{c.title}\n", style="bold")
            text.append(f"{c.outcome}", style="italic")
            text.append(f" · did {', '.join(c.responses[:2]) or 'their own plan'}\n", style="dim")
        self.query_one("#cases", Static).update(text)

    def show_meeting(self, guide, stage: str | None, left: float | None) -> None:
        """Participants, who is speaking, and the time left in this stage's time box (seconds, or None)."""
        people = guide.session.participants
        self.set_class(bool(people), "-meeting")
        if not people:
            return
        text = Text()
        for p in people:
            speaking = p["name"] == guide.speaker
            text.append("▶ " if speaking else "  ", style="bold")
            text.append(p["name"], style="bold" if speaking else "")
            text.append(f" ({p['agency']})\n" if p.get("agency") else "\n", style="dim")
        if left is not None:
            label = f"{int(abs(left)) // 60}:{int(abs(left)) % 60:02d}"
            text.append(f"\n{(stage or '').capitalize()}: ", style="bold")
            text.append(f"{label} left" if left >= 0 else f"over by {label}", style="" if left >= 0 else "bold red")
        self.query_one("#meeting", Static).update(text)

    def show_scenario(self, scenario: Scenario | None, library: Library) -> None:
        partners = self.query_one("#partners", Static)
        responses = self.query_one("#responses", Static)
        if scenario is None:
            partners.update(Text("Appear once the problem is recognised.", style="dim"))
            responses.update(Text("Appear once the problem is recognised.", style="dim"))
            return
        text = Text()
        for p in sorted(scenario.partners, key=lambda p: not p.lead)[:6]:
            text.append("★ " if p.lead else "• ", style="bold" if p.lead else "")
            text.append(library.partner_name(p.id) + "\n")
        partners.update(text)
        text = Text()
        for r in scenario.responses_by_evidence()[:6]:
            text.append_text(evidence_badge(r.evidence.rating))
            text.append(f" {r.title}\n")
        responses.update(text)
