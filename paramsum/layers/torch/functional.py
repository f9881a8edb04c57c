"""Tensor operations without parameters, named after the torch functions a forward() calls.

`x + identity`, `torch.cat([a, b], dim=1)`, `out[:, -1]` or `x.view(x.size(0), -1)`
are not modules, yet they shape the graph: these types let a model file say them.
Type names are the lowercase function names (`add`, `cat`, `flatten`, …), so
`flatten` (torch.flatten, start_dim=0) is not the `Flatten` module (start_dim=1);
`torch.add`, `torch.cat`, … are accepted as the same types. Arguments have torch's
names and defaults.

Conventions:
- Every `dim` counts the batch axis as torch does: dim 0 is the batch axis,
  dim 1 the channels of (N, C, H, W). So `torch.cat([a, b], dim=1)` is `cat` with `dim: 1`.
- An unknown size (null, such as the batch axis) takes part in torch's arithmetic
  as an unknown: a sum or product with it is unknown; it broadcasts against a
  known size as that size; `squeeze` assumes it is not 1; `slice` assumes it is
  large enough for the bounds.
- `reshape` / `view` take the whole target shape, batch axis included, as torch
  does; write `null` where the code writes `x.size(0)`: `x.view(x.size(0), -1)`
  is `shape: [null, -1]` and gives (None, features). `shape: [-1, 512]` merges the
  batch axis into an unknown first axis. `view` is checked as `reshape` (the
  memory layout is not known here).
- `add`, `sub`, `mul`, `div` take two or more inputs, applied left to right
  (a - b - c), or one input and a number `other`.
"""

from __future__ import annotations

import math

from ..args import Arg, _is_int, boolean, int_or_list, integer, nonneg_int, number, optional
from ..base import describe, product, register
from .common import TorchLayer, normalize_dim


class _Function(TorchLayer):
    """A torch function: no parameters, only an output shape."""

    usage = None  # how a forward() line reads as this type, shown when an argument is missing

    def example(self, key):
        return self.usage and f"e.g. {self.usage}"

    def dim_index(self, shape, dim, arg="dim", extra=0):
        """`dim` wrapped to 0 … rank-1 (+extra for ops that insert an axis), as torch does."""
        return normalize_dim(self, dim, max(len(shape) + extra, 1), arg)

    def dim_list(self, shape, dims, arg="dim"):
        """Several dims wrapped; each may appear once."""
        wrapped = [self.dim_index(shape, d, arg) for d in dims]
        for d in wrapped:
            if wrapped.count(d) > 1:
                raise self.error(f"dim {d} appears more than once in {arg}={list(dims)!r}", key=arg)
        return wrapped


def _function(name, base, doc, method_only=False, aliases=()):
    """Register a function type `name` (and `torch.name` unless it exists only as a Tensor method)."""
    names = (*aliases, *(() if method_only else (f"torch.{name}", *(f"torch.{a}" for a in aliases))))
    return register(type(name, (base,), {"__module__": __name__, "__doc__": doc, "aliases": names}))


# -- shape arithmetic with unknown sizes -------------------------------------------------------------

def _sum(sizes):
    return None if any(s is None for s in sizes) else sum(sizes)


def _product(sizes):
    return None if any(s is None for s in sizes) else math.prod(sizes)


def _same(layer, shapes, axis, why):
    """The size all `shapes` have on `axis` (None if none knows it); known sizes must agree."""
    known = {s[axis] for s in shapes if s[axis] is not None}
    if len(known) > 1:
        raise layer.shape_error(shapes, f"sizes {' and '.join(map(str, sorted(known)))} on axis {axis} {why}")
    return known.pop() if known else None


def broadcast(layer, shapes, shown=None):
    """torch.broadcast_shapes: align on the right; each axis is equal or 1 (errors show `shown` shapes)."""
    rank = max(len(s) for s in shapes)
    padded = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]
    out = []
    for axis in range(rank):
        sizes = [s[axis] for s in padded]
        known = {d for d in sizes if d is not None and d != 1}
        if len(known) > 1:
            where = f"axis {axis}" if shown is None else f"leading axis {axis}"
            raise layer.shape_error(shown or shapes, f"sizes {' and '.join(map(str, sorted(known)))} on {where} "
                                                     "do not broadcast (each must be equal or 1)")
        out.append(known.pop() if known else (None if None in sizes else 1))
    return tuple(out)


# -- elementwise arithmetic ---------------------------------------------------------------------------

