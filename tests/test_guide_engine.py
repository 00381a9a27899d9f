"""The conversation engine, driven with no UI: each stage, back/skip, conflicts, commands."""

from __future__ import annotations

from datetime import date

import pytest

from popguide.guide.plan import build_plan

from popguide.session import Session
from popguide.workspace import Workspace

from conftest import complete

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def shared_ws(tmp_path_factory):
    return Workspace(data_dir=tmp_path_factory.mktemp("data"))


def new_guide(ws):
    g = ws.guide(Session())
    g._today = lambda: TODAY
    return g


def answer_all(g, answers):
    for a in answers:
        g.respond(a)
    return g


def current_id(g):
    return g.current.id if g.current else None


SCRAMBLERS = "lads on scramblers tearing round the playing fields every evening, residents ringing in"


def scanning_answers():
    return [SCRAMBLERS, "1", "families and dog walkers", "about 40 calls since August on the CAD", "yes",
            "same fields, same evenings", "yes", "2"]


def analysis_answers():
    return ["dog walkers", "about 8 riders aged 15-19", "gaps in the fence by the railway", "nobody watching",
            "parents unaware", "council parks own the land", "1 2", "easy access through the broken fence"]


def test_scanning_matches_confirms_and_walks_cheers(shared_ws):
    g = new_guide(shared_ws)
    first = g.start()[-1]
    assert first.kind == "question" and "Describe it in your own words" in first.text and first.why
    turns = g.respond(SCRAMBLERS)
    matches = next(t for t in turns if t.kind == "matches")
    assert matches.data["matches"][0]["id"] == "off-road-bikes"
    assert "score" in matches.text and "matched" in matches.text
    g.respond("1")
    assert g.scenario.id == "off-road-bikes"
    answer_all(g, scanning_answers()[2:7])
    cheers = [t for t in g.transcript if "CHEERS" in t.text and t.role == "assistant"][-1]
    assert "passes all six" in cheers.text
    g.respond("2")
    assert g.current.stage == "analysis"


def test_one_off_incident_is_told_plainly_it_may_not_suit_problem_solving(shared_ws):
    g = new_guide(shared_ws)
    turns = []
    for a in [SCRAMBLERS, "1", "one family", "it happened once", "no"]:
        turns += g.respond(a)
    warning = next(t for t in turns if t.kind == "warning")
    assert "recurring" in warning.text and "one-off incident" in warning.text and "investigation" in warning.text


def test_description_with_no_match_asks_for_more_then_matches_the_pooled_answers(shared_ws):
    g = new_guide(shared_ws)
    g.respond("there's a flat on our estate we're worried about")
    assert current_id(g) == "confirm"
    g.respond("a man with learning difficulties, dealers have moved in and use it to sell from")
    assert g.est.matches and g.est.matches[0].id == "cuckooing"
    assert len(g.est.descriptions) == 2
    g.respond("1")
    assert g.scenario.id == "cuckooing"


def test_a_second_problem_is_named_once_as_a_second_problem_not_also_as_a_close_match(shared_ws):
    g = new_guide(shared_ws)
    turns = g.respond("drinkers on the bench outside the co-op every day, begging off shoppers too")
    text = next(t for t in turns if t.kind == "matches").text
    assert "Street drinking" in text.split("\n\n")[0]
    assert "This also looks like **Begging and rough sleeping**" in text
    assert text.count("Begging and rough sleeping") == 2  # the second-problem line and the numbered option
    assert "Also close: *Begging" not in text


def test_analysis_uses_the_scenarios_own_questions_then_data_and_hypothesis(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers())
    q = g.current
    assert q.id == "victim"
    assert g.scenario.analysis.victim[0] in q.prompt
    answer_all(g, analysis_answers()[:6])
    assert g.current.id == "data" and g.scenario.analysis.data_sources[0] in g.current.prompt
    g.respond("1 2 and our own CAD data")
    assert g.est.data_sources[:2] == g.scenario.analysis.data_sources[:2]
    assert g.est.data_sources[2] == "our own CAD data"
    assert g.current.id == "hypothesis" and g.scenario.analysis.causes[0] in g.current.prompt


def test_responses_are_listed_strongest_evidence_first_with_sources(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers() + analysis_answers())
    turn = g.transcript[-1]
    assert turn.kind == "responses"
    ordered = g.scenario.responses_by_evidence()
    from popguide.library.models import EVIDENCE_ORDER
    ranks = list(EVIDENCE_ORDER)
    assert [ranks.index(r.evidence.rating) for r in ordered] == sorted(ranks.index(r.evidence.rating) for r in ordered)
    assert ordered[0].title in turn.text and ordered[0].evidence.rating in turn.text
    source = g.respond("/source 1")[-1]
    assert source.kind == "help" and ordered[0].evidence.source in source.text, "the source is one command away"
    assert g.current.id == "responses", "looking at a source does not move the conversation on"


