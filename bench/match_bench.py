"""Matcher benchmark: accuracy against a BM25 baseline, index build, latency, cold start.

    python bench/match_bench.py [--queries FILE ...] [--verbose] [--runs N] [--skip-timing]

For each query set (by default the public set, bench/dev_queries.yaml,
bench/blind_queries.yaml and bench/real_queries.yaml) prints top-1 / top-3
accuracy and out-of-scope rejection for popguide, and top-1 / top-3 for plain
BM25 (bm25s) over each scenario's whole YAML file in the same run, with
popguide's margin. An item may name a second problem (`also`); a top-1 of
either counts. Then the index build time and per-query latency p50/p95 on the
built-in library and on a synthetic library 100 times larger (every field
perturbed, so nothing is shared between copies), and the cold start of
`popguide match` as a process next to `python -c "import rapidfuzz, yaml"`.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from popguide.library import load_library  # noqa: E402
from popguide.library.loader import Library  # noqa: E402
from popguide.matching import Matcher  # noqa: E402

DEFAULT_QUERIES = [
    ROOT.parent / "shared" / "eval" / "public_queries.yaml",
    ROOT / "bench" / "dev_queries.yaml",
    ROOT / "bench" / "blind_queries.yaml",
    ROOT / "bench" / "real_queries.yaml",
]


def _wanted(it: dict) -> set[str]:
    return {it["id"], *([it["also"]] if it.get("also") else [])}


class BM25Baseline:
    """Plain BM25 over each scenario's whole file: the baseline popguide must beat."""

    def __init__(self, lib: Library):
        import bm25s
        import Stemmer

        self._bm25s = bm25s
        self._stemmer = Stemmer.Stemmer("english")
        self.ids = sorted(lib.scenarios)
        corpus = [_scenario_text(lib, i) for i in self.ids]
        self.retriever = bm25s.BM25()
        self.retriever.index(bm25s.tokenize(corpus, stopwords="en", stemmer=self._stemmer, show_progress=False),
                             show_progress=False)

    def top(self, text: str, k: int = 3) -> list[str]:
        tokens = self._bm25s.tokenize([text], stopwords="en", stemmer=self._stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        docs, scores = self.retriever.retrieve(tokens, k=k, show_progress=False)
        return [self.ids[d] for d, sc in zip(docs[0], scores[0]) if sc > 0]


def _scenario_text(lib: Library, sid: str) -> str:
    """The scenario's whole file; for a synthetic scenario (no file), all of its text fields."""
    path = Path(lib.scenario_files[sid])
    if path.exists():
        return path.read_text(encoding="utf-8")
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))

    walk(lib.scenarios[sid])
    return "\n".join(out)


def baseline_accuracy(bm25: BM25Baseline, items: list[dict]) -> dict[str, float]:
    pos = [it for it in items if it.get("id")]
    top1 = top3 = 0
    for it in pos:
        ids = bm25.top(it["text"])
        top1 += bool(ids) and ids[0] in _wanted(it)
        top3 += bool(_wanted(it) & set(ids))
    return {"top1": top1 / max(len(pos), 1), "top3": top3 / max(len(pos), 1)}


SESSION_CASES = ROOT / "bench" / "session_cases.yaml"


def session_accuracy(matcher: Matcher, bm25: BM25Baseline, cases: list[dict], verbose: bool = False) -> dict[str, float]:
    """Each case's turns matched together, as the guide pools them; BM25 over the turns joined."""
    ours = first = base = 0
    for case in cases:
        ids = [m.id for m in matcher.match(case["turns"], top=3)]
        ours += bool(ids) and ids[0] == case["id"]
        opening = [m.id for m in matcher.match(case["turns"][:1], top=1)]
        first += bool(opening) and opening[0] == case["id"]
        theirs = bm25.top(" ".join(case["turns"]))
        base += bool(theirs) and theirs[0] == case["id"]
        if verbose and (not ids or ids[0] != case["id"]):
            print(f"  SESSION MISS want {case['id']:<24} got {ids}")
    n = max(len(cases), 1)
    return {"cases": len(cases), "top1": ours / n, "opening_top1": first / n, "bm25_top1": base / n}


