"""Shape arithmetic shared by every framework: convolution, transposed convolution, pooling.

PyTorch's rules (conv_length, transposed_length) are those of the torch.nn docs, with
explicit padding. Keras' rules (keras_*) follow keras/src/ops/operation_utils.py and
keras/src/backend/common/backend_utils.py line for line, 'valid'/'same'/'causal' padding.
"""

from __future__ import annotations

import math


def conv_length(size, kernel, stride=1, dilation=1, pad_before=0, pad_after=0, ceil_mode=False):
    """Output length of a convolution or pooling window with explicit padding; None stays None.

    floor((size + pads - dilation·(kernel - 1) - 1) / stride) + 1, or ceil with ceil_mode
    (torch's pooling_output_shape, floor division even when the window overhangs the input).
    Returns a value < 1 when the window does not fit, for the caller to report.
    """
    if size is None:
        return None
    span = size + pad_before + pad_after - dilation * (kernel - 1) - 1
    length = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (length - 1) * stride >= size + pad_before:
        # PyTorch: the last window must start inside the input or left padding.
        length -= 1
    return length


def keras_conv_length(size, kernel, stride, padding, dilation=1):
    """Keras convolution (operation_utils.compute_conv_output_shape); None stays None.

    valid: floor((size - dilation·(kernel - 1) - 1) / stride) + 1; same and causal:
    floor((size - 1) / stride) + 1. A value < 1 means the kernel does not fit.
    """
    if size is None:
        return None
    if padding in ("same", "causal"):
        return (size - 1) // stride + 1
    return (size - dilation * (kernel - 1) - 1) // stride + 1


def keras_pool_length(size, pool, stride, padding):
    """Keras pooling (operation_utils.compute_pooling_output_shape); None stays None.

    valid: floor((size - pool) / stride) + 1; same: floor((size - 1) / stride) + 1.
    A value < 1 means the window does not fit.
    """
    if size is None:
        return None
    if padding == "same":
        return (size - 1) // stride + 1
    return (size - pool) // stride + 1


def transposed_length(size, kernel, stride=1, pad_total=0, output_padding=0, dilation=1):
    """(size - 1)·stride - pad_total + dilation·(kernel - 1) + output_padding + 1."""
    if size is None:
        return None
    return (size - 1) * stride - pad_total + dilation * (kernel - 1) + output_padding + 1


def keras_transposed_length(size, kernel, stride, padding, output_padding=None, dilation=1):
    """Keras transposed convolution (backend_utils._get_output_shape_given_tf_padding).

    With the dilated kernel k = dilation·(kernel - 1) + 1 and no output_padding:
    valid → (size - 1)·stride + max(k, stride), same → size·stride; with output_padding p:
    valid → (size - 1)·stride + k + p, same → (size - 1)·stride + k mod 2 + p.
    """
    if size is None:
        return None
    kernel = dilation * (kernel - 1) + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(kernel, stride) - kernel
        return (size - 1) * stride + kernel + output_padding
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + kernel % 2 + output_padding


def keras_spatial_axes(rank, data_format):
    """Positions of the spatial axes in a (batch, …) shape of `rank` spatial axes."""
    first = 2 if data_format == "channels_first" else 1
    return range(first, first + rank)


def keras_channel_axis(data_format):
    return 1 if data_format == "channels_first" else -1


def keras_data_format(value):
    """Keras' standardize_data_format: None means the default image_data_format, channels_last."""
    if value is None:
        return "channels_last"
    data_format = str(value).lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError("expected 'channels_last' or 'channels_first'")
    return data_format


def product(values):
    return math.prod(values)
