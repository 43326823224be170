"""Snapshot, then compare, the outputs of the three ``mojibake.*`` steps.

    python benchmarks/check_mojibake_outputs.py save SNAPSHOT.pkl   # before optimising
    python benchmarks/check_mojibake_outputs.py check SNAPSHOT.pkl  # after each change

Inputs: every case of the accuracy benchmark (clean sentences misread along every path
of :data:`normkit.mojibake.paths.PATHS` with every loss mode), the clean sentences and
traps, the worst inputs and the varied shapes (at a few thousand characters), the
sample corpus pages (raw, golden, damaged as in the speed benchmark), the realweb
pages, the cases of the tests' generator (``tests/mojibake_cases.py``) and every string
literal of the mojibake tests. Recorded for each: every step
alone, the three chained, and the repairs :func:`normkit.mojibake.cjk.find_repairs`
finds. A speed-up must leave all of them identical.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

import bench_mojibake as bench
from _mojibake_shapes import varied_worst_inputs
from _snapshot import snapshot_main
from normkit.mojibake.cjk import find_repairs
from normkit.mojibake.paths import LOSSES, PATHS, TRAPS, damage
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake
from normkit.testing import mojibake_worst_inputs

ROOT = Path(__file__).resolve().parent.parent
REALWEB = ROOT.parent / "shared" / "realweb" / "raw"


def inputs() -> list[str]:
    texts: list[str] = []
    sentences = bench._sentences(120)
    for path in PATHS:
        for lang_texts in sentences.values():
            for text in lang_texts:
                for loss in LOSSES:
                    texts.append(damage(text, path, loss).damaged)
    texts += [t for ts in sentences.values() for t in ts] + list(TRAPS)
    for size in (300, 3000):
        texts += list(mojibake_worst_inputs(size).values())
        texts += list(varied_worst_inputs(size).values())
    for kind in ("raw", "golden"):
        pages = bench._pages(kind)
        texts += pages
        if kind == "golden":
            texts += [bench._damage(p) for p in pages]
    texts += [p.read_text(encoding="utf-8") for p in sorted(REALWEB.glob("*.txt"))]
    # Texts with characters beyond the BMP take other paths (a row per such character):
    # the damaged sentences of each path, the shapes and the damaged pages, with some put in.
    damaged = [damage(t, path, LOSSES[0]).damaged for path in PATHS for ts in sentences.values() for t in ts]
    shapes = [t for size in (300, 3000) for t in varied_worst_inputs(size).values()]
    texts += [_beyond_bmp(t) for t in damaged + shapes + [bench._damage(p) for p in bench._pages("golden")]]
    sys.path.insert(0, str(ROOT / "tests"))
    from mojibake_cases import CLEAN, cases  # the tests' generator: 3240 cases

    texts += [case.damaged for case in cases()] + list(CLEAN)
    for test in sorted((ROOT / "tests").glob("*mojibake*.py")):
        tree = ast.parse(test.read_text(encoding="utf-8"))
        texts += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return list(dict.fromkeys(texts))


#: Characters beyond the BMP: an emoji, an ideograph of no family, members of the
#: Big5-HKSCS and Shift-JIS 2004 readings.
_BEYOND = ("😀", "𠀀", "𧉧", "𠀋", "𤟱")


def _beyond_bmp(text: str) -> str:
    """``text`` with a character beyond the BMP put in after every 97th character (and at
    its start), each of :data:`_BEYOND` in turn."""
    pieces = [text[k : k + 97] for k in range(0, len(text), 97)]
    return "".join(_BEYOND[k % len(_BEYOND)] + piece for k, piece in enumerate(pieces))


def outputs(texts: list[str]) -> dict[str, list[Any]]:
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    return {
        "latin": [latin(t) for t in texts],
        "cjk": [cjk(t) for t in texts],
        "phase": [phase(t) for t in texts],
        "chain": [phase(cjk(latin(t))) for t in texts],
        "find_repairs": [[tuple(r) for r in find_repairs(t)] for t in texts],
    }


if __name__ == "__main__":
    snapshot_main(inputs, outputs)
