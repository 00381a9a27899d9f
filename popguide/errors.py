"""The one base class for what a user can get wrong, so each face catches it once."""

from __future__ import annotations


class PopguideError(Exception):
    """A problem the user can fix (a bad file, an unknown id, a wrong option): shown as one line, never a traceback."""
