"""The analysis tool kit on real files: import, re-import, bad files, and each analysis's figures."""

from __future__ import annotations

import csv
import io
import re
import json
import stat
import subprocess
import sys
import zipfile
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from datagen import months_range, police_uk_months, real_month  # noqa: E402

from popguide.cli import main  # noqa: E402
from popguide.data import store  # noqa: E402
from popguide.data.analyses import ANALYSES, run_analysis  # noqa: E402
from popguide.data.filters import Filter  # noqa: E402
from popguide.data.importer import import_files  # noqa: E402

SHARED = real_month().parent.parent
STREET = SHARED / "police-uk" / "2021-12-merseyside-street.csv"
SACRAMENTO = SHARED / "incidents" / "SacramentocrimeJanuary2006.csv"
SPIKE_PLACES = ["On or near Roe Alley", "On or near Dawson Avenue", "On or near Cedar Street"]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def csv_counts(path: Path, column: str) -> Counter:
    with open(path, encoding="utf-8", newline="") as handle:
        return Counter(row[column] for row in csv.DictReader(handle))


@pytest.fixture(scope="module")
def six_months(tmp_path_factory) -> list[Path]:
    """Six generated Merseyside months; October has 30 extra ASB reports at each of three snap points."""
    return police_uk_months(tmp_path_factory.mktemp("six"), months_range("2021-06", 6), seed=3,
                            spike={"month": "2021-10", "type": "Anti-social behaviour", "locations": SPIKE_PLACES,
                                   "copies": 60})


# -- import and profile on the real month ---------------------------------------------------------------
def test_profile_counts_per_category_match_a_plain_count_of_the_csv():
    code, out, err = run_cli("data", "import", str(STREET), "--name", "mersey")
    assert code == 0, err
    assert "14,018 added" in out
    code, out, _ = run_cli("data", "profile", "mersey", "--json")
    figures = json.loads(out)["figures"]
    assert figures["by_type"] == dict(csv_counts(STREET, "Crime type"))
    assert figures["total"] == sum(csv_counts(STREET, "Crime type").values())
    # the top snap points with their share, and the caveats
    rows = list(csv.DictReader(open(STREET, encoding="utf-8")))
    places = Counter((r["Location"], r["Latitude"], r["Longitude"]) for r in rows)
    (loc, _, _), top = places.most_common(1)[0]
    assert figures["top_places"][0]["location"] == loc and figures["top_places"][0]["count"] == top
    assert figures["top_places"][0]["share"] == round(100 * top / len(rows), 1)
    code, text, _ = run_cli("data", "profile", "mersey")
    assert "snap points" in text and "Anti-social behaviour has no crime reference" in text
    assert f"{loc} (" in text and "Violence and sexual offences" in text
    # two snap points share a name in one area (Shopping Area, Liverpool 060C): each is shown once, told apart
    labels = [p["place"] for p in figures["top_places"]]
    assert len(set(labels)) == len(labels), labels
    assert "On or near Shopping Area (Liverpool 060C, at 53.4051, -2.9811)" in labels


def test_dataset_file_is_private_and_listed():
    run_cli("data", "import", str(STREET), "--name", "mersey")
    path = store.dataset_path("mersey")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, out, _ = run_cli("data", "list", "--json")
    assert [d["name"] for d in json.loads(out)] == ["mersey"]
    code, out, _ = run_cli("data", "show", "mersey")
    assert "14,018 rows, 2021-12 to 2021-12" in out and "Liverpool 060C" in out
    code, out, _ = run_cli("data", "delete", "mersey", "--yes")
    assert code == 0 and not path.exists()


def test_reimporting_the_same_file_or_month_adds_nothing(tmp_path):
    first = import_files("m", [STREET])
    assert first.added == 14018
    again = import_files("m", [STREET])
    assert again.added == 0 and "already imported" in again.lines()[0]
    # the same rows under another name and order (a second download of the month) add nothing either
    lines = STREET.read_text(encoding="utf-8").splitlines()
    copy = tmp_path / "download-again.csv"
    copy.write_text("\n".join([lines[0]] + list(reversed(lines[1:]))) + "\n", encoding="utf-8")
    third = import_files("m", [copy])
    assert third.files[0].rows_read == 14018 and third.added == 0
    assert store.info("m").rows == 14018


