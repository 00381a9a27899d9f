"""The arithmetic against worked examples, and the review flow a user goes through."""

from __future__ import annotations

from datetime import date

import pytest

from popguide.guide.plan import build_plan

from popguide.assessment import (AreaCounts, Costs, comparison_adjusted_change, cost_benefit, percent_change, review,
                                 weighted_displacement_quotient)
from popguide.library import load_library
from popguide.session import Session
from popguide.workspace import Workspace

from conftest import complete

LIB = load_library([])


def test_percent_change():
    assert percent_change(40, 22) == pytest.approx(-45.0)
    assert percent_change(10, 15) == pytest.approx(50.0)
    assert percent_change(0, 5) is None


def test_comparison_adjusted_change():
    # Comparison area fell 10%: 120 would have become 108; 80 is 25.9% below that.
    assert comparison_adjusted_change(AreaCounts(120, 80), AreaCounts(300, 270)) == pytest.approx(-25.93, abs=0.01)
    assert comparison_adjusted_change(AreaCounts(120, 80), AreaCounts(0, 10)) is None


def test_weighted_displacement_quotient_worked_example():
    # Rb 120, Ra 80; Db 90, Da 100; Cb 300, Ca 270 (own worked example from Bowers and Johnson's formula)
    d = weighted_displacement_quotient(AreaCounts(120, 80), AreaCounts(90, 100), AreaCounts(300, 270))
    assert d.success == pytest.approx(-0.1037, abs=1e-4)
    assert d.buffer == pytest.approx(0.0704, abs=1e-4)
    assert d.wdq == pytest.approx(-0.679, abs=1e-3)
    assert d.total_net_effect == pytest.approx(9.0)
    assert "less than the gain" in d.reading


def test_wdq_is_undefined_without_a_relative_improvement_or_with_an_empty_comparison():
    worse = weighted_displacement_quotient(AreaCounts(50, 60), AreaCounts(30, 30), AreaCounts(100, 100))
    assert worse.wdq is None and "did not improve" in worse.reading
    empty = weighted_displacement_quotient(AreaCounts(50, 30), AreaCounts(30, 30), AreaCounts(0, 10))
    assert empty.wdq is None and "no incidents" in empty.reading


def test_wdq_near_zero_success_is_not_divided_by():
    near = weighted_displacement_quotient(AreaCounts(1000, 999), AreaCounts(30, 40), AreaCounts(1000, 1000))
    assert near.wdq is None and "too close to zero" in near.reading


def test_wdq_readings_cover_diffusion_and_net_harm():
    diffusion = weighted_displacement_quotient(AreaCounts(100, 50), AreaCounts(100, 40), AreaCounts(100, 100))
    assert diffusion.wdq > 1 and "larger than the direct effect" in diffusion.reading
    harm = weighted_displacement_quotient(AreaCounts(100, 90), AreaCounts(100, 150), AreaCounts(100, 100))
    assert harm.wdq < -1 and "outweighs" in harm.reading


def test_cost_benefit_with_real_unit_costs():
    theft_from_vehicle = LIB.unit_costs["theft-from-vehicle"].cost
    assert theft_from_vehicle == 870
    cb = cost_benefit(Costs(officer_hours=200, hourly_rate=50, materials=2000), 40, theft_from_vehicle)
    assert cb.cost == 12000 and cb.benefit == 34800
    assert cb.ratio == pytest.approx(2.9) and cb.net_benefit == 22800
    assert cb.break_even_crimes == pytest.approx(13.79, abs=0.01)
    robbery = cost_benefit(Costs(materials=5000), 9, LIB.unit_costs["robbery"].cost)
    assert robbery.benefit == 101880


def test_review_reads_out_caveats_for_small_counts_and_mismatched_periods():
    r = review(AreaCounts(8, 5), None, None, None,
               before_period=(date(2026, 6, 1), date(2026, 8, 31)), after_period=(date(2026, 11, 1), date(2026, 11, 30)))
    text = " ".join(r.caveats)
    assert "small" in text and "differ in length" in text and "times of year" in text


def closed_ready(tmp_path, review_date: str):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide(Session())
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("1")
    complete(g, {"review": review_date}, stop_at="after_period")
    return ws, g


