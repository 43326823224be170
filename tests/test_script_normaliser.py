"""The ``script.convert`` normaliser: detection gating, protected spans, reasons, profiles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import normkit
from normkit import Context
from normkit.normalisers.script import Convert
from strategies import texts


def test_converts_traditional_for_zh_hans() -> None:
    ctx = Context()
    out = Convert(config="t2s")("頭髮很長", ctx)
    assert out == "头发很长"
    assert [r.reason for r in ctx.reasons] == ["converted with OpenCC t2s (text was traditional)"]


def test_leaves_simplified_document_alone_for_zh_hans() -> None:
    text = "后来他们发现了这里的面条很好吃"  # t2s would change nothing here anyway, and must not run
    ctx = Context()
    assert Convert(config="t2s")(text, ctx) is text
    assert ctx.reasons == []


def test_skips_traditional_document_for_zh_hant_and_converts_simplified() -> None:
    text = "頭髮很長"
    assert Convert(config="s2t")(text) is text
    assert Convert(config="s2t")("头发很长") == "頭髮很長"


def test_only_if_needed_off_always_runs() -> None:
    text = "著"  # no marker either way; s2t maps it only when asked to run regardless
    out = Convert(config="s2t", only_if_needed=False)(text)
    assert out == normkit.convert(text, "s2t")


def test_protected_spans_untouched() -> None:
    text = "請看 http://例子.tw/頭髮 和 `漢字` 以及 Hello, 世界 world"
    out = Convert(config="t2s")(text)
    assert "http://例子.tw/頭髮" in out
    assert "`漢字`" in out
    assert out.startswith("请看")


def test_regional_configuration_always_runs_and_reports() -> None:
    ctx = Context()
    out = Convert(config="s2twp")("鼠标和软件", ctx)
    assert out == "滑鼠和軟體"
    assert ctx.reasons[0].reason == "converted with OpenCC s2twp (text was simplified)"
    ctx = Context()
    assert Convert(config="t2tw")("著", ctx) == normkit.convert("著", "t2tw")


def test_profiles() -> None:
    hans = normkit.Pipeline.from_profile("zh-hans")
    hant = normkit.Pipeline.from_profile("zh-hant")
    default = normkit.Pipeline.from_profile("default")
    assert hans.clean("頭髮很長。\n").startswith("头发很长")
    assert hant.clean("头发很长。\n").startswith("頭髮很長")
    assert default.clean("頭髮很長。\n").startswith("頭髮很長")


def test_bad_option() -> None:
    with pytest.raises(normkit.OptionError):
        Convert(config="x2y")


@pytest.mark.parametrize("config", ["t2s", "s2t", "s2twp", "tw2sp"])
@settings(max_examples=40, deadline=None)
@given(text=texts)
def test_idempotent_with_gating(config: str, text: str) -> None:
    norm = Convert(config=config)
    once = norm(text)
    assert norm(once) == once
