"""The plan check: findings against published criteria, a score by criterion, shown before export and in training.

``check(view)`` runs every rule of ``RULES`` on a SessionView; it never blocks
anything, it informs. The coach scores trainees with the same rules.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .checks import RULES, Hit, Rule, cheers_evidence
from .rubric import CRITERIA, Criterion


@dataclass(frozen=True)
class Finding:
    rule: str
    criterion: str  # criterion id
    criterion_name: str
    source: str
    question: str  # the question to revise
    finding: str  # what is wrong, one line
    why: str
    fix: str
    stage: str

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def line(self) -> str:
        return self.finding


@dataclass
class CheckResult:
    findings: list[Finding]
    scores: list[dict]  # one per criterion: id, name, source, passed, applicable
    ran: set[str] = field(default_factory=set)  # the rules that applied to this plan

    def for_stage(self, stage: str) -> list[Finding]:
        return [f for f in self.findings if f.stage == stage]

    def by_rule(self, rule_id: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule_id]

    def passed(self, rule_id: str) -> bool | None:
        """True when the rule ran and found nothing, False when it found a gap, None when it did not apply."""
        if rule_id not in self.ran:
            return None
        return not self.by_rule(rule_id)

    def to_dict(self) -> dict:
        return {"findings": [{"criterion": f.criterion_name, "criterion_id": f.criterion, "source": f.source,
                              "question": f.question, "finding": f.finding, "why": f.why, "fix": f.fix, "rule": f.rule}
                             for f in self.findings],
                "scores": self.scores}


def check(view) -> CheckResult:
    findings: list[Finding] = []
    ran: set[str] = set()
    tally: dict[str, list[int]] = {c: [0, 0] for c in CRITERIA}  # criterion -> [passed, applicable]
    for r in RULES.values():
        hits = r.run(view)
        if hits is None:
            continue
        ran.add(r.id)
        failed_in = set()
        for h in hits:
            crit = h.criterion or r.criterion
            failed_in.add(crit)
            stage = r.stage or _stage_of(view, h.question)
            text = f"{r.title}: {h.detail}" if h.detail else r.title
            findings.append(Finding(r.id, crit, CRITERIA[crit].name, CRITERIA[crit].source, h.question or r.question,
                                    text, r.why, r.fix, stage))
        if r.id in ("skipped", "vague"):
            for crit in failed_in:  # counted against the criteria of the questions concerned
                tally[crit][1] += 1
            continue
        tally[r.criterion][1] += 1
        tally[r.criterion][0] += r.criterion not in failed_in
    scores = [{"id": c.id, "name": c.name, "source": c.source, "passed": tally[c.id][0], "applicable": tally[c.id][1]}
              for c in CRITERIA.values()]
    return CheckResult(findings, scores, ran)


def _stage_of(view, qid: str) -> str:
    base = qid.split(":")[0]
    for st in view.script.stages:
        if any(q.id == base for q in st.questions):
            return st.id
    return ""


def score_table(result: CheckResult) -> list[list[str]]:
    """Rows for a compact table: criterion, score (met/judged), open findings."""
    rows = []
    for s in result.scores:
        if not s["applicable"]:
            score = "not yet"
        else:
            score = f"{s['passed']}/{s['applicable']}"
        open_ = sum(f.criterion == s["id"] for f in result.findings)
        rows.append([s["name"], score, str(open_) if open_ else "✓" if s["applicable"] else "", s["source"]])
    return rows


def markdown(result: CheckResult, *, with_scores: bool = True, limit: int | None = None) -> str:
    """The check as the conversation shows it."""
    shown = result.findings[:limit] if limit else result.findings
    lines = [f"**Plan check: {len(result.findings)} point(s) to look at**" if result.findings
             else "**Plan check: nothing to fix.**"]
    for n, f in enumerate(shown, 1):
        lines.append(f"{n}. **{f.finding}** ({f.criterion_name}). {f.why} *Fix:* {f.fix} `/revise {f.question}`")
    if limit and len(result.findings) > limit:
        lines.append(f"… and {len(result.findings) - limit} more: type `/check`.")
    if with_scores:
        lines += ["", "| criterion | met | open | source |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(row)} |" for row in score_table(result)]
    return "\n".join(lines)


def brief_markdown(result: CheckResult) -> str:
    """The findings as one short list, for after an export."""
    if not result.findings:
        return "**Plan check:** nothing to fix."
    items = "\n".join(f"- {f.finding}" for f in result.findings)
    return (f"**Plan check: {len(result.findings)} point(s) still open** (the plan was written all the same; "
            f"`/check` or Ctrl+K says how to fix each):\n\n{items}")


def text(result: CheckResult) -> str:
    """The check for a terminal (no Markdown)."""
    lines = [f"Plan check: {len(result.findings)} point(s) to look at" if result.findings else "Plan check: nothing to fix."]
    for n, f in enumerate(result.findings, 1):
        lines.append(f"{n:>2}. {f.finding} [{f.criterion_name}; question {f.question}]")
        lines.append(f"    Why: {f.why}")
        lines.append(f"    Fix: {f.fix}")
    width = max(len(r[0]) for r in score_table(result))
    lines += ["", f"{'criterion':<{width}}  met      open  source"]
    lines += [f"{r[0]:<{width}}  {r[1]:<7}  {r[2]:<4}  {r[3]}" for r in score_table(result)]
    return "\n".join(lines)


__all__ = ["CRITERIA", "RULES", "CheckResult", "Criterion", "Finding", "Hit", "Rule", "brief_markdown", "check", "cheers_evidence",
           "markdown", "score_table", "text"]
