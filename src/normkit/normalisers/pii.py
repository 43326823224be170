"""Personal data masking (``pii.mask``, stage ``inline``; off in ``default``, in the ``pii`` profile).

Replaces Chinese mobile and landline numbers, 18-digit resident ID numbers (checksum
verified), bank card numbers (known issuer prefix and Luhn), e-mail addresses (also
glued to Chinese text), IPv4 and IPv6 addresses, and QQ and WeChat IDs after their
keywords, with typed placeholders (``<PHONE>``, ``<ID>``, ``<CARD>``, ``<EMAIL>``,
``<IP>``, ``<QQ>``, ``<WECHAT>``). Nothing inside a URL or code is touched, and numbers
that fail the checks (dates, prices, ``3,000``, order numbers) stay. The count of each
kind goes to ``annotations["pii_by"]`` and so to the ``pii`` and ``pii_by`` signals.

>>> PiiMask()("联系电话13812345678，投稿邮箱zhang@example.com")
'联系电话<PHONE>，投稿邮箱<EMAIL>'
"""

from __future__ import annotations

import bisect
import dataclasses
import ipaddress
import re
from collections.abc import Iterator

from .._context import Context
from .._normaliser import Normaliser, Stage
from ..hookspecs import hookimpl
from ..tokens import Analysis

KINDS = ("EMAIL", "ID", "CARD", "QQ", "WECHAT", "PHONE", "IP")

#: A maximal run of digits and the separators numbers are written with (nothing
#: follows the ``*``, so ``re`` never backtracks); :func:`numeric_runs` trims it to
#: the run that ends with a digit or ``X``. It starts with a character class, so
#: ``re`` skips Chinese text fast.
_NUMERIC = re.compile(r"[0-9(+][0-9 ()+\-.]*")
_LAST_DIGIT = re.compile(r"[0-9][^0-9]*\Z")
_ID = re.compile(
    r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])"
)
_CARD = re.compile(
    r"(?<![0-9])(?:4|5[1-5]|62|3[47]|35|6011|65)[0-9]{2,}(?:[ -]?[0-9]{4}){2,3}[0-9]{0,3}(?![0-9])"
)
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4})(?![0-9])")
_LANDLINE = re.compile(
    r"(?<![0-9])(?:\(0[1-9][0-9]{1,2}\)[ -]?|0[1-9][0-9]{1,2}[ -])[2-9][0-9]{6,7}(?![0-9])"
)
_IPV4 = re.compile(
    r"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9]|\.[0-9])"
)
#: Words before a dotted number that make it a version, not an address.
_VERSION = re.compile(r"(?:[vV]|[Vv]ersion|版本号?|ver\.?)\s*[:：]?\s*$")
#: The lookbehind starts a match only where a local part can begin, so a long run
#: without an ``@`` after it is scanned once, not once per character (quadratic).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
# The keyword patterns start with a character class (then check the rest with a
# lookbehind), so that ``re`` skips the text between candidates fast.
_QQ = re.compile(
    r"[Qq扣企](?:(?<=[Qq])[Qq]|(?<=扣)扣|(?<=企)鹅)(?:号码|号|群)?\s*[:：]?\s*([1-9][0-9]{4,11})(?![0-9])"
)
_WECHAT = re.compile(
    r"[微薇WwVv](?:(?<=[微薇])信|(?<=[Ww])e[Cc]hat|(?<=w)eixin|(?<=[Vv])[Xx信])"
    r"(?:号)?\s*[:：]?\s*([A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
)
_FENCE = re.compile(r"^```.*?(?:^```|\Z)", re.S | re.M)
#: Every kind found in numeric runs has at least this many digits (a landline: a
#: three-digit area code and seven), but an IPv4 address.
_MIN_DIGITS = 10
_KEEP_DIGITS = dict.fromkeys(map(ord, " ()+-.Xx"))
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """Whether an 18-character resident ID number has the right check character (GB 11643).

    >>> id_checksum_ok("11010519491231002X"), id_checksum_ok("110105194912310021")
    (True, False)
    """
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_ok(digits: str) -> bool:
    """Whether ``digits`` pass the Luhn check (bank card numbers).

    >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
    (True, False)
    """
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


