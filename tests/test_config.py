"""The TOML configuration file and the --set parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from normkit import ConfigError, get_registry
from normkit.run.choose import FlagError, choose_chain
from normkit.run.config import RunConfig, find_config, load_config, parse_config, parse_setting, parse_value


def test_find_config_prefers_normkit_toml_then_pyproject_with_a_table(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None  # no [tool.normkit]
    (tmp_path / "pyproject.toml").write_text('[tool.normkit]\nprofile = "minimal"\n')
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    (tmp_path / "normkit.toml").write_text('profile = "zh-hans"\n')
    assert find_config(tmp_path) == tmp_path / "normkit.toml"


def test_load_config_reads_every_key(tmp_path: Path) -> None:
    path = tmp_path / "normkit.toml"
    path.write_text(
        'profile = "minimal"\nenable = ["unicode.spaces"]\ndisable = ["unicode.controls"]\n'
        '[options."layout.whitespace"]\nmax_blank_lines = 0\n'
        "[options.unicode.spaces]\n"  # nested tables work too
    )
    config = load_config(path, get_registry().names())
    assert config == RunConfig(
        "minimal",
        ("unicode.spaces",),
        ("unicode.controls",),
        {"layout.whitespace": {"max_blank_lines": 0}, "unicode.spaces": {}},
        str(path),
    )


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"profiles": "x"}, "unknown key 'profiles'"),
        ({"enable": "nope.x"}, "enable: unknown normaliser 'nope.x'"),
        ({"disable": [1]}, "disable must be a list"),
        ({"options": {"nope": {"x": {"a": 1}}}}, "options.nope: unknown normaliser"),
        ({"options": {"layout": {"whitespace": 3}}}, "options.layout.whitespace must be a table"),
        ({"profile": 3}, "profile must be a string"),
    ],
)
def test_bad_configurations_name_the_key(data: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.").replace("(", r"\(")):
        parse_config(data, "cfg.toml", get_registry().names())


def test_pyproject_errors_name_the_full_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.normkit]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"unknown key 'tool\.normkit\.bogus'"):
        load_config(tmp_path / "pyproject.toml")


def test_flags_override_the_file() -> None:
    file = RunConfig("minimal", ("a",), ("b",), {"n.x": {"o": 1, "p": 2}})
    merged = file.merged("default", enable=["b"], disable=["a"], options={"n.x": {"o": 3}})
    assert merged == RunConfig("default", ("b",), ("a",), {"n.x": {"o": 3, "p": 2}})
    assert file.merged() == file


def test_parse_setting_and_value() -> None:
    assert parse_setting("a.b.c= [1, 2]") == ("a.b", "c", [1, 2])
    assert parse_setting("a.b.c=hello world") == ("a.b", "c", "hello world")
    assert parse_value("'quoted'") == "quoted" and parse_value("1.5") == 1.5 and parse_value("") == ""
    for bad in ("novalue", "noname=1", ".x=1"):
        with pytest.raises(ConfigError):
            parse_setting(bad)


def test_choose_chain_names_the_flag(tmp_path: Path) -> None:
    chain, _ = choose_chain(settings=["layout.whitespace.max_blank_lines=0"], cwd=tmp_path)
    assert dict(dict(chain.steps)["layout.whitespace"])["max_blank_lines"] == 0
    with pytest.raises(FlagError) as caught:
        choose_chain(enable=["x.y"], cwd=tmp_path)
    assert caught.value.flag == "--enable" and "layout.whitespace" in str(caught.value)
    with pytest.raises(FlagError) as caught:
        choose_chain(
            profile="minimal",
            disable=["layout.whitespace"],
            settings=["layout.whitespace.max_blank_lines=0"],
            cwd=tmp_path,
        )
    assert caught.value.flag == "--set" and "not in the chain" in str(caught.value)