def test_conflicting_picks_are_flagged_with_the_reason_and_can_be_resolved(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers() + analysis_answers())
    s = g.scenario
    conflict = s.conflicts[0]
    order = [r.id for r in s.responses_by_evidence()]
    picks = " ".join(str(order.index(rid) + 1) for rid in conflict.responses)
    turns = g.respond(picks)
    warning = next(t for t in turns if t.kind == "warning")
    assert "Conflict" in warning.text and conflict.reason.split(".")[0] in warning.text
    assert any(t.data.get("partners") for t in turns), "partners are suggested with the responses"
    assert g.current.id == "conflicts"
    g.respond("3")  # drop the second one
    assert conflict.responses[1] not in g.est.picked
    assert g.current.id == f"actions:{conflict.responses[0]}"


def test_whole_session_to_assessment_and_review_date(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers() + analysis_answers())
    complete(g, {"measures": "1 5", "baseline": "40, 100, 30"}, stop_at="review")
    baseline_question = next(t for t in g.transcript if t.data.get("question") == "baseline")
    assert "Give 3 numbers, in this order: target (Croxteth Park playing fields), comparison (Sefton Park)" in baseline_question.text
    g.respond("12 weeks")
    assert g.finished
    assert g.session.review_date == "2027-02-17"
    assert g.session.stage == "done"
    assert "after_counts" not in [q.id for q in g._sequence()], "review questions wait for the review date"
    plan = build_plan(g.view())
    assert plan["complete"] and len(plan["responses"]) == 2
    assert plan["baseline"] == ("target (Croxteth Park playing fields): 40; comparison (Sefton Park): 100; "
                                "buffer (streets within 500 m): 30"), "each baseline figure is labelled with its area"
    assert plan["measures"][0] == g.scenario.assessment.outcome_measures[0]


def test_back_reopens_the_previous_question_with_its_answer(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers()[:3])
    assert current_id(g) == "frequency"
    turns = g.respond("/back")
    assert current_id(g) == "harm"
    assert turns[1].data["prefill"] == "families and dog walkers"
    assert len(g.session.entries) == 2


def test_skip_moves_on_and_is_remembered(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers()[:2])
    g.respond("/skip")
    assert current_id(g) == "frequency"
    assert "harm" in g.est.skipped
    assert g.session.entries[-1].text == "/skip"


def test_invalid_answers_are_explained_and_not_recorded(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers()[:4])
    entries = len(g.session.entries)
    turns = g.respond("maybe")
    assert turns[-1].kind == "error" and "yes" in turns[-1].text
    assert len(g.session.entries) == entries and current_id(g) == "recurring"
    assert g.respond("")[-1].kind == "error"


def test_help_why_scenario_and_unknown_commands(shared_ws):
    g = new_guide(shared_ws)
    help_text = g.respond("/help")[-1].text
    for command in ("/back", "/skip", "/help", "/scenario", "/why", "/save", "/export"):
        assert command in help_text
    cheers = g.respond("/help cheers")[-1]
    assert cheers.kind == "help" and "CHEERS" in cheers.text
    assert "Why we ask" in g.respond("/why")[-1].text
    assert g.respond("/frobnicate")[-1].kind == "error"
    g.respond("/scenario youth-asb")
    assert g.scenario.id == "youth-asb"
    assert current_id(g) == "describe"  # the description is still wanted for the problem statement
    g.respond("teenagers hanging about outside the shops")
    assert current_id(g) == "harm" and g.scenario.id == "youth-asb"


def test_unknown_scenario_suggests_close_ids(shared_ws):
    g = new_guide(shared_ws)
    turn = g.respond("/scenario cuckoo")[-1]
    assert turn.kind == "error" and "`cuckooing`" in turn.text


def test_personal_data_is_flagged_when_typed(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers()[:2])
    turns = g.respond("the caller, 07700 900123, lives at 12 Acacia Avenue, Liverpool L4 0TH")
    warning = next(t for t in turns if t.kind == "warning")
    assert "personal data" in warning.text and "phone number" in warning.text


def test_replaying_a_saved_session_rebuilds_the_same_conversation(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers() + analysis_answers()[:3])
    again = shared_ws.open(g.session.id)
    assert [t.text for t in again.transcript] == [t.text for t in g.transcript]
    assert again.current.id == g.current.id == "guardian"


def test_each_answer_is_saved_immediately(shared_ws):
    g = new_guide(shared_ws)
    g.respond(SCRAMBLERS)
    saved = shared_ws.store.load(g.session.id)
    assert saved.entries[0].text == SCRAMBLERS
    assert saved.title.startswith("lads on scramblers")


def test_a_chosen_option_is_kept_as_its_words_not_its_number(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers())
    assert build_plan(g.view())["goal"] == "Reduce how often it happens"


def test_a_very_long_answer_is_kept_in_part_and_the_user_is_told(shared_ws):
    g = answer_all(new_guide(shared_ws), scanning_answers()[:2])
    turns = g.respond("word " * 5000)
    assert any(t.kind == "warning" and "very long" in t.text for t in turns)
    assert len(g.session.entries[-1].text) == 8000
