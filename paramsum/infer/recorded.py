"""The weights a file stores beside its architecture (a TF.js manifest, an .h5's datasets) against those derived.

Each weight the file lists names the layer that owns it (a path through nested models);
it is matched with a derived weight of that layer of the same shape, preferring the
same name, so a file's own weight order and naming (Keras 2's "lstm_1/kernel",
TF.js' "dense_Dense1/kernel") do not matter. Whatever is left unmatched on either side
is a warning naming the weight.
"""

from __future__ import annotations

import math

from ..layers.base import describe

MAX_WARNINGS = 8


def check_recorded_weights(recorded, rows):
    """Warnings (a list of str) where the file's weights and the derived ones differ."""
    if recorded is None:
        return []
    by_layer = {}
    warnings = []
    for weight in recorded:
        if weight.layer is None:
            warnings.append(f"weight '{weight.name}' {_shape(weight.shape)} in the file belongs to no layer "
                            f"of the model")
        else:
            by_layer.setdefault(tuple(weight.layer), []).append(weight)
    for path, row in _rows(rows):
        if row.children:  # a nested model: its layers are checked one by one
            continue
        stored = by_layer.pop(path, [])
        warnings += _compare(row, "/".join(path), stored)
    for path, stored in by_layer.items():
        names = ", ".join(f"'{w.name}'" for w in stored[:3])
        warnings.append(f"weight(s) {names} in the file belong to '{'/'.join(path)}', which is not a layer "
                        f"of the model")
    if len(warnings) > MAX_WARNINGS:
        warnings = warnings[:MAX_WARNINGS] + [f"… and {len(warnings) - MAX_WARNINGS} more differences between "
                                              f"the file's weights and the derived ones"]
    return warnings


def _rows(rows, prefix=()):
    """(path of layer names, row) for every row, the rows of nested models included."""
    for row in rows:
        path = (*prefix, row.name)
        yield path, row
        yield from _rows(row.children, path)


def _compare(row, where, stored):
    """Pair the file's weights with the derived ones: same shape first (the same name preferred), then
    what is left on both sides in order (a shape that differs); the rest is missing or extra."""
    derived = list(row.weights)
    if stored and not all(weight.exact for weight in stored):
        return _compare_counts(where, stored, derived)
    unmatched = []
    for weight in stored:
        same_shape = [w for w in derived if _ints(w.shape) == tuple(weight.shape)]
        match = next((w for w in same_shape if _last(w.name) == _last(weight.name)), None) or \
            (same_shape[0] if same_shape else None)
        if match is None:
            unmatched.append(weight)
        else:
            derived.remove(match)
    warnings = []
    for weight in unmatched:
        named = next((w for w in derived if _last(w.name) == _last(weight.name)), None) or \
            (derived[0] if derived else None)
        if named is None:
            warnings.append(f"layer '{where}': weight '{weight.name}' {_shape(weight.shape)} in the file is not "
                            f"a weight paramsum derives for it")
            continue
        derived.remove(named)
        warnings.append(f"layer '{where}': weight '{weight.name}' has shape {_shape(weight.shape)} in the file; "
                        f"paramsum derives {_shape(named.shape)} for its '{named.name}'")
    if derived:
        listed = ", ".join(f"'{w.name}' {_shape(w.shape)}" for w in derived[:4])
        warnings.append(f"layer '{where}': {listed} derived by paramsum "
                        f"{'is' if len(derived) == 1 else 'are'} not in the file's weights")
    return warnings


def _compare_counts(where, stored, derived):
    """A layer whose weights the file lays out in another way: only the number of values compares."""
    in_file = sum(math.prod(int(d) for d in weight.shape) for weight in stored)
    params = sum(weight.count for weight in derived)
    if in_file == params:
        return []
    return [f"layer '{where}': the file stores {in_file:,} values in {len(stored)} weight(s); paramsum derives "
            f"{params:,} params"]


def _ints(shape):
    return tuple(int(d) for d in shape)


def _last(name):
    return str(name).rsplit("/", 1)[-1]


def _shape(shape):
    return describe(tuple(int(d) for d in shape))
