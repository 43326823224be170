"""--drop-if expressions: parsed without eval, errors with positions, names checked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normkit.signals import signal_set
from normkit.signals.expr import ExprError, parse

VALUES = {
    "han_share": 0.25,
    "garbage": 7,
    "spam": False,
    "pii_by": {"PHONE": 2, "EMAIL": 1},
    "mixed_script": True,
}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("han_share < 0.3", True),
        ("han_share >= 0.3", False),
        ("garbage > 5", True),
        ("garbage == 7", True),
        ("garbage != 7", False),
        ("spam", False),
        ("not spam", True),
        ("SPAM or mixed_script", True),
        ("spam or garbage > 5 and han_share > 0.5", False),
        ("(spam or garbage > 5) and not han_share > 0.5", True),
        ("pii_by > 2", True),
        ('pii_by["PHONE"] >= 2', True),
        ("pii_by['QQ'] > 0", False),
        ("missing_annotation", False),
        ("mixed_script == true", True),
        ("1e-1 < han_share", True),
    ],
)
def test_expressions(source: str, expected: bool) -> None:
    assert parse(source).test(VALUES) is expected


@pytest.mark.parametrize(
    "source",
    [
        "",
        "han_share <",
        "han_share < 0.3 garbage",
        "(spam",
        "__import__('os')",
        "garbage = 5",
        "a[1]",
        "spam;",
    ],
)
def test_bad_expressions_are_errors(source: str) -> None:
    with pytest.raises(ExprError, match="--drop-if"):
        parse(source)


def test_unknown_names_are_named_with_the_known_ones() -> None:
    with pytest.raises(ExprError, match=r"unknown signal han_shar .*han_share"):
        parse("han_shar < 0.3", signal_set().names)
    assert parse("han_share < 0.3", signal_set().names).names == {"han_share"}


@given(st.text(max_size=30))
def test_any_input_parses_or_raises_expr_error(source: str) -> None:
    try:
        rule = parse(source)
    except ExprError:
        return
    rule.test(VALUES)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ExprError, match="nested"):
        parse("(" * 5000 + "spam" + ")" * 5000)
