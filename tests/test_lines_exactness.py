"""The fast paths of the line features and the line model give exactly what the plain
computations give: scans of the lines that may match against scans of every line, class
counts against counting, the model's outcome table and top evidence against the
formulas they replace."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from normkit.lines.chars import BITS, char_classes
from normkit.lines.families import nav_items
from normkit.lines.model import load_model
from normkit.lines.page import Folded
from normkit.lines.patterns import END_MARK, NAV_SPLIT, NAV_STRIP, POSITION
from normkit.lines.scans import (
    BRACKET_TAG,
    LEXICON_WORD,
    LIST_MARK,
    SPAM_WORD,
    TRIGGERS,
    covered_at,
    gated_hits,
    hits,
    lexicon_scan,
    lexicon_starts,
    line_bits,
    line_starts_matching,
    spam_pattern,
    trigger_table,
)
from normkit.normalisers._lexicon import build_lexicon

#: Pieces the scans look for, and their near misses.
PIECES = [
    "2023年5月1日", "12-31", "3-", "1-2-3", "9:30", "19:5", "3分钟前", "昨天", "刚刚", "1.2万阅读",
    "评论(3)", "阅读 12", "采纳率：95%", "5 %", "http://", "www.", "a.com", "@me.cn", "© 2024",
    "(c) 2024", "icp", "备1", "版权", "copyright", "rights reserved", "更多>>", "more", ">>",
    "1. ", "(2)", "一、", "- ", "• ", "【热点】", "[置顶]", "返回首页", "首页", "澳门百家乐", "六合彩",
    "，", "。", " ", "\t", "a", "Z", "中", "文", "٣", "１２", "前", "天", "\n", "\n", "\n",
]  # fmt: skip
pages = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def _folded(text: str) -> Folded:
    return Folded.of([line.strip() for line in text.split("\n")])


@given(pages)
@settings(max_examples=300, deadline=None)
def test_scans_of_the_lines_that_may_match_are_the_scans_of_every_line(text: str) -> None:
    block = _folded(text)
    lines = block.text.split("\n")
    lengths = block.ends - block.starts
    triggered = line_bits(trigger_table()[block.codes], block.starts)
    for k, (pattern, _) in enumerate(TRIGGERS):
        rows = np.flatnonzero(triggered & (1 << k))
        want = hits(pattern, block.text, block.starts, len(lines))
        assert (gated_hits(pattern, rows, lines, block.text, block.starts, lengths) == want).all(), pattern
    for pattern in (LIST_MARK, BRACKET_TAG):
        want = hits(pattern, block.text, block.starts, len(lines))
        assert (line_starts_matching(pattern, lines, block.codes, block.starts) == want).all()
    lexicon = build_lexicon(use_plugins=False)
    scan, _, _, spam = lexicon_scan(lexicon)
    words = line_bits(lexicon_starts(lexicon).bits(block.codes), block.starts)
    for pattern, bit in ((scan, LEXICON_WORD), (spam_pattern(spam), SPAM_WORD)):
        rows = np.flatnonzero(words & bit)
        want = hits(pattern, block.text, block.starts, len(lines))
        assert (gated_hits(pattern, rows, lines, block.text, block.starts, lengths) == want).all()
    # The characters in lexicon words, trying the word starts only, as scanning every line.
    word_at = lexicon_starts(lexicon).bits(block.codes) & LEXICON_WORD
    covered = covered_at(scan, word_at, block.text, block.starts, len(lines))
    every = np.zeros(len(lines), dtype=np.float32)
    for m in scan.finditer(block.text):
        every[np.searchsorted(block.starts, m.start(), side="right") - 1] += m.end() - m.start()
    assert (covered == every).all()


def test_a_trigger_is_in_every_match() -> None:
    """Each pattern's trigger characters: no match of the pattern holds none of them."""
    samples = [p for p in PIECES if p.strip()]
    for pattern, chars in TRIGGERS:
        found = [m.group() for s in samples for m in pattern.finditer(s)]
        assert found, pattern
        assert all(any(c in chars for c in m) for m in found), pattern


@given(pages)
@settings(max_examples=200, deadline=None)
def test_class_counts_count_every_class(text: str) -> None:
    block = _folded(text)
    classes = char_classes()
    want = [
        [sum(1 for c in line if classes[ord(c)] & (1 << b)) for b in range(BITS)]
        for line in block.text.split("\n")
    ]
    assert block.class_counts().tolist() == want


def _reference_leaves(x: np.ndarray) -> np.ndarray:
    """The leaf values as the model wrote them before its outcome table."""
    m = load_model()
    lv = m.leaves.astype(np.float32)
    t = [lv[:, 0], lv[:, 1] - lv[:, 0], lv[:, 2] - lv[:, 0], lv[:, 0] - lv[:, 1], lv[:, 3] - lv[:, 2]]
    right = x[:, m.roots] >= m.root_at
    left_again = x[:, m.children[:, 0]] >= m.child_at[:, 0]
    right_again = x[:, m.children[:, 1]] >= m.child_at[:, 1]
    values = t[0] + left_again * t[1] + right * (t[2] + left_again * t[3] + right_again * t[4])
    return values.astype(np.float32, copy=False)


