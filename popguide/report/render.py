"""Render a plan (plain data from the guide) with the package's Jinja2 templates."""

from __future__ import annotations

import copy
from functools import lru_cache

from ..guide.privacy import redact

FORMATS = {"md": "plan.md.j2", "html": "plan.html.j2", "txt": "plan.txt.j2"}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("popguide.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    return value


def render_plan(plan: dict, fmt: str, *, redact_personal: bool = False, include_notes: bool = False) -> str:
    """The plan as a document. Adviser notes stay out unless asked for: plans go to partners."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected md, html or txt)")
    data = copy.deepcopy(plan)
    if not include_notes:
        data["notes"] = []
    if redact_personal:
        data = _redacted(data)
    return _environment().get_template(FORMATS[fmt]).render(plan=data, redacted=redact_personal)
