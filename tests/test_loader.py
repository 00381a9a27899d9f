"""The loader: authors are told exactly what is wrong, and the rest still loads."""

from __future__ import annotations

import pytest

from popguide.library import load_dirs, load_library
from popguide.library.loader import builtin_library_dir


def issues_text(lib) -> list[str]:
    return [str(i) for i in lib.issues]


def test_clean_fixture_library_loads_without_issues(mini_library):
    lib = load_dirs([mini_library])
    assert lib.issues == []
    assert list(lib.scenarios) == ["abandoned-trolleys"]
    assert lib.partners["council-asb"].name == "Council ASB team"


def test_yaml_syntax_error_names_file_and_line_and_other_files_still_load(mini_library):
    broken = mini_library / "broken-one.yaml"
    broken.write_text("id: broken-one\ntitle: Broken\naliases: [unclosed\nsummary: x\n")
    lib = load_dirs([mini_library])
    [issue] = lib.issues
    assert issue.file == broken
    assert issue.line in (3, 4, 5)
    assert "YAML syntax error" in issue.message
    assert "abandoned-trolleys" in lib.scenarios


def test_wrong_evidence_rating_is_located_on_its_line(mini_library):
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace("{rating: untested, design: guidance", "{rating: brilliant, design: guidance", 1)
    path.write_text(text)
    expected_line = next(n for n, line in enumerate(text.splitlines(), 1) if "brilliant" in line)
    lib = load_dirs([mini_library])
    [issue] = lib.issues
    assert str(issue).startswith(f"{path}:{expected_line}: responses[0].evidence.rating: 'brilliant' is not allowed")
    assert "effective" in issue.expected
    assert "abandoned-trolleys" not in lib.scenarios  # a broken scenario is skipped, not half-loaded


def test_every_problem_in_a_file_is_reported_not_just_the_first(mini_library):
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace("title: Abandoned shopping trolleys\n", "").replace("cost: low", "cost: cheap", 1)
    path.write_text(text + "colour: blue\n")
    fields = {i.field for i in load_dirs([mini_library]).issues}
    assert {"title", "responses[0].cost", "colour"} <= fields


def test_file_name_must_match_id_and_references_must_resolve(mini_library):
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace("lead: council-asb", "lead: parish-council", 1)
    (mini_library / "trolleys.yaml").write_text(text)
    path.write_text(text)
    lib = load_dirs([mini_library])
    messages = issues_text(lib)
    assert any("trolleys.yaml" in m and "does not match the file name" in m for m in messages)
    assert any("abandoned-trolleys.yaml" in m and "responses[0].lead: unknown partner 'parish-council'" in m for m in messages)


def test_conflict_naming_an_unknown_response_is_reported(mini_library):
    path = mini_library / "abandoned-trolleys.yaml"
    path.write_text(path.read_text().replace("[coin-locks, warning-letters]", "[coin-locks, curfew]"))
    [issue] = load_dirs([mini_library]).issues
    assert issue.field == "conflicts[0].responses[1]" and "curfew" in issue.message


def test_overlay_replaces_builtin_scenario_with_same_id(tmp_path):
    builtin = load_library([])
    some_id = sorted(builtin.scenarios)[0]
    source = (builtin_library_dir() / f"{some_id}.yaml").read_text()
    overlay = tmp_path / "force"
    overlay.mkdir()
    title_line = next(line for line in source.splitlines() if line.startswith("title:"))
    (overlay / f"{some_id}.yaml").write_text(source.replace(title_line, "title: Our force's own version"))
    lib = load_library([overlay])
    assert lib.scenarios[some_id].title == "Our force's own version"
    assert lib.scenario_files[some_id] == overlay / f"{some_id}.yaml"
    assert len(lib.scenarios) == len(builtin.scenarios)


def test_environment_variable_adds_overlays(monkeypatch, mini_library):
    monkeypatch.setenv("POPGUIDE_LIBRARY", str(mini_library))
    lib = load_library([])
    assert "abandoned-trolleys" in lib.scenarios
    assert mini_library in lib.roots


def test_missing_overlay_folder_is_reported_not_fatal(tmp_path):
    lib = load_library([tmp_path / "nowhere"])
    assert any("library folder not found" in str(i) for i in lib.issues)
    assert len(lib.scenarios) >= 5


def test_builtin_library_is_clean():
    lib = load_library([])
    assert issues_text(lib) == []


