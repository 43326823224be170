"""Snapshot, then compare, the change statistics and explanations of the default chain.

    python benchmarks/check_same_stats.py save SNAPSHOT.pkl   # before optimising _diff / _align
    python benchmarks/check_same_stats.py check SNAPSHOT.pkl  # after each change

Inputs: those of ``check_same_outputs.py`` (sample corpus pages raw and golden, damaged
copies, test literals, pathological inputs, random mixes, hypothesis draws) and the
sample corpus's golden pages damaged as ``bench_mojibake.py`` damages them (whole, and
in pieces of a few lines). Recorded for each: the per-step statistics of the default
chain and of the three ``mojibake.*`` steps through a ``Pipeline`` (characters removed
and added, lines dropped, changed), the explanations (``--explain``), and, for every
step that changed the text, ``size_of_change`` and the fine and coarse ``edits``.
A speed-up of the statistics must leave all of them identical.
"""

from __future__ import annotations

from typing import Any

import normkit
from _snapshot import snapshot_main
from bench_mojibake import _damage, _pages
from check_same_outputs import inputs as output_inputs
from normkit import Document
from normkit._diff import edits, size_of_change

MOJIBAKE = ["mojibake.latin", "mojibake.cjk", "mojibake.gbk_phase"]


def inputs() -> list[str]:
    texts = output_inputs()
    for page in _pages("golden"):
        damaged = _damage(page)
        texts.append(damaged)
        lines = damaged.split("\n")
        texts += ["\n".join(lines[k : k + 5]) for k in range(0, len(lines), 5)]
    return list(dict.fromkeys(texts))


def _step_stats(pipe: normkit.Pipeline) -> list[tuple[Any, ...]]:
    return [
        (name, s.changed, s.lines_dropped, s.chars_removed, s.chars_added)
        for name, s in pipe.stats.steps.items()
    ]


def outputs(texts: list[str]) -> dict[str, list[Any]]:
    result: dict[str, list[Any]] = {}
    for label, pipe in (
        ("default", normkit.Pipeline.from_profile("default")),
        ("mojibake", normkit.Pipeline(steps=MOJIBAKE, profile=None)),
    ):
        stats, explained, sizes = [], [], []
        for text in texts:
            pipe.stats = normkit.Stats()
            for step in pipe.steps:
                pipe.stats.step(step.name)
            found = pipe.process(Document(text), explain=True)
            stats.append((_step_stats(pipe), sorted(found.annotations.items())))
            explained.append(
                [(c.normaliser, c.old_span, c.new_span, c.old, c.new, c.reason) for c in found.changes]
            )
            row = []
            ctx = normkit.Context()
            for step in pipe.steps:
                out = step.normalise(text, ctx)
                if out != text:
                    row.append(
                        (size_of_change(text, out), list(edits(text, out)), list(edits(text, out, False)))
                    )
                text = out
            sizes.append(row)
        result[f"{label}:stats"] = stats
        result[f"{label}:explain"] = explained
        result[f"{label}:sizes"] = sizes
    return result


if __name__ == "__main__":
    snapshot_main(inputs, outputs)
