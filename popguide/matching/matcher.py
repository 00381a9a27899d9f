"""Recognise a problem from the user's own words, and say when it is none of the library's.

How a text is judged:

* it is cut into sentences; each sentence scores every scenario on the rare,
  strongly weighted words it shares with it (and word pairs and names found
  whole), and a scenario's evidence is its best sentences combined with
  diminishing weight, so a long write-up is judged on its strongest parts, not
  on the sum of every passing word;
* a misspelling of a library word is corrected (rapidfuzz), a real English word
  never is ("flying" stays "flying");
* confidence is the evidence scaled by coverage: the share of the text's
  meaningful words that the scenario accounts for. Words the library has never
  used but English has ("hare", "coursing", "teller") count against every
  scenario, so a long account of something else is not matched just because it
  is long;
* a long text must also be one scenario's more than the next few's: one about
  something the library does not hold shares its generic words ("incidents",
  "partners", "dogs") with several scenarios about equally, and loses confidence;
* a text about something the library knows it does not cover (outside.yaml: an IT fault, leave, car
  tax) is matched to nothing unless, with that topic's words taken out, what is left is clearly a problem's:
  "my laptop keeps freezing when I log into the crime system" is an IT fault, "my laptop was stolen
  from my car" is still vehicle crime (and a topic's `unless` words, "stolen", "burgled", keep a short
  "laptop stolen from my car" from being taken for one);
* a second problem is reported when a clause names another scenario (one of its
  titles or aliases, whole) and is more that scenario's evidence than the best
  match's ("this also looks like street drinking");
* explanations are the user's own words, as written.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Iterable, NamedTuple, Sequence

from rapidfuzz import fuzz, process

from ..library.loader import Library
from . import english
from .fields import CORE_WEIGHT
from .names import Hit, NameIndex
from .text import MAX_QUERY_CHARS, Normaliser, Term, clause_starts, sentences

#: A time of day or a speed written as one word ("3am", "11pm", "20mph"): when, or how fast, not what.
_CLOCK = re.compile(r"[0-9]{1,2}(?:am|pm|mph|kmh)|[0-9]{3,4}(?:hrs|h)")
#: A library of at least this many scenarios is indexed with numpy (quicker to build and query at scale).
VECTOR_INDEX_FROM = 200
#: Below this score (0-100) the matcher returns nothing.
ABSTAIN_BELOW = 51.0
#: Evidence that maps to about 63 on the 0-100 scale.
SCORE_SCALE = 5.0
#: A scenario's further sentences count for this fraction of the one before.
SENTENCE_DECAY = 0.5
#: Adjacent word pairs that are also adjacent in the library add this share of their worth.
PHRASE_BONUS = 0.6
#: A name of the problem (title or alias) found whole in the text counts extra.
NAME_BONUS = 0.6
#: Evidence from a single word is discounted: one shared word is weak evidence.
SINGLE_TERM_FACTOR = 0.7
#: A library word's weight at or above which it fully supports a scenario (a symptom's).
FULL_SUPPORT = 0.75
#: Coverage at or above which the evidence counts in full; below, it counts in proportion.
COVERAGE_FULL = 0.32
COVERAGE_POWER = 4.0
#: What a real English word the library never uses weighs against every scenario...
UNKNOWN_WORTH = 1.0
#: ...and this share of that when the library uses it outside its scenarios (partners, glossary).
KNOWN_ELSEWHERE_FACTOR = 0.3
UNKNOWN_MIN_LENGTH = 4
#: An everyday English word keeps this share of its worth; a rare one keeps it all.
EVERYDAY_WORTH = 0.35
#: A word written with a capital (perhaps a name) keeps this share.
NAME_WORTH = 0.3
#: A text with this much topical weight is long enough to be judged on its foreign words:
#: beyond this share of them (words English has and the library never uses) confidence falls,
#: to nothing at this much more.
LONG_TEXT_MASS = 8.0
FOREIGN_SHARE = 0.3
FOREIGN_SPAN = 0.15
#: A sentence needs this much topical weight before its own coverage counts.
SENTENCE_MASS = 1.5
#: Misspellings are corrected for words this long, to library words this similar (0-100).
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 86.0
#: A runner-up is listed only with at least this share of the best match's score.
RUNNER_UP_SHARE = 0.6
#: A clause is another scenario's when its evidence there is this many times that for the best match,
#: and it names that scenario: a title or alias found whole, not all in the best match's words.
ALSO_LEAD = 1.2
#: A name this rare at least (its words' idf against the rarest's): "begging" counts, "crime" does not.
ALSO_NAME_WORTH = 0.6
#: A text that names a scenario whole (a title or alias this rare, against the rarest word's idf)
#: is taken to be about it: its coverage counts as at least NAMED_COVERAGE.
NAMED_WORTH = 0.6
NAMED_COVERAGE = 0.32
#: ...if the text is short (this much topical weight at most: a sentence or two as an officer says it).
SHORT_TEXT_MASS = 4.0
#: The clauses that name a second problem must hold this much of its evidence together (a score of 50
#: on their own), or this much when the name is of several words ("street drinking", not "glass").
ALSO_EVIDENCE = -SCORE_SCALE * math.log(1.0 - ABSTAIN_BELOW / 100.0)
ALSO_PHRASE_EVIDENCE = 2.5
#: The best scenario's evidence against the mean of the best STANDOUT_OF: at STANDOUT_FULL or more a long text's
#: coverage counts in full, below it in proportion (see _standout).
STANDOUT_OF = 5
STANDOUT_FULL = 1.25
#: A question about procedure ("how do I renew my permit", synonyms.yaml: procedure_questions) with no word that
#: makes it about a problem keeps this share of its score: only a strong match is still offered.
PROCEDURE_FACTOR = 0.6
#: A text partly about something outside the library (outside.yaml) is matched only when what is left without
#: that topic's words is clearly about a problem: a strong match, not just a confident one.
OUTSIDE_REST_SCORE = 80.0
#: A long write-up that matches nothing with confidence is shown its nearest scenarios with at least this score,
#: as weak ones the user may pick: its problem is often the best ranked, just below ABSTAIN_BELOW.
CLOSEST_MIN = 20.0
CLOSEST_SHOWN = 2
#: Scenarios considered for the second problem.
ALSO_CANDIDATES = 6


def _standout(order: list[tuple[int, float]], mass: float) -> float:
    """How far the best scenario stands out from the next few, as a factor on a long text's coverage (1: fully).

    A write-up about something the library does not hold shares its generic words with many scenarios about
    equally; one about a problem the library holds is far more that problem's than the next."""
    best = [v for _, v in order[:STANDOUT_OF]]
    mean = sum(best) / STANDOUT_OF  # fewer than STANDOUT_OF scenarios with evidence: the rest count as 0
    if mean <= 0.0:
        return 1.0
    ratio = best[0] / mean
    factor = min(1.0, max(0.0, (ratio - 1.0) / (STANDOUT_FULL - 1.0)))
    share = min(1.0, max(0.0, (mass - SHORT_TEXT_MASS) / (LONG_TEXT_MASS - SHORT_TEXT_MASS)))
    return 1.0 - share * (1.0 - factor)


