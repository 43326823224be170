"""The columns of the classifier's second stage: what its first stage made of each line
and of the lines around it (:data:`SCORE_NAMES`, :func:`score_context`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .arrays import window

__all__ = ["SCORE_NAMES", "score_context"]

#: The columns :func:`score_context` adds for the second stage of the classifier: what
#: the first stage made of the line and of its neighbours.
SCORE_NAMES: tuple[str, ...] = (
    "first_score",  # the first stage's log-odds of the line (clipped to ±8)
    "first_near1",  # the mean of its neighbours' within 1 line
    "first_near2",  # … within 2 lines
    "first_near5",  # … within 5 lines
    "content_above",  # lines above judged surely content (log-odds < -2), log
    "content_below",  # the same below
    "surest_above",  # the lowest first-stage log-odds above (8 when none)
    "surest_below",  # the same below
)


def score_context(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The :data:`SCORE_NAMES` columns of a page from its lines' first-stage log-odds
    (in page order).

    >>> m = score_context(np.array([5.0, -4.0, 5.0], dtype=np.float32))
    >>> m.shape, float(m[0, 4]), float(m[0, 5]), float(m[2, 7])
    ((3, 8), 0.0, 0.6931471824645996, 8.0)
    """
    s = np.clip(np.asarray(scores, dtype=np.float32), -8.0, 8.0)
    n = len(s)
    out = np.empty((n, len(SCORE_NAMES)), dtype=np.float32)
    if not n:
        return out
    sure = (s < -2).astype(np.float32)
    above = np.cumsum(sure) - sure
    below = np.cumsum(sure[::-1])[::-1] - sure
    lowest_above = np.full(n, 8.0, dtype=np.float32)
    lowest_above[1:] = np.minimum.accumulate(s)[:-1]
    lowest_below = np.full(n, 8.0, dtype=np.float32)
    lowest_below[:-1] = np.minimum.accumulate(s[::-1])[::-1][1:]
    out[:, 0] = s
    out[:, 1] = window(s, 1)
    out[:, 2] = window(s, 2)
    out[:, 3] = window(s, 5)
    out[:, 4] = np.log1p(above)
    out[:, 5] = np.log1p(below)
    out[:, 6] = lowest_above
    out[:, 7] = lowest_below
    return out
