"""Benchmark input: the sample corpus (or the bundled samples), repeated to a given size."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The sample corpus: ``$NORMKIT_CORPUS``, else beside the repository.
SHARED = Path(os.environ.get("NORMKIT_CORPUS") or ROOT.parent / "shared" / "corpus")


def sample_pages(kind: str = "raw") -> list[str]:
    """The sample pages: ``raw`` (as crawled) or ``golden`` (clean)."""
    folder = SHARED / kind
    if not folder.is_dir():
        folder = ROOT / "src" / "normkit" / "data" / "samples"
    pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not pages:
        raise SystemExit(f"no sample pages found in {folder}")
    return pages


def repeated(pages: list[str], megabytes: float) -> str:
    """The pages joined and repeated until the text is about ``megabytes`` of UTF-8."""
    one = "\n".join(pages)
    size = len(one.encode("utf-8"))
    return one * max(1, round(megabytes * 1_000_000 / size))


def best_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def mb_per_s(text: str, seconds: float) -> float:
    return len(text.encode("utf-8")) / 1e6 / seconds
