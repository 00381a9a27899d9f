"""Turn plain YAML data into typed dataclasses, collecting every problem.

The library models are ordinary dataclasses. This module reads their type
hints and field metadata so that one definition gives us three things: the
objects the rest of popguide uses, the list of problems an author needs to
fix (with the field path of each), and the JSON Schema editors check files
against. Keeping all three on one definition is what keeps them in sync.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import MISSING, dataclass, field
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value, located by its path inside the file."""

    path: Path
    message: str
    expected: str = ""

    def dotted(self) -> str:
        return dotted_path(self.path)


def dotted_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


def spec(
    description: str = "",
    *,
    default: Any = MISSING,
    min_items: int = 0,
    pattern: str | None = None,
    example: Any = None,
) -> Any:
    """A dataclass field with the metadata the validator and schema use."""
    meta = {"description": description, "min_items": min_items, "pattern": pattern, "example": example}
    if default is MISSING:
        return field(metadata=meta)
    if isinstance(default, (list, dict)):
        factory = (lambda d=default: type(d)(d))
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return " | ".join(str(a) for a in get_args(tp))
    if origin in (list, typing.List):
        return f"a list of {_type_name(get_args(tp)[0])}"
    if origin in (dict, typing.Dict):
        return "a mapping"
    if _is_optional(tp):
        return _type_name(_strip_optional(tp))
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return {str: "text", int: "a whole number", float: "a number", bool: "true or false"}.get(tp, str(tp))


def _is_optional(tp: Any) -> bool:
    origin = get_origin(tp)
    return (origin is Union or origin is types.UnionType) and type(None) in get_args(tp)


def _strip_optional(tp: Any) -> Any:
    args = [a for a in get_args(tp) if a is not type(None)]
    return args[0]


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def build(cls: type, data: Any, path: Path = ()) -> tuple[Any, list[Problem]]:
    """Build ``cls`` from ``data``; return (object or None, problems).

    Problems are collected rather than raised so that an author sees every
    mistake in a file at once.
    """
    problems: list[Problem] = []
    value = _convert(cls, data, path, problems)
    return value, problems


def _convert(tp: Any, data: Any, path: Path, problems: list[Problem], meta: dict | None = None) -> Any:
    meta = meta or {}
    if _is_optional(tp):
        if data is None:
            return None
        tp = _strip_optional(tp)
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _convert_dataclass(tp, data, path, problems)
    if origin is Literal:
        allowed = get_args(tp)
        if data not in allowed:
            problems.append(Problem(path, f"{data!r} is not allowed", "one of " + ", ".join(map(str, allowed))))
            return None
        return data
    if origin in (list, typing.List):
        if not isinstance(data, list):
            problems.append(Problem(path, f"expected a list, found {_found(data)}", _type_name(tp)))
            return []
        (item_tp,) = get_args(tp)
        items = []
        for i, item in enumerate(data):
            converted = _convert(item_tp, item, path + (i,), problems)
            if converted is not None:
                items.append(converted)
        min_items = meta.get("min_items") or 0
        if len(data) < min_items:
            problems.append(Problem(path, f"has {len(data)} item(s)", f"at least {min_items}"))
        return items
    if origin in (dict, typing.Dict):
        if not isinstance(data, dict):
            problems.append(Problem(path, f"expected a mapping, found {_found(data)}", "a mapping"))
            return {}
        _, val_tp = get_args(tp)
        return {str(k): _convert(val_tp, v, path + (str(k),), problems) for k, v in data.items()}
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            problems.append(Problem(path, f"expected a number, found {_found(data)}", "a number"))
            return None
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            problems.append(Problem(path, f"expected a whole number, found {_found(data)}", "a whole number"))
            return None
        return data
    if tp is bool:
        if not isinstance(data, bool):
            problems.append(Problem(path, f"expected true or false, found {_found(data)}", "true or false"))
            return None
        return data
    if tp is str:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            data = str(data)
        if not isinstance(data, str):
            problems.append(Problem(path, f"expected text, found {_found(data)}", "text"))
            return None
        if not data.strip():
            problems.append(Problem(path, "is empty", "text"))
            return None
        pattern = meta.get("pattern")
        if pattern:
            import re

            if not re.fullmatch(pattern, data):
                problems.append(Problem(path, f"{data!r} has the wrong form", f"text matching {pattern}"))
        return data
    raise TypeError(f"unsupported type in model: {tp!r}")


def _convert_dataclass(cls: type, data: Any, path: Path, problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(Problem(path, f"expected a mapping, found {_found(data)}", "a mapping"))
        return None
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    known = set(fields)
    for key in data:
        if key not in known:
            problems.append(Problem(path + (str(key),), "unknown field", "one of " + ", ".join(sorted(known))))
    kwargs: dict[str, Any] = {}
    failed = False
    for name, f in fields.items():
        if name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                problems.append(Problem(path + (name,), "is missing", _type_name(hints[name])))
                failed = True
            continue
        before = len(problems)
        value = _convert(hints[name], data[name], path + (name,), problems, dict(f.metadata))
        if value is None and not _is_optional(hints[name]):
            if len(problems) == before:
                problems.append(Problem(path + (name,), "is empty", _type_name(hints[name])))
            failed = True
            continue
        kwargs[name] = value
    if failed:
        return None
    return cls(**kwargs)


def _found(data: Any) -> str:
    if data is None:
        return "nothing"
    if isinstance(data, bool):
        return "true/false"
    if isinstance(data, dict):
        return "a mapping"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "text"
    return type(data).__name__


def json_schema(cls: type, *, title: str = "", schema_id: str = "") -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for files holding one ``cls``."""
    defs: dict[str, Any] = {}
    root = _schema_for(cls, defs, {})
    out: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if schema_id:
        out["$id"] = schema_id
    if title:
        out["title"] = title
    out.update(root)
    if defs:
        out["$defs"] = defs
    return out


def _schema_for(tp: Any, defs: dict[str, Any], meta: dict) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    nullable = _is_optional(tp)
    if nullable:
        tp = _strip_optional(tp)
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            defs[tp.__name__] = _dataclass_schema(tp, defs)
        schema = {"$ref": f"#/$defs/{tp.__name__}"}
    elif origin is Literal:
        schema = {"enum": list(get_args(tp))}
    elif origin in (list, typing.List):
        schema = {"type": "array", "items": _schema_for(get_args(tp)[0], defs, {})}
        if meta.get("min_items"):
            schema["minItems"] = meta["min_items"]
    elif origin in (dict, typing.Dict):
        schema = {"type": "object", "additionalProperties": _schema_for(get_args(tp)[1], defs, {})}
    elif tp is str:
        schema = {"type": "string", "minLength": 1}
        if meta.get("pattern"):
            schema["pattern"] = "^(?:" + meta["pattern"] + ")$"
    elif tp is int:
        schema = {"type": "integer"}
    elif tp is float:
        schema = {"type": "number"}
    elif tp is bool:
        schema = {"type": "boolean"}
    if nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if meta.get("description"):
        schema["description"] = meta["description"]
    if meta.get("example") is not None:
        schema["examples"] = [meta["example"]]
    return schema


def _dataclass_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        props[f.name] = _schema_for(hints[f.name], defs, dict(f.metadata))
        if f.default is MISSING and f.default_factory is MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["required"] = required
    doc = (cls.__doc__ or "").strip()
    if doc and not doc.startswith(cls.__name__ + "("):
        schema["description"] = " ".join(doc.split())
    return schema
