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
#: Everyday words (synonyms.yaml: common_words) count for this fraction of their worth.
COMMON_WORD_FACTOR = 0.35


@dataclass
class Doc:
    id: str
    title: str
    weights: dict[str, float] = field(default_factory=dict)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    names: list[frozenset[str]] = field(default_factory=list)  # title and aliases, as stem sets


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


class Index:
    """Postings from stems to (scenario, weight), word pairs, names, and idf."""

    def __init__(self, library: Library, norm: Normaliser):
        self.norm = norm
        self.docs: list[Doc] = [self._doc(s, library) for s in library.scenarios.values()]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.pair_postings: dict[tuple[str, str], list[int]] = {}
        self.name_postings: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self.core: set[str] = set()
        for n, doc in enumerate(self.docs):
            for term, weight in doc.weights.items():
                self.postings.setdefault(term, []).append((n, weight))
            for pair in doc.pairs:
                self.pair_postings.setdefault(pair, []).append(n)
            for name in set(doc.names):
                self.name_postings.setdefault(min(name), []).append((n, name))
            self.core.update(t for t, w in doc.weights.items() if w >= CORE_WEIGHT)
        total = len(self.docs) + IDF_PRIOR_DOCS
        floor = IDF_FLOOR * math.log(total / (len(self.docs) + 0.5))  # a word in every scenario says nothing
        self.idf = {t: max(0.0, math.log(total / (len(p) + 0.5)) - floor) for t, p in self.postings.items()}
        self.idf_max = max(1e-9, math.log(total / 1.5) - floor)
        for t in {stem(w) for c in library.common_words for w in fold(c).split()} & self.idf.keys():
            self.idf[t] *= COMMON_WORD_FACTOR
        #: Words the library uses anywhere, also outside scenarios: the register it knows.
        self.known: set[str] = set(self.postings) | norm.vocabulary(_background(library))

    def _doc(self, s: m.Scenario, library: Library) -> Doc:
        doc = Doc(s.id, s.title)
        weights = doc.weights
        counts: Counter[str] = Counter()
        for kind, texts in scenario_fields(s, library):
            weight = FIELD_WEIGHTS[kind]
            if kind in ("title", "alias", "keyword", "symptom"):
                for text in texts:
                    stems = self.norm.stems(text)
                    counts.update(stems)
                    if kind in ("title", "alias") and stems:
                        doc.names.append(frozenset(stems))
                    doc.pairs.update(zip(stems, stems[1:]))
                    weights.update(dict.fromkeys(set(stems) - weights.keys(), weight))
            else:
                stems = self.norm.stems(" . ".join(texts))
                counts.update(stems)
                weights.update(dict.fromkeys(set(stems) - weights.keys(), weight))
        for st, c in counts.items():
            if c > 1:
                weights[st] += min(REUSE_CAP, REUSE_BONUS * (c - 1))
        return doc


def _background(library: Library) -> list[str]:
    """Texts of the library outside its scenarios: partner directory and glossary."""
    out: list[str] = []
    for p in library.partners.values():
        out += [p.name, p.remit, p.when_to_involve, *p.can_do, *p.aliases]
    for t in library.glossary.values():
        out += [t.term, t.definition, *t.aliases]
    return out
