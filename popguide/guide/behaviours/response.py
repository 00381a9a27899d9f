"""Response: which responses, how conflicts between them are handled, and who does what by when."""

from __future__ import annotations

import re

from ..established import PlannedAction
from ..picks import picked_conflicts, picked_responses, scenario_of
from ..prompts import partners_turn, responses_list
from ..sara import is_none
from ..turns import Turn
from .kinds import leading_picks
from .base import Behaviour, behaviour
from ..dates_text import long_date

ACCEPT_LEAD = ("ok", "okay", "yes", "yep", "yeah", "fine", "agreed", "that's fine", "sounds good")


@behaviour
class Responses(Behaviour):
    name = "responses"
    summary = "the responses chosen, by number from the library's list, or the officer's own"
    stage = "response"
    kinds = ("list", "text")
    required = True

    def turn_kind(self, conv) -> str:
        return "responses" if scenario_of(conv.library, conv.est) else "question"

    def prompt(self, conv, q) -> str:
        s = scenario_of(conv.library, conv.est)
        if s is None:
            return "What will you do about it? List the actions you have in mind (there is no library problem to suggest from)."
        return responses_list(conv.library, s) + "\n\n" + q.prompt

    def apply(self, conv, asked, text):
        est = conv.est
        s = scenario_of(conv.library, est)
        ordered = s.responses_by_evidence() if s else []
        picks, rest = leading_picks(conv, text, [r.title for r in ordered])
        est.picked = [ordered[n].id for n in picks]
        est.own_responses = [x.strip() for x in re.split(r"[;\n]+", rest) if x.strip() and not is_none(x)]
        est.dropped = []
        est.answers[asked.id] = text
        turns = []
        for c in picked_conflicts(conv.library, est):
            a, b = (s.response(r) for r in c.responses[:2])
            turns.append(Turn("assistant", "warning",
                              f"⚠ **Conflict:** *{a.title}* and *{b.title}* can undo each other. {c.reason}"
                              + (f"\n\n*Advice:* {c.advice}" if c.advice else ""), stage=asked.stage,
                              data={"conflict": list(c.responses[:2])}))
        if s and est.picked:
            turns.append(partners_turn(conv.library, s))
        return turns


@behaviour
class Conflicts(Behaviour):
    name = "conflicts"
    summary = "how to handle two chosen responses that can undo each other (the options name what is dropped)"
    stage = "response"
    kinds = ("choice",)

    def expand(self, conv, q, stage):
        return [self.asked(conv, q, stage)] if picked_conflicts(conv.library, conv.est) else []

    def options(self, conv, q) -> list[str]:
        s = scenario_of(conv.library, conv.est)
        conflict = picked_conflicts(conv.library, conv.est)[0]
        second = s.response(conflict.responses[1]).title
        options = list(q.options)
        if len(options) >= 3:
            options[2] = f"Drop {second}"
        return options

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        est = conv.est
        est.conflict_decision = est.answers[asked.id]
        picked = conv.understanding.intent(text, asked.options).choices
        if picked and picked[0] == 2:
            for c in picked_conflicts(conv.library, est):
                second = c.responses[1]
                if second in est.picked:
                    est.picked.remove(second)
                    est.dropped.append(second)
        return []


@behaviour
class Actions(Behaviour):
    """One question per chosen response (and per own idea): who, and by when. An action needs both."""
    listens = False

    name = "actions"
    summary = "who does each chosen response, and by when"
    stage = "response"
    kinds = ("text",)

    def expand(self, conv, q, stage):
        out = []
        for r in picked_responses(conv.library, conv.est):
            lead = conv.library.partner_name(r.lead)
            out.append(self.asked(conv, q, stage, f"{self.name}:{r.id}",
                                  f"Who will do **{r.title}**, and by when? Suggested lead: {lead}. (For example "
                                  "`ok by 15 March` to accept that lead, or `housing team by end of Jan`.)"))
        for n, own in enumerate(conv.est.own_responses, 1):
            out.append(self.asked(conv, q, stage, f"{self.name}:own-{n}", f"Who will do **{own}**, and by when?"))
        return out

    def follow_up(self, conv, asked, text):
        action = self._action(conv, asked, text)
        if action.by is None:
            return "By when? An action without a date tends not to happen: give a date (`15/02`, `next Friday`, " \
                   "`in 6 weeks`), or `keep` to leave it undated."
        if action.by < conv.today():
            return f"{long_date(action.by)} has already passed. Which date do you mean? (Or `keep` to keep it.)"
        return None

    def apply(self, conv, asked, text):
        est = conv.est
        action = self._action(conv, asked, text)
        est.actions = [a for a in est.actions if not (a.response_id == action.response_id and not a.agreed)]
        est.actions.append(action)
        est.answers[asked.id] = text
        return []

    def _action(self, conv, asked, text) -> PlannedAction:
        """Who and when from the answer; after a follow-up, a date alone keeps the owner said first."""
        rid = asked.id.split(":", 1)[1]
        s = scenario_of(conv.library, conv.est)
        r = s.response(rid) if s and not rid.startswith("own-") else None
        what = r.title if r else conv.est.own_responses[int(rid.split("-")[1]) - 1] if rid.startswith("own-") else rid
        parsed = _first_action(conv, text)
        earlier = _first_action(conv, conv.est.pending.get(asked.id, ""))
        who = _owner(parsed)
        if not who and earlier is not None:
            who = _owner(earlier)
        if r is not None and not who:
            who = conv.library.partner_name(r.lead)
        return PlannedAction(what=what, who=who, by=parsed.by if parsed else None,
                             by_text=parsed.by_text if parsed else "", response_id=rid)


def _first_action(conv, text: str):
    found = conv.understanding.actions(text, conv.today()) if text.strip() else []
    return found[0] if found else None


def _owner(action) -> str:
    """The owner named in an action, or "" when it only accepts the suggested lead ('ok', 'yes')."""
    if action is None:
        return ""
    who = action.who.strip()
    if not who and action.what.strip().lower() in ACCEPT_LEAD:
        return ""
    return "" if who.lower() in ACCEPT_LEAD else who


@behaviour
class Extra(Behaviour):
    """Anything else: each line or semicolon-separated part becomes an action of its own."""
    listens = False

    name = "extra"
    summary = "anything else in the plan; several actions split on semicolons or new lines"
    stage = "response"
    kinds = ("text", "list")

    def follow_up(self, conv, asked, text):
        if is_none(text):
            return None
        undated = [a for a in conv.understanding.actions(text, conv.today()) if a.by is None]
        if undated:
            return (f"By when will {undated[0].who or 'someone'} {undated[0].what or 'do it'}? Type the actions again "
                    "with a date for each (`council: fix the fence by 15/02`), or `keep` to leave them as they are.")
        return None

    def apply(self, conv, asked, text):
        est = conv.est
        est.answers[asked.id] = text
        est.extra = "" if is_none(text) else text
        est.actions = [a for a in est.actions if a.response_id or a.agreed]
        if not is_none(text):
            for a in conv.understanding.actions(text, conv.today()):
                est.actions.append(PlannedAction(what=a.what or a.text, who=a.who, by=a.by, by_text=a.by_text))
        return []

