"""Train the line classifier from labelled pages and write its weights (deterministic).

Material: ``../shared/realweb`` (real pages, every line labelled; grouped by the ``site``
column of ``pages.tsv``), the test pages of ``tests/data/boilerplate`` and the sample
corpus's golden labels (each page its own group). ``unsure`` and ``blank`` lines are not
learned from.

Usage (from the repository root)::

    PYTHONPATH=src python -m normkit.lines.train            # write src/normkit/data/lines_model.json
    PYTHONPATH=src python -m normkit.lines.train --cv 5     # grouped cross-validation only

Cross-validation holds whole sites out (grouped k-fold over sites, in a fixed order).
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .features import NAMES, page_features
from .model import MODEL_FILE, LineModel, fit

__all__ = ["Page", "cross_validate", "load_pages", "train"]

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
#: Labels learned from: 1 boilerplate, 0 content; others are skipped.
TARGET = {"boilerplate": 1, "spam": 1, "body": 0, "headline": 0}
#: Training settings (the shipped model uses these).
SETTINGS = {"rounds": 300, "rate": 0.15, "bins": 32, "l2": 2.0}
#: The probability from which the shipped model drops a line (chosen on held-out sites).
THRESHOLD = 0.97
#: Weight of a content line against a boilerplate line: dropping content costs more.
CONTENT_WEIGHT = 6.0


@dataclass(frozen=True)
class Page:
    name: str
    group: str
    lines: list[str]
    labels: list[str]


def load_pages(
    shared: Path = SHARED, root: Path = ROOT, kinds: Iterable[str] = ("all", "traf")
) -> list[Page]:
    """Every labelled page of the development material."""
    pages: list[Page] = []
    realweb = shared / "realweb"
    if (realweb / "pages.tsv").is_file():
        with open(realweb / "pages.tsv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if row["extraction"] not in kinds:
                    continue
                name = row["name"]
                lines = (realweb / "raw" / f"{name}.txt").read_text(encoding="utf-8").split("\n")
                labels = ["unsure"] * len(lines)
                for rec in (
                    (realweb / "labels" / f"{name}.txt.labels.tsv").read_text(encoding="utf-8").split("\n")
                ):
                    if rec.strip():
                        num, label = rec.split("\t")
                        labels[int(num) - 1] = label
                pages.append(Page(name, row["site"], lines, labels))
    letters = {"K": "body", "B": "boilerplate", "S": "spam"}
    for path in sorted((root / "tests" / "data" / "boilerplate").glob("*.txt")):
        rows = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        pages.append(
            Page(
                path.name,
                "test:" + path.name,
                [r[2:] for r in rows],
                [letters.get(r[:1], "blank") for r in rows],
            )
        )
    corpus = shared / "corpus"
    for raw in sorted((corpus / "raw").glob("*.txt")):
        lines = raw.read_text(encoding="utf-8").split("\n")
        labels = ["body"] * len(lines)
        golden = corpus / "golden" / f"{raw.name}.labels.tsv"
        for rec in golden.read_text(encoding="utf-8").split("\n"):
            if rec.strip():
                num, label = rec.split("\t")
                if int(num) <= len(lines):
                    labels[int(num) - 1] = label
        pages.append(Page(raw.name, "corpus:" + raw.name, lines, labels))
    return pages


def _arrays(
    pages: list[Page],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    xs, ys, ws, owners = [], [], [], []
    for k, page in enumerate(pages):
        x = page_features(page.lines).matrix
        y = np.array([TARGET.get(label, 0) for label in page.labels])
        w = np.array(
            [
                0.0
                if label not in TARGET or not line.strip()
                else (CONTENT_WEIGHT if TARGET[label] == 0 else 1.0)
                for label, line in zip(page.labels, page.lines, strict=True)
            ]
        )
        xs.append(x)
        ys.append(y)
        ws.append(w)
        owners.append(np.full(len(y), k))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(owners)


def train(pages: list[Page], threshold: float = THRESHOLD) -> LineModel:
    x, y, w, _ = _arrays(pages)
    keep = w > 0
    return fit(x[keep], y[keep], NAMES, w[keep], threshold=threshold, **SETTINGS)  # type: ignore[arg-type]


def folds(groups: list[str], k: int) -> list[set[str]]:
    """``k`` sets of groups, assigned round-robin in sorted order (deterministic)."""
    ordered = sorted(set(groups))
    return [set(ordered[i::k]) for i in range(k)]


def cross_validate(pages: list[Page], k: int = 5) -> dict[str, npt.NDArray[np.float32]]:
    """Held-out probabilities per page name: each fold's model never saw the fold's sites."""
    out: dict[str, npt.NDArray[np.float32]] = {}
    for held in folds([p.group for p in pages], k):
        model = train([p for p in pages if p.group not in held])
        for p in pages:
            if p.group in held:
                out[p.name] = model.probability(page_features(p.lines).matrix)
    return out


def _report(pages: list[Page], probs: dict[str, npt.NDArray[np.float32]], threshold: float) -> None:
    for kind in ("all", "traf", "test", "corpus"):
        tp = fp = fn = kept = content = 0
        for p in pages:
            if not (p.name.endswith(f"_{kind}") or p.group.startswith(kind + ":")):
                continue
            drop = probs[p.name] >= threshold
            for label, line, d in zip(p.labels, p.lines, drop.tolist(), strict=True):
                if label not in TARGET or not any(c.isalnum() for c in line):
                    continue
                if TARGET[label]:
                    tp += d
                    fn += not d
                else:
                    fp += d
                    content += 1
                    kept += not d
        if tp + fn:
            print(
                f"{kind:<7} t={threshold:.2f} precision {tp / max(tp + fp, 1):.3f} recall {tp / (tp + fn):.3f}"
                f" kept {kept / max(content, 1):.4f} (fp {fp}, fn {fn})"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", type=int, default=0, help="only cross-validate with this many folds")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "normkit" / "data" / MODEL_FILE)
    args = parser.parse_args(argv)
    pages = [p for p in load_pages()]
    if args.cv:
        probs = cross_validate(pages, args.cv)
        for t in (0.5, 0.8, 0.9, 0.95, 0.98, 0.99):
            _report(pages, probs, t)
        return
    model = train(pages, args.threshold)
    args.out.write_text(json.dumps(model.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
