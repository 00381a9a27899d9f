"""Actions of a plan: one per line or semicolon, each with an owner, a task and a date when given."""

from __future__ import annotations

import re
from datetime import date

from .dates import find_date
from .records import Action
from .vocabulary import PhraseMatcher, Vocabulary, norm, tokens

_SPLIT = re.compile(r"\s*[;\n\r]+\s*")
_MARKER = re.compile(r"(?:\d{1,2}[.)]|[-*\u2022>]|\(\w\))\s+")
_TITLED = re.compile(r"^(?P<who>(?:PC|PCSO|PS|Sgt|DC|DS|DI|Insp|Inspector|Sergeant|Officer|Cllr|Councillor)\s+"
                     r"[A-Z][\w'-]+)\s+(?P<what>[a-z].*)$")
_SELF = re.compile(r"^(?P<who>I|we|I'll|we'll|I\u2019ll|we\u2019ll|I will|we will|I'm going to|we're going to|I am going to|"
                   r"we are going to|I shall|we shall|I can|we can)\s+(?P<what>\S.*)$", re.I)
_DATE_LEAD = re.compile(r"(?:\b(?:by|on|before|for|no later than|latest|due|deadline|until|till|from|starting|"
                        r"at the|at|the)\s*[:\-]?\s*)+$", re.I)
_EDGE = " \t,.;:-\u2013[]"


def split_actions(text: str) -> list[tuple[int, int]]:
    """Spans of the separate actions in `text` (semicolons, new lines, bullets or numbers)."""
    spans, pos = [], 0
    for m in _SPLIT.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = max(pos, m.end())
    if pos < len(text):
        spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        m = _MARKER.match(text, a, b)
        if m:
            a = m.end()
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class ActionReader:
    def __init__(self, vocab: Vocabulary):
        self.verbs = {norm(w) for w in vocab.words("actions", "verbs")}
        self.owners = PhraseMatcher((w, "owner") for w in vocab.words("actions", "owners"))
        self.splitters = PhraseMatcher((w, "split") for w in vocab.words("actions", "splitters"))

    def _looks_like_owner(self, text: str) -> bool:
        toks = tokens(text)
        if not toks or len(toks) > 7:
            return False
        if any(t in self.verbs for t, _, _ in toks) and not self.owners.find(toks[:1]):
            return False
        return bool(self.owners.find(toks)) or text[:1].isupper()

    def read(self, piece: str, today: date) -> Action:
        found = find_date(piece, today)
        by, by_text, rest = None, "", piece
        if found:
            by, start, end = found
            by_text = piece[start:end]
            before = _DATE_LEAD.sub("", piece[:start])
            rest = (before.rstrip() + " " + piece[end:].lstrip()).strip()
        rest = rest.strip(_EDGE)
        if rest.count("(") < rest.count(")"):
            rest = rest.rstrip(")")
        who, what = "", rest
        # "PCSO Jones leaflet drop on the estate"
        m = _TITLED.match(rest)
        if m and not self.splitters.longest_at(tokens(m.group("what")), 0, 1):
            return Action(m.group("who"), m.group("what").strip(_EDGE), by, by_text, piece)
        # "I'll speak to the school", "we will leaflet the estate"
        m = _SELF.match(rest)
        if m:
            who = re.split(r"[\s'\u2019]", m.group("who"))[0]
            return Action(who, m.group("what").strip(_EDGE), by, by_text, piece)
        # "Housing: fix the fence"
        if ":" in rest:
            head, tail = rest.split(":", 1)
            if self._looks_like_owner(head.strip()):
                return Action(head.strip(_EDGE), tail.strip(_EDGE), by, by_text, piece)
        # "fix the fence (Housing)"
        m = re.search(r"\(([^()]{2,60})\)\s*$", rest)
        if m and self._looks_like_owner(m.group(1)):
            return Action(m.group(1).strip(), rest[:m.start()].strip(_EDGE), by, by_text, piece)
        # "fix the fence - parks team", "parks team - fix the fence"
        m = re.search(r"\s[-\u2013]\s", rest)
        if m:
            head, tail = rest[:m.start()].strip(_EDGE), rest[m.end():].strip(_EDGE)
            if head and tail and self._looks_like_owner(head):
                return Action(head, tail, by, by_text, piece)
            if head and tail and self._looks_like_owner(tail):
                return Action(tail, head, by, by_text, piece)
        # "PC Smith to visit the caretaker", "parks team will fix the fence"
        toks = tokens(rest)
        for hit in self.splitters.find(toks):
            head, tail = rest[:hit.start].strip(_EDGE), rest[hit.end:].strip(_EDGE)
            if head and self._looks_like_owner(head) and tail:
                return Action(head, tail, by, by_text, piece)
        # "council parks team" alone: an owner with no task written
        if self._looks_like_owner(rest) and (not toks or toks[0][0] not in self.verbs):
            return Action(rest, "", by, by_text, piece)
        return Action(who, what, by, by_text, piece)

    def actions(self, text: str, today: date) -> list[Action]:
        return [self.read(text[a:b], today) for a, b in split_actions(text)]
