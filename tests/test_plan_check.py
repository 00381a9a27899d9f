"""The plan check: each gap of a rushed plan is found once, fixed in place with /revise, and the coach agrees."""

from __future__ import annotations

import json

import pytest

from popguide.check import RULES, check
from popguide.check.rubric import CRITERIA
from popguide.cli import main
from popguide.library import load_library
from popguide.session import Session
from popguide.workspace import Workspace

from conftest import complete

#: A rushed plan: two skipped questions, a vague count kept, a name and a phone number, enforcement only, an undated action.
RUSHED = {
    "harm": "Mrs Jones at the end house can't sleep, ring her on 07700 900123",
    "frequency": "loads", "victim": "/skip", "hypothesis": "/skip",
    "responses": "1 6",  # Section 59 warnings and track-not-chase: both enforcement, both police
    "actions": "the neighbourhood sergeant",
    "comparison_area": "none", "buffer_area": "none",
}


def rushed(ws):
    g = ws.guide()
    g.respond("lads on scramblers tearing round the Ash Grove playing fields every evening")
    g.respond("1")
    for _ in range(200):
        q = g.current
        if q is None:
            return g
        key = q.id.split(":")[0]
        text = RUSHED.get(key) if key in RUSHED else None
        if q.id in g.est.followed_up:  # the follow-up to a vague count or an undated action: keep it as it was
            text = "keep"
        if text is None:
            from conftest import PLAN_ANSWERS
            text = PLAN_ANSWERS.get(key, "ok")
        g.respond(text)
    raise AssertionError("the conversation did not finish")


@pytest.fixture
def ws(tmp_path):
    return Workspace(data_dir=tmp_path)


def rules_found(g) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check(g.view()).findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_a_rushed_plan_gets_each_gap_named_once_with_its_criterion_why_and_fix(ws):
    g = rushed(ws)
    found = rules_found(g)
    assert {f.question for f in found["skipped"]} == {"victim", "hypothesis"}
    assert [f.question for f in found["vague"]] == ["frequency"], "the vague count is flagged"
    assert "enforcement_only" in found and "partner_led" in found
    undated = found["owner_date"]
    assert {f.question for f in undated} == {"actions:warnings-and-seizure", "actions:track-not-chase"}
    assert all("no date" in f.finding for f in undated)
    personal = found["personal_data"]
    assert personal[0].question == "harm" and "a name" in personal[0].finding and "a phone number" in personal[0].finding
    assert {"comparison", "buffer"} <= set(found)
    assert "triangle" not in found, "a skipped side is reported once, as skipped"
    for f in check(g.view()).findings:
        assert f.criterion in CRITERIA and f.why and f.fix and f.source


def test_a_good_plan_has_nothing_to_fix_and_every_criterion_met(ws):
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening; residents complain to the ward panel")
    g.respond("1")
    complete(g, {"responses": "1 3", "actions": "ok by 1/3/2027", "conflicts": "1"})
    result = check(g.view())
    assert result.findings == [], [f.finding for f in result.findings]
    judged = [s for s in result.scores if s["applicable"]]
    assert judged and all(s["passed"] == s["applicable"] for s in judged)


def test_every_rule_is_declared_with_a_known_criterion_and_text():
    for r in RULES.values():
        assert r.criterion in CRITERIA and r.title and r.why and r.fix, r.id


def test_revise_reopens_the_question_then_carries_on_where_the_officer_was(ws):
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("1")
    complete(g, {"harm": "/skip"}, stop_at="guardian")
    assert g.current.id == "guardian"
    turns = g.respond("/revise harm")
    assert g.current.id == "harm" and turns[-1].data.get("question") == "harm"
    g.respond("families and dog walkers, frightened to use the park")
    assert g.current.id == "guardian", "back where the officer was"
    assert g.view().answer("harm").startswith("families") and "harm" not in g.est.skipped
    assert "skipped" not in rules_found(g)
    reopened = ws.open(g.session.id)  # the revision replays
    assert reopened.current.id == "guardian" and reopened.view().answer("harm").startswith("families")


def test_revise_refuses_what_it_cannot_reopen(ws):
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    turn = g.respond("/revise hypothesis")[-1]
    assert turn.kind == "error" and "/check" in turn.text


def test_fixing_two_findings_from_the_check_then_exporting_shows_them_gone(ws):
    g = rushed(ws)
    before = {f.rule for f in check(g.view()).findings}
    assert {"personal_data", "comparison"} <= before
    g.respond("/revise harm")
    g.respond("a resident at the end house can't sleep; families avoid the park")
    g.respond("/revise comparison_area")
    g.respond("Sefton Park")
    assert g.finished
    after = {f.rule for f in check(g.view()).findings}
    assert "personal_data" not in after and "comparison" not in after
    md = ws.render(g, "md")
    summary = md.split("## 1. The problem")[0]
    assert "No comparison area" not in summary and "Personal data" not in summary and "07700" not in md
    assert "No buffer zone" in summary, "what was not fixed stays open"


