"""Which file is which: police.uk headers, the column names of a force's own export, date forms.

The names live in ``formats.yaml`` beside this module so that a force can teach popguide its own
export's column names without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

FORMATS_FILE = Path(__file__).with_name("formats.yaml")
#: Fields of the records table that an incident export can fill, and what each means.
FIELD_HELP = {
    "when": "date or date-time of the incident", "time": "time of day, when it is in its own column",
    "type": "incident or crime type", "ref": "incident or crime reference", "location": "place in words",
    "address": "address (for repeat addresses)", "victim": "victim or caller key (for repeat victims)",
    "lat": "latitude", "lon": "longitude", "easting": "British National Grid easting",
    "northing": "British National Grid northing", "area": "area code (LSOA, ward, beat)",
    "area_name": "area name",
}


@lru_cache(maxsize=1)
def formats() -> dict:
    return yaml.safe_load(FORMATS_FILE.read_text(encoding="utf-8"))


def police_uk_categories() -> tuple[str, ...]:
    return tuple(formats()["police_uk_categories"])


def normalise(name: str) -> str:
    """Column names compared loosely: case, spaces, dots, hyphens and underscores ignored."""
    return re.sub(r"[\s._\-/()]+", "", name.strip().lstrip("\ufeff").lower())


def police_uk_kind(header: list[str]) -> str | None:
    """The police.uk file kind whose header this is exactly, or None."""
    clean = [h.strip().lstrip("\ufeff") for h in header]
    for kind, spec in formats()["police_uk"].items():
        if clean == spec["header"]:
            return kind
    return None


def looks_like_police_uk(header: list[str]) -> str | None:
    """A police.uk kind the header nearly is (most of its columns), for a clear error."""
    have = {normalise(h) for h in header}
    for kind, spec in formats()["police_uk"].items():
        want = {normalise(h) for h in spec["header"]}
        if len(have & want) >= len(want) - 3 and have != want:
            return kind
    return None


@dataclass
class Mapping:
    """Which column of an export fills which field."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> column as written in the file

    def describe(self) -> str:
        return ", ".join(f"{f}={c}" for f, c in self.columns.items())


def parse_map_options(options: list[str] | None) -> dict[str, str]:
    """``--map FIELD=COLUMN`` options as a dict; unknown fields are a one-line error."""
    from .store import DataError

    out: dict[str, str] = {}
    for option in options or []:
        fld, sep, column = option.partition("=")
        fld = fld.strip().lower()
        if not sep or not column.strip():
            raise DataError(f"--map {option!r}: write it as FIELD=COLUMN, for example when=\"Date reported\"")
        if fld not in FIELD_HELP:
            raise DataError(f"--map {option!r}: unknown field {fld!r}; fields are {', '.join(FIELD_HELP)}")
        out[fld] = column.strip()
    return out


def recognise(header: list[str], explicit: dict[str, str]) -> tuple[Mapping, list[str]]:
    """Map export columns to fields by name (explicit ``--map`` first); return the mapping and problems."""
    by_norm = {normalise(h): h for h in header}
    mapping = Mapping()
    problems: list[str] = []
    used: set[str] = set()
    for fld, column in explicit.items():
        actual = by_norm.get(normalise(column))
        if actual is None:
            problems.append(f"--map {fld}={column}: no column {column!r} (columns: {', '.join(header)})")
        else:
            mapping.columns[fld] = actual
            used.add(actual)
    for fld, aliases in formats()["incident_fields"].items():
        if fld in mapping.columns:
            continue
        for alias in aliases:
            actual = by_norm.get(normalise(alias))
            if actual is not None and actual not in used:
                mapping.columns[fld] = actual
                used.add(actual)
                break
    return mapping, problems


def date_formats() -> list[str]:
    return list(formats()["date_formats"])
