"""The plan check in the conversation: `/check` lists what an adviser would flag, `/revise QID` reopens one question.

`/revise` is kept as an entry that replays: it unsettles the question so it is
asked next, the new answer overrides the old one, then the conversation carries
on from where the officer was.
"""

from __future__ import annotations

from .registry import command, record, stage_now
from ..turns import Turn


def check_turn(guide, *, brief: bool = False) -> Turn:
    """The check as a turn: in full for `/check`; after an export, the list of points only (it informs, never blocks)."""
    from ...check import brief_markdown, check, markdown

    result = check(guide.view())
    text = brief_markdown(result) if brief else markdown(result)
    return Turn("assistant", "help", text, stage=stage_now(guide),
                data={"check": [f.to_dict() for f in result.findings]})


@command("/check", "/check", "check the plan against published criteria: what to fix, why, and how")
def _check(guide, arg, by):
    return [check_turn(guide)]


def revisable(guide, qid: str):
    """The question as asked in this session, if it has an answer (or a skip) that can be revised."""
    from ..behaviours import behaviour_for

    for q in guide._sequence():
        if q.id == qid:
            script_q = guide.script.question(q.id.split(":")[0])
            if q.shows_matches or (script_q is not None and behaviour_for(script_q).name == "describe"):
                return None  # the description and the scenario change with /back and /scenario
            return q if guide.est.settled(q.id) else None
    return None


def unsettle(guide, qid: str) -> None:
    est = guide.est
    est.answers.pop(qid, None)
    est.remarks.pop(qid, None)
    est.skipped.discard(qid)
    est.vague.discard(qid)
    est.followed_up.discard(qid)
    est.pending.pop(qid, None)
    for fact in est.facts:  # what was heard in the old answer goes with it; the new answer is listened to afresh
        if fact.question == qid:
            fact.dropped = True
    guide._changed()


def _replay_revise(guide, entry):
    if revisable(guide, entry.text) is not None:
        unsettle(guide, entry.text)
    return []


@command("/revise", "/revise QUESTION", "answer an earlier question again (the check names it), then carry on where you were",
         entry="@revise", replay=_replay_revise)
def _revise(guide, arg, by):
    qid = arg.strip()
    q = revisable(guide, qid) if qid else None
    if q is None:
        return [Turn("assistant", "error", f"There is no answered question `{qid}` to revise here. `/check` lists the "
                     "questions to look at (use `/back` for the description).", stage=stage_now(guide))]
    where = guide.current
    unsettle(guide, qid)
    record(guide, "@revise", qid, by)
    from ..sara import INSIST_WORDS

    given = [e.text for e in guide.session.entries if e.question == qid and e.text.strip().lower() not in INSIST_WORDS]
    said = given[-1] if given else ""  # after a follow-up answered "keep", the answer it kept
    back = f" Then we carry on where you were ({where.stage}, question {where.number})." if where else \
        " Then the plan is complete again."
    turns = [Turn("assistant", "info", f"Revising this answer{f' (it was “{said}”)' if said and said != '/skip' else ''}."
                  + back, stage=q.stage, data={"revise": qid, "prefill": "" if said == "/skip" else said})]
    return turns + guide.ask_turns(None)[-1:]
