"""The analyses, registered once: profile, trend, emerging, hotspots, repeats, times.

Each takes a dataset and a filter and returns a ``Result`` with figures, tables, a chart, a reading in
plain words and the caveats that apply. The command line, the app and the guide all go through
``run_analysis`` and the ``ANALYSES`` registry, so a new analysis is one function here.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .filters import Compiled, Filter, compile_filter
from .results import Chart, Result, Table
from .store import DataError, connect, dataset_path

ASB = "Anti-social behaviour"
#: Thresholds for calling a month "unusual": all three must hold.
EMERGING_Z = 3.0          # standard deviations above the expected level
EMERGING_P = 0.001        # chance of a count this high if nothing had changed (Poisson)
EMERGING_MIN_EXCESS = 5   # at least this many more than expected
SMALL = 20                # counts under this are "small" for comparisons
MAX_CELLS = 10_000        # hot spot grid cells (the cell grows to stay under it)
MIN_HOTSPOT = 5           # records a hot spot must hold to be listed
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Option:
    """An analysis-specific option: one definition for the CLI flag, the app and the API."""

    name: str
    type: type
    default: Any
    help: str


@dataclass(frozen=True)
class Analysis:
    name: str
    title: str
    help: str
    run: Callable[["Context"], Result]
    options: tuple[Option, ...] = ()


ANALYSES: dict[str, Analysis] = {}
_SELECTIONS = itertools.count(1)


def analysis(name: str, title: str, help: str, options: tuple[Option, ...] = ()):
    def register(fn: Callable[["Context"], Result]) -> Callable[["Context"], Result]:
        ANALYSES[name] = Analysis(name, title, help, fn, options)
        return fn
    return register


@dataclass
class Context:
    con: Any
    dataset: str
    flt: Filter
    sel: Compiled
    options: dict[str, Any] = field(default_factory=dict)
    table: str = "records"  # the selection, copied to a temporary table when it is a small part of the dataset
    _months: list[date] | None = None

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def q(self, select: str, tail: str = "", extra_where: str = "", extra_params: list | None = None) -> list[tuple]:
        """``SELECT select FROM records WHERE <filter> [AND extra] tail``."""
        where = self.sel.where + (f" AND {extra_where}" if extra_where else "")
        return self.rows(f"SELECT {select} FROM {self.table} WHERE {where} {tail}", self.sel.params + (extra_params or []))

    def months(self) -> list[date]:
        """The months the dataset covers within the selection's period (narrowed by --from/--to).

        Only months that were imported count: a gap between two downloads (December 2021, then 2024 on)
        is left out, never counted as months with no records, or every month after it looks like a rise."""
        if self._months is not None:
            return self._months
        from .filters import DEFAULT_KINDS

        kinds = sorted(self.flt.kinds or DEFAULT_KINDS)
        where, params = "kind IN (" + ", ".join("?" for _ in kinds) + ")", list(kinds)
        if self.flt.start:
            where, params = where + " AND month >= ?", params + [date.fromisoformat(self.flt.start + "-01")]
        if self.flt.end:
            where, params = where + " AND month <= ?", params + [date.fromisoformat(self.flt.end + "-01")]
        self._months = [r[0] for r in self.rows(f"SELECT DISTINCT month FROM records WHERE {where} ORDER BY month", params)]
        return self._months

    def gaps(self) -> list[tuple[date, date]]:
        """Runs of calendar months missing between the first and last covered month."""
        out, months = [], self.months()
        for a, b in zip(months, months[1:]):
            if month_number(b) - month_number(a) > 1:
                out.append((month_after(a), month_before(b)))
        return out

    def result(self, name: str) -> Result:
        a = ANALYSES[name]
        res = Result(name, a.title, self.dataset, self.sel.scope)
        months = self.months()
        if months:
            res.date_range = month_label(months[0]) + ("" if len(months) == 1 else f" to {month_label(months[-1])}")
        return res

    def kinds_present(self) -> set[str]:
        return {r[0] for r in self.q("DISTINCT kind")}

    def types_present(self) -> set[str]:
        return {r[0] for r in self.q("DISTINCT type")}


def month_number(d: date) -> int:
    """Months since year 0, so that month arithmetic is subtraction."""
    return d.year * 12 + d.month - 1


def month_after(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def month_before(d: date) -> date:
    return date(d.year - (d.month == 1), (d.month - 2) % 12 + 1, 1)


def month_label(d: date) -> str:
    return d.strftime("%B %Y")


def run_analysis(dataset: str, name: str, flt: Filter | None = None, *, data_dir: str | Path | None = None,
                 con=None, **options: Any) -> Result:
    """Run analysis ``name`` on ``dataset``; options not given take the analysis's defaults."""
    if name not in ANALYSES:
        raise DataError(f"unknown analysis {name!r}; analyses are {', '.join(ANALYSES)}")
    spec = ANALYSES[name]
    values = {o.name: o.type(options[o.name]) if options.get(o.name) is not None else o.default for o in spec.options}
    flt = flt or Filter()
    own = con is None
    if own:
        con = connect(dataset_path(dataset, data_dir), read_only=True)
    try:
        import duckdb

        try:
            sel = compile_filter(con, flt)
            if not (flt.areas or flt.locations or flt.near):
                return spec.run(Context(con, dataset, flt, sel, values))
            table = f"selection_{next(_SELECTIONS)}"  # a place is a small part of the data: read it once
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM records WHERE {sel.where}", sel.params)
            try:
                narrowed = Compiled("true", [], sel.scope, sel.types, sel.centre)
                return spec.run(Context(con, dataset, flt, narrowed, values, table=table))
            finally:
                con.execute(f"DROP TABLE IF EXISTS {table}")
        except duckdb.Error as exc:
            raise DataError(f"dataset {dataset!r}: {str(exc).splitlines()[0]}") from None
    finally:
        if own:
            con.close()


