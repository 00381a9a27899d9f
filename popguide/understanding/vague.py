"""Answers that do not give what the question expects: a count with no number, a place with no
place, a time with no time, or "not sure"."""

from __future__ import annotations

import re

from .amounts import Numbers
from .facts import FactReader
from .vocabulary import Vocabulary, tokens

EXPECTS = ("count", "place", "time")


class VagueReader:
    def __init__(self, vocab: Vocabulary, numbers: Numbers, facts: FactReader):
        self.vocab = vocab
        self.numbers = numbers
        self.facts = facts

    def vague(self, text: str, expects: str) -> bool:
        if expects not in EXPECTS:
            raise ValueError(f"expects must be one of {', '.join(EXPECTS)}, not {expects!r}")
        toks = tokens(text or "")
        if not toks:
            return True
        vague = self.vocab.vague
        if expects == "count":
            return not any(c.value > 0 or c.source for c in self.numbers.counts(text)) \
                and not any(t == "0" or t in ("none", "zero", "nil") for t, _, _ in toks)
        if expects == "place":
            found = [f for f in self.facts.facts(text, question="place") if f.side == "place"]
            # a place is specific when it names one (a place word or a name) and is not only "round here"
            specific = [f for f in found
                        if (any(h.tag == "place" for h in self.vocab.sides.search(f.text))
                            or any(w[:1].isupper() for w in f.text.split()[1:]))
                        and (not vague["place"].search(f.text)
                             or len([t for t in tokens(f.text) if t[0].isalpha()]) > 4)]
            if specific:
                return False
            # an area as the data names it: an LSOA name ("Liverpool 060") or code ("E01006512")
            if re.search(r"\b[EW]0\d{7}\b|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+\d{3}[A-Z]?\b", text):
                return False
            # a named place: "Croxteth Park Road", "the Co-op on Mill Lane"
            words = text.split()
            if sum(1 for w in words[1:] if w[:1].isupper()) >= 1 and not vague["any"].search(text) \
                    and not vague["place"].search(text):
                return False
            return True
        # time
        spans = [f for f in self.facts.facts(text) if f.side == "time"]
        specific = [f for f in spans if not self.vocab.time_vague.search(f.text)]
        return not specific
