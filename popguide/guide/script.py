"""The question script: stages and questions as data a course can edit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..library.typed import Problem, build, spec
from ..library.yamlsource import line_of, read_yaml

AnswerKind = Literal["text", "yesno", "choice", "number", "list", "date"]
SCRIPT_FILE = "questions.yaml"
BUILTIN_SCRIPT = Path(__file__).with_name(SCRIPT_FILE)
STAGE_IDS = ("scanning", "analysis", "response", "assessment")
#: Choice questions whose options come from the session (matches, conflicts, crime types).
DYNAMIC_CHOICES = ("confirm", "conflicts", "crime_type")


@dataclass(frozen=True)
class Question:
    id: str = spec("Unique id; some ids have behaviour of their own (describe, confirm, responses...).")
    kind: AnswerKind = spec("The kind of answer expected.")
    prompt: str = spec("The question as the guide asks it.")
    why: str = spec("Why we ask: a sentence or two for learners.")
    options: list[str] = spec("Choices, for kind: choice.", default=[])


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


class ScriptError(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(messages[0] if messages else "invalid question script")
        self.messages = messages


def check_script(path: Path) -> tuple[Script | None, list[str]]:
    """Load and check a question script; return (script, FILE:LINE messages)."""
    try:
        data, text = read_yaml(path)
    except Exception as exc:  # YamlFileError carries the line
        line = getattr(exc, "line", None)
        return None, [f"{path}:{line or 1}: (file): {getattr(exc, 'message', exc)}"]
    script, problems = build(Script, data)
    if script is not None:
        problems += _order_problems(script)
    messages = [f"{path}:{line_of(text, p.path) or 1}: {p.dotted()}: {p.message}" + (f" (expected {p.expected})" if p.expected else "") for p in problems]
    return (script if not messages else None), messages


def _order_problems(script: Script) -> list[Problem]:
    problems = []
    ids = [s.id for s in script.stages]
    if tuple(ids) != STAGE_IDS:
        problems.append(Problem(("stages",), f"stages are {', '.join(ids)}", "scanning, analysis, response, assessment in that order"))
    seen: set[str] = set()
    for i, stage in enumerate(script.stages):
        for j, q in enumerate(stage.questions):
            if q.id in seen:
                problems.append(Problem(("stages", i, "questions", j, "id"), f"duplicate question id {q.id!r}", "unique ids"))
            seen.add(q.id)
            if q.kind == "choice" and not q.options and q.id not in DYNAMIC_CHOICES:
                problems.append(Problem(("stages", i, "questions", j, "options"), "a choice question has no options", "a list of options"))
    return problems


def script_path(library_roots: list[Path] | None = None) -> Path:
    """The last questions.yaml among the library folders wins over the built-in script."""
    for root in reversed(library_roots or []):
        candidate = Path(root) / SCRIPT_FILE
        if candidate.is_file():
            return candidate
    return BUILTIN_SCRIPT


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime: float) -> Script:
    script, messages = check_script(path)
    if script is None:
        raise ScriptError(messages)
    return script


def load_script(library_roots: list[Path] | None = None) -> Script:
    path = script_path(library_roots)
    return _load_cached(path, path.stat().st_mtime)