class _Arithmetic(_Function):
    """Elementwise arithmetic with broadcasting."""

    multi_input = True
    other = Arg(optional(number), None)

    def compute_output_shape(self, shapes):
        name = type(self).__name__
        if len(shapes) == 1 and self.other is None:
            raise self.error(f"{name} needs a second operand: two layers in 'inputs', or a number 'other'")
        if len(shapes) > 1 and self.other is not None:
            raise self.error(f"{name} takes a second input or a number 'other', not both", key="other")
        return broadcast(self, shapes)


class _AddSub(_Arithmetic):
    ignored = ("alpha",)


class _Div(_Arithmetic):
    ignored = ("rounding_mode",)


add = _function("add", _AddSub, "x + y (+ …), broadcast as torch.broadcast_shapes.")
sub = _function("sub", _AddSub, "x - y (- …), broadcast.", aliases=("subtract",))
mul = _function("mul", _Arithmetic, "x * y (* …), broadcast.", aliases=("multiply",))
div = _function("div", _Div, "x / y (/ …), broadcast.", aliases=("divide",))


class _MatMul(_Function):
    """torch.matmul: 1-D operands gain and lose an axis; the leading (batch) axes broadcast."""

    multi_input = True

    def compute_output_shape(self, shapes):
        if len(shapes) != 2:
            raise self.error(f"matmul takes two inputs [input, other], got {len(shapes)}")
        left, right = (tuple(s) for s in shapes)
        if not left or not right:
            raise self.shape_error(shapes, "both arguments to matmul need to be at least 1-D")
        vector_left, vector_right = len(left) == 1, len(right) == 1
        left = (1, *left) if vector_left else left
        right = (*right, 1) if vector_right else right
        if None not in (left[-1], right[-2]) and left[-1] != right[-2]:
            raise self.shape_error(shapes, f"the first input's last axis ({left[-1]}) must match the second's "
                                           f"{'only' if vector_right else 'second-to-last'} axis ({right[-2]})")
        batch = broadcast(self, [left[:-2], right[:-2]], shown=shapes)
        return batch + left[-2:-1] * (not vector_left) + right[-1:] * (not vector_right)

    def make_macs(self, shapes, output):
        """Every output element is a dot product over the shared axis (broadcast batch axes included)."""
        left, right = shapes
        inner = left[-1] if left[-1] is not None else right[-2 if len(right) > 1 else 0]
        return product(*output, inner)


matmul = _function("matmul", _MatMul, _MatMul.__doc__)


# -- joining ------------------------------------------------------------------------------------------

class _Cat(_Function):
    """torch.cat: the inputs agree on every axis but `dim`, whose sizes add up."""

    multi_input = True
    dim = Arg(integer, 0)

    def compute_output_shape(self, shapes):
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise self.shape_error(shapes, "all inputs must have the same number of axes")
        if rank == 0:
            raise self.shape_error(shapes, "zero-dimensional tensors cannot be concatenated")
        axis = self.dim_index(shapes[0], self.dim)
        return tuple(_sum([s[a] for s in shapes]) if a == axis else
                     _same(self, shapes, a, f"must match except on the concatenation axis {axis}")
                     for a in range(rank))


class _Stack(_Function):
    """torch.stack: inputs of one shape, joined on a new axis `dim`."""

    multi_input = True
    dim = Arg(integer, 0)

    def compute_output_shape(self, shapes):
        rank = len(shapes[0])
        if any(len(s) != rank for s in shapes):
            raise self.shape_error(shapes, "stack expects each tensor to be equal size")
        same = tuple(_same(self, shapes, a, "differ: stack expects each tensor to be equal size")
                     for a in range(rank))
        axis = self.dim_index(same, self.dim, extra=1)
        return same[:axis] + (len(shapes),) + same[axis:]


cat = _function("cat", _Cat, _Cat.__doc__, aliases=("concat", "concatenate"))
stack = _function("stack", _Stack, _Stack.__doc__)


# -- reshaping ----------------------------------------------------------------------------------------

class _Flatten(_Function):
    """torch.flatten: axes start_dim … end_dim become one (start_dim=0, unlike nn.Flatten)."""

    start_dim = Arg(integer, 0)
    end_dim = Arg(integer, -1)

    def compute_output_shape(self, shape):
        if not shape:
            return (1,)
        start = self.dim_index(shape, self.start_dim, "start_dim")
        end = self.dim_index(shape, self.end_dim, "end_dim")
        if start > end:
            raise self.error(f"start_dim ({self.start_dim}) comes after end_dim ({self.end_dim})", key="start_dim")
        return tuple(shape[:start]) + (_product(shape[start:end + 1]),) + tuple(shape[end + 1:])


