"""Checking a vocabulary file (built-in or a force's `understanding.yaml`) for `popguide validate`:
every problem as one "FILE:LINE: field: problem" line."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .phrases import tokens
from .records import SIDES


_LIST_SECTIONS = {
    ("heads",), ("attach_words",), ("boundaries",), ("lead_in",), ("time", "words"), ("time", "joiners"),
    ("time", "leads"), ("time", "vague"), ("counts", "approximate_before"), ("counts", "approximate_after"),
    ("counts", "sources"), ("counts", "periods"), ("vague", "any"), ("vague", "count"), ("vague", "place"),
    ("vague", "time"), ("risk", "historic"), ("risk", "resolved"), ("risk", "habitual"), ("risk", "wished"), ("risk", "hypothetical"), ("risk", "negations"),
    ("risk", "current"), ("live", "markers"), ("live", "frequency"), ("live", "child_words"), ("roles", "offender"), ("roles", "victim"), ("roles", "people"), ("roles", "acts_on"), ("headless",), ("outcomes",), ("live", "general"), ("actions", "verbs"), ("actions", "owners"), ("actions", "splitters"), ("intents", "yes"), ("intents", "no"), ("intents", "none"),
    ("intents", "something_else"), ("intents", "dont_know"), ("intents", "all"),
} | {("sides", s) for s in SIDES}
#: What a risk kind may hold: phrase lists, its routes and its patterns.
_RISK_KIND_LISTS = ("cues", "weak", "context", "also_context")
_RISK_KIND_FIELDS = (*_RISK_KIND_LISTS, "routes", "patterns")
_MAP_SECTIONS = {("counts", "number_words"): float, ("intents", "ordinals"): int}
_TOP = {"live", "sides", "heads", "headless", "outcomes", "attach_words", "boundaries", "lead_in", "time", "counts", "vague", "risk", "intents", "actions",
        "roles"}
_ROUTE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _mapping_items(node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def check_vocabulary(path: Path) -> list[str]:
    """Problems in a vocabulary file as "FILE:LINE: field: problem" lines; [] when it is sound."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}:1: file: cannot be read ({exc.__class__.__name__})"]
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        return [f"{path}:{line}: yaml: {getattr(exc, 'problem', None) or 'not valid YAML'}"]
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        return [f"{path}:{root.start_mark.line + 1}: file: must be a mapping of sections"]
    problems: list[str] = []

    def at(node: yaml.Node) -> str:
        return f"{path}:{node.start_mark.line + 1}"

    def check_list(node: yaml.Node, name: str) -> None:
        if not isinstance(node, yaml.SequenceNode):
            problems.append(f"{at(node)}: {name}: must be a list of words")
            return
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                problems.append(f"{at(item)}: {name}: each entry must be a non-empty word or phrase")
            elif not tokens(str(item.value).rstrip("*")):
                problems.append(f"{at(item)}: {name}: '{item.value}' has no word to match")

    def walk(node: yaml.Node, keys: tuple[str, ...]) -> None:
        name = ".".join(keys)
        if keys in _LIST_SECTIONS:
            check_list(node, name)
            return
        if keys in _MAP_SECTIONS:
            want = _MAP_SECTIONS[keys]
            if not isinstance(node, yaml.MappingNode):
                problems.append(f"{at(node)}: {name}: must map words to numbers")
                return
            for k, v in _mapping_items(node):
                try:
                    want(v.value)
                except (TypeError, ValueError):
                    problems.append(f"{at(v)}: {name}.{k.value}: '{v.value}' is not a number")
            return
        if keys == ("live", "danger"):
            if not isinstance(node, yaml.MappingNode):
                problems.append(f"{at(node)}: {name}: must map each risk kind to its danger words")
                return
            for k, v in _mapping_items(node):
                check_list(v, f"{name}.{k.value}")
            return
        if keys == ("risk", "kinds"):
            if not isinstance(node, yaml.MappingNode):
                problems.append(f"{at(node)}: {name}: must map each risk kind to its cues and routes")
                return
            for k, spec in _mapping_items(node):
                kname = f"{name}.{k.value}"
                if not isinstance(spec, yaml.MappingNode):
                    problems.append(f"{at(spec)}: {kname}: must have cues and routes")
                    continue
                fields = {kk.value: vv for kk, vv in _mapping_items(spec)}
                for extra in sorted(set(fields) - set(_RISK_KIND_FIELDS)):
                    problems.append(f"{at(spec)}: {kname}.{extra}: unknown field "
                                    f"(expected {', '.join(_RISK_KIND_FIELDS)})")
                if "patterns" in fields:
                    pnode = fields["patterns"]
                    if not isinstance(pnode, yaml.SequenceNode):
                        problems.append(f"{at(pnode)}: {kname}.patterns: must be a list of regular expressions")
                    else:
                        for item in pnode.value:
                            try:
                                re.compile(str(item.value), re.I)
                            except re.error as exc:
                                problems.append(f"{at(item)}: {kname}.patterns: not a valid regular expression ({exc})")
                for listed in _RISK_KIND_LISTS:
                    if listed in fields:
                        check_list(fields[listed], f"{kname}.{listed}")
                if "weak" in fields and "context" not in fields:
                    problems.append(f"{at(spec)}: {kname}: weak cues need a context list")
                if "routes" in fields:
                    rnode = fields["routes"]
                    check_list(rnode, kname + ".routes")
                    if isinstance(rnode, yaml.SequenceNode):
                        for item in rnode.value:
                            if isinstance(item, yaml.ScalarNode) and not _ROUTE.match(str(item.value)):
                                problems.append(f"{at(item)}: {kname}.routes: '{item.value}' is not a partner id")
            return
        if not isinstance(node, yaml.MappingNode):
            problems.append(f"{at(node)}: {name}: must be a mapping")
            return
        for k, v in _mapping_items(node):
            sub = keys + (str(k.value),)
            if not keys and sub[0] not in _TOP:
                problems.append(f"{at(k)}: {k.value}: unknown section (expected one of {', '.join(sorted(_TOP))})")
                continue
            if keys == ("sides",) and sub[1] not in SIDES:
                problems.append(f"{at(k)}: sides.{k.value}: unknown side (expected one of {', '.join(SIDES)})")
                continue
            known = (sub in _LIST_SECTIONS or sub in _MAP_SECTIONS or sub in (("risk", "kinds"), ("live", "danger"))
                     or any(s[: len(sub)] == sub for s in _LIST_SECTIONS | set(_MAP_SECTIONS)))
            if not known:
                problems.append(f"{at(k)}: {'.'.join(sub)}: unknown field")
                continue
            walk(v, sub)

    walk(root, ())
    return problems
