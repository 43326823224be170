"""Markup remnants left by text extractors: HTML entities and tags (stage ``decode``)."""

from __future__ import annotations

import html.entities

import regex

from .._context import Context
from .._normaliser import ALL_PROFILES, SAFE_PROFILES, Normaliser, Stage
from ..codespans import code_spans
from ..hookspecs import hookimpl

# Named entities are decoded only in their complete form, with the semicolon: ``&copy``
# without one is as likely to be a URL parameter as an entity. ``&nbsp`` is the one
# exception, it is far too common in scraped text to leave, and is never a parameter
# name when no letter, digit, ``=`` or ``;`` follows it.
_NAMED = {name[:-1]: value for name, value in html.entities.html5.items() if name.endswith(";")}
# A chain of encoded ampersands (``&amp;amp;nbsp;``) is one entity encoded several times.
_AMP = r"(?:amp;|#0*38;|#[xX]0*26;){0,8}"
_ENTITY = regex.compile(
    rf"&(?P<amps>{_AMP})(?:#(?P<dec>[0-9]{{1,7}});|#[xX](?P<hex>[0-9a-fA-F]{{1,6}});"
    rf"|(?P<name>[A-Za-z][A-Za-z0-9]{{1,31}});|(?P<nbsp>nbsp)(?![A-Za-z0-9=;]))"
)


def _codepoint_ok(cp: int) -> bool:
    return 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF


