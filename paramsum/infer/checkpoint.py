"""A model directory's two counts: the architecture's weights (config.json) against its checkpoint's tensors.

Names are matched as `model.named_parameters()` names them (a row's name + "." + a weight's
name); a checkpoint saved from the base model (no `model.` prefix) is matched after the prefix.
Differences are told by module: a tied head stored anyway, a layer in the checkpoint only
(multi-token prediction), a weight stored with another size.
"""

from __future__ import annotations

from ..layers.checkpoint import module_path, natural_key
from ..summary import Comparison, Difference

# A packed weight's stored name → the parameter it stands for.
PACKED_LEAVES = {"qweight": "weight", "weight_packed": "weight"}


def parameter_name(name):
    """The parameter a stored tensor holds: 'q_proj.qweight' → 'q_proj.weight', 'x_blocks' → 'x'."""
    path, dot, leaf = name.rpartition(".")
    leaf = PACKED_LEAVES.get(leaf, leaf.removesuffix("_blocks"))
    return f"{path}{dot}{leaf}"


def architecture_weights(layers):
    """({full name: count} of parameters, {full names of buffers}, {tied full name: owner})."""
    params, buffers, tied = {}, set(), {}
    stack = list(layers)
    while stack:
        row = stack.pop()
        prefix = f"{row.name}." if row.name else ""
        for weight in row.weights:
            params[prefix + weight.name.replace("/", ".")] = weight.count
        buffers.update(prefix + b.name.replace("/", ".") for b in row.buffers)
        tied.update({prefix + name: owner for name, owner in row.tied.items()})
        stack.extend(row.children)
    return params, buffers, tied


def _align(stored, params):
    """Stored names under the architecture's prefix when the checkpoint was saved without it (or with another)."""
    if not stored or sum(1 for n in stored if n in params) * 2 >= len(stored):
        return stored
    prefixes = {n.split(".", 1)[0] + "." for n in params if "." in n}
    best, best_hits = None, sum(1 for n in stored if n in params)
    for prefix in prefixes:
        hits = sum(1 for n in stored if prefix + n in params)
        if hits > best_hits:
            best, best_hits = prefix, hits
    if best is None:
        return stored
    return {(best + n if best + n in params else n): v for n, v in stored.items()}


def compare(layers, tensors, unread=()):
    """The Comparison of an architecture's rows with the stored tensors of its checkpoint; weights the
    index maps to missing shards (`unread`) are left out of both counts."""
    params, buffers, tied = architecture_weights(layers)
    skipped = {parameter_name(n) for n in unread}
    params = {n: c for n, c in _align_keys(params, skipped).items() if n not in skipped}
    stored = {}
    for tensor in tensors:
        if tensor.role == "param":
            stored[parameter_name(tensor.name)] = stored.get(parameter_name(tensor.name), 0) + _count(tensor)
    stored = _align(stored, params)
    found = {}  # (kind, module) → [params, detail]

    def note(kind, name, count, detail=""):
        entry = found.setdefault((kind, module_path(name)), [0, detail])
        entry[0] += count

    for name, count in stored.items():
        if name in params:
            if params[name] != count:
                note("shape", name, count, f"{count:,} stored against {params[name]:,}")
        elif name in tied:
            note("tied_but_stored", name, count, f"tied to {tied[name]}")
        elif name not in buffers:
            note("only_in_checkpoint", name, count)
    for name, count in params.items():
        if name not in stored:
            note("only_in_architecture", name, count)
    stored_params = sum(c for n, c in stored.items() if n not in buffers)
    renamed = _renamed(found)
    if renamed:
        found = {key: value for key, value in found.items() if key[0] not in ("only_in_checkpoint",
                                                                              "only_in_architecture")}
    differences = [Difference(kind, module, count, detail)
                   for (kind, module), (count, detail) in sorted(found.items(), key=lambda i: natural_key(i[0][1]))]
    return Comparison(sum(params.values()), stored_params, differences, renamed, unread=len(unread))


def _align_keys(params, skipped):
    """The architecture's names as the unread tensors are named (a checkpoint without the base prefix)."""
    if not skipped or any(n in params for n in skipped):
        return params
    for prefix in {n.split(".", 1)[0] + "." for n in params if "." in n}:
        if any(prefix + n in params for n in skipped):
            return {(n[len(prefix):] if n.startswith(prefix) and n[len(prefix):] in skipped else n): c
                    for n, c in params.items()}
    return params


def _renamed(found):
    """How many modules the checkpoint stores under other names (transformers saves some models under
    their legacy keys: vit.encoder.layer.0 for vit.layers.0): the unmatched params add up the same."""
    only_stored = [count for (kind, _), (count, _) in found.items() if kind == "only_in_checkpoint"]
    only_built = [count for (kind, _), (count, _) in found.items() if kind == "only_in_architecture"]
    if only_stored and only_built and sum(only_stored) == sum(only_built):
        return len(only_stored)
    return 0


def _count(tensor):
    total = 1
    for size in tensor.shape:
        total *= int(size)
    return total
