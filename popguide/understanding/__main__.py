"""`python -m popguide.understanding [--question SIDE] [--json] TEXT...`: what the rules understand from
an answer, for checking the vocabulary and for scripting (the shape `popguide facts` is to print)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import SIDES, check_vocabulary, load_understanding

EXPECTS = {"count": "count", "place": "place", "time": "time"}


def report(u, text: str, question: str | None) -> dict:
    """Facts, immediate risk and vagueness of `text` taken as the answer to a question about `question`."""
    risk = u.immediate_risk(text)
    expects = EXPECTS.get(question or "")
    return {
        "question": question,
        "facts": [{"side": f.side, "text": f.text, "start": f.start, "end": f.end}
                  for f in u.facts(text, question=question)],
        "immediate_risk": risk is not None,
        "risk": None if risk is None else {"kinds": list(risk.kinds), "cue": risk.cue, "routes": list(risk.routes)},
        "vague": u.vague(text, expects) if expects else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m popguide.understanding", description=__doc__.splitlines()[0])
    ap.add_argument("text", nargs="*", help="the answer (read from standard input when left out)")
    ap.add_argument("--question", choices=SIDES, help="the side the question asks about (default: a general question)")
    ap.add_argument("--json", action="store_true", help="one JSON object")
    ap.add_argument("--library", action="append", type=Path, default=[],
                    help="a library folder whose understanding.yaml adds words (repeatable)")
    ap.add_argument("--check", type=Path, metavar="FILE", help="check a vocabulary file and exit")
    args = ap.parse_args(argv)
    if args.check:
        problems = check_vocabulary(args.check)
        for p in problems:
            print(p)
        return 1 if problems else 0
    text = " ".join(args.text) if args.text else sys.stdin.read()
    out = report(load_understanding(args.library), text, args.question)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for f in out["facts"]:
        print(f"{f['side']:9} {f['text']}")
    if out["risk"]:
        print(f"immediate risk: {', '.join(out['risk']['kinds'])} ('{out['risk']['cue']}'); "
              f"routes: {', '.join(out['risk']['routes'])}")
    if out["vague"]:
        print(f"vague: the answer gives no {EXPECTS[args.question]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
