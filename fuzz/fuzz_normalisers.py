"""Coverage-guided fuzzing of the tokenising core and every built-in normaliser (atheris).

    python fuzz/fuzz_normalisers.py -runs=100000          # a longer run
    python fuzz/fuzz_normalisers.py fuzz/corpus/normalisers -max_total_time=3600

Each input picks a normaliser (or the whole default chain) and a text; the harness checks
the contract: the output is a string, a second pass changes nothing, and the tokeniser's
runs concatenate back to the input. Any exception or failed check is a crash that
atheris reports with the input that caused it; put that input in a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import normkit
    from normkit.tokens import Analysis, tokenize

PIPES = [normkit.Pipeline(steps=[r.cls.name]) for r in normkit.get_registry().registrations()]
PIPES.append(normkit.Pipeline.from_profile("default"))


def check(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    pipe = PIPES[provider.ConsumeIntInRange(0, len(PIPES) - 1)]
    text = provider.ConsumeUnicode(provider.remaining_bytes())
    assert "".join(run.text for run in tokenize(text)) == text
    Analysis(text).protected  # noqa: B018 - computing it is the check
    once = pipe.clean(text)
    assert isinstance(once, str)
    twice = pipe.clean(once)
    if twice != once:
        raise AssertionError(f"{pipe.names} is not idempotent on {text!r}: {once!r} -> {twice!r}")


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
