"""Training mode: feedback against a model answer at the end of each stage, a score, a cohort summary.

A trainee works an exercise through the same SARA conversation as a real
session. At the end of each stage the coach compares what they wrote with
the exercise's model answer: which key points they spotted (matched
fuzzily, so the right idea in other words counts), which they missed and
why each matters, and which traps the plan fell into.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rapidfuzz import fuzz

from .library.models import Exercise, KeyPoint
from .matching import fold, stem
from .store import atomic_write_text

if TYPE_CHECKING:
    from .guide.view import SessionView

from .guide.sara import SIDES, is_none
SAFEGUARDING_PARTNERS = {"adult-social-care", "childrens-social-care", "nhs-mental-health", "exploitation-service",
                         "idva", "domestic-abuse-service", "youth-service", "substance-misuse-service"}
STAGE_TITLES = {"scanning": "Scanning", "analysis": "Analysis", "response": "Response", "assessment": "Assessment"}
#: The plan check's rules the coach already speaks to in its own feedback (the others are listed after it).
COACHED_RULES = frozenset({"cheers", "comparison", "buffer", "enforcement_only", "conflict"})
#: Model-answer measures about an area are judged by the plan check's rule for that area, not by keywords.
AREA_TOPICS = {"comparison": ("comparison",), "buffer": ("buffer", "displacement")}
AREA_POINTS = {"comparison": "A comparison area, to tell your effect from the background trend",
               "buffer": "A buffer zone, to see displacement or diffusion of benefits"}


def _stems(text: str) -> set[str]:
    return {stem(w) for w in fold(text).split()}


def spotted(text: str, point: KeyPoint) -> bool:
    """True when the text expresses the key point in any of its keywords' words (fuzzily)."""
    return bool(spotted_words(text, point))


def spotted_words(text: str, point: KeyPoint) -> str:
    """The trainee's words that express the key point ("" when none do).

    A keyword counts when all its word stems are in the text, or when a run of as many whole words of the text
    is a near spelling of it (so "came" never passes for "camera", nor a keyword inside a longer word)."""
    if not text or not text.strip():
        return ""
    words = fold(text).split()
    stems = {stem(w) for w in words}
    for keyword in point.keywords:
        key = fold(keyword)
        key_stems = _stems(keyword)
        if not key_stems:
            continue
        if key_stems <= stems:
            return keyword
        n = len(key.split())
        if len(key) >= 6:
            for i in range(len(words) - n + 1):
                window = " ".join(words[i:i + n])
                if fuzz.ratio(key, window) >= 88:
                    return window
    return ""


@dataclass
class StageResult:
    stage: str
    score: float  # 0..100
    spotted: list[str] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)  # {"point": ..., "why": ...}
    traps: list[dict] = field(default_factory=list)  # {"trap": ..., "why": ...}
    checks: list[dict] = field(default_factory=list)  # the plan check's other findings for this stage

    def markdown(self) -> str:
        lines = [f"**Feedback on {STAGE_TITLES[self.stage]}: {self.score:.0f}/100**"]
        if self.spotted:
            lines += ["", "You spotted:"] + [f"- ✓ {p}" for p in self.spotted]
        if self.missed:
            lines += ["", "You missed:"] + [f"- ✗ {m['point']} *Why it matters:* {m['why']}" for m in self.missed]
        if self.traps:
            lines += ["", "Watch out:"] + [f"- ⚠ {t['trap']} {t['why']}" for t in self.traps]
        if self.checks:
            lines += ["", "The plan check also found:"] + [f"- {c['finding']}. *Fix:* {c['fix']}" for c in self.checks]
        return "\n".join(lines)


