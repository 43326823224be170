"""What the adapters share, and that none of them imports its framework with normkit."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

import pytest

import normkit
from normkit import _registry
from normkit._normaliser import Register
from normkit.adapters._columns import ColumnCleaner, chain_config, pipeline_for
from normkit.signals import signal_set

#: Texts for every adapter test: some the chain changes, some it leaves alone, some it empties.
TEXTS = [
    "第一行\u200b\u3000\n\n\n\n第二行  ",
    "今天天气很好。\n",
    "  \u3000\n \n",
    "",
    "Plain English text, already clean.\n",
    "價格：3,000 元\r\n時間 9:40:36\r\n",
    "a\u00a0b\u2003c\n\n\n\nd",
    "結尾沒有換行",
]

#: A chain that drops lines and annotates documents (with :func:`install_ad_lines`).
AD_STEPS = ["test.ad_lines", "layout.whitespace"]
AD_TEXTS = ["广告：点击领取\n正文第一段。\n广告 联系我们\n正文第二段。", "广告：全是广告", "正文。"]


class AdLines(normkit.LineFilter):
    """A stand-in third-party line filter: drops lines starting with 广告, counts them."""

    name = "test.ad_lines"
    stage = normkit.Stage.STRUCTURE
    description = "drops advert lines"

    def classify(self, lines: list[str], ctx: normkit.Context) -> Mapping[int, str]:
        drops = {i: "advert" for i, line in enumerate(lines) if line.startswith("广告")}
        if drops:
            ctx.annotations["adverts"] = len(drops)
        return drops


class _AdPlugin:
    @normkit.hookimpl
    def normkit_register_normalisers(self, register: Register) -> None:
        register(AdLines)


def install_ad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make this process's registry the built-ins plus :class:`AdLines` (not seen by other processes)."""
    manager = _registry.build_registry(load_entry_points=False).manager
    manager.register(_AdPlugin(), name="test-ads")
    monkeypatch.setattr(_registry, "_registry", _registry.Registry(manager, {}))


def test_importing_normkit_and_its_adapters_imports_no_framework() -> None:
    code = (
        "import sys, normkit, normkit.adapters, normkit.adapters.ray, normkit.adapters.hf, "
        "normkit.adapters.datatrove\n"
        "print(sorted(m for m in ('ray', 'datasets', 'datatrove', 'pyarrow', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_chain_config_takes_the_pipeline_parameters() -> None:
    assert chain_config() == normkit.Pipeline().config
    assert chain_config("minimal", disable=["layout.whitespace"]).names == [
        n for n in normkit.Pipeline(profile="minimal").names if n != "layout.whitespace"
    ]
    options = {"layout.whitespace": {"max_blank_lines": 2}}
    assert (
        chain_config(steps=["layout.whitespace"], options=options)
        == normkit.Pipeline(["layout.whitespace"], options).config
    )
    with pytest.raises(normkit.ConfigError):
        chain_config(steps=["no.such"])
    with pytest.raises(normkit.ConfigError):
        chain_config(profile="nonesuch")


def test_one_pipeline_per_process_and_configuration() -> None:
    config = chain_config()
    assert pipeline_for(config) is pipeline_for(pickle.loads(pickle.dumps(config)))
    assert pipeline_for(chain_config(steps=["layout.whitespace"])) is not pipeline_for(config)


def test_column_cleaner_matches_pipeline() -> None:
    cleaner = ColumnCleaner(chain_config(), "body", "clean", "dropped", "changed", "notes")
    texts: list[str | None] = [*TEXTS, None]
    columns = cleaner(texts)
    pipe = normkit.Pipeline()
    assert columns["clean"] == [pipe.clean(t) for t in TEXTS] + [None]
    assert columns["dropped"] == [0] * len(texts)
    assert columns["changed"] == [pipe.clean(t) != t for t in TEXTS] + [False]
    assert [json.loads(n) for n in columns["notes"]] == [
        dict(pipe.process(normkit.Document(t)).annotations) for t in TEXTS
    ] + [{}]
    assert list(ColumnCleaner(chain_config(), "body")(["x"])) == ["body"]


def test_column_cleaner_reports_dropped_lines_and_annotations(monkeypatch: pytest.MonkeyPatch) -> None:
    install_ad_lines(monkeypatch)
    cleaner = ColumnCleaner(chain_config(steps=AD_STEPS), "text", None, "dropped", "changed", "notes")
    columns = cleaner(AD_TEXTS)
    notes = columns.pop("notes")
    assert columns == {
        "text": ["正文第一段。\n正文第二段。", "", "正文。"],
        "dropped": [2, 1, 0],
        "changed": [True, True, False],
    }
    assert [own_annotations(n) for n in notes] == [{"adverts": 2}, {"adverts": 1}, {}]
    assert [json.loads(n)["lines_dropped"] for n in notes] == [2, 1, 0]


def own_annotations(notes: str) -> dict[str, Any]:
    """The normalisers' annotations in an annotations column, the signals left out."""
    names = set(signal_set().names)
    return {k: v for k, v in json.loads(notes).items() if k not in names}


def test_signals_column_is_typed_and_fixed() -> None:
    cleaner = ColumnCleaner(chain_config(), "text", signals_column="signals")
    rows = cleaner(["今天天气很好。", None, "首页 | 新闻\n正文。"])["signals"]
    assert rows[1] is None
    assert list(rows[0]) == list(rows[2]) == signal_set().names
    assert rows[0]["han_share"] == round(6 / 7, 4) and isinstance(rows[0]["repairs"], str)
    assert json.loads(rows[0]["dropped_by"]) == {}
