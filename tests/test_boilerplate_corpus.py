"""Precision and recall of the dropped lines on the shared sample corpus and on held-out pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS, NO_CORPUS
from normkit import Context
from normkit.normalisers.boilerplate import Boilerplate
from normkit.normalisers.spam import SpamTails

POSITIVE = {"boilerplate", "spam"}
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


def _corpus() -> list[tuple[str, str, dict[int, str]]]:
    if not (CORPUS / "raw").is_dir():
        pytest.skip(NO_CORPUS)
    out = []
    for raw in sorted((CORPUS / "raw").glob("*.txt")):
        rows = (CORPUS / "golden" / f"{raw.name}.labels.tsv").read_text(encoding="utf-8").split("\n")
        labels = {int(n) - 1: label for n, label in (r.split("\t") for r in rows if r.strip())}
        out.append((raw.name, raw.read_text(encoding="utf-8"), labels))
    return out


def _score(pages: list[tuple[str, list[str], dict[int, str]]]) -> dict[str, float]:
    """Print and return precision, recall and per-kind figures over non-blank lines."""
    tp = fp = fn = 0
    by_label: Counter[tuple[str, bool]] = Counter()
    by_reason: Counter[tuple[str, bool]] = Counter()
    for name, lines, labels in pages:
        _, found = drops("\n".join(lines))
        for i, line in enumerate(lines):
            label = labels.get(i, "body")
            if label == "blank" or not line.strip():
                continue
            positive = label in POSITIVE
            dropped = i in found
            by_label[label, dropped] += 1
            if dropped:
                by_reason[found[i], positive] += 1
            tp += positive and dropped
            fp += dropped and not positive
            fn += positive and not dropped
            if positive != dropped:
                print(f"  miss {name}:{i + 1} {label} -> {found.get(i, 'kept')}: {line[:40]!r}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    spam_total = by_label["spam", True] + by_label["spam", False]
    spam_recall = by_label["spam", True] / spam_total if spam_total else 1.0
    print(f"dropped-line precision {precision:.3f}  recall {recall:.3f}  (tp {tp} fp {fp} fn {fn})")
    for label in sorted({k for k, _ in by_label}):
        kept, gone = by_label[label, False], by_label[label, True]
        print(f"  label {label:<12} dropped {gone:>3} / {kept + gone:>3}")
    for reason in sorted({k for k, _ in by_reason}):
        good, bad = by_reason[reason, True], by_reason[reason, False]
        print(f"  reason {reason:<28} dropped {good + bad:>3}  precision {good / (good + bad):.3f}")
    print(f"  spam recall {spam_recall:.3f} over {spam_total} spam lines")
    return {"precision": precision, "recall": recall, "spam_recall": spam_recall}


def test_sample_corpus_precision_and_recall() -> None:
    pages = []
    for name, text, labels in _corpus():
        pages.append((name, text.split("\n"), labels))
    print("\nsample corpus:")
    score = _score(pages)
    assert score["precision"] >= 0.98
    assert score["recall"] >= 0.90
    assert score["spam_recall"] == 1.0


LETTER = {"K": "body", "B": "boilerplate", "S": "spam"}


def test_held_out_pages_precision_and_recall() -> None:
    pages = []
    for name, letters, lines in held_out_pages():
        pages.append((name, lines, {i: LETTER[c] for i, c in enumerate(letters)}))
    print("\nheld-out pages:")
    score = _score(pages)
    # Dropping a content line is the expensive error: none may go.
    assert score["precision"] == 1.0
    assert score["recall"] >= 0.90
    assert score["spam_recall"] == 1.0


@pytest.mark.parametrize("page", held_out_pages(), ids=lambda p: p[0])
def test_held_out_page_keeps_every_content_line(page: tuple[str, list[str], list[str]]) -> None:
    name, letters, lines = page
    text, found = drops("\n".join(lines))
    lost = [lines[i] for i in found if letters[i] == "K"]
    assert lost == [], f"{name}: content dropped"
    spam_kept = [line for i, line in enumerate(lines) if letters[i] == "S" and i not in found]
    assert spam_kept == [], f"{name}: spam kept"
    assert text == "\n".join(line for i, line in enumerate(lines) if i not in found)
