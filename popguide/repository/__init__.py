"""The learning repository: every evaluated piece of problem-solving, so the next officer starts from what worked.

One interface, two back ends: an embedded SQLite file under the user's data
folder (always there, holding the officer's own closed sessions) and, when
``--repository URL`` or ``POPGUIDE_REPOSITORY`` names one, a shared repository
for a team, force or region (PostgreSQL, or another SQLite file). Commands
act on the shared one when it is set; the similar-cases panel reads both. A
shared repository that cannot be reached costs one line in ``problems`` and the
guide carries on with the local one. Nothing is opened until first asked for.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable

from ..cases import Case, CaseError, read_cases_file, shared_dirs, write_pack
from ..session import Session
from ..store import SessionStore
from .backend import Backend, Filters, closest_first, RepositoryError, RepositoryUnavailable

REPOSITORY_ENV = "POPGUIDE_REPOSITORY"
LOCAL_FILE = "repository.sqlite3"

__all__ = ["CaseRepository", "Filters", "RepositoryError", "RepositoryUnavailable", "open_backend", "REPOSITORY_ENV"]


def open_backend(url: str, *, migrate: bool = True) -> Backend:
    """A back end from an address: ``postgresql://...`` (or ``postgres://``), ``sqlite:///path`` or a file path."""
    url = url.strip()
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresBackend

        backend: Backend = PostgresBackend(url)
    elif url.startswith("sqlite:"):
        from .sqlite import SQLiteBackend

        backend = SQLiteBackend(url.removeprefix("sqlite:").removeprefix("//"))
    elif "://" in url:
        raise RepositoryError(f"repository {url!r}: use postgresql://user@host/db, sqlite:///path/file.sqlite3 or a file path")
    else:
        from .sqlite import SQLiteBackend

        backend = SQLiteBackend(url)
    if migrate:
        try:
            backend.migrate()
        except BaseException:
            backend.close()
            raise
    return backend


