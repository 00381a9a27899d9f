"""Understanding benchmark: fact precision and recall, immediate-risk recall and false alarms, vague-answer
accuracy, and latency per 2,000-character answer next to baselines measured in the same run.

    python bench/facts_bench.py [--answers FILE] [--risk FILE] [--verbose] [--runs N]

Precision: share of predicted facts that overlap a gold fact of the same side. Recall: share of gold
facts overlapped by a predicted fact of their side. Risk: every `current` case should fire, `not_urgent`
cases should not. Vague: `vague` cases should be vague for what they expect, `specific` ones not.
Latency: `facts()` (and `immediate_risk()`) on 2,000-character answers built from the labelled set, next
to the library matcher on the same text (what the guide already runs as the officer types) and a plain
regex clause split.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from popguide.library import load_library  # noqa: E402
from popguide.matching import Matcher  # noqa: E402
from popguide.understanding import SIDES, load_understanding  # noqa: E402

HERE = Path(__file__).resolve().parent


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_spans(item: dict) -> list[tuple[str, tuple[int, int]]]:
    out = []
    answer = item["answer"]
    for side, span in item.get("facts") or []:
        pos = answer.find(span)
        if pos < 0:
            raise SystemExit(f"{item.get('id')}: gold span not in the answer: {span!r}")
        out.append((side, (pos, pos + len(span))))
    return out


def facts_scores(u, items: list[dict], verbose: bool = False) -> dict:
    tp_pred = n_pred = found = n_gold = 0
    by_side = {s: Counter() for s in SIDES}
    for item in items:
        gold = _gold_spans(item)
        pred = u.facts(item["answer"], question=item.get("question"), hints=item.get("hints") or ())
        n_pred += len(pred)
        n_gold += len(gold)
        wrong, missed = [], []
        for f in pred:
            ok = any(side == f.side and _overlap((f.start, f.end), span) for side, span in gold)
            tp_pred += ok
            by_side[f.side]["pred"] += 1
            by_side[f.side]["pred_ok"] += ok
            if not ok:
                wrong.append(f)
        for side, span in gold:
            ok = any(f.side == side and _overlap((f.start, f.end), span) for f in pred)
            found += ok
            by_side[side]["gold"] += 1
            by_side[side]["found"] += ok
            if not ok:
                missed.append((side, item["answer"][span[0]:span[1]]))
        if verbose and (wrong or missed):
            print(f"-- {item.get('id')} (question: {item.get('question')})")
            for f in wrong:
                print(f"   wrong  {f.side:9} {f.text!r}")
            for side, text in missed:
                print(f"   missed {side:9} {text!r}")
    return {
        "precision": tp_pred / n_pred if n_pred else 1.0,
        "recall": found / n_gold if n_gold else 1.0,
        "predicted": n_pred,
        "gold": n_gold,
        "by_side": by_side,
    }


def risk_scores(u, cases: dict, verbose: bool = False) -> dict:
    current = cases.get("current") or []
    calm = cases.get("not_urgent") or []
    caught = 0
    for text in current:
        r = u.immediate_risk(text)
        caught += r is not None
        if verbose and r is None:
            print(f"   risk missed: {text!r}")
    alarms = 0
    for text in calm:
        r = u.immediate_risk(text)
        alarms += r is not None
        if verbose and r is not None:
            print(f"   false alarm ({', '.join(r.kinds)} on {r.cue!r}): {text!r}")
    return {"current": len(current), "caught": caught, "not_urgent": len(calm), "alarms": alarms}


def vague_scores(u, cases: list[dict], verbose: bool = False) -> dict:
    right = 0
    for case in cases:
        got = u.vague(case["text"], case["expects"])
        ok = got == bool(case["vague"])
        right += ok
        if verbose and not ok:
            print(f"   vague wrong (expects {case['expects']}, said {got}): {case['text']!r}")
    return {"cases": len(cases), "right": right}


def long_answers(items: list[dict], n: int, size: int = 2000, seed: int = 7) -> list[str]:
    """n answers of exactly `size` characters, stitched from the labelled answers in a random order."""
    rng = random.Random(seed)
    texts = [it["answer"] for it in items]
    out = []
    for _ in range(n):
        rng.shuffle(texts)
        buf = ""
        for t in texts:
            buf += t + " "
            if len(buf) >= size:
                break
        out.append(buf[:size])
    return out


def timed(fn, texts: list[str], runs: int, clock=time.perf_counter) -> list[float]:
    """Milliseconds per call. With clock=time.thread_time the figure is CPU time, which other work on a
    shared machine does not inflate."""
    times = []
    for _ in range(runs):
        for t in texts:
            start = clock()
            fn(t)
            times.append((clock() - start) * 1000)
    return times


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=Path, default=HERE / "labelled_answers.yaml")
    ap.add_argument("--risk", type=Path, action="append",
                    help="risk cases (repeatable; default: every bench/*risk_cases.yaml)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    u = load_understanding()
    items = yaml.safe_load(args.answers.read_text(encoding="utf-8")) or []
    risk_files = args.risk or sorted(HERE.glob("*risk_cases.yaml"))

    fs = facts_scores(u, items, args.verbose)
    print(f"facts: {len(items)} answers, {fs['gold']} gold facts, {fs['predicted']} predicted")
    print(f"  precision {fs['precision']:.3f}   recall {fs['recall']:.3f}")
    for side in SIDES:
        c = fs["by_side"][side]
        if c["gold"] or c["pred"]:
            p = c["pred_ok"] / c["pred"] if c["pred"] else float("nan")
            r = c["found"] / c["gold"] if c["gold"] else float("nan")
            print(f"    {side:9} precision {p:.2f} ({c['pred']:3d} predicted)   recall {r:.2f} ({c['gold']:3d} gold)")

    total = Counter()
    follow_ups = []
    for path in risk_files:
        cases = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rs = risk_scores(u, cases, args.verbose)
        total.update(rs)
        follow_ups += cases.get("follow_ups") or []
        print(f"immediate risk, {path.name}: {rs['caught']}/{rs['current']} current cases caught, "
              f"{rs['alarms']}/{rs['not_urgent']} false alarms on non-urgent cases")
    if total["current"] or total["not_urgent"]:
        rec = total["caught"] / total["current"] if total["current"] else 1.0
        fa = total["alarms"] / total["not_urgent"] if total["not_urgent"] else 0.0
        print(f"immediate risk, all: recall {rec:.3f} ({total['caught']}/{total['current']}), "
              f"false alarms {fa:.3f} ({total['alarms']}/{total['not_urgent']})")
    vs = vague_scores(u, follow_ups, args.verbose)
    if vs["cases"]:
        print(f"vague answers: accuracy {vs['right'] / vs['cases']:.3f} ({vs['right']}/{vs['cases']})")

    texts = long_answers(items, 20)
    matcher = Matcher(load_library())
    split = re.compile(r"[.!?;\n]+|,\s|\s(?:and|but|so|then)\s")
    u.facts(texts[0])
    matcher.match(texts[0])
    for label, clock in (("wall clock", time.perf_counter), ("CPU time of the thread", time.thread_time)):
        fact_ms = timed(lambda t: u.facts(t), texts, args.runs, clock)
        risk_ms = timed(u.immediate_risk, texts, args.runs, clock)
        match_ms = timed(lambda t: matcher.match(t), texts, args.runs, clock)
        split_ms = timed(lambda t: split.split(t), texts, args.runs, clock)
        print(f"latency per 2,000-character answer, {label} ({len(texts)} answers x {args.runs} runs):")
        for name, ms in [("facts()", fact_ms), ("immediate_risk()", risk_ms),
                         ("library matcher (baseline)", match_ms), ("regex clause split (baseline)", split_ms)]:
            print(f"  {name:30} p50 {pct(ms, .5):7.3f} ms   p95 {pct(ms, .95):7.3f} ms")
        print(f"  facts() / library matcher: {statistics.median(fact_ms) / statistics.median(match_ms):.2f}x at p50")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
