"""Throughput of the framework adapters against a plain in-process loop, on the same texts.

    PYTHONPATH=src python benchmarks/bench_adapters.py [--mb 8] [--workers 2]

Texts are the shared sample pages (or a built-in sample), repeated to about ``--mb`` MB.
Frameworks that are not installed are skipped. Ray's start-up (``ray.init``) and its
first run (worker processes importing Ray Data and normkit) are reported separately
from its steady-state run. Output rows are checked to equal ``Pipeline.clean``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import normkit

ROOT = Path(__file__).resolve().parent.parent
#: The shared sample pages: beside the repository (as in CI) or beside its worktree folder.
CORPORA = [ROOT.parent / "shared" / "corpus" / "raw", ROOT.parent.parent / "shared" / "corpus" / "raw"]


def fallback_page(n: int) -> str:
    return "".join(f"第{i}段\u200b 價格：{i},000 元\u3000\r\n時間 9:40:{i % 60:02}  \n\n\n" for i in range(n))


def sample(mb: float) -> list[str]:
    found = next((c for c in CORPORA if c.is_dir()), None)
    pages = [p.read_text(encoding="utf-8") for p in sorted(found.glob("*.txt"))] if found else []
    pages = pages or [fallback_page(n) for n in (50, 120, 300)]
    texts: list[str] = []
    size = 0
    while size < mb * 1e6:
        for page in pages:
            texts.append(page)
            size += len(page.encode())
    return texts


def timed(fn: Callable[[], list[str]]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def bench_loop(texts: list[str]) -> list[str]:
    pipe = normkit.Pipeline()
    return [pipe.clean(t) for t in texts]


def bench_hf(texts: list[str], workers: int) -> dict[str, Callable[[], list[str]]]:
    import datasets

    from normkit.adapters.hf import clean_column

    datasets.disable_progress_bars()
    datasets.disable_caching()
    ds = datasets.Dataset.from_dict({"text": texts})
    return {
        "datasets map": lambda: clean_column(ds)["text"],
        f"datasets map, num_proc={workers}": lambda: clean_column(ds, num_proc=workers)["text"],
    }


def bench_datatrove(texts: list[str], workers: int, tmp: Path) -> dict[str, Callable[[], list[str]]]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from normkit.adapters.datatrove import NormkitCleaner

    (tmp / "in").mkdir()
    for shard in range(workers):
        with (tmp / "in" / f"{shard}.jsonl").open("w", encoding="utf-8") as f:
            for i in range(shard, len(texts), workers):
                f.write(json.dumps({"id": f"{i:07}", "text": texts[i]}, ensure_ascii=False) + "\n")

    def run(step: object, name: str) -> list[str]:
        LocalPipelineExecutor(
            [JsonlReader(str(tmp / "in")), step, JsonlWriter(str(tmp / name), compression=None)],
            tasks=workers,
            workers=workers,
            logging_dir=str(tmp / f"logs-{name}"),
        ).run()
        rows = [json.loads(line) for p in (tmp / name).glob("*.jsonl") for line in p.open(encoding="utf-8")]
        return [r["text"] for r in sorted(rows, key=lambda r: r["id"])]

    return {
        f"datatrove read+write only, {workers} workers": lambda: run(lambda data, rank, ws: data, "plain"),
        f"datatrove read+normkit+write, {workers} workers": lambda: run(NormkitCleaner(), "normkit"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=8.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    texts = sample(args.mb)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} documents, {mb:.1f} MB, chain {normkit.Pipeline().names}, {os.cpu_count()} CPUs")
    base_seconds, expected = timed(lambda: bench_loop(texts))
    rows: list[tuple[str, float, bool | None]] = [("Pipeline.clean loop (1 process)", base_seconds, True)]
    notes: list[str] = []

    cases: dict[str, Callable[[], list[str]]] = {}
    if importlib.util.find_spec("datasets"):
        cases |= bench_hf(texts, args.workers)
    tmp = Path(tempfile.mkdtemp(prefix="normkit-bench-"))
    if importlib.util.find_spec("datatrove"):
        cases |= bench_datatrove(texts, args.workers, tmp)
    for name, fn in cases.items():
        print(f"  running {name} ...", file=sys.stderr, flush=True)
        seconds, out = timed(fn)
        same = (
            None if "only" in name else out == [t for t in expected if t.strip() or "datatrove" not in name]
        )
        rows.append((name, seconds, same))
    shutil.rmtree(tmp)

    if importlib.util.find_spec("ray"):
        import ray
        import ray.data

        from normkit.adapters.ray import clean_column

        started = time.perf_counter()
        ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        notes.append(f"ray.init: {time.perf_counter() - started:.2f} s")
        ds = ray.data.from_items([{"i": i, "text": t} for i, t in enumerate(texts)]).materialize()

        def ray_run() -> list[str]:
            return [r["text"] for r in sorted(clean_column(ds).take_all(), key=lambda r: r["i"])]

        def ray_identity() -> list[str]:
            ds.map_batches(lambda table: table, batch_format="pyarrow").take_all()
            return []

        seconds, out = timed(ray_run)
        rows.append((f"ray map_batches, first run ({args.workers} CPUs)", seconds, out == expected))
        seconds, _ = timed(ray_identity)
        rows.append((f"ray identity map_batches, warm ({args.workers} CPUs)", seconds, None))
        seconds, out = timed(ray_run)
        rows.append((f"ray map_batches, warm ({args.workers} CPUs)", seconds, out == expected))
        started = time.perf_counter()
        ray.shutdown()
        notes.append(f"ray.shutdown: {time.perf_counter() - started:.2f} s")

    print(f"\n{'path':<48} {'seconds':>8} {'MB/s':>7} {'vs loop':>8}  same output")
    for name, seconds, same in rows:
        flag = "-" if same is None else "yes" if same else "NO"
        print(f"{name:<48} {seconds:8.2f} {mb / seconds:7.2f} {base_seconds / seconds:7.2f}x  {flag}")
    for note in notes:
        print(note)
    if any(same is False for *_, same in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