class CaseRepository:
    """Own cases (closed sessions), imported and shared ones, searchable together."""

    def __init__(self, store: SessionStore, shared: Iterable[str | Path] = (), url: str | None = None):
        self.store = store
        self.shared_dirs = shared_dirs(shared)
        self.url = (url if url is not None else os.environ.get(REPOSITORY_ENV, "")).strip() or None
        self.problems: list[str] = []
        self._lock = threading.RLock()
        self._local: Backend | None = None
        self._shared: Backend | None = None
        self._shared_tried = False

    @property
    def local_path(self) -> Path:
        return self.store.root / LOCAL_FILE

    # -- the back ends, opened on first use ----------------------------------------
    def local(self) -> Backend:
        """The embedded repository, migrated and with the YAML cases moved in."""
        with self._lock:
            if self._local is None:
                from . import movein
                from .sqlite import SQLiteBackend

                backend = SQLiteBackend(self.local_path)
                backend.migrate()
                self.problems += movein.sync(backend, self.store.folder.resolve(), (self.store.root / "cases").resolve(),
                                             [d.resolve() for d in self.shared_dirs])
                self._local = backend
            return self._local

    def shared(self) -> Backend | None:
        """The shared repository, or None (not set, or unreachable: then one line in ``problems``)."""
        with self._lock:
            if self.url and not self._shared_tried:
                self._shared_tried = True
                try:
                    self._shared = open_backend(self.url)
                except RepositoryError as exc:
                    self.problems.append(f"{exc}; carrying on with the local repository ({self.local_path})")
            return self._shared

    def primary(self) -> Backend:
        """Where commands act: the shared repository when set and reachable, else the local one."""
        return self.shared() or self.local()

    def warm(self) -> list[str]:
        """Open both now (the app calls this after its first screen); returns the problems to show."""
        with self._lock:
            self._local_if_possible()
            self.shared()
            return list(self.problems)

    def close(self) -> None:
        with self._lock:
            for backend in (self._local, self._shared):
                if backend is not None:
                    backend.close()
            self._local = self._shared = None
            self._shared_tried = False

    # -- the guide's side ------------------------------------------------------------
    def similar(self, scenario_ids: list[str], description: str, *, exclude: str | None = None,
                limit: int = 3) -> list[Case]:
        """Cases for the same kinds of problem, closest description first, from the local and shared repositories."""
        if not scenario_ids:
            return []
        with self._lock:
            pool: dict[str, tuple[int, float, Case]] = {}
            for backend in (self._local_if_possible(), self.shared()):
                if backend is None:
                    continue
                try:
                    found = backend.similar_scored(scenario_ids, description, exclude=exclude, limit=limit)
                except RepositoryError as exc:
                    if backend is self._shared:
                        self._lose_shared(exc)
                    else:
                        self._note(str(exc))
                    continue
                for rank, score, case in found:
                    pool.setdefault(case.id, (rank, score, case))  # the local copy first
            ranked = closest_first(list(pool.values()))
            return [case for _, _, case in ranked[:limit]]

    def _local_if_possible(self) -> Backend | None:
        """The local repository, or None with one line in ``problems`` (the guide goes on without past cases)."""
        try:
            return self.local()
        except RepositoryError as exc:
            self._note(f"{exc}; past cases are not shown")
            return None

    def _note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def _lose_shared(self, exc: Exception) -> None:
        self.problems.append(f"{exc}; carrying on with the local repository")
        if self._shared is not None:
            try:
                self._shared.close()
            except Exception:  # noqa: BLE001 - already broken; closing is a courtesy
                pass
        self._shared = None

    def record_closed(self, session: Session) -> Case | None:
        """Bring one session's case into the local repository now (call after a session is saved closed).

        A session that is no longer closed has its case taken out. Returns the
        case stored, or None.
        """
        from .movein import case_of_session

        with self._lock:
            local = self.local()
            try:
                case = case_of_session(session, str(self.store.path_for(session.id)))
            except CaseError as exc:
                self.problems.append(str(exc))
                return None
            if case is None:
                local.remove([session.id])
            else:
                local.add([case], replace=True)
            return case

    def note_saved(self, session: Session) -> None:
        """After any save: record a closed session now, or take back a reopened one (only once opened;
        a repository opened later moves the session in itself)."""
        with self._lock:
            if self._local is None:
                return
            try:
                self._keep_in_step(session)
            except RepositoryError as exc:  # the session itself is saved; the next start moves it in
                self._note(str(exc))

    def _keep_in_step(self, session: Session) -> None:
        if session.outcome:
            self.record_closed(session)
            return
        known = self._local.get(session.id)
        if known is not None and known.origin == "own":
            self._local.remove([session.id])

    # -- the commands' side ----------------------------------------------------------
    def search(self, text: str = "", scenario_id: str | None = None, *, outcome: str | None = None,
               response: str | None = None, area: str | None = None, since: str | None = None,
               until: str | None = None, limit: int | None = None) -> list[Case]:
        filters = Filters(text, scenario_id, outcome, response, area, since, until)
        with self._lock:
            return self.primary().search(filters, limit)

    def count(self, text: str = "", scenario_id: str | None = None, **more) -> int:
        with self._lock:
            return self.primary().count(Filters(text, scenario_id, **more))

    def all(self) -> list[Case]:
        return self.search()

    def stats(self) -> dict:
        with self._lock:
            return self.primary().stats()

    def export_pack(self, output: Path, *, redacted: bool = False, cases: list[Case] | None = None) -> int:
        return write_pack(output, self.all() if cases is None else cases, redacted=redacted)

    def import_pack(self, path: Path) -> tuple[int, int]:
        """Import every case of a pack, or none if any is malformed. Returns (new, already there)."""
        cases = read_cases_file(path, pack_only=True)
        for case in cases:
            case.origin = "imported"
        with self._lock:
            return self.primary().add(cases)

    def publish(self, session: Session, team: str) -> Case:
        """Store the masked copy of a closed session's case in the shared repository, signed by the team.

        The copy is made here from the session (see ``publish.preview``, which
        the officer is shown first), so nothing unmasked can be sent by mistake;
        private notes are never part of a case.
        """
        from .publish import preview

        if not team.strip():
            raise RepositoryError("say which team or force is publishing (--team NAME or POPGUIDE_TEAM)")
        copy = preview(session, team).case
        with self._lock:
            shared = self.shared()
            if shared is None:
                why = self.problems[-1] if self.problems and self.url else (
                    f"no shared repository is set: give --repository URL or set {REPOSITORY_ENV}")
                raise RepositoryError(why)
            shared.add([copy], replace=True)
            return copy
