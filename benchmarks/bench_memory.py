"""Peak memory of ``normkit clean`` streaming a generated corpus of growing size.

    python benchmarks/bench_memory.py                         # 16, 64, 256 MB
    python benchmarks/bench_memory.py --sizes 64,256,1024,4096 --profile default

The corpus is never stored: JSON Lines are generated on the fly (the sample pages, each
record with its own id and a little dirt) and piped into ``normkit clean`` on standard
input, with the output going to /dev/null. The child runs under an address-space limit
(``--cap-mb``, default 256 MB) far below the largest corpus, so a run that held its
input would fail rather than pass. The table gives each size, the time, the throughput
(MB/s), the child's peak resident memory (``wait4`` rusage ``ru_maxrss``), and its ratio
to the smallest run's peak: flat (about 1.0) means memory does not grow with the corpus.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

import orjson

from _corpus import ROOT, sample_pages

MB = 1_000_000


def records(pages: list[str], total: int) -> Iterator[bytes]:
    """About ``total`` bytes of JSONL, in blocks of about 1 MB."""
    dirt = ["", "\u200b", "\u3000", "  \n\n\n", "\r\n"]
    written, n = 0, 0
    block: list[bytes] = []
    size = 0
    while written < total:
        page = pages[n % len(pages)]
        line = orjson.dumps({"id": f"doc-{n}", "text": page + dirt[n % len(dirt)], "n": n}) + b"\n"
        block.append(line)
        size += len(line)
        n += 1
        if size >= MB:
            yield b"".join(block)
            written += size
            block, size = [], 0
    if block:
        yield b"".join(block)


def run(size_mb: int, profile: str, cap_mb: int, pages: list[str]) -> tuple[float, float, int, str]:
    """(seconds, bytes fed, peak RSS in KiB, the counts line)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")

    def limit() -> None:
        cap = cap_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", "--profile", profile, "-q", "--format", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=limit,
    )
    assert proc.stdin is not None and proc.stderr is not None
    fed = 0
    try:
        for block in records(pages, size_mb * MB):
            proc.stdin.write(block)
            fed += len(block)
        proc.stdin.close()
    except BrokenPipeError:  # the child died (the check below reports it)
        pass
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"normkit clean failed at {size_mb} MB (exit {proc.returncode}):\n{err[-2000:]}")
    counts = next((line for line in err.splitlines() if line.startswith("documents:")), "")
    return seconds, fed, usage.ru_maxrss, counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="16,64,256", help="corpus sizes in MB, comma-separated")
    parser.add_argument(
        "--profile", default="minimal", help="the profile to run (default: minimal, the cheapest)"
    )
    parser.add_argument("--cap-mb", type=int, default=256, help="address-space limit of the child, MB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    pages = sample_pages("raw")
    print(f"normkit clean --profile {args.profile}, JSONL on stdin, RLIMIT_AS {args.cap_mb} MB")
    print()
    print("| corpus (MB) | time (s) | MB/s | peak RSS (MB) | peak / first |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for size in sizes:
        seconds, fed, rss_kib, counts = run(size, args.profile, args.cap_mb, pages)
        rss = rss_kib / 1024
        first = first or rss
        print(
            f"| {fed / MB:.0f} | {seconds:.1f} | {fed / MB / seconds:.2f} | {rss:.0f} | {rss / first:.2f} |",
            flush=True,
        )
        print(f"<!-- {counts} -->", file=sys.stderr)


if __name__ == "__main__":
    main()
