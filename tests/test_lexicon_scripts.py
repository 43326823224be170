"""The lexicons read Taiwan's words too: a traditional page (OpenCC ``s2twp``) loses the
same boilerplate lines as its simplified original, and keeps the same content."""

from __future__ import annotations

import pytest

import normkit
from normkit.normalisers._lexicon import build_lexicon, taiwan_spellings

BODY = "今天，市政府召开了专题会议，研究部署了全市防汛工作，要求各部门做好准备。"
BODY2 = "会议指出，要坚持问题导向，细化工作措施，确保各项任务按时保质完成。"

#: Pages whose first or last line is boilerplate whose words Taiwan writes otherwise
#: (字体 / 字型, 复制链接 / 複製連結, 发布时间 / 釋出時間, 联系我们 / 聯絡我們…).
DROPPED = [
    ["字体：小 中 大", BODY, BODY2],
    [BODY, BODY2, "复制链接"],
    ["发布时间：2024-01-02", BODY, BODY2],
    [BODY, BODY2, "联系我们 | 法律声明"],
    [BODY, BODY2, "相关链接"],
    [BODY, BODY2, "本文链接：http://a.cn/1"],
]
#: Content whose words are Taiwan's spelling of a lexicon term (影片 is 视频 in Taiwan,
#: a film in the mainland; 登入), between paragraphs, from other sites' kinds of text.
KEPT = [
    [BODY, "这部影片讲述了一个普通人的故事，上映后好评如潮。", BODY2],
    [BODY, "用户登入系统后，可以查看自己的办理进度。", BODY2],
    [BODY, "影片", BODY2],
]


def dropped(lines: list[str]) -> list[int]:
    pipe = normkit.Pipeline(options={"boilerplate.lines": {"learned": False}})
    return [d.line for d in pipe.process(normkit.Document("\n".join(lines))).dropped]


@pytest.mark.parametrize("page", DROPPED)
def test_traditional_pages_lose_the_same_lines(page: list[str]) -> None:
    hant = [normkit.convert(line, "s2twp") for line in page]
    assert dropped(page)
    assert dropped(hant) == dropped(page)


@pytest.mark.parametrize("page", KEPT)
@pytest.mark.parametrize("script", ["", "s2twp"])
def test_taiwan_words_in_content_are_kept(page: list[str], script: str) -> None:
    lines = [normkit.convert(line, script) for line in page] if script else page
    assert dropped(lines) == []


def test_the_lexicon_holds_both_spellings() -> None:
    lexicon = build_lexicon(use_plugins=False)
    assert {"登录", "登入"} <= lexicon.terms["navigation"]
    assert {"发布时间", "释出时间"} <= lexicon.terms["metadata"]
    # spam terms keep their own strengths in spam.tails: not extended here
    assert "线上观看" not in lexicon.terms["spam"]
    assert taiwan_spellings([]) == set()
