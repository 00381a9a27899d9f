"""Spotting personal data in answers, so plans shared with partners stay clean.

Plans go to partners. The guide warns as soon as an answer looks like it
holds personal data, and exports can mask it (``--redact``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("an email address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("a phone number", re.compile(r"(?<![\w])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)")),
    ("a date of birth", re.compile(r"\b(?:dob|d\.o\.b\.?|born(?: on)?)\s*:?\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.I)),
    ("a date of birth", re.compile(r"\b(?:dob|d\.o\.b\.?|born(?: on)?)\s*:?\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\s+\d{4}\b", re.I)),
    ("a house number and full postcode", re.compile(
        r"\b\d{1,4}[a-z]?\s+[A-Za-z][A-Za-z' -]{2,40}?,?\s+(?:[A-Za-z ,'-]{0,40}?\s)?"
        r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", re.I)),
    ("a vehicle registration", re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b")),
    # a person's name: after a title (Mrs Jones), or after "called" / "named" (a lad called Tyler Reid)
    ("a name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'-]+(?:[ -][A-Z][a-z'-]+)?")),
    ("a name", re.compile(r"(?<=called )[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?")),
    ("a name", re.compile(r"(?<=named )[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?")),
    ("a vehicle registration", re.compile(r"\b[A-Z]\d{1,3}\s?[A-Z]{3}\b")),
]


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int


def find_personal_data(text: str) -> list[Finding]:
    found: list[Finding] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                continue
            found.append(Finding(kind, m.group(0), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def kinds_of_personal_data(text: str) -> list[str]:
    kinds: list[str] = []
    for f in find_personal_data(text):
        if f.kind not in kinds:
            kinds.append(f.kind)
    return kinds


def redact(text: str) -> str:
    out, last = [], 0
    for f in find_personal_data(text):
        out.append(text[last:f.start])
        out.append(f"[{f.kind.split(' ', 1)[1]} removed]")
        last = f.end
    out.append(text[last:])
    return "".join(out)
