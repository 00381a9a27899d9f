"""The command line: one face of the core, beside the terminal app and the tests.

Every error a user can cause ends as one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_WARNINGS = 5


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line instead of usage + error
        raise UserError(f"{message} (see `{self.prog} --help`)")


def _library_option(parser: argparse.ArgumentParser, dest: str = "library_sub") -> None:
    parser.add_argument(
        "--library", metavar="DIR", action="append", default=None, dest=dest,
        help="add a library folder on top of the built-in one (repeatable; also POPGUIDE_LIBRARY)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="popguide", description="An offline guide to problem-oriented policing (SARA).")
    parser.add_argument("--version", action="version", version=f"popguide {__version__}")
    _library_option(parser, "library")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("match", help="find the scenarios that fit a description")
    _library_option(p)
    p.add_argument("text", nargs="*", help="the description; several texts are pooled into one query")
    p.add_argument("--top", type=int, default=3, help="how many matches to show (default 3)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--file", metavar="PATH", help="one independent query per line ('-' for stdin)")

    p = sub.add_parser("scenarios", help="list the scenarios in the library")
    _library_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("show", help="show one scenario (or partner) in full")
    _library_option(p)
    p.add_argument("id", help="scenario id (or partner id)")

    p = sub.add_parser("partners", help="list the partner directory")
    _library_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("validate", help="check library folders and report every problem")
    _library_option(p)
    p.add_argument("dirs", nargs="*", metavar="DIR", help="folders to check on top of the built-in library")
    p.add_argument("--no-builtin", action="store_true", help="check the given folders alone")

    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        args.library = (args.library or []) + (getattr(args, "library_sub", None) or [])
        if args.command is None:
            return _run_app(args)
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"popguide: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("popguide: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


# -- helpers -------------------------------------------------------------------
def _load(args, *, warn: bool = True):
    from .library import load_library

    lib = load_library(args.library)
    if warn and lib.issues:
        for issue in lib.issues[:MAX_WARNINGS]:
            print(f"popguide: warning: {issue}" + (" (file skipped)" if issue.skipped else ""), file=sys.stderr)
        more = len(lib.issues) - MAX_WARNINGS
        if more > 0:
            print(f"popguide: warning: {more} more problem(s); run `popguide validate` for the list", file=sys.stderr)
    return lib


def _run_app(args) -> int:
    print("popguide: the terminal guide is not built yet; try `popguide match \"...\"` or `popguide --help`.")
    return EXIT_OK


# -- commands ----------------------------------------------------------------------
def cmd_match(args) -> int:
    from .matching import Matcher

    if args.top < 1:
        raise UserError("--top must be at least 1")
    if args.file and args.text:
        raise UserError("give either TEXT or --file, not both")
    if not args.file and not any(t.strip() for t in args.text):
        raise UserError("nothing to match: give a description, or --file PATH")
    queries: list[list[str]]
    if args.file:
        queries = [[line] for line in _read_lines(args.file) if line.strip()]
    else:
        queries = [args.text]
    matcher = Matcher(_load(args))
    for texts in queries:
        matches = matcher.match(texts, top=args.top)
        if args.json:
            print(json.dumps({"query": " ".join(texts), "matches": [m.to_dict() for m in matches]}, ensure_ascii=False))
        else:
            _print_matches(" ".join(texts), matches, several=len(queries) > 1)
    return EXIT_OK


def _read_lines(path: str) -> list[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _print_matches(query: str, matches, *, several: bool) -> None:
    if several:
        print(f"> {query}")
    if not matches:
        print("No scenario fits well enough. Try describing what happens, where, and who is affected.")
    else:
        width = max(len(m.id) for m in matches)
        print(f"  #  score  {'id'.ljust(width)}  title")
        for n, m in enumerate(matches, 1):
            print(f"{n:>3}  {m.score:5.1f}  {m.id.ljust(width)}  {m.title}")
            if m.why:
                print(f"{'':13}why: {', '.join(m.why)}")
    if several:
        print()


def cmd_scenarios(args) -> int:
    lib = _load(args)
    rows = [
        {"id": s.id, "title": s.title, "file": str(lib.scenario_files[s.id]), "responses": len(s.responses)}
        for s in sorted(lib.scenarios.values(), key=lambda s: s.id)
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    print(f"{'id'.ljust(width)}  responses  title")
    for r in rows:
        print(f"{r['id'].ljust(width)}  {r['responses']:>9}  {r['title']}")
    print(f"\n{len(rows)} scenarios from {', '.join(str(p) for p in lib.roots)}")
    return EXIT_OK


def cmd_show(args) -> int:
    from .library.describe import partner_markdown, scenario_markdown

    lib = _load(args)
    if args.id in lib.scenarios:
        print(scenario_markdown(lib.scenarios[args.id], lib))
    elif args.id in lib.partners:
        print(partner_markdown(lib.partners[args.id]))
    else:
        raise UserError(f"unknown scenario id {args.id!r} (see `popguide scenarios`)")
    return EXIT_OK


def cmd_partners(args) -> int:
    lib = _load(args)
    partners = sorted(lib.partners.values(), key=lambda p: p.id)
    if args.json:
        print(json.dumps([{"id": p.id, "name": p.name, "kind": p.kind} for p in partners], indent=2))
        return EXIT_OK
    width = max((len(p.id) for p in partners), default=2)
    for p in partners:
        print(f"{p.id.ljust(width)}  {p.name}")
    return EXIT_OK


def cmd_validate(args) -> int:
    from .library.loader import describe_issue_count, library_dirs, load_dirs

    extra = list(args.library) + list(args.dirs)
    dirs = library_dirs(extra, builtin=not args.no_builtin)
    lib = load_dirs(dirs)
    for issue in lib.issues:
        print(issue)
    checked = ", ".join(str(d) for d in dirs)
    if lib.issues:
        print(f"{describe_issue_count(lib.issues)}; checked {checked}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK: {len(lib.scenarios)} scenarios, {len(lib.partners)} partners, {len(lib.glossary)} glossary terms in {checked}")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .library.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


COMMANDS = {
    "match": cmd_match,
    "scenarios": cmd_scenarios,
    "show": cmd_show,
    "partners": cmd_partners,
    "validate": cmd_validate,
    "schema": cmd_schema,
}
