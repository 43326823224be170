"""Planning shards, splitting big files, workers, ordering and resume (in process)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normkit
from normkit.io.formats import Format
from normkit.io.readers import ReadOptions
from normkit.run.assemble import Assembler
from normkit.run.inputs import split_ranges
from normkit.run.local import run_plan
from normkit.run.plan import PlanError, PlanRequest, make_plan
from normkit.run.shard import RunOptions, process_shard


@settings(max_examples=40)
@given(st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=60), st.integers(1, 64))
def test_split_ranges_cut_at_line_starts_and_cover_the_file(lines: list[bytes], target: int) -> None:
    import tempfile

    data = b"".join(line + b"\n" for line in lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f"
        path.write_bytes(data)
        ranges = split_ranges(path, target)
    assert ranges[0][:1] == (0,) and ranges[-1][1] == len(data)
    for (start, end, first), nxt in zip(ranges, [*ranges[1:], None], strict=True):
        assert start == 0 or data[start - 1 : start] == b"\n"
        assert first == data.count(b"\n", 0, start) + 1
        if nxt is not None:
            assert end == nxt[0]


def _write_corpus(root: Path) -> None:
    for i in range(5):
        docs = [{"id": f"{i}-{k}", "text": f"文档{i}-{k}  \n\n\n结尾\u200b", "m": k} for k in range(100)]
        (root / f"f{i}.jsonl").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
    big = [{"id": f"big-{k}", "text": f"大文件第{k}行  "} for k in range(6_000)]
    (root / "big.jsonl").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in big))


@pytest.mark.slow
def test_two_workers_write_what_one_writes_even_for_a_split_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _write_corpus(tmp_path / "in")
    (tmp_path / "in/bad.jsonl").write_bytes(b'{"text": "ok"}\n{broken\n')
    chain = normkit.Pipeline.from_profile("default").config
    options = RunOptions(ReadOptions(), explain=True)
    results = {}
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        request = PlanRequest(
            [str(tmp_path / "in")],
            str(out),
            rejects=str(tmp_path / f"rejects{workers}.jsonl"),
            explain=str(tmp_path / f"explain{workers}.jsonl"),
            workers=workers,
            shard_bytes=32 << 10,
            workdir=tmp_path,
        )
        plan = make_plan(request, options)
        if workers == 2:
            big = [s for s in plan.shards if s.name.endswith("big.jsonl")]
            assert len(big) > 1  # the big file was split into pieces
        totals = run_plan(plan, chain, options, workers)
        assert totals.balanced and totals.rejected == 1
        results[workers] = (
            {p.name: p.read_bytes() for p in out.iterdir()},
            (tmp_path / f"rejects{workers}.jsonl").read_bytes(),
            (tmp_path / f"explain{workers}.jsonl").read_bytes(),
            totals.stats.steps["layout.whitespace"].changed,
        )
        assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no pieces left
    assert results[1] == results[2]
    lines = results[2][0]["big.jsonl"].splitlines()
    assert [orjson.loads(x)["id"] for x in lines] == [f"big-{k}" for k in range(6_000)]
    explained = [orjson.loads(x) for x in results[2][2].splitlines() if b"big.jsonl" in x]
    assert [e["line"] for e in explained] == list(range(1, 6_001))  # line numbers across pieces


def test_assembler_acts_in_shard_order_whatever_the_arrival_order(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"doc {i}  ")
    options = RunOptions(ReadOptions())
    request = PlanRequest(
        [str(tmp_path / f"{i}.txt") for i in range(3)], str(tmp_path / "out"), workdir=tmp_path
    )
    plan = make_plan(request, options)
    chain = normkit.Pipeline.from_profile("default").config
    reports = [process_shard(s, chain, options) for s in plan.shards]
    assembler = Assembler(plan)
    assembler.add(reports[2])
    assembler.add(reports[1])
    assert not (tmp_path / "out/2.txt").exists()  # waits for shard 0
    assembler.add(reports[0])
    assembler.close()
    assert assembler.finished and (tmp_path / "out/2.txt").read_text() == "doc 2"
    assert assembler.totals.read == 3


def test_plan_refuses_to_overwrite_inputs_and_collisions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2").mkdir()
    (tmp_path / "d1/x.txt").write_text("x")
    (tmp_path / "d2/x.txt").write_text("y")
    options = RunOptions()
    with pytest.raises(PlanError, match="overwrite its input"):
        make_plan(PlanRequest([str(tmp_path / "a.txt")], str(tmp_path / "a.txt"), workdir=tmp_path), options)
    with pytest.raises(PlanError, match="would both write"):
        make_plan(
            PlanRequest([str(tmp_path / "d1"), str(tmp_path / "d2")], str(tmp_path / "o"), workdir=tmp_path),
            options,
        )
    with pytest.raises(PlanError, match="no such file"):
        make_plan(PlanRequest([str(tmp_path / "missing")], None, workdir=tmp_path), options)
    with pytest.raises(PlanError, match="standard output"):
        make_plan(
            PlanRequest([str(tmp_path / "a.txt")], None, out_format=Format("parquet"), workdir=tmp_path),
            options,
        )


def test_output_directory_inside_the_input_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x  ")
    options = RunOptions()
    chain = normkit.Pipeline.from_profile("default").config
    for _ in range(2):
        plan = make_plan(PlanRequest([str(tmp_path)], str(tmp_path / "out"), workdir=tmp_path / "w"), options)
        run_plan(plan, chain, options)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.txt")) == [
        "a.txt",
        "out/a.txt",
    ]
