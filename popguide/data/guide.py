"""The figures the guided conversation takes from a dataset: CHEERS counts, analysis facts, area counts.

Plain functions the engine calls with a dataset name, a scenario and an area filter; each returns
figures with a sentence in the officer's words and the caveats, never a number typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .analyses import ASB, month_label, run_analysis
from .filters import Filter, compile_filter
from .results import caveat_texts
from .store import DataError, connect, dataset_path

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 11: "eleven", 12: "twelve"}


def _words(n: int) -> str:
    return NUMBER_WORDS.get(n, f"{n:,}")


def scenario_types(con, scenario, kinds: list[str] | None = None) -> list[str]:
    """The types in the dataset that are this scenario's evidence: its police.uk categories, and the
    export's own types containing one of its incident words (whole words, any case)."""
    data = getattr(scenario, "incident_data", None)
    if data is None:
        return []
    from .store import summary

    rows = [(kind, t) for kind, t, *_ in summary(con) if t]
    wanted = set(data.police_uk)
    patterns = [re.compile(r"(?<![a-z0-9])" + re.escape(w.lower()) + r"(?![a-z0-9])") for w in data.incident_types]
    out = []
    for kind, t in rows:
        if kinds and kind not in kinds:
            continue
        if kind == "street" and t in wanted:
            out.append(t)
        elif kind == "incident" and any(p.search(t.lower()) for p in patterns):
            out.append(t)
    return sorted(set(out))


def _open(dataset: str, data_dir, con):
    return (con, False) if con is not None else (connect(dataset_path(dataset, data_dir), read_only=True), True)


def _with_types(area: Filter | None, types: list[str]) -> Filter:
    flt = Filter.from_dict(area.to_dict() if area else None)
    flt.types = list(types)
    return flt


@dataclass
class CheersCounts:
    """The Events and Recurring parts of CHEERS, from the data."""

    dataset: str
    scenario: str
    types: list[str]
    area: str
    months: int
    period: str
    count: int
    places: int
    by_month: dict[str, int]
    previous_period: int | None
    year_earlier: int | None
    sentence: str
    recurring: bool
    recurring_sentence: str
    caveats: list[str] = field(default_factory=list)
    trend_sentence: str = ""  # the straight-line trend over the months in the data, and any month that stood out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cheers_counts(dataset: str, scenario, area: Filter | None = None, months: int = 3, *,
                  data_dir: str | Path | None = None, con=None) -> CheersCounts:
    """Counts for the scenario's types in ``area`` over the dataset's last ``months`` months, with the
    months before and the same months a year earlier, in one sentence:
    "42 anti-social behaviour reports at six places in the last three months (September to November
    2021), up from 25 a year earlier." Raises DataError when the dataset has none of the scenario's types."""
    con, own = _open(dataset, data_dir, con)
    try:
        types = scenario_types(con, scenario)
        if not types:
            data = getattr(scenario, "incident_data", None)
            named = ", ".join((data.police_uk + data.incident_types) if data else []) or "none named"
            raise DataError(f"dataset {dataset!r} has no records of this problem's types ({named})")
        flt = _with_types(area, types)
        trend = run_analysis(dataset, "trend", flt, con=con, months=months)
        emerging = run_analysis(dataset, "emerging", flt, con=con)
        by_month = trend.figures["by_month"]
        labels = list(by_month)
        n = min(months, len(labels))
        recent_labels = labels[-n:]
        count = sum(by_month[m] for m in recent_labels)
        sel = compile_filter(con, flt)
        places = con.execute(f"SELECT count(DISTINCT (location, round(lat, 5), round(lon, 5))) FROM records WHERE {sel.where} "
                             "AND month >= ?::DATE AND location IS NOT NULL", sel.params + [recent_labels[0] + "-01"]).fetchone()[0] if labels else 0
    finally:
        if own:
            con.close()
    previous = trend.figures.get("previous")
    year = trend.figures.get("year_earlier")
    noun = ("reports" if types == [ASB] else "incidents" if all(t not in _police_categories() for t in types)
            else "records" if ASB in types else "crimes")
    what = type_words(types)
    period = (_month_words(recent_labels[0]) + ("" if n == 1 else f" to {_month_words(recent_labels[-1])}")) if labels else "no months"
    where = f" at {_words(places)} place{'s' if places != 1 else ''}" if places else ""
    last = "last month" if n == 1 else f"last {_words(n)} months"
    sentence = (f"{count:,} {what} {noun}{where} in the {last} ({period})" if len(types) == 1
                else f"{count:,} {noun} ({what}){where} in the {last} ({period})")
    if year is not None:
        sentence += f", {'up from' if count > year else 'down from' if count < year else 'the same as'} {year:,} a year earlier"
    elif previous is not None:
        sentence += f", {'up from' if count > previous else 'down from' if count < previous else 'the same as'} {previous:,} in the {_words(n)} months before"
    sentence += "."
    active = [m for m in labels if by_month[m]]
    recurring = len(labels) >= 2 and len(active) >= min(3, len(labels)) and count >= 3
    if len(labels) < 2:  # one month cannot show that it keeps happening, however many records it has
        recurring_sentence = (f"The data holds one month ({labels[0]}): too short to show that it recurs; import "
                              "earlier months to see.") if labels else "No months in the data."
    else:
        recurring_sentence = (f"Recorded in {len(active)} of the {len(labels)} months in the data ({labels[0]} to "
                              f"{labels[-1]})" + (": it keeps happening." if recurring else ": not clearly recurring yet."))
    return CheersCounts(dataset, getattr(scenario, "id", ""), types, trend.scope, n, period, count, places, by_month,
                        previous, year, sentence, recurring, recurring_sentence, trend.caveats,
                        _trend_words(trend, emerging, labels))


