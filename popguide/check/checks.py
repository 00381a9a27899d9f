"""The plan check's rules: each declared once with its criterion, why it matters, the fix and the question it concerns.

A rule reads a SessionView (never the engine) and returns the places it found a
gap (``Hit``), an empty list when the plan meets it, or None when it does not
apply yet (nothing to judge). The training coach reads the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..guide.behaviours.analysis import DataSources, Hypothesis
from ..guide.behaviours.assessment import Baseline, BaselinePeriod, BufferArea, ComparisonArea, Measures, ReviewDate, TargetArea
from ..guide.behaviours.response import Actions, Conflicts, Extra, Responses
from ..guide.behaviours.scanning import Describe, Frequency, Goal
from ..guide.privacy import kinds_of_personal_data
from ..guide.sara import CONTROLLER_OF, SIDE_LABELS, SIDES, TRIANGLE, is_none


@dataclass(frozen=True)
class Hit:
    question: str  # the question to revise to fix it
    detail: str = ""  # what exactly, in a few words
    criterion: str = ""  # when the hit belongs to another criterion than its rule's


@dataclass(frozen=True)
class Rule:
    id: str
    criterion: str
    stage: str
    title: str  # the finding, as the officer reads it
    why: str  # why it matters, one line
    fix: str
    question: str  # the question it usually concerns
    run: Callable[[object], "list[Hit] | None"]


RULES: dict[str, Rule] = {}


def rule(id: str, criterion: str, stage: str, question: str, title: str, why: str, fix: str):
    def register(fn):
        RULES[id] = Rule(id, criterion, stage, title, why, fix, question, fn)
        return fn
    return register


# -- helpers --------------------------------------------------------------------------------
YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yup", "correct", "definitely", "absolutely", "of course", "it is",
                       "yes it is", "yes they do", "they do", "it has"})
#: Words that show the public expects action (complaints, a ward panel's priority...): evidence beyond a bare "yes".
EXPECTATION_WORDS = ("complain", "complained", "complaints", "ward panel", "councillor", "petition", "calls", "reports",
                     "reported", "asked", "want", "wants", "demand", "mp", "meeting", "survey", "priority", "ring",
                     "rang", "emails", "phoned")
_EXPECTATION = re.compile(r"\b(" + "|".join(re.escape(w) for w in EXPECTATION_WORDS) + r")\b")
POLICE_WORDS = re.compile(r"\b(police|pcs?|pcsos?|officers?|snt|npt|neighbourhood (policing )?team|sergeant|inspector|"
                          r"me|myself|i|we|us|beat manager)\b", re.I)


def bare_yes(text: str) -> bool:
    return (text or "").strip().lower().rstrip(".!") in YES_WORDS


def words_of(view) -> str:
    """Everything the officer said that is about the problem: descriptions, answers and noted facts."""
    est = view.est
    parts = list(est.descriptions) + [v for v in est.answers.values() if v] + [f.text for f in est.facts if not f.dropped]
    return " " + " ".join(parts).lower() + " "


def side_known(view, side: str) -> bool:
    est = view.est
    return bool(est.sides.get(side) and not is_none(est.sides[side])) or bool(est.facts_for(side))


def cheers_evidence(view) -> list[dict]:
    """Each CHEERS element with the evidence for it: a bare 'yes' is backed by what else the officer said, if anything."""
    out = []
    said = words_of(view)
    for c in view.cheers():
        evidence, backed = c.evidence, True
        remark = view.est.remarks.get(c.question, "")
        if c.ok and bare_yes(c.evidence) and remark:  # the officer's own words after the yes
            evidence = f"yes: {remark}"
        elif c.ok and bare_yes(c.evidence):
            backed = False
            data = view.est.data
            if c.name == "Recurring" and data is not None and not getattr(data, "error", "") and getattr(data, "recurs", False):
                evidence, backed = f"yes: {data.recurring}", True
            elif c.name == "Recurring":
                freq = view.answer(Frequency.name)
                times = [f.text for f in view.est.facts_for("time")]
                if re.search(r"\d", freq) or times:
                    evidence, backed = f"yes: {freq if re.search(r'[0-9]', freq) else '; '.join(times)}", True
            elif c.name == "Expectation":
                found = _EXPECTATION.search(said)
                hit = found.group(1) if found else ""
                if hit:
                    evidence, backed = "yes: " + _clause_with(view, hit), True
        out.append({"letter": c.letter, "name": c.name, "ok": c.ok, "evidence": evidence if c.ok else c.evidence,
                    "question": c.question, "backed": backed, "skipped": c.question in view.est.skipped})
    return out


def _clause_with(view, word: str) -> str:
    """The clause of the officer's words that holds ``word`` (so the evidence is theirs, not ours)."""
    est = view.est
    for text in list(est.descriptions) + list(est.answers.values()):
        low = (" " + text + " ").lower()
        if word.strip() in low:
            for clause in re.split(r"(?<=[.;!?])\s+|\n+", text):
                if word.strip() in clause.lower():
                    return clause.strip().rstrip(".;")
    return word


