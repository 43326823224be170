"""The line steps' working set on documents of many short lines (issue 16)."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest

from normkit import Context
from normkit.lines.model import ROWS_AT_ONCE, load_model
from normkit.lines.shapes import Lines, until_stable
from normkit.normalisers.boilerplate import Boilerplate


def test_blocks_of_rows_score_as_the_whole() -> None:
    model = load_model()
    rng = np.random.default_rng(7)
    for rows in (2 * ROWS_AT_ONCE + 17, ROWS_AT_ONCE + 1):
        x = rng.random((rows, len(model.names)), dtype=np.float32) * 40
        whole = np.concatenate([model.score(x[: rows // 2]), model.score(x[rows // 2 :])])
        assert np.array_equal(model.score(x), whole)
        assert np.array_equal(model.contributions(x)[-3:], model.contributions(x[-3:]))


def test_until_stable_gives_indices_of_the_whole() -> None:
    lines = Lines.of(["a", "b", "c", "d"])
    passes = iter([{1: "x"}, {0: "y", 2: "z"}, {}])
    assert until_stable(lines, lambda part: next(passes)) == {1: "x", 0: "y", 3: "z"}


def test_the_classifier_scores_a_page_of_short_lines_in_bounded_blocks() -> None:
    text = "".join(f"第{k % 10}行, \n" for k in range(20_000))
    step = Boilerplate(learned=True, threshold=0.995, spare_main_block=True)
    step("正文，" * 30, Context())  # load the model and the tables
    tracemalloc.start()
    step(text, Context())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Scoring all rows at once took about 5 KB per line (500 times the text); page features
    # of the whole page at once and two matrices for a page with blank lines, 200 times.
    assert peak < 130 * len(text.encode())


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
    set stays within 1.8 KB per line (1.67 KB measured on 20,000 lines of 7 bytes)."""
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
    # Explaining every hit at once took 1.95 KB per line.
    assert peak < 1_800 * lines
