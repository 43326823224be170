"""The step time limit works without signals: in any thread, swallowed or not, and it is
on by default in the adapters (issue 16, item 5)."""

from __future__ import annotations

import threading
import time

import pytest

import normkit
from normkit._timelimit import DEFAULT_STEP_TIMEOUT, StepTimeout, default_step_timeout, time_limit


class Spin(normkit.Normaliser):
    name = "test.spin"
    stage = normkit.Stage.INLINE
    description = "loops, swallowing ordinary exceptions"

    def normalise(self, text: str, ctx: normkit.Context) -> str:
        while "SPIN" in text:
            try:  # noqa: SIM105 - a plugin that swallows exceptions, on purpose
                time.sleep(0.001)
            except Exception:
                pass
        return text


def _pipeline() -> normkit.Pipeline:
    pipe = normkit.Pipeline(steps=["unicode.controls"], step_time_limit=0.2)
    pipe.steps = [Spin(), *pipe.steps]
    pipe.stats.step(Spin.name)
    return pipe


def test_a_looping_step_is_stopped_off_the_main_thread() -> None:
    pipe = _pipeline()
    outcome: list[object] = []

    def work() -> None:
        try:
            pipe.clean("SPIN")
        except normkit.StepFailed as exc:
            outcome.append(exc)
        outcome.append(pipe.clean("still works\u200b"))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    failed, after = outcome
    assert isinstance(failed, normkit.StepFailed) and failed.normaliser == "test.spin"
    assert "took longer than 0.2 s" in str(failed)
    assert after == "still works"


def test_no_timeout_surfaces_after_the_block() -> None:
    for _ in range(200):
        with time_limit(0.001):
            pass
    time.sleep(0.1)  # a late exception would be raised here


def test_time_limit_raises_in_its_block() -> None:
    with pytest.raises(StepTimeout), time_limit(0.05):
        while True:
            time.sleep(0.001)


def test_on_by_default_in_the_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    from normkit.adapters._columns import chain_config, pipeline_for

    monkeypatch.delenv("NORMKIT_STEP_TIMEOUT", raising=False)
    assert default_step_timeout() == DEFAULT_STEP_TIMEOUT
    assert pipeline_for(chain_config("default", None, None, (), ())).step_time_limit == DEFAULT_STEP_TIMEOUT
    monkeypatch.setenv("NORMKIT_STEP_TIMEOUT", "0")
    assert default_step_timeout() is None
    monkeypatch.setenv("NORMKIT_STEP_TIMEOUT", "2.5")
    assert default_step_timeout() == 2.5
