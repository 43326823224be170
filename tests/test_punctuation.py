"""The punctuation normalisers: what each changes, and the traps each leaves alone."""

from __future__ import annotations

import pytest

import normkit
from normkit.normalisers.punctuation import Doubled, Ellipsis, Final, Quotes, Width

# ---------------------------------------------------------------- doubled


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("城市小區,,是重中之重", "城市小區，是重中之重"),
        ("重中之重,。長垣", "重中之重。長垣"),
        ("凝聚人心,、鼓舞士氣", "凝聚人心、鼓舞士氣"),
        ("履職,；高齡", "履職；高齡"),
        ("好的，，我知道", "好的，我知道"),
        ("结束了。。然后", "结束了。然后"),
        ("你好,,,,,世界", "你好，世界"),
        ("你好，,世界", "你好，世界"),
        ("真的吗,？", "真的吗？"),
    ],
)
def test_doubled_collapsed(text: str, expected: str) -> None:
    assert Doubled()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "他说……然后——走了",
        "真的吗？！太好了！！怎么会？？",
        "他说“”是空引号",
        "我想想。。。",
        "a,,b",
        "1,,2,,3",
        "values: a,,b;c",
        "清洁的中文，没有重复的标点。",
    ],
)
def test_doubled_left_alone(text: str) -> None:
    assert Doubled()(text) is text


# ---------------------------------------------------------------- width


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("疫情就是命令,防控就是责任", "疫情就是命令，防控就是责任"),
        ("您现在的位置是:首页", "您现在的位置是：首页"),
        ("或是消毒消杀;或是运送物资", "或是消毒消杀；或是运送物资"),
        ("必须得有我们啊!”说这话的", "必须得有我们啊！”说这话的"),
        ("为什么?", "为什么？"),
        ("早上5:00,全员核酸检测", "早上5:00，全员核酸检测"),
        ("共3,000人,全部到岗", "共3,000人，全部到岗"),
        ("轨迹(附病例关系图)", "轨迹（附病例关系图）"),
        ("世界卫生组织(WHO)发布", "世界卫生组织（WHO）发布"),
        ("增长(2.5%)。", "增长（2.5%）。"),
        ("真的吗?!", "真的吗？！"),
        ("你好, 世界", "你好，世界"),
        ("“你好”,他说", "“你好”，他说"),
    ],
)
def test_width_converted(text: str, expected: str) -> None:
    assert Width()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "时间 9:40:36 与 5:00",
        "金额 3,000 元，增长 2.5 倍",
        "比分 3:2 获胜",
        "访问 https://example.com/a?b=1,2;c=3 查看",
        "来信 someone@example.com 即可",
        "他说 Hello, world! 然后走了",
        "Version 2.0 (beta): fixed; see notes!",
        "调用 print(x) 或 f(a, b) 即可",
        "计算(a+b)*c",
        "好的:) 明天见;-) 哈哈^_^ 呵呵(^_^) XD",
        "`a,b;c` 是代码",
        "曲(qū)项(xiàng)向(xiàng)",
        "Hi, 世界",
        "(1) 第一条",
        "清洁的中文，没有半角标点。",
    ],
)
def test_width_left_alone(text: str) -> None:
    assert Width()(text) is text


# ---------------------------------------------------------------- ellipsis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("等一下...好吗", "等一下……好吗"),
        ("等一下......好吗", "等一下……好吗"),
        ("我想想。。。算了", "我想想……算了"),
        ("然后呢...", "然后呢……"),
    ],
)
def test_ellipsis_converted(text: str, expected: str) -> None:
    assert Ellipsis()(text) == expected


@pytest.mark.parametrize(
    "text", ["Wait... what?", "range(1...10)", "从 1...10", "http://a.cn/x...y", "他走了……", "好。。"]
)
def test_ellipsis_left_alone(text: str) -> None:
    assert Ellipsis()(text) is text


# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('按照"应检尽检"原则', "按照“应检尽检”原则"),
        ('"你好",他说', "“你好”,他说"),
        ("社区'女子工作组'都会解答", "社区‘女子工作组’都会解答"),
        ("他说\"社区'女子工作组'都会\"。", "他说“社区‘女子工作组’都会”。"),
        ('"甲"和"乙"', "“甲”和“乙”"),
    ],
)
def test_quotes_paired(text: str, expected: str) -> None:
    assert Quotes()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '他说"你好。',
        '"甲"和"乙',
        'config = {"key": "值"}',
        "It's 张三's book",
        'He said "hello" 然后',
        '" 空格开头"',
        '链接 https://example.com/?q="中文" 保留',
        "“已经是弯引号”",
    ],
)
def test_quotes_left_alone(text: str) -> None:
    assert Quotes()(text) is text


