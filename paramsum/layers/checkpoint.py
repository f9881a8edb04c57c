"""A checkpoint's rows: the tensors it stores, grouped by module path, with the bytes each takes there.

A checkpoint has no architecture, only named tensors. Each row is one module path
(`model.embed_tokens`, `model.layers.0`, `lm_head`; a block is cut at its index, as
the Hugging Face rows are), its weights the tensors stored under it, named relative
to it, with their stored dtype and exact bytes. Quantization metadata (scales, zero
points, group indices) are stored tensors but not parameters: buffers. A packed
tensor (several low-bit values per stored element) has the shape it unpacks to.
"""

from __future__ import annotations

import re
from collections import namedtuple

from .args import Arg
from .base import Dim, Layer, Weight, register

# One stored tensor: `shape` is the one it stands for (unpacked when `packed` says how many
# values each stored element holds); `role` is "param" or "buffer" (quantization metadata).
StoredTensor = namedtuple("StoredTensor", "name shape dtype nbytes role packed", defaults=("param", 1))

_INDEX = re.compile(r"\d+")
MIN_GROUP = 4  # experts come by the dozen; T5's layer.0 / layer.1 are parts, listed apart
_INDICES = re.compile(r"(?<=\.)\d+(?=\.)")  # an index inside a name: experts.3.w1


def module_path(name):
    """The row a stored tensor belongs to: its module path, cut after the first block index.

    'model.layers.0.self_attn.q_proj.weight' → 'model.layers.0'; 'lm_head.weight' → 'lm_head';
    'blk.3.attn_q.weight' → 'blk.3'; 'model.norm.weight' → 'model.norm'.
    """
    parts = name.split(".")
    for index, part in enumerate(parts[:-1]):
        if _INDEX.fullmatch(part) and index:
            return ".".join(parts[: index + 1])
    return ".".join(parts[:-1]) or name


def natural_key(name):
    """Sort key that puts layers.2 before layers.10."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in name.split(".")]


def rows(tensors, file_order=False):
    """{module path: [StoredTensor]}: in the file's order, or (safetensors sorts its header by name) the
    body first — the top-level module with most rows, `model` before `lm_head` — then natural order."""
    grouped = {}
    for tensor in tensors:
        grouped.setdefault(module_path(tensor.name), []).append(tensor)
    if file_order:
        return grouped
    tops = {}
    for path in grouped:
        top = path.split(".")[0]
        tops[top] = tops.get(top, 0) + 1
    order = sorted(grouped, key=lambda p: (-tops[p.split(".")[0]], natural_key(p)))
    return {path: sorted(grouped[path], key=lambda t: natural_key(t.name)) for path in order}


def _tensors(value):
    if isinstance(value, (list, tuple)) and all(isinstance(t, StoredTensor) for t in value):
        return list(value)
    raise ValueError("expected the stored tensors of a checkpoint")


@register
class StoredTensors(Layer):
    """The tensors a checkpoint stores under one module path; tensors alike but for an index inside
    the row (a mixture's experts) are one weight, 'mlp.experts.*.w1.weight' (256, 2048, 7168)."""

    framework = "checkpoint"
    type = "Tensors"
    tensors = Arg(_tensors)

    def make_weights(self, shape):
        prefix = "" if self.name in (None, "") else f"{self.name}."
        groups = {}  # tensors alike but for an index (experts.0 … experts.255): one weight of them all
        for t in self.tensors:
            name = t.name[len(prefix):] if t.name.startswith(prefix) else t.name
            key = (_INDICES.sub("*", name), t.shape, t.dtype, t.role)
            groups.setdefault(key, []).append((name, t))
        weights = []
        for (pattern, dims, dtype, role), members in groups.items():
            if len(members) < MIN_GROUP:
                weights += [Weight(name, dims, buffer=role == "buffer", dtype=dtype, nbytes=t.nbytes)
                            for name, t in members]
            else:
                weights.append(Weight(pattern, (Dim(len(members)), *dims), buffer=role == "buffer", dtype=dtype,
                                      nbytes=sum(t.nbytes for _, t in members)))
        return weights

    def compute_output_shape(self, shape):
        return ()
