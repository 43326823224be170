"""Run the structure stage's line droppers and map every drop back to the input line."""

from __future__ import annotations

from pathlib import Path

from normkit import Context
from normkit.normalisers.boilerplate import Boilerplate
from normkit.normalisers.spam import SpamTails

HELD_OUT = Path(__file__).resolve().parent / "data" / "boilerplate"


def drops(text: str, ctx: Context | None = None) -> tuple[str, dict[int, str]]:
    """Run ``spam.tails`` then ``boilerplate.lines``; return the text and {input index: reason}."""
    ctx = ctx if ctx is not None else Context()
    kept = list(range(len(text.split("\n"))))
    found: dict[int, str] = {}
    for step in (SpamTails(), Boilerplate()):
        ctx.current = step.name
        before = len(ctx.dropped)
        text = step(text, ctx)
        for d in ctx.dropped[before:]:
            found[kept[d.line - 1]] = d.reason
        kept = [k for k in kept if k not in found]
    return text, found


def held_out_pages() -> list[tuple[str, list[str], list[str]]]:
    """``(name, labels, lines)`` of every labelled page in tests/data/boilerplate."""
    pages = []
    for path in sorted(HELD_OUT.glob("*.txt")):
        rows = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        labels = [row[:1] or "K" for row in rows]
        lines = [row[2:] for row in rows]
        pages.append((path.name, labels, lines))
    return pages
