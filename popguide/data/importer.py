"""Import police.uk files and a force's own exports into a dataset, all or nothing.

Every file is checked and read into a staging table first; only when all the files that can be
read are staged are their rows added, in one transaction, so a bad file leaves the dataset as it
was. DuckDB reads the CSV itself (fast, and it reports each unreadable row with its line); rows
already in the dataset (same content, same occurrence) are not added again.
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
from .store import DataError, connect, dataset_path, private

DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
SAMPLE_ROWS = 2000
#: Columns hashed into a record's key (the outcome is left out: police.uk updates it month by month).
KEY_COLUMNS = ("kind", "crime_id", "ref", "month", "ts", "type", "location", "area_code", "lat", "lon",
               "address", "victim")


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
            staged = _stage_all(con, sources, mapping or {}, reports)
            if staged:
                _commit(con, staged, reports)
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
    return [_Source(label, path, path)]


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
            out.append(_Source(f"{path}:{member}", dest, dest))
    return out


# -- staging one file ------------------------------------------------------------------------------
def _stage_all(con, sources: list[_Source], mapping: dict[str, str], reports: list[FileReport]) -> list[tuple[int, _Source, FileReport]]:
    staged = []
    seen: dict[str, str] = {}
    known = dict(con.execute("SELECT sha256, path || ' on ' || strftime(imported_at, '%Y-%m-%d') FROM imports").fetchall())
    next_id = (con.execute("SELECT coalesce(max(file_id), 0) FROM imports").fetchone()[0] or 0) + 1
    for src in sources:
        report = FileReport(src.label)
        reports.append(report)
        try:
            src.sha256 = _sha256(src.original)
            if src.sha256 in known or src.sha256 in seen:
                report.duplicate_of = known.get(src.sha256) or f"same content as {seen[src.sha256]}"
                continue
            seen[src.sha256] = src.label
            _stage(con, next_id, src, mapping, report)
        except _FileError as exc:
            report.error = str(exc)
            con.execute(f"DROP TABLE IF EXISTS staged_{next_id}")
            continue
        staged.append((next_id, src, report))
        next_id += 1
    return staged


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


def _stage(con, file_id: int, src: _Source, mapping: dict[str, str], report: FileReport) -> None:
    head = _sniff_bytes(src.path)
    suffix = src.original.suffix.lower() if src.original == src.path else src.path.suffix.lower()
    if not head.strip():
        raise _FileError("the file is empty")
    is_zip = head.startswith(b"PK\x03\x04")
    if suffix in (".xlsx", ".xlsm"):
        if not is_zip:
            what = next((w for m, w in _MAGIC.items() if head.startswith(m)), "text, perhaps a CSV file renamed")
            raise _FileError(f"named as an Excel workbook but it is {what}")
        src.path = _xlsx_to_csv(src.path, report)
    else:
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raise _FileError(f"not a CSV file: it is {what}" + (" (give it an .xlsx name if it is a workbook)" if is_zip else ""))
        if b"\x00" in head:
            raise _FileError("not a CSV file: it holds binary data")
    header = _header(src.path)
    if not header or len(header) < 2:
        raise _FileError("no header row of column names (a CSV export starts with one)")
    kind = fm.police_uk_kind(header)
    if kind:
        _check_claimed_kind(src.label, kind)
        _stage_police_uk(con, file_id, src, kind, header, report)
    else:
        near = fm.looks_like_police_uk(header)
        if near and not mapping:
            spec = fm.formats()["police_uk"][near]["header"]
            have = {fm.normalise(h) for h in header}
            missing = [h for h in spec if fm.normalise(h) not in have]
            raise _FileError(f"looks like a police.uk {near} file but its header differs"
                             + (f" (missing: {', '.join(missing)})" if missing else " (columns renamed or reordered)"))
        _stage_export(con, file_id, src, header, mapping, report)


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


def _read_csv_sql(path: Path, columns: dict[str, str], file_id: int, **extra: str) -> str:
    cols = "{" + ", ".join(f"{_q(c)}: {_q(t)}" for c, t in columns.items()) + "}"
    opts = "".join(f", {k}={_q(v)}" for k, v in extra.items())
    return (f"read_csv({_q(str(path))}, header=true, auto_detect=false, delim=',', quote='\"', escape='\"', "
            f"columns={cols}, store_rejects=true, rejects_table='rej_{file_id}', rejects_scan='scan_{file_id}', "
            f"null_padding=true, strict_mode=false, encoding='utf-8'{opts})")


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _stage_police_uk(con, file_id: int, src: _Source, kind: str, header: list[str], report: FileReport) -> None:
    spec = fm.formats()["police_uk"][kind]
    f = {k: _ident(v) for k, v in spec["fields"].items()}
    types = {h: "VARCHAR" for h in spec["header"]}
    for coord in ("Latitude", "Longitude"):
        types[coord] = "DOUBLE"
    if kind == "stop-search":
        types["Date"] = "TIMESTAMPTZ"
        when = f"{f['when']}::TIMESTAMP"
        month, ts, has_time = f"date_trunc('month', {when})::DATE", when, "true"
        reader = _read_csv_sql(src.path, types, file_id)
        fields = {"crime_id": "NULL", "ref": "NULL", "location": "NULL", "area_code": "NULL", "area_name": "NULL",
                  "force": "NULL", "type": f"coalesce(nullif(trim({f['type']}), ''), 'Stop and search')"}
    else:
        types["Month"] = "DATE"
        reader = _read_csv_sql(src.path, types, file_id, dateformat="%Y-%m")
        month, ts, has_time = f["month"], "NULL::TIMESTAMP", "false"
        fields = {"crime_id": f"nullif({f['crime_id']}, '')", "ref": "NULL", "location": f["location"],
                  "area_code": f["area_code"], "area_name": f["area_name"], "force": f["force"], "type": f["type"]}
    outcome = f.get("outcome", "NULL")
    report.kind = {"street": "police.uk street-level crime", "outcomes": "police.uk outcomes",
                   "stop-search": "police.uk stop and search"}[kind]
    _create_staged(con, file_id, src, report, f"""
        SELECT {_q(_kind_code(kind))} AS kind, {fields['crime_id']} AS crime_id, {fields['ref']} AS ref,
               {month} AS month, {ts} AS ts, {has_time} AS has_time, {fields['type']} AS type,
               {outcome} AS outcome, {fields['location']} AS location, {fields['area_code']} AS area_code,
               {fields['area_name']} AS area_name, NULL::VARCHAR AS address, NULL::VARCHAR AS victim,
               {fields['force']} AS force, {f['lat']} AS lat, {f['lon']} AS lon
        FROM {reader}""")


def _kind_code(kind: str) -> str:
    return {"street": "street", "outcomes": "outcomes", "stop-search": "stop-search"}[kind]


def _stage_export(con, file_id: int, src: _Source, header: list[str], explicit: dict[str, str], report: FileReport) -> None:
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
    reader = _read_csv_sql(src.path, types, file_id, **extra)

    def col(fld: str, default: str = "NULL::VARCHAR") -> str:
        return f"nullif(trim({_ident(cols[fld])}), '')" if fld in cols else default

    lat = _ident(cols["lat"]) if "lat" in cols else "NULL::DOUBLE"
    lon = _ident(cols["lon"]) if "lon" in cols else "NULL::DOUBLE"
    location = f"coalesce({col('location')}, {col('address')})"
    report.kind = "incident export"
    report.mapping = mapping.describe()
    _create_staged(con, file_id, src, report, f"""
        SELECT 'incident' AS kind, NULL::VARCHAR AS crime_id, {col('ref')} AS ref,
               date_trunc('month', {when_sql})::DATE AS month, {when_sql}::TIMESTAMP AS ts,
               {'true' if has_time else 'false'} AS has_time, coalesce({col('type')}, '(no type)') AS type,
               NULL::VARCHAR AS outcome, {location} AS location, {col('area')} AS area_code,
               {col('area_name')} AS area_name, {col('address')} AS address, {col('victim')} AS victim,
               NULL::VARCHAR AS force, {lat} AS lat, {lon} AS lon,
               {(_ident(cols['easting']) + ' AS easting, ' + _ident(cols['northing']) + ' AS northing') if 'easting' in cols and 'northing' in cols else 'NULL::DOUBLE AS easting, NULL::DOUBLE AS northing'}
        FROM {reader}""")
    if "time" in cols:
        bad = con.execute(f"SELECT count(*) FROM staged_{file_id} WHERE ts IS NULL").fetchone()[0]
        if bad:
            report.warnings.append(f"{bad:,} row(s) have a date or time that could not be read; they were not added")
            con.execute(f"DELETE FROM staged_{file_id} WHERE ts IS NULL")
            report.rows_read -= bad
    if "easting" in cols and "northing" in cols:
        _grid_to_latlon(con, file_id, report)
    con.execute(f"ALTER TABLE staged_{file_id} DROP COLUMN easting")
    con.execute(f"ALTER TABLE staged_{file_id} DROP COLUMN northing")
    if has_time:
        midnight = con.execute(f"SELECT count(*) FILTER (WHERE ts::TIME = '00:00:00'), count(*) FROM staged_{file_id}").fetchone()
        if midnight[1] and midnight[0] == midnight[1]:
            con.execute(f"UPDATE staged_{file_id} SET has_time = false")


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


def _create_staged(con, file_id: int, src: _Source, report: FileReport, select: str) -> None:
    import duckdb

    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE staged_{file_id} AS {select}")
    except duckdb.Error as exc:
        raise _FileError(f"cannot be read as CSV ({str(exc).splitlines()[0]})") from None
    report.rows_read = con.execute(f"SELECT count(*) FROM staged_{file_id}").fetchone()[0]
    rejected = con.execute(
        f"SELECT line, coalesce(column_name, '(row)'), error_type, error_message, csv_line FROM rej_{file_id} ORDER BY line").fetchall()
    by_line: dict[int, tuple[int, str, str]] = {}
    for line, column, etype, message, raw in rejected:
        by_line.setdefault(line, (line, column, _plain_reject(column, etype, message, raw)))
    report.rejected = list(by_line.values())
    if report.rows_read == 0 and not report.rejected:
        raise _FileError("has a header but no rows")
    if report.rows_read == 0:
        raise _FileError(f"not one row could be read (first problem, line {report.rejected[0][0]}: {report.rejected[0][2]})")
    if len(report.rejected) > max(10, report.rows_read):
        raise _FileError(f"most rows could not be read (line {report.rejected[0][0]}: {report.rejected[0][2]}); "
                         "is it the file it claims to be?")
    bad = con.execute(f"""SELECT count(*) FROM staged_{file_id}
                          WHERE lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180""").fetchone()[0]
    if bad:
        con.execute(f"UPDATE staged_{file_id} SET lat = NULL, lon = NULL WHERE lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180")
        report.warnings.append(f"{bad:,} row(s) have coordinates off the map; they were kept without a place on the map")
    nomonth = con.execute(f"SELECT count(*) FROM staged_{file_id} WHERE month IS NULL").fetchone()[0]
    if nomonth:
        con.execute(f"DELETE FROM staged_{file_id} WHERE month IS NULL")
        report.rows_read -= nomonth
        report.warnings.append(f"{nomonth:,} row(s) have no date; they were not added")


def _plain_reject(column: str, etype: str, message: str, raw: str | None) -> str:
    if etype == "CAST":
        value = message.split('Could not convert string "', 1)[-1].split('"', 1)[0] if "Could not convert" in message else ""
        what = "a date" if column in ("Month", "Date") or "date" in column.lower() or "time" in column.lower() else "a number"
        return f"{value!r} is not {what}" if value else message.splitlines()[0]
    if etype in ("TOO FEW COLUMNS", "TOO MANY COLUMNS"):
        return f"{etype.lower()} ({(raw or '')[:60]!r})"
    return message.splitlines()[0]


def _xlsx_to_csv(path: Path, report: FileReport) -> Path:
    """The first worksheet as a private temporary CSV (row numbers kept as line numbers)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise _FileError(f"not a readable Excel workbook ({type(exc).__name__})") from None
    out = Path(tempfile.mkstemp(prefix="sheet-", suffix=".csv", dir=_private_tmp())[1])
    try:
        sheet = book.worksheets[0]
        with open(out, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in sheet.iter_rows(values_only=True):
                writer.writerow(["" if v is None else (v.isoformat(sep=" ") if isinstance(v, datetime) else v) for v in row])
    finally:
        book.close()
    return out


_TMP: list[Path] = []


def _private_tmp() -> Path:
    if not _TMP or not _TMP[0].exists():
        _TMP[:] = [Path(tempfile.mkdtemp(prefix="popguide-sheets-"))]
        os.chmod(_TMP[0], 0o700)
    return _TMP[0]


def _grid_to_latlon(con, file_id: int, report: FileReport) -> None:
    """British National Grid eastings/northings to latitude/longitude, with PROJ (pyproj)."""
    from pyproj import Transformer

    con.execute(f"ALTER TABLE staged_{file_id} ADD COLUMN rid BIGINT")
    con.execute(f"CREATE OR REPLACE TEMP SEQUENCE rid_{file_id}")
    con.execute(f"UPDATE staged_{file_id} SET rid = nextval('rid_{file_id}')")
    arrays = con.execute(f"""SELECT rid, easting, northing FROM staged_{file_id}
                             WHERE lat IS NULL AND easting BETWEEN 0 AND 700000 AND northing BETWEEN 0 AND 1300000""").fetchnumpy()
    if len(arrays["rid"]):
        import pandas as pd

        lon, lat = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True).transform(arrays["easting"], arrays["northing"])
        frame = pd.DataFrame({"rid": arrays["rid"], "lat": lat, "lon": lon})
        con.register("grid_points", frame)
        con.execute(f"UPDATE staged_{file_id} s SET lat = g.lat, lon = g.lon FROM grid_points g WHERE s.rid = g.rid")
        con.unregister("grid_points")
    off = con.execute(f"SELECT count(*) FROM staged_{file_id} WHERE lat IS NULL AND (easting IS NOT NULL OR northing IS NOT NULL)").fetchone()[0]
    if off:
        report.warnings.append(f"{off:,} row(s) have eastings/northings outside Great Britain; kept without a place on the map")
    con.execute(f"ALTER TABLE staged_{file_id} DROP COLUMN rid")


