"""Text for the plan as a document: tidied sentences, joined lists without stray punctuation, titles and file names."""

from __future__ import annotations

import re

#: Confirmations that sometimes trail a description ("... nearly hit a kid. yeah yes").
_TRAILING_YES = re.compile(r"(?:[\s,.;]+(?:yes|yeah|yep|yup|correct|ok|okay|that's it|that's right))+[\s.!]*$", re.I)
_STRAY = re.compile(r"\s*([.;,:])(?:\s*[.;,:])+")  # ".;" ";." ", ." -> the first mark


def tidy(text: str) -> str:
    """One line of the officer's words: spaces collapsed, trailing confirmations and doubled punctuation gone."""
    text = " ".join((text or "").split())
    text = _TRAILING_YES.sub("", text)
    text = _STRAY.sub(r"\1", text)
    text = re.sub(r"\s+([.;,:!?])", r"\1", text)
    return text.strip(" ;,")


def sentence(text: str) -> str:
    """Capitalised and ending with a full stop (or the mark it has)."""
    text = tidy(text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def first_sentence(text: str, limit: int = 220) -> str:
    """The problem in one sentence: the first sentence, cut at a clause or word (never mid-word) when long."""
    text = tidy(text)
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    if len(first) > limit:
        head = first[:limit]
        cut = max(head.rfind(", "), head.rfind("; "), head.rfind(" - "))
        first = head[:cut] if cut > limit // 2 else head.rsplit(" ", 1)[0]
        first = first.rstrip(" ,;:-") + "…"
    return sentence(first)


def join_items(items, sep: str = "; ") -> str:
    """Items joined once: each item's own trailing punctuation dropped first, so no '.;' appears."""
    parts = [tidy(str(x)).rstrip(".;,") for x in items if x and str(x).strip()]
    return sep.join(p for p in parts if p)


def paragraphs(text: str, long: int = 400) -> list[str]:
    """A long answer as paragraphs: on the officer's own line breaks, else every few sentences."""
    text = (text or "").strip()
    if not text:
        return []
    blocks = [b for b in re.split(r"\n\s*\n|\n", text) if b.strip()]
    out = []
    for block in blocks:
        block = tidy(block)
        if len(block) <= long:
            out.append(block)
            continue
        current = ""
        for s in re.split(r"(?<=[.!?])\s+", block):
            if current and len(current) + len(s) > long:
                out.append(current)
                current = s
            else:
                current = f"{current} {s}".strip()
        if current:
            out.append(current)
    return out


def short_place(text: str, limit: int = 40) -> str:
    """A place named for a title: its first clause, at most ``limit`` characters, cut at a word."""
    place = re.split(r"[,;(]| - ", tidy(text))[0].strip().rstrip(".")
    if len(place) > limit:
        place = place[:limit].rsplit(" ", 1)[0]
    return place


def short_title(title: str) -> str:
    """A library problem's title for a heading: before its first comma, never cut inside a phrase."""
    return tidy(title).split(", ")[0]


def plan_title(session_title: str, auto_title: str, scenario_title: str, target: str) -> str:
    """The plan's heading: the officer's own title if they gave one, else the problem and its place (never cut)."""
    if session_title and session_title != auto_title:
        return tidy(session_title)
    if scenario_title:
        place = short_place(target) if target else ""
        return f"{scenario_title}, {place}" if place else scenario_title
    return tidy(session_title.rstrip("…")) or "Untitled problem"


def slug(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "plan"


def file_stem(title: str, day, scenario_id: str = "", place: str = "") -> str:
    """`2026-12-01-off-road-bikes-ash-grove`: the date, then the problem (its library id) and place, or the title."""
    if scenario_id:
        where = short_place(place, 30) if place else ""
        return f"{day.isoformat()}-{slug(f'{scenario_id} {where}')}"
    return f"{day.isoformat()}-{slug(title)}"
