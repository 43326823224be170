"""Traditional <-> simplified conversion with OpenCC's data and semantics (stage ``script``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from .._context import Context
from .._normaliser import Normaliser, Stage
from ..hookspecs import hookimpl
from ..script import Converter, Script, get_converter
from ..script.detector import marker_counts
from ..script.dictionaries import ConfigName, read_overrides

_TO_SIMPLIFIED = frozenset({"t2s", "tw2s", "tw2sp", "hk2s", "hk2sp"})
_TO_TRADITIONAL = frozenset({"s2t", "s2tw", "s2twp", "s2hk", "s2hkp"})


@dataclasses.dataclass(frozen=True)
class ConvertOptions:
    """How ``script.convert`` converts.

    >>> Convert(config="s2twp")("头发和软件"), Convert()("头发")
    ('頭髮和軟體', '头发')
    """

    #: The OpenCC configuration to apply.
    config: ConfigName = "t2s"
    #: Convert only documents that hold characters of the script converted from
    #: (traditional for ``*2s*``, simplified for ``s2*``); other configurations always run.
    only_if_needed: bool = True
    #: A file of user phrases, ``source<TAB>target`` a line, that win over OpenCC's
    #: dictionaries wherever a source starts ("": none).
    overrides_file: str = ""

    def __post_init__(self) -> None:
        if self.overrides_file:
            read_overrides(self.overrides_file)


def _script_of(simp: int, trad: int) -> Script:
    if simp == trad == 0:
        return Script.NEITHER
    if simp and trad:
        return Script.MIXED
    return Script.SIMPLIFIED if simp else Script.TRADITIONAL


class Convert(Normaliser):
    """Convert between traditional and simplified Chinese exactly as OpenCC does.

    Protected spans (URLs, e-mail addresses, numbers, code, Latin text) are left alone.

    >>> Convert()("漢字轉換")
    '汉字转换'
    >>> Convert(config="s2t")("头发")
    '頭髮'
    """

    name = "script.convert"
    stage = Stage.SCRIPT
    description = (
        "Convert traditional <-> simplified Chinese with OpenCC's dictionaries, exactly as OpenCC does."
    )
    profiles = frozenset({"zh-hans", "zh-hant"})
    profile_options: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "zh-hans": {"config": "t2s"},
        "zh-hant": {"config": "s2t"},
    }
    Options = ConvertOptions
    examples = (
        ("漢字轉換", "汉字转换"),
        ("頭髮很長，乾燥", "头发很长，干燥"),
        ("简体里有一個繁體字", "简体里有一个繁体字"),
        ("見 https://例子.tw/漢字 頁", "见 https://例子.tw/漢字 页"),
    )
    keeps = (
        "简体中文保持不变。",
        "Hello, world! 123 ÉÜÑ",
        "https://example.tw/漢字",
        "",
    )

    def __init__(self, options: Any = None, **values: Any) -> None:
        super().__init__(options, **values)
        path = self.options.overrides_file
        self._overrides = read_overrides(path) if path else None
        self._converter: Converter | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_converter": None}  # rebuilt (or loaded) where unpickled

    @property
    def converter(self) -> Converter:
        """The compiled configuration, with the overrides (looked up once)."""
        if self._converter is None:
            self._converter = get_converter(self.options.config, overrides=self._overrides)
        return self._converter

    def normalise(self, text: str, ctx: Context) -> str:
        config = self.options.config
        converter = self.converter
        if not converter.active.search(text):
            return text
        analysis = ctx.analysis(text)
        ranges = list(analysis.iter_unprotected()) if analysis.protected else [(0, len(text))]
        script = None
        if self.options.only_if_needed and (config in _TO_SIMPLIFIED or config in _TO_TRADITIONAL):
            simp = trad = 0
            for start, end in ranges:
                s, t = marker_counts(text[start:end])
                simp += s
                trad += t
            script = _script_of(simp, trad)
            if (trad if config in _TO_SIMPLIFIED else simp) == 0:
                return text
        if len(ranges) == 1 and ranges[0] == (0, len(text)):
            out = converter.convert(text)
        else:
            pieces = []
            last = 0
            for start, end in ranges:
                pieces.append(text[last:start])
                pieces.append(converter.convert(text[start:end]))
                last = end
            pieces.append(text[last:])
            out = "".join(pieces)
        if out == text:
            return text
        detected = f" (text was {script.value})" if script is not None else ""
        ctx.reason(0, len(text), f"converted with OpenCC {config}{detected}")
        return out


@hookimpl
def normkit_register_normalisers(register):  # type: ignore[no-untyped-def]
    register(Convert)
