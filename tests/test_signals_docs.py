"""The Python examples of docs/signals.md run, and every built-in signal is documented there."""

from __future__ import annotations

import re
from pathlib import Path

from normkit.signals import signal_set

DOC = Path(__file__).resolve().parent.parent / "docs" / "signals.md"


def test_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})  # our own documentation


def test_every_signal_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for signal in signal_set().signals:
        assert f"| `{signal.name}` | {signal.type} |" in text, signal.name
