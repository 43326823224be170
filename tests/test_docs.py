"""The documentation runs (issue 16, item 8): every code block and example table in the
README and ``docs/`` is extracted and checked against the program.

- ``python`` blocks run (``# 'value'`` comments after an expression are checked);
  blocks that need a cluster or remote data only compile and import;
- ``>>>`` blocks run as doctests;
- ``toml`` blocks parse, and configuration ones validate as normkit configuration;
- ``sh`` blocks: every ``normkit`` command names a real command and real options, and
  the commands that need no input (``demo``, ``plugins``) run;
- ``$ normkit ...`` transcripts run and print what the page shows;
- ``| input | output |`` tables run through the normaliser of their section (rows that
  are excerpts of longer pages, starting with ``…``, are left out: they need their page),
  and ``| option | type | default |`` tables match the normaliser's options.
"""

from __future__ import annotations

import ast
import doctest
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import tomllib

import normkit
from fakeplugins import ROOT
from normkit.cli import main
from normkit.run.config import parse_config
from test_cli_support import normkit_in_process

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
#: Blocks that reach a cluster or remote data: compiled and their imports checked only.
REMOTE = ("s3://", "load_dataset(", "LocalPipelineExecutor(", "ray.init(")


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    code: str
    heading: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
            before = text[: m.start()]
            headings = re.findall(r"^#+ (.*)$", before, re.M)
            found.append(
                Block(page, before.count("\n") + 1, m.group(1), m.group(2), headings[-1] if headings else "")
            )
    return found


BLOCKS = _blocks()


def _ids(blocks: list[Block]) -> list[str]:
    return [str(b) for b in blocks]


PY = [b for b in BLOCKS if b.lang == "python" and not b.code.lstrip().startswith(">>>")]
DOCTESTS = [b for b in BLOCKS if b.code.lstrip().startswith(">>>")]
TOML = [b for b in BLOCKS if b.lang == "toml"]
SH = [b for b in BLOCKS if b.lang == "sh"]
TRANSCRIPTS = [b for b in BLOCKS if b.lang == "" and b.code.startswith("$ normkit ")]

PAGE = "首页 | 新闻\n\n  正文第一段,写得很好。\u200b\n\n\n版权所有 © 2024\n"
#: A page closing with a spam list (the stand-in ``doc`` of the spam example).
SPAM_PAGE = "这是一篇正文，讲的是城市里发生的事情，内容很长很长。\n" * 3 + "".join(
    f"今日头条新闻｜第{n}条消息的标题在这里\n" for n in range(8)
)


def _namespace() -> dict[str, Any]:
    return {
        "normkit": normkit,
        "page": PAGE,
        "text": PAGE,
        "doc": normkit.Document(SPAM_PAGE),
        "docs": [normkit.Document(PAGE, meta={"url": f"https://a.cn/{n}"}) for n in range(3)],
    }


@pytest.mark.parametrize("block", PY, ids=_ids(PY))
def test_python_blocks_run(block: Block) -> None:
    tree = ast.parse(block.code)
    if any(marker in block.code for marker in REMOTE):
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                top = (module or "").split(".")[0]
                if top != "normkit":
                    pytest.importorskip(top)
                exec(compile(ast.Module([node], []), str(block), "exec"), _namespace())
        return
    namespace = _namespace()
    lines = block.code.splitlines()
    # a value is checked where the statement gives its own input (no stand-in, nothing
    # computed earlier in the block): normkit.clean("...")  # '...'
    assigned = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    stand_ins = {"page", "text", "doc", "docs"} | assigned
    for node in tree.body:
        code = compile(ast.Module([node], []), str(block), "exec")
        exec(code, namespace)
        expected = _expected_comment(lines[node.end_lineno - 1] if node.end_lineno else "")
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if expected is not None and isinstance(node, ast.Expr) and not names & stand_ins:
            value = eval(compile(ast.Expression(node.value), str(block), "eval"), namespace)
            assert value == expected, f"{block}: {ast.unparse(node)} is {value!r}, the page says {expected!r}"