def needed_questions(view) -> dict[str, str]:
    """The questions the criteria need an answer to, and the criterion each serves."""
    need = {q.id: "problem" for st in view.script.stages for q in st.questions if q.cheers}
    need[Goal.name] = "objective"
    need.update({side: "analysis" for side in SIDES})
    need.update({DataSources.name: "analysis", Hypothesis.name: "analysis", Responses.name: "response",
                 Measures.name: "assessment", TargetArea.name: "assessment", BaselinePeriod.name: "assessment",
                 Baseline.name: "assessment", ReviewDate.name: "assessment"})
    return need


def label(view, qid: str) -> str:
    base = qid.split(":")[0]
    if base == Describe.name:
        return "the description of the problem"
    if base in SIDE_LABELS:
        return SIDE_LABELS[base].lower()
    q = view.script.question(base)
    if q is None:
        return qid
    first = re.split(r"[?(]", q.prompt)[0].strip()
    return first[0].lower() + first[1:] if first else qid


# -- the rules ------------------------------------------------------------------------------
@rule("skipped", "analysis", "", "", "Skipped question",
      "An adviser cannot judge a plan with gaps where the criteria need an answer.",
      "Answer it now (select it, or type `/revise` with its id); a rough answer with its source beats none.")
def _skipped(view):
    need = needed_questions(view)
    return [Hit(q, label(view, q), need[q]) for q in need if q in view.est.skipped]


@rule("vague", "analysis", "", "", "Vague answer kept",
      "A vague count or place cannot be measured or found on a map by a partner.",
      "Give a rough figure with its source (\"about 40 calls on the CAD since August\") or a place a partner could find.")
def _vague(view):
    need = needed_questions(view)
    # an undated action is reported once, by the owner-and-date rule
    return [Hit(q, label(view, q), need.get(q.split(":")[0], "analysis")) for q in sorted(view.est.vague)
            if q.split(":")[0] not in (Actions.name, Extra.name)]


@rule("cheers", "problem", "scanning", Goal.name, "CHEERS test",
      "CHEERS shows there is a recurring, harmful pattern the public expects action on, not one incident.",
      "Say what shows it: who is harmed, how often (with the source), who expects action.")
def _cheers(view):
    if not view.est.descriptions:
        return None
    out = []
    elements = cheers_evidence(view)
    harm_q = next((c["question"] for c in elements if c["name"] == "Community"), "")  # a text question about harm
    for c in elements:
        if c["skipped"] or (c["ok"] and c["backed"]):
            continue  # a skipped question is reported once, as skipped
        if c["ok"]:  # a yes/no question: the evidence goes in a text answer
            where = Frequency.name if c["name"] == "Recurring" else harm_q or c["question"]
            out.append(Hit(where, f"{c['letter']} · {c['name']} rests on a bare “yes”: say what shows it in this answer"))
        else:
            out.append(Hit(c["question"], f"{c['letter']} · {c['name']} not shown"))
    return out


@rule("objective", "objective", "scanning", Goal.name, "No measurable objective",
      "Without a stated goal and a measure, nobody can say at review whether the plan worked.",
      "Choose the goal (eliminate, reduce by a stated amount, reduce harm, handle better, hand to the right agency) "
      "and the measure that shows it.")
def _objective(view):
    est = view.est
    if Goal.name not in est.answers and Goal.name not in est.skipped:
        return None
    if not est.goals:
        return [Hit(Goal.name, "no goal chosen")]
    if Measures.name in est.answers and not est.measures:
        return [Hit(Measures.name, "no measure chosen")]
    return []


@rule("triangle", "analysis", "analysis", "offender", "Triangle side or controller empty",
      "Responses aimed at one side only miss the cheapest fixes: the place manager, the handler, the guardian.",
      "Say who or what it is; if there really is none, say so and why (that is itself a finding).")
def _triangle(view):
    est = view.est
    asked = [s for s in SIDES if est.settled(s)]
    if not asked:
        return None
    empty = [s for s in SIDES if s in est.answers and not side_known(view, s)]  # a skipped one is reported as skipped
    out = [Hit(s, SIDE_LABELS[s].lower()) for s in TRIANGLE if s in empty]
    out += [Hit(c, f"{SIDE_LABELS[c].lower()} (controller of the {SIDE_LABELS[CONTROLLER_OF[c]].lower()})")
            for c in CONTROLLER_OF if c in empty]
    return out


@rule("data_source", "analysis", "analysis", DataSources.name, "No data source for the baseline",
      "A count nobody can pull again cannot be compared at review; partners hold data the police do not.",
      "Name where the figures come from and who holds them (CAD, crime system, council ASB log...).")
def _data_source(view):
    est = view.est
    if not est.settled(DataSources.name):
        return None
    return [] if est.data_sources else [Hit(DataSources.name)]


