"""Plugins for real: the example package installed, listed, used, blocked; loading errors."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import normkit
from fakeplugins import run_python
from normkit import Normaliser, PluginError, Stage
from normkit._registry import build_registry
from test_cli_support import fresh_process, normkit_in_process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "plugins" / "normkit-example"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin installed by pip into a folder of its own (built from a copy:
    pip builds in the source tree, which concurrent runs would share)."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("example") / EXAMPLE.name
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return target


def _python(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    proc = run_python(site, *args, **env)
    assert proc.returncode == 0, proc.stderr
    return proc


def _normkit(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``normkit ARGS`` with ``site`` installed, in this process (a subprocess would prove
    nothing more: ``_python`` shows the plugin found by a fresh interpreter)."""
    done = normkit_in_process(*args, cwd=site, env=env, site=site)
    assert done.returncode == 0, done.stderr
    return subprocess.CompletedProcess(done.args, 0, done.stdout.decode(), done.stderr.decode())


def test_installed_plugin_is_listed(site: Path) -> None:
    rows = json.loads(_normkit(site, "plugins", "--json").stdout)
    mine = [r for r in rows if r["name"] == "example.fullwidth_ascii"]
    assert len(mine) == 1
    assert mine[0]["distribution"] == "normkit-example"
    assert mine[0]["distribution_version"] == "0.1.0"
    assert mine[0]["stage"] == "unicode"
    names = [r["name"] for r in rows]
    assert (
        names.index("unicode.controls")
        < names.index("example.fullwidth_ascii")
        < names.index("layout.whitespace")
    )


def test_installed_plugin_runs_in_a_chain_by_name(site: Path) -> None:
    code = (
        "import normkit; print(normkit.Pipeline(enable=['example.fullwidth_ascii']).clean('ＡＢＣ１２３，好'))\n"
        "print(normkit.clean('ＡＢＣ１２３', steps=['example.fullwidth_ascii']))"
    )
    assert _python(site, code).stdout == "ABC123，好\nABC123\n"


@pytest.mark.parametrize("variable", ["NORMKIT_DISABLE_PLUGINS", "NORMKIT_LOAD_PLUGINS"])
def test_environment_blocks_the_plugin(site: Path, variable: str) -> None:
    value = "normkit-example" if variable == "NORMKIT_DISABLE_PLUGINS" else ""
    names = [r["name"] for r in json.loads(_normkit(site, "plugins", "--json", **{variable: value}).stdout)]
    assert "example.fullwidth_ascii" not in names
    assert "unicode.controls" in names


def test_load_plugins_lists_what_to_load(site: Path) -> None:
    env = {"NORMKIT_LOAD_PLUGINS": "normkit_example"}
    names = [r["name"] for r in json.loads(_normkit(site, "plugins", "--json", **env).stdout)]
    assert "example.fullwidth_ascii" in names


class _Twin(Normaliser):
    name = "unicode.controls"
    stage = Stage.DECODE
    description = "a second normaliser with a taken name"


class _Duplicate:
    @normkit.hookimpl
    def normkit_register_normalisers(self, register: normkit.Register) -> None:
        register(_Twin)


class _UnknownHook:
    @normkit.hookimpl
    def normkit_no_such_hook(self) -> None: ...


def _registry_with(plugin: object, name: str) -> normkit._registry.Registry:
    manager_registry = build_registry(load_entry_points=False)
    manager_registry.manager.register(plugin, name=name)
    manager_registry.manager.check_pending()
    return normkit._registry.Registry(manager_registry.manager, {})


def test_duplicate_names_name_both_plugins() -> None:
    with pytest.raises(
        PluginError, match=r"registered twice.*normkit\.normalisers\.unicode.*duplicate-plugin"
    ):
        _registry_with(_Duplicate(), "duplicate-plugin")


def test_unknown_hook_names_the_plugin() -> None:
    registry = build_registry(load_entry_points=False)
    registry.manager.register(_UnknownHook(), name="stray-plugin")
    with pytest.raises(Exception, match=r"stray-plugin|normkit_no_such_hook"):
        registry.manager.check_pending()


def test_the_example_plugins_own_tests_pass(site: Path) -> None:
    """Each test function of the example's own tests, called in this process with the
    plugin installed (a plugin author runs them with pytest: the slow test below)."""
    with fresh_process(site):
        spec = importlib.util.spec_from_file_location("example_tests", EXAMPLE / "tests" / "test_example.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tests = [value for name, value in vars(module).items() if name.startswith("test_")]
        assert len(tests) >= 3
        for test in tests:
            test()


@pytest.mark.slow
def test_the_example_plugins_own_tests_pass_under_pytest(site: Path) -> None:
    proc = run_python(
        site,
        "import sys, pytest; sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', sys.argv[1]]))",
        str(EXAMPLE / "tests"),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
