"""What the index reads from a scenario, and how much each field counts (no numpy: the small path uses it too)."""

from __future__ import annotations

from ..library import models as m
from ..library.loader import Library

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
    "partner": 0.2,
    "data_source": 0.15,
    "assessment": 0.12,
    # what a response does and why it works: long text that content checks keep rewriting (now with legal
    # tests in the Acts' own words), so it counts least (at 0.2 it lifted long write-ups of other problems
    # over the threshold; at 0.1, after the law was written out in full, it lifted some again)
    "response_detail": 0.07,
}
KINDS = list(FIELD_WEIGHTS)
#: Fields that name or describe the problem itself; only their words are fuzzy-correction targets.
CORE_FIELDS = ("title", "alias", "keyword", "symptom", "summary")
#: Fields whose adjacent words make the word pairs a query can match.
SEQUENCE_FIELDS = ("title", "alias", "keyword", "symptom")
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
        ("partner", [*partner_names, *(p.reason for p in s.partners)]),
        ("data_source", list(a.data_sources)),
        ("assessment", [*s.assessment.outcome_measures, *s.assessment.process_measures, *s.assessment.pitfalls]),
        ("response_detail", [t for r in s.responses for t in (r.what, r.mechanism)]),
    ]


def is_number(stem: str) -> bool:
    """A stem that is a number written in digits ("999", "101"): a name's number, not a count, when it names a scenario."""
    return stem.isascii() and stem.isdigit()


class Lazy(dict):
    """A dict filled on first look-up: postings and idf are worked out for the words queries use."""

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, key):
        value = self[key] = self._compute(key)
        return value

    def get(self, key, default=None):
        return self[key]


def background(library: Library) -> list[str]:
    """Texts of the library outside its scenarios: partner directory and glossary."""
    out: list[str] = []
    for p in library.partners.values():
        out += [p.name, p.remit, p.when_to_involve, *p.can_do, *p.aliases]
    for t in library.glossary.values():
        out += [t.term, t.definition, *t.aliases]
    return out


class QueryTables:
    """What both indexes (the plain-Python one for a small library, the numpy one for a large) set up once
    their scenarios are read: the IDF floor and ceiling, the library's common words, and the look-ups
    built lazily, for the words queries use."""

    def ready_for_queries(self, library: Library, norm, n_docs: int) -> None:
        import math

        from .text import fold, stem

        self._total = n_docs + IDF_PRIOR_DOCS
        self._floor = IDF_FLOOR * math.log(self._total / (n_docs + 0.5))  # a word in every scenario says nothing
        self.idf_max = max(1e-9, math.log(self._total / 1.5) - self._floor)
        self._common = {stem(w) for c in library.common_words for w in fold(c).split()}
        self.postings: dict[str, list[tuple[int, float]]] = Lazy(self._postings)
        self.idf: dict[str, float] = Lazy(self._idf)
        #: Scenarios whose names, keywords or symptoms have two words side by side.
        self.pair_docs: dict[tuple[str, str], list[int]] = Lazy(self._pair_docs)
        #: Words the library uses anywhere, also outside scenarios: the register it knows.
        self.known: set[str] = self.vocab | norm.vocabulary(background(library))
