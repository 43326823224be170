"""The inputs of a run: files named by arguments (directories walked, globs expanded),
why one cannot be read, where outputs may go, and byte ranges of a large line file.

>>> input_problem(Path("/dev/null")), output_is_dir("out/", ["a.txt"], [])
('not a regular file (a character device)', True)
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import PlanError
from ..io.archives import detect_archive
from ..io.atomic import is_temp

__all__ = ["MIB", "Input", "confine", "expand_inputs", "input_problem", "output_is_dir", "split_ranges"]

MIB = 1 << 20


@dataclass(frozen=True)
class Input:
    """An input file and its path relative to the root it was found under (for mirroring);
    ``problem`` says why it cannot be read (it becomes one reject, and the run goes on).

    >>> Input(Path("crawl/a/1.txt"), PurePath("a/1.txt")).problem is None
    True
    """

    path: Path
    relative: PurePath
    problem: str | None = None


def input_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input, or ``None``: only regular files that open
    are read (a FIFO or a device could block or never end).

    >>> input_problem(Path("/dev/null"))
    'not a regular file (a character device)'
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return f"a dangling symbolic link (to {os.readlink(path)!r})"
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')})"
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a directory",
}


def expand_inputs(args: list[str], exclude: list[Path] = ()) -> list[Input]:  # type: ignore[assignment]
    """Files named by ``args``: files as given, directories recursively (hidden files and
    normkit's temporary files skipped), glob patterns (``**`` too) expanded.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("crawl/2024/a.jsonl", "crawl/b.txt", "crawl/.hidden.txt"):
    ...         Path(folder, name).parent.mkdir(parents=True, exist_ok=True)
    ...         _ = Path(folder, name).write_text("正文\\n")
    ...     sorted(i.relative.as_posix() for i in expand_inputs([str(Path(folder, "crawl"))]))
    ['2024/a.jsonl', 'b.txt']
    """
    found: list[Input] = []
    excluded = [p.resolve() for p in exclude]

    def keep(path: Path) -> bool:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a link loop: kept, to be refused with a reason
            return not is_temp(path)
        return not is_temp(path) and not any(resolved == e or e in resolved.parents for e in excluded)

    def found_at(file: Path, relative: PurePath) -> Input:
        return Input(file, relative, input_problem(file))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if keep(file):
                        found.append(found_at(file, file.relative_to(path)))
        elif path.is_file() or path.is_symlink() or (path.exists() and not glob.has_magic(arg)):
            found.append(found_at(path, PurePath(path.name)))
        elif glob.has_magic(arg):
            base = _glob_base(arg)
            matches = sorted(glob.glob(arg, recursive=True))
            globbed = [Path(m) for m in matches if not Path(m).is_dir() and keep(Path(m))]
            if not globbed:
                raise PlanError(f"no files match {arg!r}")
            found.extend(found_at(f, f.relative_to(base)) for f in globbed)
        else:
            raise PlanError(f"no such file or directory: {arg!r}")
    return found


def confine(root: Path, relative: PurePath) -> None:
    """Refuse an output path that could land outside the output directory ``root``:
    an absolute or ``..`` name, or a symbolic link (to anywhere) on the way from
    ``root`` to the file. ``root`` itself may be a link: the user chose it.

    >>> confine(Path("out"), PurePath("../escape.txt"))
    Traceback (most recent call last):
    ...
    normkit.PlanError: output name '../escape.txt' would leave the output directory 'out'
    """
    if relative.is_absolute() or relative.anchor or ".." in relative.parts or not relative.parts:
        raise PlanError(f"output name {str(relative)!r} would leave the output directory {str(root)!r}")
    path = root
    for part in relative.parts:
        path = path / part
        if path.is_symlink():
            raise PlanError(
                f"output {str(root / relative)!r} goes through the symbolic link {str(path)!r};"
                " outputs are only written inside the output directory"
            )
    real_root = root.resolve()
    if real_root not in (root / relative).resolve().parents:
        raise PlanError(
            f"output {str(root / relative)!r} resolves outside the output directory {str(root)!r}"
        )


def _glob_base(pattern: str) -> Path:
    """The part of a glob pattern before the first wildcard: ``crawl/*/x.gz`` -> ``crawl``."""
    parts = PurePath(pattern).parts
    base: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def output_is_dir(output: str, args: list[str], inputs: list[Input]) -> bool:
    """``-o`` names a directory when it is one, ends in ``/``, or several inputs (or a
    directory, glob or archive argument) are given.

    >>> output_is_dir("out/", ["a.txt"], []), output_is_dir("out.txt", ["a.txt"], [])
    (True, False)
    """
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return True
    if any(detect_archive(i.path) is not None for i in inputs):
        return True
    return len(inputs) > 1 or any(Path(a).is_dir() or glob.has_magic(a) for a in args)


def split_ranges(path: Path, target: int) -> list[tuple[int, int, int]]:
    """Cut an uncompressed file into ``(start, end, first_line)`` pieces of about
    ``target`` bytes, each ending at a line boundary (one read of the file).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = Path(folder, "a.txt").write_text("一行\\n" * 10)  # 7 bytes a line
    ...     split_ranges(Path(folder, "a.txt"), 30)
    [(0, 35, 1), (35, 70, 6)]
    """
    size = path.stat().st_size
    if size <= target * 1.5:
        return [(0, size, 1)]
    cuts = [(0, 1)]
    want, offset, lines = target, 0, 0
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(16 * MIB)
            if not chunk:
                break
            pos = 0
            while want < offset + len(chunk):
                newline = chunk.find(b"\n", max(want - offset, pos))
                if newline < 0:
                    break
                lines += chunk.count(b"\n", pos, newline + 1)
                pos = newline + 1
                cut = offset + pos
                if size - cut < target // 2:
                    want = size  # too little left for a piece of its own
                    break
                cuts.append((cut, lines + 1))
                want = cut + target
            lines += chunk.count(b"\n", pos)
            offset += len(chunk)
    ends = [c for c, _ in cuts[1:]] + [size]
    return [(start, end, first) for (start, first), end in zip(cuts, ends, strict=True)]
