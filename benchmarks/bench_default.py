"""The default profile against ftfy's ``fix_text`` on Chinese pages, in one run.

    python benchmarks/bench_default.py [--mb 2]

Inputs: the sample pages as crawled (raw) and as cleaned (golden), each repeated to the
given size and cut into page-sized documents. ftfy runs with its defaults (which fold
Chinese punctuation to ASCII) and with CJK-safe settings (no quote uncurling, no width
folding). The target: normkit's default profile at least 5× ftfy's CJK-safe fix_text.
"""

from __future__ import annotations

import argparse

import ftfy

import normkit
from _corpus import best_time, sample_pages

CJK_SAFE = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, fix_latin_ligatures=False)


def documents(kind: str, megabytes: float) -> list[str]:
    pages = sample_pages(kind)
    size = sum(len(p.encode("utf-8")) for p in pages)
    return pages * max(1, round(megabytes * 1e6 / size))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--profile", default="default")
    args = parser.parse_args()
    pipe = normkit.Pipeline.from_profile(args.profile)
    print(f"normkit profile {args.profile!r}: {', '.join(pipe.names)}\n")
    print(f"{'input':<8} {'tool':<28} {'MB/s':>8} {'normkit ×':>10}")
    for kind in ("raw", "golden"):
        docs = documents(kind, args.mb)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        cases = {
            f"normkit {args.profile}": lambda docs=docs: [pipe.clean(d) for d in docs],
            "ftfy.fix_text (CJK-safe)": lambda docs=docs: [ftfy.fix_text(d, CJK_SAFE) for d in docs],
            "ftfy.fix_text (defaults)": lambda docs=docs: [ftfy.fix_text(d) for d in docs],
        }
        rates = {name: mb / best_time(fn, 3) for name, fn in cases.items()}
        ours = rates[f"normkit {args.profile}"]
        for name, rate in rates.items():
            print(f"{kind:<8} {name:<28} {rate:8.2f} {ours / rate:9.2f}x")


if __name__ == "__main__":
    main()
