"""The embedded repository: one SQLite file (standard library), WAL journal, FTS5 full-text search.

WAL lets readers go on while one process writes; every write transaction
starts with BEGIN IMMEDIATE and waits (busy timeout) for the one before, so
several processes on the same file queue rather than fail or lose a case.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

from .backend import CASE_COLUMNS, SELECT_CASE, WORDS_WINDOW, Backend, _unique_sorted, Migration, RepositoryError, RepositoryUnavailable

BUSY_TIMEOUT_S = 60
BATCH_FROM = 50  # batches this large go in with executemany
CASE_COLUMNS_SQL = ", ".join(CASE_COLUMNS)
TEXT_COLUMNS = "{title description scenario_title lessons responses area}"  # what words are looked for in


def _fts_terms(ws: list[str]) -> list[str]:
    """Whole words, each in any form the stemmer gives (bike finds bikes); quoted, so nothing is an operator."""
    return [f'"{w}"' for w in ws]


class SQLiteBackend(Backend):
    kind = "sqlite"
    P = "?"

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._local = threading.local()
        self._depth = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            mode = self._journal_mode_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except (OSError, sqlite3.Error) as exc:
            raise RepositoryUnavailable(f"cannot open the repository file {self.path}: {exc}") from None
        if mode.lower() != "wal":  # a network drive without shared memory: still safe, slower
            self.conn.execute("PRAGMA journal_mode = DELETE")

    def _journal_mode_wal(self) -> str:
        """Switch to WAL. SQLite can answer "database is locked" at once, without waiting the busy timeout,
        when several processes open a new file together (the switch needs the file to itself), so wait and
        try again, as long as the busy timeout would have waited."""
        deadline, pause = time.monotonic() + BUSY_TIMEOUT_S, 0.02
        while True:
            try:
                return self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

    def location(self) -> str:
        return str(self.path)

    def close(self) -> None:
        self.conn.close()

    def _execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RepositoryError(f"{self.path}: {exc}") from None

    @contextmanager
    def _transaction(self):
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._execute("COMMIT")

    # -- schema --------------------------------------------------------------------
    def _applied_version(self) -> int:
        try:
            row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.OperationalError:
            return 0
        return int(row[0] or 0)

    def _apply(self, scripts: list[Migration]) -> list[Migration]:
        applied = []
        with self._transaction():  # BEGIN IMMEDIATE: a second process waits here, then finds nothing to do
            self._execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                          "name TEXT NOT NULL, applied TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
            current = self._applied_version()
            for m in scripts:
                if m.version <= current:
                    continue
                for statement in _statements(m.sql):
                    self._execute(statement)
                self._execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (m.version, m.name))
                applied.append(m)
        return applied

    def check(self) -> list[str]:
        problems = self.count_problems()
        result = self._execute("PRAGMA integrity_check")[0][0]
        if result != "ok":
            problems.append(f"{self.path}: integrity check: {result}")
        try:
            self._execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)")
        except RepositoryError as exc:
            problems.append(f"{self.path}: the full-text index does not match the cases ({exc}); "
                            "`popguide repository migrate` does not fix this: restore from a backup or re-import")
        return problems

    # -- search hooks ------------------------------------------------------------------
    def _text_match(self, ws):
        return ("c.uid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)",
                [f"{TEXT_COLUMNS} : (" + " AND ".join(_fts_terms(ws)) + ")"])

    def _area_match(self, ws):
        return ("c.uid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)",
                ["area : (" + " AND ".join(_fts_terms(ws)) + ")"])

    def _sharing_words(self, scenario_id, ws, exclude, limit):
        # The latest cases holding all the words, whatever their problem (FTS5 stops early in rowid
        # order); most share this one's, and the rest are dropped below.
        query = f"{TEXT_COLUMNS} : (" + " AND ".join(_fts_terms(ws)) + ")"
        newest = self._execute("SELECT max(uid) FROM cases")[0][0] or 0
        uids = [r[0] for r in self._execute(
            f"SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? AND rowid > ? ORDER BY rowid DESC LIMIT {int(limit) * 4}",
            (query, newest - WORDS_WINDOW))]
        if not uids:
            return []
        rows = self._execute(f"SELECT uid, id, description, closed FROM cases WHERE uid IN ({','.join('?' * len(uids))}) "
                             "AND scenario_id = ? AND id <> ?", (*uids, scenario_id, exclude))
        return sorted(rows, key=lambda r: -r[0])[:limit]

    # -- writing hooks -----------------------------------------------------------------
    def add(self, cases, *, replace=False):
        """As Backend.add; a large batch that replaces nothing (a pack) goes in with executemany."""
        cases = _unique_sorted(cases)
        if replace or len(cases) < BATCH_FROM:
            return super().add(cases, replace=replace)
        with self._transaction():  # BEGIN IMMEDIATE: no other writer between the look-up and the insert
            existing: set[str] = set()
            for i in range(0, len(cases), 500):
                chunk = [c.id for c in cases[i:i + 500]]
                existing |= {r[0] for r in self._execute(
                    f"SELECT id FROM cases WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
            new = [c for c in cases if c.id not in existing]
            rids = {t: self._insert_response(t) for t in sorted({t for c in new for t in c.responses})}
            try:
                self.conn.executemany(f"INSERT INTO cases ({CASE_COLUMNS_SQL}) VALUES ({','.join('?' * 13)})",
                                      [self._row(c) for c in new])
                self.conn.executemany("INSERT INTO case_responses (case_uid, rid, outcome) "
                                      "SELECT uid, ?, ? FROM cases WHERE id = ?",
                                      [(rids[t], c.outcome, c.id) for c in new for t in dict.fromkeys(c.responses)])
            except sqlite3.DatabaseError as exc:
                raise RepositoryError(f"{self.path}: {exc}") from None
        return len(new), len(cases) - len(new)

    def _insert_case(self, row, *, replace):
        cols = "id, title, outcome, scenario_id, scenario_title, description, responses, lessons, closed, review, area, team, origin"
        if replace:
            sets = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in cols.split(",")[1:])
            self._execute(f"INSERT INTO cases ({cols}) VALUES ({','.join('?' * 13)}) "
                          f"ON CONFLICT (id) DO UPDATE SET {sets}", row)
        else:
            cur = self.conn.execute(f"INSERT INTO cases ({cols}) VALUES ({','.join('?' * 13)}) "
                                    f"ON CONFLICT (id) DO NOTHING", row)
            if cur.rowcount == 0:
                return None
        return self._execute("SELECT uid FROM cases WHERE id = ?", (row[0],))[0][0]

    def _insert_response(self, title):
        self._execute("INSERT INTO responses (title) VALUES (?) ON CONFLICT (title) DO NOTHING", (title,))
        return self._execute("SELECT rid FROM responses WHERE title = ?", (title,))[0][0]

    # -- the moved-in YAML files ------------------------------------------------------
    def sources(self) -> dict[str, tuple[str, str]]:
        return {p: (s, ids) for p, s, ids in self._execute("SELECT path, stamp, case_ids FROM sources")}

    def set_source(self, path: str, stamp: str | None, case_ids: str = "[]") -> None:
        if stamp is None:
            self._execute("DELETE FROM sources WHERE path = ?", (path,))
        else:
            self._execute("INSERT INTO sources (path, stamp, case_ids) VALUES (?, ?, ?) ON CONFLICT (path) "
                          "DO UPDATE SET stamp = excluded.stamp, case_ids = excluded.case_ids", (path, stamp, case_ids))


def _statements(script: str) -> list[str]:
    """Split a script into whole statements (triggers hold semicolons), as SQLite itself would."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise RepositoryError(f"unfinished statement in a migration script: {buf.strip()[:60]}")
    return out
