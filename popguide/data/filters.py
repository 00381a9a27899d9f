"""Narrowing a dataset to an area, a type and a period: one filter, turned into SQL with parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .store import DataError

LSOA_CODE = re.compile(r"[EW]0\d{7}", re.I)
LATLON = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*")
MONTH = re.compile(r"\d{4}-\d{2}")
#: The record kinds analysed unless asked otherwise: crimes, ASB and a force's own incidents.
DEFAULT_KINDS = ("street", "incident")
EARTH_RADIUS_M = 6_371_000.0


@dataclass
class Filter:
    """Which records an analysis looks at. Every part is optional; parts combine with AND."""

    types: list[str] = field(default_factory=list)      # police.uk categories or the export's own types
    areas: list[str] = field(default_factory=list)      # LSOA codes or names ("Liverpool 060" matches 060A..E)
    locations: list[str] = field(default_factory=list)  # snap points or addresses ("Roe Alley")
    near: str | None = None                              # "53.40,-2.98" or a place name found in the data
    radius: float = 500.0                                # metres around ``near``
    start: str | None = None                             # YYYY-MM, inclusive
    end: str | None = None                               # YYYY-MM, inclusive
    kinds: list[str] = field(default_factory=list)      # street, outcomes, stop-search, incident

    def __post_init__(self) -> None:
        for label, value in (("--from", self.start), ("--to", self.end)):
            if value and not MONTH.fullmatch(value):
                raise DataError(f"{label} {value!r}: give a month as YYYY-MM, for example 2024-03")
        if self.radius <= 0:
            raise DataError("--radius must be more than 0 metres")

    def to_dict(self) -> dict:
        return {"types": self.types, "areas": self.areas, "locations": self.locations, "near": self.near,
                "radius": self.radius, "start": self.start, "end": self.end, "kinds": self.kinds}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Filter":
        data = dict(data or {})
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class Compiled:
    where: str
    params: list
    scope: str
    types: list[str]
    centre: tuple[float, float] | None = None


def compile_filter(con, flt: Filter, *, with_period: bool = True, with_types: bool = True) -> Compiled:
    """SQL for ``flt`` against ``records``; names are resolved against the data itself."""
    clauses: list[str] = []
    params: list = []
    words: list[str] = []
    kinds = flt.kinds or list(DEFAULT_KINDS)
    clauses.append("kind IN (" + ", ".join("?" for _ in kinds) + ")")
    params += kinds
    types: list[str] = []
    if flt.types and with_types:
        types = resolve_types(con, flt.types, kinds)
        clauses.append("type IN (" + ", ".join("?" for _ in types) + ")")
        params += types
    if types and len(types) <= 3:
        words.append(", ".join(types))
    elif flt.types:
        words.append(f"{len(types) or 'the'} types matching " + ", ".join(repr(t) for t in flt.types))
    else:
        words.append("all types")
    if flt.areas:
        parts = []
        for area in flt.areas:
            if LSOA_CODE.fullmatch(area.strip()):
                parts.append("area_code = ?")
                params.append(area.strip().upper())
            else:
                parts.append("(area_name ILIKE ? OR area_code ILIKE ?)")
                params += [area.strip() + "%", area.strip()]
        clauses.append("(" + " OR ".join(parts) + ")")
        words.append("in " + ", ".join(flt.areas))
    if flt.locations:
        clauses.append("(" + " OR ".join("location ILIKE ?" for _ in flt.locations) + ")")
        params += [f"%{loc.strip()}%" for loc in flt.locations]
        words.append("at " + ", ".join(flt.locations))
    centre = None
    if flt.near:
        centre = resolve_place(con, flt.near)
        lat, lon = centre
        dlat = flt.radius / 111_320.0
        import math

        dlon = flt.radius / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
        clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
        clauses.append(f"{EARTH_RADIUS_M} * 2 * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + "
                       f"cos(radians(?)) * cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?")
        params += [lat, lat, lon, flt.radius]
        words.append(f"within {flt.radius:,.0f} m of {flt.near}")
    if with_period:
        if flt.start:
            clauses.append("month >= ?::DATE")
            params.append(flt.start + "-01")
        if flt.end:
            clauses.append("month <= ?::DATE")
            params.append(flt.end + "-01")
    if flt.start or flt.end:
        words.append(f"{flt.start or 'start'} to {flt.end or 'end'}")
    return Compiled(" AND ".join(clauses), params, ", ".join(words), types, centre)


def resolve_types(con, wanted: list[str], kinds: list[str]) -> list[str]:
    """Types as the data writes them: an exact name (any case) first, else every type containing the word."""
    from .store import summary

    present = sorted({t for kind, t, *_ in summary(con) if kind in kinds and t})
    out: list[str] = []
    from .formats import formats

    aliases = {k.lower(): v for k, v in (formats().get("type_aliases") or {}).items()}
    for word in wanted:
        w = word.strip().lower()
        w = aliases.get(w, w).lower()
        exact = [t for t in present if t.lower() == w]
        found = exact or [t for t in present if w in t.lower()]
        if not found:
            raise DataError(f"no records of type {word!r} in the dataset (types: {', '.join(sorted(present)[:12])}"
                            + (", ..." if len(present) > 12 else "") + ")")
        out += [t for t in found if t not in out]
    return out


def resolve_place(con, near: str) -> tuple[float, float]:
    """A point: "lat,lon", or the middle of the records whose location or area name matches the words."""
    m = LATLON.fullmatch(near)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"--near {near!r}: latitude must be -90..90 and longitude -180..180")
        return lat, lon
    row = con.execute("""SELECT median(lat), median(lon), count(*) FROM records
                         WHERE lat IS NOT NULL AND (location ILIKE ? OR area_name ILIKE ?)""",
                      [f"%{near.strip()}%", f"%{near.strip()}%"]).fetchone()
    if not row or not row[2]:
        raise DataError(f"--near {near!r}: no place of that name in the dataset; give a location from it or 'lat,lon'")
    return float(row[0]), float(row[1])
