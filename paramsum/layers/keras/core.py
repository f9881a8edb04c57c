"""Keras core layers, activations, dropout and noise layers (keras/src/layers/core, activations, regularization)."""

from __future__ import annotations

import re

from ..args import (
    Arg,
    _is_int,
    anything,
    axes,
    between,
    boolean,
    choice,
    int_or_list,
    keras_activation,
    keras_seed,
    nonneg_int,
    null,
    number,
    optional,
    positive_int,
    probability,
    shape,
    string,
)
from ..base import Layer, Weight, product, register

INITIALIZERS = ("kernel_initializer", "bias_initializer")
REGULARIZERS = ("kernel_regularizer", "bias_regularizer")
CONSTRAINTS = ("kernel_constraint", "bias_constraint")
KERNEL_EXTRAS = INITIALIZERS + REGULARIZERS + CONSTRAINTS

def noise_shape(value):
    """Dropout's noise_shape: null or a list of positive sizes / nulls."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return tuple(optional(positive_int)(size) for size in value)
    raise ValueError("expected a list of positive sizes or null, e.g. [null, 1, 64]")


data_format = optional(choice("channels_last", "channels_first"))


class KerasLayer(Layer):
    """Base of Keras layers: the keyword arguments every Keras layer accepts."""

    framework = "keras"
    common = (
        "name", "trainable", "dtype", "autocast", "activity_regularizer",
        # Keras 2 carried these on any layer; Keras 3 still takes input_shape / input_dim.
        "input_shape", "input_dim", "batch_input_shape", "batch_size",
    )


class Elementwise(KerasLayer):
    """A layer whose output has its input's shape and which has no weights."""


def batch_shape(value):
    """InputLayer's batch_shape, as standardize_shape takes it: a list of sizes >= 0 or nulls."""
    if isinstance(value, (list, tuple)) and all(d is None or (_is_int(d) and d >= 0) for d in value):
        return tuple(value)
    raise ValueError("expected a list of sizes or nulls, batch axis first, e.g. [null, 28, 28, 1]")


@register
class InputLayer(KerasLayer):
    shape = Arg(optional(shape), None)
    batch_shape = Arg(optional(batch_shape), None)
    sparse = Arg(optional(boolean), None)
    ragged = Arg(optional(boolean), None)
    input_tensor = Arg(null, None)  # Keras wants a KerasTensor
    optional = Arg(boolean, False)


@register
class Dense(KerasLayer):
    """kernel (last input axis × units) + bias; with lora_rank the kernel is frozen and two factors train."""

    units = Arg(positive_int)
    activation = Arg(keras_activation, None)
    use_bias = Arg(boolean, True)
    lora_rank = Arg(optional(nonneg_int), None)  # 0 means no LoRA, as in Keras
    ignored = KERNEL_EXTRAS + ("lora_alpha", "quantization_config")

    def make_weights(self, shape):
        if len(shape) < 2:
            raise self.shape_error(shape, "expected at least rank 2 (batch axis included)")
        in_dim = self.known(shape, -1, "the last axis")
        out = [Weight("kernel", (in_dim, self.units), trainable=not self.lora_rank)]
        if self.use_bias:
            out.append(Weight("bias", (self.units,)))
        if self.lora_rank:
            out += [
                Weight("lora_kernel_a", (in_dim, self.lora_rank)),
                Weight("lora_kernel_b", (self.lora_rank, self.units)),
            ]
        return out

    def compute_output_shape(self, shape):
        return shape[:-1] + (self.units,)

    def make_macs(self, shape, output):
        macs = product(*shape, self.units)
        if macs and self.lora_rank:  # Keras adds the delta lora_kernel_a @ lora_kernel_b to the kernel each call
            macs += product(shape[-1], self.lora_rank, self.units)
        return macs


def einsum_output_shape(value):
    """EinsumDense's output_shape: an int or a list of sizes without the batch axis (null = from the input)."""
    if isinstance(value, (list, tuple)):
        return tuple(optional(positive_int)(size) for size in value)
    return (positive_int(value),)


