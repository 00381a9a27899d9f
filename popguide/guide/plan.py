"""The problem-solving plan as plain data: what the export templates show, read from a SessionView."""

from __future__ import annotations

from ..assessment import bar_chart, chart_rows, svg_chart
from ..library.describe import COST_LABEL, technique_label
from ..library.models import EVIDENCE_MEANING
from ..library.prices import unit_cost_rows
from ..library.sources import power_beside, references_for
from .behaviours import REGISTRY
from .sara import SIDE_LABELS, SIDES, is_none
from .dates_text import long_date
from .plan_text import short_title, file_stem, first_sentence, join_items, paragraphs, plan_title, sentence, tidy

SKIPPED = "(skipped)"


def build_plan(view) -> dict:
    lib, est, s, session = view.library, view.est, view.scenario, view.session

    from ..check import check, cheers_evidence

    def answer(qid: str) -> str:
        return SKIPPED if qid in est.skipped else view.answer(qid)

    cheers = [{**c, "evidence": SKIPPED if c["skipped"] else tidy(c["evidence"]) if c["question"] else ""}
              for c in cheers_evidence(view)]
    actions_for = {a.response_id: a for a in est.actions if not a.agreed}
    picked = []
    for r in view.picked_responses():
        a = actions_for.get(r.id)
        picked.append({
            "id": r.id, "title": r.title, "what": r.what, "mechanism": r.mechanism,
            "rating": r.evidence.rating, "rating_meaning": EVIDENCE_MEANING[r.evidence.rating],
            "source": r.evidence.source, "note": r.evidence.note, "technique": technique_label(r.technique),
            "lead": lib.partner_name(r.lead), "lead_id": r.lead,
            "support": [lib.partner_name(p) for p in r.support],
            "cost": COST_LABEL[r.cost], "phase": r.phase, "action": _action_text(a), "own": False,
            "power": power.to_dict() if (power := power_beside(lib, r)) else None,
        })
    for n, own in enumerate(est.own_responses, 1):
        picked.append({"id": f"own-{n}", "title": own, "what": "", "mechanism": "", "rating": "untested",
                       "rating_meaning": "your own idea: evaluate it", "source": "local knowledge", "note": "",
                       "technique": "", "lead": "", "lead_id": "", "support": [], "cost": "", "phase": "",
                       "action": _action_text(actions_for.get(f"own-{n}")), "own": True, "power": None})

    conflicts = []
    for c in view.picked_conflicts():
        a, b = (s.response(r) for r in c.responses[:2])
        conflicts.append({"a": a.title, "b": b.title, "reason": c.reason, "advice": c.advice,
                          "decision": est.conflict_decision or "not decided"})

    partners = [{"name": lib.partner_name(p.id), "id": p.id, "reason": p.reason, "when": p.when, "lead": p.lead}
                for p in sorted(s.partners, key=lambda p: not p.lead)] if s else []
    match = next((m for m in est.matches if s and m.id == s.id), None)
    analysis = [{"side": side, "label": SIDE_LABELS[side], "answer": answer(side),
                 "paragraphs": [sentence(x) for x in paragraphs(view.answer(side))], "skipped": side in est.skipped,
                 "by": est.said_by.get(side, ""),
                 "noted": _noted(est, side, view.answer(side)),
                 "questions": list(getattr(s.analysis, side)) if s else []}
                for side in SIDES]

    result = view.review_result()
    rows = chart_rows(result) if result else []
    areas = est.areas
    area_text = {"target_area": areas.target, "comparison_area": areas.comparison or "none",
                 "buffer_area": areas.buffer or "none", "baseline_period": areas.baseline_period_text,
                 "after_period": areas.after_period_text}
    by_partner: dict[str, list[dict]] = {}
    for r in picked:
        owner = _agency(lib, actions_for.get(r["id"]).who if actions_for.get(r["id"]) else "") or r["lead"] or "Not yet assigned"
        a = actions_for.get(r["id"])
        by_partner.setdefault(owner, []).append({"what": r["title"], "when": _when(a), "dated": bool(a and a.by)})
    for a in est.actions:
        if a.agreed or not a.response_id:
            by_partner.setdefault(_agency(lib, a.who) or "Not yet assigned", []).append(
                {"what": sentence(a.what).rstrip("."), "when": _when(a), "dated": bool(a.by)})

    checked = check(view)
    title = plan_title(session.title, _auto_title(est), short_title(s.title) if s else "", areas.target)
    plan = {
        "participants": list(session.participants),
        "said_by": dict(est.said_by),
        "actions_by_partner": by_partner,
        "notes": list(session.notes),
        "areas": area_text,
        "baseline_by_area": [{"role": role, "area": name, "count": areas.baseline.get(role)} for role, name in areas.roles()
                             if role in areas.baseline],
        "review": result.to_dict() if result else None,
        "review_summary": result.summary if result else [],
        "review_caveats": result.caveats if result else [],
        "chart_text": bar_chart(rows),
        "chart_rows": [[label, value] for label, value in rows] or
                      [[f"{role} baseline", areas.baseline[role]] for role, _ in areas.roles() if role in areas.baseline],
        "chart_title": "Incidents before and after, by area" if rows else "Baseline incidents, by area",
        "chart_svg": svg_chart(rows),
        "outcome": session.outcome or "",
        "lessons": est.lessons,
        "closed": session.closed or "",
        "id": session.id,
        "title": session.display_title,
        "created": session.created,
        "updated": session.updated,
        "stage": session.stage,
        "description": est.problem_statement,
        "data_evidence": _data_evidence(est.data),
        "immediate_risk": [{"kinds": list(r.kinds), "cue": r.cue, "routes": [lib.partner_name(x) for x in r.routes]}
                           for r in est.risks],
        "scenario": {"id": s.id, "title": s.title, "summary": s.summary,
                     "score": match.score if match else None, "why": match.why if match else []} if s else None,
        "also": [{"id": m.id, "title": m.title} for m in est.also],
        "cheers": cheers,
        "cheers_passed": all(c["ok"] for c in cheers),
        "goal": join_items(est.goals),
        "analysis": analysis,
        "facts": [{"side": f.side, "text": f.text} for f in est.facts if not f.dropped],
        "data": list(est.data_sources),
        "hypothesis": est.hypothesis,
        "causes": list(s.analysis.causes) if s else [],
        "responses": picked,
        "extra": "" if is_none(est.extra) else tidy(est.extra),
        "conflicts": conflicts,
        "partners": partners,
        "measures": list(est.measures),
        "baseline": "; ".join(f"{row['role']} ({row['area']}): {row['count']:,g}" for row in
                              [{"role": r, "area": n, "count": areas.baseline[r]} for r, n in areas.roles() if r in areas.baseline]),
        "review_date": est.review_date.isoformat() if est.review_date else "",
        "pitfalls": list(s.assessment.pitfalls) if s else [],
        "unit_costs": unit_cost_rows(lib, list(s.assessment.crime_types) if s else []),
        "references": references_for(lib, s, [r.id for r in view.picked_responses()],
                                     [r.power for r in view.picked_responses() if r.power],
                                     [est.crime_type] if est.crime_type else list(s.assessment.crime_types) if s else []),
        "unit_cost_source": lib.unit_cost_source,
        "unit_cost_price_year": lib.unit_cost_price_year,
        "sources": list(s.sources) if s else [],
        # answers to a course's own questions; the CHEERS questions are shown in the CHEERS table already
        "custom": view.custom_answers(set(REGISTRY) | {q.id for st in view.script.stages for q in st.questions if q.cheers}),
        "complete": view.complete,
        "heading": title,
        "file_stem": file_stem(title, view.today, *((s.id, areas.target) if s and title.startswith(short_title(s.title))
                                                     else ())),
        "description_paragraphs": [sentence(x) for x in paragraphs(est.problem_statement)],
        "hypothesis_paragraphs": [sentence(x) for x in paragraphs(est.hypothesis)],
        "check": {"findings": [f.to_dict() for f in checked.findings],
                  "scores": [{**sc, "open": sum(f.criterion == sc["id"] for f in checked.findings)} for sc in checked.scores]},
    }
    plan["summary"] = _summary(view, plan, by_partner, checked)
    return plan