def _trend_words(trend, emerging, labels: list[str]) -> str:
    """The trend in one or two sentences: the straight line over the months, then the months of the last
    year that stood out against their own history (the seasonal baseline where there is one)."""
    out = []
    slope, p = trend.figures.get("slope_per_month"), trend.figures.get("p_value")
    if slope is not None and p is not None:
        span = f"over the {len(labels)} months in the data"
        out.append(f"{'Rising' if slope > 0 else 'Falling'} by about {abs(slope):,.1f} a month {span} (p = {p:.3f})."
                   if p < 0.05 else f"No clear straight-line trend {span}.")
    recent = set(labels[-12:])
    flags = [f for f in emerging.figures.get("flags", []) if f["month"] in recent and f["series"] != "all selected types"]
    if flags:
        out.append("Stood out against its own history: " + "; ".join(
            f"{_month_words(f['month'])} ({f['observed']:,} against about {f['expected']:,.0f} expected)" for f in flags[:3]) + ".")
    return " ".join(out)


def _police_categories() -> tuple[str, ...]:
    from .formats import police_uk_categories

    return police_uk_categories()


def type_words(types: list[str]) -> str:
    """One type as a plain modifier ("anti-social behaviour"); several as a list to put in brackets."""
    words = [t.lower() if t in _police_categories() else t for t in types]
    if len(words) <= 3:
        return "; ".join(words)
    return "; ".join(words[:3]) + f" and {len(words) - 3} more"


def _month_words(label: str) -> str:
    return month_label(date.fromisoformat(label + "-01"))


