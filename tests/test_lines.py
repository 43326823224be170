"""lines.rejoin: cut paragraphs are joined; headings and lost-mark documents are not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit.lines.repaired import as_repaired
from normkit.normalisers import lines as L
from normkit.normalisers.lines import Rejoin
from normkit.normalisers.punctuation import shapes

HEAD = "多方联动，组织引领在小区。疫情防控任务延伸到哪里，党的组织就跟进到哪里。"
TAIL = "力量激活，模范冲锋在小区。在职党员纷纷向小区报到，做到平急转换，贡献力量。"


def test_cut_in_a_word() -> None:
    cut = "各社区党委迅速反应，以“平时能服\n\n务、急时能攻坚”理念，守护居民。"
    joined = "各社区党委迅速反应，以“平时能服务、急时能攻坚”理念，守护居民。"
    assert Rejoin()(f"{HEAD}{cut}\n\n{TAIL}\n") == f"{HEAD}{joined}\n\n{TAIL}\n"


def test_cut_after_a_comma_and_chained() -> None:
    cut = "把实事办到群众心坎上，\n\n用服务的温暖增强抗击疫情的信心，新区街道\n\n将党员参与志愿服务。"
    joined = "把实事办到群众心坎上，用服务的温暖增强抗击疫情的信心，新区街道将党员参与志愿服务。"
    assert Rejoin()(f"{HEAD}{cut}\n{TAIL}") == f"{HEAD}{joined}\n{TAIL}"


def test_no_join_makes_a_line_the_rules_drop() -> None:
    # The rules keep a short notice alone but drop it as part of a longer line: joined,
    # a second pass would drop the paragraph's first half with it. (Ordinary joins are
    # the tests above, which the refusal leaves as they were.)
    text = "首页首页首页首页!一一一一一一一一一一,\n首页版权所有。。\n首页首页首页首页首页首页。。"
    assert Rejoin()(text) == text


class _DropsLastLineOnceJoined:
    """A stand-in for ``boilerplate.lines`` that keeps every line of a page of
    ``lines`` lines and drops the last line of any shorter (joined) page: which lines a
    real classifier drops after a join depends on its weights, the guard's rule does not."""

    def __init__(self, lines: int) -> None:
        self.lines = lines

    def judge(self, lines: list[str], *_: object) -> list[int]:
        return [len(lines) - 1] if len(lines) < self.lines else []


@pytest.mark.parametrize("script", ["", "s2twp"])
def test_no_join_makes_boilerplate_drop_another_line(script: str) -> None:
    # ``boilerplate.lines`` keeps every line of the page, but once the cut paragraph is
    # joined it drops the last one: a second pass would lose it, so the halves stay apart.
    cut = "各社区党委迅速反应，以“平时能服\n\n务、急时能攻坚”理念，守护居民。"
    text = f"{HEAD}{cut}\n\n{TAIL}"
    text = normkit.convert(text, script) if script else text
    rejoin = Rejoin()
    assert rejoin(text) != text  # joined when the join changes no verdict
    judge = _DropsLastLineOnceJoined(text.count("\n") + 1)
    rejoin._guard = judge  # type: ignore[assignment]
    assert rejoin.drops(text, judge) == set()  # type: ignore[arg-type]
    assert rejoin(text) == text


def test_short_finished_continuation() -> None:
    text = f"{HEAD}她们用一个个电话在居民中织起齐心\n\n战“疫”的强大宣传网。\n{TAIL}"
    assert Rejoin()(text) == f"{HEAD}她们用一个个电话在居民中织起齐心战“疫”的强大宣传网。\n{TAIL}"


@pytest.mark.parametrize(
    "text",
    [
        # a heading is never joined to its paragraph
        f"新区街道 基层党组织凝心聚力筑牢“疫”线堡垒\n\n{HEAD}\n{TAIL}\n",
        f"{HEAD}\n\n党建引领 政府主导\n\n{TAIL}\n",
        f"{HEAD}\n【扎穩組織戰地營，繪就作戰路線圖】\n{TAIL}\n",
        # the next line is a list item, a credit, a quote, a bracket
        f"{HEAD}会议提出以下三个方面的要求，分别是\n1. 强化沟通联系，加强协作。\n{TAIL}\n",
        f"{HEAD}现场随处可见志愿者们忙碌的身影，规范队伍秩序\n\n（融媒体 裴崇旭）\n{TAIL}\n",
        f"{HEAD}工作人员正在不间断地排查下高速的车辆，他说\n“请靠边停车，登记信息。”\n{TAIL}\n",
        # a first half that is a list item or caption
        f"{HEAD}\n一、强化沟通联系，加强政府与社会各界的\n联系，秉承服务、团结、合作的理念。\n{TAIL}\n",
        # every paragraph finished
        f"{HEAD}\n{TAIL}\n",
    ],
)
def test_left_alone(text: str) -> None:
    assert Rejoin()(text) is text


