"""End-to-end (the real ``normkit`` in a subprocess): numbers that tell the truth, input that
is never corrupted, rejects written once, and hostile inputs that become rejects.

Each test here failed on the code before issue 16 was fixed.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import pytest
import zstandard

from test_cli_support import SRC, normkit


def _changed_steps(stats: dict[str, object]) -> dict[str, tuple[int, int]]:
    steps = stats["steps"]
    assert isinstance(steps, dict)
    return {n: (s["chars_removed"], s["chars_added"]) for n, s in steps.items() if s["changed"]}


def test_statistics_count_real_edits_by_hand(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "她说,好的,我们走吧,明天见。\n等一下...然后。\n尾巴  \n", encoding="utf-8"
    )
    done = normkit("clean", "a.txt", "-o", "out.txt", "--stats-json", "s.json", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    steps = _changed_steps(json.loads((tmp_path / "s.json").read_text()))
    # three widened commas: three characters out, three in; "..." -> "……": three out, two in
    assert steps == {"punctuation.width": (3, 3), "punctuation.ellipsis": (3, 2), "layout.whitespace": (2, 0)}


def test_statistics_equal_the_sizes_of_the_explained_changes(tmp_path: Path) -> None:
    text = "她说,好的,我们走吧,明天见\n\n\n\n北京是首都...真的!\n  缩进的行  \n第二段,也有逗号;和分号\n"
    (tmp_path / "a.jsonl").write_bytes(
        b"".join(orjson.dumps({"id": i, "text": text * i}) + b"\n" for i in (1, 2, 3))
    )
    done = normkit(
        "clean", "a.jsonl", "-o", "out.jsonl", "--stats-json", "s.json", "--explain", "ex.jsonl", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr.decode()
    explained: dict[str, list[int]] = {}
    for line in (tmp_path / "ex.jsonl").read_bytes().splitlines():
        for change in orjson.loads(line)["changes"]:
            sums = explained.setdefault(change["normaliser"], [0, 0])
            sums[0] += len(change["old"])
            sums[1] += len(change["new"])
    steps = _changed_steps(json.loads((tmp_path / "s.json").read_text()))
    assert steps == {n: tuple(v) for n, v in explained.items()}
    assert steps["punctuation.width"] == (36, 36)  # six marks per copy, six copies


# --- input handling never corrupts ------------------------------------------------------

_STDIN_JSONL = '{"id":1,"text":"你好,世界!"}\n{"id":2,"text":"再见,世界"}\n'.encode()


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_compressed_jsonl_on_stdin_is_read_as_jsonl(tmp_path: Path, compression: str) -> None:
    data = (
        gzip.compress(_STDIN_JSONL)
        if compression == "gz"
        else zstandard.ZstdCompressor().compress(_STDIN_JSONL)
    )
    done = normkit("clean", "-q", "--no-annotations", cwd=tmp_path, stdin=data)
    assert done.returncode == 0, done.stderr.decode()
    assert [orjson.loads(line) for line in done.stdout.splitlines()] == [
        {"id": 1, "text": "你好，世界！"},
        {"id": 2, "text": "再见，世界"},
    ]
    assert b"read 2 = written 2" in done.stderr


def test_text_is_spliced_only_into_the_real_text_field(tmp_path: Path) -> None:
    # the first key only contains the spelling of "text"; the second is "text" written with an
    # escape, and the parser's; both hold the same value, so only the key tells them apart
    value = "甲,乙".encode()
    raw = b'{"\\"text":"' + value + b'","t\\u0065xt":"' + value + b'"}\n'
    (tmp_path / "a.jsonl").write_bytes(raw)
    done = normkit("clean", "a.jsonl", "-o", "out.jsonl", "--no-annotations", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    expected = b'{"\\"text":"' + value + b'","t\\u0065xt":"' + "甲，乙".encode() + b'"}\n'
    assert (tmp_path / "out.jsonl").read_bytes() == expected


def test_duplicate_keys_and_big_integers_pass_through(tmp_path: Path) -> None:
    raw = (
        b'{"id":123456789012345678901234567890,"text":"old","x":0.10000000000000000001,"text":"'
        + "甲,乙".encode()
        + b'"}\n'
    )
    (tmp_path / "a.jsonl").write_bytes(raw)
    done = normkit("clean", "a.jsonl", "-o", "out.jsonl", "--no-annotations", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    # the text the parser keeps (the last) is replaced; every other byte stays
    assert (tmp_path / "out.jsonl").read_bytes() == raw.replace("甲,乙".encode(), "甲，乙".encode())


# --- rejects written once: faults and reruns --------------------------------------------

FAULTS = Path(__file__).resolve().parent / "faultfs"


def _faulty(*args: object, cwd: Path, fault_dir: Path, **faults: object) -> tuple[int, bytes]:
    """``normkit`` in a subprocess whose writes below ``fault_dir`` meet a simulated fault
    (``full=N``: the disk holds N bytes, then ENOSPC; ``kill=N``: SIGKILL in the N-th write
    to a file named ``*suffix``); its exit status and standard error (kept in a file, so a
    worker left behind by a killed run cannot hold a pipe open)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(FAULTS), str(SRC), env.get("PYTHONPATH", "")])
    env["NORMKIT_FAULT_DIR"] = str(fault_dir)
    for name, value in faults.items():
        env[f"NORMKIT_FAULT_{name.upper()}"] = str(value)
    for name in ("NORMKIT_LOAD_PLUGINS", "NORMKIT_DISABLE_PLUGINS"):
        env.pop(name, None)
    with tempfile.TemporaryFile() as err:
        command = [sys.executable, "-m", "normkit.cli", *map(str, args)]
        done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=env, timeout=120)
        err.seek(0)
        return done.returncode, err.read()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fault_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Inputs with bad records in every file, and one file big enough to be split in pieces."""
    root = tmp_path_factory.mktemp("faults") / "in"
    root.mkdir()
    for k in range(4):
        lines = [orjson.dumps({"id": f"{k}-{i}", "text": f"第{i}行,文字!"}) for i in range(30)]
        lines[7] = b'{"id": "broken", "text": '  # invalid JSON: a reject
        lines[20] = orjson.dumps({"id": "no text"})  # missing text: a reject
        (root / f"f{k}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    big = [orjson.dumps({"id": i, "text": "中文文本,好的。" * 500}) for i in range(160)]
    for i in range(0, len(big), 12):
        big[i] = b"{not json " + b"x" * 100
    # named to come last: the other outputs are in place when it fails
    (root / "z-big.jsonl").write_bytes(b"\n".join(big) + b"\n")
    return root


def _run_into(disk: Path, corpus: Path, workers: int = 2, **faults: object) -> tuple[int, bytes]:
    disk.mkdir(exist_ok=True)
    args = ("clean", corpus, "-o", disk / "out", "-j", workers, "--shard-size", 1, "-q")
    return _faulty(*args, cwd=disk, fault_dir=disk, **faults)


@pytest.fixture(scope="module")
def fault_reference(fault_corpus: Path) -> dict[str, bytes]:
    status, err = _run_into(fault_corpus.parent / "reference", fault_corpus)
    assert status == 3, err.decode()  # done, with rejects
    return _tree(fault_corpus.parent / "reference")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "at", "suffix", "workers"),
    [
        ("full", 0.5, "", 2),  # the disk fills while pieces are written
        ("full", 0.97, "", 2),  # ... while a split file's pieces are joined, its rejects appended
        ("kill", 2, "rejects.jsonl", 1),  # killed in the middle of appending rejects: a torn line
    ],
)
def test_a_full_disk_or_a_kill_then_a_rerun_gives_the_uninterrupted_result(
    fault_corpus: Path, fault_reference: dict[str, bytes], fault: str, at: float, suffix: str, workers: int
) -> None:
    disk = fault_corpus.parent / f"disk-{fault}-{at}"
    limit = int(sum(map(len, fault_reference.values())) * at) if fault == "full" else int(at)
    status, err = _run_into(disk, fault_corpus, workers, suffix=suffix, **{fault: limit})
    assert status != 0
    if fault == "full":
        assert b"No space left on device" in err and b"Traceback" not in err
    status, err = _run_into(disk, fault_corpus)
    assert status == 3, err.decode()
    assert _tree(disk) == fault_reference  # outputs and rejects, byte for byte: none twice, none torn
    for line in (disk / "out.rejects.jsonl").read_bytes().splitlines(keepends=True):
        assert line.endswith(b"\n") and orjson.loads(line)["reason"]