def target_shape(value):
    """A reshape target: sizes ≥ 0, one -1 (inferred), null (the input's axis 0, x.size(0))."""
    items = [value] if _is_int(value) else value
    if not isinstance(items, (list, tuple)) or not all(v is None or (_is_int(v) and v >= -1) for v in items):
        raise ValueError("expected a list of sizes, -1 (inferred) or null (the batch size, x.size(0))")
    if items.count(-1) > 1:
        raise ValueError("only one size can be -1")
    if items.count(None) > 1:
        raise ValueError("only one size can be null (the batch size)")
    return tuple(items)


class _Reshape(_Function):
    """A new shape of the same size; `shape` includes the batch axis (null = x.size(0))."""

    shape = Arg(target_shape)
    usage = "x.view(x.size(0), -1) is {type: view, shape: [null, -1]}"

    def compute_output_shape(self, shape):
        target = self.shape
        if None in target and not shape:
            raise self.shape_error(shape, "null stands for x.size(0), but the input has no axes")
        # null is the input's axis 0 on both sides, so it cancels out of the element count.
        given = tuple(shape[1:]) if None in target else tuple(shape)
        elements = _product(given)
        fixed = math.prod(s for s in target if s not in (None, -1))
        out = [shape[0] if s is None else s for s in target]
        if -1 in target:
            if elements is not None and (fixed == 0 or elements % fixed):
                raise self.error(self.mismatch(shape, elements), key="shape")
            out[target.index(-1)] = None if elements is None else elements // fixed
        elif elements is not None and elements != fixed:
            raise self.error(self.mismatch(shape, elements), key="shape")
        return tuple(out)

    def mismatch(self, shape, elements):
        target = "[" + ", ".join("null" if s is None else str(s) for s in self.shape) + "]"
        return (f"shape {target} is invalid for input of shape {describe(tuple(shape))} "
                f"({elements} elements{' after the batch axis' if None in self.shape else ''})")


reshape = _function("reshape", _Reshape, _Reshape.__doc__)
view = _function("view", _Reshape, "Tensor.view, checked as reshape; `shape` includes the batch axis.",
                 method_only=True)


class _Permute(_Function):
    """torch.permute: axis i of the output is axis dims[i] of the input."""

    dims = Arg(int_or_list)
    usage = "x.permute(0, 2, 3, 1) is {type: permute, dims: [0, 2, 3, 1]}"

    def compute_output_shape(self, shape):
        dims = (self.dims,) if isinstance(self.dims, int) else self.dims
        if len(dims) != len(shape):
            raise self.shape_error(shape, f"dims={list(dims)!r} has {len(dims)} entries for a rank-{len(shape)} input")
        return tuple(shape[d] for d in self.dim_list(shape, dims, "dims"))


class _Transpose(_Function):
    """torch.transpose: swaps axes dim0 and dim1."""

    dim0 = Arg(integer)
    dim1 = Arg(integer)
    usage = "x.transpose(1, 2) is {type: transpose, dim0: 1, dim1: 2}"

    def compute_output_shape(self, shape):
        first, second = self.dim_index(shape, self.dim0, "dim0"), self.dim_index(shape, self.dim1, "dim1")
        out = list(shape)
        out[first], out[second] = shape[second], shape[first]
        return tuple(out)


class _Squeeze(_Function):
    """torch.squeeze: drops axes of size 1 (all, or those in `dim`); an unknown size is kept."""

    dim = Arg(optional(int_or_list), None)

    def compute_output_shape(self, shape):
        if self.dim is None:
            chosen = range(len(shape))
        else:
            chosen = self.dim_list(shape, (self.dim,) if isinstance(self.dim, int) else self.dim)
        return tuple(size for axis, size in enumerate(shape) if not (axis in chosen and size == 1))


class _Unsqueeze(_Function):
    """torch.unsqueeze: a new axis of size 1 at `dim`."""

    dim = Arg(integer)
    usage = "x.unsqueeze(1) is {type: unsqueeze, dim: 1}"

    def compute_output_shape(self, shape):
        axis = self.dim_index(shape, self.dim, extra=1)
        return tuple(shape[:axis]) + (1,) + tuple(shape[axis:])


flatten = _function("flatten", _Flatten, _Flatten.__doc__)
permute = _function("permute", _Permute, _Permute.__doc__)
transpose = _function("transpose", _Transpose, _Transpose.__doc__)
squeeze = _function("squeeze", _Squeeze, _Squeeze.__doc__)
unsqueeze = _function("unsqueeze", _Unsqueeze, _Unsqueeze.__doc__)


# -- reductions ---------------------------------------------------------------------------------------

