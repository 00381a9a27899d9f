"""What a session has established so far: the typed read model the plan, the review, the coach and the faces read.

The engine's behaviours write it as they apply answers; nothing outside the
guide reaches into the engine itself. Question ids stay with the behaviours
that own them: readers use the named fields here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..matching import Match


@dataclass
class NotedFact:
    """A fact the guide heard in an answer and filed under the triangle (or as a time, count or what was tried)."""

    side: str
    text: str
    question: str  # the question it was said in answer to
    entry: int  # index of the session entry it came from
    dropped: bool = False


@dataclass
class PlannedAction:
    """Who does what by when: from a chosen response, the user's own idea, or an agreed action in a meeting."""

    what: str
    who: str
    by: date | None = None
    by_text: str = ""
    response_id: str = ""  # empty for the user's own actions
    agreed: bool = False  # recorded with /action in a meeting


@dataclass
class RiskNote:
    """An immediate-risk warning the guide showed, and where."""

    kinds: tuple[str, ...]
    cue: str
    routes: tuple[str, ...]
    question: str
    entry: int


@dataclass
class AreaPlan:
    target: str = ""
    comparison: str = ""  # empty: none named
    buffer: str = ""
    baseline_period: tuple[date, date] | None = None
    baseline_period_text: str = ""
    baseline: dict[str, float] = field(default_factory=dict)  # area role -> count
    after_period: tuple[date, date] | None = None
    after_period_text: str = ""
    after: dict[str, float] = field(default_factory=dict)

    def roles(self) -> list[tuple[str, str]]:
        """The areas counted, in order: (role, name). The target always; comparison and buffer when named."""
        out = [("target", self.target or "target area")]
        out += [(role, name) for role, name in (("comparison", self.comparison), ("buffer", self.buffer)) if name]
        return out


@dataclass
class Costs:
    hours: float | None = None
    hourly_rate: float | None = None
    other: float | None = None


@dataclass
class Established:
    # scanning
    descriptions: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    also: list[Match] = field(default_factory=list)  # a second problem the description also holds
    outside: str | None = None  # what the description is about when the library does not cover it (outside.yaml)
    closest: list[Match] = field(default_factory=list)  # nothing matched a long description: the nearest, as weak ones
    #: Descriptions before this one were about something the library does not cover: kept, but not matched again.
    match_from: int = 0
    scenario_id: str | None = None
    no_scenario: bool = False  # the user chose to carry on without one
    goals: list[str] = field(default_factory=list)
    risks: list[RiskNote] = field(default_factory=list)
    # every question
    answers: dict[str, str] = field(default_factory=dict)  # settled answers by question id, as the user gave them
    remarks: dict[str, str] = field(default_factory=dict)  # yes/no question id -> what was said after the yes or no
    skipped: set[str] = field(default_factory=set)
    vague: set[str] = field(default_factory=set)  # settled, but the follow-up got no firmer answer
    followed_up: set[str] = field(default_factory=set)
    pending: dict[str, str] = field(default_factory=dict)  # question id -> the vague first answer a follow-up asked about
    said_by: dict[str, str] = field(default_factory=dict)  # question id -> participant
    facts: list[NotedFact] = field(default_factory=list)
    # analysis
    sides: dict[str, str] = field(default_factory=dict)  # triangle side -> the settled answer
    data_sources: list[str] = field(default_factory=list)
    hypothesis: str = ""
    # response
    picked: list[str] = field(default_factory=list)  # response ids of the scenario
    own_responses: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    conflict_decision: str = ""
    actions: list[PlannedAction] = field(default_factory=list)
    extra: str = ""  # anything else the officer added to the plan
    # assessment
    measures: list[str] = field(default_factory=list)
    areas: AreaPlan = field(default_factory=AreaPlan)
    crime_type: str = ""  # the unit-cost id chosen for the cost-benefit, or ""
    review_date: date | None = None
    review_open: bool = False
    costs: Costs = field(default_factory=Costs)
    outcome: str = ""
    lessons: str = ""
    closed: bool = False
    # the force's own data, when a dataset was brought in with /data
    data: object = None  # a DataEvidence
    # meetings
    focus_stage: str | None = None
    stage_started: dict[str, str] = field(default_factory=dict)  # stage -> ISO time its first answer (or jump) came

    def settled(self, qid: str) -> bool:
        return qid in self.answers or qid in self.skipped

    def facts_for(self, *sides: str) -> list[NotedFact]:
        return [f for f in self.facts if f.side in sides and not f.dropped]

    @property
    def matching_descriptions(self) -> list[str]:
        """The descriptions the matcher pools: all of them, less any the library said it does not cover."""
        return self.descriptions[self.match_from:]

    @property
    def problem_statement(self) -> str:
        """The officer's description in their words, tidied: no confirmations or stray joins."""
        text = " ".join(" ".join(d.split()) for d in self.descriptions if d.strip())
        return text.strip(" ;,")
