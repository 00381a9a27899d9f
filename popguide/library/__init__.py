"""The scenario library: models, loading and validation (no UI imports)."""

from .loader import Library, LibraryIssue, builtin_library_dir, load_dirs, load_library
from .models import EVIDENCE_ORDER, Scenario

__all__ = [
    "EVIDENCE_ORDER",
    "Library",
    "LibraryIssue",
    "Scenario",
    "builtin_library_dir",
    "load_dirs",
    "load_library",
]
