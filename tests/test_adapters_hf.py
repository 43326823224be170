"""normkit.adapters.hf on real Hugging Face datasets, with worker processes."""

from __future__ import annotations

import json
import pickle

import pytest

datasets = pytest.importorskip("datasets")

import normkit  # noqa: E402
from normkit.adapters._columns import ColumnCleaner  # noqa: E402
from normkit.adapters.hf import clean_column  # noqa: E402
from normkit.signals.columns import row  # noqa: E402
from test_adapters_core import AD_STEPS, AD_TEXTS, TEXTS, install_ad_lines, own_annotations  # noqa: E402


@pytest.fixture(autouse=True)
def _no_progress_bars() -> None:
    datasets.disable_progress_bars()


def table(n: int = 3) -> dict[str, list[object]]:
    texts = TEXTS * n
    return {
        "id": list(range(len(texts))),
        "text": texts,
        "url": [f"https://e.cn/{i}" for i in range(len(texts))],
    }


def test_num_proc_matches_pipeline() -> None:
    data = table()
    ds = datasets.Dataset.from_dict(data)
    out = clean_column(ds, "text", num_proc=2, batch_size=4)
    pipe = normkit.Pipeline()
    assert out["text"] == [pipe.clean(t) for t in data["text"]]  # type: ignore[arg-type]
    assert out["id"] == data["id"] and out["url"] == data["url"]
    assert out.column_names == ["id", "text", "url"]
    assert out.features == ds.features


def test_extra_columns_and_chain_parameters() -> None:
    data = table(2)
    ds = datasets.Dataset.from_dict(data)
    out = clean_column(
        ds,
        "text",
        output_column="clean",
        dropped_column="dropped",
        changed_column="changed",
        annotations_column="notes",
        steps=["unicode.spaces", "layout.whitespace"],
        options={"layout.whitespace": {"final_newline": False}},
        num_proc=2,
    )
    pipe = normkit.Pipeline(
        ["unicode.spaces", "layout.whitespace"], {"layout.whitespace": {"final_newline": False}}
    )
    results = [pipe.process(normkit.Document(t)) for t in data["text"]]  # type: ignore[arg-type]
    assert out["text"] == data["text"]
    assert out["clean"] == [r.text for r in results]
    assert out["dropped"] == [len(r.dropped) for r in results]
    assert out["changed"] == [r.changed for r in results]
    assert any(out["changed"]) and not all(out["changed"])
    assert [json.loads(n) for n in out["notes"]] == [dict(r.annotations) for r in results]


def test_dataset_dict_and_iterable_dataset() -> None:
    data = table(1)
    expected = [normkit.clean(t, profile="minimal") for t in data["text"]]  # type: ignore[arg-type]
    dd = datasets.DatasetDict({"train": datasets.Dataset.from_dict(data)})
    assert clean_column(dd, profile="minimal")["train"]["text"] == expected
    streamed = clean_column(datasets.Dataset.from_dict(data).to_iterable_dataset(), profile="minimal")
    assert [row["text"] for row in streamed] == expected


def test_null_texts_pass_through() -> None:
    ds = datasets.Dataset.from_dict({"text": [None, " a\u3000 ", None]})
    out = clean_column(ds, changed_column="changed", batch_size=1)
    assert out["text"] == [None, normkit.clean(" a\u3000 "), None]
    assert out["changed"] == [False, True, False]


def test_function_pickles_as_configuration_and_fingerprints_stably() -> None:
    from datasets.fingerprint import Hasher

    a = ColumnCleaner(normkit.Pipeline().config, "text")
    a(["used once, so this process has built its pipeline"])
    b = ColumnCleaner(normkit.Pipeline().config, "text")
    assert pickle.loads(pickle.dumps(a)) == a
    assert Hasher.hash(a) == Hasher.hash(b)
    assert Hasher.hash(a) != Hasher.hash(
        ColumnCleaner(normkit.Pipeline(["layout.whitespace"]).config, "text")
    )


def test_dropped_lines_and_annotations_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    install_ad_lines(monkeypatch)  # this process only, so no num_proc here
    ds = datasets.Dataset.from_dict({"text": AD_TEXTS})
    out = clean_column(ds, steps=AD_STEPS, dropped_column="dropped", annotations_column="notes")
    assert out["text"] == ["正文第一段。\n正文第二段。", "", "正文。"]
    assert out["dropped"] == [2, 1, 0]
    assert [own_annotations(n) for n in out["notes"]] == [{"adverts": 2}, {"adverts": 1}, {}]


def test_signals_column_with_workers() -> None:
    data = table(2)
    out = clean_column(datasets.Dataset.from_dict(data), signals_column="signals", num_proc=2)
    pipe = normkit.Pipeline()
    expected = [row(pipe.process(normkit.Document(t)).annotations, pipe.signals) for t in data["text"]]  # type: ignore[arg-type]
    assert out["signals"] == expected
    assert out.features["signals"]["han_share"].dtype == "float64"
