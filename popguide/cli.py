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
from .store import StoreError

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
    parser.add_argument("--data-dir", metavar="DIR", default=None, help="where sessions are kept (also POPGUIDE_DATA)")
    parser.add_argument("--cases", metavar="DIR", action="append", default=None,
                        help="a shared folder of cases (repeatable; also POPGUIDE_CASES)")
    _repository_option(parser, "repository")
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

    p = sub.add_parser("guide", help="run the guided conversation with scripted answers")
    _library_option(p)
    _data_option(p)
    p.add_argument("--answers", metavar="FILE", required=True, help="a YAML list of answers (commands allowed); '-' for stdin")
    p.add_argument("--resume", metavar="SESSION", help="continue this session instead of starting a new one")
    p.add_argument("--participants", metavar="LIST", help="adviser-led: 'Sam Jones (Police); Ali Khan (Housing)'")
    p.add_argument("--json", action="store_true", help="print the session (with its id) as JSON")

    p = sub.add_parser("sessions", help="list saved sessions")
    _library_option(p)
    _data_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("export", help="write a session's problem-solving plan")
    _library_option(p)
    _data_option(p)
    p.add_argument("session", help="session id (or its start) or a session file's path")
    p.add_argument("--format", choices=["md", "html", "txt"], default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of printing")
    p.add_argument("--redact", action="store_true", help="mask personal data (phone numbers, emails, postcodes...)")
    p.add_argument("--notes", action="store_true", help="include the adviser's private notes (left out by default)")

    p = sub.add_parser("assess", help="the assessment figures of a session (change, displacement, cost-benefit)")
    _library_option(p)
    _data_option(p)
    p.add_argument("session")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("cases", help="the learning repository: closed sessions and imported cases")
    _data_option(p)
    _cases_option(p)
    _repository_option(p)
    _case_filters(p)
    p.add_argument("--limit", type=int, default=50, help="show at most this many, latest first (0: all; default 50)")
    p.add_argument("--json", action="store_true", help="print JSON")
    cases_sub = p.add_subparsers(dest="cases_action", metavar="ACTION", parser_class=_Parser)
    q = cases_sub.add_parser("export", help="write cases to a pack file to share")
    _data_option(q)
    _cases_option(q)
    _repository_option(q)
    q.add_argument("-o", "--output", metavar="PACK", required=True)
    q.add_argument("--redact", action="store_true", help="mask personal data in the pack")
    _case_filters(q)
    q = cases_sub.add_parser("import", help="add the cases of a pack (cases already there are skipped)")
    _data_option(q)
    _repository_option(q)
    q.add_argument("pack", metavar="PACK")
    q = cases_sub.add_parser("publish", help="share a closed session's case with the shared repository, masked")
    _data_option(q)
    _repository_option(q)
    q.add_argument("session", help="session id (or its start)")
    q.add_argument("--team", metavar="NAME", help="the team or force publishing it (also POPGUIDE_TEAM)")
    q.add_argument("--yes", action="store_true", help="publish without asking (after printing the preview)")

    p = sub.add_parser("stats", help="outcomes of cases by scenario and by response")
    _data_option(p)
    _cases_option(p)
    _repository_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("repository", help="the learning repository's database: migrate, check, info")
    _data_option(p)
    _repository_option(p)
    p.add_argument("action", choices=["migrate", "check", "info"],
                   help="migrate: bring the schema up to date; check: look for damage; info: where and how big")
    p.add_argument("--json", action="store_true", help="info: print JSON")

    p = sub.add_parser("train", help="training: list exercises, work one, or summarise a cohort's results")
    _library_option(p)
    _data_option(p)
    p.add_argument("exercise", nargs="?", help="the exercise to work (see `popguide train`)")
    p.add_argument("--trainee", metavar="NAME", help="your name or trainee code (results are saved under it)")
    p.add_argument("--answers", metavar="FILE", help="run with scripted answers instead of opening the app")
    p.add_argument("--json", action="store_true", help="with --answers: print the result as JSON")
    p.add_argument("--results", metavar="DIR", nargs="?", const="", help="summarise the results in DIR (default: the data folder's)")
    p.add_argument("--csv", action="store_true", help="with --results: print CSV")

    p = sub.add_parser("serve", help="serve the app to a web browser (textual-serve)")
    _library_option(p)
    _data_option(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    p = sub.add_parser("rename", help="give a session a new title")
    _data_option(p)
    p.add_argument("session")
    p.add_argument("title", nargs="+")

    p = sub.add_parser("delete", help="delete a session (asks first)")
    _data_option(p)
    p.add_argument("session")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


def _cases_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", metavar="DIR", action="append", dest="cases_sub", default=None,
                        help="a shared folder of cases (repeatable; also POPGUIDE_CASES)")


def _repository_option(parser: argparse.ArgumentParser, dest: str = "repository_sub") -> None:
    parser.add_argument("--repository", metavar="URL", dest=dest, default=None,
                        help="a shared learning repository: postgresql://user@host/db or a SQLite file "
                             "(also POPGUIDE_REPOSITORY; default: the embedded one in the data folder)")


def _case_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", metavar="TEXT", default="", help="only cases mentioning all these words")
    parser.add_argument("--scenario", metavar="ID", help="only cases of this scenario")
    parser.add_argument("--outcome", metavar="OUTCOME", help="only cases with this outcome (e.g. worked)")
    parser.add_argument("--response", metavar="TEXT", help="only cases that used a response with this in its title")
    parser.add_argument("--area", metavar="WORDS", help="only cases whose target area names these words")
    parser.add_argument("--since", metavar="DATE", help="only cases closed on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="only cases closed on or before this date (YYYY-MM-DD)")


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", dest="data_dir_sub", default=None,
                        help="where sessions are kept (also POPGUIDE_DATA)")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        args.library = (args.library or []) + (getattr(args, "library_sub", None) or [])
        args.data_dir = getattr(args, "data_dir_sub", None) or args.data_dir
        args.cases = (args.cases or []) + (getattr(args, "cases_sub", None) or [])
        args.repository = getattr(args, "repository_sub", None) or args.repository
        if args.command is None:
            return _run_app(args)
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"popguide: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"popguide: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
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
    from .tui.app import run

    return run(args.library, args.data_dir, repository=args.repository)


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
    from .guide.script import check_script, script_path

    lib = load_dirs(dirs)
    for issue in lib.issues:
        print(issue)
    _, script_problems = check_script(script_path(lib.roots))
    for line in script_problems:
        print(line)
    checked = ", ".join(str(d) for d in dirs)
    if lib.issues or script_problems:
        count = describe_issue_count(lib.issues) if lib.issues else "0 problems in the library"
        print(f"{count}; {len(script_problems)} in the question script; checked {checked}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK: {len(lib.scenarios)} scenarios, {len(lib.partners)} partners, {len(lib.glossary)} glossary terms, "
          f"{len(lib.exercises)} exercises in {checked}")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .library.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


def _workspace(args):
    from .workspace import Workspace

    return Workspace(library=_load(args), data_dir=args.data_dir, cases_dirs=args.cases, repository=args.repository)


def cmd_guide(args) -> int:
    answers = _read_answers(args.answers)
    ws = _workspace(args)
    from .session import Session, parse_participants

    if args.resume:
        guide = ws.open(args.resume)
    else:
        guide = ws.guide(Session(participants=parse_participants(args.participants or "")))
    turns = guide.start() if not args.json else []
    for answer in answers:
        turns += guide.respond(answer)
    path = ws.store.save(guide.session)
    if args.json:
        out = guide.session.to_dict()
        out["file"] = str(path)
        out["finished"] = guide.finished
        out["transcript"] = [t.to_dict() for t in guide.transcript]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for t in turns:
            who = "you" if t.role == "user" else "guide"
            print(f"[{who}] {t.text}\n")
        state = "finished" if guide.finished else f"saved at {guide.session.stage}; resume with --resume {guide.session.id}"
        print(f"Session {guide.session.id} {state} ({path})")
    return EXIT_OK


def cmd_sessions(args) -> int:
    from .store import SessionStore

    from datetime import date

    store = SessionStore(args.data_dir)
    today = date.today().isoformat()
    sessions, broken = store.list_for_review(today)
    for b in broken:
        print(f"popguide: warning: {b}", file=sys.stderr)
    if args.json:
        print(json.dumps([{"id": s.id, "title": s.display_title, "stage": s.stage, "scenario": s.scenario_id,
                           "updated": s.updated, "review_date": s.review_date, "file": str(store.path_for(s.id))}
                          for s in sessions], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not sessions:
        print(f"No sessions yet in {store.folder}. Start one with `popguide`.")
        return EXIT_OK
    for s in sessions:
        flag = "REVIEW DUE  " if s.review_due(today) else ""
        print(f"{s.id}  {s.stage:<10}  {s.updated[:16].replace('T', ' ')}  {flag}{s.display_title}")
    return EXIT_OK


def cmd_export(args) -> int:
    ws = _workspace(args)
    guide = ws.open(args.session)
    if args.output:
        path = ws.export(guide, args.format, Path(args.output), redact=args.redact, notes=args.notes)
        print(f"Plan written to {path}")
    else:
        sys.stdout.write(ws.render(guide, args.format, redact=args.redact, notes=args.notes))
    return EXIT_OK


def cmd_assess(args) -> int:
    guide = _workspace(args).open(args.session)
    result = guide.review_result()
    plan = guide.plan()
    if args.json:
        print(json.dumps({"id": guide.session.id, "title": guide.session.display_title, "areas": plan["areas"],
                          "baseline": plan["baseline"], "review_date": plan["review_date"], "outcome": plan["outcome"],
                          "assessment": result.to_dict() if result else None}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if result is None:
        when = plan["review_date"] or "its review date"
        print(f"No after figures yet. Open the session on {when}, or type /review in it, to enter them.")
        return EXIT_OK
    print("\n".join(f"- {line}" for line in result.summary))
    for c in result.caveats:
        print(f"! {c}")
    print()
    print(plan["chart_text"])
    return EXIT_OK


def _repo(args):
    from .repository import CaseRepository
    from .store import SessionStore

    return CaseRepository(SessionStore(args.data_dir), args.cases, url=args.repository)


def _warn_problems(repo) -> None:
    for problem in repo.problems[:MAX_WARNINGS]:
        print(f"popguide: warning: {problem}", file=sys.stderr)
    if len(repo.problems) > MAX_WARNINGS:
        print(f"popguide: warning: {len(repo.problems) - MAX_WARNINGS} more problem(s) with case files", file=sys.stderr)


def _case_errors(command):
    """A repository or pack problem ends as one line, like every other user error."""
    from functools import wraps

    @wraps(command)
    def run(args) -> int:
        from .cases import CaseError
        from .repository import RepositoryError, RepositoryUnavailable

        try:
            return command(args)
        except RepositoryUnavailable as exc:
            print(f"popguide: error: {exc}", file=sys.stderr)
            return EXIT_PROBLEMS
        except (CaseError, RepositoryError) as exc:
            raise UserError(str(exc)) from None
    return run


def _filters(args) -> dict:
    return {"text": args.search, "scenario_id": args.scenario, "outcome": args.outcome, "response": args.response,
            "area": args.area, "since": args.since, "until": args.until}


@_case_errors
def cmd_cases(args) -> int:
    repo = _repo(args)
    if args.cases_action == "import":
        new, existing = repo.import_pack(Path(args.pack))
        _warn_problems(repo)
        print(f"Imported {new} case(s); {existing} already there.")
        return EXIT_OK
    if args.cases_action == "publish":
        return _publish(args, repo)
    if args.cases_action == "export":
        cases = repo.search(**_filters(args))
        _warn_problems(repo)
        count = repo.export_pack(Path(args.output), redacted=args.redact, cases=cases)
        print(f"Wrote {count} case(s) to {args.output}" + (" with personal data masked" if args.redact else ""))
        return EXIT_OK
    if args.limit < 0:
        raise UserError("--limit must be 0 (all) or more")
    cases = repo.search(**_filters(args), limit=args.limit or None)
    _warn_problems(repo)
    if args.json:
        print(json.dumps([c.to_dict() | {"origin": c.origin} for c in cases], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not cases:
        print("No cases found. A session becomes a case when it is closed after its review.")
    for c in cases:
        print(f"{c.closed or '':<10}  {c.outcome:<16}  {c.scenario_id or '-':<24}  {c.title}")
        if c.responses:
            print(f"{'':12}did: {', '.join(c.responses)}")
    if args.limit and len(cases) == args.limit:
        total = repo.count(**_filters(args))
        if total > len(cases):
            print(f"\nShowing the latest {len(cases)} of {total}; narrow the search or give --limit 0 for all.")
    return EXIT_OK


def _publish(args, repo) -> int:
    import os

    import yaml

    from .repository.publish import preview

    team = (args.team or os.environ.get("POPGUIDE_TEAM", "")).strip()
    if not team:
        raise UserError("say which team or force is publishing: --team NAME (or set POPGUIDE_TEAM)")
    session = repo.store.load(args.session)
    shown = preview(session, team)
    if repo.shared() is None:
        _warn_problems(repo)
        raise UserError(f"no shared repository to publish to: give --repository URL or set POPGUIDE_REPOSITORY")
    print(f"This is what {repo.shared().location()} would keep (private notes are never shared):\n")
    print(yaml.safe_dump(shown.case.to_dict(), sort_keys=False, allow_unicode=True, width=100).rstrip())
    if shown.masked:
        counts = {k: shown.masked.count(k) for k in dict.fromkeys(shown.masked)}
        print("\nMasked: " + ", ".join(f"{n} × {k.removeprefix('a ').removeprefix('an ')}" for k, n in counts.items()))
    else:
        print("\nNothing looked like personal data; read it through all the same.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("publishing needs confirmation: read the preview above, then add --yes")
        if input("\nPublish this case? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Not published.")
            return EXIT_OK
    repo.publish(session, team)
    print(f"Published {session.id} to {repo.shared().location()} for {team}.")
    return EXIT_OK


@_case_errors
def cmd_stats(args) -> int:
    from .cases import OUTCOMES

    repo = _repo(args)
    figures = repo.stats()
    _warn_problems(repo)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{figures['cases']} case(s)\n\nBy problem: cases, then {', '.join(o.lower() for o in OUTCOMES)}")
    for name, row in sorted(figures["by_scenario"].items()):
        print(f"  {row['cases']:>3}  " + " / ".join(str(row[o]) for o in OUTCOMES) + f"  {name}")
    print("\nBy response: times used, worked, partly worked")
    for name, row in sorted(figures["by_response"].items(), key=lambda kv: -kv[1]["used"]):
        print(f"  {row['used']:>3}  {row['worked']:>3}  {row['partly']:>3}  {name}")
    return EXIT_OK


@_case_errors
def cmd_repository(args) -> int:
    import os

    from .repository import open_backend

    url = args.repository or os.environ.get("POPGUIDE_REPOSITORY", "").strip()
    repo = _repo(args)
    backend = open_backend(url or str(repo.local_path), migrate=False)
    try:
        if args.action == "migrate":
            applied = backend.migrate()
            if not url:
                moved = repo.local().count()  # moves the YAML cases in, as on first use
                _warn_problems(repo)
            done = ("applied " + ", ".join(f"{m.version:04d} {m.name}" for m in applied)) if applied else "already up to date"
            print(f"{backend.location()}: {done}; schema version {backend.schema_version()}"
                  + ("" if url else f"; {moved} case(s) in it"))
            return EXIT_OK
        version, latest = backend.schema_version(), backend.latest_version
        if version < latest:
            message = (f"{backend.location()}: schema at version {version} of {latest}; "
                       "run `popguide repository migrate` (it also runs on first use)")
            if args.action == "check":
                print(message, file=sys.stderr)
                return EXIT_PROBLEMS
            print(message)
            return EXIT_OK
        if version > latest:
            print(f"{backend.location()}: schema version {version} is newer than this popguide knows ({latest}); "
                  "upgrade popguide", file=sys.stderr)
            return EXIT_PROBLEMS
        if args.action == "check":
            problems = backend.check()
            for problem in problems:
                print(problem, file=sys.stderr)
            if problems:
                return EXIT_PROBLEMS
            print(f"OK: {backend.location()} ({backend.kind}), schema version {version}, {backend.count()} case(s), "
                  "full-text index consistent")
            return EXIT_OK
        info = backend.info()
        if args.json:
            print(json.dumps(info, indent=2))
            return EXIT_OK
        print(f"back end:        {info['backend']}\nlocation:        {info['location']}\n"
              f"schema version:  {info['schema_version']} (latest {info['latest_version']})\ncases:           {info['cases']}")
        for origin, n in info["by_origin"].items():
            print(f"  {n:>8}  {origin}")
        if info["last_added"]:
            print(f"last added:      {info['last_added']}")
        return EXIT_OK
    finally:
        backend.close()
        repo.close()


def _read_answers(path: str) -> list[str]:
    import yaml

    if path == "-":
        raw = sys.stdin.read()
    else:
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        answers = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UserError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML") from None
    if answers is None:
        return []
    if not isinstance(answers, list):
        raise UserError(f"{path}: expected a YAML list of answers")
    out = []
    for n, answer in enumerate(answers):
        if isinstance(answer, (dict, list)):
            raise UserError(f"{path}: answer {n + 1} is not text")
        if isinstance(answer, bool):  # YAML reads a bare yes/no as true/false
            answer = "yes" if answer else "no"
        out.append("" if answer is None else str(answer))
    return out


def cmd_train(args) -> int:
    from .session import Session
    from .training import cohort_csv, read_results

    ws = _workspace(args)
    if args.results is not None:
        folder = Path(args.results) if args.results else ws.training_results_dir
        if not folder.is_dir():
            raise UserError(f"no results folder {folder}")
        results, problems = read_results(folder)
        for problem in problems:
            print(f"popguide: warning: {problem}", file=sys.stderr)
        if args.csv:
            sys.stdout.write(cohort_csv(results))
        else:
            for r in sorted(results, key=lambda r: (r["exercise"], r["trainee"])):
                print(f"{r['exercise']:<28} {r['trainee']:<20} {r['total']:>5.1f}")
        return EXIT_OK
    exercises = ws.library.exercises
    if not args.exercise:
        if not exercises:
            print("No exercises in the library.")
        for ex in sorted(exercises.values(), key=lambda e: e.id):
            print(f"{ex.id:<28} {ex.title}\n{'':28} {ex.summary}")
        return EXIT_OK
    if args.exercise not in exercises:
        raise UserError(f"unknown exercise {args.exercise!r} (see `popguide train`)")
    trainee = (args.trainee or "").strip()
    if not args.answers:
        from .tui.app import run

        return run(args.library, args.data_dir, exercise=args.exercise, trainee=trainee or None)
    if not trainee:
        raise UserError("give --trainee NAME so the result can be saved")
    guide = ws.guide(Session(exercise=args.exercise, trainee=trainee, title=f"Exercise: {exercises[args.exercise].title}"))
    turns = [] if args.json else guide.start()
    for answer in _read_answers(args.answers):
        turns += guide.respond(answer)
    ws.store.save(guide.session)
    report = next((t.data["training_report"] for t in reversed(guide.transcript) if "training_report" in t.data), None)
    if args.json:
        print(json.dumps({"session": guide.session.id, "finished": guide.finished, "report": report}, indent=2, ensure_ascii=False))
    else:
        for t in turns:
            print(f"[{'you' if t.role == 'user' else 'guide'}] {t.text}\n")
    return EXIT_OK


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(args.host, args.port, library=args.library, data_dir=args.data_dir)


def cmd_rename(args) -> int:
    from .store import SessionStore

    session = SessionStore(args.data_dir).rename(args.session, " ".join(args.title))
    print(f"Renamed {session.id} to “{session.title}”")
    return EXIT_OK


def cmd_delete(args) -> int:
    from .store import SessionStore

    store = SessionStore(args.data_dir)
    session = store.load(args.session)
    if not args.yes:
        if not sys.stdin.isatty():
            raise UserError("deleting needs confirmation: add --yes")
        reply = input(f"Delete “{session.display_title}” ({session.id})? This cannot be undone. [y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            print("Kept.")
            return EXIT_OK
    path = store.delete(session.id)
    print(f"Deleted {path}")
    return EXIT_OK


COMMANDS = {
    "serve": cmd_serve,
    "train": cmd_train,
    "assess": cmd_assess,
    "cases": cmd_cases,
    "stats": cmd_stats,
    "repository": cmd_repository,
    "guide": cmd_guide,
    "sessions": cmd_sessions,
    "export": cmd_export,
    "rename": cmd_rename,
    "delete": cmd_delete,
    "match": cmd_match,
    "scenarios": cmd_scenarios,
    "show": cmd_show,
    "partners": cmd_partners,
    "validate": cmd_validate,
    "schema": cmd_schema,
}
