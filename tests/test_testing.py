"""``check_contract`` catches every broken rule: one faulty normaliser per check (mutation-style).

Deleting any check from :func:`normkit.testing.check_contract` makes one of these tests fail.
"""

from __future__ import annotations

from typing import Any

import pytest

from normkit import Context, Normaliser, Stage
from normkit.testing import check_contract


class Upper(Normaliser):
    """A correct normaliser: ASCII letters to upper case."""

    name = "test.upper"
    stage = Stage.INLINE
    description = "upper-cases ASCII"
    examples = (("abc", "ABC"),)
    keeps = ("ABC 中文",)

    def normalise(self, text: str, ctx: Context) -> str:
        return text.upper()


def broken(body: Any, **attrs: Any) -> type[Normaliser]:
    """``Upper`` with ``normalise`` replaced by ``body`` and class attributes overridden."""
    namespace: dict[str, Any] = {"normalise": lambda self, text, ctx: body(text), **attrs}
    return type("Broken", (Upper,), namespace)


def test_a_correct_normaliser_passes() -> None:
    check_contract(Upper, ["mixed 文本 text", ""])


def test_a_non_string_result_is_caught() -> None:
    with pytest.raises(AssertionError, match="returned bytes"):
        check_contract(broken(lambda text: text.upper().encode()))


def test_a_changed_keep_is_caught() -> None:
    with pytest.raises(AssertionError, match="must keep"):
        check_contract(broken(lambda text: text.upper() + "!" if "中" in text else text.upper()))


def test_a_wrong_example_output_is_caught() -> None:
    with pytest.raises(AssertionError, match="not 'ABC'"):
        check_contract(broken(lambda text: text.lower() if text == "abc" else text))


def test_an_example_output_that_changes_again_is_caught() -> None:
    # "abc" -> "ABC" as promised, but "ABC" -> "abc": its own output is not stable.
    cls = broken(lambda text: {"abc": "ABC", "ABC": "abc"}.get(text, text), keeps=())
    with pytest.raises(AssertionError, match="changed its own output"):
        check_contract(cls)


def test_a_second_pass_that_changes_the_text_is_caught() -> None:
    with pytest.raises(AssertionError, match="not idempotent"):
        check_contract(
            broken(lambda text: text.upper() if text in {"abc", "ABC 中文", "ABC"} else text + "x"), ["q"]
        )


def test_texts_are_only_checked_when_given() -> None:
    # The same faulty normaliser passes on its own cases: the texts are what catch it.
    check_contract(broken(lambda text: text.upper() if text in {"abc", "ABC 中文", "ABC"} else text + "x"))
