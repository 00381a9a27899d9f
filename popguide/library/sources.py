"""Citations in one style, where each source is used, and which checks are old or unconfirmed.

Used by `popguide sources`, the references section of exported plans and the app's detail views.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from . import models as m

UNCONFIRMED = "unconfirmed"
SECONDARY = "checked against a secondary source"
EXTENT_LABEL = {"england-and-wales": "England and Wales", "england": "England only", "wales": "Wales only",
                "uk": "UK", "great-britain": "Great Britain"}


def _address(ref: m.Work | m.Law) -> str:
    if isinstance(ref, m.Law):
        return ref.url
    if ref.doi:
        return f"https://doi.org/{ref.doi}"
    return ref.url


def law_label(law: m.Law, locator: str = "") -> str:
    """Act, section and subsection in the usual short form: Anti-social ... Act 2014, s.43(1)."""
    sec = law.section
    if sec[:1].isdigit():
        sec = ("ss." if "-" in sec or "," in sec else "s.") + sec
    sub = locator or law.subsection
    if not sub:
        return f"{law.act}, {sec}"
    if sub.startswith("("):  # a subsection: s.43(1)
        return f"{law.act}, {sec}{sub}"
    if sub.startswith(sec):  # the locator names the section itself: "s.43(1) and (5)"
        return f"{law.act}, {sub}"
    return f"{law.act}, {sec}, {sub}"  # a place within a range: ss.43-58, s.48


def flags(ref: m.Work | m.Law) -> list[str]:
    """The warnings an officer must see next to a source."""
    out = []
    if isinstance(ref, m.Law):
        if ref.commencement_unconfirmed:
            out.append("commencement unconfirmed")
        if ref.change_unconfirmed:
            out.append("reported change unconfirmed")
        if ref.in_force not in ("in-force",):
            out.append(ref.in_force.replace("-", " "))
    elif ref.unconfirmed:
        out.append(UNCONFIRMED)
    if ref.checked_against == "secondary":
        out.append(SECONDARY)
    return out


def reference_text(ref: m.Work | m.Law, locator: str = "") -> str:
    """One citation: authors (year) title. publisher. locator. address. [flags]."""
    if isinstance(ref, m.Law):
        extent = EXTENT_LABEL[ref.extent]
        status = ref.in_force.replace("-", " ")
        text = f"{law_label(ref, locator)} ({ref.title}). {_address(ref)}. {status.capitalize()}, {extent}; checked {ref.checked}"
    else:
        text = f"{ref.authors} ({ref.year}) {ref.title.rstrip('.')}."
        if ref.publisher:
            text += f" {ref.publisher.rstrip('.')}."
        if locator:
            text += f" {locator.rstrip('.')}."
        address = _address(ref)
        if address:
            text += f" {address}"
        text = text.rstrip(".") + f". Checked {ref.checked}"
    marks = flags(ref)
    return text + (f" ({'; '.join(marks)})" if marks else "")


def cite_text(lib, cite: m.Cite) -> str:
    ref = lib.reference(cite.ref)
    if ref is None:
        return f"{cite.ref} (unknown reference)"
    return reference_text(ref, cite.locator)


@dataclass
class SourceRow:
    """One work or law entry, and every place the library uses it."""

    id: str
    kind: str
    citation: str
    checked: str
    checked_against: str
    flags: list[str]
    used_in: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "citation": self.citation, "checked": self.checked,
                "checked_against": self.checked_against, "flags": self.flags, "used_in": self.used_in}


def uses(lib) -> dict[str, list[str]]:
    """Reference id -> where it is used (scenario:response, partner:ID, glossary:ID, unit-costs, deflators)."""
    out: dict[str, list[str]] = {}

    def add(ref: str, where: str) -> None:
        out.setdefault(ref, [])
        if where not in out[ref]:
            out[ref].append(where)

    for sid, s in sorted(lib.scenarios.items()):
        for r in s.responses:
            for c in r.evidence.cites:
                add(c.ref, f"{sid}:{r.id}")
        for c in s.cites:
            add(c.ref, sid)
    for pid, p in sorted(lib.partners.items()):
        for power in p.powers:
            for c in power.law:
                add(c.ref, f"partner:{pid}")
        for c in p.cites:
            add(c.ref, f"partner:{pid}")
    for tid, t in sorted(lib.glossary.items()):
        for c in t.cites:
            add(c.ref, f"glossary:{tid}")
    for c in lib.unit_cost_cites:
        add(c.ref, "unit-costs")
    if lib.deflators is not None:
        for c in lib.deflators.cites:
            add(c.ref, "deflators")
    return out


def source_rows(lib, *, stale_days: int | None = None, unconfirmed_only: bool = False,
                today: date | None = None) -> list[SourceRow]:
    """Every source with where it is used; optionally only checks older than ``stale_days`` or flagged ones."""
    today = today or date.today()
    used = uses(lib)
    rows = []
    for ref in [*lib.works.values(), *lib.laws.values()]:
        row = SourceRow(ref.id, "law" if isinstance(ref, m.Law) else ref.kind, reference_text(ref), ref.checked,
                        ref.checked_against, flags(ref), used.get(ref.id, []))
        if stale_days is not None:
            try:
                age = (today - date.fromisoformat(ref.checked)).days
            except ValueError:
                age = stale_days + 1
            if age <= stale_days:
                continue
        if unconfirmed_only and not any(f != SECONDARY for f in row.flags):
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (r.kind == "law", r.citation.lower()))


def references_for(lib, scenario: m.Scenario | None, picked_response_ids: list[str] = (),
                   power_ids: list[str] = (), unit_cost_ids: list[str] = ()) -> list[dict]:
    """The references section of a plan: the works and provisions behind the chosen responses, the powers they use
    and the unit costs, each once, numbered in order of first use.

    Returns dicts with ``n``, ``id``, ``text`` (the citation), ``address``, ``flags`` and ``for`` (what cites it).
    """
    order: list[tuple[str, str, str]] = []  # (ref id, locator, what)
    if scenario is not None:
        for rid in picked_response_ids:
            r = scenario.response(rid)
            if r is None:
                continue
            order += [(c.ref, c.locator, r.title) for c in r.evidence.cites]
            if r.power and r.power in lib.glossary and r.power not in power_ids:
                power_ids = [*power_ids, r.power]
    for pid in power_ids:
        term = lib.glossary.get(pid)
        if term is not None:
            order += [(c.ref, c.locator, term.term) for c in term.cites if c.ref in lib.laws] or \
                     [(c.ref, c.locator, term.term) for c in term.cites]
    if unit_cost_ids:
        names = ", ".join(lib.unit_costs[u].crime_type for u in unit_cost_ids if u in lib.unit_costs)
        order += [(c.ref, c.locator, f"unit costs ({names})") for c in lib.unit_cost_cites]
        if lib.deflators is not None:
            order += [(c.ref, c.locator, "price uplift") for c in lib.deflators.cites]
    out: list[dict] = []
    index: dict[str, dict] = {}
    locators: dict[str, list[str]] = {}  # one entry a source, with every place in it the plan relies on
    for ref_id, locator, what in order:
        ref = lib.reference(ref_id)
        if ref is None:
            continue
        if ref_id in index:
            entry = index[ref_id]
            if what not in entry["for"]:
                entry["for"].append(what)
            if locator and locator not in locators[ref_id]:
                locators[ref_id].append(locator)
                entry["text"] = reference_text(ref, "; ".join(locators[ref_id]))
            continue
        locators[ref_id] = [locator] if locator else []
        entry = {"n": len(out) + 1, "id": ref_id, "text": reference_text(ref, locator), "address": _address(ref),
                 "flags": flags(ref), "for": [what]}
        index[ref_id] = entry
        out.append(entry)
    return out


def evidence_detail(lib, r: m.Response) -> list[str]:
    """Markdown lines for a response's evidence: rating, design, studies, country, transplanted, each source."""
    ev = r.evidence
    lines = [f"- **Rating:** {ev.rating} ({m.EVIDENCE_MEANING[ev.rating]})",
             f"- **Design:** {m.DESIGN_MEANING[ev.design] if ev.design else 'not recorded'}" + (f", {ev.studies} studies" if ev.studies else ""),
             f"- **Country:** {ev.country or 'not recorded'}" + (" · **transplanted** from another problem" if ev.transplanted else " · about this problem" if ev.transplanted is False else "")]
    for c in ev.cites:
        ref = lib.reference(c.ref)
        if ref is None:
            lines.append(f"- **Source:** {c.ref} (unknown reference)")
            continue
        lines.append(f"- **Source:** {reference_text(ref, c.locator)}")
        if isinstance(ref, m.Work) and ref.toolkit_rating:
            lines.append(f"  - Crime Reduction Toolkit's own rating: {ref.toolkit_rating}")
        if isinstance(ref, m.Work):
            lines.append(f"  - Last checked {ref.checked} against the {ref.checked_against} source")
    if not ev.cites and ev.source:
        lines.append(f"- **Source (free text, not checked):** {ev.source}")
    if ev.note:
        lines.append(f"- **Note:** {ev.note}")
    if ev.differs_because:
        lines.append(f"- **Why this rating differs elsewhere:** {ev.differs_because}")
    return lines


