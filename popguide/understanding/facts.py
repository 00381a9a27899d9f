"""Facts from an answer: each clause, or each part of a clause, filed under a side of the triangle, a
controller, a time pattern, a count with its source, or what has been tried.

Rules, not a model: cue words from the vocabulary find the sides; a clause naming several sides is cut
at the joining word between them ("lads from the estate | come in through | a gap in the fence");
time phrases and counts are found as phrases of their own; a clause with no cue takes the side the
question asked about.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

from .amounts import Numbers
from .hints import hint_matchers as _hint_matchers
from .clauses import split, trim
from .records import Fact
from .vocabulary import SIDES, Hit, Vocabulary, raw_tokens, tokens

_CLOCK = re.compile(
    r"\b(?:between|from|after|before|until|till|around|about|at|by)?\s*"
    r"\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.?|p\.m\.?|hrs|o'?clock)?\s?(?:-|\u2013|to|till|until|and)\s?"
    r"\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.?|p\.m\.?|hrs|o'?clock|ish)"
    r"|\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.?|p\.m\.?|o'?clock)"
    r"|\b[012]?\d[:.][0-5]\d\s?(?:-|\u2013|to|till|until)\s?[012]?\d(?:[:.][0-5]\d)?\b"
    r"|\b[012]?\d[:.][0-5]\d\b|\b[012]\d{3}\s?(?:hrs|hours)\b"
    r"|\b(?:after|from|before|until|till|past)\s(?:about\s|around\s|roughly\s)?(?:1[0-2]|0?[1-9]|six|seven|eight|nine|ten|eleven|midnight)\b(?!\s?(?:calls|reports|times|lads))"
    r"|\b(?:at|around|about)\s(?:[1-9]|1[0-2])\b(?!\d|\s?(?:calls|reports|times|lads|of|or|to|people|kids|youths)"
    r"|\s(?-i:[A-Z]))(?![,.]\d)"
    r"|\b\d{1,2}\s?(?:-|\u2013|to|till)\s?late\b",
    re.I,
)
_NAMED_PLACE = re.compile(
    r"\b(?:\d{1,4}[a-z]?\s+)?(?:[A-Z][a-z']+\s+){1,3}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|"
    r"Crescent|Grove|Court|Place|Terrace|Gardens|Walk|Row|Square|Parade|Park|Green|Hill|Rise|View|Mews|Fold|"
    r"Brow|Wynd|Estate|Centre|Precinct|Retail Park)\b")
_PRONOUNS = {"they", "theyre", "theyve", "he", "hes", "she", "shes", "we", "weve", "it", "its", "i", "ive", "you"}
_JOINS = {"and", "but", "then", "so", "plus"}
_SUBJECTS = {"they", "he", "she", "who", "people", "someone", "somebody", "others", "theyre", "hes", "shes", "some"}
_NAMED_OWNER = re.compile(r"\b((?-i:[A-Z][\w&'-]+)(?:\s+(?-i:[A-Z][\w&'-]+)){0,3})\s+(?:own|owns|owned|run|runs|"
                          r"manage|manages|are\s+the\s+(?:landlord|owners?)|is\s+the\s+(?:landlord|owner))\b")
_DETERMINERS = {"a", "an", "the", "his", "her", "their", "my", "our", "your", "some", "two", "three", "four", "five",
                "this", "that", "these", "those", "one", "of", "its", "local", "young", "old", "older", "little"}
_TRAIL = {",", "the", "a", "an", "of", "with", "for", "and", "&", "or", "but", "who", "which", "that", "is", "are",
          "was", "were", "has", "have", "had", "to", "be", "been", "as", "so", "because", "when", "where", "if",
          "then", "than", "at", "in", "on", "by", "from", "into", "onto", "through", "via", "near", "behind"}
_ING_NOUNS = {"evening", "morning", "building", "parking", "housing", "nothing", "something", "anything", "everything",
              "thing", "king", "ring", "spring", "string", "ceiling", "railing", "railings", "crossing", "landing",
              "clothing", "offending", "lighting", "during", "fencing", "gating", "wedding", "meeting", "funding",
              "shopping", "filling", "ceiling", "bedding", "pudding", "sibling", "stabbing", "shooting", "dealing",
              "selling", "riding", "begging", "fly-tipping", "tipping", "vandalising", "speeding"}
_PREPOSITIONS = {"on", "at", "in", "by", "near", "behind", "outside", "next", "to", "opposite", "inside", "off", "along"}
_ADVERBS = {"also", "already", "recently", "just", "now", "since", "finally", "eventually", "then", "once", "twice"}
_HOURS = {"open", "opens", "opened", "close", "closes", "closed", "shut", "shuts", "shutting", "closing", "opening"}
_PARTICLES = {"up", "down", "in", "on", "out", "off", "over", "round", "around", "back", "away"}
_PASSIVE = {"get", "gets", "got", "are", "is", "was", "were", "been", "being", "have", "has", "had", "getting", "keep",
            "keeps"}
# between a person and what is done to them: "staff who are threatened", "residents that feel intimidated"
_UNDERGOES = _PASSIVE | {"who", "that", "feel", "feels", "felt", "often", "regularly", "constantly", "also", "all",
                         "always", "repeatedly", "routinely", "now", "still", "then"}
_STOP = {"yet", "still", "really", "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "it", "is", "are", "was", "they", "them",
         "we", "i", "he", "she", "there", "this", "that", "these", "those", "be", "been", "have", "has", "had", "do",
         "does", "did", "just", "so", "very", "really", "also", "then", "with", "for", "by", "from", "as", "its",
         "their", "our", "my", "your", "his", "her", "what", "which", "who", "where", "when", "how", "any", "some",
         "all", "more", "most", "other", "into", "about", "than", "too", "can", "could", "would", "should", "will",
         "not", "no", "yes", "like", "get", "got", "out", "up", "down", "over", "off", "if", "you", "us", "me"}


class _Text:
    """One answer, tokenised and matched once; clauses read their part of it."""

    def __init__(self, reader: "FactReader", text: str, question: str | None):
        self.text = text
        raw = raw_tokens(text)
        self.toks = toks = [t for t in raw if t[0] != "-"]
        self.starts = [t[1] for t in toks]
        self.side_hits = reader.sides.find(toks)
        people_at = {h.first for h in self.side_hits if h.tag in ("handler", "guardian", "manager")}
        # "the football coach": a time word right before a controller's noun only says which one
        self.time_raw = [(h.start, h.end) for h in reader.time.find(toks) if h.last not in people_at] + \
            [m.span() for m in _CLOCK.finditer(text)]
        self.time_raw.sort()
        time_first = {h.first for h in reader.time.find(toks) if toks[h.first][0] not in reader.leads
                      and toks[h.first][0] not in _PREPOSITIONS and toks[h.first][0] not in _TRAIL}
        self.side_hits = [h for h in self.side_hits if not (h.tag == "place" and h.last in time_first)]
        self._add_named_places(text)
        self._add_named_owners(text)
        self._add_opening_hours()
        self.role_hits = reader.roles.find(toks)
        self.wished = [h.first for h in reader.wished.find(toks)]
        bounds = {h.first for h in reader.bounds.find(toks)}
        bounds |= {k for k, t in enumerate(toks) if len(t[0]) > 5 and t[0].endswith("ing") and t[0] not in _ING_NOUNS}
        self.bounds = bounds
        self.counts = [(start, end) for count, start, end, _, _ in reader.numbers.find(text, raw)
                       if reader.is_source(count.source) or (question == "count" and not count.source)
                       or (count.period and reader.numbers.has_duration(count.period)
                           and len(count.source.split()) <= 2 and count.value != 1)]

    def _add_named_owners(self, text: str) -> None:
        """"Peel own the retail park": a name that owns or runs something is a manager."""
        extra = []
        for m in _NAMED_OWNER.finditer(text):
            first, last = self.tok_at(m.start(1)), self.tok_at(m.end(1))
            if last > first and not any(h.first < last and first < h.last for h in self.side_hits):
                extra.append(Hit("manager", m.start(1), m.end(1), first, last))
        if extra:
            self.side_hits = sorted(self.side_hits + extra, key=lambda h: h.first)

    def _add_opening_hours(self) -> None:
        """"The arcades close at 8", "the shop opens at 7": whoever keeps the hours runs the place."""
        toks = self.toks
        out = []
        for h in self.side_hits:
            k = h.last
            if h.tag in ("place", "guardian") and k + 1 < len(toks) and toks[k][0] in _HOURS \
                    and toks[k + 1][0] in ("at", "till", "until", "from", "around", "about", "early", "late", "by"):
                h = Hit("manager", h.start, h.end, h.first, h.last)
            out.append(h)
        self.side_hits = out

    def _add_named_places(self, text: str) -> None:
        """Street names ("8 Ash Walk", "Croxteth Park Road") are places even when the word is not a cue."""
        extra = []
        for m in _NAMED_PLACE.finditer(text):
            first, last = self.tok_at(m.start()), self.tok_at(m.end())
            if last <= first or any(h.first < last and first < h.last and h.tag != "place" and
                                    h.last - h.first >= last - first for h in self.side_hits):
                continue
            extra.append(Hit("place", m.start(), m.end(), first, last))
        if extra:
            kept = [h for h in self.side_hits if not any(e.first < h.last and h.first < e.last for e in extra)]
            self.side_hits = sorted(kept + extra, key=lambda h: h.first)

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after character `pos`."""
        return bisect_left(self.starts, pos)


