"""What the table shows of a summary's rows: repeated blocks collapsed, nesting cut at a depth, inputs
shown only where they are not the row above. Plain data, no rich: the table draws these rows.

A collapsed row stands for several rows of the summary (the same block repeated under names that differ
in one integer index): its params and FLOPs are their sums. JSON and CSV keep every row.
"""

from __future__ import annotations

import re

from ..escape import printable
from .text import is_stored, shape_text, stored_cell

MAX_PERIOD = 16  # the longest block of rows looked for as a repeated pattern (a ResNet block has 10)
MIN_REPEATS = 3  # a single row repeated only twice stays as two rows: one row "× 2" reads no better
_DIGITS = re.compile(r"(\d+)")


class Row:
    """One displayed row: a layer, or `count` consecutive copies of one (names given as a range)."""

    __slots__ = ("name", "type", "count", "depth", "shape", "params", "active_params", "flops", "formula", "note",
                 "inputs", "trainable", "layer")

    def __init__(self, name, type, count, depth, shape, params, active_params, flops, formula, note, inputs,
                 trainable, layer):
        self.name = name
        self.type = type
        self.count = count  # the rows this one stands for
        self.depth = depth  # 0: a model's own row; 1: a row of a nested model; …
        self.shape = shape  # the output shape (or a checkpoint row's storage) as text
        self.params = params  # the sum over the rows it stands for
        self.active_params = active_params  # None unless some params are not used by every token
        self.flops = flops  # the sum, None when unknown
        self.formula = formula  # '' for a row without params
        self.note = note
        self.inputs = inputs  # input references to show; [] when the input is the row above (or nested)
        self.trainable = trainable  # 'Y', 'N' (frozen), 'partly', '-' (no weights)
        self.layer = layer  # the first LayerSummary it stands for (its weights for --weights)


def trainable_mark(layer):
    if not layer.weights:
        return "-"
    if layer.non_trainable_params == 0:
        return "Y"
    return "N" if layer.trainable_params == 0 else "partly"


def has_frozen(layers):
    """True when some layer's weights are all non-trainable (a frozen layer), at any depth."""
    return any((layer.weights and layer.trainable_params == 0) or has_frozen(layer.children) for layer in layers)


def formula_of(layer, framework):
    # PyTorch users read parameters by name (weight, bias); Keras' summary shows bare arithmetic.
    if not layer.params:
        return ""
    return layer.labelled_formula if framework == "pytorch" else layer.formula


def _key(layer, framework):
    """What must be equal for two rows to be copies of one block (their names aside)."""
    return (layer.type, layer.params, layer.trainable_params, layer.inactive_params, shape_text(layer.output_shape),
            formula_of(layer, framework), layer.macs, layer.note, layer.calls, len(layer.inputs),
            tuple(_key(child, framework) for child in layer.children))


def _name_step(first, other):
    """(index of the one integer token where the names differ, other's value − first's), or None."""
    return _token_step(_DIGITS.split(first), _DIGITS.split(other))


def _token_step(a, b):
    if len(a) != len(b):
        return None
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(differ) != 1 or differ[0] % 2 == 0:  # odd tokens are the digit runs
        return None
    index = differ[0]
    return index, int(b[index]) - int(a[index])


