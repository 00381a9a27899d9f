"""The term index over every field of every scenario, built once per library load.

Each field has a weight for how strongly a word in it says "this is the
problem": the names people use outrank the descriptions, and the analysis
questions, causes, responses and partners (full of the words practitioners
write) count for less. A word keeps the weight of the strongest field it is in,
plus a little for each further use, since a word used across a scenario is
central to it. Rarity across the library (an inverse document frequency)
decides how much a shared word is worth.
"""

from __future__ import annotations

import math
from collections import Counter
import operator
from itertools import chain, compress, repeat
from dataclasses import dataclass, field

from ..library import models as m
from ..library.loader import Library
from .text import Normaliser, fold, stem

#: Field weights, strongest first. Names people use outrank descriptions; the practitioner's
#: register (analysis, causes, responses, partners) is weaker evidence but still evidence.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 1.0,
    "alias": 1.0,
    "keyword": 0.9,
    "symptom": 0.75,
    "summary": 0.5,
    "cause": 0.4,
    "analysis": 0.32,
    "response": 0.3,
    "response_detail": 0.2,
    "partner": 0.2,
    "data_source": 0.15,
    "assessment": 0.12,
}
#: Fields that name or describe the problem itself; only their words are fuzzy-correction targets.
CORE_FIELDS = ("title", "alias", "keyword", "symptom", "summary")
CORE_WEIGHT = FIELD_WEIGHTS["summary"]
#: A word used across a scenario gains this much per further use, up to the cap.
REUSE_BONUS, REUSE_CAP = 0.02, 0.25
#: Smoothing, so that a small library (a force's overlay alone, a test) scores like a full one.
IDF_PRIOR_DOCS = 30
#: Share of the idf of a word found in every scenario taken off every word's idf.
IDF_FLOOR = 0.0
#: A use in the long fields (analysis, responses, partners) counts as this much of a scenario using a word.
DEEP_SPREAD = 0.5
#: In a library of at least UBIQUITOUS_MIN_DOCS scenarios, a word used by more than this share of them
#: is not evidence at all (and is not looked up), which keeps queries quick on a large library.
UBIQUITOUS_SHARE = 0.5
UBIQUITOUS_MIN_DOCS = 300
#: Everyday words (synonyms.yaml: common_words) count for this fraction of their worth.
COMMON_WORD_FACTOR = 0.35


@dataclass
class Doc:
    id: str
    title: str
    base: dict[str, float] = field(default_factory=dict)  # stem -> weight of the strongest field it is in
    counts: Counter = field(default_factory=Counter)  # stem -> uses across the scenario
    sequence: str = " "  # stems of names, keywords and symptoms in order, space-separated: word pairs
    names: list[frozenset[str]] = field(default_factory=list)  # title and aliases, as stem sets
    core: set[str] = field(default_factory=set)  # stems of the fields that name or describe the problem

    _weights: dict[str, float] | None = field(default=None, repr=False)

    def weight_of(self, term: str) -> float:
        """The weight of a word in this scenario: its strongest field plus a little per further use."""
        base = self.base.get(term)
        if base is None:
            return 0.0
        return base + min(REUSE_CAP, REUSE_BONUS * (self.counts[term] - 1))

    @property
    def weights(self) -> dict[str, float]:
        """Every word's weight, worked out once, for the few scenarios a query ranks highest."""
        if self._weights is None:
            self._weights = {t: self.weight_of(t) for t in self.base}
        return self._weights

    def weight(self, term: str) -> float:
        return self.weights.get(term, 0.0)


def scenario_fields(s: m.Scenario, library: Library) -> list[tuple[str, list[str]]]:
    """Every text of a scenario under the field it belongs to, strongest field first."""
    a = s.analysis
    partner_names = [library.partners[p.id].name for p in s.partners if p.id in library.partners]
    return [
        ("title", [s.title]),
        ("alias", list(s.aliases)),
        ("keyword", list(s.keywords)),
        ("symptom", list(s.symptoms)),
        ("summary", [s.summary]),
        ("cause", list(a.causes)),
        ("analysis", [*a.victim, *a.offender, *a.place, *a.guardian, *a.handler, *a.manager]),
        ("response", [r.title for r in s.responses]),
        ("response_detail", [t for r in s.responses for t in (r.what, r.mechanism)]),
        ("partner", [*partner_names, *(p.reason for p in s.partners)]),
        ("data_source", list(a.data_sources)),
        ("assessment", [*s.assessment.outcome_measures, *s.assessment.process_measures, *s.assessment.pitfalls]),
    ]


