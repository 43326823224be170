"""Choosing and ordering normalisers; options; configuration round-trips."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import normkit
from normkit import ChainError, ConfigError, Context, Normaliser, OptionError, Pipeline, Stage
from normkit._chain import order, select
from normkit._options import build_options
from normkit._registry import Registry, build_registry


def _make(
    name: str, stage: Stage = Stage.INLINE, after: tuple[str, ...] = (), before: tuple[str, ...] = ()
) -> type[Normaliser]:
    def normalise(self: Normaliser, text: str, ctx: Context) -> str:
        return text

    attrs = {
        "name": name,
        "stage": stage,
        "description": name,
        "after": after,
        "before": before,
        "normalise": normalise,
    }
    return type(name.replace(".", "_"), (Normaliser,), attrs)


def _registry(*classes: type[Normaliser]) -> Registry:
    class Plugin:
        @normkit.hookimpl
        def normkit_register_normalisers(self, register: normkit.Register) -> None:
            for cls in classes:
                register(cls)

    base = build_registry(load_entry_points=False)
    base.manager.register(Plugin(), name="test-plugin")
    return Registry(base.manager, {})


def test_stages_order_the_chain() -> None:
    a, b, c = (
        _make("z.layout", Stage.LAYOUT),
        _make("a.inline", Stage.INLINE),
        _make("m.decode", Stage.DECODE),
    )
    reg = _registry(a, b, c)
    assert [x.name for x in order([a, b, c], reg)] == ["m.decode", "a.inline", "z.layout"]


def test_constraints_within_a_stage_and_ties_by_name() -> None:
    a = _make("x.a", after=("x.c",))
    b = _make("x.b")
    c = _make("x.c", before=("x.b",))
    reg = _registry(a, b, c)
    assert [x.name for x in order([a, b, c], reg)] == ["x.c", "x.a", "x.b"]


def test_cycle_is_an_error_naming_the_normalisers() -> None:
    a, b = _make("x.a", after=("x.b",)), _make("x.b", after=("x.a",))
    with pytest.raises(ChainError, match=r"cycle among: x\.a, x\.b"):
        order([a, b], _registry(a, b))


def test_constraint_on_an_unknown_name_is_an_error() -> None:
    a = _make("x.a", after=("x.nowhere",))
    with pytest.raises(ChainError, match=r"x\.a declares after='x\.nowhere'"):
        order([a], _registry(a))


def test_constraint_against_the_stage_order_is_an_error() -> None:
    a = _make("x.a", Stage.DECODE, after=("x.b",))
    b = _make("x.b", Stage.LAYOUT)
    with pytest.raises(ChainError, match=r"x\.a declares after='x\.b'"):
        order([a, b], _registry(a, b))


@given(st.permutations(["p.a", "p.b", "p.c", "p.d", "p.e"]))
def test_order_is_deterministic(names: list[str]) -> None:
    classes = {n: _make(n, after=("p.a",) if n == "p.e" else ()) for n in ["p.a", "p.b", "p.c", "p.d", "p.e"]}
    reg = _registry(*classes.values())
    assert [c.name for c in order([classes[n] for n in names], reg)] == ["p.a", "p.b", "p.c", "p.d", "p.e"]


def test_profiles() -> None:
    assert "unicode.controls" in Pipeline.from_profile("minimal").names
    with pytest.raises(ConfigError, match="unknown profile 'nope'"):
        Pipeline.from_profile("nope")


def test_steps_run_only_the_named_normalisers_in_chain_order() -> None:
    pipe = Pipeline(steps=["layout.whitespace", "unicode.controls"])
    assert pipe.names == ["unicode.controls", "layout.whitespace"]
    with pytest.raises(ConfigError, match="unknown normaliser 'nope'"):
        Pipeline(steps=["nope"])


def test_enable_and_disable() -> None:
    assert "unicode.spaces" not in Pipeline(disable=["unicode.spaces"]).names
    with pytest.raises(ConfigError, match="disable: unknown normaliser"):
        Pipeline(disable=["no.such"])


def test_bad_options_name_the_normaliser_the_option_and_the_value() -> None:
    with pytest.raises(
        OptionError, match=r"layout\.whitespace: option 'max_blank_lines' = 'two': must be an integer"
    ):
        Pipeline(options={"layout.whitespace": {"max_blank_lines": "two"}})
    with pytest.raises(OptionError, match=r"option 'colour' = 1: unknown option \(valid: final_newline"):
        Pipeline(options={"layout.whitespace": {"colour": 1}})
    with pytest.raises(OptionError, match="max_blank_lines must be 0 or more"):
        Pipeline(options={"layout.whitespace": {"max_blank_lines": -1}})
    with pytest.raises(ConfigError, match="not in the chain"):
        Pipeline(steps=["unicode.controls"], options={"layout.whitespace": {"max_blank_lines": 2}})


@dataclasses.dataclass(frozen=True)
class _Typed:
    mode: Literal["a", "b"] = "a"
    words: tuple[str, ...] = ()
    ratio: float = 0.5
    flag: bool = False


def test_option_types() -> None:
    opts = build_options("t.t", _Typed, {"mode": "b", "words": ["x", "y"], "ratio": 1, "flag": True})
    assert opts == _Typed("b", ("x", "y"), 1.0, True)
    for key, value in [("mode", "c"), ("words", "xy"), ("ratio", "1"), ("flag", 1), ("words", [1])]:
        with pytest.raises(OptionError, match=f"t.t: option '{key}'"):
            build_options("t.t", _Typed, {key: value})


def test_chain_pickles_as_its_configuration() -> None:
    pipe = Pipeline(options={"layout.whitespace": {"max_blank_lines": 0}})
    data = pickle.dumps(pipe)
    assert b"WhitespaceOptions" not in data and b"Whitespace" not in data
    again = pickle.loads(data)
    assert again.config == pipe.config
    assert again.clean("a\n\n\nb") == "a\nb"


def test_select_records_every_option_value() -> None:
    config = select(build_registry(load_entry_points=False), "default")
    steps = dict(config.steps)
    assert dict(steps["layout.whitespace"])["max_blank_lines"] == 1