class Coach:
    """Scores one training session against its exercise."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise
        self.model = exercise.model

    # -- per stage ---------------------------------------------------------------
    def stage(self, view: "SessionView", stage: str) -> StageResult:
        from .check import check

        checked = check(view)
        result = {"scanning": self._scanning, "analysis": self._analysis, "response": self._response,
                  "assessment": self._assessment}[stage](view, checked)
        result.checks = [{"finding": f.finding, "fix": f.fix.replace("`", ""), "criterion": f.criterion_name}
                         for f in checked.for_stage(stage) if f.rule not in COACHED_RULES]
        return result

    # -- what the conversation shows --------------------------------------------------
    def briefing(self) -> str:
        return briefing_markdown(self.exercise)

    def stage_feedback(self, view: "SessionView", stage: str) -> tuple[str, float]:
        result = self.stage(view, stage)
        return result.markdown(), result.score

    def last_feedback(self, report: dict) -> str:
        return StageResult(**report["stages"]["assessment"]).markdown()

    def closing(self, view: "SessionView", report: dict) -> str:
        scores = ", ".join(f"{k.capitalize()} {v['score']:.0f}" for k, v in report["stages"].items())
        return (f"**Your score: {report['total']:.0f}/100** ({scores}).\n\n**The model answer beside yours:**\n\n"
                + self.model_side_by_side(view))

    def _points(self, stage: str, pairs: list[tuple[KeyPoint, str, str]]) -> StageResult:
        """pairs: (key point, the trainee's own answer for it, all their words). What was credited is quoted."""
        result = StageResult(stage, 0.0)
        credit = 0.0
        for point, own, anywhere in pairs:
            said = spotted_words(own, point)
            if said:
                credit += 1
                result.spotted.append(f"{point.point} (you said “{said}”)")
            elif spotted_words(anywhere, point):
                credit += 0.75  # right idea, said elsewhere (another side, the first description)
                result.spotted.append(f"{point.point} (you said “{spotted_words(anywhere, point)}”, under another heading)")
            else:
                result.missed.append({"point": point.point, "why": point.why})
        result.score = 100.0 * credit / len(pairs) if pairs else 100.0
        return result

    def _scanning(self, guide: "SessionView", checked) -> StageResult:
        from .check import cheers_evidence

        result = StageResult("scanning", 0.0)
        right = guide.scenario is not None and guide.scenario.id == self.model.scenario
        scenario_title = guide.library.scenarios[self.model.scenario].title
        if right:
            result.spotted.append(f"The problem is {scenario_title}.")
        else:
            result.missed.append({"point": f"The problem is best treated as {scenario_title}.",
                                  "why": "Naming the kind of problem brings in what has worked elsewhere."})
        elements = cheers_evidence(guide)
        shown = [c["ok"] and c["backed"] for c in elements]  # the plan check's reading: a bare "yes" is not evidence
        if all(shown):
            result.spotted.append("The CHEERS test was worked through.")
        else:
            gaps = ", ".join(c["name"] for c, ok in zip(elements, shown) if not ok)
            result.missed.append({"point": f"CHEERS not shown for: {gaps}. Model answer: {self.model.cheers}",
                                  "why": "CHEERS confirms there is a recurring, harmful pattern the public expects action on."})
        result.score = 60.0 * right + 40.0 * sum(shown) / len(shown)
        return result

    def _analysis(self, guide: "SessionView", checked) -> StageResult:
        from .check.checks import words_of

        est = guide.est
        said = {side: " ".join([est.sides.get(side, "")] + [f.text for f in est.facts_for(side)]) for side in SIDES}
        # all the trainee's words: a point made in the first description counts too
        everything = " ".join([*said.values(), est.hypothesis, " ".join(est.data_sources), words_of(guide)])
        pairs = [(p, said[side], everything) for side in SIDES for p in getattr(self.model, side)]
        pairs += [(p, est.hypothesis, everything) for p in self.model.hypothesis]
        return self._points("analysis", pairs)

    def _response(self, guide: "SessionView", checked) -> StageResult:
        result = StageResult("response", 0.0)
        s = guide.library.scenarios[self.model.scenario]
        picked = set(guide.est.picked) if guide.scenario and guide.scenario.id == s.id else set()
        for rid in self.model.responses:
            r = s.response(rid)
            if rid in picked:
                result.spotted.append(r.title)
            else:
                result.missed.append({"point": f"{r.title} ({r.evidence.rating})", "why": r.mechanism})
        recall = sum(rid in picked for rid in self.model.responses) / len(self.model.responses)
        traps = self._traps(guide, picked, checked)
        result.traps = traps
        result.score = max(0.0, 100.0 * recall - 20.0 * len(traps))
        return result

    def _traps(self, guide: "SessionView", picked: set[str], checked) -> list[dict]:
        """Traps the plan fell into; where the plan check has a rule for it, the rule decides (one verdict)."""
        s = guide.library.scenarios[self.model.scenario]
        chosen = [s.response(r) for r in picked if s.response(r)]
        fallen = []
        for trap in self.model.traps:
            hit = False
            if trap.kind == "enforcement-only":
                hit = checked.passed("enforcement_only") is False
            elif trap.kind == "conflict":
                hit = set(trap.responses) <= picked and checked.passed("conflict") is False
            elif trap.kind == "missed-safeguarding":
                partners = {p for r in chosen for p in [r.lead, *r.support]}
                hit = bool(chosen) and not partners & SAFEGUARDING_PARTNERS
            elif trap.kind == "displacement":
                hit = checked.passed("buffer") is False
            if hit:
                fallen.append({"trap": trap.trap, "why": trap.why})
        return fallen

    def _assessment(self, guide: "SessionView", checked) -> StageResult:
        """Measures against the model; the comparison and buffer areas as the plan check reads them, each said once."""
        areas = guide.est.areas
        measures = " ".join(guide.est.measures)
        named = {"comparison": areas.comparison, "buffer": areas.buffer}
        verdict = {topic: checked.passed(topic) for topic in AREA_TOPICS}
        result = StageResult("assessment", 0.0)
        credit, covered = 0.0, set()
        for point in self.model.measures:
            topic = next((t for t, words in AREA_TOPICS.items() if any(w in point.point.lower() for w in words)), None)
            if topic is not None and verdict[topic] is not None:
                covered.add(topic)
                if verdict[topic]:
                    credit += 1
                    result.spotted.append(f"{point.point} (you named “{named[topic]}”)")
                else:
                    result.missed.append({"point": f"{AREA_POINTS[topic]} (you answered none). Model answer: {point.point}",
                                          "why": point.why})
                continue
            said = spotted_words(measures, point)
            if said:
                credit += 1
                result.spotted.append(f"{point.point} (you said “{said}”)")
            else:
                result.missed.append({"point": point.point, "why": point.why})
        points_score = 100.0 * credit / len(self.model.measures) if self.model.measures else 100.0
        for topic in AREA_TOPICS:
            if topic in covered or verdict[topic] is None:
                continue
            if verdict[topic]:
                result.spotted.append(f"{AREA_POINTS[topic]} (you named “{named[topic]}”)")
            else:
                result.missed.append({"point": AREA_POINTS[topic] + " (you answered none).",
                                      "why": "Without it a change cannot be put down to the response."})
        judged = [v for v in verdict.values() if v is not None]
        result.score = 0.7 * points_score + (30.0 * sum(judged) / len(judged) if judged else 30.0)
        # the displacement trap is named only in the response feedback; here the buffer is reported once, above
        return result

    # -- the whole exercise ------------------------------------------------------------
    def report(self, guide: "SessionView") -> dict:
        stages = {st: self.stage(guide, st) for st in STAGE_TITLES}
        total = sum(r.score for r in stages.values()) / len(stages)
        return {"exercise": self.exercise.id, "title": self.exercise.title, "total": round(total, 1),
                "stages": {k: asdict(v) for k, v in stages.items()}}

    def model_side_by_side(self, guide: "SessionView") -> str:
        est = guide.est
        s = guide.library.scenarios[self.model.scenario]
        rows = ["| | model answer | your answer |", "|---|---|---|",
                f"| Problem | {s.title} | {guide.scenario.title if guide.scenario else '(none chosen)'} |"]
        for side in (*SIDES, "hypothesis"):
            model = "; ".join(p.point for p in getattr(self.model, side))
            mine = est.hypothesis if side == "hypothesis" else est.sides.get(side, "")
            rows.append(f"| {side.capitalize()} | {_cell(model)} | {_cell(mine)} |")
        mine = ", ".join(s.response(r).title for r in est.picked if s.response(r)) if guide.scenario and guide.scenario.id == s.id else ""
        rows.append(f"| Responses | {_cell(', '.join(s.response(r).title for r in self.model.responses))} | {_cell(mine + (' ' + ', '.join(est.own_responses) if est.own_responses else ''))} |")
        rows.append(f"| Lead | {guide.library.partner_name(self.model.lead)} | |")
        rows.append(f"| Measures | {_cell('; '.join(p.point for p in self.model.measures))} | {_cell('; '.join(est.measures))} |")
        traps = "\n".join(f"- **{t.trap}** {t.why}" for t in self.model.traps)
        return "\n".join(rows) + "\n\n**Traps in this case:**\n" + traps


def _cell(text: str) -> str:
    return " ".join((text or "—").split()).replace("|", "/")


def briefing_markdown(ex: Exercise) -> str:
    """The exercise as the trainee first sees it: briefing, data, what partners know."""
    out = [f"# Exercise: {ex.title}", "", ex.briefing.strip(), ""]
    for table in ex.data:
        out += [f"**{table.title}**", "", "| " + " | ".join(table.columns) + " |",
                "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(str(c) for c in row) + " |" for row in table.rows]
        if table.note:
            out += ["", f"*{table.note}*"]
        out.append("")
    out += ["**What partners know**"] + [f"- {k}" for k in ex.partner_knowledge]
    out += ["", "Work through it as you would a real problem. You'll get feedback at the end of each stage."]
    return "\n".join(out)


# -- results and the cohort summary ------------------------------------------------------
def save_result(folder: Path, trainee: str, session_id: str, report: dict) -> Path:
    """One result file per session; the trainee's name is inside the file, never in its name."""
    from .store import private_dir

    exercise = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(report["exercise"]))[:60]
    path = private_dir(folder, tighten=True) / f"{exercise}--{session_id}.yaml"
    record = {"trainee": trainee, "session": session_id, **report}
    atomic_write_text(path, yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100))
    return path


