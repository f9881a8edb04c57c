"""torch.nn pooling: MaxPool, AvgPool, LPPool, AdaptiveAvgPool, AdaptiveMaxPool (1d/2d/3d)."""

from __future__ import annotations

from ..args import Arg, _is_int, boolean, broadcast_tuple, integer, nonneg_int, number, optional
from ..base import register
from ..shapes import conv_length
from .common import NdLayer, nd_args, size_tuple
from .common import without as drop


def adaptive_size(rank):
    """An adaptive output_size: a non-negative int or `rank` of them; null keeps the input's size (2d, 3d)."""
    nulls = " or nulls" if rank > 1 else ""

    def check(value):
        items = [value] * rank if _is_int(value) or value is None else value
        # A list names every axis; None (keep the input's size) exists for 2d and 3d only.
        if not isinstance(items, (list, tuple)) or len(items) != rank or not all(
                (v is None and rank > 1) or (_is_int(v) and v >= 0) for v in items):
            raise ValueError(f"expected a non-negative int or a list of {rank} ints{nulls}")
        return tuple(items)

    return check


def optional_sizes(rank):
    """A pooling stride: None or [] (the kernel size), an int, one int in a list, or `rank` ints."""
    kind = broadcast_tuple(rank)
    return lambda value: None if value is None or (isinstance(value, (list, tuple)) and not value) else kind(value)


class _PoolNd(NdLayer):
    """A sliding window: out = floor or ceil((size + 2·padding − dilation·(k − 1) − 1) / stride) + 1."""

    kernel_size = Arg()
    stride = Arg(default=None)
    padding = Arg(default=0)
    ceil_mode = Arg(boolean, False)
    tuple_args = {"kernel_size": broadcast_tuple, "stride": optional_sizes,
                  "padding": lambda n: broadcast_tuple(n, nonneg_int)}
    dilation = (1, 1, 1)  # MaxPool declares it as an argument
    # avg_pool3d (also under LPPool3d) wants every input size to hold a whole kernel, padding aside.
    kernel_within_input = False

    def window(self, axis):
        stride = self.stride[axis] if self.stride else self.kernel_size[axis]
        return self.kernel_size[axis], stride, self.padding[axis], self.dilation[axis]

    def compute_output_shape(self, shape):
        lengths = []
        for axis, size in enumerate(self.spatial_sizes(shape)):
            kernel, stride, pad, dilation = self.window(axis)
            self.check_padding(kernel, pad)
            if self.kernel_within_input and size is not None and size < kernel:
                raise self.shape_error(shape, f"the input size {size} on axis {axis + 2} is smaller than "
                                              f"the kernel ({kernel}); padding does not count here")
            length = conv_length(size, kernel, stride, dilation, pad, pad, self.ceil_mode)
            if length is not None and length < 1:
                raise self.shape_error(shape, f"the window ({kernel}, dilation {dilation}) is larger than "
                                              f"the padded input ({size} + 2 × {pad}) on axis {axis + 2}")
            lengths.append(length)
        return (*shape[:2], *lengths)

    def check_padding(self, kernel, pad):
        if pad > kernel // 2:
            raise self.error(f"padding should be at most half of kernel_size; received: padding={pad}, "
                             f"kernel_size={kernel}", key="padding")


class _MaxPoolNd(_PoolNd):
    dilation = Arg(default=1)
    return_indices = Arg(boolean, False)
    tuple_args = {**_PoolNd.tuple_args, "dilation": broadcast_tuple}


class _AvgPoolNd(_PoolNd):
    count_include_pad = Arg(boolean, True)
    divisor_override = Arg(optional(integer), None)

    def check(self):
        if self.divisor_override == 0:
            raise self.error("divisor_override must not be zero", key="divisor_override")


class _LPPoolNd(_PoolNd):
    """Power-average pooling: windows as AvgPool without padding."""

    norm_type = Arg(number)
    tuple_args = {"kernel_size": size_tuple, "stride": optional_sizes}

    def check(self):
        if self.norm_type == 0:
            raise self.error("norm_type must not be 0 (the output is the 1/norm_type-th power)", key="norm_type")
        # lp_pool1d multiplies by kernel_size itself, which only works for an int.
        if self.spatial == 1 and not _is_int(self.config["kernel_size"]):
            raise self.error(f"LPPool1d needs an integer kernel_size; received: "
                             f"kernel_size={self.config['kernel_size']!r}", key="kernel_size")

    def window(self, axis):
        return self.kernel_size[axis], (self.stride or self.kernel_size)[axis], 0, 1


class _AdaptivePoolNd(NdLayer):
    """Output spatial sizes are output_size (None keeps the input's size)."""

    output_size = Arg()  # given its rank by nd_args
    tuple_args = {"output_size": adaptive_size}

    def compute_output_shape(self, shape):
        sizes = self.spatial_sizes(shape)
        return (*shape[:2], *(size if out is None else out for out, size in zip(self.output_size, sizes)))


class _AdaptiveMaxPoolNd(_AdaptivePoolNd):
    return_indices = Arg(boolean, False)


def _family(base, name, spatial, without=(), **attrs):
    """The 1d/2d/3d members of a family; `without` lists arguments that member lacks."""
    cls = type(name, (base,), {"spatial": spatial, "__doc__": base.__doc__, "__module__": __name__, **attrs})
    cls = drop(*without)(cls)
    if hasattr(base, "tuple_args"):
        nd_args(cls)
    return register(cls)


MaxPool1d = _family(_MaxPoolNd, "MaxPool1d", 1)
MaxPool2d = _family(_MaxPoolNd, "MaxPool2d", 2)
MaxPool3d = _family(_MaxPoolNd, "MaxPool3d", 3)
# AvgPool1d is the only one without divisor_override.
AvgPool1d = _family(_AvgPoolNd, "AvgPool1d", 1, without=("divisor_override",))
AvgPool2d = _family(_AvgPoolNd, "AvgPool2d", 2)
AvgPool3d = _family(_AvgPoolNd, "AvgPool3d", 3, kernel_within_input=True)
LPPool1d = _family(_LPPoolNd, "LPPool1d", 1, without=("padding",))
LPPool2d = _family(_LPPoolNd, "LPPool2d", 2, without=("padding",))
LPPool3d = _family(_LPPoolNd, "LPPool3d", 3, without=("padding",), kernel_within_input=True)
AdaptiveAvgPool1d = _family(_AdaptivePoolNd, "AdaptiveAvgPool1d", 1)
AdaptiveAvgPool2d = _family(_AdaptivePoolNd, "AdaptiveAvgPool2d", 2)
AdaptiveAvgPool3d = _family(_AdaptivePoolNd, "AdaptiveAvgPool3d", 3)
AdaptiveMaxPool1d = _family(_AdaptiveMaxPoolNd, "AdaptiveMaxPool1d", 1)
AdaptiveMaxPool2d = _family(_AdaptiveMaxPoolNd, "AdaptiveMaxPool2d", 2)
AdaptiveMaxPool3d = _family(_AdaptiveMaxPoolNd, "AdaptiveMaxPool3d", 3)
