"""A problem in a library file, located for the author who has to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LibraryIssue:
    """One problem an author has to fix, located as FILE:LINE: field.path."""

    file: Path
    line: int | None
    field: str
    message: str
    expected: str = ""
    skipped: bool = False  # True when the problem made the loader leave the file out

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        text = f"{where}: {self.field}: {self.message}"
        return text + (f" (expected {self.expected})" if self.expected else "")
