"""Files: outputs stay inside the output directory, oversized records are rejected
without being loaded, and a broken configuration names its line and column."""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path, PurePath

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from normkit.errors import ConfigError
from normkit.io.formats import Format
from normkit.io.readers import OVERSIZE_HEAD, Oversized, ReadOptions, iter_lines, read_records
from normkit.run.config import load_config
from normkit.run.inputs import confine
from normkit.run.plan import PlanError
from test_cli_support import normkit_in_process as normkit

MIB = 1 << 20


def rejects_of(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


# --- oversized records -------------------------------------------------------------------


@given(
    st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"\n")),
    st.lists(st.integers(1, 40), min_size=1, max_size=20),
    st.integers(1, 30),
)
def test_iter_lines_with_a_limit_marks_long_lines_whatever_the_chunking(
    data: bytes, sizes: list[int], limit: int
) -> None:
    chunks, at, k = [], 0, 0
    while at < len(data):
        step = sizes[k % len(sizes)]
        chunks.append(data[at : at + step])
        at, k = at + step, k + 1
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    expected = [line if len(line) <= limit else len(line) for line in lines]
    got = [x.size if isinstance(x, Oversized) else x for x in iter_lines(iter(chunks), limit)]
    assert got == expected
    heads = [x.head for x in iter_lines(iter(chunks), limit) if isinstance(x, Oversized)]
    assert heads == [line[:OVERSIZE_HEAD] for line in lines if len(line) > limit]


def test_a_huge_line_is_never_held_in_memory() -> None:
    block = b"x" * MIB

    def stream() -> Iterator[bytes]:
        yield b'{"text": "ok"}\n{"text": "'
        for _ in range(64):  # a 64 MiB line, never assembled
            yield block
        yield b'"}\n{"text": "after"}\n'

    tracemalloc.start()
    try:
        records = list(
            read_records(_Chunks(stream()), Format("jsonl"), ReadOptions(max_record_bytes=4 * MIB), "in")
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.doc.text if r.doc else None for r in records] == ["ok", None, "after"]
    assert records[1].line == 2 and records[1].error is not None
    assert "too large" in records[1].error and "--max-record-mb 4" in records[1].error
    assert len(records[1].raw) == OVERSIZE_HEAD
    assert peak < 16 * MIB  # the limit plus a chunk or two, not the 64 MiB line


