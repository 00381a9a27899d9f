"""Question behaviours: what a question does beyond being asked and having its answer kept.

Each behaviour declares, in one class, the question id it handles, whether it
is required, which answer kinds it accepts, how it prompts, how it checks an
answer and how it applies it to what the session has established. A
question with no behaviour of its own is handled by its kind alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..established import Established
from ..script import Question, Script
from ..turns import Turn
from .kinds import KINDS

if TYPE_CHECKING:
    from ...library.loader import Library
    from ...matching import Matcher
    from ...session import Session
    from ...understanding import Understanding


@dataclass
class Asked:
    """A question as asked right now: the script question with this session's details."""

    id: str
    stage: str
    kind: str
    prompt: str
    why: str
    options: list[str] = field(default_factory=list)
    number: int = 0
    total: int = 0
    behaviour: str = ""
    live_match: bool = False  # the faces re-match the library as this answer is typed
    multiple: bool = False  # a choice that takes several options
    offered: list[str] = field(default_factory=list)  # facts already heard, offered for confirmation
    shows_matches: bool = False  # the prompt is the library's matches (a 'matches' turn)
    turn_kind: str = "question"


class Conversation(Protocol):
    """What a behaviour may see of the conversation (the engine provides it)."""

    library: "Library"
    matcher: "Matcher"
    understanding: "Understanding"
    session: "Session"
    script: Script
    est: Established

    def today(self) -> date: ...
    def similar_cases(self) -> list: ...


class Behaviour:
    name: ClassVar[str] = ""  # the question id it handles
    summary: ClassVar[str] = ""  # one line, for `popguide validate` and the docs
    stage: ClassVar[str] = ""  # the stage it must sit in ("" for any)
    kinds: ClassVar[tuple[str, ...]] = ()  # the answer kinds it accepts (() for any)
    required: ClassVar[bool] = False
    dynamic_options: ClassVar[bool] = False  # options come from the session, not the script
    expects: ClassVar[str | None] = None  # "count", "place" or "time": a vague answer gets one follow-up
    fact_side: ClassVar[str | None] = None  # the side an unlabelled clause of the answer is filed under
    offers: ClassVar[tuple[str, ...]] = ()  # fact sides offered back for confirmation when already heard
    live_match: ClassVar[bool] = False
    multiple: ClassVar[bool] = False
    shows_matches: ClassVar[bool] = False
    listens: ClassVar[bool] = True  # its answers are read for facts about the problem (not dates, counts, owners)
    at_review: ClassVar[bool] = False  # asked only once the review is open (after figures, costs, outcome)

    # -- asking ------------------------------------------------------------------
    def expand(self, conv: Conversation, q: Question, stage: str) -> list[Asked]:
        """The questions to ask for this script question now (none, one, or one per chosen response)."""
        return [self.asked(conv, q, stage)]

    def asked(self, conv: Conversation, q: Question, stage: str, qid: str | None = None, prompt: str | None = None) -> Asked:
        offered = [f.text for f in conv.est.facts_for(*self.offers) if f.question != (qid or q.id)] if self.offers else []
        text = self.prompt(conv, q) if prompt is None else prompt
        if offered:
            text = offer_prompt(text, offered)
        return Asked(qid or q.id, stage, q.kind, text, q.why,
                     self.options(conv, q), behaviour=self.name, live_match=self.live_match,
                     multiple=self.multiple, offered=offered, shows_matches=self.shows_matches,
                     turn_kind=self.turn_kind(conv))

    def prompt(self, conv: Conversation, q: Question) -> str:
        return q.prompt

    def turn_kind(self, conv: Conversation) -> str:
        """How faces should show the question: 'question', or 'responses' for the evidence list."""
        return "question"

    def options(self, conv: Conversation, q: Question) -> list[str]:
        return list(q.options)

    # -- answering ---------------------------------------------------------------
    def check(self, conv: Conversation, asked: Asked, text: str) -> str | None:
        """A one-line reason why this answer cannot be taken (it is then asked again), or None."""
        if asked.offered and conv.understanding.intent(text).kind == "yes":
            return None
        return KINDS[asked.kind].check(conv, asked, text)

    def follow_up(self, conv: Conversation, asked: Asked, text: str) -> str | None:
        """One short follow-up for a vague answer (asked once per question), or None."""
        if asked.offered and confirmed_offer(conv, asked, text) is not None:
            return None
        if self.expects and conv.understanding.vague(text, self.expects):
            return vague_follow_up(conv.library, conv.est.scenario_id, self.expects)
        return None

    def apply(self, conv: Conversation, asked: Asked, text: str) -> list[Turn]:
        """Settle the answer into what the session has established; return any turns it produces."""
        conv.est.answers[asked.id] = self.value(conv, asked, text)
        if asked.kind == "yesno":  # "yes, residents raised it at PACT": the yes settles it, the rest is evidence
            reading = conv.understanding.yes_no(text)
            if reading and reading[1]:
                conv.est.remarks[asked.id] = reading[1]
            else:
                conv.est.remarks.pop(asked.id, None)
        return []

    def value(self, conv: Conversation, asked: Asked, text: str) -> str:
        """The answer as kept: offered facts confirmed with 'yes' become the answer."""
        if asked.offered:
            kept = confirmed_offer(conv, asked, text)
            if kept is not None:
                return kept
        return KINDS[asked.kind].value(conv, asked, text)

    def skip(self, conv: Conversation, asked: Asked) -> None:
        conv.est.skipped.add(asked.id)


