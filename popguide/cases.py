"""The learning repository: closed sessions become cases that the next officer is shown.

A case is a short record of a problem solved (or not): the kind of problem,
what was done, how it went and the lessons. Cases come from the user's own
closed sessions, from packs imported from other teams, and from any shared
folder a team or force keeps (``--cases DIR`` or ``POPGUIDE_CASES``).
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
from .store import SessionStore, atomic_write_text

CASES_ENV = "POPGUIDE_CASES"
PACK_KEY = "popguide_case_pack"
PACK_VERSION = 1
OUTCOMES = ("Worked", "Partly worked", "Did not work", "Too early to say")


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
    origin: str = "own"  # own, imported, or the shared folder it came from

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("origin")
        return data

    def redacted(self) -> "Case":
        return Case(
            id=self.id, title=redact(self.title), outcome=self.outcome, scenario_id=self.scenario_id,
            scenario_title=self.scenario_title, description=redact(self.description),
            responses=[redact(r) for r in self.responses], lessons=redact(self.lessons), closed=self.closed,
            review=[redact(x) for x in self.review], origin=self.origin,
        )

    @property
    def searchable(self) -> str:
        return " ".join([self.title, self.description, self.scenario_title, self.lessons, *self.responses]).lower()


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
    known = {f for f in Case.__dataclass_fields__} - {"origin"}
    unknown = set(data) - known
    if unknown:
        raise CaseError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    return Case(**{k: (str(v) if k in ("closed",) and v is not None else v) for k, v in data.items()})


def shared_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    env = os.environ.get(CASES_ENV, "")
    return [Path(p) for p in env.split(os.pathsep) if p.strip()] + [Path(p) for p in extra]


class CaseRepository:
    """Own cases (closed sessions), imported cases, and shared folders, searchable together."""

    def __init__(self, store: SessionStore, shared: Iterable[str | Path] = ()):
        self.store = store
        self.folder = store.root / "cases"
        self.shared = shared_dirs(shared)
        self.problems: list[str] = []
        self._cache: tuple[tuple, list[Case]] | None = None

    def _stamp(self) -> tuple:
        """Changes whenever a session or case file is written (atomic renames touch the folder)."""
        def mtime(p: Path) -> float:
            try:
                return p.stat().st_mtime_ns
            except OSError:
                return 0
        return tuple(mtime(p) for p in [self.store.folder, self.folder, *self.shared])

    def own(self) -> list[Case]:
        sessions, _ = self.store.list()
        out = []
        for s in sessions:
            if s.outcome and isinstance(s.case, dict):
                try:
                    out.append(case_from_dict(s.case, str(self.store.path_for(s.id))))
                except CaseError as exc:
                    self.problems.append(str(exc))
        return out

    def imported(self) -> list[Case]:
        return self._read_folder(self.folder, "imported")

    def all(self) -> list[Case]:
        stamp = self._stamp()
        if self._cache is not None and self._cache[0] == stamp:
            return list(self._cache[1])
        self.problems = []
        seen: dict[str, Case] = {}
        for case in self.own() + self.imported() + [c for d in self.shared for c in self._read_folder(d, str(d))]:
            seen.setdefault(case.id, case)
        cases = sorted(seen.values(), key=lambda c: c.closed or "", reverse=True)
        self._cache = (stamp, cases)
        return list(cases)

    def _read_folder(self, folder: Path, origin: str) -> list[Case]:
        if not folder.is_dir():
            if origin != "imported":
                self.problems.append(f"{folder}: cases folder not found")
            return []
        out = []
        for path in sorted(folder.glob("*.yaml")):
            try:
                for case in read_cases_file(path):
                    case.origin = origin
                    out.append(case)
            except CaseError as exc:
                self.problems.append(str(exc))
        return out

    def search(self, text: str = "", scenario_id: str | None = None) -> list[Case]:
        words = [w for w in text.lower().split() if w]
        return [c for c in self.all()
                if (scenario_id is None or c.scenario_id == scenario_id) and all(w in c.searchable for w in words)]

    def similar(self, scenario_ids: list[str], description: str, *, exclude: str | None = None, limit: int = 3) -> list[Case]:
        """Cases for the same kinds of problem, closest description first."""
        from rapidfuzz import fuzz

        pool = [c for c in self.all() if c.scenario_id in scenario_ids and c.id != exclude]
        rank = {sid: n for n, sid in enumerate(scenario_ids)}
        pool.sort(key=lambda c: (rank.get(c.scenario_id, 99), -fuzz.token_set_ratio(description, c.description)))
        return pool[:limit]

    # -- packs -------------------------------------------------------------------
    def export_pack(self, output: Path, *, redacted: bool = False, cases: list[Case] | None = None) -> int:
        chosen = [c.redacted() if redacted else c for c in (cases if cases is not None else self.all())]
        pack = {PACK_KEY: PACK_VERSION, "exported": date.today().isoformat(), "redacted": redacted,
                "cases": [c.to_dict() for c in chosen]}
        atomic_write_text(output, yaml.safe_dump(pack, sort_keys=False, allow_unicode=True, width=100), mode=0o644)
        return len(chosen)

    def import_pack(self, path: Path) -> tuple[int, int]:
        """Import every case of a pack, or none if any is malformed. Returns (new, already there)."""
        cases = read_cases_file(path, pack_only=True)
        existing = {c.id for c in self.all()}
        new = [c for c in cases if c.id not in existing]
        for case in new:
            atomic_write_text(self.folder / f"{_safe_name(case.id)}.yaml",
                              yaml.safe_dump(case.to_dict(), sort_keys=False, allow_unicode=True, width=100))
        return len(new), len(cases) - len(new)


def read_cases_file(path: Path, *, pack_only: bool = False) -> list[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        ids = [c.id for c in cases]
        if len(set(ids)) != len(ids):
            raise CaseError(f"{path}: the same case id appears twice; nothing imported")
        return cases
    if pack_only:
        raise CaseError(f"{path}: not a popguide case pack (no '{PACK_KEY}' key); nothing imported")
    return [case_from_dict(data, str(path))]


def _safe_name(case_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in case_id)[:80]


def stats(cases: list[Case]) -> dict:
    """Outcomes by scenario and by response: local practice beside the published ratings."""
    by_scenario: dict[str, dict[str, int]] = {}
    by_response: dict[str, dict[str, int]] = {}
    for c in cases:
        key = c.scenario_title or c.scenario_id or "(no scenario)"
        row = by_scenario.setdefault(key, {o: 0 for o in OUTCOMES} | {"cases": 0})
        row[c.outcome] += 1
        row["cases"] += 1
        for r in c.responses:
            rrow = by_response.setdefault(r, {"used": 0, "worked": 0, "partly": 0})
            rrow["used"] += 1
            rrow["worked"] += c.outcome == "Worked"
            rrow["partly"] += c.outcome == "Partly worked"
    return {"cases": len(cases), "by_scenario": by_scenario, "by_response": by_response}
