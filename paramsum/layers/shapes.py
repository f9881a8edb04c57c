"""Shape arithmetic shared by every framework: convolution, transposed convolution, pooling.

Keras' rules are those of keras/src/ops/operation_utils.py; PyTorch's those of the
torch.nn docs. Both reduce to the same two formulas with explicit padding.
"""

from __future__ import annotations

import math


def conv_length(size, kernel, stride=1, dilation=1, pad_before=0, pad_after=0, ceil_mode=False):
    """Output length of a convolution or pooling window with explicit padding; None stays None.

    floor((size + pads - dilation·(kernel - 1) - 1) / stride) + 1, or ceil with ceil_mode.
    Returns a value < 1 when the window does not fit, for the caller to report.
    """
    if size is None:
        return None
    span = size + pad_before + pad_after - dilation * (kernel - 1) - 1
    if span < 0:
        return 0
    length = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (length - 1) * stride >= size + pad_before:
        # PyTorch: the last window must start inside the input or left padding.
        length -= 1
    return length


def keras_conv_length(size, kernel, stride, padding, dilation=1):
    """Keras: 'valid', 'same' or 'causal' padding (operation_utils.compute_conv_output_shape)."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    if padding == "causal":
        return conv_length(size, kernel, stride, dilation, pad_before=dilation * (kernel - 1))
    return conv_length(size, kernel, stride, dilation)


def keras_pool_length(size, pool, stride, padding):
    """Keras pooling: valid → floor((size - pool) / stride) + 1, same → ceil(size / stride)."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    return (size - pool) // stride + 1 if size >= pool else 0


def transposed_length(size, kernel, stride=1, pad_total=0, output_padding=0, dilation=1):
    """(size - 1)·stride - pad_total + dilation·(kernel - 1) + output_padding + 1."""
    if size is None:
        return None
    return (size - 1) * stride - pad_total + dilation * (kernel - 1) + output_padding + 1


def keras_transposed_length(size, kernel, stride, padding, output_padding=None, dilation=1):
    """Keras' conv-transpose length (backend/common/backend_utils._convert_conv_transpose_padding…)."""
    if size is None:
        return None
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(kernel - stride, 0)
        return size * stride
    pad = kernel // 2 if padding == "same" else 0
    return (size - 1) * stride + kernel - 2 * pad + output_padding


def product(values):
    return math.prod(values)
