"""The whole default chain is idempotent on multi-line web-like documents: a second pass
changes nothing (issue 16, item 7). 10,000 examples in the slow test, fewer by default.

A failure shrinks to a small document; each one found is a bug of the normaliser that
changed the text on the second pass (``second_pass_step`` names it).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normkit import Pipeline
from strategies import CJK_SAMPLE, TRADITIONAL_SAMPLE

#: Pieces of web pages: menus, bylines, copyright lines, punctuation runs, ellipses.
FRAGMENTS = [
    "首页", "新闻", "登录", "注册", "版权所有", "上一篇", "下一篇", "返回顶部", "责任编辑：",
    "来源：", "分享到：", "©2023", "All Rights Reserved", "|", ">", ">>", "...", "……", "。。",
    ",", "，", "!", "！", "?", "？", "“", "”", '"', "(", ")", "（", "）", " ", "\u3000", "\t",
    "http://example.com/a", "www.example.cn", "阅读全文", "点击查看", "更多", "0", "12", "2024-01-05",
    "ni3 hao3", "nǐ hǎo", "&amp;", "&nbsp;", "<br>", "<p>", "</p>", "Ã©", "鈥", "\u200b", "\ufeff",
]  # fmt: skip
_word = st.text(st.sampled_from(CJK_SAMPLE + TRADITIONAL_SAMPLE), min_size=1, max_size=12)
_piece = st.sampled_from(FRAGMENTS) | _word
_line = st.lists(_piece, max_size=12).map("".join)
#: A page: lines of menus, words and marks, with blank lines.
pages = st.lists(_line, min_size=1, max_size=14).map("\n".join)

_pipe = Pipeline()


def second_pass_step(text: str) -> str | None:
    """The first normaliser that changes the chain's output again, if any."""
    current = _pipe.clean(text)
    for name in _pipe.names:
        if Pipeline(steps=[name]).clean(current) != current:
            return name
    return None


def _check(text: str) -> None:
    once = _pipe.clean(text)
    twice = _pipe.clean(once)
    assert twice == once, f"second pass changed the text (first at {second_pass_step(text)})"


@given(pages)
@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_chain_is_idempotent_on_web_like_pages(text: str) -> None:
    """A quick run in every pytest run; the 10k run below (slow) searches further."""
    _check(text)


#: Second passes that changed the text, found by the 10k run (issue 16), kept as
#: regression cases (both fixed in main by the boilerplate and line-joining work).
KNOWN_FAILURES = [
    pytest.param(
        "首页>一一一一一一一......版权所有版权所有",
        id="ellipsis-shortens-a-line-under-boilerplate-limit",
    ),
    pytest.param(
        "首页首页首页首页首页首页首页首页首页。。,\n首页...",
        id="rejoin-before-width",
    ),
]  # fmt: skip


