"""The matcher recognises problems from people's own words and abstains on the rest."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from popguide.library import load_dirs, load_library
from popguide.matching import Matcher, fold


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_library([]))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kids on motorbikes with no plates racing round the rec all evening", "off-road-bikes"),
        ("gang of teenagers hanging round the chippy every night giving cheek to the staff", "youth-asb"),
        ("three houses on the same close had the patio doors jemmied this fortnight", "residential-burglary"),
        ("vulnerable woman with learning disabilities, dealers have taken over her flat", "cuckooing"),
        ("same man detained under s136 four times this month, crisis team never available", "mental-health-demand"),
        ("15 year old girl keeps going missing from her childrens home, comes back with new phones", "missing-from-care"),
        ("someone cut the catalytic converter off my Prius overnight", "vehicle-crime"),
        ("lads setting wheelie bins alight behind the shops most nights", "deliberate-fires"),
    ],
)
def test_expected_scenario_ranks_first(matcher, text, expected):
    matches = matcher.match(text)
    assert matches, f"no match for {text!r}"
    assert matches[0].id == expected, [(m.id, m.score) for m in matches]


@pytest.mark.parametrize(
    "text",
    ["the kettle in the parade room is broken", "how do I change my shift pattern", "lovely weather today", "", "???", "ok"],
)
def test_abstains_on_out_of_scope_text(matcher, text):
    assert matcher.match(text) == []


def test_match_explains_itself_with_the_users_words(matcher):
    [best, *_] = matcher.match("scramblers doing wheelies on the playing fields")
    assert best.id == "off-road-bikes"
    assert 0 < best.score <= 100
    assert any("scrambler" in w for w in best.why)


def test_session_answers_pool_into_one_ranking(matcher):
    answers = [
        "a man keeps getting visitors at all hours",  # vague on its own
        "his flat on the estate, mostly late at night",
        "he has learning difficulties and seems scared of them",
        "young lads from out of town, seen with cash and phones",
    ]
    pooled = matcher.match(answers)
    assert pooled and pooled[0].id == "cuckooing"


def test_pooled_answers_beat_any_single_answer(matcher):
    answers = ["residents fed up with the state of the alley", "bags of rubbish and an old mattress dumped", "a white van seen unloading at night"]
    assert matcher.match(answers)[0].id == "fly-tipping"


def test_synonyms_and_typos_are_understood(matcher):
    assert matcher.match("TFMV in the multi storey")[0].id == "vehicle-crime"
    assert matcher.match("burglarys on the same street")[0].id == "residential-burglary"


def test_library_synonyms_come_from_data_not_code(mini_library):
    m = Matcher(load_dirs([mini_library]))
    assert m.match("shopping carts left in the brook")[0].id == "abandoned-trolleys"
    assert m.norm.terms("some bloke") == []  # stop word from the fixture's synonyms.yaml


def test_search_finds_responses_partners_and_terms_by_name(matcher):
    kinds = {h.kind for h in matcher.search("community protection notice", limit=20)}
    assert "term" in kinds
    partner_hits = matcher.search("Victim Support", kinds=["partner"])
    assert partner_hits and partner_hits[0].id == "victim-support"
    assert matcher.search("") == []


def test_fold_strips_case_accents_and_punctuation():
    assert fold("Café—DON'T  stop!!") == "cafe dont stop"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_never_raises_and_is_fast(matcher, text):
    start = time.perf_counter()
    result = matcher.match(text)
    assert time.perf_counter() - start < 1.0
    assert all(0 <= m.score <= 100 for m in result)


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x02\x1b[31m", "🚲🛴🔥" * 50, "burglary " * 120_000, "a" * 1_000_000],
)
def test_hostile_text_never_raises_and_returns_within_a_second(matcher, text):
    start = time.perf_counter()
    matcher.match(text)
    assert time.perf_counter() - start < 1.0
