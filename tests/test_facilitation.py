"""Adviser-led sessions: participants, attribution, private notes, jumping between stages, actions by partner."""

from __future__ import annotations

from popguide.cli import main
from popguide.session import Session, parse_participants
from popguide.workspace import Workspace

from conftest import complete

PEOPLE = "Sam Jones (Police); Ali Khan (Housing association); Jo Reid (Adult social care)"


def meeting(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide(Session(participants=parse_participants(PEOPLE), time_boxes={"analysis": 15}))
    g.respond("/as Sam")
    g.respond("vulnerable man with learning difficulties, dealers using his flat, visitors at all hours")
    g.respond("1")
    g.respond("/as Ali")
    g.respond("the tenant and the neighbours in the block")
    g.respond("/note Ali seemed reluctant to share the tenancy file - follow up privately")
    g.respond("/as Jo")
    complete(g, stop_at="victim")
    g.respond("the tenant, known to adult social care, lost his care package in the summer")
    g.respond("/action Housing association: change the locks and check the tenancy file by 5 December")
    complete(g)
    return ws, g


def test_three_participants_answers_attributed_notes_private_and_actions_by_partner(tmp_path):
    ws, g = meeting(tmp_path)
    entries = {e.question: e.by for e in g.session.entries}
    assert entries["describe"] == "Sam Jones" and entries["harm"] == "Ali Khan" and entries["victim"] == "Jo Reid"
    md = ws.render(g, "md")
    assert "In the meeting:** Sam Jones (Police); Ali Khan (Housing association); Jo Reid (Adult social care)" in md
    assert "*(Jo Reid)*" in md
    assert "Who does what by when" in md and "**Housing association**: Change the locks and check the tenancy file (by 5 December 2026)" in md
    assert "reluctant" not in md and "Adviser notes" not in md
    with_notes = ws.render(g, "md", notes=True)
    assert "Adviser notes" in with_notes and "reluctant" in with_notes
    html = ws.render(g, "html")
    assert "reluctant" not in html and "Who does what by when" in html


def test_export_command_leaves_notes_out_unless_asked(tmp_path, capsys):
    ws, g = meeting(tmp_path)
    main(["--data-dir", str(tmp_path), "export", g.session.id])
    assert "reluctant" not in capsys.readouterr().out
    main(["--data-dir", str(tmp_path), "export", g.session.id, "--notes"])
    assert "reluctant" in capsys.readouterr().out


def test_jumping_to_a_stage_and_back(tmp_path):
    ws = Workspace(data_dir=tmp_path)
    g = ws.guide(Session(participants=parse_participants(PEOPLE)))
    g.respond("vulnerable man with learning difficulties, dealers using his flat")
    g.respond("1")
    assert g.current.id == "harm"
    g.respond("/stage response")
    assert g.current.stage == "response" and g.current.id == "responses"
    g.respond("1 2")
    g.respond("/stage scanning")
    assert g.current.id == "harm"
    again = Workspace(data_dir=tmp_path).open(g.session.id)
    assert again.current.id == "harm" and again.est.picked, "jumps replay after a restart"


def test_summary_reads_back_the_plan_so_far(tmp_path):
    ws, g = meeting(tmp_path)
    turn = g.respond("/summary")[-1]
    assert turn.data.get("summary") and "Problem-solving plan" in turn.text and "reluctant" not in turn.text


def test_unknown_participant_is_explained(tmp_path):
    g = Workspace(data_dir=tmp_path).guide(Session(participants=parse_participants(PEOPLE)))
    turn = g.respond("/as Morgan")[-1]
    assert turn.kind == "error" and "Sam Jones, Ali Khan, Jo Reid" in turn.text
