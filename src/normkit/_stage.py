"""The stages a chain runs in, in order."""

from __future__ import annotations

import enum


class Stage(str, enum.Enum):
    """Where a normaliser runs. Stages run in declaration order.

    >>> import normkit
    >>> [stage.value for stage in normkit.Stage][:3]
    ['decode', 'unicode', 'structure']
    """

    DECODE = "decode"
    UNICODE = "unicode"
    STRUCTURE = "structure"
    INLINE = "inline"
    SCRIPT = "script"
    LAYOUT = "layout"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {stage: i for i, stage in enumerate(Stage)}
