"""A corrupted corpus runs to the end: every bad record in the rejects file, counts adding up."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
import zstandard

import normkit as nk
from normkit import ChainConfig, Normaliser, Stage
from normkit.io.formats import Format
from normkit.io.readers import ReadOptions
from normkit.run import shard as shard_module
from normkit.run.local import run_plan
from normkit.run.plan import PlanRequest, make_plan
from normkit.run.shard import RunOptions
from test_cli_support import normkit, read_any
from test_cli_support import normkit_in_process as in_process

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  "
GOOD = {"id": "ok", "text": DIRTY, "src": "x"}


def line(record: object) -> bytes:
    return orjson.dumps(record) + b"\n"


def varied(seed: int, size: int = 300) -> str:
    """Han characters that do not compress to nothing (a cut must land mid-stream)."""
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(size))


def build_corrupt_corpus(root: Path) -> dict[tuple[str, int | None], str]:
    """Write the corpus; return the expected rejects: (file, line) -> a word of the reason."""
    root.mkdir()
    expected: dict[tuple[str, int | None], str] = {}
    good = line(GOOD)
    # broken JSON lines, records without text, text of the wrong type, invalid UTF-8
    (root / "mixed.jsonl").write_bytes(
        good
        + b'{"id": 1, "text": "unterminated\n'
        + line({"id": 2, "body": "no text field"})
        + line({"id": 3, "text": None})
        + line({"id": 4, "text": 42})
        + line(["not", "an", "object"])
        + b'{"id": 5, "text": "caf\xe9 latin-1"}\n'
        + b"\n"  # a blank line is no record
        + good
    )
    for n, why in ((2, "invalid JSON"), (3, "missing"), (4, "null"), (5, "int"), (6, "list"), (7, "UTF-8")):
        expected[("in/mixed.jsonl", n)] = why
    # a gzip cut in the middle: the lines before the cut are kept, the cut one rejected
    body = b"".join(line({"id": k, "text": varied(k) + "  "}) for k in range(400))
    zipped = gzip.compress(body)
    (root / "cut.jsonl.gz").write_bytes(zipped[: len(zipped) // 2])
    # a zstandard stream cut short (zstandard's own reader would end silently)
    squeezed = zstandard.ZstdCompressor().compress(body)
    (root / "cut.jsonl.zst").write_bytes(squeezed[: len(squeezed) // 2])
    # a plain text document with invalid UTF-8, and empty files
    (root / "latin1.txt").write_bytes("café au lait".encode("latin-1"))
    expected[("in/latin1.txt", None)] = "UTF-8"
    (root / "empty.jsonl").write_bytes(b"")
    (root / "empty.txt").write_bytes(b"")
    # a 50 MB single-line document
    big = "长文档的内容，没有换行。" * (50_000_000 // 36)
    (root / "big.jsonl").write_bytes(line({"id": "big", "text": "  " + big + "  ", "n": 1}))
    return expected


@pytest.mark.slow  # a whole corrupt corpus through two workers: about 10-25 s
@pytest.mark.parametrize("workers", [2])
def test_corrupt_corpus_runs_to_the_end(tmp_path: Path, workers: int) -> None:
    expected = build_corrupt_corpus(tmp_path / "in")
    done = normkit(
        "clean",
        "in",
        "-o",
        "out",
        "--workers",
        workers,
        "--stats-json",
        "stats.json",
        "--no-annotations",  # records compared as they were
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 3, done.stderr.decode()  # finished, with rejects
    rejects = [json.loads(r) for r in (tmp_path / "out.rejects.jsonl").read_text().splitlines()]
    by_place = {(r["file"], r["line"]): r for r in rejects}
    for place, why in expected.items():
        assert why in by_place[place]["reason"], (place, by_place[place])
    assert "raw_base64" in by_place[("in/mixed.jsonl", 7)]  # undecodable bytes kept exactly
    assert by_place[("in/mixed.jsonl", 2)]["raw"] == '{"id": 1, "text": "unterminated'
    cut = [r for r in rejects if r["file"] in ("in/cut.jsonl.gz", "in/cut.jsonl.zst")]
    assert sorted(r["file"] for r in cut) == ["in/cut.jsonl.gz", "in/cut.jsonl.zst"]
    assert all("truncated" in r["reason"] for r in cut)
    stats = json.loads((tmp_path / "stats.json").read_text())
    docs = stats["documents"]
    assert docs["read"] == docs["written"] + docs["dropped"] + docs["rejected"]
    assert docs["rejected"] == len(rejects) == len(expected) + 2
    assert docs["dropped"] == 1  # the empty text file
    # everything good was written: the two good mixed records, the lines before each cut, the big one
    mixed = [orjson.loads(x) for x in (tmp_path / "out/mixed.jsonl").read_bytes().splitlines()]
    assert mixed == [{"id": "ok", "text": "第一行\n\n第二行", "src": "x"}] * 2
    for name in ("cut.jsonl.gz", "cut.jsonl.zst"):
        kept = read_any(tmp_path / "out" / name).splitlines()
        cut_line = next(r["line"] for r in cut if r["file"] == f"in/{name}")
        assert len(kept) == cut_line - 1 > 0
    (big,) = (tmp_path / "out/big.jsonl").read_bytes().splitlines()
    assert big.endswith(b'\xe3\x80\x82","n":1}') and big.startswith(b'{"id":"big","text":"\xe9\x95\xbf')
    assert (tmp_path / "out/empty.jsonl").read_bytes() == b""
    assert b"documents: read" in done.stderr


class Boom(Normaliser):
    name = "test.boom"
    stage = Stage.LAYOUT
    description = "Raises on texts containing BOOM (MemoryError on OOM)."
    keeps = ("x",)

    def normalise(self, text: str, ctx: nk.Context) -> str:
        if "BOOM" in text:
            raise RuntimeError("kaboom")
        if "OOM" in text:
            raise MemoryError
        return text


def _run_with_boom(
    pipe: nk.Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *texts: str
) -> dict[str, Any]:
    """Run ``pipe`` and then :class:`Boom` over records of ``texts`` (ids from 1): the totals
    must add up with one reject, which is returned."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(line({"id": n, "text": t}) for n, t in enumerate(texts, 1)))
    chain = ChainConfig((*pipe.config.steps, ("test.boom", ())))
    pipe.steps.append(Boom())
    pipe.config = chain
    monkeypatch.setitem(shard_module._pipelines, chain, pipe)
    options = RunOptions(ReadOptions())
    request = PlanRequest([str(source)], str(tmp_path / "out.jsonl"), None, Format("jsonl"), workdir=tmp_path)
    totals = run_plan(make_plan(request, options), chain, options, workers=1)
    assert (totals.read, totals.written, totals.rejected) == (len(texts), len(texts) - 1, 1)
    (reject,) = [json.loads(r) for r in (tmp_path / "out.jsonl.rejects.jsonl").read_text().splitlines()]
    return dict(reject)


