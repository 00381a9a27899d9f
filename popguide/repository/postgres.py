"""The shared repository: PostgreSQL through psycopg 3, full-text search in the database (tsvector, GIN).

Chosen with ``--repository postgresql://...`` or ``POPGUIDE_REPOSITORY``. Many
officers write at once: every write is one transaction and the unique case id
turns a second copy of a case into a no-op; migrations take an advisory lock
so that processes starting together apply each script once.
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from typing import Sequence

from .backend import RECENT_POOL, SELECT_CASE, WORDS_POOL, WORDS_WINDOW, Backend, _unique_sorted, Migration, RepositoryError, RepositoryUnavailable

CONNECT_TIMEOUT_S = 5
RETRIES = 8
COPY_FROM = 200  # batches this large go in by COPY
MIGRATION_LOCK = 7_140_014  # any fixed number: the advisory lock the migrations take


def safe_location(url: str) -> str:
    """The address without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _tsquery(ws: list[str], joiner: str) -> str:
    """Whole words, each in any form the stemmer gives (bike finds bikes); only letters and digits reach here."""
    return f" {joiner} ".join(ws)


class PostgresBackend(Backend):
    kind = "postgresql"
    P = "%s"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:  # pragma: no cover - a dependency; only missing in a broken install
            raise RepositoryUnavailable("the PostgreSQL driver (psycopg) is not installed") from None
        self._psycopg = psycopg
        self.url = url
        self._lock = threading.RLock()
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                        application_name="popguide")
        except psycopg.Error as exc:
            reason = (str(exc).strip().splitlines() or ["no answer"])[0].strip().removeprefix("connection failed: ")
            raise RepositoryUnavailable(f"cannot reach the repository {safe_location(url)}: {reason}") from None

    def location(self) -> str:
        return safe_location(self.url)

    def close(self) -> None:
        self.conn.close()

    def _execute(self, sql: str, params: Sequence = ()) -> list[tuple]:
        psycopg = self._psycopg
        try:
            cur = self.conn.execute(sql, tuple(params) if params else None)
            return cur.fetchall() if cur.description else []
        except psycopg.errors.TransactionRollbackError:
            raise  # a deadlock or serialisation failure: the caller retries the transaction
        except psycopg.OperationalError as exc:
            raise RepositoryUnavailable(f"lost the repository {self.location()}: {str(exc).strip().splitlines()[0]}") from None
        except psycopg.Error as exc:
            raise RepositoryError(f"{self.location()}: {str(exc).strip().splitlines()[0]}") from None

    @contextmanager
    def _transaction(self):
        with self._lock:
            try:
                with self.conn.transaction():
                    yield
            except self._psycopg.errors.TransactionRollbackError:
                raise
            except self._psycopg.OperationalError as exc:
                raise RepositoryUnavailable(f"lost the repository {self.location()}: {exc}") from None

    # -- schema ------------------------------------------------------------------------
    def _applied_version(self) -> int:
        rows = self._execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        if not rows[0][0]:
            return 0
        return int(self._execute("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0])

    def _apply(self, scripts: list[Migration]) -> list[Migration]:
        applied = []
        with self._transaction():
            self._execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self._execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                          "name TEXT NOT NULL, applied TIMESTAMPTZ NOT NULL DEFAULT now())")
            current = self._applied_version()
            for m in scripts:
                if m.version <= current:
                    continue
                self._execute(m.sql)
                self._execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (m.version, m.name))
                applied.append(m)
        return applied

    def check(self) -> list[str]:
        problems = self.count_problems()
        orphans = self._execute("SELECT count(*) FROM case_responses cr LEFT JOIN cases c ON c.uid = cr.case_uid "
                                "WHERE c.uid IS NULL")[0][0]
        if orphans:
            problems.append(f"{self.location()}: {orphans} response row(s) belong to no case")
        unindexed = self._execute("SELECT count(*) FROM cases WHERE search IS NULL")[0][0]
        if unindexed:
            problems.append(f"{self.location()}: {unindexed} case(s) missing from the full-text index")
        return problems

    # -- search hooks ------------------------------------------------------------------
    def _text_match(self, ws):
        return "c.search @@ to_tsquery('english', %s)", [_tsquery(ws, "&")]

    def _area_match(self, ws):
        return "c.area_search @@ to_tsquery('simple', %s)", [_tsquery(ws, "&")]

    def _pool(self, scenario_id, key_words, exclude):
        """As Backend._pool, in one round trip (each one costs most when the server is busy)."""
        recent = ("SELECT uid, id, description, closed FROM cases WHERE scenario_id = %s AND id <> %s "
                  f"ORDER BY closed DESC, id LIMIT {RECENT_POOL}")
        if not key_words:
            return self._execute(recent, (scenario_id, exclude))
        return self._execute(
            f"({recent}) UNION ALL (SELECT uid, id, description, closed FROM cases WHERE scenario_id = %s "
            f"AND id <> %s AND search @@ to_tsquery('english', %s) "
            f"AND uid > (SELECT coalesce(max(uid), 0) FROM cases) - {WORDS_WINDOW} ORDER BY uid DESC LIMIT {WORDS_POOL})",
            (scenario_id, exclude, scenario_id, exclude, _tsquery(key_words, "&")))

    # -- writing hooks -----------------------------------------------------------------
    def _insert_case(self, row, *, replace):
        cols = "id, title, outcome, scenario_id, scenario_title, description, responses, lessons, closed, review, area, team, origin"
        marks = ", ".join(["%s"] * 13)
        if replace:
            sets = ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in cols.split(",")[1:])
            sql = f"INSERT INTO cases ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {sets} RETURNING uid"
        else:
            sql = f"INSERT INTO cases ({cols}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING RETURNING uid"
        rows = self._execute(sql, row)
        return rows[0][0] if rows else None

    def _insert_response(self, title):
        rows = self._execute("INSERT INTO responses (title) VALUES (%s) ON CONFLICT (title) DO NOTHING RETURNING rid",
                             (title,))
        if rows:
            return rows[0][0]
        return self._execute("SELECT rid FROM responses WHERE title = %s", (title,))[0][0]

    def add(self, cases, *, replace=False):
        """As Backend.add, in batches (pipelined statements), retried when PostgreSQL breaks a deadlock."""
        cases = _unique_sorted(cases)
        for attempt in range(RETRIES):
            try:
                with self._transaction():
                    return self._add_batch(cases, replace)
            except self._psycopg.errors.TransactionRollbackError:
                if attempt == RETRIES - 1:
                    raise RepositoryError(f"{self.location()}: too busy to store the cases; try again") from None
                time.sleep(0.05 * (attempt + 1))
        return 0, 0  # pragma: no cover

    def _add_batch(self, cases, replace):
        cols = "id, title, outcome, scenario_id, scenario_title, description, responses, lessons, closed, review, area, team, origin"
        conflict = ("DO UPDATE SET " + ", ".join(f"{c.strip()} = excluded.{c.strip()}" for c in cols.split(",")[1:])
                    if replace else "DO NOTHING")
        titles = sorted({t for c in cases for t in c.responses})
        with self.conn.cursor() as cur:
            rids: dict[str, int] = {}
            if titles:
                cur.executemany("INSERT INTO responses (title) VALUES (%s) ON CONFLICT (title) DO NOTHING",
                                [(t,) for t in titles])
                cur.execute("SELECT title, rid FROM responses WHERE title = ANY(%s)", (titles,))
                rids = dict(cur.fetchall())
            if not cases:
                return 0, 0
            if len(cases) >= COPY_FROM:
                uids = self._copy_cases(cur, cols, conflict, cases)
            else:
                cur.executemany(f"INSERT INTO cases ({cols}) VALUES ({', '.join(['%s'] * 13)}) "
                                f"ON CONFLICT (id) {conflict} RETURNING uid", [self._row(c) for c in cases],
                                returning=True)
                uids = []
                while True:
                    row = cur.fetchone()
                    uids.append(row[0] if row else None)
                    if not cur.nextset():
                        break
            stored = [(uid, c) for uid, c in zip(uids, cases) if uid is not None]
            if replace and stored:
                cur.execute("DELETE FROM case_responses WHERE case_uid = ANY(%s)", ([uid for uid, _ in stored],))
            links = sorted((uid, rids[t], c.outcome) for uid, c in stored for t in dict.fromkeys(c.responses))
            if len(links) >= COPY_FROM:
                with cur.copy("COPY case_responses (case_uid, rid, outcome) FROM STDIN") as copy:
                    for link in links:
                        copy.write_row(link)
            elif links:
                cur.executemany("INSERT INTO case_responses (case_uid, rid, outcome) VALUES (%s, %s, %s)", links)
        return len(stored), len(cases) - len(stored)

    def _copy_cases(self, cur, cols, conflict, cases) -> list[int | None]:
        """A large batch (a pack): COPY into a scratch table, then one INSERT ... SELECT with the same conflict rule."""
        cur.execute("CREATE TEMP TABLE IF NOT EXISTS incoming_cases ("
                    + ", ".join(f"{c.strip()} TEXT" for c in cols.split(",")) + ") ON COMMIT DELETE ROWS")
        with cur.copy(f"COPY incoming_cases ({cols}) FROM STDIN") as copy:
            for case in cases:
                copy.write_row(self._row(case))
        cur.execute(f"INSERT INTO cases ({cols}) SELECT {cols} FROM incoming_cases ORDER BY id "
                    f"ON CONFLICT (id) {conflict} RETURNING uid, id")
        by_id = {case_id: uid for uid, case_id in cur.fetchall()}
        return [by_id.get(c.id) for c in cases]
