"""The arithmetic an analyst does at review: change, displacement, cost-benefit.

Plain functions on counts and costs, each with the reading a problem-solver
needs in plain words. Methods: before/after with a comparison area; the
weighted displacement quotient of Bowers and Johnson (2003), where a buffer
area was measured; cost-benefit with the Home Office unit costs of crime,
brought to a recent year's prices with the library's deflator series when one
is given (the costs are in 2015/16 prices; spending is in today's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

SMALL_COUNT = 20  # below this, a change of a few incidents swings the percentage wildly
NEAR_ZERO = 0.005  # a success measure this close to zero makes the WDQ meaningless


@dataclass(frozen=True)
class AreaCounts:
    before: float
    after: float


def percent_change(before: float, after: float) -> float | None:
    """Change from before to after in percent; None when there was nothing before."""
    if before == 0:
        return None
    return (after - before) / before * 100.0


def comparison_adjusted_change(target: AreaCounts, comparison: AreaCounts) -> float | None:
    """Change in the target area relative to the trend in the comparison area, in percent.

    The expected 'after' count is the baseline scaled by the comparison area's
    trend; the result is how far the actual count sits above or below it.
    """
    expected = expected_after(target, comparison)
    if expected is None or expected == 0:
        return None
    return (target.after - expected) / expected * 100.0


def expected_after(target: AreaCounts, comparison: AreaCounts) -> float | None:
    if comparison.before == 0:
        return None
    return target.before * (comparison.after / comparison.before)


@dataclass(frozen=True)
class Displacement:
    success: float | None  # Ra/Ca - Rb/Cb: negative when the target area improved relative to control
    buffer: float | None  # Da/Ca - Db/Cb: positive suggests displacement, negative diffusion
    wdq: float | None
    total_net_effect: float | None  # crimes prevented, net of displacement
    reading: str


def weighted_displacement_quotient(target: AreaCounts, buffer: AreaCounts, comparison: AreaCounts) -> Displacement:
    """Bowers and Johnson (2003): (Da/Ca - Db/Cb) / (Ra/Ca - Rb/Cb)."""
    if comparison.before == 0 or comparison.after == 0:
        return Displacement(None, None, None, None,
                            "Cannot be worked out: the comparison area had no incidents in one of the periods.")
    success = target.after / comparison.after - target.before / comparison.before
    buffer_measure = buffer.after / comparison.after - buffer.before / comparison.before
    scale = comparison.after / comparison.before
    tne = (target.before * scale - target.after) + (buffer.before * scale - buffer.after)
    if success >= 0:
        return Displacement(success, buffer_measure, None, tne,
                            "Not meaningful: the target area did not improve relative to the comparison area, so there "
                            "is no effect to be displaced.")
    if abs(success) < NEAR_ZERO:
        return Displacement(success, buffer_measure, None, tne,
                            "Not meaningful: the improvement relative to the comparison area is too close to zero to "
                            "divide by.")
    wdq = buffer_measure / success
    return Displacement(success, buffer_measure, wdq, tne, wdq_reading(wdq))


def wdq_reading(wdq: float) -> str:
    if wdq > 1:
        return "Diffusion of benefits larger than the direct effect: the buffer area improved even more than the target area."
    if wdq > 0:
        return "Some diffusion of benefits: the buffer area improved too, adding to the effect."
    if wdq == 0:
        return "No sign of displacement or diffusion in the buffer area."
    if wdq >= -1:
        return "Some displacement into the buffer area, but less than the gain: a net benefit."
    return "Displacement outweighs the direct effect: more harm moved into the buffer area than was prevented."


@dataclass(frozen=True)
class Costs:
    officer_hours: float = 0.0
    hourly_rate: float = 0.0
    materials: float = 0.0
    partner_costs: float = 0.0

    @property
    def total(self) -> float:
        return self.officer_hours * self.hourly_rate + self.materials + self.partner_costs


@dataclass(frozen=True)
class CostBenefit:
    cost: float
    benefit: float
    net_benefit: float
    ratio: float | None  # benefit per pound spent
    break_even_crimes: float | None  # crimes that must have been prevented to cover the cost
    crimes_prevented: float
    unit_cost: int | None


def cost_benefit(costs: Costs, crimes_prevented: float, unit_cost: int | None) -> CostBenefit:
    """Harm avoided (crimes prevented x unit cost) against what the response cost."""
    benefit = max(crimes_prevented, 0.0) * unit_cost if unit_cost else 0.0
    cost = costs.total
    return CostBenefit(
        cost=cost,
        benefit=benefit,
        net_benefit=benefit - cost,
        ratio=(benefit / cost) if cost > 0 else None,
        break_even_crimes=(cost / unit_cost) if unit_cost else None,
        crimes_prevented=crimes_prevented,
        unit_cost=unit_cost,
    )


def caveats(target: AreaCounts, before_period: tuple[date, date] | None, after_period: tuple[date, date] | None) -> list[str]:
    out = []
    if min(target.before, target.after) < SMALL_COUNT:
        out.append(f"The counts are small (fewer than {SMALL_COUNT} in a period): a handful of incidents either way "
                   "changes the percentage a lot, so read it as a direction, not a size.")
    if before_period and after_period:
        before_days = (before_period[1] - before_period[0]).days + 1
        after_days = (after_period[1] - after_period[0]).days + 1
        if before_days > 0 and after_days > 0 and abs(before_days - after_days) / max(before_days, after_days) > 0.1:
            out.append(f"The periods differ in length ({before_days} days before, {after_days} after): compare rates, "
                       "or use periods of the same length.")
        if _seasons(before_period) != _seasons(after_period):
            out.append("The periods cover different times of year: many problems are seasonal (light evenings, "
                       "school holidays, bonfire night), so compare with the same months last year as well.")
    return out


def _seasons(period: tuple[date, date]) -> set[str]:
    names = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
             6: "summer", 7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"}
    start, end = period
    months, d = set(), date(start.year, start.month, 1)
    while d <= end:
        months.add(names[d.month])
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return months


@dataclass
class Review:
    """Everything computed at review time, ready for the screen, the plan and JSON."""

    target: AreaCounts
    comparison: AreaCounts | None = None
    buffer: AreaCounts | None = None
    change: float | None = None
    relative_change: float | None = None
    expected_after: float | None = None
    displacement: Displacement | None = None
    cost_benefit: CostBenefit | None = None
    crime_type: str = ""
    unit_cost_confirmed: bool = True
    unit_cost_source: str = ""
    price_year: str = ""
    #: The unit cost at its report's prices, when the cost-benefit used an uplifted figure.
    original_unit_cost: int | None = None
    original_price_year: str = ""
    uplift_factor: float | None = None
    uplift_series: str = ""
    uplift_confirmed: bool = True
    year_earlier_change: float | None = None  # the target's change over the same months a year before
    caveats: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def count_text(x: float) -> str:
    """A count as people write it: 1,221; 38.5 where the arithmetic leaves a fraction."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def review(target: AreaCounts, comparison: AreaCounts | None, buffer: AreaCounts | None, costs: Costs | None,
           unit_cost: int | None = None, *, crime_type: str = "", unit_cost_confirmed: bool = True,
           unit_cost_source: str = "", price_year: str = "",
           before_period: tuple[date, date] | None = None, after_period: tuple[date, date] | None = None,
           uplift=None, year_earlier: AreaCounts | None = None) -> Review:
    """``uplift`` (a popguide.library.prices.PriceUplift, from ``Library.price_uplift(id)``) replaces ``unit_cost`` and
    ``price_year`` with the uplifted figure and its year, and the summary gives both."""
    if uplift is not None:
        unit_cost, price_year = uplift.uplifted, uplift.year
    r = Review(target, comparison, buffer, crime_type=crime_type, unit_cost_confirmed=unit_cost_confirmed,
               unit_cost_source=unit_cost_source, price_year=price_year)
    if uplift is not None:
        r.original_unit_cost, r.original_price_year = uplift.original, uplift.original_year
        r.uplift_factor, r.uplift_series, r.uplift_confirmed = uplift.factor, uplift.series, uplift.confirmed
    r.change = percent_change(target.before, target.after)
    if r.change is None:
        r.summary.append("The target area had no incidents before, so a change cannot be given as a percentage.")
    else:
        direction = "fell" if r.change < 0 else "rose" if r.change > 0 else "did not change"
        r.summary.append(f"In the target area incidents {direction} from {count_text(target.before)} to {count_text(target.after)}"
                         + (f" ({r.change:+.0f}%)." if r.change else "."))
    prevented = target.before - target.after
    if comparison:
        r.expected_after = expected_after(target, comparison)
        r.relative_change = comparison_adjusted_change(target, comparison)
        if r.expected_after is not None and r.relative_change is not None:
            prevented = r.expected_after - target.after
            trend = percent_change(comparison.before, comparison.after)
            r.summary.append(
                f"The comparison area changed by {trend:+.0f}%, so without the response about {r.expected_after:,.0f} "
                f"incidents would have been expected; the actual {count_text(target.after)} is {r.relative_change:+.0f}% against that.")
    if comparison and buffer:
        r.displacement = weighted_displacement_quotient(target, buffer, comparison)
        wdq = r.displacement.wdq
        r.summary.append(f"Weighted displacement quotient: {wdq:.2f}. {r.displacement.reading}" if wdq is not None
                         else f"Weighted displacement quotient: {r.displacement.reading}")
        if r.displacement.total_net_effect is not None:
            prevented = r.displacement.total_net_effect
            r.summary.append(f"Net of the buffer area, about {prevented:,.0f} incidents were prevented.")
    if costs is not None:
        prevented = round(prevented, 1)  # as shown, so that the harm avoided can be worked out by hand from the summary
        r.cost_benefit = cost_benefit(costs, prevented, unit_cost)
        cb = r.cost_benefit
        if unit_cost:
            priced = f"£{unit_cost:,} for {crime_type or 'each incident'}" + (f" at {price_year} prices" if price_year else "")
            if uplift is not None:
                priced += (f" (£{uplift.original:,} in {uplift.original_year} prices × {uplift.factor:.3f}, {uplift.series}"
                           + ("" if uplift.confirmed else "; uplift unconfirmed: the unit cost is not yet checked against "
                              "the report's own table" if not unit_cost_confirmed else "; uplift unconfirmed") + ")")
            elif not unit_cost_confirmed:
                priced += " (unconfirmed figure)"
            r.summary.append(
                f"Cost £{cb.cost:,.0f}. Harm avoided £{cb.benefit:,.0f}: {count_text(max(prevented, 0))} incidents × {priced}; "
                f"net benefit £{cb.net_benefit:,.0f}"
                + (f", £{cb.ratio:.2f} back for each £1." if cb.ratio is not None else ".")
                + (f" To break even, about {cb.break_even_crimes:.1f} incidents had to be prevented." if cb.break_even_crimes else ""))
        else:
            r.summary.append(f"Cost £{cb.cost:,.0f}. No Home Office unit cost applies to this measure, so the harm "
                             "avoided is not given in pounds.")
    r.caveats = caveats(target, before_period, after_period)
    if year_earlier is not None:
        r.year_earlier_change = percent_change(year_earlier.before, year_earlier.after)
        if r.year_earlier_change is not None:
            at = sum(1 for line in r.summary if line.startswith(("In the target", "The target", "The comparison")))
            r.summary.insert(at, f"A year earlier, over the same months, the target area went from {count_text(year_earlier.before)} to "
                             f"{count_text(year_earlier.after)} ({r.year_earlier_change:+.0f}%, from the data): "
                             + ("the season alone moves it about as much, so read the change with care."
                                if r.change is not None and abs(r.change - r.year_earlier_change) < 10 else
                                f"this year's {r.change:+.0f}% is not just the season." if r.change is not None else ""))
            r.caveats = [c for c in r.caveats if not c.startswith("The periods cover different times of year")]
    return r


