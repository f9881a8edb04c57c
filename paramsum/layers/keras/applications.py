"""Layers that Keras model files hold besides the layer catalog: the custom layers keras.applications
registers (LayerScale, StochasticDepth, CustomScaleLayer), Lambda, and the operation nodes
Keras 3 records for keras.ops calls on symbolic tensors (type "ops.Add", "ops.NotEqual" …).
"""

from __future__ import annotations

from ..args import Arg, anything, axes, boolean, integer, number, optional, positive_int
from ..base import Assumption, Weight, describe, product, register, register_lazy
from .core import Elementwise, KerasLayer


@register
class LayerScale(KerasLayer):
    """ConvNeXt's per-channel scale: one trainable gamma of size projection_dim."""

    init_values = Arg(number)
    projection_dim = Arg(positive_int)

    def make_weights(self, shape):
        return [Weight("gamma", (self.projection_dim,))]

    def compute_output_shape(self, shape):
        last = shape[-1] if shape else None
        if last is not None and last != self.projection_dim and last != 1:
            raise self.shape_error(shape, f"the last axis must be projection_dim={self.projection_dim}")
        return shape


@register
class StochasticDepth(Elementwise):
    """ConvNeXt's residual-path dropout: no weights."""

    drop_path_rate = Arg(number)


@register
class CustomScaleLayer(KerasLayer):
    """InceptionResNetV2's residual join `inputs[0] + inputs[1] * scale`: no weights."""

    multi_input = True
    scale = Arg(number)

    def compute_output_shape(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"CustomScaleLayer takes 2 inputs, got {len(shapes)}: {describe(shapes)}")
        return broadcast(self, shapes)


@register
class Lambda(KerasLayer):
    """A Python function as a layer: no weights; its output shape comes from `output_shape`.

    The function itself is never run. Without an `output_shape` (and without a shape
    recorded in the file) the output is taken to have the input's shape, with a note.
    """

    multi_input = True
    output_shape = Arg(anything, None)  # Keras stores it unchecked; compute_output_shape reads what it can
    ignored = ("function", "function_type", "module", "output_shape_type", "output_shape_module",
               "arguments", "mask", "mask_type", "mask_module")

    def compute_output_shape(self, shapes):
        batch = shapes[0][0] if shapes and shapes[0] else None
        declared = self.output_shape
        if isinstance(declared, (list, tuple)) and declared and all(_size(d) for d in declared):
            return (batch,) + tuple(declared)
        if isinstance(declared, (list, tuple)) and declared and all(isinstance(d, (list, tuple)) for d in declared):
            return [(batch,) + tuple(d) for d in declared]
        self.assume(Assumption.NO_OUTPUT_SHAPE)
        return shapes[0]


def _size(value):
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


def broadcast(layer, shapes):
    """keras.ops' broadcast_shapes over several shapes (batch axis included)."""
    out = list(shapes[0])
    for shape in shapes[1:]:
        a, b = list(out), list(shape)
        a = [1] * (len(b) - len(a)) + a
        b = [1] * (len(a) - len(b)) + b
        out = []
        for x, y in zip(a, b):
            if x == 1:
                out.append(y)
            elif x is None:
                out.append(None if y == 1 else y)
            elif y in (1, None, x):
                out.append(x)
            else:
                raise layer.error(f"{type(layer).__name__} cannot broadcast shapes {describe(shapes)}")
    return tuple(out)


class Operation(KerasLayer):
    """A keras.ops call recorded as a node: no weights. Scalar arguments are not inputs."""

    multi_input = True

    def compute_output_shape(self, shapes):
        if not shapes:
            raise self.error(f"{type(self).__name__} has no tensor input")
        return broadcast(self, shapes)


class UnaryOperation(Operation):
    def compute_output_shape(self, shapes):
        if len(shapes) != 1:
            raise self.error(f"{type(self).__name__} takes one tensor, got {len(shapes)}: {describe(shapes)}")
        return shapes[0]