def _common_caveats(ctx: Context, res: Result, total: int, *, places: bool = False, dates: bool = False) -> None:
    gaps = ctx.gaps()
    if gaps:
        spans = ", ".join(month_label(a) + ("" if a == b else f" to {month_label(b)}") for a, b in gaps)
        res.figures.setdefault("missing_months", [f"{a:%Y-%m}" + ("" if a == b else f"/{b:%Y-%m}") for a, b in gaps])
        res.notes.append(f"The data has no records for {spans}: those months were not imported, so they are left out "
                         "(not counted as months with no incidents) and comparisons use only the months present.")
    if places:
        unplaced = ctx.q("count(*)", extra_where="location IS NULL")[0][0]
        if unplaced:
            res.figures.setdefault("records_without_location", unplaced)
            whole = ctx.q("count(*)")[0][0]
            res.notes.append(f"{unplaced:,} record{'s have' if unplaced > 1 else ' has'} no location ({_pct(unplaced, whole)}%; "
                             "police.uk writes \"No location\"): left out of the place figures.")
    kinds = ctx.kinds_present()
    if "street" in kinds or "outcomes" in kinds:
        if places:
            res.caveat("snap-points")
        if dates:
            res.caveat("month-only")
        if not ctx.flt.areas and not ctx.flt.near and not ctx.flt.locations and places:
            res.caveat("outside-force")
    if ASB in ctx.types_present():
        res.caveat("asb-no-reference")
    if total < 100:
        res.caveat("small-counts")


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _place_label(location: str | None, area: str | None) -> str:
    loc = location or "(no location)"
    return f"{loc} ({area})" if area else loc


PLACE_KEY = "location, round(lat, 5), round(lon, 5)"
PLACE_COLUMNS = "location, any_value(area_name), count(*), round(lat, 5), round(lon, 5)"


def _named_places(rows: list[tuple]) -> list[tuple]:
    """(location, area, count) per snap point. police.uk can have two snap points with the same name in one
    area ("On or near Shopping Area" twice in Liverpool 060C); those get their coordinates so that a
    table never shows the same place twice as if it were a mistake."""
    from collections import Counter

    seen = Counter((loc, area) for loc, area, *_ in rows)
    out = []
    for loc, area, n, lat, lon in rows:
        if seen[(loc, area)] > 1 and lat is not None and lon is not None:
            area = f"{area}, at {lat:.4f}, {lon:.4f}" if area else f"at {lat:.4f}, {lon:.4f}"
        out.append((loc, area, n))
    return out


# -- profile -------------------------------------------------------------------------------------------------
@analysis("profile", "Profile", "counts by type and month, the top places with their share")
def profile(ctx: Context) -> Result:
    res = ctx.result("profile")
    total = ctx.q("count(*)")[0][0]
    by_type = ctx.q("type, count(*)", "GROUP BY type ORDER BY 2 DESC, 1")
    by_month = dict(ctx.q("month, count(*)", "GROUP BY month"))
    months = ctx.months()
    top = _named_places(ctx.q(PLACE_COLUMNS, f"GROUP BY {PLACE_KEY} ORDER BY 3 DESC, 1, 4, 5 LIMIT 10",
                              "location IS NOT NULL"))
    forces = ctx.q("force, count(*)", "GROUP BY force ORDER BY 2 DESC", "force IS NOT NULL")
    res.figures = {
        "total": total,
        "by_type": {t: n for t, n in by_type},
        "by_month": {m.strftime("%Y-%m"): by_month.get(m, 0) for m in months},
        "top_places": [{"place": _place_label(loc, area), "location": loc, "area": area, "count": n,
                        "share": _pct(n, total)} for loc, area, n in top],
        "top10_share": _pct(sum(n for *_, n in top), total),
        "forces": {f: n for f, n in forces},
    }
    res.tables.append(Table("Records by type", ["type", "records", "share %"], [[t, n, _pct(n, total)] for t, n in by_type]))
    if len(months) > 1:
        res.tables.append(Table("Records by month", ["month", "records"], [[m.strftime("%Y-%m"), by_month.get(m, 0)] for m in months]))
    res.tables.append(Table("Top places", ["place", "records", "share %"], [[_place_label(l, a), n, _pct(n, total)] for l, a, n in top]))
    if not total:
        res.reading.append("No records match this selection.")
        return res
    span = res.date_range or "the whole period"
    who = f" recorded by {forces[0][0]}" if forces else ""
    res.reading.append(f"{total:,} records{who}, {span}" + (f" ({len(months)} months)." if len(months) > 1 else "."))
    t0, n0 = by_type[0]
    res.reading.append(f"The most common type is {t0}: {n0:,} ({_pct(n0, total)}%)"
                       + (f", then {by_type[1][0]} ({_pct(by_type[1][1], total)}%)." if len(by_type) > 1 else "."))
    if top:
        res.reading.append(f"The busiest place is {_place_label(top[0][0], top[0][1])} with {top[0][2]:,} "
                           f"({_pct(top[0][2], total)}%); the ten busiest places have {res.figures['top10_share']}% of all records.")
    res.chart = Chart("bar", "Records by type", [t for t, _ in by_type[:12]], {"records": [n for _, n in by_type[:12]]},
                      "type", "records")
    _common_caveats(ctx, res, total, places=True, dates=True)
    return res