@dataclasses.dataclass(frozen=True)
class PiiOptions:
    """What ``pii.mask`` masks, and with what.

    >>> PiiMask(kinds=("EMAIL",), placeholder="[{kind}]")("邮箱a@example.com，电话13812345678")
    '邮箱[EMAIL]，电话13812345678'
    """

    #: The kinds to mask (``EMAIL``, ``ID``, ``CARD``, ``QQ``, ``WECHAT``, ``PHONE``, ``IP``).
    kinds: tuple[str, ...] = KINDS
    #: The replacement; ``{kind}`` is the kind's name.
    placeholder: str = "<{kind}>"


Span = tuple[int, int, str]


def find(text: str, kinds: frozenset[str] = frozenset(KINDS)) -> list[Span]:
    """Every personal data item in ``text``, as sorted, disjoint ``(start, end, kind)``.

    URLs and code are not skipped here (see :class:`PiiMask`).

    >>> find("身份证号11010519491231002X，订单号 2023010112345678")
    [(4, 22, 'ID')]
    """
    found: list[Span] = []
    if "@" in text and "EMAIL" in kinds:
        found.extend((m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text))
    if "QQ" in kinds:
        found.extend((m.start(1), m.end(1), "QQ") for m in _QQ.finditer(text))
    if "WECHAT" in kinds:
        found.extend((m.start(1), m.end(1), "WECHAT") for m in _WECHAT.finditer(text))
    for at, run in numeric_runs(text):
        found.extend(_numbers(text, at, run, kinds))
    if "IP" in kinds and ("::" in text or text.count(":") >= 7):
        found.extend(_ipv6(text))
    return _disjoint(found)


def numeric_runs(text: str) -> Iterator[tuple[int, str]]:
    """Runs of digits and separators: ``[0-9(+]``, four or more of ``[0-9 ()+-.]``, then
    a digit or ``X``, each as long as it can be; with their offsets.

    Linear in ``len(text)``: the plain regex for this backtracks over every start in a
    long run without a closing digit (``((((…``), which is quadratic.

    >>> list(numeric_runs("电话 (010) 6234-5678。号 11010519491231002X，((((((((。"))
    [(3, '(010) 6234-5678'), (21, '11010519491231002X')]
    """
    for m in _NUMERIC.finditer(text):
        start, end = m.span()
        if end < len(text) and text[end] in "Xx" and end - start >= 5:
            yield start, text[start : end + 1]
            continue
        last = _LAST_DIGIT.search(text, start + 5, end)
        if last is not None:
            yield start, text[start : last.start() + 1]


def _numbers(text: str, at: int, run: str, kinds: frozenset[str]) -> Iterator[Span]:
    """The items in one numeric run starting at ``text[at]``."""
    if len(run.translate(_KEEP_DIGITS)) < _MIN_DIGITS and run.count(".") < 3:
        return  # too few digits for any kind but an IPv4 address, and not one
    before = text[at - 1] if at else ""
    after = text[at + len(run)] if at + len(run) < len(text) else ""
    if before and before.isascii() and (before.isalpha() or before in "_/=&#"):
        return  # part of a word, a code or a query string
    if after and after.isascii() and ((after.isalpha() and after not in "xX") or after == "_"):
        return
    if "ID" in kinds:
        for m in _ID.finditer(run):
            if id_checksum_ok(m.group()):
                yield at + m.start(), at + m.end(), "ID"
    if "CARD" in kinds:
        for m in _CARD.finditer(run):
            digits = re.sub(r"[ -]", "", m.group())
            if 15 <= len(digits) <= 19 and luhn_ok(digits):
                yield at + m.start(), at + m.end(), "CARD"
    if "PHONE" in kinds:
        for pattern in (_MOBILE, _LANDLINE):
            for m in pattern.finditer(run):
                yield at + m.start(), at + m.end(), "PHONE"
    if "IP" in kinds and "." in run:
        for m in _IPV4.finditer(run):
            if not _VERSION.search(text, max(0, at + m.start() - 12), at + m.start()):
                yield at + m.start(), at + m.end(), "IP"


