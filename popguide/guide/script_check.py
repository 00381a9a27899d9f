"""Loading a question script and checking it against the registry of question behaviours.

Kept apart from ``script.py`` so the behaviours (which read questions) and
the check (which reads the behaviours) import in one direction only.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..library.typed import Problem, build
from ..library.yamlsource import line_of, read_yaml
from .behaviours import REGISTRY, behaviour_for
from .sara import STAGES
from .script import Script, ScriptError, script_path


def check_script(path: Path) -> tuple[Script | None, list[str]]:
    """Load and check a question script; return (script, FILE:LINE messages)."""
    try:
        data, text = read_yaml(path)
    except Exception as exc:  # YamlFileError carries the line; anything else is still one line
        line = getattr(exc, "line", None)
        return None, [f"{path}:{line or 1}: (file): {getattr(exc, 'message', exc)}"]
    script, problems = build(Script, data)
    if script is not None:
        problems += _order_problems(script) + _registry_problems(script)
    messages = [f"{path}:{line_of(text, p.path) or 1}: {p.dotted()}: {p.message}"
                + (f" (expected {p.expected})" if p.expected else "") for p in problems]
    return (script if not messages else None), messages


def _order_problems(script: Script) -> list[Problem]:
    problems = []
    ids = [s.id for s in script.stages]
    if tuple(ids) != STAGES:
        problems.append(Problem(("stages",), f"stages are {', '.join(ids)}", ", ".join(STAGES) + " in that order"))
    seen: set[str] = set()
    for i, stage in enumerate(script.stages):
        for j, q in enumerate(stage.questions):
            if q.id in seen:
                problems.append(Problem(("stages", i, "questions", j, "id"), f"duplicate question id {q.id!r}", "unique ids"))
            seen.add(q.id)
    return problems


def _registry_problems(script: Script) -> list[Problem]:
    """Unknown behaviours, kinds a behaviour cannot take, choices without options, missing required questions."""
    problems: list[Problem] = []
    present: set[str] = set()
    for i, stage in enumerate(script.stages):
        for j, q in enumerate(stage.questions):
            where = ("stages", i, "questions", j)
            if q.behaviour and q.behaviour not in REGISTRY:
                problems.append(Problem(where + ("behaviour",), f"unknown behaviour {q.behaviour!r}",
                                        "one of " + ", ".join(sorted(REGISTRY))))
                continue
            b = behaviour_for(q)
            present.add(b.name)
            if b.kinds and q.kind not in b.kinds:
                problems.append(Problem(where + ("kind",), f"{q.id!r} cannot be kind {q.kind!r}", " or ".join(b.kinds)))
            if q.kind == "choice" and not q.options and not b.dynamic_options:
                problems.append(Problem(where + ("options",), "a choice question has no options", "a list of options"))
            if b.stage and b.stage != stage.id:
                problems.append(Problem(where + ("id",), f"{q.id!r} belongs in the {b.stage} stage", b.stage))
    for name, b in sorted(REGISTRY.items()):
        if b.required and name not in present:
            problems.append(Problem(("stages",), f"the required question {name!r} is missing",
                                    f"a question with id {name!r} ({b.summary})"))
    return problems


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime: float) -> Script:
    script, messages = check_script(path)
    if script is None:
        raise ScriptError(messages)
    return script


def load_script(library_roots: list[Path] | None = None) -> Script:
    """The script in use (the built-in one unless a library folder has its own); ScriptError when it is broken."""
    path = script_path(library_roots)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ScriptError([f"{path}:1: (file): cannot read ({exc.strerror or exc})"]) from None
    return _load_cached(path, mtime)
