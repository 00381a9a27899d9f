"""The command line as a user meets it: output shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from popguide.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_match_json_single_query_shape(capsys):
    code, out, _ = run(capsys, "match", "kids on motorbikes with no plates racing round the rec all evening", "--json")
    assert code == 0
    obj = json.loads(out)
    assert obj["query"].startswith("kids on motorbikes")
    first = obj["matches"][0]
    assert set(first) == {"id", "title", "score", "why"}
    assert first["id"] == "off-road-bikes"
    assert 0 <= first["score"] <= 100 and isinstance(first["why"], list) and first["why"]


def test_match_abstains_on_office_chatter(capsys):
    code, out, _ = run(capsys, "match", "the kettle in the parade room is broken", "--json")
    assert code == 0
    assert json.loads(out)["matches"] == [] and json.loads(out)["outside"] == "buildings and facilities"
    code, out, _ = run(capsys, "match", "the kettle in the parade room is broken")
    assert out.startswith("That sounds like buildings and facilities, which is not a problem the library covers.")
    code, out, _ = run(capsys, "match", "the kettle is broken again")
    assert "No scenario fits" in out


def test_several_texts_are_one_combined_query(capsys):
    _, out, _ = run(capsys, "match", "back door forced", "jewellery taken", "third house on the road", "--json")
    obj = json.loads(out)
    assert obj["query"] == "back door forced jewellery taken third house on the road"
    assert obj["matches"][0]["id"] == "residential-burglary"


def test_match_file_gives_one_json_line_per_query_in_input_order(capsys, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("needles and baggies in the playground\n\nprinter is jammed\nscramblers on the field\n")
    code, out, _ = run(capsys, "match", "--file", str(queries), "--json", "--top", "1")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [o["query"] for o in lines] == ["needles and baggies in the playground", "printer is jammed", "scramblers on the field"]
    assert lines[1]["matches"] == []
    assert lines[2]["matches"][0]["id"] == "off-road-bikes"
    assert all(len(o["matches"]) <= 1 for o in lines)


def test_scenarios_json_lists_id_title_file_and_response_count(capsys):
    code, out, _ = run(capsys, "scenarios", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {"off-road-bikes", "youth-asb", "residential-burglary", "cuckooing", "mental-health-demand"} <= {r["id"] for r in rows}
    row = next(r for r in rows if r["id"] == "cuckooing")
    assert row["file"].endswith("cuckooing.yaml") and row["responses"] >= 6


def test_show_prints_a_readable_scenario(capsys):
    code, out, _ = run(capsys, "show", "cuckooing")
    assert code == 0
    assert "## Responses, strongest evidence first" in out and "Source:" in out and "(lead)" in out


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["show", "no-such-thing"], "unknown scenario id 'no-such-thing'"),
        (["match", "--file", "/no/such/file.txt"], "cannot read /no/such/file.txt"),
        (["match", "x", "--top", "0"], "--top must be at least 1"),
        (["match", "--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["match"], "nothing to match"),
    ],
)
def test_errors_are_one_line_on_stderr_with_nonzero_exit(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code != 0
    assert fragment in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_validate_reports_file_and_line_and_exits_1_while_the_rest_loads(capsys, tmp_path):
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "bad.yaml").write_text("id: bad\ntitle: [unclosed\n")
    code, out, _ = run(capsys, "validate", str(overlay))
    assert code == 1
    assert f"{overlay / 'bad.yaml'}:" in out and "YAML syntax error" in out
    code, out, err = run(capsys, "--library", str(overlay), "scenarios", "--json")
    assert code == 0 and len(json.loads(out)) >= 5
    assert "bad.yaml" in err and "file skipped" in err


def test_validate_clean_library_exits_0(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0 and out.startswith("OK:")


def test_bare_error_has_no_traceback_as_a_process():
    proc = subprocess.run([sys.executable, "-m", "popguide", "show", "nope"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "popguide: error: unknown scenario id 'nope' (see `popguide scenarios`)"


def test_validate_checks_a_courses_question_script(capsys, tmp_path):
    overlay = tmp_path / "course"
    overlay.mkdir()
    (overlay / "questions.yaml").write_text(
        "stages:\n  - id: scanning\n    title: Scanning\n    intro: x\n    questions:\n"
        "      - {id: describe, kind: essay, prompt: Tell me, why: Because}\n")
    code, out, _ = run(capsys, "validate", str(overlay))
    assert code == 1
    assert f"{overlay / 'questions.yaml'}:6: stages[0].questions[0].kind: 'essay' is not allowed" in out
    assert "stages: has 1 item(s)" in out
