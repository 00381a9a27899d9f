"""Dates as officers write them ("by end of Jan", "next Friday", "in 6 weeks", "15/02", "1 March").

UK order (day first). A date without a year is the next one on or after today. The calendar
arithmetic is python-dateutil's, imported on first use so typing stays fast.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "weds": 2, "wednesday": 2, "thu": 3,
    "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "saturday": 5, "sunday": 6,
}
_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "few": 3}

_M = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_N = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>days?|weeks?|wks?|months?|mths?|years?|yrs?|fortnights?)"
_ORD = r"(?:st|nd|rd|th)?"

# Each pattern has a kind; the earliest match in the text wins (longest at the same place).
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})(?:[/.](?P<y>\d{4}|\d{2}))?\b")),
    ("d_month", re.compile(rf"\b(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_M}(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("month_d", re.compile(rf"\b{_M}\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("end_of", re.compile(
        rf"\b(?P<edge>end|start|beginning|middle|mid)(?:\s+of)?(?:\s+the)?[\s-]+(?:(?P<rel>next|this)\s+)?"
        rf"(?:{_M}(?:\s+(?P<y>\d{{4}}))?|(?P<span>week|month|year|term|quarter))\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<rel>next|this|on|coming|the)\s+)?{_WD}\b(?:\s+(?P<after>week|after next))?",
                           re.I)),
    ("week_on", re.compile(rf"\b(?:a\s+)?week\s+on\s+{_WD}\b", re.I)),
    ("nth", re.compile(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b", re.I)),
    ("in_n", re.compile(rf"\b(?:(?P<pre>in|within|inside|after)\s+(?:the\s+next\s+)?)?{_N}\s+{_UNIT}(?:'?s?\s+time)?\b",
                        re.I)),
    ("in_a", re.compile(r"\b(?:in|within)\s+a\s+(?P<unit>fortnight|week|month|year)(?:'?s?\s+time)?\b", re.I)),
    ("rel", re.compile(r"\b(?P<word>today|tonight|tomorrow|next week|next month|next year|a week today|"
                       r"christmas|new year|new year's day)\b", re.I)),
    ("month", re.compile(rf"\b(?:by|in|before|for|during|start|early|from)\s+{_M}(?:\s+(?P<y>\d{{4}}))?\b", re.I)),
]


def _year(y: str | None) -> int | None:
    if not y:
        return None
    n = int(y)
    return n + 2000 if n < 100 else n


def _upcoming(today: date, month: int, day: int) -> date:
    """The next `day`/`month` on or after today (a date with no year)."""
    d = date(today.year, month, day)
    return d if d >= today else date(today.year + 1, month, day)


def _resolve(kind: str, m: re.Match, today: date) -> date | None:
    from dateutil.relativedelta import relativedelta, weekday  # noqa: PLC0415 - lazy: slow import
    g = m.groupdict()
    try:
        if kind in ("iso", "dmy", "d_month", "month_d"):
            month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].lower().rstrip(".")]
            day = int(g["d"])
            year = _year(g.get("y"))
            if not 1 <= month <= 12:
                return None
            return date(year, month, day) if year else _upcoming(today, month, day)
        if kind == "end_of":
            edge = g["edge"].lower()
            if g.get("mon"):
                month = MONTHS[g["mon"].lower().rstrip(".")]
                year = _year(g.get("y"))
                base = date(year or today.year, month, 1)
                if not year and (base + relativedelta(day=31)) < today:
                    base = base + relativedelta(years=1)
            else:
                span = g["span"].lower()
                shift = 1 if (g.get("rel") or "").lower() == "next" else 0
                if span == "week":
                    friday = today + relativedelta(weekday=weekday(4)(+1)) + relativedelta(weeks=shift)
                    return friday if edge == "end" else friday - relativedelta(days=4)
                if span == "year":
                    base = date(today.year + shift, 1, 1)
                    return {"end": date(base.year, 12, 31), "middle": date(base.year, 6, 30),
                            "mid": date(base.year, 6, 30)}.get(edge, base)
                if span in ("term", "quarter"):
                    return None  # school terms and quarters differ by place: ask, never guess
                base = date(today.year, today.month, 1) + relativedelta(months=shift)
            if edge == "end":
                return base + relativedelta(day=31)
            if edge in ("middle", "mid"):
                return base.replace(day=15)
            return base
        if kind == "weekday":
            wd = WEEKDAYS[g["wd"].lower()]
            d = today + relativedelta(days=1, weekday=weekday(wd)(+1))
            if (g.get("after") or "").lower() == "week" or (g.get("after") or "").lower() == "after next":
                d += relativedelta(weeks=1)
            return d
        if kind == "week_on":
            wd = WEEKDAYS[g["wd"].lower()]
            return today + relativedelta(days=1, weekday=weekday(wd)(+1)) + relativedelta(weeks=1)
        if kind == "nth":
            day = int(g["d"])
            if not 1 <= day <= 31:
                return None
            d = today + relativedelta(day=day)
            if d.day != day or d < today:
                d = today + relativedelta(months=1, day=day)
            return d if d.day == day else None
        if kind in ("in_n", "in_a"):
            raw = (g.get("n") or "1").lower()
            n = int(raw) if raw.isdigit() else _NUM_WORDS.get(raw, 0)
            unit = g["unit"].lower()
            if kind == "in_n" and not g.get("pre") and not unit.startswith(("week", "wk", "month", "mth", "day",
                                                                                 "fortnight", "year", "yr")):
                return None
            if unit.startswith("fortnight"):
                return today + relativedelta(weeks=2 * n)
            if unit.startswith(("week", "wk")):
                return today + relativedelta(weeks=n)
            if unit.startswith(("month", "mth")):
                return today + relativedelta(months=n)
            if unit.startswith(("year", "yr")):
                return today + relativedelta(years=n)
            return today + relativedelta(days=n)
        if kind == "rel":
            word = g["word"].lower()
            if word in ("today", "tonight"):
                return today
            if word == "tomorrow":
                return today + relativedelta(days=1)
            if word in ("next week", "a week today"):
                return today + relativedelta(weeks=1)
            if word == "next month":
                return today + relativedelta(months=1)
            if word == "next year":
                return today + relativedelta(years=1)
            if word == "christmas":
                return _upcoming(today, 12, 25)
            return date(today.year + 1, 1, 1)
        if kind == "month":
            month = MONTHS[g["mon"].lower().rstrip(".")]
            year = _year(g.get("y"))
            if year:
                return date(year, month, 1)
            first = date(today.year, month, 1)
            return first if (first + relativedelta(day=31)) >= today else date(today.year + 1, month, 1)
    except (ValueError, KeyError, OverflowError):
        return None
    return None


def find_date(text: str, today: date) -> tuple[date, int, int] | None:
    """The first date written in `text`, as (date, start, end) of the words that gave it, or None."""
    best: tuple[int, int, str, re.Match] | None = None
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if best is not None and m.start() > best[0]:
                break
            if _resolve(kind, m, today) is None:
                continue
            if best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1]):
                best = (m.start(), m.end(), kind, m)
            break
    if best is None:
        return None
    start, end, kind, m = best
    resolved = _resolve(kind, m, today)
    if resolved is None:
        return None
    return resolved, start, end


def parse_date(text: str, today: date) -> date | None:
    found = find_date(text, today)
    return found[0] if found else None