def test_a_run_of_blank_lines_counts_as_one() -> None:
    # layout.whitespace leaves one blank line of a run: a second pass must judge the same.
    text = f"{HEAD}各社区党委迅速反应，以“平时能服\n\n\n\n务、急时能攻坚”理念，守护居民。\n"
    assert Rejoin()(text) == f"{HEAD}各社区党委迅速反应，以“平时能服务、急时能攻坚”理念，守护居民。\n"
    assert Rejoin(max_blank_lines=0)(text) is text


def test_never_in_a_document_that_lost_its_full_stops() -> None:
    lines = [
        "疫情就是命令，防控就是责任为打赢这场疫情防控阻击战，济南市历下区按照工作理念",
        "聚焦疫情防控工作实际，充分发挥基层党组织战斗堡垒和党员先锋模范作用",
        "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重的地方",
        "他们中的每人，都是这座城市的英雄",
    ]
    for sep in ("\n", "\n\n"):
        text = sep.join(lines) + "\n"
        assert Rejoin()(text) is text


def test_not_after_final_marks_were_restored() -> None:
    """Line ends restored by punctuation.final are no evidence for joining."""
    lines = [
        "疫情就是命令，防控就是责任为打赢这场疫情防控阻击战，济南市历下区按照工作理念。",
        "聚焦疫情防控工作实际，充分发挥基层党组织战斗堡垒和党员先锋模范作用，紧紧依靠",
        "社区是打赢疫情防控阻击战的重要支撑，也是疫情防控任务最重的地方。",
    ]
    text = "\n".join(lines) + "\n"
    assert Rejoin()(text) is text


# ---------------------------------------------------------------- the rule, line by line


def reference(text: str, min_length: int = 20, max_blank_lines: int = 2, min_inner_stops: float = 0.2) -> str:
    """The rule applied until nothing more joins (see :func:`reference_once`)."""
    for _ in range(L.MAX_PASSES):
        joined = reference_once(text, min_length, max_blank_lines, min_inner_stops)
        if joined == text:
            break
        text = joined
    return text


def reference_once(text: str, min_length: int, max_blank_lines: int, min_inner_stops: float) -> str:
    """The rule applied line by line with the module's patterns, without shortcuts; every
    line read as the later repairs write it (``as_repaired``)."""
    indent = " \t\u3000"
    lines = text.split("\n")
    bodies = [line.strip(indent) for line in lines]
    views = [as_repaired(b) for b in bodies]
    prose = sum(1 for b in bodies if CLAUSE_MARK.search(b))
    if not prose or len(L._INNER_STOP.findall(text)) < max(1.0, min_inner_stops * prose):
        return text

    def paragraph(view: str) -> bool:
        return len(view) >= min_length and CLAUSE_MARK.search(view) is not None

    verdicts = L.judged(lines)

    def continues(view: str) -> bool:
        if not L._CONTINUES.match(view) or shapes.LIST_ITEM.match(view) or L.NUMBERED.match(view):
            return False
        return bool(L._FINISHED.search(view) or paragraph(view))

    out = []
    i = 0
    while i < len(lines):
        current = lines[i]
        i += 1
        while True:
            view = as_repaired(current.strip(indent))
            if not (paragraph(view) and L._UNFINISHED.search(view)):
                break
            if shapes.LIST_ITEM.match(view) or shapes.CAPTION.search(view) or not L.certain_wrap(view):
                break
            j = i
            while j < len(lines) and not bodies[j] and max_blank_lines:  # a run counts as one
                j += 1
            if j >= len(lines) or not continues(views[j]) or verdicts[i - 1] or verdicts[j]:
                break
            current = current.rstrip(indent) + bodies[j] + lines[j][len(lines[j].rstrip(indent)) :]
            i = j + 1
        out.append(current)
    return "\n".join(out)


#: A clause mark of either width, whatever its context.
CLAUSE_MARK = re.compile(r"[，；、,;]")


_pieces = st.sampled_from(
    [
        *[HEAD, TAIL, "各社区党委迅速反应，以“平时能服", "务、急时能攻坚”理念，守护居民。", "新区街道"],
        *["1. 第一条，内容", "图为：志愿者在社区，为居民提供服务", "（融媒体 裴崇旭）", "“请靠边停车。”"],
        *[
            "2022年，",
            "中",
            "，",
            "",
            " ",
            "\u3000",
            "\t",
            "。",
            "没有句号的一行，很长很长很长很长很长的一行",
        ],
    ]
)
_documents = st.lists(st.lists(_pieces, max_size=4).map("".join), max_size=12).map("\n".join)


