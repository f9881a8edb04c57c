"""torch.nn dropout, padding, pixel shuffle, channel shuffle and upsampling modules."""

from __future__ import annotations

import math
from fractions import Fraction

from ... import limits
from ...limits import shown
from ..args import Arg, _is_int, boolean, choice, number, optional, positive_int, probability, window
from ..base import register
from .common import Elementwise, TorchLayer, without


class _Dropout(Elementwise):
    p = Arg(probability, 0.5)  # _DropoutNd refuses p < 0 or p > 1
    inplace = Arg(boolean, False)
    min_rank = 1

    def compute_output_shape(self, shape):
        if len(shape) < self.min_rank and 0 < self.p < 1:  # torch skips the work (and the check) at p 0 or 1
            raise self.shape_error(shape, f"feature dropout needs rank {self.min_rank} or more (batch axis included)")
        return shape


def _member(base, name, doc=None, **attrs):
    return register(type(name, (base,), {"__module__": __name__, "__doc__": doc or base.__doc__, **attrs}))


Dropout = _member(_Dropout, "Dropout", "Zeroes elements with probability p.")
Dropout1d = _member(_Dropout, "Dropout1d", "Zeroes whole channels of (N, C, L).", input_ranks=(2, 3))
# Feature dropout needs a channel axis: rank ≥ 2 (Dropout3d alone falls back to plain dropout).
Dropout2d = _member(_Dropout, "Dropout2d", "Zeroes whole channels of (N, C, H, W).", min_rank=2)
Dropout3d = _member(_Dropout, "Dropout3d", "Zeroes whole channels of (N, C, D, H, W).")
AlphaDropout = _member(_Dropout, "AlphaDropout", "Dropout that keeps SELU's mean and variance.")
FeatureAlphaDropout = _member(_Dropout, "FeatureAlphaDropout", "AlphaDropout of whole channels.",
                              min_rank=2)


class _PadNd(TorchLayer):
    """Pads the last axes; padding is an int or (left, right, top, bottom, front, back).

    An int pads `spatial` axes; a list pads len/2 axes whatever the module's N (torch hands it
    to F.pad as is). Negative padding crops. Constant padding takes any rank that has those axes;
    the other modes take (C, …) or (N, C, …) around the padded axes.
    """

    spatial = 1
    mode = "constant"  # or reflect, replicate, circular

    def compute_output_shape(self, shape):
        axes = len(self.padding) // 2
        if self.mode == "constant":
            if len(shape) < axes:
                raise self.shape_error(shape, f"padding {self.padding} needs rank {axes} or more (batch axis included)")
        else:
            self.rank(shape, axes + 1, axes + 2)
            if self.mode == "circular":  # the module also checks the rank its N implies
                self.rank(shape, self.spatial + 1, self.spatial + 2)
        out = list(shape)
        for index in range(axes):
            axis = len(shape) - 1 - index
            before, after = self.padding[2 * index:2 * index + 2]
            if shape[axis] is not None:
                out[axis] = self.padded(shape, axis, before, after)
        if self.mode in ("reflect", "replicate") and all(size == 0 for size in out[len(shape) - axes:]):
            raise self.shape_error(shape, f"padding {self.padding} leaves no element")
        return tuple(out)

    def padded(self, shape, axis, before, after):
        """The padded size of `axis` (torch's checks per mode: negative padding crops)."""
        size = shape[axis]
        length = size + before + after
        if self.mode == "reflect" and max(before, after) >= size:
            why = f"reflect padding ({before}, {after}) must be smaller than the size {size}"
        elif self.mode == "circular" and max(before, after) > size:
            why = f"circular padding ({before}, {after}) wraps around the size {size} more than once"
        elif self.mode == "constant" and size + min(before, 0) + min(after, 0) < 0:
            why = f"negative padding ({before}, {after}) crops more than the size {size}"
        elif length < 0:
            why = f"padding ({before}, {after}) gives a negative size"
        else:
            return length
        raise self.shape_error(shape, f"{why} of axis {axis}")


def pads(spatial, mode):
    """An argument kind: a padding int (for `spatial` axes) or a list of (before, after) ints, last axis first."""
    lengths = "an even number of" if mode == "constant" else "2, 4 or 6"

    def check(value):
        if _is_int(value):
            value = (value,) * (2 * spatial)
        if (not isinstance(value, (list, tuple)) or not all(_is_int(v) for v in value) or len(value) % 2
                or (mode != "constant" and len(value) not in (2, 4, 6))):
            raise ValueError(f"expected an integer or a list of {lengths} integers")
        return tuple(value)

    return check


def _pads(kind, mode="constant", **args):
    for spatial in (1, 2, 3):
        _member(_PadNd, f"{kind}{spatial}d", spatial=spatial, mode=mode, padding=Arg(pads(spatial, mode)), **args)


_pads("ZeroPad")
_pads("ConstantPad", value=Arg(number))
_pads("ReflectionPad", "reflect")
_pads("ReplicationPad", "replicate")
_pads("CircularPad", "circular")


@register
class PixelShuffle(TorchLayer):
    """(…, C·r², H, W) → (…, C, H·r, W·r)."""

    upscale_factor = Arg(positive_int)

    def compute_output_shape(self, shape):
        if len(shape) < 3:
            raise self.shape_error(shape, "expected rank 3 or more (…, C, H, W)")
        r = self.upscale_factor
        channels, height, width = shape[-3:]
        if channels is not None and channels % (r * r):
            raise self.shape_error(shape, f"the channels ({channels}) must be divisible by upscale_factor² = {r * r}")
        return shape[:-3] + (_div(channels, r * r), _mul(height, r), _mul(width, r))


