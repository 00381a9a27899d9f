"""Datasets: one DuckDB database file each, under the user's data folder, readable by its owner only.

A dataset holds every record imported into it in one table (``records``), the files it was built
from (``imports``, with each file's checksum so the same file is never added twice) and the rows
that could not be read (``rejects``, with file and line).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..store import data_dir

#: DuckDB's working memory; beyond it, it spills to a private temporary folder beside the dataset.
MEMORY_LIMIT = os.environ.get("POPGUIDE_DATA_MEMORY", "1GB")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
FOLDER = "datasets"

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    key UBIGINT,            -- content hash and occurrence: the same row imported twice has the same key
    file_id INTEGER,
    kind VARCHAR,           -- street, outcomes, stop-search, incident
    crime_id VARCHAR,
    ref VARCHAR,
    month DATE,             -- first day of the month
    ts TIMESTAMP,           -- date and time where the source has them
    has_time BOOLEAN,
    type VARCHAR,
    outcome VARCHAR,
    location VARCHAR,
    area_code VARCHAR,      -- LSOA code for police.uk; the export's area (district, beat, ward) otherwise
    area_name VARCHAR,
    address VARCHAR,
    victim VARCHAR,
    force VARCHAR,
    lat DOUBLE,
    lon DOUBLE
);
CREATE TABLE IF NOT EXISTS imports (
    file_id INTEGER, path VARCHAR, sha256 VARCHAR, kind VARCHAR, rows_read BIGINT, rows_added BIGINT,
    rows_rejected BIGINT, imported_at TIMESTAMP, mapping VARCHAR
);
CREATE TABLE IF NOT EXISTS summary (kind VARCHAR, type VARCHAR, first DATE, last DATE, n BIGINT);
CREATE TABLE IF NOT EXISTS rejects (file_id INTEGER, path VARCHAR, line BIGINT, field VARCHAR, message VARCHAR);
"""


class DataError(Exception):
    """A problem with a dataset or a file the user gave; the message is one line for the user."""


def datasets_dir(override: str | Path | None = None) -> Path:
    return data_dir(override) / FOLDER


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name or ""):
        raise DataError(f"{name!r} is not a usable dataset name: letters, digits, '-' and '_' (up to 64)")
    return name


def dataset_path(name: str, override: str | Path | None = None) -> Path:
    return datasets_dir(override) / f"{check_name(name)}.duckdb"


def connect(path: Path, *, create: bool = False, read_only: bool = False):
    """Open a dataset's database; a new one is created readable by its owner only."""
    import duckdb

    if not path.exists():
        if not create:
            raise DataError(f"no dataset {path.stem!r} (see `popguide data list`)")
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # private while DuckDB creates the file; the file is narrowed below
    try:
        con = duckdb.connect(str(path), read_only=read_only,
                             config={"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False,
                                     "python_enable_replacements": False})
    except duckdb.Error as exc:
        raise DataError(f"{path}: cannot open the dataset ({str(exc).splitlines()[0]})") from None
    if not read_only:
        con.execute(SCHEMA)
        private(path)
    return con


def refresh_summary(con) -> None:
    """Types and month spans by kind, kept beside the records so analyses need not scan them for it."""
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM summary")
    con.execute("INSERT INTO summary SELECT kind, type, min(month), max(month), count(*) FROM records GROUP BY ALL")
    con.execute("COMMIT")


def summary(con) -> list[tuple]:
    """(kind, type, first month, last month, rows) for every type in the dataset."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'summary'").fetchone()[0]
    rows = con.execute("SELECT kind, type, first, last, n FROM summary").fetchall() if exists else []
    if not rows:  # a dataset written before the summary existed
        rows = con.execute("SELECT kind, type, min(month), max(month), count(*) FROM records GROUP BY ALL").fetchall()
    return rows


def private(path: Path) -> None:
    """Narrow a dataset file (and its write-ahead log) to its owner."""
    for extra in (path, Path(str(path) + ".wal")):
        if extra.exists():
            os.chmod(extra, 0o600)


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    path: Path
    rows: int
    first_month: str | None
    last_month: str | None
    files: int
    kinds: dict[str, int]

    def to_dict(self) -> dict:
        return {"name": self.name, "file": str(self.path), "rows": self.rows, "first_month": self.first_month,
                "last_month": self.last_month, "files": self.files, "kinds": self.kinds}


def info(name: str, override: str | Path | None = None) -> DatasetInfo:
    path = dataset_path(name, override)
    con = connect(path, read_only=True)
    try:
        rows, first, last = con.execute(
            "SELECT count(*), strftime(min(month), '%Y-%m'), strftime(max(month), '%Y-%m') FROM records").fetchone()
        files = con.execute("SELECT count(*) FROM imports").fetchone()[0]
        kinds = dict(con.execute("SELECT kind, count(*) FROM records GROUP BY kind ORDER BY 2 DESC").fetchall())
    finally:
        con.close()
    return DatasetInfo(name, path, rows, first, last, files, kinds)


def list_datasets(override: str | Path | None = None) -> list[DatasetInfo]:
    folder = datasets_dir(override)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.duckdb")):
        if NAME_PATTERN.fullmatch(path.stem):
            try:
                out.append(info(path.stem, override))
            except DataError:
                continue
    return out


def delete(name: str, override: str | Path | None = None) -> Path:
    path = dataset_path(name, override)
    if not path.exists():
        raise DataError(f"no dataset {name!r} (see `popguide data list`)")
    path.unlink()
    wal = Path(str(path) + ".wal")
    if wal.exists():
        wal.unlink()
    return path


def default_name(path: str | Path) -> str:
    """A dataset name from a file's name: '2021-12-merseyside-street.csv' -> '2021-12-merseyside-street'."""
    stem = Path(str(path).rstrip("/")).stem or "data"
    clean = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:64]
    return clean if NAME_PATTERN.fullmatch(clean) else "data"


