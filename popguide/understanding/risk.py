"""Someone at risk now: a threat to life, self-harm or suicide, a missing child, a weapon, a victim being
threatened. Historic or general vulnerability ("she self-harmed years ago", "a lonely man rings 999 to
chat") must not fire, so each cue is checked in its own clause for negation and for the past."""

from __future__ import annotations

import re
from bisect import bisect_left

from .clauses import sentences
from .records import Risk
from .vocabulary import Hit, Vocabulary, tokens

_PROGRESSIVE = re.compile(r"\b(?:is|are|'s|'re|\u2019s|\u2019re)\s+(?:being\s+)?(?:\w+\s+)?\w+ing\b"
                          r"|\b(?:has|have|'s|\u2019s)\s+(?:just\s+)?(?:been\s+)?(?:fallen|taken|gone|run|left|locked|cut|"
                          r"set|doused|jumped|collapsed|walked|climbed|said|told|posted|sent|rung|rang|phoned|texted|reversed|driven|"
                          r"knocked|hit|smacked|stabbed|attacked|swallowed|grabbed|barricaded|slipped|turned|got\s+hold|"
                          r"come\s+down|gone\s+(?:rigid|limp|grey|blue|into))\b"
                          # headline style, as in a log: "Man standing in the road swinging a golf club"
                          r"|^(?:an?\s+|the\s+|two\s+|three\s+|four\s+|five\s+|\d+\s+)?(?:\w+\s+)?(?:man|woman|male|female|lad|lads|"
                          r"girl|boy|youth|youths|group|gang|child|person|someone|teenager|teen|kid|kids|males|females|men|women|people)"
                          # "group of men screaming", "gang of lads kicking"
                          r"(?:\s+of\s+(?:\w+\s+)?(?:men|lads|youths|males|kids|people|teenagers|teens|women|girls|boys|them))?"
                          r"\s+(?:\w+\s+)?\w+ing\b"
                          # "there's a toddler wandering", "there are two men fighting": it is going on
                          r"|\bthere(?:'s|\u2019s|\s+is|\s+are|'re)\s+(?:an?\s+|some\s+|two\s+|three\s+)?(?:\w+\s+){0,2}\w+ing\b"
                          # a state that lasts while it is told: "is sat on the edge", "are stood in the road"
                          r"|\b(?:is|are|'s|'re|\u2019s|\u2019re)\s+(?:still\s+)?(?:sat|stood|stuck|trapped|lying|perched|hanging|pinned|buried|wedged|jammed|stranded|"
                          r"face\s+down)\b"
                          # what the caller perceives: "I can see them", "we can hear screaming"
                          r"|\b(?:i|we|she|he|they|you|caller|neighbours?)\s+can\s+(?:see|hear|smell)\b"
                          r"|\b(?:he|she|they)(?:'s|\u2019s|\s+has|'ve|\u2019ve|\s+have)\s+got\b", re.I)
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
        self.also_context = vocab.risk_also_context
        self.historic = vocab.risk_historic
        self.habitual = vocab.risk_habitual
        self.resolved = vocab.risk_resolved
        self.hypothetical = vocab.risk_hypothetical
        self.negations = vocab.negations | _NEG_CONTRACTIONS

    def _clauses(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        out, pos = [], a
        for m in _CLAUSE.finditer(text, a, b):
            out.append((pos, m.start()))
            pos = m.end() if m.group().lower() != "now" else m.start()
        out.append((pos, b))
        return [(x, y) for x, y in out if y > x]

    def _negated(self, toks, first: int, lo: int = 0) -> bool:
        return any(t in self.negations for t, _, _ in toks[max(lo, first - 4):first])

    def _live(self, text: str, toks, lo: int, hi: int, slo: int, shi: int, sentence: str, doubts,
              kinds: list[str], cues: list[str]) -> None:
        """A danger word in a clause whose sentence says it is happening now, and that does not recur."""
        danger = self.vocab.live_danger.find(toks, lo, hi)
        if not danger or self.vocab.live_frequency.find(toks, lo, hi):
            return
        if not (self.vocab.live_markers.find(toks, slo, shi) or _PROGRESSIVE.search(sentence)):
            return
        for hit in danger:
            if self._negated(toks, hit.first, lo) or any(d < hit.first for d in doubts):
                continue
            if hit.tag == "missing-child" and not self.vocab.live_child.find(toks, slo, shi):
                continue
            if hit.tag not in kinds:
                kinds.append(hit.tag)
                cues.append(text[hit.start:hit.end])

    def immediate_risk(self, text: str) -> Risk | None:
        kinds: list[str] = []
        cue = ""
        cues: list[str] = []
        toks = tokens(text)
        starts = [t[1] for t in toks]
        # the patterns run once over the whole answer; each clause takes the matches that start in it
        matches = [(kind, m.start(), m.end()) for kind, pattern in self.vocab.risk_patterns
                   for m in pattern.finditer(text)]
        for sa, sb in sentences(text):
            sentence = text[sa:sb]
            slo, shi = bisect_left(starts, sa), bisect_left(starts, sb)
            if self.vocab.live_general.find(toks, slo, shi) or self.resolved.find(toks, slo, shi):
                continue  # told in a survey or a briefing (in general), or a danger that is over ("found safe")
            for ca, cb in self._clauses(text, sa, sb):
                lo, hi = bisect_left(starts, ca), bisect_left(starts, cb)
                if (lo >= hi or self.historic.find(toks, lo, hi) or self.habitual.find(toks, lo, hi)
                        or _PAST_YEAR.search(text, ca, cb)):
                    continue  # told of the past, or of what keeps happening ("every time the dog barks")
                found = [(h, True) for h in self.strong.find(toks, lo, hi)] + \
                    [(h, False) for h in self.weak.find(toks, lo, hi)]
                doubts = [h.first for h in self.hypothetical.find(toks, lo, hi)]
                before = len(kinds)
                for kind, ms, me in matches:
                    if ca <= ms < cb:
                        first = min(bisect_left(starts, ms, lo, hi), hi - 1)
                        found.append((Hit(kind, ms, min(me, cb), first, first + 1), True))
                for hit, strong in sorted(found, key=lambda x: x[0].first):
                    if self._negated(toks, hit.first, lo) or any(d < hit.first for d in doubts):
                        continue
                    if not strong:
                        ctx = self.context.get(hit.tag)
                        if ctx is None or not ctx.find(toks, slo, shi):
                            continue
                        also = self.also_context.get(hit.tag)
                        if also is not None and not also.find(toks, slo, shi):
                            continue
                    if hit.tag not in kinds:
                        kinds.append(hit.tag)
                        cue = cue or text[hit.start:hit.end]
                if len(kinds) == before:
                    self._live(text, toks, lo, hi, slo, shi, sentence, doubts, kinds, cues)
        if not kinds:
            return None
        cue = cue or (cues[0] if cues else "")
        routes: list[str] = []
        for kind in kinds:
            routes += [r for r in self.vocab.risk_routes(kind) if r not in routes]
        return Risk(tuple(kinds), cue, tuple(routes))
