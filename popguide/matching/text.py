"""From text to matchable terms: folding, contractions, synonyms, stop words and stems.

Two paths share one vocabulary. ``Normaliser.query`` keeps every word's
surface as the user wrote it ("Co-op", "he's", "A&E"), for explanations in the
user's own words. ``Normaliser.stems`` is the fast path the index uses for the
long fields of a scenario. Both fold case, accents and apostrophes the same
way, drop a contraction's tail ("he's" is "he", never "hes"), rewrite the
library's synonyms to one canonical form, drop stop words and words of one or
two letters (so "Co-op" is not "co" and "op"), and stem what is left.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Iterable

import Stemmer

from ..library.loader import Library

#: Queries longer than this are cut: a session's answers fit easily.
MAX_QUERY_CHARS = 20_000
#: Words shorter than this carry no meaning once synonyms ("da", "mh", "a e") are rewritten.
MIN_WORD_LENGTH = 3

_STEMMER = Stemmer.Stemmer("english")
_BULK_STEMMER = Stemmer.Stemmer("english", 0)  # no cache: each word is stemmed once anyway
_SEPARATOR = "qqseparatorqq"
_CONTRACTION = re.compile(r"(?<=[a-z0-9])['\u2019\u2018`](?:s|re|ve|d|ll|m)(?![a-z0-9])")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
#: A word as written, with the apostrophes, hyphens, dots and ampersands inside it.
_WORD = re.compile(r"[^\W_]+(?:['\u2019\u2018`\-.&/][^\W_]+)*")
#: Sentence ends: the unit a long text is judged by.
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=\S)|\s*\n\s*")

# A small built-in list of English function words. The library's
# synonyms.yaml adds domain words that carry no meaning for matching.
BASE_STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves im ive id youre theyre thats
    whats hes shes theyve weve youve itll thatll theres heres dont doesnt didnt isnt wasnt arent
    cant wont wouldnt couldnt shouldnt havent hasnt hadnt aint also still even get got getting gets go going gone
    went really like one two lot lots bit thing things stuff say said says know think keep keeps kept us let lets ok
    okay please hi hello hiya thanks cheers yeah yes yep nope via per etc within without upon among across along""".split()
)


def fold(text: str) -> str:
    """Lower-case, strip accents, drop contraction tails and apostrophes, turn punctuation into spaces."""
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _CONTRACTION.sub("", text)
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


_FAST_TABLE = {c: " " for c in range(128) if not chr(c).isalnum()}
_FAST_TABLE.update({ord("'"): None, ord("`"): None})


def fold_fast(text: str) -> str:
    """fold() for long library texts: the same words, without the contraction rule's regex.

    "children's" becomes "childrens", which stems as "children" does; "he's" becomes
    "hes", a stop word. Text with non-ASCII characters takes the full fold().
    """
    if not text.isascii():
        return fold(text)
    return text.lower().translate(_FAST_TABLE)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


#: Clause breaks inside a sentence: where a second problem is usually told.
_CLAUSE = re.compile(r"\s*[,;:()]\s*|\s+(?:and|but|while|whilst|also|plus|as well as)\s+", re.IGNORECASE)


