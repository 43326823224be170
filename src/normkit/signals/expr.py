"""``--drop-if`` expressions: a small, safe language over a document's signals (no ``eval``).

Grammar (keywords are case-insensitive)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := value (("<" | "<=" | ">" | ">=" | "==" | "!=") value)?
    value   := NUMBER | "true" | "false" | NAME | NAME "[" STRING "]" | "(" expr ")"

A ``NAME`` is a signal (or any annotation); ``NAME["key"]`` is one entry of a ``counts``
signal (0 when absent), and a ``counts`` signal alone is its total. A missing annotation
is 0 (false).

>>> rule = parse("han_share < 0.3 or garbage > 5")
>>> rule.test({"han_share": 0.9, "garbage": 6}), rule.test({"han_share": 0.9, "garbage": 0})
(True, False)
>>> parse('spam and not pii_by["PHONE"]').test({"spam": True, "pii_by": {"EMAIL": 1}})
True
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ExprError

Values = Mapping[str, Any]
Node = Callable[[Values], Any]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<string>\"[^\"\\]*\"|'[^'\\]*')"
    r"|(?P<op><=|>=|==|!=|<|>|\(|\)|\[|\]))"
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_KEYWORDS = {"and", "or", "not", "true", "false"}


@dataclass(frozen=True)
class Rule:
    """A parsed expression: :meth:`test` says whether a document's values match it.

    >>> rule = parse("garbage > 2 and not spam")
    >>> rule.source, sorted(rule.names), rule.test({"garbage": 3})
    ('garbage > 2 and not spam', ['garbage', 'spam'], True)
    """

    source: str
    names: frozenset[str]
    node: Node

    def test(self, values: Values) -> bool:
        return bool(self.node(values))


def parse(source: str, known: Iterable[str] | None = None) -> Rule:
    """Parse ``source``; with ``known``, every name must be one of them.

    Raises :class:`ExprError` with the position of the problem.

    >>> parse("han_shar < 0.3", known=["han_share"])
    Traceback (most recent call last):
    normkit.ExprError: ...unknown signal han_shar...
    """
    tokens = _tokenize(source)
    parser = _Parser(source, tokens)
    try:
        node = parser.expr()
    except RecursionError:
        raise ExprError(f"--drop-if {source[:40]!r}...: nested too deeply") from None
    if parser.pos < len(tokens):
        raise parser.error("unexpected", tokens[parser.pos])
    if known is not None:
        allowed = set(known)
        unknown = sorted(parser.names - allowed)
        if unknown:
            raise ExprError(
                f"--drop-if {source!r}: unknown signal {', '.join(unknown)} (known: {', '.join(sorted(allowed))})"
            )
    return Rule(source, frozenset(parser.names), node)


_Token = tuple[str, str, int]  # kind, text, position


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            if not source[pos:].strip():
                break
            raise ExprError(f"--drop-if {source!r}: cannot read {source[pos:].strip()[:10]!r} at {pos}")
        kind = m.lastgroup
        if kind is None:  # trailing whitespace
            break
        tokens.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, source: str, tokens: list[_Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.pos = 0
        self.names: set[str] = set()

    def error(self, what: str, token: _Token | None = None) -> ExprError:
        where = f"{token[1]!r} at {token[2]}" if token else "the end"
        return ExprError(f"--drop-if {self.source!r}: {what} {where}")

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token and token[0] == "name" and token[1].lower() == word:
            self.pos += 1
            return True
        return False

    def take(self, text: str) -> None:
        token = self.peek()
        if token is None or token[1] != text:
            raise self.error(f"expected {text!r}, found", token)
        self.pos += 1

    def expr(self) -> Node:
        left = self.conjunction()
        while self.keyword("or"):
            left = _either(left, self.conjunction())
        return left

    def conjunction(self) -> Node:
        left = self.negation()
        while self.keyword("and"):
            left = _both(left, self.negation())
        return left

    def negation(self) -> Node:
        if self.keyword("not"):
            inner = self.negation()
            return lambda v: not inner(v)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.value()
        token = self.peek()
        if token and token[0] == "op" and token[1] in _COMPARE:
            self.pos += 1
            compare, right = _COMPARE[token[1]], self.value()
            return lambda v: compare(left(v), right(v))
        return left

    def value(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.error("expected a value at")
        kind, text, _ = token
        self.pos += 1
        if kind == "number":
            number = float(text)
            return lambda v: number
        if kind == "op" and text == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if kind == "name" and text.lower() in ("true", "false"):
            flag = text.lower() == "true"
            return lambda v: flag
        if kind == "name" and text.lower() not in _KEYWORDS:
            self.names.add(text)
            following = self.peek()
            if following and following[1] == "[":
                self.pos += 1
                key = self.peek()
                if key is None or key[0] != "string":
                    raise self.error("expected a quoted key, found", key)
                self.pos += 1
                self.take("]")
                return _entry(text, key[1][1:-1])
            return _name(text)
        raise self.error("expected a value, found", token)


def _either(a: Node, b: Node) -> Node:
    return lambda v: a(v) or b(v)


def _both(a: Node, b: Node) -> Node:
    return lambda v: a(v) and b(v)


def _number(value: Any) -> Any:
    if value is None:
        return 0
    if isinstance(value, Mapping):
        return sum(v for v in value.values() if isinstance(v, (int, float)))
    return value


def _name(name: str) -> Node:
    return lambda v: _number(v.get(name))


def _entry(name: str, key: str) -> Node:
    def get(v: Values) -> Any:
        found = v.get(name)
        return _number(found.get(key)) if isinstance(found, Mapping) else 0

    return get
