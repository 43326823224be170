"""Inputs built to hurt, for normkit's own tests and for plugin authors' tests.

Each input is made of a short unit repeated to a requested size, so the same shape can
be measured at growing sizes: time must grow linearly with the size.

>>> sorted(pathological_inputs(100))[:3]
['alternating han/ascii', 'ampersands', 'angle brackets']
"""

from __future__ import annotations

from collections.abc import Callable

#: name -> the repeated unit (or a maker for inputs that are not a plain repetition).
_UNITS: dict[str, str] = {
    "commas ,": ",",
    "full-width commas ，": "，",
    "full stops 。": "。",
    "dots .": ".",
    "brackets (": "(",
    "full-width brackets （": "（",
    "alternating han/ascii": "中a",
    "han and ascii punctuation": "中,",
    "pinyin-like glosses": "區(qū)",
    "pipes": "|",
    "pipe-separated keywords": "关键词|",
    "nested quotes": "“‘",
    "ascii quotes": "\"'",
    "ampersands": "&amp",
    "angle brackets": "<",
    "numbers with separators": "1,2:3.",
    "urls": "http://a.b/",
    "spaces": " ",
    "ideographic spaces": "\u3000",
    "newlines": "\n",
    "blank lines with spaces": " \n",
    "zero-width joiners": "\u200d",
    "replacement characters": "\ufffd",
    "question marks": "?",
    "latin-1 mojibake": "Ã©",
    "gbk-like mojibake": "鍙戝竷",
    "short lines": "首页\n",
    "one long chinese line": "这是一个很长的句子没有任何标点",
}


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit) + 1)


def pathological_inputs(size: int) -> dict[str, str]:
    """Every pathological input, each about ``size`` characters long."""
    return {name: _repeat(unit)(size)[:size] for name, unit in _UNITS.items()}