# keras.src.ops classes whose compute_output_spec is broadcast_shapes(x1, x2) …
BROADCASTING = (
    "Add", "Subtract", "Multiply", "Divide", "DivideNoNan", "TrueDivide", "FloorDivide", "Mod", "Fmod", "Power",
    "Maximum", "Minimum", "Fmax", "Fmin", "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual",
    "LogicalAnd", "LogicalOr", "LogicalXor", "Logaddexp", "Logaddexp2", "Gcd", "Lcm", "Ldexp", "Nextafter",
)
# … and those that return a tensor of the input's shape.
SHAPE_PRESERVING = (
    "Abs", "Absolute", "Fabs", "Arccos", "Arccosh", "Arcsin", "Arcsinh", "Arctan", "Arctanh", "Cbrt", "Ceil",
    "Clip", "Copy", "Cos", "Cosh", "Exp", "Exp2", "Expm1", "Floor", "Isfinite", "Isinf", "Isnan", "Log", "Log10",
    "Log1p", "Log2", "LogicalNot", "NanToNum", "Negative", "Reciprocal", "Round", "Sign", "Sin", "Sinh", "Sqrt",
    "Square", "Tan", "Tanh", "Trunc", "Cast", "Relu", "Relu6", "Sigmoid", "HardSigmoid", "Softplus", "Softsign",
    "Silu", "HardSilu", "Gelu", "Elu", "Selu", "LeakyRelu", "Softmax", "LogSoftmax",
    "StopGradient",
)

# Arguments these operations record in the file that change no shape.
SHAPELESS_ARGUMENTS = {
    "Clip": ("x_min", "x_max"), "NanToNum": ("nan", "posinf", "neginf"), "Round": ("decimals",),
    "Gelu": ("approximate",), "Elu": ("alpha",), "LeakyRelu": ("negative_slope",), "Softmax": ("axis",),
    "LogSoftmax": ("axis",),
}


# The keras.ops class name a file records (node "ops.<Name>") → the class with its shape rule.
OPERATIONS = {name: Operation for name in BROADCASTING}
OPERATIONS.update({name: UnaryOperation for name in SHAPE_PRESERVING})


def operation_type(type_name):
    """The layer type "ops.<Name>", made on first use: there are a hundred, and start-up time counts."""
    base = OPERATIONS.get(type_name[4:]) if type_name.startswith("ops.") else None
    if base is None:
        return None
    attributes = {"__module__": __name__, "ignored": SHAPELESS_ARGUMENTS.get(type_name[4:], ())}
    return register(type(type_name, (base,), attributes))


register_lazy("keras", operation_type)


def canonical_axis(layer, axis, rank):
    """keras.ops' canonicalize_axis: -rank <= axis < rank, counted from 0 (the batch axis)."""
    if not -rank <= axis < rank:
        raise layer.error(f"axis {axis} is out of bounds for a tensor of rank {rank}; received: axis={axis}")
    return axis % rank


def _axis_list(value):
    return [value] if isinstance(value, int) else list(value)


class Reduction(UnaryOperation):
    """keras.ops reductions (sum, mean, max, argmax, norm …): reduce_shape(shape, axis, keepdims)."""

    axis = Arg(optional(axes), None)
    keepdims = Arg(boolean, False)
    ignored = ("initial", "ord")

    def compute_output_shape(self, shapes):
        shape = list(super().compute_output_shape(shapes))
        if self.axis is None:
            return tuple(1 for _ in shape) if self.keepdims else ()
        reduced = {canonical_axis(self, a, len(shape)) for a in _axis_list(self.axis)}
        if self.keepdims:
            return tuple(1 if i in reduced else d for i, d in enumerate(shape))
        return tuple(d for i, d in enumerate(shape) if i not in reduced)


REDUCTIONS = ("Sum", "Mean", "Max", "Min", "Prod", "Std", "Var", "Amax", "Amin", "Any", "All", "Argmax", "Argmin",
              "Logsumexp", "Norm")
OPERATIONS.update({name: Reduction for name in REDUCTIONS})


class ExpandDims(UnaryOperation):
    """keras.ops.expand_dims: a size-1 axis at each of `axis` (counted in the output)."""

    axis = Arg(axes)

    def compute_output_shape(self, shapes):
        shape = super().compute_output_shape(shapes)
        new_axes = _axis_list(self.axis)
        rank = len(shape) + len(new_axes)
        new_axes = {canonical_axis(self, a, rank) for a in new_axes}
        sizes = iter(shape)
        return tuple(1 if i in new_axes else next(sizes) for i in range(rank))


class Squeeze(UnaryOperation):
    """keras.ops.squeeze: removes the given axes (each must be 1), or every axis of size 1."""

    axis = Arg(optional(axes), None)

    def compute_output_shape(self, shapes):
        shape = super().compute_output_shape(shapes)
        if self.axis is None:
            return tuple(d for d in shape if d != 1)
        for a in _axis_list(self.axis):
            if -len(shape) <= a < len(shape) and shape[a] != 1:
                raise self.shape_error(shape, f"cannot squeeze axis {a}: its size is not 1")
        removed = {canonical_axis(self, a, len(shape)) for a in _axis_list(self.axis)}
        return tuple(d for i, d in enumerate(shape) if i not in removed)


