"""Render a plan (plain data from the guide) as a document: Jinja2 templates for md/html/txt, python-docx for Word.

One plan dict feeds every format. ``FORMATS`` is the registry the CLI, the
`/export` command and the app read; a binary format returns bytes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ..guide.plan_text import join_items
from .filters import cell, plain, reference
from ..guide.privacy import redact


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    label: str
    binary: bool
    render: Callable[[dict, dict], "str | bytes"]  # (plan, context) -> document


def _template(name: str):
    def render(plan: dict, context: dict) -> str:
        return _environment().get_template(name).render(plan=plan, **context)
    return render


def _docx(plan: dict, context: dict) -> bytes:
    from .docx_plan import render_docx

    return render_docx(plan, **context)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", "md", "Markdown", False, _template("plan.md.j2")),
    Format("html", "html", "HTML (print to PDF for A4)", False, _template("plan.html.j2")),
    Format("txt", "txt", "plain text", False, _template("plan.txt.j2")),
    Format("docx", "docx", "Word", True, _docx),
)}


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
    env.filters["cell"] = cell
    env.filters["reference"] = reference
    env.filters["items"] = join_items
    env.filters["plain"] = plain
    return env


def _redacted(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    return value


def render_plan(plan: dict, fmt: str, *, redact_personal: bool = False, include_notes: bool = False,
                partner: bool = False) -> "str | bytes":
    """The plan as a document. Adviser notes stay out unless asked for; a partner copy never has them and is masked."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected {', '.join(FORMATS)})")
    data = copy.deepcopy(plan)
    if partner:
        redact_personal, include_notes = True, False
    if not include_notes:
        data["notes"] = []
    if redact_personal:
        for f in data.get("summary", {}).get("findings", []):
            if f.get("rule") == "personal_data":
                f["finding"] += " (masked in this copy)"
        chart_svg = data.get("chart_svg", "")
        data = _redacted(data)
        data["chart_svg"] = chart_svg  # figures and area roles only
    return FORMATS[fmt].render(data, {"redacted": redact_personal, "partner": partner})
