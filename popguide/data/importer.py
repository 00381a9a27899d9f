"""Import police.uk files and a force's own exports into a dataset, each file all or nothing.

Every file is checked and read into a staging table first; only a file that could be read has its
rows added, in one transaction, so a bad file (or a crash half-way) leaves the dataset as it was
before that file. DuckDB reads the CSV itself (fast, and it reports each unreadable row with its
line); rows already in the dataset (same content, same occurrence) are not added again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import formats as fm
from .store import DataError, connect, dataset_path, private, refresh_summary

DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
SAMPLE_ROWS = 2000
#: Columns hashed into a record's key (the outcome is left out: police.uk updates it month by month).
#: Identical rows without a reference (ASB at one snap point in one month) get the hash for the first
#: and hash(hash, n) for the n-th, so the same rows always get the same keys, however they are read;
#: rows with a crime reference are one record whatever their number.
KEY_COLUMNS = ("kind", "crime_id", "ref", "month", "ts", "type", "location", "area_code", "lat", "lon",
               "address", "victim", "force")


@dataclass
class FileReport:
    """What happened to one file: added, already there, or refused (with the reason)."""

    label: str
    kind: str = ""
    rows_read: int = 0
    rows_added: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, message)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    duplicate_of: str = ""
    mapping: str = ""

    def lines(self, max_rejects: int = 5) -> list[str]:
        if self.error:
            return [f"{self.label}: {self.error}; nothing from it was added"]
        if self.duplicate_of:
            return [f"{self.label}: already imported ({self.duplicate_of}); nothing added"]
        out = [f"{self.label}: {self.kind}, {self.rows_read:,} rows read, {self.rows_added:,} added"
               + (f", {self.rows_read - self.rows_added:,} already in the dataset" if self.rows_read > self.rows_added else "")
               + (f" (columns: {self.mapping})" if self.mapping else "")]
        if self.rejected:
            out.append(f"{self.label}: {len(self.rejected):,} row(s) could not be read and were not added:")
            for line, fld, message in self.rejected[:max_rejects]:
                out.append(f"  {self.label}:{line}: {fld}: {message}")
            if len(self.rejected) > max_rejects:
                out.append(f"  ... and {len(self.rejected) - max_rejects:,} more (`popguide data show NAME --rejects`)")
        out += [f"{self.label}: warning: {w}" for w in self.warnings]
        return out

    def to_dict(self) -> dict:
        return {"file": self.label, "kind": self.kind, "rows_read": self.rows_read, "rows_added": self.rows_added,
                "rejected": [{"line": ln, "field": f, "message": m} for ln, f, m in self.rejected],
                "warnings": self.warnings, "error": self.error, "duplicate_of": self.duplicate_of,
                "mapping": self.mapping}


@dataclass
class ImportReport:
    dataset: str
    path: Path
    files: list[FileReport]

    @property
    def added(self) -> int:
        return sum(f.rows_added for f in self.files)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def lines(self) -> list[str]:
        out = [line for f in self.files for line in f.lines()]
        out.append(f"Dataset {self.dataset}: {self.added:,} row(s) added ({self.path})")
        return out

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "file": str(self.path), "added": self.added,
                "files": [f.to_dict() for f in self.files]}


@dataclass
class _Source:
    label: str
    path: Path  # a readable CSV (an XLSX or zip member is written to a private temporary CSV first)
    original: Path
    tmp: Path  # the import's private temporary folder (removed at the end)
    sha256: str = ""


class _FileError(Exception):
    pass


def import_files(name: str, paths: list[str | Path], *, mapping: dict[str, str] | None = None,
                 data_dir: str | Path | None = None) -> ImportReport:
    """Import ``paths`` (files, folders, zips) into dataset ``name`` (created if new)."""
    if not paths:
        raise DataError("nothing to import: give one or more files, folders or zip archives")
    target = dataset_path(name, data_dir)
    tmp = Path(tempfile.mkdtemp(prefix="popguide-import-"))
    os.chmod(tmp, 0o700)
    reports: list[FileReport] = []
    try:
        sources = []
        for p in paths:
            sources += _expand(Path(p), tmp, reports)
        existed = target.exists()
        con = connect(target, create=True)
        try:
            _import_all(con, sources, mapping or {}, reports)
            if any(r.rows_added for r in reports):
                refresh_summary(con)
        finally:
            con.close()
            private(target)
        if not existed and not any(r.rows_added for r in reports):
            from .store import delete

            delete(name, data_dir)  # a dataset nothing could be read into is not left behind
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ImportReport(name, target, reports)


# -- finding the files -----------------------------------------------------------------------
def _expand(path: Path, tmp: Path, reports: list[FileReport]) -> list[_Source]:
    label = str(path)
    if not path.exists():
        reports.append(FileReport(label, error="no such file or folder"))
        return []
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES + (".zip",))
        if not files:
            reports.append(FileReport(label, error="the folder holds no .csv, .xlsx or .zip files"))
        out = []
        for f in files:
            out += _expand(f, tmp, reports)
        return out
    if path.suffix.lower() == ".zip":
        return _unzip(path, tmp, reports)
    return [_Source(label, path, path, tmp)]


def _unzip(path: Path, tmp: Path, reports: list[FileReport]) -> list[_Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        reports.append(FileReport(str(path), error=f"not a readable zip archive ({exc})"))
        return []
    out = []
    with archive:
        members = sorted(m for m in archive.namelist() if Path(m).suffix.lower() in DATA_SUFFIXES and not m.endswith("/"))
        if not members:
            reports.append(FileReport(str(path), error="the zip archive holds no .csv or .xlsx files"))
        for n, member in enumerate(members):
            dest = tmp / f"zip{len(list(tmp.iterdir()))}-{n}{Path(member).suffix.lower()}"
            with archive.open(member) as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst)
            out.append(_Source(f"{path}:{member}", dest, dest, tmp))
    return out


# -- reading the files ------------------------------------------------------------------------------
@dataclass
class _Prepared:
    src: _Source
    report: FileReport
    kind: str  # street, outcomes, stop-search, export
    header: list[str]
    file_id: int
    size: int


def _import_all(con, sources: list[_Source], mapping: dict[str, str], reports: list[FileReport]) -> None:
    """Check every file, then read and add them in batches: police.uk months of one kind are read
    together by one DuckDB scan (fast), a force's export on its own. Memory stays bounded by a batch."""
    seen: dict[str, str] = {}
    known = dict(con.execute("SELECT sha256, path || ' on ' || strftime(imported_at, '%Y-%m-%d') FROM imports").fetchall())
    next_id = (con.execute("SELECT coalesce(max(file_id), 0) FROM imports").fetchone()[0] or 0) + 1
    batch: list[_Prepared] = []
    pairs = set(con.execute("SELECT DISTINCT kind, month, force FROM records").fetchall())  # months of a force already in

    def flush() -> None:
        if batch:
            _run_batch(con, list(batch), mapping, pairs)
            batch.clear()

    for src in sources:
        report = FileReport(src.label)
        reports.append(report)
        try:
            src.sha256 = _sha256(src.original)
            if src.sha256 in known or src.sha256 in seen:
                report.duplicate_of = known.get(src.sha256) or f"same content as {seen[src.sha256]}"
                continue
            seen[src.sha256] = src.label
            kind, header = _prepare(src, mapping, report)
        except _FileError as exc:
            report.error = str(exc)
            continue
        item = _Prepared(src, report, kind, header, next_id, src.path.stat().st_size)
        next_id += 1
        if kind in ("street", "outcomes"):
            if batch and (batch[0].kind != kind or sum(b.size for b in batch) + item.size > BATCH_BYTES):
                flush()
            batch.append(item)
        else:
            flush()
            _run_batch(con, [item], mapping, pairs)
    flush()


