"""normkit.adapters.ray on a real local Ray cluster with 2 CPUs."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

#: Starting Ray / running the fuzz harnesses takes 10-60 s: left to the full run (-m "").
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]  # one Ray cluster at a time

import normkit  # noqa: E402
from normkit.adapters.ray import clean_column  # noqa: E402
from test_adapters_core import AD_STEPS, AD_TEXTS, TEXTS, install_ad_lines, own_annotations  # noqa: E402

SRC = Path(normkit.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def local_ray() -> Iterator[float]:
    """A local cluster for this module; yields how long it took to start, in seconds."""
    started = time.perf_counter()
    # Workers inherit the environment: make them import this checkout of normkit.
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), saved) if p)
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield time.perf_counter() - started
    ray.shutdown()


def rows(n: int = 4) -> list[dict[str, object]]:
    return [{"id": i, "text": t, "source": f"s{i % 3}"} for i, t in enumerate(TEXTS * n)]


def test_clean_column_matches_pipeline(local_ray: float) -> None:
    data = rows()
    ds = ray.data.from_items(data, override_num_blocks=4)
    out = sorted(clean_column(ds, "text", batch_size=5).take_all(), key=lambda r: r["id"])
    pipe = normkit.Pipeline()
    assert [r["text"] for r in out] == [pipe.clean(r["text"]) for r in data]  # type: ignore[arg-type]
    assert [(r["id"], r["source"]) for r in out] == [(r["id"], r["source"]) for r in data]
    assert set(out[0]) == {"id", "text", "source"}
    print(f"\nlocal Ray started in {local_ray:.2f} s")


def test_extra_columns_and_chain_parameters(local_ray: float) -> None:
    data = rows(2)
    ds = ray.data.from_items(data, override_num_blocks=2)
    params = {"profile": "minimal", "disable": ["layout.whitespace"]}
    out = clean_column(
        ds,
        "text",
        output_column="clean",
        dropped_column="dropped",
        changed_column="changed",
        annotations_column="notes",
        **params,  # type: ignore[arg-type]
    ).take_all()
    out.sort(key=lambda r: r["id"])
    pipe = normkit.Pipeline(profile="minimal", disable=["layout.whitespace"])
    results = [pipe.process(normkit.Document(r["text"])) for r in data]  # type: ignore[arg-type]
    assert [r["text"] for r in out] == [r["text"] for r in data]  # the input column is kept
    assert [r["clean"] for r in out] == [r.text for r in results]
    assert [r["dropped"] for r in out] == [len(r.dropped) for r in results]
    assert [r["changed"] for r in out] == [r.changed for r in results]
    assert any(r["changed"] for r in out) and not all(r["changed"] for r in out)
    assert [json.loads(r["notes"]) for r in out] == [dict(r.annotations) for r in results]


def test_null_texts_pass_through(local_ray: float) -> None:
    ds = ray.data.from_items([{"text": None, "n": 1}, {"text": " a\u3000 ", "n": 2}])
    out = sorted(clean_column(ds, changed_column="changed").take_all(), key=lambda r: r["n"])
    assert out == [
        {"text": None, "n": 1, "changed": False},
        {"text": normkit.clean(" a\u3000 "), "n": 2, "changed": True},
    ]


def test_bad_chain_fails_in_the_driver(local_ray: float) -> None:
    ds = ray.data.from_items([{"text": "x"}])
    with pytest.raises(normkit.ConfigError, match=r"no\.such"):
        clean_column(ds, steps=["no.such"])


def test_arrow_batches_keep_types_and_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch function itself, in this process (where the test normaliser is registered)."""
    import pyarrow as pa

    from normkit.adapters._columns import ColumnCleaner, chain_config
    from normkit.adapters.ray import ArrowBatchCleaner

    install_ad_lines(monkeypatch)
    cleaner = ColumnCleaner(chain_config(steps=AD_STEPS), "text", None, "dropped", "changed", "notes")
    table = pa.table({"text": pa.array([*AD_TEXTS, None], pa.large_string()), "n": [1, 2, 3, 4]})
    out = ArrowBatchCleaner(cleaner)(table)
    assert out.schema == pa.schema(
        [
            ("text", pa.large_string()),
            ("n", pa.int64()),
            ("dropped", pa.int64()),
            ("changed", pa.bool_()),
            ("notes", pa.string()),
        ]
    )
    columns = out.to_pydict()
    notes = columns.pop("notes")
    assert columns == {
        "text": ["正文第一段。\n正文第二段。", "", "正文。", None],
        "n": [1, 2, 3, 4],
        "dropped": [2, 1, 0, 0],
        "changed": [True, True, False, False],
    }
    assert [own_annotations(n) for n in notes] == [{"adverts": 2}, {"adverts": 1}, {}, {}]


def test_arrow_signals_column_is_a_typed_struct() -> None:
    import pyarrow as pa

    from normkit.adapters._columns import ColumnCleaner, chain_config
    from normkit.adapters.ray import ArrowBatchCleaner
    from normkit.signals import signal_set
    from normkit.signals.columns import arrow_type

    cleaner = ColumnCleaner(chain_config(), "text", signals_column="signals")
    out = ArrowBatchCleaner(cleaner)(pa.table({"text": ["今天天气很好。", None]}))
    assert out.schema.field("signals").type == arrow_type(signal_set())
    rows = out.column("signals").to_pylist()
    assert rows[1] is None and rows[0]["han_chars"] == 6 and rows[0]["mixed_script"] is False


def test_each_worker_process_builds_the_pipeline_once(local_ray: float) -> None:
    from normkit.adapters import _columns

    options = {"layout.whitespace": {"max_blank_lines": 3}}  # a chain no other test used
    config = _columns.chain_config(options=options)

    def report(table: Any) -> Any:
        import pyarrow as pa

        documents = _columns._pipelines[config].stats.documents
        return pa.table({"pid": [os.getpid()], "documents": [documents]})

    n = 40
    ds = ray.data.from_items([{"text": f"第{i}行  "} for i in range(n)], override_num_blocks=8)
    reports = clean_column(ds, options=options, batch_size=5).map_batches(report, batch_format="pyarrow")
    seen: dict[int, int] = {}
    for row in reports.take_all():
        seen[row["pid"]] = max(seen.get(row["pid"], 0), row["documents"])
    assert sum(seen.values()) == n  # one pipeline per process saw every row that process cleaned
