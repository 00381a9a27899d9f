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
from .errors import PopguideError
from .store import StoreError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_WARNINGS = 5


class UserError(PopguideError):
    """A mistake on the command line itself (an option, a missing argument); printed as one line."""


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
    p.add_argument("id", help="scenario id (or partner id, or glossary term such as a power)")

    p = sub.add_parser("partners", help="list the partner directory")
    _library_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("validate", help="check library folders and report every problem")
    _library_option(p)
    p.add_argument("dirs", nargs="*", metavar="DIR", help="folders to check on top of the built-in library")
    p.add_argument("--no-builtin", action="store_true", help="check the given folders alone")

    p = sub.add_parser("sources", help="every source the library cites, where it is used, and which checks are old")
    _library_option(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--stale", type=int, metavar="DAYS", help="only sources last checked more than DAYS days ago")
    p.add_argument("--unconfirmed", action="store_true", help="only sources shown flagged (unconfirmed, commencement "
                   "or a reported change not confirmed, not in force)")

    p = sub.add_parser("schema", help="print the JSON Schema of a scenario file")

    p = sub.add_parser("facts", help="what the guide understands from an answer (facts, immediate risk, follow-up)")
    _library_option(p)
    p.add_argument("text", nargs="+", help="the answer")
    p.add_argument("--question", metavar="ID", help="the question it answers (the problem description by default)")
    p.add_argument("--json", action="store_true", help="one object: facts, immediate_risk, follow_up")

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
    p.add_argument("--training", action="store_true", help="list training sessions instead of the officer's own")

    p = sub.add_parser("export", help="write a session's problem-solving plan")
    _library_option(p)
    _data_option(p)
    p.add_argument("session", help="session id (or its start) or a session file's path")
    p.add_argument("--format", choices=["md", "html", "txt", "docx"], default="md",
                   help="docx (Word) is written to a file: give -o, or it goes to the exports folder")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of printing")
    p.add_argument("--redact", action="store_true", help="mask personal data (phone numbers, emails, postcodes...)")
    p.add_argument("--notes", action="store_true", help="include the adviser's private notes (left out by default)")
    p.add_argument("--partner", action="store_true",
                   help="a copy for partners: private notes left out, personal data masked")

    p = sub.add_parser("check", help="check a session's plan against published criteria (what to fix, why, how)")
    _library_option(p)
    _data_option(p)
    p.add_argument("session", help="session id (or its start) or a session file's path")
    p.add_argument("--json", action="store_true", help='print {"findings": [...], "scores": [...]}')

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
    p.add_argument("--shared", action="store_true",
                   help="every browser uses the one data folder (default: each browser gets a folder of its own)")

    p = sub.add_parser("rename", help="give a session a new title")
    _data_option(p)
    p.add_argument("session")
    p.add_argument("title", nargs="+")

    p = sub.add_parser("delete", help="delete a session (asks first)")
    _data_option(p)
    p.add_argument("session")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _data_parser(sub)
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
    except PopguideError as exc:  # every other mistake a user can make: a bad file, an unknown id
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
    matcher = Matcher(_load(args), read_word_list=len(queries) > 20)
    for texts in queries:
        result = matcher.match_with_secondary(texts, top=args.top)
        if args.json:
            print(json.dumps({"query": " ".join(texts), **result.to_dict()}, ensure_ascii=False))
        else:
            _print_matches(" ".join(texts), result.matches, several=len(queries) > 1, also=result.also_line(),
                           outside=result.outside, closest=result.closest)
    return EXIT_OK


def _read_lines(path: str) -> list[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _print_matches(query: str, matches, *, several: bool, also: str | None = None,
                   outside: str | None = None, closest=()) -> None:
    if several:
        print(f"> {query}")
    if not matches and outside:
        print(f"That sounds like {outside}, which is not a problem the library covers.")
    elif not matches and closest:
        print("No scenario fits with confidence. Closest, as weak matches that may not fit: "
              + "; ".join(f"{m.id} ({m.title})" for m in closest) + ".")
    elif not matches:
        print("No scenario fits well enough. Try describing what happens, where, and who is affected.")
    else:
        width = max(len(m.id) for m in matches)
        print(f"  #  score  {'id'.ljust(width)}  title")
        for n, m in enumerate(matches, 1):
            print(f"{n:>3}  {m.score:5.1f}  {m.id.ljust(width)}  {m.title}")
            if m.why:
                print(f"{'':13}why: {', '.join(m.why)}")
        if also:
            print(also)
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
    from .library.describe import partner_markdown, scenario_markdown, term_markdown

    lib = _load(args)
    if args.id in lib.scenarios:
        print(scenario_markdown(lib.scenarios[args.id], lib))
    elif args.id in lib.partners:
        print(partner_markdown(lib.partners[args.id], lib))
    elif lib.glossary_lookup(args.id) is not None:
        print(term_markdown(lib.glossary_lookup(args.id), lib))
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
    from .guide.script import script_path
    from .guide.script_check import check_script
    from .understanding import check_vocabulary
    from .understanding.vocabulary import BUILTIN as BUILTIN_VOCABULARY, OVERLAY_NAME

    lib = load_dirs(dirs)
    for issue in lib.issues:
        print(issue)
    _, script_problems = check_script(script_path(lib.roots))
    for path in [BUILTIN_VOCABULARY] + [r / OVERLAY_NAME for r in lib.roots if (r / OVERLAY_NAME).is_file()]:
        script_problems += check_vocabulary(path)
    already = {str(issue) for issue in lib.issues}
    script_problems = [line for line in script_problems if line not in already]
    for line in script_problems:
        print(line)
    checked = ", ".join(str(d) for d in dirs)
    if lib.issues or script_problems:
        count = describe_issue_count(lib.issues) if lib.issues else "0 problems in the library"
        print(f"{count}; {len(script_problems)} in the question script and vocabulary; checked {checked}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK: {len(lib.scenarios)} scenarios, {len(lib.partners)} partners, {len(lib.glossary)} glossary terms, "
          f"{len(lib.exercises)} exercises in {checked}")
    return EXIT_OK


def cmd_facts(args) -> int:
    from .guide.behaviours import REGISTRY
    from .guide.script_check import load_script
    from .understanding import load_understanding

    lib = _load(args)
    script = load_script(lib.roots)
    text = " ".join(args.text)
    qid = args.question or next(q.id for st in script.stages for q in st.questions if REGISTRY.get(q.id) and REGISTRY[q.id].live_match)
    question = script.question(qid)
    if question is None:
        raise UserError(f"unknown question {qid!r} (the script's questions: "
                        + ", ".join(q.id for st in script.stages for q in st.questions) + ")")
    from .guide.behaviours import behaviour_for
    from .guide.behaviours.base import vague_follow_up

    b = behaviour_for(question)
    u = load_understanding(lib.roots)
    facts = u.facts(text, question=b.fact_side)
    risk = u.immediate_risk(text)
    follow = vague_follow_up(lib, None, b.expects) if b.expects and u.vague(text, b.expects) else None
    if args.json:
        print(json.dumps({"facts": [{"side": f.side, "text": f.text} for f in facts], "immediate_risk": risk is not None,
                          "follow_up": follow}, indent=2, ensure_ascii=False))
        return EXIT_OK
    for f in facts:
        print(f"{f.side:9} {f.text}")
    if not facts:
        print("(no facts)")
    if risk is not None:
        print(f"immediate risk: {', '.join(risk.kinds)} (“{risk.cue}”)")
    if follow:
        print(f"follow-up: {follow}")
def cmd_sources(args) -> int:
    from .library.sources import source_rows

    if args.stale is not None and args.stale < 0:
        raise UserError("--stale needs a number of days, 0 or more")
    rows = source_rows(_load(args), stale_days=args.stale, unconfirmed_only=args.unconfirmed)
    if args.json:
        print(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        print(f"{r.id} [{r.kind}] {r.citation}")
        print(f"    used in: {', '.join(r.used_in) if r.used_in else '(not used)'}")
    print(f"{len(rows)} source(s)", file=sys.stderr)
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
        try:
            people = parse_participants(args.participants or "")
        except ValueError as exc:
            raise UserError(f"--participants: {exc}") from None
        guide = ws.guide(Session(participants=people))
    turns = guide.start() if not args.json else []
    with ws.store.batch():  # nothing is acknowledged until the run ends: one write, not one per answer
        for answer in answers:
            turns += guide.respond(answer)
    path = ws.store.save(guide.session)
    if args.json:
        out = guide.session.to_dict()
        out["file"] = str(path)
        out["finished"] = guide.finished
        out["facts"] = [{"side": f.side, "text": f.text, "question": f.question, "entry": f.entry}
                        for f in guide.est.facts if not f.dropped]
        out["immediate_risk"] = [{"kinds": list(r.kinds), "cue": r.cue, "question": r.question, "entry": r.entry}
                                 for r in guide.est.risks]
        out["transcript"] = [t.to_dict() for t in guide.transcript]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        from .textout import plain

        for t in turns:
            who = "you" if t.role == "user" else "guide"
            print(f"[{who}] {plain(t.text)}\n")
        state = "finished" if guide.finished else f"saved at {guide.session.stage}; resume with --resume {guide.session.id}"
        print(f"Session {guide.session.id} {state} ({path})")
    return EXIT_OK


def cmd_sessions(args) -> int:
    from .store import SessionStore

    from datetime import date

    store = SessionStore(args.data_dir)
    today = date.today().isoformat()
    sessions, broken = store.list_for_review(today)
    sessions = [s for s in sessions if bool(s.exercise) == args.training]
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
    from .check import check
    from .store import check_output_path

    output = check_output_path(Path(args.output)) if args.output else None  # before any work: one clear line
    ws = _workspace(args)
    guide = ws.open(args.session)
    options = {"redact": args.redact, "notes": args.notes and not args.partner, "partner": args.partner}
    if output or args.format == "docx":
        output = output or ws.exports_dir / ws.export_name(guide, args.format, partner=args.partner)
        try:
            path = ws.export(guide, args.format, output, **options)
        except OSError as exc:
            raise StoreError(f"cannot write {output}: {exc.strerror or exc}") from None
        print(f"{'Partner copy' if args.partner else 'Plan'} written to {path}")
    else:
        sys.stdout.write(ws.render(guide, args.format, **options))
    findings = check(guide.view()).findings
    if findings:  # informs, never blocks: on stderr, so a piped plan stays clean
        print(f"popguide: plan check: {len(findings)} point(s) to look at (`popguide check {guide.session.id}`): "
              + "; ".join(f.finding for f in findings[:3]) + ("; ..." if len(findings) > 3 else ""), file=sys.stderr)
    return EXIT_OK


def cmd_check(args) -> int:
    from .check import check, text

    ws = _workspace(args)
    guide = ws.open(args.session)
    result = check(guide.view())
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(text(result))
    return EXIT_OK


def cmd_assess(args) -> int:
    ws = _workspace(args)
    guide = ws.open(args.session)
    result = guide.view().review_result()
    plan = ws.plan(guide)
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
    from .library.yamlsource import YamlFileError, parse_yaml, read_yaml

    try:
        answers = parse_yaml(sys.stdin.read(), "<stdin>") if path == "-" else read_yaml(Path(path))[0]
    except YamlFileError as exc:
        raise UserError(str(exc)) from None
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
    with ws.store.batch():
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
    from .serve import ServeError, serve

    try:
        return serve(args.host, args.port, library=args.library, data_dir=args.data_dir, shared=args.shared)
    except ServeError as exc:
        raise UserError(str(exc)) from None


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
    "facts": cmd_facts,
    "serve": cmd_serve,
    "train": cmd_train,
    "assess": cmd_assess,
    "cases": cmd_cases,
    "stats": cmd_stats,
    "repository": cmd_repository,
    "guide": cmd_guide,
    "sessions": cmd_sessions,
    "export": cmd_export,
    "check": cmd_check,
    "rename": cmd_rename,
    "delete": cmd_delete,
    "match": cmd_match,
    "scenarios": cmd_scenarios,
    "show": cmd_show,
    "partners": cmd_partners,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "sources": cmd_sources,
}


# -- popguide data: the analysis tool kit (popguide/data/) -----------------------------------------------------
def _data_parser(sub) -> None:
    """``popguide data import|list|show|delete`` and one subcommand per registered analysis."""
    from .data.analyses import ANALYSES
    from .data.formats import FIELD_HELP

    p = sub.add_parser("data", help="the analysis tool kit: import police.uk or incident data and analyse it")
    actions = p.add_subparsers(dest="data_action", metavar="ACTION", parser_class=_Parser)
    q = actions.add_parser("import", help="import police.uk CSVs (files, folders, zips) or an incident export (CSV, XLSX)")
    _data_option(q)
    q.add_argument("paths", nargs="+", metavar="PATH")
    q.add_argument("--name", help="the dataset to add to (default: from the first file's name)")
    q.add_argument("--map", action="append", metavar="FIELD=COLUMN", default=[],
                   help="say which column holds a field: " + ", ".join(FIELD_HELP))
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("list", help="list the datasets")
    _data_option(q)
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("show", help="one dataset: rows, date range, types, areas, files")
    _data_option(q)
    q.add_argument("name")
    q.add_argument("--rejects", action="store_true", help="list every row that could not be read")
    q.add_argument("--json", action="store_true", help="print JSON")
    q = actions.add_parser("delete", help="delete a dataset (asks first)")
    _data_option(q)
    q.add_argument("name")
    q.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    for spec in ANALYSES.values():
        q = actions.add_parser(spec.name, help=spec.help)
        _data_option(q)
        q.add_argument("name", help="the dataset")
        q.add_argument("--type", action="append", default=[], dest="types", metavar="TYPE",
                       help="only this type (police.uk category or the export's own; a word matches every type containing it)")
        q.add_argument("--area", action="append", default=[], dest="areas", metavar="AREA", help="LSOA code or name (a name's start matches)")
        q.add_argument("--location", action="append", default=[], dest="locations", metavar="PLACE", help="snap point or address words")
        q.add_argument("--near", metavar="PLACE", help="'lat,lon' or a place name found in the data")
        q.add_argument("--radius", type=float, default=500.0, metavar="METRES", help="with --near (default 500)")
        q.add_argument("--from", dest="start", metavar="YYYY-MM")
        q.add_argument("--to", dest="end", metavar="YYYY-MM")
        q.add_argument("--kind", action="append", default=[], dest="kinds", choices=["street", "outcomes", "stop-search", "incident"],
                       help="record kinds (default: street and incident)")
        for opt in spec.options:
            q.add_argument("--" + opt.name.replace("_", "-"), dest="opt_" + opt.name, type=opt.type, default=None, help=opt.help)
        q.add_argument("--svg", metavar="FILE", help="also write the chart as a self-contained SVG file")
        q.add_argument("--json", action="store_true", help="print JSON")


def cmd_data(args) -> int:
    from .data.store import DataError

    try:
        return _data_action(args)
    except DataError as exc:
        print(f"popguide: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS


def _data_action(args) -> int:
    from .data import store
    from .data.analyses import ANALYSES, run_analysis
    from .data.filters import Filter

    action = getattr(args, "data_action", None)
    if action is None:
        raise UserError("say what to do: popguide data import|list|show|delete|" + "|".join(ANALYSES))
    if action == "import":
        from .data.formats import parse_map_options
        from .data.importer import import_files

        name = args.name or store.default_name(args.paths[0])
        report = import_files(name, args.paths, mapping=parse_map_options(args.map), data_dir=args.data_dir)
        if args.json:
            print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            for line in report.lines():
                print(line, file=sys.stderr if line.endswith("nothing from it was added") else sys.stdout)
        return EXIT_PROBLEMS if report.failed else EXIT_OK
    if action == "list":
        infos = store.list_datasets(args.data_dir)
        if args.json:
            print(json.dumps([i.to_dict() for i in infos], indent=2))
        elif not infos:
            print("No datasets yet. Import one with `popguide data import FILE...`.")
        for i in infos if not args.json else []:
            print(f"{i.name:<24} {i.rows:>10,} rows  {i.first_month or '-'} to {i.last_month or '-'}  {i.files} file(s)")
        return EXIT_OK
    if action == "show":
        details = store.describe(args.name, args.data_dir, rejects=args.rejects)
        if args.json:
            print(json.dumps(details, indent=2, ensure_ascii=False, default=str))
        else:
            print(store.describe_text(details))
        return EXIT_OK
    if action == "delete":
        path = store.dataset_path(args.name, args.data_dir)
        if not path.exists():
            raise store.DataError(f"no dataset {args.name!r} (see `popguide data list`)")
        if not args.yes:
            if not sys.stdin.isatty():
                raise UserError("deleting needs confirmation: add --yes")
            if input(f"Delete dataset {args.name} ({path})? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Kept.")
                return EXIT_OK
        print(f"Deleted {store.delete(args.name, args.data_dir)}")
        return EXIT_OK
    flt = Filter(types=args.types, areas=args.areas, locations=args.locations, near=args.near, radius=args.radius,
                 start=args.start, end=args.end, kinds=args.kinds)
    options = {o.name: getattr(args, "opt_" + o.name) for o in ANALYSES[action].options}
    result = run_analysis(args.name, action, flt, data_dir=args.data_dir, **options)
    if args.svg:
        from .data.charts import write_svg

        if result.chart is None:
            print("popguide: warning: this result has no chart; no SVG written", file=sys.stderr)
        else:
            write_svg(result, Path(args.svg))
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result.text())
    return EXIT_OK


COMMANDS["data"] = cmd_data
