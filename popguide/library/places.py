"""Reading a country field ("England (Merseyside)", "mostly US; UK national evaluation") as the nations it names,
with the vocabulary in places.yaml, so validate can check a response's country against its sources'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import models as m

_BRACKETED = re.compile(r"([A-Za-z ]+?)\s*\(([^)]*)\)")
_BRACKETS = re.compile(r"\([^)]*\)")
_JOINERS = re.compile(r"\b(?:and|or)\b|[,;&\s]")


@dataclass(frozen=True)
class PlaceReading:
    """What a country field names: the nations covered, whether it is too wide to check, and names it misuses."""

    nations: frozenset[str]
    wide: bool
    unknown: bool
    #: ("UK (England)", "England"): a nation in brackets after a wider name, and the nation to write instead
    redundant: tuple[tuple[str, str], ...] = ()


def covered(place: m.Place) -> set[str]:
    return set(place.covers) or {place.name}


class PlaceReader:
    """The places of places.yaml as one pattern, longest name first; each country text is read once."""

    def __init__(self, places: dict[str, m.Place]):
        self.places = places
        names = sorted(places, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])",
                                   re.IGNORECASE) if names else None
        self._read: dict[str, PlaceReading] = {}

    def _names_in(self, text: str) -> list[m.Place]:
        if self._pattern is None:
            return []
        return [self.places[found.group(0).lower()] for found in self._pattern.finditer(text)]

    def _only_places(self, text: str) -> bool:
        """True when nothing but place names and the words joining them is left."""
        return self._pattern is not None and not _JOINERS.sub("", self._pattern.sub("", text))

    def read(self, text: str) -> PlaceReading:
        """The nations a country field names. A nation in brackets right after a wider name that covers it
        ("UK (England)") is flagged as redundant (the field should name the nation itself) and read as that nation."""
        if text not in self._read:
            self._read[text] = self._reading(text)
        return self._read[text]

    def _reading(self, text: str) -> PlaceReading:
        redundant: list[tuple[str, str]] = []

        def unwrap(match: re.Match) -> str:
            outer, inner = self._names_in(match.group(1)), self._names_in(match.group(2))
            wider = covered(outer[-1]) if outer else set()
            if inner and self._only_places(match.group(2)) and all(covered(i) < wider for i in inner):
                redundant.append((f"{outer[-1].name} ({match.group(2).strip()})", match.group(2).strip()))
                last = list(self._pattern.finditer(match.group(1)))[-1]  # the wider name gives way to the nation
                before = match.group(1)[:last.start()] + match.group(1)[last.end():]
                return f"{before} {match.group(2)}"
            return match.group(1)  # a town or force in brackets is detail

        named = self._names_in(_BRACKETS.sub(" ", _BRACKETED.sub(unwrap, text)))
        nations: set[str] = set().union(*(covered(p) for p in named)) if named else set()
        return PlaceReading(frozenset(nations), any(p.wide for p in named), not named, tuple(redundant))

    def extent_nations(self, extent: str) -> set[str]:
        """The nations a law entry's extent (england-and-wales, uk, ...) covers."""
        place = self.places.get(extent.replace("-", " ").lower())
        return covered(place) if place else set()