def offer_prompt(question: str, offered: list[str]) -> str:
    """Offer back what was already heard (or read in the data) instead of asking cold."""
    heard = "\n".join(f"- {t}" for t in offered)
    first = question.splitlines()[0]
    return (f"{first}\n\nFrom what I have so far:\n\n{heard}\n\nIs that right? Type `yes` to keep it, "
            "`yes, and ...` to add to it, or write it your way.")


def confirmed_offer(conv: Conversation, asked: Asked, text: str) -> str | None:
    """'yes' keeps the facts offered; 'yes, and ...' keeps them and adds the rest; anything else replaces them."""
    intent = conv.understanding.intent(text)
    heard = "; ".join(asked.offered)
    if intent.kind == "yes":
        return heard
    low = text.strip().lower()
    for word in ("yes", "yeah", "yep", "correct", "that's right"):
        if low.startswith(word + ",") or low.startswith(word + " and") or low.startswith(word + " plus"):
            rest = text.strip()[len(word):].lstrip(" ,").removeprefix("and ").removeprefix("plus ").strip()
            return f"{heard}; {rest}" if rest else heard
    return None


def vague_follow_up(library, scenario_id: str | None, expects: str) -> str:
    """Ask once for something firmer, and say where it can be found."""
    s = library.scenarios.get(scenario_id or "")
    sources = list(s.analysis.data_sources[:3]) if s else []
    where = (" You may find it in: " + "; ".join(sources) + ".") if sources else ""
    ask = {
        "count": "Roughly how many, and from which records (calls, crimes, ASB logs, partner reports)?",
        "place": "Where exactly? A street, a park, a block, a shop: somewhere a partner could find on a map.",
        "time": "When does it happen? Times of day, days of the week, or seasons, as far as you know.",
    }[expects]
    return f"{ask}{where if expects == 'count' else ''} If you can't say yet, type `keep` and we'll move on."


REGISTRY: dict[str, Behaviour] = {}


def behaviour(cls: type[Behaviour]) -> type[Behaviour]:
    """Register a behaviour class under the question id it handles."""
    register(cls())
    return cls


def register(instance: Behaviour) -> Behaviour:
    if not instance.name:
        raise ValueError(f"{type(instance).__name__} declares no question id")
    REGISTRY[instance.name] = instance
    return instance


PLAIN = Behaviour()


def behaviour_for(q: Question) -> Behaviour:
    return REGISTRY.get(q.behaviour or q.id, PLAIN)

