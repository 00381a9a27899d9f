"""Shared fixtures: an isolated environment and a small library to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Tests never read or write the user's own library overlays or sessions."""
    monkeypatch.delenv("POPGUIDE_LIBRARY", raising=False)
    monkeypatch.delenv("POPGUIDE_CASES", raising=False)
    monkeypatch.setenv("POPGUIDE_DATA", str(tmp_path / "data"))


@pytest.fixture
def mini_library(tmp_path) -> Path:
    """A copy of the small test library that a test may edit or break."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target
