"""The line steps' working set on documents of many short lines (issue 16)."""

from __future__ import annotations

import itertools
import random
import tracemalloc
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normkit import Context, Document, Pipeline, _blocks, _diff
from normkit._align import align
from normkit._diff import edits, size_of_change
from normkit._registry import get_registry
from normkit.lines import arrays, features, verdict
from normkit.lines.model import ROWS_AT_ONCE, load_model
from normkit.lines.shapes import Lines, until_stable
from normkit.normalisers.boilerplate import Boilerplate
from normkit.normalisers.punctuation import Final
from normkit.normalisers.punctuation import runs as punctuation_runs
from normkit.signals import SignalInput, signal_set
from normkit.signals import text as signals_text


def test_blocks_of_rows_score_as_the_whole() -> None:
    model = load_model()
    rng = np.random.default_rng(7)
    for rows in (2 * ROWS_AT_ONCE + 17, ROWS_AT_ONCE + 1):
        x = rng.random((rows, len(model.names)), dtype=np.float32) * 40
        whole = np.concatenate([model.score(x[: rows // 2]), model.score(x[rows // 2 :])])
        assert np.array_equal(model.score(x), whole)
        assert np.array_equal(model.contributions(x)[-3:], model.contributions(x[-3:]))


def test_windows_a_block_of_rows_at_a_time_equal_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.random.default_rng(7).random(1_000).astype(np.float32)
    whole = {k: arrays.window(x, k) for k in (1, 3, 10)}  # one block
    monkeypatch.setattr(arrays, "_WINDOW_BLOCK", 7)
    for k, expected in whole.items():
        assert np.array_equal(arrays.window(x, k), expected)


def test_until_stable_gives_indices_of_the_whole() -> None:
    lines = Lines.of(["a", "b", "c", "d"])
    passes = iter([{1: "x"}, {0: "y", 2: "z"}, {}])
    assert until_stable(lines, lambda part: next(passes)) == {1: "x", 0: "y", 3: "z"}


@pytest.mark.parametrize(("line", "bound"), [("第{}行, \n", 31), ("第{:05d}行, \n", 60)])
def test_the_classifier_reads_a_page_of_short_lines_in_bounded_blocks(line: str, bound: int) -> None:
    """Lines of ten repeated texts and lines all distinct (the rules' memo and the feature
    scans' dictionaries then hold a string a line)."""
    text = "".join(line.format(k if "05d" in line else k % 10) for k in range(20_000))
    step = Boilerplate(learned=True, threshold=0.995, spare_main_block=True)
    step("正文，" * 30, Context())  # load the model and the tables
    tracemalloc.start()
    step(text, Context())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Scoring all rows at once took about 5 KB per line (500 times the text); page features
    # of the whole page at once and two matrices for a page with blank lines, 200 times;
    # the page's whole matrix and two sets of line shapes, 116 times (distinct lines: 100).
    # A block of rows at a time end to end, compact own columns, the line shapes as one
    # text and offsets: 52 times (distinct lines: 57); 45.6 (58.3) with the drop mask's
    # columns. The counts kept compact (a block at a time), the context columns as codes
    # of their distinct values, the trees scored 256 rows at once: 30.2 (53.3). The drop
    # mask's flags and counts a byte a line, no list of ints for the lines with text: 27.9.
    assert peak < bound * len(text.encode())


def test_page_features_in_blocks_of_lines_equal_the_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Own columns computed block by block (line numbers shared across blocks) give the
    matrix of one block; blank lines scattered into their rows alike."""
    from normkit.lines import features
    from normkit.lines import page as page_module

    rng = random.Random(5)
    pool = [
        "首页", "新闻 | 视频 | 评论", "2023年5月1日 10:15", "阅读 1024", "市政府召开专题会议，研究部署防汛工作。",
        "【热点】网传一名韩国前艺人拟来港定居", "版权所有 © 2024 某某网", "", "  ", "責任編輯：張三", "1. 强化沟通联系",
    ]  # fmt: skip
    page = [rng.choice(pool) for _ in range(300)]
    whole = features.page_features(page)
    # The shape of the whole page (blank lines too) given: the same features.
    given = features.page_features(page, shape=features.page_shape(page))
    assert np.array_equal(whole.matrix, given.matrix) and whole.block == given.block
    monkeypatch.setattr(page_module, "LINES_AT_ONCE", 7)
    cache = features.FeatureCache()
    blocked = features.page_features(page, cache=cache)
    assert np.array_equal(whole.matrix, blocked.matrix) and whole.block == blocked.block
    part = page[::2]
    assert np.array_equal(
        features.page_features(part, cache=cache).matrix, features.page_features(part).matrix
    )


def test_line_shapes_in_blocks_of_lines_equal_the_whole_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from normkit.lines import page

    rng = random.Random(9)
    pool = [
        "首页",
        "正文第一段，内容很长很长很长很长很长很长。",
        "- 标题，副标题",
        "",
        "版权所有...",
        "  新聞⋯⋯",
    ]
    raw = [rng.choice(pool) for _ in range(200)]
    whole = Lines.of(raw)
    monkeypatch.setattr(page, "LINES_AT_ONCE", 9)
    blocked = Lines.of(raw)
    assert (blocked.stripped, blocked.folded, blocked.han, blocked.body) == (
        whole.stripped,
        whole.folded,
        whole.han,
        whole.body,
    )


def test_a_page_of_menu_lines_the_classifier_drops_costs_a_bounded_amount_per_line() -> None:
    """Each dropped line also holds its verdict, drop record and explanation: the working
    set stays within 1.35 KB per line (1.11 KB measured on 20,000 lines of 7 bytes; 0.61 KB
    on 100,000, the explanations' working set being one block's)."""
    lines = 20_000
    words = ["首页", "新闻", "视频", "评论", "体育"]
    article = (  # an article of three paragraphs after the menu: the model is sure of them
        "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备，确保安全度汛。\n"
        "会议指出，要坚持问题导向，细化工作措施，确保各项任务按时保质完成，切实保障群众生命财产安全。\n"
        "会议强调，各级各部门要压实责任，加强值班值守，及时发布预警信息，做好应急抢险准备。"
    )
    text = "".join(words[k % 5] + "\n" for k in range(lines)) + article
    step = Boilerplate(learned=True, threshold=0.995, spare_main_block=True)
    step("正文，" * 30, Context())
    ctx = Context()
    tracemalloc.start()
    step(text, ctx)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(ctx.dropped) == lines
    # Explaining every hit at once took 1.95 KB per line; the page's whole matrix, 1.62 KB.
    assert peak < 1_350 * lines


def test_a_page_read_a_block_of_rows_at_a_time_gets_the_verdicts_of_the_whole_matrix() -> None:
    """``learned_drops`` reads a page a block of rows at a time (``features.page_rows``):
    the same verdicts as the whole page's matrix scored, masked and explained at once,
    on a long page with blank lines whose dropped lines span many blocks."""
    rng = random.Random(11)
    menu = [
        "首页",
        "新闻",
        "视频",
        "评论",
        "体育",
        "【热点】网传一名韩国前艺人拟来港定居",
        "阅读 1024",
        "",
        "  ",
    ]
    prose = "今天，市政府召开了专题会议，研究部署防汛工作，要求各部门做好准备。"
    page = [rng.choice(menu) for _ in range(1500)] + [prose] * 3 + [rng.choice(menu) for _ in range(2600)]
    page[800] = prose
    model = load_model()
    for spare in (True, False):
        x = features.page_features(page).matrix
        p = model.probability(x)
        if spare:
            far = (model.far_threshold, model.far_distance) if model.far_threshold else None
            inside = (model.inside_threshold, model.inside_lexicon) if model.inside_threshold else None
            drop = verdict.drop_mask(p, x, model.threshold, model.anchor, far, model.anchor_letters, inside)
        else:
            drop = verdict.drop_mask(p, x, model.threshold, None)
        hits = np.flatnonzero(drop)
        expected = dict(zip(hits.tolist(), verdict.explain(model, x, x, hits, p), strict=True))
        found = verdict.learned_drops(page, spare_main_block=spare)
        assert len(found) > 2 * ROWS_AT_ONCE
        assert found == expected
    rows = features.page_rows(page)
    assert np.array_equal(
        np.concatenate([rows.rows(a, min(a + 777, rows.n)) for a in range(0, rows.n, 777)]), x
    )


def test_explaining_a_block_of_one_more_than_the_rows_at_once_ends() -> None:
    """1,025 hits are one block (no block of one row): explaining them used to recurse
    without end (a ``RecursionError``, the page rejected)."""
    model = load_model()
    x = np.zeros((ROWS_AT_ONCE + 1, len(model.names)), dtype=np.float32)
    assert len(model.explain(x)) == ROWS_AT_ONCE + 1


# The steps after the line filters, the statistics and the signals: a block of lines at a
# time (issue 16). A list of a text's lines costs about eight times a text of short lines.


def _short_lines(count: int) -> str:
    return "".join(f"第{k % 10}行, \n" for k in range(count))


def _traced_peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak - base


@pytest.mark.parametrize(
    ("step", "text", "bound"),
    [
        # Measured 10.5x, 6.3x, 5.9x; before, 23.8x (width: a string a piece of its
        # output, a Python int a mark), 17.9x (final: five lists of the lines), 18.3x
        # (whitespace: two lists of the lines).
        ("punctuation.width", _short_lines(20_000), 14),
        ("punctuation.final", _short_lines(20_000).replace(", ", "，"), 9),
        ("layout.whitespace", _short_lines(20_000), 8),
    ],
)
def test_the_in_line_steps_read_a_text_of_short_lines_a_block_at_a_time(
    step: str, text: str, bound: int
) -> None:
    normaliser = next(s for s in Pipeline(profile="default").steps if s.name == step)
    normaliser("第1行, 第2行, 第3行, 第4行, 第5行\n", Context())  # load the tables
    assert normaliser(text, Context()) != text or step == "punctuation.final"
    assert _traced_peak(lambda: normaliser(text, Context())) < bound * len(text.encode())


def test_statistics_and_signals_of_a_text_of_short_lines_hold_no_list_of_its_lines() -> None:
    old = _short_lines(20_000)
    new = old.replace(" \n", "\n")
    size = len(old.encode())
    assert size_of_change(old, new) == (20_000, 0)
    # 5.7x measured; before, 26.9x (both texts' lines as lists, their offsets as ints).
    assert _traced_peak(lambda: size_of_change(old, new)) < 8 * size
    signals = signal_set(get_registry())
    signals.compute(SignalInput("正文，正文。"))
    # 9.9x measured with the analysis; before, 27.6x (a list of the lines and one of
    # those not blank; the n-gram hashes: several arrays of eight bytes a character).
    assert _traced_peak(lambda: signals.compute(SignalInput(new))) < 14 * size


@pytest.mark.slow
def test_the_default_chain_cleans_a_record_of_short_lines_within_its_bound() -> None:
    """The bound ``docs/reliability.md`` states for the whole chain: ``boilerplate.lines``
    (the classifier's per-line columns and the chain's list of lines) sets it, 29.0x on
    20,000 lines (31.4x before the drop mask's columns were kept compact, 46.8x before
    the counts and context columns were; the
    other steps, the statistics and the signals stay under 20x). A small record of the
    same shape first: the tables it loads once per process (about 65x this record's
    size) are no part of a record's working set."""
    text = _short_lines(20_000)
    pipe = Pipeline(profile="default")
    pipe.process(Document("首页 > 新闻\n今天，市政府召开了专题会议，研究部署防汛工作。\n" * 30))
    pipe.process(Document(_short_lines(200)))
    doc = Document(text)
    assert _traced_peak(lambda: pipe.process(doc)) < 32 * len(text.encode())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙 ,，\n\r\t\u3000\u2028。“”a1", max_size=120), st.data())
def test_blocks_of_lines_give_what_the_whole_text_gives(text: str, data: st.DataObject) -> None:
    """Steps, statistics and signals read in blocks of a few characters give exactly what
    they give read whole; the line pairs of the statistics are those of two lists of lines."""
    other = data.draw(st.text(alphabet="甲乙 ,，\n\r。", max_size=20))
    at = data.draw(st.integers(0, len(text)))
    new = text[:at] + other + text[at + len(other) // 2 :]
    steps = [s for s in Pipeline(profile="default").steps if s.name in _BLOCKWISE] + [
        Final(min_commas=1, min_length=2, inside_paragraph=True)
    ]
    signals = signal_set(get_registry())

    def outputs() -> list[object]:
        return [
            *(s(text, Context()) for s in steps),
            size_of_change(text, new),
            [(e.old_start, e.old_end, e.new_start, e.new_end) for e in edits(text, new)],
            list(_diff._line_pairs(text, new)),
            signals.compute(SignalInput(text)),
        ]

    whole = outputs()
    assert whole[-2] == list(_line_pairs_of_lists(text, new))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_blocks, "BLOCK_CHARS", 3)
        patch.setattr(_diff, "_CHARS_AT_ONCE", 2)
        patch.setattr(_diff, "_LINES_AT_ONCE", 2)
        patch.setattr(signals_text, "_WINDOWS_AT_ONCE", 2)
        patch.setattr(punctuation_runs, "_PIECES_AT_ONCE", 2)
        assert outputs() == whole


_BLOCKWISE = {"punctuation.width", "punctuation.final", "layout.whitespace"}


def _line_pairs_of_lists(old: str, new: str) -> Iterator[tuple[int, int, int, int]]:
    """``_diff._line_pairs`` as it was, on two lists of lines: the reference."""
    if old == new:
        return
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    oa = [0, *itertools.accumulate(map(len, a))]
    ob = [0, *itertools.accumulate(map(len, b))]
    lo = 0
    while lo < min(len(a), len(b)) and a[lo] == b[lo]:
        lo += 1
    hi_a, hi_b = len(a), len(b)
    while hi_a > lo and hi_b > lo and a[hi_a - 1] == b[hi_b - 1]:
        hi_a, hi_b = hi_a - 1, hi_b - 1
    if hi_a - lo == hi_b - lo or (hi_a - lo) * (hi_b - lo) > _diff._MAX_LINE_MATCH:
        blocks = [(lo, hi_a, lo, hi_b)]
    else:
        blocks = [(lo + p, lo + q, lo + r, lo + s) for p, q, r, s in align(a[lo:hi_a], b[lo:hi_b], anchor=2)]
    for i1, i2, j1, j2 in blocks:
        if i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                if a[i1 + k] != b[j1 + k]:
                    yield oa[i1 + k], oa[i1 + k + 1], ob[j1 + k], ob[j1 + k + 1]
        else:
            yield oa[i1], oa[i2], ob[j1], ob[j2]


@pytest.mark.slow
def test_the_working_set_of_boilerplate_lines_is_flat_in_the_size_of_a_record() -> None:
    """No allocation of ``boilerplate.lines`` (the chain's peak) grows faster than the
    record: twice the lines cost at most twice the traced peak (measured 1.87 times,
    24.4x then 22.8x the record's size; before the counts' parts were let go as they are
    joined and the line shapes' run ids once read, 1.93 times, 23.5x at 80,000 lines and
    at 160,000). The growth of the peak RSS over a record's size that ``bench_memory.py``
    shows rising with the size (13x at 1 MB, 24x at 8 MB) is the memory the process holds
    already, not this."""
    step = next(s for s in Pipeline(profile="default").steps if s.name == "boilerplate.lines")
    step(_short_lines(200), Context())  # load the tables
    small, large = _short_lines(40_000), _short_lines(80_000)
    peak_small = _traced_peak(lambda: step(small, Context()))
    peak_large = _traced_peak(lambda: step(large, Context()))
    assert peak_large < 2 * peak_small
    assert peak_large < 23.2 * len(large.encode())


def test_joining_count_columns_and_letting_the_parts_go_gives_the_same_columns() -> None:
    rows = np.array([[1, 2, 300], [4, 0.5, 6], [7, 8, 70000]], dtype=np.float32)
    parts = [features.CountColumns.of(rows[:1]), features.CountColumns.of(rows[1:])]
    kept = features.CountColumns.joined(parts)
    released = features.CountColumns.joined(parts, release=True)
    assert released.dtypes == kept.dtypes == ("uint8", "float32", "int32")
    every = np.arange(3)
    assert (released.take(every) == rows).all() and (kept.take(every) == rows).all()
    assert all(len(p.dtypes) == 0 for p in parts)