def _expected_comment(line: str) -> Any:
    """The literal a ``# 'value'`` comment gives, if any."""
    m = re.search(r"#\s*('.*'|\".*\"|True|False|\d+)\s*(\(.*\))?\s*$", line)
    if not m:
        return None
    try:
        return ast.literal_eval(m.group(1))
    except (ValueError, SyntaxError):
        return None


@pytest.mark.parametrize("block", DOCTESTS, ids=_ids(DOCTESTS))
def test_doctest_blocks_run(block: Block) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.code, {"normkit": normkit}, str(block), str(block.page), block.line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{block}: doctest failed"


@pytest.mark.parametrize("block", TOML, ids=_ids(TOML))
def test_toml_blocks_are_valid(block: Block, tmp_path: Path) -> None:
    data = tomllib.loads(block.code)
    if "project" in data:  # a plugin's pyproject.toml
        assert "normkit" in data["project"]["entry-points"]
        return
    if "normkit.toml" in block.code or {"profile", "enable", "disable", "options", "normalisers"} & set(data):
        known = set(normkit.get_registry().names()) | {"example.shout"}
        config = parse_config(data, str(block), known)
        for name, options in config.options.items():
            if name in normkit.get_registry():
                for key, value in options.items():
                    if key == "lexicon_file":
                        continue
                    normkit.Pipeline(steps=[name], options={name: {key: value}})
        return
    from normkit.normalisers._lexicon import load_lexicon  # a lexicon file

    path = tmp_path / "lexicon.toml"
    path.write_text(block.code, encoding="utf-8")
    load_lexicon(str(path))


def _normkit_commands(block: Block) -> list[list[str]]:
    """The argument lists of the ``normkit`` commands in a shell block (pipes and
    redirections outside quotes cut off, so ``--drop-if 'x > 5'`` stays whole)."""
    commands = []
    for raw in block.code.splitlines():
        lexer = shlex.shlex(raw, posix=True, punctuation_chars="|>&;")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
        for start in [0] + [i + 1 for i, w in enumerate(words) if set(w) <= set("|&;")]:
            command = words[start:]
            for stop, word in enumerate(command):
                if set(word) <= set("|>&;") or (
                    word.isdigit() and stop + 1 < len(command) and command[stop + 1] == ">"
                ):
                    command = command[:stop]
                    break
            if command and command[0] in ("normkit", ".venv/bin/normkit"):
                commands.append(command[1:])
    return commands


@pytest.mark.parametrize("block", SH, ids=_ids(SH))
def test_sh_blocks_name_real_commands_and_options(block: Block) -> None:
    for args in _normkit_commands(block):
        command = main.commands.get(args[0])
        assert isinstance(command, click.Command), f"{block}: no command {args[0]!r}"
        flags = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        for arg in args[1:]:
            if arg.startswith("-"):
                assert arg.split("=")[0] in flags, f"{block}: normkit {args[0]} has no option {arg}"
        if args[0] in ("demo", "plugins"):
            done = _run(args)
            assert done.returncode == 0, f"{block}: normkit {' '.join(args)}: {done.stderr}"


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``normkit ARGS`` in this process (``normkit_in_process``), its output as text."""
    done = normkit_in_process(*args, cwd=cwd or Path.cwd())
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@pytest.mark.parametrize("block", TRANSCRIPTS, ids=_ids(TRANSCRIPTS))
def test_transcripts_print_what_the_page_shows(block: Block, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("好的\n", encoding="utf-8")
    lines = block.code.splitlines()
    for k, line in enumerate(lines):
        if not line.startswith("$ normkit "):
            continue
        shown = []
        for out in lines[k + 1 :]:
            if out.startswith("$ "):
                break
            shown.append(out)
        done = _run(shlex.split(line[2:])[1:], cwd=tmp_path)
        printed = [
            out for out in done.stderr.splitlines() if out.startswith("Error:")
        ] or done.stderr.splitlines()
        printed = printed[-len(shown) :]
        assert len(printed) == len(shown), f"{block}: {line}"
        for want, got in zip(shown, printed, strict=True):  # "…" on the page: the rest of a long list
            pattern = ".*".join(re.escape(part) for part in want.split("…"))
            assert re.fullmatch(pattern, got), f"{block}: {line}\n{got}"


def _cells(row: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def _code(cell: str) -> str | None:
    m = re.search(r"`([^`]*)`", cell)
    return _unescape(m.group(1)) if m else None


def _unescape(text: str) -> str:
    """Backslash escapes as Python writes them (``\\u200b``, ``\\x9d``, ``\\n``), the rest as is."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}
    return re.sub(
        r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[nrt\\])",
        lambda m: simple.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
        text,
    )


