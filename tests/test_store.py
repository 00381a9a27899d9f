"""Sessions are never lost: atomic, private, resumable after a kill, corrupt files left alone."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

from popguide.cli import main
from popguide.session import Entry, Session
from popguide.store import SessionStore


def test_save_is_human_readable_yaml_with_owner_only_permissions(tmp_path):
    store = SessionStore(tmp_path)
    s = Session(title="Bikes on the rec", entries=[Entry("describe", "scramblers on the rec")])
    path = store.save(s)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert "title: Bikes on the rec" in text and "scramblers on the rec" in text
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary files left behind"
    assert store.load(s.id).entries[0].text == "scramblers on the rec"


def test_corrupt_session_is_reported_by_name_left_untouched_and_others_still_list(tmp_path, capsys):
    store = SessionStore(tmp_path)
    good = Session(title="Good one")
    store.save(good)
    bad = store.folder / "20260101-000000-dead.yaml"
    bad.write_bytes(b"id: [unclosed\n\x00garbage")
    before = bad.read_bytes()
    sessions, broken = store.list()
    assert [s.id for s in sessions] == [good.id]
    assert broken[0].path == bad and "YAML syntax error" in broken[0].reason
    code = main(["--data-dir", str(tmp_path), "sessions"])
    out, err = capsys.readouterr()
    assert code == 0 and "Good one" in out and bad.name in err and "left untouched" in err
    code = main(["--data-dir", str(tmp_path), "delete", bad.stem, "--yes"])
    assert code != 0
    assert bad.read_bytes() == before


def test_session_file_edited_into_nonsense_is_refused_with_its_field(tmp_path, capsys):
    store = SessionStore(tmp_path)
    s = Session()
    path = store.save(s)
    path.write_text(path.read_text().replace("entries: []", "entries: 5"))
    code = main(["--data-dir", str(tmp_path), "export", s.id])
    err = capsys.readouterr().err
    assert code == 1 and "entries" in err and len(err.strip().splitlines()) == 1


def test_rename_and_delete(tmp_path, capsys):
    store = SessionStore(tmp_path)
    s = Session(title="Old")
    store.save(s)
    assert main(["--data-dir", str(tmp_path), "rename", s.id, "Bikes", "on", "the", "rec"]) == 0
    assert store.load(s.id).title == "Bikes on the rec"
    assert main(["--data-dir", str(tmp_path), "delete", s.id]) == 2  # no tty, no --yes: refuses
    assert store.path_for(s.id).exists()
    assert main(["--data-dir", str(tmp_path), "delete", s.id, "--yes"]) == 0
    assert not store.path_for(s.id).exists()


DRIVER = textwrap.dedent(
    """
    import sys, time
    from popguide.workspace import Workspace
    ws = Workspace(data_dir=sys.argv[1])
    g = ws.guide()
    answers = ["lads on scramblers on the playing fields every night", "1", "families in the park",
               "40 calls in three months", "yes", "same field same time"]
    for n, a in enumerate(answers, 1):
        g.respond(a)
        print(g.session.id, n, flush=True)
    time.sleep(60)
    """
)


def test_a_session_killed_with_sigkill_resumes_with_every_answer(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    lines = [proc.stdout.readline().split() for _ in range(6)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    session_id = lines[-1][0]
    from popguide.workspace import Workspace

    g = Workspace(data_dir=tmp_path).open(session_id)
    assert [e.text for e in g.session.entries][-1] == "same field same time"
    assert len(g.session.entries) == 6
    assert g.current.id == "expectation"
    assert g.scenario.id == "off-road-bikes"


def test_guide_command_runs_scripted_answers_and_saves_where_it_stands(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text("- scramblers tearing up the playing fields every evening\n- '1'\n- /help cheers\n- families\n")
    code = main(["--data-dir", str(tmp_path / "d"), "guide", "--answers", str(answers), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["scenario_id"] == "off-road-bikes" and not out["finished"]
    assert out["stage"] == "scanning" and len(out["entries"]) == 3
    more = tmp_path / "more.yaml"
    more.write_text("- 40 calls since August\n- yes\n")
    main(["--data-dir", str(tmp_path / "d"), "guide", "--answers", str(more), "--resume", out["id"], "--json"])
    resumed = json.loads(capsys.readouterr().out)
    assert resumed["id"] == out["id"] and len(resumed["entries"]) == 5


def test_guide_command_rejects_a_non_list_answers_file(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text("describe: scramblers\n")
    assert main(["--data-dir", str(tmp_path), "guide", "--answers", str(answers)]) == 2
    assert "expected a YAML list" in capsys.readouterr().err


def test_a_failed_save_is_reported_in_the_conversation_and_nothing_is_lost(tmp_path):
    from popguide.workspace import Workspace

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    g = Workspace(data_dir=blocker).guide()
    turns = g.respond("scramblers on the playing fields every evening")
    assert turns[-1].kind == "error" and "Not saved" in turns[-1].text
    assert g.session.entries[0].text == "scramblers on the playing fields every evening"
