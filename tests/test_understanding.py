"""The understanding as the guide relies on it: replies at a choice, facts from a long answer,
immediate risk, vague answers, counts, money, dates and actions."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from popguide.understanding import (SIDES, Action, Fact, Intent, check_vocabulary, load_understanding)

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 1)  # a Tuesday
OPTIONS = ["Nuisance off-road bikes and e-scooters", "Youth anti-social behaviour", "Something else"]

LONG_ANSWER = (
    "Right, this has been going on since about Easter. It's three or four lads from the Beechwood estate, "
    "mostly 14 to 16, on two scramblers and a quad. They come in through a gap in the fence by the allotments "
    "and tear round the school field and the rec, usually between 6 and 9pm, worse at weekends and in the "
    "school holidays. One of them nearly hit a lad walking his dog last week. We think they're getting their "
    "fuel from the petrol station on Mill Lane, residents have seen them filling jerry cans there on a Friday. "
    "The bikes are kept in the garage block behind Harrow Close, the end two garages have no doors on. "
    "The school caretaker says he locks the main gate at 6 but the fence by the allotments has been down "
    "for months and nobody's fixed it. I spoke to one of the mums and she says she doesn't know where her son "
    "goes of an evening and can't stop him. The youth worker at the Beechwood centre knows the lads and thinks "
    "they'd go to a motor project if there was one. We've done a few high-vis patrols and handed out two "
    "s59 warnings in August but they just come back the next night. Residents are fed up, there's been about "
    "40 calls on the CAD since August and the council have had complaints about the grass being ripped up. "
    "Honestly, it's every night it's dry."
)


@pytest.fixture(scope="module")
def u():
    return load_understanding()


def sides_of(facts: list[Fact]) -> set[str]:
    return {f.side for f in facts}


# ---- intents -------------------------------------------------------------------------------------

@pytest.mark.parametrize("reply", ["yes", "yeah", "Yep", "yes!", "correct", "that's it", "yeah that's it", "aye"])
def test_yes_like_replies_confirm(u, reply):
    assert u.intent(reply, OPTIONS) == Intent("yes")


def test_numbers_and_ordinals_pick_options(u):
    assert u.intent("1", OPTIONS) == Intent("choice", (0,))
    assert u.intent("the first one", OPTIONS) == Intent("choice", (0,))
    assert u.intent("the second", OPTIONS) == Intent("choice", (1,))
    assert u.intent("2 and 3", OPTIONS, multiple=True) == Intent("choice", (1, 2))
    assert u.intent("1, 3 & 4", ["a", "b", "c", "d"], multiple=True) == Intent("choice", (0, 2, 3))


def test_a_number_beyond_the_options_is_not_a_choice(u):
    assert u.intent("7", OPTIONS).kind == "unclear"


@pytest.mark.parametrize("reply,kind", [
    ("none", "none"), ("neither", "none"), ("none of them", "none"), ("no", "no"), ("nah", "no"),
    ("something else", "something_else"), ("don't know", "dont_know"), ("not sure", "dont_know"),
    ("dunno", "dont_know"),
])
def test_other_replies(u, reply, kind):
    assert u.intent(reply, OPTIONS).kind == kind


def test_an_option_typed_by_its_words(u):
    assert u.intent("youth anti-social", OPTIONS) == Intent("choice", (1,))
    assert u.intent("no, youth anti-social behaviour", OPTIONS) == Intent("choice", (1,))


def test_a_description_is_unclear_so_the_engine_keeps_it_as_description(u):
    assert u.intent("lads on bikes on the field near the school most evenings", OPTIONS).kind == "unclear"


# ---- facts ---------------------------------------------------------------------------------------

def test_facts_are_spans_of_the_answer(u):
    for f in u.facts(LONG_ANSWER):
        assert f.side in SIDES
        assert LONG_ANSWER[f.start:f.end] == f.text
        assert f.text == f.text.strip() and f.text[-1] not in ".,;:!?"


def test_the_long_bikes_answer_fills_the_triangle_and_controllers(u):
    assert len(LONG_ANSWER) == 1268  # as long as the answer in the issue
    facts = u.facts(LONG_ANSWER)
    by = {}
    for f in facts:
        by.setdefault(f.side, []).append(f.text.lower())
    assert {"offender", "place", "time", "manager", "handler"} <= set(by)
    assert any("three or four lads" in t for t in by["offender"])
    assert any("gap in the fence" in t for t in by["place"])
    assert any("garage block" in t for t in by["place"])
    assert any("6 and 9pm" in t for t in by["time"])
    assert any("school holidays" in t for t in by["time"])
    assert any("caretaker" in t for t in by["manager"])
    assert any("petrol station" in t for t in by["manager"])
    assert any("youth worker" in t or "mums" in t for t in by["handler"])
    assert any("s59" in t or "patrols" in t for t in by["tried"])
    assert any("40 calls" in t for t in by["count"])


def test_a_clause_without_a_cue_takes_the_side_asked_about(u):
    facts = u.facts("the bit behind Aldi", question="place")
    assert [f.side for f in facts] == ["place"]
    assert u.facts("mostly the same three", question="offender")[0].side == "offender"


def test_a_count_keeps_its_source(u):
    facts = u.facts("12 reports to the council in 3 months and 6 CADs this week")
    counts = [f.text for f in facts if f.side == "count"]
    assert counts == ["12 reports to the council in 3 months", "6 CADs this week"]



# ---- seen in a walk through the app ----------------------------------------------------------------

def _sides(facts) -> dict[str, list[str]]:
    by: dict[str, list[str]] = {}
    for f in facts:
        by.setdefault(f.side, []).append(f.text)
    return by


def test_staff_being_intimidated_are_victims_not_guardians(u):
    by = _sides(u.facts("Groups of youths gathering around Roe Alley and the nightclubs off Upper Newington in "
                        "the city centre, shouting, fighting and intimidating staff most weekend nights"))
    assert "guardian" not in by
    assert any("staff" in t for t in by["victim"])
    assert not any("fighting" in t for t in by.get("victim", []) + by.get("guardian", []))
    assert any("Groups of youths" in t for t in by["offender"])
    assert any("Roe Alley" in t for t in by["place"])


def test_staff_who_are_threatened_are_victims_and_a_lone_verb_is_no_fact(u):
    facts = u.facts("Bar and door staff who are threatened, and residents of the flats above who lose sleep",
                    question="victim")
    by = _sides(facts)
    assert "guardian" not in by
    assert any("Bar and door staff" in t for t in by["victim"])
    assert any("residents of the flats above" in t for t in by["victim"])
    assert all(len(f.text.split()) > 1 for f in facts)  # never "threatened" alone


@pytest.mark.parametrize("text", ["our burglar alarm keeps going off at night",
                                  "the intruder alarm at the chemist goes off every night"])
def test_an_alarm_named_for_burglars_is_no_offender(u, text):
    by = _sides(u.facts(text))
    assert "offender" not in by
    assert any("alarm" in t for t in by["guardian"])


def test_a_burglar_is_still_an_offender(u):
    by = _sides(u.facts("a burglar got in through the back window"))
    assert any("a burglar" in t for t in by["offender"])


@pytest.mark.parametrize("question", [None, "place"])
def test_same_few_streets_is_a_place(u, question):
    by = _sides(u.facts("Same few streets behind the nightclubs, Friday and Saturday nights after 10pm, the same "
                        "group of about 15 lads", question=question))
    assert any("Same few streets" in t for t in by["place"])
    assert by["offender"] == ["the same group of about 15 lads"]
    assert any("Friday and Saturday nights" in t for t in by["time"])


@pytest.mark.parametrize("question", [None, "victim"])
def test_the_same_few_who_complain_are_not_offenders(u, question):
    facts = u.facts("door staff at the three clubs on Duke Street, and residents of the flats above, the same few "
                    "complain each weekend", question=question)
    by = _sides(facts)
    assert "offender" not in by
    assert any("residents of the flats above" in t for t in by["victim"])
    assert not any(f.text.lower() in ("the same few", "same few") and f.side != "victim" for f in facts)



def test_what_a_business_keeps_as_hours_and_who_did_what_was_tried(u):
    by = _sides(u.facts("The arcades close at 8 and that's when it gets worse. The train company has put extra "
                        "staff on the late trains."))
    assert any("arcades" in t for t in by["manager"])
    assert any("train company" in t for t in by["manager"])
    assert any("has put extra" in t for t in by["tried"])


@pytest.mark.parametrize("text", [
    "There's a toddler wandering on his own along the dual carriageway.",
    "A lad is sat on the edge of the car park roof with his legs over and won't talk to anyone.",
    "He's got his hands round her neck, I can see them through the window.",
])
def test_a_danger_happening_now_fires_in_other_words(u, text):
    assert u.immediate_risk(text) is not None


@pytest.mark.parametrize("text", [
    "Young people said in the survey that they'd be worried about being beaten up in the underpass.",
    "Lads carry knives because they're scared, the youth service told us in the workshop.",
])
def test_what_people_say_in_general_does_not_fire(u, text):
    assert u.immediate_risk(text) is None


def test_what_someone_owns_is_one_fact_with_the_owned_thing_as_its_head(u):
    facts = u.facts("they keep getting into a vulnerable man's flat on Ash Grove")
    assert [(f.side, f.text) for f in facts] == [("place", "a vulnerable man's flat on Ash Grove")]


# ---- immediate risk ------------------------------------------------------------------------------

def test_footbridge_threat_fires_and_names_the_routes(u):
    risk = u.immediate_risk("A man keeps threatening to jump from the footbridge over the bypass, 20 calls this month")
    assert risk is not None
    assert "suicide-self-harm" in risk.kinds
    assert "nhs-mental-health" in risk.routes
    assert "threatening to jump" in risk.cue


@pytest.mark.parametrize("text", [
    "a lonely older man rings 999 most nights to chat",
    "she self-harmed years ago but is doing well now",
    "a vulnerable adult who gets confused and rings the station",
    "no weapons have been seen and nobody has been threatened",
])
def test_historic_or_general_vulnerability_does_not_fire(u, text):
    assert u.immediate_risk(text) is None


def test_a_missing_child_at_risk_fires(u):
    risk = u.immediate_risk("Her 14-year-old daughter hasn't come home and was last seen getting into a car")
    assert risk is not None and "missing-child" in risk.kinds and "childrens-social-care" in risk.routes


def test_a_child_driven_off_by_older_men_fires_as_exploitation_with_social_care(u):
    risk = u.immediate_risk("14yo from the looked after team has just been picked up from the school gates by the older "
                            "lads in a black Audi, carer watched them drive off")
    assert risk is not None and "child-exploitation-now" in risk.kinds
    assert {"childrens-social-care", "police"} <= set(risk.routes) and "adult-social-care" not in risk.routes


def test_a_child_picked_up_with_no_adult_named_does_not_fire_as_exploitation(u):
    risk = u.immediate_risk("The 14yo was picked up from the school gates by her mum and they drove off home")
    assert risk is None or "child-exploitation-now" not in risk.kinds


@pytest.mark.parametrize("text", [
    "Elderly gent gone a grey colour at the bus stop, hardly breathing, someone is doing chest compressions",
    "Kid has gone through the ice on the boating lake, his mates can still see his head",
    "Motorist says a drunk male is lying across both lanes on the blind bend",
    "Care home report Mrs H, dementia, went out the fire door in her slippers an hour ago and staff can't find her",
])
def test_a_body_failing_a_person_in_water_or_the_road_or_a_confused_adult_missing_fires(u, text):
    assert u.immediate_risk(text) is not None


@pytest.mark.parametrize("text", [
    "The elderly gent who collapsed at the bus stop had CPR and is now in hospital and stable",
    "The 6-year-old who went missing from the soft play was found safe ten minutes later",
    "Housing are fitting window and door restrictors in the high rises",
    "Youths carrying zombie knives was raised at the PACT meeting",
    "The stalking victim says he hasn't been near her house since the injunction",
])
def test_a_danger_that_is_over_or_a_word_in_another_sense_does_not_fire(u, text):
    assert u.immediate_risk(text) is None


# ---- vague answers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["loads", "loads, most nights", "a fair bit", "not sure", "don't know"])
def test_vague_counts(u, text):
    assert u.vague(text, "count")


@pytest.mark.parametrize("text", ["about 40", "40ish calls since August", "a dozen", "12 reports in 3 months"])
def test_counts_with_a_number_are_not_vague(u, text):
    assert not u.vague(text, "count")


def test_vague_place_and_time(u):
    assert u.vague("round here", "place") and u.vague("all over", "place")
    assert not u.vague("the gap in the fence by the allotments", "place")
    assert not u.vague("round the shops", "place") and not u.vague("Mill Lane", "place")
    assert u.vague("whenever", "time") and u.vague("all the time", "time")
    assert not u.vague("6 to 9pm at weekends", "time")


# ---- counts, money, dates, actions ---------------------------------------------------------------

@pytest.mark.parametrize("text,value,approx", [
    ("about 40", 40, True), ("30-odd", 30, True), ("a dozen", 12, False), ("forty", 40, False),
    ("6 CADs this week", 6, False), ("twenty-five calls", 25, False), ("1,200 incidents", 1200, False),
])
def test_counts_as_people_write_them(u, text, value, approx):
    counts = u.counts(text)
    assert counts and counts[0].value == value and counts[0].approximate is approx


def test_count_source_and_period(u):
    c = u.counts("12 reports to the council in 3 months")[0]
    assert (c.value, c.approximate, c.source, c.period) == (12, False, "reports to the council", "3 months")
    assert c.text == "12 reports to the council in 3 months"
    c = u.counts("6 CADs this week")[0]
    assert (c.value, c.source, c.period) == (6, "CADs", "this week")


def test_unreadable_counts_give_nothing(u):
    assert u.counts("loads") == [] and u.counts("not sure") == []


def test_money_adds_every_amount(u):
    assert u.money_total("£6,000 barriers and £1,500 youth service") == 7500.0
    assert u.money_total("£2.5k") == 2500.0
    assert u.money_total("3,000 pounds") == 3000.0
    assert u.money_total("a fair bit") is None


@pytest.mark.parametrize("text,expected", [
    ("by end of Jan", date(2027, 1, 31)), ("next Friday", date(2026, 12, 4)), ("in 6 weeks", date(2027, 1, 12)),
    ("15/02", date(2027, 2, 15)), ("2027-03-01", date(2027, 3, 1)), ("1/3/2027", date(2027, 3, 1)),
    ("12 weeks", date(2027, 2, 23)), ("1 March", date(2027, 3, 1)), ("sometime soon", None),
])
def test_dates_relative_to_today(u, text, expected):
    assert u.date(text, TODAY) == expected


def test_a_past_date_with_a_year_stays_in_the_past_so_the_engine_can_question_it(u):
    assert u.date("1/3/2025", TODAY) == date(2025, 3, 1)


def test_actions_split_and_read(u):
    acts = u.actions("Housing: fix the fence by 15/02; PC Smith to visit the caretaker next Friday\n"
                     "council parks team by end of Jan", TODAY)
    assert [a.who for a in acts] == ["Housing", "PC Smith", "council parks team"]
    assert acts[0].what == "fix the fence" and acts[0].by == date(2027, 2, 15)
    assert acts[1].what == "visit the caretaker" and acts[1].by == date(2026, 12, 4)
    assert acts[2].by == date(2027, 1, 31)


def test_an_undated_action_has_no_date(u):
    [a] = u.actions("PCSO Jones to leaflet the Beechwood estate", TODAY)
    assert a == Action("PCSO Jones", "leaflet the Beechwood estate", None, "", "PCSO Jones to leaflet the Beechwood estate")


# ---- vocabulary data -----------------------------------------------------------------------------

def test_builtin_vocabulary_is_sound():
    assert check_vocabulary(ROOT / "popguide" / "understanding" / "vocabulary.yaml") == []


def test_a_force_adds_words(tmp_path):
    (tmp_path / "understanding.yaml").write_text("sides:\n  manager:\n    - harbour master\n", encoding="utf-8")
    plain = load_understanding()
    force = load_understanding([tmp_path])
    text = "the harbour master"
    assert "manager" not in sides_of(plain.facts(text))
    assert "manager" in sides_of(force.facts(text))


def test_a_bad_vocabulary_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "understanding.yaml"
    path.write_text("sides:\n  manager: harbour master\n  villain:\n    - pirates\nrisk:\n  kinds:\n"
                    "    weapon:\n      routes: [Police Force]\n", encoding="utf-8")
    problems = check_vocabulary(path)
    assert f"{path}:2: sides.manager: must be a list of words" in problems
    assert any(p.startswith(f"{path}:3: sides.villain: unknown side") for p in problems)
    assert any(p.startswith(f"{path}:8: risk.kinds.weapon.routes: 'Police Force' is not a partner id") for p in problems)
    # and a broken overlay is not applied
    assert "manager" not in sides_of(load_understanding([tmp_path]).facts("harbour master"))


def test_a_risk_kind_may_need_a_second_context_and_an_unknown_field_is_named(tmp_path):
    path = tmp_path / "understanding.yaml"
    path.write_text("risk:\n  kinds:\n    dog-attack-now:\n      routes: [police]\n      weak: [got hold of]\n"
                    "      context: [dog, dogs]\n      also_context: [child, kid]\n      colour: red\n", encoding="utf-8")
    problems = check_vocabulary(path)
    assert len(problems) == 1 and "risk.kinds.dog-attack-now.colour: unknown field" in problems[0]
    assert "also_context" in problems[0]
    path.write_text(path.read_text(encoding="utf-8").replace("      colour: red\n", ""), encoding="utf-8")
    assert check_vocabulary(path) == []
    force = load_understanding([tmp_path])
    assert "dog-attack-now" in force.immediate_risk("a dog has got hold of a kid on the field right now").kinds
    risk = force.immediate_risk("a dog has got hold of the lead on the field right now")
    assert risk is None or "dog-attack-now" not in risk.kinds


def test_risk_routes_are_partners_of_the_library():
    from popguide.library import load_library
    from popguide.understanding.vocabulary import load_vocabulary
    lib = load_library()
    partners = set(lib.partners.partners) if hasattr(lib.partners, "partners") else set(lib.partners)
    vocab = load_vocabulary()
    for kind in vocab.section("risk", "kinds"):
        for route in vocab.risk_routes(kind):
            assert route in partners, (kind, route)


def test_understanding_imports_no_textual_and_no_dateutil_until_needed():
    code = ("import sys, popguide.understanding as m; u = m.load_understanding(); u.facts('lads on the field');"
            "assert 'textual' not in sys.modules; assert 'dateutil' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "ok", out.stderr


def test_the_scenario_questions_as_hints_add_cues(u):
    text = "the lollipop lady sees them most mornings"
    assert "guardian" not in sides_of(u.facts(text))
    hinted = u.facts(text, hints=["guardian: Who watches the crossing (lollipop lady, crossing patrol, staff)?"])
    assert any(f.side == "guardian" and "lollipop lady" in f.text for f in hinted)


def test_a_dont_know_is_not_filed_as_a_fact(u):
    assert u.facts("don't know yet", question="offender") == []
    assert u.facts("whenever really", question="time") == []


def test_what_was_tried_keeps_its_own_dates(u):
    facts = u.facts("we did a leaflet drop in March and handed out 3 CPWs", question="tried")
    assert [f.side for f in facts] == ["tried"]


def test_a_threat_made_inside_a_condition_still_counts_but_a_fear_does_not(u):
    assert u.immediate_risk("He's on the bridge parapet saying he's going to jump if anyone comes near") is not None
    assert u.immediate_risk("Residents worry that someone will get stabbed one day") is None


def test_a_request_is_not_something_tried(u):
    assert "tried" not in sides_of(u.facts("The manager has asked for a dispersal order"))


def test_the_command_line_prints_json(tmp_path):
    out = subprocess.run([sys.executable, "-m", "popguide.understanding", "--json", "--question", "count", "loads"],
                         capture_output=True, text=True, cwd=ROOT)
    import json
    data = json.loads(out.stdout)
    assert data["vague"] is True and data["immediate_risk"] is False and data["facts"] == []


def test_words_that_could_be_either_role_follow_what_people_do(u):
    assert "victim" in sides_of(u.facts("kids having to walk in the road past the school"))
    assert "offender" in sides_of(u.facts("kids throwing stones at the buses"))


def test_several_options_by_words_numbers_and_all(u):
    options = ["Block access points", "Fuel station checks", "Diversion project", "Section 59 warnings"]
    assert u.intent("two and four", options, multiple=True) == Intent("choice", (1, 3))
    assert u.intent("all of them", options, multiple=True) == Intent("choice", (0, 1, 2, 3))
    assert u.intent("diversion and fuel", options, multiple=True) == Intent("choice", (2, 1))
    assert u.intent("both", options[:2]) == Intent("choice", (0, 1))
    assert u.intent("nope, something else", options).kind == "something_else"


def test_a_scenario_of_the_library_gives_hints(u):
    from popguide.library import load_library
    from popguide.understanding import scenario_hints
    bikes = load_library().scenarios["off-road-bikes"]
    hints = scenario_hints(bikes)
    assert any(h.startswith("manager: ") and "canal owners" in h for h in hints)
    text = "the canal owners won't put a gate on the towpath"
    assert "manager" not in sides_of(u.facts(text))
    assert any(f.side == "manager" and "canal owners" in f.text for f in u.facts(text, hints=hints))


from hypothesis import given, settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from(["lads", "the", "gap", "in", "fence", "by", "6", "to", "9pm", "£6,000", "and", "30-odd",
                          "calls", "since", "May", ",", ".", ";", "\n", "caretaker", "says", "-", "'", "’s", "x",
                          "knife", "not", "years ago", "15/02", "next", "Friday", "PC", "Smith", ":", "(", ")",
                          "threatening to jump", "2 and 3", "yes", "🙂", "ÉCOLE", "a dozen", "ish", "+", "/"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=40).map(" ".join) | st.text(max_size=200))
def test_any_text_is_read_without_error_and_facts_are_spans(text):
    u = _SHARED
    for f in u.facts(text, question="place"):
        assert text[f.start:f.end] == f.text and f.text.strip() == f.text
    for f in u.facts(text):
        assert text[f.start:f.end] == f.text
    u.intent(text, ["a", "b"], multiple=True)
    u.immediate_risk(text)
    for expects in ("count", "place", "time"):
        u.vague(text, expects)
    u.counts(text)
    u.money_total(text)
    u.date(text, TODAY)
    for a in u.actions(text, TODAY):
        assert a.text


_SHARED = load_understanding()


def test_action_lists_as_officers_type_them(u):
    acts = u.actions("1. Housing to fix the fence by 15/02\n2. PCSO Jones leaflet drop next week\n"
                     "* fuel checks - PC Brown, end of Feb\nI'll speak to the school a week on Friday", TODAY)
    assert [(a.who, a.what) for a in acts] == [("Housing", "fix the fence"), ("PCSO Jones", "leaflet drop"),
                                              ("PC Brown", "fuel checks"), ("I", "speak to the school")]
    assert [a.by for a in acts] == [date(2027, 2, 15), date(2026, 12, 8), date(2027, 2, 28), date(2026, 12, 11)]


def test_a_vague_deadline_is_no_date(u):
    [a] = u.actions("Youth service: motor project taster in half term", TODAY)
    assert a.who == "Youth service" and a.by is None


def test_money_ranges_are_not_guessed(u):
    assert u.money_total("between £5k and £10k") is None
    assert u.money_total("£6,000-£8,000") is None
    assert u.money_total("3 grand for the barriers") == 3000.0


def test_the_labelled_data_is_well_formed():
    import yaml
    bench = ROOT / "bench"
    answers = yaml.safe_load((bench / "labelled_answers.yaml").read_text(encoding="utf-8"))
    assert len(answers) >= 80
    for path in sorted(bench.glob("*answers.yaml")):
        if path.name in ("dev_queries.yaml", "blind_queries.yaml"):
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert item.get("question") in (None, *SIDES), (path.name, item["id"])
            for side, span in item["facts"]:
                assert side in SIDES and span in item["answer"], (path.name, item["id"], span)
    risk = yaml.safe_load((bench / "risk_cases.yaml").read_text(encoding="utf-8"))
    assert len(risk["current"]) >= 30 and len(risk["not_urgent"]) >= 30
    assert all(isinstance(t, str) for t in risk["current"] + risk["not_urgent"])
    assert {c["expects"] for c in risk["follow_ups"]} == {"count", "place", "time"}


def test_what_was_noted_reads_as_one_line(u):
    from popguide.understanding import noted_line
    line = noted_line(u.facts("three or four lads from the Beechwood side come in through the gap in the fence "
                              "by the allotments most evenings"))
    assert line.startswith("offender: three or four lads from the Beechwood side; place: ")
    assert "time: most evenings" in line
    assert noted_line([]) == ""