# -- trend -------------------------------------------------------------------------------------------------------
def _series(ctx: Context, extra_where: str = "", extra_params: list | None = None) -> tuple[list[date], list[int]]:
    months = ctx.months()
    counts = dict(ctx.q("month, count(*)", "GROUP BY month", extra_where, extra_params))
    return months, [counts.get(m, 0) for m in months]


@analysis("trend", "Trend", "counts by month, the trend, and the same period a year earlier",
          (Option("months", int, 3, "the recent period to compare, in months (default 3)"),))
def trend(ctx: Context) -> Result:
    res = ctx.result("trend")
    months, counts = _series(ctx)
    n = max(1, min(ctx.options["months"], len(counts)))
    total = sum(counts)
    labels = [m.strftime("%Y-%m") for m in months]
    res.figures = {"by_month": dict(zip(labels, counts)), "total": total, "months": n}
    res.tables.append(Table("Records by month", ["month", "records"], [[lab, c] for lab, c in zip(labels, counts)]))
    res.chart = Chart("line", "Records by month", labels, {"records": counts}, "month", "records")
    res.caveat("recording-practice")
    _common_caveats(ctx, res, total)
    if not total:
        res.reading.append("No records match this selection.")
        return res
    if len(counts) >= 3:
        from scipy.stats import linregress

        fit = linregress([month_number(m) for m in months], counts)
        slope, p = float(fit.slope), float(fit.pvalue)
        res.figures.update(slope_per_month=round(slope, 2), p_value=round(p, 4))
        if p < 0.05:
            res.reading.append(f"Over {len(counts)} months the count is {'rising' if slope > 0 else 'falling'} by about "
                               f"{abs(slope):,.1f} a month (a straight-line trend, p = {p:.3f}).")
        else:
            res.reading.append(f"Over {len(counts)} months there is no clear straight-line trend (p = {p:.2f}).")
    recent = sum(counts[-n:])
    res.figures["recent"] = recent
    words = f"the last {n} month{'s' if n > 1 else ''} ({labels[-n] if len(labels) >= n else labels[0]} to {labels[-1]})"
    sentence = f"{recent:,} records in {words}"
    by_number = {month_number(m): c for m, c in zip(months, counts)}
    recent_numbers = [month_number(m) for m in months[-n:]]

    def period(shift: int) -> int | None:
        """The same calendar months moved back by ``shift``, if the data covers every one of them."""
        wanted = [k - shift for k in recent_numbers]
        return sum(by_number[k] for k in wanted) if all(k in by_number for k in wanted) else None

    previous = period(n) if recent_numbers == list(range(recent_numbers[0], recent_numbers[0] + n)) else None
    if previous is not None:
        res.figures["previous"] = previous
        sentence += f", against {previous:,} in the {n} months before"
    year = period(12)
    if year is not None:
        res.figures["year_earlier"] = year
        res.figures["change_pct"] = _pct(recent - year, year) if year else None
        sentence += f" and {year:,} in the same months a year earlier"
        if year:
            sentence += f" ({'+' if recent >= year else ''}{_pct(recent - year, year)}%)"
        if min(recent, year) < SMALL:
            res.caveat("small-counts")
    else:
        res.caveat("seasonal-short")
    res.reading.append(sentence + ".")
    return res


# -- emerging ----------------------------------------------------------------------------------------------------
@dataclass
class _Baseline:
    expected: float
    sd: float
    basis: str