def test_folder_and_zip_of_months_import_together(tmp_path, six_months):
    archive = tmp_path / "months.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in six_months[:3]:
            z.write(p, p.name)
    report = import_files("z", [archive])
    assert len(report.files) == 3 and not report.failed
    folder = six_months[0].parent
    report = import_files("z", [folder])
    # three of the folder's files are the zipped months: recognised as already imported, the other three added
    assert sum(1 for f in report.files if f.duplicate_of) == 3 and sum(1 for f in report.files if f.rows_added) == 3
    assert store.info("z").rows == sum(sum(csv_counts(p, "Month").values()) for p in six_months)
    assert store.info("z").first_month == "2021-06" and store.info("z").last_month == "2021-11"


# -- bad files: one clear line each, nothing lost -------------------------------------------------------------
def test_bad_files_each_get_one_clear_line_and_lose_nothing(tmp_path):
    import_files("d", [STREET])
    before = store.info("d").rows
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    header_only = tmp_path / "2022-01-merseyside-street.csv"
    header_only.write_text(STREET.read_text().splitlines()[0] + "\n")
    png = tmp_path / "picture.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    fake_xlsx = tmp_path / "export.xlsx"
    fake_xlsx.write_text("Date,Type\n2024-01-01,ASB\n")
    mislabelled = tmp_path / "2021-12-merseyside-outcomes.csv"
    mislabelled.write_text(STREET.read_text()[:5000].rsplit("\n", 1)[0] + "\n")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Spot,LSOA code,LSOA name,Crime type,"
                       "Last outcome category,Context\n,2021-12,x,x,1,1,a,b,c,d,e,\n")
    other = tmp_path / "notes.csv"
    other.write_text("name,colour\nsam,blue\n")
    files = [empty, header_only, png, fake_xlsx, mislabelled, renamed, other]
    code, out, err = run_cli("data", "import", *map(str, files), "--name", "d")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == len(files), err
    expected = {"empty.csv": "empty", "street.csv": "no rows", "picture.csv": "PNG image",
                "export.xlsx": "named as an Excel workbook", "outcomes.csv": "named as a police.uk outcomes file",
                "renamed.csv": "missing: Location", "notes.csv": "no column for the date or date-time"}
    for line, (name, words) in zip(lines, expected.items()):
        assert name in line and words in line and line.endswith("nothing from it was added"), line
    assert "Traceback" not in err
    assert store.info("d").rows == before


def test_rows_with_bad_dates_or_coordinates_are_reported_with_file_and_line(tmp_path):
    lines = STREET.read_text(encoding="utf-8").splitlines()
    rows = lines[1:21]
    bad_month = rows[4].split(",")
    bad_month[1] = "2021-13"
    bad_lon = rows[9].split(",")
    bad_lon[4] = "west"
    rows[4], rows[9] = ",".join(bad_month), ",".join(bad_lon)
    path = tmp_path / "2021-12-test-street.csv"
    path.write_text("\n".join([lines[0]] + rows) + "\n", encoding="utf-8")
    code, out, err = run_cli("data", "import", str(path), "--name", "b")
    assert code == 0
    assert "18 rows read, 18 added" in out
    assert f"{path}:6: Month: '2021-13' is not a date" in out
    assert f"{path}:11: Longitude: 'west' is not a number" in out
    code, out, _ = run_cli("data", "show", "b", "--json")
    assert json.loads(out)["reject_count"] == 2