class _Chunks(io.RawIOBase):
    """A binary stream over a generator of chunks (no copy of the whole)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self._left:
            self._left = next(self._chunks, b"")
        out, self._left = self._left[:size], self._left[size:]
        return out


def test_records_at_the_limit_are_kept() -> None:
    line = orjson.dumps({"text": "a" * 100})
    options = ReadOptions(max_record_bytes=len(line))
    records = list(read_records(io.BytesIO(line + b"\n" + line), Format("jsonl"), options, "in"))
    assert [r.error for r in records] == [None, None]


def test_oversized_jsonl_record_rejected_end_to_end(tmp_path: Path) -> None:
    big = orjson.dumps({"id": "big", "text": "大" * (MIB // 2)})  # 1.5 MiB of UTF-8
    data = b'{"id": "a", "text": "one"}\n' + big + b'\n{"id": "c", "text": "three"}\n'
    (tmp_path / "in.jsonl").write_bytes(data)
    done = normkit("clean", "in.jsonl", "-o", "out.jsonl", "--max-record-mb", "1", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert [orjson.loads(x)["id"] for x in (tmp_path / "out.jsonl").read_bytes().splitlines()] == ["a", "c"]
    [reject] = rejects_of(tmp_path / "out.jsonl.rejects.jsonl")
    assert reject["file"] == "in.jsonl" and reject["line"] == 2
    assert "too large" in str(reject["reason"]) and str(len(big)) in str(reject["reason"])
    assert b"read 3 = written 2 + dropped 0 + rejected 1" in done.stderr


def test_oversized_plain_text_document_rejected_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_bytes(b"line\n" * (300 * 1024))  # 1.5 MiB
    (tmp_path / "in" / "small.txt").write_text("small\n")
    done = normkit("clean", "in", "-o", "out", "--max-record-mb", "1", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert (tmp_path / "out" / "small.txt").read_text() == "small\n"
    assert (tmp_path / "out" / "big.txt").read_bytes() == b""  # done (for resume), nothing in it
    [reject] = rejects_of(tmp_path / "out.rejects.jsonl")
    assert reject["file"].endswith("big.txt") and reject["line"] is None  # type: ignore[union-attr]
    assert "document too large" in str(reject["reason"])


def test_default_limit_keeps_ordinary_records(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(orjson.dumps({"text": "x" * 200_000}) + b"\n")
    done = normkit("clean", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()


def test_oversized_parquet_cells_are_rejected_not_loaded(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    from normkit.io.parquet import OversizedCell, iter_rows

    big = "大" * 400  # 1200 bytes
    table = pa.table(
        {
            "id": ["a", "b", "c", "d", "e"],
            "text": [big, "two", "three", big, "five"],
            "blob": [b"", b"x" * 2000, b"", b"", None],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet")
    rows = list(iter_rows(str(tmp_path / "in.parquet"), limit=1000, head=100))
    assert [type(r).__name__ for r in rows] == [
        "OversizedCell",
        "OversizedCell",
        "dict",
        "OversizedCell",
        "dict",
    ]
    first, second = rows[0], rows[1]
    assert isinstance(first, OversizedCell) and isinstance(second, OversizedCell)
    assert (first.column, first.size, first.head) == (
        "text",
        1200,
        ("大" * 33).encode(),
    )  # cut at a character
    assert (second.column, second.size, second.head) == ("blob", 2000, b"x" * 100)
    assert [r["id"] for r in rows if isinstance(r, dict)] == ["c", "e"]

    done = normkit("clean", "in.parquet", "-o", "out.parquet", "--max-record-mb", "0.001", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert pq.read_table(tmp_path / "out.parquet").column("id").to_pylist() == ["c", "e"]
    rejects = rejects_of(tmp_path / "out.parquet.rejects.jsonl")
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejects] == [  # type: ignore[union-attr]
        (1, "cell 'text' too large"),
        (2, "cell 'blob' too large"),
        (4, "cell 'text' too large"),
    ]
    assert "1200 bytes, over the limit of 1048 bytes" in str(rejects[0]["reason"])
    assert b"read 5 = written 2 + dropped 0 + rejected 3" in done.stderr


# --- outputs stay inside the output directory -------------------------------------------


@pytest.mark.parametrize("name", ["../x.jsonl", "a/../../x.jsonl", "/etc/x.jsonl", ""])
def test_confine_refuses_names_that_leave(tmp_path: Path, name: str) -> None:
    with pytest.raises(PlanError, match="output"):
        confine(tmp_path / "out", PurePath(name))


@pytest.mark.parametrize("name", ["x.jsonl", "a/b/x.jsonl", "..x.jsonl", "a..b/x"])
def test_confine_allows_names_inside(tmp_path: Path, name: str) -> None:
    confine(tmp_path / "out", PurePath(name))


def test_glob_with_dotdot_cannot_write_outside(tmp_path: Path) -> None:
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "x.txt").write_text("  text  \n")
    done = normkit("clean", "in/*/../../secret/*.txt", "-o", "out/", cwd=tmp_path)
    assert done.returncode == 2
    assert b"would leave the output directory" in done.stderr
    assert (tmp_path / "secret" / "x.txt").read_text() == "  text  \n"
    assert not any(p.is_file() for p in tmp_path.rglob("*") if p.parent.name != "secret")


def test_symlink_inside_output_tree_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "page.txt").write_text("  text  \n")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "out" / "sub")  # out/sub -> outside
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 2
    assert b"symbolic link" in done.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_symlinked_output_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text("  text  \n")
    (tmp_path / "out").mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, tmp_path / "out" / "page.txt")
    done = normkit("clean", "in", "-o", "out", "--overwrite", cwd=tmp_path)
    assert done.returncode == 2
    assert target.read_text() == "keep me"


def test_symlinks_among_inputs_write_inside_the_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.txt").write_text("  far  \n")
    os.symlink(tmp_path / "elsewhere" / "far.txt", tmp_path / "in" / "link.txt")
    os.symlink(tmp_path / "in", tmp_path / "in" / "loop")  # a directory link: not followed
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")) == ["link.txt"]
    assert (tmp_path / "out" / "link.txt").read_text() == "far\n"
    assert (tmp_path / "elsewhere" / "far.txt").read_text() == "  far  \n"


def test_output_root_may_itself_be_a_link(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text("  text  \n")
    (tmp_path / "disk").mkdir()
    os.symlink(tmp_path / "disk", tmp_path / "out")
    done = normkit("clean", "in", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "disk" / "page.txt").read_text() == "text\n"


# --- configuration syntax errors ----------------------------------------------------------


def test_toml_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    config = tmp_path / "normkit.toml"
    config.write_text('profile = "default"\nenable = [\n  "x",\n  oops\n]\n')
    with pytest.raises(ConfigError, match=r"normkit\.toml:4:3: invalid TOML: Invalid value"):
        load_config(config)


def test_toml_error_at_end_of_file_is_placed(tmp_path: Path) -> None:
    config = tmp_path / "normkit.toml"
    config.write_text('profile = "default"\ndisable = "unterminated')
    with pytest.raises(ConfigError, match=r"normkit\.toml:2:24: invalid TOML: Unterminated string"):
        load_config(config)


def test_broken_config_reported_by_the_command(tmp_path: Path) -> None:
    (tmp_path / "normkit.toml").write_text('profile = "default"\n[options\n')
    done = normkit("clean", cwd=tmp_path, stdin=b"text\n")
    assert done.returncode == 2
    assert b"normkit.toml:2:" in done.stderr and b"invalid TOML" in done.stderr


def test_broken_pyproject_with_normkit_table_is_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.normkit]\nprofile = \n")
    done = normkit("clean", cwd=tmp_path, stdin=b"text\n")
    assert done.returncode == 2
    assert b"pyproject.toml:2:" in done.stderr


def test_broken_pyproject_without_normkit_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\n")
    done = normkit("clean", cwd=tmp_path, stdin=b"text\n")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b"text\n"
