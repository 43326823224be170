"""How much boilerplate ``boilerplate.repeated`` removes on multi-page sites built from realweb.

Corpora, per extraction (``all``, ``traf``), pages grouped by the host of their URL:

- ``real``: the realweb pages as they are (most sites have 1 page, 20 have 2, sina 4 over
  3 hosts): the honest figure, though groups are small.
- ``sites``: every site grown to ``--pages`` pages (default 8): its real pages, and new
  pages that each take the furniture (``boilerplate`` lines, in order) of one of the site's
  real pages (in turn) and put another site's article (``body``/``headline``/``unsure``
  lines, with labels) where that page's content was. Each article occurs once per site
  (a real page's own article is not copied to its site's other pages). A template's page-specific boilerplate
  (its comments, its related list, its date) repeats on every page made from it, as real
  furniture does, so recall here is an upper bound; ``real`` is the lower one.

For each corpus: the default profile page by page (``process_many``, without the pass) and
``Pipeline.process_corpus`` (with it), scored by ``../shared/realweb/score.py``'s
``score_page``: drop precision, drop recall, content kept. No rule or threshold was fitted
to these pages beyond what the unit tests show.

With ``--folds K`` the sites are held out as in ``bench_realweb.py``: each fold's sites are
cleaned (without and with the pass) by a line model trained without them; otherwise the
shipped model, which learned from every realweb page, cleans them (a figure on pages it
was trained on). The donors' articles of a grown site may come from sites the fold's model
learned from, so held-out content kept on grown sites is slightly optimistic.

    python benchmarks/eval_repeats.py [--pages 8] [--kind all|traf|both] [--folds 5]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normkit import Document, Pipeline

ROOT = Path(__file__).resolve().parent.parent
REALWEB = ROOT.parent / "shared" / "realweb"
CONTENT = ("body", "headline", "unsure")


@dataclass
class Page:
    name: str
    url: str
    site: str
    lines: list[str]
    labels: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def load(kind: str) -> list[Page]:
    rows = list(csv.DictReader((REALWEB / "pages.tsv").open(encoding="utf-8"), delimiter="\t"))
    pages = []
    for row in rows:
        if row["extraction"] != kind:
            continue
        text = (REALWEB / "raw" / f"{row['name']}.txt").read_text(encoding="utf-8")
        rows_ = (REALWEB / "labels" / f"{row['name']}.txt.labels.tsv").read_text(encoding="utf-8").split("\n")
        labels = [r.split("\t")[1] for r in rows_ if r]
        lines = text.split("\n")
        assert len(lines) == len(labels), row["name"]
        pages.append(Page(row["name"], row["url"], row["site"], lines, labels))
    return pages


def _content(page: Page, i: int) -> bool:
    """Whether line ``i`` is the page's content (the ``<title>`` line of ``all`` is not)."""
    return page.labels[i] in CONTENT and not (i == 0 and page.name.endswith("_all"))


def transplant(template: Page, donor: Page, n: int) -> Page:
    """The template's furniture around the donor's content (where the template's content
    began); in ``all`` pages the donor's ``<title>`` line replaces the template's."""
    lines = range(len(template.lines))
    first = next((i for i in lines if _content(template, i)), len(template.lines))
    furniture = [(template.lines[i], template.labels[i]) for i in lines if not _content(template, i)]
    content = [(donor.lines[i], donor.labels[i]) for i in range(len(donor.lines)) if _content(donor, i)]
    if template.name.endswith("_all") and donor.name.endswith("_all") and furniture:
        furniture[0] = (donor.lines[0], donor.labels[0])
    at = sum(1 for i in range(first) if not _content(template, i))
    merged = furniture[:at] + content + furniture[at:]
    sep = "&" if "?" in template.url else "?"
    return Page(
        f"{template.name}~{n}",
        f"{template.url}{sep}page={n}",
        template.site,
        [m[0] for m in merged],
        [m[1] for m in merged],
    )


