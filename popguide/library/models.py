"""The library's data model: scenarios, partners, glossary, synonyms, unit costs.

These dataclasses are the single definition of the library format. The
loader builds them from YAML, ``typed`` validates against them, and the JSON
Schema in ``docs/`` is generated from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from .typed import spec

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"

EvidenceRating = Literal["effective", "promising", "mixed", "untested", "no-effect", "harmful"]
#: Strongest first: the order the guide lists responses in.
EVIDENCE_ORDER: tuple[str, ...] = ("effective", "promising", "mixed", "untested", "no-effect", "harmful")
EVIDENCE_MEANING: dict[str, str] = {
    "effective": "reviews of several studies found it reduces the problem",
    "promising": "some good evaluations found a reduction, but the evidence is not yet strong",
    "mixed": "studies disagree: it has worked in some places and not in others",
    "untested": "no sound evaluation found; use it with care and evaluate it yourself",
    "no-effect": "good evaluations found no reduction",
    "harmful": "good evaluations found it makes the problem worse",
}

Cost = Literal["low", "medium", "high"]
Phase = Literal["immediate", "short-term", "long-term"]
Approach = Literal["situational", "enforcement", "support", "diversion", "engagement", "design"]

#: The 25 techniques of situational crime prevention (Cornish and Clarke 2003), by category.
SCP_TECHNIQUES: dict[str, str] = {
    "target-harden": "increase the effort",
    "control-access": "increase the effort",
    "screen-exits": "increase the effort",
    "deflect-offenders": "increase the effort",
    "control-tools": "increase the effort",
    "extend-guardianship": "increase the risks",
    "assist-natural-surveillance": "increase the risks",
    "reduce-anonymity": "increase the risks",
    "utilise-place-managers": "increase the risks",
    "strengthen-formal-surveillance": "increase the risks",
    "conceal-targets": "reduce the rewards",
    "remove-targets": "reduce the rewards",
    "identify-property": "reduce the rewards",
    "disrupt-markets": "reduce the rewards",
    "deny-benefits": "reduce the rewards",
    "reduce-frustration": "reduce provocations",
    "avoid-disputes": "reduce provocations",
    "reduce-emotional-arousal": "reduce provocations",
    "neutralise-peer-pressure": "reduce provocations",
    "discourage-imitation": "reduce provocations",
    "set-rules": "remove excuses",
    "post-instructions": "remove excuses",
    "alert-conscience": "remove excuses",
    "assist-compliance": "remove excuses",
    "control-drugs-alcohol": "remove excuses",
}
Technique = Literal[
    "target-harden", "control-access", "screen-exits", "deflect-offenders", "control-tools",
    "extend-guardianship", "assist-natural-surveillance", "reduce-anonymity", "utilise-place-managers",
    "strengthen-formal-surveillance", "conceal-targets", "remove-targets", "identify-property",
    "disrupt-markets", "deny-benefits", "reduce-frustration", "avoid-disputes", "reduce-emotional-arousal",
    "neutralise-peer-pressure", "discourage-imitation", "set-rules", "post-instructions", "alert-conscience",
    "assist-compliance", "control-drugs-alcohol",
]

PAT_SIDES = ("victim", "offender", "place")
CONTROLLERS = ("guardian", "handler", "manager")
ANALYSIS_LABELS = {
    "victim": "Victim or target",
    "offender": "Offender",
    "place": "Place",
    "guardian": "Guardian (protects the victim or target)",
    "handler": "Handler (can influence the offender)",
    "manager": "Place manager (runs the place)",
}


@dataclass(frozen=True)
class Evidence:
    """How strong the evidence for a response is, and where it comes from."""

    rating: EvidenceRating = spec("One of the fixed scale: effective, promising, mixed, untested, no-effect, harmful.")
    source: str = spec("The named source: a Crime Reduction Toolkit entry, a POP Center guide (number and title), a Home Office report or a peer-reviewed study.")
    note: str = spec("What the source found, in a sentence, and any caveat.", default="")


@dataclass(frozen=True)
class Response:
    """One thing partners can do about the problem."""

    id: str = spec("Unique within the scenario; lower-case words joined by hyphens.", pattern=ID_PATTERN)
    title: str = spec("A short name for the response.")
    what: str = spec("What the response is, in plain words.")
    mechanism: str = spec("Why it should work: the mechanism that reduces harm.")
    approach: Approach = spec("Broad kind: situational, enforcement, support, diversion, engagement or design.")
    evidence: Evidence = spec("Rating and source.")
    cost: Cost = spec("Relative cost: low, medium or high.")
    lead: str = spec("Partner id of who should lead it.", pattern=ID_PATTERN)
    phase: Phase = spec("When it fits: immediate, short-term or long-term.")
    technique: Optional[Technique] = spec("Situational crime prevention technique, where one applies.", default=None)
    support: list[str] = spec("Partner ids of supporting partners.", default=[])
    power: Optional[str] = spec("Glossary id of the legal power it uses, if any (for example community-protection-notice).", default=None)


@dataclass(frozen=True)
class ScenarioPartner:
    """A partner to involve for this problem, and why."""

    id: str = spec("Partner id from the partner directory.", pattern=ID_PATTERN)
    reason: str = spec("Why to involve them for this problem.")
    when: str = spec("The moment to involve them.", default="")
    lead: bool = spec("True for the one partner that should lead the problem-solving.", default=False)


@dataclass(frozen=True)
class Conflict:
    """Two responses that undo each other when run at the same time."""

    responses: list[str] = spec("The two response ids.", min_items=2)
    reason: str = spec("Why they work against each other.")
    advice: str = spec("How to sequence or reconcile them.", default="")


@dataclass(frozen=True)
class Analysis:
    """Questions for the problem analysis triangle and its controllers."""

    victim: list[str] = spec("Questions about victims or targets.", min_items=1)
    offender: list[str] = spec("Questions about offenders.", min_items=1)
    place: list[str] = spec("Questions about the place.", min_items=1)
    guardian: list[str] = spec("Questions about guardians of the victim or target.", min_items=1)
    handler: list[str] = spec("Questions about handlers who can influence offenders.", min_items=1)
    manager: list[str] = spec("Questions about the place manager.", min_items=1)
    data_sources: list[str] = spec("Data to pull and who holds it.", min_items=1)
    causes: list[str] = spec("Common causes to test as hypotheses.", min_items=1)


@dataclass(frozen=True)
class Assessment:
    """How to tell whether the response worked."""

    outcome_measures: list[str] = spec("Measures of the problem itself.", min_items=1)
    process_measures: list[str] = spec("Measures of whether the plan was delivered.", min_items=1)
    pitfalls: list[str] = spec("Traps in reading the results (displacement and others).", min_items=1)
    crime_types: list[str] = spec("Unit-cost ids whose Home Office costs apply.", default=[])


PoliceUkCategory = Literal[
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other crime",
    "Other theft", "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
    "Vehicle crime", "Violence and sexual offences",
]


@dataclass(frozen=True)
class IncidentData:
    """Which records are this problem's evidence when the officer loads data (popguide data)."""

    police_uk: list[PoliceUkCategory] = spec("police.uk street-level crime categories that count as this problem.", default=[])
    incident_types: list[str] = spec("Common words in a force's or council's own incident types (whole words, any case).", default=[])


