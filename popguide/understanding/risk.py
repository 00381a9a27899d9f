"""Someone at risk now: a threat to life, self-harm or suicide, a missing child, a weapon, a victim being
threatened. Historic or general vulnerability ("she self-harmed years ago", "a lonely man rings 999 to
chat") must not fire, so each cue is checked in its own clause for negation and for the past."""

from __future__ import annotations

import re

from .clauses import sentences
from .records import Risk
from .vocabulary import Hit, Vocabulary, tokens

_PROGRESSIVE = re.compile(r"\b(?:is|are|'s|'re|\u2019s|\u2019re)\s+(?:being\s+)?(?:\w+\s+)?\w+ing\b", re.I)
_PAST_YEAR = re.compile(r"\b(?:in|since|during|back\s+in|from|of)\s+(?:19|20)\d{2}\b", re.I)
_NEG_CONTRACTIONS = {"dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "hasnt", "havent", "hadnt",
                     "wont", "cant", "couldnt", "wouldnt", "shouldnt", "never"}
# inside a sentence, a new clause begins here: a past clause does not cancel a present one
_CLAUSE = re.compile(r"(?<!\d),(?!\d)|\b(?:but|although|though|however|whereas|and now|now|yet|while|whilst)\b", re.I)


class RiskReader:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.strong = vocab.risk_cues
        self.weak = vocab.risk_weak
        self.context = vocab.risk_context
        self.historic = vocab.risk_historic
        self.hypothetical = vocab.risk_hypothetical
        self.negations = vocab.negations | _NEG_CONTRACTIONS

    def _clauses(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        out, pos = [], a
        for m in _CLAUSE.finditer(text, a, b):
            out.append((pos, m.start()))
            pos = m.end() if m.group().lower() != "now" else m.start()
        out.append((pos, b))
        return [(x, y) for x, y in out if y > x]

    def _negated(self, toks, first: int) -> bool:
        return any(t in self.negations for t, _, _ in toks[max(0, first - 3):first])

    def _live(self, sentence: str, clause: str, toks, doubts, kinds: list[str], cues: list[str]) -> None:
        """A danger word in a clause whose sentence says it is happening now, and that does not recur."""
        danger = self.vocab.live_danger.find(toks)
        if not danger or self.vocab.live_frequency.find(toks):
            return
        stoks = tokens(sentence)
        if not (self.vocab.live_markers.find(stoks) or _PROGRESSIVE.search(sentence)):
            return
        for hit in danger:
            if self._negated(toks, hit.first) or any(d < hit.first for d in doubts):
                continue
            if hit.tag in ("missing-child",) and not self.vocab.live_child.find(stoks):
                continue
            if hit.tag not in kinds:
                kinds.append(hit.tag)
                cues.append(clause[hit.start:hit.end])

    def immediate_risk(self, text: str) -> Risk | None:
        kinds: list[str] = []
        cue = ""
        cues: list[str] = []
        for sa, sb in sentences(text):
            sentence = text[sa:sb]
            for ca, cb in self._clauses(text, sa, sb):
                clause = text[ca:cb]
                toks = tokens(clause)
                if not toks or self.historic.find(toks) or _PAST_YEAR.search(clause):
                    continue
                found = [(h, True) for h in self.strong.find(toks)] + [(h, False) for h in self.weak.find(toks)]
                doubts = [h.first for h in self.hypothetical.find(toks)]
                before = len(kinds)
                for kind, pattern in self.vocab.risk_patterns:
                    for m in pattern.finditer(clause):
                        first = next((k for k, t in enumerate(toks) if t[1] >= m.start()), len(toks) - 1)
                        found.append((Hit(kind, m.start(), m.end(), first, first + 1), True))
                for hit, strong in sorted(found, key=lambda x: x[0].first):
                    if self._negated(toks, hit.first) or any(d < hit.first for d in doubts):
                        continue
                    if not strong:
                        ctx = self.context.get(hit.tag)
                        if ctx is None or not ctx.search(sentence):
                            continue
                    if hit.tag not in kinds:
                        kinds.append(hit.tag)
                        cue = cue or clause[hit.start:hit.end]
                if len(kinds) == before:
                    self._live(sentence, clause, toks, doubts, kinds, cues)
        if not kinds:
            return None
        cue = cue or (cues[0] if cues else "")
        routes: list[str] = []
        for kind in kinds:
            routes += [r for r in self.vocab.risk_routes(kind) if r not in routes]
        return Risk(tuple(kinds), cue, tuple(routes))
