"""Hints for `Understanding.facts` from a scenario of the library: its analysis questions, each prefixed
with the side it asks about, so the examples they list ("council parks, housing association, rail or
canal owners") become cues for that side."""

from __future__ import annotations

from typing import Any

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