class FactReader:
    def __init__(self, vocab: Vocabulary, numbers: Numbers):
        self.vocab = vocab
        self.numbers = numbers
        self.sides = vocab.sides
        self.time = vocab.time_words
        self.joiners = vocab.time_joiners
        self.leads = vocab.time_leads
        self.bounds = vocab.boundaries
        self.attach = vocab.attach
        self.lead_in = vocab.lead_in
        self.sources = vocab.count_sources
        self.vague_any = vocab.vague["any"]
        self.wished = vocab.wished
        self.roles = vocab.roles

    def is_source(self, source: str) -> bool:
        """Whether a count's source names a record or an event ("calls", "ASB reports"), near its start."""
        toks = tokens(source)
        return any(self.sources.longest_at(toks, k, len(toks)) for k in range(min(3, len(toks))))

    # -- phrases of their own: time and counts ------------------------------------------------------
    def _time_spans(self, t: _Text, lo: int, hi: int) -> list[tuple[int, int]]:
        toks = t.toks
        a0, b0 = toks[lo][1], toks[hi - 1][2]
        ranges = []
        for a, b in t.time_raw:
            if a < a0 or b > b0:
                continue
            first = t.tok_at(a)
            last = t.tok_at(b)
            if last > first:
                ranges.append([first, last])
        if not ranges:
            return []
        merged: list[list[int]] = []
        for r in ranges:
            if merged:
                gap = [toks[k][0] for k in range(merged[-1][1], r[0])]
                if r[0] <= merged[-1][1] or (len(gap) <= 3 and all(g in self.joiners or g == "," for g in gap)):
                    merged[-1][1] = max(merged[-1][1], r[1])
                    continue
            merged.append(r)
        out = []
        for a, b in merged:
            k = a
            while k - 1 >= lo and a - (k - 1) <= 3 and (toks[k - 1][0] in self.leads or toks[k - 1][0] == "the"):
                k -= 1
            out.append((toks[k][1], toks[b - 1][2]))
        return out

    # -- the side parts of a clause --------------------------------------------------------------------
    def _trim_words(self, toks, a: int, b: int) -> tuple[int, int]:
        """Token range [a, b) without lead-in fillers and joining words at its edges."""
        changed = True
        while changed and a < b:
            changed = False
            for m in (self.lead_in, self.bounds):
                hit = m.longest_at(toks, a, b)
                if hit:
                    a += hit[0]
                    changed = True
                    break
        while b > a and (toks[b - 1][0] in _TRAIL or (self.bounds.longest_at(toks, b - 1, b)
                                                     and toks[b - 1][0] not in _PARTICLES)):
            b -= 1
        return a, b

    def _segments(self, t: _Text, lo: int, hi: int, hits: list[Hit]) -> list[tuple[str, int, int, int, int]]:
        """(side, first token, end token, first cue token, cue end) parts of a clause, cut between cues of
        different sides."""
        toks = t.toks
        groups: list[list] = []  # [side, first, last, hits]
        for h in hits:
            if groups and groups[-1][0] == h.tag:
                groups[-1][2] = h.last
                groups[-1][3] += 1
                continue
            if groups:
                prev = groups[-1]
                gap_lo, gap_hi = prev[2], h.first
                gap = [toks[k][0] for k in range(gap_lo, gap_hi)]
                attach = self.attach.find(toks, gap_lo, gap_hi)
                attached = {k for a in attach for k in range(a.first, a.last)}
                verbs = [k for k in range(gap_lo, gap_hi) if k in t.bounds and k not in attached
                         and toks[k][0] not in _PREPOSITIONS]
                person = prev[0] in ("offender", "victim", "handler", "guardian", "manager")
                # the attach word must lead to the next cue: "lads from the estate", not "kids getting phones
                # taken off them in the underpass"
                near = attach and all(g in _DETERMINERS or g in _PREPOSITIONS or t.text[toks[k][1]].isupper()
                                      or g[:1].isdigit() for k, g in zip(range(attach[-1].last, gap_hi),
                                                                         gap[attach[-1].last - gap_lo:]))
                if person and attach and not verbs and near:
                    # "lads from the estate", "Network Rail own the bridge": one phrase
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if prev[3] == 1 and toks[prev[2] - 1][0] == "by" and h.tag in ("handler", "guardian", "manager") \
                        and all(g in _DETERMINERS for g in gap):
                    # "managed by the Probation Service": who does it decides the side
                    prev[0] = h.tag
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if prev[0] in ("handler", "guardian", "manager") and gap and not verbs \
                        and all(g in _PREPOSITIONS or g in _DETERMINERS or t.text[toks[k][1]].isupper()
                                for k, g in zip(range(gap_lo, gap_hi), gap)):
                    # "the youth worker at the Beechwood centre", "the petrol station on Mill Lane"
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                # the word right before the cue owns it: "the ringleader's mum", "a vulnerable man's flat"
                owned = _possessive(t.text, toks[gap_lo - 1]) if not gap else (
                    len(gap) == 1 and h.tag not in ("time", "count") and _possessive(t.text, toks[gap_lo]))
                head = (" ".join(toks[k][0] for k in range(h.first, h.last)) in self.vocab.heads
                        or toks[h.first][0] in self.vocab.heads)
                headless = prev[3] == 1 and all(toks[k][0] in self.vocab.headless for k in range(prev[1], prev[2]))
                if owned and h.tag not in ("tried", "victim"):
                    # what is owned is the head
                    prev[0] = h.tag
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if not gap and h.tag not in ("tried", "time", "count") and headless:
                    # "same few streets": the noun after a word with no head of its own decides the side
                    prev[0] = h.tag
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if not gap and h.tag != "tried" and (head or (h.tag != "victim" and prev[3] == 1
                                                              and prev[0] in ("place", "manager", "guardian"))):
                    # "the school caretaker", "council flat", "the ringleader's mum": the last noun is the head
                    prev[0] = h.tag
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                lone = h.last - h.first == 1 and (toks[h.first][0].endswith("ed")
                                                  or toks[h.first][0] in self.vocab.role_words)
                if h.tag == "victim" and person and lone and gap and len(gap) <= 8 and any(
                        g in ("are", "is", "was", "were", "being", "get", "gets", "got", "getting") for g in gap):
                    # "library staff on the Broadway are being sworn at and threatened": the subject is the victim
                    prev[0] = "victim"
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if h.tag == "victim" and gap and (all(g in _PASSIVE for g in gap)
                                                  or person and all(g in _UNDERGOES for g in gap)):
                    # "the small shops get hit hardest": the subject is the victim
                    prev[0] = "victim"
                    prev[2] = h.last
                    prev[3] += 1
                    continue
                if gap and all(g in _DETERMINERS for g in gap):
                    # "nearly hit a kid": one phrase
                    prev[2] = h.last
                    prev[3] += 1
                    continue
            groups.append([h.tag, h.first, h.last, 1])
        if not groups:
            return []
        tried = next((i for i, g in enumerate(groups) if g[0] == "tried"), None)
        if tried is not None:
            # what was done, by whom, to whom: one fact; but "the Trust own it and have put boulders" keeps
            # the part before the joining word
            start = lo
            if tried > 0:
                joins = [k for k in range(groups[tried - 1][2], groups[tried][1]) if toks[k][0] in _JOINS]
                if joins:
                    start = joins[-1]
                elif all(g[0] in ("manager", "handler", "guardian") for g in groups[:tried]) and all(
                        toks[k][0] in _PASSIVE or toks[k][0] in _ADVERBS for k in range(groups[tried - 1][2],
                                                                                        groups[tried][1])):
                    # "The train company | has put extra BTP on": who did it is a controller of its own
                    start = groups[tried][1]
            tail = [("tried", start, hi, groups[tried][1], groups[tried][2])]
            if start == lo:
                return tail
            groups = groups[:tried]
            hi = start
        else:
            tail = []
        start = lo
        lead = [toks[k][0] for k in range(lo, groups[0][1])]
        if groups[0][0] in ("place", "victim") and any(w in _PRONOUNS for w in lead):
            # "they come in through | a gap in the fence": the pronoun and its verb are not the place
            last_pronoun = max(lo + i for i, w in enumerate(lead) if w in _PRONOUNS)
            bounds = [k for k in range(last_pronoun + 1, groups[0][1]) if k in t.bounds]
            if bounds:
                start = bounds[0]
        cuts = [start]
        for prev, nxt in zip(groups, groups[1:]):
            bounds = [k for k in range(prev[2], nxt[1]) if k in t.bounds]
            cuts.append(bounds[-1] if bounds else nxt[1])
        cuts.append(hi)
        return [(g[0], a, b, g[1], g[2]) for g, a, b in zip(groups, cuts, cuts[1:])] + tail

    def facts(self, text: str, *, question: str | None = None, hints: Sequence[str] = ()) -> list[Fact]:
        if question is not None and question not in SIDES:
            question = None
        t = _Text(self, text, question)
        toks = t.toks
        if not toks:
            return []
        hint_matchers = _hint_matchers(tuple(hints), question) if hints else ()
        facts: list[Fact] = []

        def add_span(side: str, a: int, b: int) -> None:
            a, b = trim(text, a, b)
            if b > a:
                facts.append(Fact(side, text[a:b], a, b))

        def add_tokens(side: str, ta: int, tb: int) -> bool:
            if tb <= ta or not any(toks[k][0] not in _STOP and toks[k][0].isalnum() for k in range(ta, tb)):
                return False  # "they", "it": nothing to note
            if side == "place" and question != "place" and tb - ta <= 2 and not any(
                    text[toks[k][1]].isupper() or text[toks[k][1]].isdigit()
                    for k in range(ta, tb) if toks[k][0] not in _DETERMINERS):
                return False  # "the road", "the garages" in passing: not a place worth noting
            words = [toks[k][0] for k in range(ta, tb) if toks[k][0].isalnum()]
            if side != question and all(w in headless or w in _STOP for w in words):
                return False  # "Same few", "the same ones": no head noun, nothing to note
            if side != question and len(words) == 1 and not text[toks[ta][1]].isupper() and (
                    words[0].endswith("ed") or words[0] in lone_verbs):
                # "threatened": a lone verb is not a fact, but "she was intimidated" names who
                k = ta
                while k - 1 >= clause_lo and ta - k < 4 and toks[k - 1][0] in _UNDERGOES | {"been", "being"}:
                    k -= 1
                if k - 1 >= clause_lo and toks[k - 1][0] in _PRONOUNS and k < ta:
                    ta = k - 1
                else:
                    return False
            a, b = trim(text, toks[ta][1], toks[tb - 1][2])
            facts.append(Fact(side, text[a:b], a, b))
            return True

        headless = self.vocab.headless
        lone_verbs = self.vocab.role_words
        clause_lo = 0
        outcomes: list[tuple[int, int]] = []
        hit_i = 0
        side_hits = t.side_hits
        for sentence in split(text):
            for a, b in sentence:
                lo, hi = t.tok_at(a), t.tok_at(b)
                if lo >= hi:
                    continue
                clause_lo = lo
                counts = [(s, e) for s, e in t.counts if a <= s and e <= b]
                times = [x for x in self._time_spans(t, lo, hi)
                         if not any(s <= x[0] and x[1] <= e for s, e in counts)]
                phrases = sorted(times + counts)
                for s, e in times:
                    add_span("time", s, e)
                for s, e in counts:
                    add_span("count", s, e)

                def inside(h: Hit) -> bool:
                    return any(s < h.end and h.start < e for s, e in phrases)

                while hit_i < len(side_hits) and side_hits[hit_i].first < lo:
                    hit_i += 1
                wished = any(lo <= k < hi for k in t.wished)
                hits = []
                k = hit_i
                while k < len(side_hits) and side_hits[k].first < hi:
                    h = side_hits[k]
                    if h.last <= hi and not inside(h):
                        if not (h.tag in ("tried", "guardian") and wished):  # asked for, not there yet
                            hits.append(h)
                    k += 1
                if hint_matchers:
                    had = bool(hits)
                    for side, m, strong in hint_matchers:
                        if not strong and had:
                            continue
                        for h in m.find(toks, lo, hi):
                            if inside(h):
                                continue
                            over = [x for x in hits if x.first < h.last and h.first < x.last]
                            if strong and over and all(x.last - x.first < h.last - h.first for x in over):
                                hits = [x for x in hits if x not in over]  # the scenario's longer phrase wins
                                over = []
                            if not over:
                                hits.append(h)
                    hits.sort(key=lambda h: h.first)
                if not hits and question is None:
                    # no cue word: what people do may still say who they are ("they intimidate anyone")
                    hits = [h for h in t.role_hits if lo <= h.first and h.last <= hi and not inside(h)
                            and any(toks[k][0] in _SUBJECTS for k in range(max(lo, h.first - 2), h.first))]
                objects: dict[int, tuple[int, int]] = {}
                if hits:
                    hits, objects = self._objects(toks, lo, hi, hits)
                outcome = self.vocab.outcomes.find(toks, lo, hi)
                if outcome and question is None and all(
                        h.tag == "tried" and h.first >= outcome[0].first for h in hits):
                    outcomes.append((a, b))
                    continue  # "nothing stuck", "but it's back the next day": how it went, not another thing tried
                if question == "tried" and (hits or any(toks[k][0] not in _STOP for k in range(lo, hi))) \
                        and not self.vague_any.find(toks, lo, hi):
                    hits = [Hit("tried", toks[lo][1], toks[lo][2], lo, lo + 1)]  # all of it is what was tried
                if hits:
                    for side, ta, tb, ca, cb in self._segments(t, lo, hi, hits):
                        if side in ("offender", "victim", "handler") and ca not in objects:
                            side = self._role(t, ta, hi, side, hits, question)
                        if side == "victim" and ca in objects:
                            # "fighting and intimidating | staff": what they do is the offender's part
                            verb_first, verb_last = objects[ca]
                            if verb_first >= ta:
                                if self.roles.find(toks, ta, verb_last):
                                    add_tokens("offender", ta, verb_last)
                                ta = verb_last
                        ta, tb = self._trim_words(toks, ta, tb)
                        if side != "tried":  # what was tried keeps its when and how many
                            ta, tb = self._cut_phrases(toks, ta, tb, phrases)
                            ta, tb = self._trim_words(toks, ta, tb)
                        if ca < cb and not any(s <= toks[ca][1] < e for s, e in phrases):
                            ta, tb = min(ta, ca), max(tb, cb)  # never trim away the cue itself
                        add_tokens(side, ta, tb)
                    continue
                # no cue: the part outside time and count phrases
                ta, tb = self._trim_words(toks, lo, hi)
                ta, tb = self._cut_phrases(toks, ta, tb, phrases)
                ta, tb = self._trim_words(toks, ta, tb)
                content = [toks[k][0] for k in range(ta, tb) if toks[k][0] not in _STOP and toks[k][0].isalnum()]
                if tb <= ta or not content:
                    continue
                if question is not None and question not in ("time", "count") \
                        and not self.vague_any.find(toks, lo, hi):
                    add_tokens(question, ta, tb)
        # a time inside what was tried is when it was tried, not when the problem happens; nor is the time
        # in how it turned out ("back the next night")
        tried = [(f.start, f.end) for f in facts if f.side == "tried"] + outcomes
        if tried:
            facts = [f for f in facts if f.side not in ("time", "count")
                     or not any(a <= f.start and f.end <= b for a, b in tried)]
        facts.sort(key=lambda f: (f.start, f.end))
        return facts

    def _objects(self, toks, lo: int, hi: int, hits: list[Hit]) -> tuple[list[Hit], dict[int, tuple[int, int]]]:
        """A person right after what is done to them ("intimidating staff", "threatening the door staff") is
        the victim, whatever their usual side; returns the hits and, by first token, the verb before each."""
        acts = self.vocab.acts_on.find(toks, lo, hi)
        if not acts:
            return hits, {}
        out, objects = [], {}
        filler = self.vocab.headless | _DETERMINERS
        for h in hits:
            if h.tag in ("offender", "guardian", "handler", "manager", "victim"):
                for a in acts:
                    if a.last <= h.first and h.first - a.last <= 3 and all(
                            toks[k][0] in filler for k in range(a.last, h.first)):
                        h = Hit("victim", h.start, h.end, h.first, h.last)
                        objects[h.first] = (a.first, a.last)
                        break
            out.append(h)
        if objects:  # the verb itself is not a cue of its own ("intimidating" is no offender's name)
            verbs = [objects[k] for k in objects]
            out = [h for h in out if not any(f <= h.first and h.last <= l for f, l in verbs)]
        return out, objects

    def _role(self, t: "_Text", a: int, b: int, side: str, hits: list[Hit], question: str | None = None) -> str:
        """Offender or victim by what the part says they do, when its only cues are words for people that
        could be either ("kids", "residents") and what they do is one-sided."""
        mine = [h for h in hits if a <= h.first and h.last <= b][:1]
        either = self.vocab.either_role
        headless = self.vocab.headless
        if not mine or any(" ".join(t.toks[k][0] for k in range(h.first, h.last)) not in either
                           and not all(t.toks[k][0] in headless for k in range(h.first, h.last)) for h in mine):
            return side
        roles = {h.tag for h in t.role_hits if a <= h.first and h.last <= b}
        if side not in ("offender", "victim"):
            # "parents parking on the zigzags": parents who do the harm are offenders (their own verb, right
            # after them)
            own = {h.tag for h in t.role_hits if mine[0].last <= h.first <= mine[0].last + 1}
            return own.pop() if len(own) == 1 else side
        if len(roles) == 1:
            return roles.pop()
        if not roles and question in ("offender", "victim", "handler", "guardian", "manager"):
            return question  # "residents" asked about as guardians are guardians
        return side


    @staticmethod
    def _cut_phrases(toks, a: int, b: int, phrases) -> tuple[int, int]:
        """Drop time/count phrases at the edges of a token range."""
        changed = True
        while changed and a < b:
            changed = False
            for s, e in phrases:
                if toks[a][1] >= s and toks[a][1] < e:
                    while a < b and toks[a][1] < e:
                        a += 1
                    changed = True
                if a < b and toks[b - 1][2] > s and toks[b - 1][2] <= e:
                    while b > a and toks[b - 1][2] > s:
                        b -= 1
                    changed = True
        return a, b


def _possessive(text: str, tok) -> bool:
    """The word as written ends in a possessive: "man's", "kids'", "man\u2019s" (the token itself drops the apostrophe)."""
    word = text[tok[1]:tok[2] + 1].lower()
    return word.endswith(("'s", "\u2019s", "s'", "s\u2019")) or word[:-1].endswith(("'s", "\u2019s"))
