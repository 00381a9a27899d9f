"""Review time: the after figures, the assessment arithmetic, closing the session as a case.

A mixin of the guide engine. The review questions stay hidden until the
review date has come (or the user types /review); then the answers feed the
functions in ``popguide.assessment``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..assessment import AreaCounts, Costs, bar_chart, chart_rows, review
from ..session import Entry
from .answers import first_number, means_same_period, numbers_in, parse_period
from .turns import Turn

if TYPE_CHECKING:
    from .engine import Asked

REVIEW_ENTRY = "@review"
#: Asked only once the review is open (its date has come, or the user typed /review).
REVIEW_QUESTIONS = ("after_counts", "after_period", "hours", "hourly_rate", "other_costs", "outcome", "lessons")
NONE_WORDS = ("none", "no", "n/a", "na", "-", "nope", "not yet")


class ReviewMixin:
    def _review_due(self) -> bool:
        d = self.state.review_date
        return d is not None and d <= self._today() and not self.state.settled("lessons") and self._pre_review_done()

    def _pre_review_done(self) -> bool:
        return all(self.state.settled(q.id) for q in self._sequence() if q.id not in REVIEW_QUESTIONS)

    def _on_other_costs(self, q: Asked, text: str) -> list[Turn]:
        self.state.answers[q.id] = text
        result = self.review_result()
        if result is None:
            return []
        lines = ["**Assessment**", ""] + [f"- {line}" for line in result.summary]
        if result.caveats:
            lines += ["", "**Read with care:**"] + [f"- {c}" for c in result.caveats]
        lines += ["", "```", bar_chart(chart_rows(result)), "```"]
        return [Turn("assistant", "info", "\n".join(lines), stage="assessment", data={"review": result.to_dict()})]

    def _on_lessons(self, q: Asked, text: str) -> list[Turn]:
        self.state.answers[q.id] = text
        return [Turn("assistant", "info",
                     "**Closed.** This plan is now a case: the next time someone describes a problem like it, the guide "
                     "will show what was done here and how it went. Thank you.", stage="assessment")]

    def _open_review(self, *, record: bool, by: str = "") -> list[Turn]:
        self.state.review_open = True
        if record:
            self.session.entries.append(Entry(REVIEW_ENTRY, "open", by=by))
            self._sync_session()
            self._persist()
        turns = [Turn("assistant", "info", "**Review.** Let's see what changed since the baseline.", stage="assessment")]
        if record:
            turns += self._ask_turns(None)[-1:]
        return turns

    def _areas(self) -> list[str]:
        """The areas counted: the target, then comparison and buffer when the user named them."""
        a = self.state.answers
        areas = [f"target ({a.get('target_area', 'target area')})"]
        for key, label in (("comparison_area", "comparison"), ("buffer_area", "buffer")):
            value = a.get(key, "")
            if value and value.strip().lower() not in NONE_WORDS and value != "/skip":
                areas.append(f"{label} ({value})")
        return areas

    def review_result(self):
        """The assessment figures once both before and after counts are known, else None."""
        a = self.state.answers
        before, after = numbers_in(a.get("baseline", "")), numbers_in(a.get("after_counts", ""))
        if not before or not after:
            return None
        names = [x.split(" ")[0] for x in self._areas()]
        counts = {n: AreaCounts(b, c) for n, b, c in zip(names, before, after)}
        costs = None
        if "other_costs" in a:
            costs = Costs(first_number(a.get("hours", "")) or 0.0, first_number(a.get("hourly_rate", "")) or 0.0,
                          first_number(a.get("other_costs", "")) or 0.0)
        unit = self._chosen_unit_cost()
        before_period = parse_period(a.get("baseline_period", ""), self._today())
        after_text = a.get("after_period", "")
        after_period = parse_period(after_text, self._today())
        if after_period is None and before_period and (means_same_period(after_text) or not after_text):
            length = before_period[1] - before_period[0]
            end = self.state.review_date or self._today()
            after_period = (end - length, end)
        return review(counts["target"], counts.get("comparison"), counts.get("buffer"), costs,
                      unit.cost if unit else None, crime_type=unit.crime_type.lower() if unit else "",
                      unit_cost_confirmed=unit.confirmed if unit else True,
                      unit_cost_source=self.library.unit_cost_source, price_year=self.library.unit_cost_price_year,
                      before_period=before_period, after_period=after_period)

    def _chosen_unit_cost(self):
        s = self.scenario
        text = self.state.answers.get("crime_type", "")
        if not s or not text:
            return None
        costs = [self.library.unit_costs[c] for c in s.assessment.crime_types if c in self.library.unit_costs]
        return next((u for u in costs if text.startswith(u.crime_type)), None)

    def _case_record(self) -> dict:
        """What the learning repository keeps of a closed session."""
        s = self.scenario
        result = self.review_result()
        return {
            "id": self.session.id,
            "title": self.session.display_title,
            "outcome": self.session.outcome,
            "scenario_id": s.id if s else None,
            "scenario_title": s.title if s else "",
            "description": " ".join(self.state.descriptions),
            "responses": [r.title for r in self.picked_responses()] + list(self.state.own_responses),
            "lessons": self.state.answers.get("lessons", ""),
            "closed": self.session.closed or "",
            "review": result.summary if result else [],
        }

