"""The term index in plain Python for a small library (the built-in one, a force's overlay).

``index.Index`` builds the same weights with numpy for a large library; this one
avoids importing numpy, which on the command line costs more than the build.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, repeat

from ..library import models as m
from ..library.loader import Library
from .fields import (CORE_FIELDS, CORE_WEIGHT, COMMON_WORD_FACTOR, DEEP_SPREAD, FIELD_WEIGHTS, REUSE_BONUS,
                     REUSE_CAP, UBIQUITOUS_MIN_DOCS, UBIQUITOUS_SHARE, QueryTables, is_number, scenario_fields)
from .text import Normaliser


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


class SmallIndex(QueryTables):
    """The index in plain Python, for a library of a few hundred scenarios at most.

    The same weights as ``index.Index`` (a test holds them equal); it needs no numpy,
    whose import would cost a command-line match more than the whole build does.
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
        self.ready_for_queries(library, norm, len(self.docs))

    def numbers_in_names(self) -> set[str]:
        """The numbers a scenario's title, aliases or keywords hold ("999", "101"), as read after the synonyms."""
        least = FIELD_WEIGHTS["keyword"]  # a word's base weight is its strongest field's
        return {t for d in self.docs for t, w in d.base.items() if w >= least and is_number(t)}

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
