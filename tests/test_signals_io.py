"""Signals where users read them: JSONL and Parquet output, --drop-if, --dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

import normkit
from normkit.cli import main
from normkit.io.jsonl import append_field
from normkit.signals import signal_set
from test_cli_support import normkit as normkit_subprocess
from test_cli_support import normkit_in_process

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  "
CLEANED = normkit.clean(DIRTY)
ENGLISH = "Only English words in this document, nothing else at all."
GARBLED = "锟斤拷锟斤拷锟斤拷烫烫烫烫\ufffd\ufffd"


class Outcome:
    def __init__(self, code: int, stdout: bytes, stderr: bytes) -> None:
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: Any) -> Outcome:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def write_jsonl(path: Path, *records: dict[str, Any]) -> None:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def test_append_field_keeps_every_byte_before_the_closing_brace() -> None:
    raw = b'{ "url" : "http:\\/\\/x.cn" ,"n":[1.50, 2e3],  "text" : "a" }\r'
    out = append_field(raw, "normkit", {"han_share": 0.5})
    assert (
        out == b'{ "url" : "http:\\/\\/x.cn" ,"n":[1.50, 2e3],  "text" : "a" ,"normkit":{"han_share":0.5}}\r'
    )
    assert append_field(b"{ }", "k", 1) == b'{ "k":1}'
    assert append_field(b'{"a":1} trailing', "k", 1) is None


def test_jsonl_annotations_by_default_metadata_byte_for_byte(tmp_path: Path) -> None:
    dirty_raw = orjson.dumps(DIRTY).decode()
    lines = [
        '{ "url" : "http:\\/\\/x.cn\\/a" ,"meta":{"text":"inner","normkit":1},  "text" : ' + dirty_raw + " }",
        '{"text":"\\u5e72\\u51c0\\u7684\\u6587\\u672c\\u3002\\n","id":7}',  # unchanged text
        '{"id":"crlf","text":' + dirty_raw + ',"x":"\\u00e9"}\r',
    ]
    (tmp_path / "in.jsonl").write_bytes("\n".join(lines).encode() + b"\n")
    done = run("clean", "in.jsonl", "-o", "out.jsonl")
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "out.jsonl").read_bytes().decode().split("\n")[:-1]
    cleaned_raw = orjson.dumps(CLEANED).decode()
    expected = [lines[0].replace(dirty_raw, cleaned_raw), lines[1], lines[2].replace(dirty_raw, cleaned_raw)]
    pipe = normkit.Pipeline()
    for got, want, text in zip(out, expected, [DIRTY, "干净的文本。\n", DIRTY], strict=True):
        head, _, tail = want.rpartition("}")
        assert got.startswith(head.rstrip() if not head.endswith(" ") else head)
        assert got.endswith("}" + tail)
        annotations = orjson.loads(got)["normkit"]
        assert annotations == dict(pipe.process(normkit.Document(text)).annotations)
        assert list(annotations)[: len(signal_set().names)] == signal_set().names


def test_annotations_field_name_and_an_existing_field(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", {"text": DIRTY, "q": {"old": 1}})
    done = run("clean", "in.jsonl", "--annotations-field", "q")
    record = orjson.loads(done.stdout)
    assert record["text"] == CLEANED and record["q"]["han_chars"] == 6 and "old" not in record["q"]
    assert run("clean", "in.jsonl", "--annotations-field", "text").returncode == 2
    assert b"normkit" not in run("clean", "in.jsonl", "--no-annotations").stdout


def test_plain_text_output_has_no_annotations(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert run("clean", "a.txt").stdout.decode() == CLEANED


def test_parquet_gets_a_typed_struct_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from normkit.signals.columns import arrow_type

    table = pa.table({"id": [1, 2], "text": [DIRTY, "頭髮很長，这里"], "tags": [["x"], []]})
    pq.write_table(table, tmp_path / "in.parquet")
    done = run("clean", "in.parquet", "-o", "out.parquet")
    assert done.returncode == 0, done.stderr
    result = pq.read_table(tmp_path / "out.parquet")
    assert result.schema.names == ["id", "text", "tags", "normkit"]
    assert result.schema.field("normkit").type == arrow_type(signal_set())
    rows = result.column("normkit").to_pylist()
    assert rows[0]["han_chars"] == 6 and rows[1]["mixed_script"] is True
    assert json.loads(rows[0]["repairs"])  # counts as JSON text
    # inferred schema (JSONL in, Parquet out) has the same column
    write_jsonl(tmp_path / "in.jsonl", {"text": DIRTY})
    assert run("clean", "in.jsonl", "-o", "out2.parquet").returncode == 0
    assert pq.read_table(tmp_path / "out2.parquet").column("normkit").to_pylist()[0]["han_chars"] == 6


def corpus(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "in.jsonl",
        {"id": "zh", "text": DIRTY},
        {"id": "en", "text": ENGLISH},
        {"id": "bad", "text": GARBLED},
        {"id": "both", "text": ENGLISH + "\ufffd" * 6},
        {"id": "nothing"},
        {"id": "empty", "text": "   "},
    )


def test_drop_if_counts_add_up_and_dropped_go_to_the_rejects(tmp_path: Path) -> None:
    corpus(tmp_path)
    done = run(
        "clean", "in.jsonl", "-o", "out.jsonl", "--drop-if", "han_share < 0.3", "--drop-if", "garbage > 5",
        "--stats-json", "stats.json",
    )  # fmt: skip
    assert done.returncode == 3, done.stderr  # one record without text is rejected
    assert [r["id"] for r in map(orjson.loads, (tmp_path / "out.jsonl").read_bytes().splitlines())] == ["zh"]
    assert b"read 6 = written 1 + dropped 4 + rejected 1" in done.stderr
    assert b"3 dropped by --drop-if" in done.stderr
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["drop_if"] == {"han_share < 0.3": 2, "garbage > 5": 1}  # the first rule that holds
    rejects = [orjson.loads(r) for r in (tmp_path / "out.jsonl.rejects.jsonl").read_bytes().splitlines()]
    by_reason = {r["reason"]: r for r in rejects}
    assert set(by_reason) == {
        "drop-if: han_share < 0.3",
        "drop-if: garbage > 5",
        "text field 'text' is missing",
    }
    garbled = by_reason["drop-if: garbage > 5"]
    assert garbled["line"] == 3 and garbled["signals"]["garbled"] == 4 and garbled["signals"]["garbage"] == 6
    assert orjson.loads(garbled["raw"])["text"] == GARBLED


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_dropped_file_with_workers(tmp_path: Path, workers: int) -> None:
    corpus(tmp_path)
    # worker processes in a fresh interpreter; one worker in this process
    command = normkit_subprocess if workers > 1 else normkit_in_process
    done = command(
        "clean", "in.jsonl", "-o", "out.jsonl", "--drop-if", "latin_share > 0.5 and not spam",
        "--dropped", "dropped.jsonl", "--workers", workers, "--shard-size", 1, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr.decode()
    dropped = [orjson.loads(r) for r in (tmp_path / "dropped.jsonl").read_bytes().splitlines()]
    assert [d["line"] for d in dropped] == [2, 4]
    assert all(d["reason"] == "drop-if: latin_share > 0.5 and not spam" for d in dropped)
    assert all(d["signals"]["latin_share"] > 0.5 for d in dropped)
    rejects = (tmp_path / "out.jsonl.rejects.jsonl").read_bytes().splitlines()
    assert len(rejects) == 1 and b"drop-if" not in rejects[0]
    assert b"read 6 = written 2 + dropped 3 + rejected 1" in done.stderr


def test_bad_drop_if_is_a_usage_error(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", {"text": DIRTY})
    done = run("clean", "in.jsonl", "--drop-if", "han_shar < 0.3")
    assert done.returncode == 2 and b"unknown signal han_shar" in done.stderr
    done = run("clean", "in.jsonl", "--drop-if", "han_share <")
    assert done.returncode == 2 and b"'--drop-if'" in done.stderr
    assert run("clean", "in.jsonl", "--dropped", "x.jsonl").returncode == 2


def test_drop_if_without_annotations_still_filters(tmp_path: Path) -> None:
    corpus(tmp_path)
    done = run(
        "clean", "in.jsonl", "--no-annotations", "--drop-if", "han_share < 0.3", "--rejects", "r.jsonl"
    )
    kept = [orjson.loads(r) for r in done.stdout.splitlines()]
    assert [r["id"] for r in kept] == ["zh", "bad"]  # 锟斤拷 and 烫 are Han: garbage is its own signal
    assert kept[0] == {"id": "zh", "text": CLEANED}
