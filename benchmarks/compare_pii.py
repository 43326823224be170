"""pii.mask against datatrove's PIIFormatter on hand-written Chinese cases, in one run.

    python benchmarks/compare_pii.py

Positives (one personal data item each, by kind) and traps (text that must not change:
dates, prices, order numbers, IDs with a wrong check digit, numbers in URLs and code).
A positive counts as found when the item's characters are gone from the output; a trap
counts as damaged when the output differs. datatrove masks e-mail and IP addresses only.
"""

from __future__ import annotations

from collections import Counter

import normkit

POSITIVES = [
    ("PHONE", "联系电话13812345678", "13812345678"),
    ("PHONE", "手机：+86 139-1234-5678。", "1234-5678"),
    ("PHONE", "电话：(0755)86013388", "86013388"),
    ("PHONE", "座机 0571-87654321 转 8", "87654321"),
    ("ID", "身份證號碼 440308199001011239", "440308199001011239"),
    ("ID", "身份证：11010519491231002x", "11010519491231002x"),
    ("CARD", "卡號 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("CARD", "卡号6222021234567894，户名张三", "6222021234567894"),
    ("EMAIL", "投稿邮箱zhang@example.com", "zhang@example.com"),
    ("EMAIL", "請寄至 li.si+news@mail.example.com.tw 謝謝", "li.si+news@mail.example.com.tw"),
    ("EMAIL", "联系我们：service@company.cn。", "service@company.cn"),
    ("IP", "登录 IP：10.0.12.7，", "10.0.12.7"),
    ("IP", "来自 203.0.113.5 的访问", "203.0.113.5"),
    ("IP", "IPv6 地址 fe80::1ff:fe23:4567:890a 。", "fe80::1ff:fe23:4567:890a"),
    ("QQ", "扣扣号：987654321", "987654321"),
    ("QQ", "有问题加QQ 123456789", "123456789"),
    ("WECHAT", "加微信 wxid_abc123 咨询", "wxid_abc123"),
    ("WECHAT", "vx：Zhang-San_2020", "Zhang-San_2020"),
]
TRAPS = [
    "2023年10月15日，价格 3,000 元，合计 1,234,567.89 美元。",
    "发布时间：2023-10-15 10:30:00 浏览 12345 次",
    "订单号 2023101512345678 已发货",
    "订单号 6222021234567890",
    "编号 110105194912310021",
    "https://example.com/u/13812345678?id=11010519491231002X&mail=a@b.cn",
    "代码 `call(13812345678)` 和 `a@b.io` 不动",
    "软件版本 v1.2.3.4，版本号 10.0.0.1",
    "ISBN 978-7-111-12345-6，邮编 100080，区号 010",
    "比分 3:2，时间 12:30:45，C++ 的 std::vector<int>",
    "QQ音乐、微信支付、WeChat Pay",
    "产品型号 ABC13812345678X",
]


def datatrove_mask() -> object:
    from datatrove.pipeline.formatters import PIIFormatter

    formatter = PIIFormatter(only_remove_public_ips=False)  # private addresses too, as pii.mask

    def mask(text: str) -> str:
        return str(formatter.format(text))

    return mask


def main() -> None:
    tools = {"normkit pii.mask": normkit.Pipeline(steps=["pii.mask"]).clean}
    try:
        tools["datatrove PIIFormatter"] = datatrove_mask()  # type: ignore[assignment]
    except ImportError:
        print("datatrove is not installed: normkit only")
    kinds = sorted({k for k, _, _ in POSITIVES}, key=[k for k, _, _ in POSITIVES].index)
    print(f"{'tool':<24} " + " ".join(f"{k:>7}" for k in kinds) + "   traps damaged")
    for name, mask in tools.items():
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for kind, text, item in POSITIVES:
            total[kind] += 1
            found[kind] += item not in mask(text)
        damaged = sum(mask(t).rstrip("\n") != t for t in TRAPS)
        cells = " ".join(f"{found[k]:>3}/{total[k]:<3}" for k in kinds)
        print(f"{name:<24} {cells}   {damaged}/{len(TRAPS)}")


if __name__ == "__main__":
    main()
