"""normkit.adapters.datatrove in real datatrove pipelines over JSONL files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import normkit
from normkit.adapters.datatrove import NormkitCleaner
from test_adapters_core import AD_STEPS, AD_TEXTS, TEXTS, install_ad_lines


def write_shards(folder: Path, texts: list[str], shards: int) -> list[dict[str, object]]:
    folder.mkdir()
    records = [{"id": f"d{i}", "text": t, "url": f"https://e.cn/{i}"} for i, t in enumerate(texts)]
    for shard in range(shards):
        with (folder / f"part-{shard}.jsonl").open("w", encoding="utf-8") as f:
            for record in records[shard::shards]:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


def read_output(folder: Path) -> dict[str, dict[str, object]]:
    rows = (json.loads(line) for p in sorted(folder.glob("*.jsonl")) for line in p.open(encoding="utf-8"))
    return {row["id"]: row for row in rows}


def run(tmp_path: Path, cleaner: object, tasks: int, workers: int) -> dict[str, object]:
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            cleaner,
            JsonlWriter(str(tmp_path / "out"), output_filename="${rank}.jsonl", compression=None),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    (stats,) = json.loads((tmp_path / "logs" / "stats.json").read_text())[1:2]
    return stats["stats"]  # type: ignore[no-any-return]


def test_worker_processes_match_pipeline_and_drop_empty_documents(tmp_path: Path) -> None:
    records = write_shards(tmp_path / "in", TEXTS * 3, shards=2)
    stats = run(tmp_path, NormkitCleaner(), tasks=2, workers=2)
    pipe = normkit.Pipeline()
    cleaned = {r["id"]: pipe.clean(r["text"]) for r in records}  # type: ignore[arg-type]
    kept = {i: t for i, t in cleaned.items() if t.strip()}
    out = read_output(tmp_path / "out")
    assert {i: row["text"] for i, row in out.items()} == kept
    assert all(row["metadata"]["url"] == f"https://e.cn/{i[1:]}" for i, row in out.items())  # type: ignore[index]
    for i, row in out.items():  # the annotations, as the library gives them
        expected = dict(pipe.process(normkit.Document(records[int(i[1:])]["text"])).annotations)  # type: ignore[arg-type]
        assert row["metadata"]["normkit"] == expected  # type: ignore[index]
    reached = [r for r in records if r["text"]]  # the reader skips documents without text
    assert stats["total"] == len(reached)
    assert stats["forwarded"] == len(kept)
    assert stats["dropped"] == stats["dropped_empty"] == len(reached) - len(kept) > 0
    assert stats["changed"] == sum(1 for i, t in kept.items() if t != records[int(i[1:])]["text"])
    assert stats["layout.whitespace/changed"]["total"] > 0


def test_chain_parameters_line_drops_and_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_ad_lines(monkeypatch)  # in this process only: workers=1 runs the tasks here
    write_shards(tmp_path / "in", AD_TEXTS, shards=1)
    cleaner = NormkitCleaner(
        steps=AD_STEPS, options={"layout.whitespace": {"final_newline": False}}, annotations_key=None
    )
    stats = run(tmp_path, cleaner, tasks=1, workers=1)
    out = read_output(tmp_path / "out")
    assert {i: row["text"] for i, row in out.items()} == {"d0": "正文第一段。\n正文第二段。", "d2": "正文。"}
    assert all("normkit" not in row["metadata"] for row in out.values())  # type: ignore[operator]
    assert stats["dropped_empty"] == 1
    assert stats["lines_dropped"]["total"] == 3
    assert stats["changed"] == 1  # d1 changed too, but was dropped; d2 is unchanged
    assert stats["test.ad_lines/lines_dropped"]["total"] == 3
    assert stats["test.ad_lines/changed"]["total"] == 2


def test_bad_chain_fails_when_the_pipeline_is_built() -> None:
    with pytest.raises(normkit.ConfigError, match=r"no\.such"):
        NormkitCleaner(steps=["no.such"])


def test_the_cleaners_example_runs() -> None:
    # the class is made on first access, out of reach of --doctest-modules
    import doctest

    finder = doctest.DocTestFinder()
    (test,) = finder.find(NormkitCleaner, "NormkitCleaner", globs={"NormkitCleaner": NormkitCleaner})
    assert test.examples
    result = doctest.DocTestRunner().run(test)
    assert result.failed == 0