def _baseline(series: list[int], months: list[date], i: int) -> _Baseline | None:
    """What month ``i`` would be if nothing had changed: its own history, seasonal where it can be."""
    import numpy as np

    here = month_number(months[i])
    history = np.array([series[j] for j in range(i) if here - month_number(months[j]) <= 12], dtype=float)
    same = [series[j] for j in range(i) if months[j].month == months[i].month]
    if same:
        expected, basis = float(np.mean(same)), "the same month in earlier years"
    elif len(history) >= 3:
        expected, basis = float(history.mean()), f"the previous {len(history)} months"
    else:
        return None
    if same and len(history) >= 3:
        # against last year's same month, the noise is the month-to-month wobble, not the seasonal swing
        spread = float(np.diff(history).var(ddof=1)) / 2 if len(history) >= 4 else expected
    else:
        spread = float(history.var(ddof=1)) if len(history) >= 3 else expected
    return _Baseline(expected, math.sqrt(max(spread, expected, 1.0)), basis)


def _unusual(observed: int, base: _Baseline) -> tuple[bool, float, float]:
    from scipy.stats import poisson

    z = (observed - base.expected) / base.sd
    p = float(poisson.sf(observed - 1, max(base.expected, 0.5)))
    flagged = z >= EMERGING_Z and p < EMERGING_P and observed - base.expected >= EMERGING_MIN_EXCESS
    return flagged, z, p


@analysis("emerging", "Emerging patterns", "places and types up beyond what their own history predicts",
          (Option("top", int, 5, "how many places to show behind each rise (default 5)"),))
def emerging(ctx: Context) -> Result:
    res = ctx.result("emerging")
    months = ctx.months()
    res.caveat("recording-practice")
    if len(months) < 4:
        res.reading.append("Emerging patterns need at least four months of data (three of history and the month to test); "
                           f"this selection has {len(months)}.")
        res.figures = {"flags": []}
        return res
    index = {m: i for i, m in enumerate(months)}
    by_type: dict[str, list[int]] = {}
    for t, m, n in ctx.q("type, month, count(*)", "GROUP BY type, month"):
        by_type.setdefault(t, [0] * len(months))[index[m]] = n
    total_series = [sum(col) for col in zip(*by_type.values())] if by_type else [0] * len(months)
    series = {"all selected types": total_series} | by_type if len(by_type) > 1 else dict(by_type)
    flags = []
    for name, values in series.items():
        for i in range(len(months)):
            base = _baseline(values, months, i)
            if base is None:
                continue
            flagged, z, p = _unusual(values[i], base)
            if flagged:
                flags.append({"series": name, "month": months[i].strftime("%Y-%m"), "observed": values[i],
                              "expected": round(base.expected, 1), "z": round(z, 1), "p": p, "basis": base.basis,
                              "_i": i})
    # the places behind each rise
    for flag in flags:
        flag["places"] = _drivers(ctx, months, flag, ctx.options["top"])
        del flag["_i"]
    latest = months[-1]
    places_up = _places_up(ctx, months, ctx.options["top"])
    res.figures = {"flags": flags, "months": [m.strftime("%Y-%m") for m in months], "places_up_latest": places_up}
    if not flags:
        res.reading.append(f"No month from {month_label(months[0])} to {month_label(latest)} is unusual against its own history "
                           f"(a month must be {EMERGING_Z:g} standard deviations and at least {EMERGING_MIN_EXCESS} records above it).")
    for flag in flags:
        m = date.fromisoformat(flag["month"] + "-01")
        drivers = ", ".join(f"{d['place']} ({d['observed']} against about {d['expected']:g})" for d in flag["places"][:3])
        chance = f"about 1 in {_one_in(flag['p'])}" if flag["p"] > 0 else "far below 1 in a million"
        res.reading.append(f"{month_label(m)}: {flag['series']} {flag['observed']:,} against about {flag['expected']:,.0f} expected "
                           f"from {flag['basis']}, {flag['z']:.1f} standard deviations above (chance if nothing had changed: {chance})."
                           + (f" Most of the rise is at {drivers}." if drivers else ""))
    res.tables.append(Table("Unusual months", ["month", "series", "observed", "expected", "z"],
                            [[f["month"], f["series"], f["observed"], f["expected"], f["z"]] for f in flags]))
    for flag in flags[:5]:
        res.tables.append(Table(f"Places behind the rise: {flag['series']}, {flag['month']}",
                                ["place", "observed", "expected", "extra", "share of rise %"],
                                [[d["place"], d["observed"], d["expected"], d["extra"], d["share"]] for d in flag["places"]]))
    if places_up:
        res.reading.append(f"In {month_label(latest)}, {len(places_up)} place{'s are' if len(places_up) > 1 else ' is'} up beyond "
                           "their own history: " + ", ".join(f"{d['place']} ({d['observed']} against about {d['expected']:g})"
                                                            for d in places_up[:3]) + ".")
        res.tables.append(Table(f"Places up in {latest.strftime('%Y-%m')} against their own history",
                                ["place", "observed", "expected", "extra"],
                                [[d["place"], d["observed"], d["expected"], d["extra"]] for d in places_up]))
    labels = [m.strftime("%Y-%m") for m in months]
    shown = flags[0]["series"] if flags else ("all selected types" if "all selected types" in series else next(iter(series), ""))
    res.chart = Chart("line", f"{shown} by month" + (f" (unusual: {', '.join(f['month'] for f in flags if f['series'] == shown)})" if flags else ""),
                      labels, {"records": series.get(shown, [])}, "month", "records")
    if len(months) < 13:
        res.caveat("seasonal-short")
    _common_caveats(ctx, res, sum(total_series), places=True)
    return res


