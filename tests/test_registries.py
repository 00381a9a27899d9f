"""Declared once: slash commands and question behaviours are listed from their registries everywhere."""

from __future__ import annotations

from pathlib import Path

from popguide.guide.behaviours import REGISTRY
from popguide.guide.commands import COMMANDS
from popguide.session import Session, parse_participants
from popguide.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]


def test_help_in_a_session_lists_every_command_from_the_registry(tmp_path):
    g = Workspace(data_dir=tmp_path).guide(Session(participants=parse_participants("Sam (Police)")))
    text = g.respond("/help")[-1].text
    for c in COMMANDS.values():
        assert f"`{c.usage}`" in text and c.help in text, c.name


def test_the_help_screen_and_the_readme_carry_every_command():
    from popguide.tui.app import help_text

    f1 = help_text().replace("\\|", "|")  # a | inside a Markdown table cell is escaped
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\|", "|")
    for c in COMMANDS.values():
        assert f"`{c.usage}`" in f1, c.name
        assert f"`{c.usage}`" in readme, f"README is missing {c.usage}"


def test_every_command_that_changes_the_conversation_replays():
    for c in COMMANDS.values():
        if c.entry:
            assert c.replay is not None and c.entry.startswith("@"), c.name


def test_every_behaviour_says_what_it_is_for_and_is_in_the_builtin_script():
    from popguide.guide.script_check import load_script

    script = load_script()
    ids = {q.id for st in script.stages for q in st.questions}
    for name, b in REGISTRY.items():
        assert b.summary and b.stage, name
        assert name in ids, f"{name} has a behaviour but no question in the built-in script"


def test_an_unknown_command_is_one_clear_line_with_a_suggestion(tmp_path):
    g = Workspace(data_dir=tmp_path).guide(Session())
    turn = g.respond("/expot html")[-1]
    assert turn.kind == "error" and "`/export`" in turn.text
