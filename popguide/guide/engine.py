"""The conversation: a SARA session as questions and answers, with no screen attached.

The engine emits assistant turns (questions, explanations, suggestion
cards) and takes the user's turns. Its whole state is rebuilt by replaying
the session's entries, so going back, resuming after a crash and running a
scripted conversation all use the same path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from ..library.describe import COST_LABEL
from ..library.loader import Library
from ..library.models import ANALYSIS_LABELS, Conflict, Response, Scenario
from ..matching import Match, Matcher
from ..session import Entry, Session
from ..store import StoreError
from .answers import first_number, means_same_period, numbers_in, parse_choice, parse_date, parse_numbers, parse_period, parse_yes_no
from .meeting import ACTION_ENTRY, FACILITATOR_COMMANDS, MEETING_COMMANDS, STAGE_ENTRY, MeetingMixin
from .review import REVIEW_ENTRY, REVIEW_QUESTIONS, ReviewMixin
from .privacy import kinds_of_personal_data
from .script import Question, Script
from .turns import Turn

COMMANDS: dict[str, str] = {
    "/back": "go back and change your previous answer",
    "/skip": "leave this question for now",
    "/why": "why this question matters",
    "/help TERM": "explain a term (try /help CHEERS); /help alone lists these commands",
    "/scenario ID": "switch to another scenario from the library (for example /scenario youth-asb)",
    "/save": "save now (the guide also saves after every answer)",
    "/export [md|html|txt]": "write the problem-solving plan to a file",
    "/review": "enter the after figures now, before the review date",
}
SIDES = ("victim", "offender", "place", "guardian", "handler", "manager")
SCENARIO_ENTRY = "@scenario"
MAX_ANSWER = 8000
PARTNERS_SHOWN = 5
CHEERS_QUESTIONS = ("harm", "frequency", "recurring", "similarity", "expectation")


@dataclass
class Asked:
    """A question as asked right now: the script question with this session's details."""

    id: str
    stage: str
    kind: str
    prompt: str
    why: str
    options: list[str] = field(default_factory=list)
    number: int = 0
    total: int = 0


@dataclass
class State:
    """Everything the answers so far have established."""

    descriptions: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    scenario_id: str | None = None
    answers: dict[str, str] = field(default_factory=dict)  # settled answers by question id
    skipped: set[str] = field(default_factory=set)
    picked: list[str] = field(default_factory=list)  # response ids of the scenario
    own_responses: list[str] = field(default_factory=list)
    data_picked: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    review_date: date | None = None
    review_open: bool = False
    focus_stage: str | None = None  # adviser-led: the stage the meeting jumped to
    agreed_actions: list[dict[str, str]] = field(default_factory=list)  # {who, what, by}

    def settled(self, qid: str) -> bool:
        return qid in self.answers or qid in self.skipped


