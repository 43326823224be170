"""Snapshot, then compare, the outputs of the in-line normalisers and the default chain.

    python benchmarks/check_same_outputs.py save SNAPSHOT.pkl   # before optimising
    python benchmarks/check_same_outputs.py check SNAPSHOT.pkl  # after each change

Inputs: the sample corpus pages (raw and golden, ``$NORMKIT_CORPUS`` or beside the
repository), the boilerplate test pages, every string literal in the tests of these
normalisers and their own ``examples`` and ``keeps``, short pathological inputs, corpus
pages with random damage, and seeded random mixes of Chinese, punctuation of both
widths, Latin, digits, URLs, brackets, pinyin, markup and whitespace. Recorded for each:
every normaliser alone (with a few option variants; output and whether it returned its
input object), every step's output inside the default chain, and the default and
minimal chains' outputs. A speed-up must leave all of them byte-identical.
"""

from __future__ import annotations

import ast
import os
import random
import sys
from pathlib import Path
from typing import Any

import normkit
from _snapshot import snapshot_main
from normkit import Context
from normkit.testing import pathological_inputs
from normkit.tokens import Analysis

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("NORMKIT_CORPUS") or ROOT.parent / "shared" / "corpus")
TESTS = [
    "test_punctuation.py",
    "test_punctuation_properties.py",
    "test_pinyin.py",
    "test_lines.py",
    "test_markup.py",
    "test_tokens.py",
    "test_fast_paths.py",
    "test_golden_edits.py",
    "test_normaliser_contract.py",
]
#: (label, normaliser name, options) run alone on every input.
ALONE: list[tuple[str, str, dict[str, Any]]] = [
    ("markup.entities", "markup.entities", {}),
    ("markup.tags", "markup.tags", {}),
    ("unicode.controls", "unicode.controls", {}),
    ("unicode.spaces", "unicode.spaces", {}),
    ("unicode.spaces/no-sep", "unicode.spaces", {"keep_cjk_separator": False}),
    ("lines.rejoin", "lines.rejoin", {}),
    ("lines.rejoin/loose", "lines.rejoin", {"min_length": 5, "max_blank_lines": 0, "min_inner_stops": 0.0}),
    ("pinyin.glosses", "pinyin.glosses", {}),
    ("pinyin.glosses/two", "pinyin.glosses", {"min_glosses": 2, "teaching_run": 4}),
    ("punctuation.width", "punctuation.width", {}),
    ("punctuation.doubled", "punctuation.doubled", {}),
    ("punctuation.ellipsis", "punctuation.ellipsis", {}),
    ("punctuation.quotes", "punctuation.quotes", {}),
    ("punctuation.final", "punctuation.final", {}),
    ("punctuation.final/inside", "punctuation.final", {"inside_paragraph": True, "min_commas": 2}),
    ("layout.whitespace", "layout.whitespace", {}),
    (
        "layout.whitespace/keep",
        "layout.whitespace",
        {"strip_indent": False, "max_blank_lines": 0, "final_newline": False},
    ),
]

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
TRAD = "這個區們說來時會經對發學國與後從體當麼還實業點開長現問關頭應戰裡邊機樣將資愛歲聽義書東車網絡"
PINYIN = ["qū", "zhàn", "wǎng", "fā", "lüè", "xiàng", "tiān", "gē", "é", "shàn", "miào", "Zhōng", "ài"]
PIECES = [
    *list(",;:!?.()\"'`"),
    *[
        ",,",
        ",。",
        ",、",
        ",，",
        "，，",
        "。。",
        "。。。",
        "...",
        "......",
        "、、",
        "；；",
        "：：",
        "?!",
        "!!",
    ],
    *list("，。、；：！？“”‘’（）《》【】「」…—·"),
    *["……", "——", " ", "  ", "\t", "\u3000", "\u3000\u3000", "\u00a0", "\u2009", "\n", "\n\n", "\n\n\n"],
    *["\r\n", "\r", " \n", "\u3000\n", "\n  ", "\x07", "\ufeff", "\u200b", "\u200d", "👩\u200d💻", "\x85"],
    *["Hello", "world", "Hello, world!", "WHO", "OK", "print(x)", "f(x)", "(a+b)*c", "it's", "don't"],
    *[":)", ";-)", "^_^", "XD", "T_T", "(^_^)", "3,000", "9:40:36", "2.5", "5:00", "100", "2022年", "1...10"],
    *["https://example.com/a?b=1,2;c=3", "www.gov.cn", "http://例子.tw/頭髮 ", "me@example.com", "`a,b;c`"],
    *["(WHO)", "(附病例关系图)", "（注）", "(2.5%)", "(1)", "（一）", "1. ", "- ", "第三条", "图为：", "摄"],
    *["&nbsp;", "&amp;", "&lt;br&gt;", "&#12290;", "&amp;amp;nbsp;", "</p>", "<br/>", '<p class="x">', "<b>"],
    *["a<b", "b>c", "<<三体>>", "|", "关键词|", "？", "?", "={", '"key": "值"', "\ufffd", "Ã©", "鍙戝竷"],
]


