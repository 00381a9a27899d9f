"""The assessment at review, worked out from what the session has established (no engine needed)."""

from __future__ import annotations

from datetime import date

from ..assessment import AreaCounts, Costs, review


def review_result(library, est, today: date):
    """The assessment figures once both before and after counts are known, else None."""
    areas = est.areas
    if not areas.baseline or not areas.after or "target" not in areas.baseline or "target" not in areas.after:
        return None
    counts = {role: AreaCounts(areas.baseline[role], areas.after[role])
              for role in areas.baseline if role in areas.after}
    costs = None
    c = est.costs
    if c.other is not None:
        costs = Costs(c.hours or 0.0, c.hourly_rate or 0.0, c.other or 0.0)
    unit = library.unit_costs.get(est.crime_type) if est.crime_type else None
    before_period = areas.baseline_period
    after_period = areas.after_period
    if after_period is None and before_period:
        length = before_period[1] - before_period[0]
        end = est.review_date or today
        after_period = (end - length, end)
    return review(counts["target"], counts.get("comparison"), counts.get("buffer"), costs,
                  unit.cost if unit else None, crime_type=unit.crime_type.lower() if unit else "",
                  unit_cost_confirmed=unit.confirmed if unit else True,
                  unit_cost_source=library.unit_cost_source, price_year=library.unit_cost_price_year,
                  before_period=before_period, after_period=after_period,
                  uplift=library.price_uplift(est.crime_type) if unit else None,
                  year_earlier=_year_earlier(est))


def _year_earlier(est) -> AreaCounts | None:
    """The target's counts for the same months a year earlier, when the data gave them at review."""
    season = getattr(est.data, "counts_from_data", {}).get("season") if est.data is not None else None
    return AreaCounts(season["before"], season["after"]) if season and "after" in season else None


def review_due(est, today: date, plan_done: bool) -> bool:
    return est.review_date is not None and est.review_date <= today and not est.closed and plan_done
