"""The force's own data in the conversation: the CHEERS counts, facts for the triangle, and the before and after
counts at review, from a dataset the officer imported (`popguide data import`).

The data tool kit (popguide.data) does the counting; this module turns an officer's words for an area into a
filter, asks the tool kit, and files what comes back as facts the conversation offers for confirmation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

NEAR = re.compile(r"^\s*(?:within\s+(?P<r1>\d+(?:\.\d+)?)\s*(?P<u1>m|km|metres|meters)\s+of\s+|near\s+)(?P<place>.+?)"
                  r"(?:\s+(?:within\s+)?(?P<r2>\d+(?:\.\d+)?)\s*(?P<u2>m|km|metres|meters))?\s*$", re.I)
LSOA_CODES = re.compile(r"\b[EW]0\d{7}\b", re.I)
WHOLE = ("all", "everywhere", "the whole dataset", "whole", "all of it")


@dataclass
class DataEvidence:
    """What a dataset said about this problem, kept for the plan."""

    dataset: str
    area: str = ""  # the officer's words for the area ("" for the whole dataset)
    date_range: str = ""
    cheers: str = ""  # the Events sentence
    recurring: str = ""  # the Recurring sentence
    recurs: bool = False  # the data shows it recurring
    trend: str = ""  # the trend over the months, and any month that stood out
    facts: list[tuple[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    counts_from_data: dict[str, dict[str, float]] = field(default_factory=dict)  # "baseline"/"after" -> role -> count
    error: str = ""


class DataLink:
    """Datasets under one data folder, as the conversation uses them."""

    def __init__(self, root: Path | None):
        self.root = root
        self._types: dict[tuple[str, str], list[str]] = {}  # (dataset, scenario id) -> its types in the data

    def names(self) -> list[str]:
        from ..data.store import list_datasets

        try:
            return [d.name for d in list_datasets(self.root)]
        except Exception:  # a broken dataset folder must not stop the conversation
            return []

    def area_filter(self, dataset: str, text: str):
        """A filter from the officer's words: LSOA codes, 'near PLACE 500 m', an LSOA name, a street as the
        data writes it, or a place name; None for the whole dataset. Raises DataError when nothing matches."""
        from ..data.filters import Filter, compile_filter
        from ..data.store import DataError, connect, dataset_path

        words = " ".join((text or "").split())
        if not words or words.lower() in WHOLE:
            return None
        candidates = []
        codes = LSOA_CODES.findall(words)
        if codes:
            candidates.append(Filter(areas=[c.upper() for c in codes]))
        m = NEAR.match(words)
        if m:
            radius, unit = (m["r1"], m["u1"]) if m["r1"] else (m["r2"], m["u2"])
            metres = float(radius) * (1000 if (unit or "").lower() == "km" else 1) if radius else 500.0
            candidates.append(Filter(near=m["place"].strip(), radius=metres))
        candidates += [Filter(areas=[words]), Filter(locations=[words]), Filter(near=words)]
        con = connect(dataset_path(dataset, self.root), read_only=True)
        try:
            for flt in candidates:
                try:
                    sel = compile_filter(con, flt, with_period=False, with_types=False)
                    if con.execute(f"SELECT count(*) FROM records WHERE {sel.where}", sel.params).fetchone()[0]:
                        return flt
                except DataError:
                    continue
        finally:
            con.close()
        raise DataError(f"nothing in dataset {dataset!r} matches “{words}”: give an LSOA name or code, a street as "
                        "the data writes it, or `near PLACE 500 m`")

    def evidence(self, dataset: str, scenario, area_text: str) -> DataEvidence:
        """The Events and Recurring counts and the triangle facts for this problem in this area."""
        from ..data.guide import analysis_facts, cheers_counts
        from ..data.store import DataError

        ev = DataEvidence(dataset, area=area_text)
        try:
            flt = self.area_filter(dataset, area_text)
            counts = cheers_counts(dataset, scenario, flt, data_dir=self.root)
            ev.cheers, ev.recurring, ev.caveats = counts.sentence, counts.recurring_sentence, list(counts.caveats)
            ev.recurs, ev.trend = counts.recurring, counts.trend_sentence
            ev.date_range = counts.period
            ev.facts = analysis_facts(dataset, scenario, flt, data_dir=self.root)
        except (DataError, OSError) as exc:
            ev.error = str(exc)
        return ev

    def plan_section(self, ev: DataEvidence, scenario) -> dict:
        """The data part of the exported plan: charts (inline, offline, with text alternatives) and their text,
        naming the dataset and period; {} when the dataset can no longer be read."""
        from ..data.guide import plan_section
        from ..data.store import DataError

        try:
            section = plan_section(ev.dataset, scenario, self.area_filter(ev.dataset, ev.area), data_dir=self.root)
        except (DataError, OSError):
            return {}
        return {"source": section["source"], "html": section["html"], "text": section["text"]}

    def covers(self, dataset: str, first: date, last: date) -> bool:
        """Whether the dataset holds every month from ``first`` to ``last`` (a gap would count as zero)."""
        from ..data.analyses import month_after
        from ..data.store import DataError, connect, dataset_path

        first = date(first.year, first.month, 1)
        try:
            con = connect(dataset_path(dataset, self.root), read_only=True)
            try:
                held = {r[0] for r in con.execute("SELECT DISTINCT month FROM records WHERE month BETWEEN ? AND ?",
                                                  [first, last]).fetchall()}
            finally:
                con.close()
        except (DataError, OSError):
            return False
        month = first
        while month <= last:
            if month not in held:
                return False
            month = month_after(month)
        return True

    def counted_types(self, dataset: str, scenario) -> list[str]:
        """The dataset's types that count as this problem (the scenario's police.uk categories or incident
        words), looked up once per dataset and scenario: prompts ask for them whenever the questions are laid out."""
        from ..data.guide import scenario_types
        from ..data.store import DataError, connect, dataset_path

        key = (dataset, getattr(scenario, "id", ""))
        if key not in self._types:
            try:
                con = connect(dataset_path(dataset, self.root), read_only=True)
                try:
                    self._types[key] = list(scenario_types(con, scenario))
                finally:
                    con.close()
            except (DataError, OSError):
                return []
        return self._types[key]

    def type_words(self, dataset: str, scenario) -> str:
        """The counted types as a phrase ("anti-social behaviour"; "public order; violence and sexual offences")."""
        from ..data.guide import type_words

        types = self.counted_types(dataset, scenario)
        return type_words(types) if types else ""

    def only_asb(self, dataset: str, scenario) -> bool:
        """Whether this problem's records in the dataset are anti-social behaviour only (no Home Office unit cost)."""
        from ..data.analyses import ASB

        types = self.counted_types(dataset, scenario)
        return bool(types) and all(t == ASB for t in types)

    def area_counts(self, dataset: str, scenario, roles: list[tuple[str, str]], period: tuple[date, date]) -> dict[str, float]:
        """Counts for each named area (role -> count) in the period, for the scenario's types; {} when an area
        cannot be found in the data."""
        from ..data.guide import area_counts
        from ..data.store import DataError

        try:
            types = self.counted_types(dataset, scenario)
            if not types:
                return {}
            out = {}
            for role, name in roles:
                flt = self.area_filter(dataset, name)
                out[role] = float(area_counts(dataset, types, flt, (period[0].isoformat(), period[1].isoformat()),
                                              data_dir=self.root))
            return out
        except (DataError, OSError):
            return {}
