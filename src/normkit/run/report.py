"""The end-of-run summary: the counts line, the per-normaliser table, ``--stats-json``."""

from __future__ import annotations

from typing import Any

from .assemble import Totals


def counts_line(totals: Totals) -> str:
    """``read N = written W + dropped D + rejected R``, always printed.

    >>> counts_line(Totals(read=5, written=3, dropped=1, rejected=1, changed=2))
    'documents: read 5 = written 3 + dropped 1 + rejected 1; changed 2'
    """
    line = (
        f"documents: read {totals.read} = written {totals.written} + dropped {totals.dropped}"
        f" + rejected {totals.rejected}; changed {totals.changed}"
    )
    if totals.replaced:
        line += f"; {totals.replaced} decoded with replacement characters"
    if totals.filtered:
        line += f"; {sum(totals.filtered.values())} dropped by --drop-if"
    return line


def filter_lines(totals: Totals) -> list[str]:
    """One line per ``--drop-if`` expression that dropped documents: how many.

    >>> filter_lines(Totals(dropped=1, filtered={"han_share < 0.3": 1}))
    ["drop-if 'han_share < 0.3': 1 document(s)"]
    """
    return [f"drop-if {rule!r}: {n} document(s)" for rule, n in totals.filtered.items()]


def files_line(totals: Totals, wall: float) -> str:
    """Inputs, outputs, inputs skipped as done, and the speed.

    >>> files_line(Totals(inputs=2, outputs=2, bytes=3_000_000), 1.5)
    'files: 2 input(s), 2 output(s) written; 3.0 MB in 1.50 s, 2.0 MB/s'
    """
    mb = totals.bytes / 1e6
    rate = f", {mb / wall:.1f} MB/s" if wall > 0 and mb else ""
    skipped = f", {totals.skipped} already done (skipped)" if totals.skipped else ""
    return (
        f"files: {totals.inputs} input(s), {totals.outputs} output(s) written{skipped};"
        f" {mb:.1f} MB in {wall:.2f} s{rate}"
    )


def stats_table(totals: Totals) -> str:
    """Per normaliser: documents changed, characters removed and added, lines dropped, time share.

    >>> totals = Totals(read=2, written=2, changed=1)
    >>> step = totals.stats.step("layout.whitespace")
    >>> step.documents, step.changed, step.chars_removed = 2, 1, 4
    >>> print(stats_table(totals).splitlines()[-1])
    layout.whitespace             1              4            0              0  0.0%
    """
    steps = totals.stats.steps
    if not steps:
        return ""
    spent = sum(s.seconds for s in steps.values()) or 1.0
    header = ("normaliser", "docs changed", "chars removed", "chars added", "lines dropped", "time")
    rows = [
        (
            name,
            str(s.changed),
            str(s.chars_removed),
            str(s.chars_added),
            str(s.lines_dropped),
            f"{100 * s.seconds / spent:.1f}%",
        )
        for name, s in steps.items()
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def stats_json(totals: Totals, wall: float, chain: list[str], workers: int) -> dict[str, Any]:
    """What ``--stats-json`` writes: the counts, the files, the chain and each step's statistics.

    >>> stats_json(Totals(read=2, written=2), 1.0, ["layout.whitespace"], 1)["balanced"]
    True
    """
    return {
        "documents": {
            k: v for k, v in totals.as_dict().items() if k not in ("inputs", "outputs", "skipped", "bytes")
        },
        "files": {k: totals.as_dict()[k] for k in ("inputs", "outputs", "skipped", "bytes")},
        "balanced": totals.balanced,
        "seconds": wall,
        "workers": workers,
        "chain": chain,
        "steps": totals.stats.as_dict()["steps"],
        **({"drop_if": dict(totals.filtered)} if totals.filtered else {}),
    }