class ReshapeOperation(UnaryOperation):
    """keras.ops.reshape: `newshape` includes the batch axis; one -1 is inferred when every size is known."""

    newshape = Arg(anything)  # an op's argument, checked against the input in compute_output_shape

    def compute_output_shape(self, shapes):
        shape = super().compute_output_shape(shapes)
        newshape = self.newshape
        if not isinstance(newshape, (list, tuple)) or not all(d is None or _plain_int(d) for d in newshape):
            raise self.error(f"newshape must be a list of sizes; received: newshape={newshape!r}")
        if any(d is not None and d < -1 for d in newshape) or list(newshape).count(-1) > 1:
            raise self.error(f"newshape takes sizes >= 0 and at most one -1; received: newshape={list(newshape)}")
        if None in shape or None in newshape:
            return tuple(None if d == -1 else d for d in newshape)
        size, known = prod(shape), prod(d for d in newshape if d != -1)
        if -1 not in newshape and size != known or known == 0 or size % known:
            raise self.shape_error(shape, f"cannot be reshaped to {list(newshape)}: the total size must not change")
        return tuple(size // known if d == -1 else d for d in newshape)


class Transpose(UnaryOperation):
    """keras.ops.transpose: the axes in the order `axes` gives (reversed when None)."""

    axes = Arg(optional(axes), None)

    def compute_output_shape(self, shapes):
        shape = super().compute_output_shape(shapes)
        if self.axes is None:
            return tuple(reversed(shape))
        order = _axis_list(self.axes)
        if len(order) != len(shape):
            raise self.shape_error(shape, f"axes must list {len(shape)} axes; received: axes={order}")
        order = [canonical_axis(self, a, len(shape)) for a in order]
        if len(set(order)) != len(shape):
            raise self.error(f"axes must be a permutation; received: axes={list(self.axes)}")
        return tuple(shape[a] for a in order)


class Matmul(Operation):
    """keras.ops.matmul: (…, n, k) @ (…, k, m) → (broadcast …, n, m); a 1-D operand loses its added axis.

    transpose_a / transpose_b (tf.matmul's, in tf.keras 2 files) swap an operand's last two axes first.
    """

    transpose_a = Arg(boolean, False)
    transpose_b = Arg(boolean, False)

    def compute_output_shape(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"Matmul takes 2 tensors, got {len(shapes)}: {describe(shapes)}")
        a, b = (self.transposed(tuple(s), flag) for s, flag in zip(shapes, (self.transpose_a, self.transpose_b)))
        a_vector, b_vector = len(a) == 1, len(b) == 1
        a = (1, *a) if a_vector else a
        b = (*b, 1) if b_vector else b
        if len(a) < 2 or len(b) < 2:
            raise self.error(f"Matmul cannot multiply scalars: {describe(shapes)}")
        if a[-1] is not None and b[-2] is not None and a[-1] != b[-2]:
            raise self.error(f"Matmul's inner sizes differ: {describe(shapes)}")
        leading = broadcast(self, [a[:-2], b[:-2]]) if a[:-2] or b[:-2] else ()
        out = [*leading, a[-2], b[-1]]
        if a_vector:
            del out[-2]
        if b_vector:
            del out[-1]
        return tuple(out)

    def make_macs(self, shapes, output):
        # One product per output element and position of the inner axis.
        inner = self.transposed(tuple(shapes[0]), self.transpose_a)[-1]
        return product(*output, inner)

    def transposed(self, shape, flag):
        if not flag:
            return shape
        if len(shape) < 2:
            raise self.error(f"cannot transpose an operand of rank {len(shape)}: {describe(shape)}")
        return (*shape[:-2], shape[-1], shape[-2])


class _Joining(Operation):
    axis = Arg(integer, 0)

    def check_shapes(self, shapes, skip):
        """Every tensor has the first one's shape, but on axis `skip` (unknown sizes match any)."""
        first = shapes[0]
        for shape in shapes[1:]:
            differ = [i for i, (a, b) in enumerate(zip(first, shape)) if i != skip and None not in (a, b) and a != b]
            if len(shape) != len(first) or differ:
                raise self.error(f"{type(self).__name__} needs tensors of one shape but on the axis: "
                                 f"{describe(shapes)}")


class ConcatenateOperation(_Joining):
    """keras.ops.concatenate: sizes along `axis` add up (None if any is unknown)."""

    def compute_output_shape(self, shapes):
        axis = canonical_axis(self, self.axis, len(shapes[0]))
        self.check_shapes(shapes, axis)
        sizes = [s[axis] for s in shapes]
        out = list(shapes[0])
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)