def bar_chart(rows: list[tuple[str, float]], width: int = 30) -> str:
    """A plain-text bar chart (label, value) for terminals, Markdown and text plans."""
    if not rows:
        return ""
    top = max(v for _, v in rows) or 1
    label_width = max(len(label) for label, _ in rows)
    lines = []
    for label, value in rows:
        bar = "█" * max(0, round(value / top * width))
        lines.append(f"{label.ljust(label_width)} {bar} {value:g}")
    return "\n".join(lines)


def chart_rows(r: Review) -> list[tuple[str, float]]:
    rows = [("target before", r.target.before), ("target after", r.target.after)]
    for name, counts in (("comparison", r.comparison), ("buffer", r.buffer)):
        if counts:
            rows += [(f"{name} before", counts.before), (f"{name} after", counts.after)]
    return rows


def svg_chart(rows: list[tuple[str, float]], width: int = 520) -> str:
    """An inline SVG bar chart for the HTML plan (no scripts, no external resources)."""
    if not rows:
        return ""
    top = max(v for _, v in rows) or 1
    bar_h, gap, label_w = 22, 8, 140
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="Counts before and after, by area">']
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = (width - label_w - 60) * value / top
        colour = "#1d3f6e" if "before" in label else "#2f7d32"
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{label}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="13">{value:g}</text>')
    parts.append("</svg>")
    return "".join(parts)
