"""OpenCC configurations as converters: normalisation, segmentation, conversion chain,
and user phrase overrides (see :func:`normkit.script.dictionaries.with_overrides`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from .._cache import cache_dir, cached_plain
from .dictionaries import CONFIGS, data_version, load_spec
from .step import Step, charset_pattern

if TYPE_CHECKING:
    from .codepoints import Codes, PairIndex, Positions, StartIndex

#: Bump when the compiled form changes, so stale caches are ignored.
_FORMAT = 9
#: Texts at least this long are converted as arrays of code points (see :mod:`.codepoints`).
LONG = 2048
#: Fewer segmentation matches than one per this many characters: no need to look for fewer
#: places where a boundary matters.
_FEW = 100
# Noncharacters: never in OpenCC's dictionaries, and almost never in real text.
_SENTINELS = tuple(chr(c) for c in range(0xFDD0, 0xFDF0))


@dataclass
class Converter:
    """A compiled OpenCC configuration. ``convert(text)`` equals OpenCC's output.

    >>> converter = get_converter("s2twp")
    >>> converter.name, converter.convert("鼠标和软件")
    ('s2twp', '滑鼠和軟體')
    """

    name: str
    normalization: list[Step]
    segmentation: Step | None
    chain: list[Step]
    #: Every character that any step could act on.
    active_chars: str
    #: With segmentation: only a boundary between two of these characters can matter
    #: (``None``: compute every boundary).
    cut_chars: str | None = None
    #: Pairs of neighbouring characters around which a boundary can matter, and
    #: characters next to which any boundary can matter (see :func:`_cut_pairs`).
    cut_pairs: frozenset[str] = frozenset()
    cut_wild: str = ""
    #: Whether ``cut_pairs`` and ``cut_wild`` were traced (otherwise any boundary may matter).
    cuts_traced: bool = False
    _active: re.Pattern[str] | None = None
    _cuts: re.Pattern[str] | None = None
    _seg_index: StartIndex | None = None
    _cut_index: PairIndex | None = None

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_active"] = state["_cuts"] = state["_seg_index"] = state["_cut_index"] = None
        return state

    @classmethod
    def build(
        cls, name: str, include_tofu: bool = True, overrides: Mapping[str, str] | None = None
    ) -> Converter:
        spec = load_spec(name, include_tofu, overrides)
        derived = _derived_steps(name, include_tofu, overrides) if overrides else None
        if derived is not None:
            normalization, derived_seg, chain = derived
        else:
            normalization = [Step.build(leaves) for leaves in spec.normalization]
            chain = [Step.build(leaves) for leaves in spec.chain]
            derived_seg = None
        segmentation = None
        cut_chars = None
        cut_pairs: frozenset[str] = frozenset()
        cut_wild = ""
        traced = False
        if spec.segmentation:
            seg = spec.segmentation
            first = spec.chain[0] if spec.chain else ()
            # The first step never crosses a boundary when its phrases are the segmentation's.
            first_is_seg = (
                [leaf.keys() for leaf in first[: len(seg)]] == [leaf.keys() for leaf in seg]
                and all(len(k) > 1 for leaf in seg for k in leaf)
                and all(len(k) == 1 for leaf in first[len(seg) :] for k in leaf)
            )
            if not (len(spec.chain) == 1 and first_is_seg):
                segmentation = derived_seg if derived_seg is not None else Step.build(seg)
                cut = _cut_pairs(chain, first_is_seg)
                if cut is not None:
                    traced = True
                    cut_pairs, cut_wild = cut
                    cut_chars = "".join(sorted({c for pair in cut_pairs for c in pair}))
                    # Scanning near those pairs only pays when they involve fewer characters
                    # than start a segmentation phrase.
                    if len(cut_chars) + len(cut_wild) >= len(segmentation.first_chars):
                        cut_chars = None
        active: set[str] = set()
        for stage in [*normalization, *chain]:
            active.update(stage.first_chars)
            active.update(chr(c) for c in stage.table)
            active.update(key[0] for values, _ in stage.leaves for key in values)
        return cls(
            spec.name,
            normalization,
            segmentation,
            chain,
            "".join(sorted(active)),
            cut_chars,
            cut_pairs,
            cut_wild,
            traced,
        )

    @property
    def active(self) -> re.Pattern[str]:
        if self._active is None:
            self._active = charset_pattern(self.active_chars)
        return self._active

    def convert(self, text: str) -> str:
        """The text converted; the same object when nothing changes."""
        if not self.active.search(text):
            return text
        if len(text) >= LONG:
            out = self._convert_long(text)
            return text if out == text else out
        out = text
        for stage in self.normalization:
            out = stage.run(out)
        if self.segmentation is None:
            for stage in self.chain:
                out = stage.run(out)
        else:
            out = self._segmented(out)
        return text if out == text else out

    def _convert_long(self, text: str) -> str:
        """:meth:`convert` on arrays of code points."""
        from .codepoints import codes_of, text_of

        codes = codes_of(text)
        current: str | None = text
        for stage in self.normalization:
            codes, current = stage.run_codes(codes, current)
        if self.segmentation is not None:
            if current is None:
                current = text_of(codes)
            cuts = self._long_cuts(codes, current)
            if cuts:
                return self._segmented_long(codes, current, cuts)
        for stage in self.chain:
            codes, current = stage.run_codes(codes, current)
        return current if current is not None else text_of(codes)

    def _segmented_long(self, codes: Codes, text: str, cuts: list[int]) -> str:
        """The chain over ``codes`` cut at ``cuts`` (sorted, inside the text)."""
        import numpy as np

        from .codepoints import text_of

        sentinel = next((s for s in _SENTINELS if s not in text), None)
        if sentinel is None:
            return self._per_segment(text, cuts)
        mark = ord(sentinel)
        marked = np.insert(codes, cuts, mark)
        current: str | None = None
        for stage in self.chain:
            marked, current = stage.run_codes(marked, current)
        return text_of(marked[marked != mark])

    def _long_cuts(self, codes: Codes, text: str) -> list[int]:
        """Segment boundaries inside the text, at least every one that can matter."""
        seg = self.segmentation
        assert seg is not None
        if self._seg_index is None:
            from .codepoints import StartIndex

            self._seg_index = StartIndex.build(seg.keys())
        starts = self._seg_index.find(codes)
        if self.cuts_traced and starts.size > codes.size // _FEW:
            near = self._near_cuts(codes)
            if near.size < starts.size:
                return _inside(seg.boundaries_at(text, near.tolist()), len(text))
        found = seg.scan_near(text, starts.tolist(), hot_only=False)
        return _inside([p for i, length, _ in found for p in (i, i + length)], len(text))

    def _near_cuts(self, codes: Codes) -> Positions:
        """The boundaries next to which a later step could match across (see :func:`_cut_pairs`)."""
        from .codepoints import PairIndex, marked, merge

        if self._cut_index is None:
            self._cut_index = PairIndex.build(self.cut_pairs, self.cut_wild)
        index = self._cut_index
        near = index.find(codes) + 1
        if index.singles is None:
            return near
        wild = marked(index.singles, codes)
        return merge(codes.size + 1, near, wild, wild + 1)

    def _segmented(self, text: str) -> str:
        seg = self.segmentation
        assert seg is not None
        if self.cut_chars is None:
            cuts = seg.boundaries(text)
        else:
            if self._cuts is None:
                firsts = charset_pattern({p[0] for p in self.cut_pairs}).pattern
                seconds = charset_pattern({p[1] for p in self.cut_pairs}).pattern
                pattern = f"{firsts}(?={seconds})"
                if self.cut_wild:
                    wild = charset_pattern(self.cut_wild).pattern
                    pattern += f"|{wild}(?=.)|.(?={wild})"
                self._cuts = re.compile(pattern, re.DOTALL)
            cuts = seg.boundaries_at(text, self._cut_candidates(text))
        if not cuts:
            for stage in self.chain:
                text = stage.run(text)
            return text
        sentinel = next((s for s in _SENTINELS if s not in text), None)
        if sentinel is None:
            return self._per_segment(text, cuts)
        pieces = []
        last = 0
        for cut in cuts:
            if cut != last:
                pieces.append(text[last:cut])
                last = cut
        pieces.append(text[last:])
        out = sentinel.join(pieces)
        for stage in self.chain:
            out = stage.run(out)
        return out.replace(sentinel, "")

    def _cut_candidates(self, text: str) -> Iterator[int]:
        pairs, wild = self.cut_pairs, self.cut_wild
        for m in self._cuts.finditer(text):  # type: ignore[union-attr]
            b = m.end()
            pair = text[b - 1 : b + 1]
            if pair in pairs or (wild and (pair[0] in wild or pair[-1] in wild)):
                yield b

    def _per_segment(self, text: str, cuts: list[int]) -> str:
        pieces = []
        last = 0
        for cut in [*cuts, len(text)]:
            if cut != last:
                segment = text[last:cut]
                for stage in self.chain:
                    segment = stage.run(segment)
                pieces.append(segment)
                last = cut
        return "".join(pieces)


def _derived_steps(
    name: str, include_tofu: bool, overrides: Mapping[str, str]
) -> tuple[list[Step], Step | None, list[Step]] | None:
    """The steps of the configuration with ``overrides`` (see
    :func:`normkit.script.dictionaries.with_overrides`), derived from the converter
    without them: its compiled steps with one leaf put first. ``None`` when a source or
    target is one character long (then every leaf must be compiled again)."""
    base = get_converter(name, include_tofu)
    first = base.chain[0].with_first(dict(overrides))
    finals = {target: target for target in overrides.values()}
    later = [step.with_first(finals) for step in base.chain[1:]]
    segmentation = None
    if base.segmentation is not None:
        segmentation = base.segmentation.with_first({source: source for source in overrides})
        if segmentation is None:
            return None
    if first is None or any(step is None for step in later):
        return None
    return base.normalization, segmentation, [first, *[step for step in later if step is not None]]


def _inside(cuts: list[int], size: int) -> list[int]:
    """Sorted distinct positions strictly inside a text of ``size`` characters."""
    return sorted({c for c in cuts if 0 < c < size})


def _cut_pairs(chain: list[Step], first_is_seg: bool) -> tuple[frozenset[str], str] | None:
    """Where a segment boundary can change a step's matches, as pairs of input characters.

    A step's match can only cross a boundary between two characters that stand side by
    side inside one of its keys. For the second step those pairs are traced back through
    the first step: a character becomes its table value, or, inside a hot phrase, the
    value's character at the same place. Characters of hot phrases whose value changes
    length are wild: any boundary next to them counts. Longer chains: ``None``.
    """
    if len(chain) > 2 or not all(stage.aligned for stage in chain):
        return None
    pairs: set[str] = set() if first_is_seg else set(chain[0].internal)
    wild: set[str] = set()
    if len(chain) == 2:
        first, second = chain
        wanted = {c for pair in second.internal for c in pair}
        sources: dict[str, set[str]] = {c: {c} for c in wanted if ord(c) not in first.table}
        for point, value in first.table.items():
            if value in wanted:
                sources.setdefault(value, set()).add(chr(point))
        for values, _ in first.leaves:
            for key, value in values.items():
                if not value:
                    continue
                if len(value) != len(key):
                    wild.update(key)
                    continue
                for k, v in zip(key, value, strict=True):
                    if v in wanted:
                        sources.setdefault(v, set()).add(k)
        for pair in second.internal:
            pairs.update(a + b for a in sources.get(pair[0], ()) for b in sources.get(pair[1], ()))
    return frozenset(pairs), "".join(sorted(wild))


def _load_or_build(name: str, include_tofu: bool, overrides: Mapping[str, str] | None = None) -> Converter:
    tofu = "tofu" if include_tofu else "notofu"
    extra = f"-{overrides_digest(overrides)}" if overrides else ""
    key = f"script/{name}-{tofu}{extra}-{data_version()}-v{_FORMAT}.marshal"

    def build() -> Converter:
        if overrides:
            _prune_overridden(name, tofu)
        return Converter.build(name, include_tofu, overrides)

    converter = cached_plain(key, build, _to_plain, _from_plain)
    return converter if converter.name == name else build()


#: Converters with overrides kept in the disk cache per configuration (the most recent):
#: each set of overrides is a file of its own, of up to a few megabytes.
KEEP_OVERRIDDEN = 4


def _prune_overridden(name: str, tofu: str) -> None:
    """Remove all but the newest ``KEEP_OVERRIDDEN - 1`` cached converters of ``name``
    with overrides (one more is about to be written)."""
    folder = cache_dir()
    if folder is None:
        return
    pattern = f"{name}-{tofu}-????????????????-*.marshal"
    with contextlib.suppress(OSError):
        found = sorted(folder.joinpath("script").glob(pattern), key=lambda p: p.stat().st_mtime)
        for stale in found[: max(0, len(found) - (KEEP_OVERRIDDEN - 1))]:
            stale.unlink(missing_ok=True)


def overrides_digest(overrides: Mapping[str, str]) -> str:
    """A short digest of a set of overrides (for cache keys): the same for the same
    phrases in any order.

    >>> overrides_digest({"a": "1", "b": "2"}) == overrides_digest({"b": "2", "a": "1"})
    True
    >>> len(overrides_digest({"a": "1"}))
    16
    """
    data = json.dumps(sorted(overrides.items()), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def _public(obj: object) -> dict[str, object]:
    """A dataclass's fields, without the caches (named ``_...``) rebuilt on use."""
    return {f.name: getattr(obj, f.name) for f in fields(obj) if not f.name.startswith("_")}  # type: ignore[arg-type]