def _noted(est, side: str, own: str) -> list[str]:
    """Facts heard elsewhere for this side, less those the side's own answer already says."""
    sides = (side, "time") if side == "place" else (side,)
    said = " ".join(own.lower().split())
    out = []
    for f in est.facts_for(*sides):
        text = " ".join(f.text.split())
        if f.question != side and text.lower() not in said and text not in out:
            out.append(text)
    return out


def _agency(lib, who: str) -> str:
    """An owner as a partner would recognise it: the directory's name when it names a partner, else as typed."""
    who = tidy(who)
    key = who.lower()
    for p in lib.partners.values():
        if key in (p.id.lower(), p.name.lower()) or key.replace(" ", "-") == p.id.lower():
            return p.name
    return who[:1].upper() + who[1:]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[:2].isalpha() and not text[:2].isupper() else text


def _auto_title(est) -> str:
    from .behaviours.scanning import title_from

    return title_from(est.descriptions[0]) if est.descriptions else ""


def _summary(view, plan: dict, by_partner: dict, checked) -> dict:
    """The first page: what a partner reads in a minute."""
    est, areas = view.est, view.est.areas
    period = areas.baseline_period_text
    baseline = [{"area": name, "role": role, "count": f"{areas.baseline[role]:,g}", "period": period or "period not given"}
                for role, name in areas.roles() if role in areas.baseline]
    measured = " and ".join(_lower_first(join_items([m])) for m in est.measures[:2])
    target = next((b for b in baseline if b["role"] == "target"), None)
    objective = join_items(est.goals) or ""
    how = ""
    if measured:
        how = f"Measured by {measured}"
        if target:
            how += f", against {target['count']} in {target['area']} ({target['period']})"
        how += "."
    return {
        "problem": first_sentence(est.problem_statement) if est.problem_statement else "",
        "objective": sentence(objective) if objective else "",
        "measured": how,
        "baseline": baseline,
        "actions": [{"agency": who, "actions": items} for who, items in by_partner.items()],
        "review_date": long_date(est.review_date) if est.review_date else "",
        "findings": [{"finding": f.finding, "fix": f.fix, "criterion": f.criterion_name, "question": f.question, "rule": f.rule}
                     for f in checked.findings],
    }


def _data_evidence(ev) -> dict | None:
    """What the force's own data said, with the dataset and date range it came from, for the plan."""
    if ev is None or ev.error:
        return None
    return {"dataset": ev.dataset, "area": ev.area or "the whole dataset", "date_range": ev.date_range,
            "cheers": ev.cheers, "recurring": ev.recurring, "facts": [text for _, text in ev.facts],
            "caveats": list(ev.caveats)}


def _when(a) -> str:
    if a is None:
        return ""
    return f"by {long_date(a.by)}" if a.by else (a.by_text or "no date yet")


def _action_text(a) -> str:
    if a is None:
        return ""
    return f"{a.who}, {_when(a)}" if a.who else _when(a)
