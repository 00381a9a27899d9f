"""What both back ends share: the schema's migrations, writing cases, searching, similar cases, stats.

Each back end (``sqlite.py``, ``postgres.py``) supplies its connection, its
placeholder style and its full-text search expressions; the rest of the SQL
is the same on both, so the two give the same answers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Sequence

from ..cases import OUTCOMES, Case

MIGRATIONS = Path(__file__).with_name("migrations")
CASE_COLUMNS = ("id", "title", "outcome", "scenario_id", "scenario_title", "description", "responses", "lessons",
                "closed", "review", "area", "team", "origin")
SELECT_CASE = "SELECT c.uid, " + ", ".join(f"c.{col}" for col in CASE_COLUMNS) + " FROM cases c"
#: Words too common to say two descriptions are alike.
STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in into is it its of on or our she so "
    "that the their them there they this to was we were what when where which who will with you your all about "
    "after again also any been being can could did do does doing down each every few get got just more most no "
    "not now only other out over own same some such than then these those through too under until up very".split())
RECENT_POOL = 200  # per matched problem: its latest cases, compared with the description
WORDS_POOL = 60  # and the latest ones holding all of the description's most telling words,
WORDS_WINDOW = 20_000  # among the cases stored most recently (bounds the full-text work as the repository grows)
KEY_WORDS = 3


class RepositoryError(Exception):
    """A repository that cannot be used as asked; the message is one line for the user."""


class RepositoryUnavailable(RepositoryError):
    """A repository that cannot be reached (server down, wrong address, no permission)."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(kind: str) -> list[Migration]:
    """The versioned scripts of one back end, in order: ``NNNN_name.sql``."""
    out = []
    for path in sorted((MIGRATIONS / kind).glob("*.sql")):
        number, _, name = path.stem.partition("_")
        out.append(Migration(int(number), name, path.read_text(encoding="utf-8")))
    return out


@dataclass
class Filters:
    """What a search narrows by; every field is optional."""

    text: str = ""
    scenario_id: str | None = None
    outcome: str | None = None
    response: str | None = None
    area: str | None = None
    since: str | None = None
    until: str | None = None

    def checked(self) -> "Filters":
        if self.outcome:
            match = [o for o in OUTCOMES if o.lower() == self.outcome.strip().lower()]
            if not match:
                raise RepositoryError(f"outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")
            self.outcome = match[0]
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise RepositoryError(f"--{name} {value!r} is not a date like 2026-01-31") from None
        return self


def words(text: str) -> list[str]:
    """The searchable words of a text, in order, without repeats; single letters (the s of "he's") dropped."""
    seen: dict[str, None] = {}
    for w in re.findall(r"[^\W_]+", (text or "").lower()):
        if len(w) > 1:
            seen.setdefault(w, None)
    return list(seen)


def telling_words(text: str, limit: int = 16) -> list[str]:
    """The words that say what a description is about: no stop words, longest first when there are many."""
    ws = [w for w in words(text) if len(w) > 2 and w not in STOP_WORDS and not w.isdigit()]
    if len(ws) > limit:
        keep = set(sorted(ws, key=len, reverse=True)[:limit])
        ws = [w for w in ws if w in keep]
    return ws


def _unique_sorted(cases: Iterable[Case]) -> list[Case]:
    """One case per id (the last given wins), in id order."""
    return sorted({c.id: c for c in cases}.values(), key=lambda c: c.id)


def closest_first(scored: list[tuple[int, float, Case]]) -> list[tuple[int, float, Case]]:
    """By scenario rank, then closeness; ties: the latest closed, then by id, the same on every back end."""
    out = sorted(scored, key=lambda t: t[2].id)
    out.sort(key=lambda t: t[2].closed, reverse=True)
    out.sort(key=lambda t: (t[0], -t[1]))
    return out


