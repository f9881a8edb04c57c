"""What changed between two model summaries: layers aligned by structure (or by name), and the totals' delta.

The layers of the two models are aligned as a sequence, the way a text diff aligns lines
(an LCS): a pair of layers may match when their types or their names are equal, and the
alignment whose pairs score most wins (3 a pair, one more for each of equal name, output
shape, params). So layers a framework named again (dense, dense_1 → dense_2, dense_3) pair up, one
inserted layer is one added row, and where names are equal and nothing says otherwise they
pair by name. `by_name=True` pairs only equal names, as a dictionary of names would.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# The layer facts a change is reported on, in the order they are told.
COMPARED = ("type", "output_shape", "params", "non_trainable_params")
TOTALS = ("params", "trainable_params", "non_trainable_params", "bytes")
# The alignment weighs every (layer before, layer after) pair of the stretches between the pairs found
# first (equal names and facts; equal ends); past this many pairs in all, the rest is paired by name,
# so a diff of models of 10,000 layers stays linear rather than quadratic (half a second at most).
MAX_ALIGN_CELLS = 400_000
STRUCTURE, NAME = "structure", "name"


@dataclass
class LayerChange:
    """One layer that was added, removed or changed; `before`/`after` are LayerSummary or None."""

    name: str
    status: str
    before: object = None
    after: object = None
    fields: list = field(default_factory=list)  # for CHANGED: which of COMPARED differ

    @property
    def renamed(self):
        """The name before, when the pair's names differ (a framework's automatic names), else None."""
        if self.before is not None and self.after is not None and self.before.name != self.after.name:
            return self.before.name
        return None


@dataclass
class ModelDiff:
    before: object  # ModelSummary
    after: object  # ModelSummary
    changes: list  # LayerChange, in the after model's order, removed layers where they stood
    unchanged: int
    renamed: int = 0  # unchanged layers paired under another name
    matched_by: str = NAME  # STRUCTURE, or NAME (asked, or a stretch too long to align)
    by_name: bool = False  # name matching was asked for

    def delta(self, total):
        """after − before for one of TOTALS."""
        return getattr(self.after.totals, total) - getattr(self.before.totals, total)

    @property
    def identical(self):
        return not self.changes and all(self.delta(t) == 0 for t in TOTALS)


def diff_summaries(before, after, by_name=False):
    """Compare two ModelSummary objects layer by layer (top-level layers), aligned by structure or by name."""
    old, new = before.layers, after.layers
    codes = _Codes()
    old_keys, new_keys = [codes.of(layer) for layer in old], [codes.of(layer) for layer in new]
    if by_name:
        pairs, matched_by = _by_name(old, new), NAME
    else:
        pairs, aligned = align(old, new, old_keys, new_keys)
        matched_by = STRUCTURE if aligned else NAME
    changes, unchanged, renamed = [], 0, 0
    for i, j in pairs:
        if j is None:
            changes.append(LayerChange(old[i].name, REMOVED, before=old[i]))
        elif i is None:
            changes.append(LayerChange(new[j].name, ADDED, after=new[j]))
        else:
            a, b = old_keys[i], new_keys[j]
            differ = (a[1] != b[1], a[2] != b[2], a[3][0] != b[3][0], a[3][1] != b[3][1])
            fields = [f for f, different in zip(COMPARED, differ) if different]
            if fields:
                changes.append(LayerChange(new[j].name, CHANGED, old[i], new[j], fields))
            else:
                unchanged += 1
                renamed += old[i].name != new[j].name
    return ModelDiff(before, after, changes, unchanged, renamed, matched_by, by_name)


# -- alignment -------------------------------------------------------------------------------------


def align(old, new, old_keys, new_keys):
    """The two layer lists as (i, j) steps (a pair, or (i, None) removed, (None, j) added) in order.

    `old_keys`/`new_keys` are the layers' _Codes. Returns (steps, True), or (steps, False) when a
    stretch was too long to align and was paired by name.
    """
    # Sure pairs first: equal name and equal facts, in the same order in both (linear on equal runs).
    position = {layer.name: j for j, layer in enumerate(new)}
    sure = [(i, position[layer.name]) for i, layer in enumerate(old)
            if layer.name in position and old_keys[i] == new_keys[position[layer.name]]]
    steps, aligned, budget, i0, j0 = [], True, MAX_ALIGN_CELLS, 0, 0
    for i, j in [*_increasing(sure), (len(old), len(new))]:
        head, tail = _equal_ends(old_keys, new_keys, i0, i, j0, j)
        steps += [(i0 + k, j0 + k) for k in range(head)]
        a0, a1, b0, b1 = i0 + head, i - tail, j0 + head, j - tail
        cells = (a1 - a0) * (b1 - b0)
        if cells > budget:  # too long to weigh every pair: by name, linear
            steps += _by_name(old[a0:a1], new[b0:b1], a0, b0)
            aligned = False
        else:
            budget -= cells
            steps += _align_stretch(old_keys, new_keys, a0, a1, b0, b1)
        steps += [(a1 + k, b1 + k) for k in range(tail)]
        if i < len(old):
            steps.append((i, j))
        i0, j0 = i + 1, j + 1
    return steps, aligned


class _Codes:
    """Each layer's facts in a form that compares fast, computed once."""

    def __init__(self):
        self.names, self.types, self.shapes = {}, {}, {}

    def of(self, layer):
        """(name, type, output shape, (params, non-trainable params)): the first three as integers."""
        shape = repr(_fact(layer, "output_shape"))
        params = layer.params
        return (self.names.setdefault(layer.name, len(self.names)),
                self.types.setdefault(layer.type, len(self.types)),
                self.shapes.setdefault(shape, len(self.shapes)),
                (params, params - layer.trainable_params))