def _places_up(ctx: Context, months: list[date], top: int) -> list[dict]:
    """Places whose latest month is unusual against their own history, whatever the total did."""
    from scipy.stats import poisson

    probe = {"series": "all selected types", "observed": 0, "expected": 0, "_i": len(months) - 1}
    out = []
    for d in _drivers(ctx, months, probe, top * 20):
        p = float(poisson.sf(d["observed"] - 1, max(d["expected"], 0.5)))
        if p < EMERGING_P and d["extra"] >= EMERGING_MIN_EXCESS:
            out.append(d | {"p": p})
    return out[:top]


def _one_in(p: float) -> str:
    n = 1 / p
    if n >= 1_000_000:
        return "over a million"
    return f"{round(n, -int(math.floor(math.log10(n))) + 1):,.0f}" if n >= 10 else f"{n:.0f}"


def _drivers(ctx: Context, months: list[date], flag: dict, top: int) -> list[dict]:
    """The places whose own rise that month is largest against their own history."""
    i = flag["_i"]
    lo = months[max(0, i - 12)]
    same_months = [m for m in months[:i] if m.month == months[i].month]
    extra, params = "month >= ? AND month <= ?", [lo, months[i]]
    if same_months:
        extra = "(month >= ? AND month <= ? OR month IN (" + ", ".join("?" for _ in same_months) + "))"
        params += same_months
    if flag["series"] != "all selected types":
        extra += " AND type = ?"
        params.append(flag["series"])
    rows = ctx.q("location, any_value(area_name), round(lat, 5), round(lon, 5), month, count(*)",
                 "GROUP BY location, round(lat, 5), round(lon, 5), month", extra + " AND location IS NOT NULL", params)
    window = [m for m in months if m >= lo and m <= months[i]]
    window = sorted(set(window) | set(same_months))
    pos = {m: k for k, m in enumerate(window)}
    places: dict[tuple, list[int]] = {}
    labels: dict[tuple, str] = {}
    for loc, area, lat, lon, m, n in rows:
        key = (loc, lat, lon)
        places.setdefault(key, [0] * len(window))[pos[m]] = n
        labels[key] = _place_label(loc, area)
    target = pos[months[i]]
    out = []
    for key, values in places.items():
        observed = values[target]
        if observed == 0:
            continue
        base = _baseline(values, window, target)
        expected = base.expected if base else 0.0
        out.append({"place": labels[key], "observed": observed, "expected": round(expected, 1),
                    "extra": round(observed - expected, 1)})
    out.sort(key=lambda d: -d["extra"])
    rise = max(flag["observed"] - flag["expected"], 1e-9)
    for d in out:
        d["share"] = _pct(max(d["extra"], 0), rise)
    return [d for d in out[:top] if d["extra"] > 0]


# -- hot spots ----------------------------------------------------------------------------------------------------
@analysis("hotspots", "Concentration and hot spots", "share at the top places (80:20), and Getis-Ord Gi* hot spots on a grid",
          (Option("cell", float, 250.0, "grid cell size in metres for hot spots (default 250)"),))
def hotspots(ctx: Context) -> Result:
    res = ctx.result("hotspots")
    counts = _named_places(ctx.q(PLACE_COLUMNS, f"GROUP BY {PLACE_KEY} ORDER BY 3 DESC, 1, 4, 5",
                                 "location IS NOT NULL"))
    total = sum(n for *_, n in counts)
    places = len(counts)
    cum, lorenz, k80, k50 = 0, [(0.0, 0.0)], None, None
    for k, (_, _, n) in enumerate(counts, 1):
        cum += n
        if k50 is None and cum >= 0.5 * total:
            k50 = k
        if k80 is None and cum >= 0.8 * total:
            k80 = k
        lorenz.append((100.0 * k / places, 100.0 * cum / total))
    top10pct = max(1, round(places * 0.1)) if places else 0
    share_top10pct = _pct(sum(n for *_, n in counts[:top10pct]), total)
    curve_x = list(range(0, 101, 5))
    curve_y = [_interp(lorenz, x) for x in curve_x] if places else [0.0] * len(curve_x)
    res.figures = {"records": total, "places": places, "top10pct_places": top10pct, "top10pct_share": share_top10pct,
                   "places_for_50pct": k50, "places_for_80pct": k80,
                   "places_for_80pct_share": _pct(k80 or 0, places),
                   "curve": [{"places_pct": x, "records_pct": round(y, 1)} for x, y in zip(curve_x, curve_y)],
                   "top_places": [{"place": _place_label(l, a), "count": n, "share": _pct(n, total)} for l, a, n in counts[:10]]}
    res.tables.append(Table("Top places", ["place", "records", "share %", "cumulative %"],
                            [[_place_label(l, a), n, _pct(n, total), _pct(sum(c for *_, c in counts[:k + 1]), total)]
                             for k, (l, a, n) in enumerate(counts[:15])]))
    res.chart = Chart("line", "Concentration: share of records against share of places", [f"{x}%" for x in curve_x],
                      {"records %": [round(y, 1) for y in curve_y]}, "share of places (busiest first)", "share of records")
    if not total:
        res.reading.append("No records with a location match this selection.")
        return res
    res.reading.append(f"{total:,} records at {places:,} places. The busiest 10% of places ({top10pct:,}) have {share_top10pct}% of "
                       f"the records; {k80:,} places ({_pct(k80, places)}% of them) account for 80%.")
    if share_top10pct >= 40:
        res.reading.append("That is a strong concentration: a few places are worth a closer look.")
    _gi_star(ctx, res)
    res.caveat("no-zero-places")
    _common_caveats(ctx, res, total, places=True)
    return res


