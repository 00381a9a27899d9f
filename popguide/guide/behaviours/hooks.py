"""Things that happen after any answer, whatever its question (the CHEERS verdict, for one)."""

from __future__ import annotations

from typing import Callable

AFTER_ANSWER: list[Callable] = []


def after_answer(fn: Callable) -> Callable:
    """Register ``fn(conv, asked) -> list[Turn]`` to run after every settled answer."""
    AFTER_ANSWER.append(fn)
    return fn
