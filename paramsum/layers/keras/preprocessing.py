"""Keras image preprocessing and augmentation layers (keras/src/layers/preprocessing/image_preprocessing).

None has a weight (the random ones keep a seed generator, which Keras does not count).
The augmentations keep their input's shape; Resizing, CenterCrop and RandomCrop set
the height and width.
"""

from __future__ import annotations

from ..args import Arg, anything, choice, optional, positive_int
from ..base import register
from .core import Elementwise, KerasLayer

DATA_FORMAT = Arg(optional(choice("channels_last", "channels_first")), None)
# Arguments of the random layers that change no weight and no shape.
RANDOM = ("seed", "fill_mode", "fill_value", "interpolation", "value_range")


def _is_number(value):
    return isinstance(value, (int, float))  # as Keras tests it (so true and false count as 1 and 0)


def factor(low, high):
    """BaseImagePreprocessingLayer._set_factor: a number in [low, high] or a pair that overlaps it.

    Keras takes a missing factor (0, null, []) as 0.0, and of a pair checks only that the
    first is at most `high` and the second at least `low`.
    """
    reason = f"expected a number or a list of two numbers in the range [{low}, {high}]"

    def check(value):
        if not value:
            return 0.0
        if isinstance(value, (list, tuple)):
            if len(value) == 2 and all(_is_number(v) for v in value) and value[0] <= high and value[1] >= low:
                return tuple(value)
        elif _is_number(value) and low <= value <= high:
            return value
        raise ValueError(reason)

    return check


def axis_factor(low_open):
    """RandomZoom / RandomTranslation height_factor, width_factor: a number or a pair, each in
    (-1, 1] for zoom (low_open) or [-1, 1] for translation."""
    low = "(-1" if low_open else "[-1"
    reason = f"expected a number or a list of two numbers in the range {low}, 1]"

    def in_range(v):
        return _is_number(v) and v <= 1 and (v > -1 if low_open else v >= -1)

    def check(value):
        if isinstance(value, (list, tuple)):
            if len(value) == 2 and all(in_range(v) for v in value):
                return tuple(value)
        elif in_range(value):
            return value
        raise ValueError(reason)

    return check


class Augmentation(Elementwise):
    """A random image transformation: output shape = input shape."""

    data_format = DATA_FORMAT
    ignored = RANDOM


@register
class RandomFlip(Augmentation):
    # Keras stores mode unchecked: a mode other than horizontal / vertical flips nothing.
    mode = Arg(anything, "horizontal_and_vertical")


@register
class RandomRotation(Augmentation):
    factor = Arg(factor(-1, 1))


@register
class RandomZoom(Augmentation):
    height_factor = Arg(axis_factor(low_open=True))
    width_factor = Arg(optional(axis_factor(low_open=True)), None)


@register
class RandomTranslation(Augmentation):
    height_factor = Arg(axis_factor(low_open=False))
    width_factor = Arg(axis_factor(low_open=False))


@register
class RandomContrast(Augmentation):
    factor = Arg(factor(0, 1))


@register
class RandomBrightness(Augmentation):
    factor = Arg(factor(-1, 1))


class SizedImage(KerasLayer):
    """Sets the image's height and width (a crop or a resize)."""

    height = Arg(positive_int)
    width = Arg(positive_int)
    data_format = DATA_FORMAT

    def height_width_axes(self, shape):
        """Axes of height and width: Keras takes a shape of rank other than 4 as one unbatched image."""
        first = 1 if len(shape) == 4 else 0
        if self.data_format == "channels_first":
            first += 1
        return first, first + 1

    def compute_output_shape(self, shape):
        out = list(shape)
        height_axis, width_axis = self.height_width_axes(shape)
        out[height_axis], out[width_axis] = self.height, self.width
        return tuple(out)


@register
class Resizing(SizedImage):
    ignored = ("interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode", "fill_value",
               "antialias")


@register
class CenterCrop(SizedImage):
    def height_width_axes(self, shape):
        self.rank(shape, 3, 4)
        return super().height_width_axes(shape)


@register
class RandomCrop(SizedImage):
    """Keras crops the axes -3, -2 (channels_last) or -2, -1 (channels_first), whatever the rank."""

    ignored = ("seed",)

    def height_width_axes(self, shape):
        if len(shape) < 3:  # Keras' own compute_output_shape fails on it (IndexError)
            raise self.shape_error(shape, "expected an image: height, width and channels, with or without the batch")
        return (-2, -1) if self.data_format == "channels_first" else (-3, -2)