class Backend:
    """One repository. Subclasses set ``kind``, ``P`` (placeholder) and the search hooks."""

    kind = ""
    P = "?"

    # -- provided by each back end -------------------------------------------------
    def _execute(self, sql: str, params: Sequence = ()) -> list[tuple]: ...
    def _transaction(self): ...
    def _text_match(self, ws: list[str]) -> tuple[str, list]: ...
    def _area_match(self, ws: list[str]) -> tuple[str, list]: ...
    def _insert_case(self, row: tuple, *, replace: bool) -> int | None: ...
    def _insert_response(self, title: str) -> int: ...
    def _applied_version(self) -> int: ...
    def _apply(self, pending: list[Migration]) -> list[Migration]: ...
    def close(self) -> None: ...
    def location(self) -> str: ...
    def check(self) -> list[str]: ...

    # -- schema ------------------------------------------------------------------------
    @property
    def latest_version(self) -> int:
        return max((m.version for m in migrations(self.kind)), default=0)

    def schema_version(self) -> int:
        return self._applied_version()

    def migrate(self) -> list[Migration]:
        """Apply the scripts not applied yet, each in its own transaction; safe when many processes start at once."""
        if self._applied_version() >= self.latest_version:
            return []
        return self._apply(migrations(self.kind))

    # -- writing -------------------------------------------------------------------------
    def add(self, cases: Iterable[Case], *, replace: bool = False) -> tuple[int, int]:
        """Store cases in one transaction; returns (added or replaced, already there and kept).

        The unique case id makes adding the same case twice a no-op, whichever
        process does it; ``replace`` updates it instead (own sessions, republishing).
        Rows are written in id order so that two writers never wait on each other in a circle.
        """
        cases = _unique_sorted(cases)
        added = kept = 0
        with self._transaction():
            rids = {t: self._insert_response(t) for t in sorted({t for c in cases for t in c.responses})}
            for case in cases:
                uid = self._insert_case(self._row(case), replace=replace)
                if uid is None:
                    kept += 1
                    continue
                added += 1
                if replace:
                    self._execute(f"DELETE FROM case_responses WHERE case_uid = {self.P}", (uid,))
                for title in dict.fromkeys(case.responses):
                    self._execute(f"INSERT INTO case_responses (case_uid, rid, outcome) VALUES ({self.P}, {self.P}, {self.P})",
                                  (uid, rids[title], case.outcome))
        return added, kept

    def remove(self, ids: Iterable[str]) -> int:
        removed = 0
        with self._transaction():
            for case_id in ids:
                rows = self._execute(f"SELECT uid FROM cases WHERE id = {self.P}", (case_id,))
                for (uid,) in rows:
                    self._execute(f"DELETE FROM case_responses WHERE case_uid = {self.P}", (uid,))
                    self._execute(f"DELETE FROM cases WHERE uid = {self.P}", (uid,))
                    removed += 1
        return removed

    @staticmethod
    def _row(case: Case) -> tuple:
        return (case.id, case.title, case.outcome, case.scenario_id, case.scenario_title or "", case.description or "",
                json.dumps(case.responses, ensure_ascii=False), case.lessons or "", case.closed or "",
                json.dumps(case.review, ensure_ascii=False), case.area or "", case.team or "", case.origin or "own")

    @staticmethod
    def _case(row: Sequence) -> Case:
        values = dict(zip(CASE_COLUMNS, row[1:]))
        values["responses"] = json.loads(values["responses"] or "[]")
        values["review"] = json.loads(values["review"] or "[]")
        return Case(**values)

    # -- reading -----------------------------------------------------------------------
    def get(self, case_id: str) -> Case | None:
        rows = self._execute(f"{SELECT_CASE} WHERE c.id = {self.P}", (case_id,))
        return self._case(rows[0]) if rows else None

    def _where(self, f: Filters) -> tuple[str, list]:
        P = self.P
        clauses, params = [], []
        ws = words(f.text)
        if ws:
            sql, p = self._text_match(ws)
            clauses.append(sql)
            params += p
        area = words(f.area or "")
        if area:
            sql, p = self._area_match(area)
            clauses.append(sql)
            params += p
        for column, value in (("scenario_id", f.scenario_id), ("outcome", f.outcome)):
            if value:
                clauses.append(f"c.{column} = {P}")
                params.append(value)
        if f.response:
            clauses.append(f"c.uid IN (SELECT cr.case_uid FROM case_responses cr JOIN responses r ON r.rid = cr.rid "
                           f"WHERE lower(r.title) LIKE {P})")
            params.append(f"%{f.response.strip().lower()}%")
        if f.since:
            clauses.append(f"c.closed >= {P}")
            params.append(f.since)
        if f.until:  # the whole of that day: before the next one
            clauses.append(f"c.closed < {P}")
            params.append((date.fromisoformat(f.until) + timedelta(days=1)).isoformat())
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def search(self, filters: Filters, limit: int | None = None) -> list[Case]:
        """Matching cases, the most recently closed first."""
        where, params = self._where(filters.checked())
        sql = f"{SELECT_CASE}{where} ORDER BY c.closed DESC, c.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._case(r) for r in self._execute(sql, params)]

    def count(self, filters: Filters | None = None) -> int:
        where, params = self._where((filters or Filters()).checked())
        return int(self._execute(f"SELECT count(*) FROM cases c{where}", params)[0][0])

    def similar_scored(self, scenario_ids: list[str], description: str, *, exclude: str | None = None,
                       limit: int = 3) -> list[tuple[int, float, Case]]:
        """(scenario rank, closeness 0-100, case): the cases of the first matched problems, closest first.

        The work is bounded whatever the repository's size, so the live panel
        stays quick: for each matched problem, its latest cases and the latest
        ones sharing the description's most telling words (the database's
        full-text index finds those) are pooled, and rapidfuzz orders the pool.
        """
        from rapidfuzz import fuzz

        key_words = sorted(telling_words(description), key=len, reverse=True)[:KEY_WORDS]
        out: list[tuple[int, float, Case]] = []
        seen: set[str] = {exclude or ""}
        for rank, sid in enumerate(dict.fromkeys(scenario_ids)):
            pool = {r[0]: r for r in self._pool(sid, key_words, exclude or "")}
            scored = [(fuzz.token_set_ratio(description, desc), closed, case_id, uid)
                      for uid, case_id, desc, closed in pool.values() if case_id not in seen]
            scored.sort(key=lambda t: t[2])
            scored.sort(key=lambda t: t[1], reverse=True)
            scored.sort(key=lambda t: -t[0])
            picked = scored[:limit - len(out)]
            if picked:
                marks = ",".join([self.P] * len(picked))
                cases = {r[0]: self._case(r) for r in self._execute(f"{SELECT_CASE} WHERE c.uid IN ({marks})",
                                                                      [t[3] for t in picked])}
                out += [(rank, score, cases[uid]) for score, _, _, uid in picked]
                seen.update(t[2] for t in picked)
            if len(out) >= limit:
                break
        return out[:limit]

    def _pool(self, scenario_id: str, key_words: list[str], exclude: str) -> list[tuple]:
        """(uid, id, description, closed): this problem's latest cases, and the latest holding the key words."""
        rows = self._execute(f"SELECT uid, id, description, closed FROM cases WHERE scenario_id = {self.P} "
                             f"AND id <> {self.P} ORDER BY closed DESC, id LIMIT {RECENT_POOL}", (scenario_id, exclude))
        if key_words:
            rows += self._sharing_words(scenario_id, key_words, exclude, WORDS_POOL)
        return rows

    def _sharing_words(self, scenario_id: str, ws: list[str], exclude: str, limit: int) -> list[tuple]:
        """(uid, id, description, closed) of this problem's cases holding all these words, latest stored first,
        among the last WORDS_WINDOW stored."""
        raise NotImplementedError

    def stats(self) -> dict:
        """Outcomes by problem and by response: local practice beside the published ratings."""
        by_scenario: dict[str, dict[str, int]] = {}
        total = 0
        for sid, stitle, outcome, n in self._execute(  # kept in step by triggers (migration 0002)
                "SELECT scenario_id, scenario_title, outcome, n FROM outcome_counts WHERE n > 0"):
            key = stitle or sid or "(no scenario)"
            row = by_scenario.setdefault(key, {o: 0 for o in OUTCOMES} | {"cases": 0})
            row[outcome] = row.get(outcome, 0) + n
            row["cases"] += n
            total += n
        titles = dict(self._execute("SELECT rid, title FROM responses"))
        by_response: dict[str, dict[str, int]] = {}
        for rid, outcome, n in self._execute("SELECT rid, outcome, n FROM response_counts WHERE n > 0"):
            rrow = by_response.setdefault(titles[rid], {"used": 0, "worked": 0, "partly": 0})
            rrow["used"] += n
            rrow["worked"] += n if outcome == "Worked" else 0
            rrow["partly"] += n if outcome == "Partly worked" else 0
        return {"cases": total, "by_scenario": by_scenario, "by_response": by_response}

    def count_problems(self) -> list[str]:
        """The kept stats counts against a fresh count of the cases (for ``repository check``)."""
        kept = {(s, t, o): n for s, t, o, n in self._execute(
            "SELECT scenario_id, scenario_title, outcome, n FROM outcome_counts WHERE n <> 0")}
        live = {(s, t, o): n for s, t, o, n in self._execute(
            "SELECT coalesce(scenario_id, ''), scenario_title, outcome, count(*) FROM cases "
            "GROUP BY coalesce(scenario_id, ''), scenario_title, outcome")}
        kept_r = dict(((r, o), n) for r, o, n in self._execute("SELECT rid, outcome, n FROM response_counts WHERE n <> 0"))
        live_r = dict(((r, o), n) for r, o, n in self._execute(
            "SELECT rid, outcome, count(*) FROM case_responses GROUP BY rid, outcome"))
        if kept != live or kept_r != live_r:
            return [f"{self.location()}: the stats counts do not match the cases"]
        return []

    def info(self) -> dict:
        origins = {o: n for o, n in self._execute("SELECT origin, count(*) FROM cases GROUP BY origin ORDER BY origin")}
        last = self._execute("SELECT max(added) FROM cases")[0][0]
        return {"backend": self.kind, "location": self.location(), "schema_version": self.schema_version(),
                "latest_version": self.latest_version, "cases": sum(origins.values()), "by_origin": origins,
                "last_added": last}
