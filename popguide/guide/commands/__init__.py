"""Slash commands: the registry, and the modules that declare them (general, meeting, notes)."""

from . import general, notes, data, meeting, quality  # noqa: F401  (registering)
from .registry import COMMANDS, ENTRY_REPLAYS, Command, help_lines, run_command

__all__ = ["COMMANDS", "ENTRY_REPLAYS", "Command", "help_lines", "run_command"]
