"""Assessment, planned at Response time: measures, the areas, the baseline, the crime type, the review date."""

from __future__ import annotations

from ..periods import parse_period
from ..prompts import numbered
from ..sara import is_none
from ..turns import Turn
from .base import Behaviour, behaviour
from .kinds import leading_picks
from ..dates_text import long_date
from ...assessment import count_text


def _measure_options(conv) -> list[str]:
    s = conv.library.scenarios.get(conv.est.scenario_id or "")
    return list(s.assessment.outcome_measures) + list(s.assessment.process_measures) if s else []


@behaviour
class Measures(Behaviour):
    listens = False
    name = "measures"
    summary = "the outcome and process measures to record"
    stage = "assessment"
    kinds = ("list", "text")

    def prompt(self, conv, q):
        options = _measure_options(conv)
        if not options:
            return "Which measures will you record? (for example calls about it per month in the area, and whether each action was delivered)"
        return q.prompt + "\n\n" + numbered(options)

    def apply(self, conv, asked, text):
        options = _measure_options(conv)
        picks, rest = leading_picks(conv, text, options)
        conv.est.measures = [options[n] for n in picks] + ([rest] if rest and not is_none(rest) else [])
        conv.est.answers[asked.id] = text
        return []


class _Area(Behaviour):
    listens = False
    stage = "assessment"
    kinds = ("text",)
    role = ""

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        setattr(conv.est.areas, self.role, "" if is_none(text) else text.strip())
        return []


@behaviour
class TargetArea(_Area):
    name = "target_area"
    summary = "the area the response is aimed at"
    role = "target"
    required = True
    expects = "place"


@behaviour
class ComparisonArea(_Area):
    name = "comparison_area"
    summary = "a similar area, untouched by the response, to compare with (or none)"
    role = "comparison"


@behaviour
class BufferArea(_Area):
    name = "buffer_area"
    summary = "a buffer zone round the target, to see displacement or diffusion (or none)"
    role = "buffer"


class _Period(Behaviour):
    listens = False
    stage = "assessment"
    kinds = ("text",)
    attribute = ""

    def check(self, conv, asked, text):
        if self.accepts_same and text.strip().lower() in SAME_WORDS:
            return None
        if parse_period(conv.understanding, text, conv.today()) is None:
            return "I couldn't read that period. Try `1/8/2026 to 31/10/2026`, `last 3 months`" + \
                   (", or `same length`." if self.accepts_same else ".")
        return None

    accepts_same = False

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        setattr(conv.est.areas, self.attribute, parse_period(conv.understanding, text, conv.today()))
        setattr(conv.est.areas, self.attribute + "_text", text.strip())
        return []


SAME_WORDS = ("same", "same length", "same as before", "same period length", "the same")


@behaviour
class BaselinePeriod(_Period):
    name = "baseline_period"
    summary = "the period the baseline counts cover"
    attribute = "baseline_period"


class _Counts(Behaviour):
    """A count for each area, in the order target, comparison, buffer."""
    listens = False

    stage = "assessment"
    kinds = ("text",)
    expects = "count"
    attribute = ""

    def prompt(self, conv, q):
        roles = conv.est.areas.roles()
        if len(roles) > 1:
            return q.prompt + f" Give {len(roles)} numbers, in this order: " + ", ".join(f"{r} ({n})" for r, n in roles) + "."
        return q.prompt

    @staticmethod
    def area_counts(conv, text: str) -> list[float]:
        """One count per area: a plain list ('40 12 9', '40, 12 and 9') or counts as people write them."""
        import re

        if re.fullmatch(r"[\d\s,;/&.]+(?:and\s+[\d.]+)?\s*", text.strip()):
            return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
        return [c.value for c in conv.understanding.counts(text)]

    period_attribute = "baseline_period"

    def asked(self, conv, q, stage, qid=None, prompt=None):
        a = super().asked(conv, q, stage, qid, prompt)
        counts = self.data_counts(conv)
        if counts:
            roles = conv.est.areas.roles()
            figures = ", ".join(f"{role} ({name}) {count_text(counts[role])}" for role, name in roles)
            a.offered = [f"from `{conv.est.data.dataset}`: {figures}"]
            what = conv.data.type_words(conv.est.data.dataset, conv.scenario)
            what = f"{what}, " if what else ""
            a.prompt = (f"{a.prompt}\n\n**From the data** (`{conv.est.data.dataset}`, {what}the same period): {figures}. "
                        "Type `yes` to use these, or give your own figures.")
        return a

    def data_counts(self, conv) -> dict[str, float]:
        """The counts for each area from the session's dataset, for this question's period (cached)."""
        est, link = conv.est, getattr(conv, "data", None)
        period = getattr(est.areas, self.period_attribute) or (
            _same_length(est) if self.period_attribute == "after_period" else None)
        if est.data is None or est.data.error or link is None or period is None:
            return {}
        roles = est.areas.roles()
        key = f"{self.attribute}:{period[0]}:{period[1]}:" + "|".join(n for _, n in roles)
        if key not in est.data.counts_from_data:
            s = conv.library.scenarios.get(est.scenario_id or "")
            est.data.counts_from_data[key] = link.area_counts(est.data.dataset, s, roles, period) if s else {}
        counts = est.data.counts_from_data[key]
        return counts if counts and all(role in counts for role, _ in roles) else {}

    def check(self, conv, asked, text):
        if asked.offered and conv.understanding.intent(text).kind == "yes":
            return None
        roles = conv.est.areas.roles()
        counts = self.area_counts(conv, text)
        if conv.understanding.vague(text, "count") and asked.id not in conv.est.followed_up:
            return None  # the follow-up asks for it
        if len(counts) < len(roles):
            return f"Please give {len(roles)} number(s): " + ", ".join(f"{r} ({n})" for r, n in roles) + "."
        return None

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        if asked.offered and conv.understanding.intent(text).kind == "yes":
            setattr(conv.est.areas, self.attribute, dict(self.data_counts(conv)))
            return []
        counts = self.area_counts(conv, text)
        setattr(conv.est.areas, self.attribute, {role: c for (role, _), c in zip(conv.est.areas.roles(), counts)})
        return []


