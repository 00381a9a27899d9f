"""Hints for `Understanding.facts` from a scenario of the library: its analysis questions, each prefixed
with the side it asks about, so the examples they list ("council parks, housing association, rail or
canal owners") become cues for that side."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .phrases import PhraseMatcher, tokens
from .records import SIDES

HINT_SIDES = ("offender", "victim", "place", "handler", "guardian", "manager")


def scenario_hints(scenario: Any) -> tuple[str, ...]:
    """("manager: Who owns the land used (...)?", ...) for a library Scenario (or anything with an
    `analysis` holding lists of questions per side); () when it has none."""
    analysis = getattr(scenario, "analysis", None)
    if analysis is None:
        return ()
    out = []
    for side in HINT_SIDES:
        for question in getattr(analysis, side, None) or ():
            out.append(f"{side}: {question}")
    return tuple(out)


# words that say nothing about a side
_STOP = {"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "it", "is", "are", "was", "they", "them",
         "we", "there", "this", "that", "these", "those", "be", "been", "have", "has", "had", "do", "does", "did",
         "with", "for", "by", "from", "as", "its", "their", "our", "what", "which", "who", "where", "when", "how",
         "any", "some", "all", "more", "most", "other", "into", "about", "than", "can", "could", "would", "should",
         "will", "not", "no", "yes", "like", "get", "out", "up", "if", "you", "us", "do", "know", "does"}

_LIST_PART = re.compile(r"\(([^()]+)\)")
_LIST_SPLIT = re.compile(r",|;|\bor\b|\band\b|/", re.I)


@lru_cache(maxsize=64)
def hint_matchers(hints: tuple[str, ...], question: str | None) -> tuple[tuple[str, PhraseMatcher, bool], ...]:
    """The scenario's analysis questions as extra cues. "manager: Who owns the land used (council parks,
    housing association, rail or canal owners)?" makes each listed example a cue for manager (strong: used
    beside the vocabulary); the question's other words help only a clause with no cue at all (weak). A
    hint without a side prefix helps the side the question asks about."""
    strong: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}
    for hint in hints:
        side, _, rest = hint.partition(":")
        side = side.strip().lower()
        if side not in SIDES or not rest:
            side, rest = question or "", hint
        if not side or side in ("time", "count"):
            continue
        for group in _LIST_PART.findall(rest):
            for item in _LIST_SPLIT.split(group):
                words = [t for t, _, _ in tokens(item) if t.isalnum()]
                while words and words[0] in _STOP:
                    words.pop(0)
                if words and any(len(w) >= 3 for w in words) and len(words) <= 4:
                    strong.setdefault(side, set()).add(" ".join(words))
        for t, _, _ in tokens(_LIST_PART.sub(" ", rest)):
            if len(t) >= 4 and t.isalpha() and t not in _STOP:
                weak.setdefault(side, set()).add(t)
    out = [(side, PhraseMatcher((w, side) for w in sorted(ws)), True) for side, ws in strong.items()]
    out += [(side, PhraseMatcher((w, side) for w in sorted(ws)), False) for side, ws in weak.items()]
    return tuple(out)
