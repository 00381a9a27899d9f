"""The registry of slash commands: each declared once, with its usage, help, who may use it and how it replays.

`/help`, the app's F1 help and the README's table are generated from (or
checked against) this registry; the engine dispatches through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ...session import Entry
from ..turns import Turn


@dataclass(frozen=True)
class Command:
    name: str  # "/back"
    usage: str  # "/help TERM"
    help: str
    run: Callable  # (guide, arg, by) -> list[Turn]
    who: str = "everyone"  # or "adviser": listed for adviser-led sessions
    entry: str = ""  # the entry it records, when it changes the conversation (replayed on resume)
    replay: Callable | None = None  # (guide, entry) -> list[Turn]
    private: bool = False  # its text is not echoed (a projected screen must not show private notes)


COMMANDS: dict[str, Command] = {}
ENTRY_REPLAYS: dict[str, Callable] = {}


def command(name: str, usage: str, help: str, *, who: str = "everyone", entry: str = "",
            replay: Callable | None = None, private: bool = False):
    def register(fn: Callable) -> Callable:
        COMMANDS[name] = Command(name, usage, help, fn, who, entry, replay, private)
        if entry and replay is not None:
            ENTRY_REPLAYS[entry] = replay
        return fn
    return register


def stage_now(guide) -> str:
    return guide.current.stage if guide.current else "assessment"


def run_command(guide, text: str, by: str) -> list[Turn]:
    name, _, arg = text.partition(" ")
    name, arg = name.lower(), arg.strip()
    cmd = COMMANDS.get(name)
    shown = f"{name} (private)" if cmd and cmd.private else text
    echo = Turn("user", "answer", shown, stage=stage_now(guide), by=by)
    if cmd is None:
        close = [c for c in COMMANDS if c.startswith(name[:3])] if len(name) > 2 else []
        hint = f" Did you mean {', '.join(f'`{c}`' for c in close[:3])}?" if close else ""
        return [echo, Turn("assistant", "error", f"I don't know `{name}`.{hint} Type `/help` for the commands.",
                           stage=echo.stage)]
    return [echo] + cmd.run(guide, arg, by)


def record(guide, key: str, text: str, by: str) -> None:
    """Keep a conversation-changing command as an entry, so it replays on resume."""
    guide.session.entries.append(Entry(key, text, by=by))
    guide._changed()
    guide.sync_session()
    guide.persist()


def help_lines(*, adviser: bool) -> list[str]:
    lines = [f"- `{c.usage}`: {c.help}" for c in COMMANDS.values() if c.who == "everyone"]
    if adviser:
        lines += ["", "**For the adviser**", ""] + [f"- `{c.usage}`: {c.help}" for c in COMMANDS.values() if c.who == "adviser"]
    return lines
