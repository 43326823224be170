"""``spam.tails`` on real pages and on spam: flagged pages, content lost, throughput.

    python benchmarks/bench_spam.py [--repeat 3] [--pages]

- **Clean pages**: every page of ``../shared/realweb`` (``all`` and ``traf``) and of
  ``../shared/corpus``, as they are and converted to traditional (``s2twp``): how many are
  flagged (target 0), their highest score, and how many labelled content lines
  (``body``/``headline``) spam.tails dropped or cut (target 0), and how many boilerplate
  lines it took with it.
- **Spam pages**: the hand-written doorway pages, injected lines, tails and stuffing of
  ``tests/data/spam`` (simplified and traditional): how many are flagged.
- **Speed**: spam.tails alone on the ``all`` pages of realweb beside ftfy's ``fix_text``
  (CJK-safe settings) on the same pages, in the same run; on runs of ASCII letters and on
  Latin prose; and on one 2 MB keyword-stuffing line, against ftfy on the same text.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import ftfy

import normkit
from normkit import Context
from normkit.normalisers.spam import SpamTails

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPAM = ROOT / "tests" / "data" / "spam"
CJK_SAFE = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)
CONTENT = {"body", "headline"}
LATIN = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "


def labelled_pages() -> list[tuple[str, str, dict[int, str]]]:
    """(name, text, {line number: label}) of every clean page with labels."""
    out = []
    realweb = SHARED / "realweb"
    for path in sorted((realweb / "raw").glob("*.txt")):
        labels = _labels(realweb / "labels" / f"{path.name}.labels.tsv")
        out.append((f"realweb/{path.stem}", path.read_text(encoding="utf-8"), labels))
    corpus = SHARED / "corpus"
    for path in sorted((corpus / "raw").glob("*.txt")):
        labels = _labels(corpus / "golden" / f"{path.name}.labels.tsv")
        out.append((f"corpus/{path.stem}", path.read_text(encoding="utf-8"), labels))
    return out


def _labels(path: Path) -> dict[int, str]:
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {int(n): label.strip() for n, label in rows if n.isdigit()}


def judge(step: SpamTails, text: str) -> tuple[Context, str]:
    ctx = Context()
    return ctx, step(text, ctx)


def clean_pages(step: SpamTails, show: bool) -> None:
    pages = labelled_pages()
    for script in ("simplified", "traditional"):
        flagged, lost, taken, cut, top = [], 0, 0, 0, (0.0, "")
        for name, text, labels in pages:
            if script == "traditional":
                text = normkit.convert(text, "s2twp")
            ctx = Context()
            step(text, ctx)
            score = ctx.annotations["spam_score"]
            top = max(top, (score, name))
            if ctx.annotations["spam"]:
                flagged.append(name)
            for d in ctx.dropped:
                if labels.get(d.line) in CONTENT:
                    lost += 1
                    if show:
                        print(f"  LOST {name}:{d.line} {d.reason} | {d.text[:60]}")
                else:
                    taken += 1
            cut += len(ctx.reasons)
            if show and ctx.reasons:
                print(f"  CUT {name}: {[r.reason for r in ctx.reasons]}")
        print(
            f"clean pages ({script}): {len(flagged)} of {len(pages)} flagged {flagged}; highest score "
            f"{top[0]:.3f} ({top[1]}); content lines dropped {lost}, other lines dropped {taken}, tails cut {cut}"
        )


def spam_pages(step: SpamTails, show: bool) -> None:
    files = sorted(SPAM.glob("*.txt"))
    for script in ("simplified", "traditional"):
        flagged = dropped = lines = 0
        for path in files:
            text = path.read_text(encoding="utf-8").strip("\n")
            if script == "traditional":
                text = normkit.convert(text, "s2twp")
            ctx = Context()
            out = step(text, ctx)
            flagged += ctx.annotations["spam"]
            dropped += len(ctx.dropped)
            lines += text.count("\n") + 1
            if show:
                print(f"  {path.stem} ({script}): score {ctx.annotations['spam_score']}, kept:")
                for line in out.split("\n"):
                    print(f"      {line[:70]}")
        print(f"spam pages ({script}): {flagged} of {len(files)} flagged; {dropped} of {lines} lines dropped")


def rate(fn: Callable[[], object], size: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return size / 1e6 / best


def speed(step: SpamTails, repeat: int) -> None:
    docs = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "realweb" / "raw").glob("*_all.txt"))]
    size = sum(len(d.encode("utf-8")) for d in docs)
    ours = rate(lambda: [step(d, Context()) for d in docs], size, repeat)
    theirs = rate(lambda: [ftfy.fix_text(d, CJK_SAFE) for d in docs], size, repeat)
    print(
        f"realweb all ({size / 1e6:.2f} MB, {len(docs)} pages): spam.tails {ours:.1f} MB/s, ftfy fix_text {theirs:.1f} MB/s "
        f"(ratio {ours / theirs:.2f})"
    )
    for label, docs in (
        ("ASCII letter runs ('a' * 4000, 250 documents)", ["a" * 4000] * 250),
        ("Latin prose (4 KB lines, 250 documents)", [LATIN * (4000 // len(LATIN))] * 250),
    ):
        size = sum(len(d.encode("utf-8")) for d in docs)
        ours = rate(lambda docs=docs: [step(d, Context()) for d in docs], size, repeat)
        theirs = rate(lambda docs=docs: [ftfy.fix_text(d, CJK_SAFE) for d in docs], size, repeat)
        print(
            f"{label}: spam.tails {ours:.1f} MB/s, ftfy fix_text {theirs:.1f} MB/s (ratio {ours / theirs:.2f})"
        )
    words = [
        "百家乐技巧",
        "百家乐官网",
        "百家乐规则",
        "澳门新葡京",
        "六合彩资料",
        "北京赛车pk10",
        "真人娱乐城",
    ]
    line = " ".join(words[k % len(words)] for k in range(130_000))
    text = "正文的第一段，内容正常。\n" + line + "\n正文的最后一段，内容正常。"
    size = len(text.encode("utf-8"))
    ctx = Context()
    out = step(text, ctx)
    assert out.count("\n") == 1, "the stuffing line must go"
    ours = rate(lambda: step(text, Context()), size, repeat)
    theirs = rate(lambda: ftfy.fix_text(text, CJK_SAFE), size, repeat)
    print(
        f"one {size / 1e6:.1f} MB stuffing line: spam.tails {ours:.1f} MB/s, ftfy fix_text {theirs:.1f} MB/s "
        f"(ratio {ours / theirs:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="print every loss, cut and spam page's output")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    step = SpamTails()
    clean_pages(step, args.pages)
    spam_pages(step, args.pages)
    if not args.no_speed:
        speed(step, args.repeat)


if __name__ == "__main__":
    main()