#: Found by the 10k run after the two above were fixed: ``lines.rejoin`` judged ``(,`` and
#: ``!,`` by their width in context, and ``punctuation.width`` widened them after it (fixed:
#: it reads every line as the later repairs write it, and joins until nothing more joins).
REJOIN_AFTER_REPAIRS = [
    pytest.param(
        '首页首页。。122024-01-05首页首页首页(首页首页首页\n首页)首页"首页首页)，“\n？首页首页首页！首页首页首页首页<p>首页\n首页首页“首页首页首页首页\n首页首页“首页首页首页首页\n首页ni3 hao3首页首页&amp;首页>首页！(,\u3000\n首页）首页2024-01-05,其或下能当式他十從們党与登录来裡明下结作进应度明說她\n分享到：資各统四被应起我应？下一篇"返回顶部,各系命發日作比...鈥条前區料革平麼\n来源：\n论面老少',
        id="rejoin-after-width-and-brackets",
    ),
    pytest.param("首页首页。。!,首页一一一一一一一一一一一\n首页www.example.cn!", id="rejoin-after-width-of-a-comma"),
    # The boilerplate classifier judged lines before the repairs (``...!`` -> ``……！``,
    # ``。。,`` -> ``。，``) and counted blank lines that layout.whitespace collapses.
    pytest.param("首页首页首页首页首页首页。。\n\n首页首页首页...!首页 首页", id="classifier-after-ellipsis-and-width"),
    pytest.param("首页首页首页首页首页首页。。\n\n首页首页。。,]", id="classifier-after-doubled-marks"),
    pytest.param("首页首页首页首页首页首页。。\n\n\n\n首页首页首页。。!首页 首页", id="classifier-after-blank-lines"),
    # ``...。。`` read as ``……`` but ``……。`` (what the repairs write) as a sentence end.
    pytest.param("首页\n一一一一一一一一一一一一...。。", id="rules-after-ellipsis-and-doubled-marks"),
    # Three blank lines that ``layout.whitespace`` makes one: ``lines.rejoin`` refused to
    # cross three and crossed one (a run now counts as one).
    pytest.param("。。,http://example.com/a首页\n\n&nbsp;<br> \n首页!", id="rejoin-across-a-run-of-blank-lines"),
    # A line kept as part of a block of code that ended when the line before it went.
    pytest.param("(<br>首页\n...", id="code-block-ended-by-a-drop"),
    # ``lines.rejoin`` joined a line to a short notice that the rules keep alone
    # (``首页版权所有。``) but drop as part of a longer line: joins that make a line the
    # rules drop are refused.
    pytest.param(
        "首页首页首页首页!一一一一一一一一一一,\n首页版权所有。。\n首页首页首页首页首页首页。。",
        id="rejoin-makes-a-notice-line",
    ),
]  # fmt: skip


#: Found by the 10k run after the line steps' cases were fixed: ``punctuation.width`` left
#: ``(...)`` half-width (no Chinese inside), ``punctuation.ellipsis`` wrote ``(……)``, which
#: a second pass widened (fixed: width decides on the text as the ellipsis rule will
#: write it; more shapes in ``tests/test_punctuation_properties.py``).
WIDTH_AFTER_ELLIPSIS = [
    pytest.param("首页(...)", id="width-after-ellipsis"),
    pytest.param("首页(...abc)", id="width-after-ellipsis-with-a-word"),
    pytest.param("(......)首页\n(...)", id="width-after-ellipsis-before-han"),
]


#: Found by the 10k run once it no longer skipped the shape above: the boilerplate rules
#: kept ``首页>,！`` but dropped ``首页>！``, what the repairs make of it (fixed: the rules
#: read the page as the repairs will write it, as the classifier does).
RULES_AFTER_REPAIRS = [pytest.param("首页>,！", id="rules-before-doubled-marks")]

#: Found by the 10k run (it left these pages out until fixed): a page whose lines
#: ``lines.rejoin`` joined around ``。。,`` lost its last line on a second pass, as the
#: classifier judged the joined page differently (fixed: a join stands only if
#: ``boilerplate.lines`` drops no line of the joined page that it kept before).
JOIN_CHANGES_VERDICTS = [
    pytest.param(
        "新闻\n首页首页首页。。,一一一一一一一一一一一一\n首页首页首页http://example.com/a一一一一一一一一一一一。。\n首页首页",
        id="line-steps-before-doubled-marks",
    ),
    pytest.param(
        "首页\n首页首页\n首页首页首页\n首页首页首页。。,2024-01-05首页\n首页首页首页首页首页版权所有,一一一一一\n首页首页首页",
        id="join-moves-the-anchor",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    KNOWN_FAILURES
    + REJOIN_AFTER_REPAIRS
    + WIDTH_AFTER_ELLIPSIS
    + RULES_AFTER_REPAIRS
    + JOIN_CHANGES_VERDICTS,
)
def test_known_second_pass_changes(text: str) -> None:
    _check(text)


@pytest.mark.slow
@given(pages)
@settings(max_examples=10_000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_chain_is_idempotent_on_web_like_pages_10k(text: str) -> None:
    _check(text)
