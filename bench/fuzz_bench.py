"""A longer fuzz run over the loader, the session reader (through to the guide and every export), the matcher
and the command line: counts crashes (an exception that escapes) and hangs (an input that takes over 5 s).

    uv run python bench/fuzz_bench.py                      # 100,000 inputs
    uv run python bench/fuzz_bench.py --inputs 20000 --seed 2

Inputs are made from the project's own files (the built-in library, a finished session, answer lists, the
matcher's query set) by mutation: bytes flipped, YAML tokens spliced in (aliases, tags, .inf, 2024-02-30,
40-digit numbers, deep brackets, NUL), lines cut or repeated, and values swapped for other kinds (lists for
text, huge numbers, NaN, dates, nesting). Input i of a target is rebuilt from (seed, target, i), so every
crash is printed with what reproduces it. Each target runs in a worker process watched by this one: a
worker silent for 5 s is a hang, is killed, and the run goes on from the next input.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HANG_SECONDS = 5.0
MAX_INPUT = 300_000  # characters: far past any real file or description, small enough to make quickly
SHARES = {"loader": 0.3, "session": 0.3, "matcher": 0.35, "cli": 0.05}
TOKENS = ["&x ", "*x", "!!str ", "!!int ", "!!bool maybe", "!!timestamp nope", "!!float ", "!!python/object:os.system ",
          "<<: *x", ".inf", "-.inf", ".nan", "2024-02-30", "9999-12-31", "1e999", "1.0e+999", "9" * 40, "9" * 4301,
          "[" * 60, "{" * 30, "]", "}", "'", '"', "|\n", ">\n", "? ", "#", "---\n", "...\n", "\t", "\x00", "~", "null",
          "yes", "no", "- ", ": ", "\n", "  ", "../../outside/owned", "/etc/passwd", "a" * 300, "\u202e", "\ud7ff",
          "%YAML 1.1\n", "!foo ", "0x1F", "0o17", "+1_000", "1:20:30", "<script>alert(1)</script>", "[x](javascript:x)"]


# -- input makers ---------------------------------------------------------------------------------
def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(14)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 1, 2**31, -(2**63), 10**40, 10**400])
    if kind == 3:
        return rng.choice([0.5, -0.0, 1e308, float("inf"), float("nan"), -1e-300])
    if kind == 4:
        return rng.choice(TOKENS)
    if kind == 5:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 40)))
    if kind == 6:
        import datetime

        return rng.choice([datetime.date(9999, 12, 31), datetime.date(1, 1, 1), datetime.datetime(2024, 2, 29, 23, 59)])
    if kind == 7 and depth < 4:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if kind == 8 and depth < 4:
        return {str(_value(rng, 9))[:12]: _value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}
    if kind == 9:
        nest: object = "x"
        for _ in range(rng.choice([50, 200, 700])):
            nest = [nest]
        return nest
    if kind == 10:
        return "x" * rng.choice([1000, 100_000])
    if kind == 11:
        return rng.choice(["1/8/9999 to 31/10/9999", "40, 100, 30", "4" * 400 + ", 1, 1", "-5, 0, 1e309", "0, 0, 0"])
    return rng.choice(["", " ", "0", "1", "ok", "/back", "/skip", "/help", "/review", "/export md"])


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


def mutate_data(rng: random.Random, data):
    data = copy.deepcopy(data)
    for _ in range(rng.randrange(1, 4)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return _value(rng)
        path = rng.choice(paths)
        target = data
        for part in path[:-1]:
            target = target[part]
        if rng.random() < 0.2 and isinstance(target, dict):
            target.pop(path[-1], None)
        elif rng.random() < 0.1 and isinstance(target, list):
            target.extend([target[path[-1]]] * rng.randrange(1, 50))
        else:
            target[path[-1]] = _value(rng)
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(6)
        pos = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            chars[min(pos, len(chars) - 1)] = chr(rng.randrange(0, 0x3000))
        elif op == 1:
            chars[pos:pos] = list(rng.choice(TOKENS))
        elif op == 2 and chars:
            del chars[pos:pos + rng.randrange(1, 40)]
        elif op == 3:
            lines = "".join(chars).splitlines(keepends=True)
            if lines:
                i = rng.randrange(len(lines))
                lines[i:i] = [lines[i]] * rng.randrange(1, 200)
                chars = list("".join(lines))
        elif op == 4:
            chars = chars[:pos]
        else:
            chars[pos:pos] = list("\n" + "  " * rng.randrange(0, 8) + rng.choice(["- ", "k: ", ""]) + rng.choice(TOKENS))
        del chars[MAX_INPUT:]  # repeated line copies would otherwise grow an input past a gigabyte
    return "".join(chars)


def fuzzed_yaml(rng: random.Random, seeds: list[tuple[str, object]]) -> str:
    import yaml

    text, data = rng.choice(seeds)
    if rng.random() < 0.5:
        try:
            return yaml.dump(mutate_data(rng, data), Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            pass
    return mutate_text(rng, text)


# -- targets --------------------------------------------------------------------------------------
class Targets:
    """Everything each target needs, built once per worker."""

    def __init__(self, work: Path):
        from popguide.library import load_dirs, load_library
        from popguide.library.yamlsource import parse_yaml
        from popguide.matching import Matcher

        self.work = work
        self.library = load_library()
        self.the_matcher = Matcher(self.library)
        builtin = ROOT / "scenarios"
        self.library_seeds = [(p.read_text(), parse_yaml(p.read_text(), p)) for p in
                              sorted(builtin.glob("*.yaml"))[:12] + sorted((builtin / "exercises").glob("*.yaml"))[:2]]
        self.mini = work / "mini"
        shutil.copytree(ROOT / "tests" / "fixtures" / "mini", self.mini)
        self.load_dirs = load_dirs
        self.session_seeds = self._sessions()
        import yaml

        queries = yaml.safe_load((ROOT / "bench" / "dev_queries.yaml").read_text())
        self.queries = [q["text"] for q in queries]
        self.answer_seeds = [("- trolleys in the brook\n- '1'\n- families\n", ["trolleys in the brook", "1", "families"])]

    def _sessions(self):
        from popguide.session import Session
        from popguide.workspace import Workspace

        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import complete

        data = self.work / "seed-data"
        ws = Workspace(data_dir=data, library=self.library)
        seeds = []
        for participants in ([], [{"name": "Sam Jones", "agency": "Police"}]):
            g = ws.guide(Session(participants=participants))
            g.respond("lads on scramblers tearing round the playing fields every evening")
            if participants:
                g.respond("/note private word")
                g.respond("/action Housing: check the tenancy file by Friday")
            complete(g)
            path = ws.store.path_for(g.session.id)
            text = path.read_text()
            from popguide.library.yamlsource import parse_yaml

            seeds.append((text, parse_yaml(text)))
        return seeds

    # each returns nothing; an exception escaping is a crash
    def loader(self, rng: random.Random) -> None:
        name = rng.choice(["fuzzed.yaml", "fuzzed.yaml", "partners.yaml", "glossary.yaml", "synonyms.yaml",
                           "unit-costs.yaml", "exercises/ex-fuzz.yaml", "questions.yaml"])
        root = self.mini
        target = root / name
        original = target.read_bytes() if target.exists() else None
        target.parent.mkdir(exist_ok=True)
        target.write_text(fuzzed_yaml(rng, self.library_seeds), encoding="utf-8", errors="surrogatepass")
        try:
            lib = self.load_dirs([root])
            if name == "questions.yaml":
                from popguide.guide.script import script_path
                from popguide.guide.script_check import check_script

                check_script(script_path(lib.roots))
        finally:
            if original is None:
                target.unlink()
            else:
                target.write_bytes(original)

    def session(self, rng: random.Random) -> None:
        from popguide.store import SessionStore, StoreError
        from popguide.workspace import Workspace

        data = self.work / "data"
        store = SessionStore(data)
        store.folder.mkdir(parents=True, exist_ok=True)
        sid = "20260101-000000-f00d"
        (store.folder / f"{sid}.yaml").write_text(fuzzed_yaml(rng, self.session_seeds), encoding="utf-8",
                                                  errors="surrogatepass")
        store.list()
        try:
            ws = Workspace(data_dir=data, library=self.library)
            g = ws.open(sid)
        except StoreError:
            return
        ws.render(g, rng.choice(["md", "html", "txt"]), redact=rng.random() < 0.5, notes=True)
        g.review_result()
        g.respond(rng.choice(["ok", "/back", "/help", "1", "/review"]))
        ws.store.save(g.session)

    def matcher(self, rng: random.Random) -> None:
        texts = [mutate_text(rng, rng.choice(self.queries)) if rng.random() < 0.7 else str(_value(rng))
                 for _ in range(rng.randrange(1, 3))]
        self.the_matcher.match(texts, top=rng.randrange(1, 10))

    def cli(self, rng: random.Random) -> None:
        import popguide.library
        import popguide.workspace
        from popguide.cli import main

        popguide.library.load_library = lambda *a, **k: self.library  # the CLI's own reading is fuzzed, not the library's
        popguide.workspace.load_library = lambda *a, **k: self.library
        data = self.work / "cli-data"
        if not (data / "sessions").is_dir():
            from popguide.store import SessionStore

            store = SessionStore(data)
            store.folder.mkdir(parents=True)
            for n, (text, _) in enumerate(self.session_seeds):
                sid = f"20260101-00000{n}-cafe"
                (store.folder / f"{sid}.yaml").write_text(text.replace(text.split("id: ")[1].split("\n")[0], sid, 1))
        answers = self.work / "answers.yaml"
        answers.write_text(fuzzed_yaml(rng, self.answer_seeds + self.session_seeds[:1]), encoding="utf-8",
                           errors="surrogatepass")
        ids = ["20260101-000000-cafe", "20260101-000001-cafe", "2026", "nope", "/etc/x", "a" * 300, "../x", "",
               str(answers), "-"]
        out = rng.choice([str(self.work / "out.md"), str(self.work), str(self.work / "missing" / "x.md"), "/proc/x"])
        commands = [
            ["guide", "--answers", str(answers)], ["guide", "--answers", str(answers), "--resume", rng.choice(ids)],
            ["guide", "--answers", str(answers), "--json", "--participants", mutate_text(rng, "Sam (Police); Ali")],
            ["export", rng.choice(ids), "--format", rng.choice(["md", "html", "txt", "pdf"])],
            ["export", rng.choice(ids), "-o", out, *(["--redact"] if rng.random() < 0.5 else [])],
            ["assess", rng.choice(ids)], ["assess", rng.choice(ids), "--json"], ["sessions"], ["sessions", "--json"],
            ["rename", rng.choice(ids), mutate_text(rng, "New title")], ["delete", rng.choice(ids), "--yes"],
            ["match", mutate_text(rng, rng.choice(self.queries))], ["match", "--top", rng.choice(["0", "-3", "x", "2"]), "x"],
            ["match", "--file", str(answers)], ["show", rng.choice(["off-road-bikes", "x", "council-asb", ""])],
            ["train", "--results", str(self.work)], ["train", "ex-riverside-bikes", "--trainee", "PC 1", "--answers", str(answers)],
            ["cases"], ["stats"], ["scenarios"], ["partners", "--json"], ["schema"],
            [mutate_text(rng, "sessions")], ["export"], ["--data-dir"],
        ]
        argv = ["--data-dir", str(data), *rng.choice(commands)]
        stdin = io.StringIO(fuzzed_yaml(rng, self.answer_seeds))
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            old, sys.stdin = sys.stdin, stdin
            try:
                main(argv)
            except SystemExit:  # --help and --version exit on purpose
                pass
            finally:
                sys.stdin = old


def worker(target: str, seed: int, start: int, stop: int) -> None:
    """Run inputs [start, stop) of one target, one line per input: 'i ok' or 'i crash <where> <what>'."""
    import warnings

    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="popguide-fuzz-") as tmp:
        os.environ["POPGUIDE_DATA"] = str(Path(tmp) / "env-data")
        os.environ.pop("POPGUIDE_LIBRARY", None)
        targets = Targets(Path(tmp))
        run = getattr(targets, target)
        print("ready", flush=True)
        for i in range(start, stop):
            rng = random.Random(f"{seed}:{target}:{i}")
            try:
                run(rng)
                print(i, "ok", flush=True)
            except Exception as exc:  # noqa: BLE001 - this is what is being counted
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                print(i, "crash", where, json.dumps(f"{type(exc).__name__}: {str(exc)[:120]}"), flush=True)


def run_target(target: str, seed: int, count: int, report: dict) -> None:
    i = 0
    while i < count:
        proc = subprocess.Popen([sys.executable, __file__, "--worker", target, str(seed), str(i), str(count)],
                                stdout=subprocess.PIPE, text=True, cwd=ROOT)
        ready = _line(proc, 120)
        if ready != "ready":
            proc.kill()
            raise SystemExit(f"the {target} worker did not start: {ready!r}")
        while i < count:
            line = _line(proc, HANG_SECONDS)
            if line is None:  # silent for 5 s, or died: a hang (or a crash of the interpreter itself)
                proc.kill()
                proc.wait()
                report["hangs"].append(f"{target} input {i} (seed {seed})")
                i += 1
                break
            n, status, *rest = line.split(" ", 3)
            report["inputs"] += 1
            report["by_target"][target] = report["by_target"].get(target, 0) + 1
            if status == "crash":
                report["crashes"].append(f"{target} input {n} (seed {seed}): {rest[0]} {json.loads(rest[1])}")
            i = int(n) + 1
        else:
            proc.stdout.close()
            proc.wait()


def _line(proc: subprocess.Popen, timeout: float) -> str | None:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        return None
    line = proc.stdout.readline()
    return line.strip() if line else None


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default=",".join(SHARES))
    parser.add_argument("--repro", metavar="TARGET:I", help="run input I of TARGET here, with its traceback")
    args = parser.parse_args()
    if args.repro:
        target, _, n = args.repro.partition(":")
        with tempfile.TemporaryDirectory(prefix="popguide-fuzz-") as tmp:
            run = getattr(Targets(Path(tmp)), target)
            for i in range(int(n) + 1):  # the inputs before it too: a target's state carries over, as in a run
                began = time.perf_counter()
                run(random.Random(f"{args.seed}:{target}:{i}"))
                if time.perf_counter() - began > 1:
                    print(f"input {i}: {time.perf_counter() - began:.1f} s")
        return 0
    report: dict = {"inputs": 0, "crashes": [], "hangs": [], "by_target": {}}
    started = time.perf_counter()
    for target in args.targets.split(","):
        run_target(target, args.seed, round(args.inputs * SHARES[target] / sum(SHARES[t] for t in args.targets.split(","))), report)
    elapsed = time.perf_counter() - started
    print(f"fuzz: {report['inputs']:,} inputs in {elapsed:.0f} s "
          f"({', '.join(f'{t} {n:,}' for t, n in report['by_target'].items())}): "
          f"{len(report['crashes'])} crashes, {len(report['hangs'])} hangs over {HANG_SECONDS:.0f} s")
    groups: dict[str, list[str]] = {}
    for line in report["crashes"]:
        head, _, what = line.partition(": ")
        groups.setdefault(what.split(":")[0] + " " + what.split(" ", 1)[-1][:70], []).append(head)
    for what, heads in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:30]:
        print(f"  {len(heads):>5} x {what}  (first: {heads[0]})")
    for line in report["hangs"][:20]:
        print("  hang: " + line)
    return 1 if report["crashes"] or report["hangs"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
