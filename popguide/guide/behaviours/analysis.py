"""Analysis: the problem analysis triangle and its controllers, the data to pull, the working hypothesis."""

from __future__ import annotations

from ..prompts import numbered
from ..sara import SIDE_LABELS, SIDES, is_none
from .kinds import leading_picks
from .base import Behaviour, register


class TriangleSide(Behaviour):
    """One side of the triangle (or a controller): asked with the scenario's own questions, and offered back
    when the officer has already said it."""

    stage = "analysis"
    kinds = ("text", "list")

    def __init__(self, side: str):
        self.name = side
        self.summary = f"the {SIDE_LABELS[side].lower()} side of the problem analysis triangle"
        self.fact_side = side
        self.offers = (side, "time") if side == "place" else (side,)
        self.expects = "place" if side == "place" else None

    def prompt(self, conv, q) -> str:
        s = conv.library.scenarios.get(conv.est.scenario_id or "")
        specific = list(getattr(s.analysis, self.name)) if s else []
        body = specific[0] if specific else q.prompt
        if len(specific) > 1:
            body += "\n\nAlso think about:\n" + "\n".join(f"- {x}" for x in specific[1:])
        return f"**{SIDE_LABELS[self.name]}.** " + body

    def apply(self, conv, asked, text):
        value = self.value(conv, asked, text)
        conv.est.answers[asked.id] = value
        if not is_none(value):
            conv.est.sides[self.name] = value
        return []


for _side in SIDES:
    register(TriangleSide(_side))


class DataSources(Behaviour):
    name = "data"
    summary = "which data will test the analysis, picked from the scenario's sources or the officer's own"
    stage = "analysis"
    kinds = ("list", "text")

    def prompt(self, conv, q) -> str:
        s = conv.library.scenarios.get(conv.est.scenario_id or "")
        if not s or not s.analysis.data_sources:
            return q.prompt
        return q.prompt + "\n\n" + numbered(list(s.analysis.data_sources)) + "\n\nGive numbers, add your own, or both."

    def apply(self, conv, asked, text):
        s = conv.library.scenarios.get(conv.est.scenario_id or "")
        sources = list(s.analysis.data_sources) if s else []
        picks, rest = leading_picks(conv, text, sources)
        conv.est.data_sources = [sources[n] for n in picks] + ([rest] if rest and not is_none(rest) else [])
        conv.est.answers[asked.id] = text
        return []


class Hypothesis(Behaviour):
    name = "hypothesis"
    summary = "the working hypothesis: why it happens here, now"
    stage = "analysis"
    kinds = ("text",)

    def prompt(self, conv, q) -> str:
        s = conv.library.scenarios.get(conv.est.scenario_id or "")
        if not s:
            return q.prompt
        return q.prompt + "\n\nCommon causes to test for this problem:\n" + "\n".join(f"- {c}" for c in s.analysis.causes)

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        conv.est.hypothesis = "" if is_none(text) else text
        return []


register(DataSources())
register(Hypothesis())

