"""A read-only view of one session for the plan, the review and the training coach.

It holds the library, the question script, the session and what the
session has established; it never holds the engine, so the readers do not
depend on the conversation and the conversation does not depend on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..session import Session
from .established import Established
from .picks import picked_conflicts, picked_responses, scenario_of
from .review import review_result
from .sara import cheers, is_none
from .script import Script


@dataclass
class SessionView:
    library: object
    script: Script
    session: Session
    est: Established
    today: date
    complete: bool = False

    @property
    def scenario(self):
        return scenario_of(self.library, self.est)

    def picked_responses(self) -> list:
        return picked_responses(self.library, self.est)

    def picked_conflicts(self) -> list:
        return picked_conflicts(self.library, self.est)

    def review_result(self):
        return review_result(self.library, self.est, self.today)

    def answer(self, qid: str) -> str:
        """The settled answer to a question, "" when skipped or unanswered."""
        return "" if qid in self.est.skipped else self.est.answers.get(qid, "")

    def cheers(self):
        return cheers(self.script, self.answer,
                      lambda qid: None if is_none(self.answer(qid)) else self.answer(qid) == "yes")

    def custom_answers(self, known: set[str]) -> list[dict]:
        """Answers to questions a course added to the script (no behaviour of their own), for the plan."""
        out = []
        for stage in self.script.stages:
            for q in stage.questions:
                if q.id not in known and (self.answer(q.id) or q.id in self.est.skipped):
                    out.append({"stage": stage.title, "prompt": q.prompt, "answer": self.answer(q.id),
                                "skipped": q.id in self.est.skipped})
        return out
