"""Fuzzing in the suite, bounded to seconds: whatever a file or a query holds, the readers answer with a problem.

bench/fuzz_bench.py runs the same targets for minutes with 100,000 inputs.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from popguide.library import load_dirs
from popguide.library.yamlsource import YamlFileError, parse_yaml
from popguide.session import Entry, Session
from popguide.store import SessionStore, StoreError

FIXTURES = Path(__file__).parent / "fixtures" / "mini"
FAST = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
TOKENS = ["a", ": ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "!!str ", "!!int ", "!!bool ",
          "!!timestamp ", "!!float ", "!!python/object ", "<<: ", ".inf", ".nan", "2024-02-30", "1e999", "9" * 40,
          "'", '"', "|\n", ">\n", "? ", "#", "---\n", "...\n", "\t", "\x00", "%YAML 1.1\n", "~", "null", "yes"]
yamlish = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
              st.text(max_size=30), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@FAST
@given(yamlish)
def test_the_safe_reader_returns_data_or_one_located_problem(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except YamlFileError as exc:
        assert str(exc).startswith("fuzz.yaml") and "\n" not in str(exc)


SCENARIO = parse_yaml((FIXTURES / "abandoned-trolleys.yaml").read_text())


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


SCENARIO_PATHS = [p for p in _paths(SCENARIO) if p]


def _replace(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@FAST
@given(st.sampled_from(SCENARIO_PATHS), values, yamlish)
def test_the_loader_never_raises_and_names_the_broken_file(tmp_path_factory, path, value, raw):
    root = tmp_path_factory.mktemp("lib")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True)
    (root / "mutated.yaml").write_text(yaml.safe_dump(_replace(SCENARIO, path, value) | {"id": "mutated"}))
    (root / "raw.yaml").write_text(raw)
    lib = load_dirs([root])
    assert "abandoned-trolleys" in lib.scenarios, "a bad file never takes a good one down"
    assert all(issue.file.parent == root for issue in lib.issues)


def _session_data() -> dict:
    s = Session(title="t", participants=[{"name": "A", "agency": "B"}], time_boxes={"scanning": 10},
                entries=[Entry("describe", "trolleys"), Entry("confirm", "1", by="A")],
                notes=[{"text": "n", "stage": "scanning", "by": "A", "at": ""}])
    return s.to_dict()


SESSION = _session_data()
SESSION_PATHS = [p for p in _paths(SESSION) if p and p != ("id",)]


@FAST
@given(st.sampled_from(SESSION_PATHS), values, yamlish)
def test_the_session_reader_lists_reports_or_loads_and_never_raises(tmp_path_factory, path, value, raw):
    store = SessionStore(tmp_path_factory.mktemp("data"))
    store.folder.mkdir(parents=True)
    good = Session(title="good")
    store.save(good)
    mutated = _replace(SESSION, path, value) | {"id": "20260101-000000-aaaa"}
    try:
        text = yaml.safe_dump(mutated, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        text = raw
    (store.folder / "20260101-000000-aaaa.yaml").write_text(text)
    (store.folder / "20260101-000000-bbbb.yaml").write_text(raw)
    sessions, broken = store.list()
    assert good.id in [s.id for s in sessions]
    assert len(sessions) + len(broken) == 3
    for ref in ("20260101-000000-aaaa", "20260101-000000-bbbb"):
        try:
            session = store.load(ref)
        except StoreError as exc:
            assert "\n" not in str(exc)
        else:
            store.save(session)  # what loads can be saved again
            assert store.load(ref).entries == session.entries


@FAST
@given(st.lists(st.text(max_size=200), min_size=1, max_size=3), st.integers(min_value=1, max_value=50))
def test_the_matcher_answers_any_text(texts, top):
    from popguide.matching import Matcher

    matcher = _matcher()
    results = matcher.match(texts, top=top)
    assert len(results) <= top


_MATCHER = []


def _matcher():
    if not _MATCHER:
        from popguide.matching import Matcher

        _MATCHER.append(Matcher(load_dirs([FIXTURES])))
    return _MATCHER[0]
