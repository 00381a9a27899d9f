"""The guide's Markdown as a terminal reads it: bold, lists and code shown, not their markup."""

from __future__ import annotations

import io
import shutil


def plain(markdown: str, width: int | None = None) -> str:
    from rich.console import Console
    from rich.markdown import Markdown

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or min(shutil.get_terminal_size((100, 24)).columns, 120),
                      color_system=None, force_terminal=False, legacy_windows=False)
    console.print(Markdown(markdown))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n")