def test_a_session_past_its_review_date_is_listed_first_and_resumes_into_the_review(tmp_path, capsys):
    ws, due = closed_ready(tmp_path, "2026-01-05")
    later = ws.guide(Session())
    later.respond("graffiti tags all over the underpass")  # newer, but not due
    from popguide.cli import main

    main(["--data-dir", str(tmp_path), "sessions"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(due.session.id) and "REVIEW DUE" in first
    resumed = Workspace(data_dir=tmp_path).open(due.session.id)
    assert resumed.current.id == "after_period"
    assert "due for review" in resumed.transcript[-2].text
    complete(resumed, {"after_counts": "22, 95, 28", "crime_type": "1"}, stop_at="outcome")
    turn = next(t for t in resumed.transcript if t.data.get("review"))
    assert "Weighted displacement quotient" in turn.text and "net benefit" in turn.text and "█" in turn.text
    complete(resumed)
    assert resumed.session.outcome == "Worked"
    plan = build_plan(resumed.view())
    assert plan["review"]["displacement"]["wdq"] == pytest.approx(0.03125, abs=1e-4)
    html = Workspace(data_dir=tmp_path).render(resumed, "html")
    assert "<svg" in html and "Weighted displacement quotient" in html


def test_review_can_be_opened_early_and_replays_after_a_restart(tmp_path):
    ws, g = closed_ready(tmp_path, "2099-01-01")
    assert g.finished
    g.respond("/review")
    assert g.current.id == "after_period"
    g.respond("1/12/2026 to 28/2/2027")
    again = Workspace(data_dir=tmp_path).open(g.session.id)
    assert again.current.id == "after_counts" and again.est.answers["after_period"] == "1/12/2026 to 28/2/2027"


def test_assess_json_for_scripting(tmp_path, capsys):
    import json

    from popguide.cli import main

    ws, g = closed_ready(tmp_path, "2026-01-05")
    g = Workspace(data_dir=tmp_path).open(g.session.id)
    complete(g, {"after_counts": "22, 95, 28"})
    assert main(["--data-dir", str(tmp_path), "assess", g.session.id, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["assessment"]["change"] == pytest.approx(-45.0)
    assert out["assessment"]["cost_benefit"]["cost"] == 120 * 40 + 2500


def test_cost_benefit_uses_the_unit_cost_uplifted_with_the_deflator_data():
    """Hand calculation from the YAML files themselves: with the March 2026 HM Treasury figures (2024-25 = 100),
    robbery £11,320 (2015/16) x 100 / 74.5804 = £15,178.25..., rounded to £15,180 in 2024/25 prices."""
    import yaml
    from popguide.library.loader import builtin_library_dir

    data = yaml.safe_load((builtin_library_dir() / "deflators.yaml").read_text())
    costs = yaml.safe_load((builtin_library_dir() / "unit-costs.yaml").read_text())
    price_year = costs["price_year"]
    robbery = next(c["cost"] for c in costs["costs"] if c["id"] == "robbery")
    by_hand = robbery * data["values"][data["target_year"]] / data["values"][price_year]
    up = LIB.price_uplift("robbery")
    assert up.original == robbery and up.original_year == price_year and up.year == data["target_year"]
    assert up.uplifted == round(by_hand / 10) * 10
    assert up.factor == pytest.approx(data["values"][data["target_year"]] / data["values"][price_year])
    assert up.confirmed is (data["confirmed"] and LIB.unit_costs["robbery"].confirmed)
    r = review(AreaCounts(50, 30), AreaCounts(200, 200), None, Costs(materials=20000), crime_type="robbery",
               unit_cost_confirmed=LIB.unit_costs["robbery"].confirmed, uplift=up)
    assert r.cost_benefit.benefit == 20 * up.uplifted and r.price_year == up.year
    assert r.original_unit_cost == robbery and r.original_price_year == price_year
    text = " ".join(r.summary)
    assert f"{up.year} prices" in text and f"£{robbery:,} in {price_year} prices" in text
    if not up.confirmed:
        assert "uplift unconfirmed" in text


def test_uplift_is_none_without_a_deflator_value_for_the_year(mini_library):
    from popguide.library import load_dirs

    lib = load_dirs([mini_library])  # the test library has no deflators.yaml
    assert lib.price_uplift("criminal-damage") is None