def accuracy(matcher: Matcher, items: list[dict], verbose: bool = False) -> dict[str, float]:
    pos = [it for it in items if it.get("id")]
    neg = [it for it in items if not it.get("id")]
    top1 = top3 = rejected = 0
    for it in pos:
        ids = [m.id for m in matcher.match(it["text"], top=3)]
        top1 += bool(ids) and ids[0] in _wanted(it)
        top3 += bool(_wanted(it) & set(ids))
        if verbose and (not ids or ids[0] not in _wanted(it)):
            got = ", ".join(f"{m.id} {m.score}" for m in matcher.match(it["text"], top=3, abstain=False))
            print(f"  MISS want {it['id']:<24} got [{got}]  {it['text'][:160]}")
    two = [it for it in pos if it.get("also")]
    both = 0
    for it in two:
        result = matcher.match_with_secondary(it["text"], top=3)
        shown = {m.id for m in result.matches[:1]} | ({result.also.id} if result.also else set())
        both += shown == _wanted(it)
    for it in neg:
        found = matcher.match(it["text"], top=1)
        rejected += not found
        if verbose and found:
            print(f"  FALSE POSITIVE {found[0].id} {found[0].score}: {it['text'][:160]}")
    return {
        "top1": top1 / max(len(pos), 1),
        "top3": top3 / max(len(pos), 1),
        "rejection": rejected / max(len(neg), 1),
        "positives": len(pos),
        "negatives": len(neg),
        "two_problems": len(two),
        "both_shown": both,
    }


def latency_ms(matcher: Matcher, texts: list[str], runs: int) -> tuple[float, float, float]:
    """p50 and p95 over all runs, and p95 of the first pass alone (typo cache still cold)."""
    samples, first = [], []
    for run in range(runs):
        for text in texts:
            start = time.perf_counter()
            matcher.match(text, top=3)
            samples.append((time.perf_counter() - start) * 1000)
            if run == 0:
                first.append(samples[-1])
    samples.sort()
    first.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], first[int(0.95 * (len(first) - 1))]


def _perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 3 and rng.random() < 0.5:
        words.pop(rng.randrange(len(words)))
    if words and rng.random() < 0.5:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + rng.choice("aeioursnt") + w[j + 1 :]
    return " ".join(words) + f" v{rng.randrange(1000)}"


def _perturb_analysis(analysis, rng: random.Random):
    """Every list of the analysis section perturbed, item by item."""
    changes = {f.name: [_perturb(x, rng) for x in getattr(analysis, f.name)]
               for f in dataclasses.fields(analysis) if isinstance(getattr(analysis, f.name), list)}
    return dataclasses.replace(analysis, **changes)


def synthetic_library(lib: Library, factor: int, seed: int = 7) -> Library:
    """The real scenarios copied ``factor`` times with perturbed ids and text."""
    rng = random.Random(seed)
    big = Library(partners=lib.partners, glossary=lib.glossary, synonym_groups=lib.synonym_groups,
                  stopwords=lib.stopwords, unit_costs=lib.unit_costs)
    for k in range(factor):
        for s in lib.scenarios.values():
            copy = dataclasses.replace(
                s,
                id=f"{s.id}-{k}",
                title=_perturb(s.title, rng),
                aliases=[_perturb(a, rng) for a in s.aliases],
                symptoms=[_perturb(x, rng) for x in s.symptoms],
                keywords=[_perturb(x, rng) for x in s.keywords],
                summary=_perturb(s.summary, rng),
                analysis=_perturb_analysis(s.analysis, rng),
                responses=[dataclasses.replace(r, title=_perturb(r.title, rng), what=_perturb(r.what, rng),
                                               mechanism=_perturb(r.mechanism, rng)) for r in s.responses],
                partners=[dataclasses.replace(p, reason=_perturb(p.reason, rng)) for p in s.partners],
            )
            big.scenarios[copy.id] = copy
            big.scenario_files[copy.id] = Path(f"{copy.id}.yaml")
    return big


