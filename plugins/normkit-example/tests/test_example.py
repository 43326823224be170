"""The example plugin's own tests, written as a plugin author would."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from normkit_example import FullwidthAscii

from normkit.testing import check_contract


def test_contract() -> None:
    check_contract(FullwidthAscii)


@given(st.text())
def test_idempotent_and_total(text: str) -> None:
    check_contract(FullwidthAscii, [text])


def test_digits_option() -> None:
    assert FullwidthAscii(digits=False)("ＡＢ１２") == "AB１２"
