"""`normkit clean --engine ray` against `--workers 2` on the same multi-file corpus.

    python benchmarks/bench_ray.py [--mb 16] [--files 16]

Ray's start-up (starting a local 2-CPU cluster) is measured on its own and reported
apart from the cleaning, since on a long run it is paid once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import sample_pages

ENV = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def make_corpus(folder: Path, megabytes: float, files: int) -> None:
    pages = sample_pages("raw")
    per_file = max(1, round(megabytes * 1e6 / files / sum(len(p.encode()) for p in pages)))
    for i in range(files):
        with (folder / f"part{i:03}.jsonl").open("w", encoding="utf-8") as f:
            for n in range(per_file):
                for k, page in enumerate(pages):
                    f.write(json.dumps({"id": f"{i}-{n}-{k}", "text": page}, ensure_ascii=False) + "\n")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=16)
    parser.add_argument("--files", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        make_corpus(root / "in", args.mb, args.files)
        size = sum(p.stat().st_size for p in (root / "in").iterdir()) / 1e6
        clean = [sys.executable, "-m", "normkit.cli", "clean", str(root / "in"), "--overwrite", "-q"]
        startup = timed(
            [
                sys.executable,
                "-c",
                "import ray; ray.init(num_cpus=2, include_dashboard=False); ray.shutdown()",
            ]
        )
        results = {
            "--workers 1": timed([*clean, "-o", str(root / "w1"), "--workers", "1"]),
            "--workers 2": timed([*clean, "-o", str(root / "w2"), "--workers", "2"]),
            "--engine ray --workers 2": timed(
                [*clean, "-o", str(root / "ray"), "--engine", "ray", "--workers", "2"]
            ),
        }
    base = results["--workers 2"]
    print(f"corpus: {size:.1f} MB in {args.files} JSONL files; Ray start-up alone: {startup:.1f} s\n")
    print(f"{'run':<28} {'seconds':>8} {'MB/s':>7} {'vs --workers 2':>15}")
    for name, seconds in results.items():
        print(f"{name:<28} {seconds:8.1f} {size / seconds:7.2f} {base / seconds:14.2f}x")
    ray_work = results["--engine ray --workers 2"] - startup
    print(f"{'ray without start-up':<28} {ray_work:8.1f} {size / ray_work:7.2f} {base / ray_work:14.2f}x")


if __name__ == "__main__":
    main()