def test_a_normaliser_that_raises_rejects_only_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reject = _run_with_boom(
        nk.Pipeline.from_profile("default"), tmp_path, monkeypatch, "fine  ", "BOOM", "ok"
    )
    assert reject["line"] == 2 and "test.boom" in reject["reason"] and "kaboom" in reject["reason"]
    assert reject["raw"] == '{"id":2,"text":"BOOM"}'
    assert [orjson.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_bytes().splitlines()] == [1, 3]


def test_running_out_of_memory_on_a_record_rejects_only_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``test_a_record_too_big_for_the_memory_left_is_a_reject`` (slow: a real memory
    cap in a subprocess) shows end to end, in this process."""
    reject = _run_with_boom(
        nk.Pipeline(steps=["layout.whitespace"]), tmp_path, monkeypatch, "甲", "OOM 乙", "丙"
    )
    assert reject["line"] == 2 and reject["reason"].endswith(
        "MemoryError (out of memory cleaning a record of 5 characters)"
    ), reject["reason"]


def test_decode_errors_replace_is_counted_not_silent(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"ok \xff\xfe bytes")
    done = in_process("clean", "a.txt", "--decode-errors", "replace", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.decode() == "ok \ufffd\ufffd bytes"
    assert b"1 decoded with replacement characters" in done.stderr
