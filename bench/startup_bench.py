"""Start-up benchmark: process start to first screen ready, popguide next to a minimal Textual app.

    python bench/startup_bench.py [--runs N]

Both apps run headless in fresh processes with the same harness, which exits
as soon as the first screen has been composed and painted. The ratio of the
medians is the figure (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HARNESS = """
import sys, time
{setup}
async def auto_pilot(pilot):
    await pilot.pause()
    print(time.time(), flush=True)  # the first screen is composed and painted
    pilot.app.exit()
app.run(headless=True, size=(100, 30), auto_pilot=auto_pilot)
"""

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList
class Minimal(App):
    def compose(self):
        yield Header()
        yield OptionList("Start a new session", "Browse the library", "Help")
        yield Footer()
app = Minimal()
"""

POPGUIDE = """
from popguide.tui.app import PopguideApp
from popguide.workspace import Workspace
app = PopguideApp(Workspace(data_dir=sys.argv[1]))
"""


def timed(setup: str, data_dir: str, runs: int) -> float:
    code = HARNESS.format(setup=setup)
    samples = []
    for _ in range(runs):
        start = time.time()
        proc = subprocess.run([sys.executable, "-c", code, data_dir], check=True, cwd=ROOT,
                              capture_output=True, text=True)
        samples.append(float(proc.stdout.split()[0]) - start)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        timed(MINIMAL, data_dir, 1)  # warm the file cache for both
        timed(POPGUIDE, data_dir, 1)
        minimal = timed(MINIMAL, data_dir, args.runs)
        ours = timed(POPGUIDE, data_dir, args.runs)
    print(f"minimal Textual app: {minimal:.3f} s to first screen (median of {args.runs})")
    print(f"popguide:            {ours:.3f} s to first screen (median of {args.runs})")
    print(f"ratio                {ours / minimal:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
