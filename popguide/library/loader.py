"""Load the scenario library from the built-in folder and any overlays.

A library folder holds one ``<id>.yaml`` file per scenario, plus optional
``partners.yaml``, ``glossary.yaml``, ``synonyms.yaml``, ``unit-costs.yaml``,
``references.yaml``, ``deflators.yaml``, ``places.yaml`` and ``outside.yaml``. Folders are layered in order: an entry in a later folder
with the same id replaces the earlier one. Loading never raises on bad data:
every problem becomes a :class:`LibraryIssue`, broken files are skipped, and
the rest of the library loads.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from . import models as m
from .issues import LibraryIssue
from .typed import Problem, build
from .yamlsource import YamlFileError, line_of, read_yaml

#: Files with these names hold library-wide data, not scenarios.
RESERVED_FILES: dict[str, type] = {
    "partners.yaml": m.PartnerDirectory,
    "glossary.yaml": m.Glossary,
    "synonyms.yaml": m.Synonyms,
    "unit-costs.yaml": m.UnitCosts,
    "references.yaml": m.References,
    "deflators.yaml": m.Deflators,
    "places.yaml": m.Places,
    "outside.yaml": m.OutsideTopics,
}
LIBRARY_ENV = "POPGUIDE_LIBRARY"
EXERCISES_FOLDER = "exercises"


@dataclass
class Library:
    """Everything the guide knows, merged from all library folders."""

    roots: list[Path] = field(default_factory=list)
    scenarios: dict[str, m.Scenario] = field(default_factory=dict)
    scenario_files: dict[str, Path] = field(default_factory=dict)
    partners: dict[str, m.Partner] = field(default_factory=dict)
    glossary: dict[str, m.GlossaryTerm] = field(default_factory=dict)
    synonym_groups: list[m.SynonymGroup] = field(default_factory=list)
    stopwords: set[str] = field(default_factory=set)
    common_words: set[str] = field(default_factory=set)
    #: A question about procedure ("how do I renew my permit"), and the words that make one about a problem.
    procedure_questions: list[str] = field(default_factory=list)
    problem_words: list[str] = field(default_factory=list)
    #: What users ask about that the library does not cover (outside.yaml), by id.
    outside_topics: dict[str, m.OutsideTopic] = field(default_factory=dict)
    unit_costs: dict[str, m.UnitCost] = field(default_factory=dict)
    exercises: dict[str, m.Exercise] = field(default_factory=dict)
    exercise_files: dict[str, Path] = field(default_factory=dict)
    unit_cost_source: str = ""
    unit_cost_price_year: str = ""
    unit_cost_cites: list[m.Cite] = field(default_factory=list)
    works: dict[str, m.Work] = field(default_factory=dict)
    laws: dict[str, m.Law] = field(default_factory=dict)
    deflators: m.Deflators | None = None
    #: Place name (lower case) -> the place, from places.yaml; validate reads country fields with it.
    places: dict[str, m.Place] = field(default_factory=dict)
    #: Where each partner, glossary term, work, law entry and cost came from: (file, list field, index).
    origins: dict[tuple[str, str], tuple[Path, str, int]] = field(default_factory=dict)
    issues: list[LibraryIssue] = field(default_factory=list)

    def reference(self, ref_id: str) -> m.Work | m.Law | None:
        """A work or law entry of references.yaml by id."""
        return self.works.get(ref_id) or self.laws.get(ref_id)

    def price_uplift(self, unit_cost_id: str):
        """The unit cost brought to the deflator series' target year (see popguide.library.prices)."""
        from .prices import uplift_unit_cost

        return uplift_unit_cost(self, unit_cost_id)

    def scenario(self, scenario_id: str) -> m.Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise KeyError(f"unknown scenario id {scenario_id!r}") from None

    def partner_name(self, partner_id: str) -> str:
        partner = self.partners.get(partner_id)
        return partner.name if partner else partner_id

    def glossary_lookup(self, text: str) -> m.GlossaryTerm | None:
        """Find a glossary term by id, term or alias, ignoring case and punctuation."""
        key = _simple(text)
        for term in self.glossary.values():
            names = [term.id, term.term, *term.aliases]
            if any(_simple(n) == key for n in names):
                return term
        return None


