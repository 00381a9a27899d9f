"""Scanning: the problem in the officer's words, which library problem it is, CHEERS, and the goals."""

from __future__ import annotations

import re

from ..sara import cheers, is_none
from ..turns import Turn
from .base import Asked, Behaviour, Conversation, behaviour
from .hooks import after_answer
from ..prompts import confirm_prompt


@behaviour
class Describe(Behaviour):
    name = "describe"
    summary = "the problem in the officer's own words; the library is matched against it"
    stage = "scanning"
    kinds = ("text",)
    required = True
    live_match = True

    def apply(self, conv: Conversation, asked: Asked, text: str) -> list[Turn]:
        add_description(conv, text)
        conv.est.answers[asked.id] = text
        if not conv.session.title:
            conv.session.title = title_from(text)
        return []


def add_description(conv: Conversation, text: str) -> None:
    est = conv.est
    est.descriptions.append(text)
    result = conv.matcher.match_with_secondary(est.matching_descriptions, top=3)
    est.matches = list(result.matches)
    est.also = [result.also] if result.also is not None else []
    est.outside = result.outside
    est.closest = list(result.closest)


@behaviour
class Confirm(Behaviour):
    name = "confirm"
    summary = "which library problem it is, from the matches (or none)"
    stage = "scanning"
    kinds = ("choice",)
    required = True
    dynamic_options = True
    live_match = True
    shows_matches = True

    def expand(self, conv, q, stage):
        if not conv.est.descriptions:  # the description was skipped: nothing to confirm
            return []
        return [self.asked(conv, q, stage)]

    def prompt(self, conv, q) -> str:
        return confirm_prompt(conv.est.matches, conv.similar_cases(), also=conv.est.also,
                              outside=conv.est.outside, closest=conv.est.closest)

    def options(self, conv, q) -> list[str]:
        return [m.id for m in conv.est.matches]

    def check(self, conv, asked, text):
        if not text.strip():
            return "Type a number, `yes` for the first, `none`, or tell me more."
        intent = conv.understanding.intent(text, [m.title for m in conv.est.matches])
        bare_number = re.fullmatch(r"\s*#?\d+[.)]?\s*", text) is not None
        out_of_range = intent.kind == "choice" and any(not 0 <= c < len(conv.est.matches) for c in intent.choices)
        if out_of_range or (bare_number and intent.kind != "choice"):
            n = len(conv.est.matches)
            return (f"Pick a number from 1 to {n}, `none`, or tell me more." if n else
                    "Nothing matched yet to pick from: tell me more about what happens, where and to whom, or type `none`.")
        return None

    def apply(self, conv: Conversation, asked: Asked, text: str) -> list[Turn]:
        est = conv.est
        titles = [m.title for m in est.matches]
        intent = conv.understanding.intent(text, titles)
        low = text.strip().lower()
        if intent.kind in ("none", "no", "something_else"):
            est.answers[asked.id] = "none"
            est.no_scenario = True
            return [Turn("assistant", "info",
                         "Fine: we'll carry on without a library problem. You can pick one later with `/scenario ID` "
                         "(Ctrl+L in the app shows the library, or `popguide scenarios`).", stage=asked.stage)]
        if intent.kind == "yes" and est.matches:
            return choose_scenario(conv, est.matches[0].id, settle=asked.id)
        if intent.kind == "choice" and intent.choices:
            return choose_scenario(conv, est.matches[intent.choices[0]].id, settle=asked.id)
        if low in conv.library.scenarios:
            return choose_scenario(conv, low, settle=asked.id)
        if intent.kind == "dont_know":
            return [Turn("assistant", "info", "That's fine. Tell me a bit more about what happens, where and to whom, "
                         "and I'll look again; or type `none` to carry on without a library problem.", stage=asked.stage)]
        afresh = bool(est.outside and not est.matches)  # the problem behind a topic the library does not cover
        if afresh:
            est.match_from = len(est.descriptions)
        add_description(conv, text)  # anything else is more description: pool it and look again
        said = ("Thanks. Looking at that on its own, as what you told me first is not a problem the library covers."
                if afresh else "Thanks, that helps. Looking again with everything you've told me.")
        return [Turn("assistant", "info", said, stage=asked.stage)]


