"""Training: exercises validate, feedback at each stage, scores, and the cohort summary for the trainer."""

from __future__ import annotations

import csv
import io

import yaml

from popguide.cli import main
from popguide.library import load_library
from popguide.session import Session
from popguide.training import spotted
from popguide.library.models import KeyPoint
from popguide.workspace import Workspace

from conftest import complete

LIB = load_library([])
EXERCISE = LIB.exercises["ex-riverside-bikes"]
SCENARIO = LIB.scenarios[EXERCISE.model.scenario]


def numbers_for(response_ids):
    order = [r.id for r in SCENARIO.responses_by_evidence()]
    return " ".join(str(order.index(r) + 1) for r in response_ids)


STRONG = {
    "victim": "park users and families with children are driven out; stolen bikes from local owners; riders injured with no helmets",
    "offender": "a small core group of the same riders, doing it for the thrill and status and videos; some may be groomed by older men",
    "place": "broken gate and fence gaps are the access points; bikes kept in lock-ups and garages; fuel from the petrol station forecourt",
    "guardian": "residents could report anonymously to crimestoppers; no staff or rangers on the park in the evening",
    "handler": "parents, with home visits to families; school and youth workers",
    "manager": "council parks team can fit barriers; housing association as landlord can use the tenancy; forecourt manager could refuse fuel",
    "hypothesis": "stolen bikes kept in lock-ups and storage nearby, worst in summer school holidays evenings",
    "responses": numbers_for(EXERCISE.model.responses),
    "measures": "calls in the same months last year and a comparison area; the buffer for displacement along the towpath; barriers fitted as a process measure and injuries",
}


def run_trainee(tmp_path, trainee, answers):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide(Session(exercise=EXERCISE.id, trainee=trainee))
    g.respond("lads on scramblers and quads racing across Riverside Park and the old railway path every evening")
    g.respond("1")
    complete(g, answers)
    return ws, g


def feedback(g, stage):
    return next(t for t in g.transcript if t.data.get("feedback") == stage)


def report(g):
    return next(t.data["training_report"] for t in g.transcript if "training_report" in t.data)


def test_exercises_ship_and_validate():
    assert len(LIB.exercises) >= 6
    assert all(e.model.scenario in LIB.scenarios for e in LIB.exercises.values())
    vulnerability = {"mental-health-demand", "missing-from-care", "repeat-callers", "cuckooing"}
    assert len([e for e in LIB.exercises.values() if e.model.scenario in vulnerability]) >= 2


def test_briefing_and_data_open_the_exercise(tmp_path):
    g = Workspace(data_dir=tmp_path).guide(Session(exercise=EXERCISE.id, trainee="PC 1"))
    first = g.transcript[0].text
    assert EXERCISE.title in first and EXERCISE.data[0].title in first and "| " + EXERCISE.data[0].columns[0] in first


def test_a_strong_answer_scores_high_with_feedback_each_stage(tmp_path):
    ws, g = run_trainee(tmp_path, "PC 4521", STRONG)
    for stage in ("scanning", "analysis", "response", "assessment"):
        assert "Feedback on" in feedback(g, stage).text
    r = report(g)
    assert r["total"] >= 80, r
    assert r["stages"]["response"]["score"] == 100 and not r["stages"]["response"]["traps"]
    score_turn = next(t for t in g.transcript if "training_report" in t.data)
    assert "model answer beside yours" in score_turn.text and "| Offender |" in score_turn.text
    saved = list((tmp_path / "training").glob("*.yaml"))
    assert len(saved) == 1 and saved[0].name == f"ex-riverside-bikes--{g.session.id}.yaml", "no name in file names"
    assert "4521" not in saved[0].name and yaml.safe_load(saved[0].read_text())["trainee"] == "PC 4521"
    assert yaml.safe_load(saved[0].read_text())["total"] == r["total"]
    assert oct(saved[0].stat().st_mode & 0o777) == "0o600" and oct(saved[0].parent.stat().st_mode & 0o777) == "0o700"


def test_an_enforcement_only_plan_is_told_why_it_falls_short(tmp_path):
    enforcement = [r.id for r in SCENARIO.responses if r.approach == "enforcement"]
    ws, g = run_trainee(tmp_path, "PC 9", {**STRONG, "responses": numbers_for(enforcement), "buffer_area": "none"})
    trap = next(t for t in EXERCISE.model.traps if t.kind == "enforcement-only")
    text = feedback(g, "response").text
    assert "Watch out" in text and trap.why in text
    r = report(g)
    assert r["stages"]["response"]["score"] < 50
    strong_total = run_trainee(tmp_path / "b", "PC 10", STRONG)[1]
    assert r["total"] < report(strong_total)["total"]


def test_fuzzy_matching_counts_the_right_idea_in_other_words():
    point = KeyPoint(point="Repeat victims", keywords=["repeat victim", "same house"], why="x")
    assert spotted("the same houses keep getting hit", point)
    assert spotted("REPEAT VICTIMS!", point)
    assert not spotted("a new estate", point)


def test_cohort_csv_summarises_scores_and_most_missed(tmp_path, capsys):
    run_trainee(tmp_path, "PC 1", STRONG)
    run_trainee(tmp_path, "PC 2", {**STRONG, "place": "the park", "manager": "not sure"})
    assert main(["--data-dir", str(tmp_path), "train", "--results", str(tmp_path / "training"), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    trainees = [r for r in rows if r["row"] == "trainee"]
    assert {r["trainee"] for r in trainees} == {"PC 1", "PC 2"}
    summary = next(r for r in rows if r["row"] == "exercise")
    assert summary["exercise"] == EXERCISE.id and summary["trainee"] == "2 trainee(s)"
    assert float(summary["analysis"]) < 100 and "(1)" in summary["most_missed"]


def test_train_command_lists_exercises_and_runs_scripted_answers(tmp_path, capsys):
    assert main(["train"]) == 0
    assert "ex-riverside-bikes" in capsys.readouterr().out
    assert main(["train", "nope", "--trainee", "x", "--answers", "-"]) == 2
    assert "unknown exercise" in capsys.readouterr().err
