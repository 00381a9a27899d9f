"""How the guide words its longer turns: the matches, the responses, the partners."""

from __future__ import annotations

from ..library.describe import COST_LABEL, power_lines
from ..library.models import MECHANISM_LABEL
from ..library.sources import power_beside
from .turns import Turn

PARTNERS_SHOWN = 5


def numbered(items: list[str]) -> str:
    return "\n".join(f"{n}. {x}" for n, x in enumerate(items, 1))


#: Below this score the best match is offered as a weak one, in so many words.
WEAK_MATCH = 70.0


def confirm_prompt(matches, cases, *, also=(), outside: str | None = None, closest=()) -> str:
    if not matches and outside:
        return (f"That sounds like {outside}, which is not a problem the library covers. If there is a problem "
                "behind it, tell me what happens, where and who is affected; or type `none` to carry on without one.")
    if not matches and closest:
        near = " and ".join(f"**{m.title}** (`{m.id}`" + (f"; matched {', '.join(m.why[:3])})" if m.why else ")")
                            for m in closest)
        return (f"I couldn't match that to a problem in the library with confidence. The closest are {near}, "
                "but they may not fit at all. Type an id to work on one, tell me more, or type `none` to carry on "
                "without one.")
    if not matches:
        return ("I couldn't match that to a problem in the library. Tell me more (what happens, where, who is "
                "affected), type a scenario id (see `popguide scenarios`), or `none` to carry on without one.")
    best, *others = matches
    why = ", ".join(best.why[:3])
    matched = f" (score {best.score:.0f}" + (f"; matched {why})" if why else ")")
    if best.score < WEAK_MATCH:  # say so: a weak suggestion shown as a confident one misleads
        lines = [f"The closest I have is **{best.title}**{matched}, but it is a weak match: it may not be this at all."]
    else:
        lines = [f"This sounds most like **{best.title}**{matched}."]
    also_ids = {m.id for m in also}
    close = [m for m in others if m.id not in also_ids]  # the second problem has its own line below
    if close:
        lines.append("Also close: " + "; ".join(f"*{m.title}* ({m.score:.0f})" for m in close) + ".")
    for m in also:
        said = f" ({', '.join(m.why[:2])})" if m.why else ""
        lines.append(f"This also looks like **{m.title}**{said}: a second problem to work on in its own session "
                     f"(`/scenario {m.id}` to work on it here instead).")
    if cases:
        lines.append("**Similar past cases:**\n" + "\n".join(
            f"- *{c.title}* ({c.outcome.lower()}): did {', '.join(c.responses[:3]) or 'their own plan'}."
            + (f" Lesson: {c.lessons}" if c.lessons else "") for c in cases))
    options = " · ".join(f"`{n}` {m.title}" for n, m in enumerate(matches, 1))
    lines.append(f"Is that right? `yes` or {options} · `none` something else (or tell me more)")
    return "\n\n".join(lines)


def responses_list(library, scenario) -> str:
    """Numbered, one response a line: readable at any width (a table is not)."""
    rows = ["Responses for this problem, strongest evidence first:", ""]
    for n, r in enumerate(scenario.responses_by_evidence(), 1):
        rows.append(f"{n}. **{r.title}** · *{r.evidence.rating}* · lead: {library.partner_name(r.lead)} · "
                    f"cost {COST_LABEL[r.cost]} · {r.phase}")
    rows += ["", "Type `/source N` to see the evidence behind response N."]
    return "\n".join(rows)


def source_text(library, scenario, n: int) -> str | None:
    ordered = scenario.responses_by_evidence()
    if not 1 <= n <= len(ordered):
        return None
    r = ordered[n - 1]
    text = f"**{n}. {r.title}** · *{r.evidence.rating}*\n\n{r.what}\n\n*{MECHANISM_LABEL}:* {r.mechanism}\n\n" \
           f"*Source:* {r.evidence.source}"
    note = getattr(r.evidence, "note", "")
    text += f"\n\n*Note:* {note}" if note else ""
    power = power_beside(library, r)
    return text + ("\n\n" + "\n".join(power_lines(power)) if power else "")


def partners_turn(library, scenario) -> Turn:
    lines = ["**Partners to bring in** (the right agency at the right time):"]
    ordered = sorted(scenario.partners, key=lambda p: not p.lead)
    for p in ordered[:PARTNERS_SHOWN]:
        lead = " (**lead**)" if p.lead else ""
        when = f" *When:* {p.when}" if p.when else ""
        lines.append(f"- **{library.partner_name(p.id)}**{lead}: {p.reason}{when}")
    if len(ordered) > PARTNERS_SHOWN:
        rest = ", ".join(library.partner_name(p.id) for p in ordered[PARTNERS_SHOWN:])
        lines.append(f"- Also worth involving: {rest} (all in the plan, with why and when).")
    return Turn("assistant", "info", "\n".join(lines), stage="response", data={"partners": [p.id for p in scenario.partners]})


def noted_turn(stage: str, facts, labels: dict[str, str], *, shown: int = 8) -> Turn:
    """'Noted: offender: ...; place: ...' after an answer that said more than was asked (all of it in the data)."""
    parts = [f"*{labels.get(f.side, f.side)}:* {f.text}" for f in facts[:shown]]
    more = f"; and {len(facts) - shown} more (`/notes` lists them)" if len(facts) > shown else ""
    return Turn("assistant", "info", "**Noted:** " + "; ".join(parts) + more
                + ". I'll offer these back when we get there (wrong? say “no, that's the victim” or `/notes`).",
                stage=stage, data={"noted": [{"side": f.side, "text": f.text} for f in facts]})
