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

EvidenceRating = Literal["effective", "promising", "mixed", "reported-fall", "untested", "no-effect", "harmful"]
#: Strongest first: the order the guide lists responses in.
EVIDENCE_ORDER: tuple[str, ...] = ("effective", "promising", "mixed", "reported-fall", "untested", "no-effect", "harmful")
EVIDENCE_MEANING: dict[str, str] = {
    "effective": "a systematic review of several controlled studies of this problem found it reduces it",
    "promising": "at least one evaluation with a comparison group found a reduction, but the evidence is not yet strong",
    "mixed": "controlled studies disagree: it has worked in some places and not in others",
    "reported-fall": "a fall was reported where it was used, but with no comparison group to rule out other causes",
    "untested": "no evaluation of its effect found; use it with care and evaluate it yourself",
    "no-effect": "controlled evaluations found no reduction",
    "harmful": "controlled evaluations found it makes the problem worse",
}

#: How a piece of evidence was produced, strongest first (the rating rule is written in these terms).
Design = Literal["systematic-review", "randomised-trial", "quasi-experiment", "before-after", "case-study", "guidance", "none"]
DESIGN_ORDER: tuple[str, ...] = ("systematic-review", "randomised-trial", "quasi-experiment", "before-after",
                                 "case-study", "guidance", "none")
DESIGN_MEANING: dict[str, str] = {
    "systematic-review": "systematic review or meta-analysis of several studies",
    "randomised-trial": "randomised controlled trial",
    "quasi-experiment": "evaluation with a comparison group (quasi-experiment)",
    "before-after": "before-and-after figures with no comparison group",
    "case-study": "case study or practice account",
    "guidance": "guidance or expert view, not an evaluation",
    "none": "no evidence found",
}
#: The rating rule: which ratings each design can support (docs/scenario-format.md explains it).
RATINGS_ALLOWED: dict[str, tuple[str, ...]] = {
    "systematic-review": ("effective", "promising", "mixed", "reported-fall", "untested", "no-effect", "harmful"),
    "randomised-trial": ("promising", "mixed", "reported-fall", "untested", "no-effect", "harmful"),
    "quasi-experiment": ("promising", "mixed", "reported-fall", "untested", "no-effect", "harmful"),
    "before-after": ("reported-fall", "untested"),
    "case-study": ("reported-fall", "untested"),
    "guidance": ("untested",),
    "none": ("untested",),
}
CheckedAgainst = Literal["primary", "secondary"]
WorkKind = Literal["review", "trial", "evaluation", "case-study", "guide", "guidance", "toolkit", "report", "book",
                   "article", "web", "press", "dataset"]
InForce = Literal["in-force", "partly-in-force", "not-in-force", "repealed", "unknown"]
Extent = Literal["england-and-wales", "england", "wales", "uk", "great-britain"]
CheckDate = str  # an ISO date, YYYY-MM-DD (checked by the loader)

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
class Cite:
    """A pointer to an entry of references.yaml, with where in it to look."""

    ref: str = spec("Id of a work or a law entry in references.yaml.", pattern=ID_PATTERN)
    locator: str = spec("Where in it: page, table, section, paragraph or subsection.", default="")


@dataclass(frozen=True)
class Evidence:
    """How strong the evidence for a response is, what kind it is and where it comes from."""

    rating: EvidenceRating = spec("effective, promising, mixed, reported-fall, untested, no-effect or harmful; must fit the design (see the rating rule).")
    design: Optional[Design] = spec("The strongest design among the evidence relied on: systematic-review, randomised-trial, quasi-experiment, before-after, case-study, guidance or none. Required by validate.", default=None)
    transplanted: Optional[bool] = spec("True when the evidence is about another problem and is carried over to this one. Required by validate.", default=None)
    country: str = spec("Country or countries the evidence comes from (for example UK, US, Netherlands). Required by validate.", default="")
    cites: list[Cite] = spec("The works the rating rests on, main one first (ids in references.yaml).", default=[])
    studies: Optional[int] = spec("For a review: the number of studies it pooled.", default=None)
    note: str = spec("What the source found, in a sentence, and any caveat.", default="")
    differs_because: str = spec("Why this rating differs from another response resting on the same main source.", default="")
    source: str = spec("Free-text source. Shown as written, but validate asks for cites; filled in from cites when empty.", default="")


