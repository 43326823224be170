"""How many of the golden corpus's in-line edits each repair makes, and how many it makes wrongly.

The golden files also drop boilerplate lines (another family's job), so the input here is
the raw page with only its ``body``, ``headline`` and ``blank`` lines (by ``labels.tsv``).
None of these normalisers adds or removes a Han character, and neither does the golden,
so the Han characters anchor the comparison: the text between two neighbouring Han
characters (a *gap*) is compared across the raw page, each step's output and the golden.
A step's change to a gap is a golden edit when it brings the gap closer (in edit
distance) to the golden gap; otherwise it is an edit the golden does not make.

Run as a script to print the table: ``PYTHONPATH=src python tests/test_golden_edits.py``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest

import normkit
from conftest import CORPUS as _BESIDE_REPO
from conftest import NO_CORPUS
from normkit import Context

#: The corpus beside the repository (as in CI); ``NORMKIT_CORPUS`` points elsewhere
#: (a git worktree has no ``../shared`` beside it).
CORPUS = Path(os.environ.get("NORMKIT_CORPUS", _BESIDE_REPO))
OURS = [
    "markup.entities",
    "markup.tags",
    "lines.rejoin",
    "pinyin.glosses",
    "punctuation.ellipsis",
    "punctuation.doubled",
    "punctuation.width",
    "punctuation.quotes",
    "punctuation.final",
]
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〇]")
_BREAK = re.compile(r"[ \t\u3000\u00a0]*\n\s*")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

#: What kind of golden edit each normaliser is responsible for (see :func:`kinds`).
KIND_OF = {
    "lines.rejoin": "rejoin",
    "pinyin.glosses": "pinyin",
    "punctuation.doubled": "doubled",
    "punctuation.width": "width",
    "punctuation.final": "final",
    "punctuation.ellipsis": "ellipsis",
    "punctuation.quotes": "quotes",
    "markup.entities": "entity",
    "markup.tags": "tag",
}


def gaps(text: str) -> list[str]:
    """The text before, between and after the Han characters, line breaks normalised."""
    parts = _HAN.split(text)
    parts = [_BREAK.sub("\n", p) for p in parts]
    parts[0] = parts[0].strip()
    parts[-1] = parts[-1].strip()
    return parts


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def kinds(raw: str, gold: str, at_end: bool = False) -> set[str]:
    """The kinds of edit the golden made to one gap (``at_end``: the text's last gap)."""
    found = set()
    if re.search(rf"[(（][a-zü{_TONED}]+[)）]", raw) and not re.search(rf"[(（][a-zü{_TONED}]+[)）]", gold):
        found.add("pinyin")
    if "\n" in raw and "\n" not in gold:
        found.add("rejoin")
    if re.search(r"[,，][,，。、；：！？;:!?]|。。", raw) and not re.search(
        r"[,，][,，。、；：！？]|。。", gold
    ):
        found.add("doubled")
    single = re.sub(rf"[(（][a-zü{_TONED}]+[)）]|[,，]{{2,}}|[,，](?=[。、；：！？;:!?])", "", raw)
    if len(re.findall(r"[,;:!?()]", single)) > len(re.findall(r"[,;:!?()]", gold)):
        found.add("width")
    if gold.count("。") > raw.count("。"):
        found.add("final" if "\n" in gold or at_end else "final-inside")
    if ("..." in raw or "。。。" in raw) and "……" in gold:
        found.add("ellipsis")
    if '"' in raw and '"' not in gold:
        found.add("quotes")
    if re.search(r"&#?\w+;", raw) and not re.search(r"&#?\w+;", gold):
        found.add("entity")
    if re.search(r"</?\w+[^<>]*>", raw) and not re.search(r"</?\w+[^<>]*>", gold):
        found.add("tag")
    return found or {"other"}


@dataclasses.dataclass
class Tally:
    golden: int = 0  # golden edits of this normaliser's kind
    made: int = 0  # gaps this normaliser moved towards the golden
    wrong: list[tuple[str, str, str, str]] = dataclasses.field(default_factory=list)
    missed: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


def kept_input(name: str) -> str:
    """The raw page with only its body, headline and blank lines."""
    raw = (CORPUS / "raw" / name).read_text(encoding="utf-8").split("\n")
    labels_path = CORPUS / "golden" / f"{name}.labels.tsv"
    labels = dict(row.split("\t") for row in labels_path.read_text(encoding="utf-8").splitlines() if row)
    return "\n".join(
        line for i, line in enumerate(raw, 1) if labels.get(str(i)) in {"body", "headline", "blank"}
    )


def measure(corpus: Path = CORPUS) -> tuple[dict[str, Tally], int, int]:
    """Per normaliser tallies, and (gaps the golden edits, of those the chain gets exactly)."""
    pipe = normkit.Pipeline(steps=OURS, profile=None)
    tallies = {name: Tally() for name in pipe.names}
    golden_edits = exact = 0
    for path in sorted((corpus / "raw").glob("*.txt")):
        text = kept_input(path.name)
        gold = gaps((corpus / "golden" / path.name).read_text(encoding="utf-8"))
        raw = gaps(text)
        assert len(raw) == len(gold), f"{path.name}: Han characters differ between raw and golden"
        ctx = Context()
        for step in pipe.steps:
            ctx.current = step.name
            new = step.normalise(text, ctx)
            before, after = gaps(text), gaps(new)
            assert len(after) == len(before), f"{step.name} added or removed Han characters"
            tally = tallies[step.name]
            for b, a, g in zip(before, after, gold, strict=True):
                if a == b:
                    continue
                if levenshtein(a, g) < levenshtein(b, g):
                    tally.made += 1
                else:
                    tally.wrong.append((path.name, b, a, g))
            text = new
        final = gaps(text)
        for k, (r, f, g) in enumerate(zip(raw, final, gold, strict=True)):
            if r == g:
                continue
            golden_edits += 1
            exact += f == g
            for kind in kinds(r, g, at_end=k == len(gold) - 1):
                for name, owned in KIND_OF.items():
                    if owned == kind and name in tallies:
                        tallies[name].golden += 1
                        if f != g:
                            tallies[name].missed.append((r, f, g))
    return tallies, golden_edits, exact


def report(tallies: dict[str, Tally], golden_edits: int, exact: int) -> str:
    header = ("normaliser", "golden edits of its kind", "gaps it brings closer", "not in golden")
    rows = ["{:<22} {:>24} {:>22} {:>14}".format(*header)]
    for name, t in tallies.items():
        rows.append(f"{name:<22} {t.golden:>24} {t.made:>22} {len(t.wrong):>14}")
    rows.append(f"gaps the golden edits: {golden_edits}; exactly right after the chain: {exact}")
    return "\n".join(rows)


needs_corpus = pytest.mark.skipif(not (CORPUS / "raw").is_dir(), reason=NO_CORPUS)


@needs_corpus
def test_edits_against_golden() -> None:
    tallies, golden_edits, exact = measure()
    print("\n" + report(tallies, golden_edits, exact))
    for name, tally in tallies.items():
        assert not tally.wrong, f"{name} made edits the golden does not: {tally.wrong[:5]}"
    # Each repair the pages need is made, at least mostly.
    for name in ("pinyin.glosses", "punctuation.doubled", "punctuation.width", "lines.rejoin"):
        assert tallies[name].golden > 0
        assert tallies[name].made >= 0.9 * tallies[name].golden, name
    assert tallies["punctuation.final"].made > 0


@needs_corpus
def test_inside_paragraph_marks_measured_separately() -> None:
    """Restoring 。 inside paragraphs (off by default): what it gets right, and wrong."""
    pipe = normkit.Pipeline(
        steps=OURS, profile=None, options={"punctuation.final": {"inside_paragraph": True}}
    )
    plain = normkit.Pipeline(steps=OURS, profile=None)
    right = wrong = golden = 0
    for path in sorted((CORPUS / "raw").glob("*.txt")):
        text = kept_input(path.name)
        gold = gaps((CORPUS / "golden" / path.name).read_text(encoding="utf-8"))
        raw = gaps(text)
        golden += sum(
            1
            for k, (r, g) in enumerate(zip(raw, gold, strict=True))
            if r != g and "final-inside" in kinds(r, g)
        )
        for a, b, g in zip(gaps(plain.clean(text)), gaps(pipe.clean(text)), gold, strict=True):
            if a != b:
                if levenshtein(b, g) < levenshtein(a, g):
                    right += 1
                else:
                    wrong += 1
    print(f"\ninside-paragraph 。: {golden} in the golden, {right} made, {wrong} not in golden")
    assert wrong == 0


if __name__ == "__main__":
    result = measure()
    print(report(*result))
    for name, tally in result[0].items():
        for item in tally.wrong[:10]:
            print("WRONG", name, item)
        for item in tally.missed[:40]:
            print("MISSED", name, item)
