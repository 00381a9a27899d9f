"""The responses a session has chosen and the conflicts among them, read from what it has established."""

from __future__ import annotations


def scenario_of(library, est):
    return library.scenarios.get(est.scenario_id or "")


def picked_responses(library, est) -> list:
    s = scenario_of(library, est)
    if s is None:
        return []
    return [r for r in (s.response(rid) for rid in est.picked) if r]


def picked_conflicts(library, est) -> list:
    """Conflicts between two responses the officer chose (including one since dropped to resolve it)."""
    s = scenario_of(library, est)
    if s is None:
        return []
    chosen = set(est.picked) | set(est.dropped)
    return [c for c in s.conflicts if set(c.responses[:2]) <= chosen]
