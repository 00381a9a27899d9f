"""The term index over every field of every scenario, built once per library load.

Each field has a weight for how strongly a word in it says "this is the
problem": the names people use outrank the descriptions, and the analysis
questions, causes, responses and partners (full of the words practitioners
write) count for less. A word keeps the weight of the strongest field it is in,
plus a little for each further use, since a word used across a scenario is
central to it. Rarity across the library (an inverse document frequency)
decides how much a shared word is worth.

Building is vectorised (numpy): the library's texts are folded as one string,
cut into words at byte level, and each distinct word is normalised and stemmed
once, however often it is used; postings, weights and word pairs are then sorted
arrays. Batches are read and grouped in two threads while their words get their
ids in order, so the index does not depend on how the threads are timed.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, NamedTuple

import numpy as np

from ..library.loader import Library
from .fields import (CORE_FIELDS, CORE_WEIGHT, COMMON_WORD_FACTOR, DEEP_SPREAD, FIELD_WEIGHTS, KINDS, REUSE_BONUS,
                     REUSE_CAP, SEQUENCE_FIELDS, UBIQUITOUS_MIN_DOCS, UBIQUITOUS_SHARE, Lazy, QueryTables,
                     is_number, scenario_fields)
from .text import Normaliser, fold

_MAX_USES = int(math.ceil(REUSE_CAP / REUSE_BONUS)) + 1  # uses beyond this add nothing
#: weight of a (field, uses) code: code = field * 16 + min(uses - 1, 15)
_WEIGHT_OF_CODE = np.array([FIELD_WEIGHTS[k] + min(REUSE_CAP, REUSE_BONUS * u)
                            for k in KINDS for u in range(16)], dtype=np.float64)
_KIND = {k: i for i, k in enumerate(KINDS)}
_N_CORE = len(CORE_FIELDS)
_N_SEQUENCE = len(SEQUENCE_FIELDS)
assert KINDS[:_N_CORE] == list(CORE_FIELDS) and KINDS[:_N_SEQUENCE] == list(SEQUENCE_FIELDS)
assert all(a >= b for a, b in zip(FIELD_WEIGHTS.values(), list(FIELD_WEIGHTS.values())[1:]))

#: Folding for library text: lower case (done before), every ASCII non-word character a space,
#: apostrophes dropped ("children's" is "childrens"); \x01 is kept, it separates the texts.
_SEP = "\x01"
_TABLE = {c: " " for c in range(128) if not chr(c).isalnum()}
_TABLE.update({ord("'"): None, ord("`"): None, 1: _SEP})
_BYTES = bytes(ord(chr(c).lower()) if chr(c).isalnum() or c == 1 else 32 for c in range(128)) + b" " * 128
_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


@dataclass
class Doc:
    id: str
    title: str
    _index: "Index | None" = field(default=None, repr=False)
    _n: int = 0
    _weights: dict[str, float] | None = field(default=None, repr=False)
    _names: list[frozenset[str]] | None = field(default=None, repr=False)

    @property
    def names(self) -> list[frozenset[str]]:
        """The title and aliases, each as a set of stems."""
        if self._names is None:
            self._names = self._index._names_of(self._n) if self._index is not None else []
        return self._names

    @property
    def weights(self) -> dict[str, float]:
        """Every word's weight (its strongest field plus a little per further use), worked out on demand."""
        if self._weights is None:
            self._weights = self._index._doc_weights(self._n) if self._index is not None else {}
        return self._weights

    def weight(self, term: str) -> float:
        return self.weights.get(term, 0.0)

    def weight_of(self, term: str) -> float:
        return self.weight(term)


class _Texts(NamedTuple):
    """A batch of the library's texts (whole scenarios), each with its scenario and field."""

    texts: list[str]
    docs: np.ndarray
    kinds: np.ndarray
    first: int  # the number of the batch's first text among all the library's texts


