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


def power_text(power: dict | None, *, short: bool = False) -> str:
    """The power a response uses, as one paragraph: its warnings, what the law says, who can use it, what is changing.

    The law is written once, in the glossary entry; a plan shows it beside each response that uses it."""
    if not power:
        return ""
    warned = f" ({'; '.join(power['flags'])})" if power["flags"] else ""
    who = f" Who can use it: {power['who_can_use']}" if power["who_can_use"] else ""
    if short:
        return f"{power['term']}{warned}.{who}"
    changes = f" Changes: {power['changes']}" if power["changes"] else ""
    return f"{power['term']}{warned}. {power['definition']}{who}{changes}"
