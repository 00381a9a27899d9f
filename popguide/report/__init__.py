"""Plans as documents: Markdown, self-contained HTML, plain text (Jinja2 templates) and Word (python-docx)."""

from .render import FORMATS, Format, render_plan

__all__ = ["FORMATS", "Format", "render_plan"]