def _text_batches(library: Library, batch_chars: int):
    """The library's texts in order, title and each alias alone, in batches of about ``batch_chars``.

    A batch ends at a scenario's end, so that each scenario's words are grouped in one; batches are
    made as they are wanted, so the first is read while the rest are still being put together.
    """
    texts: list[str] = []
    docs: list[int] = []
    kinds: list[int] = []
    size, first = 0, 0

    def batch() -> _Texts:
        return _Texts(texts, np.asarray(docs, dtype=np.int64), np.asarray(kinds, dtype=np.int64), first)

    for n, s in enumerate(library.scenarios.values()):
        for kind, items in scenario_fields(s, library):
            if not items:
                continue
            k = _KIND[kind]
            if kind in ("title", "alias"):
                texts.extend(items)
                docs.extend([n] * len(items))
                kinds.extend([k] * len(items))
                size += sum(map(len, items))
            else:
                text = " ".join(items)
                texts.append(text)
                docs.append(n)
                kinds.append(k)
                size += len(text)
        if size >= batch_chars:
            yield batch()
            first += len(texts)
            texts, docs, kinds, size = [], [], [], 0
    if texts:
        yield batch()


class _StopTable:
    """Words that can never count (stop words, words of one or two letters), found on bytes.

    Each word of up to eight letters is its own 64-bit number (its bytes); the table is a small
    collision-free hash of those numbers, so one look-up per word finds them.
    """

    def __init__(self, words: Iterable[str]):
        keys = np.array(sorted({int.from_bytes(w.encode("ascii"), "little") for w in words
                                if w.isascii() and w.isalnum() and len(w) <= 8}), dtype=np.uint64)
        for seed in range(1, 256):
            mult = np.uint64((0x9E3779B97F4A7C15 * seed) & 0xFFFFFFFFFFFFFFFF | 1)
            slots = (keys * mult) >> np.uint64(64 - 18)
            if len(np.unique(slots)) == len(slots):
                break
        else:  # pragma: no cover - never seen: the table then finds nothing, and every word is read
            keys, slots, mult = keys[:0], slots[:0], np.uint64(1)
        self.mult = mult
        self.table = np.zeros(1 << 18, dtype=np.uint64)  # 0 is no word: every word has a byte
        self.table[slots.astype(np.int64)] = keys

    def drop(self, first: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        slot = ((first * self.mult) >> np.uint64(64 - 18)).astype(np.int64)
        return (self.table[slot] == first) & (lengths <= 8)


@contextmanager
def _small_pages():
    """numpy's huge pages off while the index is built.

    numpy asks the kernel for 2 MB pages for large arrays; the build makes and frees hundreds
    of megabytes of short-lived arrays, and where the kernel compacts memory to find huge pages
    (the default for memory that asks for them) that cost one to two seconds of system time.
    """
    setter = getattr(getattr(getattr(np, "_core", None), "multiarray", None), "_set_madvise_hugepage", None)
    if setter is None:  # not this numpy: nothing to turn off
        yield
        return
    before = setter(False)
    try:
        yield
    finally:
        setter(before)


class _Batch(NamedTuple):
    hashes: np.ndarray  # per distinct word: its 64-bit hash (sorted)
    word_id: np.ndarray  # per use: its distinct word
    text_of: np.ndarray  # per use: its text
    place: np.ndarray  # per use: its position among all the words, dropped ones included
    buf: bytes
    rep_start: np.ndarray  # per distinct word: where one of its uses is in buf...
    rep_length: np.ndarray  # ...and its length

    def word(self, i: int) -> str:
        start = int(self.rep_start[i])
        return self.buf[start:start + int(self.rep_length[i])].decode("ascii")

    def words(self, which: np.ndarray) -> list[str]:
        """The distinct words at these positions, read from the folded bytes."""
        buf = self.buf
        return [buf[a:a + n].decode("ascii") for a, n in zip(self.rep_start[which].tolist(),
                                                              self.rep_length[which].tolist())]


_NO_WORDS = (np.zeros(0, np.uint64), np.zeros(0, np.int64))


def _words(texts: list[str], stop: _StopTable | None = None) -> _Batch:
    """Every word of the texts: its distinct words (as hashes) and, per use, word, text and place.

    The place of a use is its position among all the words, dropped ones included: a
    multi-word synonym must not be read across a dropped word.

    The texts are folded as one string and cut into words on bytes; each word is
    hashed from its bytes (8 at a time) and the hashes sorted, so no Python object
    is made per use. A hash clash is checked for (length and first 8 bytes) and
    would be retried with another seed.
    """
    parts = texts
    joined = _SEP.join(parts)
    if not joined.isascii():  # only then is a text folded on its own (accents, other apostrophes)
        parts = [t if t.isascii() else fold(t) for t in texts]
        joined = _SEP.join(parts)
    if joined.count(_SEP) != len(parts) - 1:  # a text holding the separator itself
        parts = [p.replace(_SEP, " ") for p in parts]
        joined = _SEP.join(parts)
    buf = joined.encode("ascii", "replace").translate(_BYTES, b"'`")  # fold() made the rest ASCII
    n = len(buf)
    padded = np.frombuffer(buf + b"\0" * 8, dtype=np.uint8)
    chars = padded[:n]
    is_word = np.zeros(n + 2, dtype=bool)
    np.greater_equal(chars, 48, out=is_word[1:-1])  # letters and digits; spaces and the separator are below
    edges = np.flatnonzero(is_word[1:] != is_word[:-1])
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    uses = len(starts)
    seps = np.flatnonzero(chars == 1)
    window = np.ndarray((n,), dtype="<u8", buffer=padded.data, strides=(1,))
    first = window[starts] & _MASKS[np.minimum(lengths, 8)] if uses else starts.astype(np.uint64)
    if stop is not None and uses:  # words that never count are dropped before any more work
        place = np.flatnonzero(~stop.drop(first, lengths))
        starts, lengths, first = starts[place], lengths[place], first[place]
        uses = len(starts)
    else:
        place = np.arange(uses)
    # each kept word's text: the texts are cut by separators, and the words' starts are in order
    text_of = np.repeat(np.arange(len(parts), dtype=np.int32),
                        np.diff(np.concatenate(([0], np.searchsorted(starts, seps), [uses]))))
    if uses == 0:
        return _Batch(*_NO_WORDS, text_of, place, buf, *_NO_WORDS[:2])
    for seed in range(4):
        h = (first ^ np.uint64(seed)) * _MIX[0]
        longer = np.flatnonzero(lengths > 8)
        offset = 8
        while len(longer):
            part = window[starts[longer] + offset] & _MASKS[np.minimum(lengths[longer] - offset, 8)]
            hl = h[longer]
            h[longer] = ((hl ^ (hl >> np.uint64(31))) * _MIX[1]) ^ part
            offset += 8
            longer = longer[lengths[longer] > offset]
        h ^= h >> np.uint64(29)
        h *= _MIX[2]
        h ^= h >> np.uint64(32)
        pos_bits = max(1, int(uses).bit_length())
        keys = ((h >> np.uint64(pos_bits)) << np.uint64(pos_bits)) | np.arange(uses, dtype=np.uint64)
        keys.sort()
        pos = (keys & np.uint64((1 << pos_bits) - 1)).astype(np.int64)
        word_hash = keys >> np.uint64(pos_bits)
        new = np.empty(uses, dtype=bool)
        new[0] = True
        np.not_equal(word_hash[1:], word_hash[:-1], out=new[1:])
        word_id = np.empty(uses, dtype=np.int32)
        word_id[pos] = np.cumsum(new, dtype=np.int32) - 1
        rep = pos[new]
        # A clash would put two different words under one id: check length and first 8 bytes.
        if np.array_equal(lengths[rep][word_id], lengths) and np.array_equal(first[rep][word_id], first):
            break
    else:  # pragma: no cover - four clashes in a row
        raise RuntimeError("word hashes clashed")
    return _Batch(h[rep], word_id, text_of, place, buf, starts[rep], lengths[rep])


#: Texts are read in batches of about this many characters: arrays that fit the caches.
BATCH_CHARS = 3_000_000


class _Vocabulary:
    """The library's distinct words, their stems and stem ids, grown batch by batch."""

    def __init__(self, norm: Normaliser):
        self.norm = norm
        self._hashes = np.zeros(0, np.uint64)  # the hashes of the words seen, sorted...
        self._hash_ids = np.zeros(0, np.int64)  # ...and each one's id
        self.stem_index: dict[str, int] = {}
        self.lens: list[int] = []  # per word id: how many stems
        self.flat: list[int] = []  # the stem ids of every word id, in order
        self.is_start: list[bool] = []  # the word can begin a multi-word synonym
        self.is_second: list[bool] = []  # ...or be its second word
        self.is_everywhere: list[bool] = []  # ...or begin a phrase read in every field ("deal with")
        self.entry_word: list[str] = []  # per id: the word ("" for a phrase's canonical words)
        self._arrays: tuple[np.ndarray, ...] | None = None
        self._converted: tuple[np.ndarray, ...] = ()  # the lists as arrays, as far as they were converted
        self._canonical: dict[tuple[str, ...], int] = {}
        self._seconds = {k[1] for k in norm._phrases if k[0] in norm._fast_starts}
        # Multi-word synonyms as numbers: each of their words numbered from 1, a phrase's key the
        # sum of its words' numbers times powers of (how many there are + 1), by length.
        phrases = {k: v for k, v in norm._phrases.items() if k[0] in norm._fast_starts}
        self.phrase_word = {w: i + 1 for i, w in enumerate(dict.fromkeys(w for k in phrases for w in k))}
        self.base = len(self.phrase_word) + 1
        #: per length: the phrases' keys (sorted), their canonical words, and whether each is read in every field
        self.phrase_keys: dict[int, tuple[np.ndarray, list[tuple[str, ...]], np.ndarray]] = {}
        for size in sorted({len(k) for k in phrases}, reverse=True):
            keyed = sorted((sum(self.phrase_word[w] * self.base ** j for j, w in enumerate(k)), v, k in norm.everywhere)
                           for k, v in phrases.items() if len(k) == size)
            self.phrase_keys[size] = (np.array([k for k, _, _ in keyed], dtype=np.int64), [v for _, v, _ in keyed],
                                      np.array([e for _, _, e in keyed], dtype=bool))
        self.pw: list[int] = []  # per id: its number as a phrase word, 0 for none
        self.swallowed = self._add_entry((), False, False)  # the other words of a phrase
        #: per length: the id of each phrase's canonical words, made now so that batches can be read in threads
        self.phrase_ids = {size: np.array([self.canonical(v) for v in canon], dtype=np.int64)
                           for size, (_, canon, _) in self.phrase_keys.items()}

    def _add_entry(self, stems: tuple[str, ...], start: bool, second: bool, word: str = "") -> int:
        index = self.stem_index
        self.entry_word.append(word)
        self.lens.append(len(stems))
        self.flat.extend(index.setdefault(st, len(index)) for st in stems)
        self.is_start.append(start)
        self.is_second.append(second)
        self.is_everywhere.append(False)
        self.pw.append(self.phrase_word.get(word, 0) if word else 0)
        self._arrays = None
        return len(self.lens) - 1

    def ids(self, batch: _Batch) -> np.ndarray:
        """Global ids of a batch's words, adding the new ones (each read and stemmed once)."""
        known, hashes = self._hashes, batch.hashes
        ids = np.full(len(hashes), -1, dtype=np.int64)
        if len(known):
            at = np.minimum(np.searchsorted(known, hashes), len(known) - 1)
            seen = known[at] == hashes
            ids[seen] = self._hash_ids[at[seen]]
        fresh = np.flatnonzero(ids < 0)
        if len(fresh):
            new = batch.words(fresh)
            stems = self.norm.word_stems(new)
            first = len(self.lens)
            self.entry_word.extend(new)
            self.lens.extend(map(len, stems))
            sindex = self.stem_index
            self.flat.extend(sindex.setdefault(st, len(sindex)) for st in chain.from_iterable(stems))
            # the phrase flags: few words have any, so they are set for those alone
            at = {w: i for i, w in enumerate(new)}
            for flags, words in ((self.is_start, self.norm._fast_starts), (self.is_second, self._seconds),
                                 (self.is_everywhere, self.norm.everywhere_starts)):
                row = [False] * len(new)
                for w in at.keys() & words:
                    row[at[w]] = True
                flags.extend(row)
            numbers = [0] * len(new)
            for w in at.keys() & self.phrase_word.keys():
                numbers[at[w]] = self.phrase_word[w]
            self.pw.extend(numbers)
            self._arrays = None
            ids[fresh] = np.arange(first, first + len(new))
            merged = np.concatenate((known, hashes[fresh]))
            order = np.argsort(merged, kind="stable")
            self._hashes = merged[order]
            self._hash_ids = np.concatenate((self._hash_ids, ids[fresh]))[order]
        return ids

    def canonical(self, words: tuple[str, ...]) -> int:
        """An id for the canonical words of a phrase, read as one word."""
        cid = self._canonical.get(words)
        if cid is None:
            stems = tuple(chain.from_iterable(self.norm.word_stems(list(words))))
            cid = self._canonical[words] = self._add_entry(stems, False, False)
        return cid

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Per word id: stem count, stem ids (all, flat), where its stems start, and its phrase flags.

        The lists only grow, so only what was added since the last call is converted."""
        if self._arrays is None:
            lists = (self.lens, self.flat, self.is_start, self.is_second, self.pw, self.is_everywhere)
            kinds = (np.int64, np.int64, bool, bool, np.int64, bool)
            done = self._converted or tuple(np.zeros(0, k) for k in kinds)
            self._converted = tuple(np.concatenate((old, np.asarray(items[len(old):], dtype=k)))
                                    for old, items, k in zip(done, lists, kinds))
            lens, flat, is_start, is_second, pw, is_everywhere = self._converted
            self._arrays = (lens, flat, np.cumsum(lens) - lens, is_start, is_second, pw, is_everywhere)
        return self._arrays


class Index(QueryTables):
    """Scenario documents with postings, idf and word pairs, as sorted arrays.

    Postings lists (Python lists) and idf are made for the words queries use.
    """

    def __init__(self, library: Library, norm: Normaliser):
        with _small_pages():
            self._build(library, norm)

    def _build(self, library: Library, norm: Normaliser) -> None:
        self.norm = norm
        scenarios = list(library.scenarios.values())
        self.docs: list[Doc] = [Doc(s.id, s.title, _index=self, _n=n) for n, s in enumerate(scenarios)]
        n_docs = len(self.docs)
        vocab = _Vocabulary(norm)
        self._stop = _stop_table(norm)  # for the names and descriptions, where every multi-word synonym is read
        self._stop_deep = _stop_table(norm, everywhere_only=True)  # for the long fields: only a few phrases
        groups: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        names: list[tuple[np.ndarray, np.ndarray]] = []
        pairs: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        batches: list[_Texts] = []
        for result in self._read_batches(vocab, _text_batches(library, BATCH_CHARS), batches):
            if result is not None:
                groups.append(result[0])
                names.append(result[1])
                if result[2] is not None:
                    pairs.append(result[2])
        seg_doc_a = np.concatenate([b.docs for b in batches]) if batches else np.zeros(0, np.int64)
        n_texts = len(seg_doc_a)

        stems = self._stems = list(vocab.stem_index)
        self._stem_id = vocab.stem_index
        n_stems = len(stems)
        if groups:
            g_doc, g_stem, code = (np.concatenate(parts) for parts in zip(*groups))
        else:
            g_doc = g_stem = code = np.zeros(0, np.int64)
        self._d_ptr = np.searchsorted(g_doc, np.arange(n_docs + 1))
        self._d_stem = g_stem
        self._d_weight = _WEIGHT_OF_CODE[code]
        present = np.zeros(n_stems, dtype=bool)
        present[g_stem] = True
        is_core = np.zeros(n_stems, dtype=bool)
        is_core[g_stem[code < _N_CORE * 16]] = True
        named = np.unique(g_stem[code < (_KIND["keyword"] + 1) * 16])  # stems in a title, alias or keyword
        self._name_numbers = {st for st in (stems[i] for i in named.tolist()) if is_number(st)}
        self.vocab: set[str] = {stems[i] for i in np.flatnonzero(present).tolist()}
        self.core: set[str] = {stems[i] for i in np.flatnonzero(is_core).tolist()}

        # Postings: by stem, then scenario.
        nd = max(n_docs, 1)
        pkey = ((g_stem * nd + g_doc) << 8) | code
        pkey.sort()
        rest = pkey >> 8
        self._p_doc = rest % nd
        p_stem = rest // nd
        self._p_weight = _WEIGHT_OF_CODE[pkey & 255]
        self._p_ptr = np.searchsorted(p_stem, np.arange(n_stems + 1))
        spread_each = np.where(self._p_weight >= CORE_WEIGHT, 1.0, DEEP_SPREAD)
        self._spread = np.bincount(p_stem, weights=spread_each, minlength=n_stems)

        # Names (title and aliases) as stem sets, made on demand.
        self._n_seg = np.concatenate([a for a, _ in names]) if names else np.zeros(0, np.int64)
        self._n_stem = np.concatenate([b for _, b in names]) if names else np.zeros(0, np.int64)
        self._n_seg_doc = seg_doc_a
        order = np.argsort(self._n_stem, kind="stable")
        self._n_by_stem = self._n_seg[order]
        self._n_by_stem_ptr = np.searchsorted(self._n_stem[order], np.arange(n_stems + 1))
        self._n_doc_ptr = np.searchsorted(seg_doc_a[self._n_seg], np.arange(n_docs + 1))
        self.name_postings: dict[str, list[tuple[int, frozenset[str]]]] = Lazy(self._name_postings)
        # Distinct stems per name, for finding every name a text holds whole in one pass.
        if len(self._n_seg):
            nkey = np.sort(self._n_seg * max(n_stems, 1) + self._n_stem)
            nkey = nkey[np.concatenate(([True], nkey[1:] != nkey[:-1]))]
            self._nu_seg, self._nu_stem = nkey // max(n_stems, 1), nkey % max(n_stems, 1)
        else:
            self._nu_seg = self._nu_stem = np.zeros(0, np.int64)
        self._nu_len = np.bincount(self._nu_seg, minlength=n_texts)
        # Word pairs of the names, keywords and symptoms.
        if pairs:
            a, b, d = (np.concatenate(x) for x in zip(*pairs))
            pair = (a * n_stems + b) * nd + d
            pair.sort()
            keep = np.concatenate(([True], pair[1:] != pair[:-1])) if len(pair) else np.zeros(0, bool)
            self._pairs = pair[keep]
        else:
            self._pairs = np.zeros(0, np.int64)

        self.ready_for_queries(library, norm, n_docs)

    # -- building -------------------------------------------------------------------
    def _read_batches(self, vocab: _Vocabulary, made, batches: list[_Texts]) -> list:
        """Each batch of texts read into (scenario, stem) weights, names and word pairs.

        Reading the words and grouping them is numpy work that runs in two threads (numpy lets go of
        the interpreter lock while it works); putting the batches together and giving the words their
        ids runs here, batch by batch in order, so that the index is the same however the threads are
        timed. ``batches`` receives each batch as it is made.
        """
        with ThreadPoolExecutor(max_workers=2) as pool:
            ahead = []

            def read_next() -> None:
                batch = next(made, None)
                if batch is not None:
                    batches.append(batch)
                    ahead.append(pool.submit(self._read, batch))

            read_next()
            read_next()
            grouped = []
            while ahead:
                batch, parts = ahead.pop(0).result()
                read_next()
                located = [(vocab.ids(words)[words.word_id], seg, words.place, deep) for words, seg, deep in parts]
                grouped.append(pool.submit(self._group, vocab.arrays(), vocab, len(vocab.stem_index), located, batch))
            return [g.result() for g in grouped]

    def _read(self, batch: _Texts):
        """A batch's words, the names and descriptions apart from the long fields.

        In the long fields only a few multi-word synonyms are read, so every word without a stem can
        be dropped there unread.
        """
        deep = batch.kinds >= _N_CORE
        out = []
        for part, stop, in_deep in ((np.flatnonzero(~deep), self._stop, False),
                                    (np.flatnonzero(deep), self._stop_deep, True)):
            if not len(part):
                continue
            words = _words([batch.texts[i] for i in part.tolist()], stop)
            if len(words.word_id):
                out.append((words, part[words.text_of], in_deep))  # each use's text, within the batch
        return batch, out

    def _group(self, arrays: tuple, vocab: _Vocabulary, n_stems: int, located: list, batch: _Texts):
        """(scenario, stem) weights, names and word pairs of one batch whose words have their ids."""
        if not located:
            return None
        seg_doc, seg_kind = batch.docs, batch.kinds  # by text within the batch
        rewritten = [self._rewrite_phrases(arrays, vocab, word_id, seg, seg_kind, place, deep)
                     for word_id, seg, place, deep in located]
        segs = [seg for _, seg, _, _ in located]
        word_id, seg = (np.concatenate(x) if len(x) > 1 else x[0] for x in (rewritten, segs))
        lens, flat, starts = arrays[:3]
        # Every use expanded to its stems (mostly one; none for a stop word; several for "asb").
        use_lens = lens[word_id]
        total = int(use_lens.sum())
        if not total:
            return None
        use_of = np.repeat(np.arange(len(word_id)), use_lens)
        within = np.arange(total) - np.repeat(np.cumsum(use_lens) - use_lens, use_lens)
        sid = flat[starts[word_id][use_of] + within]
        seg = seg[use_of]
        doc = seg_doc[seg]
        kind = seg_kind[seg]
        # (scenario, stem): its strongest field (the first, fields are strongest first) and its uses.
        d0 = int(doc.min())
        n_stems = max(n_stems, 1)
        key = ((doc - d0) * n_stems + sid) * 16 + kind
        key.sort()
        group = key >> 4
        head = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
        uses = np.diff(np.append(head, total))
        g = group[head]
        code = (key[head] & 15) * 16 + np.minimum(uses - 1, 15)
        name_uses = np.flatnonzero(kind <= _KIND["alias"])
        seg = seg + batch.first  # texts numbered across the library from here
        pairs = None
        seq = np.flatnonzero(kind < _N_SEQUENCE)
        if len(seq) > 1:
            a, b = seq[:-1], seq[1:]
            adjacent = doc[a] == doc[b]  # names, keywords and symptoms read as one run of words
            a, b = a[adjacent], b[adjacent]
            pairs = (sid[a], sid[b], doc[a])
        return (g // n_stems + d0, g % n_stems, code), (seg[name_uses], sid[name_uses]), pairs

    def _rewrite_phrases(self, arrays: tuple, vocab: _Vocabulary, word_id: np.ndarray, seg: np.ndarray,
                         seg_kind: np.ndarray, place: np.ndarray, deep: bool = False) -> np.ndarray:
        """Multi-word synonyms ("anti social behavior") replaced by their canonical words, longest first.

        Only in the fields that name or describe the problem: the long fields (``deep``) are read word
        by word, but for the phrases read in every field (a word whose sense changes: "deal with").
        The first word of a phrase takes the canonical words; the others are dropped. ``arrays`` is the
        vocabulary's arrays as they were when the batch's words got their ids (this may run on a thread).
        """
        phrases = self.norm._phrases
        if not phrases or len(word_id) < 2:
            return word_id
        is_start, is_second, pw, is_everywhere = arrays[3:]
        # first the words that can begin a phrase here (few), then the checks on those alone
        cands = np.flatnonzero((is_everywhere if deep else is_start)[word_id[:-1]])
        after = cands + 1
        cands = cands[is_second[word_id[after]] & (seg[cands] == seg[after]) & (place[after] - place[cands] == 1)]
        core = seg_kind[seg[cands]] < _N_CORE
        wanted = core | is_everywhere[word_id[cands]]
        cands, core = cands[wanted], core[wanted]
        if not len(cands):
            return word_id
        uses = len(word_id)
        size_of = np.zeros(len(cands), dtype=np.int64)  # the longest phrase found at each candidate
        canon_of = np.zeros(len(cands), dtype=np.int64)
        for size, (keys, canon, everywhere) in vocab.phrase_keys.items():  # longest first
            at = np.flatnonzero((cands + size - 1 < uses) & (size_of == 0))
            c = cands[at]
            last = c + size - 1
            key = np.zeros(len(c), dtype=np.int64)
            for j in range(size):
                key += pw[word_id[c + j]] * vocab.base ** j
            slot = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = ((keys[slot] == key) & (seg[last] == seg[c]) & (place[last] - place[c] == size - 1)
                   & (core[at] | everywhere[slot]))
            size_of[at[hit]] = size
            canon_of[at[hit]] = slot[hit]
        found = np.flatnonzero(size_of)
        if not len(found):
            return word_id
        at, size, k = cands[found], size_of[found], canon_of[found]
        if np.any(at[1:] < (at + size)[:-1]):  # a phrase found inside the one before: rare, read in order
            keep, done = [], -1
            for n, (i, sz) in enumerate(zip(at.tolist(), size.tolist())):
                if i >= done:
                    keep.append(n)
                    done = i + sz
            at, size, k = at[keep], size[keep], k[keep]
        out = word_id.copy()
        out[at] = [vocab.phrase_ids[sz][kk] for sz, kk in zip(size.tolist(), k.tolist())]
        rest = size - 1  # the phrase's other words
        out[np.repeat(at + 1, rest) + np.arange(int(rest.sum())) - np.repeat(np.cumsum(rest) - rest, rest)] = vocab.swallowed
        return out

    def numbers_in_names(self) -> set[str]:
        """The numbers a scenario's title, aliases or keywords hold ("999", "101"), as read after the synonyms."""
        return self._name_numbers

    def _name(self, seg: int) -> frozenset[str]:
        a, b = np.searchsorted(self._n_seg, [seg, seg + 1])
        stems = self._stems
        return frozenset(stems[i] for i in self._n_stem[a:b].tolist())

    def _names_of(self, n: int) -> list[frozenset[str]]:
        a, b = int(self._n_doc_ptr[n]), int(self._n_doc_ptr[n + 1])
        out: list[frozenset[str]] = []
        for sg in dict.fromkeys(self._n_seg[a:b].tolist()):
            name = self._name(sg)
            if name and name not in out:
                out.append(name)
        return out

    def _name_postings(self, term: str) -> list[tuple[int, frozenset[str]]]:
        """The names whose first word (in sort order) is this one: a name is looked up once."""
        i = self._stem_id.get(term)
        if i is None:
            return []
        a, b = int(self._n_by_stem_ptr[i]), int(self._n_by_stem_ptr[i + 1])
        out: list[tuple[int, frozenset[str]]] = []
        for sg in dict.fromkeys(self._n_by_stem[a:b].tolist()):
            name = self._name(sg)
            entry = (int(self._n_seg_doc[sg]), name)
            if min(name) == term and entry not in out:
                out.append(entry)
        return out

    def names_found(self, terms: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """The names (title or alias) whose every word is among ``terms`` (stem -> idf).

        Returns (scenario of each name, summed idf of its words).
        """
        ids = [self._stem_id[t] for t in terms if t in self._stem_id]
        if not ids or not len(self._nu_stem):
            return self._nu_seg[:0], np.zeros(0)
        idf = np.zeros(len(self._stems))
        idf[ids] = [terms[self._stems[i]] for i in ids]
        present = np.zeros(len(self._stems), dtype=bool)
        present[ids] = True
        hit = present[self._nu_stem]
        segs = self._nu_seg[hit]
        if not len(segs):
            return segs, np.zeros(0)
        found = np.bincount(segs, minlength=len(self._nu_len))
        whole = np.flatnonzero((found == self._nu_len) & (found > 0))
        worth = np.bincount(segs, weights=idf[self._nu_stem[hit]], minlength=len(self._nu_len))[whole]
        return self._n_seg_doc[whole], worth

    def _doc_weights(self, n: int) -> dict[str, float]:
        a, b = int(self._d_ptr[n]), int(self._d_ptr[n + 1])
        stems = self._stems
        return dict(zip([stems[i] for i in self._d_stem[a:b].tolist()], self._d_weight[a:b].tolist()))

    # -- what queries use -------------------------------------------------------------
    def posting_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(scenarios, weights) of a word, as arrays."""
        i = self._stem_id.get(term)
        if i is None:
            return self._p_doc[:0], self._p_weight[:0]
        a, b = int(self._p_ptr[i]), int(self._p_ptr[i + 1])
        return self._p_doc[a:b], self._p_weight[a:b]

    def _postings(self, term: str) -> list[tuple[int, float]]:
        docs, weights = self.posting_arrays(term)
        return list(zip(docs.tolist(), weights.tolist()))

    def _pair_docs(self, pair: tuple[str, str]) -> list[int]:
        a, b = self._stem_id.get(pair[0]), self._stem_id.get(pair[1])
        if a is None or b is None or not len(self._pairs):
            return []
        n_docs = max(len(self.docs), 1)
        base = (a * len(self._stems) + b) * n_docs
        lo, hi = np.searchsorted(self._pairs, [base, base + n_docs])
        return (self._pairs[lo:hi] - base).tolist()

    def _idf(self, term: str) -> float:
        i = self._stem_id.get(term)
        spread = float(self._spread[i]) if i is not None and term in self.vocab else 0.0
        if spread > UBIQUITOUS_SHARE * len(self.docs) >= UBIQUITOUS_MIN_DOCS:
            return 0.0  # a word most of a large library uses tells its scenarios apart by nothing
        value = max(0.0, math.log(self._total / (spread + 0.5)) - self._floor)
        return value * COMMON_WORD_FACTOR if term in self._common else value


def _stop_table(norm: Normaliser, everywhere_only: bool = False) -> _StopTable:
    """Words that give no stems and take no part in a multi-word synonym read there: safe to drop unread."""
    phrase_words = {w for key in (norm.everywhere if everywhere_only else norm._phrases) for w in key}
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    candidates = [*norm.stopwords, *alnum, *(a + b for a in alnum for b in alnum)]
    candidates = [w for w in dict.fromkeys(candidates) if w not in phrase_words and w not in norm._single]
    return _StopTable(w for w, stems in zip(candidates, norm.word_stems(candidates)) if not stems)
