"""Boilerplate removal on real pages with whole sites held out, and the line steps' speed.

    python benchmarks/bench_realweb.py [--folds 5] [--no-cv] [--speed-only] [--cpu] [--extra]

1. **Held-out accuracy.** The pages of ``../shared/realweb`` are split into ``--folds``
   groups of sites (the ``site`` column of ``pages.tsv``, round-robin in sorted order, as
   ``normkit.lines.train.folds``). For every fold a line model is trained on the other
   folds (and the test pages and sample corpus, never on the fold's sites), its operating
   point (threshold, anchor, far threshold) chosen by grouped folds inside those training
   pages (nested:
   never on the fold), the default profile cleans the fold's pages with that model (its
   own operating point), and ``score.py`` scores all outputs:
   drop precision, drop recall, content kept, for ``all`` and ``traf``. With ``--extra``
   every fold's model also learns from ``benchmarks/data/extra_pages`` (other sites, only
   ever training pages; the folds and the scored pages are the same).
   Also printed: the same chain with the learned classifier off (rules only).
2. **Sample corpus.** Precision and recall of the dropped lines of ``spam.tails`` +
   ``boilerplate.lines`` on ``../shared/corpus`` (its golden labels), with the shipped model.
3. **Extra pages.** The default chain with the shipped model on the pages of
   ``benchmarks/data/extra_pages`` (sites and genres realweb does not have), per genre.
4. **Where the held-out misses are** (``--misses``): the fold models' classifier alone,
   one pass, at each fold's own operating point, line level on the realweb pages: the
   boilerplate lines kept by where they stand (above, inside or below the main text the
   model spares, or on a page without an anchoring paragraph) and their probability,
   the content lines outside the main text that share those probabilities (what a lower
   threshold would cost), the sites with most misses, and every content line dropped.
5. **Speed.** On the ``all`` pages: the line steps (``spam.tails``, ``boilerplate.lines``,
   ``lines.rejoin``) in the default chain, from the pipeline's statistics, beside ftfy's
   ``fix_text`` (CJK-safe settings) in the same run; best of three runs.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ftfy
import numpy as np

import normkit
from normkit import Context
from normkit.lines.features import NAMES, page_features
from normkit.lines.model import read_model
from normkit.lines.train import (
    EXTRA,
    EXTRA_GENRES,
    TARGET,
    Page,
    folds,
    load_extra_pages,
    load_pages,
    protected_lines,
    train,
    visible,
)
from normkit.lines.verdict import drop_mask
from normkit.normalisers.boilerplate import Boilerplate
from normkit.normalisers.spam import SpamTails

ROOT = Path(__file__).resolve().parent.parent
REALWEB = ROOT.parent / "shared" / "realweb"
CORPUS = ROOT.parent / "shared" / "corpus"
CJK_SAFE = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)
LINE_STEPS = ("spam.tails", "boilerplate.lines", "lines.rejoin")


def score(outdir: Path, labelled: Path = REALWEB) -> dict[str, str]:
    """``score.py``'s summary line per extraction (``labelled``: the set scored against)."""
    out = {}
    for kind in ("all", "traf"):
        run = subprocess.run(
            [sys.executable, str(REALWEB / "score.py"), str(outdir), "--kind", kind, "--set", str(labelled)],
            capture_output=True,
            text=True,
            check=True,
        )
        text = run.stdout
        figures = [
            f"{name} {m.group(1)}"
            for name in ("precision", "recall", "kept")
            if (m := re.search(rf"{name}\D*?([01]\.\d+)", text))
        ]
        out[kind] = "  ".join(figures) if figures else text.strip().replace("\n", " | ")
    return out


