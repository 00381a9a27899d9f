"""One safe way to read a YAML file that popguide did not write in this run.

Library folders, overlays, question scripts, exercises, sessions, case packs,
answer files and training results are all edited, copied and handed over by
people, so any of them can be wrong or hostile. Everything that can go wrong
while reading one becomes a :class:`YamlFileError` naming the file and line:

- syntax errors, and constructor errors that PyYAML does not raise as
  ``YAMLError`` (``2024-02-30`` read as a date, ``!!bool maybe``, an integer
  longer than Python converts);
- aliases (``*name``), refused outright: a few hundred bytes of aliases can
  expand to gigabytes, and popguide's files never need them;
- nesting deeper than :data:`MAX_DEPTH`, files larger than :data:`MAX_BYTES`,
  numbers longer than :data:`MAX_DIGITS` digits, NaN and infinity;
- a key given twice in one mapping (PyYAML would keep the second and lose the first).

The node tree composed while reading is kept (for a few files) so that the
line of any field path is found without parsing the file again: a file with
thousands of problems is still read once.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import Any

import yaml

try:  # the C parser is several times faster on a library of any size
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader
SafeLoader = _BaseLoader  # kept for callers that dump or compose with the same parser

MAX_BYTES = 8 * 1024 * 1024  # far above any real library, session or pack file
MAX_DEPTH = 40  # real files nest 6 deep at most
MAX_DIGITS = 30  # digits in one number: counts and costs never need more
MAX_NODES = 2_000_000

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NOT_FINITE = re.compile(r"^[-+]?\.(inf|nan)$", re.I)
#: The only kinds of value popguide's files hold; !!binary, !!set, !!omap and custom tags are refused.
_KINDS = {f"tag:yaml.org,2002:{k}": name for k, name in [
    ("str", "text"), ("int", "a whole number"), ("float", "a number"), ("bool", "true or false"),
    ("null", "nothing"), ("timestamp", "a date"), ("seq", "a list"), ("map", "a mapping")]}


class YamlFileError(Exception):
    """A file that cannot be read or parsed; carries the line when known."""

    def __init__(self, path: Path, line: int | None, message: str):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class _Refused(Exception):
    def __init__(self, node: yaml.Node | None, message: str):
        super().__init__(message)
        self.node, self.message = node, message


class _Constructor(_BaseLoader):
    """The safe constructor with finite numbers and bounded integers."""

    def construct_yaml_int(self, node):
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_DIGITS:
            raise _Refused(node, f"number with {digits} digits (at most {MAX_DIGITS})")
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise _Refused(node, f"{node.value!r} is not a finite number")
        return value


_Constructor.add_constructor(_INT_TAG, _Constructor.construct_yaml_int)
_Constructor.add_constructor(_FLOAT_TAG, _Constructor.construct_yaml_float)


def _check_tree(root: yaml.Node) -> None:
    """Refuse aliases, deep nesting and oversized numbers before anything is built (no recursion)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _Refused(node, "uses a YAML alias (*name) or merge key; write the value out instead")
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise _Refused(node, f"more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag == "tag:yaml.org,2002:merge":
            raise _Refused(node, "uses a YAML merge key (<<: *alias); write the values out instead")
        if node.tag not in _KINDS:
            raise _Refused(node, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed here")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _FLOAT_TAG and _NOT_FINITE.match(node.value.strip()):
                raise _Refused(node, f"{node.value!r} is not a finite number")
            if node.tag in (_INT_TAG, _FLOAT_TAG) and sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
                raise _Refused(node, f"number with more than {MAX_DIGITS} digits")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:  # PyYAML keeps the last and drops the first without a word
                        raise _Refused(key, f"the key {key.value!r} appears twice here (first at line "
                                            f"{_line(keys[key.value].start_mark)}); keep one")
                    keys[key.value] = key
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))


def _line(mark) -> int | None:
    return mark.line + 1 if mark is not None else None


def parse_yaml(text: str, path: Path | str = "<text>") -> Any:
    """Parse ``text`` safely; raise :class:`YamlFileError` naming ``path`` and the line."""
    path = Path(path)
    if len(text) > MAX_BYTES:
        raise YamlFileError(path, None, f"file too large ({len(text):,} characters; at most {MAX_BYTES:,})")
    loader = _Constructor(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = (exc.problem or exc.context or "invalid YAML").strip()
            raise YamlFileError(path, _line(mark), f"YAML syntax error: {what}") from None
        except yaml.reader.ReaderError as exc:
            line = text[: max(exc.position, 0)].count("\n") + 1
            raise YamlFileError(path, line, f"YAML syntax error: character #x{exc.character if isinstance(exc.character, int) else ord(exc.character):04x} is not allowed") from None
        except yaml.YAMLError as exc:
            raise YamlFileError(path, None, f"YAML syntax error: {' '.join(str(exc).split())[:200]}") from None
        if root is None:
            return None
        try:
            _check_tree(root)
            data = loader.construct_document(root)
        except _Refused as exc:
            raise YamlFileError(path, _line(exc.node.start_mark if exc.node else None), exc.message) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = (exc.problem or exc.context or "cannot be read").strip()
            raise YamlFileError(path, _line(mark), f"YAML value error: {what}") from None
        except Exception as exc:  # noqa: BLE001 - KeyError, ValueError...: any value PyYAML cannot build
            # PyYAML raises these for values it parsed but cannot build (2024-02-30, an odd tag's value)
            node = _failing_node(root, exc)
            if node is None:
                raise YamlFileError(path, None, f"a value cannot be read: {' '.join(str(exc).split())[:200]}") from None
            raise YamlFileError(path, _line(node.start_mark),
                                f"{str(node.value)[:60]!r} cannot be read as {_KINDS.get(node.tag, node.tag)}") from None
        _remember(text, root)
        return data
    finally:
        loader.dispose()


def _failing_node(root: yaml.Node, exc: Exception) -> yaml.Node | None:
    """The first scalar that fails to build on its own: where a constructor error came from."""
    probe = _Constructor("")
    stack = [root]
    try:
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    probe.construct_object(node, deep=True)
                except Exception:  # noqa: BLE001 - this is the search for the failing value
                    return node
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for key, value in reversed(node.value):
                    stack.extend((value, key))
    finally:
        probe.dispose()
    return None


def read_yaml(path: Path, *, max_bytes: int = MAX_BYTES) -> tuple[Any, str]:
    """Return (data, text) of a YAML file, or raise YamlFileError."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlFileError(path, None, f"file too large ({size:,} bytes; at most {max_bytes:,})")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlFileError(path, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise YamlFileError(path, None, f"cannot read ({exc.strerror or exc})") from None
    return parse_yaml(text, path), text


# -- line numbers --------------------------------------------------------------------------
_NODES: "OrderedDict[str, yaml.Node]" = OrderedDict()
_NODES_LOCK = Lock()
_NODES_KEPT = 16


def _remember(text: str, root: yaml.Node) -> None:
    with _NODES_LOCK:
        _NODES[text] = root
        _NODES.move_to_end(text)
        while len(_NODES) > _NODES_KEPT:
            _NODES.popitem(last=False)


def _root_of(text: str) -> yaml.Node | None:
    with _NODES_LOCK:
        root = _NODES.get(text)
    if root is not None:
        return root
    loader = _BaseLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if root is not None:
        _remember(text, root)
    return root


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """The 1-based line of the value at ``path`` (or of its nearest parent); the file is parsed at most once."""
    if len(text) > MAX_BYTES:
        return None
    node = _root_of(text)
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
