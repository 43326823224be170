"""pii.mask: positives in Chinese contexts, and the traps it must leave alone."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import Document, Pipeline
from normkit.normalisers.pii import PiiMask, find, id_checksum_ok, luhn_ok
from normkit.testing import check_contract

MASK = PiiMask()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话13812345678", "联系电话<PHONE>"),
        ("手机：+86 139-1234-5678。", "手机：<PHONE>。"),
        ("电话：(0755)86013388", "电话：<PHONE>"),
        ("座机 0571-87654321 转 8", "座机 <PHONE> 转 8"),
        ("身份證號碼 440308199001011239", "身份證號碼 <ID>"),
        ("身份证：11010519491231002x", "身份证：<ID>"),
        ("卡號 4111 1111 1111 1111", "卡號 <CARD>"),
        ("卡号6222021234567894，户名张三", "卡号<CARD>，户名张三"),
        ("投稿邮箱zhang@example.com", "投稿邮箱<EMAIL>"),
        ("請寄至 li.si+news@mail.example.com.tw 謝謝", "請寄至 <EMAIL> 謝謝"),
        ("登录 IP：10.0.12.7，", "登录 IP：<IP>，"),
        ("IPv6 地址 fe80::1ff:fe23:4567:890a 。", "IPv6 地址 <IP> 。"),
        ("扣扣号：987654321", "扣扣号：<QQ>"),
        ("QQ群 123456789 欢迎加入", "QQ群 <QQ> 欢迎加入"),
        ("加微信 wxid_abc123 咨询", "加微信 <WECHAT> 咨询"),
        ("vx：Zhang-San_2020", "vx：<WECHAT>"),
        ("请联系13812345678或zhang@example.com", "请联系<PHONE>或<EMAIL>"),
    ],
)
def test_masks(text: str, expected: str) -> None:
    assert MASK(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023年10月15日，价格 3,000 元，合计 1,234,567.89 美元。",
        "发布时间：2023-10-15 10:30:00 浏览 12345 次",
        "订单号 2023101512345678 已发货",  # 16 digits, no card prefix
        "订单号 6222021234567890",  # card prefix, fails Luhn
        "编号 110105194912310021",  # ID shape, wrong check digit
        "编号 110105194913310021",  # month 13
        "https://example.com/u/13812345678?id=11010519491231002X&mail=a@b.cn",
        "www.example.com/13812345678",
        "代码 `call(13812345678)` 和 `a@b.io` 不动",
        "```\nphone = 13812345678\n```",
        "软件版本 v1.2.3.4，版本号 10.0.0.1",
        "ISBN 978-7-111-12345-6，邮编 100080，区号 010",
        "比分 3:2，时间 12:30:45，C++ 的 std::vector<int>",
        "QQ音乐、微信支付、WeChat Pay",
        "邮件里写着 user at example dot com",
        "产品型号 ABC13812345678X",
        "手机号前三位 138，后四位 5678",
        "<PHONE> <ID> <CARD> <EMAIL> <IP> <QQ> <WECHAT>",
    ],
)
def test_traps(text: str) -> None:
    assert MASK(text) == text


def test_traditional_text_as_well() -> None:
    simplified = "联系电话：13812345678，邮箱：zhang@example.com"
    traditional = normkit.convert(simplified, "s2twp")
    assert traditional != simplified
    assert MASK(traditional) == normkit.convert(MASK(simplified), "s2twp")


def test_checks() -> None:
    assert id_checksum_ok("11010519491231002X") and not id_checksum_ok("110105194912310020")
    assert luhn_ok("6222021234567894") and not luhn_ok("6222021234567895")


def test_counts_reach_the_signals() -> None:
    pipe = Pipeline(profile="pii")
    assert "pii.mask" in pipe.names and "pii.mask" not in Pipeline().names
    assert set(Pipeline().names) < set(pipe.names)
    result = pipe.process(Document("电话13812345678，手机13912345678，邮箱a@example.com。\n"))
    assert result.text == "电话<PHONE>，手机<PHONE>，邮箱<EMAIL>。\n"
    assert result.annotations["pii"] == 3
    assert result.annotations["pii_by"] == {"PHONE": 2, "EMAIL": 1}


def test_enable_and_options() -> None:
    pipe = Pipeline(
        enable=["pii.mask"], options={"pii.mask": {"kinds": ["EMAIL"], "placeholder": "[{kind}]"}}
    )
    assert pipe.clean("电话13812345678，邮箱a@example.com").rstrip("\n") == "电话13812345678，邮箱[EMAIL]"


def test_find_gives_disjoint_sorted_spans() -> None:
    text = "QQ：13812345678 身份证11010519491231002X"
    spans = find(text)
    assert [k for _, _, k in spans] == ["QQ", "ID"]  # the keyword wins over the phone shape
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_contract() -> None:
    check_contract(PiiMask)


@given(st.text(alphabet="0123456789 -.:@xX()+abc联系电话QQ微信", max_size=60))
def test_idempotent_and_never_raises(text: str) -> None:
    once = MASK(text)
    assert MASK(once) == once