def fold_models(n_folds: int, where: Path, extra: list[Page] | None = None) -> list[Path]:
    """One model file per fold, trained without the fold's sites (operating point chosen
    by grouped folds inside the training pages: nested, never on the fold); the ``extra``
    pages are learned from in every fold."""
    pages = load_pages()
    paths = []
    for k, held in enumerate(folds([p.group for p in pages], n_folds)):
        model = train([p for p in pages if p.group not in held] + (extra or []))
        path = where / f"model{k}.json"
        path.write_text(json.dumps(model.to_json()), encoding="utf-8")
        print(
            f"  fold {k}: {len(model.roots)} trees, anchor {model.anchor} ({model.anchor_letters}+ letters), threshold"
            f" {model.threshold}, inside {model.inside_threshold} ({model.inside_lexicon} lexicon),"
            f" far {model.far_threshold}"
            f" beyond {model.far_distance} lines",
            flush=True,
        )
        paths.append(path)
    return paths


def converted_set(transform: str, where: Path) -> Path:
    """A copy of the realweb set with every raw page converted (``s2twp``) and the same
    labels (the conversion keeps every line): traditional outputs are scored against the
    traditional input, so a word OpenCC does not convert back (``效能`` -> ``效能`` ->
    ``性能``) is not counted as a line dropped."""
    (where / "raw").mkdir(parents=True)
    (where / "labels").mkdir()
    for raw in sorted((REALWEB / "raw").glob("*.txt")):
        text = raw.read_text(encoding="utf-8")
        hant = normkit.convert(text, transform)
        assert hant.count("\n") == text.count("\n"), raw.name
        (where / "raw" / raw.name).write_text(hant, encoding="utf-8")
        labels = REALWEB / "labels" / f"{raw.name}.labels.tsv"
        (where / "labels" / labels.name).write_bytes(labels.read_bytes())
    return where


def held_out(
    n_folds: int, models: list[Path] | None, transform: str = "", back: bool = False
) -> dict[str, str]:
    """Figures of the default chain on the realweb pages, each fold's pages cleaned with
    the fold's model. With ``transform`` the pages are converted first and scored against
    the converted set (:func:`converted_set`), or with ``back`` converted back with
    ``tw2sp`` and scored against the simplified labels (the round trip alone loses
    0.5 % of the content lines: words OpenCC does not convert back)."""
    pages = load_pages()
    realweb = [p for p in pages if not p.group.startswith(("test:", "corpus:")) and "@" not in p.name]
    learned = models is not None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for k, held in enumerate(folds([p.group for p in pages], n_folds)):
            options: dict[str, dict[str, object]] = {"boilerplate.lines": {"learned": learned}}
            if models is not None:
                options["boilerplate.lines"]["model_file"] = str(models[k])
            pipe = normkit.Pipeline(options=options)
            for p in realweb:
                if p.group in held:
                    text = "\n".join(p.lines)
                    if transform:
                        text = normkit.convert(text, transform)
                    cleaned = pipe.clean(text)
                    if transform and back:
                        cleaned = normkit.convert(cleaned, "tw2sp")
                    (out / f"{p.name}.txt").write_text(cleaned, encoding="utf-8")
        if transform and not back:
            return score(out, converted_set(transform, Path(tmp) / "set"))
        return score(out)


#: The probability bins of :func:`misses`.
BINS = ((0.0, 0.5), (0.5, 0.9), (0.9, 0.98), (0.98, 1.01))


def main_text(probability: np.ndarray, x: np.ndarray, anchor: float, letters: int) -> tuple[int, int] | None:
    """First and last row of the main text the model spares (its anchoring paragraphs, as
    :func:`normkit.lines.verdict.drop_mask` finds them), None on a page without one."""
    sure = (probability < anchor) & (x[:, NAMES.index("prose")] > 0)
    if letters:
        long_enough = sure & (x[:, NAMES.index("length")] >= np.log1p(letters) - 1e-4)
        if long_enough.any():
            sure = long_enough
    rows = np.flatnonzero(sure)
    return (int(rows[0]), int(rows[-1])) if len(rows) else None


