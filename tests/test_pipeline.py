"""The engine: clean, process, explanations, dropped lines, statistics, failures, public API."""

from __future__ import annotations

import pytest

import normkit
from normkit import Context, Document, LineFilter, Normaliser, Pipeline, Stage, Stats, StepFailed
from normkit._registry import Registry, build_registry


def test_clean_the_issue_example() -> None:
    assert normkit.clean("  第一行\u200b\u3000\n\n\n第二行  ") == "第一行\n\n第二行"


def test_clean_with_steps_and_options() -> None:
    assert (
        normkit.clean(
            "a\n\n\nb", steps=["layout.whitespace"], options={"layout.whitespace": {"max_blank_lines": 0}}
        )
        == "a\nb"
    )
    assert normkit.clean("a\u200b", steps=["layout.whitespace"]) == "a\u200b"


def test_explain_shows_each_change_with_its_normaliser() -> None:
    text = "  第一行\u200b\u3000\n\n\n第二行  "
    result = Pipeline().process(Document(text, id="d1"), explain=True)
    assert result.text == "第一行\n\n第二行"
    by_step = {c.normaliser for c in result.changes}
    assert by_step == {"unicode.controls", "unicode.spaces", "layout.whitespace"}
    zwsp = next(c for c in result.changes if c.normaliser == "unicode.controls")
    assert (zwsp.old, zwsp.new, zwsp.old_span) == ("\u200b", "", (5, 6))
    assert zwsp.reason.startswith("Remove control characters")


def test_explanations_replay_to_the_result() -> None:
    """Applying each step's changes to its input gives its output."""
    text = " 甲\u00a0乙\r\n\n\n\n丙\u200b "
    pipe = Pipeline()
    result = pipe.process(Document(text), explain=True)
    current = text
    for name in pipe.names:
        changes = [c for c in result.changes if c.normaliser == name]
        for c in reversed(changes):
            assert current[c.old_span[0] : c.old_span[1]] == c.old
            current = current[: c.old_span[0]] + c.new + current[c.old_span[1] :]
    assert current == result.text


class _DropAds(LineFilter):
    name = "test.drop_ads"
    stage = Stage.STRUCTURE
    description = "drop advert lines"

    def classify(self, lines: list[str], ctx: Context) -> dict[int, str]:
        return {i: "advert" for i, line in enumerate(lines) if line.startswith("广告")}


class _Explode(Normaliser):
    name = "test.explode"
    stage = Stage.INLINE
    description = "raise"

    def normalise(self, text: str, ctx: Context) -> str:
        raise RuntimeError("boom")


class _NotText(Normaliser):
    name = "test.not_text"
    stage = Stage.INLINE
    description = "return bytes"

    def normalise(self, text: str, ctx: Context) -> str:
        return text.encode()  # type: ignore[return-value]


class _Reasoned(Normaliser):
    name = "test.reasoned"
    stage = Stage.INLINE
    description = "generic"

    def normalise(self, text: str, ctx: Context) -> str:
        i = text.find("X")
        if i < 0:
            return text
        ctx.reason(i, i + 1, "X is not allowed")
        return text.replace("X", "")


@pytest.fixture
def registry() -> Registry:
    class Plugin:
        @normkit.hookimpl
        def normkit_register_normalisers(self, register: normkit.Register) -> None:
            for cls in (_DropAds, _Explode, _NotText, _Reasoned):
                register(cls)

    base = build_registry(load_entry_points=False)
    base.manager.register(Plugin(), name="tests")
    return Registry(base.manager, {})


def test_dropped_lines_are_reported(registry: Registry) -> None:
    pipe = Pipeline(steps=["test.drop_ads", "layout.whitespace"], registry=registry)
    result = pipe.process(Document("正文一\n广告：买\n正文二"), explain=True)
    assert result.text == "正文一\n正文二"
    assert [(d.normaliser, d.line, d.text, d.reason) for d in result.dropped] == [
        ("test.drop_ads", 2, "广告：买", "advert")
    ]
    assert pipe.stats.steps["test.drop_ads"].lines_dropped == 1
    (change,) = [c for c in result.changes if c.normaliser == "test.drop_ads"]
    assert (change.old, change.reason) == ("广告：买\n", "advert")


def test_reasons_from_the_normaliser_reach_the_explanation(registry: Registry) -> None:
    result = Pipeline(steps=["test.reasoned"], registry=registry).process(Document("aXb"), explain=True)
    assert [(c.old, c.reason) for c in result.changes] == [("X", "X is not allowed")]


@pytest.mark.parametrize(
    ("name", "message"), [("test.explode", "RuntimeError: boom"), ("test.not_text", "returned bytes")]
)
def test_a_failing_normaliser_is_named(registry: Registry, name: str, message: str) -> None:
    with pytest.raises(StepFailed, match=f"normaliser {name} failed: {message}") as info:
        Pipeline(steps=[name], registry=registry).process(Document("text"))
    assert info.value.normaliser == name


def test_statistics_count_and_add_up() -> None:
    a, b = Pipeline(), Pipeline()
    a.clean("甲\u200b")
    a.clean("clean\n")
    b.clean("乙\u00a0 ")
    total = a.stats + b.stats
    assert total.documents == 3
    controls = total.steps["unicode.controls"]
    assert (controls.documents, controls.changed, controls.chars_removed, controls.chars_added) == (
        3,
        1,
        1,
        0,
    )
    assert list(total.steps) == a.names
    assert Stats.from_dict(total.as_dict()).as_dict() == total.as_dict()


def test_unchanged_text_is_returned_as_is() -> None:
    text = "第一行\n第二行\n"
    assert Pipeline().clean(text) is text or Pipeline().clean(text) == text
    assert Pipeline().process(Document(text)).changed is False


def test_public_api_is_exactly_all() -> None:
    exported = set(normkit.__all__) - {"__version__"}
    assert exported == set(normkit._EXPORTS)
    for name in exported:
        assert getattr(normkit, name) is not None
    public = {n for n in dir(normkit) if not n.startswith("_")}
    public -= {n for n in public if type(getattr(normkit, n)).__name__ == "module"}
    assert public == exported
