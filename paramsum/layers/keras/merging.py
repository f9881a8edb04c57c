"""Keras merging layers (keras/src/layers/merging): weightless, several inputs, one output."""

from __future__ import annotations

from ..args import Arg, boolean, integer
from ..base import describe, product, register
from .core import KerasLayer


class Merge(KerasLayer):
    """Elementwise merge: shapes must match or broadcast (a size of 1 stretches, unknown stays unknown)."""

    multi_input = True
    min_inputs, max_inputs = 1, None

    def compute_output_shape(self, shapes):
        self.count_inputs(shapes)
        out = shapes[0][1:]
        for shape in shapes[1:]:
            out = self.broadcast(out, shape[1:], shapes)
        batches = {shape[0] for shape in shapes if shape} - {None}  # as Keras: one known batch size stays
        return (batches.pop() if len(batches) == 1 else None,) + out

    def count_inputs(self, shapes):
        low, high = self.min_inputs, self.max_inputs
        if len(shapes) < low or (high is not None and len(shapes) > high):
            wanted = f"exactly {low} inputs" if low == high else f"at least {low} input"
            raise self.error(f"{type(self).__name__} takes {wanted}, got {len(shapes)}: {describe(shapes)}")

    def broadcast(self, first, second, shapes):
        """Keras' _compute_elemwise_op_output_shape: align on the right, the longer shape leads."""
        if len(first) < len(second):
            first, second = second, first
        if not second:
            return first
        out = list(first[: len(first) - len(second)])
        for a, b in zip(first[len(first) - len(second):], second):
            if a is None or b is None:
                out.append(None)
            elif a == 1 or b == 1:
                out.append(b if a == 1 else a)
            elif a != b:
                raise self.error(f"{type(self).__name__} inputs have incompatible shapes: {describe(shapes)}",
                                 hint="the sizes must be equal or 1 on every axis, counted from the last")
            else:
                out.append(a)
        return tuple(out)


@register
class Add(Merge):
    pass


@register
class Subtract(Merge):
    min_inputs, max_inputs = 2, 2


@register
class Multiply(Merge):
    pass


@register
class Average(Merge):
    pass


@register
class Maximum(Merge):
    pass


@register
class Minimum(Merge):
    pass


@register
class Concatenate(KerasLayer):
    """Sizes add up along `axis`; every other axis must agree (unknown sizes agree with anything)."""

    multi_input = True
    axis = Arg(integer, -1)

    def compute_output_shape(self, shapes):
        for shape in shapes:
            if not -len(shape) <= self.axis < len(shape):
                raise self.error(f"axis {self.axis} is out of range for input shape {describe(shape)}", key="axis")
        self.check_off_axis(shapes)
        out = list(shapes[0])
        for shape in shapes[1:]:
            if out[self.axis] is None or shape[self.axis] is None:
                out[self.axis] = None  # as Keras: the other axes keep the first input's sizes
                break
            out[self.axis] += shape[self.axis]
        return tuple(out)

    def check_off_axis(self, shapes):
        rest = {tuple(s[:self.axis % len(s)] + s[self.axis % len(s) + 1:]) for s in shapes}
        ranks = {len(s) for s in rest}
        mismatch = len(ranks) > 1 or any(
            len({s[i] for s in rest} - {None}) > 1 for i in range(min(ranks))
        )
        if mismatch:
            raise self.error(f"Concatenate needs inputs whose shapes match except on axis {self.axis}; "
                             f"received: {describe(shapes)}")


def dot_axes(value):
    """Dot's axes: one axis for both inputs, or a pair [axis of the first, axis of the second]."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise ValueError("expected an axis or a pair of axes")
        return (integer(value[0]), integer(value[1]))
    return integer(value)


@register
class Dot(KerasLayer):
    """Dot product of two inputs along `axes`; the batch axis of the second input is dropped."""

    multi_input = True
    axes = Arg(dot_axes)
    normalize = Arg(boolean, False)

    def compute_output_shape(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"Dot takes exactly 2 inputs, got {len(shapes)}: {describe(shapes)}")
        first, second = (list(s) for s in shapes)
        if min(len(first), len(second)) < 2:  # Keras' own compute_output_shape fails on it (pop from empty list)
            raise self.error(f"Dot takes inputs of rank 2 or more (the batch axis and one more); received: "
                             f"{describe(shapes)}")
        axis1, axis2 = self.pair(first, second)
        for shape, axis in ((first, axis1), (second, axis2)):
            if not -len(shape) <= axis < len(shape):
                raise self.error(f"axes: axis {axis} is out of range for input shape {describe(tuple(shape))}",
                                 key="axes")
        if first[axis1] != second[axis2]:
            raise self.error(f"Dot needs equal sizes on the axes it contracts; received: {first[axis1]} "
                             f"(axis {axis1}) and {second[axis2]} (axis {axis2}) in {describe(shapes)}")
        first.pop(axis1)
        second.pop(axis2)
        second.pop(0)  # as Keras: the second input's batch axis (or whatever now leads it)
        out = first + second
        return tuple(out + [1] if len(out) == 1 else out)

    def make_macs(self, shapes, output):
        # A batched matrix product: every sample's first input against its second, over the contracted axis.
        first, second = shapes
        axis1, axis2 = self.pair(first, second)
        axis2 %= len(second)
        return product(*first, *(size for axis, size in enumerate(second) if axis not in (0, axis2)))

    def pair(self, first, second):
        if isinstance(self.axes, tuple):
            return self.axes
        if self.axes < 0:
            return self.axes % len(first), self.axes % len(second)
        return self.axes, self.axes