def analysis_facts(dataset: str, scenario, area: Filter | None = None, *, data_dir: str | Path | None = None,
                   con=None) -> list[tuple[str, str]]:
    """Facts for the problem analysis triangle, as (side, text): the top places and hot spots ("place"),
    the busiest times ("place"), repeat addresses and victims and near repeats ("victim")."""
    con, own = _open(dataset, data_dir, con)
    facts: list[tuple[str, str]] = []
    try:
        types = scenario_types(con, scenario)
        if not types:
            return []
        flt = _with_types(area, types)
        if not flt.start:  # the places and repeats of the latest year: what the problem is now, not years ago
            last = con.execute("SELECT max(month) FROM records").fetchone()[0]
            if last is not None:
                from dateutil.relativedelta import relativedelta

                flt.start = (last - relativedelta(months=11)).strftime("%Y-%m")
        hot = run_analysis(dataset, "hotspots", flt, con=con)
        f = hot.figures
        if f.get("records"):
            top = f["top_places"][:3]
            facts.append(("place", f"The busiest places ({dataset}, {hot.date_range}): "
                          + "; ".join(f"{p['place']} {p['count']:,} ({p['share']}%)" for p in top) + "."))
            facts.append(("place", f"The busiest 10% of places have {f['top10pct_share']}% of the records; "
                          f"{f['places_for_80pct']:,} of {f['places']:,} places account for 80%."))
            for spot in f.get("hotspots", [])[:2]:
                facts.append(("place", f"Hot spot (Getis-Ord Gi*, 99%): {spot['records']:,} records ({spot['share']}%) around "
                              f"{spot['places'][0]['place']}."))
        times = run_analysis(dataset, "times", flt, con=con)
        if times.figures.get("records_with_times"):
            facts.append(("place", times.reading[0]))
        rep = run_analysis(dataset, "repeats", flt, con=con)
        for key, side in (("repeat_victims", "victim"), ("repeat_addresses", "victim")):
            found = rep.figures.get(key) or []
            if found:
                words = key.split("_")[1]
                facts.append((side, f"{len(found)} {words} had {_words(3)} or more records within 30 days; the most: "
                              + ", ".join(f"{r['key']} ({r['most_in_window']})" for r in found[:3]) + "."))
        if rep.figures.get("near_repeats"):
            facts.append(("victim", next(line for line in rep.reading if line.startswith("Near repeats"))))
        if rep.figures.get("repeat_places") and rep.figures["repeat_places"] < rep.figures.get("places", 0):
            facts.append(("place", rep.reading[0]))  # when every place repeats, saying so tells the officer nothing
    finally:
        if own:
            con.close()
    return facts


def _period_clause(period: tuple[str, str]) -> tuple[str, list]:
    """Records in a period: by day where the record has a date, by whole month where it has only a month."""
    lo, hi = _as_date(period[0], first=True), _as_date(period[1], first=False)
    return ("((ts IS NOT NULL AND ts::DATE BETWEEN ? AND ?) OR "
            "(ts IS NULL AND month BETWEEN date_trunc('month', ?::DATE) AND date_trunc('month', ?::DATE)))",
            [lo, hi, lo, hi])


def _as_date(text: str | date, *, first: bool) -> date:
    if isinstance(text, date):
        return text
    text = str(text).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        y, m = int(text[:4]), int(text[5:])
        if first:
            return date(y, m, 1)
        import calendar

        return date(y, m, calendar.monthrange(y, m)[1])
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DataError(f"{text!r} is not a date: give YYYY-MM-DD or YYYY-MM") from None


def area_counts(dataset: str, types: list[str], area_filter: Filter | None, period: tuple[str, str], *,
                data_dir: str | Path | None = None, con=None) -> int:
    """How many records of ``types`` (any type when empty) fall in ``area_filter`` within ``period``
    ((start, end) as YYYY-MM-DD or YYYY-MM, inclusive): one count for a target, buffer or comparison area."""
    con, own = _open(dataset, data_dir, con)
    try:
        flt = _with_types(area_filter, types)
        flt.start = flt.end = None
        sel = compile_filter(con, flt, with_period=False)
        clause, params = _period_clause(period)
        return con.execute(f"SELECT count(*) FROM records WHERE {sel.where} AND {clause}", sel.params + params).fetchone()[0]
    finally:
        if own:
            con.close()


def assessment_counts(dataset: str, types: list[str], areas: dict[str, Filter], before: tuple[str, str],
                      after: tuple[str, str], *, data_dir: str | Path | None = None) -> dict[str, Any]:
    """Before and after counts for each named area (target, buffer, comparison) as ``AreaCounts``,
    ready for ``popguide.assessment.review``; with the caveats that apply to counts from this data."""
    from ..assessment import AreaCounts

    con = connect(dataset_path(dataset, data_dir), read_only=True)
    try:
        out: dict[str, Any] = {name: AreaCounts(area_counts(dataset, types, flt, before, con=con),
                                                area_counts(dataset, types, flt, after, con=con))
                               for name, flt in areas.items()}
        month_only = not con.execute("SELECT count(*) FROM records WHERE ts IS NOT NULL").fetchone()[0]
    finally:
        con.close()
    notes = [caveat_texts()["recording-practice"]]
    if month_only:
        notes.insert(0, "police.uk counts are by whole month: a period that starts or ends mid-month counts the whole month.")
    out["caveats"] = notes
    return out


