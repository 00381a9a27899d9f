"""The content rules `popguide validate` enforces beyond the types: ratings that fit the evidence, cites that
resolve, law that is sectioned, addressed and dated.

Each rule adds a :class:`LibraryIssue` located as FILE:LINE at the field an author has to change. None of them
makes the loader skip a file: the app still shows the content, and validate exits 1 until it is fixed.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from . import models as m
from .places import PlaceReader
from .typed import Problem
from .yamlsource import line_of

TOOLKIT_KIND = "toolkit"


def _issue(lib, path: Path, problems: Iterable[Problem], prefix: tuple = ()) -> None:
    from .issues import LibraryIssue

    problems = list(problems)
    if not problems:
        return
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    for p in problems:
        full = prefix + p.path
        lib.issues.append(LibraryIssue(path, line_of(text, full), Problem(full, "").dotted(), p.message, p.expected))


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def rating_problems(ev: m.Evidence, where: tuple) -> list[Problem]:
    """The rating rule for one piece of evidence (docs/scenario-format.md, "The rating rule")."""
    out: list[Problem] = []
    for name, value in (("design", ev.design), ("transplanted", ev.transplanted), ("country", ev.country or None)):
        if value is None:
            out.append(Problem(where + (name,), "is missing", {"design": "the study design (see the rating rule)",
                       "transplanted": "true or false", "country": "where the evidence comes from"}[name]))
    design = ev.design or "none"
    allowed = m.RATINGS_ALLOWED[design]
    if ev.rating not in allowed:
        out.append(Problem(where + ("rating",), f"{ev.rating!r} cannot rest on {m.DESIGN_MEANING[design]} ({design})",
                           "one of " + ", ".join(allowed)))
    elif ev.rating == "effective" and ev.transplanted:
        out.append(Problem(where + ("rating",), "'effective' cannot rest on evidence transplanted from another problem",
                           "promising at most, or evidence about this problem"))
    elif ev.rating == "effective" and ev.studies is not None and ev.studies < 2:
        out.append(Problem(where + ("studies",), f"a review of {ev.studies} study cannot make it effective", "2 or more"))
    return out


def _cite_problems(lib, cites: list[m.Cite], where: tuple, *, want: str = "any") -> list[Problem]:
    out = []
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(cites):
        ref = lib.reference(c.ref)
        if (c.ref, c.locator) in seen:  # the same source, at the same place, listed twice: an editing slip
            out.append(Problem(where + (i, "ref"), f"cites {c.ref!r}" + (f" at {c.locator!r}" if c.locator else "")
                               + " twice", "each source once (give several places in one locator)"))
        seen.add((c.ref, c.locator))
        if ref is None:
            out.append(Problem(where + (i, "ref"), f"unknown reference {c.ref!r}", "an id from references.yaml"))
        elif want == "law" and not isinstance(ref, m.Law):
            out.append(Problem(where + (i, "ref"), f"{c.ref!r} is a work, not a law entry", "an id under law: in references.yaml"))
        elif isinstance(ref, m.Law) and ref.in_force == "repealed":  # an officer must not act on a repealed power
            out.append(Problem(where + (i, "ref"), f"{c.ref!r} is repealed", "the provision in force now"))
    return out


def _evidence_problems(lib, places: PlaceReader, ev: m.Evidence, where: tuple) -> list[Problem]:
    out = rating_problems(ev, where)
    if not ev.cites:
        what = "a free-text source only" if ev.source.strip() else "no source"
        out.append(Problem(where + ("cites",), f"has {what}", "cites: [{ref: ID, locator: ...}] naming entries of references.yaml"))
        return out
    out += _cite_problems(lib, ev.cites, where + ("cites",))
    out += _country_problems(lib, places, ev, where)
    works = [lib.works[c.ref] for c in ev.cites if c.ref in lib.works]
    if works and ev.design not in (None, "none"):
        best = min(m.DESIGN_ORDER.index(w.design) for w in works)
        if m.DESIGN_ORDER.index(ev.design) < best:
            out.append(Problem(where + ("design",), f"{ev.design!r} is stronger than any cited work "
                               f"(strongest cited: {m.DESIGN_ORDER[best]})", "the design of a cited work, or weaker"))
    return out


def _country_problems(lib, places: PlaceReader, ev: m.Evidence, where: tuple) -> list[Problem]:
    """A response's country names the places its sources come from: no place no cited source covers, and at least
    one place of its main cited work (a response may rely on part of it: England, of guidance for England and
    Wales). places.yaml is the vocabulary."""
    if not places.places or not ev.country:
        return []
    field = where + ("country",)
    reading = places.read(ev.country)
    out = _place_wording_problems(reading, ev.country, field)
    if reading.unknown or reading.wide:
        return out
    per_cite: list[tuple[str, set[str], bool]] = []
    for c in ev.cites:
        if c.ref in lib.works:
            work_reading = places.read(lib.works[c.ref].country)
            if work_reading.unknown:
                continue
            per_cite.append((c.ref, set(work_reading.nations), work_reading.wide))
        elif c.ref in lib.laws:
            per_cite.append((c.ref, places.extent_nations(lib.laws[c.ref].extent), False))
    if not per_cite or any(wide for _, _, wide in per_cite):
        return out
    sources = set().union(*(nations for _, nations, _ in per_cite))
    extra = reading.nations - sources
    if extra:
        out.append(Problem(field, f"{ev.country!r} names {_nation_list(extra)}, which no cited source covers",
                           "only the places the cited works and law come from (" + _nation_list(sources) + ")"))
    main = next(((ref, nations) for ref, nations, _ in per_cite if ref in lib.works), None)
    if main and main[1] and not main[1] & reading.nations:
        out.append(Problem(field, f"{ev.country!r} names none of the places the main source {main[0]} comes from "
                           f"({_nation_list(main[1])})", "the main cited work's place, or the part of it relied on"))
    return out


def _place_wording_problems(reading, text: str, field: tuple) -> list[Problem]:
    out = []
    if reading.unknown:
        out.append(Problem(field, f"{text!r} names no place in places.yaml", "a place listed there, or add it"))
    for phrase, inner in reading.redundant:
        out.append(Problem(field, f"{phrase!r} names a wider place than the evidence covers", f"{inner!r} on its own"))
    return out


def _nation_list(nations: set[str]) -> str:
    return ", ".join(sorted(nations))


def _consistency_problems(lib) -> None:
    """The same main source gives the same rating everywhere, or the evidence says why not."""
    groups: dict[tuple[str, bool], list[tuple[str, int, m.Evidence]]] = {}
    for sid, s in lib.scenarios.items():
        for i, r in enumerate(s.responses):
            ev = r.evidence
            if not ev.cites or ev.design in ("guidance", "none", "case-study", "before-after"):
                continue
            work = lib.works.get(ev.cites[0].ref)
            if work is None or work.design != ev.design:
                continue
            groups.setdefault((ev.cites[0].ref, ev.transplanted), []).append((sid, i, ev))
    for (ref, transplanted), uses in groups.items():
        ratings = {ev.rating for _, _, ev in uses}
        if len(ratings) < 2:
            continue
        for sid, i, ev in uses:
            if not ev.differs_because.strip():
                others = sorted({f"{o}:{lib.scenarios[o].responses[j].id}={e.rating}" for o, j, e in uses if e.rating != ev.rating})
                _issue(lib, lib.scenario_files[sid], [Problem(
                    ("responses", i, "evidence", "rating"),
                    f"{ev.rating!r} from {ref} differs from " + ", ".join(others[:3]) + (" ..." if len(others) > 3 else ""),
                    "the same rating, or differs_because saying why")])


#: A provision of law named in a text: "s.136", "ss.59-75", "section 35".
_SECTION = re.compile(r"\b(?:ss?\.\s?|sections? )\d+[A-Z]?\b", re.I)


def _law_relied_on_problems(lib, r: m.Response, where: tuple) -> list[Problem]:
    """A response that rests on a power, or names a section of an Act, cites the law it relies on.

    An officer reading "seize the bike under s.59" must be able to follow s.59 to its text and its date."""
    cites = {c.ref for c in r.evidence.cites}
    problems = []
    term = lib.glossary.get(r.power) if r.power else None
    power_law = [c.ref for c in term.cites if c.ref in lib.laws] if term else []
    if power_law and not cites & set(power_law):
        problems.append(Problem(where + ("evidence", "cites"), f"rests on the power {r.power!r} but cites none of its law",
                                "one of " + ", ".join(power_law)))
    if not any(c in lib.laws for c in cites):
        for field, text in ((("what",), r.what), (("mechanism",), r.mechanism), (("evidence", "note"), r.evidence.note)):
            found = _SECTION.search(text)
            if found:
                problems.append(Problem(where + field, f"names {found.group(0)!r} but the response cites no law",
                                        "a law entry of references.yaml in evidence.cites"))
    return problems


def _work_problems(w: m.Work, places: PlaceReader) -> list[Problem]:
    out = []
    if places.places and w.country:
        out += _place_wording_problems(places.read(w.country), w.country, ("country",))
    if not _valid_date(w.checked):
        out.append(Problem(("checked",), f"{w.checked!r} is not a date", "YYYY-MM-DD"))
    if not (w.url or w.doi) and not w.unconfirmed:
        out.append(Problem(("url",), "has no address", "a url or doi, or unconfirmed: true with a note"))
    if w.kind == TOOLKIT_KIND and not w.toolkit_rating and not w.unconfirmed:
        out.append(Problem(("toolkit_rating",), "a Crime Reduction Toolkit entry needs the Toolkit's own rating",
                           "the Toolkit's verdict, or unconfirmed: true"))
    return out


def _law_problems(law: m.Law) -> list[Problem]:
    out = []
    if not _valid_date(law.checked):
        out.append(Problem(("checked",), f"{law.checked!r} is not a date", "YYYY-MM-DD"))
    if "legislation.gov.uk/" not in law.url:
        out.append(Problem(("url",), f"{law.url!r} is not a legislation.gov.uk address", "https://www.legislation.gov.uk/..."))
    if law.in_force == "unknown" and not law.commencement_unconfirmed:
        out.append(Problem(("commencement_unconfirmed",), "in-force status unknown but not flagged", "true"))
    return out


def check_library(lib) -> None:
    """Run every content rule; problems go to ``lib.issues``."""
    places = PlaceReader(lib.places)
    for kind, items, check in (("work", lib.works, lambda w: _work_problems(w, places)), ("law", lib.laws, _law_problems)):
        for item_id, item in items.items():
            path, field, index = lib.origins[(kind, item_id)]
            _issue(lib, path, check(item), (field, index))
    for sid, s in lib.scenarios.items():
        path = lib.scenario_files[sid]
        problems: list[Problem] = []
        for i, r in enumerate(s.responses):
            problems += _evidence_problems(lib, places, r.evidence, ("responses", i, "evidence"))
            problems += _law_relied_on_problems(lib, r, ("responses", i))
        if not s.cites:
            problems.append(Problem(("cites",), "has free-text sources only" if s.sources else "has no sources",
                                    "cites naming entries of references.yaml"))
        problems += _cite_problems(lib, s.cites, ("cites",))
        _issue(lib, path, problems)
    _consistency_problems(lib)
    for pid, p in lib.partners.items():
        path, field, index = lib.origins[("partner", pid)]
        problems = []
        for j, power in enumerate(p.powers):
            problems += _cite_problems(lib, power.law, ("powers", j, "law"), want="law")
        problems += _cite_problems(lib, p.cites, ("cites",))
        if p.sources and not p.cites:
            problems.append(Problem(("cites",), "has free-text sources only", "cites naming entries of references.yaml"))
        _issue(lib, path, problems, (field, index))
    for tid, t in lib.glossary.items():
        path, field, index = lib.origins[("term", tid)]
        problems = _cite_problems(lib, t.cites, ("cites",))
        if not t.cites:
            problems.append(Problem(("cites",), "has a free-text source only" if t.source else "has no source",
                                    "cites naming entries of references.yaml"))
        elif t.who_can_use and not any(c.ref in lib.laws for c in t.cites):
            problems.append(Problem(("cites",), "a legal power must cite the law it rests on", "a law entry of references.yaml"))
        _issue(lib, path, problems, (field, index))
    for uid, u in lib.unit_costs.items():
        path, field, index = lib.origins[("cost", uid)]
        problems = []
        if not u.checked_against:
            problems.append(Problem(("checked_against",), "is missing", "what the figure was checked against"))
        if not _valid_date(u.checked):
            problems.append(Problem(("checked",), f"{u.checked!r} is not a date" if u.checked else "is missing", "YYYY-MM-DD"))
        _issue(lib, path, problems, (field, index))
    if ("unit-costs", "") in lib.origins:
        path = lib.origins[("unit-costs", "")][0]
        _issue(lib, path, _cite_problems(lib, lib.unit_cost_cites, ("cites",)))
    if lib.deflators is not None:
        d = lib.deflators
        path = lib.origins[("deflators", "")][0]
        problems = _cite_problems(lib, d.cites, ("cites",))
        if d.target_year not in d.values:
            problems.append(Problem(("target_year",), f"{d.target_year!r} has no value", "a year listed under values"))
        if lib.unit_cost_price_year and lib.unit_cost_price_year not in d.values:
            problems.append(Problem(("values",), f"no value for the unit costs' price year {lib.unit_cost_price_year!r}",
                                    "a value for that year"))
        if not _valid_date(d.checked):
            problems.append(Problem(("checked",), f"{d.checked!r} is not a date", "YYYY-MM-DD"))
        _issue(lib, path, problems)


def resolve_texts(lib) -> None:
    """Fill the free-text fields the rest of popguide reads (evidence.source, scenario.sources, term.source,
    partner.sources) from the structured cites, so every screen and plan shows the same citation text."""
    from .sources import cite_text

    def texts(cites: list[m.Cite]) -> list[str]:
        return [cite_text(lib, c) for c in cites]

    for sid, s in list(lib.scenarios.items()):
        responses = []
        for r in s.responses:
            ev = r.evidence
            if ev.cites and not ev.source:
                ev = dataclasses.replace(ev, source="; ".join(texts(ev.cites)))
            responses.append(dataclasses.replace(r, evidence=ev) if ev is not r.evidence else r)
        sources = list(s.sources) if s.sources else texts(s.cites)
        lib.scenarios[sid] = dataclasses.replace(s, responses=responses, sources=sources)
    for tid, t in list(lib.glossary.items()):
        if t.cites and not t.source:
            lib.glossary[tid] = dataclasses.replace(t, source="; ".join(texts(t.cites)))
    for pid, p in list(lib.partners.items()):
        if p.cites and not p.sources:
            lib.partners[pid] = dataclasses.replace(p, sources=texts(p.cites))