@rule("enforcement_only", "response", "response", Responses.name, "Enforcement only",
      "Enforcement alone tends to move a problem or pause it; responses aimed at the place and the people last longer.",
      "Add a response that changes the place, supports victims or diverts offenders (the list shows the evidence).")
def _enforcement_only(view):
    chosen = view.picked_responses()
    if not chosen or view.est.own_responses:
        return None
    return [Hit(Responses.name)] if all(r.approach == "enforcement" for r in chosen) else []


@rule("untested_only", "response", "response", Responses.name, "Only untested responses",
      "Where tested responses exist, a plan built only on untested ones gambles with partners' time.",
      "Add at least one response rated effective or promising, or say why they do not fit here.")
def _untested_only(view):
    chosen = view.picked_responses()
    s = view.scenario
    if not (chosen or view.est.own_responses) or s is None:
        return None
    tested = [r for r in s.responses if r.evidence.rating in ("effective", "promising")]
    if not tested:
        return []
    return [] if any(r.evidence.rating in ("effective", "promising") for r in chosen) else [Hit(Responses.name)]


@rule("conflict", "response", "response", Conflicts.name, "Conflicting responses kept without sequencing",
      "Two agencies' actions can undo each other (enforcement that scares off the people outreach is trying to reach).",
      "Choose to sequence them as advised, or drop one.")
def _conflict(view):
    conflicts = view.picked_conflicts()
    if not conflicts:
        return None
    q = view.script.question(Conflicts.name)
    sequenced = q.options[0] if q and q.options else ""
    decision = view.est.conflict_decision
    dropped = bool(view.est.dropped)
    return [] if dropped or (sequenced and decision.startswith(sequenced)) else [Hit(Conflicts.name, decision or "not decided")]


@rule("partner_led", "partnership", "response", Responses.name, "No partner-led action",
      "Problems rarely belong to the police alone; the agency that owns the place or the service can fix causes.",
      "Give one action to a partner (the suggested lead is shown for each response).")
def _partner_led(view):
    actions = view.est.actions
    if not actions:
        return None
    return [] if any(a.who and not POLICE_WORDS.search(a.who) for a in actions) else [Hit(Responses.name)]


@rule("owner_date", "delivery", "response", Actions.name, "Action without owner or date",
      "An action without an owner and a date tends not to happen, and cannot be chased at review.",
      "Say who does it and by when (`housing team by 15/02`).")
def _owner_date(view):
    est = view.est
    out = []
    for a in est.actions:
        qid = f"{Actions.name}:{a.response_id}" if a.response_id else Extra.name
        missing = [w for w, ok in (("owner", a.who), ("date", a.by)) if not ok]
        if missing:
            out.append(Hit(qid, f"{a.what}: no {' or '.join(missing)}"))
    for r in view.picked_responses():
        qid = f"{Actions.name}:{r.id}"
        if qid in est.skipped:
            out.append(Hit(qid, f"{r.title}: skipped"))
    if not est.actions and not out:
        return None
    return out


@rule("comparison", "assessment", "assessment", ComparisonArea.name, "No comparison area",
      "Without a comparison, a fall may be the season or a citywide trend, not the response.",
      "Name a similar area nearby that the response does not touch.")
def _comparison(view):
    est = view.est
    if not est.settled(ComparisonArea.name):
        return None
    return [] if est.areas.comparison else [Hit(ComparisonArea.name)]


@rule("buffer", "assessment", "assessment", BufferArea.name, "No buffer zone to watch for displacement",
      "A place-based response can push the problem round the corner; only a buffer zone shows displacement or diffusion.",
      "Name the streets or places round the target area you will also count (`streets within 500 m`).")
def _buffer(view):
    est = view.est
    if not est.settled(BufferArea.name) or not est.areas.target:
        return None  # displacement is judged once there is a target place
    return [] if est.areas.buffer else [Hit(BufferArea.name)]


@rule("review_date", "assessment", "assessment", ReviewDate.name, "No review date",
      "A plan with no review date is rarely reviewed; the review is where displacement and non-delivery show.",
      "Set a date (`12 weeks`, `2027-03-01`).")
def _review_date(view):
    est = view.est
    if not (est.settled(ReviewDate.name) or view.complete):
        return None
    return [] if est.review_date else [Hit(ReviewDate.name)]


@rule("personal_data", "sharing", "", Describe.name, "Personal data in text meant for partners",
      "Plans go to partners; names, phone numbers and addresses of residents should not travel with them.",
      "Reword the answer without them, or export a partner copy (`--partner`), which masks them.")
def _personal_data(view):
    est = view.est
    out = []
    texts = [(Describe.name, d) for d in est.descriptions] + list(est.answers.items())
    texts += [(f.question, f.text) for f in est.facts if not f.dropped]
    seen = set()
    for qid, text in texts:
        kinds = kinds_of_personal_data(text or "")
        if kinds and qid not in seen:
            seen.add(qid)
            out.append(Hit(qid, f"{', '.join(kinds)} in {label(view, qid)}"))
    return out