class _Reduction(_Function):
    """Reduces the axes in `dim` (all when not given) to nothing, or to 1 with keepdim."""

    dim = Arg(optional(int_or_list), None)
    keepdim = Arg(boolean, False)
    keepdim_needs_dim = False  # torch.sum(x, keepdim=True) has no overload; dim=None must be written

    def check(self):
        if self.keepdim_needs_dim and "keepdim" in self.config and "dim" not in self.config:
            name = type(self).__name__
            raise self.error(f"torch.{name}(x, keepdim=...) needs dim too",
                             hint=f"write dim: null to reduce every axis, as torch.{name}(x, dim=None, keepdim=True)",
                             key="keepdim")

    def compute_output_shape(self, shape):
        dims = () if self.dim is None else (self.dim,) if isinstance(self.dim, int) else self.dim
        reduced = set(self.dim_list(shape, dims)) if dims else set(range(len(shape)))
        if self.keepdim:
            return tuple(1 if axis in reduced else size for axis, size in enumerate(shape))
        return tuple(size for axis, size in enumerate(shape) if axis not in reduced)


class _SumMean(_Reduction):
    keepdim_needs_dim = True


mean = _function("mean", _SumMean, "torch.mean over `dim` (all axes when not given).")
sum_ = _function("sum", _SumMean, "torch.sum over `dim` (all axes when not given).")
amax = _function("amax", _Reduction, "torch.amax over `dim` (all axes when not given).")
amin = _function("amin", _Reduction, "torch.amin over `dim` (all axes when not given).")


# -- indexing -----------------------------------------------------------------------------------------

class _Select(_Function):
    """torch.select: `out[:, index]` is dim 1; the axis disappears."""

    dim = Arg(integer)
    index = Arg(integer)
    usage = "out[:, -1] is {type: select, dim: 1, index: -1}"

    def compute_output_shape(self, shape):
        if not shape:
            raise self.shape_error(shape, "select() cannot be applied to a 0-dim tensor")
        axis = self.dim_index(shape, self.dim)
        size = shape[axis]
        if size is not None and not -size <= self.index < size:
            raise self.error(f"index {self.index} is out of range for axis {axis} of size {size}", key="index")
        return tuple(shape[:axis]) + tuple(shape[axis + 1:])


class _Narrow(_Function):
    """torch.narrow: `length` elements of axis `dim` from `start` (negative counts from the end)."""

    dim = Arg(integer)
    start = Arg(integer)
    length = Arg(nonneg_int)
    usage = "x.narrow(1, 0, 8) is {type: narrow, dim: 1, start: 0, length: 8}"

    def compute_output_shape(self, shape):
        axis = self.dim_index(shape, self.dim)
        size = shape[axis]
        if size is None and self.start < 0 and self.length > -self.start:
            # start counts from the end: at most -start elements remain, whatever the size.
            raise self.error(f"start ({self.start}) + length ({self.length}) runs past the end of axis {axis}",
                             key="length")
        if size is not None:
            start = self.start + size if self.start < 0 else self.start
            if not 0 <= start <= size:
                raise self.error(f"start {self.start} is out of range for axis {axis} of size {size}", key="start")
            if start + self.length > size:
                raise self.error(f"start ({self.start}) + length ({self.length}) exceeds axis {axis} "
                                 f"of size {size}", key="length")
        return tuple(shape[:axis]) + (self.length,) + tuple(shape[axis + 1:])


class _Slice(_Function):
    """`x[..., start:end:step]` on axis `dim`, clamped as Python slicing; step > 0."""

    dim = Arg(integer, 0)
    start = Arg(optional(integer), None)
    end = Arg(optional(integer), None)
    step = Arg(integer, 1)

    def check(self):
        if self.step <= 0:
            raise self.error(f"slice step must be positive; received: step={self.step}", key="step")

    def compute_output_shape(self, shape):
        axis = self.dim_index(shape, self.dim)
        out = list(shape)
        out[axis] = self.length(shape[axis])
        return tuple(out)

    def length(self, size):
        bounds = slice(self.start, self.end, self.step)
        if size is not None:
            return len(range(*bounds.indices(size)))
        # An unknown size large enough for the bounds: both count from the front, or both from the end.
        start, end = self.start, self.end
        if (start is None or start >= 0) and end is not None and end >= 0:
            return len(range(start or 0, end, self.step))
        if start is not None and start < 0 and (end is None or end < 0):
            return len(range(start, 0 if end is None else end, self.step))
        return None


select = _function("select", _Select, _Select.__doc__)
narrow = _function("narrow", _Narrow, _Narrow.__doc__)
slice_ = _function("slice", _Slice, _Slice.__doc__, method_only=True)