def test_check_command_line_gives_findings_as_json(ws, capsys):
    g = rushed(ws)
    assert main(["--data-dir", str(ws.store.root), "check", g.session.id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["findings"] and {"criterion", "question", "why", "fix", "finding"} <= set(data["findings"][0])
    assert any(f["question"] == "comparison_area" for f in data["findings"])


def test_check_in_the_conversation_lists_the_findings_with_a_score_table(ws):
    g = rushed(ws)
    turn = g.respond("/check")[-1]
    assert "Plan check:" in turn.text and "| criterion | met | open | source |" in turn.text
    assert "`/revise comparison_area`" in turn.text
    assert len(turn.data["check"]) == len(check(g.view()).findings)


def test_export_informs_but_never_blocks(ws, capsys):
    g = rushed(ws)
    out = ws.store.root / "plan.md"
    assert main(["--data-dir", str(ws.store.root), "export", g.session.id, "-o", str(out)]) == 0
    assert out.exists() and "plan check:" in capsys.readouterr().err


# -- the coach and the check read one rubric ------------------------------------------------
LIB = load_library([])


def trainee(ws, exercise_id: str, description: str, answers: dict):
    g = ws.guide(Session(exercise=exercise_id, trainee="Sam"))
    g.respond(description)
    g.respond("1")
    complete(g, answers)
    return g


def coach_says(g) -> dict:
    report = next(t.data["training_report"] for t in g.transcript if "training_report" in t.data)
    st = report["stages"]
    missed = [m["point"] for s in st.values() for m in s["missed"]]
    traps = [t["trap"] for s in st.values() for t in s["traps"]]
    return {"st": st, "missed": missed, "traps": traps}


PARADE = LIB.exercises["ex-station-parade-youths"]
PARADE_TEXT = "teenagers gathering every evening at the Station Parade shops, swearing at staff and kicking the shutters"


def _parade_numbers(ids):
    s = LIB.scenarios[PARADE.model.scenario]
    order = [r.id for r in s.responses_by_evidence()]
    return " ".join(str(order.index(r) + 1) for r in ids)


AGREEMENT_CASES = [
    ("parade none/none", {"comparison_area": "none", "buffer_area": "none"}),
    ("parade named areas", {"comparison_area": "Moor Road parade", "buffer_area": "Hallcroft Rec and the station footpath"}),
    ("parade enforcement only", {"responses": _parade_numbers(["problem-solving-patrols", "dispersal-direction"]),
                                 "conflicts": "2", "buffer_area": "none"}),
    ("parade conflict kept as it is", {"responses": _parade_numbers(["dispersal-direction", "detached-youth-outreach"]),
                                       "conflicts": "2"}),
    ("parade conflict sequenced", {"responses": _parade_numbers(["dispersal-direction", "detached-youth-outreach"]),
                                   "conflicts": "1"}),
]


@pytest.mark.parametrize("name,answers", AGREEMENT_CASES, ids=[c[0] for c in AGREEMENT_CASES])
def test_the_coach_and_the_check_agree(ws, name, answers):
    g = trainee(ws, PARADE.id, PARADE_TEXT, answers)
    result = check(g.view())
    said = coach_says(g)
    text = " ".join(said["missed"])
    assert ("A comparison area" in text) == (result.passed("comparison") is False), name
    assert ("A buffer zone" in text) == (result.passed("buffer") is False), name
    trap_of = {t.kind: t.trap for t in PARADE.model.traps}
    assert (trap_of["enforcement-only"] in said["traps"]) == (result.passed("enforcement_only") is False), name
    assert (trap_of["displacement"] in said["traps"]) == (result.passed("buffer") is False), name
    conflict_trap = trap_of["conflict"] in said["traps"]
    assert conflict_trap == (result.passed("conflict") is False and {"dispersal-direction", "detached-youth-outreach"}
                             <= set(g.est.picked)), name


def test_station_parade_answered_none_says_so_once_and_consistently(ws):
    g = trainee(ws, PARADE.id, PARADE_TEXT, {"comparison_area": "none", "buffer_area": "none"})
    last = next(t.text for t in g.transcript if t.data.get("feedback") == "assessment")
    assert last.count("buffer") == 1 or last.lower().count("a buffer zone") == 1, last
    assert last.count("A buffer zone") == 1 and last.count("A comparison area") == 1, last
    spotted_part = last.split("You missed:")[0]
    assert "buffer" not in spotted_part.lower() and "comparison" not in spotted_part.lower(), spotted_part


def test_the_coach_credits_only_what_the_trainee_said_and_quotes_it(ws):
    answers = {"guardian": "the shop staff could keep an eye out", "manager": "no idea"}
    g = trainee(ws, PARADE.id, PARADE_TEXT, answers)
    analysis = next(t.text for t in g.transcript if t.data.get("feedback") == "analysis")
    credited = [line for line in analysis.split("\n") if line.startswith("- ✓")]
    assert all("(you said “" in line for line in credited), credited
    assert "camera" not in " ".join(line.split("(you said")[1] for line in credited)


def test_a_point_made_in_the_first_description_is_not_marked_missed(ws):
    description = ("teenagers gathering every evening at the Station Parade shops since the youth club closed, "
                   "they say there is nowhere to go")
    g = trainee(ws, PARADE.id, description, {"offender": "a group of teenagers"})
    analysis = next(t.text for t in g.transcript if t.data.get("feedback") == "analysis")
    missed = analysis.split("You missed:")[-1] if "You missed:" in analysis else ""
    assert "nowhere else to go" not in missed, analysis


def test_a_bare_yes_for_expectation_is_flagged_and_fixed_in_a_text_answer(ws):
    g = ws.guide()
    g.respond("lads on scramblers tearing round the playing fields every evening")
    g.respond("1")
    complete(g, {"frequency": "about 40 incidents since August", "harm": "families and dog walkers",
                 "similarity": "same fields, same evenings", "expectation": "yes"})
    cheers = [f for f in check(g.view()).findings if f.rule == "cheers"]
    assert [f.question for f in cheers] == ["harm"] and "Expectation rests on a bare “yes”" in cheers[0].finding
    g.respond("/revise harm")
    g.respond("families and dog walkers; residents complained to the ward panel")
    assert not [f for f in check(g.view()).findings if f.rule == "cheers"]
    assert "ward panel" in next(c for c in ws.plan(g)["cheers"] if c["name"] == "Expectation")["evidence"]
