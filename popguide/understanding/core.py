"""The understanding as one object the guide engine calls: intents, facts, risk, vagueness, numbers,
dates and actions, all from one vocabulary."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Sequence

from .actions import ActionReader
from .amounts import Numbers, money_total
from .dates import parse_date
from .facts import FactReader
from .intents import IntentReader
from .risk import RiskReader
from .records import Action, Count, Fact, Intent, Risk
from .vague import VagueReader
from .vocabulary import Vocabulary, load_vocabulary


class Understanding:
    """Deterministic rules over the text plus vocabulary data; no model, no network."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self._numbers = Numbers(vocabulary)
        self._intents = IntentReader(vocabulary)
        self._facts = FactReader(vocabulary, self._numbers)
        self._risk = RiskReader(vocabulary)
        self._vague = VagueReader(vocabulary, self._numbers, self._facts)
        self._actions = ActionReader(vocabulary)

    def intent(self, text: str, options: Sequence[str] = (), *, multiple: bool = False) -> Intent:
        """What a reply at a choice means. Several numbers ("2 and 3") always come back as several
        choices, so a single-choice question can say "pick one"; `multiple` also allows "all"/"both"."""
        return self._intents.intent(text, options, multiple=multiple)

    def yes_no(self, text: str) -> tuple[str, str] | None:
        """("yes" | "no", what else was said) for a reply to a yes/no question, or None when it is neither."""
        return self._intents.yes_no(text)

    def facts(self, text: str, *, question: str | None = None, hints: Sequence[str] = ()) -> list[Fact]:
        """Spans of the answer filed under SIDES, in text order."""
        return self._facts.facts(text, question=question, hints=hints)

    def immediate_risk(self, text: str) -> Risk | None:
        return self._risk.immediate_risk(text)

    def vague(self, text: str, expects: str) -> bool:
        return self._vague.vague(text, expects)

    def counts(self, text: str) -> list[Count]:
        return self._numbers.counts(text)

    def money_total(self, text: str) -> float | None:
        return money_total(text)

    def date(self, text: str, today: date) -> date | None:
        return parse_date(text, today)

    def actions(self, text: str, today: date) -> list[Action]:
        return self._actions.actions(text, today)


def load_understanding(roots: Sequence[Path] = ()) -> Understanding:
    """The built-in vocabulary, extended by an `understanding.yaml` in any of the library folders given."""
    return Understanding(load_vocabulary(roots))
