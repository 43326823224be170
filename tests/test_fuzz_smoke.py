"""A short run of every fuzz harness, so that CI notices a harness (or a crash) at once.

Long runs are for developers: see fuzz/README.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")

#: Starting Ray / running the fuzz harnesses takes 10-60 s: left to the full run (-m "").
pytestmark = pytest.mark.slow

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
HARNESSES = sorted(FUZZ.glob("fuzz_*.py"))


@pytest.mark.parametrize("harness", HARNESSES, ids=[h.stem for h in HARNESSES])
def test_harness_smoke_run(harness: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(harness), "-runs=3000", "-max_total_time=60", f"-artifact_prefix={tmp_path}/"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr
