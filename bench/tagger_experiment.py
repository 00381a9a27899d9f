"""The learned-tagger experiment: rules alone, a CRF tagger alone, and hybrids, on dev5 (model choices),
dev6 (the deciding set, never trained or tuned on) and by 5-fold cross-validation over the training pool.

    python bench/tagger_experiment.py [--c1 0.1 --c2 0.01] [--grid] [--cv] [--verbose VARIANT]

Training pool: labelled_answers + dev + dev2 + dev3 + dev4. Note: the rules were written against the
training pool, so rules and hybrids are flattered there (CV figures for them are not held out for the
rules); dev5 and dev6 are held out for both.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pycrfsuite  # noqa: E402

from facts_bench import facts_scores  # noqa: E402
from popguide.understanding import load_understanding  # noqa: E402
from popguide.understanding.records import SIDES, Fact  # noqa: E402
from fact_tagger import Featurizer, FactTagger, bio_labels  # noqa: E402

POOL = ["labelled_answers", "dev_answers", "dev2_answers", "dev3_answers", "dev4_answers"]


def load(name: str) -> list[dict]:
    return yaml.safe_load((ROOT / "bench" / f"{name}.yaml").read_text(encoding="utf-8"))


def gold(item: dict) -> list[tuple[str, int, int]]:
    out = []
    for side, span in item.get("facts") or []:
        pos = item["answer"].find(span)
        out.append((side, pos, pos + len(span)))
    return out


class RuleFeaturizer(Featurizer):
    """The tagger's features plus the rules' own output (stacking)."""

    def __init__(self, vocab, rules):
        super().__init__(vocab)
        self.rules = rules

    def features(self, text, question, toks=None):
        toks = self.tokens(text) if toks is None else toks
        feats = super().features(text, question, toks)
        facts = self.rules.facts(text, question=question)
        for f in facts:
            first = True
            for i, (_, s, e) in enumerate(toks):
                if s < f.end and f.start < e:
                    feats[i].append(("rB=" if first else "rI=") + f.side)
                    feats[i].append("r=" + f.side)
                    first = False
        return feats


def train(items: list[dict], featurizer: Featurizer, c1: float, c2: float, iters: int = 150) -> Path:
    trainer = pycrfsuite.Trainer(verbose=False)
    for it in items:
        toks = featurizer.tokens(it["answer"])
        trainer.append(featurizer.features(it["answer"], it.get("question"), toks),
                       bio_labels(it["answer"], gold(it), toks))
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters,
                        "feature.possible_transitions": True})
    path = Path(tempfile.mkstemp(suffix=".crfsuite")[1])
    trainer.train(str(path))
    return path


def _ov(a: Fact, b: Fact) -> bool:
    return a.start < b.end and b.start < a.end


class Variant:
    def __init__(self, fn):
        self.fn = fn

    def facts(self, text, *, question=None, hints=()):
        return self.fn(text, question)


def variants(rules, tagger: FactTagger, stacked: FactTagger | None = None) -> dict[str, Variant]:
    def rule_f(t, q):
        return rules.facts(t, question=q)

    def tag_f(t, q):
        return tagger.facts(t, question=q)

    def fill(t, q):  # tagger spans, plus rule spans where the tagger found nothing at all
        tg = tag_f(t, q)
        return sorted(tg + [r for r in rule_f(t, q) if not any(_ov(r, x) for x in tg)], key=lambda f: f.start)

    def fill_side(t, q):  # tagger spans, plus rule spans the tagger has no same-side span over
        tg = tag_f(t, q)
        return sorted(tg + [r for r in rule_f(t, q) if not any(_ov(r, x) and r.side == x.side for x in tg)],
                      key=lambda f: f.start)

    def filt(t, q):  # rule spans the tagger agrees with (same side, overlapping)
        tg = tag_f(t, q)
        return [r for r in rule_f(t, q) if any(_ov(r, x) and r.side == x.side for x in tg)]

    def filt_fill(t, q):  # rule spans the tagger agrees with, plus tagger spans no rule span overlaps
        tg, rl = tag_f(t, q), rule_f(t, q)
        kept = [r for r in rl if any(_ov(r, x) and r.side == x.side for x in tg)]
        return sorted(kept + [x for x in tg if not any(_ov(x, r) for r in rl)], key=lambda f: f.start)

    def vote(theta):
        def fn(t, q):  # rule spans the tagger's marginals back (mean P(side) over the span >= theta), plus
            # tagger spans that no kept rule span of their side overlaps
            tg = tag_f(t, q)
            crf, toks = tagger._load(), tagger._last_toks
            kept = []
            for r in rule_f(t, q):
                idx = [i for i, (_, s, e) in enumerate(toks) if s < r.end and r.start < e]
                if not idx:
                    continue
                labs = set(crf.labels())
                pm = sum(sum(crf.marginal(lab, i) for lab in (f"B-{r.side}", f"I-{r.side}") if lab in labs)
                         for i in idx) / len(idx)
                if pm >= theta:
                    kept.append(r)
            return sorted(kept + [x for x in tg if not any(_ov(x, r) and r.side == x.side for r in kept)],
                          key=lambda f: f.start)
        return fn

    def relabel(drop, margin):
        def fn(t, q):  # rule spans, each re-filed under the side the tagger's marginals prefer (by more than
            # `margin`), dropped when the tagger calls it "outside" (mean P(O) > drop); plus tagger spans
            # that no kept rule span overlaps
            tg = tag_f(t, q)
            crf, toks = tagger._load(), tagger._last_toks
            labs = set(crf.labels())
            kept = []
            for r in rule_f(t, q):
                idx = [i for i, (_, s, e) in enumerate(toks) if s < r.end and r.start < e]
                if not idx:
                    continue
                pside = {}
                for side in SIDES:
                    pside[side] = sum(crf.marginal(lab, i) for lab in (f"B-{side}", f"I-{side}") if lab in labs
                                      for i in idx) / len(idx)
                po = sum(crf.marginal("O", i) for i in idx) / len(idx)
                if po > drop:
                    continue
                best = max(pside, key=pside.get)
                side = best if pside[best] > pside.get(r.side, 0) + margin else r.side
                kept.append(Fact(side, r.text, r.start, r.end))
            return sorted(kept + [x for x in tg if not any(_ov(x, r) for r in kept)], key=lambda f: f.start)
        return fn

    out = {"rules": rule_f, "tagger": tag_f, "fill": fill, "fill_side": fill_side, "filter": filt,
           "filter+fill": filt_fill,
           "vote.1": vote(0.1), "vote.2": vote(0.2),
           "relabel.9/.2": relabel(0.9, 0.2), "relabel.8/.2": relabel(0.8, 0.2), "relabel.9/.4": relabel(0.9, 0.4),
           "relabel.7/.3": relabel(0.7, 0.3), "relabel1/.3": relabel(1.01, 0.3), "relabel1/.1": relabel(1.01, 0.1)}
    if stacked is not None:
        out["stacked"] = lambda t, q: stacked.facts(t, question=q)
    return {k: Variant(v) for k, v in out.items()}


def score_all(vs: dict[str, Variant], items: list[dict]) -> dict[str, tuple[float, float]]:
    res = {}
    for name, v in vs.items():
        s = facts_scores(v, items)
        res[name] = (s["precision"], s["recall"], s["predicted"], s["gold"])
    return res


EXTRA = False


def build(pool, vocab, rules, c1, c2, stacked: bool):
    feat = Featurizer(vocab, extra=EXTRA)
    tagger = FactTagger(vocab, train(pool, feat, c1, c2))
    st = None
    if stacked:
        sfeat = RuleFeaturizer(vocab, rules)
        st = FactTagger(vocab, train(pool, sfeat, c1, c2))
        st.featurizer = sfeat
    return tagger, st


def show(title: str, res: dict):
    print(title)
    for name, (p, r, npred, ngold) in res.items():
        f1 = 2 * p * r / (p + r) if p + r else 0
        print(f"  {name:12} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  ({npred} predicted, {ngold} gold)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.001)
    ap.add_argument("--grid", action="store_true", help="c1/c2 grid scored on dev5 only")
    ap.add_argument("--cv", action="store_true", help="5-fold cross-validation over the pool")
    ap.add_argument("--dev6", action="store_true", help="also score dev6 (the deciding set)")
    ap.add_argument("--stacked", action="store_true")
    ap.add_argument("--extra", action="store_true", help="the extra features (clock, named place, nearest cue)")
    args = ap.parse_args()
    global EXTRA
    EXTRA = args.extra

    u = load_understanding()
    vocab = u.vocabulary
    pool = [it for name in POOL for it in load(name)]
    dev5 = load("dev5_answers")
    print(f"pool: {len(pool)} answers, {sum(len(it['facts']) for it in pool)} gold facts")

    if args.grid:
        for c1 in (0.01, 0.05, 0.1, 0.2, 0.5):
            for c2 in (0.001, 0.01, 0.1):
                t0 = time.time()
                tagger, _ = build(pool, vocab, u, c1, c2, False)
                s = facts_scores(tagger, dev5)
                p, r = s["precision"], s["recall"]
                print(f"c1={c1} c2={c2}: dev5 precision {p:.3f} recall {r:.3f} F1 {2*p*r/(p+r):.3f}"
                      f"  ({time.time()-t0:.1f}s)")
        return

    tagger, st = build(pool, vocab, u, args.c1, args.c2, args.stacked)
    vs = variants(u, tagger, st)
    show("dev5 (model choices):", score_all(vs, dev5))
    if args.dev6:
        show("dev6 (deciding set):", score_all(vs, load("dev6_answers")))
    if args.cv:
        rng = random.Random(1)
        items = pool[:]
        rng.shuffle(items)
        folds = [items[k::5] for k in range(5)]
        totals: dict[str, list[int]] = {}
        for k in range(5):
            train_items = [it for j, f in enumerate(folds) if j != k for it in f]
            tg, stk = build(train_items, vocab, u, args.c1, args.c2, args.stacked)
            for name, v in variants(u, tg, stk).items():
                s = facts_scores(v, folds[k])
                tp = round(s["precision"] * s["predicted"])
                fd = round(s["recall"] * s["gold"])
                t = totals.setdefault(name, [0, 0, 0, 0])
                t[0] += tp; t[1] += s["predicted"]; t[2] += fd; t[3] += s["gold"]
        show("5-fold CV over the pool (rules saw all of it):",
             {n: (t[0] / t[1], t[2] / t[3], t[1], t[3]) for n, t in totals.items()})


if __name__ == "__main__":
    main()


class PerSide:
    """One binary BIO CRF per side over the same features (spans of different sides may overlap)."""

    def __init__(self, items, featurizer, c1, c2):
        from popguide.understanding.records import SIDES
        from fact_tagger import spans_from_labels
        self.f, self.spans = featurizer, spans_from_labels
        data = []
        for it in items:
            toks = featurizer.tokens(it["answer"])
            data.append((it, toks, pycrfsuite.ItemSequence(featurizer.features(it["answer"], it.get("question"), toks))))
        self.models = {}
        for side in SIDES:
            trainer = pycrfsuite.Trainer(verbose=False)
            for it, toks, x in data:
                trainer.append(x, bio_labels(it["answer"], [g for g in gold(it) if g[0] == side], toks))
            trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150, "feature.possible_transitions": True})
            path = tempfile.mkstemp(suffix=".crfsuite")[1]
            trainer.train(path)
            t = pycrfsuite.Tagger()
            t.open(path)
            self.models[side] = t

    def facts(self, text, *, question=None, hints=()):
        toks = self.f.tokens(text)
        if not toks:
            return []
        x = pycrfsuite.ItemSequence(self.f.features(text, question, toks))
        out = []
        for side, t in self.models.items():
            out += self.spans(text, toks, t.tag(x))
        return sorted(out, key=lambda f: f.start)


def per_side_main(c1=0.1, c2=0.001):
    u = load_understanding()
    pool = [it for name in POOL for it in load(name)]
    feat = Featurizer(u.vocabulary)
    m = PerSide(pool, feat, c1, c2)
    s = facts_scores(m, load("dev5_answers"))
    print(f"per-side dev5: precision {s['precision']:.3f} recall {s['recall']:.3f}")
    rng = random.Random(1)
    items = pool[:]
    rng.shuffle(items)
    folds = [items[k::5] for k in range(5)]
    t = [0, 0, 0, 0]
    for k in range(5):
        mk = PerSide([it for j, f in enumerate(folds) if j != k for it in f], feat, c1, c2)
        s = facts_scores(mk, folds[k])
        t[0] += round(s["precision"] * s["predicted"]); t[1] += s["predicted"]
        t[2] += round(s["recall"] * s["gold"]); t[3] += s["gold"]
    print(f"per-side CV: precision {t[0]/t[1]:.3f} recall {t[2]/t[3]:.3f}")


def extras_main(c1=0.1, c2=0.001):
    """Secondary figures: the fixed model retrained on pool + dev5 and scored on dev6; a learning curve
    (CV on growing shares of the pool); the model's size and facts() latency on 2,000-character answers."""
    from facts_bench import long_answers, pct, timed

    u = load_understanding()
    vocab = u.vocabulary
    pool = [it for name in POOL for it in load(name)]
    dev5, dev6 = load("dev5_answers"), load("dev6_answers")
    tagger, _ = build(pool + dev5, vocab, u, c1, c2, False)
    show("dev6, model retrained on pool + dev5 (choices unchanged):", score_all(variants(u, tagger), dev6))
    rng = random.Random(1)
    items = pool[:]
    rng.shuffle(items)
    folds = [items[k::5] for k in range(5)]
    for share in (0.25, 0.5, 0.75, 1.0):
        t = [0, 0, 0, 0]
        for k in range(5):
            train_items = [it for j, f in enumerate(folds) if j != k for it in f]
            train_items = train_items[:max(1, int(len(train_items) * share))]
            tg, _ = build(train_items, vocab, u, c1, c2, False)
            s = facts_scores(tg, folds[k])
            t[0] += round(s["precision"] * s["predicted"]); t[1] += s["predicted"]
            t[2] += round(s["recall"] * s["gold"]); t[3] += s["gold"]
        print(f"learning curve, {share:.0%} of the training folds (~{int(len(pool) * 0.8 * share)} answers): "
              f"tagger CV precision {t[0]/t[1]:.3f} recall {t[2]/t[3]:.3f}")
    tagger, _ = build(pool, vocab, u, c1, c2, False)
    print(f"model size: {tagger.model.stat().st_size / 1024:.0f} KiB")
    texts = long_answers(pool, 40)
    tagger.facts(texts[0])
    for name, fn in (("rules", lambda t: u.facts(t)), ("tagger", lambda t: tagger.facts(t))):
        ms = timed(fn, texts, 3, clock=time.thread_time)
        print(f"facts() {name}: p50 {pct(ms, 0.5):.2f} ms, p95 {pct(ms, 0.95):.2f} ms (CPU, 2,000 chars)")
