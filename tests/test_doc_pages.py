"""A manual's page (written for these tests): its paragraphs between headings, commands
and notes stay, far as they are from its densest block; its menus still go."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

import normkit
from normkit.lines.features import page_features
from normkit.lines.verdict import PROSE_REACH, drop_mask, prose_reach

INTRO = [
    "本章介绍如何在服务器上配置一个简单的网络服务，并让它在每次开机时自动启动，全部步骤都可以在命令行里完成。",
    "开始之前，请确认你已经按照前一章的说明安装了全部依赖，并且拥有管理员权限，否则后面的命令会因为权限不足而失败。",
    "服务的全部设置都写在一个文本文件里，修改它不需要重新编译程序，只要在改完以后重新启动服务，新的设置就会生效。",
    "为了方便说明，本章假定服务名为 demo，数据放在 /var/lib/demo 目录里，你可以按自己的习惯换成别的名字和位置。",
]
SECTIONS = [
    (
        "5.1. 编写配置文件",
        "用你喜欢的编辑器打开配置文件，找到监听端口那一行，改成你需要的值：",
        ["listen_port = 8080", "bind_address = 0.0.0.0", "max_clients = 64", "log_level = info"],
        "保存之后，先用检查命令确认文件没有语法错误，检查通过再继续下一步。",
    ),
    (
        "5.2. 检查配置",
        "检查命令会逐行读取配置文件，并报告它不认识的设置：",
        [
            "$ demo-server --check /etc/demo/server.conf",
            "$ demo-server --print-defaults",
            "$ demo-server --version",
        ],
        "如果检查命令报告了错误，它会同时给出出错的行号，按提示修改即可。",
    ),
    (
        "5.3. 启动与停止",
        "确认配置无误后，可以手动启动服务，观察它的输出是否正常：",
        ["$ sudo systemctl start demo", "$ sudo systemctl status demo", "$ journalctl -u demo -n 20"],
        "停止服务时不要直接结束进程，而应当使用停止命令，这样它才能把缓存写回磁盘。",
    ),
    (
        "5.4. 开机自动运行",
        "要让服务开机自动运行，还需要执行一次下面的命令：",
        ["$ sudo systemctl enable demo", "$ systemctl is-enabled demo"],
        "这个命令只需要执行一次，以后每次开机服务都会自己启动。",
    ),
    (
        "5.5. 端口被占用",
        "端口被占用时服务无法启动，这时请先查出占用端口的程序：",
        ["$ ss -ltnp | grep 8080", "$ sudo lsof -i :8080"],
        "查到以后，再决定是换一个端口，还是停掉那个程序。",
    ),
    (
        "5.6. 权限错误",
        "日志里出现权限错误，通常是因为数据目录的所有者不对，可以这样改正：",
        ["$ sudo chown -R demo:demo /var/lib/demo", "$ sudo chmod 750 /var/lib/demo"],
        "改完以后重新启动服务，再看一次日志，确认错误已经消失。",
    ),
]
NOTES = [
    "[1] 本文中的命令都以普通用户身份执行，需要管理员权限的命令前面加了 sudo。",
    "[2] 不同发行版的日志位置可能不同，请以你所用系统的文档为准。",
]
TOP = ["首页", "文档", "下载", "社区", "关于我们"]
BOTTOM = ["上一页", "下一页", "返回目录", "打印本页", "反馈问题"]
BODY = (
    INTRO
    + [line for head, before, commands, after in SECTIONS for line in (head, before, *commands, after)]
    + NOTES
)
MANUAL = TOP + BODY + BOTTOM
PROSE = INTRO + [line for _, before, _, after in SECTIONS for line in (before, after)] + NOTES
FEED = [
    "第一座对泼天流量说不的城市出现了",
    "网传一名韩国前艺人拟来港定居",
    "提前大选时间让舆论意外冒险策略引不满",
    "国常会关注的这几件事均关乎落实",
    "多地发布寒潮预警注意防寒保暖",
]
COMMENT = ["网友小王", "2024-05-01 10:32", "写得很清楚，照着做一次就成功了，谢谢作者的分享。"]


def scripts(lines: list[str]) -> list[list[str]]:
    return [lines, [normkit.convert(line, "s2twp") for line in lines]]


def sure_intro_only(lines: list[str]) -> npt.NDArray[np.float64]:
    """The model's worst case on a manual: sure of the first block only, every other line
    0.99 (its distance from that block pushes them up)."""
    p = np.full(len(lines), 0.99)
    p[len(TOP) : len(TOP) + len(INTRO)] = 0.1
    return p


@pytest.mark.parametrize("script", [0, 1])
def test_a_manual_keeps_every_paragraph_far_from_its_first_block(script: int) -> None:
    lines = scripts(MANUAL)[script]
    x = page_features(lines).matrix
    drop = drop_mask(sure_intro_only(lines), x, 0.98, 0.2, anchor_letters=32, reach=PROSE_REACH)
    body = range(len(TOP), len(TOP) + len(BODY))
    assert not drop[list(body)].any(), [lines[i] for i in body if drop[i]]
    # the menus around it still go
    assert drop[: len(TOP)].all() and drop[-len(BOTTOM) :].all()
    # without the reach, the sections after the first block were lost
    assert drop_mask(sure_intro_only(lines), x, 0.98, 0.2, anchor_letters=32, reach=0)[list(body)].any()


@pytest.mark.parametrize("script", [0, 1])
def test_a_feed_or_a_comment_after_the_text_does_not_stretch_it(script: int) -> None:
    for after in (
        FEED,
        COMMENT,
        [*BOTTOM, "这是页脚里的一句说明文字，和正文没有关系，应当作为页面的附属内容。"],
    ):
        lines = scripts(
            INTRO + after + ["另一篇文章的导读写得很长，它也是完整的句子，但它不属于这一页的正文内容。"]
        )[script]
        x = page_features(lines).matrix
        assert prose_reach(x, 0, len(INTRO) - 1) == (0, len(INTRO) - 1), after


@pytest.mark.parametrize("script", [0, 1])
def test_the_default_chain_keeps_a_manual_s_prose_and_drops_its_menus(script: int) -> None:
    lines = scripts(MANUAL)[script]
    prose = set(scripts(PROSE)[script])
    out = set(normkit.clean("\n".join(lines)).split("\n"))
    assert prose <= out, sorted(prose - out)
    assert not out & set(scripts(BOTTOM)[script])
