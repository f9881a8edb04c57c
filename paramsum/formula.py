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
    """The formula with each weight's name, 'weight 10 × 784 + bias 10', for layers of a few weights.

    A row of more weights in named submodules (a transformer block) names each submodule
    once: 'q 4096 × 4096 + k (8 × 128) × 4096 + … + gate/up 2 × 14336 × 4096 + norms 2 × 4096'.
    """
    if not weights:
        return formula(weights)
    if len(weights) <= most:
        return " + ".join(f"{w.name.rsplit('/', 1)[-1]} {w.expr}".lstrip() for w in weights)
    if not all("." in w.name for w in weights):
        return formula(weights)
    return _by_module(weights)


SHORT = {"q_proj": "q", "k_proj": "k", "v_proj": "v", "o_proj": "o", "gate_proj": "gate", "up_proj": "up",
         "down_proj": "down", "gate_up_proj": "gate_up", "qkv_proj": "qkv"}


def _module(name):
    """The submodule a weight belongs to, as a short label: 'self_attn.q_proj.weight' → 'q'."""
    path, _, leaf = name.rpartition(".")
    if leaf not in ("weight", "bias", "qweight", "weight_packed"):  # a bare parameter: 'experts.gate_up_proj'
        path = leaf.removesuffix("_bias").removesuffix("_weight")
    label = path.rpartition(".")[2]
    return SHORT.get(label, label)


def _is_norm(label):
    lowered = label.lower()
    return "norm" in lowered or lowered.startswith("ln")


def _by_module(weights):
    groups = []  # [label, [exprs]]
    for w in weights:
        label = _module(w.name)
        if groups and groups[-1][0] == label:
            groups[-1][1].append(w.expr)
        else:
            groups.append([label, [w.expr]])
    merged = []  # [labels, expr, repeats, norms]
    for label, exprs in groups:
        expr = " + ".join(exprs)
        norm = _is_norm(label)
        last = merged[-1] if merged else None
        if last and last[1] == expr and (last[3] == norm):
            last[0].append(label)
            last[2] += 1
        else:
            merged.append([[label], expr, 1, norm])
    terms = []
    for labels, expr, repeats, norm in merged:
        name = ("norms" if repeats > 1 else labels[0]) if norm else "/".join(labels)
        terms.append(f"{name} {_group(expr)}" if repeats == 1 else f"{name} {repeats} × {_group(expr)}")
    return " + ".join(terms)


def _group(expr):
    return f"({expr})" if "+" in expr or "-" in expr else expr
