"""The counting pass of ``--repeats``: speed, and ``normkit scan``'s peak memory as the corpus grows.

Builds JSON Lines corpora from the realweb ``all`` pages (or the sample corpus): copy ``c``
of a page gets a URL on one of 50 hosts per site and its long lines a tag of its own (so
distinct lines grow with the corpus, as on the web), short lines (menus) stay. Then:

1. the counting itself in this process (``RepeatCounter.add`` over the texts), in MB/s of
   UTF-8, beside ftfy's ``fix_text`` over the same texts when ftfy is installed;
2. ``normkit scan`` as a subprocess on the corpus at 1x and 10x size, with a fixed
   ``--memory``: wall time, MB/s, and peak resident memory (the child's ``ru_maxrss``).
   Peak memory should stay flat; counts above the budget spill to disk.

    python benchmarks/bench_repeats.py [--mb 20] [--memory 4]
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

from normkit.lines.repeats import RepeatCounter

ROOT = Path(__file__).resolve().parent.parent
REALWEB = ROOT.parent / "shared" / "realweb"
TAGS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"


def pages() -> list[tuple[str, str]]:
    """(url, text) of the realweb ``all`` pages (else the bundled samples, one site)."""
    rows = []
    tsv = REALWEB / "pages.tsv"
    if tsv.exists():
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            cols = line.split("\t")
            if cols[11] == "all":
                rows.append((cols[1], (REALWEB / "raw" / f"{cols[0]}.txt").read_text(encoding="utf-8")))
    if not rows:
        folder = ROOT / "src" / "normkit" / "data" / "samples"
        rows = [
            (f"https://example.com/{p.stem}", p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.txt"))
        ]
    return rows


def tag(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, len(TAGS))
        out += TAGS[r]
        if not n:
            return out


def write_corpus(path: Path, megabytes: float, source: list[tuple[str, str]]) -> int:
    """Copies of the pages until ``megabytes`` of JSON Lines; returns the bytes of text."""
    written = text_bytes = 0
    copy = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < megabytes * 1_000_000:
            t = tag(copy)
            for n, (url, text) in enumerate(source):
                scheme, _, rest = url.partition("://")
                host, _, tail = rest.partition("/")
                lines = [line + t if len(line) > 20 else line for line in text.split("\n")]
                body = "\n".join(lines)
                record = json.dumps(
                    {
                        "id": f"{copy}-{n}",
                        "url": f"{scheme}://h{copy % 50}.{host}/{copy}/{tail}",
                        "text": body,
                    },
                    ensure_ascii=False,
                )
                out.write(record + "\n")
                written += len(record.encode("utf-8")) + 1
                text_bytes += len(body.encode("utf-8"))
            copy += 1
    return text_bytes


def in_process(source: list[tuple[str, str]], repeat: int = 3) -> None:
    texts = [(url, text) for url, text in source] * 10
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    best = float("inf")
    for _ in range(repeat):
        counter = RepeatCounter()
        started = time.perf_counter()
        for url, text in texts:
            counter.add(text, {"url": url})
        counter.finish()
        best = min(best, time.perf_counter() - started)
    print(f"counting in process: {size / best / 1e6:6.1f} MB/s ({size / 1e6:.1f} MB, best of {repeat})")
    try:
        import ftfy
    except ImportError:
        print("ftfy not installed: no reference figure")
        return
    started = time.perf_counter()
    for _, text in texts:
        ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_character_width=False)
    seconds = time.perf_counter() - started
    print(f"ftfy.fix_text (CJK-safe), same texts: {size / seconds / 1e6:6.1f} MB/s")


def scan(corpus: Path, memory: float, workdir: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of ``normkit scan`` in a fresh child."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TMPDIR=str(workdir))
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        " r = subprocess.run(sys.argv[1:]); t = time.perf_counter() - t;"
        " print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)"
    )
    cmd = [sys.executable, "-m", "normkit.cli", "scan", str(corpus), "-o", str(workdir / "c.nkr"), "-q"]
    done = subprocess.run(
        [sys.executable, "-c", probe, *cmd, "--memory", str(memory)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20, help="size of the small corpus (the large one is 10x)")
    ap.add_argument("--memory", type=float, default=4, help="--memory of normkit scan, MB")
    a = ap.parse_args()
    source = pages()
    in_process(source)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-repeats-") as tmp:
        work = Path(tmp)
        for factor in (1, 10):
            corpus = work / f"corpus-{factor}.jsonl"
            text_bytes = write_corpus(corpus, a.mb * factor, source)
            seconds, rss = scan(corpus, a.memory, work)
            size = corpus.stat().st_size
            print(
                f"normkit scan {size / 1e6:7.1f} MB JSONL ({text_bytes / 1e6:.1f} MB text):"
                f" {seconds:5.1f} s, {size / seconds / 1e6:5.1f} MB/s, peak RSS {rss / 1024:6.1f} MiB"
                f" (--memory {a.memory:g})"
            )
            corpus.unlink()
            runs.append((size, seconds, rss))
    (small, t1, m1), (large, t10, m10) = runs
    print(
        f"10x the corpus: peak RSS x{m10 / m1:.2f}; speed without start-up (the difference of the two"
        f" runs): {(large - small) / max(t10 - t1, 1e-9) / 1e6:.1f} MB/s"
    )


if __name__ == "__main__":
    main()
