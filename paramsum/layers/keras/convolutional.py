"""Keras convolution layers (keras/src/layers/convolutional).

Four families share the window arguments: plain convolutions (kernel of shape
kernel_size + (in / groups, filters)), transposed ones (kernel_size + (filters, in)),
depthwise ones (kernel_size + (in, depth_multiplier)) and separable ones (a depthwise
kernel followed by a 1×…×1 pointwise kernel).
"""

from __future__ import annotations

from ..args import (
    Arg,
    boolean,
    int_or_list,
    int_tuple,
    keras_activation,
    keras_causal_padding,
    keras_padding,
    nonneg_int,
    optional,
    positive_int,
    window,
)
from ..base import Dim, Weight, dim, product
from ..shapes import (
    keras_channel_axis,
    keras_conv_length,
    keras_data_format,
    keras_spatial_axes,
    keras_transposed_length,
)
from .core import KERNEL_EXTRAS, KerasLayer, register

BIAS_EXTRAS = ("bias_initializer", "bias_regularizer", "bias_constraint")
DEPTHWISE_EXTRAS = ("depthwise_initializer", "depthwise_regularizer", "depthwise_constraint")
POINTWISE_EXTRAS = ("pointwise_initializer", "pointwise_regularizer", "pointwise_constraint")


def per_group(channels, groups):
    """The input channels one filter sees, spelled 'in / groups' when the input is split."""
    if groups == 1:
        return channels
    return Dim(channels // groups, f"({channels} / {groups})")


class Window(KerasLayer):
    """What every Keras convolution shares: kernel, strides, padding, dilation, layout."""

    spatial_rank = 0

    kernel_size = Arg(window)
    strides = Arg(window, 1)
    padding = Arg(keras_padding, "valid")
    data_format = Arg(keras_data_format, "channels_last")
    dilation_rate = Arg(window, 1)
    activation = Arg(keras_activation, None)
    use_bias = Arg(boolean, True)

    def check(self):
        self.kernel_size = self.window("kernel_size")
        self.strides = self.window("strides")
        self.dilation_rate = self.window("dilation_rate")

    def window(self, key, item=positive_int):
        """An int or `spatial_rank` ints as a tuple (Keras' standardize_tuple)."""
        value = getattr(self, key)
        shown = self.config.get(key, value)
        try:
            return int_tuple(self.spatial_rank, item)(value)
        except ValueError as reason:
            raise self.error(f"{key}: {reason}; received: {key}={shown!r}", key=key) from None

    def refuse_strided_dilation(self):
        # Keras refuses the combination in the constructor of Conv and ConvTranspose.
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise self.error(
                "strides > 1 cannot be combined with dilation_rate > 1; "
                f"received: strides={self.strides}, dilation_rate={self.dilation_rate}",
                key="strides",
            )

    def input_channels(self, shape):
        """The size of the channel axis, which the kernel's shape needs."""
        self.rank(shape, self.spatial_rank + 2)
        return self.known(shape, keras_channel_axis(self.data_format), "the channel axis")

    def spatial_lengths(self, shape):
        """Output length of every spatial axis; refuses a kernel that does not fit."""
        self.rank(shape, self.spatial_rank + 2)
        lengths = []
        axes = keras_spatial_axes(self.spatial_rank, self.data_format)
        for axis, kernel, stride, dilation in zip(axes, self.kernel_size, self.strides, self.dilation_rate):
            length = self.length(shape[axis], kernel, stride, dilation)
            if length is not None and length < 1:
                span = dilation * (kernel - 1) + 1
                raise self.shape_error(
                    shape,
                    f"kernel larger than input: the kernel spans {span} on axis {axis}, which has size "
                    f"{shape[axis]}, leaving no output with padding='{self.padding}' "
                    "(use padding='same' or a smaller kernel)",
                )
            lengths.append(length)
        return lengths

    def length(self, size, kernel, stride, dilation):
        return keras_conv_length(size, kernel, stride, self.padding, dilation)

    def output_shape(self, shape, lengths, channels):
        if self.data_format == "channels_first":
            return (shape[0], channels, *lengths)
        return (shape[0], *lengths, channels)

    def bias(self, size):
        return [Weight("bias", (size,))] if self.use_bias else []

    def positions(self, shape):
        """Batch × the spatial sizes of `shape` (input or output): where the kernel is applied."""
        axes = keras_spatial_axes(self.spatial_rank, self.data_format)
        return product(shape[0], *(shape[axis] for axis in axes))


class Conv(Window):
    """Keras BaseConv: kernel kernel_size + (in / groups, filters), bias (filters,)."""

    filters = Arg(positive_int)
    groups = Arg(positive_int, 1)
    lora_rank = Arg(optional(nonneg_int), None)
    ignored = KERNEL_EXTRAS + ("lora_alpha",)

    def check(self):
        super().check()
        if self.filters % self.groups:
            raise self.error(
                "filters must be divisible by groups; "
                f"received: filters={self.filters}, groups={self.groups}",
                key="filters",
            )
        self.refuse_strided_dilation()

    def make_weights(self, shape):
        channels = self.input_channels(shape)
        if channels % self.groups:
            raise self.shape_error(
                shape, f"its {channels} input channels are not divisible by groups={self.groups}"
            )
        self.compute_output_shape(shape)
        kernel_shape = (*self.kernel_size, per_group(channels, self.groups), self.filters)
        if not self.lora_rank:
            return [Weight("kernel", kernel_shape), *self.bias(self.filters)]
        # LoRA freezes the kernel and trains a low-rank delta kernel_a @ kernel_b.
        return [
            Weight("kernel", kernel_shape, trainable=False),
            *self.bias(self.filters),
            Weight("lora_kernel_a", (*kernel_shape[:-1], self.lora_rank)),
            Weight("lora_kernel_b", (self.lora_rank, self.filters)),
        ]

    def compute_output_shape(self, shape):
        return self.output_shape(shape, self.spatial_lengths(shape), self.filters)

    def make_macs(self, shape, output):
        fan_in = product(*self.kernel_size, self.input_channels(shape) // self.groups)
        macs = product(self.positions(output), fan_in, self.filters)
        if macs is not None and self.lora_rank:  # the kernel's delta kernel_a @ kernel_b, once a call
            macs += fan_in * self.lora_rank * self.filters
        return macs


@register
class Conv1D(Conv):
    """1-D convolution; padding='causal' pads dilation·(kernel - 1) steps on the left."""

    spatial_rank = 1
    padding = Arg(keras_causal_padding, "valid")
    aliases = ("Convolution1D", "AtrousConvolution1D")  # Keras 1's atrous convolution: Conv1D with dilation_rate


@register
class Conv2D(Conv):
    spatial_rank = 2
    aliases = ("Convolution2D", "AtrousConvolution2D")


@register
class Conv3D(Conv):
    spatial_rank = 3
    aliases = ("Convolution3D",)


class ConvTranspose(Window):
    """Keras BaseConvTranspose: kernel kernel_size + (filters, in), bias (filters,)."""

    @property
    def input_ranks(self):
        return (self.spatial_rank + 2,)

    filters = Arg(positive_int)
    output_padding = Arg(optional(int_or_list), None)
    ignored = KERNEL_EXTRAS

    def check(self):
        super().check()
        if self.output_padding is not None:
            self.output_padding = self.window("output_padding", item=nonneg_int)
            for padding, stride in zip(self.output_padding, self.strides):
                if padding >= stride:
                    raise self.error(
                        "output_padding must be smaller than strides on every axis; "
                        f"received: output_padding={self.output_padding}, strides={self.strides}",
                        key="output_padding",
                    )
        self.refuse_strided_dilation()

    def make_weights(self, shape):
        channels = self.input_channels(shape)
        self.compute_output_shape(shape)
        return [Weight("kernel", (*self.kernel_size, self.filters, channels)), *self.bias(self.filters)]

    def compute_output_shape(self, shape):
        lengths = []
        axes = keras_spatial_axes(self.spatial_rank, self.data_format)
        for index, axis in enumerate(axes):
            padding = None if self.output_padding is None else self.output_padding[index]
            length = keras_transposed_length(
                shape[axis], self.kernel_size[index], self.strides[index], self.padding, padding,
                self.dilation_rate[index],
            )
            # 'same' with output_padding gives (size - 1)·stride + kernel mod 2 + output_padding,
            # which is 0 for one step and an even kernel: Keras builds (and runs) that empty output.
            if length is not None and length < 0:
                raise self.shape_error(
                    shape, f"the output would have size {length} on axis {axis}; use a larger kernel or strides"
                )
            lengths.append(length)
        return self.output_shape(shape, lengths, self.filters)

    def make_macs(self, shape, output):
        # Each input position scatters its channels through the whole kernel.
        return product(self.positions(shape), *self.kernel_size, self.input_channels(shape), self.filters)


@register
class Conv1DTranspose(ConvTranspose):
    spatial_rank = 1
    aliases = ("Convolution1DTranspose",)


@register
class Conv2DTranspose(ConvTranspose):
    spatial_rank = 2
    # Deconvolution2D / Deconv2D are Keras 2 names of the same layer.
    aliases = ("Convolution2DTranspose", "Deconvolution2D", "Deconv2D")


@register
class Conv3DTranspose(ConvTranspose):
    spatial_rank = 3
    aliases = ("Convolution3DTranspose", "Deconvolution3D", "Deconv3D")


class DepthwiseConv(Window):
    """Keras BaseDepthwiseConv: kernel kernel_size + (in, depth_multiplier), bias (in × depth_multiplier,)."""

    depth_multiplier = Arg(positive_int, 1)
    ignored = DEPTHWISE_EXTRAS + BIAS_EXTRAS

    def make_weights(self, shape):
        channels = self.input_channels(shape)
        self.compute_output_shape(shape)
        kernel = Weight("kernel", (*self.kernel_size, channels, self.depth_multiplier))
        return [kernel, *self.bias(dim(channels, self.depth_multiplier))]

    def compute_output_shape(self, shape):
        channels = self.input_channels(shape)
        return self.output_shape(shape, self.spatial_lengths(shape), channels * self.depth_multiplier)

    def make_macs(self, shape, output):
        return product(*output, *self.kernel_size)


@register
class DepthwiseConv1D(DepthwiseConv):
    spatial_rank = 1


@register
class DepthwiseConv2D(DepthwiseConv):
    spatial_rank = 2


class SeparableConv(Window):
    """Keras BaseSeparableConv: a depthwise kernel, then a pointwise (1 × … × 1) one to `filters`."""

    filters = Arg(positive_int)
    depth_multiplier = Arg(positive_int, 1)
    ignored = DEPTHWISE_EXTRAS + POINTWISE_EXTRAS + BIAS_EXTRAS

    def make_weights(self, shape):
        channels = self.input_channels(shape)
        self.compute_output_shape(shape)
        depthwise = (*self.kernel_size, channels, self.depth_multiplier)
        pointwise = ((1,) * self.spatial_rank) + (dim(channels, self.depth_multiplier), self.filters)
        return [
            Weight("depthwise_kernel", depthwise),
            Weight("pointwise_kernel", pointwise),
            *self.bias(self.filters),
        ]

    def compute_output_shape(self, shape):
        return self.output_shape(shape, self.spatial_lengths(shape), self.filters)

    def make_macs(self, shape, output):
        # The depthwise kernel on every channel copy, then the pointwise one to `filters`.
        middle = self.input_channels(shape) * self.depth_multiplier
        return product(self.positions(output), middle, product(*self.kernel_size) + self.filters)


@register
class SeparableConv1D(SeparableConv):
    spatial_rank = 1
    aliases = ("SeparableConvolution1D",)


@register
class SeparableConv2D(SeparableConv):
    spatial_rank = 2
    aliases = ("SeparableConvolution2D",)
