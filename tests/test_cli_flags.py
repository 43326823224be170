"""Choosing the chain from the command line, in process (click's runner: fast)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from normkit.cli import main

DIRTY = "  第一行\u200b\u3000\n\n\n第二行  "


class Outcome:
    def __init__(self, result: Result) -> None:
        self.returncode = result.exit_code
        self.stdout = result.stdout_bytes
        self.stderr = result.stderr_bytes


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(*args: Any) -> Outcome:
    return Outcome(CliRunner().invoke(main, [str(a) for a in args]))


def test_bad_flags_name_the_flag_and_list_choices(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY)
    cases = {
        ("--enable", "nope.thing"): [b"'--enable'", b"layout.whitespace"],
        ("--disable", "nope"): [b"'--disable'", b"unicode.controls"],
        ("--profile", "zh"): [b"'--profile'", b"zh-hans"],
        ("--set", "layout.whitespace.bogus=1"): [b"'--set'", b"max_blank_lines"],
        ("--set", "layout.whitespace.max_blank_lines=many"): [b"'--set'", b"integer"],
        ("--set", "novalue"): [b"'--set'", b"NAME.OPTION=VALUE"],
        ("--format", "xml"): [b"'--format'", b"jsonl.gz"],
        ("--output-format", "parquet.gz"): [b"'--output-format'", b"parquet"],
    }
    for args, needles in cases.items():
        done = run("clean", "a.txt", *args)
        assert done.returncode == 2, args
        for needle in needles:
            assert needle in done.stderr, (args, done.stderr.decode())


def test_set_enable_disable_change_the_chain(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n\n\n\ny  \u200b\n")
    assert run("clean", "a.txt").stdout.decode() == "x\n\ny\n"
    two_blanks = run("clean", "a.txt", "--set", "layout.whitespace.max_blank_lines=2")
    assert two_blanks.stdout.decode() == "x\n\n\ny\n"
    only_controls = run("clean", "a.txt", "--disable", "layout.whitespace")
    assert only_controls.stdout.decode() == "x\n\n\n\ny  \n"
    minimal = run("clean", "a.txt", "--profile", "minimal", "--disable", "layout.whitespace")
    assert minimal.returncode == 0


def test_config_file_found_in_the_current_directory(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x\n\n\n\ny  \n")
    (tmp_path / "normkit.toml").write_text('[options."layout.whitespace"]\nmax_blank_lines = 0\n')
    assert run("clean", "a.txt").stdout.decode() == "x\ny\n"
    # flags override the file
    flagged = run("clean", "a.txt", "--set", "layout.whitespace.max_blank_lines=2")
    assert flagged.stdout.decode() == "x\n\n\ny\n"
    assert run("clean", "a.txt", "--no-config").stdout.decode() == "x\n\ny\n"
    (tmp_path / "normkit.toml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[tool.normkit]\ndisable = ["layout.whitespace"]\n'
    )
    assert run("clean", "a.txt").stdout.decode() == "x\n\n\n\ny  \n"
    (tmp_path / "pyproject.toml").write_text("[tool.normkit]\nprofiles = 'default'\n")
    bad = run("clean", "a.txt")
    assert bad.returncode == 2 and b"tool.normkit.profiles" in bad.stderr and b"valid keys" in bad.stderr
    (tmp_path / "other.toml").write_text('[options."nope.x"]\na = 1\n')
    bad = run("clean", "a.txt", "--config", "other.toml")
    assert bad.returncode == 2 and b"'--config'" in bad.stderr and b"nope.x" in bad.stderr