def misses(n_folds: int, models: list[Path]) -> None:
    """Print where the boilerplate lines the fold models keep are (see the module's 4.)."""
    pages = load_pages()
    realweb = [
        visible(p) for p in pages if not p.group.startswith(("test:", "corpus:")) and "@" not in p.name
    ]
    table: dict[tuple[str, str, int], int] = {}
    content_near: dict[tuple[str, str, int], int] = {}
    sites: dict[str, int] = {}
    lost: list[str] = []
    for k, held in enumerate(folds([p.group for p in pages], n_folds)):
        model = read_model(str(models[k]))
        far = (model.far_threshold, model.far_distance) if model.far_threshold else None
        inside = (model.inside_threshold, model.inside_lexicon) if model.inside_threshold else None
        for page in (p for p in realweb if p.group in held):
            kind = page.name.rsplit("_", 1)[-1]
            x = page_features(page.lines).matrix
            prob = model.page_probability(x)
            drop = drop_mask(prob, x, model.threshold, model.anchor, far, model.anchor_letters, inside)
            drop &= ~protected_lines(page)
            span = main_text(prob, x, model.anchor, model.anchor_letters)
            for i, (line, label) in enumerate(zip(page.lines, page.labels, strict=True)):
                if label not in TARGET or not any(ch.isalnum() for ch in line):
                    continue
                where = (
                    "no anchor"
                    if span is None
                    else "above"
                    if i < span[0]
                    else "below"
                    if i > span[1]
                    else "inside"
                )
                b = next(j for j, (lo, hi) in enumerate(BINS) if lo <= prob[i] < hi)
                if TARGET[label] == 1 and not drop[i]:
                    table[kind, where, b] = table.get((kind, where, b), 0) + 1
                    sites[f"{kind} {page.group}"] = sites.get(f"{kind} {page.group}", 0) + 1
                elif TARGET[label] == 0 and where in ("above", "below") and not drop[i]:
                    content_near[kind, where, b] = content_near.get((kind, where, b), 0) + 1
                if TARGET[label] == 0 and drop[i]:
                    lost.append(f"  {kind:<5} {page.group:<12} {prob[i]:.3f} {line[:60]}")
    heads = " ".join(f"{f'{lo:g}-{min(hi, 1):g}':>9}" for lo, hi in BINS)
    print(
        f"\nheld-out misses ({n_folds} folds, the classifier alone, one pass, each fold's operating point):"
    )
    print("  boilerplate kept (content kept outside the main text at the same probability)")
    print(f"  {'':<16} {heads}")
    for kind in ("all", "traf"):
        for where in ("above", "inside", "below", "no anchor"):
            cells = " ".join(
                f"{table.get((kind, where, b), 0):>5} ({content_near.get((kind, where, b), 0):>2})"
                if where in ("above", "below")
                else f"{table.get((kind, where, b), 0):>9}"
                for b in range(len(BINS))
            )
            print(f"  {kind:<5} {where:<10} {cells}")
    top = sorted(sites.items(), key=lambda kv: -kv[1])[:12]
    print("  most misses:", ", ".join(f"{name} {n}" for name, n in top))
    print(f"  content dropped ({len(lost)} lines):")
    print("\n".join(lost))


def extra_pages_check() -> list[str]:
    """The default chain (the shipped model, which never learned from them unless
    ``EXTRA_PAGES``) on the extra pages, per genre and extraction: sites and genres that
    realweb does not have (``benchmarks/data/extra_pages``)."""
    if not (EXTRA / "pages.tsv").is_file():
        return []
    rows = (EXTRA / "pages.tsv").read_text(encoding="utf-8").split("\n")[1:]
    genre_of = {r.split("\t")[0]: r.split("\t")[3] for r in rows if r.strip()}
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for genre in sorted(set(genre_of.values())):
            where = Path(tmp) / genre
            where.mkdir()
            for name, g in genre_of.items():
                if g == genre:
                    text = (EXTRA / "raw" / f"{name}.txt").read_text(encoding="utf-8")
                    (where / f"{name}.txt").write_text(normkit.clean(text), encoding="utf-8")
            pages = sum(g == genre for g in genre_of.values()) // 2
            for kind, figures in score(where, EXTRA).items():
                out.append(f"  {genre + f' ({pages} pages)':<27} {kind:<5} {figures}")
    return out


