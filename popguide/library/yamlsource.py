"""Reading YAML safely and finding the line a field path lives on.

Data is loaded with ``safe_load`` semantics (the C loader when present).
Line numbers are only needed when something is wrong, so the node tree is
composed lazily, once per file, and only for files that have problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster on a library of any size
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SafeLoader = yaml.SafeLoader


class YamlFileError(Exception):
    """A file that cannot be read or parsed; carries the line when known."""

    def __init__(self, path: Path, line: int | None, message: str):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message


def read_yaml(path: Path) -> tuple[Any, str]:
    """Return (data, text) of a YAML file, or raise YamlFileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlFileError(path, None, f"cannot read ({exc.strerror or exc})") from None
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise YamlFileError(path, line, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlFileError(path, None, f"YAML error: {exc}") from None
    return data, text


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the value at ``path`` (or of its nearest parent)."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if getattr(key, "value", None) == part:
                    line = key.start_mark.line + 1
                    child = value
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
