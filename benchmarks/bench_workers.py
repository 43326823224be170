"""Worker processes: ``--workers 2`` against ``--workers 1`` on a multi-file corpus.

    PYTHONPATH=src python benchmarks/bench_workers.py [--files 16] [--mb 24]

Runs the local engine (``normkit.run.local.run_plan``, what ``normkit clean`` runs) over
JSONL files built from the sample pages, writing mirrored outputs. One worker runs in
process; N workers are a process pool over shards, each rebuilding the chain. Also runs
one big file split into byte-range pieces. On a 2-core machine the target is >= 1.8x;
on a shared, busy machine expect less (the table shows the CPU time, too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import orjson

import normkit
from bench_io import build_corpus  # type: ignore[import-not-found]
from normkit.io.readers import ReadOptions
from normkit.run.local import run_plan
from normkit.run.plan import PlanRequest, make_plan
from normkit.run.shard import RunOptions


def write_corpus(root: Path, files: int, megabytes: float) -> float:
    records = build_corpus(megabytes)
    per_file = max(1, len(records) // files)
    root.mkdir(parents=True)
    for i in range(files):
        chunk = records[i * per_file : (i + 1) * per_file]
        (root / f"part-{i:03d}.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in chunk))
    (root.parent / "single").mkdir()
    (root.parent / "single" / "all.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return sum(p.stat().st_size for p in root.iterdir()) / 1e6


def timed_run(inputs: Path, out: Path, workers: int) -> tuple[float, float, int]:
    if out.exists():
        shutil.rmtree(out)
    chain = normkit.Pipeline.from_profile("default").config
    options = RunOptions(ReadOptions())
    request = PlanRequest([str(inputs)], str(out), workers=workers, workdir=out.parent)
    started = time.perf_counter()
    plan = make_plan(request, options)
    totals = run_plan(plan, chain, options, workers)
    wall = time.perf_counter() - started
    assert totals.balanced and totals.rejected == 0
    return wall, totals.cpu_seconds, len(plan.shards)


def pool_start_up(workers: int) -> float:
    """Seconds to start ``workers`` processes that each build the chain (paid once per run)."""
    from concurrent.futures import ProcessPoolExecutor

    from normkit.run.local import _context

    started = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        list(pool.map(_build_chain, range(workers)))
    return time.perf_counter() - started


def warm_up() -> None:
    """Build the tables the chain loads on first use in this process, outside the timings
    (one worker runs in this process; the pool's processes build theirs before timing)."""
    pipe = normkit.Pipeline.from_profile("default")
    for record in build_corpus(0.2):
        pipe.clean(str(record["text"]))


def _build_chain(_: int) -> int:
    return len(normkit.Pipeline.from_profile("default").names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--mb", type=float, default=24.0)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        mb = write_corpus(root / "corpus", args.files, args.mb)
        print(
            f"{args.files} JSONL files, {mb:.1f} MB (and the same as one file);"
            f" os.cpu_count() = {os.cpu_count()}"
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average before the run: {load} (a busy machine cannot give 2 workers 2 cores)")
        print(f"pool start-up (processes that build the chain): {pool_start_up(max(args.workers)):.2f} s")
        warm_up()
        print("cpu s: CPU time spent in shards; speed-up: wall time of 1 worker / wall time of N")
        header = ("corpus", "workers", "shards", "seconds", "MB/s", "cpu s", "speed-up")
        print(f"{header[0]:<14} " + " ".join(f"{h:>8}" for h in header[1:]))
        for label, inputs in (("multi-file", root / "corpus"), ("one big file", root / "single")):
            base = None
            for workers in args.workers:
                wall, cpu, shards = timed_run(inputs, root / f"out-{workers}", workers)
                base = base or wall
                cells = (
                    workers,
                    shards,
                    f"{wall:.2f}",
                    f"{mb / wall:.1f}",
                    f"{cpu:.2f}",
                    f"{base / wall:.2f}x",
                )
                print(f"{label:<14} " + " ".join(f"{c:>8}" for c in cells))


if __name__ == "__main__":
    main()
