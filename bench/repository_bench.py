"""Learning-repository benchmark: 1,000 / 10,000 / 100,000 generated cases on SQLite and PostgreSQL, one run.

    python bench/repository_bench.py [--sizes 1000,10000,100000] [--queries 60] [--no-postgres]

Cases are generated from the built-in library (each scenario's symptoms,
responses and a list of places), seeded, so every run sees the same data.
For each size and back end it times searches (the `popguide cases --search`
query: words, sometimes with a scenario, outcome, area or date, latest 50),
similar-cases look-ups (the live panel: three matched scenarios and a new
description), stats, and at the largest size the import of a 10,000-case
pack (YAML read and checked, then stored), and that pack again (nothing added).

Baseline, measured in the same run: the approach before the repository, one
YAML file per case that every command reads whole, at 10,000 cases. Its pack
import writes each case with an fsync, so it is timed for 1,000 cases and
scaled (marked "est."). Start-up: popguide's time to first screen with an empty
data folder and with the largest SQLite repository in it (the app must not
read the repository before its first screen).

The PostgreSQL server is a throwaway one (initdb + pg_ctl, fsync off) started
by this script, vacuumed and its statistics refreshed (VACUUM ANALYZE) after each bulk load,
as its autovacuum would do by itself; it is skipped with the reason where PostgreSQL is not installed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from popguide.cases import OUTCOMES, Case, write_pack  # noqa: E402
from popguide.library import load_library  # noqa: E402
from popguide.repository import CaseRepository, Filters, open_backend  # noqa: E402
from popguide.store import SessionStore  # noqa: E402

PLACES = ["Croxteth Park", "Kensington underpass", "Rivington Moor", "Sefton Park", "the Old Swan precinct",
          "Bootle Strand", "Everton Brow", "Wavertree playground", "Lodge Lane", "Stanley Park", "the canal towpath",
          "Aigburth Vale", "County Road shops", "the railway embankment", "Anfield cemetery", "Toxteth library"]
WHEN = ["most evenings", "at weekends", "after school", "late at night", "every Friday", "since the summer"]
TARGETS = {"search_p95_ms": 50, "similar_p95_ms": 20, "stats_ms": 300, "import_10k_s": 10}


class Generator:
    def __init__(self, seed: int = 14):
        self.rng = random.Random(seed)
        lib = load_library([])
        self.scenarios = [s for s in lib.scenarios.values() if s.symptoms and s.responses]

    def description(self, s) -> str:
        r = self.rng
        parts = r.sample(list(s.symptoms), k=min(2, len(s.symptoms)))
        return f"{'; '.join(parts)} near {r.choice(PLACES)} {r.choice(WHEN)}"

    def case(self, n: int, prefix: str = "gen") -> Case:
        r = self.rng
        s = self.scenarios[int(r.paretovariate(1.2) * 3) % len(self.scenarios)]  # a few problems are most common
        responses = [x.title for x in r.sample(list(s.responses), k=min(len(s.responses), r.randint(1, 3)))]
        year, month, day = r.randint(2021, 2026), r.randint(1, 12), r.randint(1, 28)
        return Case(id=f"{prefix}-{n:07d}", title=f"{s.title} at {r.choice(PLACES)}", outcome=r.choice(OUTCOMES),
                    scenario_id=s.id, scenario_title=s.title, description=self.description(s), responses=responses,
                    lessons=r.choice(["Partners early.", "Fix the place first.", "Enforcement alone did not last.",
                                      "Residents kept the log going.", ""]),
                    closed=f"{year}-{month:02d}-{day:02d}", area=r.choice(PLACES), origin="imported")

    def searches(self, count: int) -> list[Filters]:
        r = self.rng
        out = []
        for n in range(count):
            s = r.choice(self.scenarios)
            ws = [w for w in r.choice(s.symptoms).split() if len(w) > 3][:2] or [s.keywords[0]]
            f = Filters(text=" ".join(ws))
            if n % 4 == 1:
                f.scenario_id = s.id
            elif n % 4 == 2:
                f.outcome = r.choice(OUTCOMES)
                f.area = r.choice(PLACES).split()[-1]
            elif n % 4 == 3:
                f.since = f"{r.randint(2021, 2026)}-01-01"
            out.append(f)
        return out

    def similar_queries(self, count: int) -> list[tuple[list[str], str]]:
        r = self.rng
        out = []
        for _ in range(count):
            s = r.choice(self.scenarios)
            others = r.sample([x.id for x in self.scenarios if x.id != s.id], 2)
            out.append(([s.id, *others], self.description(s)))
        return out


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(backend, gen: Generator, queries: int) -> dict:
    searches = gen.searches(queries)
    similar = gen.similar_queries(queries)
    backend.search(searches[0], 50)  # warm the caches (and rapidfuzz's import) as a running app would have them
    backend.similar_scored(*similar[0], limit=3)
    search_ms = [timed(lambda f=f: backend.search(f, 50)) * 1000 for f in searches]
    similar_ms = [timed(lambda q=q: backend.similar_scored(q[0], q[1], limit=3)) * 1000 for q in similar]
    stats_ms = [timed(backend.stats) * 1000 for _ in range(3)]
    return {"search_p95_ms": p95(search_ms), "similar_p95_ms": p95(similar_ms), "stats_ms": max(stats_ms)}


def fill(backend, cases: list[Case], chunk: int = 5000) -> float:
    start = time.perf_counter()
    for i in range(0, len(cases), chunk):
        backend.add(cases[i:i + chunk])
    return time.perf_counter() - start


def pack_import(url: str, pack: Path, data: Path) -> tuple[float, float, tuple]:
    repo = CaseRepository(SessionStore(data), url=url)
    first = time.perf_counter()
    result = repo.import_pack(pack)
    first = time.perf_counter() - first
    again = timed(lambda: repo.import_pack(pack))
    repo.close()
    return first, again, result


# -- the approach before the repository (one YAML file per case, read whole by every command) ----------
def old_baseline(cases: list[Case], gen: Generator, folder: Path, queries: int) -> dict:
    import yaml
    from rapidfuzz import fuzz

    from popguide.store import atomic_write_text

    folder.mkdir(parents=True)
    for c in cases:
        (folder / f"{c.id}.yaml").write_text(yaml.safe_dump(c.to_dict(), sort_keys=False, allow_unicode=True))

    def read_all() -> list[Case]:  # what every command did first (yaml.safe_load of every file)
        return [Case(**yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.yaml"))]

    start = time.perf_counter()
    loaded = read_all()
    read_s = time.perf_counter() - start

    def searchable(c: Case) -> str:
        return " ".join([c.title, c.description, c.scenario_title, c.lessons, *c.responses]).lower()

    def search(f: Filters):
        ws = f.text.lower().split()
        return [c for c in loaded if (f.scenario_id is None or c.scenario_id == f.scenario_id)
                and all(w in searchable(c) for w in ws)]

    def similar(ids, description):
        pool = [c for c in loaded if c.scenario_id in ids]
        rank = {sid: n for n, sid in enumerate(ids)}
        pool.sort(key=lambda c: (rank.get(c.scenario_id, 99), -fuzz.token_set_ratio(description, c.description)))
        return pool[:3]

    def stats():
        by: dict = {}
        for c in loaded:
            by.setdefault(c.scenario_id, {}).setdefault(c.outcome, 0)
            by[c.scenario_id][c.outcome] += 1
            for r in c.responses:
                by.setdefault(r, {}).setdefault(c.outcome, 0)
        return by

    search_s = statistics.median(timed(lambda f=f: search(f)) for f in gen.searches(min(queries, 10)))
    similar_s = statistics.median(timed(lambda q=q: similar(*q)) for q in gen.similar_queries(min(queries, 10)))
    stats_s = timed(stats)
    new = [gen.case(n, "oldpack") for n in range(1000)]
    write_s = timed(lambda: [atomic_write_text(folder / f"{c.id}.yaml", yaml.safe_dump(c.to_dict())) for c in new])
    return {"read_s": read_s, "search_s": read_s + search_s, "similar_s": read_s + similar_s,
            "stats_s": read_s + stats_s, "import_10k_s_est": read_s + write_s * 10}


def startup(data_dir: Path, runs: int) -> float:
    from startup_bench import POPGUIDE, timed as startup_timed

    startup_timed(POPGUIDE, str(data_dir), 1)
    return startup_timed(POPGUIDE, str(data_dir), runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--queries", type=int, default=200, help="searches and similar look-ups timed per size")
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--startup-runs", type=int, default=3)
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    load_start = os.getloadavg()[0]
    gen = Generator()
    work = Path(tempfile.mkdtemp(prefix="popguide-bench-"))
    server = None
    backends: dict[str, str] = {"sqlite": str(work / "bench.sqlite3")}
    if not args.no_postgres:
        import pgserver

        reason = pgserver.why_unavailable()
        if reason:
            print(f"PostgreSQL skipped: {reason}")
        else:
            server = pgserver.PostgresServer().start()
            backends["postgresql"] = server.create_database("bench")
    results: dict[tuple[str, int], dict] = {}
    try:
        t0 = time.perf_counter()
        all_cases = [gen.case(n) for n in range(sizes[-1])]
        pack_cases = [gen.case(n, "pack") for n in range(10_000)]
        pack = work / "pack-10k.yaml"
        write_pack(pack, pack_cases)
        print(f"generated {len(all_cases):,} cases and a 10,000-case pack in {time.perf_counter() - t0:.1f} s", flush=True)
        opened = {kind: open_backend(url) for kind, url in backends.items()}
        done = 0
        for size in sizes:
            for kind, backend in opened.items():
                load = fill(backend, all_cases[done:size])
                if kind == "postgresql":  # what autovacuum does by itself within a minute of a bulk load
                    backend._execute("VACUUM ANALYZE")
                results[(kind, size)] = measure(backend, gen, args.queries) | {"load_s": load}
                print(f"{kind:<10} {size:>7,}: {results[(kind, size)]}", flush=True)
            done = size
        for kind, backend in opened.items():
            backend.close()
            first, again, result = pack_import(backends[kind], pack, work / f"data-{kind}")
            assert result == (10_000, 0), result
            results[(kind, sizes[-1])] |= {"import_10k_s": first, "reimport_10k_s": again}
            print(f"{kind:<10} import of the 10,000-case pack at {sizes[-1]:,}: {first:.1f} s, again {again:.1f} s",
                  flush=True)
        old = old_baseline(all_cases[:10_000], gen, work / "old-yaml", args.queries)
        print(f"old YAML folder at 10,000: {old}", flush=True)
        empty, full = work / "empty-data", work / "full-data"
        empty.mkdir()
        full.mkdir()
        shutil.copy(backends["sqlite"], full / "repository.sqlite3")
        start_empty, start_full = startup(empty, args.startup_runs), startup(full, args.startup_runs)
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("\n| operation | old YAML folder, 10,000 | " + " | ".join(
        f"{kind} {size:,}" for kind in backends for size in sizes) + " | target at 100,000 |")
    print("|---|---|" + "---|" * (len(backends) * len(sizes)) + "---|")
    rows = [("search p95", "search_p95_ms", "ms", old["search_s"] * 1000),
            ("similar cases p95", "similar_p95_ms", "ms", old["similar_s"] * 1000),
            ("stats", "stats_ms", "ms", old["stats_s"] * 1000),
            ("import a 10,000-case pack", "import_10k_s", "s", old["import_10k_s_est"])]
    for label, key, unit, baseline in rows:
        cells = []
        for kind in backends:
            for size in sizes:
                value = results[(kind, size)].get(key)
                cells.append("" if value is None else f"{value:.1f} {unit}" if unit == "s" else f"{value:.1f} {unit}")
        base = f"{baseline:,.0f} ms" if unit == "ms" else f"{baseline:.0f} s (est.)"
        print(f"| {label} | {base} | " + " | ".join(cells) + f" | ≤ {TARGETS[key]} {unit} |")
    print(f"\nstart-up to first screen: {start_empty:.3f} s with an empty data folder, {start_full:.3f} s with "
          f"{sizes[-1]:,} cases in the repository (ratio {start_full / start_empty:.2f}; median of {args.startup_runs})")
    largest = sizes[-1]
    failed = [f"{kind} {key}" for kind in backends for key, limit in TARGETS.items()
              if key in results[(kind, largest)] and results[(kind, largest)][key] > limit]
    print("targets: " + ("all met" if not failed else "missed: " + ", ".join(failed)) + f" at {largest:,}")
    print(f"machine load average at the start {load_start:.1f}, at the end {os.getloadavg()[0]:.1f} "
          f"({os.cpu_count()} cores; other work on the machine slows every column alike)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
