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


class Augmentation(Elementwise):
    """A random image transformation: output shape = input shape."""

    data_format = DATA_FORMAT
    ignored = RANDOM


@register
class RandomFlip(Augmentation):
    mode = Arg(anything, "horizontal_and_vertical")


@register
class RandomRotation(Augmentation):
    factor = Arg(anything)


@register
class RandomZoom(Augmentation):
    height_factor = Arg(anything)
    width_factor = Arg(anything, None)


@register
class RandomTranslation(Augmentation):
    height_factor = Arg(anything)
    width_factor = Arg(anything)


@register
class RandomContrast(Augmentation):
    factor = Arg(anything)


@register
class RandomBrightness(Augmentation):
    factor = Arg(anything)


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
        return (-2, -1) if self.data_format == "channels_first" else (-3, -2)
