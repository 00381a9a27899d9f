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
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise DataError(f"{path}: cannot open the dataset ({str(exc).splitlines()[0]})") from None
    if not read_only:
        con.execute(SCHEMA)
        private(path)
    return con


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
