"""Bring a unit cost from its report's prices to a recent year's, with the library's deflator series."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PriceUplift:
    """A unit cost at its original prices and uplifted, with what the uplift rests on."""

    unit_cost_id: str
    crime_type: str
    original: int
    original_year: str
    uplifted: int  # rounded to the nearest £10, as the Home Office report rounds its figures
    year: str
    factor: float
    series: str
    confirmed: bool  # both the unit cost and the deflator figures were checked against their primary sources

    def describe(self) -> str:
        flag = "" if self.confirmed else " (unconfirmed)"
        return (f"£{self.uplifted:,} in {self.year} prices (£{self.original:,} in {self.original_year} prices "
                f"× {self.factor:.3f}, {self.series}){flag}")


def uplift_factor(values: dict[str, float], from_year: str, to_year: str) -> float:
    """Index ratio to_year / from_year; KeyError names the missing year."""
    for year in (from_year, to_year):
        if year not in values:
            raise KeyError(f"no deflator value for {year}")
    return values[to_year] / values[from_year]


def uplift(cost: float, values: dict[str, float], from_year: str, to_year: str) -> int:
    """The cost at to_year prices, rounded to the nearest £10."""
    return int(round(cost * uplift_factor(values, from_year, to_year) / 10.0) * 10)


def uplift_unit_cost(lib, unit_cost_id: str) -> PriceUplift | None:
    """None when the cost, the deflator series or a needed year is missing (the caller shows original prices)."""
    unit = lib.unit_costs.get(unit_cost_id)
    d = lib.deflators
    if unit is None or d is None:
        return None
    year = lib.unit_cost_price_year
    try:
        factor = uplift_factor(d.values, year, d.target_year)
    except KeyError:
        return None
    return PriceUplift(unit.id, unit.crime_type, unit.cost, year, uplift(unit.cost, d.values, year, d.target_year),
                       d.target_year, factor, d.series, unit.confirmed and d.confirmed)


def unit_cost_rows(lib, unit_cost_ids) -> list[dict]:
    """The unit costs a plan lists: original figure, what it was checked against, and the uplifted figure."""
    rows = []
    for uid in unit_cost_ids:
        unit = lib.unit_costs.get(uid)
        if unit is None:
            continue
        up = uplift_unit_cost(lib, uid)
        rows.append({"id": uid, "crime_type": unit.crime_type, "cost": unit.cost, "confirmed": unit.confirmed,
                     "checked_against": unit.checked_against, "price_year": lib.unit_cost_price_year,
                     "uplifted": up.uplifted if up else None, "uplift_year": up.year if up else "",
                     "uplift_confirmed": up.confirmed if up else False})
    return rows
