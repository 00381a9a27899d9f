"""Precision and recall of the personal-data detector on bench/privacy_set.yaml, and what survives each export.

    uv run python bench/privacy_bench.py

1. The detector on its own: recall is the share of labelled identifiers that redact() removes whole (no letter
   or digit of one left); precision is
   the share of findings that are labelled identifiers (findings in the negatives count against it); and the
   share of ordinary words in the negatives that survive.
2. Every export format: the sentences are typed as answers in real guided sessions (through the engine),
   with the action owners given by /action and the participants of an adviser-led meeting, then each
   session is exported with --redact (md, html, txt, notes included) and the identifiers still readable
   are counted.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from popguide.guide.privacy import find_personal_data, redact  # noqa: E402

SET = Path(__file__).with_name("privacy_set.yaml")
FIELDS = ["harm", "victim", "offender", "place", "guardian", "handler", "manager", "hypothesis"]
ANSWERS = {
    "confirm": "1", "harm": "families and dog walkers", "frequency": "about 40 calls since August on the CAD",
    "recurring": "yes", "similarity": "same fields, same evenings", "expectation": "yes", "goal": "2",
    "victim": "dog walkers", "offender": "riders aged 15-19", "place": "gaps in the fence",
    "guardian": "nobody watching", "handler": "parents unaware", "manager": "council parks own the land",
    "data": "1 2", "hypothesis": "easy access through the broken fence", "responses": "1 2", "conflicts": "1",
    "actions": "ok", "extra": "no", "measures": "1 2", "target_area": "Croxteth Park playing fields",
    "comparison_area": "Sefton Park", "buffer_area": "streets within 500 m",
    "baseline_period": "1/8/2026 to 31/10/2026", "baseline": "40, 100, 30", "crime_type": "1", "review": "12 weeks",
}


def load_set() -> dict:
    return yaml.safe_load(SET.read_text(encoding="utf-8"))


def positives(data: dict) -> list[dict]:
    return data["positives"] + data.get("positives_free_standing_dates", [])


def detector_figures(data: dict, items: list[dict] | None = None, negatives: bool = True) -> dict:
    ids = found_ids = findings = true_findings = 0
    missed: list[str] = []
    extra: list[str] = []  # findings in the positives that are no labelled identifier
    for item in positives(data) if items is None else items:
        text = item["text"]
        spans = [(text.index(i), text.index(i) + len(i)) for i in item["ids"]]
        found = find_personal_data(text)
        for ident, (start, end) in zip(item["ids"], spans):
            ids += 1
            # masked only when no letter or digit of it is left ("[name removed]Donald" is a miss)
            if all(any(f.start <= k < f.end for f in found) for k in range(start, end) if text[k].isalnum()):
                found_ids += 1
            else:
                missed.append(ident)
        for f in found:
            findings += 1
            if any(f.start < e and s < f.end for s, e in spans):
                true_findings += 1
            else:
                extra.append(f.text)
    kept = keeps = 0
    wrong: list[str] = []
    for item in data["negatives"] if negatives else []:
        found = find_personal_data(item["text"])
        findings += len(found)
        wrong += [f.text for f in found]
        out = redact(item["text"])
        for word in item["keep"]:
            keeps += 1
            kept += word in out
    return {"identifiers": ids, "masked": found_ids, "recall": found_ids / ids, "findings": findings,
            "precision": true_findings / findings if findings else 1.0, "kept": kept, "keeps": max(keeps, 1),
            "missed": missed, "false_positives": wrong, "extra": extra}


#: The held-out sets, each written without looking at what the detector then did: (label, key, when written).
HELD_OUT = [
    ("held out 1", "held_out", "written after the first detector, not tuned to"),
    ("held out 2", "held_out_2", "written before the second round of changes"),
    ("held out 3", "held_out_3", "written after the second round, not tuned to"),
]


def held_out_figures(data: dict, key: str) -> dict:
    """A held-out set's figures; its negatives (``KEY_negatives``), when it has them, count against precision."""
    return detector_figures({"negatives": data.get(key + "_negatives") or []}, data.get(key) or [],
                            negatives=bool(data.get(key + "_negatives")))


def readable(text, fmt: str) -> str:
    """The export as a reader sees it: HTML entities and Markdown escapes undone, a Word file's text."""
    if fmt == "docx":
        import io

        import docx

        document = docx.Document(io.BytesIO(text))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "md":
        text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(text) if fmt in ("md", "html") else text


