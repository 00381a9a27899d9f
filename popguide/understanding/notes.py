"""One line that tells the officer what was noted from an answer, side by side, in the triangle's order:
"offender: three or four lads from the Beechwood estate; place: a gap in the fence by the allotments"."""

from __future__ import annotations

from typing import Iterable

from .records import Fact
from .vocabulary import SIDES


def noted_line(facts: Iterable[Fact], *, sides: Iterable[str] = SIDES, width: int = 60) -> str:
    """Facts grouped by side (in SIDES order), each text cut to `width` characters; "" when none."""
    wanted = [s for s in SIDES if s in set(sides)]
    by_side: dict[str, list[str]] = {}
    for f in facts:
        if f.side in wanted:
            text = f.text if len(f.text) <= width else f.text[: width - 1].rstrip() + "\u2026"
            if text not in by_side.setdefault(f.side, []):
                by_side[f.side].append(text)
    return "; ".join(f"{side}: {', '.join(by_side[side])}" for side in wanted if side in by_side)