@dataclass(frozen=True)
class Scenario:
    """A recurring problem: how people describe it, how to analyse it, what works."""

    id: str = spec("Same as the file name without .yaml.", pattern=ID_PATTERN)
    title: str = spec("Plain title.")
    summary: str = spec("Two or three sentences on what the problem is.")
    aliases: list[str] = spec("Names and phrases people use for the problem.", min_items=1)
    symptoms: list[str] = spec("How people describe it without naming it.", min_items=1)
    analysis: Analysis = spec("Analysis questions, data sources and causes.")
    responses: list[Response] = spec("Responses, with evidence.", min_items=1)
    partners: list[ScenarioPartner] = spec("Partners to involve and why.", min_items=1)
    assessment: Assessment = spec("Measures and pitfalls.")
    sources: list[str] = spec("References the scenario's facts rest on.", min_items=1)
    conflicts: list[Conflict] = spec("Responses that are counter-productive together.", default=[])
    keywords: list[str] = spec("Extra single words that point to this problem (for matching).", default=[])
    incident_data: Optional[IncidentData] = spec("The police.uk categories and incident types that are this problem's evidence.", default=None)

    def response(self, response_id: str) -> Response | None:
        return next((r for r in self.responses if r.id == response_id), None)

    def lead_partner(self) -> ScenarioPartner | None:
        return next((p for p in self.partners if p.lead), None)

    def responses_by_evidence(self) -> list[Response]:
        return sorted(self.responses, key=lambda r: EVIDENCE_ORDER.index(r.evidence.rating))