@register
class PixelUnshuffle(TorchLayer):
    """(…, C, H·r, W·r) → (…, C·r², H, W)."""

    downscale_factor = Arg(positive_int)

    def compute_output_shape(self, shape):
        if len(shape) < 3:
            raise self.shape_error(shape, "expected rank 3 or more (…, C, H, W)")
        r = self.downscale_factor
        channels, height, width = shape[-3:]
        for size, what in ((height, "height"), (width, "width")):
            if size is not None and size % r:
                raise self.shape_error(shape, f"the {what} ({size}) must be divisible by downscale_factor={r}")
        return shape[:-3] + (_mul(channels, r * r), _div(height, r), _div(width, r))


@register
class ChannelShuffle(TorchLayer):
    """Permutes the channels (axis 1) in `groups` groups; the shape is unchanged."""

    groups = Arg(positive_int)

    def compute_output_shape(self, shape):
        if len(shape) < 3:
            raise self.shape_error(shape, "expected rank 3 or more (N, C, …)")
        if shape[1] is not None and shape[1] % self.groups:
            raise self.shape_error(shape, f"the channels ({shape[1]}) must be divisible by groups={self.groups}")
        return shape


def _mul(size, factor):
    return None if size is None else size * factor


def _div(size, factor):
    return None if size is None else size // factor


MODES_BY_RANK = {
    3: ("nearest", "linear", "area", "nearest-exact"),
    4: ("nearest", "bilinear", "bicubic", "area", "nearest-exact"),
    5: ("nearest", "trilinear", "area", "nearest-exact"),
}
INTERPOLATING = ("linear", "bilinear", "bicubic", "trilinear")


@register
class Upsample(TorchLayer):
    """Spatial sizes become `size`, or floor(size · scale_factor); mode must suit the rank."""

    size = Arg(optional(window), None)  # its length must match the input's spatial axes: per_axis
    scale_factor = Arg(optional(number), None)  # one number: the module stores float(scale_factor)
    mode = Arg(choice("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact",
                      lower=False), "nearest")
    align_corners = Arg(optional(boolean), None)
    recompute_scale_factor = Arg(optional(boolean), None)

    def check(self):
        if not self.scale_factor:
            self.scale_factor = None  # the module keeps a zero scale_factor as None
        if (self.size is None) == (self.scale_factor is None):
            which = "only one of" if self.size is not None else "either"
            raise self.error(f"{which} size or scale_factor should be defined")
        if self.scale_factor is not None and not math.isfinite(self.scale_factor):
            raise self.error(f"scale_factor must be a finite number; received: scale_factor={self.scale_factor}",
                             key="scale_factor")
        if self.scale_factor is not None and abs(self.scale_factor) > limits.SIZE.value:
            raise self.error(f"scale_factor: past paramsum's limit {limits.SIZE.describe()}, the most any one size "
                             f"may be ({limits.DOCS}); received: scale_factor={shown(self.scale_factor)}",
                             key="scale_factor")
        if self.size is not None and self.recompute_scale_factor:
            raise self.error("recompute_scale_factor is not meaningful with an explicit size",
                             key="recompute_scale_factor")
        if self.align_corners is not None and self.mode not in INTERPOLATING:
            raise self.error(f"align_corners can only be set with the interpolating modes "
                             f"{' | '.join(INTERPOLATING)}; received: mode={self.mode!r}", key="align_corners")

    def per_axis(self, value, count, kind, key):
        items = list(value) if isinstance(value, (list, tuple)) else [value] * count
        if len(items) != count:
            raise self.error(f"{key} must have {count} entries for this input; received: {key}={value!r}", key=key)
        try:
            return [kind(v) for v in items]
        except ValueError as reason:
            raise self.error(f"{key}: {reason}; received: {key}={value!r}", key=key) from None

    def compute_output_shape(self, shape):
        if len(shape) not in MODES_BY_RANK:
            raise self.shape_error(shape, "expected a rank 3, 4 or 5 input (N, C, …)")
        if self.mode not in MODES_BY_RANK[len(shape)]:
            raise self.shape_error(shape, f"mode {self.mode!r} takes a rank-"
                                          f"{next(r for r, m in MODES_BY_RANK.items() if self.mode in m)} input")
        spatial = shape[2:]
        if self.size is not None:
            sizes = self.per_axis(self.size, len(spatial), positive_int, "size")
        else:
            scale = float(self.scale_factor)
            sizes = [None if s is None else _scaled(s, scale) for s in spatial]
            empty = 0 if self.mode == "area" else 1  # area is adaptive pooling, which allows size 0
            if any(s is not None and s < empty for s in sizes):
                raise self.shape_error(shape, f"scale_factor {self.scale_factor} gives an empty output")
        return (*shape[:2], *sizes)


def _scaled(size, scale):
    """floor(size · scale) as torch computes it in doubles; exactly past a double's integers (no overflow)."""
    if size < 2**53:
        return math.floor(float(size) * scale)
    return math.floor(size * Fraction(scale))


class _Upsampling2d(Upsample):
    """Upsample on (N, C, H, W) with a fixed mode."""

    input_ranks = (4,)

    def compute_output_shape(self, shape):
        return super().compute_output_shape(shape)


@register
@without("mode", "align_corners", "recompute_scale_factor")
class UpsamplingNearest2d(_Upsampling2d):
    """Upsample with mode 'nearest' on (N, C, H, W)."""

    mode, align_corners, recompute_scale_factor = "nearest", None, None


@register
@without("mode", "align_corners", "recompute_scale_factor")
class UpsamplingBilinear2d(_Upsampling2d):
    """Upsample with mode 'bilinear' and align_corners=True on (N, C, H, W)."""

    mode, align_corners, recompute_scale_factor = "bilinear", True, None
