"""What the learning repository keeps of a closed session."""

from __future__ import annotations


def case_record(view) -> dict:
    s, est, session = view.scenario, view.est, view.session
    result = view.review_result()
    return {
        "id": session.id,
        "title": session.display_title,
        "outcome": est.outcome,
        "scenario_id": s.id if s else None,
        "scenario_title": s.title if s else "",
        "description": est.problem_statement,
        "responses": [r.title for r in view.picked_responses()] + list(est.own_responses),
        "lessons": est.lessons,
        "closed": session.closed or "",
        "review": result.summary if result else [],
    }
