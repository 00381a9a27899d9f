"""A learned sequence tagger for facts: a linear-chain CRF over word tokens with BIO labels per side.

Features are the word itself (lower case, shape, prefix and suffixes), its neighbours, the question asked,
and membership in the vocabulary's cue lists (read from the merged vocabulary, so a force's added words
still reach the tagger), marked on the token, its neighbours and its clause. Trained in memory from the
labelled YAML sets by bench/tagger_experiment.py; nothing is downloaded. An experiment kept in bench/: it
did not beat the rules on dev6 (bench/TAGGER_NOTES.md), so the package does not use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

from popguide.understanding.facts import _CLOCK, _NAMED_PLACE
from popguide.understanding.phrases import raw_tokens
from popguide.understanding.records import SIDES, Fact
from popguide.understanding.vocabulary import Vocabulary

MODEL = Path(__file__).with_name("facts_tagger.crfsuite")  # not shipped: the experiment did not win

_CLAUSE_PUNCT = {",", ".", ";", ":", "!", "?", "(", ")", "/", "+", "&"}
_SENT_PUNCT = {".", "!", "?", ";"}
_CLOCKISH = re.compile(r"^\d{1,2}(?:am|pm)?$|^\d{3,4}(?:hrs)?$|^(?:am|pm|hrs|midnight|midday|noon)$")
_SHAPE_SUB = [(re.compile(r"[A-Z]+"), "X"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"\d+"), "d")]


def _shape(word: str) -> str:
    s = word
    for rx, rep in _SHAPE_SUB:
        s = rx.sub(rep, s)
    return s[:6]


class Featurizer:
    """Token features for one answer; the cue lists come from the vocabulary given."""

    def __init__(self, vocab: Vocabulary, extra: bool = False):
        # `extra`: also the rules' clock and named-place patterns and the nearest side cue either way in the
        # clause; better in cross-validation, worse on dev5, so off (the dev5 choice)
        self.extra = extra
        self.cues = [
            ("s", vocab.sides),
            ("t", vocab.time_words),
            ("src", vocab.count_sources),
            ("bnd", vocab.boundaries),
            ("lead", vocab.lead_in),
            ("att", vocab.attach),
            ("role", vocab.roles),
            ("acts", vocab.acts_on),
            ("out", vocab.outcomes),
            ("ppl", vocab.matcher("roles", "people")),
        ]
        self.heads = vocab.heads
        self.headless = vocab.headless
        self.numbers = frozenset(vocab.number_words)
        self.joiners = vocab.time_joiners
        self.leads = vocab.time_leads

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return raw_tokens(text)

    def features(self, text: str, question: str | None, toks=None) -> list[list[str]]:
        toks = self.tokens(text) if toks is None else toks
        n = len(toks)
        if not n:
            return []
        words = [t[0] for t in toks]
        # cue hits, matched over the tokens without hyphens (as the rules match them)
        keep = [i for i, w in enumerate(words) if w != "-"]
        sub = [toks[i] for i in keep]
        marks: list[list[str]] = [[] for _ in range(n)]
        for name, matcher in self.cues:
            for h in matcher.find(sub):
                tag = name if name in ("t", "src", "bnd", "lead", "att", "acts", "out", "ppl") else f"{name}:{h.tag}"
                first = True
                for k in range(h.first, h.last):
                    marks[keep[k]].append(("B" if first else "I") + tag)
                    first = False
        # times of day and named places, as the rules find them
        for rx, tag in ((_CLOCK, "Tclock"), (_NAMED_PLACE, "Tnamed")) if self.extra else ():
            for m in rx.finditer(text):
                for i, (_, a, b) in enumerate(toks):
                    if a < m.end() and m.start() < b:
                        marks[i].append(("B" if a <= m.start() else "I") + tag[1:])
        # clauses and sentences
        clause_id = [0] * n
        sent_id = [0] * n
        c = s = 0
        for i, w in enumerate(words):
            if w in _CLAUSE_PUNCT or w == "-":
                c += 1
            if w in _SENT_PUNCT:
                s += 1
            clause_id[i] = c
            sent_id[i] = s
        clause_cues: dict[int, set[str]] = {}
        sent_cues: dict[int, set[str]] = {}
        for i in range(n):
            for m in marks[i]:
                if m[0] == "B" and m[1:3] == "s:":
                    clause_cues.setdefault(clause_id[i], set()).add(m[1:])
                    sent_cues.setdefault(sent_id[i], set()).add(m[1:])
        left: list[str | None] = [None] * n
        right: list[str | None] = [None] * n
        last = None
        for i in range(n):
            if i and clause_id[i] != clause_id[i - 1]:
                last = None
            left[i] = last
            for m in marks[i]:
                if m[1:3] == "s:":
                    last = m[3:]
        last = None
        for i in range(n - 1, -1, -1):
            if i < n - 1 and clause_id[i] != clause_id[i + 1]:
                last = None
            right[i] = last
            for m in marks[i]:
                if m[1:3] == "s:":
                    last = m[3:]
        q = question if question in SIDES else "none"
        out = []
        pos_in_clause = 0
        for i in range(n):
            w = words[i]
            raw = text[toks[i][1]:toks[i][2]]
            if i == 0 or clause_id[i] != clause_id[i - 1]:
                pos_in_clause = 0
            else:
                pos_in_clause += 1
            f = ["b", "w=" + w, "sh=" + _shape(raw), "q=" + q]
            if len(w) > 3:
                f += ["s3=" + w[-3:], "s2=" + w[-2:], "p3=" + w[:3]]
            if raw[:1].isupper():
                f.append("cap")
                if i > 0 and words[i - 1] not in _SENT_PUNCT:
                    f.append("midcap")
            if raw.isupper() and len(raw) > 1:
                f.append("upper")
            if w.isdigit() or w in self.numbers:
                f.append("num")
            if _CLOCKISH.match(w):
                f.append("clockish")
            if w in self.heads:
                f.append("head")
            if w in self.headless:
                f.append("headless")
            if w in self.joiners:
                f.append("tjoin")
            if w in self.leads:
                f.append("tlead")
            f.append("pc=%d" % min(pos_in_clause, 4))
            if i == 0:
                f.append("BOS")
            if i == n - 1:
                f.append("EOS")
            for m in marks[i]:
                f.append("c=" + m)
                f.append("c=" + m[1:])
            f.append("qpc=%s|%d" % (q, min(pos_in_clause, 2)))
            for d in (-2, -1, 1, 2):
                j = i + d
                if 0 <= j < n:
                    f.append("w%+d=%s" % (d, words[j]))
                    for m in marks[j]:
                        f.append("c%+d=%s" % (d, m[1:]))
                else:
                    f.append("w%+d=<>" % d)
            if i > 0:
                f.append("bi-=%s|%s" % (words[i - 1], w))
            if i < n - 1:
                f.append("bi+=%s|%s" % (w, words[i + 1]))
            if self.extra and left[i]:
                f.append("L=" + left[i])
            if self.extra and right[i]:
                f.append("R=" + right[i])
            for cue in clause_cues.get(clause_id[i], ()):
                f.append("cl=" + cue)
            for cue in sent_cues.get(sent_id[i], ()):
                f.append("se=" + cue)
            out.append(f)
        return out


def bio_labels(text: str, facts: Sequence[tuple[str, int, int]], toks) -> list[str]:
    """BIO labels for the tokens from gold (side, start, end) spans; longer spans are painted first so a
    span inside another keeps its own side (the outer one restarts after it)."""
    labels = ["O"] * len(toks)
    owner = [-1] * len(toks)
    order = sorted(range(len(facts)), key=lambda k: -(facts[k][2] - facts[k][1]))
    for k in order:
        side, a, b = facts[k]
        for i, (_, s, e) in enumerate(toks):
            if s < b and a < e:
                owner[i] = k
    for i in range(len(toks)):
        k = owner[i]
        if k < 0:
            continue
        side = facts[k][0]
        labels[i] = ("I-" if i > 0 and owner[i - 1] == k else "B-") + side
    return labels


def spans_from_labels(text: str, toks, labels: Sequence[str]) -> list[Fact]:
    out: list[Fact] = []
    cur: list[int] = []
    side = None

    def close():
        if cur and side:
            a, b = cur[0], cur[-1]
            while a <= b and toks[a][0] in _CLAUSE_PUNCT | {"-"}:
                a += 1
            while b >= a and toks[b][0] in _CLAUSE_PUNCT | {"-"}:
                b -= 1
            if a <= b:
                s, e = toks[a][1], toks[b][2]
                out.append(Fact(side, text[s:e], s, e))

    for i, lab in enumerate(labels):
        if lab == "O":
            close()
            cur, side = [], None
            continue
        tag, sd = lab.split("-", 1)
        if tag == "B" or sd != side:
            close()
            cur, side = [i], sd
        else:
            cur.append(i)
    close()
    return out


class FactTagger:
    """The trained CRF, loaded on first use."""

    def __init__(self, vocab: Vocabulary, model: Path = MODEL):
        self.featurizer = Featurizer(vocab)
        self.model = model
        self._tagger = None

    @property
    def available(self) -> bool:
        return self.model.exists()

    def _load(self):
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.model))
            self._tagger = tagger
        return self._tagger

    def facts(self, text: str, *, question: str | None = None, hints: Sequence[str] = ()) -> list[Fact]:
        toks = self.featurizer.tokens(text)
        if not toks:
            return []
        labels = self._load().tag(self.featurizer.features(text, question, toks))
        self._last_toks = toks
        return spans_from_labels(text, toks, labels)