def _phrases(words: Sequence[str], endings: str = "") -> re.Pattern | None:
    """One pattern for a list of phrases, each matched whole and case-insensitively (with ``endings``, a regex
    for what may follow the last word, such as a plural)."""
    if not words:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")"
                      + endings + r"(?![\w'])", re.I)


#: What may end a word of outside.yaml in a text: "printers", "hacked", "logging".
_OUTSIDE_ENDINGS = r"(?:s|es|d|ed|ing)?"


@dataclass(frozen=True)
class Match:
    id: str
    title: str
    score: float
    why: list[str]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "score": self.score, "why": list(self.why)}


@dataclass(frozen=True)
class MatchResult:
    """The ranked matches, and a second problem the text also holds (or None)."""

    matches: list[Match]
    also: Match | None = None
    #: What the text is about when it is something the library does not cover (outside.yaml), or None.
    outside: str | None = None
    #: When a long write-up matched nothing with confidence: the nearest scenarios, offered as weak ones.
    closest: list[Match] = field(default_factory=list)

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    def also_line(self) -> str | None:
        """A sentence for the guide and the plan: "This also looks like street drinking ..."."""
        if self.also is None:
            return None
        title = self.also.title[:1].lower() + self.also.title[1:]
        words = f" ({', '.join(self.also.why[:3])})" if self.also.why else ""
        return f"This also looks like {title}{words}."

    def to_dict(self) -> dict:
        return {"matches": [m.to_dict() for m in self.matches],
                "also": self.also.to_dict() if self.also else None, "outside": self.outside,
                "closest": [m.to_dict() for m in self.closest]}


