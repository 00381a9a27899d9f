"""Correcting what the guide heard: `/notes` lists the facts, `/notes N SIDE` or `/notes N drop` fixes one,
and "no, that's the victim" right after an answer moves what it just noted."""

from __future__ import annotations

import re

from .registry import command, record, stage_now
from ..listening import FACT_LABELS
from ..turns import Turn

SIDE_WORDS = {label.lower(): side for side, label in FACT_LABELS.items()}
SIDE_WORDS.update({side: side for side in FACT_LABELS})
SIDE_WORDS.update({"target": "victim", "victims": "victim", "offenders": "offender", "location": "place", "when": "time",
                   "place manager": "manager", "times": "time"})
CORRECTION = re.compile(r"^\s*no[,.!]?\s+(?:that'?s|that is|it'?s|it is|those are|they'?re|they are)\s+(?:the\s+|a\s+)?"
                        r"(?P<side>[a-z ]+?)[.!]?\s*$", re.I)


def _live(guide):
    return [f for f in guide.est.facts if not f.dropped]


def _apply(guide, text: str) -> str | None:
    """Apply 'N SIDE' / 'N drop' / 'last SIDE'; return a problem line, or None."""
    parts = text.split(None, 1)
    if len(parts) != 2:
        return "Write `/notes N SIDE` (for example `/notes 2 victim`) or `/notes N drop`."
    which, what = parts[0].lower(), parts[1].strip().lower()
    facts = _live(guide)
    if which == "last":
        last = max((f.entry for f in facts), default=-1)
        chosen = [f for f in facts if f.entry == last and f.side != "count"]
    elif which.isdigit() and 1 <= int(which) <= len(facts):
        chosen = [facts[int(which) - 1]]
    else:
        return f"There is no note {which}: `/notes` lists them."
    if not chosen:
        return "There is nothing just noted to move."
    if what == "drop":
        for f in chosen:
            f.dropped = True
    elif what in SIDE_WORDS:
        for f in chosen:
            f.side = SIDE_WORDS[what]
    else:
        return f"Move it to which side? {', '.join(FACT_LABELS)}; or `drop`."
    guide._changed()
    return None


def _replay_fact(guide, entry):
    _apply(guide, entry.text)
    return []


@command("/notes", "/notes [N SIDE|N drop]", "what the guide has noted from your answers, and how to correct it",
         entry="@fact", replay=_replay_fact)
def _notes(guide, arg, by):
    if not arg:
        facts = _live(guide)
        if not facts:
            return [Turn("assistant", "info", "Nothing noted yet.", stage=stage_now(guide))]
        lines = ["**Noted from your answers:**", ""] + [
            f"{n}. *{FACT_LABELS.get(f.side, f.side)}:* {f.text}" for n, f in enumerate(facts, 1)]
        lines += ["", "Correct one with `/notes N SIDE` (for example `/notes 2 victim`) or `/notes N drop`."]
        return [Turn("assistant", "info", "\n".join(lines), stage=stage_now(guide))]
    problem = _apply(guide, arg)
    if problem:
        return [Turn("assistant", "error", problem, stage=stage_now(guide))]
    record(guide, "@fact", arg, by)
    return [Turn("assistant", "info", "Corrected. `/notes` shows them all.", stage=stage_now(guide))] + guide.ask_turns(None)[-1:]


def correction(text: str) -> str | None:
    """'no, that's the victim' -> 'last victim' when the side is one we know."""
    m = CORRECTION.match(text)
    if not m:
        return None
    side = SIDE_WORDS.get(m["side"].strip().lower())
    return f"last {side}" if side else None