PartnerKind = Literal[
    "police", "local-authority", "health", "housing", "social-care", "justice",
    "fire", "education", "third-sector", "business", "community", "transport", "partnership",
]


@dataclass(frozen=True)
class Partner:
    """A partner agency or kind of agency."""

    id: str = spec("Unique id.", pattern=ID_PATTERN)
    name: str = spec("Name as people know it.")
    kind: PartnerKind = spec("Broad kind of organisation.")
    remit: str = spec("What they are responsible for.")
    when_to_involve: str = spec("The situations in which to bring them in.")
    can_do: list[str] = spec("What they can do.", min_items=1)
    powers: list[str] = spec("Legal powers or duties they hold (empty if none).", default=[])
    csp_responsible_authority: bool = spec("A responsible authority of a Community Safety Partnership (Crime and Disorder Act 1998, s.5).", default=False)
    aliases: list[str] = spec("Other names for them.", default=[])
    sources: list[str] = spec("Where these facts come from.", default=[])


@dataclass(frozen=True)
class PartnerDirectory:
    """The partners file."""

    partners: list[Partner] = spec("The partner agencies.", min_items=1)


@dataclass(frozen=True)
class GlossaryTerm:
    """A term the guide explains on request (/help TERM)."""

    id: str = spec("Unique id.", pattern=ID_PATTERN)
    term: str = spec("The term as shown.")
    definition: str = spec("Plain explanation.")
    aliases: list[str] = spec("Abbreviations and other names.", default=[])
    who_can_use: str = spec("For legal powers: who can use it.", default="")
    source: str = spec("Where the definition comes from.", default="")
    unconfirmed: bool = spec("True when a detail could not be checked against the source.", default=False)


@dataclass(frozen=True)
class Glossary:
    """The glossary file."""

    terms: list[GlossaryTerm] = spec("Glossary terms.", min_items=1)


@dataclass(frozen=True)
class SynonymGroup:
    """Words and phrases the matcher treats as one."""

    canonical: str = spec("The form every variant is rewritten to.")
    variants: list[str] = spec("Other ways of writing it: abbreviations, slang, spellings.", min_items=1)


@dataclass(frozen=True)
class Synonyms:
    """The synonyms file: abbreviations, slang and spelling variants."""

    groups: list[SynonymGroup] = spec("Synonym groups.", default=[])
    stopwords: list[str] = spec("Words that carry no meaning for matching.", default=[])
    common_words: list[str] = spec("Everyday words that are weak evidence on their own: they count for less.", default=[])


@dataclass(frozen=True)
class UnitCost:
    """The Home Office estimate of the cost of one crime of a type."""

    id: str = spec("Crime type id used by scenarios.", pattern=ID_PATTERN)
    crime_type: str = spec("Crime type as named in the report.")
    cost: int = spec("Cost of one offence in pounds, at the report's prices.")
    confirmed: bool = spec("False when the figure could not be checked against the report: shown flagged.")
    note: str = spec("What the figure covers, or why it is flagged.", default="")