def corpus_pages() -> list[str]:
    pages = []
    for kind in ("raw", "golden"):
        pages += [p.read_text(encoding="utf-8") for p in sorted((CORPUS / kind).glob("*.txt"))]
    pages += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/boilerplate").glob("*.txt"))]
    return pages


def test_literals() -> list[str]:
    found: list[str] = []
    for name in TESTS:
        tree = ast.parse((ROOT / "tests" / name).read_text(encoding="utf-8"))
        found += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for reg in normkit.get_registry().registrations():
        cls = reg.cls
        found += list(cls.keeps)
        for given, expected in cls.examples:
            found += [given, expected]
    return list(dict.fromkeys(found))


def random_mix(rng: random.Random) -> str:
    out = []
    for _ in range(rng.choice([3, 8, 20, 40, 80, 200])):
        r = rng.random()
        if r < 0.35:
            out.append("".join(rng.choice(HAN + TRAD) for _ in range(rng.randint(1, 12))))
        elif r < 0.45:
            c = rng.choice(TRAD)
            out.append(c + rng.choice("(（") + rng.choice(PINYIN) + rng.choice(")）"))
        else:
            out.append(rng.choice(PIECES))
    return "".join(out)


def damage(page: str, rng: random.Random) -> str:
    """A corpus page damaged the ways crawled pages are."""
    chars = list(page)
    for i, c in enumerate(chars):
        r = rng.random()
        if c == "，" and r < 0.3:
            chars[i] = rng.choice([",", ",,", ",。", "，，", ", "])
        elif c == "。" and r < 0.2:
            chars[i] = rng.choice(["。。", ",。", "\n", "...", "。\n\n"])
        elif c == "：" and r < 0.3:
            chars[i] = ":"
        elif c in TRAD and r < 0.3:
            chars[i] = c + "(" + rng.choice(PINYIN) + ")"
        elif c == "\n" and r < 0.2:
            chars[i] = rng.choice(["  \n", "\n\u3000\u3000", "\r\n", "\n\n\n\n", " \t\n "])
        elif r < 0.002:
            chars[i] = c + "\n\n"
    text = "".join(chars)
    if rng.random() < 0.3:
        text = text.replace("。", "")
    return text


def inputs() -> list[str]:
    rng = random.Random(20240611)
    texts = corpus_pages()
    pages = list(texts)
    texts += test_literals()
    texts += list(pathological_inputs(3000).values())
    for page in pages:
        for _ in range(8):
            texts.append(damage(page, rng))
            lines = page.split("\n")
            a = rng.randrange(len(lines))
            texts.append(damage("\n".join(lines[a : a + rng.randint(1, 12)]), rng))
    texts += [random_mix(rng) for _ in range(5000)]
    texts += hypothesis_texts()
    return list(dict.fromkeys(texts))


def hypothesis_texts(count: int = 1500) -> list[str]:
    """Texts drawn (reproducibly) from the strategies of the tests."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    sys.path.insert(0, str(ROOT / "tests"))
    from strategies import texts as any_text
    from test_fast_paths import any_damaged
    from test_punctuation_properties import clean_prose

    drawn: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(any_damaged, any_text, clean_prose))
    def draw(text: str) -> None:
        drawn.append(text)

    draw()
    return drawn


def outputs(texts: list[str]) -> dict[str, list[Any]]:
    registry = normkit.get_registry()
    result: dict[str, list[Any]] = {}
    for label, name, options in ALONE:
        step = registry[name].cls(registry[name].cls.Options(**options) if options else None)
        outs = []
        for text in texts:
            out = step.normalise(text, Context())
            outs.append((out, out is text))
        result[label] = outs
    for profile in ("default", "minimal"):
        pipe = normkit.Pipeline.from_profile(profile)
        result[f"chain:{profile}"] = [pipe.clean(t) for t in texts]
    pipe = normkit.Pipeline.from_profile("default")
    steps: list[Any] = []
    for text in texts:
        ctx, row = Context(), []
        for step in pipe.steps:
            out = step.normalise(text, ctx)
            row.append((out, out is text))
            text = out
        steps.append(row)
    result["chain:default:steps"] = steps
    result["protected"] = [[(s.start, s.end, s.kind) for s in Analysis(t).protected] for t in texts]
    local: list[Any] = []
    for text in texts:
        analysis = Analysis(text)
        local.append(
            [analysis.is_protected(i, i + 2) for i in range(len(text))] if len(text) <= 400 else None
        )
    result["is_protected"] = local
    return result


if __name__ == "__main__":
    snapshot_main(inputs, outputs)