EVIDENCE = "{rating: untested, design: guidance, transplanted: false, country: UK, cites: [{ref: test-guide}]}"


def _rate(mini_library, evidence: str, works: str = "") -> tuple:
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace(EVIDENCE, evidence, 1)
    path.write_text(text)
    if works:
        refs = mini_library / "references.yaml"
        refs.write_text(refs.read_text().replace("law: []", "") + works + "law: []\n")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if evidence in row)
    return path, line, load_dirs([mini_library])


BEFORE_AFTER = """  - {id: test-before-after, authors: Test Force, year: "2021", title: Before and after figures, kind: evaluation,
     design: before-after, country: UK, url: "https://example.invalid/ba", checked: "2026-12-01", checked_against: primary}
"""


def test_before_and_after_study_cannot_make_a_response_promising(mini_library):
    path, line, lib = _rate(mini_library, "{rating: promising, design: before-after, transplanted: false, country: UK, "
                                          "cites: [{ref: test-before-after}]}", BEFORE_AFTER)
    [issue] = lib.issues
    assert str(issue).startswith(f"{path}:{line}: responses[0].evidence.rating: 'promising' cannot rest on before-and-after")
    assert "reported-fall" in issue.expected
    assert "abandoned-trolleys" in lib.scenarios  # shown in the app, but validate fails until it is fixed


def test_a_before_and_after_fall_is_rated_reported_fall_and_sorts_below_mixed(mini_library):
    _, _, lib = _rate(mini_library, "{rating: reported-fall, design: before-after, transplanted: false, country: UK, "
                                    "cites: [{ref: test-before-after}]}", BEFORE_AFTER)
    assert lib.issues == []
    from popguide.library.models import EVIDENCE_ORDER
    assert EVIDENCE_ORDER.index("mixed") < EVIDENCE_ORDER.index("reported-fall") < EVIDENCE_ORDER.index("untested")
    s = lib.scenarios["abandoned-trolleys"]
    assert [r.evidence.rating for r in s.responses_by_evidence()] == ["reported-fall", "untested"]


def test_design_cannot_be_stronger_than_the_cited_work(mini_library):
    path, line, lib = _rate(mini_library, "{rating: promising, design: randomised-trial, transplanted: false, country: UK, "
                                          "cites: [{ref: test-guide}]}")
    [issue] = lib.issues
    assert issue.field == "responses[0].evidence.design" and "stronger than any cited work" in issue.message


def test_transplanted_evidence_cannot_be_effective(mini_library):
    review = BEFORE_AFTER.replace("test-before-after", "test-review").replace("before-after", "systematic-review")
    _, _, lib = _rate(mini_library, "{rating: effective, design: systematic-review, transplanted: true, country: UK, "
                                    "cites: [{ref: test-review}]}", review)
    [issue] = lib.issues
    assert "transplanted" in issue.message


def test_free_text_source_still_loads_but_fails_validation(mini_library):
    path, line, lib = _rate(mini_library, '{rating: untested, design: guidance, transplanted: false, country: UK, '
                                          'source: "Some guide"}')
    assert "abandoned-trolleys" in lib.scenarios
    assert lib.scenarios["abandoned-trolleys"].responses[0].evidence.source == "Some guide"
    assert any(i.field == "responses[0].evidence.cites" and "free-text source only" in i.message for i in lib.issues)


@pytest.mark.parametrize("cites, where, message", [
    ("[{ref: no-such-work}]", "cites[0].ref", "unknown reference 'no-such-work'"),
    # an editing slip (the same cite pasted twice) is reported at the second one
    ("[{ref: test-guide, locator: p.2}, {ref: test-guide, locator: p.2}]", "cites[1].ref", "cites 'test-guide' at 'p.2' twice"),
])
def test_a_bad_cite_is_located(mini_library, cites, where, message):
    path, line, lib = _rate(mini_library, "{rating: untested, design: guidance, transplanted: false, country: UK, "
                                          f"cites: {cites}}}")
    [issue] = lib.issues
    assert str(issue).startswith(f"{path}:{line}: responses[0].evidence.{where}: {message}")


def test_cited_text_is_filled_in_from_the_reference(mini_library):
    lib = load_dirs([mini_library])
    source = lib.scenarios["abandoned-trolleys"].responses[0].evidence.source
    assert source.startswith("Test Body (2020) A test guide.") and "https://example.invalid/guide" in source
    assert lib.scenarios["abandoned-trolleys"].sources == [source]