@register
class EinsumDense(KerasLayer):
    """A kernel (and bias) whose axes are read off an einsum equation such as 'abc,cd->abd'."""

    equation = Arg(string)
    output_shape = Arg(einsum_output_shape)
    activation = Arg(keras_activation, None)
    bias_axes = Arg(optional(string), None)
    lora_rank = Arg(optional(nonneg_int), None)
    ignored = KERNEL_EXTRAS + ("lora_alpha", "gptq_unpacked_column_size", "quantization_config")

    def make_weights(self, shape):
        kernel, bias, _ = self.analyze(shape)
        if None in kernel or (bias and None in bias):
            raise self.shape_error(shape, f"the kernel {describe_sizes(kernel)} needs every size known")
        out = [Weight("kernel", kernel, trainable=not self.lora_rank)]
        if bias is not None:
            out.append(Weight("bias", bias))
        if self.lora_rank:
            out += [
                Weight("lora_kernel_a", (*kernel[:-1], self.lora_rank)),
                Weight("lora_kernel_b", (self.lora_rank, kernel[-1])),
            ]
        return out

    def compute_output_shape(self, shape):
        return tuple(self.analyze(shape)[2])

    def make_macs(self, shape, output):
        # One product per input element and kernel entry on an axis the input lacks
        # (the kernel's own output axes); the kernel's other axes are summed or shared.
        kernel = self.analyze(shape)[0]
        spec_in, spec_kernel = self.equation.split("->")[0].split(",")
        macs = product(*shape, *(size for letter, size in zip(spec_kernel, kernel) if letter not in spec_in))
        if macs is not None and self.lora_rank:  # the kernel's delta lora_kernel_a @ lora_kernel_b, once a call
            macs += product(*kernel, self.lora_rank)
        return macs

    def analyze(self, shape):
        try:
            return einsum_shapes(self.equation, self.bias_axes, tuple(shape), self.output_shape)
        except ValueError as reason:
            raise self.error(f"{reason}; received: equation={self.equation!r}, input shape {describe_sizes(shape)}",
                             key=getattr(reason, "key", "equation")) from None


