"""Plans rendered with Jinja2 templates: Markdown, self-contained HTML, plain text."""

from .render import FORMATS, render_plan

__all__ = ["FORMATS", "render_plan"]