def sample_corpus() -> str:
    tp = fp = fn = 0
    for raw in sorted((CORPUS / "raw").glob("*.txt")):
        text = raw.read_text(encoding="utf-8")
        rows = (CORPUS / "golden" / f"{raw.name}.labels.tsv").read_text(encoding="utf-8").split("\n")
        labels = {int(n) - 1: label for n, label in (r.split("\t") for r in rows if r.strip())}
        ctx = Context()
        kept = list(range(len(text.split("\n"))))
        found: set[int] = set()
        for step in (SpamTails(), Boilerplate()):
            ctx.current = step.name
            before = len(ctx.dropped)
            text = step(text, ctx)
            found.update(kept[d.line - 1] for d in ctx.dropped[before:])
            kept = [k for k in kept if k not in found]
        for i, label in labels.items():
            if label == "blank":
                continue
            positive = label in ("boilerplate", "spam")
            tp += positive and i in found
            fp += (not positive) and i in found
            fn += positive and i not in found
    return (
        f"precision {tp / max(tp + fp, 1):.3f}  recall {tp / max(tp + fn, 1):.3f}  (tp {tp} fp {fp} fn {fn})"
    )


def speed(repeat: int = 3) -> None:
    docs = [p.read_text(encoding="utf-8") for p in sorted((REALWEB / "raw").glob("*_all.txt"))]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best: dict[tuple[bool, str], float] = {}
    ftfy_best = float("inf")
    for _ in range(repeat):
        for learned in (False, True):
            pipe = normkit.Pipeline(options={"boilerplate.lines": {"learned": learned}})
            for d in docs:
                pipe.clean(d)
            for name, s in pipe.stats.steps.items():
                best[learned, name] = min(best.get((learned, name), float("inf")), s.seconds)
        start = time.perf_counter()
        for d in docs:
            ftfy.fix_text(d, CJK_SAFE)
        ftfy_best = min(ftfy_best, time.perf_counter() - start)
    print(f"\nspeed on the `all` pages ({mb:.2f} MB, best of {repeat}), MB/s in the default chain:")
    print(f"  {'':<26} {'rules':>8} {'+learned':>9}")
    for name in LINE_STEPS:
        rates = [mb / max(best.get((learned, name), 1e-9), 1e-9) for learned in (False, True)]
        print(f"  {name:<26} {rates[0]:8.1f} {rates[1]:9.1f}")
    together = [
        mb / max(sum(best.get((learned, n), 0.0) for n in LINE_STEPS), 1e-9) for learned in (False, True)
    ]
    print(f"  {'line steps together':<26} {together[0]:8.1f} {together[1]:9.1f}")
    print(f"  {'ftfy.fix_text (CJK-safe)':<26} {mb / ftfy_best:8.1f}")


