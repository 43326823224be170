"""Per-normaliser statistics that add up across documents and workers."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class StepStats:
    """What one normaliser did over some documents; adds up with ``+``.

    >>> import normkit
    >>> (normkit.StepStats(documents=2, changed=1) + StepStats(documents=3)).documents
    5
    """

    documents: int = 0
    changed: int = 0
    chars_removed: int = 0
    chars_added: int = 0
    lines_dropped: int = 0
    seconds: float = 0.0

    def __add__(self, other: StepStats) -> StepStats:
        return StepStats(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Stats:
    """Statistics of a run: documents, and one :class:`StepStats` per normaliser, in chain order.

    >>> import normkit
    >>> stats = normkit.Stats()
    >>> stats.step("layout.whitespace").changed += 1
    >>> normkit.Stats.from_dict(stats.as_dict()) == stats
    True
    """

    documents: int = 0
    steps: dict[str, StepStats] = field(default_factory=dict)

    def step(self, name: str) -> StepStats:
        found = self.steps.get(name)
        if found is None:
            found = self.steps[name] = StepStats()
        return found

    def __add__(self, other: Stats) -> Stats:
        merged = Stats(self.documents + other.documents)
        for name in [*self.steps, *(n for n in other.steps if n not in self.steps)]:
            merged.steps[name] = self.steps.get(name, StepStats()) + other.steps.get(name, StepStats())
        return merged

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps.values())

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "steps": {n: s.as_dict() for n, s in self.steps.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stats:
        return cls(data["documents"], {n: StepStats(**s) for n, s in data["steps"].items()})
