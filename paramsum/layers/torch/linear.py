"""torch.nn linear and shape modules: Linear, Bilinear, Identity, Flatten, Unflatten."""

from __future__ import annotations

import math

from ..args import Arg, _is_int, boolean, integer, nonneg_int, optional, positive_int
from ..base import Weight, product, register
from .common import TorchLayer, normalize_dim


@register
class Linear(TorchLayer):
    """y = x Wᵀ + b on the last axis; weight is (out_features, in_features)."""

    in_features = Arg(optional(positive_int), None)
    out_features = Arg(nonneg_int)
    bias = Arg(boolean, True)

    def make_weights(self, shape):
        in_features = self.features(shape)
        out = [Weight("weight", (self.out_features, in_features))]
        if self.bias:
            out.append(Weight("bias", (self.out_features,)))
        return out

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.out_features,)

    def make_macs(self, shape, output):
        return product(*shape, self.out_features)


@register
class Bilinear(TorchLayer):
    """y = x1ᵀ W x2 + b for inputs [x1, x2]; weight is (out_features, in1_features, in2_features)."""

    multi_input = True
    in1_features = Arg(optional(positive_int), None)
    in2_features = Arg(optional(positive_int), None)
    out_features = Arg(nonneg_int)
    bias = Arg(boolean, True)

    def make_weights(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"Bilinear takes two inputs [input1, input2], got {len(shapes)}")
        first, second = shapes
        if first[:-1] != second[:-1]:
            raise self.shape_error(shapes, "both inputs must have the same shape except for the last axis")
        in1 = self.features(first, "in1_features")
        in2 = self.features(second, "in2_features")
        out = [Weight("weight", (self.out_features, in1, in2))]
        if self.bias:
            out.append(Weight("bias", (self.out_features,)))
        return out

    def compute_output_shape(self, shapes):
        return shapes[0][:-1] + (self.out_features,)

    def make_macs(self, shapes, output):
        """0, as FlopCounterMode counts it: torch runs x1ᵀ W x2 as aten._trilinear, which the counter has
        no formula for (the work it does is out × in1 × in2 per sample, not counted in this convention)."""
        return 0


@register
class Identity(TorchLayer):
    """Returns its input; like torch's, it takes and ignores any arguments."""

    def __init__(self, name, config, context=None):
        super().__init__(name, {}, context)


@register
class Flatten(TorchLayer):
    """Merges axes start_dim … end_dim into one (the batch axis 0 is kept by default)."""

    start_dim = Arg(integer, 1)
    end_dim = Arg(integer, -1)

    def compute_output_shape(self, shape):
        start = normalize_dim(self, self.start_dim, len(shape), "start_dim")
        end = normalize_dim(self, self.end_dim, len(shape), "end_dim")
        if start > end:
            raise self.error(f"start_dim cannot come after end_dim; received: start_dim={self.start_dim}, "
                             f"end_dim={self.end_dim} for a rank-{len(shape)} input", key="start_dim")
        merged = shape[start:end + 1]
        size = None if None in merged else math.prod(merged)
        return shape[:start] + (size,) + shape[end + 1:]


def unflattened_size(value):
    """An argument kind: a non-empty list of positive sizes, one of which may be -1."""
    if isinstance(value, (list, tuple)) and value and all(_is_int(s) and (s > 0 or s == -1) for s in value):
        return value
    raise ValueError("expected a list of positive sizes (one may be -1)")


@register
class Unflatten(TorchLayer):
    """Splits axis `dim` into `unflattened_size` (one entry may be -1)."""

    dim = Arg(integer)
    unflattened_size = Arg(unflattened_size)

    def check(self):
        if list(self.unflattened_size).count(-1) > 1:
            raise self.error(f"only one size in unflattened_size can be -1; received: {list(self.unflattened_size)}")

    def compute_output_shape(self, shape):
        axis = normalize_dim(self, self.dim, len(shape))
        sizes = list(self.unflattened_size)
        known = math.prod(s for s in sizes if s != -1)
        size = shape[axis]
        if -1 in sizes:
            if size is not None:
                if size % known:
                    raise self.shape_error(shape, f"axis {axis} has {size} elements, not a multiple of {known}")
                sizes[sizes.index(-1)] = size // known
            else:
                sizes[sizes.index(-1)] = None
        elif size is not None and size != known:
            raise self.shape_error(shape, f"unflattened_size {tuple(sizes)} holds {known} elements "
                                          f"but axis {axis} has {size}")
        return shape[:axis] + tuple(sizes) + shape[axis + 1:]
