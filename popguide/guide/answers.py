"""Reading short answers: yes/no, a choice, numbers picked from a list, a review date."""

from __future__ import annotations

import re
from datetime import date, timedelta

_YES = {"y", "yes", "yeah", "yep", "yup", "aye", "true", "correct", "definitely", "sure", "ok", "okay"}
_NO = {"n", "no", "nope", "nah", "false", "not really", "never"}


def parse_yes_no(text: str) -> bool | None:
    low = text.strip().lower().rstrip(".!")
    if low in _YES or low.startswith(("yes ", "yes,", "yeah ", "yeah,")):
        return True
    if low in _NO or low.startswith(("no ", "no,", "nope ", "not really")):
        return False
    return None


def parse_choice(text: str, options: list[str]) -> int | None:
    """Index of the chosen option: by its number, or by typing (the start of) it."""
    low = text.strip().lower().rstrip(".")
    if re.fullmatch(r"\d{1,3}", low):
        n = int(low)
        return n - 1 if 1 <= n <= len(options) else None
    for i, option in enumerate(options):
        opt = option.lower()
        if low == opt or (len(low) >= 4 and opt.startswith(low)):
            return i
    return None


def parse_numbers(text: str, count: int) -> tuple[list[int], str]:
    """Zero-based picks from a numbered list, and any other text the user typed.

    ``"1 3, 4"`` picks three items; ``"2 and a new CCTV camera"`` picks one and
    keeps the rest as the user's own idea.
    """
    picks: list[int] = []
    rest = text
    leading = re.match(r"^\s*((?:\d{1,2}\s*(?:,|and|&|\s)\s*)*\d{1,2})\b(.*)$", text, re.S)
    if leading:
        numbers = [int(n) for n in re.findall(r"\d{1,2}", leading.group(1))]
        if all(1 <= n <= count for n in numbers):
            for n in numbers:
                if n - 1 not in picks:
                    picks.append(n - 1)
            rest = leading.group(2)
    rest = re.sub(r"^[\s,;:.&-]*(?:and\b|plus\b)?[\s,;:.-]*", "", rest).strip()
    if rest.lower() in ("all",) and count:
        return list(range(count)), ""
    return picks, rest


_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "month": 30, "months": 30}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def parse_date(text: str, today: date) -> date | None:
    """ISO dates, UK day/month/year, '1 March 2027', or 'in 12 weeks' / '3 months'."""
    low = text.strip().lower()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", low)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", low)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?", low)
        if m and m[2][:3] in _MONTHS:
            year = int(m[3]) if m[3] else today.year
            found = date(year, _MONTHS[m[2][:3]], int(m[1]))
            if not m[3] and found < today:
                found = date(year + 1, found.month, found.day)
            return found
    except ValueError:
        return None
    m = re.fullmatch(r"(?:in\s+)?(\d{1,3})\s*([a-z]+)(?:\s+time)?", low)
    if m and m[2] in _UNITS:
        return today + timedelta(days=int(m[1]) * _UNITS[m[2]])
    return None


def parse_period(text: str, today: date) -> tuple[date, date] | None:
    """'1/8/2026 to 31/10/2026', '2026-08-01 - 2026-10-31', or 'last 3 months' (ending today)."""
    low = text.strip().lower()
    m = re.fullmatch(r"(?:the\s+)?(?:last|past|previous)\s+(\d{1,3})\s*([a-z]+)", low)
    if m and m[2] in _UNITS:
        return today - timedelta(days=int(m[1]) * _UNITS[m[2]]), today
    parts = re.split(r"\s+(?:to|until|till|-|–)\s+", low)
    if len(parts) == 2:
        start, end = parse_date(parts[0], today), parse_date(parts[1], today)
        if start and end and start <= end:
            return start, end
    return None


def numbers_in(text: str) -> list[float]:
    """Every number in a text: '40, 100 and 30' gives [40, 100, 30]; '£2,500' gives [2500]."""
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text or "")]


def first_number(text: str) -> float | None:
    found = numbers_in(text)
    return found[0] if found else None


def means_same_period(text: str) -> bool:
    return text.strip().lower() in ("same", "same length", "same as before", "same period length", "")
