"""Layers that Keras model files hold besides the layer catalog: the custom layers keras.applications
registers (LayerScale, StochasticDepth, CustomScaleLayer), Lambda, and the operation nodes
Keras 3 records for keras.ops calls on symbolic tensors (type "ops.Add", "ops.NotEqual" …).
"""

from __future__ import annotations

from ..args import Arg, anything, number, positive_int
from ..base import Weight, describe, register
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
    output_shape = Arg(anything, None)
    ignored = ("function", "function_type", "module", "output_shape_type", "output_shape_module",
               "arguments", "mask", "mask_type", "mask_module")

    def compute_output_shape(self, shapes):
        batch = shapes[0][0] if shapes and shapes[0] else None
        declared = self.output_shape
        if isinstance(declared, (list, tuple)) and declared and all(_size(d) for d in declared):
            return (batch,) + tuple(declared)
        if isinstance(declared, (list, tuple)) and declared and all(isinstance(d, (list, tuple)) for d in declared):
            return [(batch,) + tuple(d) for d in declared]
        self.note = self.warning = "Lambda without output_shape: output shape assumed equal to its input's"
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

for _name in BROADCASTING:
    register(type(f"ops.{_name}", (Operation,), {"__module__": __name__}))
for _name in SHAPE_PRESERVING:
    register(type(f"ops.{_name}", (UnaryOperation,), {"__module__": __name__}))
