"""The understanding's vocabulary: YAML data merged from the built-in file and a force's additions.

Words live in data so a force can add its own (an `understanding.yaml` beside its scenarios); this
module loads, merges and checks them, and turns each list into a fast phrase matcher over word tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

BUILTIN = Path(__file__).with_name("vocabulary.yaml")
OVERLAY_NAME = "understanding.yaml"

SIDES = ("offender", "victim", "place", "handler", "guardian", "manager", "time", "count", "tried")
RISK_KINDS_EXAMPLE = ("suicide-self-harm", "threat-to-life", "weapon", "missing-child", "threatened-now",
                      "domestic-abuse-now")

# Word tokens (internal apostrophes kept) or single symbols; the same rule tokenises text and phrases.
# Numbers ("1,200", "2.5") come first so "40ish" is "40" + "ish".
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W_]+(?:['\u2019][^\W_]+)*|[^\w\s]")
_APOS = str.maketrans("", "", "'\u2019")


def norm(token: str) -> str:
    low = token.lower()
    return low.translate(_APOS) if ("'" in low or "\u2019" in low) else low


def raw_tokens(text: str) -> list[tuple[str, int, int]]:
    """(normalised word, start, end) for each token of `text`, hyphens included."""
    return [(norm(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Tokens without hyphens, so "self-harm" matches "self harm"."""
    return [t for t in raw_tokens(text) if t[0] != "-"]


@lru_cache(maxsize=8192)
def _singulars(tok: str) -> tuple[str, ...]:
    out = [tok]
    if len(tok) > 3 and tok.endswith("es"):
        out.append(tok[:-2])
    if len(tok) > 2 and tok.endswith("s"):
        out.append(tok[:-1])
    return tuple(out)


@dataclass(frozen=True)
class Hit:
    tag: str
    start: int
    end: int
    first: int  # index of the first token
    last: int   # index one past the last token


class PhraseMatcher:
    """Leftmost-longest phrase matching over word tokens; each phrase carries a tag (a side, a kind...)."""

    def __init__(self, phrases: Iterable[tuple[str, str]]):
        self._index: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
        self._stars: list[tuple[str, str]] = []
        for phrase, tag in phrases:
            phrase = str(phrase).strip()
            star = phrase.endswith("*")
            words = tuple(norm(t) for t, _, _ in [(m.group(), 0, 0) for m in _TOKEN.finditer(phrase.rstrip("*"))]
                          if t != "-")
            if not words:
                continue
            if star and len(words) == 1:
                self._stars.append((words[0], tag))
                continue
            self._index.setdefault(words[0], []).append((words, star, tag))
        for cands in self._index.values():
            cands.sort(key=lambda c: -len(c[0]))
        # first words and their plurals, so the quick test in find() is one set lookup
        self._first = frozenset(self._index) | {k + "s" for k in self._index} | {k + "es" for k in self._index}
        self._prefixes = tuple(p for p, _ in self._stars)

    def longest_at(self, toks: Sequence[tuple[str, int, int]], i: int, hi: int) -> tuple[int, str] | None:
        """(number of tokens, tag) of the longest phrase starting at token i, or None."""
        tok = toks[i][0]
        if tok not in self._first and not (self._prefixes and tok.startswith(self._prefixes)):
            return None
        best: tuple[int, str] | None = None
        for key in _singulars(tok):
            for words, star, tag in self._index.get(key, ()):
                n = len(words)
                if best and n <= best[0]:
                    break  # candidates are sorted longest first
                if i + n > hi:
                    continue
                k = 1 if n > 1 else 0
                if n == 1:
                    if key == tok or words[0] == key:
                        best = (1, tag)
                    continue
                while k < n:
                    t = toks[i + k][0]
                    want = words[k]
                    if t != want and not (k == n - 1 and (star and t.startswith(want)
                                                         or t == want + "s" or t == want + "es")):
                        break
                    k += 1
                if k == n:
                    best = (n, tag)
        if best is None and self._stars:
            for prefix, tag in self._stars:
                if tok.startswith(prefix):
                    return (1, tag)
        return best

    def find(self, toks: Sequence[tuple[str, int, int]], lo: int = 0, hi: int | None = None) -> list[Hit]:
        hi = len(toks) if hi is None else hi
        hits: list[Hit] = []
        first, prefixes = self._first, self._prefixes
        i = lo
        while i < hi:
            tok = toks[i][0]
            if tok not in first and not (prefixes and tok.startswith(prefixes)):
                i += 1
                continue
            best = self.longest_at(toks, i, hi)
            if best:
                n, tag = best
                hits.append(Hit(tag, toks[i][1], toks[i + n - 1][2], i, i + n))
                i += n
            else:
                i += 1
        return hits

    def search(self, text: str) -> list[Hit]:
        return self.find(tokens(text))

    def contains(self, text: str) -> bool:
        return bool(self.search(text))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: five times faster
    """YAML 1.2 booleans: "yes", "no", "on", "off", "y" and "n" stay words (they are vocabulary here)."""


_Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
                                   for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def _merge(base: Any, extra: Any) -> Any:
    """Lists are added to (without repeats), mappings merged key by key; scalars in `extra` win."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + [x for x in extra if x not in base]
    return extra if extra is not None else base


def _strs(value: Any) -> list[str]:
    return [str(x) for x in value or [] if x is not None]


@dataclass
class Vocabulary:
    """The merged vocabulary data, with matchers built on first use."""

    data: dict
    sources: tuple[Path, ...] = field(default=())

    def section(self, *keys: str) -> Any:
        node: Any = self.data
        for k in keys:
            node = (node or {}).get(k) if isinstance(node, dict) else None
        return node

    def words(self, *keys: str) -> list[str]:
        return _strs(self.section(*keys))

    def matcher(self, *keys: str) -> PhraseMatcher:
        return PhraseMatcher((w, "x") for w in self.words(*keys))

    @cached_property
    def sides(self) -> PhraseMatcher:
        pairs = []
        for side in SIDES:
            pairs += [(w, side) for w in self.words("sides", side)]
        return PhraseMatcher(pairs)

    @cached_property
    def roles(self) -> PhraseMatcher:
        return PhraseMatcher([(w, "offender") for w in self.words("roles", "offender")]
                             + [(w, "victim") for w in self.words("roles", "victim")])

    @cached_property
    def heads(self) -> frozenset[str]:
        return frozenset(" ".join(t for t, _, _ in tokens(w)) for w in self.words("heads"))

    @cached_property
    def either_role(self) -> frozenset[str]:
        return frozenset(" ".join(t for t, _, _ in tokens(w)) for w in self.words("roles", "people"))

    @cached_property
    def boundaries(self) -> PhraseMatcher:
        return self.matcher("boundaries")

    @cached_property
    def attach(self) -> PhraseMatcher:
        return self.matcher("attach_words")

    @cached_property
    def lead_in(self) -> PhraseMatcher:
        return self.matcher("lead_in")

    @cached_property
    def time_words(self) -> PhraseMatcher:
        return self.matcher("time", "words")

    @cached_property
    def time_joiners(self) -> frozenset[str]:
        return frozenset(norm(w) for w in self.words("time", "joiners"))

    @cached_property
    def time_leads(self) -> frozenset[str]:
        return frozenset(norm(w) for w in self.words("time", "leads"))

    @cached_property
    def count_sources(self) -> PhraseMatcher:
        return self.matcher("counts", "sources")

    @cached_property
    def number_words(self) -> dict[str, float]:
        out = {}
        for k, v in (self.section("counts", "number_words") or {}).items():
            try:
                out[" ".join(norm(t) for t, _, _ in tokens(str(k)))] = float(v)
            except (TypeError, ValueError):
                continue
        return out

    @cached_property
    def vague(self) -> dict[str, PhraseMatcher]:
        return {k: self.matcher("vague", k) for k in ("any", "count", "place", "time")}

    @cached_property
    def time_vague(self) -> PhraseMatcher:
        return self.matcher("time", "vague")

    @cached_property
    def risk_cues(self) -> PhraseMatcher:
        pairs = []
        for kind, spec in (self.section("risk", "kinds") or {}).items():
            pairs += [(w, str(kind)) for w in _strs((spec or {}).get("cues"))]
        return PhraseMatcher(pairs)

    @cached_property
    def risk_patterns(self) -> list[tuple[str, re.Pattern]]:
        out = []
        for kind, spec in (self.section("risk", "kinds") or {}).items():
            for p in _strs((spec or {}).get("patterns")):
                try:
                    out.append((str(kind), re.compile(p, re.I)))
                except re.error:
                    continue  # reported by check_vocabulary
        return out

    @cached_property
    def live_danger(self) -> PhraseMatcher:
        pairs = []
        for kind, words in (self.section("live", "danger") or {}).items():
            pairs += [(w, str(kind)) for w in _strs(words)]
        return PhraseMatcher(pairs)

    @cached_property
    def live_markers(self) -> PhraseMatcher:
        return self.matcher("live", "markers")

    @cached_property
    def live_frequency(self) -> PhraseMatcher:
        return self.matcher("live", "frequency")

    @cached_property
    def live_child(self) -> PhraseMatcher:
        return self.matcher("live", "child_words")

    def risk_routes(self, kind: str) -> tuple[str, ...]:
        return tuple(_strs((self.section("risk", "kinds", kind) or {}).get("routes")))

    @cached_property
    def risk_historic(self) -> PhraseMatcher:
        return self.matcher("risk", "historic")

    @cached_property
    def wished(self) -> PhraseMatcher:
        return self.matcher("risk", "wished")

    @cached_property
    def risk_hypothetical(self) -> PhraseMatcher:
        return self.matcher("risk", "hypothetical")

    @cached_property
    def risk_current(self) -> PhraseMatcher:
        return self.matcher("risk", "current")

    @cached_property
    def risk_weak(self) -> PhraseMatcher:
        pairs = []
        for kind, spec in (self.section("risk", "kinds") or {}).items():
            pairs += [(w, str(kind)) for w in _strs((spec or {}).get("weak"))]
        return PhraseMatcher(pairs)

    @cached_property
    def risk_context(self) -> dict[str, PhraseMatcher]:
        return {str(kind): PhraseMatcher((w, "x") for w in _strs((spec or {}).get("context")))
                for kind, spec in (self.section("risk", "kinds") or {}).items()}

    @cached_property
    def negations(self) -> frozenset[str]:
        return frozenset(norm(w) for w in self.words("risk", "negations"))

    @cached_property
    def intents(self) -> PhraseMatcher:
        pairs = []
        for kind in ("yes", "no", "none", "something_else", "dont_know", "all"):
            pairs += [(w, kind) for w in self.words("intents", kind)]
        return PhraseMatcher(pairs)

    @cached_property
    def ordinals(self) -> dict[str, int]:
        out = {}
        for k, v in (self.section("intents", "ordinals") or {}).items():
            try:
                out[norm(str(k))] = int(v)
            except (TypeError, ValueError):
                continue
        return out


def load_vocabulary(roots: Sequence[Path] = ()) -> Vocabulary:
    """The built-in vocabulary extended by `understanding.yaml` in each of `roots` (missing files are skipped)."""
    data = _read_yaml(BUILTIN) or {}
    used = [BUILTIN]
    for root in roots:
        path = Path(root)
        path = path if path.is_file() else path / OVERLAY_NAME
        if not path.is_file():
            continue
        if check_vocabulary(path):
            continue  # a broken overlay is reported by `popguide validate`, never half-applied
        extra = _read_yaml(path) or {}
        data = _merge(data, extra)
        used.append(path)
    return Vocabulary(data, tuple(used))


# ---- checking a vocabulary file (for `popguide validate`) -------------------------------------------

_LIST_SECTIONS = {
    ("heads",), ("attach_words",), ("boundaries",), ("lead_in",), ("time", "words"), ("time", "joiners"),
    ("time", "leads"), ("time", "vague"), ("counts", "approximate_before"), ("counts", "approximate_after"),
    ("counts", "sources"), ("counts", "periods"), ("vague", "any"), ("vague", "count"), ("vague", "place"),
    ("vague", "time"), ("risk", "historic"), ("risk", "wished"), ("risk", "hypothetical"), ("risk", "negations"),
    ("risk", "current"), ("live", "markers"), ("live", "frequency"), ("live", "child_words"), ("roles", "offender"), ("roles", "victim"), ("roles", "people"), ("actions", "verbs"), ("actions", "owners"), ("actions", "splitters"), ("intents", "yes"), ("intents", "no"), ("intents", "none"),
    ("intents", "something_else"), ("intents", "dont_know"), ("intents", "all"),
} | {("sides", s) for s in SIDES}
_MAP_SECTIONS = {("counts", "number_words"): float, ("intents", "ordinals"): int}
_TOP = {"live", "sides", "heads", "attach_words", "boundaries", "lead_in", "time", "counts", "vague", "risk", "intents", "actions",
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
                for extra in sorted(set(fields) - {"cues", "routes", "weak", "context", "patterns"}):
                    problems.append(f"{at(spec)}: {kname}.{extra}: unknown field "
                                    "(expected cues, routes, weak, context, patterns)")
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
                for listed in ("cues", "weak", "context"):
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
