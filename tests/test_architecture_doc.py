"""docs/architecture.md stays true: its module map names every module and subpackage."""

from __future__ import annotations

import re

from fakeplugins import ROOT

PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "src" / "normkit"


def test_the_module_map_names_every_module_and_subpackage() -> None:
    table = PAGE.split("\n## Modules\n", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([\w/.]+)`", table, re.M))
    modules = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    packages = {f"{p.parent.name}/" for p in PACKAGE.glob("*/__init__.py")}
    assert sorted((modules | packages) - named - {"__init__.py"}) == []
    assert sorted(named - modules - packages - {"normkit/__init__.py"}) == []


def test_every_module_of_the_subpackages_it_describes_is_named() -> None:
    for package in ("lines", "mojibake", "signals"):
        row = re.search(rf"^\| `{package}/` \|(.*)$", PAGE, re.M)
        assert row is not None, package
        for module in PACKAGE.joinpath(package).glob("*.py"):
            if module.stem != "__init__":
                assert re.search(rf"`{module.stem}(\.py)?`", row.group(1)), f"{package}/{module.name}"


def test_the_page_stands_alone() -> None:
    assert "DESIGN.md" not in PAGE
    for link in re.findall(r"\]\(([\w/.-]+\.md)\)", PAGE):
        assert (ROOT / "docs" / link).is_file(), link
