"""Review time: the after figures, the costs, the outcome and the lessons. Asked once the review is open."""

from __future__ import annotations

from ...assessment import bar_chart, chart_rows
from ..review import review_result
from ..turns import Turn
from .assessment import SAME_WORDS, _Counts, _Period, _same_length
from .base import Behaviour, behaviour


def _year_back(d):
    from dateutil.relativedelta import relativedelta  # lazy: a slow import, needed only at review

    return d - relativedelta(years=1)


class _ReviewOnly(Behaviour):
    """Hidden until the review date has come, or the officer typed /review."""
    listens = False
    at_review = True

    stage = "assessment"

    def expand(self, conv, q, stage):
        return super().expand(conv, q, stage) if conv.est.review_open else []


@behaviour
class AfterCounts(_Counts, _ReviewOnly):
    name = "after_counts"
    summary = "the count after the response, for each area (at review)"
    attribute = "after"
    period_attribute = "after_period"

    def data_counts(self, conv) -> dict[str, float]:
        counts = super().data_counts(conv)
        if counts:
            self._year_earlier(conv)
        return counts

    @staticmethod
    def _year_earlier(conv) -> None:
        """The target's counts for the same months a year earlier, from the data: what the season alone does."""
        est, link = conv.est, conv.data
        before, after = est.areas.baseline_period, est.areas.after_period or _same_length(est)
        if before is None or after is None:
            return
        periods = [d.isoformat() for d in (*before, *after)] + [est.areas.target or ""]
        if est.data.counts_from_data.get("season", {}).get("periods") == periods:
            return  # worked out already for these periods, found or not: the questions are laid out often
        est.data.counts_from_data["season"] = {"periods": periods}
        s = conv.library.scenarios.get(est.scenario_id or "")
        target = [("target", est.areas.target)] if est.areas.target else []
        if not s or not target or not link.covers(est.data.dataset, _year_back(before[0]), _year_back(after[1])):
            return
        found = {}
        for key, (lo, hi) in (("before", before), ("after", after)):
            got = link.area_counts(est.data.dataset, s, target, (_year_back(lo), _year_back(hi)))
            if "target" not in got:
                return
            found[key] = got["target"]
        est.data.counts_from_data["season"] |= found


@behaviour
class AfterPeriod(_Period, _ReviewOnly):
    name = "after_period"
    summary = "the period the after counts cover (at review)"
    attribute = "after_period"
    accepts_same = True

    def apply(self, conv, asked, text):
        if text.strip().lower() in SAME_WORDS:
            conv.est.answers[asked.id] = text
            conv.est.areas.after_period, conv.est.areas.after_period_text = None, "same length as the baseline"
            return []
        return super().apply(conv, asked, text)


class _Money(_ReviewOnly):
    kinds = ("number",)
    field_name = ""
    money = True

    def check(self, conv, asked, text):
        if self._read(conv, text) is None:
            return "Please give a number (for example `120` or `£2,500`; `0` if none)."
        return None

    def _read(self, conv, text):
        if self.money:
            total = conv.understanding.money_total(text)
            if total is not None:
                return total
        counts = conv.understanding.counts(text)
        return sum(c.value for c in counts) if counts and self.money else (counts[0].value if counts else None)

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        setattr(conv.est.costs, self.field_name, self._read(conv, text))
        return []


@behaviour
class Hours(_Money):
    name = "hours"
    summary = "officer and staff hours spent (at review)"
    field_name = "hours"
    money = False


@behaviour
class HourlyRate(_Money):
    name = "hourly_rate"
    summary = "what an hour costs (at review)"
    field_name = "hourly_rate"


@behaviour
class OtherCosts(_Money):
    name = "other_costs"
    summary = "other costs, added up (at review); the assessment is shown once they are in"
    field_name = "other"

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        result = review_result(conv.library, conv.est, conv.today())
        if result is None:
            return []
        lines = ["**Assessment**", ""] + [f"- {line}" for line in result.summary]
        if result.caveats:
            lines += ["", "**Read with care:**"] + [f"- {c}" for c in result.caveats]
        lines += ["", "```", bar_chart(chart_rows(result), width=18), "```"]
        return [Turn("assistant", "info", "\n".join(lines), stage=asked.stage, data={"review": result.to_dict()})]


@behaviour
class Outcome(_ReviewOnly):
    name = "outcome"
    summary = "whether it worked (at review)"
    kinds = ("choice",)

    def apply(self, conv, asked, text):
        super().apply(conv, asked, text)
        conv.est.outcome = conv.est.answers[asked.id]
        return []


@behaviour
class Lessons(_ReviewOnly):
    name = "lessons"
    summary = "what to tell the next person; answering it closes the case"
    kinds = ("text",)

    def apply(self, conv, asked, text):
        conv.est.answers[asked.id] = text
        conv.est.lessons = text
        conv.est.closed = True
        return [Turn("assistant", "info",
                     "**Closed.** This plan is now a case: the next time someone describes a problem like it, the guide "
                     "will show what was done here and how it went. Thank you.", stage=asked.stage)]

    def skip(self, conv, asked):
        super().skip(conv, asked)
        conv.est.closed = True