def read_results(folder: Path) -> tuple[list[dict], list[str]]:
    """Every readable result in ``folder``; each file that is not one is named with its line and skipped."""
    from .library.yamlsource import YamlFileError, read_yaml

    results, problems = [], []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data, _ = read_yaml(path)
        except YamlFileError as exc:
            problems.append(f"{exc} (skipped)")
            continue
        problem = _result_problem(data)
        if problem:
            problems.append(f"{path}: {problem} (skipped)")
        else:
            results.append(data)
    return results, problems


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def _result_problem(data) -> str:
    """What makes ``data`` not a training result the cohort summary can use ('' when it is one)."""
    if not isinstance(data, dict) or "total" not in data or "stages" not in data:
        return "not a training result"
    for name in ("exercise", "trainee"):
        if not isinstance(data.get(name), str):
            return f"field '{name}' must be text"
    if not _number(data["total"]):
        return "field 'total' must be a score from 0 to 100"
    stages = data["stages"]
    if not isinstance(stages, dict):
        return "field 'stages' must be a mapping of stage to result"
    for stage in STAGE_TITLES:
        st = stages.get(stage)
        if not isinstance(st, dict) or not _number(st.get("score")):
            return f"stages.{stage}.score must be a score from 0 to 100"
        missed = st.get("missed")
        if not isinstance(missed, list) or not all(isinstance(m, dict) and isinstance(m.get("point"), str) for m in missed):
            return f"stages.{stage}.missed must be a list of {{point, why}}"
    return ""


def cohort_csv(results: list[dict]) -> str:
    """Scores by trainee and exercise, then per exercise the means and the points most often missed."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "exercise", "trainee", "total", *STAGE_TITLES, "most_missed"])
    for r in sorted(results, key=lambda r: (r["exercise"], r["trainee"])):
        missed = [m["point"] for st in r["stages"].values() for m in st["missed"]]
        writer.writerow(["trainee", r["exercise"], r["trainee"], r["total"],
                         *(round(r["stages"][s]["score"], 1) for s in STAGE_TITLES), "; ".join(missed[:3])])
    by_exercise: dict[str, list[dict]] = {}
    for r in results:
        by_exercise.setdefault(r["exercise"], []).append(r)
    for exercise, group in sorted(by_exercise.items()):
        missed = Counter(m["point"] for r in group for st in r["stages"].values() for m in st["missed"])
        writer.writerow(["exercise", exercise, f"{len(group)} trainee(s)", round(sum(r["total"] for r in group) / len(group), 1),
                         *(round(sum(r["stages"][s]["score"] for r in group) / len(group), 1) for s in STAGE_TITLES),
                         "; ".join(f"{point} ({n})" for point, n in missed.most_common(3))])
    return out.getvalue()