def test_law_entry_needs_a_legislation_address_and_a_flag_when_commencement_is_unknown(mini_library):
    refs = mini_library / "references.yaml"
    refs.write_text(refs.read_text().replace("law: []", """law:
  - {id: test-act-s1, act: Test Act 2026, section: "1", title: a test power, url: "https://example.invalid/s1",
     in_force: unknown, extent: england-and-wales, checked: "2026-12-01", checked_against: secondary}
"""))
    lib = load_dirs([mini_library])
    fields = sorted(i.field for i in lib.issues)
    assert fields == ["law[0].commencement_unconfirmed", "law[0].url"]
    assert all(str(i).startswith(f"{refs}:") for i in lib.issues)


def test_builtin_library_passes_every_content_rule():
    lib = load_library([])
    assert [str(i) for i in lib.issues] == []


def test_merseyside_example_overlay_passes_every_content_rule():
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "merseyside"
    lib = load_library([example])
    assert [str(i) for i in lib.issues] == []
    assert "merseyside-2021-bonfire-reports" in lib.works  # the overlay's own references are added


PLACES = """places:
- {name: UK, covers: [England, Wales, Scotland, Northern Ireland]}
- {name: England and Wales, covers: [England, Wales]}
- {name: England}
- {name: Wales}
- {name: US}
- {name: international, wide: true}
"""
ENGLAND_WORK = """  - {id: test-england, authors: Test Council, year: "2022", title: An English pilot, kind: evaluation,
     design: case-study, country: England (Kent), url: "https://example.invalid/kent", checked: "2026-12-01", checked_against: primary}
"""


def _with_places(mini_library):
    (mini_library / "places.yaml").write_text(PLACES)
    return mini_library


def test_a_country_wider_than_its_sources_fails_validate_at_the_field(mini_library):
    path, line, lib = _rate(_with_places(mini_library), "{rating: untested, design: case-study, transplanted: false, "
                            "country: UK, cites: [{ref: test-england}]}", ENGLAND_WORK)
    [issue] = lib.issues
    assert str(issue).startswith(f"{path}:{line}: responses[0].evidence.country: 'UK' names Northern Ireland, Scotland, Wales, "
                                 "which no cited source covers")
    assert "England" in issue.expected


def test_a_country_that_leaves_out_the_main_sources_place_fails(mini_library):
    _, _, lib = _rate(_with_places(mini_library), "{rating: untested, design: case-study, transplanted: false, "
                      "country: US, cites: [{ref: test-england}]}", ENGLAND_WORK)
    assert [i.message for i in lib.issues] == [
        "'US' names US, which no cited source covers",
        "'US' names none of the places the main source test-england comes from (England)"]


def test_a_nation_is_named_on_its_own_not_in_brackets_after_the_uk(mini_library):
    _, _, lib = _rate(_with_places(mini_library), "{rating: untested, design: case-study, transplanted: false, "
                      "country: UK (England), cites: [{ref: test-england}]}", ENGLAND_WORK)
    [issue] = lib.issues
    assert issue.message == "'UK (England)' names a wider place than the evidence covers"
    assert issue.expected == "'England' on its own"


def test_a_country_matching_its_sources_with_local_detail_passes(mini_library):
    _, _, lib = _rate(_with_places(mini_library), "{rating: untested, design: case-study, transplanted: false, "
                      "country: England (Kent), cites: [{ref: test-england}]}", ENGLAND_WORK)
    assert lib.issues == []


def test_an_unknown_country_is_reported_and_a_wide_one_is_not_checked(mini_library):
    _, _, lib = _rate(_with_places(mini_library), "{rating: untested, design: case-study, transplanted: false, "
                      "country: Narnia, cites: [{ref: test-england}]}", ENGLAND_WORK)
    assert [i.message for i in lib.issues] == ["'Narnia' names no place in places.yaml"]
    (mini_library / "abandoned-trolleys.yaml").write_text(
        (mini_library / "abandoned-trolleys.yaml").read_text().replace("country: Narnia", "country: international (mostly US)"))
    assert load_dirs([mini_library]).issues == []


