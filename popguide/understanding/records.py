"""What the understanding returns: small frozen records the engine can keep, compare and save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SIDES = ("offender", "victim", "place", "handler", "guardian", "manager", "time", "count", "tried")
INTENT_KINDS = ("choice", "yes", "no", "none", "something_else", "dont_know", "unclear")


@dataclass(frozen=True)
class Fact:
    """A span of the answer filed under one side: `text == answer[start:end]`."""

    side: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Intent:
    """A reply at a choice; `choices` are zero-based option indexes (kind "choice")."""

    kind: str
    choices: tuple[int, ...] = ()


@dataclass(frozen=True)
class Risk:
    """Someone at risk now: what kinds, the words that showed it, and the usual routes (partner ids)."""

    kinds: tuple[str, ...]
    cue: str
    routes: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    """A number as written: "12 reports to the council in 3 months" -> 12, exact, the source, the period."""

    value: float
    approximate: bool
    source: str
    period: str
    text: str


@dataclass(frozen=True)
class Action:
    """One action of a plan: who does what, by when (None when no date was given)."""

    who: str
    what: str
    by: date | None
    by_text: str
    text: str


__all__ = ["SIDES", "INTENT_KINDS", "Fact", "Intent", "Risk", "Count", "Action"]