@settings(max_examples=300)
@given(text=_documents, min_length=st.sampled_from([5, 20]), max_blank_lines=st.sampled_from([0, 1, 2]))
def test_rejoin_gives_what_the_rule_gives_line_by_line(
    text: str, min_length: int, max_blank_lines: int
) -> None:
    step = Rejoin(min_length=min_length, max_blank_lines=max_blank_lines)
    assert step(text) == reference(text, min_length, max_blank_lines)


_CUT = "各社区党委迅速反应，以“平时能服"
_REST = "务、急时能攻坚”理念，守护居民。"
_NO_STOP = "没有句号的一行，很长很长很长很长很长的一行"


@pytest.mark.parametrize("blank", [0, 1, 2, 3])
@pytest.mark.parametrize("max_blank_lines", [0, 1, 2])
@pytest.mark.parametrize("gap", ["", " ", "\u3000\t"])
def test_rejoin_across_blank_lines_as_the_rule_does(blank: int, max_blank_lines: int, gap: str) -> None:
    text = f"{HEAD}\n{_CUT}{gap}\n" + f"{gap}\n" * blank + f"{_REST}\n{TAIL}"
    assert Rejoin(max_blank_lines=max_blank_lines)(text) == reference(text, max_blank_lines=max_blank_lines)


@pytest.mark.parametrize("lines_without_stops", [0, 3, 7, 8, 9, 12])
def test_rejoin_needs_inner_stops_as_the_rule_does(lines_without_stops: int) -> None:
    text = f"{_NO_STOP}\n" * lines_without_stops + f"{HEAD}\n{_CUT}\n{_REST}\n"
    assert Rejoin()(text) == reference(text)


# Crawled pages: lines that end unfinished but are not cut inside a sentence.


@pytest.mark.parametrize(
    "text",
    [
        # a headline and its teaser
        f"{HEAD}\n城市有轨电车之困：一边争相上马，一边接连叫停\n城市有轨电车近年在多地开通，也有城市叫停了项目。\n",
        # feed items, numbered
        f"{HEAD}\n01 第一座对泼天流量说“不”的城市，出现了，引发网友热议和讨论\n02 网传一名韩国前艺人拟来港定居。\n",
        # a caption that ends in a photo credit, then the body
        f"{HEAD}\n11月30日上午，座谈会在上海召开。习近平发表重要讲话，新华社记者 谢环驰\n{TAIL}\n",
    ],
    ids=["headline-teaser", "numbered-feed", "caption-credit"],
)
def test_crawled_lines_are_not_joined(text: str) -> None:
    assert Rejoin()(text) == text


def test_a_long_first_line_of_a_paragraph_is_joined() -> None:
    first = "广大党员闻令而动，第一时间到社区报到，积极认领核酸检测服务岗位，主动承担各项任务，加"
    text = f"{HEAD}\n{first}\n入防疫志愿者行列，用实际行动汇聚起抗疫力量。\n"
    assert Rejoin()(text) == f"{HEAD}\n{first}入防疫志愿者行列，用实际行动汇聚起抗疫力量。\n"


def test_certain_wrap() -> None:
    assert L.certain_wrap("多方联动。各社区党委迅速反应，以“平时能服")
    assert not L.certain_wrap("城市有轨电车之困：一边争相上马，一边接连叫停")
    assert not L.certain_wrap("毕业生就业双选会现场。学生们在展台前咨询，山东女子学院 供图")


# A second pass over repaired text joins nothing more (issue 16: the chain is idempotent).

_marked_pieces = _pieces | st.sampled_from(
    ["(,", "!,", ", ", ",", ";", "(", "...", "⋯", "。。。", "?", "!好", ": "]
)
_marked_documents = st.lists(st.lists(_marked_pieces, max_size=5).map("".join), max_size=10).map("\n".join)
_REPAIRS = normkit.Pipeline(
    steps=[
        "lines.rejoin",
        "punctuation.width",
        "punctuation.doubled",
        "punctuation.ellipsis",
        "layout.whitespace",
    ]
)


@settings(max_examples=300, deadline=None)
@given(_marked_documents)
def test_rejoin_after_the_repairs_joins_nothing_more(text: str) -> None:
    once = _REPAIRS.clean(text)
    assert Rejoin()(once) == once


def test_lines_are_judged_as_the_repairs_write_them() -> None:
    # ``(,`` is no clause mark where it stands; ``punctuation.width`` may make it ``（，``.
    assert as_repaired("首页！(, 新闻...") == "首页！（，新闻……"
    assert as_repaired("Hello, world: 3,000 (beta)") == "Hello，world：3，000 （beta）"
    text = "首页首页首页首页首页首页。。!,首页一一一一一一一一一一一\n首页www.example.cn!"
    once = _REPAIRS.clean(text)
    assert Rejoin()(once) == once
