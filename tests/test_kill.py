"""Parallel runs killed at random moments (SIGKILL, SIGTERM) leave no process behind, and a
rerun gives outputs and rejects byte-identical to an uninterrupted run (issue 16, item 6)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakeplugins import ROOT

SRC = ROOT / "src"


def _corpus(root: Path) -> None:
    rng = random.Random(16)
    root.mkdir()
    for f in range(3):
        lines = []
        for i in range(4_000):
            if i % 397 == 13:
                lines.append(f'{{"id": {i}, "text": broken json}}')  # a reject
                continue
            text = f"你好,世界!  第{i}行。 " * rng.randint(1, 12)
            lines.append(f'{{"id": {i}, "text": "{text}"}}')
        (root / f"part{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "page.txt").write_text("一段文字,没有問題。\n" * 2000, encoding="utf-8")


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NORMKIT_")}
    env["PYTHONPATH"] = str(SRC)
    return subprocess.Popen(
        [sys.executable, "-m", "normkit.cli", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own session: every process of the run can be found
    )


def _alive_in_session(sid: int) -> list[str]:
    """Processes (not zombies) of session ``sid``."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(text[: text.rindex(")") + 1])
    return alive


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killed_parallel_runs_leave_nothing_and_resume_identically(tmp_path: Path) -> None:
    _corpus(tmp_path / "in")
    args = ["clean", "in", "-o", "{out}", "-j", "2", "--shard-size", "1", "-q"]

    def argv(out: str) -> list[str]:
        return [a.replace("{out}", out) for a in args]

    started = time.monotonic()
    reference = _start(argv("ref"), tmp_path)
    _, err = reference.communicate(timeout=300)
    duration = time.monotonic() - started
    assert reference.returncode == 3, err.decode()  # rejects, by design of the corpus
    expected = _tree(tmp_path / "ref"), (tmp_path / "ref.rejects.jsonl").read_bytes()

    rng = random.Random(6)
    for n, sig in enumerate([signal.SIGKILL, signal.SIGTERM] * 2):
        out = f"out{n}"
        proc = _start(argv(out), tmp_path)
        time.sleep(rng.uniform(0.2, max(0.3, duration * 0.9)))
        proc.send_signal(sig)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 5
        while _alive_in_session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive_in_session(proc.pid) == [], f"{sig!r}: processes of the run left alive"
        if sig == signal.SIGTERM and proc.returncode not in (0, 3):
            assert proc.returncode == 143, proc.stderr.read() if proc.stderr else b""
        rerun = _start(argv(out), tmp_path)
        _, err = rerun.communicate(timeout=300)
        # 0 when the signal came after the run had finished: the rerun has nothing left to do
        assert rerun.returncode in (0, 3), err.decode()
        assert (_tree(tmp_path / out), (tmp_path / f"{out}.rejects.jsonl").read_bytes()) == expected, (
            f"run {n} ({sig!r}) then a rerun differs from an uninterrupted run"
        )