@dataclass(frozen=True)
class PowerBeside:
    """A response's glossary power as shown beside it: the law lives in the glossary entry, once, not in each response."""

    id: str
    term: str
    definition: str
    who_can_use: str
    changes: str
    flags: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


def power_beside(lib, r: m.Response) -> PowerBeside | None:
    """The power a response names, with the warnings of the law it rests on (None when it names none)."""
    term = lib.glossary.get(r.power) if r.power else None
    if term is None:
        return None
    warned: list[str] = [UNCONFIRMED] if term.unconfirmed else []
    for c in term.cites:
        law = lib.laws.get(c.ref)
        if law is not None:
            warned += [f for f in flags(law) if f != SECONDARY]
    return PowerBeside(term.id, term.term, term.definition, term.who_can_use, term.changes, list(dict.fromkeys(warned)))


def law_detail(lib, cites: list[m.Cite]) -> list[str]:
    """Markdown lines for the provisions a power or duty rests on, with status, extent and check date."""
    lines = []
    for c in cites:
        law = lib.laws.get(c.ref)
        if law is None:
            ref = lib.reference(c.ref)
            if ref is not None:
                lines.append(f"- {reference_text(ref, c.locator)}")
            continue
        flag = (" **(commencement unconfirmed)**" if law.commencement_unconfirmed else "") + \
               (" **(reported change unconfirmed)**" if law.change_unconfirmed else "")
        lines.append(f"- **{law_label(law, c.locator)}** ({law.title}): {law.in_force.replace('-', ' ')}, "
                     f"{EXTENT_LABEL[law.extent]}{flag}; checked {law.checked} against the {law.checked_against} source. {law.url}")
        if law.amended_by:
            lines.append(f"  - Changes: {law.amended_by}")
        if law.note:
            lines.append(f"  - {law.note}")
    return lines
