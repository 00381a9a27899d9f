"""Recognise a problem from the user's own words.

The matcher is a weighted term index over each scenario's title, aliases,
keywords and symptoms, built once per library load:

* text is normalised (case, accents, punctuation), the library's synonyms and
  abbreviations are rewritten to one canonical form, stop words dropped and
  words stemmed, so "burglarys", "burgled" and "burglary" meet;
* words the library does not know are matched to the nearest known word
  with rapidfuzz, so typos still count;
* each term carries the weight of the strongest field it appears in and an
  inverse document frequency, so words shared by many problems count less;
  adjacent word pairs that also appear in the library add a phrase bonus;
* several texts (the answers of one session) pool into one query;
* below a confidence threshold it abstains rather than guess.

The same module searches responses, partners and glossary terms by name for
the command palette.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import Stemmer
from rapidfuzz import fuzz, process

from .library.loader import Library

#: Field weights: names people use outrank descriptions.
FIELD_WEIGHTS = {"title": 1.0, "alias": 1.0, "keyword": 0.9, "symptom": 0.75, "summary": 0.35}
IDF_PRIOR_DOCS = 30
#: Below this score (0-100) the matcher returns nothing.
ABSTAIN_BELOW = 50.0
#: Raw score that maps to about 63 on the 0-100 scale.
SCORE_SCALE = 7.0
#: Queries longer than this are cut: a session's answers fit easily.
MAX_QUERY_CHARS = 20_000
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 86.0
PHRASE_BONUS = 0.6
#: A name of the problem (title or alias) found whole in the text counts extra.
NAME_BONUS = 0.6
#: Everyday words (synonyms.yaml: common_words) count for this fraction of their weight.
COMMON_WORD_FACTOR = 0.35
#: Evidence from a single word is discounted: one shared word is weak evidence.
SINGLE_TERM_FACTOR = 0.7

_STEMMER = Stemmer.Stemmer("english")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")

# A small built-in list of English function words. The library's
# synonyms.yaml adds domain words that carry no meaning for matching.
BASE_STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves im ive id youre theyre thats whats
    dont doesnt didnt isnt wasnt arent cant wont wouldnt couldnt shouldnt also still even get got getting go going
    gone went really just like one two lot lots bit thing things stuff say said says know think keep keeps kept
    us let lets ok okay please hi hello hiya thanks cheers yeah yes no""".split()
)


def fold(text: str) -> str:
    """Lower-case, strip accents and apostrophes, turn punctuation into spaces."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@dataclass(frozen=True)
class Match:
    id: str
    title: str
    score: float
    why: list[str]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "score": self.score, "why": list(self.why)}


@dataclass(frozen=True)
class Hit:
    """A search result for the command palette: a scenario, response, partner or term."""

    kind: str
    id: str
    title: str
    score: float
    scenario_id: str | None = None


class Normaliser:
    """Text to matchable terms, using the library's synonyms and stop words."""

    def __init__(self, library: Library):
        self.stopwords = BASE_STOPWORDS | {fold(w) for w in library.stopwords}
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.max_phrase = 1
        for group in library.synonym_groups:
            canonical = tuple(fold(group.canonical).split())
            for variant in group.variants:
                key = tuple(fold(variant).split())
                if key and key != canonical:
                    self._phrases[key] = canonical
                    self.max_phrase = max(self.max_phrase, len(key))

    def words(self, text: str) -> list[tuple[str, str]]:
        """(surface, canonical) word pairs after synonym rewriting, stop words kept."""
        raw = fold(text[:MAX_QUERY_CHARS]).split()
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(raw):
            for size in range(min(self.max_phrase, len(raw) - i), 0, -1):
                key = tuple(raw[i : i + size])
                canonical = self._phrases.get(key)
                if canonical is not None:
                    surface = " ".join(key)
                    out.extend((surface, c) for c in canonical)
                    i += size
                    break
            else:
                out.append((raw[i], raw[i]))
                i += 1
        return out

    def terms(self, text: str) -> list[tuple[str, str]]:
        """(surface, stem) pairs of the meaningful words, in order."""
        return [(s, stem(w)) for s, w in self.words(text) if w not in self.stopwords and len(w) > 1]


@dataclass
class _Doc:
    id: str
    title: str
    weights: dict[str, float] = field(default_factory=dict)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    phrases: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    names: list[frozenset[str]] = field(default_factory=list)  # title and aliases, as stem sets


