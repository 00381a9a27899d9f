"""The force's own data in the conversation: CHEERS counts, triangle facts and review counts without typing a count."""

from __future__ import annotations

from datetime import date

import pytest

from popguide.cli import main
from popguide.data.filters import Filter
from popguide.data.guide import area_counts
from popguide.guide.plan import build_plan
from popguide.session import Session
from popguide.workspace import Workspace

from datagen import months_range, police_uk_months

TODAY = date(2021, 12, 15)
BIKES = "lads on scrambler bikes tearing round the estate roads and the shopping area every night, residents ringing in"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("popguide-data")
    files = police_uk_months(tmp_path_factory.mktemp("months"), months_range("2021-06", 6), seed=5)
    assert main(["--data-dir", str(root), "data", "import", *map(str, files), "--name", "merseyside"]) == 0
    return root


def session(data_dir):
    g = Workspace(data_dir=data_dir).guide(Session())
    g._today = lambda: TODAY
    return g


def until(g, qid, answers):
    for _ in range(80):
        if g.current is None or g.current.id.split(":")[0] == qid:
            return
        g.respond(answers.get(g.current.id.split(":")[0], "ok by 1/2/2022"))
    raise AssertionError(f"never reached {qid}")


ANSWERS = {"harm": "residents and shoppers", "similarity": "same streets, evenings", "expectation": "yes", "goal": "2",
           "recurring": "yes", "victim": "shoppers", "offender": "youths on bikes", "guardian": "nobody",
           "handler": "parents", "manager": "the council", "data": "1", "hypothesis": "easy access", "responses": "1",
           "conflicts": "1", "extra": "no", "measures": "1", "target_area": "Liverpool 060",
           "comparison_area": "Liverpool 061", "buffer_area": "none", "baseline_period": "1/6/2021 to 31/8/2021",
           "crime_type": "3", "review": "1/12/2021", "after_period": "1/9/2021 to 30/11/2021",
           "hours": "100", "hourly_rate": "40", "other_costs": "£2,000"}


def at_frequency(data_dir):
    """A session on the bikes problem, at the question of how often it happens."""
    g = session(data_dir)
    g.respond(BIKES)
    g.respond("yes")
    until(g, "frequency", ANSWERS)
    return g


def counted_from_the_data(data_dir):
    """A session on the bikes problem whose Events count was taken from the dataset for Liverpool 060."""
    g = at_frequency(data_dir)
    g.respond("/data merseyside in Liverpool 060")
    g.respond("yes")
    return g


def test_the_frequency_question_offers_to_count_from_the_data_and_then_uses_it(data_dir):
    g = at_frequency(data_dir)
    assert "/data merseyside" in g.current.prompt, "the guide offers the data it has"
    turns = g.respond("/data merseyside in Liverpool 060")
    evidence = next(t for t in turns if t.data.get("data"))
    assert "anti-social behaviour reports" in evidence.text and "Read with care" in evidence.text
    assert "straight-line trend over the 6 months in the data" in evidence.text, "the trend comes with the count"
    q = g.current
    assert q.id == "frequency" and q.offered and "anti-social behaviour reports" in q.offered[0]
    assert "trend" in q.offered[0], "the trend is offered as part of the Events evidence"
    g.respond("yes")
    assert "anti-social behaviour reports" in g.est.answers["frequency"]
    assert "From the data" in g.current.prompt, "Recurring is answered with the data beside it"


def test_review_counts_come_from_the_data_and_feed_the_assessment(data_dir):
    g = counted_from_the_data(data_dir)
    until(g, "place", ANSWERS)
    assert any("busiest places" in x for x in g.current.offered), "the hot spots come up beside the triangle"
    until(g, "baseline", ANSWERS)
    assert "From the data" in g.current.prompt and "anti-social behaviour, the same period" in g.current.prompt
    g.respond("yes")
    expected = {role: area_counts("merseyside", ["Anti-social behaviour"], Filter(areas=[name]), ("2021-06-01", "2021-08-31"),
                                  data_dir=data_dir)
                for role, name in (("target", "Liverpool 060"), ("comparison", "Liverpool 061"))}
    assert g.est.areas.baseline == {k: float(v) for k, v in expected.items()} and expected["target"] > 0
    assert g.current.id == "crime_type" and "no Home Office unit cost" in g.current.prompt, "ASB has no unit cost"
    until(g, "after_counts", ANSWERS)  # the review opens: its date has passed
    g.respond("yes")
    after = g.est.areas.after
    assert set(after) == {"target", "comparison"} and after["target"] == area_counts(
        "merseyside", ["Anti-social behaviour"], Filter(areas=["Liverpool 060"]), ("2021-09-01", "2021-11-30"), data_dir=data_dir)
    until(g, "outcome", ANSWERS)
    result = g.view().review_result()
    assert result is not None and result.target.before == expected["target"] and result.cost_benefit.cost == 6000
    plan = build_plan(g.view())
    assert plan["data_evidence"]["dataset"] == "merseyside" and plan["data_evidence"]["caveats"]


def test_the_html_plan_carries_the_data_charts_offline_with_their_dataset(data_dir):
    g = at_frequency(data_dir)
    g.respond("/data merseyside in Liverpool 060")
    html = Workspace(data_dir=data_dir).render(g, "html")
    section = html.split("<h2>From the data</h2>")[1].split("<h2")[0]
    assert "<svg" in section and "merseyside" in section and "Read with care" in section
    assert "http://" not in section.replace("http://www.w3.org", "") and "<script" not in section
    md = Workspace(data_dir=data_dir).render(g, "md")
    assert "## From the data" in md and "anti-social behaviour reports" in md


def test_at_review_the_data_gives_the_same_months_a_year_earlier_so_the_season_is_not_taken_for_an_effect(tmp_path):
    root = tmp_path / "popguide-data"
    files = police_uk_months(tmp_path / "months", months_range("2020-06", 18), seed=7)
    assert main(["--data-dir", str(root), "data", "import", *map(str, files), "--name", "merseyside"]) == 0
    g = counted_from_the_data(root)
    until(g, "baseline", ANSWERS)
    g.respond("yes")
    until(g, "after_counts", ANSWERS)
    g.respond("yes")
    until(g, "outcome", ANSWERS)
    result = g.view().review_result()
    asb = ["Anti-social behaviour"]
    before = area_counts("merseyside", asb, Filter(areas=["Liverpool 060"]), ("2020-06-01", "2020-08-31"), data_dir=root)
    after = area_counts("merseyside", asb, Filter(areas=["Liverpool 060"]), ("2020-09-01", "2020-11-30"), data_dir=root)
    line = next(x for x in result.summary if x.startswith("A year earlier"))
    assert f"from {before:,} to {after:,}" in line and "from the data" in line
    assert result.year_earlier_change == pytest.approx(100 * (after - before) / before)
    assert not any("different times of year" in c for c in result.caveats), "the figure answers the seasonal caveat"