#: CSV bytes read by one scan; a national year of police.uk months is read in a few batches.
BATCH_BYTES = 400_000_000


def _run_batch(con, batch: list[_Prepared], mapping: dict[str, str], pairs: set, *, direct: bool = True) -> None:
    if direct and batch[0].kind != "export":
        if _direct(con, batch, pairs):
            return
        for item in batch:  # the rows may be in the dataset already: add file by file, leaving out what is there
            _reset(item.report)
            _run_batch(con, [item], mapping, pairs, direct=False)
        return
    try:
        if batch[0].kind == "export":
            _stage_export(con, batch[0], mapping)
        else:
            _stage_police_uk(con, batch)
        _check_staged(con, batch)
    except _FileError as exc:
        con.execute("DROP TABLE IF EXISTS staged")
        if len(batch) > 1:  # find the file at fault by reading them one at a time
            for item in batch:
                _reset(item.report)
                _run_batch(con, [item], mapping, pairs, direct=False)
            return
        batch[0].report.error = str(exc)
        return
    if len(batch) > 1 and con.execute("""SELECT count(*) FROM (SELECT month, force FROM staged GROUP BY ALL
                                          HAVING count(DISTINCT file_id) > 1)""").fetchone()[0]:
        con.execute("DROP TABLE staged")  # two files hold the same month of a force: add them one after the other
        for item in batch:
            _reset(item.report)
            _run_batch(con, [item], mapping, pairs, direct=False)
        return
    good = [item for item in batch if not item.report.error]
    if good:
        _commit(con, good)
        pairs.update(con.execute("SELECT DISTINCT kind, month, force FROM staged").fetchall())
    con.execute("DROP TABLE IF EXISTS staged")


