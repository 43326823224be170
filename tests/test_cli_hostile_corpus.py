"""What a corpus builder's files throw at ``normkit clean`` beyond issue 16's list: byte-order
marks, CRLF lines, NUL bytes, empty files, a directory named like a file, an output directory
that is (or holds) an input, an input named twice. Each is read, or a reject with a reason, or
one clear error before anything is written; never a traceback, never a silent loss.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from normkit.io.atomic import temp_name
from test_cli_support import normkit_in_process as in_process

BOM = b"\xef\xbb\xbf"


def _rejects(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def _texts(path: Path) -> list[str]:
    return [orjson.loads(line)["text"] for line in path.read_bytes().splitlines()]


def test_boms_crlf_nul_and_empty_files_are_read_or_rejected_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "dir.jsonl").mkdir(parents=True)  # a directory named like a file: read as a directory
    (root / "dir.jsonl" / "inner.jsonl").write_bytes(b'{"id":1,"text":"\xe7\x94\xb2,\xe4\xb9\x99"}\n')
    # a BOM opening the file, CRLF line ends
    (root / "bom.jsonl").write_bytes(BOM + b'{"id":1,"text":"a"}\r\n{"id":2,"text":"b"}\r\n')
    # two files joined with `cat`, the second opening with a BOM: mid-file, on its first line
    (root / "cat.jsonl").write_bytes(b'{"id":1,"text":"c"}\n' + BOM + b'{"id":2,"text":"d"}\n')
    # a raw NUL inside a JSON string is invalid JSON; an escaped one is text
    (root / "nul.jsonl").write_bytes(b'{"id":1,"text":"e\x00f"}\n{"id":2,"text":"g\\u0000h"}\n')
    (root / "empty.jsonl").write_bytes(b"")
    (root / "blank.jsonl").write_bytes(b"\n \r\n\n")
    done = in_process("clean", "in", "-o", "out", "--no-annotations", "-q", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert b"read 7 = written 6 + dropped 0 + rejected 1" in done.stderr
    out = tmp_path / "out"
    assert _texts(out / "bom.jsonl") == ["a", "b"]
    assert _texts(out / "cat.jsonl") == ["c", "d"]
    assert _texts(out / "nul.jsonl") == ["gh"]
    assert _texts(out / "dir.jsonl" / "inner.jsonl") == ["甲，乙"]
    assert (out / "empty.jsonl").read_bytes() == b"" and (out / "blank.jsonl").read_bytes() == b""
    [reject] = _rejects(tmp_path / "out.rejects.jsonl")
    assert (reject["file"], reject["line"]) == ("in/nul.jsonl", 1)
    assert "invalid JSON" in str(reject["reason"]) and "control character" in str(reject["reason"])


def test_an_output_directory_that_is_the_input_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.txt").write_text("甲,乙\n", encoding="utf-8")
    (tmp_path / "clean" / "crawl").mkdir(parents=True)
    (tmp_path / "clean" / "crawl" / "b.txt").write_text("甲,乙\n", encoding="utf-8")
    done = in_process("clean", "crawl", "-o", "crawl", cwd=tmp_path)
    assert done.returncode == 2, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert b"the input 'crawl' is the output directory" in done.stderr
    assert sorted(p.name for p in (tmp_path / "crawl").iterdir()) == ["a.txt"]
    inside = in_process("clean", "clean/crawl", "-o", "clean", cwd=tmp_path)
    assert inside.returncode == 2 and b"is inside the output directory 'clean'" in inside.stderr
    assert sorted(p.name for p in (tmp_path / "clean").iterdir()) == ["crawl"]


def test_files_below_an_output_directory_inside_the_input_are_not_skipped_silently(tmp_path: Path) -> None:
    # crawl/clean/ holds a page of the crawl; `-o crawl/clean` leaves it unread (outputs are
    # never read back as inputs), and says so
    (tmp_path / "crawl" / "clean").mkdir(parents=True)
    (tmp_path / "crawl" / "a.txt").write_text("甲,乙\n", encoding="utf-8")
    (tmp_path / "crawl" / "clean" / "b.txt").write_text("丙,丁\n", encoding="utf-8")
    done = in_process("clean", "crawl", "-o", "crawl/clean", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert b"normkit: warning: 1 file below the output directory 'crawl/clean' is not read" in done.stderr
    assert b"crawl/clean/b.txt" in done.stderr
    assert (tmp_path / "crawl" / "clean" / "a.txt").read_text(encoding="utf-8") == "甲，乙\n"
    # once it is moved away, a rerun finds only its own outputs there: no warning
    (tmp_path / "crawl" / "clean" / "b.txt").rename(tmp_path / "crawl" / "b.txt")
    again = in_process("clean", "crawl", "-o", "crawl/clean", "-q", cwd=tmp_path)
    assert again.returncode == 0 and b"warning" not in again.stderr, again.stderr


@pytest.mark.parametrize(
    "args", [["crawl/sub/a.txt", "crawl/sub/a.txt"], ["crawl", "crawl/sub/b.txt"], ["crawl", "crawl/sub"]]
)
def test_an_input_named_twice_is_one_error_and_nothing_is_written(tmp_path: Path, args: list[str]) -> None:
    # read twice, it would be in the corpus twice (under two names, when the second
    # argument mirrors it elsewhere)
    (tmp_path / "crawl" / "sub").mkdir(parents=True)
    (tmp_path / "crawl" / "sub" / "a.txt").write_text("甲,乙\n", encoding="utf-8")
    (tmp_path / "crawl" / "sub" / "b.txt").write_text("丙,丁\n", encoding="utf-8")
    done = in_process("clean", *args, "-o", "out", cwd=tmp_path)
    assert done.returncode == 2, done.stderr.decode()
    assert b"Traceback" not in done.stderr and b"is named twice" in done.stderr
    assert not (tmp_path / "out").exists()  # refused before anything was created


@pytest.mark.parametrize("clash", ["two inputs", "a side file"])
def test_a_plan_refused_late_leaves_no_directory_in_the_output(tmp_path: Path, clash: str) -> None:
    """Output directories are made once the whole plan holds: a clash found at the second
    input (two inputs writing one output) or after the inputs (a side file that is an
    output) used to leave the first input's directories, empty, in ``-o``."""
    for top in ("d1", "d2"):
        (tmp_path / top / "sub").mkdir(parents=True)
        (tmp_path / top / "sub" / "a.jsonl").write_text('{"text": "甲,乙"}\n', encoding="utf-8")
    if clash == "two inputs":
        done = in_process("clean", "d1", "d2", "-o", "out", cwd=tmp_path)
    else:
        done = in_process("clean", "d1", "-o", "out", "--explain", "out/sub/a.jsonl", cwd=tmp_path)
    assert done.returncode == 2, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flag", ["--rejects", "--explain", "--stats-json", "--dropped"])
