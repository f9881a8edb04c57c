"""torch.nn convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d (channels-first)."""

from __future__ import annotations

from ..args import (
    Arg,
    boolean,
    broadcast_tuple,
    choice,
    nonneg_int,
    optional,
    positive_int,
    torch_conv_padding,
    torch_padding_mode,
)
from ..base import Weight, product, register
from ..shapes import conv_length, transposed_length
from .common import NdLayer, nd_args, size_tuple


class _ConvNd(NdLayer):
    in_channels = Arg(optional(positive_int), None)
    out_channels = Arg(positive_int)
    kernel_size = Arg()
    stride = Arg(default=1)
    padding = Arg(default=0)
    dilation = Arg(default=1)
    groups = Arg(positive_int, 1)
    bias = Arg(boolean, True)
    padding_mode = Arg(torch_padding_mode, "zeros")
    tuple_args = {"kernel_size": size_tuple, "stride": broadcast_tuple, "padding": torch_conv_padding,
                  "dilation": broadcast_tuple}

    def check(self):
        if self.in_channels is not None and self.in_channels % self.groups:
            raise self.error(f"in_channels must be divisible by groups; received: "
                             f"in_channels={self.in_channels}, groups={self.groups}", key="in_channels")
        if self.out_channels % self.groups:
            raise self.error(f"out_channels must be divisible by groups; received: "
                             f"out_channels={self.out_channels}, groups={self.groups}", key="out_channels")
        if not isinstance(self.padding, str) and min(self.padding) < 0 and self.padding_mode == "zeros":
            # Other padding modes crop with negative padding (F.pad).
            raise self.error(f"negative padding is not supported with padding_mode='zeros'; "
                             f"received: padding={self.config['padding']!r}", key="padding")
        if (self.padding_mode != "zeros" and self.spatial > 1 and isinstance(self.config.get("padding"), list)
                and len(self.config["padding"]) == 1):
            # F.pad gets two numbers for a rank-(spatial + 2) input.
            raise self.error(f"padding_mode={self.padding_mode!r} needs padding as an int or {self.spatial} ints; "
                             f"received: padding={self.config['padding']!r}", key="padding")
        if self.padding == "same" and any(s != 1 for s in self.stride):
            raise self.error(f"padding='same' is not supported for strided convolutions; "
                             f"received: stride={self.stride}", key="padding")

    def make_weights(self, shape):
        self.spatial_sizes(shape)
        in_channels = self.channels(shape)
        if in_channels % self.groups:
            raise self.error(f"the input has {in_channels} channels, not divisible by groups={self.groups}")
        out = [Weight("weight", (self.out_channels, in_channels // self.groups, *self.kernel_size))]
        if self.bias:
            out.append(Weight("bias", (self.out_channels,)))
        return out

    def compute_output_shape(self, shape):
        lengths = []
        for axis, size in enumerate(self.spatial_sizes(shape)):
            kernel, stride, dilation = self.kernel_size[axis], self.stride[axis], self.dilation[axis]
            before, after = self.pads(axis)
            if size is not None and self.padding_mode != "zeros":
                self.check_pad_mode(shape, axis, before, after)
            if self.padding == "same":
                lengths.append(size)
                continue
            length = conv_length(size, kernel, stride, dilation, before, after)
            if length is not None and length < 1:
                raise self.shape_error(shape, f"the kernel ({kernel}, dilation {dilation}) is larger than "
                                              f"the padded input ({size} + 2 × {before}) on axis {axis + 2}")
            lengths.append(length)
        return (shape[0], self.out_channels, *lengths)

    def make_macs(self, shape, output):
        """Each output position: out_channels × (in_channels / groups) × the kernel."""
        in_channels = self.channels(shape)
        return product(*output, in_channels // self.groups, *self.kernel_size)

    def pads(self, axis):
        """(before, after) padding of a spatial axis; 'same' puts the odd one after, as torch does."""
        if self.padding == "valid":
            return 0, 0
        if self.padding == "same":
            total = self.dilation[axis] * (self.kernel_size[axis] - 1)
            return total // 2, total - total // 2
        return self.padding[axis], self.padding[axis]

    def check_pad_mode(self, shape, axis, before, after):
        """F.pad's limits for the non-zero padding modes: reflect < size, circular ≤ size."""
        size = shape[axis + 2]
        if self.padding_mode == "reflect" and max(before, after) >= size:
            raise self.shape_error(shape, f"reflect padding {max(before, after)} must be smaller than "
                                          f"the input size {size} on axis {axis + 2}")
        if self.padding_mode == "circular" and max(before, after) > size:
            raise self.shape_error(shape, f"circular padding {max(before, after)} wraps around the input size "
                                          f"{size} on axis {axis + 2} more than once")


class _ConvTransposeNd(NdLayer):
    in_channels = Arg(optional(positive_int), None)
    out_channels = Arg(positive_int)
    kernel_size = Arg()
    stride = Arg(default=1)
    padding = Arg(default=0)
    output_padding = Arg(default=0)
    groups = Arg(positive_int, 1)
    bias = Arg(boolean, True)
    dilation = Arg(default=1)
    padding_mode = Arg(choice("zeros", lower=False), "zeros")
    tuple_args = {"kernel_size": size_tuple, "stride": broadcast_tuple, "dilation": broadcast_tuple,
                  "padding": lambda n: broadcast_tuple(n, nonneg_int),
                  "output_padding": lambda n: broadcast_tuple(n, nonneg_int)}

    check = _ConvNd.check

    def make_weights(self, shape):
        self.spatial_sizes(shape)
        in_channels = self.channels(shape)
        if in_channels % self.groups:
            raise self.error(f"the input has {in_channels} channels, not divisible by groups={self.groups}")
        out = [Weight("weight", (in_channels, self.out_channels // self.groups, *self.kernel_size))]
        if self.bias:
            out.append(Weight("bias", (self.out_channels,)))
        return out

    def compute_output_shape(self, shape):
        lengths = []
        for axis, size in enumerate(self.spatial_sizes(shape)):
            stride, dilation, extra = self.stride[axis], self.dilation[axis], self.output_padding[axis]
            if extra >= stride and extra >= dilation:
                raise self.error(f"output_padding must be smaller than either stride or dilation; received: "
                                 f"output_padding={extra}, stride={stride}, dilation={dilation}",
                                 key="output_padding")
            length = transposed_length(size, self.kernel_size[axis], stride, 2 * self.padding[axis], extra, dilation)
            if length is not None and length < 0:
                raise self.shape_error(shape, f"the output would have size {length} on axis {axis + 2}")
            lengths.append(length)
        # An empty output is fine, except on torch's fallback path (output_padding ≥ stride), which wants ≥ 1.
        if 0 in lengths and any(p >= s for p, s in zip(self.output_padding, self.stride)):
            raise self.shape_error(shape, f"the output would have size 0 on axis {lengths.index(0) + 2} "
                                          f"(output_padding ≥ stride)")
        return (shape[0], self.out_channels, *lengths)

    def make_macs(self, shape, output):
        """Each input position scattered through its kernel: in_channels × (out_channels / groups) × the kernel."""
        in_channels = self.channels(shape)
        return product(shape[0], in_channels, *shape[2:], self.out_channels // self.groups, *self.kernel_size)


@register
@nd_args
class Conv1d(_ConvNd):
    spatial = 1


@register
@nd_args
class Conv2d(_ConvNd):
    spatial = 2


@register
@nd_args
class Conv3d(_ConvNd):
    spatial = 3


@register
@nd_args
class ConvTranspose1d(_ConvTransposeNd):
    spatial = 1


@register
@nd_args
class ConvTranspose2d(_ConvTransposeNd):
    spatial = 2


@register
@nd_args
class ConvTranspose3d(_ConvTransposeNd):
    spatial = 3
