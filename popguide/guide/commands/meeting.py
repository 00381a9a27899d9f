"""Adviser-led sessions: who is speaking, private notes, agreed actions, jumping between stages.

These commands change the conversation the way answers do (as entries that
replay), so a meeting survives a restart: the speaker, the stage clock and
the actions come back exactly as they were.
"""

from __future__ import annotations

from ...session import now_iso
from .registry import command, record, stage_now
from ..established import PlannedAction
from ..sara import STAGES
from ..turns import Turn
from ..dates_text import long_date


def find_participant(people: list[dict], text: str) -> dict | None:
    """The participant whose name fits what was typed ('Dana' finds 'PC Dana Price'); None if none or several.

    The closest kind of fit wins: the whole name, then a whole word of it, then the start of a word, then any part.
    """
    want = " ".join(text.lower().split())
    if not want:
        return None
    tests = (
        lambda name: name == want,
        lambda name: want in name.split() or f" {want} " in f" {name} ",
        lambda name: any(w.startswith(want) for w in name.split()),
        lambda name: want in name,
    )
    for fits in tests:
        found = [p for p in people if fits(p["name"].lower())]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def _replay_as(guide, entry):
    guide.speaker = entry.text
    return []


@command("/as", "/as NAME", "attribute the answers that follow to this participant (any part of the name)",
         who="adviser", entry="@as", replay=_replay_as)
def _as(guide, arg, by):
    people = guide.session.participants
    match = find_participant(people, arg)
    if match is None:
        names = ", ".join(p["name"] for p in people) or "none recorded"
        several = " (more than one name fits: type more of it)" if arg and any(arg.lower() in p["name"].lower() for p in people) else ""
        return [Turn("assistant", "error", f"Who?{several} Participants: {names}.", stage=stage_now(guide))]
    guide.speaker = match["name"]
    record(guide, "@as", match["name"], by)
    return [Turn("assistant", "info", f"Answers now from **{match['name']}**"
                 + (f" ({match['agency']})." if match.get("agency") else "."), stage=stage_now(guide),
                 data={"speaker": match["name"]})]


@command("/note", "/note TEXT", "an adviser's note: kept with the session, left out of the exported plan",
         who="adviser", private=True)
def _note(guide, arg, by):
    if not arg:
        return [Turn("assistant", "error", "Type the note after `/note`.", stage=stage_now(guide))]
    guide.session.notes.append({"text": arg, "stage": stage_now(guide), "by": by, "at": now_iso()})
    guide.persist()
    return [Turn("assistant", "info", "Note kept (private: it stays out of the exported plan).", stage=stage_now(guide))]


def agreed_actions(guide, text: str) -> tuple[list[PlannedAction], list[str]]:
    """Actions from '/action WHO: WHAT by WHEN' (several split on semicolons or new lines), and what is missing."""
    actions, missing = [], []
    for a in guide.understanding.actions(text, guide.today()):
        if not a.who:
            missing.append(f"who will {a.what or 'do it'}")
        actions.append(PlannedAction(what=a.what or a.text, who=a.who, by=a.by, by_text=a.by_text, agreed=True))
    return actions, missing


def _replay_action(guide, entry):
    actions, _ = agreed_actions(guide, entry.text)
    guide.est.actions += actions
    return []


@command("/action", "/action WHO: WHAT by WHEN", "record actions agreed in the meeting (several: separate with ;)",
         who="adviser", entry="@action", replay=_replay_action)
def _action(guide, arg, by):
    actions, missing = agreed_actions(guide, arg)
    if not actions or missing:
        return [Turn("assistant", "error", "Write it as `/action WHO: WHAT by WHEN`, for example `/action Housing: check "
                     "the tenancy file by 5 December`" + (f" (missing: {missing[0]})." if missing else "."),
                     stage=stage_now(guide))]
    record(guide, "@action", arg, by)
    guide.est.actions += actions
    lines = []
    for a in actions:
        when = f", by {long_date(a.by)}" if a.by else ""
        lines.append(f"- Action for **{a.who}**: {a.what}{when}." + ("" if a.by else " ⚠ No date yet: when will it be done?"))
        if a.by and a.by < guide.today():
            lines[-1] += f" ⚠ {long_date(a.by)} has already passed: is that the date you mean?"
    return [Turn("assistant", "info", "\n".join(lines), stage=stage_now(guide))]


def _replay_stage(guide, entry):
    return _jump(guide, entry.text, record_it=False)


@command("/stage", "/stage NAME", "jump to a stage (scanning, analysis, response, assessment); /stage again to go back",
         who="adviser", entry="@stage", replay=_replay_stage)
def _stage(guide, arg, by):
    return _jump(guide, arg, record_it=True, by=by)


def _jump(guide, target: str, *, record_it: bool, by: str = "") -> list[Turn]:
    wanted = target.strip().lower()
    if wanted not in STAGES:
        return [Turn("assistant", "error", "Jump to which stage? " + ", ".join(STAGES) + ".")]
    guide.est.focus_stage = wanted
    guide._changed()
    if record_it:
        record(guide, "@stage", wanted, by)
    q = guide.current
    title = guide.script.stage(wanted).title
    if q is None or q.stage != wanted:
        turns = [Turn("assistant", "info", f"{title} is already complete; carrying on where we were.", stage=wanted)]
    else:
        turns = [Turn("assistant", "info", f"**Jumping to {title}.** Type `/stage` and another stage name to move again.", stage=wanted)]
    if record_it:
        turns += guide.ask_turns(None)[-1:]
    return turns


@command("/summary", "/summary", "read back the plan so far", who="adviser")
def _summary(guide, arg, by):
    return [Turn("assistant", "help", guide.render("md"), stage=stage_now(guide), data={"summary": True})]


@command("/participants", "/participants", "who is in the meeting", who="adviser")
def _participants(guide, arg, by):
    people = guide.session.participants
    if not people:
        return [Turn("assistant", "info", "No participants recorded for this session.", stage=stage_now(guide))]
    return [Turn("assistant", "info", "**In the meeting:**\n" + "\n".join(
        f"- {p['name']}" + (f" ({p['agency']})" if p.get("agency") else "") for p in people), stage=stage_now(guide))]
