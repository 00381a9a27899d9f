"""The question script: stages and questions as data a course can edit (``questions.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import PopguideError
from ..library.typed import spec

AnswerKind = Literal["text", "yesno", "choice", "number", "list", "date"]
CheersTag = Literal["community", "harmful", "expectation", "events", "recurring", "similarity"]
SCRIPT_FILE = "questions.yaml"
BUILTIN_SCRIPT = Path(__file__).with_name(SCRIPT_FILE)


@dataclass(frozen=True)
class Question:
    id: str = spec("Unique id. A question whose id names a behaviour (describe, confirm, the triangle sides...) "
                   "gets that behaviour; any other is asked in order and its answer kept in the plan.")
    kind: AnswerKind = spec("The kind of answer expected.")
    prompt: str = spec("The question as the guide asks it.")
    why: str = spec("Why we ask: a sentence or two for learners.")
    options: list[str] = spec("Choices, for kind: choice.", default=[])
    behaviour: str = spec("Use this registered behaviour instead of the one named by the id.", default="")
    cheers: list[CheersTag] = spec("The CHEERS elements this answer is evidence for.", default=[])
    required: bool = spec("The stage is not done until this question is answered.", default=False)


@dataclass(frozen=True)
class Stage:
    id: Literal["scanning", "analysis", "response", "assessment"] = spec("SARA stage.")
    title: str = spec("Title shown to the user.")
    intro: str = spec("What the stage is for, in a sentence.")
    questions: list[Question] = spec("Questions in order.", min_items=1)


@dataclass(frozen=True)
class Script:
    stages: list[Stage] = spec("The four SARA stages in order.", min_items=4)

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    def question(self, qid: str) -> Question | None:
        base = qid.split(":")[0]
        return next((q for s in self.stages for q in s.questions if q.id == base), None)

    def stage_of(self, qid: str) -> str:
        base = qid.split(":")[0]
        return next((s.id for s in self.stages for q in s.questions if q.id == base), "")


class ScriptError(PopguideError):
    """A question script that cannot be used; ``messages`` are FILE:LINE lines."""

    def __init__(self, messages: list[str]):
        super().__init__(messages[0] if messages else "invalid question script")
        self.messages = messages


def script_path(library_roots: list[Path] | None = None) -> Path:
    """The last questions.yaml among the library folders wins over the built-in script."""
    for root in reversed(library_roots or []):
        candidate = Path(root) / SCRIPT_FILE
        if candidate.is_file():
            return candidate
    return BUILTIN_SCRIPT