# -- a force's own export -------------------------------------------------------------------------------------------
def test_incident_export_columns_recognised_and_times_analysed():
    report = import_files("sac", [SACRAMENTO])
    assert report.added == 7358
    assert "when=cdatetime" in report.files[0].mapping and "type=crimedescr" in report.files[0].mapping
    res = run_analysis("sac", "times")
    grid = res.figures["matrix"]
    assert sum(map(sum, grid)) == 7358
    with open(SACRAMENTO, newline="") as handle:
        hours = Counter(int(r["cdatetime"].split()[1].split(":")[0]) for r in csv.DictReader(handle))
    assert res.figures["by_hour"] == [hours[h] for h in range(24)]
    assert "midnight-times" in res.caveat_ids  # the export puts unknown times at 00:00
    assert store.info("sac").first_month == "2006-01"


def test_export_with_map_and_british_national_grid(tmp_path):
    path = tmp_path / "council.csv"
    path.write_text("Logged,What,Where,E,N,Caller\n"
                    "03/11/2024 21:15,Fireworks,Church Street,339000,390000,C1\n"
                    "04/11/2024 20:00,Fireworks,Church Street,339010,390020,C1\n"
                    "05/11/2024 19:30,Fireworks,Church Street,339020,390010,C1\n"
                    "31/11/2024 19:30,Fireworks,Church Street,339020,390010,C2\n")
    code, _, err = run_cli("data", "import", str(path), "--name", "c")
    assert code == 1 and "--map" in err
    code, out, err = run_cli("data", "import", str(path), "--name", "c", "--map", "when=Logged", "--map", "type=What",
                             "--map", "location=Where", "--map", "easting=E", "--map", "northing=N", "--map", "victim=Caller")
    assert code == 0, err
    assert "3 rows read, 3 added" in out and f"{path}:5" in out  # 31 November is not a date
    import duckdb

    con = duckdb.connect(str(store.dataset_path("c")), read_only=True)
    lat, lon, month = con.execute("SELECT lat, lon, strftime(month, '%Y-%m') FROM records LIMIT 1").fetchone()
    con.close()
    assert 53.3 < lat < 53.5 and -3.0 < lon < -2.8 and month == "2024-11"  # Liverpool, day-first dates
    res = run_analysis("c", "repeats")
    assert res.figures["repeat_victims"][0] == {"key": "C1", "most_in_window": 3, "first": "2024-11-03", "total": 3}


