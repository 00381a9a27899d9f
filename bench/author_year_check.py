"""Authors and years a response names that match no work it cites: a source relied on but not cited.

Lists, for every response of the built-in library, the names and years in its `what`, `mechanism` and note
("Smith (2008)", "Smith and Jones 2008", "Smith et al.", "Smith's review") that none of its cited records
carries. Every hit needs checking by hand: most are organisations or places, not authors.

    uv run python bench/author_year_check.py
"""

from __future__ import annotations

import re

from popguide.library import load_library
from popguide.library import models as m

NAME = r"[A-Z][a-zA-Z'\-]+"
PATTERNS = [
    re.compile(rf"\b({NAME})(?:,? (?:and|&) ({NAME}))?(?: et al\.?)?,? \(?((?:19|20)\d\d)[a-z]?\)?"),
    re.compile(rf"\b({NAME}) et al\.?()()"),
    re.compile(rf"\b({NAME})'s? (?:review|study|survey|evaluation|trial|meta-analysis)()()"),
]
#: Capitalised words that begin such a phrase without naming an author.
NOT_AUTHORS = set("""The In A An Its It This That Home Police College Toolkit Act January February March April May
June July August September October November December Sweep Since From By Up As For Of On And Campbell Crime Justice
England Wales UK US Scotland Liverpool London Merseyside Neighbourhood Cardiff Order Part Section Regulations Schedule
Guidance Report Summer Winter Spring Autumn Between Until Before After Over Under""".split())


def cited_names_and_years(lib, cites: list[m.Cite]) -> tuple[set[str], set[str]]:
    names, years = set(), set()
    for c in cites:
        ref = lib.reference(c.ref)
        if isinstance(ref, m.Work):
            names |= {w.lower() for w in re.findall(NAME, f"{ref.authors} {ref.title}")}
            years.add(str(ref.year)[:4])
        elif isinstance(ref, m.Law):
            names |= {w.lower() for w in re.findall(NAME, f"{ref.act} {ref.title}")}
    return names, years


def unmatched(text: str, names: set[str], years: set[str]) -> list[tuple[str, list[str]]]:
    out = []
    for pattern in PATTERNS:
        for found in pattern.finditer(text):
            first, second, year = found.groups()
            if first in NOT_AUTHORS:
                continue
            missing = [f"name {n}" for n in (first, second) if n and n.lower() not in names]
            if year and year not in years and not missing:
                missing.append(f"year {year}")
            if missing:
                out.append((found.group(0), missing))
    return out


def main() -> int:
    lib = load_library([])
    for s in lib.scenarios.values():
        for r in s.responses:
            names, years = cited_names_and_years(lib, r.evidence.cites)
            for field, text in (("note", r.evidence.note), ("what", r.what), ("mechanism", r.mechanism)):
                for words, missing in unmatched(text, names, years):
                    print(f"{s.id}:{r.id}:{field}: {words!r} -> {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
