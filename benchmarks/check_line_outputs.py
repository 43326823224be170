"""Snapshot, then compare, what the line steps drop and why, on real and made-up pages.

    python benchmarks/check_line_outputs.py save SNAPSHOT.pkl   # before changing the line steps
    python benchmarks/check_line_outputs.py check SNAPSHOT.pkl  # after each change

Inputs: the realweb pages (both extractions, and converted to traditional with ``s2twp``),
the sample corpus pages (raw and golden), the boilerplate and spam test pages, the string
literals of the line steps' tests, and seeded pages made of realweb lines in a new order
(some with many short lines, some with blank lines and carriage returns). Recorded for
each: ``spam.tails``, ``boilerplate.lines`` (rules only, the default profile's classifier,
``label_only``, a subset of kinds) and ``lines.rejoin`` alone (output, dropped lines with
their reasons, the explanations' reasons, annotations), and the default chain with
explanations. A speed-up or a reorganisation of the line steps must leave all of it
byte-identical.
"""

from __future__ import annotations

import ast
import os
import pickle
import random
import sys
from pathlib import Path
from typing import Any

import normkit
from normkit import Context

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REALWEB = Path(os.environ.get("NORMKIT_REALWEB") or SHARED / "realweb")
CORPUS = Path(os.environ.get("NORMKIT_CORPUS") or SHARED / "corpus")
TESTS = [
    "test_boilerplate.py",
    "test_spam.py",
    "test_lines.py",
    "test_line_classifier.py",
    "test_chain_idempotence.py",
]
DEFAULT_BOILERPLATE = {"learned": True, "threshold": 0.995, "spare_main_block": True}
#: (label, step, options) run alone on every input.
ALONE: list[tuple[str, str, dict[str, Any]]] = [
    ("spam.tails", "spam.tails", {}),
    ("boilerplate.lines/rules", "boilerplate.lines", {}),
    ("boilerplate.lines/default", "boilerplate.lines", DEFAULT_BOILERPLATE),
    ("boilerplate.lines/labels", "boilerplate.lines", {**DEFAULT_BOILERPLATE, "label_only": True}),
    (
        "boilerplate.lines/kinds",
        "boilerplate.lines",
        {"kinds": frozenset({"navigation", "credit", "sidebar"})},
    ),
    ("lines.rejoin", "lines.rejoin", {}),
]


def realweb_pages() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((REALWEB / "raw").glob("*.txt"))]


def other_pages() -> list[str]:
    pages = []
    for kind in ("raw", "golden"):
        pages += [p.read_text(encoding="utf-8") for p in sorted((CORPUS / kind).glob("*.txt"))]
    for folder in ("boilerplate", "spam"):
        pages += [
            p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data" / folder).rglob("*.txt"))
        ]
    return pages


def test_literals() -> list[str]:
    found: list[str] = []
    for name in TESTS:
        path = ROOT / "tests" / name
        if path.exists():
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [
                n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            ]
    return list(dict.fromkeys(found))


def shuffled_pages(pages: list[str], count: int, seed: int = 13) -> list[str]:
    """Pages of realweb lines in a new order: runs of one page spliced into another."""
    rng = random.Random(seed)
    lines = [p.split("\n") for p in pages]
    out = []
    for k in range(count):
        parts: list[str] = []
        for _ in range(rng.randint(1, 5)):
            src = rng.choice(lines)
            start = rng.randrange(len(src))
            parts += src[start : start + rng.randint(1, 60)]
        if k % 4 == 1:
            parts = [p for line in parts for p in (line, "")]
        if k % 4 == 2:
            parts = [p[: rng.randint(1, 12)] for p in parts]
        text = "\n".join(parts)
        out.append(text.replace("\n", "\r\n") if k % 9 == 3 else text)
    return out


def inputs() -> list[str]:
    real = realweb_pages()
    traditional = [normkit.convert(p, "s2twp") for p in real]
    return list(
        dict.fromkeys([*real, *traditional, *other_pages(), *test_literals(), *shuffled_pages(real, 300)])
    )


PIPELINE = normkit.Pipeline()


def record(text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, step, options in ALONE:
        ctx = Context()
        ctx.current = step
        cls = normkit.get_registry()[step].cls
        cleaned = cls(cls.Options(**options) if options else None)(text, ctx)
        out[label] = (
            cleaned,
            [(d.line, d.text, d.reason) for d in ctx.dropped],
            [(r.start, r.end, r.reason) for r in ctx.reasons],
            repr(ctx.annotations),
        )
    result = PIPELINE.process(normkit.Document(text), explain=True, signals=False)
    out["default chain"] = (
        result.text,
        [(d.normaliser, d.line, d.text, d.reason) for d in result.dropped],
        repr(result.changes),
        repr(result.annotations),
    )
    return out


def snapshot() -> dict[str, dict[str, Any]]:
    return {text: record(text) for text in inputs()}


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("save", "check"):
        print(__doc__)
        return 2
    mode, path = sys.argv[1], Path(sys.argv[2])
    now = snapshot()
    if mode == "save":
        path.write_bytes(pickle.dumps(now))
        print(f"saved {len(now)} inputs to {path}")
        return 0
    before: dict[str, dict[str, Any]] = pickle.loads(path.read_bytes())
    differ = 0
    missing = [t for t in before if t not in now]
    for text, was in before.items():
        if text not in now:
            continue
        for label, value in was.items():
            if now[text].get(label) != value:
                differ += 1
                if differ <= 10:
                    print(
                        f"DIFFERENT {label}: {text[:60]!r}\n  before {str(value)[:300]}\n  now    {str(now[text].get(label))[:300]}"
                    )
    print(f"{len(before)} inputs compared, {differ} outputs differ, {len(missing)} inputs missing")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