def export_figures(data: dict, sentences: list[dict] | None = None) -> dict:
    from popguide.session import Session
    from popguide.workspace import Workspace

    sentences = positives(data) if sentences is None else sentences
    owners = data["owners"]
    people = data["participants"]
    checks = {fmt: [0, 0] for fmt in ("md", "html", "txt", "docx")}  # masked, total
    left: dict[str, list[str]] = {fmt: [] for fmt in checks}
    absent: dict[str, list[str]] = {fmt: [] for fmt in checks}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(data_dir=tmp)
        for start in range(0, len(sentences), len(FIELDS)):
            chunk = sentences[start:start + len(FIELDS)]
            g = ws.guide(Session(participants=[dict(p) for p in people]))
            g.respond("lads on scramblers tearing round the playing fields every evening")
            typed = {FIELDS[n]: item["text"] for n, item in enumerate(chunk)}
            for n, owner in enumerate(owners):
                g.respond(f"/action {owner}: check the fence line {n} by Friday")
            g.respond(f"/note {chunk[0]['text']}")
            for _ in range(120):
                q = g.current
                if q is None or q.stage == "assessment" and q.id == "after_counts":
                    break
                g.respond(typed.get(q.id.split(":")[0], ANSWERS.get(q.id.split(":")[0], "ok")))
            secrets = [i for item in chunk for i in item["ids"]] + owners + [p["name"] for p in people]
            for fmt in checks:
                plain = readable(ws.render(g, fmt, redact=False, notes=True), fmt)
                out = readable(ws.render(g, fmt, redact=True, notes=True), fmt)
                for ident in secrets:
                    if ident not in plain:  # only what the export would show unmasked counts
                        absent[fmt].append(ident)
                        continue
                    checks[fmt][1] += 1
                    if ident in out:
                        left[fmt].append(ident)
                    else:
                        checks[fmt][0] += 1
    return {fmt: {"masked": m, "total": t, "share": m / t, "left": left[fmt], "absent": absent[fmt]}
            for fmt, (m, t) in checks.items()}


def print_findings(figures: dict) -> None:
    """The identifiers missed, the ordinary words masked and the extra findings, a line each (when there are any)."""
    for key, label in (("missed", "missed"), ("false_positives", "masked in the negatives"),
                       ("extra", "found beside the labelled identifiers")):
        if figures[key]:
            print(f"  {label}:", "; ".join(figures[key]))


def main() -> int:
    data = load_set()
    d = detector_figures(data)
    print(f"labelled set: {len(positives(data))} sentences with {d['identifiers']} identifiers, "
          f"{len(data['negatives'])} sentences of ordinary words ({d['keeps']} to keep)")
    print(f"detector: recall {d['recall']:.1%} ({d['masked']}/{d['identifiers']} masked), "
          f"precision {d['precision']:.1%} over {d['findings']} findings, "
          f"ordinary words kept {d['kept']}/{d['keeps']}")
    print_findings(d)
    for label, key, note in HELD_OUT:
        if not data.get(key):
            continue
        h = held_out_figures(data, key)
        line = (f"{label} ({note}): {len(data[key])} sentences, recall {h['recall']:.1%} "
                f"({h['masked']}/{h['identifiers']}), precision {h['precision']:.1%} over {h['findings']} findings")
        if data.get(key + "_negatives"):
            line += (f"; {len(data[key + '_negatives'])} sentences of ordinary words, kept {h['kept']}/{h['keeps']}")
        print(line)
        print_findings(h)
    for fmt, row in export_figures(data).items():
        print(f"export {fmt:<4}: {row['share']:.1%} of identifiers, action owners and participants masked "
              f"({row['masked']}/{row['total']} shown in the unmasked export)"
              + (f"; left: {', '.join(sorted(set(row['left'])))}" if row["left"] else "")
              + (f"; not in the export at all: {len(row['absent'])}" if row["absent"] else ""))
    held = [item for _, key, _ in HELD_OUT for item in data.get(key) or []]
    if held:
        for fmt, row in export_figures(data, held).items():
            print(f"export {fmt:<4} of the held-out sentences: {row['share']:.1%} masked "
                  f"({row['masked']}/{row['total']} shown in the unmasked export)"
                  + (f"; left: {', '.join(sorted(set(row['left'])))}" if row["left"] else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