OFF_MAP = "(lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180)"


def _direct(con, batch: list[_Prepared], pairs: set) -> bool:
    """The fast path for police.uk files: one scan straight into the dataset, in one transaction.

    Taken when none of the batch's months of a force is in the dataset already (so no row can be
    there twice); returns False, leaving the dataset as it was, when one is, so the caller adds the
    files one by one with the duplicate check."""
    import duckdb

    lo, hi = batch[0].file_id, batch[-1].file_id
    key_expr = "hash(" + ", ".join(KEY_COLUMNS) + ")"
    con.execute("BEGIN TRANSACTION")
    try:
        try:
            con.execute(f"""
                INSERT INTO records
                SELECT {key_expr} AS key, file_id, kind, crime_id, ref, month, ts, has_time,
                       type, outcome, location, area_code, area_name, address, victim, force, lat, lon
                FROM ({_police_uk_select(batch)})""")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            if len(batch) == 1:
                batch[0].report.error = f"cannot be read as CSV ({str(exc).splitlines()[0]})"
                return True
            return False  # read them one by one to find the file at fault
        new = f"file_id BETWEEN {lo} AND {hi}"
        batch_pairs = set(con.execute(f"SELECT DISTINCT kind, month, force FROM records WHERE {new}").fetchall())
        if batch_pairs & pairs:
            con.execute("ROLLBACK")
            return False
        if len(batch) > 1 and con.execute(f"""SELECT count(*) FROM (SELECT month, force FROM records WHERE {new}
                                              GROUP BY ALL HAVING count(DISTINCT file_id) > 1)""").fetchone()[0]:
            con.execute("ROLLBACK")
            return False
        # identical rows (ASB at one snap point in one month) are told apart by their occurrence, as in _commit
        unreferenced = f"{new} AND crime_id IS NULL AND ref IS NULL"
        con.execute(f"""
            UPDATE records SET key = hash(d.key, d.n) FROM (
                SELECT rowid AS rid, key, row_number() OVER (PARTITION BY key) AS n FROM records
                WHERE {unreferenced} AND key IN (SELECT key FROM records WHERE {unreferenced} GROUP BY key HAVING count(*) > 1)) d
            WHERE records.rowid = d.rid AND d.n > 1""")
        _collect_rejects(con, batch)
        counts = {fid: (n, nomonth, off) for fid, n, nomonth, off in con.execute(
            f"""SELECT file_id, count(*), count(*) FILTER (WHERE month IS NULL), count(*) FILTER (WHERE {OFF_MAP})
                FROM records WHERE {new} GROUP BY 1""").fetchall()}
        for item in batch:
            r = item.report
            n, nomonth, off = counts.get(item.file_id, (0, 0, 0))
            r.rows_read = n - nomonth
            r.error = _verdict(r)
            if r.error:
                con.execute("DELETE FROM records WHERE file_id = ?", [item.file_id])
                continue
            r.rows_added = r.rows_read
            if nomonth:
                r.warnings.append(f"{nomonth:,} row(s) have no date; they were not added")
            if off:
                r.warnings.append(f"{off:,} row(s) have coordinates off the map; they were kept without a place on the map")
        con.execute(f"DELETE FROM records WHERE {new} AND month IS NULL")
        con.execute(f"UPDATE records SET lat = NULL, lon = NULL WHERE {new} AND {OFF_MAP}")
        _record_imports(con, [item for item in batch if not item.report.error])
        con.execute("COMMIT")
        pairs.update(batch_pairs)
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        for item in batch:
            item.report.rows_added = 0
            item.report.error = f"the import failed and was undone ({str(exc).splitlines()[0]})"
    return True


