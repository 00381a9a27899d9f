"""Dates as the guide writes them: '5 December 2026'."""

from __future__ import annotations

from datetime import date


def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"
