"""Pages that are mostly content (:data:`normkit.lines.verdict.RICH_SHARE`): no line goes
under :data:`~normkit.lines.verdict.RICH_THRESHOLD` on them, while a page that is mostly
furniture still loses its menus and feeds from the model's threshold. Pages written for
the test: a list of records, a book's contents, a news page."""

from __future__ import annotations

import numpy as np
import pytest

import normkit
from normkit.lines.features import page_features
from normkit.lines.verdict import RICH_THRESHOLD, drop_mask, learned_drops

BODY = "市政府召开专题会议，研究部署下一阶段的重点工作，要求各部门认真抓好落实。"
RECORDS = ["1、东湖公园", "成人票原价：30元", "游客咨询电话：12345678", "2、西山植物园", "成人票原价：20元"]
CONTENTS = ["目 录：", "导 言", "第一章 发展历程", "第二章 基本特征", "第三章 本质要求"]
MENU = ["首页", "新闻", "视频", "评论", "体育", "财经", "娱乐", "登录", "注册"]


def mask(lines: list[str], probability: list[float], rich: bool, script: str = "") -> list[bool]:
    if script:
        lines = normkit.convert("\n".join(lines), script).split("\n")
    x = page_features(lines).matrix
    return drop_mask(np.array(probability), x, 0.97, 0.5, anchor_letters=32, rich=rich).tolist()  # type: ignore[no-any-return]


@pytest.mark.parametrize("script", ["", "s2twp"])
@pytest.mark.parametrize("head", [RECORDS, CONTENTS])
def test_a_page_of_content_keeps_the_lines_the_model_is_not_all_but_sure_of(
    head: list[str], script: str
) -> None:
    """Records or a table of contents above the article's paragraphs, at 0.98–0.995 (a
    model that never saw such a page): kept on a page whose lines are mostly content."""
    lines = [*head, BODY, BODY, BODY, BODY, BODY, BODY]
    p = [0.98, 0.995, 0.3, 0.4, 0.2] + [0.05] * 6
    assert mask(lines, p, rich=False, script=script)[:2] == [True, True]
    assert not any(mask(lines, p, rich=True, script=script))
    # a line at the rich threshold still goes
    assert mask(lines, [RICH_THRESHOLD, *p[1:]], rich=True, script=script)[:2] == [True, False]


@pytest.mark.parametrize("script", ["", "s2twp"])
def test_a_page_of_furniture_still_loses_its_menu(script: str) -> None:
    """Trap: a news page whose menu and feed outnumber its paragraphs is no rich page."""
    lines = [*MENU, BODY, BODY, BODY]
    p = [0.98] * len(MENU) + [0.05] * 3
    assert mask(lines, p, rich=True, script=script) == [True] * len(MENU) + [False] * 3


def test_the_shipped_model_keeps_judging_a_menu_above_an_article() -> None:
    page = ["首页", "新闻", "视频", "评论", "体育", BODY]
    assert sorted(learned_drops(page, spare_main_block=True)) == [0, 1, 2, 3, 4]