@pytest.mark.parametrize("target", ["a.jsonl", "out.jsonl"])
def test_a_side_file_on_an_input_or_the_output_is_refused(tmp_path: Path, flag: str, target: str) -> None:
    # `--rejects a.jsonl` used to truncate the input a.jsonl, `--explain a.jsonl` deleted it,
    # `--stats-json a.jsonl` overwrote it at the end of the run
    data = b'{"id":1,"text":"\xe7\x94\xb2,\xe4\xb9\x99"}\n{broken\n'
    (tmp_path / "a.jsonl").write_bytes(data)
    extra = ["--drop-if", "chars > 100"] if flag == "--dropped" else []
    done = in_process("clean", "a.jsonl", "-o", "out.jsonl", flag, target, *extra, cwd=tmp_path)
    assert done.returncode == 2, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    what = b"an input" if target == "a.jsonl" else b"the output"
    assert f"{flag} {target!r} is ".encode() + what in done.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_file_names_of_undecodable_bytes_or_newlines_are_cleaned_and_named_in_rejects(
    tmp_path: Path, workers: str
) -> None:
    # a name that is no UTF-8 used to end the run (exit 4, nothing written) when its first
    # reject line was serialised
    (tmp_path / "in").mkdir()
    bad = os.fsencode(tmp_path / "in") + b"/bad\xffname.jsonl"
    Path(os.fsdecode(bad)).write_bytes(b'{"id":1,"text":"\xe7\x94\xb2,\xe4\xb9\x99"}\n{broken\n')
    (tmp_path / "in" / "new\nline.jsonl").write_bytes(b"{broken\n")
    done = in_process("clean", "in", "-o", "out", "-j", workers, "--explain", "ex.jsonl", cwd=tmp_path)
    assert done.returncode == 3, done.stderr.decode()
    assert b"read 3 = written 1 + dropped 0 + rejected 2" in done.stderr
    assert sorted(os.listdir(os.fsencode(tmp_path / "out"))) == [b"bad\xffname.jsonl", b"new\nline.jsonl"]
    assert [(r["file"], r["line"]) for r in _rejects(tmp_path / "out.rejects.jsonl")] == [
        ("in/bad\\xffname.jsonl", 2),
        ("in/new\nline.jsonl", 1),
    ]
    assert orjson.loads((tmp_path / "ex.jsonl").read_bytes())["file"] == "in/bad\\xffname.jsonl"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_name_near_the_length_limit_is_cleaned(tmp_path: Path, workers: str) -> None:
    # 246 bytes, a legal name (a page title), left no room for the temporary name's mark:
    # "File name too long" ended the run (exit 4)
    name = "页" * 80 + ".jsonl"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(b'{"id":1,"text":"\xe7\x94\xb2,\xe4\xb9\x99"}\n')
    (tmp_path / "in" / "z.jsonl").write_bytes(b'{"id":1,"text":"a"}\n')
    (tmp_path / "out").mkdir()
    leftover = temp_name(tmp_path / "out" / name)  # of an interrupted run: removed
    leftover.write_bytes(b"half")
    done = in_process("clean", "in", "-o", "out", "-j", workers, "--no-annotations", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert _texts(tmp_path / "out" / name) == ["甲，乙"]
    assert sorted(os.listdir(tmp_path / "out")) == sorted([name, "z.jsonl"])