def grow(pages: list[Page], size: int) -> list[Page]:
    """Every site grown to ``size`` pages; each article (content) once per site."""
    by_site: dict[str, list[Page]] = {}
    for p in pages:
        by_site.setdefault(p.site, []).append(p)
    out: list[Page] = []
    for site, real in sorted(by_site.items()):
        others = [p for p in pages if p.site != site]
        # rotate the other sites' pages so that each site draws different articles
        start = sum(map(ord, site)) % len(others)
        donors = real + others[start:] + others[:start]
        for j in range(max(size, len(real))):
            template, donor = real[j % len(real)], donors[j]
            out.append(template if donor is template else transplant(template, donor, j))
    return out


def score(pages: list[Page], outputs: list[str], scorer: Any) -> dict[str, float]:
    tot = dict(tp=0, fp=0, fn=0, content=0, content_kept=0, boiler=0, skipped=0)
    for page, out in zip(pages, outputs, strict=True):
        c = scorer.score_page(page.text, page.labels, out)
        for k in tot:
            tot[k] += c[k]
    dropped = tot["tp"] + tot["fp"]
    return {
        "precision": tot["tp"] / dropped if dropped else 1.0,
        "recall": tot["tp"] / tot["boiler"] if tot["boiler"] else 1.0,
        "kept": tot["content_kept"] / tot["content"] if tot["content"] else 1.0,
        "boiler": tot["boiler"],
        "content": tot["content"],
    }


def cleaned(corpus: list[Page], pipes: Callable[[str], Pipeline]) -> tuple[list[str], list[str]]:
    """The corpus cleaned page by page and with the pass, each site by its own pipeline
    (``pipes(site)``), the outputs in the corpus's order."""
    by_pipe: dict[int, tuple[Pipeline, list[int]]] = {}
    for i, p in enumerate(corpus):
        pipe = pipes(p.site)
        by_pipe.setdefault(id(pipe), (pipe, []))[1].append(i)
    without = [""] * len(corpus)
    with_pass = [""] * len(corpus)
    for pipe, where in by_pipe.values():
        docs = [Document(corpus[i].text, corpus[i].name, {"url": corpus[i].url}) for i in where]
        for i, r in zip(where, pipe.process_many(docs), strict=True):
            without[i] = r.text
        for i, r in zip(where, pipe.process_corpus(docs), strict=True):
            with_pass[i] = r.text
    return without, with_pass


def fold_pipelines(n_folds: int, where: Path) -> Callable[[str], Pipeline]:
    """Each site's pipeline: the line model of the fold that holds the site out."""
    from bench_realweb import fold_models
    from normkit.lines.train import folds, load_pages

    models = fold_models(n_folds, where)
    held = folds([p.group for p in load_pages()], n_folds)
    pipes = [Pipeline(options={"boilerplate.lines": {"model_file": str(m)}}) for m in models]
    return lambda site: pipes[next(k for k, sites in enumerate(held) if site in sites)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=8, help="pages per site in the grown corpus")
    ap.add_argument("--kind", choices=("all", "traf", "both"), default="both")
    ap.add_argument("--folds", type=int, default=0, help="hold sites out: K grouped folds (0: shipped model)")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("realweb_score", REALWEB / "score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    tmp = tempfile.TemporaryDirectory()
    if a.folds:
        pipes = fold_pipelines(a.folds, Path(tmp.name))
    else:
        shipped = Pipeline()
        pipes = lambda site: shipped  # noqa: E731
    for kind in ("all", "traf") if a.kind == "both" else (a.kind,):
        real = load(kind)
        for label, corpus in (("real", real), (f"sites x{a.pages}", grow(real, a.pages))):
            started = time.perf_counter()
            without, with_pass = cleaned(corpus, pipes)
            seconds = time.perf_counter() - started
            for name, outs in (("without the pass", without), ("with the pass", with_pass)):
                s = score(corpus, outs, scorer)
                print(
                    f"{kind:4s} {label:9s} {len(corpus):4d} pages  {name:17s} precision {s['precision']:.3f}"
                    f"  recall {s['recall']:.3f}  content kept {s['kept']:.3f}"
                    f"  ({s['boiler']} boilerplate, {s['content']} content lines)"
                )
            print(f"     ({seconds:.1f} s)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
