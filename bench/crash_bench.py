"""Sessions under kills and two writers: what is acknowledged and what survives.

    uv run python bench/crash_bench.py [--kills 100] [--trials 10]

Kills: a process saves a session in a loop (an answer, then "saved" is printed) and is SIGKILLed at a
random moment; the session is read back. Counted: acknowledged answers missing, files that no longer
read, kills that landed mid-write (a temporary file was left), temporary files still there after the
next start. Two writers: two processes load one session and each append 10 answers and 10 notes,
saving after each; counted: answers and notes missing at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from popguide.session import Entry, Session  # noqa: E402
from popguide.store import SessionStore, StoreError  # noqa: E402

SAVER = textwrap.dedent(
    """
    import sys
    from popguide.session import Entry
    from popguide.store import SessionStore
    store = SessionStore(sys.argv[1])
    session = store.load(sys.argv[2])
    n = len(session.entries)
    while True:
        session.entries.append(Entry("note", f"answer-{n} " + "x" * 2000))
        store.save(session)
        print(n, flush=True)
        n += 1
    """
)
WRITER = textwrap.dedent(
    """
    import sys
    from popguide.session import Entry
    from popguide.store import SessionStore
    store = SessionStore(sys.argv[1])
    session = store.load(sys.argv[2])
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(10):
        session.entries.append(Entry("note", f"{sys.argv[3]}-{n}"))
        session.notes.append({"text": f"{sys.argv[3]}-note-{n}", "stage": "scanning", "by": "", "at": ""})
        store.save(session)
    """
)


def kills(data: Path, count: int, rng: random.Random) -> dict:
    store = SessionStore(data)
    session = Session(title="kill me")
    store.save(session)
    acknowledged: set[int] = set()
    lost = unreadable = mid_write = left_after_start = 0
    for _ in range(count):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, str(data), session.id], stdout=subprocess.PIPE,
                                text=True, cwd=ROOT)
        acknowledged.add(int(proc.stdout.readline()))
        time.sleep(rng.uniform(0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        acknowledged |= {int(x) for x in proc.stdout.read().split()}
        mid_write += bool(list(store.folder.glob(".*.tmp")))
        try:
            saved = store.load(session.id)
        except StoreError:
            unreadable += 1
            continue
        have = {int(e.text.split(" ")[0].split("-")[1]) for e in saved.entries}
        lost = len(acknowledged - have)
        store.list()  # the next start
        left_after_start += bool(list(store.folder.glob(".*.tmp")))
    return {"kills": count, "acknowledged": len(acknowledged), "lost": lost, "unreadable": unreadable,
            "mid_write": mid_write, "strays_after_start": left_after_start}


def two_writers(data: Path, trials: int) -> dict:
    store = SessionStore(data)
    lost = 0
    for trial in range(trials):
        session = Session(title=f"trial {trial}")
        store.save(session)
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(data), session.id, who], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, cwd=ROOT) for who in "ab"]
        for p in procs:
            p.stdout.readline()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            p.wait()
        saved = store.load(session.id)
        expected = {f"{w}-{n}" for w in "ab" for n in range(10)}
        lost += len(expected - {e.text for e in saved.entries})
        lost += len({f"{w}-note-{n}" for w in "ab" for n in range(10)} - {n["text"] for n in saved.notes})
    return {"trials": trials, "items": trials * 40, "lost": lost}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        k = kills(Path(tmp) / "kills", args.kills, random.Random(args.seed))
        w = two_writers(Path(tmp) / "writers", args.trials)
    print(f"SIGKILL: {k['kills']} kills, {k['mid_write']} of them mid-write; {k['acknowledged']} answers acknowledged, "
          f"{k['lost']} lost, {k['unreadable']} unreadable files, {k['strays_after_start']} temporary files left after the next start")
    print(f"two writers: {w['trials']} trials, {w['items']} answers and notes, {w['lost']} lost")
    return 1 if k["lost"] or k["unreadable"] or k["strays_after_start"] or w["lost"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