def cold_start(runs: int) -> tuple[float, float]:
    def timed(cmd: list[str]) -> float:
        best = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            best.append(time.perf_counter() - start)
        return statistics.median(best)

    baseline = timed([sys.executable, "-c", "import rapidfuzz, yaml"])
    ours = timed([sys.executable, "-m", "popguide", "match", "lads on scramblers racing round the park"])
    return ours, baseline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--queries", type=Path, nargs="+", default=DEFAULT_QUERIES)
    ap.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    ap.add_argument("--runs", type=int, default=5, help="repetitions for timings")
    ap.add_argument("--skip-timing", action="store_true")
    args = ap.parse_args()

    lib = load_library([])
    start = time.perf_counter()
    matcher = Matcher(lib)
    build_ms = (time.perf_counter() - start) * 1000
    bm25 = BM25Baseline(lib)
    print(f"library: {len(lib.scenarios)} scenarios; index built in {build_ms:.1f} ms")
    print(f"{'query set':<22} {'in':>5} {'out':>4}  {'top-1':>6} {'top-3':>6} {'reject':>6}   "
          f"{'BM25 top-1':>10} {'top-3':>6}   {'margin top-1':>12} {'top-3':>6}")
    all_texts: list[str] = []
    for path in args.queries:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        all_texts += [it["text"] for it in items]
        if args.verbose:
            print(f"-- {path.name}")
        acc = accuracy(matcher, items, args.verbose)
        base = baseline_accuracy(bm25, items)
        print(f"{path.name:<22} {acc['positives']:>5} {acc['negatives']:>4}  {acc['top1']:>6.3f} {acc['top3']:>6.3f} "
              f"{acc['rejection']:>6.3f}   {base['top1']:>10.3f} {base['top3']:>6.3f}   "
              f"{acc['top1'] - base['top1']:>+12.3f} {acc['top3'] - base['top3']:>+6.3f}")
        if acc["two_problems"]:
            print(f"{'':22} descriptions holding two problems: {acc['two_problems']}; both named "
                  f"(best match and `also`): {acc['both_shown']}")
    if SESSION_CASES.exists():
        cases = yaml.safe_load(SESSION_CASES.read_text(encoding="utf-8"))
        sess = session_accuracy(matcher, bm25, cases, args.verbose)
        print(f"session cases ({sess['cases']}, turns matched together): top-1 {sess['top1']:.3f}; the opening turn "
              f"alone {sess['opening_top1']:.3f}; BM25 over the joined turns {sess['bm25_top1']:.3f}")
    if args.skip_timing:
        return 0
    public = [it["text"] for it in yaml.safe_load(DEFAULT_QUERIES[0].read_text(encoding="utf-8"))]
    long_texts = [t for t in all_texts if len(t) >= 400]
    big = synthetic_library(lib, 100)
    start = time.perf_counter()
    big_matcher = Matcher(big)
    big_build = time.perf_counter() - start
    start = time.perf_counter()
    BM25Baseline(big)
    bm25_build = time.perf_counter() - start
    print(f"index build, 100x library ({len(big.scenarios)}): {big_build:.2f} s; bm25s over the same "
          f"scenario texts: {bm25_build:.2f} s; ratio {big_build / bm25_build:.2f}")
    for label, m, runs in (("built-in library (30)", matcher, args.runs), (f"100x library ({len(big.scenarios)})", big_matcher, max(1, args.runs // 2))):
        for kind, texts in (("public set", public), (f"{len(long_texts)} long texts", long_texts)):
            if not texts:  # no long text among the query sets given
                continue
            p50, p95, cold = latency_ms(m, texts, runs)
            print(f"latency, {label}, {kind}: p50 {p50:.2f} ms  p95 {p95:.2f} ms  (first pass p95 {cold:.2f} ms)")
    ours, base = cold_start(args.runs)
    print(f"cold start `popguide match`: {ours:.3f} s; `python -c 'import rapidfuzz, yaml'`: {base:.3f} s; ratio {ours / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
