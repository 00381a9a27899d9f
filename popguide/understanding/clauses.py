"""Splitting an answer into sentences and clauses, as character spans of the original text."""

from __future__ import annotations

import re

# Full stops that do not end a sentence: abbreviations officers use, initials, decimals, times.
_ABBREV = {"e.g", "i.e", "eg", "ie", "etc", "approx", "vs", "mr", "mrs", "ms", "dr", "st", "no", "nos", "tel", "ref",
           "a.m", "p.m", "inc", "ltd", "dept", "sgt", "insp", "pc", "ds", "dc", "c", "ca", "est", "op"}
_SENTENCE = re.compile(r"\.\.\.+|[.!?]+(?=\s|$|[\"')\]])|[;\n\r\u2022]+|\s[-\u2013\u2014]+\s")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# Words and marks that start a new clause inside a sentence.
_CLAUSE = re.compile(
    r"(?<!\d),(?!\d)|[()\[\]:]"
    r"|\b(?:but|although|though|because|cos|coz|cuz|however|whereas|and then|then|also|plus|so that|so|while|"
    r"whilst|when|otherwise|which means|meaning|unless|until|except|apart from|as well as|on top of that|"
    r"not only that|and also|and now|now)\b",
    re.I,
)
_EDGE = " \t\r\n,.;:!?-\u2013\u2014\"'()[]\u2018\u2019\u201c\u201d*\u2022/&+"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and punctuation."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    # keep a closing bracket or quote that pairs with one inside
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENTENCE.finditer(text):
        if m.group()[0] == ".":
            before = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
            word = before.group(1).lower() if before else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or m.group() == "." and m.end() < len(text) \
                    and text[m.end():m.end() + 2].strip()[:1].islower() and word in ("approx", "v"):
                continue
        a, b = trim(text, pos, m.start())
        if b > a:
            out.append((a, b))
        pos = m.end()
    a, b = trim(text, pos, len(text))
    if b > a:
        out.append((a, b))
    return out


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans inside the sentence text[start:end]; the joining words are left out."""
    out, pos = [], start
    for m in _CLAUSE.finditer(text, start, end):
        a, b = trim(text, pos, m.start())
        if b > a:
            out.append((a, b))
        pos = m.end()
    a, b = trim(text, pos, end)
    if b > a:
        out.append((a, b))
    return out


def split(text: str) -> list[list[tuple[int, int]]]:
    """Clauses grouped by sentence."""
    return [clauses(text, a, b) for a, b in sentences(text)]