class EinsumArgumentError(ValueError):
    """An einsum refusal that is about `key` (output_shape, bias_axes), not about the equation."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key = key


def describe_sizes(sizes):
    return "(" + ", ".join("None" if s is None else str(s) for s in sizes) + ")"


def einsum_shapes(equation, bias_axes, input_shape, output_shape):
    """(kernel shape, bias shape or None, full output shape), as Keras' _analyze_einsum_string.

    '...' may stand for leading axes ('...b,bc->...c') or trailing ones ('ab...,bc->ac...').
    """
    dotted = re.sub(r"\.\.\.", "0", equation)
    forms = (
        ("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
        ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
        ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False),
    )
    for pattern, left_elided in forms:
        match = re.match(pattern, dotted)  # Keras anchors only the start
        if match:
            return _einsum_split(*match.groups(), bias_axes, input_shape, output_shape, left_elided)
    raise ValueError("the equation must read [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]...")


def _einsum_split(input_spec, weight_spec, output_spec, bias_axes, input_shape, partial_output, left_elided):
    elided = len(input_shape) - len(input_spec)
    if elided < 0:
        raise ValueError(f"the input has {len(input_shape)} axes but '{input_spec}' names {len(input_spec)}")
    output = [input_shape[0], *partial_output]
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output.insert(1, input_shape[i])
    elif elided > 0:
        output += input_shape[len(input_shape) - elided:]
    if left_elided:
        input_axis = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        output_axis = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        input_axis = {d: i for i, d in enumerate(input_spec)}
        output_axis = {d: i for i, d in enumerate(output_spec)}
    if any(i >= len(output) for i in output_axis.values()):
        raise EinsumArgumentError("output_shape", f"output_shape has too few sizes for '{output_spec}'")
    for d in input_spec:
        if d in output_axis and output[output_axis[d]] not in (None, input_shape[input_axis[d]]):
            raise EinsumArgumentError("output_shape", f"input and output sizes differ on shared axis '{d}': "
                             f"{input_shape[input_axis[d]]} and {output[output_axis[d]]}")
    for d in output_spec:
        if d not in input_spec and d not in weight_spec:
            raise ValueError(f"output axis '{d}' is in neither the input nor the weight")
    kernel = []
    for d in weight_spec:
        if d in output_axis:
            kernel.append(output[output_axis[d]])
        elif d in input_axis:
            kernel.append(input_shape[input_axis[d]])
        else:
            raise ValueError(f"weight axis '{d}' is in neither the input nor the output")
    return kernel, _einsum_bias(bias_axes, output_spec, output, elided, left_elided), output


def _einsum_bias(bias_axes, output_spec, output, elided, left_elided):
    """The bias spans the output from its first biased axis on, with size 1 on the axes not biased."""
    if bias_axes is None:
        return None
    for d in bias_axes:
        if d not in output_spec:
            raise EinsumArgumentError("bias_axes", f"bias axis '{d}' is not in the output '{output_spec}'")
    if not bias_axes:
        raise EinsumArgumentError("bias_axes", "bias_axes names no axis; leave it out for no bias")
    offset = elided if left_elided else 0
    size = {d: output[i + offset] for i, d in enumerate(output_spec)}
    first = min(output_spec.find(d) for d in bias_axes)
    bias = [size[d] if d in bias_axes else 1 for d in output_spec[first:]]
    return bias if left_elided else bias + [1] * elided


@register
class Embedding(KerasLayer):
    """One row of `embeddings` per index: input_dim × output_dim; the output gains an axis of output_dim."""

    input_dim = Arg(positive_int)
    output_dim = Arg(positive_int)
    mask_zero = Arg(boolean, False)
    lora_rank = Arg(optional(nonneg_int), None)
    ignored = (
        "embeddings_initializer", "embeddings_regularizer", "embeddings_constraint",
        "lora_alpha", "quantization_config",
        "input_length",  # Keras 2 files; Keras 3 drops it with a warning
    )

    def make_weights(self, shape):
        out = [Weight("embeddings", (self.input_dim, self.output_dim), trainable=not self.lora_rank, table=True)]
        if self.lora_rank:
            out += [
                Weight("lora_embeddings_a", (self.input_dim, self.lora_rank)),
                Weight("lora_embeddings_b", (self.lora_rank, self.output_dim)),
            ]
        return out

    def compute_output_shape(self, shape):
        return tuple(shape) + (self.output_dim,)

    def make_macs(self, shape, output):
        # A lookup counts 0; with LoRA, Keras adds the delta lora_embeddings_a @ lora_embeddings_b each call.
        return product(self.input_dim, self.lora_rank, self.output_dim) if self.lora_rank else 0


@register
class ReversibleEmbedding(Embedding):
    """An Embedding that can also project back to the vocabulary; untied, it has its own reverse_embeddings."""

    tie_weights = Arg(boolean, True)
    reverse = Arg(boolean, False)  # a call argument: project vectors to input_dim logits
    ignored = ("reverse_dtype", "logit_soft_cap")

    def check(self):
        if self.lora_rank and not self.tie_weights:
            # Keras enables LoRA before adding reverse_embeddings, then refuses the new weight.
            raise self.error("Keras cannot build an untied ReversibleEmbedding with lora_rank",
                             hint="use tie_weights: true or leave out lora_rank", key="lora_rank")

    def make_weights(self, shape):
        out = super().make_weights(shape)
        if not self.tie_weights:
            out.append(Weight("reverse_embeddings", (self.output_dim, self.input_dim)))
        return out

    def make_macs(self, shape, output):
        macs = super().make_macs(shape, output)
        if self.reverse:  # vectors · embeddingsᵀ (or the untied reverse_embeddings): logits over input_dim
            logits = product(*shape, self.input_dim)  # None when a size is unknown (--seq-len not given)
            return None if macs is None or logits is None else macs + logits
        return macs

    def compute_output_shape(self, shape):
        if self.reverse:
            return tuple(shape[:-1]) + (self.input_dim,)
        return super().compute_output_shape(shape)


@register
class Activation(Elementwise):
    activation = Arg(keras_activation)


@register
class ReLU(Elementwise):
    max_value = Arg(optional(number), None)
    negative_slope = Arg(number, 0.0)
    threshold = Arg(number, 0.0)

    def check(self):
        for key in ("max_value", "negative_slope", "threshold"):
            value = getattr(self, key)
            if value is not None and value < 0:
                raise self.error(f"{key} of a ReLU layer cannot be negative; received: {key}={value}", key=key)


@register
class LeakyReLU(Elementwise):
    negative_slope = Arg(number, 0.3)
    alpha = Arg(optional(number), None)  # Keras 2's name for negative_slope; Keras 3 still takes it

    def check(self):
        key = "negative_slope" if self.alpha is None else "alpha"
        if getattr(self, key) < 0:
            raise self.error(f"{key} of a LeakyReLU layer cannot be negative; received: {key}={getattr(self, key)}",
                             key=key)


@register
class PReLU(KerasLayer):
    """alpha has the input's shape without the batch axis, with size 1 on every shared axis."""

    shared_axes = Arg(optional(int_or_list), None)
    ignored = ("alpha_initializer", "alpha_regularizer", "alpha_constraint")

    def make_weights(self, shape):
        param_shape = list(shape[1:])
        shared = self.shared_axes
        shared = (shared,) if isinstance(shared, int) else (shared or ())
        for axis in shared:
            # Keras writes param_shape[axis - 1] = 1: Python indexing, so axis 0 means the last axis.
            if not -len(param_shape) <= axis - 1 < len(param_shape):
                raise self.error(f"shared_axes: axis {axis} is out of range for input shape {tuple(shape)}",
                                 key="shared_axes")
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise self.shape_error(shape, "alpha needs a known size on every axis that is not shared")
        return [Weight("alpha", param_shape)]


