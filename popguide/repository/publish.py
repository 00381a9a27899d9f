"""What a closed case looks like when shared: personal data masked, the team named, private notes left out.

The masking is the guide's own (``popguide.guide.privacy``: phone numbers,
emails, dates of birth, house numbers with postcodes, vehicle registrations)
plus people's names: the session's participants and trainee, and any name
after a title such as Mr or Mrs. Other names cannot be told from ordinary
words without a language model, so the preview is shown before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..cases import Case, CaseError
from ..guide.privacy import find_personal_data, redact
from ..session import Session
from .movein import case_of_session

NAME_MARK = "[name removed]"
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|PCSO|DC|Sgt|Insp)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")


@dataclass(frozen=True)
class Preview:
    case: Case  # the copy that would be shared
    masked: list[str]  # what was masked, in words ("a phone number", "a name")


def _names(session: Session) -> list[str]:
    names = {p["name"].strip() for p in session.participants if p.get("name", "").strip()}
    names |= {e.by.strip() for e in session.entries if e.by.strip()}
    if session.trainee:
        names.add(session.trainee.strip())
    parts = {part for n in names for part in n.split() if len(part) > 2}
    return sorted(names | parts, key=len, reverse=True)  # the full name before its parts


def _mask(text: str, names: list[str], masked: list[str]) -> str:
    for f in find_personal_data(text):
        masked.append(f.kind)
    text = redact(text)
    found = _TITLED_NAME.findall(text)
    masked += ["a name"] * len(found)
    text = _TITLED_NAME.sub(NAME_MARK, text)
    for name in names:
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.I)
        hits = pattern.findall(text)
        if hits:
            masked += ["a name"] * len(hits)
            text = pattern.sub(NAME_MARK, text)
    return text


def preview(session: Session, team: str) -> Preview:
    """The shared copy of a closed session's case; CaseError if the session is not closed."""
    case = case_of_session(session, session.id)
    if case is None:
        raise CaseError(f"session {session.id} is not closed yet: a session becomes a case when it is closed "
                        "after its review")
    names = _names(session)
    masked: list[str] = []
    copy = replace(
        case, title=_mask(case.title, names, masked), description=_mask(case.description, names, masked),
        responses=[_mask(r, names, masked) for r in case.responses], lessons=_mask(case.lessons, names, masked),
        review=[_mask(x, names, masked) for x in case.review], area=_mask(case.area, names, masked),
        team=" ".join(team.split()), origin="published")
    return Preview(copy, masked)