def describe(name: str, override: str | Path | None = None, *, rejects: bool = False) -> dict:
    """Everything ``popguide data show`` prints: rows, dates, types, areas, files and unreadable rows."""
    base = info(name, override)
    con = connect(base.path, read_only=True)
    try:
        types = con.execute("SELECT kind, type, count(*) FROM records GROUP BY ALL ORDER BY 3 DESC").fetchall()
        areas = con.execute("""SELECT coalesce(area_name, area_code), count(*) FROM records
                               WHERE coalesce(area_name, area_code) IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 15""").fetchall()
        n_areas = con.execute("SELECT count(DISTINCT coalesce(area_code, area_name)) FROM records").fetchone()[0]
        files = con.execute("""SELECT path, kind, rows_read, rows_added, rows_rejected, strftime(imported_at, '%Y-%m-%d %H:%M'), mapping
                               FROM imports ORDER BY file_id""").fetchall()
        bad = con.execute(f"SELECT path, line, field, message FROM rejects ORDER BY file_id, line {'' if rejects else 'LIMIT 10'}").fetchall()
        n_bad = con.execute("SELECT count(*) FROM rejects").fetchone()[0]
        timed = con.execute("SELECT count(*) FILTER (WHERE has_time), count(*) FILTER (WHERE lat IS NOT NULL) FROM records").fetchone()
    finally:
        con.close()
    return base.to_dict() | {
        "types": [{"kind": k, "type": t, "count": n} for k, t, n in types],
        "areas": [{"area": a, "count": n} for a, n in areas], "area_count": n_areas,
        "with_times": timed[0], "with_coordinates": timed[1],
        "imports": [{"file": p, "kind": k, "rows_read": r, "rows_added": a, "rows_rejected": j, "imported": d, "mapping": m}
                    for p, k, r, a, j, d, m in files],
        "rejects": [{"file": p, "line": ln, "field": f, "message": m} for p, ln, f, m in bad], "reject_count": n_bad,
    }


def describe_text(d: dict) -> str:
    out = [f"Dataset {d['name']} ({d['file']})",
           f"  {d['rows']:,} rows, {d['first_month'] or '-'} to {d['last_month'] or '-'}, from {d['files']} file(s); "
           f"{d['with_times']:,} with a time of day, {d['with_coordinates']:,} with coordinates",
           "  kinds: " + ", ".join(f"{k} {n:,}" for k, n in d["kinds"].items()), "", "Types:"]
    out += [f"  {t['count']:>9,}  {t['type']}" + (f"  [{t['kind']}]" if len(d["kinds"]) > 1 else "") for t in d["types"][:25]]
    if len(d["types"]) > 25:
        out.append(f"  ... {len(d['types']) - 25} more")
    out += ["", f"Areas ({d['area_count']:,}; the busiest):"] + [f"  {a['count']:>9,}  {a['area']}" for a in d["areas"]]
    out += ["", "Files:"] + [f"  {f['imported']}  {f['file']}: {f['kind']}, {f['rows_added']:,} of {f['rows_read']:,} rows added"
                             + (f", {f['rows_rejected']:,} unreadable" if f["rows_rejected"] else "") for f in d["imports"]]
    if d["reject_count"]:
        out += ["", f"Rows that could not be read ({d['reject_count']:,}):"]
        out += [f"  {r['file']}:{r['line']}: {r['field']}: {r['message']}" for r in d["rejects"]]
        if len(d["rejects"]) < d["reject_count"]:
            out.append("  ... (all of them with --rejects)")
    return "\n".join(out)
