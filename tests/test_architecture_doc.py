"""docs/architecture.md stays true: its module map names every module and subpackage."""

from __future__ import annotations

import ast
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


def _module_imports() -> dict[str, set[str]]:
    """Each module of the package and the package modules it imports at its top level (not
    inside functions, not under ``TYPE_CHECKING``)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            for sub in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
                if isinstance(sub, ast.ImportFrom):
                    base = package.split(".")[: len(package.split(".")) - max(sub.level - 1, 0)]
                    target = (
                        ".".join([*base, *([sub.module] if sub.module else [])]) if sub.level else sub.module
                    )
                    found |= {t for t in [target, *(f"{target}.{a.name}" for a in sub.names)] if t in modules}
                elif isinstance(sub, ast.Import):
                    found |= {a.name for a in sub.names if a.name in modules}
        graph[name] = found - {name}
    return graph


def test_no_import_circles() -> None:
    graph = _module_imports()
    assert "normkit.run.shard" in graph and "normkit._pipeline" in graph["normkit.run.shard"]
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import circle: " + " -> ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])