def _outside(text: str, code: list[tuple[int, int]]) -> list[str]:
    """The pieces of ``text`` before, between and after the ``code`` spans."""
    bounds = [0, *(x for span in code for x in span), len(text)]
    return [text[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def _rebuild(text: str, code: list[tuple[int, int]], pieces: list[str], new: list[str]) -> str:
    """``text`` with its pieces outside code replaced by ``new`` (``text`` itself if none changed)."""
    if new == pieces:
        return text
    out = [new[0]]
    for (start, end), piece in zip(code, new[1:], strict=True):
        out.append(text[start:end])
        out.append(piece)
    return "".join(out)


#: Escapes of markup itself: ``&lt;I&gt;`` in a post that explains HTML is content.
_MARKUP_ESCAPES = frozenset(("lt", "gt"))


def _is_escape(m: regex.Match[str]) -> bool:
    """Whether ``m`` is ``&lt;`` or ``&gt;``, bare or encoded once (``&amp;lt;``), which
    text about markup writes on purpose; every other entity is an extraction leftover."""
    return m.group("name") in _MARKUP_ESCAPES and len(m.group("amps")) <= 4


# What parts a text into tokens, to compare an escaped token with the same token written
# out: spaces, Han and kana, full-width marks and quotes.
_TOKEN_BREAK = regex.compile(r"[\s\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef“”‘’]+")
# A URL or a query string: written escaped in a link and plain in its text, it shows
# nothing of what the page is about.
_URLISH = regex.compile(r"://|^www\.|=")
#: The characters markup escapes: an entity for one of them may be written on purpose.
_SYNTAX = frozenset("<>&\"'")
# A run of named entities alone in quotes (``“&nbsp;”``, ``'&amp;'``, ``「&lt;」``): a text
# names references by their names; a numeric one in quotes (``‘&#12290;’``) is a quoted
# character an extractor left encoded.
_NAMED_RUN = r"(?:&(?:amp;){0,2}[A-Za-z][A-Za-z0-9]{1,31};)++"
_QUOTED = regex.compile(
    rf"(?P<open>[\"'])(?P<run>{_NAMED_RUN})(?P=open)"
    rf"|“(?P<run>{_NAMED_RUN})”|‘(?P<run>{_NAMED_RUN})’|「(?P<run>{_NAMED_RUN})」|『(?P<run>{_NAMED_RUN})』"
)


def _quoted_entity(piece: str) -> bool:
    """Whether ``piece`` holds a run of named entities alone in quotes. An ASCII quote
    must open (an even number of the same quote before it on its line, no letter or
    digit before it) and close (none after it): in ``"值"&nbsp;"`` the quotes close one
    string and open the next."""
    for m in _QUOTED.finditer(piece):
        quote = m.group("open")
        if quote is None:
            return True
        before = piece[m.start() - 1] if m.start() else " "
        after = piece[m.end()] if m.end() < len(piece) else " "
        line_start = piece.rfind("\n", 0, m.start()) + 1
        if (
            not (before.isascii() and before.isalnum())
            and not (after.isascii() and after.isalnum())
            and piece.count(quote, line_start, m.start()) % 2 == 0
        ):
            return True
    return False


# Code in backticks (markdown): ASCII, on one line, no space inside either backtick.
_BACKTICKS = regex.compile(r"`[!-_a-~][ -_a-~]{0,78}+(?<! )`")


def _code_and_backticks(text: str) -> list[tuple[int, int]]:
    """Program code (:func:`code_spans`) and code in backticks, sorted and disjoint."""
    code = code_spans(text)
    if "`" not in text:
        return code
    merged: list[tuple[int, int]] = []
    for start, end in sorted([*code, *((m.start(), m.end()) for m in _BACKTICKS.finditer(text))]):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fully_decoded(text: str) -> str:
    return _decode_leftovers(text, escapes=True) if "&" in text else text


def about_markup(text: str, pieces: list[str]) -> bool:
    """Whether ``text`` writes its entities on purpose, as a text about markup does: with
    ``pieces``, its parts outside program code, holding

    - a token escaped and the same token written out (``原：&lt;a c&gt;`` and
      ``清洗后：<a c>``; ``& 要写成 &amp;``), URLs and query strings aside;
    - one of ``< > & " '`` encoded at two levels (``&lt; 要写成 &amp;lt;``);
    - an entity alone in quotes (``“&nbsp;”``, ``'&amp;'``).

    An extractor's leftovers show none of these: it leaves a page's text escaped
    throughout, at one level.

    >>> about_markup("用 < 表示小于，HTML 里写作 &lt;", ["用 < 表示小于，HTML 里写作 &lt;"])
    True
    >>> about_markup("标题&nbsp;&lt;转载&gt;", ["标题&nbsp;&lt;转载&gt;"])
    False
    """
    levels: dict[str, int] = {}
    escaped: set[str] = set()
    for piece in pieces:
        found = list(_ENTITY.finditer(piece)) if "&" in piece else []
        if not found:
            continue
        if _quoted_entity(piece):
            return True
        syntax = False  # whether an entity of the piece stands for markup syntax
        for m in found:
            base, level = _decode(m), m.group("amps").count(";")
            if base in _SYNTAX:
                syntax = True
                if levels.setdefault(base, level) != level:
                    return True
        if syntax:
            escaped.update(
                token
                for token in _TOKEN_BREAK.split(piece)
                if "&" in token
                and not _URLISH.search(token)
                and not _SYNTAX.isdisjoint(_fully_decoded(token))
            )
    if not escaped:
        return False
    tokens = set(_TOKEN_BREAK.split(text))
    return any(
        plain in tokens and plain not in token
        for token in escaped
        for plain in _TOKEN_BREAK.split(_fully_decoded(token))
        if not _SYNTAX.isdisjoint(plain)
    )


def _decode_leftovers(text: str, escapes: bool) -> str:
    """``text`` with its entities decoded to a fixed point; ``&lt;`` and ``&gt;`` only
    with ``escapes``. Decoding shortens the text, so the loop ends; it makes the step
    idempotent even when decoding reveals another entity."""

    def decode(m: regex.Match[str]) -> str:
        return _decode(m) if escapes or not _is_escape(m) else m.group()

    while True:
        step = _ENTITY.sub(decode, text)
        if step == text:
            return text
        text = step


def _decode(m: regex.Match[str]) -> str:
    if m.group("nbsp"):
        return "\u00a0"
    name = m.group("name")
    if name is not None:
        return _NAMED.get(name, m.group())
    digits = m.group("dec")
    cp = int(digits) if digits is not None else int(m.group("hex"), 16)
    return chr(cp) if _codepoint_ok(cp) else m.group()


class Entities(Normaliser):
    """Decode HTML character references (``&nbsp;`` ``&amp;`` ``&#12290;``) left in text.

    Only leftovers of extraction are decoded: never inside program code
    (:mod:`normkit.codespans`) or code in backticks, none in a text about markup
    (:func:`about_markup`), and ``&lt;`` ``&gt;`` only in a text that holds other
    leftovers (``&nbsp;``, ``&#12290;``, ``&amp;`` in running text): alone they are how
    a text about markup writes ``<`` and ``>``.

    >>> Entities()("第一段&#12290;A&amp;B")
    '第一段。A&B'
    """

    name = "markup.entities"
    stage = Stage.DECODE
    description = "Decode HTML entities left in extracted text (&nbsp; &amp; &#12290;)."
    before = ("unicode.controls",)
    profiles = ALL_PROFILES
    examples = (
        ("第一段&#12290;第二段", "第一段。第二段"),
        ("AT&amp;T 公司", "AT&T 公司"),
        ("你好&nbsp;世界", "你好\u00a0世界"),
        ("&lt;br&gt; 与 &#x4E2D;", "<br> 与 中"),
        ("一行&nbsp;代码：print('&amp;')", "一行\u00a0代码：print('&amp;')"),
        ("双重编码&amp;amp;nbsp;", "双重编码\u00a0"),
    )
    keeps = (
        "https://example.com/?a=1&copy=2&lang=zh",
        "A & B，&不是实体;",
        "a<b 且 b>c",
        "&#0; &#xD800; &#99999999; &bogus;",
        "普通的中文句子，没有标记。",
        "HTML 里用 &lt;I&gt; 表示斜体，&lt;B&gt; 表示粗体。",
        "url = 'https://x.cn/?q=' + quote('&#37;&#52;&#48;')",
        "HTML 中 & 要写成 &amp;，< 要写成 &lt;。",
        "空格写成“&nbsp;”，版权符号写成「&copy;」。",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if "&" not in text:
            return text
        code = _code_and_backticks(text)
        pieces = _outside(text, code)
        if about_markup(text, pieces):
            return text
        escapes = any(not _is_escape(m) for piece in pieces for m in _ENTITY.finditer(piece))
        return _rebuild(text, code, pieces, [_decode_leftovers(piece, escapes) for piece in pieces])


# Block-level tags break lines; inline tags just disappear.
_BLOCK = (
    "br|p|div|li|ul|ol|tr|td|th|table|tbody|thead|h[1-6]|hr|section|article|header|footer"
    "|blockquote|center|dd|dt|dl"
)
_INLINE = "span|strong|em|font|b|i|u|a|s|sup|sub|small|big|strike|del|ins|img|label|abbr|cite|code|mark|tt"
# Attributes must look like attributes (``name="value"``, ``name=value`` or a bare
# name), so ``a<b 且 b>c`` or ``x < y > z`` are not mistaken for tags.
_VALUE = r"""(?:"[^"<>\n]{0,300}"|'[^'<>\n]{0,300}'|[^\s"'<>=`]{1,100})"""
_ATTRS = rf"(?:[ \t]++[A-Za-z_:][-\w:.]{{0,40}}+(?:[ \t]*=[ \t]*{_VALUE})?){{0,20}}+[ \t]*+/?"
# Single-letter tag names (p, b, i, u, a, s) only with attributes that have values,
# so formulas like ``a<b c>d`` stay.
_STRICT_ATTRS = rf"(?:[ \t]++[A-Za-z_:][-\w:.]{{0,40}}+[ \t]*=[ \t]*{_VALUE}){{0,20}}+[ \t]*+/?"
_SHORT = "p|b|i|u|a|s"
_TAG = regex.compile(
    rf"</?(?:(?P<block>(?:{_BLOCK})(?![-\w]))|(?P<inline>(?:{_INLINE})(?![-\w])))"
    rf"(?:(?<=<(?:{_SHORT})|</(?:{_SHORT})){_STRICT_ATTRS}|(?<!<(?:{_SHORT})|</(?:{_SHORT})){_ATTRS})>",
    regex.IGNORECASE | regex.ASCII,
)
# Code in backticks is matched first and kept as it is.
_TAG_RUN = regex.compile(rf"(?P<code>`[^`\n]*+`)|(?:{_TAG.pattern})++", regex.IGNORECASE | regex.ASCII)
_HAS_TAG = regex.compile(rf"</?(?:{_BLOCK}|{_INLINE})(?![-\w])", regex.IGNORECASE | regex.ASCII)


def _replace_run(m: regex.Match[str]) -> str:
    if m.group("code"):
        return m.group()
    if not any(t.group("block") for t in _TAG.finditer(m.group())):
        return ""
    text = m.string
    start, end = m.start(), m.end()
    at_line_start = start == 0 or text[start - 1] == "\n"
    at_line_end = end == len(text) or text[end] == "\n"
    return "" if at_line_start or at_line_end else "\n"


def _remove_tags(text: str) -> str:
    # Removing a tag can join the pieces of another (``<b<br>r>``): repeat to a fixed point.
    while True:
        step = _TAG_RUN.sub(_replace_run, text)
        if step == text:
            return text
        text = step


class Tags(Normaliser):
    """Remove leftover HTML tags; a block tag inside a line becomes a line break.

    Tags inside program code (``html = '<p>你好</p>'``) stay. A block of tags alone is
    not taken for code: in extracted text it is far more often a leftover.

    >>> Tags()("第一段</p><p>第二段<br/>")
    '第一段\\n第二段'
    """

    name = "markup.tags"
    stage = Stage.DECODE
    description = "Remove leftover HTML tags (</p> <br> <br/>); block tags inside a line break it."
    after = ("markup.entities",)
    before = ("unicode.controls",)
    profiles = SAFE_PROFILES
    examples = (
        ("第一段</p>", "第一段"),
        ("第一行<br>第二行", "第一行\n第二行"),
        ('<p class="text">正文<strong>重点</strong>内容</p>', "正文重点内容"),
        ("上一句。<br />\n下一句。", "上一句。\n下一句。"),
    )
    keeps = (
        "若 a<b 且 b>c，则 a<c。",
        "a<b c>d",
        "x < y > z",
        "<<三体>> 与 <我的书>",
        "`<br/>` 是代码",
        "1 < 2 && 3 > 2",
    )

    def normalise(self, text: str, ctx: Context) -> str:
        if "<" not in text or not _HAS_TAG.search(text):
            return text
        code = code_spans(text)
        pieces = _outside(text, code)
        return _rebuild(text, code, pieces, [_remove_tags(piece) for piece in pieces])


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Entities)
    register(Tags)
