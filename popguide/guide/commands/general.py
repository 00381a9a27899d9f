"""The commands everyone has: back, skip, why, help, scenario, source, save, export, review."""

from __future__ import annotations

from ...errors import PopguideError
from ..sara import SKIP
from ..turns import Turn
from .registry import COMMANDS, command, help_lines, record, stage_now


# -- the commands everyone has ---------------------------------------------------------

@command("/back", "/back", "go back and change your previous answer")
def _back(guide, arg, by):
    if not guide.session.entries:
        return [Turn("assistant", "info", "There is no earlier answer to go back to.", stage="scanning")]
    removed = guide.session.entries.pop()
    guide._replay()
    guide.persist()
    q = guide.current
    return [Turn("assistant", "info", f"Going back. Your answer was: “{removed.text}”. Type a new answer.",
                 stage=q.stage if q else "scanning", data={"prefill": removed.text})] + guide.ask_turns(None)[-1:]


@command("/skip", "/skip", "leave this question for now")
def _skip(guide, arg, by):
    return guide._answer(SKIP, by)[1:] or [Turn("assistant", "info", "There is nothing left to skip.")]


@command("/why", "/why", "why this question matters")
def _why(guide, arg, by):
    q = guide.current
    why = q.why if q else "Reviewing the plan on its date keeps it alive."
    return [Turn("assistant", "help", f"*Why we ask:* {why}", stage=stage_now(guide))]


@command("/help", "/help TERM", "explain a term (try /help CHEERS); /help alone lists these commands")
def _help(guide, arg, by):
    if not arg:
        lines = ["**Commands**", ""] + help_lines(adviser=bool(guide.session.participants))
        lines += ["", "Terms you can look up include CHEERS, SARA, PAT, EMMIE, displacement and the ASB powers (CPN, PSPO...)."]
        return [Turn("assistant", "help", "\n".join(lines))]
    term = guide.library.glossary_lookup(arg)
    if term is None:
        hits = guide.matcher.search(arg, kinds=["term"], limit=3, cutoff=70)
        term = guide.library.glossary.get(hits[0].id) if hits else None
    if term is None:
        return [Turn("assistant", "error", f"No glossary entry for “{arg}”. Try `/help CHEERS` or `/help PSPO`.")]
    text = f"**{term.term}**: {term.definition}"
    if term.who_can_use:
        text += f"\n\n*Who can use it:* {term.who_can_use}"
    if term.source:
        text += f"\n\n*Source:* {term.source}"
    if term.unconfirmed:
        text += "\n\n*(unconfirmed: a detail could not be checked against the source)*"
    return [Turn("assistant", "help", text, data={"term": term.id})]


def _replay_scenario(guide, entry):
    return _set_scenario(guide, entry.text, record_it=False)


@command("/scenario", "/scenario ID", "switch to another problem from the library (for example /scenario youth-asb)",
         entry="@scenario", replay=_replay_scenario)
def _scenario(guide, arg, by):
    if not arg:
        return [Turn("assistant", "error", "Which problem? For example `/scenario youth-asb` (see `popguide scenarios`).",
                     stage=stage_now(guide))]
    turns = _set_scenario(guide, arg, record_it=True, by=by)
    return turns + (guide.ask_turns(None)[-1:] if guide.est.scenario_id == arg.strip().lower() else [])


def _set_scenario(guide, scenario_id: str, *, record_it: bool, by: str = "") -> list[Turn]:
    from ..behaviours.scanning import choose_scenario

    sid = scenario_id.strip().lower()
    if sid not in guide.library.scenarios:
        hits = guide.matcher.search(sid, kinds=["scenario"], limit=3)
        hint = ("; did you mean " + ", ".join(f"`{h.id}`" for h in hits) + "?") if hits else ""
        return [Turn("assistant", "error", f"There is no problem `{sid}` in the library{hint}", stage=stage_now(guide))]
    from ..behaviours import behaviour_for

    confirm = next((q.id for st in guide.script.stages for q in st.questions
                    if behaviour_for(q).shows_matches and not guide.est.settled(q.id)), "")
    turns = choose_scenario(guide, sid, settle=confirm)
    guide._changed()
    if record_it:
        record(guide, "@scenario", sid, by)
    return turns


@command("/source", "/source N", "where the evidence for response N comes from")
def _source(guide, arg, by):
    from ..prompts import source_text

    s = guide.scenario
    text = source_text(guide.library, s, int(arg)) if s and arg.isdigit() else None
    if text is None:
        n = len(s.responses) if s else 0
        return [Turn("assistant", "error", f"Which response? Give its number from the list (1 to {n}), for example `/source 2`."
                     if n else "There is no list of responses yet: choose a problem from the library first.")]
    return [Turn("assistant", "help", text, stage=stage_now(guide))]


@command("/save", "/save", "save now (the guide also saves after every answer)")
def _save(guide, arg, by):
    where = guide.persist()
    return [Turn("assistant", "info", f"Saved{f' to `{where}`' if where else ''}.", stage=stage_now(guide))]


@command("/export", "/export [md|html|txt|docx] [partner]",
         "write the problem-solving plan to a file (`partner`: a copy for partners, personal data masked); the plan check is shown")
def _export(guide, arg, by):
    from ...report import FORMATS
    from .quality import check_turn

    words = (arg or "html").lower().split()
    partner = "partner" in words
    fmt = next((w for w in words if w != "partner"), "html")
    stage = stage_now(guide)
    if fmt not in FORMATS:
        return [Turn("assistant", "error", "Export as " + ", ".join(f"`{f}`" for f in FORMATS) +
                     ", for example `/export html` (add `partner` for a partner copy).", stage=stage)]
    try:
        path = guide.export(fmt, partner=partner) if partner else guide.export(fmt)
    except (PopguideError, OSError) as exc:
        return [Turn("assistant", "error", f"Could not write the plan: {exc}", stage=stage)]
    copy = "Partner copy" if partner else "Plan"
    return [Turn("assistant", "export", f"{copy} written to `{path}`.", stage=stage, data={"path": str(path)}),
            check_turn(guide, brief=True)]


def _replay_review(guide, entry):
    return _open_review(guide, record_it=False)


@command("/review", "/review", "enter the after figures now, before the review date", entry="@review", replay=_replay_review)
def _review(guide, arg, by):
    if guide.est.review_open:
        return [Turn("assistant", "info", "The review is already open.", stage=stage_now(guide))]
    if not guide.plan_done():
        return [Turn("assistant", "error", "Finish the plan first: the review needs the baseline and the areas.", stage=stage_now(guide))]
    return _open_review(guide, record_it=True, by=by)


def _open_review(guide, *, record_it: bool, by: str = "") -> list[Turn]:
    guide.est.review_open = True
    guide._changed()
    turns = [Turn("assistant", "info", "**Review.** Let's see what changed since the baseline.", stage="assessment")]
    if record_it:
        record(guide, "@review", "open", by)
        turns += guide.ask_turns(None)[-1:]
    return turns

