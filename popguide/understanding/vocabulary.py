"""The understanding's vocabulary: YAML data merged from the built-in file and a force's additions.

Words live in data so a force can add its own (an `understanding.yaml` beside its scenarios); this
module loads, merges and checks them, and turns each list into a fast phrase matcher over word tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

import yaml

from .checks import check_vocabulary
from .phrases import Hit, PhraseMatcher, norm, raw_tokens, tokens
from .records import SIDES

__all__ = ["BUILTIN", "OVERLAY_NAME", "SIDES", "Hit", "PhraseMatcher", "Vocabulary", "check_vocabulary",
           "load_vocabulary", "norm", "raw_tokens", "tokens"]

BUILTIN = Path(__file__).with_name("vocabulary.yaml")
OVERLAY_NAME = "understanding.yaml"



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
    def acts_on(self) -> PhraseMatcher:
        return self.matcher("roles", "acts_on")

    @cached_property
    def role_words(self) -> frozenset[str]:
        """Single words that say what people do or feel ("threatened", "scared"): never a fact alone."""
        return frozenset(norm(w) for w in self.words("roles", "offender") + self.words("roles", "victim")
                         + self.words("roles", "acts_on") if " " not in w.strip())

    @cached_property
    def outcomes(self) -> PhraseMatcher:
        return self.matcher("outcomes")

    @cached_property
    def headless(self) -> frozenset[str]:
        return frozenset(norm(w) for w in self.words("headless"))

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
    def live_general(self) -> PhraseMatcher:
        return self.matcher("live", "general")

    @cached_property
    def live_child(self) -> PhraseMatcher:
        return self.matcher("live", "child_words")

    def risk_routes(self, kind: str) -> tuple[str, ...]:
        return tuple(_strs((self.section("risk", "kinds", kind) or {}).get("routes")))

    @cached_property
    def risk_historic(self) -> PhraseMatcher:
        return self.matcher("risk", "historic")

    @cached_property
    def risk_habitual(self) -> PhraseMatcher:
        return self.matcher("risk", "habitual")

    @cached_property
    def risk_resolved(self) -> PhraseMatcher:
        return self.matcher("risk", "resolved")

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
    def risk_also_context(self) -> dict[str, PhraseMatcher]:
        """Per kind, a second set of words a weak cue also needs in its sentence (a child and an adult, say)."""
        return {str(kind): PhraseMatcher((w, "x") for w in _strs(spec.get("also_context")))
                for kind, spec in (self.section("risk", "kinds") or {}).items() if (spec or {}).get("also_context")}

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
