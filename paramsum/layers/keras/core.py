"""Keras core layers, activations, dropout and noise layers (keras/src/layers/core, activations, regularization)."""

from __future__ import annotations

from ..args import Arg, anything, axes, boolean, number, optional, positive_int, shape
from ..base import Layer, Weight, register

INITIALIZERS = ("kernel_initializer", "bias_initializer")
REGULARIZERS = ("kernel_regularizer", "bias_regularizer")
CONSTRAINTS = ("kernel_constraint", "bias_constraint")
KERNEL_EXTRAS = INITIALIZERS + REGULARIZERS + CONSTRAINTS


class KerasLayer(Layer):
    """Base of Keras layers: the keyword arguments every Keras layer accepts."""

    framework = "keras"
    common = (
        "name", "trainable", "dtype", "autocast", "activity_regularizer",
        # Keras 2 carried these on any layer; Keras 3 still takes input_shape / input_dim.
        "input_shape", "input_dim", "batch_input_shape", "batch_size",
    )


class Elementwise(KerasLayer):
    """A layer whose output has its input's shape and which has no weights."""


@register
class InputLayer(KerasLayer):
    shape = Arg(optional(shape), None)
    batch_shape = Arg(anything, None)
    sparse = Arg(optional(boolean), None)
    ragged = Arg(optional(boolean), None)
    input_tensor = Arg(anything, None)
    optional = Arg(boolean, False)


@register
class Dense(KerasLayer):
    units = Arg(positive_int)
    activation = Arg(anything, None)
    use_bias = Arg(boolean, True)
    lora_rank = Arg(optional(positive_int), None)
    ignored = KERNEL_EXTRAS + ("lora_alpha", "quantization_config")

    def make_weights(self, shape):
        if len(shape) < 2:
            raise self.shape_error(shape, "expected at least rank 2 (batch axis included)")
        in_dim = self.known(shape, -1, "the last axis")
        if self.lora_rank:
            # With LoRA the kernel is frozen and two small trainable factors are added.
            out = [Weight("kernel", (in_dim, self.units), trainable=False)]
        else:
            out = [Weight("kernel", (in_dim, self.units))]
        if self.use_bias:
            out.append(Weight("bias", (self.units,)))
        if self.lora_rank:
            out += [
                Weight("lora_kernel_a", (in_dim, self.lora_rank)),
                Weight("lora_kernel_b", (self.lora_rank, self.units)),
            ]
        return out

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.units,)


@register
class Activation(Elementwise):
    activation = Arg(anything)


@register
class ReLU(Elementwise):
    max_value = Arg(optional(number), None)
    negative_slope = Arg(number, 0.0)
    threshold = Arg(number, 0.0)


@register
class LeakyReLU(Elementwise):
    negative_slope = Arg(number, 0.3)
    ignored = ("alpha",)  # Keras 2's name for negative_slope


@register
class PReLU(KerasLayer):
    shared_axes = Arg(optional(axes), None)
    ignored = ("alpha_initializer", "alpha_regularizer", "alpha_constraint")

    def make_weights(self, shape):
        param_shape = list(shape[1:])
        shared = self.shared_axes
        shared = (shared,) if isinstance(shared, int) else (shared or ())
        for axis in shared:
            if not 1 <= axis < len(shape):
                raise self.error(f"shared_axes: axis {axis} is out of range for input shape {tuple(shape)}")
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise self.shape_error(shape, "every non-shared axis must have a known size")
        return [Weight("alpha", param_shape)]


@register
class ELU(Elementwise):
    alpha = Arg(number, 1.0)


@register
class Softmax(Elementwise):
    axis = Arg(axes, -1)


@register
class Dropout(Elementwise):
    rate = Arg(number)
    noise_shape = Arg(anything, None)
    seed = Arg(anything, None)

    def check(self):
        if not 0 <= self.rate <= 1:
            raise self.error(f"rate must be between 0 and 1; received: rate={self.rate}")


@register
class SpatialDropout1D(Dropout):
    pass


@register
class SpatialDropout2D(Dropout):
    data_format = Arg(anything, None)


@register
class SpatialDropout3D(Dropout):
    data_format = Arg(anything, None)


@register
class GaussianNoise(Elementwise):
    stddev = Arg(number)
    seed = Arg(anything, None)


@register
class GaussianDropout(Dropout):
    pass


@register
class AlphaDropout(Dropout):
    pass


@register
class Masking(Elementwise):
    mask_value = Arg(anything, 0.0)


@register
class Identity(Elementwise):
    pass


@register
class Rescaling(Elementwise):
    scale = Arg(anything)
    offset = Arg(anything, 0.0)


@register
class ActivityRegularization(Elementwise):
    l1 = Arg(number, 0.0)
    l2 = Arg(number, 0.0)
