"""Reading a country field ("England (Merseyside)", "mostly US; UK national evaluation") as the nations it names,
with the vocabulary in places.yaml, so validate can check a response's country against its sources'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import models as m

_BRACKETS = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class PlaceReading:
    """What a country field names: the nations covered, whether it is too wide to check, and names it misuses."""

    nations: frozenset[str]
    wide: bool
    unknown: bool
    redundant: tuple[str, ...] = ()


def _names_in(text: str, places: dict[str, m.Place]) -> list[m.Place]:
    found = []
    for key in sorted(places, key=len, reverse=True):
        pattern = r"(?<![A-Za-z])" + re.escape(key) + r"(?![A-Za-z])"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(places[key])
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return found


def _leftover(text: str, places: dict[str, m.Place]) -> str:
    """What is left of the text once the place names and the words joining them are taken out."""
    for key in sorted(places, key=len, reverse=True):
        text = re.sub(r"(?<![A-Za-z])" + re.escape(key) + r"(?![A-Za-z])", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\b(and|or)\b|[,;&\s]", "", text)


def covered(place: m.Place) -> set[str]:
    return set(place.covers) or {place.name}


def read_country(text: str, places: dict[str, m.Place]) -> PlaceReading:
    """The nations a country field names. A nation in brackets right after a wider name that covers it
    ("UK (England)") is flagged as redundant (the field should name the nation itself) and read as that nation."""
    redundant = []
    plain = text
    for match in re.finditer(r"([A-Za-z ]+?)\s*\(([^)]*)\)", text):
        outer = _names_in(match.group(1), places)
        inner = _names_in(match.group(2), places)
        only_places = not _leftover(match.group(2), places)
        if outer and inner and only_places and all(covered(i) <= covered(outer[-1]) and covered(i) != covered(outer[-1]) for i in inner):
            redundant.append(f"{outer[-1].name} ({match.group(2).strip()})")
            plain = plain.replace(match.group(0), match.group(1).replace(outer[-1].name, "") + " " + match.group(2))
    named = _names_in(_BRACKETS.sub(" ", plain), places)
    nations: set[str] = set()
    for place in named:
        nations |= covered(place)
    return PlaceReading(frozenset(nations), any(p.wide for p in named), not named, tuple(redundant))


def extent_nations(extent: str, places: dict[str, m.Place]) -> set[str]:
    """The nations a law entry's extent (england-and-wales, uk, ...) covers."""
    place = places.get(extent.replace("-", " ").lower())
    return covered(place) if place else set()
