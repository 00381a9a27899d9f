"""The conversation: a SARA session as questions and answers, with no screen attached.

The engine asks the script's questions in order, hands each answer to the
question's behaviour, listens for what else the answer says (facts, risk,
personal data) and emits turns any face can render. Its whole state is
rebuilt by replaying the session's entries, so going back, resuming after a
crash and running a scripted conversation all use the same path.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from ..errors import PopguideError
from ..session import Entry, Session
from . import listening
from .behaviours import AFTER_ANSWER, Asked, behaviour_for
from .behaviours.assessment import done_turn
from .commands import COMMANDS, ENTRY_REPLAYS, run_command
from .commands.notes import correction
from .established import Established
from .session_sync import sync_session, training_end
from .review import review_due
from .sara import INSIST_WORDS, SKIP
from .script import Script
from .turns import Turn
from .view import SessionView
from .dates_text import long_date

MAX_ANSWER = 8000
WELCOME = ("**Welcome to popguide.** I'll walk you through a problem one question at a time: Scanning, Analysis, "
           "Response, Assessment. Type `/help` for commands, `/why` to see why I'm asking, `/back` to change an "
           "answer. Everything is saved as you go.")


class Guide:
    """One session's conversation. Build it, then ``start()`` and ``respond(text)``."""

    def __init__(self, library, matcher, session: Session, script: Script, *, understanding,
                 save: Callable[[Session], object] | None = None, export: Callable[..., object] | None = None,
                 render: Callable[[SessionView, str], str] | None = None, similar_cases: Callable[..., list] | None = None,
                 coach=None, training_done: Callable[["Guide", dict], object] | None = None,
                 data=None, today: Callable[[], date] = date.today):
        self.library, self.matcher, self.session, self.script = library, matcher, session, script
        self.understanding = understanding
        self.coach = coach
        self.data = data  # a DataLink to the datasets, or None
        self.speaker = ""  # adviser-led: whose answers these are (set with /as, replayed)
        self.save_problem = ""  # why the last save failed, if it did
        self._save, self._export, self._render = save, export, render
        self._similar_cases, self._training_done, self._today = similar_cases, training_done, today
        self.est = Established()
        self.transcript: list[Turn] = []
        self._sequence_cache: list[Asked] | None = None
        self._answered_on: date | None = None
        self._replay()

    # -- what the faces read ------------------------------------------------------
    def today(self) -> date:
        """Today; while an old answer is replayed, the day it was given, so '12 weeks' stays where it was put."""
        if self._answered_on is not None and self._today is date.today:
            return self._answered_on
        return self._today()

    @property
    def scenario(self):
        return self.library.scenarios.get(self.est.scenario_id or "")

    @property
    def current(self) -> Asked | None:
        return self._next_question()

    @property
    def finished(self) -> bool:
        return self._next_question() is None

    def view(self) -> SessionView:
        return SessionView(self.library, self.script, self.session, self.est, self.today(), self.finished)

    def stage_done(self, stage: str) -> bool:
        """A stage is done when each of its questions is settled and its required ones are answered."""
        qs = [q for q in self._sequence() if q.stage == stage]
        return bool(qs) and all(self.est.settled(q.id) and not (self._required(q) and q.id in self.est.skipped) for q in qs)

    def similar_cases(self) -> list:
        """Closed cases about the problems matched so far (own, imported and shared)."""
        if self._similar_cases is None or not self.est.matches:
            return []
        ids = [m.id for m in self.est.matches]
        if self.est.scenario_id and self.est.scenario_id not in ids:
            ids.insert(0, self.est.scenario_id)
        return self._similar_cases(ids, " ".join(self.est.matching_descriptions), exclude=self.session.id)

    def start(self) -> list[Turn]:
        """The transcript so far, ending with the current question."""
        return list(self.transcript)

    def respond(self, text: str, by: str = "") -> list[Turn]:
        """Take what the user typed; return the new turns (also added to the transcript)."""
        text = (text or "").strip()
        by = by or self.speaker
        turns = run_command(self, text, by) if text.startswith("/") and text != SKIP else self._answer(text, by)
        if self.save_problem:
            turns.append(Turn("assistant", "error", f"⚠ Not saved: {self.save_problem}. Your answers are kept in this "
                              "window; fix the problem and type `/save`.", stage=turns[-1].stage if turns else ""))
        self.transcript.extend(turns)
        return turns

    # -- replay ----------------------------------------------------------------
    def _replay(self) -> None:
        self.est, self.speaker = Established(), ""
        self._changed()
        self.est.stage_started["scanning"] = self.session.created
        self.transcript = [self._welcome()] + self.ask_turns(None)
        for n, entry in enumerate(self.session.entries):
            self._answered_on = _day_of(entry.at)
            replay = ENTRY_REPLAYS.get(entry.question)
            if replay is not None:
                self.transcript += replay(self, entry)
            else:
                if self._next_question() is None and not self.est.review_open:
                    self.est.review_open = True  # an answer after the plan was complete: its review had opened
                    self._changed()
                self.transcript += self._take(n, entry.text, entry.by, self._asked_for(entry.question))
            self._note_stage(entry.at)
        self._answered_on = None
        if not self.est.review_open and review_due(self.est, self.today(), self.plan_done()):
            self.est.review_open = True
            self._changed()
            self.transcript.append(Turn("assistant", "info", f"**This plan was due for review on "
                                        f"{long_date(self.est.review_date)}.** Let's see what changed.", stage="assessment"))
            self.transcript += self.ask_turns(None)[-1:]
        self.sync_session()

    def _welcome(self) -> Turn:
        if self.coach is not None:
            return Turn("assistant", "info", self.coach.briefing(), stage="scanning", data={"exercise": self.coach.exercise.id})
        return Turn("assistant", "info", WELCOME, stage="scanning")

    def _asked_for(self, qid: str) -> Asked | None:
        """The question an entry answered: by its id when it is open, else the current one."""
        return next((q for q in self._sequence() if q.id == qid and not self.est.settled(q.id)), None) or self._next_question()

    def _note_stage(self, at: str) -> None:
        q = self._next_question()
        if q is not None and q.stage not in self.est.stage_started:
            self.est.stage_started[q.stage] = at

    # -- answering -------------------------------------------------------------
    def _answer(self, text: str, by: str) -> list[Turn]:
        q = self._next_question()
        if q is None:
            return [Turn("assistant", "info", "This plan is complete. Use `/export html` to write it, or `/back` to change an answer.")]
        if not text:
            return [Turn("assistant", "error", "Type an answer, or `/skip` to leave this question for now.", stage=q.stage)]
        fix = correction(text)
        if fix and self.est.facts and max(f.entry for f in self.est.facts) == len(self.session.entries) - 1:
            turns = run_command(self, f"/notes {fix}", by)
            turns[0].text = text
            return turns
        cut = len(text) > MAX_ANSWER
        text = text[:MAX_ANSWER]
        checked = self._insisted(q, text) if q.id in self.est.followed_up else text
        problem = behaviour_for(self.script.question(q.id)).check(self, q, checked) if text != SKIP else None
        if problem:
            return [Turn("user", "answer", text, stage=q.stage, by=by),
                    Turn("assistant", "error", problem, stage=q.stage, why=q.why)]
        self.session.entries.append(Entry(q.id, text, by=by))
        turns = self._take(len(self.session.entries) - 1, text, by, q)
        self._note_stage(self.session.entries[-1].at)
        if cut:
            turns.insert(1, Turn("assistant", "warning", f"That answer was very long: I kept the first {MAX_ANSWER:,} "
                                 "characters. Put long notes in the case file and summarise them here.", stage=q.stage))
        self.sync_session()
        self.persist()
        return turns

    def _take(self, entry: int, text: str, by: str, q: Asked | None) -> list[Turn]:
        """Apply one stored answer to what is established; return the turns it produces."""
        if q is None:
            return []
        b = behaviour_for(self.script.question(q.id))
        turns = [Turn("user", "answer", text, stage=q.stage, by=by)]
        est = self.est
        if text == SKIP:
            b.skip(self, q)
            self._changed()
            return turns + self.ask_turns(q)
        turns += listening.risk_turns(self, text, q, entry) + listening.privacy_turns(text, q)
        if q.id not in est.followed_up:
            ask = b.follow_up(self, q, text)
            if ask:
                est.followed_up.add(q.id)
                est.pending[q.id] = text
                turns += listening.note_facts(self, text, q, b, entry)
                return turns + [Turn("assistant", "question", ask, stage=q.stage, why=q.why,
                                     data={"question": q.id, "follow_up": True})]
        else:
            text = self._insisted(q, text)
            if b.follow_up(self, q, text):
                est.vague.add(q.id)
        turns += b.apply(self, q, text)
        est.pending.pop(q.id, None)
        if by:
            est.said_by[q.id] = by
        self._changed()
        turns += listening.note_facts(self, text, q, b, entry)
        for hook in AFTER_ANSWER:
            turns += hook(self, q)
        return turns + self.ask_turns(q)

    def _insisted(self, q: Asked, text: str) -> str:
        """After a follow-up, 'keep it', 'don't know' or 'no' keep the first answer as it was."""
        first = self.est.pending.get(q.id)
        if first and (text.strip().lower().rstrip(".!") in INSIST_WORDS
                      or self.understanding.intent(text).kind in ("dont_know", "no", "none")):
            return first
        return text

    # -- the question sequence ---------------------------------------------------
    def _changed(self) -> None:
        self._sequence_cache = None

    def _sequence(self) -> list[Asked]:
        """All questions of this session in order, given what is known so far."""
        if self._sequence_cache is None:
            out: list[Asked] = []
            for stage in self.script.stages:
                asked = [a for q in stage.questions for a in behaviour_for(q).expand(self, q, stage.id)]
                for n, a in enumerate(asked, 1):
                    a.number, a.total = n, len(asked)
                out += asked
            self._sequence_cache = out
        return self._sequence_cache

    def _required(self, q: Asked) -> bool:
        script_q = self.script.question(q.id)
        return bool(script_q and (script_q.required or behaviour_for(script_q).required))

    def _next_question(self) -> Asked | None:
        sequence = self._sequence()
        if self.est.focus_stage:
            for q in sequence:
                if q.stage == self.est.focus_stage and not self.est.settled(q.id):
                    return q
        return next((q for q in sequence if not self.est.settled(q.id)), None)

    def plan_done(self) -> bool:
        """Everything before review time is settled (the review's own questions do not count)."""
        return all(self.est.settled(q.id) for q in self._sequence() if not behaviour_for(self.script.question(q.id)).at_review)

    def ask_turns(self, previous: Asked | None) -> list[Turn]:
        q = self._next_question()
        turns: list[Turn] = []
        if q is None and previous is not None and not self.est.review_open and review_due(self.est, self.today(), True):
            self.est.review_open = True  # the plan is complete and its review date has already come
            self._changed()
            turns.append(Turn("assistant", "info", f"**This plan was due for review on {long_date(self.est.review_date)}.** "
                              "Let's see what changed.", stage="assessment"))
            q = self._next_question()
        if q is None:
            if previous is None and not self.session.entries:
                return []
            if self.coach is not None and previous is not None:
                return training_end(self)
            return [done_turn(self)]
        if previous is not None and previous.stage != q.stage:
            if self.coach is not None:
                markdown, score = self.coach.stage_feedback(self.view(), previous.stage)
                turns.append(Turn("assistant", "help", markdown, stage=previous.stage,
                                  data={"feedback": previous.stage, "score": score}))
            stage = self.script.stage(q.stage)
            turns.append(Turn("assistant", "info", f"**{stage.title}.** {stage.intro}", stage=q.stage))
        if q.shows_matches:
            turns.append(Turn("assistant", "matches", q.prompt, stage=q.stage, why=q.why,
                              data={"matches": [m.to_dict() for m in self.est.matches], "question": q.id}))
            return turns
        header = f"**{self.script.stage(q.stage).title} {q.number}/{q.total}**"
        text = f"{header} · {q.prompt}"
        if q.kind == "choice" and q.options:
            text += "\n\n" + "\n".join(f"{n}. {x}" for n, x in enumerate(q.options, 1))
            if q.multiple:
                text += "\n\n(Pick one or more, for example `2 and 3`.)"
        turns.append(Turn("assistant", q.turn_kind, text, stage=q.stage, why=q.why,
                          data={"question": q.id, "answer_kind": q.kind, "options": q.options}))
        return turns

    # -- persistence -----------------------------------------------------------------
    def sync_session(self) -> None:
        """Copy what the session file lists (stage, scenario, review date, outcome) from what is established."""
        sync_session(self.session, self.est, self._next_question(), self.view)

    def persist(self):
        """Save now. A failure (disk full, folder gone) is reported, and the answers stay in memory to retry."""
        if self._save is None:
            return None
        try:
            where = self._save(self.session)
        except (PopguideError, OSError) as exc:
            self.save_problem = str(exc)
            return None
        self.save_problem = ""
        return where

    def export(self, fmt: str, **options):
        if self._export is None:
            raise PopguideError("export is not available here; use `popguide export SESSION`")
        return self._export(self, fmt, **options)

    def render(self, fmt: str) -> str:
        if self._render is None:
            raise PopguideError("the plan cannot be shown here")
        return self._render(self.view(), fmt)


def _day_of(at: str) -> date | None:
    try:
        return date.fromisoformat(at[:10]) if at else None
    except ValueError:
        return None


__all__ = ["COMMANDS", "Guide"]
