"""Putting finished shards together, in order: outputs renamed into place, pieces joined,
rejects and explanations appended, standard output written in input order.

Any engine that runs :func:`~normkit.run.shard.process_shard` hands each report to
:meth:`Assembler.add` as it arrives, in any order.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from ..io.atomic import assemble, filter_lines, remove
from ..io.writers import write_all
from .jobs import STDOUT, Counts, Shard, ShardReport, dropped_part
from .plan import OutputPlan, Plan


@dataclass
class Totals(Counts):
    """The counts of a run: its shards' :class:`Counts` added up, and the inputs and
    outputs. ``read == written + dropped + rejected``.

    >>> totals = Totals(inputs=1)
    >>> totals.add(ShardReport(index=0, read=2, written=1, dropped=1))
    >>> totals.read, totals.balanced
    (2, True)
    """

    inputs: int = 0
    outputs: int = 0
    skipped: int = 0
    bytes: int = 0

    def add(self, other: Counts, shard: Shard | None = None) -> None:
        """Add a shard's report (and, given the shard, its size in ``bytes``)."""
        super().add(other)
        if shard is not None:
            self.bytes += shard.size

    def as_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "outputs": self.outputs,
            "skipped": self.skipped,
            "read": self.read,
            "written": self.written,
            "dropped": self.dropped,
            "rejected": self.rejected,
            "changed": self.changed,
            "decoded_with_replacement": self.replaced,
            "bytes": self.bytes,
        }


def _file_of(line: bytes) -> str | None:
    """The input a rejects or explanations line names (``None`` when it names none)."""
    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    file = entry.get("file") if isinstance(entry, dict) else None
    return file if isinstance(file, str) else None


class Assembler:
    """Receives shard reports in any order and acts on them in shard order: joins the
    pieces of each output, renames it into place once all its shards are in, and adds
    up the :class:`Totals`.

    >>> import tempfile
    >>> from normkit import Pipeline
    >>> from normkit.run.plan import PlanRequest, make_plan
    >>> from normkit.run.shard import RunOptions, process_shard
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("正文  \\n")
    >>> plan = make_plan(PlanRequest([str(folder / "a.txt")], str(folder / "out.txt"), workdir=folder), RunOptions())
    >>> assembler = Assembler(plan)
    >>> chain = Pipeline(steps=["layout.whitespace"]).config
    >>> for shard in plan.shards:
    ...     assembler.add(process_shard(shard, chain, RunOptions()))
    >>> assembler.totals.written, (folder / "out.txt").read_text()
    (1, '正文\\n')
    """

    @property
    def stdout(self) -> IO[bytes]:
        """Where standard-output pieces go: the stream given, else this process's stdout
        (looked up when written, not when the run starts)."""
        return self._stdout or sys.stdout.buffer

    def __init__(self, plan: Plan, stdout: IO[bytes] | None = None) -> None:
        self.plan = plan
        self._stdout = stdout
        self.shards = plan.shards
        self.totals = Totals(
            inputs=len({s.input for s in self.shards}) + len(plan.skipped), skipped=len(plan.skipped)
        )
        self._owner: dict[int, OutputPlan] = {s.index: o for o in plan.outputs for s in o.shards}
        self._done: dict[int, ShardReport] = {}
        self._cursor = 0
        # A fresh run starts the rejects and explanations over; a resumed one appends to
        # them, after removing every line of the inputs it does again (an interrupted run
        # wrote them before their output was in place) and any torn last line.
        self._append = bool(plan.skipped)
        again = {s.name for s in self.shards}
        for path in (plan.rejects, plan.explain, plan.dropped):
            if path is None:
                continue
            if self._append:
                filter_lines(path, lambda line: _file_of(line) not in again)
            else:
                path.unlink(missing_ok=True)
        self._rejects: IO[bytes] | None = None
        self._explain: IO[bytes] | None = None
        self._dropped: IO[bytes] | None = None

    def add(self, report: ShardReport) -> None:
        self._done[report.index] = report
        while self._cursor < len(self.shards) and self.shards[self._cursor].index in self._done:
            shard = self.shards[self._cursor]
            self._emit(shard, self._done.pop(shard.index))
            self._cursor += 1

    @property
    def finished(self) -> bool:
        return self._cursor == len(self.shards)

    def _emit(self, shard: Shard, report: ShardReport) -> None:
        self.totals.add(report, shard)
        if self.plan.to_stdout and shard.output not in (None, STDOUT):
            self._copy_out(Path(shard.output))
        if shard.diff not in (None, STDOUT):
            self._copy_out(Path(shard.diff))
        if (report.rejected or report.filtered) and shard.rejects and self.plan.rejects is not None:
            self._rejects = self._append_part(self._rejects, self.plan.rejects, Path(shard.rejects))
        if report.filtered and self.plan.dropped is not None and shard.rejects:
            part = Path(dropped_part(shard.rejects) or "")
            self._dropped = self._append_part(self._dropped, self.plan.dropped, part)
        if shard.explain and self.plan.explain is not None:
            self._explain = self._append_part(self._explain, self.plan.explain, Path(shard.explain))
        output = self._owner[shard.index]
        if shard is output.shards[-1] and output.final is not None and output.pieces:
            for stream in (self._rejects, self._explain, self._dropped):
                if stream is not None:
                    stream.flush()
            assemble(output.pieces, output.final)
            self.totals.outputs += report.outputs if shard.archive is not None else 1

    def _copy_out(self, part: Path) -> None:
        if part.exists():
            with open(part, "rb") as source:
                while block := source.read(1 << 20):
                    write_all(self.stdout, block)  # a short write is a closed pipe, not success
            self.stdout.flush()
            part.unlink()

    def _append_part(self, stream: IO[bytes] | None, target: Path, part: Path) -> IO[bytes] | None:
        if not part.exists():
            return stream
        if stream is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            stream = open(target, "ab" if self._append else "wb")  # noqa: SIM115 - closed in close()
            self._append = True
        with open(part, "rb") as source:
            shutil.copyfileobj(source, stream, 1 << 20)
        part.unlink()
        return stream

    def close(self) -> None:
        for stream in (self._rejects, self._explain, self._dropped):
            if stream is not None:
                stream.close()
        self._rejects = self._explain = self._dropped = None

    def discard_unfinished(self) -> None:
        """After an interruption: remove the pieces of every output not yet in place."""
        for output in self.plan.outputs:
            if output.final is not None and not output.final.exists():
                for piece in output.pieces:
                    remove(piece)
