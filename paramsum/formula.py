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


# Rows of up to this many weights are grouped by trying every unit (cheap and plain); longer ones
# (a GRU of 20,000 layers) through their repetitions found once: O(w log^2 w) instead of O(w^2.65).
DIRECT_LIMIT = 64


def _join(terms, starts):
    if len(terms) > DIRECT_LIMIT:
        return _join_long(terms, starts)
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


def _join_long(terms, starts):
    """`_join`'s grouping, the same text, from each unit's periodic stretches found once."""
    ids = {}
    codes = [ids.setdefault(term, len(ids)) for term in terms]
    allowed = [i in starts for i in range(len(terms) + 1)]
    return _join_codes(terms, codes, allowed)


def _join_codes(terms, codes, allowed):
    parts = []
    stretches = sorted(_periodic_stretches(codes))  # (first, end, unit): unit-periodic, at least 2 units long
    active, next_stretch = [], 0
    start = 0
    while start < len(codes):
        unit, repeats = 1, 1
        if allowed[start]:
            while next_stretch < len(stretches) and stretches[next_stretch][0] <= start:
                active.append(stretches[next_stretch])
                next_stretch += 1
            active = [s for s in active if s[1] - 2 * s[2] >= start]  # no later start can use the others
            unit, repeats = _best_repeat(active, start, allowed)
        if unit == 1:
            inner = terms[start][0]
        else:
            block_starts = {i for i, ok in enumerate(allowed[start:start + unit + 1]) if ok}
            inner = _join(terms[start:start + unit], block_starts)
        parts.append(inner if repeats == 1 else f"{repeats} × {_group(inner)}")
        start += unit * repeats
    return " + ".join(parts)


def _best_repeat(active, start, allowed):
    """`_longest_repeat` from the stretches that cover `start`: the most terms, then the smallest unit."""
    best_cover, best_unit, best_repeats = 0, 1, 1
    for cover, unit in sorted((((end - start) // unit * unit, unit) for _, end, unit in active),
                              key=lambda candidate: (-candidate[0], candidate[1])):
        if cover < best_cover:
            break  # sublayers only ever shorten a repeat
        if cover == best_cover and unit > best_unit:
            continue
        copies = 0  # back to back, each ending where a group may end
        while copies < cover // unit and allowed[start + (copies + 1) * unit]:
            copies += 1
        if copies > 1 and (unit * copies > best_cover or (unit * copies == best_cover and unit < best_unit)):
            best_cover, best_unit, best_repeats = unit * copies, unit, copies
    return best_unit, best_repeats


def _periodic_stretches(codes):
    """Every maximal stretch with period `unit` at least two units long, for every unit.

    Such a stretch holds two samples k × unit and (k + 1) × unit; the common extensions
    forwards and backwards from them (compared by hashes: O(log) each) give it whole, so
    the search costs the sum of len / unit over the units: O(len log len) extensions.
    """
    n = len(codes)
    prefix, powers = [0], [1]
    for code in codes:
        prefix.append((prefix[-1] * _BASE + code + 1) % _MOD)
        powers.append(powers[-1] * _BASE % _MOD)

    def same(i, j, length):
        return (prefix[i + length] - prefix[i] * powers[length]) % _MOD \
            == (prefix[j + length] - prefix[j] * powers[length]) % _MOD

    def extension(i, j, most, backwards):
        """The longest l ≤ most with codes equal from i and j onwards (or up to i and j, backwards)."""
        if most <= 0 or (codes[i - 1] != codes[j - 1] if backwards else codes[i] != codes[j]):
            return 0

        def match(length):
            return same(i - length, j - length, length) if backwards else same(i, j, length)

        low = high = 1  # low matches
        while low < most:
            probe = min(2 * low, most)
            if not match(probe):
                high = probe - 1
                break
            low = high = probe
        while low < high:
            middle = (low + high + 1) // 2
            if match(middle):
                low = middle
            else:
                high = middle - 1
        return low

    stretches = []
    for unit in range(1, n // 2 + 1):
        sample = 0
        while sample + unit < n:
            forwards = extension(sample, sample + unit, n - sample - unit, False)
            backwards = extension(sample, sample + unit, sample, True)
            if forwards + backwards >= unit:
                end = sample + unit + forwards
                stretches.append((sample - backwards, end, unit))
                sample = end // unit * unit  # the next stretch of this unit overlaps this one by less than a unit
            else:
                sample += unit
    return stretches


_MOD = (1 << 61) - 1
_BASE = 1_000_003


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
