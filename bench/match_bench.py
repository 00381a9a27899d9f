"""Matcher benchmark: accuracy on the public query set, latency, and cold start.

    python bench/match_bench.py [--queries FILE] [--verbose] [--runs N]

Prints top-1 / top-3 accuracy and out-of-scope rejection on the public set;
per-query latency p50/p95 on the built-in library and on a synthetic library
100 times larger; and the cold start of `popguide match` as a process next
to `python -c "import rapidfuzz, yaml"` measured in the same run.
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

DEFAULT_QUERIES = ROOT.parent / "shared" / "eval" / "public_queries.yaml"


def accuracy(matcher: Matcher, items: list[dict], verbose: bool = False) -> dict[str, float]:
    pos = [it for it in items if it.get("id")]
    neg = [it for it in items if not it.get("id")]
    top1 = top3 = rejected = 0
    for it in pos:
        ids = [m.id for m in matcher.match(it["text"], top=3)]
        top1 += bool(ids) and ids[0] == it["id"]
        top3 += it["id"] in ids
        if verbose and (not ids or ids[0] != it["id"]):
            got = ", ".join(f"{m.id} {m.score}" for m in matcher.match(it["text"], top=3, abstain=False))
            print(f"  MISS want {it['id']:<24} got [{got}]  {it['text']}")
    for it in neg:
        found = matcher.match(it["text"], top=1)
        rejected += not found
        if verbose and found:
            print(f"  FALSE POSITIVE {found[0].id} {found[0].score}: {it['text']}")
    return {
        "top1": top1 / max(len(pos), 1),
        "top3": top3 / max(len(pos), 1),
        "rejection": rejected / max(len(neg), 1),
        "positives": len(pos),
        "negatives": len(neg),
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
    ap.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    ap.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    ap.add_argument("--runs", type=int, default=5, help="repetitions for timings")
    ap.add_argument("--skip-timing", action="store_true")
    args = ap.parse_args()

    lib = load_library([])
    start = time.perf_counter()
    matcher = Matcher(lib)
    build_ms = (time.perf_counter() - start) * 1000
    items = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    acc = accuracy(matcher, items, args.verbose)
    print(f"library: {len(lib.scenarios)} scenarios; index built in {build_ms:.1f} ms")
    print(f"queries: {args.queries.name} ({acc['positives']} in scope, {acc['negatives']} out of scope)")
    print(f"top-1 accuracy          {acc['top1']:.3f}")
    print(f"top-3 accuracy          {acc['top3']:.3f}")
    print(f"out-of-scope rejection  {acc['rejection']:.3f}")
    if args.skip_timing:
        return 0
    texts = [it["text"] for it in items]
    p50, p95, cold = latency_ms(matcher, texts, args.runs)
    print(f"latency, built-in library ({len(lib.scenarios)}):  p50 {p50:.2f} ms  p95 {p95:.2f} ms  (first pass p95 {cold:.2f} ms)")
    big = synthetic_library(lib, 100)
    start = time.perf_counter()
    big_matcher = Matcher(big)
    big_build = (time.perf_counter() - start) * 1000
    p50, p95, cold = latency_ms(big_matcher, texts, max(1, args.runs // 2))
    print(f"latency, 100x library ({len(big.scenarios)}): p50 {p50:.2f} ms  p95 {p95:.2f} ms  (first pass p95 {cold:.2f} ms; index {big_build:.0f} ms)")
    ours, base = cold_start(args.runs)
    print(f"cold start `popguide match`: {ours:.3f} s; `python -c 'import rapidfuzz, yaml'`: {base:.3f} s; ratio {ours / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