@behaviour
class Baseline(_Counts):
    name = "baseline"
    summary = "the count in the baseline period, for each area"
    attribute = "baseline"
    required = True


@behaviour
class CrimeType(Behaviour):
    name = "crime_type"
    summary = "which Home Office unit cost the counts are priced at (asked only where the scenario has one)"
    stage = "assessment"
    kinds = ("choice",)
    dynamic_options = True

    def _costs(self, conv):
        s = conv.library.scenarios.get(conv.est.scenario_id or "")
        return [(c, conv.library.unit_costs[c]) for c in (s.assessment.crime_types if s else []) if c in conv.library.unit_costs]

    def expand(self, conv, q, stage):
        return [self.asked(conv, q, stage)] if self._costs(conv) else []

    def options(self, conv, q):
        out = []
        for cid, u in self._costs(conv):
            up = conv.library.price_uplift(cid)
            price = (f"£{up.uplifted:,} each at {up.year} prices, £{up.original:,} at {up.original_year}" if up
                     else f"£{u.cost:,} each")
            out.append(f"{u.crime_type} ({price}{'' if up and up.confirmed or not up and u.confirmed else ', unconfirmed'})")
        return out + ["None of these"]

    def prompt(self, conv, q):
        ev = conv.est.data
        if ev is not None and not ev.error and ev.counts_from_data:
            if conv.data.only_asb(ev.dataset, conv.scenario):
                return (q.prompt + "\n\nThe counts from the data are anti-social behaviour, which has no Home Office "
                        "unit cost: choose *None of these* unless you counted crimes of one of these types.")
        return q.prompt

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        costs = self._costs(conv)
        picked = conv.understanding.intent(text, asked.options).choices
        conv.est.crime_type = costs[picked[0]][0] if picked and picked[0] < len(costs) else ""
        return []


@behaviour
class ReviewDate(Behaviour):
    name = "review"
    summary = "the date the plan will be reviewed"
    stage = "assessment"
    kinds = ("date",)
    required = True

    def follow_up(self, conv, asked, text):
        when = conv.understanding.date(text, conv.today())
        if when is not None and when < conv.today():
            return f"{long_date(when)} has already passed. When will you review it? (Or `keep` to keep it.)"
        return None

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        conv.est.review_date = conv.understanding.date(text, conv.today())
        return []


def _same_length(est):
    """The after period when the officer said 'same length': as long as the baseline, ending at the review date."""
    before = est.areas.baseline_period
    if before is None or est.review_date is None:
        return None
    return (est.review_date - (before[1] - before[0]), est.review_date)


def done_turn(conv) -> Turn:
    est = conv.est
    if est.closed:
        return Turn("assistant", "info", "This case is closed. `/export html` writes the full plan with its assessment.",
                    stage="assessment")
    review = long_date(est.review_date) if est.review_date else "not set"
    return Turn("assistant", "info",
                f"**Plan complete.** Review date: {review}: open this session again then to enter the after figures "
                "(or type `/review` to do it now). It's saved. Type `/check` to see what an adviser would flag, "
                "`/export html` (or `docx`, `md`, `txt`; add `partner` for a partner copy) to write the plan, "
                "or `/back` to change an answer.", stage="assessment")
