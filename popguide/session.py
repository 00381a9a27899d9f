"""A guided session: what the user said, in order, and a few facts for listing it.

The list of entries is the source of truth. The guide engine replays it to
rebuild the conversation, so going back is removing the last entry, and a
session resumes exactly where it stood, even after the program was killed.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

SCHEMA_VERSION = 1


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def new_session_id() -> str:
    """Sortable by creation time, unique enough for one person's sessions."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{secrets.token_hex(2)}"


@dataclass
class Entry:
    """One thing the user typed in answer to a question (or a state-changing command)."""

    question: str
    text: str
    at: str = field(default_factory=now_iso)
    by: str = ""  # participant name in adviser-led sessions


@dataclass
class Session:
    id: str = field(default_factory=new_session_id)
    title: str = ""
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    stage: str = "scanning"
    scenario_id: str | None = None
    review_date: str | None = None
    outcome: str | None = None  # set when the session is closed after review: it is then a case
    closed: str | None = None
    case: dict[str, Any] | None = None  # the case record written when the session closes
    exercise: str | None = None  # training: the exercise being worked
    trainee: str | None = None
    participants: list[dict[str, str]] = field(default_factory=list)  # adviser-led: {name, agency}
    time_boxes: dict[str, int] = field(default_factory=dict)  # adviser-led: minutes per stage
    entries: list[Entry] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    draft: str = ""  # an answer typed but not sent when the app was closed
    schema_version: int = SCHEMA_VERSION

    def review_due(self, today: str) -> bool:
        """Open, with a review date on or before ``today`` (ISO date): listed first, and reopened for review."""
        return bool(self.review_date and self.review_date <= today and not self.outcome)

    @property
    def display_title(self) -> str:
        return self.title or "Untitled problem"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entries"] = [{k: v for k, v in e.items() if v != "" or k == "text"} for e in data["entries"]]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> "Session":
        """Build from parsed YAML; raises ValueError naming the field that is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a session (expected a mapping at the top level)")
        if not isinstance(data.get("id"), str) or not data["id"].strip():
            raise ValueError("field 'id' is missing or not text")
        entries_raw = data.get("entries") or []
        if not isinstance(entries_raw, list):
            raise ValueError("field 'entries' is not a list")
        entries = []
        for n, e in enumerate(entries_raw):
            if not isinstance(e, dict) or not isinstance(e.get("question"), str) or "text" not in e:
                raise ValueError(f"entries[{n}] needs 'question' and 'text'")
            entries.append(Entry(e["question"], str(e["text"] if e["text"] is not None else ""), str(e.get("at", "")), str(e.get("by", "") or "")))
        notes = data.get("notes") or []
        if not isinstance(notes, list):
            raise ValueError("field 'notes' is not a list")
        return cls(
            id=data["id"],
            title=str(data.get("title") or ""),
            created=str(data.get("created") or ""),
            updated=str(data.get("updated") or ""),
            stage=str(data.get("stage") or "scanning"),
            scenario_id=data.get("scenario_id") or None,
            review_date=str(data["review_date"]) if data.get("review_date") else None,
            outcome=str(data["outcome"]) if data.get("outcome") else None,
            closed=str(data["closed"]) if data.get("closed") else None,
            case=data["case"] if isinstance(data.get("case"), dict) else None,
            exercise=str(data["exercise"]) if data.get("exercise") else None,
            trainee=str(data["trainee"]) if data.get("trainee") else None,
            participants=_participants(data.get("participants")),
            time_boxes={str(k): int(v) for k, v in (data.get("time_boxes") or {}).items()
                        if isinstance(v, (int, float)) and not isinstance(v, bool)},
            entries=entries,
            notes=notes,
            draft=str(data.get("draft") or ""),
            schema_version=int(data.get("schema_version") or SCHEMA_VERSION),
        )


def _participants(raw: Any) -> list[dict[str, str]]:
    if not raw:
        return []
    if not isinstance(raw, list) or not all(isinstance(p, dict) and isinstance(p.get("name"), str) for p in raw):
        raise ValueError("field 'participants' must be a list of {name, agency}")
    return [{"name": p["name"], "agency": str(p.get("agency") or "")} for p in raw]


def parse_participants(text: str) -> list[dict[str, str]]:
    """'Sam Jones (Police); Ali Khan (Housing)' into [{name, agency}, ...]."""
    out = []
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, agency = part.partition("(")
        out.append({"name": name.strip(), "agency": agency.rstrip(")").strip()})
    return out
