"""Render a plan (plain data from the guide) as a document: Jinja2 templates for md/html/txt, python-docx for Word.

One plan dict feeds every format. ``FORMATS`` is the registry the CLI, the
`/export` command and the app read; a binary format returns bytes.

What users typed is escaped for each format: HTML by Jinja2's autoescape, and
Markdown by :func:`markdown_text`, so an answer holding ``<img onerror=...>``
or a ``[link](javascript:...)`` shows as text in any CommonMark viewer.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from markupsafe import Markup

from ..guide.plan_text import join_items
from ..guide.privacy import redact_plan
from ..library.models import LAW_LABEL, MECHANISM_LABEL
from .filters import cell, plain, power_text, reference

_MARKDOWN = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_",
    "[": "\\[", "]": "\\]", "|": "\\|", "#": "\\#", "!": "\\!", "~": "\\~",
    "\r": " ", "\n": " ",
})


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str
    label: str
    binary: bool
    render: Callable[[dict, dict], "str | bytes"]  # (plan, context) -> document


def markdown_text(value) -> str:
    """A value as literal Markdown text: no raw HTML, no links or emphasis, no table or line breaks."""
    if value is None or isinstance(value, Markup):
        return "" if value is None else str(value)
    return str(value).translate(_MARKDOWN)


def code_block(value) -> Markup:
    """Text for inside a fenced code block (HTML is not read there); a fence in it cannot close the block."""
    return Markup(str(value).replace("```", "'''"))


def _template(name: str, fmt: str):
    def render(plan: dict, context: dict) -> str:
        return _environment(fmt).get_template(name).render(plan=plan, **context)
    return render


def _docx(plan: dict, context: dict) -> bytes:
    from .docx_plan import render_docx

    return render_docx(plan, **context)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", "md", "Markdown", False, _template("plan.md.j2", "md")),
    Format("html", "html", "HTML (print to PDF for A4)", False, _template("plan.html.j2", "html")),
    Format("txt", "txt", "plain text", False, _template("plan.txt.j2", "txt")),
    Format("docx", "docx", "Word", True, _docx),
)}


@lru_cache(maxsize=None)
def _environment(fmt: str):
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("popguide.report", "templates"),
        autoescape=fmt == "html",
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if fmt == "md" else None,
    )
    env.globals["MECHANISM_LABEL"] = MECHANISM_LABEL
    env.globals["LAW_LABEL"] = LAW_LABEL
    env.filters["cell"] = cell
    env.filters["reference"] = reference
    env.filters["items"] = join_items
    env.filters["plain"] = plain
    env.filters["power_text"] = power_text
    env.filters["code_block"] = code_block
    env.filters["markdown"] = Markup  # Markdown the template itself wrote (a macro's output), not user text
    return env


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
        data = redact_plan(data)  # every field, action owners and participants included
        data["chart_svg"] = chart_svg  # figures and area roles only
    return FORMATS[fmt].render(data, {"redacted": redact_personal, "partner": partner})
