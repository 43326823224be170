"""lines.rejoin: cut paragraphs are joined; headings and lost-mark documents are not."""

from __future__ import annotations

import pytest

from normkit.normalisers.lines import Rejoin

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
        # too many blank lines between
        f"{HEAD}各社区党委迅速反应，以“平时能服\n\n\n\n务、急时能攻坚”理念，守护居民。\n",
        # every paragraph finished
        f"{HEAD}\n{TAIL}\n",
    ],
)
def test_left_alone(text: str) -> None:
    assert Rejoin()(text) is text


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
