"""Issue 16 audited against the code (each scenario reproduced by hand, then pinned here):
the defects that an end-to-end run still showed, each a real ``normkit`` subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def environ() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(SRC)
    return env


@pytest.mark.parametrize(
    "args",
    [
        ["big.txt"],  # one document: its whole text in one write
        ["big.txt", "--line-docs", "-j", "2", "--shard-size", "1"],  # one piece of a worker, copied out whole
    ],
)
def test_a_pipe_closed_during_a_long_write_is_exit_141_not_success(tmp_path: Path, args: list[str]) -> None:
    # `normkit clean big.txt | head -c 10`: the reader goes away while one write of
    # megabytes is under way; the write returns short instead of raising, and the run
    # used to end with exit 0 and its summary, as if everything had been delivered.
    (tmp_path / "big.txt").write_text("你好,世界\n" * 60_000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", "clean", *args, "-q", "--profile", "minimal"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10)  # blocks until the long write has begun
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 141, err.decode()
    assert b"Traceback" not in err and b"documents:" not in err


@pytest.mark.skipif(shutil.which("capsh") is None, reason="needs capsh to drop root's file capabilities")
def test_an_unreadable_file_is_a_reject_even_for_root(tmp_path: Path) -> None:
    # `test_cli_data.py::test_an_unreadable_file_is_a_reject` is skipped as root (CI runs
    # as root); without CAP_DAC_OVERRIDE root meets the file mode too, so this runs there.
    if os.geteuid() != 0:
        pytest.skip("the plain test covers a non-root user")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("你好,世界\n", encoding="utf-8")
    (corpus / "b.txt").write_text("再见\n", encoding="utf-8")
    (corpus / "b.txt").chmod(0)
    command = f"{sys.executable} -m normkit.cli clean in -o out -q --profile minimal"
    done = subprocess.run(
        ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", command],
        cwd=tmp_path,
        capture_output=True,
        env=environ(),
        timeout=120,
    )
    assert done.returncode == 3, done.stderr.decode()
    assert b"read 2 = written 1 + dropped 0 + rejected 1" in done.stderr
    (reject,) = [orjson.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_bytes().splitlines()]
    assert reject["file"] == "in/b.txt" and reject["reason"] == "cannot be read: Permission denied"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


def group_alive(pgid: int) -> list[str]:
    """Processes of group ``pgid`` still running (zombies, already dead, left out)."""
    listing = subprocess.run(
        ["ps", "-o", "stat=,pid=,args=", "-g", str(pgid)], capture_output=True, text=True
    )
    return [
        line for line in listing.stdout.splitlines() if line.strip() and not line.lstrip().startswith("Z")
    ]


@pytest.mark.slow
def test_a_killed_parallel_run_says_nothing_after_it_is_gone(tmp_path: Path) -> None:
    # After `kill -9` of a `-j 2` run, Python's resource tracker (which outlives it for a
    # moment to remove the run's semaphores) printed a two-line UserWarning about "leaked
    # semaphore objects" into the caller's stderr, after the run was gone.
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(4):
        (corpus / f"f{n}.txt").write_text("你好,世界\n" * 40_000, encoding="utf-8")
    command = [sys.executable, "-m", "normkit.cli", "clean", "in", "-o", "out", "-j", "2", "--line-docs"]
    proc = subprocess.Popen(
        [*command, "--shard-size", "1", "--profile", "minimal", "-q"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(group_alive(proc.pid)) < 4 and time.monotonic() < deadline:  # run, forkserver, workers
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1].decode()
    time.sleep(0.5)
    proc.kill()
    _, err = proc.communicate(timeout=60)  # returns once no process holds the pipes
    time.sleep(1)
    assert group_alive(proc.pid) == []
    assert err == b"", err.decode()
