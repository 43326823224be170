"""The line classifier: boosted trees of depth two over :mod:`.features`.

A line's score is the intercept plus the leaf of every tree it reaches, its probability
of being boilerplate the logistic of that score. Every tree credits its value to the
features it split on, so every decision has a readable reason: the features that
pushed the score up the most (:meth:`LineModel.explain`).

The weights are a small JSON file (``normkit/data/lines_model.json``), written by
:func:`fit` from labelled pages (``python -m normkit.lines.train``). Inference needs
NumPy only.

>>> import numpy as np
>>> m = fit(np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([0, 1, 0, 1]), ("f",), rounds=20, min_hess=0.1)
>>> bool(m.probability(np.array([[1.0]]))[0] > 0.5)
True
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import score_context

__all__ = ["Leaves", "LineModel", "blocks", "fit", "load_model", "logistic", "read_model"]

MODEL_FILE = "lines_model.json"
#: Rows scored at once: the working set is a few KB per row (``(rows, trees)`` arrays), so
#: a page of many short lines is scored in blocks of bounded size.
ROWS_AT_ONCE = 1024


#: ... for a model of this many trees or fewer; a larger model scores fewer rows at once.
TREES_AT_ONCE = 300

#: Rows whose trees :meth:`LineModel.score` evaluates at once, inside a block of
#: :attr:`LineModel.rows_at_once` rows: the gathers and the leaf lookup hold about
#: 30 bytes per row and tree (4 MB at 682 rows of 450 trees; a quarter of that so), the
#: same scores.
SCORE_ROWS = 256


def blocks(rows: int, size: int = ROWS_AT_ONCE) -> list[tuple[int, int]]:
    """``(start, stop)`` of blocks of at most about ``size`` rows, none of one
    row (NumPy sums a single row in another order: its score would differ in the last bit).

    >>> blocks(2049)
    [(0, 1024), (1024, 2049)]
    """
    starts = list(range(0, rows, size))
    if not starts:
        return []
    if len(starts) > 1 and rows - starts[-1] == 1:
        starts.pop()
    return list(zip(starts, [*starts[1:], rows], strict=True))


def logistic(score: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The probabilities of log-odds ``score`` (as :meth:`LineModel.probability` gives them).

    >>> [round(float(p), 3) for p in logistic(np.array([0.0, 2.0], dtype=np.float32))]
    [0.5, 0.881]
    """
    return np.asarray(1.0 / (1.0 + np.exp(-score)), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Leaves:
    """The leaf of every tree for some rows, as :meth:`LineModel.score_leaves` read them:
    ``values`` ``(rows, trees)``, ``right`` whether each row went right at each root.

    >>> leaves = Leaves(np.zeros((3, 2), np.float32), np.array([[True, False]] * 3))
    >>> leaves.take([0, 2]).values.shape
    (2, 2)
    """

    values: npt.NDArray[np.float32]
    right: npt.NDArray[np.bool_]

    def take(self, rows: npt.NDArray[np.int64] | list[int]) -> Leaves:
        """The leaves of the rows at ``rows``."""
        return Leaves(self.values[rows], self.right[rows])


@dataclass(frozen=True)
class LineModel:
    """Boosted trees of depth two, as arrays (one entry per tree).

    A line goes right at the root when ``x[root] >= root_at``, then right again when
    ``x[child] >= child_at`` of the side it took; it gets the value of its leaf
    (``leaves[t, 2 * right + right_again]``). ``sides[t, right]`` is the value of the side
    alone: the root's feature is credited with it, the child's with the rest.

    >>> m = fit(np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([0, 1, 0, 1]), ("f",), rounds=20, min_hess=0.1)
    >>> len(m.roots), m.explain(np.array([[1.0]]))
    (20, [['f']])
    """

    names: tuple[str, ...]
    intercept: float
    roots: npt.NDArray[np.int64]
    root_at: npt.NDArray[np.float32]
    children: npt.NDArray[np.int64]  # (trees, 2)
    child_at: npt.NDArray[np.float32]  # (trees, 2)
    leaves: npt.NDArray[np.float32]  # (trees, 4)
    sides: npt.NDArray[np.float32]  # (trees, 2)
    #: The probability from which a line is dropped.
    threshold: float = 0.5
    #: A second stage: trees over the features and :func:`~.features.score_context` of
    #: this model's scores (the line's neighbours as this model judged them).
    second: LineModel | None = None
    #: With the main text spared: a paragraph whose probability is below this anchors
    #: the main text (the lines from the first to the last anchor are never dropped).
    anchor: float = 0.0
    #: With the main text spared: a line more than :attr:`far_distance` lines from it is
    #: dropped from this probability (0: from :attr:`threshold`).
    far_threshold: float = 0.0
    far_distance: int = 0
    #: With the main text spared: only paragraphs of this many letters and digits or more
    #: anchor it, when the page has one (0: any paragraph); a feed's teaser or a short
    #: comment below the article then does not stretch the main text over the widgets.
    anchor_letters: int = 0
    #: With the main text spared: a line of it that is no paragraph and mostly menu or
    #: field words (:attr:`inside_lexicon` of its characters or more, lexicon terms) is
    #: dropped from this probability all the same (0: none is).
    inside_threshold: float = 0.0
    inside_lexicon: float = 0.0

    def first_trees(self, rounds: int) -> LineModel:
        """The model made of the first ``rounds`` trees (boosting adds trees in order, so
        this is the model that training with ``rounds`` rounds would have written).

        >>> m = fit(np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([0, 1, 0, 1]), ("f",), rounds=20, min_hess=0.1)
        >>> len(m.first_trees(5).roots), m.first_trees(50) is m
        (5, True)
        """
        if rounds >= len(self.roots):
            return self
        return LineModel(
            self.names,
            self.intercept,
            self.roots[:rounds],
            self.root_at[:rounds],
            self.children[:rounds],
            self.child_at[:rounds],
            self.leaves[:rounds],
            self.sides[:rounds],
            self.threshold,
            self.second,
            self.anchor,
            self.far_threshold,
            self.far_distance,
            self.anchor_letters,
            self.inside_threshold,
            self.inside_lexicon,
        )

    @functools.cached_property
    def rows_at_once(self) -> int:
        """Rows scored at once: :data:`ROWS_AT_ONCE`, fewer for a model of more than
        :data:`TREES_AT_ONCE` trees (the working set is rows times trees).

        >>> load_model().rows_at_once <= ROWS_AT_ONCE
        True
        """
        return max(64, ROWS_AT_ONCE * TREES_AT_ONCE // max(len(self.roots), TREES_AT_ONCE))

    @functools.cached_property
    def _terms(self) -> npt.NDArray[np.float32]:
        """The leaves as the terms of ``L0 + A0 (L1 - L0) + R (L2 - L0 + A0 (L0 - L1)
        + A1 (L3 - L2))`` (``R`` right at the root, ``A0`` / ``A1`` right again on the
        left / right side): rows L0, L1 - L0, L2 - L0, L0 - L1, L3 - L2."""
        lv = self.leaves.astype(np.float32)
        return np.stack(
            [lv[:, 0], lv[:, 1] - lv[:, 0], lv[:, 2] - lv[:, 0], lv[:, 0] - lv[:, 1], lv[:, 3] - lv[:, 2]]
        )

    def _leaf_values(
        self, x: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        """The value of every tree's leaf for every row ``(rows, trees)``, and ``R``.

        Element-wise only (no matrix products: they spin threads on a busy machine)."""
        # The three comparisons of every tree, over the columns as rows (a gather of rows),
        # make the outcome; the value of each outcome is looked up in :attr:`_outcomes`.
        xt = np.ascontiguousarray(x.T)
        right = xt[self.roots] >= self.root_at[:, None]
        outcome = right.view(np.uint8) << 2
        outcome |= (xt[self.children[:, 0]] >= self.child_at[:, :1]).view(np.uint8) << 1
        outcome |= (xt[self.children[:, 1]] >= self.child_at[:, 1:]).view(np.uint8)
        index = outcome.astype(np.int32)
        del outcome
        index += self._outcome_base
        # ``(trees, rows)`` looked up, read as ``(rows, trees)`` in Fortran order, as
        # ``x[:, roots]`` and the values computed from it were: the sum of a row adds the
        # trees in that order (the scores' last bits depend on it).
        values = self._outcomes[index].T
        return values, right.T

    @functools.cached_property
    def _sides_children(self) -> tuple[npt.NDArray[Any], ...]:
        """The sides' values and the children's features, left and right, one array each."""
        return tuple(np.ascontiguousarray(a) for a in (*self.sides.T, *self.children.T))

    @functools.cached_property
    def _outcome_base(self) -> npt.NDArray[np.int32]:
        """``(trees, 1)``: where each tree's eight outcomes start in :attr:`_outcomes`."""
        return (np.arange(len(self.roots), dtype=np.int32) * 8)[:, None]

    @functools.cached_property
    def _outcomes(self) -> npt.NDArray[np.float32]:
        """The leaf value of every tree for each outcome ``4 R + 2 A0 + A1`` (tree ``t`` at
        ``8 t`` onwards), computed as ``L0 + A0 (L1 - L0) + R (L2 - L0 + A0 (L0 - L1) + A1
        (L3 - L2))`` in float32 row by row would give it: the same bits."""
        t = self._terms
        out = np.empty((len(self.roots), 8), dtype=np.float32)
        for k in range(8):
            r, a0, a1 = (np.full(len(self.roots), bool(k & bit)) for bit in (4, 2, 1))
            out[:, k] = t[0] + a0 * t[1] + r * (t[2] + a0 * t[3] + a1 * t[4])
        return out.ravel()

    def score(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The log-odds of boilerplate for every row of ``x``."""
        if not len(self.roots):
            return np.full(len(x), self.intercept, dtype=np.float32)
        size = min(self.rows_at_once, SCORE_ROWS)
        if len(x) > size:  # a bounded working set, the same scores
            return np.concatenate([self._score(x[a:b]) for a, b in blocks(len(x), size)])
        return self._score(x)

    def _score(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        values, _ = self._leaf_values(x)
        return np.asarray(values.sum(axis=1) + self.intercept, dtype=np.float32)

    def score_leaves(self, x: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.float32], Leaves | None]:
        """:meth:`score` of ``x``, and the leaves it read when ``x`` is scored at once (at
        most :attr:`rows_at_once` rows), for :meth:`explain` of some of its rows without
        evaluating their trees again (else None).

        >>> m = load_model()
        >>> x = np.random.default_rng(0).random((5, len(m.names)), dtype=np.float32)
        >>> s, leaves = m.score_leaves(x)
        >>> bool((s == m.score(x)).all()), m.explain(x[[1, 3]]) == m.explain(x[[1, 3]], leaves=leaves.take([1, 3]))
        (True, True)
        """
        if not len(self.roots) or len(x) > self.rows_at_once:
            return self.score(x), None
        values, right = self._leaf_values(x)
        return np.asarray(values.sum(axis=1) + self.intercept, dtype=np.float32), Leaves(values, right)

    def probability(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The probability of boilerplate of every row of ``x`` (this stage alone)."""
        return logistic(self.score(x))

    def stacked(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """``x`` with the :data:`~.features.SCORE_NAMES` columns the second stage reads
        (``x`` is a whole page, its rows in page order)."""
        return np.concatenate([x, score_context(self.score(x))], axis=1)

    def page_probability(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The probability of boilerplate of every line of a page (``x``: the page's
        whole matrix, in page order), through the second stage when there is one."""
        if self.second is None:
            return self.probability(x)
        return self.second.probability(self.stacked(x))

    def contributions(
        self, x: npt.NDArray[np.float32], leaves: Leaves | None = None
    ) -> npt.NDArray[np.float32]:
        """``(rows, features)``: what each feature added to each row's score (the root's
        feature gets the value of the side taken, the child's the rest of the leaf);
        ``leaves``: those of the rows of ``x`` if already evaluated (:meth:`score_leaves`)."""
        n, f = len(x), len(self.names)
        if not len(self.roots) or not n:
            return np.zeros((n, f), dtype=np.float32)
        if leaves is not None:
            return self._contributions(x, leaves)
        if n > self.rows_at_once:  # a bounded working set, the same values
            return np.concatenate([self._contributions(x[a:b]) for a, b in blocks(n, self.rows_at_once)])
        return self._contributions(x)

    def _contributions(
        self, x: npt.NDArray[np.float32], leaves: Leaves | None = None
    ) -> npt.NDArray[np.float32]:
        n, f = len(x), len(self.names)
        leaf, right = self._leaf_values(x) if leaves is None else (leaves.values, leaves.right)
        # Row by row (``(rows, trees)``, as taken leaves are laid out: no transposed
        # copy): each (row, feature) still gets its trees' values in tree order, so the
        # sums are those of adding them tree by tree, to the last bit.
        s0, s1, c0, c1 = self._sides_children
        side = np.where(right, s1, s0)
        base = (np.arange(n) * f)[:, None]
        out = np.bincount((self.roots + base).ravel(), weights=side.ravel(), minlength=n * f)
        child = np.where(right, c1, c0)
        child += base
        out += np.bincount(child.ravel(), weights=(leaf - side).ravel(), minlength=n * f)
        return out.reshape(n, f).astype(np.float32)

    def explain(
        self, x: npt.NDArray[np.float32], top: int = 2, leaves: Leaves | None = None
    ) -> list[list[str]]:
        """For every row of ``x`` the names of the ``top`` features that raised its score
        most (``leaves``: those of the rows of ``x``, from :meth:`score_leaves`, if known)."""
        if leaves is not None:
            return self._explain(x, top, leaves)
        parts = blocks(len(x), self.rows_at_once)
        if len(parts) > 1:  # a bounded working set (rows are explained alone)
            return [names for a, b in parts for names in self._explain(x[a:b], top)]
        return self._explain(x, top)

    def _explain(self, x: npt.NDArray[np.float32], top: int, leaves: Leaves | None = None) -> list[list[str]]:
        c = self.contributions(x, leaves)
        n, f = c.shape
        if not n or not f or top <= 0:
            return [[] for _ in range(n)]
        # The ``top`` largest of each row, the first of equals first (as a stable sort
        # of ``-c`` orders them), by repeated ``argmax``: no sort of the whole row.
        rest = c.copy()
        rows = np.arange(n)
        picked = []
        for _ in range(min(top, f)):
            j = rest.argmax(axis=1)
            picked.append(j)
            rest[rows, j] = -np.inf
        order = np.stack(picked, axis=1)
        best = c[rows[:, None], order] > 0
        named: list[list[str]] = self._names_array[order].tolist()
        if best.all():  # (as is usual: the lines explained are those the model drops)
            return named
        return [
            [name for name, ok in zip(row, keep, strict=True) if ok]
            for row, keep in zip(named, best.tolist(), strict=True)
        ]

    @functools.cached_property
    def _names_array(self) -> npt.NDArray[np.object_]:
        """:attr:`names` as an array (of objects: the names themselves)."""
        out = np.empty(len(self.names), dtype=object)
        out[:] = self.names
        return out

    def to_json(self) -> dict[str, Any]:
        def r(a: npt.NDArray[Any]) -> list[Any]:
            return np.round(a.astype(np.float64), 5).tolist()  # type: ignore[no-any-return]

        out: dict[str, Any] = {
            "names": list(self.names),
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "roots": self.roots.tolist(),
            "root_at": r(self.root_at),
            "children": self.children.tolist(),
            "child_at": r(self.child_at),
            "leaves": r(self.leaves),
            "sides": r(self.sides),
        }
        if self.anchor:
            out["anchor"] = self.anchor
        if self.far_threshold:
            out["far_threshold"] = self.far_threshold
            out["far_distance"] = self.far_distance
        if self.anchor_letters:
            out["anchor_letters"] = self.anchor_letters
        if self.inside_threshold:
            out["inside_threshold"] = self.inside_threshold
            out["inside_lexicon"] = self.inside_lexicon
        if self.second is not None:
            out["second"] = self.second.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineModel:
        def a(key: str, dtype: Any, shape: tuple[int, ...]) -> npt.NDArray[Any]:
            return np.asarray(data[key], dtype=dtype).reshape(shape)

        t = len(data["roots"])
        return cls(
            tuple(data["names"]),
            float(data["intercept"]),
            a("roots", np.int64, (t,)),
            a("root_at", np.float32, (t,)),
            a("children", np.int64, (t, 2)),
            a("child_at", np.float32, (t, 2)),
            a("leaves", np.float32, (t, 4)),
            a("sides", np.float32, (t, 2)),
            float(data.get("threshold", 0.5)),
            cls.from_json(data["second"]) if "second" in data else None,
            float(data.get("anchor", 0.0)),
            float(data.get("far_threshold", 0.0)),
            int(data.get("far_distance", 0)),
            int(data.get("anchor_letters", 0)),
            float(data.get("inside_threshold", 0.0)),
            float(data.get("inside_lexicon", 0.0)),
        )


@functools.cache
def load_model() -> LineModel:
    """The shipped model (``normkit/data/lines_model.json``).

    >>> from normkit.lines.features import NAMES
    >>> load_model().names == NAMES, load_model() is load_model()
    (True, True)
    """
    text = resources.files("normkit").joinpath("data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LineModel.from_json(json.loads(text))


@functools.lru_cache(maxsize=8)
def read_model(path: str) -> LineModel:
    """A model written by ``python -m normkit.lines.train`` (raises ``ValueError`` if unreadable).

    >>> import os, tempfile
    >>> m = fit(np.array([[0.0], [1.0]]), np.array([0, 1]), ("f",), rounds=2, min_hess=0.1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "model.json")
    ...     with open(path, "w", encoding="utf-8") as fh:
    ...         json.dump(m.to_json(), fh)
    ...     read_model(path).names
    ('f',)
    >>> read_model("/no/such/model.json")
    Traceback (most recent call last):
    ...
    ValueError: cannot read line model /no/such/model.json: ...
    """
    try:
        with open(path, encoding="utf-8") as fh:
            return LineModel.from_json(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"cannot read line model {path}: {exc}") from exc


def _candidate_edges(column: npt.NDArray[np.float32], bins: int) -> npt.NDArray[np.float32]:
    values = np.unique(column)
    if len(values) <= 1:
        return np.zeros(0, dtype=np.float32)
    mids = (values[1:] + values[:-1]) / 2
    if len(mids) <= bins:
        return mids.astype(np.float32)
    qs = np.quantile(column, np.linspace(0, 1, bins + 2)[1:-1])
    return np.unique(qs).astype(np.float32)


@dataclass(frozen=True)
class _Binned:
    """The bin of every row and feature, offset so that all features share one range."""

    flat: npt.NDArray[np.int64]  # (rows, features): bin + the feature's offset
    offsets: npt.NDArray[np.int64]  # (features + 1,)
    #: For every position of the shared range: may a split be made after this bin?
    splittable: npt.NDArray[np.bool_]


def _binned(codes: list[npt.NDArray[np.int64]], sizes: list[int]) -> _Binned:
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    flat = np.stack(codes, axis=1) + offsets[:-1][None, :]
    splittable = np.ones(int(offsets[-1]), dtype=bool)
    splittable[offsets[1:] - 1] = False  # the last bin of a feature has nothing on its right
    return _Binned(flat, offsets, splittable)


def _best_split(
    binned: _Binned,
    g: npt.NDArray[np.float64],
    h: npt.NDArray[np.float64],
    rows: npt.NDArray[np.int64] | None,
    l2: float,
    min_hess: float,
) -> tuple[float, int, int]:
    """``(gain, feature, edge index)`` of the best split of ``rows`` (all if None); all
    features at once: one histogram over the shared range of bins."""
    flat = binned.flat if rows is None else binned.flat[rows]
    if rows is not None:
        g, h = g[rows], h[rows]
    m = flat.shape[1]
    total = int(binned.offsets[-1])
    gb = np.bincount(flat.ravel(), weights=np.repeat(g, m), minlength=total)
    hb = np.bincount(flat.ravel(), weights=np.repeat(h, m), minlength=total)
    # cumulative sums within each feature's segment
    start = np.repeat(binned.offsets[:-1], np.diff(binned.offsets))
    gc, hc = np.cumsum(gb), np.cumsum(hb)
    gl = gc - np.concatenate(([0.0], gc))[start]
    hl = hc - np.concatenate(([0.0], hc))[start]
    gt, ht = g.sum(), h.sum()
    gr, hr = gt - gl, ht - hl
    gain = gl**2 / (hl + l2) + gr**2 / (hr + l2) - gt**2 / (ht + l2)
    gain[(hl < min_hess) | (hr < min_hess) | ~binned.splittable] = 0.0
    at = int(np.argmax(gain))
    if gain[at] <= 1e-12:
        return (0.0, -1, -1)
    j = int(np.searchsorted(binned.offsets, at, side="right")) - 1
    return (float(gain[at]), j, at - int(binned.offsets[j]))


def fit(
    x: npt.NDArray[Any],
    y: npt.NDArray[Any],
    names: tuple[str, ...],
    weights: npt.NDArray[Any] | None = None,
    rounds: int = 300,
    rate: float = 0.2,
    bins: int = 32,
    l2: float = 1.0,
    threshold: float = 0.5,
    min_hess: float = 1.0,
) -> LineModel:
    """Boost ``rounds`` trees of depth two (Newton steps of the logistic loss); deterministic.

    >>> m = fit(np.array([[0.0], [1.0], [0.0], [1.0]]), np.array([0, 1, 0, 1]), ("f",), rounds=20, min_hess=0.1)
    >>> [round(float(p), 2) for p in m.probability(np.array([[0.0], [1.0]]))]
    [0.16, 0.84]
    """
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float64)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    n, m = x.shape
    edges = [_candidate_edges(x[:, j], bins) for j in range(m)]
    codes = [np.searchsorted(e, x[:, j], side="right").astype(np.int64) for j, e in enumerate(edges)]
    sizes = [len(e) + 1 for e in edges]
    binned = _binned(codes, sizes)
    prior = float(np.clip((w * y).sum() / w.sum(), 1e-6, 1 - 1e-6))
    intercept = float(np.log(prior / (1 - prior)))
    score = np.full(n, intercept)
    roots, root_at, children, child_at, leaves, sides = [], [], [], [], [], []

    def value(rows: npt.NDArray[np.int64], g: npt.NDArray[np.float64], h: npt.NDArray[np.float64]) -> float:
        return float(-g[rows].sum() / (h[rows].sum() + l2)) * rate

    for _ in range(rounds):
        p = 1 / (1 + np.exp(-score))
        g = w * (p - y)
        h = w * np.maximum(p * (1 - p), 1e-6)
        _, j, s = _best_split(binned, g, h, None, l2, min_hess)
        if j < 0:
            break
        go_right = codes[j] > s
        node_rows = [np.flatnonzero(~go_right), np.flatnonzero(go_right)]
        kids, kid_at, tree_leaves, tree_sides = [], [], [], []
        for rows in node_rows:
            tree_sides.append(value(rows, g, h))
            _, cj, cs = _best_split(binned, g, h, rows, l2, min_hess)
            if cj < 0:
                kids.append(0)
                kid_at.append(np.inf)
                v = value(rows, g, h)
                tree_leaves += [v, v]
                continue
            right_again = codes[cj][rows] > cs
            kids.append(cj)
            kid_at.append(float(edges[cj][cs]))
            tree_leaves += [value(rows[~right_again], g, h), value(rows[right_again], g, h)]
        roots.append(j)
        root_at.append(float(edges[j][s]))
        children.append(kids)
        child_at.append(kid_at)
        leaves.append(tree_leaves)
        sides.append(tree_sides)
        for side, rows in enumerate(node_rows):
            thr = child_at[-1][side]
            again = x[rows, kids[side]] >= thr
            score[rows] += np.where(again, tree_leaves[2 * side + 1], tree_leaves[2 * side])
    return LineModel(
        names,
        intercept,
        np.asarray(roots, dtype=np.int64),
        np.asarray(root_at, dtype=np.float32),
        np.asarray(children, dtype=np.int64).reshape(-1, 2),
        np.asarray(child_at, dtype=np.float32).reshape(-1, 2),
        np.asarray(leaves, dtype=np.float32).reshape(-1, 4),
        np.asarray(sides, dtype=np.float32).reshape(-1, 2),
        threshold,
    )
