"""The problem-solving plan as plain data: what the export templates show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..library.describe import COST_LABEL, technique_label
from ..library.models import ANALYSIS_LABELS, EVIDENCE_MEANING
from ..assessment import bar_chart, chart_rows, svg_chart
from .answers import parse_yes_no

if TYPE_CHECKING:
    from .engine import Guide

CHEERS = [
    ("C", "Community", "harm"),
    ("H", "Harmful", "harm"),
    ("E", "Expectation", "expectation"),
    ("E", "Events", "frequency"),
    ("R", "Recurring", "recurring"),
    ("S", "Similarity", "similarity"),
]
KNOWN = {"target_area", "comparison_area", "buffer_area", "baseline_period", "crime_type", "after_counts",
         "after_period", "hours", "hourly_rate", "other_costs", "outcome", "lessons", "describe", "confirm", "harm", "frequency", "recurring", "similarity", "expectation", "goal",
         "victim", "offender", "place", "guardian", "handler", "manager", "data", "hypothesis",
         "responses", "conflicts", "extra", "measures", "baseline", "review"}


def build_plan(guide: "Guide") -> dict:
    lib, st, s, session = guide.library, guide.state, guide.scenario, guide.session
    answers = st.answers

    def answer(qid: str) -> str:
        if qid in st.skipped:
            return "(skipped)"
        value = answers.get(qid, "")
        return "" if value == "/skip" else value

    cheers = []
    for letter, name, qid in CHEERS:
        value = answer(qid)
        if qid in ("expectation", "recurring"):
            ok = parse_yes_no(value) is True
        else:
            ok = bool(value) and value != "(skipped)"
        cheers.append({"letter": letter, "name": name, "ok": ok, "evidence": value})

    picked = []
    for r in guide.picked_responses():
        action = answers.get(f"actions:{r.id}", "")
        who = lib.partner_name(r.lead) if action.strip().lower() in ("ok", "okay", "yes", "") else action
        picked.append({
            "id": r.id, "title": r.title, "what": r.what, "mechanism": r.mechanism,
            "rating": r.evidence.rating, "rating_meaning": EVIDENCE_MEANING[r.evidence.rating],
            "source": r.evidence.source, "note": r.evidence.note, "technique": technique_label(r.technique),
            "lead": lib.partner_name(r.lead), "lead_id": r.lead,
            "support": [lib.partner_name(p) for p in r.support],
            "cost": COST_LABEL[r.cost], "phase": r.phase, "action": who, "own": False,
        })
    for n, own in enumerate(st.own_responses, 1):
        picked.append({"id": f"own-{n}", "title": own, "what": "", "mechanism": "", "rating": "untested",
                       "rating_meaning": "your own idea: evaluate it", "source": "local knowledge", "note": "",
                       "technique": "", "lead": "", "lead_id": "", "support": [], "cost": "", "phase": "",
                       "action": answers.get(f"actions:own-{n}", ""), "own": True})

    conflicts = []
    for c in guide.picked_conflicts():
        a, b = (s.response(r) for r in c.responses[:2])
        conflicts.append({"a": a.title, "b": b.title, "reason": c.reason, "advice": c.advice,
                          "decision": answer("conflicts") or "not decided"})

    partners = []
    if s:
        for p in sorted(s.partners, key=lambda p: not p.lead):
            partners.append({"name": lib.partner_name(p.id), "id": p.id, "reason": p.reason, "when": p.when, "lead": p.lead})

    match = next((m for m in st.matches if s and m.id == s.id), None)
    analysis = [{"side": side, "label": ANALYSIS_LABELS[side], "answer": answer(side),
                 "by": next((e.by for e in reversed(session.entries) if e.question == side and e.by), ""),
                 "questions": list(getattr(s.analysis, side)) if s else []}
                for side in ("victim", "offender", "place", "guardian", "handler", "manager")]
    extra_questions = []
    for stage in guide.script.stages:
        for q in stage.questions:
            if q.id not in KNOWN and answer(q.id):
                extra_questions.append({"stage": stage.title, "prompt": q.prompt, "answer": answer(q.id)})

    result = guide.review_result()
    rows = chart_rows(result) if result else []
    areas = {key: answer(key) for key in ("target_area", "comparison_area", "buffer_area", "baseline_period", "after_period")}

    said_by = {e.question: e.by for e in session.entries if e.by}
    by_partner: dict[str, list[dict]] = {}
    for r in picked:
        owner = r["lead"] or "Not yet assigned"
        by_partner.setdefault(owner, []).append({"what": r["title"], "when": r["action"]})
    for act in st.agreed_actions:
        by_partner.setdefault(act["who"], []).append({"what": act["what"], "when": act["by"]})

    return {
        "participants": list(session.participants),
        "said_by": said_by,
        "actions_by_partner": by_partner,
        "notes": list(session.notes),
        "areas": areas,
        "review": result.to_dict() if result else None,
        "review_summary": result.summary if result else [],
        "review_caveats": result.caveats if result else [],
        "chart_text": bar_chart(rows),
        "chart_svg": svg_chart(rows),
        "outcome": session.outcome or "",
        "lessons": answer("lessons"),
        "closed": session.closed or "",
        "id": session.id,
        "title": session.display_title,
        "created": session.created,
        "updated": session.updated,
        "stage": session.stage,
        "description": " ".join(st.descriptions) or answer("describe"),
        "scenario": {"id": s.id, "title": s.title, "summary": s.summary,
                     "score": match.score if match else None, "why": match.why if match else []} if s else None,
        "cheers": cheers,
        "cheers_passed": all(c["ok"] for c in cheers),
        "goal": answer("goal"),
        "analysis": analysis,
        "data": st.data_picked or ([answer("data")] if answer("data") else []),
        "hypothesis": answer("hypothesis"),
        "causes": list(s.analysis.causes) if s else [],
        "responses": picked,
        "extra": answer("extra") if answer("extra").lower() not in ("no", "none", "n") else "",
        "conflicts": conflicts,
        "partners": partners,
        "measures": st.measures,
        "baseline": answer("baseline"),
        "review_date": st.review_date.isoformat() if st.review_date else "",
        "pitfalls": list(s.assessment.pitfalls) if s else [],
        "unit_costs": [
            {"crime_type": lib.unit_costs[c].crime_type, "cost": lib.unit_costs[c].cost, "confirmed": lib.unit_costs[c].confirmed}
            for c in (s.assessment.crime_types if s else []) if c in lib.unit_costs
        ],
        "unit_cost_source": lib.unit_cost_source,
        "unit_cost_price_year": lib.unit_cost_price_year,
        "sources": list(s.sources) if s else [],
        "custom": extra_questions,
        "complete": guide.finished,
    }
