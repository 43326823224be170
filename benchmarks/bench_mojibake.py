"""Mojibake repair against ftfy, in the same run: accuracy per damage path, then speed.

    PYTHONPATH=src python benchmarks/bench_mojibake.py [--mb 3] [--repeat 3] [--per-language 120]
        [--only accuracy|survival|speed|growth] [--sizes 25000,50000,100000] [--shapes "six codecs"]

Accuracy: clean sentences (the sample corpus's golden pages, split into sentences, as
zh-Hans and converted to zh-Hant; hand-written Japanese and Korean ones from
:mod:`normkit.mojibake.paths`) misread along every path of
:data:`normkit.mojibake.paths.PATHS`, each lost byte shown as U+FFFD, ``?`` or nothing.
Per path and language: exact (the best repair the bytes allow), closer, worse (than the
damaged text), for the three ``mojibake.*`` steps and for ftfy's ``fix_text``
(CJK-safe); and the clean sentences and traps changed (must be 0). "recoverable":
at most a quarter of the non-ASCII characters lost a byte.

Speed:
Inputs: the pages of the sample corpus (``$NORMKIT_CORPUS`` or ``../shared/corpus``) as
documents, repeated to about ``--mb`` MB: as crawled (raw, with pinyin glosses) and as
cleaned (golden), both clean Chinese; and the golden pages damaged: every third line
misread as GBK, every fifth as windows-1252, every seventh as Shift-JIS (UTF-8 bytes
decoded with the wrong codec, undecodable bytes shown as U+FFFD). Reports MB/s (of UTF-8
input) and the ratio to ftfy's ``fix_text`` with CJK-safe settings.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import ftfy

import normkit
from normkit.mojibake.paths import LOSSES, PATHS, SENTENCES, TRAPS, damage
from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NORMKIT_CORPUS") or ROOT.parent / "shared" / "corpus")
FALLBACK = "记者从市政府了解到，新的交通规划将于明年实施。他说：“我们会尽快完成。”大家都很期待。\n" * 40

CJK_SAFE = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False, explain=False
)


def _pages(kind: str) -> list[str]:
    pages = sorted((CORPUS / kind).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in pages] or [FALLBACK]


def _damage(page: str) -> str:
    lines = page.split("\n")
    for i, line in enumerate(lines):
        raw = line.encode("utf-8")
        if i % 3 == 1:
            lines[i] = raw.decode("gbk", "replace")
        elif i % 5 == 2:
            lines[i] = raw.decode("windows-1252", "replace")
        elif i % 7 == 3:
            lines[i] = raw.decode("shift_jis", "replace")
    return "\n".join(lines)


def _documents(pages: list[str], megabytes: float) -> list[str]:
    docs: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        for page in pages:
            docs.append(page)
            size += len(page.encode("utf-8"))
    return docs


def _measure(fn: Callable[[str], str], docs: list[str], repeat: int) -> float:
    """MB/s of ``fn`` over ``docs``, by CPU time of this process (best of ``repeat``)."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - start)
    return size / best


def _sentences(limit: int) -> dict[str, list[str]]:
    """Clean sentences per language (see the module docstring)."""
    zh: list[str] = []
    for page in _pages("golden"):
        for piece in re.split(r"(?<=[。！？])|\n", page):
            piece = piece.strip()
            if 8 <= len(piece) <= 80 and re.search("[\u4e00-\u9fff]", piece):
                zh.append(piece)
    zh = list(dict.fromkeys(zh))[:limit] or list(SENTENCES["zh-Hans"])
    return {
        "zh-Hans": zh,
        "zh-Hant": [normkit.convert(t, "s2twp") for t in zh],
        "ja": list(SENTENCES["ja"]),
        "ko": list(SENTENCES["ko"]),
    }


