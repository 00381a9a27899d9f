"""`/data`: bring the force's own data into the session (CHEERS counts, hot spots and repeats, review counts)."""

from __future__ import annotations

from ..established import NotedFact
from ..turns import Turn
from .registry import command, record, stage_now


def _split(arg: str) -> tuple[str, str]:
    """'merseyside in Liverpool 060' -> ('merseyside', 'Liverpool 060')."""
    name, _, area = arg.strip().partition(" ")
    area = area.strip()
    if area.lower().startswith("in "):
        area = area[3:].strip()
    return name, area


def attach(guide, arg: str, entry: int) -> list[Turn]:
    name, area = _split(arg)
    s = guide.scenario
    ev = guide.data.evidence(name, s, area)
    guide.est.data = ev
    if ev.error:
        return [Turn("assistant", "error", f"Could not use dataset `{name}`: {ev.error}", stage=stage_now(guide))]
    guide.est.facts = [f for f in guide.est.facts if f.question != "@data"]
    counted = f"{ev.cheers} {ev.trend}".strip()
    facts = [NotedFact("count", counted, "@data", entry)] + [NotedFact(side, text, "@data", entry) for side, text in ev.facts]
    guide.est.facts += facts
    guide._changed()
    where = f" in {area}" if area else " (the whole dataset; narrow it with `/data NAME in AREA`)"
    lines = [f"**From the data** (`{name}`{where}):", "", f"- {ev.cheers}"] + ([f"- {ev.trend}"] if ev.trend else [])
    lines += [f"- {ev.recurring}"]
    lines += [f"- {text}" for _, text in ev.facts]
    if ev.caveats:
        lines += ["", "**Read with care:**"] + [f"- {c}" for c in ev.caveats]
    lines += ["", "I'll offer these when we get to the questions they answer."]
    return [Turn("assistant", "info", "\n".join(lines), stage=stage_now(guide), data={"data": name})]


def _replay(guide, entry):
    n = guide.session.entries.index(entry)
    return attach(guide, entry.text, n) if guide.data is not None and guide.scenario is not None else []


@command("/data", "/data [NAME [in AREA]]", "count this problem in an imported dataset (CHEERS counts, hot spots, "
         "repeats, and the before and after figures at review)", entry="@data", replay=_replay)
def _data(guide, arg, by):
    stage = stage_now(guide)
    if guide.data is None:
        return [Turn("assistant", "error", "Data is not available here.", stage=stage)]
    names = guide.data.names()
    if not arg:
        if not names:
            return [Turn("assistant", "info", "No datasets yet. Import police.uk CSVs or your force's incident export "
                         "with `popguide data import PATH`, then type `/data NAME`.", stage=stage)]
        return [Turn("assistant", "info", "Datasets: " + ", ".join(f"`{n}`" for n in names) + ". Type `/data NAME` for "
                     "the whole dataset, or `/data NAME in AREA` (an LSOA name or code, a street as the data writes "
                     "it, or `near PLACE 500 m`).", stage=stage)]
    name, _ = _split(arg)
    if name not in names:
        known = ", ".join(f"`{n}`" for n in names) or "none yet (`popguide data import PATH`)"
        return [Turn("assistant", "error", f"There is no dataset `{name}`. Datasets: {known}.", stage=stage)]
    if guide.scenario is None:
        return [Turn("assistant", "error", "Choose the problem first (which kind of problem tells me which records "
                     "count), then `/data` again.", stage=stage)]
    turns = attach(guide, arg, len(guide.session.entries))
    if guide.est.data and not guide.est.data.error:
        record(guide, "@data", arg, by)
        turns += guide.ask_turns(None)[-1:]
    return turns