def _ipv6(text: str) -> Iterator[Span]:
    for m in _IPV6.finditer(text):
        candidate = m.group()
        groups = [g for g in candidate.split(":") if g]
        if len(groups) < 3 or ("::" not in candidate and candidate.count(":") != 7):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        yield m.start(), m.end(), "IP"


def _disjoint(spans: list[Span]) -> list[Span]:
    """Sorted, without overlaps: the kind earlier in :data:`KINDS`, then the longer, wins."""
    rank = {k: i for i, k in enumerate(KINDS)}
    chosen: list[Span] = []  # sorted and disjoint: only the neighbours can overlap
    starts: list[int] = []
    for span in sorted(spans, key=lambda s: (rank[s[2]], s[0] - s[1])):
        i = bisect.bisect_left(starts, span[0])
        if i < len(chosen) and chosen[i][0] < span[1]:
            continue
        if i and span[0] < chosen[i - 1][1]:
            continue
        chosen.insert(i, span)
        starts.insert(i, span[0])
    return chosen


class PiiMask(Normaliser):
    """Replace personal data with typed placeholders (see the module's documentation).

    >>> PiiMask()("联系电话13812345678，邮箱zhang@example.com")
    '联系电话<PHONE>，邮箱<EMAIL>'
    """

    name = "pii.mask"
    stage = Stage.INLINE
    description = "Mask phone and ID numbers, bank cards, e-mail and IP addresses, QQ and WeChat IDs."
    profiles = frozenset({"pii"})
    Options = PiiOptions
    examples = (
        ("联系电话13812345678", "联系电话<PHONE>"),
        ("电话：010-62345678", "电话：<PHONE>"),
        ("身份证11010519491231002X", "身份证<ID>"),
        ("卡号 6222 0212 3456 7894", "卡号 <CARD>"),
        ("投稿邮箱zhang@example.com", "投稿邮箱<EMAIL>"),
        ("服务器 192.168.1.20 已重启", "服务器 <IP> 已重启"),
        ("地址 2001:db8::8a2e:370:7334", "地址 <IP>"),
        ("加QQ：123456789", "加QQ：<QQ>"),
        ("微信号：zhang_san88", "微信号：<WECHAT>"),
    )
    keeps = (
        "2023年10月15日发布，价格 3,000 元，约 1,234,567.89 美元。",
        "日期 2023-10-15 10:30:00，订单号 2023101512345678。",
        "身份证 110105194912310021（校验位不对）",
        "卡号 6222021234567890 （不过 Luhn）",
        "见 https://example.com/user/13812345678/profile?id=11010519491231002X 页面",
        "代码 `call(13812345678)` 不动",
        "版本 v1.2.3.4 已发布，版本号 10.0.0.1",
        "ISBN 978-7-111-12345-6，邮编 100080，电话区号 010",
        "时间 12:30:45，比分 3:2",
        "QQ音乐和微信支付都是腾讯的产品",
        "<PHONE> <ID> <EMAIL>",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        kinds = frozenset(self.options.kinds)
        spans = find(text, kinds)
        if not spans:
            return text
        spans = [s for s in spans if not _in_code_or_url(text, s, ctx)]
        if not spans:
            return text
        counts: dict[str, int] = ctx.annotations.setdefault("pii_by", {})
        out: list[str] = []
        pos = 0
        for start, end, kind in spans:
            out.append(text[pos:start])
            out.append(self.options.placeholder.format(kind=kind))
            ctx.reason(start, end, f"personal data: {kind.lower()}")
            counts[kind] = counts.get(kind, 0) + 1
            pos = end
        out.append(text[pos:])
        return "".join(out)


def _in_code_or_url(text: str, span: Span, ctx: Context) -> bool:
    start, end, _ = span
    return any(s < end and start < e for s, e in ctx.shared("pii.guarded", text, _guarded))


def _guarded(analysis: Analysis) -> list[tuple[int, int]]:
    """URLs and code (inline spans, fenced blocks): never masked inside."""
    text = analysis.text
    fences = [m.span() for m in _FENCE.finditer(text)] if "```" in text else []
    return fences + [(s.start, s.end) for s in analysis.protected if s.kind in ("url", "code")]


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(PiiMask)