#: How a response's mechanism is labelled wherever it is shown: it is the library's explanation of how the
#: response is meant to work, not a finding (what a source found is in the evidence note).
MECHANISM_LABEL = "Why it should work (the library's reading)"
#: How the power or duty a response uses is headed beside it (an entry can be a duty, as s.42 enquiries are).
LAW_LABEL = "Law used"


@dataclass(frozen=True)
class Response:
    """One thing partners can do about the problem."""

    id: str = spec("Unique within the scenario; lower-case words joined by hyphens.", pattern=ID_PATTERN)
    title: str = spec("A short name for the response.")
    what: str = spec("What the response is, in plain words.")
    mechanism: str = spec("How it is meant to reduce harm, in the library's words: an explanation, never a finding.")
    approach: Approach = spec("Broad kind: situational, enforcement, support, diversion, engagement or design.")
    evidence: Evidence = spec("Rating and source.")
    cost: Cost = spec("Relative cost: low, medium or high.")
    lead: str = spec("Partner id of who should lead it.", pattern=ID_PATTERN)
    phase: Phase = spec("When it fits: immediate, short-term or long-term.")
    technique: Optional[Technique] = spec("Situational crime prevention technique, where one applies.", default=None)
    support: list[str] = spec("Partner ids of supporting partners.", default=[])
    power: Optional[str] = spec("Glossary id of the legal power or duty it uses, if any (for example community-protection-notice). The entry is shown in full beside the response, so the response need not restate the law.", default=None)


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
    cites: list[Cite] = spec("References the scenario's facts rest on (ids in references.yaml).", default=[])
    sources: list[str] = spec("Free-text references. Shown as written, but validate asks for cites; filled in from cites when empty.", default=[])
    conflicts: list[Conflict] = spec("Responses that are counter-productive together.", default=[])
    keywords: list[str] = spec("Extra single words that point to this problem (for matching).", default=[])
    incident_data: Optional[IncidentData] = spec("The police.uk categories and incident types that are this problem's evidence.", default=None)

    def response(self, response_id: str) -> Response | None:
        return next((r for r in self.responses if r.id == response_id), None)

    def lead_partner(self) -> ScenarioPartner | None:
        return next((p for p in self.partners if p.lead), None)

    def responses_by_evidence(self) -> list[Response]:
        return sorted(self.responses, key=lambda r: EVIDENCE_ORDER.index(r.evidence.rating))

    def cited_ids(self) -> list[str]:
        """Every reference id the scenario uses, in order, without repeats."""
        ids = [c.ref for r in self.responses for c in r.evidence.cites] + [c.ref for c in self.cites]
        return list(dict.fromkeys(ids))


PartnerKind = Literal[
    "police", "local-authority", "health", "housing", "social-care", "justice",
    "fire", "education", "third-sector", "business", "community", "transport", "partnership",
]


@dataclass(frozen=True)
class Power:
    """A legal power or duty a partner holds, and the provisions it rests on."""

    text: str = spec("The power or duty in plain words.")
    law: list[Cite] = spec("Law entries in references.yaml (Act, section, address, in-force status).", min_items=1)
    note: str = spec("A caveat: a pending change, a condition, a limit.", default="")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Partner:
    """A partner agency or kind of agency."""

    id: str = spec("Unique id.", pattern=ID_PATTERN)
    name: str = spec("Name as people know it.")
    kind: PartnerKind = spec("Broad kind of organisation.")
    remit: str = spec("What they are responsible for.")
    when_to_involve: str = spec("The situations in which to bring them in.")
    can_do: list[str] = spec("What they can do.", min_items=1)
    powers: list[Power] = spec("Legal powers or duties they hold (empty if none), each with the law it rests on.", default=[])
    csp_responsible_authority: bool = spec("A responsible authority of a Community Safety Partnership (Crime and Disorder Act 1998, s.5).", default=False)
    aliases: list[str] = spec("Other names for them.", default=[])
    cites: list[Cite] = spec("Where these facts come from (ids in references.yaml).", default=[])
    sources: list[str] = spec("Free-text sources; filled in from cites when empty.", default=[])


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
    cites: list[Cite] = spec("Works and law entries the definition rests on (ids in references.yaml).", default=[])
    source: str = spec("Free-text source; filled in from cites when empty.", default="")
    unconfirmed: bool = spec("True when a detail could not be checked against the source.", default=False)
    changes: str = spec("For legal powers: changes made or pending (for example by the Crime and Policing Act 2026) and whether they are in force.", default="")


