"""No normaliser backtracks catastrophically: each input built to hurt, under a generous limit.

The limit is a guard against runaway (exponential or quadratic) regular expressions,
tens of times what linear work needs; the timing itself is measured in
``benchmarks/bench_pathological.py``, never asserted here.
"""

from __future__ import annotations

import pytest

import normkit
from normkit.testing import pathological_inputs

SIZE = 200_000
GENEROUS_SECONDS = 30.0
INPUTS = pathological_inputs(SIZE)
NAMES = [r.cls.name for r in normkit.get_registry().registrations() if r.distribution == "normkit"]


@pytest.mark.parametrize("name", NAMES)
def test_every_normaliser_survives_every_pathological_input(name: str) -> None:
    pipe = normkit.Pipeline(steps=[name], step_time_limit=GENEROUS_SECONDS)
    for label, text in INPUTS.items():
        try:
            out = pipe.clean(text)
        except normkit.StepFailed as exc:  # pragma: no cover - the failure is the message
            pytest.fail(f"{name} on {label!r} ({SIZE} chars): {exc}")
        assert isinstance(out, str)


def test_the_default_chain_survives_a_single_long_line() -> None:
    text = "这是一个很长的句子，" * 200_000
    pipe = normkit.Pipeline.from_profile("default", step_time_limit=GENEROUS_SECONDS * 2)
    assert pipe.clean(text)