# ---------------------------------------------------------------- final

BODY = "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重、压力最大的地方，居民们积极参与"


def lost(*lines: str) -> str:
    """A document that lost its 。: enough commas, no full stop."""
    return "\n".join(lines) + "\n"


def test_final_restores_paragraph_ends() -> None:
    text = lost("党建引领 政府主导", BODY, BODY + "“志愿服务”", "“疫情面前，我们不做旁观者，" + BODY + "”")
    out = Final()(text).split("\n")
    assert out[0] == "党建引领 政府主导"
    assert out[1] == BODY + "。"
    assert out[2] == BODY + "“志愿服务”。"
    assert out[3] == "“疫情面前，我们不做旁观者，" + BODY + "。”"


def test_final_closing_short_sentence() -> None:
    text = lost(BODY, BODY, BODY, BODY, "他们都是这座城市的英雄，值得尊敬")
    assert Final()(text).split("\n")[4] == "他们都是这座城市的英雄，值得尊敬。"


@pytest.mark.parametrize(
    "text",
    [
        # the document has its full stops
        lost(BODY + "。", BODY),
        # too few commas to show a loss
        "一句话，没有句号\n",
        # headings (no clause marks), short quoted headings before a paragraph
        lost("爱心赋能 志愿助力", "“抗击疫情，我们不做旁观者”", BODY, BODY),
        # list items, captions, poem lines
        lost("1. " + BODY, "2、" + BODY, "（一）" + BODY, "- " + BODY, "图为：" + BODY, BODY + " 张三 摄"),
        lost("床前明月光，疑是地上霜", "举头望明月，低头思故乡") * 3,
        # already closed, or ending in a mark, digit or Latin
        lost(BODY + "！", BODY + "？", BODY + "，", BODY + "2022", BODY + " OK", BODY + "（记者 张三）"),
    ],
)
def test_final_left_alone(text: str) -> None:
    assert Final()(text) == text


def test_final_inside_paragraph_is_an_option() -> None:
    text = lost("“疫情面前，我们不做旁观者”他们的年龄身份各不相同，" + BODY, BODY, BODY)
    assert Final()(text).startswith("“疫情面前，我们不做旁观者”他们")
    inside = Final(inside_paragraph=True)(text)
    assert inside.startswith("“疫情面前，我们不做旁观者。”他们")
    # a quoted phrase followed by a particle continues the sentence
    text = lost("“绿水青山，就是金山银山”的理念深入人心，" + BODY, BODY, BODY)
    assert Final(inside_paragraph=True)(text).startswith("“绿水青山，就是金山银山”的理念")


def test_default_chain_repairs_a_damaged_page() -> None:
    page = (
        "城市小區(qū),,是疫情防控的重中之重,。長垣市堅持黨建引領,以發(fā)揮黨組織的戰(zhàn)斗堡壘作用為根本,,"
        "以凝聚人心,、鼓舞士氣為導向,網(wǎng)格員到位。\n"
    )
    assert normkit.clean(page) == (
        "城市小區，是疫情防控的重中之重。長垣市堅持黨建引領，以發揮黨組織的戰斗堡壘作用為根本，"
        "以凝聚人心、鼓舞士氣為導向，網格員到位。\n"
    )


def test_width_leaves_an_iri_alone_wherever_it_stands() -> None:
    """Protection does not depend on how many runs were looked at before."""
    iri = "见 http://例子.tw/頭髮「x」:y 中"
    assert Width()(iri) == iri
    before = "你好 a,中" * 30 + "\n"
    assert Width()(before + iri).endswith(iri)
    between_han = "见 http://例子.tw/頭:髮 中"
    assert Width()(between_han) is between_han


# ---------------------------------------------------------------- marks inside names


@pytest.mark.parametrize(
    "text",
    [
        "Oops!新鮮事",
        "今天的Oops!新鮮事很好看。",
        "Yahoo!奇摩新聞",
        "首頁 噓!星聞 娛樂",
        "噓!星聞",
        "WHAT?新聞",
    ],
)
def test_marks_glued_inside_names_stay(text: str) -> None:
    assert Width()(text) == text
    assert Width()(normkit.convert(text, "t2s")) == normkit.convert(text, "t2s")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("真的吗?太好了!", "真的吗？太好了！"),
        ("哈哈!好的,明天见", "哈哈！好的，明天见"),
        ("他问:你去吗?我说:去!", "他问：你去吗？我说：去！"),
        ("Oops!新鮮事:明星八卦,好看", "Oops!新鮮事：明星八卦，好看"),
        ("好消息! 明天放假", "好消息！明天放假"),
    ],
)
def test_marks_between_clauses_are_widened(text: str, expected: str) -> None:
    assert Width()(text) == expected
