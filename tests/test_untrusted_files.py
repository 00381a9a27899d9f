"""Files popguide did not write: one bad file is one FILE:LINE line, the file is skipped, everything else works."""

from __future__ import annotations

import pytest

from popguide.cli import main
from popguide.library import load_dirs
from popguide.library import yamlsource
from popguide.library.yamlsource import YamlFileError, parse_yaml, read_yaml
from popguide.session import Session
from popguide.store import SessionStore

@pytest.fixture(autouse=True)
def no_answers(monkeypatch):
    """`guide --answers -` reads an empty list from standard input."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))


BAD_VALUES = {
    "an impossible date": ("title: 2024-02-30\n", 1, "cannot be read as a date"),
    "a bool that is not one": ("id: x\nlead: !!bool maybe\n", 2, "true or false"),
    "a timestamp that is not one": ("id: x\n\nwhen: !!timestamp nope\n", 3, "cannot be read as a date"),
    "a 4,301-digit integer": ("id: x\ncount: " + "9" * 4301 + "\n", 2, "digits"),
    "infinity": ("id: x\ncost: .inf\n", 2, "not a finite number"),
    "NaN": ("id: x\ncost: .NaN\n", 2, "not a finite number"),
    "an overflowing float": ("id: x\ncost: 1.0e+999\n", 2, "not a finite number"),
    "an alias": ("a: &x [1, 2]\nb: *x\n", 1, "alias"),
    "a merge key": ("a: &x {k: 1}\nb:\n  <<: *x\n", None, "alias"),
    "deep nesting": ("a: " + "[" * 600 + "]" * 600 + "\n", 1, "nested"),
    "a python tag": ("a: !!python/object/apply:os.system [ls]\n", 1, "not allowed"),
    "binary": ("a: !!binary aGk=\n", 1, "not allowed"),
    "a NUL byte": ("a: b\nc: \x00\n", 2, "not allowed"),
    "a key given twice": ("id: x\nnote: first\ntitle: t\nnote: second\n", 4, "appears twice here (first at line 2)"),
}


@pytest.mark.parametrize("name", BAD_VALUES)
def test_every_kind_of_bad_value_is_one_located_problem(name):
    text, line, words = BAD_VALUES[name]
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, "f.yaml")
    assert words in caught.value.message
    if line:
        assert caught.value.line == line and str(caught.value).startswith(f"f.yaml:{line}: ")


def test_a_billion_laughs_file_is_refused_before_it_grows():
    text = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(9))
    assert len(text) < 600
    with pytest.raises(YamlFileError, match="alias"):
        parse_yaml(text, "laughs.yaml")


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(YamlFileError, match="too large"):
        read_yaml(path, max_bytes=1000)


@pytest.mark.parametrize("name", ["an impossible date", "a bool that is not one", "a 4,301-digit integer", "an alias"])
def test_an_overlay_scenario_with_a_bad_value_is_skipped_and_every_command_still_works(name, tmp_path, capsys):
    text, _, words = BAD_VALUES[name]
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "x.yaml").write_text(text)
    assert main(["validate", str(overlay)]) == 1
    out = capsys.readouterr().out
    assert f"{overlay / 'x.yaml'}:" in out and words in out and "Traceback" not in out
    for argv in (["scenarios", "--json"], ["match", "trolleys in the brook"]):
        assert main(["--library", str(overlay), *argv]) == 0
        captured = capsys.readouterr()
        assert "x.yaml" in captured.err and "file skipped" in captured.err
    assert main(["--library", str(overlay), "guide", "--answers", "-"]) in (0, 2)


def test_the_line_map_is_built_once_per_file_however_many_problems_it_has(mini_library, monkeypatch):
    path = mini_library / "abandoned-trolleys.yaml"
    text = path.read_text()
    text = text.replace("keywords: [trolley, supermarket]\n", "keywords:\n" + "  -\n" * 2000, 1)
    path.write_text(text)
    parses = []
    real = yamlsource._Constructor

    class Counting(real):
        def __init__(self, stream):
            parses.append(1)
            super().__init__(stream)

    monkeypatch.setattr(yamlsource, "_Constructor", Counting)
    monkeypatch.setattr(yamlsource, "_BaseLoader", Counting)
    yamlsource._NODES.clear()
    lib = load_dirs([mini_library])
    problems = [i for i in lib.issues if i.file == path]
    assert len(problems) >= 2000
    first = text.splitlines().index("keywords:") + 2
    assert problems[0].line == first and problems[1999].line == first + 1999
    assert len(parses) <= len(list(mini_library.glob("*.yaml"))) + 1, "each file is parsed once, not once per problem"


# -- session files ------------------------------------------------------------------------------
BAD_SESSIONS = {
    "created: 2024-02-30": "created: 2024-02-30\n",
    "time_boxes: [1]": "time_boxes: [1]\n",
    "schema_version: .inf": "schema_version: .inf\n",
    "schema_version from the future": "schema_version: 99\n",
    "notes nested 600 deep": "notes: " + "[" * 600 + "]" * 600 + "\n",
    "a 400-digit count": "review_date: " + "4" * 400 + "\n",
    "an alias in the title": "title: &t hello\nstage: *t\n",
    "an entry that is a mapping": "entries:\n  - {question: describe, text: {a: 1}}\n",
    "an id that climbs out": None,
}


def _bad_session(store: SessionStore, name: str) -> str:
    good = Session(title="Broken later")
    path = store.save(good)
    text = path.read_text()
    if BAD_SESSIONS[name] is None:
        text = text.replace(f"id: {good.id}", "id: ../../outside/owned")
    else:
        text = "\n".join(line for line in text.splitlines()
                         if not line.startswith(BAD_SESSIONS[name].split(":")[0] + ":")) + "\n" + BAD_SESSIONS[name]
    path.write_text(text)
    return good.id


@pytest.mark.parametrize("name", BAD_SESSIONS)
def test_one_broken_session_file_is_named_and_every_other_command_works(name, tmp_path, capsys):
    store = SessionStore(tmp_path)
    ok = Session(title="Still fine")
    store.save(ok)
    bad_id = _bad_session(store, name)
    bad_path = store.path_for(bad_id)
    before = bad_path.read_bytes()
    assert main(["--data-dir", str(tmp_path), "sessions"]) == 0
    captured = capsys.readouterr()
    assert "Still fine" in captured.out and bad_path.name in captured.err and "Traceback" not in captured.err
    for argv in (["export", ok.id], ["cases"], ["stats"], ["sessions", "--json"]):
        assert main(["--data-dir", str(tmp_path), *argv]) == 0, argv
    capsys.readouterr()
    for argv in (["export", bad_id], ["guide", "--answers", "-", "--resume", bad_id], ["rename", bad_id, "New"]):
        assert main(["--data-dir", str(tmp_path), *argv]) == 1
        err = capsys.readouterr().err
        assert str(bad_path) in err and len(err.strip().splitlines()) == 1
    assert bad_path.read_bytes() == before, "a broken file is never written to"
    assert not (tmp_path.parent / "outside").exists()


def test_a_session_whose_id_climbs_out_of_the_folder_is_never_written_outside(tmp_path, capsys):
    data = tmp_path / "a" / "b" / "data"
    store = SessionStore(data)
    s = Session(title="x")
    path = store.save(s)
    path.write_text(path.read_text().replace(f"id: {s.id}", "id: ../../outside/owned"))
    for argv in (["guide", "--answers", "-", "--resume", str(path)], ["rename", str(path), "New"], ["export", str(path)]):
        assert main(["--data-dir", str(data), *argv]) == 1
        assert "is not a session id" in capsys.readouterr().err
    assert not list(tmp_path.rglob("owned*")) and not (data.parent.parent / "outside").exists()


@pytest.mark.parametrize("ref", ["a" * 300, "/etc/x", "../../etc/passwd", "x/../../y", "-rf"])
def test_export_of_an_odd_reference_is_one_line(ref, tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "export", "--", ref] if ref.startswith("-") else
                ["--data-dir", str(tmp_path), "export", ref]) in (1, 2)
    err = capsys.readouterr().err.strip()
    assert err.startswith("popguide: error:") and "\n" not in err and len(err) < 300


def test_export_to_a_folder_a_missing_folder_or_an_unwritable_place_is_one_line(tmp_path, capsys):
    s = Session(title="Plan")
    SessionStore(tmp_path).save(s)
    base = ["--data-dir", str(tmp_path), "export", s.id, "-o"]
    cases = {str(tmp_path): "is a folder", str(tmp_path / "missing" / "plan.md"): "does not exist",
             "/proc/popguide-plan.md": "cannot write"}
    for target, words in cases.items():
        assert main([*base, target]) == 1
        err = capsys.readouterr().err.strip()
        assert words in err and "\n" not in err, err
    assert not (tmp_path / "missing").exists(), "a missing folder is not created silently"
    assert main([*base, str(tmp_path / "plan.md")]) == 0
    assert oct((tmp_path / "plan.md").stat().st_mode & 0o777) == "0o600"


def test_the_start_screen_shows_a_broken_session_as_broken(tmp_path):
    import asyncio

    from textual.widgets import Static

    from popguide.tui.app import PopguideApp
    from popguide.workspace import Workspace

    store = SessionStore(tmp_path)
    store.save(Session(title="Good one"))
    bad_id = _bad_session(store, "created: 2024-02-30")

    async def run():
        app = PopguideApp(Workspace(data_dir=tmp_path))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            note = str(app.screen.query_one("#broken", Static).render())
            return note

    note = asyncio.run(run())
    assert "Could not read" in note and bad_id in note and "date" in note


def test_answers_file_with_a_bad_value_is_one_located_line(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text("- scramblers\n- !!bool maybe\n")
    assert main(["--data-dir", str(tmp_path), "guide", "--answers", str(answers)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"popguide: error: {answers}:2:") and "\n" not in err


def test_training_results_with_bad_values_are_named_and_skipped(tmp_path, capsys):
    folder = tmp_path / "training"
    folder.mkdir()
    (folder / "a.yaml").write_text("trainee: x\nexercise: e\ntotal: .nan\nstages: {}\n")
    (folder / "b.yaml").write_text("trainee: x\nexercise: e\ntotal: 50\nstages: [1]\n")
    (folder / "c.yaml").write_text("trainee: x\nexercise: e\ntotal: 50\nstages: {scanning: {score: 5}}\n")
    assert main(["--data-dir", str(tmp_path), "train", "--results", str(folder), "--csv"]) == 0
    captured = capsys.readouterr()
    assert all(f"{folder / n}" in captured.err for n in ("a.yaml", "b.yaml", "c.yaml"))
    assert captured.err.count("skipped") == 3 and captured.out.startswith("row,exercise,trainee")