def choose_scenario(conv: Conversation, scenario_id: str, *, settle: str = "") -> list[Turn]:
    """Work on this library problem from now on; the one place a scenario is chosen."""
    est = conv.est
    s = conv.library.scenarios[scenario_id]
    est.scenario_id, est.no_scenario = s.id, False
    if settle:
        est.answers[settle] = s.id
    est.picked = [r for r in est.picked if s.response(r)]
    return [Turn("assistant", "info", f"Working on **{s.title}**. {s.summary}", stage="scanning", data={"scenario": s.id})]


@behaviour
class Frequency(Behaviour):
    name = "frequency"
    summary = "how often it happens, with the source: the first baseline"
    stage = "scanning"
    expects = "count"
    offers = ("count",)

    def prompt(self, conv, q) -> str:
        link = getattr(conv, "data", None)
        if conv.est.data is None and link is not None and conv.est.scenario_id:
            names = link.names()
            if names:
                return (q.prompt + "\n\nYou have data: type `/data " + names[0] + "` to count it from the records"
                        + (f" (or another: {', '.join(names[1:4])})" if len(names) > 1 else "")
                        + ", or `/data NAME in AREA` for one area.")
        return q.prompt


@behaviour
class Recurring(Behaviour):
    name = "recurring"
    summary = "whether it recurs: one-off incidents are told plainly this approach may not fit"
    stage = "scanning"
    kinds = ("yesno",)

    def prompt(self, conv, q) -> str:
        ev = conv.est.data
        if ev is not None and not ev.error and ev.recurring:
            return f"{q.prompt}\n\n*From the data:* {ev.recurring}"
        return q.prompt

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        if conv.est.answers[asked.id] == "no":
            return [Turn("assistant", "warning",
                         "This may not be a problem for this approach. Problem-solving is for **recurring** harm: a "
                         "one-off incident, however serious, is better handled as an incident or an investigation, "
                         "with safeguarding where someone is at risk. If you expect it to recur, or you find more "
                         "incidents like it, carry on; otherwise you can stop here.", stage=asked.stage)]
        return []


@behaviour
class Goal(Behaviour):
    name = "goal"
    summary = "what success would look like (one or more of the five goals)"
    stage = "scanning"
    kinds = ("choice",)
    multiple = True

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        conv.est.goals = [g for g in conv.est.answers[asked.id].split("; ") if g]
        return []


@after_answer
def cheers_verdict(conv: Conversation, asked: Asked) -> list[Turn]:
    """Once every CHEERS question is settled, say plainly whether the problem passes."""
    q = conv.script.question(asked.id)
    if q is None or not q.cheers:
        return []
    tagged = [x.id for st in conv.script.stages for x in st.questions if x.cheers]
    if not all(conv.est.settled(t) for t in tagged):
        return []
    checks = cheers_checks(conv)
    passed = [f"{c.letter} ({c.name})" for c in checks if c.ok]
    missing = [f"{c.letter} ({c.name})" for c in checks if not c.ok]
    if not missing:
        return [Turn("assistant", "info", "**CHEERS:** this passes all six tests: " + ", ".join(passed)
                     + ". It is a problem worth solving.", stage=asked.stage, data={"cheers": True})]
    return [Turn("assistant", "warning", f"**CHEERS:** passes {', '.join(passed) or 'none yet'}; not shown yet: "
                 f"{', '.join(missing)}. A problem needs all six. Gather what's missing, or check whether this is "
                 "really one recurring problem.", stage=asked.stage, data={"cheers": False})]


def cheers_checks(conv: Conversation):
    est = conv.est

    def answer_of(qid: str) -> str:
        return "" if qid in est.skipped else est.answers.get(qid, "")

    return cheers(conv.script, answer_of, lambda qid: None if is_none(answer_of(qid)) else answer_of(qid) == "yes")


def title_from(text: str) -> str:
    """A title from the first words of the description, never cut mid-word."""
    words = " ".join(text.split())
    first = words.split(". ")[0]
    if len(first) <= 60:
        return first.rstrip(".")
    cut = first[:60].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