_RADIUS = re.compile(r"(?:within\s+)?(\d+(?:\.\d+)?)\s*(m|metres|meters|km)\b\s*(?:of|around|from)?\s*", re.I)


def area_from_text(dataset: str, text: str, *, data_dir: str | Path | None = None, con=None) -> Filter:
    """The officer's words for an area as a filter, checked against the data: LSOA codes, an LSOA name
    or its start ("Liverpool 061"), snap points or addresses ("Roe Alley; Dawson Avenue"), or a radius
    around a place or a point ("within 500 m of Roe Alley", "53.40,-2.98 300 m")."""
    from .filters import LATLON, LSOA_CODE

    words = (text or "").strip()
    if not words:
        raise DataError("name an area: an LSOA name or code, streets or places, or 'within 500 m of PLACE'")
    con, own = _open(dataset, data_dir, con)
    try:
        m = _RADIUS.search(words)
        if m:
            radius = float(m.group(1)) * (1000 if m.group(2).lower() == "km" else 1)
            place = (words[:m.start()] + " " + words[m.end():]).strip(" ,;")
            place = re.sub(r"^(around|near|of)\s+", "", place, flags=re.I)
            flt = Filter(near=place, radius=radius)
            compile_filter(con, flt)  # the place must be in the data
            return flt
        if LATLON.fullmatch(words):
            return Filter(near=words)
        parts = [p.strip() for p in re.split(r";|\band\b|\n", words) if p.strip()]
        if all(LSOA_CODE.fullmatch(p) for p in parts):
            return Filter(areas=[p.upper() for p in parts])
        areas, places, missing = [], [], []
        for p in parts:
            if con.execute("SELECT count(*) FROM records WHERE area_name ILIKE ? OR area_code ILIKE ?", [p + "%", p]).fetchone()[0]:
                areas.append(p)
            elif con.execute("SELECT count(*) FROM records WHERE location ILIKE ?", [f"%{p}%"]).fetchone()[0]:
                places.append(p)
            else:
                missing.append(p)
        if missing:
            raise DataError(f"no area or place called {', '.join(repr(x) for x in missing)} in dataset {dataset!r}")
        if areas and places:
            raise DataError("name either areas (LSOA names or codes) or places (streets, snap points), not both at once")
        return Filter(areas=areas) if areas else Filter(locations=places)
    finally:
        if own:
            con.close()


def plan_section(dataset: str, scenario, area: Filter | None = None, *,
                 analyses: tuple[str, ...] = ("trend", "hotspots", "times", "repeats"),
                 data_dir: str | Path | None = None) -> dict[str, Any]:
    """The data part of an exported plan for this scenario's types in ``area``: HTML (charts inline,
    offline, with text alternatives) and plain text, each saying which dataset and period the figures
    come from, with the caveats. Analyses with nothing to show (no times in police.uk data) are left out."""
    from .charts import result_html

    con = connect(dataset_path(dataset, data_dir), read_only=True)
    try:
        types = scenario_types(con, scenario)
        if not types:
            raise DataError(f"dataset {dataset!r} has no records of this problem's types")
        flt = _with_types(area, types)
        results = [run_analysis(dataset, name, flt, con=con) for name in analyses]
    finally:
        con.close()
    shown = [r for r in results if not (r.analysis == "times" and not r.figures.get("records_with_times"))]
    source = f"Figures from dataset {dataset}, {shown[0].scope}, {shown[0].date_range}." if shown else ""
    return {"source": source, "html": "".join(result_html(r) for r in shown),
            "text": "\n\n".join(r.text() for r in shown), "results": [r.to_dict() for r in shown]}
