"""Peak memory of ``normkit clean`` streaming a generated corpus of growing size.

    python benchmarks/bench_memory.py                         # 16, 64, 256 MB
    python benchmarks/bench_memory.py --sizes 64,256,1024,4096 --profile default --cap-mb 512
    python benchmarks/bench_memory.py --shape short-lines --sizes 1,4,16 --profile default --cap-mb 4096
    python benchmarks/bench_memory.py --shape zstd-bomb --sizes 256,1024

The corpus is never stored: JSON Lines are generated on the fly (the sample pages, each
record with its own id and a little dirt) and piped into ``normkit clean`` on standard
input, with the output going to /dev/null. The child runs under an address-space limit
(``--cap-mb``, default 256 MB) far below the largest corpus, so a run that held its
input would fail rather than pass, and in a temporary directory (where its
``normkit-rejects.jsonl`` goes, never the working directory). The table gives each
size, the time, the throughput (MB/s), the child's peak resident memory (``wait4`` rusage ``ru_maxrss``), and its ratio
to the smallest run's peak: flat (about 1.0) means memory does not grow with the corpus.

Two hostile shapes (``--shape``):

- ``short-lines``: each size is ONE record of that many MB made of short lines
  (``第k行, ``), the costliest shape per byte for the line filters. The table adds the
  growth of peak RSS over a one-line run and its ratio to the record's size: the
  per-record multiple that ``docs/reliability.md`` states as the bound (with the
  per-line bound of ``tests/test_line_memory.py``).
  With ``--traced``, the same record is cleaned in this process instead, with
  ``tracemalloc``: for each step of the chain (and the statistics of its change, and
  the document signals), the traced memory held when it starts and the peak while it
  runs, over the record's UTF-8 size (``--distinct``: every line different).
- ``zstd-bomb``: each size is the expansion of a zstandard stream of blank lines a few
  KB long after one record (a "decompression bomb"), piped in and sniffed as ``jsonl.zst``; peak RSS must
  stay flat (decompression is bounded to about 1 MiB + 4 MiB however well it compresses).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

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


def short_lines(total: int) -> Iterator[bytes]:
    """One JSONL record of about ``total`` bytes of short lines, in blocks of about 1 MB."""
    yield b'{"id": "short-lines", "text": "'
    line = "第{}行, \\n"
    written = 0
    while written < total:  # blocks of about 1 MB, the last one cut to the size asked for
        count = max(1, min(MB, total - written) // 12)
        block = "".join(line.format(k % 10) for k in range(count)).encode()
        yield block
        written += len(block)
    yield b'"}\n'


def zstd_bomb(total: int) -> Iterator[bytes]:
    """A zstandard frame of one record and about ``total`` bytes of blank lines, a few KB
    long; its header states the content size (as one-shot compressors write it), which
    made the unbounded decompressor allocate the whole expansion at once."""
    import zstandard

    first = b'{"id": "bomb", "text": "\\u70b8\\u5f39,"}\n'
    block = (b" " * 1023 + b"\n") * 512
    count = max(1, total // len(block))
    out = io.BytesIO()
    compressor = zstandard.ZstdCompressor(level=19)
    with compressor.stream_writer(out, size=len(first) + count * len(block), closefd=False) as writer:
        writer.write(first)
        for _ in range(count):
            writer.write(block)
    yield out.getvalue()


def run(
    size_mb: float, profile: str, cap_mb: int, pages: list[str], shape: str = "pages"
) -> tuple[float, float, int, str]:
    """(seconds, bytes fed, peak RSS in KiB, the counts line)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")

    def limit() -> None:
        cap = cap_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    sniff = [] if shape == "zstd-bomb" else ["--format", "jsonl"]  # the bomb: sniffed on stdin
    workdir = tempfile.TemporaryDirectory(prefix="bench_memory-")  # its normkit-rejects.jsonl
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", "--profile", profile, "-q", *sniff],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=workdir.name,
        env=env,
        preexec_fn=limit,
    )
    assert proc.stdin is not None and proc.stderr is not None
    fed = 0
    try:
        if shape == "short-lines":
            blocks = short_lines(int(size_mb * MB))
        elif shape == "zstd-bomb":
            blocks = zstd_bomb(int(size_mb * MB))
        else:
            blocks = records(pages, int(size_mb * MB))
        for block in blocks:
            proc.stdin.write(block)
            fed += len(block)
        proc.stdin.close()
    except BrokenPipeError:  # the child died (the check below reports it)
        pass
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    workdir.cleanup()
    if proc.returncode not in (0, 3):  # 3: done, with rejects
        raise SystemExit(f"normkit clean failed at {size_mb} MB (exit {proc.returncode}):\n{err[-2000:]}")
    counts = next((line for line in err.splitlines() if line.startswith("documents:")), "")
    return seconds, fed, usage.ru_maxrss, counts


