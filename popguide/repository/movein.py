"""Moving YAML cases into the embedded repository: closed sessions, old imported cases, shared folders.

Each file is read once per change (its size and modification time are kept in
the ``sources`` table), so a later start costs one directory listing. Files
are never moved or changed. Own sessions are mirrored: a session reopened or
deleted takes its case out again; cases from other files stay once moved in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from ..cases import Case, CaseError, case_from_dict, read_cases_file
from ..session import Session
from .sqlite import SQLiteBackend

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

OWN = "own"


def _stamp(entry: os.DirEntry) -> str:
    st = entry.stat()
    return f"{st.st_mtime_ns}:{st.st_size}"


def _yaml_files(folder: Path) -> list[os.DirEntry]:
    try:
        return sorted((e for e in os.scandir(folder) if e.name.endswith(".yaml") and e.is_file()), key=lambda e: e.name)
    except OSError:
        return []


def area_of(session: Session) -> str:
    """The target area the officer named, from the answers (the last one given)."""
    for entry in reversed(session.entries):
        if entry.question == "target_area":
            return entry.text.strip()
    return ""


def case_of_session(session: Session, where: str) -> Case | None:
    """The case a closed session carries, or None when it is not closed. Raises CaseError if malformed."""
    if not session.outcome or not isinstance(session.case, dict):
        return None
    record = dict(session.case)
    record.setdefault("area", area_of(session))
    case = case_from_dict(record, where)
    case.origin = OWN
    return case


def sync(repo: SQLiteBackend, sessions_dir: Path, imported_dir: Path, shared: list[Path]) -> list[str]:
    """Bring new or changed YAML into ``repo``; returns one line per file that could not be used."""
    problems: list[str] = []
    known = repo.sources()
    seen: set[str] = set()
    for entry in _yaml_files(sessions_dir):
        seen.add(entry.path)
        stamp = _stamp(entry)
        if known.get(entry.path, ("",))[0] == stamp:
            continue
        old_ids = json.loads(known.get(entry.path, ("", "[]"))[1])
        try:
            data = yaml.load(Path(entry.path).read_text(encoding="utf-8"), Loader=_Loader)
            case = case_of_session(Session.from_dict(data), entry.path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError) as exc:
            problems.append(f"{entry.path}: not a readable session ({str(exc).splitlines()[0]}); its case is not listed")
            continue
        except CaseError as exc:
            problems.append(str(exc))
            continue
        with repo._transaction():
            gone = [i for i in old_ids if not case or i != case.id]
            if gone:
                repo.remove(gone)
            if case:
                repo.add([case], replace=True)
            repo.set_source(entry.path, stamp, json.dumps([case.id] if case else []))
    with repo._transaction():  # sessions deleted since: their cases go too
        for path, (_, ids) in known.items():
            if path not in seen and Path(path).parent == sessions_dir:
                repo.remove(json.loads(ids))
                repo.set_source(path, None)
    for folder, origin in [(imported_dir, "imported"), *[(d, str(d)) for d in shared]]:
        if not folder.is_dir():
            if origin != "imported":
                problems.append(f"{folder}: cases folder not found")
            continue
        for entry in _yaml_files(folder):
            stamp = _stamp(entry)
            if known.get(entry.path, ("",))[0] == stamp:
                continue
            try:
                cases = read_cases_file(Path(entry.path))
            except CaseError as exc:
                problems.append(str(exc))
                continue
            for case in cases:
                case.origin = origin
            with repo._transaction():
                repo.add(cases)  # never replaces: a case already there (own, or moved in before) is kept
                repo.set_source(entry.path, stamp, json.dumps([c.id for c in cases]))
    return problems