def _equal_ends(old_keys, new_keys, i0, i1, j0, j1):
    """How many layers at the start and at the end of a stretch have equal facts (names aside)."""
    head = 0
    while i0 + head < i1 and j0 + head < j1 and old_keys[i0 + head][1:] == new_keys[j0 + head][1:]:
        head += 1
    tail = 0
    while (i1 - tail > i0 + head and j1 - tail > j0 + head
           and old_keys[i1 - tail - 1][1:] == new_keys[j1 - tail - 1][1:]):
        tail += 1
    return head, tail


def _score(a, b):
    """How well two layers pair (codes of _Codes): 0 when they may not (types and names differ),
    else 3 and one more for each of equal name, output shape and counts."""
    same_name = a[0] == b[0]
    if a[1] != b[1] and not same_name:
        return 0
    return 3 + same_name + (a[2] == b[2]) + (a[3] == b[3])


def _align_stretch(old_keys, new_keys, i0, i1, j0, j1):
    """The best alignment of old[i0:i1] with new[j0:j1]: the greatest sum of its pairs' scores (_score)."""
    n, m = i1 - i0, j1 - j0
    if not n or not m:
        return [(i, None) for i in range(i0, i1)] + [(None, j) for j in range(j0, j1)]
    column = new_keys[j0:j1]
    # best[a][b]: score of aligning old[i0 + a:i1] with new[j0 + b:j1] (filled from the end)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below, key = best[a], best[a + 1], old_keys[i0 + a]
        for b in range(m - 1, -1, -1):
            pair = _score(key, column[b])
            row[b] = max(below[b], row[b + 1], below[b + 1] + pair if pair else 0)
    steps, a, b = [], 0, 0
    while a < n and b < m:
        pair = _score(old_keys[i0 + a], column[b])
        if pair and best[a][b] == best[a + 1][b + 1] + pair:
            steps.append((i0 + a, j0 + b))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            steps.append((i0 + a, None))  # removed before added where a block was replaced
            a += 1
        else:
            steps.append((None, j0 + b))
            b += 1
    return steps + [(i0 + k, None) for k in range(a, n)] + [(None, j0 + k) for k in range(b, m)]


def _increasing(pairs):
    """The longest run of pairs increasing in both indices (pairs come sorted by the first): O(n log n)."""
    tails, tail_at, back = [], [], []
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        back.append(tail_at[at - 1] if at else -1)
        if at == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[at], tail_at[at] = j, k
    out, k = [], tail_at[-1] if tail_at else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


def _by_name(old, new, i0=0, j0=0):
    """Steps pairing equal names only: the new model's order, removed layers kept where they stood."""
    index_old = {layer.name: i0 + i for i, layer in enumerate(old)}
    index_new = {layer.name: j0 + j for j, layer in enumerate(new)}
    steps = []
    for name in merged_order(list(index_old), list(index_new)):
        steps.append((index_old.get(name), index_new.get(name)))
    return steps


def _fact(layer, name):
    value = getattr(layer, name)
    return _plain_shape(value) if name == "output_shape" else value


def _plain_shape(shape):
    if isinstance(shape, list):
        return [_plain_shape(s) for s in shape]
    return tuple(None if d is None else int(d) for d in shape)


def merged_order(old, new):
    """Every name once: the new model's order, with removed layers kept where they stood."""
    import difflib

    kept = set(new)
    order = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        order += [name for name in old[i1:i2] if name not in kept]
        order += new[j1:j2]
    return order