class Matcher:
    """Ranks scenarios against free text; build once per library load."""

    def __init__(self, library: Library):
        self.library = library
        self.norm = Normaliser(library)
        self.docs: list[_Doc] = [self._index(s) for s in library.scenarios.values()]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.pair_postings: dict[tuple[str, str], list[int]] = {}
        self.name_postings: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for n, doc in enumerate(self.docs):
            for term, weight in doc.weights.items():
                self.postings.setdefault(term, []).append((n, weight))
            for pair in doc.pairs:
                self.pair_postings.setdefault(pair, []).append(n)
            for name in set(doc.names):
                self.name_postings.setdefault(min(name), []).append((n, name))
        # Smoothed so that a small library (a force's overlay alone, a test) scores like a full one.
        total = len(self.docs) + IDF_PRIOR_DOCS
        self.idf = {t: math.log(total / (len(p) + 0.5)) for t, p in self.postings.items()}
        common = {stem(fold(w)) for w in library.common_words}
        for t in common & set(self.idf):
            self.idf[t] *= COMMON_WORD_FACTOR
        self._by_initial: dict[str, list[str]] = {}
        for term in self.postings:
            if len(term) >= FUZZY_MIN_LENGTH - 1:
                self._by_initial.setdefault(term[0], []).append(term)
        self._fuzzy_cache: dict[str, tuple[str, float] | None] = {}
        self._names: list[tuple[str, Hit]] | None = None

    # -- index -------------------------------------------------------------
    def _index(self, s) -> _Doc:
        doc = _Doc(s.id, s.title)
        counts: dict[str, int] = {}
        fields = [("title", [s.title]), ("alias", s.aliases), ("keyword", s.keywords),
                  ("symptom", s.symptoms), ("summary", [s.summary])]
        for kind, texts in fields:
            weight = FIELD_WEIGHTS[kind]
            for text in texts:
                stems = [st for _, st in self.norm.terms(text)]
                for st in stems:
                    doc.weights[st] = max(doc.weights.get(st, 0.0), weight)
                    counts[st] = counts.get(st, 0) + 1
                if kind in ("title", "alias") and stems:
                    doc.names.append(frozenset(stems))
                if kind != "summary":
                    doc.pairs.update(zip(stems, stems[1:]))
                    if kind != "keyword" and stems:
                        doc.phrases.append((text, frozenset(stems)))
        for st, c in counts.items():  # a term used across many phrases is central to the problem
            doc.weights[st] += min(0.3, 0.05 * (c - 1))
        return doc

    # -- matching ------------------------------------------------------------
    def _resolve(self, term: str) -> tuple[str, float] | None:
        """The known term for a query term: itself, or its nearest fuzzy neighbour."""
        if term in self.postings:
            return term, 1.0
        if len(term) < FUZZY_MIN_LENGTH or not term[0].isalpha():
            return None
        if term in self._fuzzy_cache:
            return self._fuzzy_cache[term]
        found = process.extractOne(
            term, self._by_initial.get(term[0], []), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        result = (found[0], (found[1] / 100.0) ** 2) if found else None
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[term] = result
        return result

    def _query(self, texts: Sequence[str]):
        """Resolved query terms: {known term: (credit, surface words)} and known word pairs."""
        terms: dict[str, tuple[float, list[str]]] = {}
        pairs: set[tuple[str, str]] = set()
        for text in texts:
            resolved: list[str | None] = []
            for surface, st in self.norm.terms(text):
                hit = self._resolve(st)
                resolved.append(hit[0] if hit else None)
                if hit:
                    credit, surfaces = terms.get(hit[0], (0.0, []))
                    if surface not in surfaces:
                        surfaces.append(surface)
                    terms[hit[0]] = (max(credit, hit[1]), surfaces)
            for a, b in zip(resolved, resolved[1:]):
                if a and b and (a, b) in self.pair_postings:
                    pairs.add((a, b))
        return terms, pairs

    def match(self, texts: str | Sequence[str], top: int = 3, *, abstain: bool = True) -> list[Match]:
        """Best scenarios for one text or the pooled texts of a session."""
        if isinstance(texts, str):
            texts = [texts]
        terms, pairs = self._query(texts)
        if not terms:
            return []
        raw: dict[int, float] = {}
        contrib: dict[int, list[tuple[float, str]]] = {}
        for term, (credit, surfaces) in terms.items():
            idf = self.idf[term]
            for n, weight in self.postings[term]:
                value = weight * idf * credit
                raw[n] = raw.get(n, 0.0) + value
                contrib.setdefault(n, []).append((value, " / ".join(surfaces)))
        for a, b in pairs:
            bonus = PHRASE_BONUS * (self.idf[a] + self.idf[b]) / 2
            for n in self.pair_postings[(a, b)]:
                raw[n] = raw.get(n, 0.0) + bonus
        query_terms = set(terms)
        best_name: dict[int, float] = {}
        for term in query_terms:
            for n, name in self.name_postings.get(term, ()):
                if name <= query_terms:
                    value = NAME_BONUS * sum(self.idf[t] for t in name)
                    best_name[n] = max(best_name.get(n, 0.0), value)
        for n, value in best_name.items():
            raw[n] = raw.get(n, 0.0) + value
        for n in raw:
            if len(contrib.get(n, ())) == 1 and n not in best_name:
                raw[n] *= SINGLE_TERM_FACTOR
        ranked = sorted(raw.items(), key=lambda kv: (-kv[1], self.docs[kv[0]].id))
        matches = []
        for n, value in ranked[: max(top, 1)]:
            score = round(100.0 * (1.0 - math.exp(-value / SCORE_SCALE)), 1)
            if abstain and score < ABSTAIN_BELOW:
                break
            doc = self.docs[n]
            matches.append(Match(doc.id, doc.title, score, self._why(doc, terms, contrib[n])))
        return matches[:top]

    def _why(self, doc: _Doc, terms, contributions: list[tuple[float, str]]) -> list[str]:
        """The user's words that counted most, then the library phrase they fit best."""
        total = sum(v for v, _ in contributions) or 1.0
        words: list[str] = []
        for value, surface in sorted(contributions, reverse=True):
            if value >= 0.08 * total and surface not in words and len(words) < 5:
                words.append(surface)
        why = [f'"{w}"' for w in words]
        query_terms = set(terms)
        best, best_overlap = None, 0.0
        for text, stems in doc.phrases:
            overlap = len(stems & query_terms) / len(stems)
            if overlap > best_overlap or (overlap == best_overlap and best and len(text) < len(best)):
                best, best_overlap = text, overlap
        if best and best_overlap >= 0.5:
            why.append(f"like: {best}")
        return why

    # -- name search (command palette) -----------------------------------------
    def _name_index(self) -> list[tuple[str, Hit]]:
        if self._names is None:
            names: list[tuple[str, Hit]] = []  # (folded name, hit)
            for s in self.library.scenarios.values():
                for name in [s.title, s.id, *s.aliases]:
                    names.append((name, Hit("scenario", s.id, s.title, 0.0)))
                for r in s.responses:
                    names.append((r.title, Hit("response", r.id, r.title, 0.0, s.id)))
            for p in self.library.partners.values():
                for name in [p.name, p.id, *p.aliases]:
                    names.append((name, Hit("partner", p.id, p.name, 0.0)))
            for t in self.library.glossary.values():
                for name in [t.term, t.id, *t.aliases]:
                    names.append((name, Hit("term", t.id, t.term, 0.0)))
            self._names = [(fold(n), h) for n, h in names]
        return self._names

    def search(self, query: str, *, kinds: Iterable[str] | None = None, limit: int = 10,
               cutoff: float = 60.0) -> list[Hit]:
        """Scenarios, responses, partners and glossary terms whose names fit the query."""
        query = query.strip()
        if not query:
            return []
        wanted = set(kinds) if kinds else None
        index = [(n, h) for n, h in self._name_index() if wanted is None or h.kind in wanted]
        results = process.extract(
            fold(query), [n for n, _ in index], scorer=fuzz.WRatio, score_cutoff=cutoff, limit=limit * 4
        )
        best: dict[tuple[str, str, str | None], Hit] = {}
        for _, score, i in results:
            hit = index[i][1]
            key = (hit.kind, hit.id, hit.scenario_id)
            if key not in best or best[key].score < score:
                best[key] = Hit(hit.kind, hit.id, hit.title, round(score, 1), hit.scenario_id)
        return sorted(best.values(), key=lambda h: (-h.score, h.kind, h.id))[:limit]
