"""The examples of docs/plugins.md run: in-process, and installed as a real plugin."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import normkit
from fakeplugins import ROOT, install, run_python
from normkit.testing import check_contract

GUIDE = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
#: The sections whose ``python`` blocks are complete programs.
SECTIONS = [
    "Dropping lines: `LineFilter`",
    "Adding terms to the boilerplate lexicons",
    "Ordering: `after` and `before`",
    "Validating options",
]


def block(heading: str) -> str:
    section = GUIDE.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(found) == 1, heading
    return str(found[0])


@pytest.mark.parametrize("heading", SECTIONS)
def test_each_example_runs_on_its_own(heading: str) -> None:
    exec(compile(block(heading), f"docs/plugins.md ({heading})", "exec"), {})


def test_the_line_filter_keeps_the_contract() -> None:
    namespace: dict[str, object] = {}
    exec(block(SECTIONS[0]), namespace)
    bylines = namespace["Bylines"]
    assert isinstance(bylines, type) and issubclass(bylines, normkit.LineFilter)
    check_contract(bylines, ["作者：小明\n作者：小红\n正文", "作者：\n"])


def test_the_examples_work_as_an_installed_plugin(tmp_path: Path) -> None:
    register = textwrap.dedent(
        """
        @normkit.hookimpl
        def normkit_register_normalisers(register):
            for cls in (Bylines, Tidy, Window):
                register(cls)
        """
    )
    install(tmp_path, "guide-plugin", "\n".join(block(h) for h in SECTIONS) + register)
    check = textwrap.dedent(
        """
        import normkit
        body = "今年一季度，全市规模以上工业增加值同比增长百分之六，增速比去年同期加快一点二个百分点。\\n" * 2
        tail = "播音 王小明\\n看點速遞\\n多地出台楼市新政\\n一季度外贸数据超预期"
        assert normkit.Pipeline(steps=["boilerplate.lines"]).clean(body + tail) == body.rstrip("\\n")
        pipe = normkit.Pipeline(enable=["example.bylines", "example.tidy"])
        names = pipe.config.names
        assert names.index("boilerplate.lines") < names.index("example.bylines"), names
        assert names.index("punctuation.width") < names.index("example.tidy") < names.index("punctuation.final")
        result = normkit.Pipeline(steps=["example.bylines"]).process(normkit.Document("标题\\n作者：小明\\n正文。"))
        assert result.text == "标题\\n正文。" and [(d.normaliser, d.line) for d in result.dropped] == [("example.bylines", 2)]
        assert "Options of ``example.window``" in normkit.get_registry()["example.window"].cls.Options.__doc__
        print("ok")
        """
    )
    done = run_python(tmp_path, check)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
