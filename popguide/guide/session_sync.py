"""Keeping the session file's summary fields in step with the conversation, and closing a training exercise."""

from __future__ import annotations

from .case_record import case_record
from .turns import Turn


def sync_session(session, est, current, view) -> None:
    """Copy what the session file lists (stage, scenario, review date, outcome, case) from what is established."""
    session.stage = current.stage if current else "done"
    session.scenario_id = est.scenario_id
    session.review_date = est.review_date.isoformat() if est.review_date else None
    session.outcome = est.outcome if est.closed and est.outcome else None
    if session.outcome and not session.closed:
        session.closed = session.entries[-1].at[:10] if session.entries else None
    elif not session.outcome:
        session.closed = None
    session.case = case_record(view()) if session.outcome else None


def training_end(guide) -> list[Turn]:
    """The exercise is done: the last feedback, the score, the model answer beside the trainee's, and where it was saved."""
    report = guide.coach.report(guide.view())
    turns = [Turn("assistant", "help", guide.coach.last_feedback(report), stage="assessment", data={"feedback": "assessment"}),
             Turn("assistant", "info", guide.coach.closing(guide.view(), report), stage="assessment",
                  data={"training_report": report})]
    if guide._training_done is not None:
        where = guide._training_done(guide, report)
        if where:
            turns.append(Turn("assistant", "info", f"Result saved to `{where}`.", stage="assessment"))
    return turns
