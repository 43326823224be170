"""The gates of ``normkit.lines.gates`` are necessary conditions: a rule family run only on
the lines whose gate is open judges exactly as the families run on every line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit.lines.features import within
from normkit.lines.gates import ANY_SIGNAL, NAVIGATION_SHORT, Gates
from normkit.lines.patterns import OMISSION, SIGNAL_CHARS, SYMBOLS_ONLY
from normkit.lines.rules import STRONG, Candidate, RuleClassifier
from normkit.lines.shapes import Lines
from normkit.normalisers._lexicon import build_lexicon
from strategies import CJK_SAMPLE, TRADITIONAL_SAMPLE

LEXICON = build_lexicon()
#: Pieces of boilerplate lines of every family, marks and digits of every kind.
PIECES = [
    *"0123456789０１٣²:：@©|/·•>»›→丨-()（）[]【】 ,，。；;!?！？…⋯.页+_*=《》「」\t\u3000",
    "首页", "新闻", "位置", "您现在的位置", "当前位置", "返回顶部", "扫一扫", "下载app", "尽在", "客户端",
    "版权所有", "copyright", "all rights reserved", "未经", "授权", "不得转载", "追究", "法律责任", "本站",
    "icp", "备", "京icp备", "号", "网安备", "许可证", "电话", "tel", "邮箱", "e-mail", "a@b.cn", "传真",
    "上一篇", "下一页", "相关新闻", "推荐阅读", "完", "end", "字体", "字号", "【打印】", "[关闭]", "阅读",
    "浏览", "评论", "次", "人", "发布时间", "来源", "2023年5月1日", "2023-05-01", "10:15", "星期一",
    "记者", "编辑", "责任编辑", "摄影", "作者", "张三", "李四", "(zhāng)", "(ji)", "文", "图", "通讯员",
    "标签", "原标题", "分享到", "微信", "微博", "更多", "登录", "注册", "记(ji)者", "开幕",
]  # fmt: skip
_word = st.text(st.sampled_from(CJK_SAMPLE[:60] + TRADITIONAL_SAMPLE[:20]), min_size=1, max_size=6)
_line = st.lists(st.sampled_from(PIECES) | _word, max_size=10).map("".join)
pages = st.lists(_line, min_size=1, max_size=12)


def reference(rules: RuleClassifier, i: int) -> Candidate | None:
    """The judgement without gates: every family tried, in order, on every line."""
    lines = rules.lines
    s, f = lines.stripped[i], lines.folded[i]
    if not s:
        return None
    if not f or (not within(s, 80) and lines.body[i] and not rules._long_candidate(s, f)):
        return None
    if SYMBOLS_ONLY.match(f):
        return None if OMISSION.match(s) else ("symbols", STRONG)
    if not (rules.gates.signals.search(f) or SIGNAL_CHARS.search(f)):
        return None
    for judge in (
        rules._navigation,
        rules._copyright,
        rules._footer,
        rules._related,
        rules._metadata,
        rules._credit,
    ):
        found = judge(i, f)
        if found is not None:
            return found
    return None


def _check(raw: list[str]) -> None:
    lines = Lines.of(raw)
    gated = RuleClassifier(lines, LEXICON, {})
    gated.candidates()
    plain = RuleClassifier(lines, LEXICON, {})
    for i, s in enumerate(lines.stripped):
        assert gated.memo[s] == reference(plain, i), (s, lines.folded[i])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(pages)
def test_gated_families_judge_as_every_family_on_every_line(raw: list[str]) -> None:
    _check(raw)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(pages)
def test_gated_families_judge_as_every_family_in_traditional(raw: list[str]) -> None:
    _check([normkit.convert(line, "s2twp") for line in raw])


#: Lines each of which one gate alone lets its family take (each judged a candidate).
EDGES = [
    "tel:-------",  # a phone number without a digit
    "开幕 2023-05-01 10:15",  # a date and time, found through the ``:``
    "【2023-05-01】",  # a lone date after a bracket
    "1 2 3 4 下一页",  # page numbers ending in a word
    "首页 | 新闻 | 体育 | 娱乐!",  # ``!`` ending the line ends no sentence
    "当前位置：新闻中心。",  # the position line, a sentence
    "记(ji)者：张三",  # a role word joined by removing a pinyin gloss
]


def test_edge_cases_of_the_gates() -> None:
    plain = RuleClassifier(Lines.of(EDGES), LEXICON, {})
    assert all(reference(plain, i) is not None for i in range(len(EDGES)))
    _check(EDGES)
    _check(["首页 | 新闻!好", "٣٣٣٣-٥-٥", "(c) 2023 某某", "-- -- -- --"])


def test_a_gate_opens_only_on_its_words() -> None:
    bits = Gates.of(LEXICON).lines(["首页 > 新闻", "今天天气很好，我们去公园散步。"])
    assert bits[0] & NAVIGATION_SHORT and bits[0] & ANY_SIGNAL
    assert not bits[1] & ANY_SIGNAL
