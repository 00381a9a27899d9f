"""Listening to the whole answer: immediate risk first, personal data, and the facts it holds.

The understanding itself (popguide.understanding) reads the text; this
module decides what the conversation does with what it heard.
"""

from __future__ import annotations

from .established import NotedFact, RiskNote
from .privacy import kinds_of_personal_data
from .prompts import noted_turn
from .sara import SIDE_LABELS
from .turns import Turn

FACT_LABELS = {**SIDE_LABELS, "time": "When", "count": "How often", "tried": "Tried already"}
NOTED_SHOWN = 8


def risk_turns(conv, text: str, q, entry: int) -> list[Turn]:
    """Someone at risk now: say first that the normal emergency and safeguarding routes deal with it."""
    risk = conv.understanding.immediate_risk(text)
    if risk is None:
        return []
    conv.est.risks.append(RiskNote(tuple(risk.kinds), risk.cue, tuple(risk.routes), q.id, entry))
    names = [conv.library.partner_name(r) for r in risk.routes if r in conv.library.partners]
    routes = (" Routes that fit: " + "; ".join(names) + ".") if names else ""
    return [Turn("assistant", "warning",
                 f"⚠ **Immediate risk first.** You mentioned “{risk.cue}”. If someone is at risk now, deal with that "
                 "through the normal emergency and safeguarding procedures (999 / the control room, your "
                 f"supervisor, the safeguarding referral) before anything else.{routes} Problem-solving is for the "
                 "recurring pattern behind it: we can carry on with that when you're ready.",
                 stage=q.stage, data={"immediate_risk": list(risk.kinds)})]


def privacy_turns(text: str, q) -> list[Turn]:
    personal = kinds_of_personal_data(text)
    if not personal:
        return []
    return [Turn("assistant", "warning",
                 f"⚠ That looks like it holds personal data ({', '.join(personal)}). Plans are shared with partners: "
                 "keep names and contact details in the proper system. Use `/back` to edit the answer; exports can "
                 "mask it with `--redact`.", stage=q.stage)]


def note_facts(conv, text: str, q, b, entry: int) -> list[Turn]:
    """File what the answer says under the triangle; show briefly what was heard beyond the question asked."""
    est = conv.est
    if not b.listens or q.kind not in ("text", "list") or any(f.entry == entry for f in est.facts):
        return []
    s = conv.library.scenarios.get(est.scenario_id or "")
    hints = [x for side in ("victim", "offender", "place", "guardian", "handler", "manager")
             for x in (getattr(s.analysis, side) if s else [])]
    found = conv.understanding.facts(text, question=b.fact_side, hints=hints)
    new = [NotedFact(f.side, f.text, q.id, entry) for f in found]
    est.facts += new
    if new:
        conv._changed()
    beyond = [f for f in new if f.side != b.fact_side and f.side not in b.offers and not _settled_side(conv, f.side)]
    if not beyond:
        return []
    return [noted_turn(q.stage, beyond, FACT_LABELS, shown=NOTED_SHOWN)]


def _settled_side(conv, side: str) -> bool:
    """A side whose question is already answered gains nothing from being offered back."""
    return any(a.id == side and conv.est.settled(a.id) for a in conv._sequence())