def traced_steps(size_mb: float, profile: str, distinct: bool) -> None:
    """Per step of the chain, the traced memory held before it and the peak while it runs
    (the whole process's, from the moment the record is handed over), over the record's
    UTF-8 size; the record itself is not counted."""
    import tracemalloc

    import normkit._pipeline as engine
    from normkit import Document

    count = int(size_mb * MB) // (14 if distinct else 10)
    text = "".join(f"第{k:05d}行, \n" if distinct else f"第{k % 10}行, \n" for k in range(count))
    size = len(text.encode())
    pipe = engine.Pipeline(profile=profile)
    pipe.process(Document(engine.WARM_UP_TEXT * 30))
    rows: list[tuple[str, float, float]] = []
    base = 0

    def measured(label: str, run: Any, *args: Any) -> Any:
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = run(*args)
        _, peak = tracemalloc.get_traced_memory()
        rows.append((label, (held - base) / size, (peak - base) / size))
        return result

    call, count_change, signals = engine._call, engine._size_of_change, pipe.signals
    engine._call = lambda step, t, ctx, watch: measured(step.name, call, step, t, ctx, watch)
    engine._size_of_change = lambda old, new, dropped: measured(
        "(its statistics)", count_change, old, new, dropped
    )

    class Measured:
        def compute(self, found: Any) -> Any:
            return measured("(document signals)", signals.compute, found)

    pipe.signals = Measured()  # type: ignore[assignment]
    doc = Document(text)
    del text
    try:
        tracemalloc.start()
        base, _ = tracemalloc.get_traced_memory()
        pipe.process(doc)
        tracemalloc.stop()
    finally:
        engine._call, engine._size_of_change = call, count_change
    shape = "lines all different" if distinct else "lines of ten texts"
    print(f"| {size / MB:.1f} MB record, {shape} | held before | peak |")
    print("|---|---:|---:|")
    for label, held, peak in rows:
        if peak >= 2:
            print(f"| {label} | {held:.1f}x | {peak:.1f}x |")
    print(f"| the whole chain | | {max(peak for _, _, peak in rows):.1f}x |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="16,64,256", help="corpus sizes in MB, comma-separated")
    parser.add_argument(
        "--profile", default="minimal", help="the profile to run (default: minimal, the cheapest)"
    )
    parser.add_argument("--cap-mb", type=int, default=256, help="address-space limit of the child, MB")
    parser.add_argument("--shape", choices=["pages", "short-lines", "zstd-bomb"], default="pages")
    parser.add_argument(
        "--traced", action="store_true", help="short-lines: traced memory per step, in this process"
    )
    parser.add_argument("--distinct", action="store_true", help="--traced: every line different")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    if args.traced:
        for size in sizes:
            traced_steps(size, args.profile, args.distinct)
        return
    pages = sample_pages("raw")
    print(f"normkit clean --profile {args.profile}, {args.shape} on stdin, RLIMIT_AS {args.cap_mb} MB")
    print()
    if args.shape == "short-lines":
        _, _, base_kib, _ = run(0.001, args.profile, args.cap_mb, pages, args.shape)
        base = base_kib / 1024
        print(f"peak RSS of a one-line record: {base:.0f} MB")
        print()
        print(
            "| record (MB) | time (s) | peak RSS (MB) | growth (MB) | growth / record"
            " | marginal (over the previous size) |"
        )
        print("|---:|---:|---:|---:|---:|---:|")
        previous: tuple[float, float] | None = None
        for size in sizes:
            seconds, fed, rss_kib, counts = run(size, args.profile, args.cap_mb, pages, args.shape)
            rss = rss_kib / 1024
            # The growth over a record's size rises with the size only because the first
            # megabytes of the working set fit in memory the process holds already; the
            # marginal multiple (the growth's slope) is the flat one.
            marginal = (
                f"{(rss - previous[1]) * 1024 * 1024 / (fed - previous[0]):.0f}x"
                if previous and fed > previous[0]
                else ""
            )
            print(
                f"| {fed / MB:.1f} | {seconds:.1f} | {rss:.0f} | {rss - base:.0f} |"
                f" {(rss - base) * 1024 * 1024 / fed:.0f}x | {marginal} |",
                flush=True,
            )
            previous = (fed, rss)
            print(f"<!-- {counts} -->", file=sys.stderr)
        return
    print("| corpus (MB) | time (s) | MB/s | peak RSS (MB) | peak / first |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for size in sizes:
        seconds, fed, rss_kib, counts = run(size, args.profile, args.cap_mb, pages, args.shape)
        rss = rss_kib / 1024
        first = first or rss
        expanded = size if args.shape == "zstd-bomb" else fed / MB
        label = (
            f"{expanded:.0f} (from {fed / 1e3:.0f} KB)" if args.shape == "zstd-bomb" else f"{expanded:.0f}"
        )
        print(
            f"| {label} | {seconds:.1f} | {expanded / seconds:.2f} | {rss:.0f} | {rss / first:.2f} |",
            flush=True,
        )
        print(f"<!-- {counts} -->", file=sys.stderr)
        rejected = re.search(r"rejected (\d+)", counts)
        if args.shape == "pages" and rejected and int(rejected.group(1)):
            sys.exit(
                f"{rejected.group(1)} records rejected under RLIMIT_AS {args.cap_mb} MB: the loaded"
                f" chain of --profile {args.profile} needs more address space (raise --cap-mb, e.g. 512)"
            )


if __name__ == "__main__":
    main()