@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_scores_and_evidence_are_those_of_the_formulas(rows: int, seed: int) -> None:
    model = load_model()
    rng = np.random.default_rng(seed)
    x = rng.choice(np.array([0.0, 0.5, 1.0, 2.0, 3.0, -1.0], dtype=np.float32), size=(rows, len(model.names)))
    x += rng.normal(size=x.shape).astype(np.float32) * (rng.random() < 0.5)
    reference = _reference_leaves(x)
    # the same values, summed the same way (to the last bit)
    assert model.score(x).tobytes() == (reference.sum(axis=1) + model.intercept).astype(np.float32).tobytes()
    c = model.contributions(x)
    order = np.argsort(-c, axis=1, kind="stable")[:, :2]
    best = np.take_along_axis(c, order, axis=1) > 0
    want = [
        [model.names[j] for j, ok in zip(r, k, strict=True) if ok] for r, k in zip(order, best, strict=True)
    ]
    assert model.explain(x) == want


@given(st.integers(1, 300), st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_explaining_with_the_leaves_of_the_scoring_is_explaining_afresh(rows: int, seed: int) -> None:
    """:meth:`LineModel.score_leaves` keeps the leaves it read; the evidence of some rows
    from them is that of the rows evaluated again (what ``learned_drops`` did)."""
    model = load_model()
    rng = np.random.default_rng(seed)
    x = rng.choice(np.array([0.0, 0.5, 1.0, 2.0, 3.0, -1.0], dtype=np.float32), size=(rows, len(model.names)))
    x += rng.normal(size=x.shape).astype(np.float32) * (rng.random() < 0.5)
    score, leaves = model.score_leaves(x)
    assert score.tobytes() == model.score(x).tobytes()
    assert leaves is not None
    hits = np.flatnonzero(rng.random(rows) < 0.4)
    part = leaves.take(hits)
    assert model.contributions(x[hits], part).tobytes() == model.contributions(x[hits]).tobytes()
    assert model.explain(x[hits], leaves=part) == model.explain(x[hits])


def test_a_page_too_long_to_score_at_once_keeps_no_leaves() -> None:
    model = load_model()
    x = np.zeros((model.rows_at_once + 1, len(model.names)), dtype=np.float32)
    score, leaves = model.score_leaves(x)
    assert leaves is None and score.tobytes() == model.score(x).tobytes()


def test_empty_inputs() -> None:
    model = load_model()
    assert model.explain(np.zeros((0, len(model.names)), dtype=np.float32)) == []
    assert _folded("").class_counts().tolist() == [[0.0] * BITS]


@given(st.lists(pages, min_size=1, max_size=12), st.lists(pages, max_size=6), st.integers(0, 2**32 - 1))
@settings(max_examples=100, deadline=None)
def test_a_growing_cache_gives_the_features_computed_afresh(
    first: list[str], more: list[str], seed: int
) -> None:
    from normkit.lines.features import FeatureCache, page_features

    lines = [line for page in first for line in page.split("\n")]
    rng = np.random.default_rng(seed)
    # a page of the same lines, some joined, some left out, some new
    second = list(lines)
    if len(second) > 1:
        k = int(rng.integers(0, len(second) - 1))
        second[k : k + 2] = [second[k] + second[k + 1]]
    second = [line for line in second if rng.random() < 0.8] + [
        line for page in more for line in page.split("\n")
    ]
    cache = FeatureCache(grows=True)
    for page in (lines, second, lines):
        assert page_features(page, cache=cache).matrix.tobytes() == page_features(page).matrix.tobytes()


@given(st.text(alphabet="[【(《]】)》|丨/·• \t\u3000\xa0\n首页新闻ab", max_size=30))
@settings(max_examples=500, deadline=None)
def test_menu_items_strip_only_the_pieces_with_brackets(line: str) -> None:
    """``nav_items`` strips only the pieces that start or end with a bracket: as stripping all."""
    every = [NAV_STRIP.sub("", p) for p in NAV_SPLIT.split(line)]
    assert nav_items(line) == [p for p in every if p]


@given(st.text(alphabet=" -—=*·([【〔)]】〕完全文endth您你现在当前目前所在的位置是在:>》首页", max_size=14))
@settings(max_examples=500, deadline=None)
def test_the_literal_checked_before_a_pattern_is_in_every_match(line: str) -> None:
    """The rule families look for ``完``/``end`` before ``END_MARK`` and ``位置`` before ``POSITION``."""
    assert END_MARK.match(line) is None or "完" in line or "end" in line
    assert POSITION.match(line) is None or "位置" in line