def clause_starts(sentence: str) -> list[int]:
    """Where each clause after the first begins: after commas and "and", "but", "while"."""
    return [m.end() for m in _CLAUSE.finditer(sentence)]


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order; a text without stops is one sentence."""
    return [s for s in _SENTENCE.split(text[:MAX_QUERY_CHARS]) if s.strip()]


@dataclass(frozen=True)
class Term:
    """One meaningful word of a query: as written, its canonical word and its stem."""

    surface: str
    word: str
    stem: str
    capital: bool  # written with a capital: perhaps a name (a place, a shop, a person)
    start: int = 0  # where it begins in the text


class _WordCache(dict):
    """word -> stems after synonyms and stop words; filled on first sight."""

    def __init__(self, compute):
        super().__init__()
        self._compute = compute

    def __missing__(self, word: str) -> tuple[str, ...]:
        value = self[word] = self._compute(word)
        return value


def _skimmed(word: str) -> bool:
    """A stop word too common in long texts to look for phrases starting with it."""
    return len(word) <= 2 or word == "the"


class Normaliser:
    """Text to matchable terms, using the library's synonyms and stop words."""

    def __init__(self, library: Library):
        self.stopwords = BASE_STOPWORDS | {w for s in library.stopwords for w in fold(s).split()}
        self._single: dict[str, tuple[str, ...]] = {}
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._starts: dict[str, int] = {}  # first word of a multi-word variant -> its longest length
        #: Phrases read in every field, long ones too: words whose sense changes in a phrase ("deal with").
        self.everywhere: dict[tuple[str, ...], tuple[str, ...]] = {}
        everywhere_longest: dict[str, int] = {}  # first word of an everywhere phrase -> its longest length
        for group in library.synonym_groups:
            canonical = tuple(fold(group.canonical).split())
            for variant in group.variants:
                key = tuple(fold(variant).split())
                if not key or key == canonical:
                    continue
                if len(key) == 1:
                    self._single[key[0]] = canonical
                else:
                    self._phrases[key] = canonical
                    self._starts[key[0]] = max(self._starts.get(key[0], 0), len(key))
                    if group.everywhere:
                        self.everywhere[key] = canonical
                        everywhere_longest[key[0]] = max(everywhere_longest.get(key[0], 0), len(key))
        # Library texts skip phrases that start with a short stop word ("a e", "the rec"): scanning for
        # "a" and "the" costs more than those rare phrases are worth in the library's own text. A longer
        # one is read ("off road bikes" is a scrambler there too, not "off" and a bicycle).
        self._fast_starts = {w: n for w, n in self._starts.items() if w not in self.stopwords or not _skimmed(w)}
        #: First words of the phrases read in every field, with their longest length (library text skips the same
        #: short stop words as above, in both indexes).
        self.everywhere_starts = {w: n for w, n in everywhere_longest.items() if w in self._fast_starts}
        self._cache = _WordCache(self._word_stems)

    def keeps(self, word: str) -> bool:
        return word not in self.stopwords and (len(word) >= MIN_WORD_LENGTH or word.isdigit())

    def _word_stems(self, word: str) -> tuple[str, ...]:
        stems = (stem(w) for w in self._single.get(word, (word,)) if self.keeps(w))
        return tuple(st for st in stems if st not in self.stopwords)

    def word_stems(self, words: list[str]) -> list[tuple[str, ...]]:
        """The stems of each of many words (after synonyms and stop words), with one call to the stemmer."""
        cache = self._cache
        todo = [w for w in dict.fromkeys(words) if w not in cache]
        if todo:
            single, stop = self._single, self.stopwords
            plain = [w for w in todo if w not in single]
            kept = [w for w in plain if w not in stop and (len(w) >= MIN_WORD_LENGTH or w.isdigit())]
            stems = _BULK_STEMMER.stemWords(kept)
            cache.update(dict.fromkeys(plain, ()))
            cache.update(zip(kept, [() if st in stop else (st,) for st in stems]))
            for w in todo:
                if w in single:
                    cache[w]  # computed by _word_stems
        return list(map(cache.__getitem__, words))

    def _rewrite(self, words: list[str], phrases: dict | None = None, longest: dict | None = None) -> list[str]:
        """Multi-word synonyms replaced by their canonical words, longest first (by default every group's).

        ``longest`` maps each phrase's first word to its longest phrase's length.
        """
        phrases = self._phrases if phrases is None else phrases
        longest_at = self._fast_starts if longest is None else longest
        present = longest_at.keys() & set(words)
        if not present:
            return words
        positions: list[int] = []
        for w in present:  # list.index scans in C: far quicker than a loop over every word
            i = -1
            while True:
                try:
                    i = words.index(w, i + 1)
                except ValueError:
                    break
                positions.append(i)
        out: list[str] = []
        done = 0
        for i in sorted(positions):
            if i < done:
                continue
            for size in range(min(longest_at[words[i]], len(words) - i), 1, -1):
                canonical = phrases.get(tuple(words[i : i + size]))
                if canonical is not None:
                    out.extend(words[done:i])
                    out.extend(canonical)
                    done = i + size
                    break
        if not done:
            return words
        out.extend(words[done:])
        return out

    def stems(self, text: str) -> list[str]:
        """The stems of a library text, in order."""
        return self.stems_split([text])[0]

    def stems_joined(self, texts: list[str], *, phrases: bool = True) -> list[str]:
        """The stems of several texts as one list (the fast path of the index).

        Without ``phrases`` only one-word synonyms are rewritten: quicker, for the long fields.
        """
        words = fold_fast(" ".join(texts)).split()
        if phrases:
            words = self._rewrite(words)
        elif self.everywhere:
            words = self._rewrite(words, self.everywhere, self.everywhere_starts)
        return list(chain.from_iterable(map(self._cache.__getitem__, words)))

    def stems_split(self, texts: list[str]) -> list[list[str]]:
        """The stems of each of several texts, folded and stemmed in one pass."""
        words = self._rewrite(fold_fast(f" {_SEPARATOR} ".join(texts)).split())
        stems = list(map(self._cache.__getitem__, words))
        out: list[list[str]] = []
        start = 0
        while True:
            try:
                end = words.index(_SEPARATOR, start)
            except ValueError:
                out.append(list(chain.from_iterable(stems[start:])))
                return out
            out.append(list(chain.from_iterable(stems[start:end])))
            start = end + 1

    def query(self, text: str) -> list[Term]:
        """The meaningful words of a user's text, each with its surface as written."""
        parts: list[tuple[str, int, int]] = []  # folded word, start, end in text
        for m in _WORD.finditer(text[:MAX_QUERY_CHARS]):
            for word in fold(m.group(0)).split():
                parts.append((word, m.start(), m.end()))
        out: list[Term] = []
        i, n = 0, len(parts)
        while i < n:
            size, canonical = 1, self._single.get(parts[i][0], (parts[i][0],))
            longest = self._starts.get(parts[i][0])
            if longest:
                for k in range(min(longest, n - i), 1, -1):
                    found = self._phrases.get(tuple(p[0] for p in parts[i : i + k]))
                    if found is not None:
                        size, canonical = k, found
                        break
            start, end = parts[i][1], parts[i + size - 1][2]
            surface = text[start:end]
            capital = surface[:1].isupper() and not surface.isupper()
            for word in canonical:
                if self.keeps(word):
                    st = stem(word)
                    if st not in self.stopwords:  # "mostly" is "most", "ups" is "up"
                        out.append(Term(surface, word, st, capital, start))
            i += size
        return out

    def terms(self, text: str) -> list[tuple[str, str]]:
        """(surface, stem) pairs of the meaningful words, in order."""
        return [(t.surface, t.stem) for t in self.query(text)]

    def vocabulary(self, texts: Iterable[str]) -> set[str]:
        return {st for t in texts for st in self.stems(t)}
