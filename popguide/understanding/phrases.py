"""Word tokens and phrase matching: the one tokenisation the understanding uses, and leftmost-longest
matching of vocabulary phrases over it (plurals and a trailing "*" allowed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# Numbers ("1,200", "2.5") come first so "40ish" is "40" + "ish".
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W_]+(?:['\u2019][^\W_]+)*|[^\w\s]")
_APOS = str.maketrans("", "", "'\u2019")


def norm(token: str) -> str:
    low = token.lower()
    return low.translate(_APOS) if ("'" in low or "\u2019" in low) else low


def raw_tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for each token of `text`, hyphens included."""
    return [(norm(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Tokens without hyphens, so "self-harm" matches "self harm"."""
    return [t for t in raw_tokens(text) if t[0] != "-"]


@lru_cache(maxsize=8192)
def _singulars(tok: str) -> tuple[str, ...]:
    out = [tok]
    if len(tok) > 3 and tok.endswith("es"):
        out.append(tok[:-2])
    if len(tok) > 2 and tok.endswith("s"):
        out.append(tok[:-1])
    return tuple(out)


@dataclass(frozen=True)
class Hit:
    tag: str
    start: int
    end: int
    first: int  # index of the first token
    last: int   # index one past the last token


class PhraseMatcher:
    """Leftmost-longest phrase matching over word tokens; each phrase carries a tag (a side, a kind...)."""

    def __init__(self, phrases: Iterable[tuple[str, str]]):
        self._index: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self._stars: list[tuple[str, str]] = []
        for phrase, tag in phrases:
            phrase = str(phrase).strip()
            star = phrase.endswith("*")
            words = tuple(norm(t) for t, _, _ in [(m.group(), 0, 0) for m in _TOKEN.finditer(phrase.rstrip("*"))]
                          if t != "-")
            if not words:
                continue
            if star and len(words) == 1:
                self._stars.append((words[0], tag))
                continue
            self._index.setdefault(words[0], []).append((words, star, tag))
        for cands in self._index.values():
            cands.sort(key=lambda c: -len(c[0]))
        # first words and their plurals, so the quick test in find() is one set lookup
        self._first = frozenset(self._index) | {k + "s" for k in self._index} | {k + "es" for k in self._index}
        self._prefixes = tuple(p for p, _ in self._stars)

    def longest_at(self, toks: Sequence[tuple[str, int, int]], i: int, hi: int) -> tuple[int, str] | None:
        """(number of tokens, tag) of the longest phrase starting at token i, or None."""
        tok = toks[i][0]
        if tok not in self._first and not (self._prefixes and tok.startswith(self._prefixes)):
            return None
        best: tuple[int, str] | None = None
        for key in _singulars(tok):
            for words, star, tag in self._index.get(key, ()):
                n = len(words)
                if best and n <= best[0]:
                    break  # candidates are sorted longest first
                if i + n > hi:
                    continue
                k = 1 if n > 1 else 0
                if n == 1:
                    if key == tok or words[0] == key:
                        best = (1, tag)
                    continue
                while k < n:
                    t = toks[i + k][0]
                    want = words[k]
                    if t != want and not (k == n - 1 and (star and t.startswith(want)
                                                         or t == want + "s" or t == want + "es")):
                        break
                    k += 1
                if k == n:
                    best = (n, tag)
        if best is None and self._stars:
            for prefix, tag in self._stars:
                if tok.startswith(prefix):
                    return (1, tag)
        return best

    def find(self, toks: Sequence[tuple[str, int, int]], lo: int = 0, hi: int | None = None) -> list[Hit]:
        hi = len(toks) if hi is None else hi
        hits: list[Hit] = []
        first, prefixes = self._first, self._prefixes
        i = lo
        while i < hi:
            tok = toks[i][0]
            if tok not in first and not (prefixes and tok.startswith(prefixes)):
                i += 1
                continue
            best = self.longest_at(toks, i, hi)
            if best:
                n, tag = best
                hits.append(Hit(tag, toks[i][1], toks[i + n - 1][2], i, i + n))
                i += n
            else:
                i += 1
        return hits

    def search(self, text: str) -> list[Hit]:
        return self.find(tokens(text))

    def contains(self, text: str) -> bool:
        return bool(self.search(text))