@dataclass(frozen=True)
class Glossary:
    """The glossary file."""

    terms: list[GlossaryTerm] = spec("Glossary terms.", min_items=1)


@dataclass(frozen=True)
class SynonymGroup:
    """Words and phrases the matcher treats as one."""

    canonical: str = spec("The form every variant is rewritten to.")
    variants: list[str] = spec("Other ways of writing it: abbreviations, slang, spellings.", min_items=1)
    everywhere: bool = spec("Rewrite the phrases in every field of a scenario, the long ones too (a word whose "
                            "sense changes in a phrase: 'deal with' is handling, not a drug deal). Other groups' "
                            "phrases are read in the names, keywords, symptoms and summary only.", default=False)


@dataclass(frozen=True)
class Synonyms:
    """The synonyms file: abbreviations, slang and spelling variants."""

    groups: list[SynonymGroup] = spec("Synonym groups.", default=[])
    stopwords: list[str] = spec("Words that carry no meaning for matching.", default=[])
    common_words: list[str] = spec("Everyday words that are weak evidence on their own: they count for less.", default=[])
    procedure_questions: list[str] = spec("Openings of a question about procedure rather than a problem (\"how do I\", "
                                          "\"can I\", \"which unit\"): a text with one and none of problem_words is "
                                          "matched with less confidence.", default=[])
    problem_words: list[str] = spec("Words that make such a question about a problem (\"reduce\", \"deal with\").",
                                    default=[])


@dataclass(frozen=True)
class OutsideTopic:
    """Something users ask popguide about that is not a problem its library covers (IT faults, leave, car tax)."""

    id: str = spec("Unique id.", pattern=ID_PATTERN)
    title: str = spec("What it is, as the guide names it (\"an IT or equipment fault\").")
    words: list[str] = spec("Words and phrases that say a text is about it, matched whole (a plural or -ed, -ing "
                            "ending is allowed); a text whose problem words are all among them is matched to nothing.",
                            min_items=1)
    unless: list[str] = spec("Words that show the text is about a problem after all (\"stolen\" beside a laptop), "
                             "matched like words: a text holding one is matched as usual.", default=[])


@dataclass(frozen=True)
class OutsideTopics:
    """The outside file: what the library knows it does not cover."""

    topics: list[OutsideTopic] = spec("Topics outside the library.", default=[])


@dataclass(frozen=True)
class UnitCost:
    """The Home Office estimate of the cost of one crime of a type."""

    id: str = spec("Crime type id used by scenarios.", pattern=ID_PATTERN)
    crime_type: str = spec("Crime type as named in the report.")
    cost: int = spec("Cost of one offence in pounds, at the report's prices (price_year).")
    confirmed: bool = spec("True only when the figure was checked against the report's own table; false shows it flagged.")
    checked_against: str = spec("What the figure was checked against: the report's table, or the secondary report it was seen in. Required by validate.", default="")
    checked: CheckDate = spec("Date of that check (YYYY-MM-DD). Required by validate.", default="")
    note: str = spec("What the figure covers, or why it is flagged.", default="")


@dataclass(frozen=True)
class UnitCosts:
    """The unit costs file."""

    source: str = spec("The report the figures come from, as text.")
    price_year: str = spec("The financial year whose prices the figures are in, as 2015/16.")
    costs: list[UnitCost] = spec("Costs by crime type.", min_items=1)
    cites: list[Cite] = spec("The report in references.yaml.", default=[])


