"""Name search for the command palette and `/scenario ID`: scenarios, responses, partners, terms.

A hit needs its words to be there: most words of the query must be a word of
the name, the start of one (someone still typing), or a close misspelling of
one. A whole-string fuzzy score alone would offer "burglary" for "drones".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from ..library.loader import Library
from .text import fold

#: A query word counts as found in a name word at this similarity (0-100)...
WORD_SIMILARITY = 85.0
#: ...between words at least this long (short words are too alike: "drones", "done", "rons").
SIMILAR_LENGTH = 5
#: ...or when it is the start of the name word and at least this long.
PREFIX_LENGTH = 3
#: The share of the query's words that must be found in the name.
WORDS_FOUND = 0.66


@dataclass(frozen=True)
class Hit:
    """A search result for the command palette: a scenario, response, partner or term."""

    kind: str
    id: str
    title: str
    score: float
    scenario_id: str | None = None


def _word_found(word: str, name_words: list[str]) -> bool:
    for n in name_words:
        if n == word or (len(word) >= PREFIX_LENGTH and n.startswith(word)):
            return True
        if len(word) >= SIMILAR_LENGTH and len(n) >= SIMILAR_LENGTH and fuzz.ratio(word, n) >= WORD_SIMILARITY:
            return True
    return False


class NameIndex:
    """Every name the library gives a thing, folded, with what it names."""

    def __init__(self, library: Library):
        names: list[tuple[str, Hit]] = []
        for s in library.scenarios.values():
            for name in [s.title, s.id, *s.aliases]:
                names.append((name, Hit("scenario", s.id, s.title, 0.0)))
            for r in s.responses:
                names.append((r.title, Hit("response", r.id, r.title, 0.0, s.id)))
        for p in library.partners.values():
            for name in [p.name, p.id, *p.aliases]:
                names.append((name, Hit("partner", p.id, p.name, 0.0)))
        for t in library.glossary.values():
            for name in [t.term, t.id, *t.aliases]:
                names.append((name, Hit("term", t.id, t.term, 0.0)))
        self._names = [(fold(n), h) for n, h in names]
        self._words = [n.split() for n, _ in self._names]

    def search(self, query: str, *, kinds: Iterable[str] | None = None, limit: int = 10,
               cutoff: float = 60.0) -> list[Hit]:
        q = fold(query)
        if not q:
            return []
        words = [w for w in q.split() if len(w) >= 2] or q.split()
        wanted = set(kinds) if kinds else None
        chosen = [i for i, (_, h) in enumerate(self._names) if wanted is None or h.kind in wanted]
        results = process.extract(q, [self._names[i][0] for i in chosen], scorer=fuzz.WRatio,
                                  score_cutoff=cutoff, limit=None)
        best: dict[tuple[str, str, str | None], Hit] = {}
        for _, score, j in results:
            i = chosen[j]
            found = sum(_word_found(w, self._words[i]) for w in words)
            if found < WORDS_FOUND * len(words):
                continue
            hit = self._names[i][1]
            key = (hit.kind, hit.id, hit.scenario_id)
            if key not in best or best[key].score < score:
                best[key] = Hit(hit.kind, hit.id, hit.title, round(score, 1), hit.scenario_id)
        return sorted(best.values(), key=lambda h: (-h.score, h.kind, h.id))[:limit]