def _interp(points: list[tuple[float, float]], x: float) -> float:
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def project(lat, lon):
    """Metres on the ground: the British National Grid for Great Britain, else a local equidistant projection."""
    import numpy as np

    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if lat.size and 49.5 <= lat.min() and lat.max() <= 61 and -8.5 <= lon.min() and lon.max() <= 2.0:
        crs = "EPSG:27700"
    else:
        crs = f"+proj=aeqd +lat_0={float(np.median(lat)):.5f} +lon_0={float(np.median(lon)):.5f} +datum=WGS84 +units=m"
    x, y = _transformer(crs).transform(lon, lat)
    return np.asarray(x), np.asarray(y)


@functools.lru_cache(maxsize=8)
def _transformer(crs: str):
    """PROJ transformers take a while to build: one per projection per process."""
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _gi_star(ctx: Context, res: Result) -> None:
    """Hot spots: Getis-Ord Gi* (PySAL's esda) on a square grid with queen contiguity."""
    import numpy as np

    pts = ctx.con.execute(f"SELECT lat, lon, location, area_name FROM {ctx.table} WHERE {ctx.sel.where} "
                          "AND lat IS NOT NULL AND lon IS NOT NULL", ctx.sel.params).fetchnumpy()
    n = len(pts["lat"])
    if n < 30:
        res.notes.append(f"Hot spots need at least 30 records with coordinates; this selection has {n}.")
        res.figures["hotspots"] = []
        return
    x, y = project(pts["lat"], pts["lon"])
    cell = max(float(ctx.options["cell"]), 10.0)
    while True:
        ncols = int((x.max() - x.min()) // cell) + 1
        nrows = int((y.max() - y.min()) // cell) + 1
        if ncols * nrows <= MAX_CELLS:
            break
        cell *= 1.5
    if ncols * nrows < 9:
        res.notes.append("The records cover too small an area for a hot spot grid; see the top places instead.")
        res.figures["hotspots"] = []
        return
    col = ((x - x.min()) // cell).astype(int)
    row = ((y - y.min()) // cell).astype(int)
    cell_id = row * ncols + col
    grid = np.bincount(cell_id, minlength=nrows * ncols).astype(float)
    from esda.getisord import G_Local
    from libpysal.weights import lat2W
    from scipy import ndimage

    w = lat2W(nrows, ncols, rook=False)
    gi = G_Local(grid, w, transform="B", star=True, permutations=0)
    z = np.asarray(gi.Zs)
    hot = (z > 2.58) & (grid > 0)  # 99% confidence
    labelled, nclusters = ndimage.label(hot.reshape(nrows, ncols), structure=np.ones((3, 3)))
    flat = labelled.ravel()
    clusters = []
    locations = pts["location"]
    areas = pts["area_name"]
    point_cluster = flat[cell_id]
    for c in range(1, nclusters + 1):
        cells = np.nonzero(flat == c)[0]
        members = np.nonzero(point_cluster == c)[0]
        names: dict[str, int] = {}
        for k in members:
            label = _place_label(locations[k], areas[k])
            names[label] = names.get(label, 0) + 1
        top = sorted(names.items(), key=lambda kv: -kv[1])[:3]
        clusters.append({"cells": int(len(cells)), "records": int(len(members)), "share": _pct(len(members), n),
                         "max_z": round(float(z[cells].max()), 1),
                         "lat": round(float(np.mean(pts["lat"][members])), 5), "lon": round(float(np.mean(pts["lon"][members])), 5),
                         "places": [{"place": p, "count": k} for p, k in top]})
    clusters.sort(key=lambda c: -c["records"])
    small = [c for c in clusters if c["records"] < MIN_HOTSPOT]
    clusters = [c for c in clusters if c["records"] >= MIN_HOTSPOT]
    if small:
        res.notes.append(f"{len(small)} significant cluster(s) of fewer than {MIN_HOTSPOT} records are not listed: "
                         "with so few records a single busy address can make a cell stand out.")
    res.figures["hotspots"] = clusters[:10]
    res.figures["grid"] = {"cell_m": round(cell), "rows": nrows, "cols": ncols, "statistic": "Getis-Ord Gi* (esda), queen contiguity, z > 2.58"}
    res.tables.append(Table(f"Hot spots (Getis-Ord Gi*, {round(cell)} m cells, 99% confidence)",
                            ["hot spot", "records", "share %", "z", "main places"],
                            [[k + 1, c["records"], c["share"], c["max_z"], "; ".join(p["place"] for p in c["places"])]
                             for k, c in enumerate(clusters[:10])]))
    if clusters:
        c = clusters[0]
        res.reading.append(f"{len(clusters)} hot spot{'s' if len(clusters) > 1 else ''} on a {round(cell)} m grid (Getis-Ord Gi*, 99% confidence). "
                           f"The largest has {c['records']:,} records ({c['share']}%), mostly at {c['places'][0]['place']}.")
    else:
        res.reading.append(f"No statistically significant hot spot on a {round(cell)} m grid (Getis-Ord Gi*, 99% confidence).")


# -- repeats -------------------------------------------------------------------------------------------------------
@analysis("repeats", "Repeats", "repeat places; repeat victims and addresses within a window; near repeats for burglary",
          (Option("count", int, 3, "how many incidents make a repeat (default 3)"),
           Option("days", int, 30, "within how many days (default 30)"),
           Option("distance", float, 200.0, "near repeats: how close, in metres (default 200)"),
           Option("near_days", int, 14, "near repeats: how soon after, in days (default 14)")))
def repeats(ctx: Context) -> Result:
    res = ctx.result("repeats")
    opts = ctx.options
    if opts["count"] < 2 or opts["days"] < 1 or opts["near_days"] < 1 or opts["distance"] <= 0:
        raise DataError("--count must be at least 2, and --days, --near-days and --distance more than 0")
    rows = _named_places(ctx.q(PLACE_COLUMNS, f"GROUP BY {PLACE_KEY} ORDER BY 3 DESC, 1, 4, 5",
                               "location IS NOT NULL"))
    total = sum(n for *_, n in rows)
    repeat = [(l, a, n) for l, a, n in rows if n >= 2]
    at_repeat = sum(n for *_, n in repeat)
    res.figures = {"records": total, "places": len(rows), "repeat_places": len(repeat),
                   "records_at_repeat_places": at_repeat, "share_at_repeat_places": _pct(at_repeat, total),
                   "top_repeat_places": [{"place": _place_label(l, a), "count": n} for l, a, n in repeat[:10]]}
    res.tables.append(Table("Repeat places", ["place", "records"], [[_place_label(l, a), n] for l, a, n in repeat[:15]]))
    if total:
        res.reading.append(f"{len(repeat):,} of {len(rows):,} places had more than one record; together they have "
                           f"{at_repeat:,} records ({_pct(at_repeat, total)}%).")
    else:
        res.reading.append("No records with a location match this selection.")
    timed = ctx.q("count(ts)")[0][0]
    for key, words in (("victim", "victims"), ("address", "addresses")):
        have = ctx.q(f"count({key})", extra_where="ts IS NOT NULL")[0][0]
        if not have:
            continue
        found = ctx.rows(f"""
            WITH k AS (SELECT {key} AS k, ts FROM {ctx.table} WHERE {ctx.sel.where} AND {key} IS NOT NULL AND ts IS NOT NULL),
            w AS (SELECT k, ts, count(*) OVER (PARTITION BY k ORDER BY ts
                  RANGE BETWEEN CURRENT ROW AND INTERVAL {int(opts['days'])} DAYS FOLLOWING) AS n FROM k)
            SELECT k, max(n), strftime(min(ts) FILTER (WHERE n >= ?), '%Y-%m-%d'), count(*) FROM w
            GROUP BY k HAVING max(n) >= ? ORDER BY 2 DESC, 4 DESC, 1 LIMIT 50""",
            ctx.sel.params + [opts["count"], opts["count"]])
        res.figures[f"repeat_{words}"] = [{"key": k, "most_in_window": m, "first": f, "total": t} for k, m, f, t in found]
        res.tables.append(Table(f"Repeat {words}: {opts['count']} or more in {opts['days']} days",
                                [key, f"most in {opts['days']} days", "first time", "records"], [list(r) for r in found[:15]]))
        res.reading.append(f"{len(found):,} {words} had {opts['count']} or more records within {opts['days']} days"
                           + (f"; the most was {found[0][1]} ({found[0][0]})." if found else "."))
    if not timed:
        res.notes.append("Repeat victims, addresses and near repeats need dates by day; this selection has months only.")
    else:
        _near_repeats(ctx, res)
    _common_caveats(ctx, res, total, places=True, dates=not timed)
    return res


def _near_repeats(ctx: Context, res: Result) -> None:
    """Near repeats for burglary: the Knox test (PySAL's pointpats) on distance and days apart."""
    import numpy as np

    burglary = [t for t in ctx.types_present() if t and "burglar" in t.lower()]
    if not burglary:
        return
    opts = ctx.options
    pts = ctx.con.execute(f"""SELECT lat, lon, epoch(ts) / 86400.0 AS day FROM {ctx.table} WHERE {ctx.sel.where}
                              AND ts IS NOT NULL AND lat IS NOT NULL AND type IN ({', '.join('?' for _ in burglary)})
                              ORDER BY ts DESC LIMIT 5000""", ctx.sel.params + burglary).fetchnumpy()
    n = len(pts["lat"])
    if n < 20:
        res.notes.append(f"Near repeats need at least 20 burglaries with dates and coordinates; this selection has {n}.")
        return
    from pointpats.spacetime import Knox

    x, y = project(pts["lat"], pts["lon"])
    np.random.seed(20240601)
    knox = Knox(np.column_stack([x, y]), np.asarray(pts["day"]).reshape(-1, 1), delta=opts["distance"],
                tau=opts["near_days"], permutations=99)
    observed, expected = int(knox.observed[0][0]), float(knox.expected[0][0])
    res.figures["near_repeats"] = {"burglaries": n, "distance_m": opts["distance"], "days": opts["near_days"],
                                   "pairs": observed, "expected_pairs": round(expected, 1),
                                   "p_poisson": float(knox.p_poisson), "p_sim": float(knox.p_sim)}
    more = observed > expected and knox.p_sim <= 0.05
    res.reading.append(f"Near repeats: {observed:,} pairs of burglaries within {opts['distance']:g} m and {opts['near_days']} days "
                       f"of each other, against about {expected:,.0f} if place and time were unrelated (Knox test, p = {knox.p_sim:.2f}). "
                       + ("Burglaries cluster in space and time: homes near a burglary are at raised risk for a short while."
                          if more else "No clear near-repeat pattern."))


# -- times -------------------------------------------------------------------------------------------------------------
@analysis("times", "Times", "hour of day by day of week, where the data has times")
def times(ctx: Context) -> Result:
    res = ctx.result("times")
    rows = ctx.q("isodow(ts), hour(ts), count(*)", "GROUP BY 1, 2", "has_time AND ts IS NOT NULL")
    total = sum(n for *_, n in rows)
    res.figures["records_with_times"] = total
    if not total:
        res.reading.append("These records have no times of day (police.uk data is by month), so there is nothing to show.")
        res.caveat("month-only")
        res.figures["matrix"] = []
        return res
    grid = [[0] * 24 for _ in range(7)]
    for dow, hour, n in rows:
        grid[dow - 1][hour] = n
    on_hour = dict(ctx.q("hour(ts), count(*)", "GROUP BY 1", "has_time AND ts IS NOT NULL AND minute(ts) = 0"))
    midnight = on_hour.get(0, 0)
    usual = sum(on_hour.get(h, 0) for h in range(1, 24)) / 23
    by_day = [sum(r) for r in grid]
    by_hour = [sum(grid[d][h] for d in range(7)) for h in range(24)]
    cells = sorted(((grid[d][h], d, h) for d in range(7) for h in range(24)), reverse=True)[:5]
    block = max(range(24), key=lambda h: by_hour[h] + by_hour[(h + 1) % 24] + by_hour[(h + 2) % 24])
    block_n = by_hour[block] + by_hour[(block + 1) % 24] + by_hour[(block + 2) % 24]
    res.figures.update(matrix=grid, days=list(DAYS), by_day=dict(zip(DAYS, by_day)), by_hour=by_hour,
                       midnight_share=_pct(midnight, total),
                       busiest=[{"day": DAYS[d], "hour": h, "count": n} for n, d, h in cells])
    res.tables.append(Table("By day of week", ["day", "records", "share %"], [[d, n, _pct(n, total)] for d, n in zip(DAYS, by_day)]))
    res.tables.append(Table("Busiest hours", ["day", "hour", "records"], [[DAYS[d], f"{h:02d}:00", n] for n, d, h in cells]))
    day = max(range(7), key=lambda d: by_day[d])
    res.reading.append(f"{total:,} records with a time. The busiest three hours are {block:02d}:00 to {(block + 3) % 24:02d}:00 "
                       f"({_pct(block_n, total)}% of records); the busiest day is {DAYS[day]} ({_pct(by_day[day], total)}%).")
    res.reading.append("The busiest single hours: " + ", ".join(f"{DAYS[d]} {h:02d}:00 ({n})" for n, d, h in cells[:3]) + ".")
    if midnight > max(2 * usual, 0.01 * total):  # far more records on 00:00 than on any other o'clock
        res.caveat("midnight-times")
        res.reading.append(f"{_pct(midnight, total)}% of records are at exactly 00:00; read the midnight hour with care.")
    res.caveat("reported-not-occurred")
    res.chart = Chart("heat", "Records by hour of day and day of week", [f"{h:02d}" for h in range(24)],
                      {DAYS[d]: grid[d] for d in range(7)}, "hour of day", "day of week", rows=list(DAYS))
    _common_caveats(ctx, res, total)
    return res
