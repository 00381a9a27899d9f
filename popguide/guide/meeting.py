"""Adviser-led sessions: who is speaking, private notes, agreed actions, jumping between stages.

A mixin of the guide engine: these commands change the conversation the same
way answers do (as entries that replay), so a meeting survives a restart.
"""

from __future__ import annotations

from ..session import Entry, now_iso
from .turns import Turn

#: Commands for adviser-led sessions (shown by /help when the session has participants).
FACILITATOR_COMMANDS: dict[str, str] = {
    "/as NAME": "attribute the answers that follow to this participant",
    "/note TEXT": "an adviser's note: kept with the session, left out of the exported plan",
    "/action WHO: WHAT by WHEN": "record an action agreed in the meeting",
    "/stage NAME": "jump to a stage (scanning, analysis, response, assessment); /stage again to go back",
    "/summary": "read back the plan so far",
    "/participants": "who is in the meeting",
}
MEETING_COMMANDS = ("/as", "/note", "/action", "/stage", "/summary", "/participants")
STAGE_ENTRY = "@stage"
ACTION_ENTRY = "@action"


class MeetingMixin:
    def _facilitator(self, name: str, arg: str, by: str, stage: str) -> list[Turn]:
        people = self.session.participants
        if name == "/participants":
            if not people:
                return [Turn("assistant", "info", "No participants recorded for this session.", stage=stage)]
            return [Turn("assistant", "info", "**In the meeting:**\n" + "\n".join(
                f"- {p['name']}" + (f" ({p['agency']})" if p['agency'] else "") for p in people), stage=stage)]
        if name == "/as":
            match = next((p for p in people if p["name"].lower() == arg.lower()), None) or \
                next((p for p in people if p["name"].lower().startswith(arg.lower()) and arg), None)
            if match is None:
                names = ", ".join(p["name"] for p in people) or "none recorded"
                return [Turn("assistant", "error", f"Who? Participants: {names}.", stage=stage)]
            self.speaker = match["name"]
            return [Turn("assistant", "info", f"Answers now from **{match['name']}**"
                         + (f" ({match['agency']})." if match["agency"] else "."), stage=stage, data={"speaker": match["name"]})]
        if name == "/note":
            if not arg:
                return [Turn("assistant", "error", "Type the note after `/note`.", stage=stage)]
            self.session.notes.append({"text": arg, "stage": stage, "by": by, "at": now_iso()})
            self._persist()
            return [Turn("assistant", "info", "Note kept (private: it stays out of the exported plan).", stage=stage)]
        if name == "/action":
            return self._agree_action(arg, by, record=True)
        if name == "/stage":
            return self._jump(arg, record=True, by=by)
        if name == "/summary":
            from ..report import render_plan

            return [Turn("assistant", "help", render_plan(self.plan(), "md"), stage=stage, data={"summary": True})]
        return []

    def _agree_action(self, text: str, by: str, *, record: bool) -> list[Turn]:
        who, sep, rest = text.partition(":")
        if not sep or not rest.strip():
            return [Turn("assistant", "error", "Write it as `/action WHO: WHAT by WHEN`, for example "
                         "`/action Housing: check the tenancy file by 5 December`.")]
        what, _, when = rest.rpartition(" by ")
        action = {"who": who.strip(), "what": (what or rest).strip(), "by": when.strip() if what else ""}
        self.state.agreed_actions.append(action)
        if record:
            self.session.entries.append(Entry(ACTION_ENTRY, text, by=by))
            self._persist()
        return [Turn("assistant", "info", f"Action for **{action['who']}**: {action['what']}"
                     + (f", by {action['by']}." if action["by"] else "."))]

    def _jump(self, target: str, *, record: bool, by: str = "") -> list[Turn]:
        wanted = target.strip().lower()
        ids = [st.id for st in self.script.stages]
        if wanted not in ids:
            return [Turn("assistant", "error", "Jump to which stage? " + ", ".join(ids) + ".")]
        self.state.focus_stage = wanted
        if record:
            self.session.entries.append(Entry(STAGE_ENTRY, wanted, by=by))
            self._sync_session()
            self._persist()
        q = self._next_question()
        title = self.script.stage(wanted).title
        if q is None or q.stage != wanted:
            turns = [Turn("assistant", "info", f"{title} is already complete; carrying on where we were.", stage=wanted)]
        else:
            turns = [Turn("assistant", "info", f"**Jumping to {title}.** Type `/stage` and another stage name to move again.", stage=wanted)]
        if record:
            turns += self._ask_turns(None)[-1:]
        return turns