def _repeats(layers, keys, tokens, start, period):
    """How many times layers[start:start+period] repeats from `start`, names counting up by one step.

    Within one copy the rows share their index (ResNet's conv3_block2_*), or count up by one (Gemma's
    alternating layers, a step of `period`): so a block is never read from its middle.
    """
    step = None
    count = 1
    while start + (count + 1) * period <= len(layers):
        base = start + count * period
        if keys[base:base + period] != keys[start:start + period]:
            break
        found = [_token_step(tokens[start + offset], tokens[base + offset]) for offset in range(period)]
        if None in found or len({delta for _, delta in found}) != 1:
            break
        delta = found[0][1]
        if delta == 0 or delta % count or (step is not None and delta // count != step):
            break
        if step is None and not _aligned(tokens[start:start + period], found, delta):
            break
        step = delta // count
        count += 1
    return count


def _aligned(names, found, step):
    values = [int(name[index]) for name, (index, _) in zip(names, found)]
    if len(set(values)) == 1:
        return True
    return step == len(names) and values == list(range(values[0], values[0] + len(names)))


def range_name(names):
    """'model.layers.0–31' for model.layers.0 … model.layers.31; 'a_0, a_2, …, a_30' for a step of 2."""
    if len(set(names)) == 1:
        return names[0]
    first, last = _DIGITS.split(names[0]), _DIGITS.split(names[-1])
    step = _name_step(names[0], names[1]) if len(names) > 1 else None
    if step is None or _name_step(names[0], names[-1]) is None:
        return f"{names[0]}, …, {names[-1]}"
    index = step[0]
    if step[1] == 1:
        first[index] = f"{first[index]}–{last[index]}"
        return "".join(first)
    return f"{names[0]}, {names[1]}, …, {names[-1]}"


def _groups(layers, framework, collapse):
    """(start, period, count) covering `layers` in order: the longest repeated block at each place."""
    keys = [_key(layer, framework) for layer in layers]
    tokens = [_DIGITS.split(layer.name) for layer in layers]
    start = 0
    while start < len(layers):
        best_period, best_count = 1, 1
        if collapse:
            for period in range(1, min(MAX_PERIOD, (len(layers) - start) // 2) + 1):
                if best_period * best_count >= len(layers) - start - (len(layers) - start) % period:
                    continue  # cannot cover more than the best found
                if keys[start + period] != keys[start]:
                    continue
                count = _repeats(layers, keys, tokens, start, period)
                enough = count >= (MIN_REPEATS if period == 1 else 2)
                if enough and period * count > best_period * best_count:
                    best_period, best_count = period, count
        yield start, best_period, best_count
        start += best_period * best_count


def _reads_row_above(layers, index):
    layer = layers[index]
    if index == 0 or len(layer.inputs) != 1 or layer.calls != 1:
        return False
    ref = layer.inputs[0]
    return ref.layer == layers[index - 1].name and ref.call == 0 and ref.tensor == 0


def _inputs(layers, start, period, count, offset, collapse=True):
    """The input references a row shows: none when it reads the row above it.

    A collapsed row whose later copies each read the copy before shows the first copy's inputs (a chain
    of blocks, each input on its own for a row of several inputs); else each input as the range of what
    the copies read. Collapsed, a run of inputs that count up by one (a join of many branches) shows as
    one range: `b0–4999[0][0]`.
    """
    indices = [start + copy * period + offset for copy in range(count)]
    if all(_reads_row_above(layers, index) for index in indices[1:]):
        indices = indices[:1]
        if _reads_row_above(layers, indices[0]):
            return []
    first = layers[indices[0]]
    refs = []
    for position, ref in enumerate(first.inputs):
        names = [layers[index].inputs[position].layer for index in indices]
        if period == 1 and all(name == layers[index - 1].name for name, index in zip(names[1:], indices[1:])):
            names = names[:1]  # a chain through the copies: the first one's input stands for it
        refs.append((range_name(names), ref.call, ref.tensor))
    if collapse and count == 1 and len(refs) >= MIN_REPEATS:
        refs = _input_ranges(refs)
    return [f"{name}[{call}][{tensor}]" for name, call, tensor in refs]


def _input_ranges(refs):
    """(name, call, tensor) refs with each run of MIN_REPEATS or more whose names count up by one as one ref."""
    out, run = [], []

    def close():
        if len(run) >= MIN_REPEATS:
            out.append((range_name([name for name, _, _ in run]), run[0][1], run[0][2]))
        else:
            out.extend(run)

    for ref in refs:
        if run and not _next_in_run(run, ref):
            close()
            run = []
        run.append(ref)
    close()
    return out


def _next_in_run(run, ref):
    last = run[-1]
    if ref[1:] != last[1:]:
        return False
    step = _name_step(last[0], ref[0])
    return step is not None and step[1] == 1 and (len(run) == 1 or _name_step(run[-2][0], last[0])[0] == step[0])


def table_rows(summary, collapse=True, depth=None):
    """The rows the table shows, in order; `depth` N keeps rows nested at most N levels (1: the model's own)."""
    stored = is_stored(summary)
    return list(_rows(summary.layers, summary.framework, collapse, depth, 0, stored, summary.sparse))


def _rows(layers, framework, collapse, max_depth, depth, stored, sparse):
    for start, period, count in _groups(layers, framework, collapse):
        for offset in range(period):
            copies = [layers[start + copy * period + offset] for copy in range(count)]
            layer = copies[0]
            yield _row(layer, copies, period, count, offset, layers, start, framework, depth, stored, sparse, collapse)
            if layer.children and (max_depth is None or depth + 1 < max_depth):
                yield from _rows(layer.children, framework, collapse, max_depth, depth + 1, stored, sparse)


def _row(layer, copies, period, count, offset, layers, start, framework, depth, stored, sparse, collapse=True):
    formula = formula_of(layer, framework)
    if count > 1 and formula:
        formula = f"{count} × ({formula})" if " + " in formula else f"{count} × {formula}"
    flops = None if any(c.flops is None for c in copies) else sum(c.flops for c in copies)
    if depth:
        inputs = []  # a nested model's rows: their wiring is the nested model's
    elif not layer.inputs:
        inputs = ["-"]
    else:
        inputs = _inputs(layers, start, period, count, offset, collapse)
    return Row(  # text from the file made printable here, before the table measures it
        name=printable(range_name([c.name for c in copies])), type=printable(layer.type), count=count, depth=depth,
        shape=printable(stored_cell(layer) if stored else shape_text(layer.output_shape)),
        params=sum(c.params for c in copies),
        active_params=sum(c.active_params for c in copies) if sparse and layer.inactive_params else None,
        flops=flops, formula=printable(formula), note=layer.note and printable(layer.note),
        inputs=[printable(ref) for ref in inputs], trainable=trainable_mark(layer), layer=layer,
    )
