"""What the guide says and what the user says, as plain data any face can render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["assistant", "user"]
#: question: asks something; info: explains or summarises; matches: problem suggestions;
#: responses: evidence table; warning: a caution (conflict, personal data); error: input not understood;
#: help: command or glossary help; export: a file was written; answer: the user's words.
TurnKind = Literal["question", "info", "matches", "responses", "warning", "error", "help", "export", "answer"]


@dataclass
class Turn:
    role: Role
    kind: TurnKind
    text: str  # Markdown
    stage: str = ""
    why: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    by: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"role": self.role, "kind": self.kind, "text": self.text}
        if self.stage:
            out["stage"] = self.stage
        if self.why:
            out["why"] = self.why
        if self.by:
            out["by"] = self.by
        return out
