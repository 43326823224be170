"""Throughput of the punctuation-family normalisers beside the tokenising core's own pass.

Usage: ``PYTHONPATH=src python benchmarks/bench_inline.py [--corpus DIR] [--mb 4] [--repeat 3]``

The raw pages of the sample corpus (``../shared/corpus`` beside the repository, or
``$NORMKIT_CORPUS``) are repeated to about ``--mb`` megabytes of UTF-8 text and cleaned
one document at a time, as a pipeline does. Every row is the best of ``--repeat`` runs,
in MB/s of UTF-8 input, with its ratio to the tokenising core's pass measured in the
same run (``tokenize`` alone, and a full ``Analysis``: runs, lines, sentences and
protected spans). The last rows run the chain and each step over the golden (already
clean) pages, scaled to the same size, to show the cost on text with nothing to repair.
Each step runs on whole pages here, not on what the steps before it leave
(``bench_default.py --steps`` measures that).
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import normkit
from normkit import Context
from normkit.tokens import Analysis, tokenize

OURS = [
    "markup.entities",
    "markup.tags",
    "lines.rejoin",
    "pinyin.glosses",
    "punctuation.width",
    "punctuation.doubled",
    "punctuation.ellipsis",
    "punctuation.quotes",
    "punctuation.final",
]
ROOT = Path(__file__).resolve().parent.parent


def load(corpus: Path, megabytes: float, kind: str = "raw") -> list[str]:
    pages = [p.read_text(encoding="utf-8") for p in sorted((corpus / kind).glob("*.txt"))]
    if not pages:
        raise SystemExit(f"no pages in {corpus / kind}")
    size = sum(len(p.encode()) for p in pages)
    return pages * max(1, round(megabytes * 1e6 / size))


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def full_analysis(text: str) -> None:
    analysis = Analysis(text)
    _ = analysis.runs, analysis.lines, analysis.sentences, analysis.protected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NORMKIT_CORPUS", str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--corpus", type=Path, default=Path(default))
    parser.add_argument("--mb", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    docs = load(args.corpus, args.mb)
    megabytes = sum(len(d.encode()) for d in docs) / 1e6
    registry = normkit.get_registry()
    chain = normkit.Pipeline(steps=OURS, profile=None)

    rows: list[tuple[str, float]] = []
    rows.append(("tokens.tokenize (core)", best_of(args.repeat, lambda: [tokenize(d) for d in docs])))
    rows.append(
        ("tokens.Analysis, all parts (core)", best_of(args.repeat, lambda: [full_analysis(d) for d in docs]))
    )

    def run_chain() -> None:
        for doc in docs:
            text, ctx = doc, Context()
            for step in chain.steps:
                text = step.normalise(text, ctx)

    rows.append(("these 9 normalisers, chained", best_of(args.repeat, run_chain)))
    rows.append(
        ("  same, through Pipeline.clean", best_of(args.repeat, lambda: [chain.clean(d) for d in docs]))
    )
    for name in OURS:
        step = registry[name].cls()
        rows.append((f"  {name} alone", best_of(args.repeat, lambda s=step: [s(d, Context()) for d in docs])))

    clean = load(args.corpus, args.mb, "golden")
    clean_mb = sum(len(d.encode()) for d in clean) / 1e6
    clean_seconds = best_of(args.repeat, lambda: [chain.clean(d) for d in clean])
    rows.append(("chain on clean (golden) pages", clean_seconds * megabytes / clean_mb))
    for name in OURS:
        step = registry[name].cls()
        seconds = best_of(args.repeat, lambda s=step: [s(d, Context()) for d in clean])
        rows.append((f"  {name} alone, golden", seconds * megabytes / clean_mb))

    core = rows[0][1]
    print(f"{len(docs)} documents, {megabytes:.1f} MB of UTF-8, best of {args.repeat}")
    print(f"{'step':<36} {'seconds':>8} {'MB/s':>8} {'time / tokenize':>16}")
    for label, seconds in rows:
        print(f"{label:<36} {seconds:>8.3f} {megabytes / seconds:>8.1f} {seconds / core:>16.2f}")
    print()
    print(without_chinese(args.mb, args.repeat))


#: Latin prose written for this benchmark (French and German, accents and marks).
LATIN = (
    "Le café était fermé, mais la boulangerie à côté vendait des crêpes ; nous avons "
    "attendu l'ouverture : « Déjà huit heures ? » demanda-t-elle. Über die Brücke "
    "gingen wir, müde, aber froh; später aßen wir Käse, Brot und Äpfel!\n"
)


def prose_without_chinese(megabytes: float) -> dict[str, list[str]]:
    """ASCII prose (the docstrings of standard-library modules) and Latin prose, cut into
    pages of about 4 kB and repeated to about ``megabytes``."""
    import importlib
    import inspect

    names = ["argparse", "collections", "csv", "email", "json", "logging", "pathlib", "re", "typing"]
    english = "\n\n".join(inspect.getdoc(importlib.import_module(n)) or "" for n in names)
    english = "".join(c for c in english if c.isascii())
    latin = LATIN * 30
    out = {}
    for label, text in (("ASCII prose", english), ("Latin prose", latin)):
        pages = [text[i : i + 4000] for i in range(0, len(text), 4000)]
        size = sum(len(p.encode()) for p in pages)
        out[label] = pages * max(1, round(megabytes * 1e6 / size))
    return out


def without_chinese(megabytes: float, repeat: int) -> str:
    """``punctuation.width`` alone on text without Chinese, beside ftfy's CJK-safe
    ``fix_text`` in the same run (the work a mixed corpus puts through both)."""
    import ftfy

    cjk_safe = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)
    width = normkit.get_registry()["punctuation.width"].cls()
    lines = [f"{'text without Chinese':<36} {'width MB/s':>11} {'ftfy MB/s':>10} {'width / ftfy':>13}"]
    for label, pages in prose_without_chinese(megabytes / 4).items():
        size = sum(len(p.encode()) for p in pages) / 1e6
        ours = best_of(repeat, lambda pages=pages: [width(p, Context()) for p in pages])
        theirs = best_of(repeat, lambda pages=pages: [ftfy.fix_text(p, cjk_safe) for p in pages])
        lines.append(f"{label:<36} {size / ours:>11.1f} {size / theirs:>10.1f} {theirs / ours:>12.1f}x")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
