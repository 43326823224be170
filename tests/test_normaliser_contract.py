"""The contract every registered normaliser keeps, checked for all of them at once.

Each normaliser must: be idempotent, never raise, return its ``keeps`` unchanged,
produce its ``examples``, and (built-ins) be documented in docs/normalisers.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

import normkit
from normkit.testing import check_contract
from strategies import texts

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = normkit.get_registry()
BUILTINS = [r.cls for r in REGISTRY.registrations() if r.distribution == "normkit"]
IDS = [c.name for c in BUILTINS]


@pytest.mark.parametrize("cls", BUILTINS, ids=IDS)
def test_keeps_and_examples(cls: type[normkit.Normaliser]) -> None:
    assert cls.keeps, f"{cls.name} declares no text it must leave unchanged"
    assert cls.examples, f"{cls.name} declares no example"
    check_contract(cls)


@pytest.mark.parametrize("cls", BUILTINS, ids=IDS)
def test_documented(cls: type[normkit.Normaliser]) -> None:
    pages = [ROOT / "docs" / "normalisers.md", *sorted((ROOT / "docs" / "normalisers").glob("*.md"))]
    docs = "\n".join(p.read_text(encoding="utf-8") for p in pages if p.exists())
    assert f"### `{cls.name}`" in docs, f"{cls.name} has no entry in docs/normalisers.md"


@pytest.mark.parametrize("cls", BUILTINS, ids=IDS)
@given(text=texts)
def test_idempotent_and_total(cls: type[normkit.Normaliser], text: str) -> None:
    check_contract(cls, [text])


@given(text=texts)
def test_default_chain_is_idempotent(text: str) -> None:
    pipe = normkit.Pipeline.from_profile("default")
    once = pipe.clean(text)
    assert pipe.clean(once) == once