def _tables() -> list[tuple[str, int, str, list[str], list[list[str]]]]:
    """(page, line, section's normaliser, header, rows) of every table."""
    tables = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8").splitlines()
        heading = ""
        k = 0
        while k < len(text):
            line = text[k]
            if line.startswith("#"):
                m = re.search(r"`([a-z_]+\.[a-z_]+)`", line)
                heading = m.group(1) if m else ""
            if line.startswith("|") and k + 1 < len(text) and re.match(r"^\|[-| :]+\|$", text[k + 1]):
                rows = []
                j = k + 2
                while j < len(text) and text[j].startswith("|"):
                    rows.append(_cells(text[j]))
                    j += 1
                tables.append((str(page.relative_to(ROOT)), k + 1, heading, _cells(line), rows))
                k = j
                continue
            k += 1
    return tables


TABLES = _tables()
EXAMPLES = [t for t in TABLES if t[3][:2] == ["input", "output"]]
OPTIONS = [t for t in TABLES if t[3][:3] == ["option", "type", "default"]]


@pytest.mark.parametrize("table", EXAMPLES, ids=[f"{t[0]}:{t[1]}" for t in EXAMPLES])
def test_example_tables_are_what_the_normaliser_does(table: Any) -> None:
    where, line, name, _, rows = table
    assert name in normkit.get_registry(), f"{where}:{line}: no normaliser named in the section heading"
    pipe = normkit.Pipeline(steps=[name])
    checked = 0
    for cells in rows:
        if not cells[0].startswith("`") or cells[0].startswith("`…") or "…` " in cells[0] + " ":
            continue  # prose ("the same with ..."), or an excerpt of a longer page ("…")
        given = _composed(cells[0])
        expected = given if cells[1].startswith("unchanged") else _composed(cells[1])
        checked += 1
        assert pipe.clean(given) == expected, f"{where}:{line}: {name} on {given!r}"
    if not checked:
        pytest.skip("only excerpts of longer pages")


def _composed(cell: str) -> str:
    """A cell's text: its first code span, or spans joined by `` + blank line + ``."""
    if " + blank line + " in cell:
        return "\n\n".join(_code(part) or "" for part in cell.split(" + blank line + "))
    code = _code(cell)
    assert code is not None, cell
    return code


@pytest.mark.parametrize("table", OPTIONS, ids=[f"{t[0]}:{t[1]}" for t in OPTIONS])
def test_option_tables_match_the_options(table: Any) -> None:
    where, line, name, _, rows = table
    assert name in normkit.get_registry(), f"{where}:{line}: no normaliser named in the section heading"
    cls = normkit.get_registry()[name].cls
    defaults = {f: getattr(cls.Options(), f) for f in cls.Options.__dataclass_fields__}
    documented = {(_code(cells[0]) or ""): cells[2] for cells in rows}
    assert set(documented) == set(defaults), f"{where}:{line}: {name}'s options are {sorted(defaults)}"
    for option, cell in documented.items():
        shown = _code(cell)
        if shown is None:
            continue
        try:
            value = tomllib.loads(f"v = {shown}")["v"]
        except tomllib.TOMLDecodeError:
            value = shown
        actual = defaults[option]
        if isinstance(actual, (tuple, frozenset, set)):
            actual = sorted(actual) if isinstance(actual, (frozenset, set)) else list(actual)
            value = sorted(value) if isinstance(defaults[option], (frozenset, set)) else value
        assert value == actual, f"{where}:{line}: {name}.{option} defaults to {defaults[option]!r}"


def test_the_exit_status_table_is_the_program_s() -> None:
    from normkit import cli

    (table,) = [t for t in TABLES if t[0] == "docs/cli.md" and t[3][:2] == ["status", "meaning"]]
    documented = {int(cells[0]) for cells in table[4]}
    assert documented == {v for k, v in vars(cli).items() if k.startswith("EXIT_")}
