"""SARA's vocabulary in one place: stages, the problem analysis triangle, CHEERS, and 'none' words.

Everything else in the guide (behaviours, the plan, the coach, the faces)
reads these names instead of retyping them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..library.models import ANALYSIS_LABELS, CONTROLLERS, PAT_SIDES

STAGES: tuple[str, ...] = ("scanning", "analysis", "response", "assessment")
STAGE_TITLES: dict[str, str] = {s: s.capitalize() for s in STAGES}
#: The triangle's sides and their controllers, in the order the guide asks about them.
SIDES: tuple[str, ...] = ("victim", "offender", "place", "guardian", "handler", "manager")
TRIANGLE = PAT_SIDES
CONTROLLER_OF: dict[str, str] = dict(zip(CONTROLLERS, ("victim", "offender", "place")))
SIDE_LABELS = ANALYSIS_LABELS
#: Facts the understanding files that are not triangle sides, and the question side they help with.
EXTRA_FACT_SIDES: dict[str, str] = {"time": "place", "count": "", "tried": ""}

SKIP = "/skip"
#: After a follow-up, words that keep the first answer as it was.
INSIST_WORDS = frozenset({"again", "keep it", "keep", "as it is", "leave it", "that's it", "that's all", "no date",
                          "move on", "carry on", "it is what it is", "same"})
NONE_WORDS = frozenset({"", "none", "no", "n/a", "na", "-", "nope", "not yet", "nothing", "nil", "no one", "nobody", SKIP})


def is_none(text: str | None) -> bool:
    """True for an empty, skipped or 'none' answer (one treatment everywhere)."""
    return (text or "").strip().lower().rstrip(".!") in NONE_WORDS


@dataclass(frozen=True)
class CheersCheck:
    letter: str
    name: str
    ok: bool
    evidence: str
    question: str  # the question whose answer is the evidence


#: The six CHEERS elements: the tag a question carries in questions.yaml (`cheers: [...]`), letter and name.
CHEERS_ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("community", "C", "Community"),
    ("harmful", "H", "Harmful"),
    ("expectation", "E", "Expectation"),
    ("events", "E", "Events"),
    ("recurring", "R", "Recurring"),
    ("similarity", "S", "Similarity"),
)


def cheers(script, answer_of, yes_of) -> list[CheersCheck]:
    """The CHEERS test, the one rule: an element holds when a question tagged with it has a real answer
    (not skipped, not 'none'), and for a yes/no question, when the answer was yes.

    ``answer_of(qid)`` gives the settled answer text (or ""), ``yes_of(qid)`` the yes/no reading.
    """
    checks = []
    for tag, letter, name in CHEERS_ELEMENTS:
        qs = [q for st in script.stages for q in st.questions if tag in q.cheers]
        ok, evidence, where = False, "", qs[0].id if qs else ""
        for q in qs:
            text = answer_of(q.id)
            good = yes_of(q.id) is True if q.kind == "yesno" else not is_none(text)
            if good:
                ok, evidence, where = True, text, q.id
                break
            evidence = evidence or text
        checks.append(CheersCheck(letter, name, ok, evidence, where))
    return checks
