"""The linear span search of ``mojibake.gbk_phase`` against a brute-force search."""

from __future__ import annotations

import re

import pytest

from normkit.mojibake.readings import MARKS, WORDS, Readings, known
from normkit.mojibake.scoring import Profile, profile

_PUNCT = re.compile("[，。、；：？！“”‘’（）《》【】…—「」『』]")
TEXTS = (
    "他说：“我们会尽快完成。”大家都很期待。",
    "记者从市政府了解到，新的交通规划将于明年实施。",
    "這個問題很重要，我們應該認真對待。",
    "佢哋琴日去咗邊度呀？我哋冇嘢做，啲人都走晒喇。",
)


def _cost(p: Profile, text: str) -> float:
    return p.rare + 2 * p.odd + 1.5 * p.lost - 0.75 * len(_PUNCT.findall(text))


def _brute_gain(readings: Readings, run: str, start: int, end: int, parity: int) -> float:
    """The gain as documented, computed from the strings themselves."""
    old, new = run[start:end], readings.sure_text(start, end, parity)
    split_off = 100 * sum(ch.isascii() for ch in new)  # an ASCII trail byte read as a lead
    before, after = run[start - 1] if start else "", run[end] if end < len(run) else ""
    gain = _cost(profile(old, MARKS), old) - _cost(profile(new), new) - split_off + 0.01 * len(old)
    return gain + WORDS * (known(before + new + after) - known(before + old + after))


def _shifted_runs() -> list[str]:
    runs = []
    for text in TEXTS:
        raw = text.encode("gbk")
        for lost in range(0, len(raw), 2):
            for mark in "\ufffd?":
                damaged = (raw[:lost] + raw[lost + 1 :]).decode("gbk", "replace").replace("\ufffd", mark)
                if all(ch == "?" or not ch.isascii() for ch in damaged):
                    runs.append(damaged)  # (all GBK characters and marks: one run)
    return runs


@pytest.mark.parametrize("run", _shifted_runs()[::3])
def test_best_spans_match_a_brute_force_search(run: str) -> None:
    readings = Readings([run])
    (spans,) = readings.best_spans(6)
    for span in spans:
        assert span.gain == pytest.approx(_brute_gain(readings, run, span.start, span.end, span.parity))
    everything = [
        _brute_gain(readings, run, start, end, parity)
        for parity in (0, 1)
        for start in range(len(run))
        for end in range(start + 4, len(run) + 1)
    ]
    if everything and spans:
        assert spans[0].gain == pytest.approx(max(everything))


def test_runs_of_a_document_do_not_reach_into_each_other() -> None:
    runs = _shifted_runs()[:12]
    together = Readings(runs).best_spans(6)
    for run, spans in zip(runs, together, strict=True):
        alone = Readings([run]).best_spans(6)[0]
        assert [s.gain for s in spans] == pytest.approx([s.gain for s in alone])