@dataclass(frozen=True)
class UnitCosts:
    """The unit costs file."""

    source: str = spec("The report the figures come from.")
    price_year: str = spec("The year whose prices the figures are in.")
    costs: list[UnitCost] = spec("Costs by crime type.", min_items=1)


@dataclass(frozen=True)
class KeyPoint:
    """One thing the model answer expects a trainee to spot."""

    point: str = spec("What the model answer says, in a sentence.")
    keywords: list[str] = spec("Words or short phrases that show the trainee spotted it (any one counts; matched fuzzily).", min_items=1)
    why: str = spec("Why it matters: shown as feedback when it was missed.")


@dataclass(frozen=True)
class DataTable:
    """Data the trainee is given: calls over time, places, repeat victims..."""

    title: str = spec("What the table shows and where it comes from.")
    columns: list[str] = spec("Column headings.", min_items=1)
    rows: list[list[str]] = spec("Rows of cells, as text.", min_items=1)
    note: str = spec("A line under the table.", default="")


@dataclass(frozen=True)
class Trap:
    """A common mistake in this case, and why it falls short."""

    id: str = spec("Unique id within the exercise.", pattern=ID_PATTERN)
    trap: str = spec("The mistake, in a sentence.")
    why: str = spec("Why it falls short.")
    kind: Literal["enforcement-only", "conflict", "displacement", "missed-safeguarding", "other"] = spec(
        "How popguide detects it: an enforcement-only plan, picking both sides of a conflict, no buffer area "
        "for displacement, no safeguarding partner, or other (shown in the model answer only).")
    responses: list[str] = spec("For kind conflict: the two response ids.", default=[])


@dataclass(frozen=True)
class ModelAnswer:
    """What an experienced adviser would do with this case."""

    scenario: str = spec("The scenario id the case is an instance of.", pattern=ID_PATTERN)
    cheers: str = spec("Why it passes (or fails) the CHEERS test.")
    victim: list[KeyPoint] = spec("Key points about victims or targets.", min_items=1)
    offender: list[KeyPoint] = spec("Key points about offenders.", min_items=1)
    place: list[KeyPoint] = spec("Key points about the place.", min_items=1)
    guardian: list[KeyPoint] = spec("Key points about guardians.", min_items=1)
    handler: list[KeyPoint] = spec("Key points about handlers.", min_items=1)
    manager: list[KeyPoint] = spec("Key points about the place manager.", min_items=1)
    hypothesis: list[KeyPoint] = spec("What a good working hypothesis contains.", min_items=1)
    responses: list[str] = spec("Response ids (of the scenario) a strong plan includes.", min_items=2)
    lead: str = spec("Partner id that should lead.", pattern=ID_PATTERN)
    partners: list[str] = spec("Partner ids to involve.", min_items=2)
    measures: list[KeyPoint] = spec("What a good assessment plan measures.", min_items=1)
    traps: list[Trap] = spec("Common mistakes in this case.", min_items=1)


@dataclass(frozen=True)
class Exercise:
    """A training case study: a briefing, the data a trainee would have, and a model answer."""

    id: str = spec("Same as the file name without .yaml.", pattern=ID_PATTERN)
    title: str = spec("Short title.")
    summary: str = spec("One sentence for the list of exercises.")
    briefing: str = spec("What the trainee is told (Markdown).")
    data: list[DataTable] = spec("Tables of calls, incidents, places, repeat victims.", min_items=1)
    partner_knowledge: list[str] = spec("What partners know, one item each.", min_items=1)
    model: ModelAnswer = spec("The model answer.")
    sources: list[str] = spec("Facts the case rests on (the case itself is fictional).", default=[])
