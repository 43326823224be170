"""The extra labelled pages (benchmarks/data/extra_pages): well-formed, of other sites than
realweb, and only ever training pages in the grouped cross-validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from normkit.lines import train as T
from normkit.lines.train import EXTRA, EXTRA_GENRES, EXTRA_PREFIX, Page, cross_validate, load_extra_pages

LABELS = {"body", "headline", "boilerplate", "unsure", "blank"}
EVERY_GENRE = ("article", "forum", "doc", "assembled")


def rows() -> list[dict[str, str]]:
    with open(EXTRA / "pages.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_web_pages_by_default_and_documentation_on_request() -> None:
    assert {r["genre"] for r in rows()} <= set(EVERY_GENRE)
    web = [r["name"] for r in rows() if r["genre"] in EXTRA_GENRES]
    assert web and [p.name for p in load_extra_pages()] == web
    assert len(load_extra_pages(genres=EVERY_GENRE)) == len(rows())


def test_every_page_is_labelled_line_by_line() -> None:
    pages = load_extra_pages(genres=EVERY_GENRE)
    assert len(pages) == len(rows()) >= 4
    for page, row in zip(pages, rows(), strict=True):
        assert page.group == EXTRA_PREFIX + row["site"]
        assert len(page.lines) == int(row["lines"]) == len(page.labels)
        assert set(page.labels) <= LABELS, page.name
        assert sum(lab == "boilerplate" for lab in page.labels) == int(row["boilerplate"])
        assert sum(lab == "body" for lab in page.labels) == int(row["body"])
        # a label for every line, none for a line past the end
        labels = (EXTRA / "labels" / f"{page.name}.txt.labels.tsv").read_text(encoding="utf-8").splitlines()
        assert [int(r.split("\t")[0]) for r in labels] == list(range(1, len(page.lines) + 1))


def test_pages_hold_content_and_boilerplate() -> None:
    for page in load_extra_pages(kinds=("all",), genres=EVERY_GENRE):
        assert "body" in page.labels and "boilerplate" in page.labels, page.name
        # the gold text is what the content lines were matched against
        truth = (EXTRA / "truth" / f"{page.name.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
        assert truth.strip()


def test_every_source_is_stored_with_its_licence() -> None:
    for row in rows():
        assert (EXTRA / "source" / row["source"]).is_file()
        assert row["licence"].strip()


def test_sites_are_not_realweb_sites() -> None:
    realweb = T.SHARED / "realweb" / "pages.tsv"
    if not realweb.is_file():
        pytest.skip("../shared/realweb is not here")
    with open(realweb, encoding="utf-8") as fh:
        taken = {r["site"] for r in csv.DictReader(fh, delimiter="\t")}
    sites = {r["site"] for r in rows()}
    assert sites and not sites & taken


def test_extra_pages_are_only_ever_training_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(T, "train", lambda pages: seen.append([p.group for p in pages]))
    dev = [Page(f"p{i}", f"s{i}", ["首页"], ["boilerplate"]) for i in range(4)]
    extra = [Page("x", EXTRA_PREFIX + "news", ["首页"], ["boilerplate"])]
    cross_validate(dev, 2, extra)
    assert len(seen) == 2
    # every fold learns from the extra page; the dev groups are split as without it
    assert all(groups.count(EXTRA_PREFIX + "news") == 1 for groups in seen)
    assert [sorted(g for g in groups if not g.startswith(EXTRA_PREFIX)) for groups in seen] == [
        ["s1", "s3"],
        ["s0", "s2"],
    ]


def test_loader_without_the_directory_gives_nothing(tmp_path: Path) -> None:
    assert load_extra_pages(tmp_path / "none") == []