class _Lazy(dict):
    """A dict filled on first look-up: postings and idf are worked out for the words queries use."""

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, key):
        value = self[key] = self._compute(key)
        return value


class Index:
    """Scenario documents, with postings, idf and word pairs worked out on demand.

    Building is one pass over the texts (so a library of thousands of scenarios is
    ready in about a second); the inverted lists are made for the words queries use.
    """

    def __init__(self, library: Library, norm: Normaliser):
        self.norm = norm
        self.docs: list[Doc] = [self._doc(s, library) for s in library.scenarios.values()]
        self._bases = [d.base for d in self.docs]
        self.vocab: set[str] = set()
        self.core: set[str] = set()
        self.name_postings: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for n, doc in enumerate(self.docs):
            self.vocab.update(doc.base)
            self.core.update(doc.core)
            for name in set(doc.names):
                self.name_postings.setdefault(min(name), []).append((n, name))
        self._total = len(self.docs) + IDF_PRIOR_DOCS
        self._floor = IDF_FLOOR * math.log(self._total / (len(self.docs) + 0.5))  # a word in every scenario says nothing
        self.idf_max = max(1e-9, math.log(self._total / 1.5) - self._floor)
        self._common = {stem(w) for c in library.common_words for w in fold(c).split()}
        self.postings: dict[str, list[tuple[int, float]]] = _Lazy(self._postings)
        self.idf: dict[str, float] = _Lazy(self._idf)
        #: Scenarios whose names, keywords or symptoms have two words side by side.
        self.pair_docs: dict[tuple[str, str], list[int]] = _Lazy(self._pair_docs)
        #: Words the library uses anywhere, also outside scenarios: the register it knows.
        self.known: set[str] = self.vocab | norm.vocabulary(_background(library))

    def _postings(self, term: str) -> list[tuple[int, float]]:
        # The scan over every scenario runs in C (map, compress): about a tenth of a Python loop.
        found = compress(range(len(self.docs)), map(operator.contains, self._bases, repeat(term)))
        return [(n, self.docs[n].weight_of(term)) for n in found]

    def _pair_docs(self, pair: tuple[str, str]) -> list[int]:
        a, b = pair
        if a not in self.vocab or b not in self.vocab:
            return []
        both = {n for n, _ in self.postings[a]}.intersection(n for n, _ in self.postings[b])
        needle = f" {a} {b} "
        return sorted(n for n in both if needle in self.docs[n].sequence)

    def _idf(self, term: str) -> float:
        postings = self.postings[term] if term in self.vocab else []
        spread = _spread(postings)
        if spread > UBIQUITOUS_SHARE * len(self.docs) >= UBIQUITOUS_MIN_DOCS:
            return 0.0  # a word most of a large library uses tells its scenarios apart by nothing
        value = max(0.0, math.log(self._total / (spread + 0.5)) - self._floor)
        return value * COMMON_WORD_FACTOR if term in self._common else value

    def _doc(self, s: m.Scenario, library: Library) -> Doc:
        doc = Doc(s.id, s.title)
        base, counts, norm = doc.base, doc.counts, self.norm
        sequences: list[str] = []
        for kind, texts in scenario_fields(s, library):
            if not texts:
                continue
            if kind in ("title", "alias"):
                per_text = norm.stems_split(texts)
                doc.names.extend(frozenset(stems) for stems in per_text if stems)
                every = list(chain.from_iterable(per_text))
            else:
                every = norm.stems_joined(texts, phrases=kind in CORE_FIELDS)
            if kind in ("title", "alias", "keyword", "symptom"):
                # Pairs across the join of two texts are noise too rare to matter.
                sequences.append(" ".join(every))
            counts.update(every)
            fresh = set(every)
            if kind in CORE_FIELDS:
                doc.core |= fresh
            fresh.difference_update(base)
            base.update(dict.fromkeys(fresh, FIELD_WEIGHTS[kind]))
        doc.sequence = f" {' '.join(sequences)} "
        return doc


def _spread(postings: list[tuple[int, float]]) -> float:
    """How many scenarios use a word, counting a use in the long fields as a fraction of one.

    "Robbery" named by one scenario and mentioned in passing by ten others is still
    that scenario's word.
    """
    return sum(1.0 if w >= CORE_WEIGHT else DEEP_SPREAD for _, w in postings)


def _background(library: Library) -> list[str]:
    """Texts of the library outside its scenarios: partner directory and glossary."""
    out: list[str] = []
    for p in library.partners.values():
        out += [p.name, p.remit, p.when_to_involve, *p.can_do, *p.aliases]
    for t in library.glossary.values():
        out += [t.term, t.definition, *t.aliases]
    return out