def speed_cpu(repeat: int = 5) -> None:
    """Each line step alone on the input it gets in the default chain, in CPU seconds of
    this process (``time.process_time``: steadier than the wall clock on a shared machine),
    best of ``repeat``, beside ftfy's ``fix_text`` measured the same way; and the three in
    a row on each document with one context, as the chain runs them."""
    docs = [p.read_text(encoding="utf-8") for p in sorted((REALWEB / "raw").glob("*_all.txt"))]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(
        f"\nCPU time on the `all` pages ({mb:.2f} MB, best of {repeat}), MB/s, each step on its chain input:"
    )
    print(f"  {'':<26} {'rules':>8} {'+learned':>9}")
    rates: dict[str, list[float]] = {}
    totals = []
    shared: list[float] = []
    for learned in (False, True):
        options = {"boilerplate.lines": {"learned": learned}}
        pipe = normkit.Pipeline(options=options)
        inputs: dict[str, list[str]] = {name: [] for name in LINE_STEPS}
        for d in docs:
            for name, step in zip(pipe.names, pipe.steps, strict=True):
                if name in inputs:
                    inputs[name].append(d)
                d = step(d, Context())
        steps = {name: pipe.steps[pipe.names.index(name)] for name in LINE_STEPS}
        best = dict.fromkeys(LINE_STEPS, float("inf"))
        for _ in range(repeat):
            for name, step in steps.items():
                start = time.process_time()
                for d in inputs[name]:
                    step(d, Context())
                best[name] = min(best[name], time.process_time() - start)
        for name in LINE_STEPS:
            rates.setdefault(name, []).append(mb / max(best[name], 1e-9))
        totals.append(mb / max(sum(best.values()), 1e-9))
        # The three in a row on each document with one context, as the chain runs them
        # (``lines.rejoin`` then reads what ``boilerplate.lines`` worked out).
        chained = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            for d in inputs[LINE_STEPS[0]]:
                ctx = Context()
                for step in steps.values():
                    d = step(d, ctx)
            chained = min(chained, time.process_time() - start)
        shared.append(mb / max(chained, 1e-9))
    ftfy_best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for d in docs:
            ftfy.fix_text(d, CJK_SAFE)
        ftfy_best = min(ftfy_best, time.process_time() - start)
    for name in LINE_STEPS:
        print(f"  {name:<26} {rates[name][0]:8.1f} {rates[name][1]:9.1f}")
    print(f"  {'line steps together':<26} {totals[0]:8.1f} {totals[1]:9.1f}")
    print(f"  {'  in a row, one context':<26} {shared[0]:8.1f} {shared[1]:9.1f}")
    ftfy_rate = mb / ftfy_best
    print(f"  {'ftfy.fix_text (CJK-safe)':<26} {ftfy_rate:8.1f}")
    print(f"  {'together / ftfy':<26} {totals[0] / ftfy_rate:8.2f} {totals[1] / ftfy_rate:9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="skip the held-out runs")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="also time each line step in CPU seconds")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed section")
    parser.add_argument(
        "--misses", action="store_true", help="also print where the held-out misses are (fold models)"
    )
    parser.add_argument(
        "--extra",
        nargs="?",
        const=",".join(EXTRA_GENRES),
        default="",
        metavar="GENRES",
        help="also learn from benchmarks/data/extra_pages (training folds only), of these genres"
        f" (comma-separated; default {','.join(EXTRA_GENRES)})",
    )
    args = parser.parse_args()
    if not args.speed_only:
        if not args.no_cv:
            extra = load_extra_pages(genres=args.extra.split(",")) if args.extra else []
            sites = len({p.group for p in extra})
            print(
                f"realweb, {args.folds}-fold grouped by site (held out)"
                + (f", + {len(extra)} extra pages of {sites} sites in training:" if extra else ":")
            )
            with tempfile.TemporaryDirectory() as tmp:
                models = fold_models(args.folds, Path(tmp), extra)
                for label, learned, transform, back in (
                    ("rules + classifier", True, "", False),
                    ("rules + classifier, s2twp", True, "s2twp", False),
                    ("  same, back with tw2sp", True, "s2twp", True),
                    ("rules only", False, "", False),
                    ("rules only, s2twp", False, "s2twp", False),
                ):
                    models_used = models if learned else None
                    for kind, figures in held_out(args.folds, models_used, transform, back).items():
                        print(f"  {label:<27} {kind:<5} {figures}", flush=True)
                if args.misses:
                    misses(args.folds, models)
        print(f"\nsample corpus (spam.tails + boilerplate.lines): {sample_corpus()}")
        check = extra_pages_check()
        if check:
            print("\nextra pages (other sites and genres), default chain with the shipped model:")
            print("\n".join(check))
    if not args.no_speed:
        speed()
    if args.cpu:
        speed_cpu()


if __name__ == "__main__":
    main()
