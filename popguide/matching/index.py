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
arrays. A library of thousands of scenarios (millions of words) builds in about
a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

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

    def get(self, key, default=None):
        return self[key]


def _segments(library: Library) -> tuple[list[str], list[int], list[int]]:
    """The library's texts in order, each with its scenario and field: title and each alias alone."""
    texts: list[str] = []
    docs: list[int] = []
    kinds: list[int] = []
    for n, s in enumerate(library.scenarios.values()):
        for kind, items in scenario_fields(s, library):
            if not items:
                continue
            k = _KIND[kind]
            if kind in ("title", "alias"):
                texts.extend(items)
                docs.extend([n] * len(items))
                kinds.extend([k] * len(items))
            else:
                texts.append(" ".join(items))
                docs.append(n)
                kinds.append(k)
    return texts, docs, kinds


def _words(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every word of the texts: (distinct folded words, word id per use, text per use).

    The texts are folded as one string and cut into words on bytes; each word is
    hashed from its bytes (8 at a time) and the hashes sorted, so no Python object
    is made per use. A hash clash is checked for (length and first 8 bytes) and
    would be retried with another seed.
    """
    parts = [t if t.isascii() else fold(t) for t in texts]
    joined = _SEP.join(parts)
    if joined.count(_SEP) != len(parts) - 1:  # a text holding the separator itself
        parts = [p.replace(_SEP, " ") for p in parts]
        joined = _SEP.join(parts)
    buf = joined.lower().translate(_TABLE).encode("ascii", "replace")
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
    text_of = np.repeat(np.arange(len(parts), dtype=np.int32),
                        np.diff(np.concatenate(([0], np.searchsorted(starts, seps), [uses]))))
    if uses == 0:
        return [], np.zeros(0, np.int32), text_of
    window = np.ndarray((n,), dtype="<u8", buffer=padded.data, strides=(1,))
    first = window[starts] & _MASKS[np.minimum(lengths, 8)]
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
    words = [buf[s:s + ln].decode("ascii") for s, ln in zip(starts[rep].tolist(), lengths[rep].tolist())]
    return words, word_id, text_of


class Index:
    """Scenario documents with postings, idf and word pairs, as sorted arrays.

    Postings lists (Python lists) and idf are made for the words queries use.
    """

    def __init__(self, library: Library, norm: Normaliser):
        self.norm = norm
        scenarios = list(library.scenarios.values())
        self.docs: list[Doc] = [Doc(s.id, s.title, _index=self, _n=n) for n, s in enumerate(scenarios)]
        n_docs = len(self.docs)
        texts, seg_doc, seg_kind = _segments(library)
        words, word_id, text_of = _words(texts)
        seg_doc_a = np.asarray(seg_doc, dtype=np.int64)
        seg_kind_a = np.asarray(seg_kind, dtype=np.int64)

        # Each distinct word normalised once: synonyms, stop words, stems.
        word_id = self._rewrite_phrases(words, word_id, text_of, seg_kind_a < _N_CORE)
        table = self._word_table
        stem_ids: dict[str, int] = {}
        flat: list[int] = []
        lens: list[int] = []
        for stems in table:
            lens.append(len(stems))
            flat.extend(stem_ids.setdefault(st, len(stem_ids)) for st in stems)
        self._stems: list[str] = list(stem_ids)
        self._stem_id = stem_ids
        n_stems = len(stem_ids)
        lens_a = np.asarray(lens, dtype=np.int64)
        flat_a = np.asarray(flat, dtype=np.int64)
        starts_a = np.cumsum(lens_a) - lens_a
        # Every use expanded to its stems (mostly one; none for a stop word; several for "asb").
        use_lens = lens_a[word_id]
        total = int(use_lens.sum())
        use_of = np.repeat(np.arange(len(word_id)), use_lens)
        within = np.arange(total) - np.repeat(np.cumsum(use_lens) - use_lens, use_lens)
        sid = flat_a[starts_a[word_id][use_of] + within]
        seg = text_of[use_of].astype(np.int64)
        doc = seg_doc_a[seg] if total else np.zeros(0, np.int64)
        kind = seg_kind_a[seg] if total else np.zeros(0, np.int64)

        # (scenario, stem): its strongest field (the first, fields are strongest first) and its uses.
        key = (doc * max(n_stems, 1) + sid) * 16 + kind
        key.sort()
        group = key >> 4
        head = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1]))) if total else np.zeros(0, np.int64)
        uses = np.diff(np.append(head, total))
        g_kind = key[head] & 15
        g = group[head]
        g_doc, g_stem = g // max(n_stems, 1), g % max(n_stems, 1)
        code = g_kind * 16 + np.minimum(uses - 1, 15)
        self._d_ptr = np.searchsorted(g_doc, np.arange(n_docs + 1))
        self._d_stem = g_stem
        self._d_weight = _WEIGHT_OF_CODE[code]
        present = np.zeros(n_stems, dtype=bool)
        present[g_stem] = True
        is_core = np.zeros(n_stems, dtype=bool)
        is_core[g_stem[g_kind < _N_CORE]] = True
        stems = self._stems
        self.vocab: set[str] = {stems[i] for i in np.flatnonzero(present).tolist()}
        self.core: set[str] = {stems[i] for i in np.flatnonzero(is_core).tolist()}

        # Postings: by stem, then scenario.
        pkey = ((g_stem * max(n_docs, 1) + g_doc) << 8) | code
        pkey.sort()
        p_code = pkey & 255
        rest = pkey >> 8
        self._p_doc = (rest % max(n_docs, 1)).astype(np.int64)
        p_stem = rest // max(n_docs, 1)
        self._p_weight = _WEIGHT_OF_CODE[p_code]
        self._p_ptr = np.searchsorted(p_stem, np.arange(n_stems + 1))
        core_use = self._p_weight >= CORE_WEIGHT
        spread_each = np.where(core_use, 1.0, DEEP_SPREAD)
        self._spread = np.bincount(p_stem, weights=spread_each, minlength=n_stems) if len(p_stem) else np.zeros(n_stems)

        # Names (title and aliases) as stem sets, made on demand; word pairs of the names,
        # keywords and symptoms.
        name_uses = np.flatnonzero(kind <= _KIND["alias"])
        self._n_seg = seg[name_uses]
        self._n_stem = sid[name_uses]
        self._n_seg_doc = seg_doc_a
        order = np.argsort(self._n_stem, kind="stable")
        self._n_by_stem = self._n_seg[order]
        self._n_by_stem_ptr = np.searchsorted(self._n_stem[order], np.arange(n_stems + 1))
        self._n_doc_ptr = np.searchsorted(seg_doc_a[self._n_seg], np.arange(n_docs + 1))
        self.name_postings: dict[str, list[tuple[int, frozenset[str]]]] = _Lazy(self._name_postings)
        seq = np.flatnonzero(kind < _N_SEQUENCE)
        if len(seq) > 1:
            a, b = seq[:-1], seq[1:]
            adjacent = doc[a] == doc[b]  # names, keywords and symptoms read as one run of words
            a, b = a[adjacent], b[adjacent]
            pair = (sid[a] * n_stems + sid[b]) * max(n_docs, 1) + doc[a]
            pair.sort()
            keep = np.concatenate(([True], pair[1:] != pair[:-1])) if len(pair) else np.zeros(0, bool)
            self._pairs = pair[keep]
        else:
            self._pairs = np.zeros(0, np.int64)

        self._total = n_docs + IDF_PRIOR_DOCS
        self._floor = IDF_FLOOR * math.log(self._total / (n_docs + 0.5))  # a word in every scenario says nothing
        self.idf_max = max(1e-9, math.log(self._total / 1.5) - self._floor)
        self._common = {stem(w) for c in library.common_words for w in fold(c).split()}
        self.postings: dict[str, list[tuple[int, float]]] = _Lazy(self._postings)
        self.idf: dict[str, float] = _Lazy(self._idf)
        #: Scenarios whose names, keywords or symptoms have two words side by side.
        self.pair_docs: dict[tuple[str, str], list[int]] = _Lazy(self._pair_docs)
        #: Words the library uses anywhere, also outside scenarios: the register it knows.
        self.known: set[str] = self.vocab | norm.vocabulary(_background(library))

    # -- building -------------------------------------------------------------------
    def _rewrite_phrases(self, words: list[str], word_id: np.ndarray, text_of: np.ndarray,
                         core_text: np.ndarray) -> np.ndarray:
        """Multi-word synonyms ("anti social behavior") replaced by their canonical words, longest first.

        Only in the fields that name or describe the problem (``core_text``): the long fields
        are read word by word.

        Sets ``_word_table``: the stems of each word id, including one id per canonical
        phrase found and one for the words a phrase swallowed.
        """
        norm = self.norm
        table: list[tuple[str, ...]] = norm.word_stems(words)
        self._word_table = table
        ids = {w: i for i, w in enumerate(words)}
        starts = [ids[w] for w in norm._fast_starts if w in ids]
        if not starts or len(word_id) < 2:
            return word_id
        flag = np.zeros(len(words), dtype=bool)
        flag[starts] = True
        cands = np.flatnonzero(flag[word_id])
        cands = cands[core_text[text_of[cands]]]
        phrases: dict[tuple[int, ...], tuple[str, ...]] = {}
        for key, canonical in norm._phrases.items():
            if key[0] in norm._fast_starts and all(w in ids for w in key):
                phrases[tuple(ids[w] for w in key)] = canonical
        if not phrases or not len(cands):
            return word_id
        longest = max(map(len, phrases))
        uses = len(word_id)
        # Keep candidates whose first two words start a phrase (a vectorised test).
        n_words = np.int64(len(words))
        prefixes = np.unique(np.array([k[0] * int(n_words) + k[1] for k in phrases], dtype=np.int64))
        nxt = np.minimum(cands + 1, uses - 1)
        pk = word_id[cands].astype(np.int64) * n_words + word_id[nxt]
        at = np.minimum(np.searchsorted(prefixes, pk), len(prefixes) - 1)
        cands = cands[(prefixes[at] == pk) & (nxt > cands) & (text_of[nxt] == text_of[cands])]
        if not len(cands):
            return word_id
        wid = None
        out = word_id.copy()
        canon_ids: dict[tuple[str, ...], int] = {}
        swallowed = len(table)
        table.append(())
        done = -1
        for i in cands.tolist():
            if i < done:
                continue
            for size in range(min(longest, uses - i), 1, -1):
                window = tuple(wid[i:i + size]) if wid is not None else tuple(word_id[i:i + size].tolist())
                canonical = phrases.get(window)
                if canonical is not None and text_of[i] == text_of[i + size - 1]:
                    cid = canon_ids.get(canonical)
                    if cid is None:
                        cid = canon_ids[canonical] = len(table)
                        table.append(tuple(chain.from_iterable(norm.word_stems(list(canonical)))))
                    out[i] = cid
                    out[i + 1:i + size] = swallowed
                    done = i + size
                    break
        return out

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


def _background(library: Library) -> list[str]:
    """Texts of the library outside its scenarios: partner directory and glossary."""
    out: list[str] = []
    for p in library.partners.values():
        out += [p.name, p.remit, p.when_to_involve, *p.can_do, *p.aliases]
    for t in library.glossary.values():
        out += [t.term, t.definition, *t.aliases]
    return out