def _to_plain(conv: Converter) -> dict[str, object]:
    """The converter as plain data (for the on-disk cache, which never holds code)."""
    plain = _public(conv)
    plain["normalization"] = [_public(stage) for stage in conv.normalization]
    plain["chain"] = [_public(stage) for stage in conv.chain]
    plain["segmentation"] = _public(conv.segmentation) if conv.segmentation is not None else None
    return plain


def _from_plain(plain: dict[str, object]) -> Converter:
    def stage(data: object) -> Step:
        assert isinstance(data, dict)
        return Step(**data)

    data = dict(plain)
    data["normalization"] = [stage(s) for s in data["normalization"]]  # type: ignore[attr-defined]
    data["chain"] = [stage(s) for s in data["chain"]]  # type: ignore[attr-defined]
    data["segmentation"] = stage(data["segmentation"]) if data["segmentation"] is not None else None
    return Converter(**data)  # type: ignore[arg-type]


_lock = threading.RLock()  # a converter with overrides is derived from the one without
_converters: dict[tuple[str, bool, str], Converter] = {}


def get_converter(
    config: str = "t2s", include_tofu: bool = True, overrides: Mapping[str, str] | None = None
) -> Converter:
    """The converter for an OpenCC configuration, built once per process (and cached on disk).

    ``overrides`` maps source phrases to their targets, which win over OpenCC's
    dictionaries (see :func:`normkit.script.dictionaries.with_overrides`).

    >>> get_converter("t2s").convert("乾安县")
    '干安县'
    >>> get_converter("t2s", overrides={"乾安县": "乾安县"}).convert("吉林乾安县很乾燥")
    '吉林乾安县很干燥'
    """
    name = config[:-5] if config.endswith(".json") else config
    if name not in CONFIGS:
        raise ValueError(f"unknown OpenCC configuration {config!r} (known: {', '.join(CONFIGS)})")
    key = (name, include_tofu, overrides_digest(overrides) if overrides else "")
    with _lock:
        converter = _converters.get(key)
        if converter is None:
            converter = _converters[key] = _load_or_build(name, include_tofu, overrides)
        return converter


def convert(text: str, config: str = "t2s", overrides: Mapping[str, str] | None = None) -> str:
    """Convert ``text`` with an OpenCC configuration, exactly as OpenCC does.

    ``overrides``: user phrases ``{source: target}`` that take priority over OpenCC's
    dictionaries, as in an OpenCC configuration that lists them first.

    >>> convert("漢字轉換", "t2s")
    '汉字转换'
    >>> convert("头发", "s2t")
    '頭髮'
    >>> convert("鼠标和软件", "s2twp", overrides={"软件": "軟件"})
    '滑鼠和軟件'
    """
    return get_converter(config, overrides=overrides).convert(text)