@register
class ELU(Elementwise):
    alpha = Arg(number, 1.0)


@register
class Softmax(Elementwise):
    axis = Arg(optional(axes), -1)  # null: over all axes at once


def check_seed(layer, gate="rate"):
    """Keras makes (and so checks) the seed generator only when `gate` > 0."""
    if getattr(layer, gate) > 0:
        try:
            keras_seed(layer.seed)
        except ValueError as reason:
            raise layer.error(f"seed: {reason}; received: seed={layer.seed!r}", key="seed") from None


@register
class Dropout(Elementwise):
    rate = Arg(probability)
    noise_shape = Arg(noise_shape, None)
    seed = Arg(anything, None)  # SeedGenerator checks it only when rate > 0: see check_seed

    check = check_seed


class SpatialDropout(Elementwise):
    """Dropout of whole feature maps: Keras 3 takes only rate, seed (and data_format); the input rank is fixed."""

    rate = Arg(probability)
    seed = Arg(anything, None)  # checked only when rate > 0, as Dropout does
    ignored = ("noise_shape",)  # Keras 2 files carry it

    check = check_seed


@register
class SpatialDropout1D(SpatialDropout):
    input_ranks = (3,)


@register
class SpatialDropout2D(SpatialDropout):
    input_ranks = (4,)
    data_format = Arg(data_format, None)


@register
class SpatialDropout3D(SpatialDropout):
    input_ranks = (5,)
    data_format = Arg(data_format, None)


@register
class GaussianNoise(Elementwise):
    stddev = Arg(between(0, 1))  # Keras checks stddev as a rate: 0 <= stddev <= 1
    seed = Arg(anything, None)  # checked only when stddev > 0

    def check(self):
        check_seed(self, "stddev")


@register
class GaussianDropout(Elementwise):
    rate = Arg(probability)
    seed = Arg(anything, None)  # checked only when rate > 0

    check = check_seed


@register
class AlphaDropout(Elementwise):
    rate = Arg(probability)
    noise_shape = Arg(anything, None)  # Keras stores it unchecked
    seed = Arg(anything, None)  # checked only when rate > 0

    check = check_seed


@register
class Masking(Elementwise):
    mask_value = Arg(anything, 0.0)  # Keras stores it unchecked (a number or a serialized tensor)


@register
class Identity(Elementwise):
    pass


@register
class Rescaling(Elementwise):
    # Keras stores both unchecked: numbers, or per-channel lists that broadcast at call time.
    scale = Arg(anything)
    offset = Arg(anything, 0.0)


@register
class ActivityRegularization(Elementwise):
    l1 = Arg(number, 0.0)
    l2 = Arg(number, 0.0)

    def check(self):
        # Keras' L1L2 regularizer takes finite, non-negative penalties only.
        for key in ("l1", "l2"):
            value = getattr(self, key)
            if not 0 <= value < float("inf"):
                raise self.error(f"{key} must be a non-negative number; received: {key}={value}", key=key)