class Guide(MeetingMixin, ReviewMixin):
    """One session's conversation. Build it, then ``start()`` and ``respond(text)``."""

    def __init__(
        self,
        library: Library,
        matcher: Matcher,
        session: Session,
        script: Script,
        *,
        save: Callable[[Session], object] | None = None,
        export: Callable[["Guide", str], str] | None = None,
        similar_cases: Callable[..., list] | None = None,
        coach=None,
        training_done: Callable[["Guide", dict], object] | None = None,
        today: Callable[[], date] = date.today,
    ):
        self.library = library
        self.matcher = matcher
        self.session = session
        self.script = script
        self._save = save
        self._export = export
        self._similar_cases = similar_cases
        self.coach = coach
        self.speaker = ""  # adviser-led: whose answers these are (set with /as)
        self.save_problem = ""  # why the last save failed, if it did
        self._training_done = training_done
        self._today = today
        self.state = State()
        self.transcript: list[Turn] = []
        self._replay()

    # -- public ----------------------------------------------------------------
    @property
    def scenario(self) -> Scenario | None:
        sid = self.state.scenario_id
        return self.library.scenarios.get(sid) if sid else None

    @property
    def current(self) -> Asked | None:
        return self._next_question()

    @property
    def finished(self) -> bool:
        return self._next_question() is None

    def start(self) -> list[Turn]:
        """The transcript so far, ending with the current question."""
        return list(self.transcript)

    def respond(self, text: str, by: str = "") -> list[Turn]:
        """Take what the user typed; return the new turns (also added to the transcript)."""
        text = (text or "").strip()
        by = by or self.speaker
        if text.startswith("/"):
            turns = self._command(text, by)
        else:
            turns = self._answer(text, by)
        if self.save_problem:
            turns.append(Turn("assistant", "error", f"⚠ Not saved: {self.save_problem}. Your answers are kept in this "
                              "window; fix the problem and type `/save`.", stage=turns[-1].stage if turns else ""))
        self.transcript.extend(turns)
        return turns

    # -- replay ----------------------------------------------------------------
    def _replay(self) -> None:
        self.state = State()
        self.transcript = [self._welcome()]
        self.transcript += self._ask_turns(None)
        for entry in self.session.entries:
            if entry.question == SCENARIO_ENTRY:
                self.transcript += self._set_scenario(entry.text, entry.by, record=False)
            elif entry.question == REVIEW_ENTRY:
                self.transcript += self._open_review(record=False)
            elif entry.question == STAGE_ENTRY:
                self.transcript += self._jump(entry.text, record=False)
            elif entry.question == ACTION_ENTRY:
                self.transcript += self._agree_action(entry.text, entry.by, record=False)
            else:
                if self._next_question() is None and not self.state.review_open:
                    # an answer after the plan was complete: the review had opened (its date had come)
                    self.state.review_open = True
                self.transcript += self._apply(entry.text, entry.by)
        if not self.state.review_open and self._review_due():
            self.state.review_open = True
            self.transcript.append(Turn("assistant", "info",
                                        f"**This plan was due for review on {self.state.review_date:%d %B %Y}.** "
                                        "Let's see what changed.", stage="assessment"))
            self.transcript += self._ask_turns(None)[-1:]
        self._sync_session()

    def _welcome(self) -> Turn:
        if self.coach is not None:
            from ..training import briefing_markdown

            return Turn("assistant", "info", briefing_markdown(self.coach.exercise), stage="scanning",
                        data={"exercise": self.coach.exercise.id})
        return Turn("assistant", "info",
                    "**Welcome to popguide.** I'll walk you through a problem one question at a time: "
                    "Scanning, Analysis, Response, Assessment. Type `/help` for commands, `/why` to see why "
                    "I'm asking, `/back` to change an answer. Everything is saved as you go.",
                    stage="scanning")

    # -- answering -------------------------------------------------------------
    def _answer(self, text: str, by: str) -> list[Turn]:
        q = self._next_question()
        if q is None:
            return [Turn("assistant", "info", "This plan is complete. Use `/export html` to write it, or `/back` to change an answer.")]
        if not text:
            return [Turn("assistant", "error", "Type an answer, or `/skip` to leave this question for now.", stage=q.stage)]
        cut = len(text) > MAX_ANSWER
        if cut:
            text = text[:MAX_ANSWER]
        problem = self._check(q, text)
        if problem:
            return [Turn("user", "answer", text, stage=q.stage, by=by),
                    Turn("assistant", "error", problem, stage=q.stage, why=q.why)]
        self.session.entries.append(Entry(q.id, text, by=by))
        turns = self._apply(text, by, asked=q)
        if cut:
            turns.insert(1, Turn("assistant", "warning", f"That answer was very long: I kept the first {MAX_ANSWER:,} "
                                 "characters. Put long notes in the case file and summarise them here.", stage=q.stage))
        self._sync_session()
        self._persist()
        return turns

    def _check(self, q: Asked, text: str) -> str | None:
        """A one-line reason why an answer cannot be taken, or None."""
        if q.kind == "yesno" and parse_yes_no(text) is None:
            return "Please answer **yes** or **no** (or `/skip`)."
        if q.kind == "choice" and q.id not in ("confirm",) and parse_choice(text, q.options) is None:
            return f"Please pick a number from 1 to {len(q.options)}."
        if q.kind == "date" and parse_date(text, self._today()) is None:
            return "I couldn't read that date. Try `2027-03-01`, `1/3/2027` or `12 weeks`."
        if q.kind == "number" and first_number(text) is None:
            return "Please give a number (for example `120` or `£2,500`)."
        if q.id in ("baseline", "after_counts"):
            wanted = len(self._areas())
            if len(numbers_in(text)) < wanted:
                return f"Please give {wanted} number(s): " + ", ".join(self._areas()) + "."
        if q.id in ("baseline_period", "after_period") and not means_same_period(text) and parse_period(text, self._today()) is None:
            return "I couldn't read that period. Try `1/8/2026 to 31/10/2026`, `last 3 months`, or `same length`."
        return None

    def _apply(self, text: str, by: str, asked: Asked | None = None) -> list[Turn]:
        """Apply one stored answer to the state; return the turns it produces."""
        q = asked or self._next_question()
        if q is None:
            return []
        turns = [Turn("user", "answer", text, stage=q.stage, by=by)]
        personal = kinds_of_personal_data(text)
        if personal:
            turns.append(Turn("assistant", "warning",
                              f"⚠ That looks like it holds personal data ({', '.join(personal)}). Plans are shared with "
                              "partners: keep names and contact details in the proper system. Use `/back` to edit "
                              "the answer; exports can mask it with `--redact`.", stage=q.stage))
        if text == "/skip":
            self.state.skipped.add(q.id)
            if q.id in ("describe", "confirm"):
                self.state.skipped.add("confirm")
        else:
            handler = getattr(self, f"_on_{q.id.split(':')[0]}", None)
            extra = handler(q, text) if handler else self._settle(q, text)
            turns += extra
        turns += self._ask_turns(q)
        return turns

    def _settle(self, q: Asked, text: str) -> list[Turn]:
        choice = parse_choice(text, q.options) if q.kind == "choice" and q.options else None
        self.state.answers[q.id] = q.options[choice] if choice is not None else text
        return []

    # special questions -------------------------------------------------------------
    def _on_describe(self, q: Asked, text: str) -> list[Turn]:
        self.state.descriptions.append(text)
        self.state.answers["describe"] = text
        self.state.matches = self.matcher.match(self.state.descriptions, top=3)
        if not self.session.title:
            self.session.title = _title_from(text)
        return []

    def _on_confirm(self, q: Asked, text: str) -> list[Turn]:
        low = text.lower().strip()
        matches = self.state.matches
        if low in ("none", "no", "0", "something else", "neither"):
            self.state.answers["confirm"] = "none"
            return [Turn("assistant", "info",
                         "Fine: we'll carry on without a library scenario. You can pick one later with `/scenario ID` "
                         "(see the library with Ctrl+L in the app, or `popguide scenarios`).", stage="scanning")]
        choice = parse_choice(text, [m.id for m in matches]) if matches else None
        if choice is None and low in self.library.scenarios:
            return self._set_scenario(low, "", record=False, settle=True)
        if choice is not None:
            return self._set_scenario(matches[choice].id, "", record=False, settle=True)
        # Anything else is more description: pool it and look again.
        self.state.descriptions.append(text)
        self.state.matches = self.matcher.match(self.state.descriptions, top=3)
        return [Turn("assistant", "info", "Thanks, that helps. Looking again with everything you've told me.", stage="scanning")]

    def _on_recurring(self, q: Asked, text: str) -> list[Turn]:
        self.state.answers[q.id] = text
        if parse_yes_no(text) is False:
            return [Turn("assistant", "warning",
                         "This may not be a problem for this approach. Problem-solving is for **recurring** harm: a "
                         "one-off incident, however serious, is better handled as an incident or an investigation, "
                         "with safeguarding where someone is at risk. If you expect it to recur, or you find more "
                         "incidents like it, carry on; otherwise you can stop here.", stage="scanning")]
        return []

    def _on_expectation(self, q: Asked, text: str) -> list[Turn]:
        self.state.answers[q.id] = text
        return [self._cheers_turn()]

    def _cheers_turn(self) -> Turn:
        a = self.state.answers
        checks = [
            ("C", "Community", bool(a.get("harm"))),
            ("H", "Harmful", bool(a.get("harm"))),
            ("E", "Expectation", parse_yes_no(a.get("expectation", "")) is True),
            ("E", "Events", bool(a.get("frequency"))),
            ("R", "Recurring", parse_yes_no(a.get("recurring", "")) is True),
            ("S", "Similarity", bool(a.get("similarity"))),
        ]
        passed = [f"{letter} ({name})" for letter, name, ok in checks if ok]
        missing = [f"{letter} ({name})" for letter, name, ok in checks if not ok]
        if not missing:
            text = "**CHEERS:** this passes all six tests: " + ", ".join(passed) + ". It is a problem worth solving."
            return Turn("assistant", "info", text, stage="scanning")
        text = (f"**CHEERS:** passes {', '.join(passed) or 'none yet'}; not shown yet: {', '.join(missing)}. "
                "A problem needs all six. Gather what's missing, or check whether this is really one recurring problem.")
        return Turn("assistant", "warning", text, stage="scanning")

    def _on_data(self, q: Asked, text: str) -> list[Turn]:
        sources = self.scenario.analysis.data_sources if self.scenario else []
        numbers, rest = parse_numbers(text, len(sources))
        self.state.data_picked = [sources[n] for n in numbers] + ([rest] if rest else [])
        self.state.answers[q.id] = text
        return []

    def _on_responses(self, q: Asked, text: str) -> list[Turn]:
        ordered = self.scenario.responses_by_evidence() if self.scenario else []
        numbers, rest = parse_numbers(text, len(ordered))
        self.state.picked = [ordered[n].id for n in numbers]
        self.state.own_responses = [rest] if rest else []
        self.state.dropped = []
        self.state.answers[q.id] = text
        turns = []
        for c in self.picked_conflicts():
            a, b = (self.scenario.response(r) for r in c.responses[:2])
            turns.append(Turn("assistant", "warning",
                              f"⚠ **Conflict:** *{a.title}* and *{b.title}* can undo each other. {c.reason}"
                              + (f"\n\n*Advice:* {c.advice}" if c.advice else ""), stage="response",
                              data={"conflict": list(c.responses[:2])}))
        if self.scenario and self.picked_responses():
            turns.append(self._partners_turn())
        return turns

    def _on_conflicts(self, q: Asked, text: str) -> list[Turn]:
        choice = parse_choice(text, q.options)
        self.state.answers[q.id] = q.options[choice] if choice is not None else text
        if choice == 2:
            for c in self.picked_conflicts():
                second = c.responses[1]
                if second in self.state.picked:
                    self.state.picked.remove(second)
                    self.state.dropped.append(second)
        return []

    def _on_measures(self, q: Asked, text: str) -> list[Turn]:
        options = self._measure_options()
        numbers, rest = parse_numbers(text, len(options))
        self.state.measures = [options[n] for n in numbers] + ([rest] if rest else [])
        self.state.answers[q.id] = text
        return []

    def _on_review(self, q: Asked, text: str) -> list[Turn]:
        self.state.answers[q.id] = text
        self.state.review_date = parse_date(text, self._today())
        return []

    # -- the question sequence ---------------------------------------------------
    def _sequence(self) -> list[Asked]:
        """All questions of this session in order, given what is known so far."""
        out: list[Asked] = []
        s = self.scenario
        for stage in self.script.stages:
            stage_questions: list[Asked] = []
            for q in stage.questions:
                stage_questions += self._expand(stage.id, q, s)
            for n, a in enumerate(stage_questions, 1):
                a.number, a.total = n, len(stage_questions)
            out += stage_questions
        return out

    def _expand(self, stage: str, q: Question, s: Scenario | None) -> list[Asked]:
        base = Asked(q.id, stage, q.kind, q.prompt, q.why, list(q.options))
        if q.id == "confirm":
            if "describe" in self.state.skipped:
                return []
            base.options = [m.id for m in self.state.matches]  # the prompt is written when asked
            return [base]
        if q.id in SIDES and s is not None:
            specific = getattr(s.analysis, q.id)
            base.prompt = specific[0] + (
                "\n\nAlso think about:\n" + "\n".join(f"- {x}" for x in specific[1:]) if len(specific) > 1 else "")
            base.prompt = f"**{ANALYSIS_LABELS[q.id]}.** " + base.prompt
            return [base]
        if q.id in SIDES:
            base.prompt = f"**{ANALYSIS_LABELS[q.id]}.** " + base.prompt
            return [base]
        if q.id == "data" and s is not None:
            base.prompt = q.prompt + "\n\n" + _numbered(s.analysis.data_sources) + "\n\nGive numbers, add your own, or both."
            return [base]
        if q.id == "hypothesis" and s is not None:
            base.prompt = q.prompt + "\n\nCommon causes to test for this problem:\n" + "\n".join(f"- {c}" for c in s.analysis.causes)
            return [base]
        if q.id == "responses":
            if s is None:
                base.prompt = "What will you do about it? List the actions you have in mind (there is no library scenario to suggest from)."
                return [base]
            base.prompt = self._responses_table(s) + "\n\n" + q.prompt
            return [base]
        if q.id == "conflicts":
            return [base] if self.picked_conflicts() else []
        if q.id == "actions":
            out = []
            for r in self.picked_responses():
                lead = self.library.partner_name(r.lead)
                out.append(Asked(f"actions:{r.id}", stage, "text",
                                 f"Who will do **{r.title}**, and by when? Suggested lead: {lead}. "
                                 "(Type `ok` to accept that lead, or write who and by when, for example `housing team by 1 March`.)", q.why))
            for n, own in enumerate(self.state.own_responses):
                out.append(Asked(f"actions:own-{n + 1}", stage, "text", f"Who will do **{own}**, and by when?", q.why))
            return out
        if q.id in REVIEW_QUESTIONS and not self.state.review_open:
            return []
        if q.id in ("baseline", "after_counts"):
            areas = self._areas()
            if len(areas) > 1:
                base.prompt += f" Give {len(areas)} numbers, in this order: " + ", ".join(areas) + "."
            return [base]
        if q.id == "crime_type":
            costs = [self.library.unit_costs[c] for c in (s.assessment.crime_types if s else []) if c in self.library.unit_costs]
            if not costs:
                return []
            base.options = [f"{u.crime_type} (£{u.cost:,} each{'' if u.confirmed else ', unconfirmed'})" for u in costs]
            base.options.append("None of these")
            return [base]
        if q.id == "measures":
            options = self._measure_options()
            if options:
                base.prompt = q.prompt + "\n\n" + _numbered(options)
            else:
                base.prompt = "Which measures will you record? (for example calls about it per month in the area, and whether each action was delivered)"
            return [base]
        return [base]

    def _next_question(self) -> Asked | None:
        sequence = self._sequence()
        if self.state.focus_stage:
            for q in sequence:
                if q.stage == self.state.focus_stage and not self.state.settled(q.id):
                    return q
        for q in sequence:
            if not self.state.settled(q.id):
                return q
        return None

    def _ask_turns(self, previous: Asked | None) -> list[Turn]:
        q = self._next_question()
        if q is None:
            if previous is None and not self.session.entries:
                return []
            if self.coach is not None and previous is not None:
                return self._training_end()
            return [self._done_turn()]
        turns: list[Turn] = []
        if previous is None or previous.stage != q.stage:
            stage = self.script.stage(q.stage)
            if previous is not None:
                if self.coach is not None:
                    feedback = self.coach.stage(self, previous.stage)
                    turns.append(Turn("assistant", "help", feedback.markdown(), stage=previous.stage,
                                      data={"feedback": previous.stage, "score": feedback.score}))
                turns.append(Turn("assistant", "info", f"**{stage.title}.** {stage.intro}", stage=q.stage))
        if q.id == "confirm":
            turns.append(Turn("assistant", "matches", self._confirm_prompt(), stage=q.stage, why=q.why,
                              data={"matches": [m.to_dict() for m in self.state.matches], "question": q.id}))
            return turns
        header = f"**{self.script.stage(q.stage).title} {q.number}/{q.total}**"
        kind = "responses" if q.id == "responses" and self.scenario else "question"
        turns.append(Turn("assistant", kind, f"{header} · {q.prompt}", stage=q.stage, why=q.why,
                          data={"question": q.id, "answer_kind": q.kind, "options": q.options}))
        if q.kind == "choice" and q.options and q.id != "confirm":
            turns[-1].text += "\n\n" + _numbered(q.options)
        return turns

    def _training_end(self) -> list[Turn]:
        report = self.coach.report(self)
        last = report["stages"]["assessment"]
        from ..training import StageResult

        feedback = StageResult(**last).markdown()
        scores = ", ".join(f"{k.capitalize()} {v['score']:.0f}" for k, v in report["stages"].items())
        turns = [Turn("assistant", "help", feedback, stage="assessment", data={"feedback": "assessment"}),
                 Turn("assistant", "info", f"**Your score: {report['total']:.0f}/100** ({scores}).\n\n"
                      "**The model answer beside yours:**\n\n" + self.coach.model_side_by_side(self),
                      stage="assessment", data={"training_report": report})]
        if self._training_done is not None:
            where = self._training_done(self, report)
            if where:
                turns.append(Turn("assistant", "info", f"Result saved to `{where}`.", stage="assessment"))
        return turns

    def _done_turn(self) -> Turn:
        if self.state.settled("lessons"):
            return Turn("assistant", "info", "This case is closed. `/export html` writes the full plan with its assessment.",
                        stage="assessment")
        review = self.state.review_date.strftime("%d %B %Y") if self.state.review_date else "not set"
        return Turn("assistant", "info",
                    f"**Plan complete.** Review date: {review}: open this session again then to enter the after figures "
                    "(or type `/review` to do it now). It's saved. Type `/export html` (or `md`, `txt`) to write the "
                    "plan for partners, or `/back` to change an answer.", stage="assessment")

    # -- prompts ------------------------------------------------------------------
    def _confirm_prompt(self) -> str:
        matches = self.state.matches
        if not matches:
            return ("I couldn't match that to a problem in the library. Tell me more (what happens, where, who is "
                    "affected), type a scenario id (see `popguide scenarios`), or `none` to carry on without one.")
        best, *others = matches
        lines = [f"This sounds most like **{best.title}** (score {best.score:.0f}; matched {', '.join(best.why[:3])})."]
        if others:
            lines.append("Also close: " + "; ".join(f"*{m.title}* ({m.score:.0f})" for m in others) + ".")
        cases = self.similar_cases()
        if cases:
            lines.append("**Similar past cases:**\n" + "\n".join(
                f"- *{c.title}* ({c.outcome.lower()}): did {', '.join(c.responses[:3]) or 'their own plan'}."
                + (f" Lesson: {c.lessons}" if c.lessons else "") for c in cases))
        options = " · ".join(f"`{n}` {m.title}" for n, m in enumerate(matches, 1))
        lines.append(f"Is that right? {options} · `none` something else (or tell me more)")
        return "\n\n".join(lines)

    def similar_cases(self) -> list:
        """Closed cases about the problems matched so far (own, imported and shared)."""
        if self._similar_cases is None or not self.state.matches:
            return []
        ids = [m.id for m in self.state.matches]
        if self.state.scenario_id and self.state.scenario_id not in ids:
            ids.insert(0, self.state.scenario_id)
        return self._similar_cases(ids, " ".join(self.state.descriptions), exclude=self.session.id)

    def _responses_table(self, s: Scenario) -> str:
        rows = ["Responses for this problem, strongest evidence first:", "",
                "| # | response | evidence | lead | cost | phase |", "|---|---|---|---|---|---|"]
        for n, r in enumerate(s.responses_by_evidence(), 1):
            rows.append(f"| {n} | {r.title} | {r.evidence.rating} | {self.library.partner_name(r.lead)} | "
                        f"{COST_LABEL[r.cost]} | {r.phase} |")
        rows.append("")
        rows.append("Sources: " + "; ".join(f"{n}. {r.evidence.source}" for n, r in enumerate(s.responses_by_evidence(), 1)))
        return "\n".join(rows)

    def _partners_turn(self) -> Turn:
        s = self.scenario
        lines = ["**Partners to bring in** (the right agency at the right time):"]
        ordered = sorted(s.partners, key=lambda p: not p.lead)
        for p in ordered[:PARTNERS_SHOWN]:
            lead = " — **lead**" if p.lead else ""
            when = f" *When:* {p.when}" if p.when else ""
            lines.append(f"- **{self.library.partner_name(p.id)}**{lead}: {p.reason}{when}")
        if len(ordered) > PARTNERS_SHOWN:
            rest = ", ".join(self.library.partner_name(p.id) for p in ordered[PARTNERS_SHOWN:])
            lines.append(f"- Also worth involving: {rest} (all in the plan, with why and when).")
        return Turn("assistant", "info", "\n".join(lines), stage="response",
                    data={"partners": [p.id for p in s.partners]})

    def _measure_options(self) -> list[str]:
        s = self.scenario
        if s is None:
            return []
        return list(s.assessment.outcome_measures) + list(s.assessment.process_measures)

    # -- responses and conflicts -------------------------------------------------
    def picked_responses(self) -> list[Response]:
        s = self.scenario
        if s is None:
            return []
        return [r for r in (s.response(rid) for rid in self.state.picked) if r]

    def picked_conflicts(self) -> list[Conflict]:
        s = self.scenario
        if s is None:
            return []
        chosen = set(self.state.picked) | set(self.state.dropped)
        return [c for c in s.conflicts if set(c.responses[:2]) <= chosen]

    # -- commands -----------------------------------------------------------------
    def _command(self, text: str, by: str) -> list[Turn]:
        name, _, arg = text.partition(" ")
        name, arg = name.lower(), arg.strip()
        stage = self.current.stage if self.current else "assessment"
        shown = "/note (private)" if name == "/note" else text  # a projected screen should not show private notes
        echo = Turn("user", "answer", shown, stage=stage, by=by)
        if name == "/back":
            return [echo] + self._back()
        if name == "/skip":
            if self.current is None:
                return [echo, Turn("assistant", "info", "There is nothing left to skip.", stage=stage)]
            self.session.entries.append(Entry(self.current.id, "/skip", by=by))
            turns = self._apply("/skip", by)
            self._sync_session()
            self._persist()
            return [echo] + turns[1:]
        if name == "/why":
            q = self.current
            why = q.why if q else "Reviewing the plan on its date keeps it alive."
            return [echo, Turn("assistant", "help", f"*Why we ask:* {why}", stage=stage)]
        if name == "/help":
            return [echo, self._help(arg)]
        if name == "/scenario":
            if not arg:
                return [echo, Turn("assistant", "error", "Which scenario? For example `/scenario youth-asb` (see `popguide scenarios`).", stage=stage)]
            return [echo] + self._set_scenario(arg, by, record=True)
        if name == "/review":
            if self.state.review_open:
                return [echo, Turn("assistant", "info", "The review is already open.", stage=stage)]
            if not self._pre_review_done():
                return [echo, Turn("assistant", "error", "Finish the plan first: the review needs the baseline and the areas.", stage=stage)]
            return [echo] + self._open_review(record=True, by=by)
        if name in MEETING_COMMANDS:
            return [echo] + self._facilitator(name, arg, by, stage)
        if name == "/save":
            where = self._persist()
            return [echo, Turn("assistant", "info", f"Saved{f' to `{where}`' if where else ''}.", stage=stage)]
        if name == "/export":
            fmt = (arg or "html").lower()
            if fmt not in ("md", "html", "txt"):
                return [echo, Turn("assistant", "error", "Export as `md`, `html` or `txt`, for example `/export html`.", stage=stage)]
            if self._export is None:
                return [echo, Turn("assistant", "error", "Export is not available here; use `popguide export SESSION`.", stage=stage)]
            try:
                path = self._export(self, fmt)
            except OSError as exc:
                return [echo, Turn("assistant", "error", f"Could not write the plan: {exc}", stage=stage)]
            return [echo, Turn("assistant", "export", f"Plan written to `{path}`.", stage=stage, data={"path": str(path)})]
        return [echo, Turn("assistant", "error", f"I don't know `{name}`. Type `/help` for the commands.", stage=stage)]

    def _back(self) -> list[Turn]:
        if not self.session.entries:
            return [Turn("assistant", "info", "There is no earlier answer to go back to.", stage="scanning")]
        removed = self.session.entries.pop()
        self._replay()
        self._persist()
        q = self.current
        prompt = f"Going back. Your answer was: “{removed.text}”. Type a new answer."
        turn = Turn("assistant", "info", prompt, stage=q.stage if q else "scanning", data={"prefill": removed.text})
        return [turn] + self._ask_turns(None)[-1:]

    def _help(self, arg: str) -> Turn:
        if not arg:
            lines = ["**Commands**", ""] + [f"- `{c}`: {d}" for c, d in COMMANDS.items()]
            if self.session.participants:
                lines += ["", "**For the adviser**", ""] + [f"- `{c}`: {d}" for c, d in FACILITATOR_COMMANDS.items()]
            lines += ["", "Terms you can look up include CHEERS, SARA, PAT, EMMIE, displacement and the ASB powers (CPN, PSPO...)."]
            return Turn("assistant", "help", "\n".join(lines))
        term = self.library.glossary_lookup(arg)
        if term is None:
            hits = self.matcher.search(arg, kinds=["term"], limit=3, cutoff=70)
            if hits:
                term = self.library.glossary.get(hits[0].id)
        if term is None:
            return Turn("assistant", "error", f"No glossary entry for “{arg}”. Try `/help CHEERS` or `/help PSPO`.")
        text = f"**{term.term}**: {term.definition}"
        if term.who_can_use:
            text += f"\n\n*Who can use it:* {term.who_can_use}"
        if term.source:
            text += f"\n\n*Source:* {term.source}"
        if term.unconfirmed:
            text += "\n\n*(unconfirmed: a detail could not be checked against the source)*"
        return Turn("assistant", "help", text, data={"term": term.id})

    def _set_scenario(self, scenario_id: str, by: str, *, record: bool, settle: bool = False) -> list[Turn]:
        sid = scenario_id.strip().lower()
        stage = self.current.stage if self.current else "scanning"
        if sid not in self.library.scenarios:
            hits = self.matcher.search(sid, kinds=["scenario"], limit=3)
            hint = ("; did you mean " + ", ".join(f"`{h.id}`" for h in hits) + "?") if hits else ""
            return [Turn("assistant", "error", f"There is no scenario `{sid}`{hint}", stage=stage)]
        self.state.scenario_id = sid
        if record:
            self.session.entries.append(Entry(SCENARIO_ENTRY, sid, by=by))
        if settle or not self.state.settled("confirm"):
            self.state.answers["confirm"] = sid
        self.state.picked = [r for r in self.state.picked if self.scenario.response(r)]
        s = self.scenario
        turns = [Turn("assistant", "info",
                      f"Working on **{s.title}**. {s.summary}", stage=stage, data={"scenario": sid})]
        if record:
            self._sync_session()
            self._persist()
            turns += self._ask_turns(None)[-1:]
        return turns

    # -- persistence -----------------------------------------------------------------
    def _sync_session(self) -> None:
        q = self._next_question()
        self.session.stage = q.stage if q else "done"
        self.session.scenario_id = self.state.scenario_id
        self.session.review_date = self.state.review_date.isoformat() if self.state.review_date else None
        outcome = self.state.answers.get("outcome")
        self.session.outcome = outcome if self.state.settled("lessons") else None
        if self.session.outcome and not self.session.closed:
            self.session.closed = self.session.entries[-1].at[:10] if self.session.entries else None
        elif not self.session.outcome:
            self.session.closed = None
        self.session.case = self._case_record() if self.session.outcome else None

    def _persist(self):
        """Save now. A failure (disk full, folder gone) is reported, and the answers stay in memory to retry."""
        if self._save is None:
            return None
        try:
            where = self._save(self.session)
        except (StoreError, OSError) as exc:
            self.save_problem = str(exc)
            return None
        self.save_problem = ""
        return where

    # -- the plan ---------------------------------------------------------------------
    def plan(self) -> dict:
        """Everything the plan templates show, as plain data."""
        from .plan import build_plan

        return build_plan(self)


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{n}. {x}" for n, x in enumerate(items, 1))


def _title_from(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 60 else words[:57].rsplit(" ", 1)[0] + "…"


__all__ = ["COMMANDS", "FACILITATOR_COMMANDS", "Guide"]
