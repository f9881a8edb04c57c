"""Keras reshaping layers (keras/src/layers/reshaping): no weights, only output shapes."""

from __future__ import annotations

import math

from ..args import Arg, choice, int_tuple, nonneg_int, positive_int
from ..shapes import keras_data_format, keras_spatial_axes
from .core import KerasLayer, register

# What any Keras backend's image resize accepts; Keras checks it only when run.
INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "area")


@register
class Flatten(KerasLayer):
    """Everything but the batch axis in one axis; channels_first only changes the order."""

    data_format = Arg(keras_data_format, "channels_last")

    def compute_output_shape(self, shape):
        rest = shape[1:]
        size = None if None in rest else math.prod(rest)
        return (shape[0], size)


def target_shape(value):
    """Reshape's target: sizes without the batch axis, at most one -1 (inferred), null unknown."""
    if not isinstance(value, (list, tuple)):
        raise ValueError("expected a list of sizes, e.g. [7, 7, 64] or [-1, 64]")
    sizes = []
    for size in value:
        if size is None or size == -1:
            sizes.append(size)
            continue
        try:
            sizes.append(positive_int(size))
        except ValueError:
            raise ValueError("expected positive sizes, -1 (inferred) or null (unknown)") from None
    if sizes.count(-1) > 1:
        raise ValueError("at most one size may be -1")
    return tuple(sizes)


@register
class Reshape(KerasLayer):
    target_shape = Arg(target_shape)

    def compute_output_shape(self, shape):
        sizes, target = shape[1:], self.target_shape
        if None in sizes or None in target:
            return (shape[0], *(None if size == -1 else size for size in target))
        total = math.prod(sizes)
        known = math.prod(size for size in target if size != -1)
        fits = total % known == 0 if -1 in target else known == total
        if not fits:
            raise self.shape_error(
                shape,
                f"its {total} values do not fit target_shape={list(target)}; "
                "the sizes must multiply to the same total (use -1 for one size to be inferred)",
            )
        return (shape[0], *(total // known if size == -1 else size for size in target))


def permutation(value):
    if isinstance(value, (list, tuple)) and value:
        dims = tuple(positive_int(d) for d in value)
        if sorted(dims) == list(range(1, len(dims) + 1)):
            return dims
    raise ValueError("expected a permutation of the axes 1..n, e.g. [2, 1]")


@register
class Permute(KerasLayer):
    """Reorders the non-batch axes: output axis i is input axis dims[i - 1]."""

    dims = Arg(permutation)

    def compute_output_shape(self, shape):
        self.rank(shape, len(self.dims) + 1)
        return (shape[0], *(shape[axis] for axis in self.dims))


@register
class RepeatVector(KerasLayer):
    n = Arg(positive_int)

    def compute_output_shape(self, shape):
        self.rank(shape, 2)
        return (shape[0], self.n, shape[1])


class Spatial(KerasLayer):
    """Changes each spatial axis on its own (upsampling, padding, cropping); None stays None."""

    @property
    def input_ranks(self):
        return (self.spatial_rank + 2,)

    spatial_rank = 0
    data_format = "channels_last"  # for layers without the argument

    def compute_output_shape(self, shape):
        out = list(shape)
        for index, axis in enumerate(keras_spatial_axes(self.spatial_rank, self.data_format)):
            if shape[axis] is not None:
                out[axis] = self.new_length(index, axis, shape)
        return tuple(out)

    def new_length(self, index, axis, shape):
        raise NotImplementedError


class UpSampling(Spatial):
    """Repeats every spatial position size times along its axis."""

    def new_length(self, index, axis, shape):
        return self.size[index] * shape[axis]


@register
class UpSampling1D(UpSampling):
    spatial_rank = 1
    size = Arg(positive_int, 2)

    def check(self):
        self.size = (self.size,)


@register
class UpSampling2D(UpSampling):
    spatial_rank = 2
    size = Arg(int_tuple(2), (2, 2))
    data_format = Arg(keras_data_format, "channels_last")
    interpolation = Arg(choice(*INTERPOLATIONS), "nearest")


@register
class UpSampling3D(UpSampling):
    spatial_rank = 3
    size = Arg(int_tuple(3), (2, 2, 2))
    data_format = Arg(keras_data_format, "channels_last")


def per_axis_pairs(rank):
    """Keras' padding/cropping forms for `rank` axes: n, or `rank` entries each n or [before, after]."""
    pair = int_tuple(2, nonneg_int)

    def check(value):
        if isinstance(value, (list, tuple)) and len(value) == rank:
            return tuple(pair(entry) for entry in value)
        # One [before, after] pair for every axis is not a Keras form: a list needs one entry per axis.
        if isinstance(value, (list, tuple)):
            raise ValueError(f"expected one entry per axis ({rank}), each n or [before, after]")
        try:
            return (pair(value),) * rank
        except ValueError:
            raise ValueError(
                f"expected a non-negative integer, or a list of {rank} integers or [before, after] pairs"
            ) from None

    return check


def before_after(value):
    """The 1-D form: n, or [before, after]."""
    return (int_tuple(2, nonneg_int)(value),)


class ZeroPadding(Spatial):
    """Adds padding[axis] = (before, after) zeros around every spatial axis."""

    data_format = Arg(keras_data_format, "channels_last")

    def new_length(self, index, axis, shape):
        return shape[axis] + sum(self.padding[index])


@register
class ZeroPadding1D(ZeroPadding):
    spatial_rank = 1
    padding = Arg(before_after, ((1, 1),))


@register
class ZeroPadding2D(ZeroPadding):
    spatial_rank = 2
    padding = Arg(per_axis_pairs(2), ((1, 1),) * 2)


@register
class ZeroPadding3D(ZeroPadding):
    spatial_rank = 3
    padding = Arg(per_axis_pairs(3), ((1, 1),) * 3)


class Cropping(Spatial):
    """Removes cropping[axis] = (before, after) positions from every spatial axis."""

    def new_length(self, index, axis, shape):
        length = shape[axis] - sum(self.cropping[index])
        if length < 1:
            raise self.shape_error(
                shape,
                f"cropping {self.cropping[index]} removes all {shape[axis]} positions of axis {axis}; "
                "crop less than the axis' size",
            )
        return length


@register
class Cropping1D(Cropping):
    spatial_rank = 1
    cropping = Arg(before_after, ((1, 1),))


@register
class Cropping2D(Cropping):
    spatial_rank = 2
    cropping = Arg(per_axis_pairs(2), ((0, 0),) * 2)
    data_format = Arg(keras_data_format, "channels_last")


@register
class Cropping3D(Cropping):
    spatial_rank = 3
    cropping = Arg(per_axis_pairs(3), ((1, 1),) * 3)
    data_format = Arg(keras_data_format, "channels_last")
