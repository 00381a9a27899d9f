"""Cases: what the learning repository keeps of a problem solved (or not), and the YAML pack format.

A case is a short record: the kind of problem, what was done, how it went and
the lessons. Cases come from the user's own closed sessions, from packs
imported from other teams, from shared folders a team keeps (``--cases DIR``
or ``POPGUIDE_CASES``) and from a shared repository (see
``popguide.repository``, where they are stored and searched).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

import yaml

from .errors import PopguideError

from .guide.privacy import redact
from .store import atomic_write_text

CASES_ENV = "POPGUIDE_CASES"
PACK_KEY = "popguide_case_pack"
PACK_VERSION = 1
OUTCOMES = ("Worked", "Partly worked", "Did not work", "Too early to say")

try:
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Loader, _Dumper = yaml.SafeLoader, yaml.SafeDumper


class CaseError(PopguideError):
    """A pack or case file that cannot be used; one line naming the file and the problem."""


@dataclass
class Case:
    id: str
    title: str
    outcome: str
    scenario_id: str | None = None
    scenario_title: str = ""
    description: str = ""
    responses: list[str] = field(default_factory=list)
    lessons: str = ""
    closed: str = ""
    review: list[str] = field(default_factory=list)  # the assessment in plain words
    area: str = ""  # the target area, as the officer named it
    team: str = ""  # who published it to a shared repository
    origin: str = "own"  # own, imported, published, or the shared folder it came from

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("origin")
        for key in ("area", "team"):  # packs stay readable by earlier versions when these are empty
            if not data[key]:
                data.pop(key)
        return data

    def redacted(self) -> "Case":
        return Case(
            id=self.id, title=redact(self.title), outcome=self.outcome, scenario_id=self.scenario_id,
            scenario_title=self.scenario_title, description=redact(self.description),
            responses=[redact(r) for r in self.responses], lessons=redact(self.lessons), closed=self.closed,
            review=[redact(x) for x in self.review], area=redact(self.area), team=self.team, origin=self.origin,
        )


def case_from_dict(data, where: str) -> Case:
    """Check one case record; raise CaseError naming the field that is wrong."""
    if not isinstance(data, dict):
        raise CaseError(f"{where}: expected a mapping")
    for key in ("id", "title", "outcome"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CaseError(f"{where}.{key}: missing or not text")
    if data["outcome"] not in OUTCOMES:
        raise CaseError(f"{where}.outcome: {data['outcome']!r} is not one of {', '.join(OUTCOMES)}")
    for key in ("responses", "review"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise CaseError(f"{where}.{key}: expected a list of text")
    for key in ("scenario_title", "description", "lessons", "area", "team"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise CaseError(f"{where}.{key}: expected text")
    if data.get("scenario_id") is not None and not isinstance(data["scenario_id"], str):
        raise CaseError(f"{where}.scenario_id: expected text")
    known = {f for f in Case.__dataclass_fields__} - {"origin"}
    unknown = set(data) - known
    if unknown:
        raise CaseError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    closed = data.get("closed")
    if isinstance(closed, date):
        closed = closed.isoformat()
    values = {k: v for k, v in data.items() if v is not None}
    values["closed"] = str(closed or "")
    return Case(**values)


def shared_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    env = os.environ.get(CASES_ENV, "")
    return [Path(p) for p in env.split(os.pathsep) if p.strip()] + [Path(p) for p in extra]


def read_cases_file(path: Path, *, pack_only: bool = False) -> list[Case]:
    """All the cases of a pack or a single case file, or CaseError: a bad record refuses the whole file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CaseError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML; nothing imported") from None
    if isinstance(data, dict) and PACK_KEY in data:
        if data[PACK_KEY] != PACK_VERSION:
            raise CaseError(f"{path}: pack version {data[PACK_KEY]!r} is not supported (expected {PACK_VERSION})")
        items = data.get("cases")
        if not isinstance(items, list):
            raise CaseError(f"{path}: 'cases' is missing or not a list; nothing imported")
        cases = [case_from_dict(item, f"{path}: cases[{n}]") for n, item in enumerate(items)]
        seen: set[str] = set()
        for n, c in enumerate(cases):
            if c.id in seen:
                raise CaseError(f"{path}: cases[{n}].id: {c.id!r} appears twice; nothing imported")
            seen.add(c.id)
        return cases
    if pack_only:
        raise CaseError(f"{path}: not a popguide case pack (no '{PACK_KEY}' key); nothing imported")
    return [case_from_dict(data, str(path))]


def write_pack(output: Path, cases: list[Case], *, redacted: bool = False) -> int:
    """Write a pack, the exchange format between forces; personal data masked when ``redacted``."""
    chosen = [c.redacted() if redacted else c for c in cases]
    pack = {PACK_KEY: PACK_VERSION, "exported": date.today().isoformat(), "redacted": redacted,
            "cases": [c.to_dict() for c in chosen]}
    atomic_write_text(output, yaml.dump(pack, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
                      mode=0o644)
    return len(chosen)
