"""Start-up time of the ``normkit`` command, beside a bare interpreter, and what it imports.

    PYTHONPATH=src python benchmarks/bench_startup.py [--runs N]

``normkit --help`` and ``normkit plugins`` must not import the heavy libraries that only
reading and writing files need (orjson, zstandard, isal, pyarrow).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
HEAVY = ("orjson", "zstandard", "isal", "pyarrow", "ftfy", "opencc", "regex", "pluggy")
PROBE = """
import sys
from normkit.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(",".join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
"""


def timed(cmd: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def imported(args: list[str]) -> str:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], env=env, capture_output=True, text=True
    )
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    py = sys.executable
    base = timed([py, "-c", "pass"], runs)
    rows = [
        ("python -c pass", [py, "-c", "pass"], None),
        ("import normkit", [py, "-c", "import normkit"], None),
        ("normkit --help", [py, "-m", "normkit.cli", "--help"], ["--help"]),
        ("normkit plugins", [py, "-m", "normkit.cli", "plugins"], ["plugins"]),
        ("normkit clean --help", [py, "-m", "normkit.cli", "clean", "--help"], ["clean", "--help"]),
    ]
    print(f"start-up, median of {runs} runs (shared machine: compare within this table)")
    print(f"{'command':<22} {'seconds':>8} {'over bare python':>17}  heavy modules imported")
    for label, cmd, args in rows:
        seconds = base if label == "python -c pass" else timed(cmd, runs)
        heavy = imported(args) if args is not None else ""
        print(f"{label:<22} {seconds:8.3f} {seconds - base:+16.3f}s  {heavy}")


if __name__ == "__main__":
    main()
