"""Scenarios and partners as Markdown, for `popguide show` and the library browser."""

from __future__ import annotations

from .loader import Library
from .models import ANALYSIS_LABELS, LAW_LABEL, MECHANISM_LABEL, SCP_TECHNIQUES, GlossaryTerm, Partner, Response, Scenario
from .prices import uplift_unit_cost
from .sources import PowerBeside, cite_text, evidence_detail, law_detail, power_beside

COST_LABEL = {"low": "£", "medium": "££", "high": "£££"}


def technique_label(technique: str | None) -> str:
    if not technique:
        return ""
    return f"{technique.replace('-', ' ')} ({SCP_TECHNIQUES[technique]})"


def response_markdown(r: Response, lib: Library, number: int | None = None) -> str:
    head = f"{number}. " if number is not None else ""
    lines = [f"### {head}{r.title}", "", r.what, "", f"- **{MECHANISM_LABEL}:** {r.mechanism}"]
    lines.append("- **Evidence:**")
    lines += ["  " + line for line in evidence_detail(lib, r)]
    lead = lib.partner_name(r.lead)
    support = ", ".join(lib.partner_name(p) for p in r.support)
    lines.append(f"- **Lead:** {lead}" + (f"; with {support}" if support else ""))
    lines.append(f"- **Cost:** {COST_LABEL[r.cost]} ({r.cost}) · **Phase:** {r.phase} · **Approach:** {r.approach}")
    if r.technique:
        lines.append(f"- **Situational technique:** {technique_label(r.technique)}")
    power = power_beside(lib, r)
    if power is not None:
        lines += power_lines(power)
        lines += ["  " + line for line in law_detail(lib, lib.glossary[power.id].cites)]
    elif r.power:
        lines.append(f"- **{LAW_LABEL}:** {r.power}")
    return "\n".join(lines)


def power_lines(power: PowerBeside) -> list[str]:
    """The power beside a response: what the law says, who can use it and what is changing, with its warnings."""
    warned = f" **({'; '.join(power.flags)})**" if power.flags else ""
    lines = [f"- **{LAW_LABEL}:** {power.term}{warned}. {power.definition}"]
    if power.who_can_use:
        lines.append(f"  - **Who can use it:** {power.who_can_use}")
    if power.changes:
        lines.append(f"  - **Changes:** {power.changes}")
    return lines


def scenario_markdown(s: Scenario, lib: Library) -> str:
    out = [f"# {s.title}", "", f"`{s.id}`", "", s.summary, ""]
    out += ["## Analysis", ""]
    for side, label in ANALYSIS_LABELS.items():
        out.append(f"**{label}**")
        out += [f"- {q}" for q in getattr(s.analysis, side)]
        out.append("")
    out += ["**Data to pull**"] + [f"- {d}" for d in s.analysis.data_sources] + [""]
    out += ["**Causes to test**"] + [f"- {c}" for c in s.analysis.causes] + [""]
    out += ["## Partners", ""]
    for p in s.partners:
        lead = " (lead)" if p.lead else ""
        when = f" When: {p.when}" if p.when else ""
        out.append(f"- **{lib.partner_name(p.id)}**{lead}: {p.reason}{when}")
    out += ["", "## Responses, strongest evidence first", ""]
    for n, r in enumerate(s.responses_by_evidence(), 1):
        out += [response_markdown(r, lib, n), ""]
    if s.conflicts:
        out += ["## Responses that work against each other", ""]
        for c in s.conflicts:
            a, b = (s.response(rid) for rid in c.responses[:2])
            names = " and ".join(x.title if x else "?" for x in (a, b))
            out.append(f"- **{names}:** {c.reason}" + (f" *Advice:* {c.advice}" if c.advice else ""))
        out.append("")
    out += ["## Assessment", "", "**Outcome measures**"] + [f"- {x}" for x in s.assessment.outcome_measures]
    out += ["", "**Process measures**"] + [f"- {x}" for x in s.assessment.process_measures]
    out += ["", "**Pitfalls**"] + [f"- {x}" for x in s.assessment.pitfalls]
    if s.assessment.crime_types:
        out += ["", "**Unit costs that apply**"]
        for ct in s.assessment.crime_types:
            uc = lib.unit_costs.get(ct)
            if uc:
                flag = "" if uc.confirmed else " (unconfirmed)"
                up = uplift_unit_cost(lib, ct)
                now = f"; {up.describe()}" if up else ""
                out.append(f"- {uc.crime_type}: £{uc.cost:,} in {lib.unit_cost_price_year} prices{flag}{now}. "
                           f"Checked against: {uc.checked_against or 'not recorded'}")
    out += ["", "## How people describe it", "", "**Names:** " + "; ".join(s.aliases), "",
            "**Without naming it:** " + "; ".join(s.symptoms)]
    out += ["", "## Sources", ""] + [f"- {src}" for src in s.sources]
    return "\n".join(out).rstrip() + "\n"


def term_markdown(t: GlossaryTerm, lib: Library) -> str:
    """A glossary term with the law and works behind it, their status and check dates."""
    out = [f"# {t.term}", "", t.definition, ""]
    if t.who_can_use:
        out += [f"**Who can use it:** {t.who_can_use}", ""]
    if t.changes:
        out += [f"**Changes:** {t.changes}", ""]
    if t.unconfirmed:
        out += ["*(unconfirmed: a detail could not be checked against the source)*", ""]
    law = [c for c in t.cites if c.ref in lib.laws]
    if law:
        out += ["**The law**"] + law_detail(lib, law) + [""]
    works = [c for c in t.cites if c.ref not in lib.laws]
    if works:
        out += ["**Sources**"] + [f"- {cite_text(lib, c)}" for c in works]
    return "\n".join(out).rstrip() + "\n"


def partner_markdown(p: Partner, lib: Library | None = None) -> str:
    out = [f"# {p.name}", "", f"`{p.id}` · {p.kind}" + (" · CSP responsible authority" if p.csp_responsible_authority else ""), ""]
    if p.aliases:
        out += ["Also known as: " + ", ".join(p.aliases), ""]
    out += ["**Remit:** " + p.remit, "", "**When to involve:** " + p.when_to_involve, "", "**What they can do**"]
    out += [f"- {x}" for x in p.can_do]
    if p.powers:
        out += ["", "**Powers and duties**"]
        for x in p.powers:
            out.append(f"- {x.text}" + (f" *({x.note})*" if x.note else ""))
            if lib is not None:
                out += ["  " + line for line in law_detail(lib, x.law)]
    if p.sources:
        out += ["", "**Sources**"] + [f"- {x}" for x in p.sources]
    return "\n".join(out) + "\n"
