"""What reading and writing files costs beside cleaning in memory.

    PYTHONPATH=src python benchmarks/bench_io.py [--mb 20]

Builds a JSONL corpus from the sample pages (``normkit/data/samples``) with metadata on
every record, then measures in the same run:

- the in-memory pipeline over the same documents (the baseline),
- reading and parsing alone (normkit's readers) beside stdlib ``json`` line by line,
- ``process_shard`` file to file (read, clean, write) for plain, gzip and zstandard JSONL.

The ratio of file-to-file to in-memory time is the I/O overhead.
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
from pathlib import Path

import orjson
import zstandard

import normkit
from normkit.io.formats import Format
from normkit.io.readers import ReadOptions, read_records
from normkit.run.demo import sample_pages
from normkit.run.shard import RunOptions, Shard, process_shard


def build_corpus(megabytes: float) -> list[dict[str, object]]:
    pages = [text for _, text in sample_pages()]
    records: list[dict[str, object]] = []
    size, k = 0, 0
    while size < megabytes * 1e6:
        # one page in five is taken as it is, the others only their paragraphs: varied sizes
        page = pages[k % len(pages)]
        text = page if k % 5 == 0 else "\n".join(page.splitlines()[k % 7 :: 3])
        record = {
            "id": f"doc-{k}",
            "url": f"https://news.example.cn/{k}.html",
            "text": text,
            "lang": "zh",
            "score": 0.5,
        }
        records.append(record)
        size += len(text.encode())
        k += 1
    return records


def best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """The least CPU time of ``repeat`` runs (CPU time: other jobs on a shared machine
    slow the wall clock, not this process's own work)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records = build_corpus(args.mb)
    text_mb = sum(len(str(r["text"]).encode()) for r in records) / 1e6
    chain = normkit.Pipeline.from_profile("default").config
    pipe = normkit.Pipeline.from_config(chain)
    # distinct string objects, as a reader makes them (the corpus repeats pages)
    parsed = [orjson.loads(orjson.dumps(r)) for r in records]
    docs = [
        normkit.Document(r["text"], r["id"], {k: v for k, v in r.items() if k not in ("id", "text")})
        for r in parsed
    ]
    rows: list[tuple[str, float, float]] = []

    def in_memory() -> None:
        for doc in docs:
            pipe.process(doc)

    base = best(in_memory, args.repeat)
    rows.append(("in-memory pipeline (baseline)", base, base))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = b"".join(orjson.dumps(r) + b"\n" for r in records)
        files = {
            "jsonl": raw,
            "jsonl.gz": gzip.compress(raw, 6),
            "jsonl.zst": zstandard.ZstdCompressor(level=3).compress(raw),
        }
        for suffix, data in files.items():
            (root / f"in.{suffix}").write_bytes(data)

        def parse_only() -> None:
            for _ in read_records(str(root / "in.jsonl"), Format("jsonl"), ReadOptions(), "in"):
                pass

        def stdlib_parse() -> None:
            with open(root / "in.jsonl", encoding="utf-8") as lines:
                for line in lines:
                    json.loads(line)

        rows.append(("read + parse JSONL (normkit readers)", best(parse_only, args.repeat), base))
        rows.append(("read + parse JSONL (stdlib json, peer)", best(stdlib_parse, args.repeat), base))
        options = RunOptions(ReadOptions())
        for suffix in files:
            fmt = Format("jsonl", suffix.partition(".")[2])
            shard = Shard(0, str(root / f"in.{suffix}"), "in", fmt, fmt, output=str(root / f"out.{suffix}"))
            seconds = best(lambda shard=shard: process_shard(shard, chain, options), args.repeat)
            rows.append((f"file to file, {suffix} (read, clean, write)", seconds, base))
    print(f"{len(records)} records, {text_mb:.1f} MB of text, chain: {', '.join(chain.names)}")
    print(f"{'what':<42} {'cpu s':>8} {'MB/s':>8} {'x in-memory':>12}")
    for label, seconds, baseline in rows:
        print(f"{label:<42} {seconds:8.3f} {text_mb / seconds:8.1f} {seconds / baseline:12.2f}")


if __name__ == "__main__":
    main()