class _Outside(NamedTuple):
    """What a text says it is about from outside.yaml, and the text with every outside word taken out."""

    title: str
    rest: list[str]


@dataclass
class _Query:
    """A text resolved against the index."""

    sentences: list[dict[str, float]]  # per sentence: known stem -> credit
    pairs: list[set[tuple[str, str]]]  # per sentence: adjacent known pairs found in the library
    credit: dict[str, float]  # whole text: known stem -> best credit
    surfaces: dict[str, list[str]]  # known stem -> the user's words for it, as written
    mass: dict[str, float]  # known stem -> how topical the word is (rare in the library and in English)
    unknown: dict[str, float]  # real words the library never uses -> how topical they are
    sentence_unknown: list[float]  # per sentence: the topical weight of its unknown words
    clauses: list[dict[str, float]]  # per clause: known stem -> credit
    named: dict[int, float] = field(default_factory=dict)  # scenario named whole -> the idf of its name
    procedure: bool = False  # a question about procedure ("how do I renew my permit"), not a problem

    @property
    def topical_mass(self) -> float:
        """How much the text says about any topic: its known words' topical weight and its unknown words'."""
        return sum(self.mass.values()) + sum(self.unknown.values())


class Matcher:
    """Ranks scenarios against free text; build once per library load."""

    def __init__(self, library: Library, *, read_word_list: bool = True):
        """Build the index. ``read_word_list=False`` for a few queries only (the command line):
        the English word list is then looked up word by word until it is worth reading whole."""
        self.library = library
        self.norm = Normaliser(library)
        # A large library is indexed with numpy; a small one in plain Python (no numpy to import).
        self._vectors = len(library.scenarios) >= VECTOR_INDEX_FROM
        if self._vectors:
            from .index import Index

            self.index = Index(library, self.norm)
        else:
            from .small import SmallIndex

            self.index = SmallIndex(library, self.norm)
        self.docs = self.index.docs
        #: Numbers that name something ("999", "101", "section 59"): in a scenario's names or keywords, read after
        #: the synonyms, so that a number inside a phrase ("year 9", one way of saying school pupils) names nothing.
        self._numbers = self.index.numbers_in_names()
        self._procedure = _phrases(library.procedure_questions)
        self._problem_words = _phrases(library.problem_words)
        self._outside = [(topic.title, pattern, _phrases(topic.unless, _OUTSIDE_ENDINGS))
                         for topic in library.outside_topics.values()
                         if (pattern := _phrases(topic.words, _OUTSIDE_ENDINGS)) is not None]
        self._by_initial: dict[str, list[str]] = {}
        for term in self.index.core:
            if len(term) >= FUZZY_MIN_LENGTH - 1 and term[0].isalpha():
                self._by_initial.setdefault(term[0], []).append(term)
        self._fuzzy_cache: dict[str, tuple[str, float] | None] = {}
        self._names: NameIndex | None = None
        if read_word_list:
            english.words()  # read the word list now (once per process), not on the first keystroke

    # -- reading the text --------------------------------------------------------
    def _resolve(self, term: Term) -> tuple[str, float] | None:
        """The library stem for a query word: itself, or the library word it misspells."""
        st = term.stem
        if (st.isdigit() or _CLOCK.fullmatch(st)) and st not in self._numbers:  # "47 calls", "3am": not a topic
            return None
        if st in self.index.vocab:
            return st, 1.0
        if len(st) < FUZZY_MIN_LENGTH or not st[0].isalpha() or st in self.index.known:
            return None
        if st in self._fuzzy_cache:
            return self._fuzzy_cache[st]
        result = None
        if not english.is_word(term.word):  # a real word is never turned into another one
            found = process.extractOne(st, self._by_initial.get(st[0], []), scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF)
            result = (found[0], (found[1] / 100.0) ** 2) if found else None
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[st] = result
        return result

    def _read(self, texts: Sequence[str]) -> _Query:
        q = _Query([], [], {}, {}, {}, {}, [], [])
        q.procedure = self._asks_procedure(texts)
        for text in texts:
            for sentence in sentences(text):
                seen: dict[str, float] = {}
                resolved: list[str | None] = []
                unknown: dict[str, float] = {}
                # Clauses by position, so that a synonym ("breaking and entering") is read whole.
                bounds = clause_starts(sentence)
                by_clause: list[dict[str, float]] = [{} for _ in range(len(bounds) + 1)]
                for term in self.norm.query(sentence):
                    hit = self._resolve(term)
                    resolved.append(hit[0] if hit else None)
                    if hit is None:
                        self._note_unknown(unknown, term)
                        continue
                    st, credit = hit
                    in_clause = by_clause[bisect_right(bounds, term.start)]
                    in_clause[st] = max(in_clause.get(st, 0.0), credit)
                    seen[st] = max(seen.get(st, 0.0), credit)
                    self._note_known(q, term, st, credit)
                q.clauses.extend(c for c in by_clause if c)
                for st, v in unknown.items():
                    q.unknown[st] = max(q.unknown.get(st, 0.0), v)
                if seen:
                    q.sentence_unknown.append(sum(unknown.values()))
                    q.sentences.append(seen)
                    q.pairs.append({(a, b) for a, b in zip(resolved, resolved[1:])
                                    if a and b and self.index.pair_docs[(a, b)]})
        return q

    def _asks_procedure(self, texts: Sequence[str]) -> bool:
        """A question about how to do something routine, not about a problem to solve."""
        if self._procedure is None:
            return False
        joined = " ".join(text[:MAX_QUERY_CHARS] for text in texts)
        return bool(self._procedure.search(joined)) and not (self._problem_words and self._problem_words.search(joined))

    def _note_known(self, q: _Query, term: Term, st: str, credit: float) -> None:
        q.credit[st] = max(q.credit.get(st, 0.0), credit)
        q.mass[st] = max(q.mass.get(st, 0.0), credit * self._worth(st, term))
        surfaces = q.surfaces.setdefault(st, [])
        if term.surface.lower() not in (s.lower() for s in surfaces):
            surfaces.append(term.surface)

    def _worth(self, st: str, term: Term) -> float:
        """How much a word says about the topic, 0 to 1: rare in the library, and not everyday English.

        A name ("Tesco", "Birmingham") says little about which problem it is.
        """
        if st.isdigit() and st not in self.index.core:
            return 0.0
        worth = min(1.0, self.index.idf[st] / self.index.idf_max)
        rarity = english.rarity(term.word)
        if rarity is not None:
            worth *= EVERYDAY_WORTH + (1.0 - EVERYDAY_WORTH) * rarity
        return worth * (NAME_WORTH if term.capital else 1.0)

    def _note_unknown(self, unknown: dict[str, float], term: Term) -> None:
        """A real word the library does not use: evidence the text is about something else."""
        if term.capital or len(term.word) < UNKNOWN_MIN_LENGTH or not term.word.isalpha():
            return
        rarity = english.rarity(term.word)
        if rarity is None:  # a name, a typo nobody could place: no evidence either way
            return
        if term.stem in self.index.known:  # the library's own register, outside any scenario
            rarity *= KNOWN_ELSEWHERE_FACTOR
        unknown[term.stem] = max(unknown.get(term.stem, 0.0), UNKNOWN_WORTH * rarity)

    # -- scoring -------------------------------------------------------------------
    def _evidence(self, q: _Query) -> dict[int, float]:
        """Each scenario's combined evidence: its best sentences, then names found whole."""
        if self._vectors:
            return self._evidence_vectors(q)
        idx = self.index
        per_sentence: dict[int, list[float]] = {}
        raw: dict[int, float] = {}
        for terms, pairs in zip(q.sentences, q.pairs):
            scores: dict[int, float] = {} if len(q.sentences) > 1 else raw
            get = scores.get
            for st, credit in terms.items():
                idf = idx.idf[st]
                if idf <= 0.0:
                    continue
                worth = idf * credit
                for n, weight in idx.postings[st]:
                    scores[n] = get(n, 0.0) + weight * worth
            for a, b in pairs:
                bonus = PHRASE_BONUS * (idx.idf[a] + idx.idf[b]) / 2
                for n in idx.pair_docs[(a, b)]:
                    scores[n] = get(n, 0.0) + bonus
            if scores is not raw:
                for n, value in scores.items():
                    per_sentence.setdefault(n, []).append(value)
        for n, values in per_sentence.items():
            values.sort(reverse=True)
            raw[n] = sum(v * SENTENCE_DECAY ** k for k, v in enumerate(values))
        query_terms = set(q.credit)
        named: dict[int, float] = {}
        for term in query_terms:
            for n, name in idx.name_postings.get(term, ()):
                if name <= query_terms:
                    named[n] = max(named.get(n, 0.0), NAME_BONUS * sum(idx.idf[t] for t in name))
        q.named = {n: v / NAME_BONUS for n, v in named.items()}
        for n, value in named.items():
            raw[n] = raw.get(n, 0.0) + value
        words: dict[int, int] = {}
        for st in query_terms:
            if idx.idf[st] > 0.0:
                for n, _ in idx.postings[st]:
                    words[n] = words.get(n, 0) + 1
        for n in raw:
            if words.get(n, 0) <= 1 and n not in named:
                raw[n] *= SINGLE_TERM_FACTOR
        return raw

    def _evidence_vectors(self, q: _Query) -> dict[int, float]:
        """``_evidence`` with numpy, for a large library: the same sums over posting arrays."""
        import numpy as np

        idx = self.index
        n_docs = len(self.docs)
        rows: list[np.ndarray] = []
        for terms, pairs in zip(q.sentences, q.pairs):
            scores = np.zeros(n_docs)
            for st, credit in terms.items():
                idf = idx.idf[st]
                if idf <= 0.0:
                    continue
                docs, weights = idx.posting_arrays(st)
                scores[docs] += weights * (idf * credit)  # a scenario is once in a word's postings
            for a, b in pairs:
                docs = idx.pair_docs[(a, b)]
                scores[docs] += PHRASE_BONUS * (idx.idf[a] + idx.idf[b]) / 2
            rows.append(scores)
        if not rows:
            return {}
        if len(rows) == 1:
            raw = rows[0]
        else:  # each scenario's sentences, best first, each worth half the one before
            table = -np.sort(-np.vstack(rows), axis=0)
            raw = SENTENCE_DECAY ** np.arange(len(rows)) @ table
        query_terms = {t: idx.idf[t] for t in q.credit}
        named_docs, worth = idx.names_found(query_terms)
        named = np.zeros(n_docs)
        np.maximum.at(named, named_docs, NAME_BONUS * worth)
        found = np.flatnonzero(named)
        q.named = dict(zip(found.tolist(), (named[found] / NAME_BONUS).tolist()))
        raw = raw + named
        words = np.zeros(n_docs, dtype=np.int64)
        for st, idf in query_terms.items():
            if idf > 0.0:
                words[idx.posting_arrays(st)[0]] += 1
        is_named = np.zeros(n_docs, dtype=bool)
        is_named[named_docs] = True
        raw[(words <= 1) & ~is_named] *= SINGLE_TERM_FACTOR
        some = np.flatnonzero(raw > 0.0)
        return dict(zip(some.tolist(), raw[some].tolist()))

    def _contributions(self, q: _Query, n: int) -> dict[str, float]:
        """What each of the text's words gave scenario n."""
        weight, idf = self.docs[n].weights.get, self.index.idf
        out = {}
        for st, credit in q.credit.items():
            w = weight(st, 0.0)
            if w > 0.0:
                out[st] = idf[st] * credit * w
        return out

    def _coverage(self, q: _Query, n: int, terms: Iterable[str] | None = None) -> float:
        """The share of the text's meaningful words that scenario n accounts for.

        Taken over the whole text and over each sentence with enough to say, and the best
        of these kept: a long write-up is about its problem where it describes it.
        """
        weight = self.docs[n].weights.get
        allowed = set(q.credit) if terms is None else set(terms)

        def share(words: Iterable[str], unknown: float) -> tuple[float, float]:
            words = [t for t in words if t in allowed]
            mass = sum(q.mass[t] for t in words) + unknown
            support = sum(q.mass[t] * min(1.0, weight(t, 0.0) / FULL_SUPPORT) for t in words)
            return (support / mass if mass > 0 else 0.0), mass

        unknown = sum(q.unknown.values())
        best, mass = share(q.credit, unknown)
        if mass <= 0.0:
            return 1.0
        # A long write-up whose topical words are largely foreign to the library is about
        # something else, however well one of its sentences fits.
        foreign = 1.0
        if mass >= LONG_TEXT_MASS:
            foreign = min(1.0, max(0.0, 1.0 - (unknown / mass - FOREIGN_SHARE) / FOREIGN_SPAN))
        if len(q.sentences) > 1:
            for terms_s, unknown_s in zip(q.sentences, q.sentence_unknown):
                value, mass_s = share(terms_s, unknown_s)
                if mass_s >= SENTENCE_MASS:
                    best = max(best, value)
        return best * foreign

    def _named_coverage(self, q: _Query, n: int) -> float:
        """Coverage, at least NAMED_COVERAGE when a short text names the problem (a rare title or alias, whole).

        A long write-up names many things in passing: it is judged on its coverage alone.

        "Personal robbery hotspot on the canal towpath" is about robbery however rare "towpath" is.
        """
        coverage = self._coverage(q, n)
        short = q.topical_mass < SHORT_TEXT_MASS
        if short and q.named.get(n, 0.0) >= NAMED_WORTH * self.index.idf_max:
            coverage = max(coverage, NAMED_COVERAGE)
        return coverage

    def _score(self, evidence: float, coverage: float) -> float:
        strength = 1.0 - math.exp(-evidence / SCORE_SCALE)
        return round(100.0 * strength * min(1.0, coverage / COVERAGE_FULL) ** COVERAGE_POWER, 1)

    def _why(self, q: _Query, contributions: dict[str, float]) -> list[str]:
        """The user's words that counted most for a scenario, as they wrote them."""
        total = sum(contributions.values()) or 1.0
        words: list[str] = []
        for st, value in sorted(contributions.items(), key=lambda kv: -kv[1]):
            if value < 0.08 * total or len(words) >= 5:
                break
            for surface in q.surfaces.get(st, ()):
                if f'"{surface}"' not in words:
                    words.append(f'"{surface}"')
        return words[:5]

    def _ranked(self, q: _Query, top: int, abstain: bool):
        """Scenarios by evidence, each with its confidence; the first must be confident, or none is."""
        raw = self._evidence(q)
        wanted = max(top, ALSO_CANDIDATES + 1)
        order = sorted(heapq.nlargest(wanted + 8, raw.items(), key=itemgetter(1)),
                       key=lambda kv: (-kv[1], self.docs[kv[0]].id))
        standout = _standout(order, q.topical_mass)  # the best scenario's, when it does not stand out from the next
        procedure = PROCEDURE_FACTOR if q.procedure else 1.0  # every scenario's, for a question about procedure
        scored = [(round(self._score(value, self._named_coverage(q, n) * (standout if k == 0 else 1.0)) * procedure, 1),
                   value, n) for k, (n, value) in enumerate(order[:wanted])]
        matches = []
        for k, (score, _, n) in enumerate(scored[: max(top, 1)]):
            if abstain and score < ABSTAIN_BELOW:
                if k == 0:
                    break
                continue
            if abstain and k and score < RUNNER_UP_SHARE * matches[0].score:
                continue
            if matches:  # a runner-up is never shown as likelier than the best (it can score higher on its own
                score = min(score, matches[0].score)  # only because the best one's standing out is what was doubted)
            doc = self.docs[n]
            matches.append(Match(doc.id, doc.title, score, self._why(q, self._contributions(q, n))))
        return matches[:top], scored

    def _clause_evidence(self, terms: dict[str, float], n: int) -> float:
        weight, idf = self.docs[n].weight, self.index.idf
        return sum(idf[t] * credit * weight(t) for t, credit in terms.items())

    def _also(self, q: _Query, scored) -> Match | None:
        """A second problem: the next best match that a clause of the text names and is more about.

        A clause counts for a scenario when it names it (a rare title or alias, whole, not one of
        the best match's) and its evidence there is ALSO_LEAD times that for the best match. The
        second problem is the best ranked scenario with such a clause, confident on its own.
        """
        if not scored or scored[0][0] < ABSTAIN_BELOW or len(q.clauses) < 2:
            return None
        first = scored[0][2]
        first_weight = self.docs[first].weight
        first_names = set(self.docs[first].names)
        for score, _, n in scored[1 : 1 + ALSO_CANDIDATES]:
            if score < ABSTAIN_BELOW:
                continue
            names = self.docs[n].names
            evidence, words, phrase = 0.0, set(), False
            for terms in q.clauses:
                own = self._clause_evidence(terms, n)
                if own < ALSO_LEAD * self._clause_evidence(terms, first):
                    continue
                # The clause must name the other problem: one of its names found whole.
                named = [name for name in names if name <= terms.keys() and name not in first_names
                         and any(first_weight(t) < CORE_WEIGHT for t in name)
                         and sum(self.index.idf[t] for t in name) >= ALSO_NAME_WORTH * self.index.idf_max]
                if named:
                    evidence += own
                    words.update(t for name in named for t in name)
                    phrase = phrase or any(len(name) > 1 for name in named)
            if words and evidence >= (ALSO_PHRASE_EVIDENCE if phrase else ALSO_EVIDENCE):
                doc = self.docs[n]
                own = {t: v for t, v in self._contributions(q, n).items() if t in words}
                return Match(doc.id, doc.title, score, self._why(q, own))
        return None

    # -- public API ----------------------------------------------------------------
    def match(self, texts: str | Sequence[str], top: int = 3, *, abstain: bool = True) -> list[Match]:
        """Best scenarios for one text or the pooled texts of a session."""
        return self.match_with_secondary(texts, top, abstain=abstain).matches

    def match_with_secondary(self, texts: str | Sequence[str], top: int = 3, *,
                             abstain: bool = True) -> MatchResult:
        """The best scenarios, and a second problem the text also describes (or None)."""
        if isinstance(texts, str):
            texts = [texts]
        q = self._read(texts)
        outside = self._outside_topic(texts) if abstain else None
        topic = outside.title if outside else None
        if not q.credit:
            return MatchResult([], outside=topic)
        matches, scored = self._ranked(q, top, abstain)
        if matches and outside and self._rest_score(outside.rest) < OUTSIDE_REST_SCORE:
            return MatchResult([], outside=topic)  # not clearly about a problem without the topic's words
        if matches:
            return MatchResult(matches, self._also(q, scored))
        return MatchResult([], outside=topic, closest=self._closest(q) if abstain and topic is None else [])

    def _closest(self, q: _Query) -> list[Match]:
        """A long write-up's nearest scenarios when none is confident, best first.

        None is more likely than the best one, which did not reach ABSTAIN_BELOW (a runner-up can score
        higher on its own only because the best one's standing out from the rest is what failed)."""
        if q.topical_mass < LONG_TEXT_MASS:
            return []
        near, _ = self._ranked(q, CLOSEST_SHOWN, False)
        if not near or near[0].score < CLOSEST_MIN:
            return []
        ceiling = near[0].score
        return [replace(m, score=min(m.score, ceiling)) for m in near if m.score >= CLOSEST_MIN]

    def _rest_score(self, texts: Sequence[str]) -> float:
        """The best score of what is left of a text once an outside topic's words are taken out."""
        rest = self._read(texts)
        if not rest.credit:
            return 0.0
        _, scored = self._ranked(rest, 1, False)
        return scored[0][0] if scored else 0.0

    def _outside_topic(self, texts: Sequence[str]) -> _Outside | None:
        """The outside topic the texts say most about, and the texts with every outside word taken out (or None)."""
        if not self._outside:
            return None
        said: dict[str, int] = {}
        read = [text[:MAX_QUERY_CHARS] for text in texts]  # as much as is read (a pasted book is cut, not scanned)
        rest = list(read)
        for title, pattern, unless in self._outside:
            if unless is not None and any(unless.search(text) for text in read):
                continue  # "my laptop was stolen": a theft, whatever was taken
            for i, text in enumerate(rest):
                rest[i], found = pattern.subn(" ", text)
                if found:  # how much of the text it took: each match became one space
                    said[title] = said.get(title, 0) + len(text) - len(rest[i]) + found
        if not said:
            return None
        return _Outside(max(said, key=said.get), rest)

    def search(self, query: str, *, kinds: Iterable[str] | None = None, limit: int = 10,
               cutoff: float = 60.0) -> list[Hit]:
        """Scenarios, responses, partners and glossary terms whose names fit the query."""
        if self._names is None:
            self._names = NameIndex(self.library)
        return self._names.search(query, kinds=kinds, limit=limit, cutoff=cutoff)
