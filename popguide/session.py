"""A guided session: what the user said, in order, and a few facts for listing it.

The list of entries is the source of truth. The guide engine replays it to
rebuild the conversation, so going back is removing the last entry, and a
session resumes exactly where it stood, even after the program was killed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Any

SCHEMA_VERSION = 1
#: What a session id may be: it names a file, so no separators, no dots first, nothing long.
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
MAX_TEXT = 100_000  # characters in one answer or note; the engine keeps far less
MAX_ITEMS = 100_000  # entries or notes in one session


def is_safe_id(value: object) -> bool:
    """True for an id that can be used as a file name as it is."""
    return isinstance(value, str) and SAFE_ID.fullmatch(value) is not None


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
        """Build from parsed YAML; raises ValueError naming the field that is wrong.

        Session files are edited and copied by people, so every field is checked for its kind here,
        and nothing that could name a file outside the data folder is accepted as an id.
        """
        if not isinstance(data, dict):
            raise ValueError("not a session (expected a mapping at the top level)")
        if not isinstance(data.get("id"), str) or not data["id"].strip():
            raise ValueError("field 'id' is missing or not text")
        if not is_safe_id(data["id"]):
            raise ValueError(f"field 'id' {data['id'][:80]!r} is not a session id (letters, digits, - and _, up to 64)")
        version = data.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValueError("field 'schema_version' must be a whole number")
        if version > SCHEMA_VERSION:
            raise ValueError(f"written by a newer popguide (schema_version {version}; this one reads {SCHEMA_VERSION})")
        entries_raw = _list(data, "entries")
        entries = []
        for n, e in enumerate(entries_raw):
            if not isinstance(e, dict) or not isinstance(e.get("question"), str) or "text" not in e:
                raise ValueError(f"entries[{n}] needs 'question' and 'text'")
            entries.append(Entry(e["question"], _text(e["text"], f"entries[{n}].text"),
                                 _text(e.get("at"), f"entries[{n}].at"), _text(e.get("by"), f"entries[{n}].by")))
        notes = []
        for n, note in enumerate(_list(data, "notes")):
            if not isinstance(note, dict) or "text" not in note:
                raise ValueError(f"notes[{n}] needs 'text'")
            notes.append({key: _text(note.get(key), f"notes[{n}].{key}") for key in ("text", "stage", "by", "at")})
        case = data.get("case")
        if case is not None and not isinstance(case, dict):
            raise ValueError("field 'case' must be a mapping")
        return cls(
            id=data["id"],
            title=_text(data.get("title"), "title"),
            created=_text(data.get("created"), "created"),
            updated=_text(data.get("updated"), "updated"),
            stage=_text(data.get("stage"), "stage") or "scanning",
            scenario_id=_text(data.get("scenario_id"), "scenario_id") or None,
            review_date=_text(data.get("review_date"), "review_date") or None,
            outcome=_text(data.get("outcome"), "outcome") or None,
            closed=_text(data.get("closed"), "closed") or None,
            case=case,
            exercise=_text(data.get("exercise"), "exercise") or None,
            trainee=_text(data.get("trainee"), "trainee") or None,
            participants=_participants(data.get("participants")),
            time_boxes=_time_boxes(data.get("time_boxes")),
            entries=entries,
            notes=notes,
            draft=_text(data.get("draft"), "draft"),
            schema_version=version,
        )


def _text(value: Any, name: str) -> str:
    """A text field: text, a number or a date as written, or nothing; a list or mapping is an error."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (str, int, float, date)):
        text = str(value)
        if len(text) > MAX_TEXT:
            raise ValueError(f"field '{name}' is longer than {MAX_TEXT:,} characters")
        return text
    raise ValueError(f"field '{name}' must be text, not {'a list' if isinstance(value, list) else 'a mapping'}")


def _list(data: dict, name: str) -> list:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"field '{name}' is not a list")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"field '{name}' has more than {MAX_ITEMS:,} items")
    return value


def _time_boxes(raw: Any) -> dict[str, int]:
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise ValueError("field 'time_boxes' must map stages to minutes (scanning: 15)")
    out = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 24 * 60:
            raise ValueError(f"time_boxes.{key} must be minutes between 0 and 1440")
        out[str(key)] = int(value)
    return out


def _participants(raw: Any) -> list[dict[str, str]]:
    if not raw:
        return []
    if not isinstance(raw, list) or not all(isinstance(p, dict) and isinstance(p.get("name"), str) for p in raw):
        raise ValueError("field 'participants' must be a list of {name, agency}")
    return [{"name": p["name"], "agency": _text(p.get("agency"), f"participants[{n}].agency")} for n, p in enumerate(raw)]


MAX_PARTICIPANTS = 60  # a problem-solving meeting, not a conference


def parse_participants(text: str) -> list[dict[str, str]]:
    """'Sam Jones (Police); Ali Khan (Housing)' into [{name, agency}, ...]; ValueError past MAX_PARTICIPANTS."""
    out = []
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, agency = part.partition("(")
        out.append({"name": name.strip()[:120], "agency": agency.rstrip(")").strip()[:120]})
        if len(out) > MAX_PARTICIPANTS:
            raise ValueError(f"more than {MAX_PARTICIPANTS} participants; list the people in the meeting")
    return out
