"""Formulas: a row's parameter count as plain arithmetic over its weights' shapes.

`formula` groups consecutive repeats ('2 × 32 + 2 × 32', '2 × (…)'); `labelled_formula`
names each weight ('weight 10 × 784 + bias 10'), as PyTorch users read them.
"""

from __future__ import annotations


def formula(weights):
    """Plain arithmetic whose value is the weights' total count: '784 × 10 + 10'.

    Consecutive repeats are grouped: BatchNormalization's trainable pair and moving
    statistics read '2 × 32 + 2 × 32', a bidirectional layer's halves '2 × (…)'.
    A group never starts or ends inside a sublayer ('key/kernel', 'key/bias').
    """
    terms = [(w.expr, w.trainable) for w in weights]
    return _join(terms, _sublayer_starts(weights)) if terms else "0"


def _sublayer_starts(weights):
    """Positions where a group may start or end: not between two weights of one sublayer."""
    owners = [w.name.rpartition("/")[0] for w in weights]
    inside = {i for i in range(1, len(owners)) if owners[i] and owners[i] == owners[i - 1]}
    return set(range(len(owners) + 1)) - inside


def _join(terms, starts):
    parts = []
    start = 0
    while start < len(terms):
        unit, repeats = _longest_repeat(terms, start, starts)
        block = terms[start:start + unit]
        inner = block[0][0] if unit == 1 else _join(block, {i - start for i in starts if start <= i <= start + unit})
        parts.append(inner if repeats == 1 else f"{repeats} × {_group(inner)}")
        start += unit * repeats
    return " + ".join(parts)


def _longest_repeat(terms, start, starts):
    """(unit, repeats) of the block at `start` repeated back to back over the most terms."""
    best = (1, 1)
    if start not in starts:
        return best
    for unit in range(1, (len(terms) - start) // 2 + 1):
        block = terms[start:start + unit]
        repeats = 1
        while terms[start + repeats * unit:start + (repeats + 1) * unit] == block:
            repeats += 1
        while repeats > 1 and any(start + k * unit not in starts for k in range(1, repeats + 1)):
            repeats -= 1
        if repeats > 1 and unit * repeats > best[0] * best[1]:
            best = (unit, repeats)
    return best


def labelled_formula(weights, most=4):
    """The formula with each weight's name, 'weight 10 × 784 + bias 10', for layers of a few weights."""
    if not weights or len(weights) > most:
        return formula(weights)
    return " + ".join(f"{w.name.rsplit('/', 1)[-1]} {w.expr}" for w in weights)


def _group(expr):
    return f"({expr})" if "+" in expr or "-" in expr else expr
