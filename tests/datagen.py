"""Generated police.uk months in the real format, built from the real Merseyside month.

Used by the tests (several months with a planted rise) and by bench/data_bench.py (a year of one force,
and a national year). Rows are resampled from the real file with DuckDB, deterministically (hash of
the seed, month and row), so the same call always writes the same files.
"""

from __future__ import annotations

from pathlib import Path

REAL_MONTH = Path(__file__).resolve().parents[2] / "shared" / "data" / "police-uk" / "2021-12-merseyside-street.csv"
HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
          "Last outcome category,Context")
#: A mild seasonal shape (month number -> factor): more in summer, a bump in October/November.
SEASON = {1: 0.92, 2: 0.88, 3: 0.96, 4: 0.98, 5: 1.04, 6: 1.07, 7: 1.10, 8: 1.06, 9: 1.0, 10: 1.05, 11: 1.0, 12: 0.94}


def real_month() -> Path:
    for candidate in (REAL_MONTH, Path("/work/shared/data/police-uk/2021-12-merseyside-street.csv")):
        if candidate.exists():
            return candidate
    raise FileNotFoundError("the real police.uk month is not in ../shared/data/police-uk/")


def police_uk_months(out_dir: Path, months: list[str], *, scale: float = 1.0, seed: int = 1, forces: int = 1,
                     spike: dict | None = None, source: Path | None = None) -> list[Path]:
    """Write one street-level CSV per month (``YYYY-MM-force-street.csv``) and return their paths.

    ``spike``: {"month": "2021-10", "type": "Anti-social behaviour", "locations": [...], "copies": 30} plants
    ``copies`` extra rows of that type at each of those snap points in that month.
    """
    import duckdb

    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    src = str(source or real_month())
    con.execute(f"CREATE TABLE base AS SELECT row_number() OVER () AS rid, * FROM read_csv('{src}', header=true, all_varchar=true)")
    reps = int(scale * max(SEASON.values())) + 1  # enough copies of each row for the busiest month
    paths = []
    for month in months:
        factor = SEASON[int(month[5:])] * scale / reps
        force_shift = ("(f.i // 7 - 3) * 0.3", "(f.i % 7 - 3) * 0.3") if forces > 1 else ("0", "0")
        con.execute(f"""
            CREATE OR REPLACE TABLE gen AS
            SELECT CASE WHEN b."Crime ID" IS NULL THEN NULL
                        ELSE sha256(concat_ws('|', {seed}, '{month}', f.i, r.i, b.rid)) END AS "Crime ID",
                   '{month}' AS "Month",
                   CASE WHEN f.i = 0 THEN b."Reported by" ELSE 'Force ' || f.i END AS "Reported by",
                   CASE WHEN f.i = 0 THEN b."Falls within" ELSE 'Force ' || f.i END AS "Falls within",
                   round(b."Longitude"::DOUBLE + {force_shift[1]}, 6) AS "Longitude",
                   round(b."Latitude"::DOUBLE + {force_shift[0]}, 6) AS "Latitude",
                   b."Location",
                   CASE WHEN f.i = 0 THEN b."LSOA code" ELSE 'E' || lpad((f.i * 100000 + right(b."LSOA code", 5)::INT)::VARCHAR, 8, '0') END AS "LSOA code",
                   CASE WHEN f.i = 0 THEN b."LSOA name" ELSE 'Force' || f.i || ' ' || b."LSOA name" END AS "LSOA name",
                   b."Crime type", b."Last outcome category", b."Context"
            FROM base b, range({forces}) f(i), range({reps}) r(i)
            WHERE hash({seed}, '{month}', f.i, r.i, b.rid) % 1000000 < {round(factor * 1000000)}""")
        if spike and spike["month"] == month:
            locs = ", ".join("'" + loc.replace("'", "''") + "'" for loc in spike["locations"])
            con.execute(f"""
                INSERT INTO gen SELECT NULL, '{month}', b."Reported by", b."Falls within", b."Longitude", b."Latitude",
                       b."Location", b."LSOA code", b."LSOA name", '{spike['type']}', NULL, NULL
                FROM (SELECT * FROM base WHERE "Location" IN ({locs}) QUALIFY row_number() OVER (PARTITION BY "Location") = 1) b,
                     range({int(spike.get('copies', 6))}) r(i)""")
        path = out_dir / f"{month}-{'national' if forces > 1 else 'merseyside'}-street.csv"
        con.execute(f"COPY gen TO '{path}' (HEADER, DELIMITER ',')")
        paths.append(path)
    con.close()
    return paths


def months_range(first: str, count: int) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
