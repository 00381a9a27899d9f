"""Periods as people write them: '1/8/2026 to 31/10/2026', 'last 3 months'."""

from __future__ import annotations

import re
from datetime import date

from dateutil.relativedelta import relativedelta

_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


def parse_period(understanding, text: str, today: date) -> tuple[date, date] | None:
    """A (start, end) pair, or None when it cannot be read (it is then asked again, never guessed)."""
    low = " ".join(text.strip().lower().split())
    m = re.fullmatch(r"(?:the\s+)?(?:last|past|previous)\s+(\d{1,3}|a|one|two|three|six|twelve)\s*([a-z]+?)s?", low)
    if m and m[2] in _UNITS:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}.get(m[1]) or int(m[1])
        return today - relativedelta(**{_UNITS[m[2]]: n}), today
    parts = re.split(r"\s+(?:to|until|till|-|–)\s+", low)
    if len(parts) == 2:
        start, end = understanding.date(parts[0], today), understanding.date(parts[1], today)
        if start and end and start > end and start.year == end.year:
            return None
        if start and end and start <= end:
            return start, end
    return None
