"""Answer kinds: how a plain question of each kind checks and keeps its answer.

One registry: the script's `kind:` values, the validation of a script and
the checks applied to answers all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Kind:
    name: str
    check: Callable  # (conv, asked, text) -> problem line or None
    value: Callable  # (conv, asked, text) -> the answer as kept


def _any(conv, asked, text):
    return None


def _as_typed(conv, asked, text):
    return text


def _yesno_check(conv, asked, text):
    if conv.understanding.yes_no(text) is not None:
        return None
    return "Please answer **yes** or **no** (or `/skip`); anything you add after it is kept as your evidence."


def _yesno_value(conv, asked, text):
    reading = conv.understanding.yes_no(text)
    return reading[0] if reading else "no"


def chosen(conv, asked, text) -> list[int]:
    """The options picked: numbers ('2 and 3' where several may be chosen), 'the first one', the option's words."""
    intent = conv.understanding.intent(text, asked.options, multiple=asked.multiple)
    return list(intent.choices) if intent.kind == "choice" else []


def _choice_check(conv, asked, text):
    if chosen(conv, asked, text):
        return None
    several = " (one or more, for example `2 and 3`)" if asked.multiple else ""
    return f"Please pick a number from 1 to {len(asked.options)}{several}, or type the option's words."


def _choice_value(conv, asked, text):
    return "; ".join(asked.options[i] for i in chosen(conv, asked, text))


def _number_check(conv, asked, text):
    if conv.understanding.money_total(text) is not None or conv.understanding.counts(text):
        return None
    return "Please give a number (for example `120` or `£2,500`), or `/skip`."


def _date_check(conv, asked, text):
    if conv.understanding.date(text, conv.today()) is None:
        return "I couldn't read that date. Try `2027-03-01`, `1/3/2027`, `next Friday` or `in 12 weeks`."
    return None


def _text_check(conv, asked, text):
    return None if text.strip() else "Type an answer, or `/skip` to leave this question for now."


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("text", _text_check, _as_typed),
    Kind("list", _text_check, _as_typed),
    Kind("yesno", _yesno_check, _yesno_value),
    Kind("choice", _choice_check, _choice_value),
    Kind("number", _number_check, _as_typed),
    Kind("date", _date_check, _as_typed),
)}



def leading_picks(conv, text: str, options: list[str]) -> tuple[list[int], str]:
    """Options picked by number at the start of a list answer, and the officer's own words after them.

    '1 3' picks two; '2 and a new CCTV camera' picks one and keeps the camera as their own idea;
    'the first and third' or words of an option are read by the understanding.
    """
    import re

    m = re.match(r"^\s*((?:\d{1,2}\s*(?:,|and|&|\+|plus|\s)\s*)*\d{1,2})\b(.*)$", text, re.S)
    if m:
        numbers = [int(n) for n in re.findall(r"\d{1,2}", m.group(1))]
        if numbers and all(1 <= n <= len(options) for n in numbers):
            picks = list(dict.fromkeys(n - 1 for n in numbers))
            rest = re.sub(r"^[\s,;:.&+-]*(?:and\b|plus\b)?[\s,;:.-]*", "", m.group(2)).strip()
            return picks, rest
    if text.strip().lower() in ("all", "all of them", "all of these") and options:
        return list(range(len(options))), ""
    intent = conv.understanding.intent(text, options, multiple=True)
    if intent.kind == "choice":
        return list(intent.choices), ""
    return [], text.strip()
