"""Small text filters the plan templates and the Word writer share."""

from __future__ import annotations

from ..guide.plan_text import first_sentence, tidy


def cell(text) -> str:
    """Text for a table cell: one line, no pipes, long answers cut to their first sentence (shown in full above)."""
    text = tidy(str(text or ""))
    if len(text) > 200:
        text = first_sentence(text, 160)
    return text.replace("|", "/")


def plain(text) -> str:
    """Conversation markup out of a document: `code` becomes plain words."""
    return str(text or "").replace("`", "")


def reference(ref) -> str:
    """A reference: a string, a citation from the library (text and address), or a title and where to find it."""
    if isinstance(ref, dict) and ref.get("text"):
        return str(ref["text"]) + (f" {ref['address']}" if ref.get("address") else "")
    if isinstance(ref, dict):
        bits = [str(ref.get(k)) for k in ("title", "source", "url") if ref.get(k)]
        return ". ".join(bits) or str(ref)
    return str(ref)
