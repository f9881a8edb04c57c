"""Keras pooling layers (keras/src/layers/pooling): no weights, only output shapes."""

from __future__ import annotations

from ..args import Arg, boolean, choice, int_or_list, int_tuple, keras_pool_padding, optional, positive_int, window
from ..shapes import keras_data_format, keras_pool_length, keras_spatial_axes
from .core import KerasLayer, register


class Pooling(KerasLayer):
    """Max or average pooling over `spatial_rank` axes; strides default to pool_size."""

    @property
    def input_ranks(self):
        return (self.spatial_rank + 2,)

    spatial_rank = 0

    pool_size = Arg(window)
    strides = Arg(optional(window), None)
    padding = Arg(keras_pool_padding, "valid")
    data_format = Arg(keras_data_format, "channels_last")

    def check(self):
        self.pool_size = self.window("pool_size")
        self.strides = self.pool_size if self.strides is None else self.window("strides")

    def window(self, key):
        value = getattr(self, key)
        shown = self.config.get(key, value)
        try:
            return int_tuple(self.spatial_rank, positive_int)(value)
        except ValueError as reason:
            raise self.error(f"{key}: {reason}; received: {key}={shown!r}", key=key) from None

    def make_weights(self, shape):
        self.compute_output_shape(shape)
        return []

    def compute_output_shape(self, shape):
        out = list(shape)
        axes = keras_spatial_axes(self.spatial_rank, self.data_format)
        for axis, pool, stride in zip(axes, self.pool_size, self.strides):
            length = keras_pool_length(shape[axis], pool, stride, self.padding)
            if length is not None and length < 1:
                raise self.shape_error(
                    shape,
                    f"pool window larger than input: pool_size {pool} on axis {axis}, which has size "
                    f"{shape[axis]}, leaves no output with padding='valid' (use padding='same' or a smaller pool_size)",
                )
            out[axis] = length
        return tuple(out)


class MaxPooling(Pooling):
    pool_size = Arg(window, 2)


@register
class MaxPooling1D(MaxPooling):
    spatial_rank = 1
    aliases = ("MaxPool1D",)


@register
class MaxPooling2D(MaxPooling):
    spatial_rank = 2
    aliases = ("MaxPool2D",)


@register
class MaxPooling3D(MaxPooling):
    spatial_rank = 3
    aliases = ("MaxPool3D",)


@register
class AveragePooling1D(Pooling):
    spatial_rank = 1
    aliases = ("AvgPool1D",)


@register
class AveragePooling2D(Pooling):
    spatial_rank = 2
    aliases = ("AvgPool2D",)


@register
class AveragePooling3D(Pooling):
    spatial_rank = 3
    aliases = ("AvgPool3D",)


class GlobalPooling(KerasLayer):
    """Pools every spatial axis away (or to size 1 with keepdims)."""

    @property
    def input_ranks(self):
        return (self.spatial_rank + 2,)

    spatial_rank = 0

    data_format = Arg(keras_data_format, "channels_last")
    keepdims = Arg(boolean, False)

    def compute_output_shape(self, shape):
        kept = (1,) * self.spatial_rank if self.keepdims else ()
        if self.data_format == "channels_first":
            return (shape[0], shape[1], *kept)
        return (shape[0], *kept, shape[-1])

    def make_weights(self, shape):
        self.compute_output_shape(shape)
        return []


@register
class GlobalMaxPooling1D(GlobalPooling):
    spatial_rank = 1
    aliases = ("GlobalMaxPool1D",)


@register
class GlobalMaxPooling2D(GlobalPooling):
    spatial_rank = 2
    aliases = ("GlobalMaxPool2D",)


@register
class GlobalMaxPooling3D(GlobalPooling):
    spatial_rank = 3
    aliases = ("GlobalMaxPool3D",)


@register
class GlobalAveragePooling1D(GlobalPooling):
    spatial_rank = 1
    aliases = ("GlobalAvgPool1D",)


@register
class GlobalAveragePooling2D(GlobalPooling):
    spatial_rank = 2
    aliases = ("GlobalAvgPool2D",)


@register
class GlobalAveragePooling3D(GlobalPooling):
    spatial_rank = 3
    aliases = ("GlobalAvgPool3D",)


def strict_data_format(value):
    """Adaptive pooling checks data_format as written: no lowercasing, None is channels_last."""
    if value is None:
        return "channels_last"
    return choice("channels_last", "channels_first", lower=False)(value)


class AdaptivePooling(KerasLayer):
    """Pools every spatial axis to the given output_size, whatever the input's size."""

    @property
    def input_ranks(self):
        return (self.spatial_rank + 2,)

    spatial_rank = 0

    output_size = Arg(int_or_list)
    data_format = Arg(strict_data_format, "channels_last")

    def check(self):
        try:
            self.output_size = int_tuple(self.spatial_rank, positive_int)(self.output_size)
        except ValueError as reason:
            shown = self.config["output_size"]
            raise self.error(f"output_size: {reason}; received: output_size={shown!r}", key="output_size") from None

    def compute_output_shape(self, shape):
        if self.data_format == "channels_first":
            return (shape[0], shape[1], *self.output_size)
        return (shape[0], *self.output_size, shape[-1])


@register
class AdaptiveMaxPooling1D(AdaptivePooling):
    spatial_rank = 1


@register
class AdaptiveMaxPooling2D(AdaptivePooling):
    spatial_rank = 2


@register
class AdaptiveMaxPooling3D(AdaptivePooling):
    spatial_rank = 3


@register
class AdaptiveAveragePooling1D(AdaptivePooling):
    spatial_rank = 1


@register
class AdaptiveAveragePooling2D(AdaptivePooling):
    spatial_rank = 2


@register
class AdaptiveAveragePooling3D(AdaptivePooling):
    spatial_rank = 3