@dataclass(frozen=True)
class Deflators:
    """A published price index used to bring costs to a recent year's prices."""

    series: str = spec("Name of the series, for example HM Treasury GDP deflators at market prices.")
    release: str = spec("Which release the figures were taken from.")
    base: str = spec("The base year of the index (its value 100).")
    target_year: str = spec("The year whose prices costs are uplifted to (a key of values).")
    values: dict[str, float] = spec("Index value by financial year, as 2015/16: 77.1.")
    confirmed: bool = spec("True only when the figures were checked against the release itself; false shows the uplift flagged.")
    checked_against: str = spec("What the figures were checked against.")
    checked: CheckDate = spec("Date of that check (YYYY-MM-DD).")
    cites: list[Cite] = spec("The release in references.yaml.", default=[])
    note: str = spec("Caveats: forecasts, revisions.", default="")


@dataclass(frozen=True)
class Place:
    """A name a country field may use, and the nations (or countries) it covers."""

    name: str = spec("The name as written in a country field, for example England and Wales.")
    covers: list[str] = spec("The nations or countries it covers; empty means itself.", default=[])
    wide: bool = spec("True for a name too wide to check against its sources (international, Europe).", default=False)


@dataclass(frozen=True)
class Places:
    """The places file: the vocabulary validate reads a country field with."""

    places: list[Place] = spec("Every place name a country field may use.", default=[])


@dataclass(frozen=True)
class Work:
    """A document a rating, fact or definition rests on: a study, review, guide, toolkit entry or guidance."""

    id: str = spec("Unique id, for example weisel-2004-graffiti.", pattern=ID_PATTERN)
    authors: str = spec("Authors, or the body that published it.")
    year: str = spec("Year of publication (and of the edition or revision relied on).")
    title: str = spec("Title.")
    kind: WorkKind = spec("review, trial, evaluation, case-study, guide, guidance, toolkit, report, book, article, web, press or dataset.")
    design: Design = spec("What kind of evidence the document itself is (see the rating rule).")
    country: str = spec("Where the evidence comes from.")
    checked: CheckDate = spec("Date the entry was last checked (YYYY-MM-DD).")
    checked_against: CheckedAgainst = spec("primary: the document itself was read; secondary: a summary or citation of it.")
    publisher: str = spec("Publisher, or journal with volume and pages.", default="")
    url: str = spec("Web address of the document.", default="")
    doi: str = spec("DOI, as 10.xxxx/....", default="")
    studies: Optional[int] = spec("For a review: the number of studies.", default=None)
    toolkit_rating: str = spec("For a College of Policing Crime Reduction Toolkit entry: the Toolkit's own verdict on effect, in its words.", default="")
    unconfirmed: bool = spec("True when a detail of the entry (an address, a figure, a rating) could not be checked: shown flagged.", default=False)
    note: str = spec("What was and was not checked.", default="")


@dataclass(frozen=True)
class Law:
    """One provision of an Act or statutory instrument, as it stands on the check date."""

    id: str = spec("Unique id, for example asbcpa-2014-s43.", pattern=ID_PATTERN)
    act: str = spec("Short title of the Act or instrument.")
    section: str = spec("Section (or regulation, Part, Chapter) number, as 43 or 34-42 or Part 1.")
    title: str = spec("What the provision does, in a few words.")
    url: str = spec("legislation.gov.uk address of the version relied on.")
    in_force: InForce = spec("in-force, partly-in-force, not-in-force, repealed or unknown, in the extent given.")
    extent: Extent = spec("Where it applies: england-and-wales, england, wales, uk or great-britain.")
    checked: CheckDate = spec("Date of the check (YYYY-MM-DD).")
    checked_against: CheckedAgainst = spec("primary: legislation.gov.uk itself; secondary: guidance, a circular or commentary.")
    subsection: str = spec("Subsection(s) relied on, as (1) or (4)-(5).", default="")
    commencement_unconfirmed: bool = spec("True when whether or from when it is in force could not be confirmed: shown flagged.", default=False)
    change_unconfirmed: bool = spec("True when a reported change to it (made or pending) could not be confirmed: shown flagged.", default=False)
    amended_by: str = spec("Later changes to it, and whether they are in force.", default="")
    note: str = spec("Anything else an officer should know.", default="")


@dataclass(frozen=True)
class References:
    """The references file: every work and provision the library cites."""

    works: list[Work] = spec("Studies, reviews, guides, toolkit entries and guidance.", default=[])
    law: list[Law] = spec("Acts and sections.", default=[])


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
