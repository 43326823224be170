"""Plugins that misbehave: errors name the distribution; --skip-broken-plugins skips them.

The plugins are installed in a folder of their own and found through their entry points,
in this process as a fresh one would see it (``fresh_process``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import normkit
from fakeplugins import install
from test_cli_support import fresh_process

GOOD = """
    import normkit

    class Upper(normkit.Normaliser):
        name = "good.upper"
        stage = normkit.Stage.INLINE
        description = "upper-case"
        def normalise(self, text, ctx):
            return text.upper()

    @normkit.hookimpl
    def normkit_register_normalisers(register):
        register(Upper)
"""

BROKEN = {
    "fails-to-import": "import no_such_module_anywhere\n",
    "raises-registering": """
        import normkit

        @normkit.hookimpl
        def normkit_register_normalisers(register):
            raise RuntimeError("cannot register today")
    """,
    "registers-junk": """
        import normkit

        @normkit.hookimpl
        def normkit_register_normalisers(register):
            register(object)
    """,
    "unknown-hook": """
        import normkit

        @normkit.hookimpl
        def normkit_register_everything(register):
            pass
    """,
}
EXPECTED = {
    "fails-to-import": "ModuleNotFoundError",
    "raises-registering": "cannot register today",
    "registers-junk": "not a Normaliser subclass",
    "unknown-hook": "normkit_register_everything",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_plugin_is_an_error_naming_its_distribution(tmp_path: Path, kind: str) -> None:
    install(tmp_path, "good-plugin", GOOD)
    install(tmp_path, kind, BROKEN[kind])
    with fresh_process(tmp_path), pytest.raises(normkit.PluginError) as caught:
        normkit.get_registry()
    message = str(caught.value)
    assert kind in message or kind.replace("-", "_") in message
    assert EXPECTED[kind] in message


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_skip_broken_plugins_warns_and_keeps_the_rest(tmp_path: Path, kind: str) -> None:
    install(tmp_path, "good-plugin", GOOD)
    install(tmp_path, kind, BROKEN[kind])
    skip = {"NORMKIT_SKIP_BROKEN_PLUGINS": "1"}
    with fresh_process(tmp_path, skip), pytest.warns(normkit.BrokenPluginWarning) as warned:
        names = normkit.get_registry().names()
    assert "good.upper" in names and "unicode.controls" in names
    assert any(EXPECTED[kind] in str(w.message) for w in warned)


def test_a_plugin_that_raises_or_returns_junk_while_cleaning_is_named(tmp_path: Path) -> None:
    install(
        tmp_path,
        "bad-cleaner",
        """
        import time
        import normkit

        class Boom(normkit.Normaliser):
            name = "bad.boom"
            stage = normkit.Stage.INLINE
            description = "raises"
            def normalise(self, text, ctx):
                raise ValueError("bad input " + text)

        class Junk(normkit.Normaliser):
            name = "bad.junk"
            stage = normkit.Stage.INLINE
            description = "returns a list"
            def normalise(self, text, ctx):
                return [text]

        class Slow(normkit.Normaliser):
            name = "bad.slow"
            stage = normkit.Stage.INLINE
            description = "loops, swallowing exceptions"
            def normalise(self, text, ctx):
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    try:
                        time.sleep(0.01)
                    except Exception:
                        pass
                return text

        @normkit.hookimpl
        def normkit_register_normalisers(register):
            register(Boom)
            register(Junk)
            register(Slow)
        """,
    )
    lines = []
    with fresh_process(tmp_path):
        for name in ["bad.boom", "bad.junk", "bad.slow"]:
            pipe = normkit.Pipeline(steps=[name], step_time_limit=0.5)
            with pytest.raises(normkit.StepFailed) as caught:
                pipe.clean("x")
            lines.append(f"{caught.value.normaliser} | {caught.value}")
            lines.append(normkit.Pipeline(steps=["unicode.controls"]).clean("still works"))
    assert lines[0] == "bad.boom | normaliser bad.boom failed: ValueError: bad input x"
    assert lines[2] == "bad.junk | normaliser bad.junk failed: returned list, not str"
    assert lines[4] == "bad.slow | normaliser bad.slow failed: took longer than 0.5 s"
    assert lines[1] == lines[3] == lines[5] == "still works"