def _simple(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def builtin_library_dir() -> Path:
    """The built-in library: inside the installed wheel, or the checkout's scenarios/."""
    packaged = Path(__file__).resolve().parent.parent / "_library"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "scenarios"


def overlay_dirs_from_env(env: os._Environ | dict | None = None) -> list[Path]:
    value = (env if env is not None else os.environ).get(LIBRARY_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def library_dirs(extra: Iterable[Path | str] = (), *, builtin: bool = True, env=None) -> list[Path]:
    """The folders to load, lowest priority first: built-in, environment, command line."""
    dirs = [builtin_library_dir()] if builtin else []
    dirs += overlay_dirs_from_env(env)
    dirs += [Path(p) for p in extra]
    return dirs


def load_library(extra: Iterable[Path | str] = (), *, builtin: bool = True, env=None) -> Library:
    return load_dirs(library_dirs(extra, builtin=builtin, env=env))


def load_dirs(dirs: Iterable[Path]) -> Library:
    lib = Library()
    for root in dirs:
        _load_root(lib, Path(root))
    _check_references(lib)
    _check_exercises(lib)
    _check_outside(lib)
    from .rules import check_library, resolve_texts

    check_library(lib)
    resolve_texts(lib)
    return lib


class _FileProblems:
    """Turns field-path problems of one file into located issues (lines found lazily)."""

    def __init__(self, path: Path, text: str, lib: Library):
        self.path, self.text, self.lib = path, text, lib

    def add(self, problems: Iterable[Problem], *, skipped: bool = False) -> None:
        for p in problems:
            self.lib.issues.append(
                LibraryIssue(self.path, line_of(self.text, p.path), p.dotted(), p.message, p.expected, skipped)
            )


#: A plain (unquoted) value with " #word" in it: YAML reads the rest of the line as a comment, so the value is cut
#: ("Ask for Angela (part of the #NoMore campaign)" became "Ask for Angela (part of the"). "  # a note" is a comment.
_CUT_BY_HASH = re.compile(r"^[ \t]*(?:- )?([\w-]+):[ \t]+(?![\s'\"\[{>|#&*!])[^#\n]*?[ \t]#(?=\S)", re.M)


def _read(lib: Library, path: Path) -> tuple[Any, str] | None:
    """A library file's data and text, or None when it cannot be read (the problem is reported, the file skipped);
    a value YAML cuts short at " #word" is reported with its line."""
    try:
        data, text = read_yaml(path)
    except YamlFileError as exc:
        lib.issues.append(LibraryIssue(path, exc.line, "(file)", exc.message, skipped=True))
        return None
    if " #" in text:
        for cut in _CUT_BY_HASH.finditer(text):
            lib.issues.append(LibraryIssue(path, text.count("\n", 0, cut.start()) + 1, cut.group(1),
                                           "is cut at ' #': YAML reads the rest of the line as a comment",
                                           "the value in quotes"))
    return data, text


def _load_root(lib: Library, root: Path) -> None:
    if not root.exists():
        lib.issues.append(LibraryIssue(root, None, "(folder)", "library folder not found"))
        return
    if not root.is_dir():
        lib.issues.append(LibraryIssue(root, None, "(folder)", "not a folder", "a library folder"))
        return
    lib.roots.append(root)
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in files:
        if (read := _read(lib, path)) is None:
            continue
        data, text = read
        reserved = RESERVED_FILES.get(path.name)
        if reserved is not None:
            _load_reserved(lib, path, text, reserved, data)
        elif path.name != "questions.yaml":  # the question script is checked by the guide
            _load_scenario(lib, path, text, data)
    exercises = root / EXERCISES_FOLDER
    if exercises.is_dir():
        for path in sorted(p for p in exercises.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
            if (read := _read(lib, path)) is None:
                continue
            data, text = read
            _load_exercise(lib, path, text, data)


def _load_exercise(lib: Library, path: Path, text: str, data: Any) -> None:
    report = _FileProblems(path, text, lib)
    exercise, problems = build(m.Exercise, data)
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(Problem(("id",), f"{data['id']!r} does not match the file name", f"{path.stem!r}"))
    if problems:
        report.add(problems, skipped=True)
        return
    lib.exercises[exercise.id] = exercise
    lib.exercise_files[exercise.id] = path


def _load_scenario(lib: Library, path: Path, text: str, data: Any) -> None:
    report = _FileProblems(path, text, lib)
    scenario, problems = build(m.Scenario, data)
    problems += _scenario_internal_problems(scenario) if scenario and not problems else []
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(Problem(("id",), f"{data['id']!r} does not match the file name", f"{path.stem!r}"))
    if problems:
        report.add(problems, skipped=True)
        return  # a broken scenario is skipped; the rest of the library loads
    existing = lib.scenario_files.get(scenario.id)
    if existing is not None and existing.parent == path.parent:
        report.add([Problem(("id",), f"duplicate scenario id {scenario.id!r} (also in {existing.name})", "a unique id")], skipped=True)
        return
    lib.scenarios[scenario.id] = scenario
    lib.scenario_files[scenario.id] = path


def _scenario_internal_problems(s: m.Scenario) -> list[Problem]:
    """Checks inside one scenario that the type system cannot express."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, r in enumerate(s.responses):
        if r.id in seen:
            problems.append(Problem(("responses", i, "id"), f"duplicate response id {r.id!r}", "a unique id"))
        seen.add(r.id)
    for i, c in enumerate(s.conflicts):
        if len(c.responses) != 2:
            problems.append(Problem(("conflicts", i, "responses"), f"names {len(c.responses)} responses", "exactly 2"))
        for j, rid in enumerate(c.responses):
            if rid not in seen:
                problems.append(Problem(("conflicts", i, "responses", j), f"unknown response {rid!r}", "a response id of this scenario"))
    partner_ids: set[str] = set()
    for i, p in enumerate(s.partners):
        if p.id in partner_ids:
            problems.append(Problem(("partners", i, "id"), f"partner {p.id!r} listed twice", "each partner once"))
        partner_ids.add(p.id)
    leads = [i for i, p in enumerate(s.partners) if p.lead]
    if len(leads) > 1:
        problems.append(Problem(("partners", leads[1], "lead"), "more than one partner marked lead", "exactly one lead"))
    return problems


def _load_reserved(lib: Library, path: Path, text: str, cls: type, data: Any) -> None:
    report = _FileProblems(path, text, lib)
    obj, problems = build(cls, data)
    if problems:
        report.add(problems, skipped=obj is None)
    if obj is None:
        return
    if isinstance(obj, m.PartnerDirectory):
        _merge_by_id(lib.partners, obj.partners, "partners", report, lib, "partner")
    elif isinstance(obj, m.Glossary):
        _merge_by_id(lib.glossary, obj.terms, "terms", report, lib, "term")
    elif isinstance(obj, m.References):
        _merge_by_id(lib.works, obj.works, "works", report, lib, "work")
        _merge_by_id(lib.laws, obj.law, "law", report, lib, "law")
    elif isinstance(obj, m.Deflators):
        lib.deflators = obj
        lib.origins[("deflators", "")] = (path, "", 0)
    elif isinstance(obj, m.Places):
        for place in obj.places:
            lib.places[place.name.lower()] = place
    elif isinstance(obj, m.Synonyms):
        lib.synonym_groups.extend(obj.groups)
        lib.stopwords.update(w.lower() for w in obj.stopwords)
        lib.common_words.update(w.lower() for w in obj.common_words)
        lib.procedure_questions.extend(w.lower() for w in obj.procedure_questions)
        lib.problem_words.extend(w.lower() for w in obj.problem_words)
    elif isinstance(obj, m.OutsideTopics):
        _merge_by_id(lib.outside_topics, obj.topics, "topics", report, lib, "outside topic")
    elif isinstance(obj, m.UnitCosts):
        lib.unit_cost_source, lib.unit_cost_price_year = obj.source, obj.price_year
        lib.unit_cost_cites = list(obj.cites)
        lib.origins[("unit-costs", "")] = (path, "", 0)
        _merge_by_id(lib.unit_costs, obj.costs, "costs", report, lib, "cost")


def _merge_by_id(target: dict, items: list, list_field: str, report: _FileProblems,
                 lib: Library | None = None, kind: str = "") -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            report.add([Problem((list_field, i, "id"), f"duplicate id {item.id!r}", "a unique id")])
            continue
        seen.add(item.id)
        target[item.id] = item
        if lib is not None:
            lib.origins[(kind, item.id)] = (report.path, list_field, i)


def _check_references(lib: Library) -> None:
    """References between files: partners, glossary powers, unit costs."""
    for sid, s in lib.scenarios.items():
        path = lib.scenario_files[sid]
        problems: list[Problem] = []
        for i, p in enumerate(s.partners):
            if p.id not in lib.partners:
                problems.append(Problem(("partners", i, "id"), f"unknown partner {p.id!r}", "an id from partners.yaml"))
        for i, r in enumerate(s.responses):
            if r.lead not in lib.partners:
                problems.append(Problem(("responses", i, "lead"), f"unknown partner {r.lead!r}", "an id from partners.yaml"))
            for j, sup in enumerate(r.support):
                if sup not in lib.partners:
                    problems.append(Problem(("responses", i, "support", j), f"unknown partner {sup!r}", "an id from partners.yaml"))
            if r.power and r.power not in lib.glossary:
                problems.append(Problem(("responses", i, "power"), f"unknown power {r.power!r}", "an id from glossary.yaml"))
        for i, ct in enumerate(s.assessment.crime_types):
            if ct not in lib.unit_costs:
                problems.append(Problem(("assessment", "crime_types", i), f"unknown crime type {ct!r}", "an id from unit-costs.yaml"))
        if problems:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                text = ""
            _FileProblems(path, text, lib).add(problems)


def _check_exercises(lib: Library) -> None:
    for eid, ex in lib.exercises.items():
        path = lib.exercise_files[eid]
        problems: list[Problem] = []
        scenario = lib.scenarios.get(ex.model.scenario)
        if scenario is None:
            problems.append(Problem(("model", "scenario"), f"unknown scenario {ex.model.scenario!r}", "a scenario id"))
        else:
            for i, rid in enumerate(ex.model.responses):
                if scenario.response(rid) is None:
                    problems.append(Problem(("model", "responses", i), f"unknown response {rid!r}", f"a response id of {scenario.id}"))
            for i, trap in enumerate(ex.model.traps):
                for j, rid in enumerate(trap.responses):
                    if scenario.response(rid) is None:
                        problems.append(Problem(("model", "traps", i, "responses", j), f"unknown response {rid!r}", f"a response id of {scenario.id}"))
                if trap.kind == "conflict" and len(trap.responses) != 2:
                    problems.append(Problem(("model", "traps", i, "responses"), "a conflict trap needs two responses", "exactly 2"))
        if ex.model.lead not in lib.partners:
            problems.append(Problem(("model", "lead"), f"unknown partner {ex.model.lead!r}", "an id from partners.yaml"))
        for i, pid in enumerate(ex.model.partners):
            if pid not in lib.partners:
                problems.append(Problem(("model", "partners", i), f"unknown partner {pid!r}", "an id from partners.yaml"))
        for i, table in enumerate(ex.data):
            for j, row in enumerate(table.rows):
                if len(row) != len(table.columns):
                    problems.append(Problem(("data", i, "rows", j), f"has {len(row)} cells", f"{len(table.columns)}, one per column"))
        if problems:
            _FileProblems(path, path.read_text(encoding="utf-8"), lib).add(problems)


def _check_outside(lib: Library) -> None:
    """An outside topic's word must not be a scenario's name or keyword: it would hide that problem."""
    names: dict[str, str] = {}
    for sid, s in lib.scenarios.items():
        for name in (s.title, *s.aliases, *s.keywords):
            names.setdefault(_simple(name), sid)
    by_file: dict[Path, list[Problem]] = {}
    for tid, topic in lib.outside_topics.items():
        path, list_field, i = lib.origins[("outside topic", tid)]
        for j, word in enumerate(topic.words):
            sid = names.get(_simple(word))
            if sid is not None:
                by_file.setdefault(path, []).append(Problem(
                    (list_field, i, "words", j), f"{word!r} names scenario {sid}: texts about it would match nothing",
                    "a word about this topic only"))
    for path, problems in by_file.items():
        _FileProblems(path, path.read_text(encoding="utf-8"), lib).add(problems)


def describe_issue_count(issues: list[LibraryIssue]) -> str:
    files = {i.file for i in issues}
    return f"{len(issues)} problem(s) in {len(files)} file(s)"


__all__ = [
    "Library",
    "LibraryIssue",
    "builtin_library_dir",
    "describe_issue_count",
    "library_dirs",
    "load_dirs",
    "load_library",
]
