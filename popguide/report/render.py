"""Render a plan (plain data from the guide) with the package's Jinja2 templates.

What users typed is escaped for each format: HTML by Jinja2's autoescape, and
Markdown by :func:`markdown_text`, so an answer holding ``<img onerror=...>``
or a ``[link](javascript:...)`` shows as text in any CommonMark viewer.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from markupsafe import Markup

from ..guide.privacy import redact_plan

FORMATS = {"md": "plan.md.j2", "html": "plan.html.j2", "txt": "plan.txt.j2"}
_MARKDOWN = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_",
    "[": "\\[", "]": "\\]", "|": "\\|", "#": "\\#", "!": "\\!", "~": "\\~",
    "\r": " ", "\n": " ",
})


def markdown_text(value) -> str:
    """A value as literal Markdown text: no raw HTML, no links or emphasis, no table or line breaks."""
    if value is None or isinstance(value, Markup):
        return "" if value is None else str(value)
    return str(value).translate(_MARKDOWN)


def code_block(value) -> Markup:
    """Text for inside a fenced code block (HTML is not read there); a fence in it cannot close the block."""
    return Markup(str(value).replace("```", "'''"))


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
    env.filters["code_block"] = code_block
    return env


def render_plan(plan: dict, fmt: str, *, redact_personal: bool = False, include_notes: bool = False) -> str:
    """The plan as a document. Adviser notes stay out unless asked for: plans go to partners."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected md, html or txt)")
    data = copy.deepcopy(plan)
    if not include_notes:
        data["notes"] = []
    if redact_personal:
        data = redact_plan(data)  # every field, action owners and participants included
    return _environment(fmt).get_template(FORMATS[fmt]).render(plan=data, redacted=redact_personal)