# -- adding the staged rows ----------------------------------------------------------------------------
def _commit(con, staged: list[tuple[int, _Source, FileReport]], reports: list[FileReport]) -> None:
    import duckdb

    key_expr = "hash(" + ", ".join(KEY_COLUMNS) + ")"
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        for file_id, src, report in staged:
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE keyed AS
                SELECT hash(h, row_number() OVER (PARTITION BY h)) AS key, * EXCLUDE (h)
                FROM (SELECT {key_expr} AS h, * FROM staged_{file_id})""")
            before = con.execute("SELECT count(*) FROM records").fetchone()[0]
            con.execute(f"""
                INSERT INTO records
                SELECT key, {file_id}, kind, crime_id, ref, month, ts, has_time, type, outcome, location, area_code,
                       area_name, address, victim, force, lat, lon
                FROM keyed k WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.key = k.key)""")
            report.rows_added = con.execute("SELECT count(*) FROM records").fetchone()[0] - before
            con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [file_id, src.label, src.sha256, report.kind, report.rows_read, report.rows_added,
                         len(report.rejected), now, report.mapping])
            if report.rejected:
                con.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?, ?)",
                                [[file_id, src.label, ln, fld, msg] for ln, fld, msg in report.rejected])
            con.execute(f"DROP TABLE staged_{file_id}")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        for _, _, report in staged:
            report.rows_added = 0
            report.error = f"the import failed and was undone ({str(exc).splitlines()[0]})"
    con.execute("DROP TABLE IF EXISTS keyed")