def test_an_outside_topic_naming_a_scenario_fails_validate_at_the_word_and_a_good_one_loads(mini_library):
    (mini_library / "outside.yaml").write_text(
        "topics:\n"
        "  - id: it-faults\n"
        "    title: an IT fault\n"
        "    words: [printer, supermarket, password]\n", encoding="utf-8")
    lib = load_dirs([mini_library])
    [issue] = [i for i in lib.issues if "outside.yaml" in str(i)]
    assert str(issue).startswith(f"{mini_library / 'outside.yaml'}:4: topics[0].words[1]: 'supermarket' names scenario "
                                 "abandoned-trolleys")
    assert lib.outside_topics["it-faults"].words == ["printer", "supermarket", "password"]


def test_a_response_naming_a_section_or_resting_on_a_power_must_cite_its_law(mini_library):
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace("what: Letters to people seen taking trolleys.",
                                    "what: Letters to people seen taking trolleys, then a notice under s.43.", 1)
    path.write_text(text)
    lib = load_dirs([mini_library])
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "s.43" in row)
    [issue] = lib.issues
    assert str(issue).startswith(f"{path}:{line}: responses[1].what: names 's.43' but the response cites no law")
    refs = mini_library / "references.yaml"
    refs.write_text(refs.read_text().replace("law: []", """law:
  - {id: test-s43, act: Test Act 2014, section: "43", title: notices, url: "https://www.legislation.gov.uk/ukpga/2014/12/section/43",
     in_force: in-force, extent: england-and-wales, checked: "2026-12-01", checked_against: primary}
"""))
    gloss = mini_library / "glossary.yaml"
    gloss.write_text(gloss.read_text() + """  - id: notice
    term: Test notice
    definition: A written notice.
    who_can_use: Police.
    cites: [{ref: test-s43}]
""")
    path.write_text(text.replace("    approach: enforcement\n", "    approach: enforcement\n    power: notice\n", 1))
    lib = load_dirs([mini_library])
    assert [i.message for i in lib.issues] == ["rests on the power 'notice' but cites none of its law",
                                               "names 's.43' but the response cites no law"]
    assert lib.issues[0].expected == "one of test-s43"


def test_citing_a_repealed_provision_fails_validate_at_the_cite(mini_library):
    refs = mini_library / "references.yaml"
    refs.write_text(refs.read_text().replace("law: []", """law:
  - {id: test-old, act: Test Act 2014, section: "22", title: an old order, url: "https://www.legislation.gov.uk/ukpga/2014/12/section/22",
     in_force: repealed, extent: england-and-wales, checked: "2026-12-01", checked_against: primary}
"""))
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text().replace("cites: [{ref: test-guide}]}\n    cost: low\n    lead: police",
                                    "cites: [{ref: test-guide}, {ref: test-old}]}\n    cost: low\n    lead: police", 1)
    path.write_text(text)
    [issue] = load_dirs([mini_library]).issues
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "test-old" in row)
    assert str(issue) == f"{path}:{line}: responses[1].evidence.cites[1].ref: 'test-old' is repealed (expected the provision in force now)"


def test_a_value_cut_by_a_hashtag_is_named_with_its_line(mini_library):
    """An unquoted "#NoMore" starts a YAML comment: the title would be shown cut short, and validate says where."""
    refs = mini_library / "references.yaml"
    text = refs.read_text()
    work = """  - id: test-hashtag
    authors: Test Council
    year: "2024"
    title: Poster campaign, part of the council's #NoMore campaign
    kind: web
    design: guidance
    country: UK
    url: "https://example.invalid/nomore"
    checked: "2026-12-02"
    checked_against: primary
"""
    refs.write_text(text.replace("law: []", "") + work + "law: []\n")
    line = next(n for n, row in enumerate(refs.read_text().splitlines(), 1) if "#NoMore" in row)
    lib = load_dirs([mini_library])
    assert lib.works["test-hashtag"].title == "Poster campaign, part of the council's"  # what YAML made of it
    [issue] = [i for i in lib.issues if "cut at" in str(i)]
    assert str(issue).startswith(f"{refs}:{line}: title: is cut at ' #'") and "quotes" in issue.expected


def test_two_places_in_one_source_are_two_cites(mini_library):
    path, line, lib = _rate(mini_library, "{rating: untested, design: guidance, transplanted: false, country: UK, "
                                          "cites: [{ref: test-guide, locator: p.2}, {ref: test-guide, locator: p.9}]}")
    assert lib.issues == []