class Stack(_Joining):
    """keras.ops.stack: a new axis at `axis` of size the number of tensors."""

    def compute_output_shape(self, shapes):
        axis = canonical_axis(self, self.axis, len(shapes[0]) + 1)
        self.check_shapes(shapes, None)
        out = list(shapes[0])
        out.insert(axis, len(shapes))
        return tuple(out)


class Split(UnaryOperation):
    """keras.ops.split: N equal parts along `axis`, or the parts between sorted indices; one output each."""

    indices_or_sections = Arg(anything)  # checked against the input in compute_output_shape
    axis = Arg(integer, 0)

    def compute_output_shape(self, shapes):
        shape = list(super().compute_output_shape(shapes))
        axis = canonical_axis(self, self.axis, len(shape))
        parts, size = self.indices_or_sections, shape[axis]
        if _plain_int(parts) and parts > 0:
            if size is not None and size % parts:
                raise self.shape_error(tuple(shape), f"size {size} on axis {self.axis} does not split into {parts}")
            sizes = [None if size is None else size // parts] * parts
        elif isinstance(parts, list) and all(_plain_int(i) for i in parts):
            bounds = [0, *parts, size]
            sizes = [None if None in (a, b) else b - a for a, b in zip(bounds, bounds[1:])]
        else:
            raise self.error(f"indices_or_sections must be a count or a list of indices; "
                             f"received: indices_or_sections={parts!r}")
        return [tuple(part if i == axis else d for i, d in enumerate(shape)) for part in sizes]


class GetItem(UnaryOperation):
    """Indexing a tensor (x[:, 0], x[..., 1:5], x[:, None]): keras.ops.get_item's shape rule.

    The key is written as a list of integers, null (a new axis), "..." and
    {"slice": [start, stop, step]}.
    """

    key = Arg(anything)  # an index expression, checked item by item in compute_output_shape

    def compute_output_shape(self, shapes):
        remaining = list(super().compute_output_shape(shapes))
        key = [self.key] if _plain_int(self.key) else self.key
        if not isinstance(key, list):
            raise self.error(f"unsupported index; received: key={self.key!r}")
        key = [self.subkey(item) for item in key]
        if key.count(Ellipsis) > 1:
            raise self.error(f"an index has at most one '...'; received: key={self.key!r}")
        if Ellipsis not in key:
            key.append(Ellipsis)
        out = []
        while key:
            item = key.pop(0)
            if item is Ellipsis:
                kept = len(remaining) - (len(key) - key.count(None))
                out += remaining[:kept]
                remaining = remaining[kept:]
            elif item is None:
                out.append(1)
            elif not remaining:
                raise self.error(f"too many indices for shape {describe(shapes[0])}; received: key={self.key!r}")
            else:
                out += self.index(remaining.pop(0), item, shapes[0])
        return tuple(out)

    def subkey(self, item):
        if item == "...":
            return Ellipsis
        if isinstance(item, dict) and isinstance(item.get("slice"), list) and len(item["slice"]) == 3 \
                and all(v is None or _plain_int(v) for v in item["slice"]):
            return slice(*item["slice"])
        if item is None or _plain_int(item):
            return item
        raise self.error(f"unsupported index {item!r}; received: key={self.key!r}")

    def index(self, length, item, shape):
        """The sizes one index leaves of an axis of `length`: none for an integer, the slice's length else."""
        if isinstance(item, slice):
            return [None if length is None else len(range(*item.indices(length)))]
        if length is not None and not -length <= item < length:
            raise self.error(f"index {item} is out of bounds for shape {describe(shape)}")
        return []


OPERATIONS.update({"ExpandDims": ExpandDims, "Squeeze": Squeeze, "Reshape": ReshapeOperation, "Transpose": Transpose,
                   "Matmul": Matmul, "Concatenate": ConcatenateOperation, "Stack": Stack, "Split": Split,
                   "GetItem": GetItem})


def _plain_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def prod(values):
    out = 1
    for value in values:
        out *= value
    return out