def _fold(text: str) -> str:
    return re.sub("\ufffd+", "\ufffd", text)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def accuracy(limit: int) -> None:
    """Print exact / closer / worse per path and language, and clean texts changed."""
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    tools: dict[str, Callable[[str], str]] = {
        "normkit": lambda t: phase(cjk(latin(t))),
        "ftfy": lambda t: ftfy.fix_text(t, CJK_SAFE),
    }
    sentences = _sentences(limit)
    print(
        "## Accuracy per damage path (exact / closer / worse, %; recoverable cases, lost shown as U+FFFD)\n"
    )
    print("| path | language | cases | normkit exact | closer | worse | ftfy exact | closer | worse |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    lossy: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tool -> cases, exact, worse
    for path in PATHS:
        for language, texts in sentences.items():
            counts = {tool: [0, 0, 0] for tool in tools}
            cases = 0
            for text in texts:
                for loss in LOSSES:
                    case = damage(text, path, loss)
                    if case.damaged == text:
                        continue
                    recoverable = loss == "replace" and case.lost <= 0.25
                    if recoverable:
                        cases += 1
                    for tool, fix in tools.items():
                        out = fix(case.damaged)
                        exact = _fold(out) == _fold(case.expected)
                        before = _similarity(case.damaged, case.expected)
                        after = _similarity(out, case.expected)
                        if recoverable:
                            counts[tool][0] += exact
                            counts[tool][1] += after > before
                            counts[tool][2] += after < before
                        else:
                            lossy[tool][0] += 1
                            lossy[tool][1] += exact
                            lossy[tool][2] += after < before
            if not cases:
                continue
            cells = " | ".join(f"{100 * n / cases:.0f}" for tool in tools for n in counts[tool])
            print(f"| {path} | {language} | {cases} | {cells} |")
    for tool, (n, exact, worse) in lossy.items():
        print(
            f"\nlossy and other loss modes ({tool}): {n} cases, exact {100 * exact / max(n, 1):.0f} %, "
            f"worse {100 * worse / max(n, 1):.1f} %"
        )
    clean = [t for texts in sentences.values() for t in texts] + list(TRAPS)
    for tool, fix in tools.items():
        changed = [t for t in clean if fix(t) != t]
        print(
            f"clean texts changed by {tool}: {len(changed)} of {len(clean)}"
            + (f", e.g. {changed[0]!r}" if changed else "")
        )


#: The paths on which UTF-8 loses bytes: what survives of each language's characters.
SURVIVAL_PATHS = ("gbk", "gbk-web", "cp932", "big5", "cp950", "big5hkscs", "euc-kr", "cp949", "euc-jp")


def survival(limit: int) -> None:
    """Per path and language, for UTF-8 text misread with lost bytes shown as U+FFFD:
    the share of non-ASCII characters whose bytes all survive, the share of texts
    that are recoverable (at most a quarter lost), and the share of the surviving
    characters that normkit's three steps give back (by alignment with the best
    repair the bytes allow, over what the damaged text already had in place)."""
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    sentences = _sentences(limit)
    print("\n## What survives each path (survive / recoverable texts / normkit gives back)\n")
    print("| path | " + " | ".join(sentences) + " |")
    print("|---|" + "---:|" * len(sentences))
    for path in SURVIVAL_PATHS:
        cells = []
        for texts in sentences.values():
            cases = [damage(text, path) for text in texts]
            cases = [case for case in cases if case.damaged != case.expected]
            survive = 1 - sum(case.lost for case in cases) / max(len(cases), 1)
            recoverable = sum(case.lost <= 0.25 for case in cases) / max(len(cases), 1)
            intact = back = 0
            for case in cases:
                out = phase(cjk(latin(case.damaged)))
                intact += sum(1 for ch in case.expected if ch != "\ufffd" and not ch.isascii())
                back += _in_place(out, case.expected) - _in_place(case.damaged, case.expected)
            cells.append(
                f"{100 * survive:.0f} / {100 * recoverable:.0f} / {100 * back / max(intact, 1):.0f} %"
            )
        print(f"| {path} | " + " | ".join(cells) + " |")


def _in_place(text: str, expected: str) -> int:
    """How many non-ASCII characters of ``expected`` (but U+FFFD) ``text`` has in place."""
    matcher = difflib.SequenceMatcher(None, text, expected, autojunk=False)
    return sum(
        1
        for block in matcher.get_matching_blocks()
        for ch in expected[block.b : block.b + block.size]
        if ch != "\ufffd" and not ch.isascii()
    )


def growth(repeat: int, sizes: tuple[int, ...] = (50_000, 100_000), shapes: str = "") -> None:
    """Doubling test: CPU seconds of the three steps on the worst inputs at each size
    (each twice the one before), and ftfy ``fix_text``'s (defaults) on the same text, in
    the same run; only the inputs whose name holds ``shapes`` if given.

    The inputs: :func:`normkit.testing.mojibake_worst_inputs` (one short unit repeated)
    and :data:`_mojibake_shapes.SHAPES` (real text cut into pieces, never repeated).
    CPU time of this process (``time.process_time``), best of ``repeat``: on a shared
    machine wall time mostly measures the other processes.
    """
    from _mojibake_shapes import varied_worst_inputs
    from normkit.testing import mojibake_worst_inputs

    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    chain = lambda t: phase(cjk(latin(t)))  # noqa: E731
    chain("预热 涓枃娴嬭瘯 ?!薄澳")
    inputs = [{**mojibake_worst_inputs(size), **varied_worst_inputs(size)} for size in sizes]
    for text in inputs[0].values():  # (every family's tables loaded before timing)
        chain(text[:3000])
    print("\n## Worst inputs: CPU time against ftfy fix_text, and growth when doubled\n")
    print("| input | chars | normkit s | ftfy s | × ftfy | growth ×2 |")
    print("|---|---:|---:|---:|---:|---:|")
    worst = ("", 0.0)
    for label in inputs[0]:
        if shapes not in label:
            continue
        before = 0.0
        for sized in inputs:
            text = sized[label]
            ours = _best_of(chain, text, repeat)
            theirs = _best_of(ftfy.fix_text, text, repeat)
            ratio = ours / max(theirs, 1e-9)
            worst = max(worst, (f"{label} ({len(text):,})", ratio), key=lambda w: w[1])
            grown = f"{ours / max(before, 1e-9):.2f}" if before else "–"
            print(f"| {label} | {len(text):,} | {ours:.3f} | {theirs:.3f} | {ratio:.1f} | {grown} |")
            before = ours
    print(f"\nworst: {worst[0]} at {worst[1]:.1f} × ftfy's time")


def _best_of(fn: Callable[[str], str], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--per-language", type=int, default=120)
    parser.add_argument("--only", choices=("accuracy", "survival", "speed", "growth"))
    parser.add_argument(
        "--sizes", default="50000,100000", help="growth: sizes in characters, each twice the one before"
    )
    parser.add_argument("--shapes", default="", help="growth: only the inputs whose name holds this")
    args = parser.parse_args()
    if args.only in (None, "accuracy"):
        accuracy(args.per_language)
    if args.only in (None, "survival"):
        survival(args.per_language)
    if args.only in (None, "growth"):
        growth(args.repeat, tuple(int(size) for size in args.sizes.split(",")), args.shapes)
    if args.only in (None, "speed"):
        speed(args.mb, args.repeat)


def _first_call_seconds() -> float:
    """CPU seconds of the three steps' first call on a damaged page, in a new process
    (after ``import normkit``): the lazily built tables, with the disk cache as it is."""
    here = str(Path(__file__).resolve().parent)
    code = (
        f"import sys, time; sys.path.insert(0, {here!r}); import bench_mojibake as b\n"
        "from normkit.normalisers.mojibake import CJKMojibake, GBKPhase, LatinMojibake\n"
        "page = b._damage(b._pages('golden')[0]); start = time.process_time()\n"
        "for step in (LatinMojibake(), CJKMojibake(), GBKPhase()): step(page)\n"
        "print(time.process_time() - start)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def speed(megabytes: float, repeat: int) -> None:
    """MB/s of each step and profile against ftfy on clean and damaged pages."""

    setup = _first_call_seconds()
    latin, cjk, phase = LatinMojibake(), CJKMojibake(), GBKPhase()
    for step in (latin, cjk, phase):
        step(_damage(_pages("golden")[0]))

    def mojibake_chain(text: str) -> str:
        return phase(cjk(latin(text)))

    default = normkit.Pipeline.from_profile("default")
    minimal = normkit.Pipeline.from_profile("minimal")
    # The same three steps through a Pipeline: with its per-step change statistics.
    steps = normkit.Pipeline(steps=["mojibake.latin", "mojibake.cjk", "mojibake.gbk_phase"], profile=None)
    contenders: list[tuple[str, Callable[[str], str]]] = [
        ("normkit mojibake.* (3 steps)", mojibake_chain),
        ("normkit Pipeline(mojibake.*)", steps.clean),
        ("normkit mojibake.latin", latin),
        ("normkit mojibake.cjk", cjk),
        ("normkit mojibake.gbk_phase", phase),
        ("normkit profile minimal", minimal.clean),
        ("normkit profile default", default.clean),
        ("ftfy.fix_text CJK-safe", lambda t: ftfy.fix_text(t, CJK_SAFE)),
        ("ftfy.fix_text defaults", ftfy.fix_text),
        ("ftfy.fix_encoding", ftfy.fix_encoding),
    ]
    golden = _pages("golden")
    inputs = {
        "clean Chinese, raw": _documents(_pages("raw"), megabytes),
        "clean Chinese, golden": _documents(golden, megabytes),
        "damaged": _documents([_damage(p) for p in golden], megabytes / 3),
    }
    print(f"first call in a fresh process (tables built lazily, disk cache warm): {setup:.2f} s of CPU")
    for label, docs in inputs.items():
        size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        print(f"\n{label}: {len(docs)} documents, {size:.1f} MB")
        print(f"{'':32} {'MB/s':>8} {'vs ftfy CJK-safe':>18}")
        results = [(name, _measure(fn, docs, repeat)) for name, fn in contenders]
        reference = dict(results)["ftfy.fix_text CJK-safe"]
        for name, speed in results:
            print(f"{name:32} {speed:8.1f} {speed / reference:17.2f}x")


if __name__ == "__main__":
    main()