def test_xlsx_export(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Incident Number", "Date Reported", "Incident Type", "Location", "Latitude", "Longitude"])
    for n in range(40):
        sheet.append([f"INC{n}", datetime(2024, 1 + n % 3, 1 + n % 27, n % 24, 5), "Off-road bikes" if n % 2 else "ASB",
                      "Park Road", 53.4 + n / 1000, -2.9])
    sheet.append(["INC99", "not a date", "ASB", "Park Road", 53.4, -2.9])
    path = tmp_path / "export.xlsx"
    book.save(path)
    report = import_files("x", [path])
    assert report.added == 40 and report.files[0].rejected[0][0] == 42
    assert run_analysis("x", "profile", Filter(types=["off-road"])).figures["total"] == 20


# -- analyses ---------------------------------------------------------------------------------------------------------
def test_months_missing_between_downloads_are_left_out_not_counted_as_zero(six_months, tmp_path):
    """An officer who imports an old month and then this year's: the gap is named, and the months after it
    are compared with the months present, so nothing is flagged as a rise because the gap counted as zero."""
    old = police_uk_months(tmp_path / "old", ["2019-06"], seed=3)
    import_files("gap", old + six_months[:5])  # June 2019, then June to October 2021 (the planted rise)
    trend = run_analysis("gap", "trend", Filter(types=["asb"]))
    assert trend.figures["missing_months"] == ["2019-07/2021-05"]
    assert list(trend.figures["by_month"])[:2] == ["2019-06", "2021-06"]
    assert any("July 2019 to May 2021" in c and "left out" in c for c in trend.caveats)
    # June 2019 is over a year before every 2021 month, so no month can lean on it as if it were last month
    flagged = [f["month"] for f in run_analysis("gap", "emerging").figures["flags"]]
    assert flagged and set(flagged) == {"2021-10"}, flagged
    # the same months a year earlier are not in the data, so there is no year-earlier figure made of zeros
    assert "year_earlier" not in trend.figures


def test_unusual_month_is_flagged_as_emerging_with_the_places_that_drive_it(six_months):
    import_files("six", six_months)
    res = run_analysis("six", "emerging")
    flagged = [(f["month"], f["series"]) for f in res.figures["flags"]]
    assert ("2021-10", "Anti-social behaviour") in flagged
    assert all(month == "2021-10" for month, _ in flagged), flagged
    flag = next(f for f in res.figures["flags"] if f["series"] == "Anti-social behaviour")
    drivers = [p["place"].split(" (")[0] for p in flag["places"][:3]]
    assert sorted(drivers) == sorted(SPIKE_PLACES)
    assert "October 2021" in res.reading[0] and "Roe Alley" in res.reading[0]
    # the same months without the planted rise: nothing flagged
    quiet = police_uk_months(six_months[0].parent.parent / "quiet", months_range("2021-06", 6), seed=3)
    import_files("quiet", quiet)
    assert run_analysis("quiet", "emerging").figures["flags"] == []


def test_trend_compares_with_the_months_before_and_a_year_earlier(tmp_path):
    months = police_uk_months(tmp_path, months_range("2020-10", 15), seed=5)
    import_files("y", months)
    res = run_analysis("y", "trend", Filter(types=["asb"]), months=3)
    by_month = res.figures["by_month"]
    assert len(by_month) == 15
    values = list(by_month.values())
    assert res.figures["recent"] == sum(values[-3:]) and res.figures["year_earlier"] == sum(values[:3])
    assert "a year earlier" in res.reading[-1]


def test_filters_narrow_by_area_location_radius_and_type():
    import_files("f", [STREET])
    rows = list(csv.DictReader(open(STREET, encoding="utf-8")))
    asb_061 = sum(1 for r in rows if r["LSOA name"].startswith("Liverpool 061") and r["Crime type"] == "Anti-social behaviour")
    res = run_analysis("f", "profile", Filter(types=["asb"], areas=["Liverpool 061"]))
    assert res.figures["total"] == asb_061
    code = next(r["LSOA code"] for r in rows if r["LSOA name"] == "Liverpool 061C")
    assert run_analysis("f", "profile", Filter(areas=[code])).figures["total"] == sum(1 for r in rows if r["LSOA code"] == code)
    roe = sum(1 for r in rows if "Roe Alley" in r["Location"])
    assert run_analysis("f", "profile", Filter(locations=["Roe Alley"])).figures["total"] == roe
    near = run_analysis("f", "profile", Filter(near="Roe Alley", radius=300)).figures["total"]
    assert roe <= near < 3000
    with pytest.raises(store.DataError, match="no place of that name"):
        run_analysis("f", "profile", Filter(near="Atlantis"))


def test_hotspots_concentration_and_gi_star():
    import_files("h", [STREET])
    res = run_analysis("h", "hotspots")
    f = res.figures
    assert f["records"] == 14018 and f["places_for_80pct"] < f["places"]
    assert f["curve"][0] == {"places_pct": 0, "records_pct": 0.0} and f["curve"][-1]["records_pct"] == 100.0
    assert f["hotspots"] and "Liverpool 06" in f["hotspots"][0]["places"][0]["place"]  # the city centre
    assert "Getis-Ord" in f["grid"]["statistic"]


def test_near_repeats_for_burglary_in_an_export_with_dates():
    import_files("s", [SACRAMENTO])
    res = run_analysis("s", "repeats", Filter(types=["burglary residence"]))
    nr = res.figures["near_repeats"]
    assert nr["burglaries"] == 346 and nr["pairs"] >= 0 and 0 < nr["p_sim"] <= 1
    assert "Knox" in " ".join(res.reading)


def test_every_analysis_runs_from_the_cli_with_json(six_months):
    import_files("all", six_months[:4])
    for name in ANALYSES:
        code, out, err = run_cli("data", name, "all", "--type", "asb", "--json")
        assert code == 0, (name, err)
        data = json.loads(out)
        assert data["analysis"] == name and data["reading"] and isinstance(data["caveats"], list)
    code, _, err = run_cli("data", "profile", "all", "--from", "June")
    assert code == 1 and "YYYY-MM" in err


def test_chart_svg_is_offline_and_has_a_text_alternative():
    from popguide.data.charts import chart_html, svg_chart

    import_files("c", [STREET])
    res = run_analysis("c", "profile")
    svg = svg_chart(res.chart)
    assert svg.startswith("<svg") and "<script" not in svg and "<desc>" in svg
    assert "Violence and sexual offences 5,873" in svg  # the text alternative
    html = chart_html(res)
    assert "Dataset c" in html and "December 2021" in html


def test_data_modules_do_not_import_textual():
    code = ("import sys\nimport popguide.data, popguide.data.analyses, popguide.data.importer, popguide.data.charts, "
            "popguide.data.guide\nbad = [m for m in sys.modules if m.split('.')[0] == 'textual']\nassert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# -- the scenarios' evidence categories -----------------------------------------------------------------------------
def test_unknown_police_uk_category_is_reported_with_file_and_line(mini_library):
    from popguide.library.loader import load_dirs

    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().rstrip("\n") + "\nincident_data:\n  police_uk: [Anti-social behaviour, Trolley crime]\n"
    path.write_text(text)
    [issue] = load_dirs([mini_library]).issues
    line = text.splitlines().index("  police_uk: [Anti-social behaviour, Trolley crime]") + 1
    assert str(issue).startswith(f"{path}:{line}:") and "Trolley crime" in str(issue)


def test_every_builtin_scenario_names_its_evidence_and_the_categories_agree():
    from typing import get_args

    from popguide.data.formats import police_uk_categories
    from popguide.library import load_library
    from popguide.library.models import PoliceUkCategory

    assert tuple(get_args(PoliceUkCategory)) == police_uk_categories()
    lib = load_library()
    assert not lib.issues
    for s in lib.scenarios.values():
        assert s.incident_data is not None and s.incident_data.incident_types, s.id
    assert lib.scenarios["off-road-bikes"].incident_data.police_uk == ["Anti-social behaviour"]
    assert lib.scenarios["residential-burglary"].incident_data.police_uk == ["Burglary"]
    assert lib.scenarios["street-robbery"].incident_data.police_uk == ["Robbery", "Theft from the person"]


# -- the guide-facing API -------------------------------------------------------------------------------------------
def test_cheers_counts_sentence_from_the_data(six_months):
    from popguide.data.guide import cheers_counts
    from popguide.library import load_library

    import_files("g", six_months)
    scenario = load_library().scenarios["off-road-bikes"]
    area = Filter(locations=SPIKE_PLACES)
    c = cheers_counts("g", scenario, area, months=3)
    counts = Counter()
    for p in six_months[3:]:
        for row in csv.DictReader(open(p, encoding="utf-8")):
            if row["Crime type"] == "Anti-social behaviour" and any(loc in row["Location"] for loc in SPIKE_PLACES):
                counts[row["Month"]] += 1
    assert c.count == sum(counts.values()) and c.types == ["Anti-social behaviour"]
    assert c.sentence.startswith(f"{c.count} anti-social behaviour reports at three places in the last three months "
                                 "(September 2021 to November 2021), up from")
    assert c.recurring and any("snap points" in x or "recording" in x for x in c.caveats)


def test_analysis_facts_and_area_counts_for_the_review(six_months):
    from popguide.data.guide import analysis_facts, area_counts, assessment_counts
    from popguide.library import load_library

    import_files("r", six_months)
    scenario = load_library().scenarios["off-road-bikes"]
    facts = analysis_facts("r", scenario, Filter(areas=["Liverpool 06"]))
    assert facts and all(side in ("place", "victim") for side, _ in facts)
    assert any("Getis-Ord" in text for _, text in facts)
    rows = [r for p in six_months for r in csv.DictReader(open(p, encoding="utf-8"))]
    before = sum(1 for r in rows if r["LSOA name"].startswith("Liverpool 061") and r["Crime type"] == "Anti-social behaviour"
                 and r["Month"] <= "2021-08")
    assert area_counts("r", ["Anti-social behaviour"], Filter(areas=["Liverpool 061"]), ("2021-06-01", "2021-08-31")) == before
    out = assessment_counts("r", ["Anti-social behaviour"], {"target": Filter(areas=["Liverpool 061"]),
                                                              "comparison": Filter(areas=["Wirral"])},
                            ("2021-06", "2021-08"), ("2021-09", "2021-11"))
    assert out["target"].before == before and out["comparison"].after > 0 and out["caveats"]


def test_residential_burglary_types_found_in_an_export_by_whole_words():
    import duckdb

    from popguide.data.guide import scenario_types
    from popguide.library import load_library

    import_files("sb", [SACRAMENTO])
    con = duckdb.connect(str(store.dataset_path("sb")), read_only=True)
    types = scenario_types(con, load_library().scenarios["residential-burglary"])
    con.close()
    assert "459 PC  BURGLARY RESIDENCE" in types and not any("VEHICLE" in t for t in types)


def test_stop_and_search_and_outcomes_files(tmp_path):
    search = tmp_path / "2021-12-merseyside-stop-and-search.csv"
    search.write_text(
        "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
        "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
        "Outcome linked to object of search,Removal of more than just outer clothing\n"
        "Person search,2021-12-03T21:10:00+00:00,False,,53.40,-2.98,Male,18-24,,,Misuse of Drugs Act 1971 (section 23),"
        "Controlled drugs,A no further action disposal,False,False\n"
        "Person search,2021-12-04T01:30:00+00:00,False,,53.41,-2.97,Male,over 34,,,Police and Criminal Evidence Act 1984 (section 1),"
        "Offensive weapons,Arrest,True,False\n"
        "Vehicle search,yesterday,False,,53.41,-2.97,,,,,,Stolen goods,Arrest,False,False\n")
    lines = STREET.read_text(encoding="utf-8").splitlines()
    outcomes = tmp_path / "2021-12-merseyside-outcomes.csv"
    outcomes.write_text("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n"
                        + "\n".join(",".join(row.split(",")[:9] + ["Offender given a caution"]) for row in lines[1:6]) + "\n")
    report = import_files("ss", [search, outcomes])
    assert [f.kind for f in report.files] == ["police.uk stop and search", "police.uk outcomes"]
    assert report.files[0].rows_added == 2 and report.files[0].rejected[0][0] == 4
    assert report.files[1].rows_added == 5
    res = run_analysis("ss", "times", Filter(kinds=["stop-search"]))
    assert res.figures["records_with_times"] == 2 and res.figures["by_hour"][21] == 1
    # outcomes are kept apart: the default analyses count crimes and incidents only
    assert run_analysis("ss", "profile").figures["total"] == 0
    assert run_analysis("ss", "profile", Filter(kinds=["outcomes"])).figures["by_type"] == {"Offender given a caution": 5}


def test_seasonal_baseline_uses_the_same_month_a_year_earlier(tmp_path):
    months = police_uk_months(tmp_path, months_range("2020-09", 14), seed=9,
                              spike={"month": "2021-10", "type": "Anti-social behaviour", "locations": SPIKE_PLACES,
                                     "copies": 60})
    import_files("season", months)
    res = run_analysis("season", "emerging", Filter(types=["asb"]))
    [flag] = [f for f in res.figures["flags"] if f["month"] == "2021-10"]
    assert flag["basis"] == "the same month in earlier years"
    assert "seasonal-short" not in res.caveat_ids


def test_counts_from_the_data_feed_the_review_arithmetic(six_months):
    from popguide.assessment import review
    from popguide.data.guide import assessment_counts

    import_files("w", six_months)
    areas = {"target": Filter(locations=SPIKE_PLACES), "buffer": Filter(near="Roe Alley", radius=400),
             "comparison": Filter(areas=["Sefton"])}
    c = assessment_counts("w", ["Anti-social behaviour"], areas, ("2021-06", "2021-08"), ("2021-09", "2021-11"))
    r = review(c["target"], c["comparison"], c["buffer"], None)
    assert r.displacement is not None and r.change is not None
    assert f"from {c['target'].before:g} to {c['target'].after:g}" in r.summary[0]


def test_result_html_for_the_plan():
    from popguide.data.charts import result_html

    import_files("p", [STREET])
    page = result_html(run_analysis("p", "profile", Filter(types=["asb"])))
    assert "Dataset p" in page and "December 2021" in page and "snap points" in page
    assert "<script" not in page
    assert "http" not in re.sub(r'xmlns(:\w+)?="http://www.w3.org/[^"]*"', "", page)  # only XML namespace names


def test_analysis_options_are_checked_and_named_in_one_line():
    import_files("o", [SACRAMENTO])
    code, out, err = run_cli("data", "repeats", "o", "--count", "1")
    assert code == 1 and err.strip().splitlines() == ["popguide: error: --count must be at least 2, and --days, --near-days "
                                                      "and --distance more than 0"]
    code, out, err = run_cli("data", "repeats", "o", "--type", "asb")
    assert code == 1 and "no records of type 'asb'" in err and "Traceback" not in err
    code, out, err = run_cli("data", "profile", "nope")
    assert code == 1 and "no dataset 'nope'" in err


def test_area_from_the_officers_words():
    from popguide.data.guide import area_from_text

    import_files("a", [STREET])
    assert area_from_text("a", "Liverpool 061").areas == ["Liverpool 061"]
    assert area_from_text("a", "E01006512; E01033758").areas == ["E01006512", "E01033758"]
    assert area_from_text("a", "Roe Alley and Dawson Avenue").locations == ["Roe Alley", "Dawson Avenue"]
    near = area_from_text("a", "within 400 m of Roe Alley")
    assert near.near == "Roe Alley" and near.radius == 400
    assert area_from_text("a", "Roe Alley 1 km").radius == 1000
    with pytest.raises(store.DataError, match="no area or place called 'Atlantis'"):
        area_from_text("a", "Atlantis")


def test_plan_section_names_its_dataset_and_leaves_out_what_police_uk_lacks(six_months):
    from popguide.data.guide import plan_section
    from popguide.library import load_library

    import_files("ps", six_months)
    section = plan_section("ps", load_library().scenarios["off-road-bikes"], Filter(areas=["Liverpool 06"]))
    assert section["source"].startswith("Figures from dataset ps, Anti-social behaviour, in Liverpool 06, June 2021 to November 2021")
    assert [r["analysis"] for r in section["results"]] == ["trend", "hotspots", "repeats"]
    assert section["html"].count("<svg") == 2 and "Caveats" in section["html"] and "Caveats:" in section["text"]


def test_no_location_rows_and_crlf_with_a_bom_are_read_as_police_uk_writes_them(tmp_path):
    """Real police.uk files have rows it could not map ("No location", no coordinates, no LSOA), and a
    file saved from Excel has CRLF line ends and a byte-order mark: all rows count, none is a place."""
    lines = STREET.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], list(csv.reader(lines[1:1001]))
    for i, r in enumerate(rows):
        if i % 10 == 0:
            r[4] = r[5] = r[7] = r[8] = ""
            r[6] = "No location"
    path = tmp_path / "2021-12-windows-street.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header.split(",")] + rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8", newline="")
    assert import_files("nl", [path]).added == 1000
    res = run_analysis("nl", "profile")
    assert res.figures["total"] == 1000 and sum(res.figures["by_type"].values()) == 1000
    assert all(p["location"] != "No location" for p in res.figures["top_places"])
    assert res.figures["records_without_location"] == 100
    assert any("100 records have no location" in c for c in res.caveats)