def _reset(report: FileReport) -> None:
    report.rows_read, report.rejected, report.warnings, report.error = 0, [], [], ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_MAGIC = {b"PK\x03\x04": "a zip archive or an Excel workbook", b"%PDF": "a PDF document",
          b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Word file"}


def _sniff_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(8192)


def _prepare(src: _Source, mapping: dict[str, str], report: FileReport) -> tuple[str, list[str]]:
    """Check that a file is what it claims and say what it is, before any of it is read."""
    head = _sniff_bytes(src.path)
    suffix = src.original.suffix.lower() if src.original == src.path else src.path.suffix.lower()
    if not head.strip():
        raise _FileError("the file is empty")
    is_zip = head.startswith(b"PK\x03\x04")
    if suffix in (".xlsx", ".xlsm"):
        if not is_zip:
            what = next((w for m, w in _MAGIC.items() if head.startswith(m)), "text, perhaps a CSV file renamed")
            raise _FileError(f"named as an Excel workbook but it is {what}")
        src.path = _xlsx_to_csv(src.path, src.tmp)
    else:
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raise _FileError(f"not a CSV file: it is {what}" + (" (give it an .xlsx name if it is a workbook)" if is_zip else ""))
        if b"\x00" in head:
            raise _FileError("not a CSV file: it holds binary data")
    header = _header(src.path)
    if not header or len(header) < 2:
        raise _FileError("not a CSV file: its first line is not a row of column names separated by commas")
    kind = fm.police_uk_kind(header)
    if kind:
        _check_claimed_kind(src.label, kind)
        return kind, header
    near = fm.looks_like_police_uk(header)
    if near and not mapping:
        spec = fm.formats()["police_uk"][near]["header"]
        have = {fm.normalise(h) for h in header}
        missing = [h for h in spec if fm.normalise(h) not in have]
        raise _FileError(f"looks like a police.uk {near} file but its header differs"
                         + (f" (missing: {', '.join(missing)})" if missing else " (columns renamed or reordered)"))
    return "export", header


_CLAIMS = {"street": "street", "outcomes": "outcomes", "stop-and-search": "stop-search", "stop_and_search": "stop-search"}


def _check_claimed_kind(label: str, kind: str) -> None:
    """police.uk names its files ``YYYY-MM-force-street.csv``; a name that says otherwise is a mislabel."""
    stem = Path(label.split(":")[-1]).stem.lower()
    for word, claimed in _CLAIMS.items():
        if stem.endswith(word) and claimed != kind:
            raise _FileError(f"named as a police.uk {claimed} file but its header is the {kind} one")


def _header(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError:
        with open(path, encoding="cp1252", newline="") as handle:
            first = handle.readline()
    try:
        row = next(csv.reader(io.StringIO(first)))
    except (StopIteration, csv.Error):
        return []
    return [c.strip() for c in row]


def _read_csv_sql(batch: list[_Prepared], columns: dict[str, str], **extra: str) -> tuple[str, str]:
    """A DuckDB scan of the batch's files (unreadable rows kept aside with their line) and a file_id expression."""
    cols = "{" + ", ".join(f"{_q(c)}: {_q(t)}" for c, t in columns.items()) + "}"
    opts = "".join(f", {k}={_q(v)}" for k, v in extra.items())
    files = "[" + ", ".join(_q(str(b.src.path)) for b in batch) + "]"
    con_tag = batch[0].file_id
    reader = (f"read_csv({files}, header=true, auto_detect=false, delim=',', quote='\"', escape='\"', "
              f"columns={cols}, store_rejects=true, rejects_table='rej_{con_tag}', rejects_scan='scan_{con_tag}', "
              f"null_padding=true, strict_mode=false, encoding='utf-8', filename=true{opts})")
    file_id = "CASE filename " + " ".join(f"WHEN {_q(str(b.src.path))} THEN {b.file_id}" for b in batch) + " END"
    return reader, file_id


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


KIND_LABEL = {"street": "police.uk street-level crime", "outcomes": "police.uk outcomes",
              "stop-search": "police.uk stop and search", "export": "incident export"}


def _stage_police_uk(con, batch: list[_Prepared]) -> None:
    _create_staged(con, batch, _police_uk_select(batch))


def _police_uk_select(batch: list[_Prepared]) -> str:
    kind = batch[0].kind
    spec = fm.formats()["police_uk"][kind]
    f = {k: _ident(v) for k, v in spec["fields"].items()}
    types = {h: "VARCHAR" for h in spec["header"]}
    for coord in ("Latitude", "Longitude"):
        types[coord] = "DOUBLE"
    if kind == "stop-search":
        types["Date"] = "TIMESTAMPTZ"
        when = f"{f['when']}::TIMESTAMP"
        month, ts, has_time = f"date_trunc('month', {when})::DATE", when, "true"
        reader, file_id = _read_csv_sql(batch, types)
        fields = {"crime_id": "NULL", "location": "NULL", "area_code": "NULL", "area_name": "NULL",
                  "force": "NULL", "type": f"coalesce(nullif(trim({f['type']}), ''), 'Stop and search')"}
    else:
        types["Month"] = "DATE"
        reader, file_id = _read_csv_sql(batch, types, dateformat="%Y-%m")
        month, ts, has_time = f["month"], "NULL::TIMESTAMP", "false"
        # police.uk writes "No location" (and no coordinates) for a record it cannot map: that is no place
        location = f"nullif({f['location']}, 'No location')"
        fields = {"crime_id": f"nullif({f['crime_id']}, '')", "location": location,
                  "area_code": f["area_code"], "area_name": f["area_name"], "force": f["force"], "type": f["type"]}
    for item in batch:
        item.report.kind = KIND_LABEL[kind]
    return (f"""
        SELECT {file_id} AS file_id, {_q(kind)} AS kind, {fields['crime_id']} AS crime_id, NULL::VARCHAR AS ref,
               {month} AS month, {ts} AS ts, {has_time} AS has_time, {fields['type']} AS type,
               {f.get('outcome', 'NULL')} AS outcome, {fields['location']} AS location, {fields['area_code']} AS area_code,
               {fields['area_name']} AS area_name, NULL::VARCHAR AS address, NULL::VARCHAR AS victim,
               {fields['force']} AS force, {f['lat']} AS lat, {f['lon']} AS lon
        FROM {reader}""")


def _stage_export(con, item: _Prepared, explicit: dict[str, str]) -> None:
    src, header, report = item.src, item.header, item.report
    mapping, problems = fm.recognise(header, explicit)
    if problems:
        raise _FileError(problems[0])
    cols = mapping.columns
    missing = [fld for fld in ("when", "type") if fld not in cols]
    if missing:
        names = " and ".join(f"{fm.FIELD_HELP[m]} ({m})" for m in missing)
        raise _FileError(f"not a police.uk file, and no column for the {names} was recognised "
                         f"(columns: {', '.join(header)}); name it with --map {missing[0]}=COLUMN")
    types = {h: "VARCHAR" for h in header}
    for coord in ("lat", "lon", "easting", "northing"):
        if coord in cols:
            types[cols[coord]] = "DOUBLE"
    when_fmt = _date_format(con, src.path, cols["when"], cols.get("time"))
    if when_fmt is None:
        raise _FileError(f"column {cols['when']!r} does not hold dates in a form popguide knows "
                         f"(for example 2024-03-01 14:05 or 01/03/2024 14:05)")
    has_time = "%H" in when_fmt or "time" in cols
    if "time" in cols:
        when_sql = f"try_strptime(trim({_ident(cols['when'])}) || ' ' || coalesce(nullif(trim({_ident(cols['time'])}), ''), '00:00'), {_q(when_fmt)})"
        types[cols["when"]] = "VARCHAR"
        extra = {}
    else:
        types[cols["when"]] = "TIMESTAMP"
        when_sql = _ident(cols["when"])
        extra = {"timestampformat": when_fmt}
    reader, file_id = _read_csv_sql([item], types, **extra)

    def col(fld: str, default: str = "NULL::VARCHAR") -> str:
        return f"nullif(trim({_ident(cols[fld])}), '')" if fld in cols else default

    lat = _ident(cols["lat"]) if "lat" in cols else "NULL::DOUBLE"
    lon = _ident(cols["lon"]) if "lon" in cols else "NULL::DOUBLE"
    location = f"coalesce({col('location')}, {col('address')})"
    report.kind = "incident export"
    report.mapping = mapping.describe()
    _create_staged(con, [item], f"""
        SELECT {file_id} AS file_id, 'incident' AS kind, NULL::VARCHAR AS crime_id, {col('ref')} AS ref,
               date_trunc('month', {when_sql})::DATE AS month, {when_sql}::TIMESTAMP AS ts,
               {'true' if has_time else 'false'} AS has_time, coalesce({col('type')}, '(no type)') AS type,
               NULL::VARCHAR AS outcome, {location} AS location, {col('area')} AS area_code,
               {col('area_name')} AS area_name, {col('address')} AS address, {col('victim')} AS victim,
               NULL::VARCHAR AS force, {lat} AS lat, {lon} AS lon,
               {(_ident(cols['easting']) + ' AS easting, ' + _ident(cols['northing']) + ' AS northing') if 'easting' in cols and 'northing' in cols else 'NULL::DOUBLE AS easting, NULL::DOUBLE AS northing'}
        FROM {reader}""")
    if "time" in cols:
        bad = con.execute("SELECT count(*) FROM staged WHERE ts IS NULL").fetchone()[0]
        if bad:
            report.warnings.append(f"{bad:,} row(s) have a date or time that could not be read; they were not added")
            con.execute("DELETE FROM staged WHERE ts IS NULL")
            report.rows_read -= bad
    if "easting" in cols and "northing" in cols:
        _grid_to_latlon(con, report)
    con.execute("ALTER TABLE staged DROP COLUMN easting")
    con.execute("ALTER TABLE staged DROP COLUMN northing")
    if has_time:
        midnight = con.execute("SELECT count(*) FILTER (WHERE ts::TIME = '00:00:00'), count(*) FROM staged").fetchone()
        if midnight[1] and midnight[0] == midnight[1]:
            con.execute("UPDATE staged SET has_time = false")


def _date_format(con, path: Path, column: str, time_column: str | None) -> str | None:
    """The first known date form that reads every sampled value of the column (DuckDB's own parser)."""
    value = f"trim({_ident(column)})" + (f" || ' ' || coalesce(nullif(trim({_ident(time_column)}), ''), '00:00')" if time_column else "")
    sample_sql = (f"SELECT {value} AS v FROM read_csv({_q(str(path))}, header=true, all_varchar=true, quote='\"', "
                  f"escape='\"', delim=',', auto_detect=false, columns={_all_varchar(path)}, ignore_errors=true, "
                  f"null_padding=true) WHERE nullif(trim({_ident(column)}), '') IS NOT NULL USING SAMPLE {SAMPLE_ROWS} ROWS")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE date_sample AS {sample_sql}")
    except Exception as exc:  # duckdb.Error: the file cannot be parsed as CSV at all
        raise _FileError(f"cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    total = con.execute("SELECT count(*) FROM date_sample").fetchone()[0]
    if not total:
        raise _FileError(f"column {column!r} is empty in every row")
    best, best_ok = None, 0
    for fmt in fm.date_formats():  # the form that reads the most values wins; ties go to the earlier form
        ok = con.execute(f"""SELECT count(*) FROM (SELECT try_strptime(v, {_q(fmt)}) AS d FROM date_sample)
                             WHERE year(d) BETWEEN 1900 AND 2100""").fetchone()[0]  # '06' is not the year 6
        if ok > best_ok:
            best, best_ok = fmt, ok
    return best if best_ok >= total * 0.5 else None  # bad values are then reported row by row


def _all_varchar(path: Path) -> str:
    return "{" + ", ".join(f"{_q(h)}: 'VARCHAR'" for h in _header(path)) + "}"


def _create_staged(con, batch: list[_Prepared], select: str) -> None:
    import duckdb

    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {select}")
    except duckdb.Error as exc:
        raise _FileError(f"cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    _collect_rejects(con, batch)
    counts = dict(con.execute("SELECT file_id, count(*) FROM staged GROUP BY 1").fetchall())
    for item in batch:
        item.report.rows_read = counts.get(item.file_id, 0)


def _collect_rejects(con, batch: list[_Prepared]) -> None:
    tag = batch[0].file_id
    by_path = {str(b.src.path): b for b in batch}
    rejected = con.execute(f"""SELECT s.file_path, e.line, coalesce(e.column_name, '(row)'), e.error_type, e.error_message, e.csv_line
                               FROM rej_{tag} e JOIN scan_{tag} s USING (scan_id, file_id) ORDER BY 1, 2""").fetchall()
    for path, line, column, etype, message, raw in rejected:
        report = by_path[path].report
        if not report.rejected or report.rejected[-1][0] != line:
            report.rejected.append((line, column, _plain_reject(column, etype, message, raw)))
    con.execute(f"DROP TABLE IF EXISTS rej_{tag}")
    con.execute(f"DROP TABLE IF EXISTS scan_{tag}")


def _verdict(r: FileReport) -> str:
    """Why a whole file is refused, or ''."""
    if r.rows_read == 0 and not r.rejected:
        return "has a header but no rows"
    if r.rows_read == 0:
        return f"not one row could be read (first problem, line {r.rejected[0][0]}: {r.rejected[0][2]})"
    if len(r.rejected) > max(10, r.rows_read):
        return f"most rows could not be read (line {r.rejected[0][0]}: {r.rejected[0][2]}); is it the file it claims to be?"
    return ""


def _check_staged(con, batch: list[_Prepared]) -> None:
    """File-level verdicts (no rows, mostly unreadable) and row fixes (coordinates off the map, no date)."""
    single = len(batch) == 1
    for item in batch:
        r = item.report
        problem = _verdict(r)
        if problem and single:
            raise _FileError(problem)
        if problem:
            r.error = problem
            con.execute("DELETE FROM staged WHERE file_id = ?", [item.file_id])
    by_id = {b.file_id: b for b in batch}
    off_map = "lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180"
    for fid, n in con.execute(f"SELECT file_id, count(*) FROM staged WHERE {off_map} GROUP BY 1").fetchall():
        by_id[fid].report.warnings.append(f"{n:,} row(s) have coordinates off the map; they were kept without a place on the map")
    con.execute(f"UPDATE staged SET lat = NULL, lon = NULL WHERE {off_map}")
    for fid, n in con.execute("SELECT file_id, count(*) FROM staged WHERE month IS NULL GROUP BY 1").fetchall():
        by_id[fid].report.warnings.append(f"{n:,} row(s) have no date; they were not added")
        by_id[fid].report.rows_read -= n
    con.execute("DELETE FROM staged WHERE month IS NULL")


def _plain_reject(column: str, etype: str, message: str, raw: str | None) -> str:
    if etype == "CAST":
        value = message.split('Could not convert string "', 1)[-1].split('"', 1)[0] if "Could not convert" in message else ""
        what = "a date" if column in ("Month", "Date") or "date" in column.lower() or "time" in column.lower() else "a number"
        return f"{value!r} is not {what}" if value else message.splitlines()[0]
    if etype in ("TOO FEW COLUMNS", "TOO MANY COLUMNS"):
        return f"{etype.lower()} ({(raw or '')[:60]!r})"
    return message.splitlines()[0]


def _xlsx_to_csv(path: Path, tmp: Path) -> Path:
    """The first worksheet as a private temporary CSV (row numbers kept as line numbers)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise _FileError(f"not a readable Excel workbook ({type(exc).__name__})") from None
    fd, name = tempfile.mkstemp(prefix="sheet-", suffix=".csv", dir=tmp)
    os.close(fd)
    out = Path(name)
    try:
        sheet = book.worksheets[0]
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else (v.isoformat(sep=" ") if isinstance(v, datetime) else v) for v in row])
    finally:
        book.close()
    return out


def _grid_to_latlon(con, report: FileReport) -> None:
    """British National Grid eastings/northings to latitude/longitude, with PROJ (pyproj)."""
    from pyproj import Transformer

    con.execute("ALTER TABLE staged ADD COLUMN rid BIGINT")
    con.execute("CREATE OR REPLACE TEMP SEQUENCE rid_staged")
    con.execute("UPDATE staged SET rid = nextval('rid_staged')")
    arrays = con.execute("""SELECT rid, easting, northing FROM staged
                             WHERE lat IS NULL AND easting BETWEEN 0 AND 700000 AND northing BETWEEN 0 AND 1300000""").fetchnumpy()
    if len(arrays["rid"]):
        import pandas as pd

        lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(arrays["easting"], arrays["northing"])
        frame = pd.DataFrame({"rid": arrays["rid"], "lat": lat, "lon": lon})
        con.register("grid_points", frame)
        con.execute("UPDATE staged s SET lat = g.lat, lon = g.lon FROM grid_points g WHERE s.rid = g.rid")
        con.unregister("grid_points")
    off = con.execute("SELECT count(*) FROM staged WHERE lat IS NULL AND (easting IS NOT NULL OR northing IS NOT NULL)").fetchone()[0]
    if off:
        report.warnings.append(f"{off:,} row(s) have eastings/northings outside Great Britain; kept without a place on the map")
    con.execute("ALTER TABLE staged DROP COLUMN rid")


# -- adding the staged rows ----------------------------------------------------------------------------
def _commit(con, batch: list[_Prepared]) -> None:
    """Add the staged rows not already in the dataset, and record the files, in one transaction."""
    import duckdb

    key_expr = "hash(" + ", ".join(KEY_COLUMNS) + ")"
    ids = [b.file_id for b in batch]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"""
            INSERT INTO records
            SELECT key, file_id, kind, crime_id, ref, month, ts, has_time, type, outcome, location, area_code,
                   area_name, address, victim, force, lat, lon
            FROM (SELECT CASE WHEN n = 1 OR crime_id IS NOT NULL OR ref IS NOT NULL THEN h ELSE hash(h, n) END AS key,
                         * EXCLUDE (h, n)
                  FROM (SELECT {key_expr} AS h, row_number() OVER (PARTITION BY {key_expr}) AS n, * FROM staged)) k
            WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.key = k.key)""")
        added = dict(con.execute(f"SELECT file_id, count(*) FROM records WHERE file_id BETWEEN {min(ids)} AND {max(ids)} "
                                 "GROUP BY 1").fetchall())
        for item in batch:
            item.report.rows_added = added.get(item.file_id, 0)
        _record_imports(con, batch)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        for item in batch:
            item.report.rows_added = 0
            item.report.error = f"the import failed and was undone ({str(exc).splitlines()[0]})"


def _record_imports(con, batch: list[_Prepared]) -> None:
    """The files and their unreadable rows, in the same transaction as their records."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for item in batch:
        r = item.report
        con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [item.file_id, item.src.label, item.src.sha256, r.kind, r.rows_read, r.rows_added,
                     len(r.rejected), now, r.mapping])
        if r.rejected:
            con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?, ?)",
                            [[item.file_id, item.src.label, ln, fld, msg] for ln, fld, msg in r.rejected])
