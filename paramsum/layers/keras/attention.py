"""Keras attention layers (keras/src/layers/attention).

Inputs are [query, value] or [query, value, key] (key defaults to value). The call
argument `return_attention_scores` may be given as a layer key: it adds the scores
as a second output, as Keras does.
"""

from __future__ import annotations

from ..args import Arg, boolean, choice, int_or_list, number, optional, positive_int, probability
from ..base import Weight, describe, product, register
from .core import KERNEL_EXTRAS, KerasLayer

CALL_OPTIONS = ("use_causal_mask", "training")  # call arguments that change no shape


def output_shape_kind(value):
    """MultiHeadAttention's output_shape: an int or a list of sizes; empty or 0 means the query's size."""
    if not value:
        return None
    if isinstance(value, (list, tuple)):
        return tuple(positive_int(size) for size in value)
    return (positive_int(value),)


class QueryValueKey(KerasLayer):
    """A layer called on [query, value] or [query, value, key]."""

    multi_input = True
    return_attention_scores = Arg(boolean, False)
    ignored = CALL_OPTIONS

    def split(self, shapes):
        """(query, value, key) shapes; key is value when not given."""
        if not 2 <= len(shapes) <= 3:
            raise self.error(
                f"{type(self).__name__} takes [query, value] or [query, value, key], got {len(shapes)} input(s)",
                hint="for self-attention list the same tensor twice, e.g. inputs: [x, x]" if len(shapes) == 1 else None,
            )
        query, value = shapes[0], shapes[1]
        return query, value, shapes[2] if len(shapes) == 3 else value


@register
class MultiHeadAttention(QueryValueKey):
    """Query, key and value projected per head (kernels: input size × heads × head size), then
    projected back from heads × value_dim to the query's size (or `output_shape`)."""

    num_heads = Arg(positive_int)
    key_dim = Arg(positive_int)
    value_dim = Arg(optional(positive_int), None)
    dropout = Arg(probability, 0.0)  # its Dropout sublayer refuses a rate outside [0, 1]
    use_bias = Arg(boolean, True)
    output_shape = Arg(output_shape_kind, None)
    attention_axes = Arg(optional(int_or_list), None)
    sliding_window = Arg(optional(positive_int), None)
    flash_attention = Arg(optional(boolean), None)
    use_gate = Arg(boolean, False)
    ignored = KERNEL_EXTRAS + (
        "seed",
        "query_shape", "key_shape", "value_shape",  # Keras 2 files record the build shapes here
    )

    def check(self):
        if self.flash_attention and self.dropout > 0:
            raise self.error("dropout is not supported with flash_attention; set dropout to 0", key="dropout")

    def make_weights(self, shapes):
        query, value, key = self.split(shapes)
        self.check_value_key(value, key)
        heads, value_dim = self.num_heads, self.value_dim or self.key_dim
        q_dim = self.known(query, -1, "the query's last axis")
        weights = self.projection("query", q_dim, self.key_dim)
        weights += self.projection("key", self.known(key, -1, "the key's last axis"), self.key_dim)
        if self.use_gate:
            weights += self.projection("gate", q_dim, value_dim)
        weights += self.projection("value", self.known(value, -1, "the value's last axis"), value_dim)
        self.check_attention_axes(query)
        out = self.output_shape or (q_dim,)
        weights.append(Weight("attention_output/kernel", (heads, value_dim, *out)))
        if self.use_bias:
            weights.append(Weight("attention_output/bias", out))
        return weights

    def projection(self, name, in_dim, head_dim):
        weights = [Weight(f"{name}/kernel", (in_dim, self.num_heads, head_dim))]
        if self.use_bias:
            weights.append(Weight(f"{name}/bias", (self.num_heads, head_dim)))
        return weights

    def check_value_key(self, value, key):
        if value[1:-1] != key[1:-1]:
            raise self.error(f"value and key must have the same shape except on the last axis; "
                             f"received: value {describe(value)}, key {describe(key)}")

    def check_attention_axes(self, query):
        """Keras indexes the projected query (query rank + 1 axes) with these; out of range is an error."""
        axes = self.attention_axes
        rank = len(query) + 1
        for axis in (axes,) if isinstance(axes, int) else (axes or ()):
            if not -rank <= (axis if axis >= 0 else rank - 1 + axis) < rank:
                raise self.error(f"attention_axes: axis {axis} is out of range for query shape {describe(query)}",
                                 key="attention_axes")

    def make_macs(self, shapes, output):
        query, value, key = self.split(shapes)
        heads, value_dim = self.num_heads, self.value_dim or self.key_dim
        q_rows, k_rows, v_rows = product(*query[:-1]), product(*key[:-1]), product(*value[:-1])
        out = product(*(self.output_shape or query[-1:]))
        projections = [product(q_rows, query[-1], heads, self.key_dim), product(k_rows, key[-1], heads, self.key_dim),
                       product(v_rows, value[-1], heads, value_dim),
                       product(q_rows, heads, value_dim, out)]
        if self.use_gate:
            projections.append(product(q_rows, query[-1], heads, value_dim))
        # Scores and weighted values: einsums of the projections, (..., heads, size), over the attention axes.
        projected = (*query[:-1], heads)
        rank = len(projected) + 1
        axes = self.attention_axes
        axes = tuple(range(1, rank - 2)) if axes is None else (axes,) if isinstance(axes, int) else tuple(axes)
        axes = {axis % rank for axis in axes}
        others = product(*(size for axis, size in enumerate(projected) if axis not in axes))
        projected_key = (*key[:-1], heads)
        pairs = product(others, *(projected[axis] for axis in axes), *(projected_key[axis] for axis in axes))
        macs = [*projections, product(pairs, self.key_dim), product(pairs, value_dim)]
        return None if None in macs else sum(macs)

    def compute_output_shape(self, shapes):
        query, value, key = self.split(shapes)
        self.check_value_key(value, key)
        axes = self.attention_axes
        for axis in () if axes is None else (axes,) if isinstance(axes, int) else axes:
            if axis % (len(query) + 1) == len(query):  # the projected (…, heads, size)'s size: Keras' einsum fails
                raise self.error(f"attention_axes: axis {axis} is the projected query's feature axis, which the "
                                 f"attention cannot run over; received: attention_axes={axes!r} for a query "
                                 f"{describe(query)}", key="attention_axes")
        out = query[:-1] + self.output_shape if self.output_shape else query
        if self.return_attention_scores:
            # Keras sizes the scores by the query's axis 1 on both sides.
            return [out, (None, self.num_heads, query[1], query[1])]
        return out


@register
class GroupQueryAttention(QueryValueKey):
    """MultiHeadAttention with fewer key/value heads than query heads, every head of size head_dim."""

    head_dim = Arg(positive_int)
    num_query_heads = Arg(positive_int)
    num_key_value_heads = Arg(positive_int)
    dropout = Arg(probability, 0.0)  # as MultiHeadAttention
    use_bias = Arg(boolean, True)
    sliding_window = Arg(optional(positive_int), None)
    flash_attention = Arg(optional(boolean), None)
    use_gate = Arg(boolean, False)
    ignored = KERNEL_EXTRAS + ("seed",)

    def check(self):
        if self.num_query_heads % self.num_key_value_heads:
            raise self.error(f"num_query_heads must be divisible by num_key_value_heads; received: "
                             f"{self.num_query_heads} and {self.num_key_value_heads}", key="num_query_heads")
        if self.flash_attention and self.dropout > 0:
            raise self.error("dropout is not supported with flash_attention; set dropout to 0", key="dropout")

    def make_weights(self, shapes):
        query, value, key = self.split(shapes)
        self.check_shapes(query, value, key)
        features = self.known(query, -1, "the query's last axis")
        weights = self.projection("query", features, self.num_query_heads)
        weights += self.projection("key", self.known(key, -1, "the key's last axis"), self.num_key_value_heads)
        if self.use_gate:
            weights += self.projection("gate", features, self.num_query_heads)
        weights += self.projection("value", self.known(value, -1, "the value's last axis"), self.num_key_value_heads)
        weights.append(Weight("attention_output/kernel", (self.num_query_heads, self.head_dim, features)))
        if self.use_bias:
            weights.append(Weight("attention_output/bias", (features,)))
        return weights

    def projection(self, name, in_dim, heads):
        weights = [Weight(f"{name}/kernel", (in_dim, heads, self.head_dim))]
        if self.use_bias:
            weights.append(Weight(f"{name}/bias", (heads, self.head_dim)))
        return weights

    def check_shapes(self, query, value, key):
        # Keras' projections are written for (batch, length, features); other ranks build
        # meaningless weights and fail when the model runs.
        for shape in (query, value, key):
            self.rank(shape, 3)
        if query[-1] != value[-1]:
            raise self.error(f"query and value must have the same last axis; "
                             f"received: query {describe(query)}, value {describe(value)}")
        if value[1:-1] != key[1:-1]:
            raise self.error(f"value and key must have the same shape except on the last axis; "
                             f"received: value {describe(value)}, key {describe(key)}")

    def make_macs(self, shapes, output):
        query, value, key = self.split(shapes)
        q_rows, k_rows, v_rows = product(*query[:-1]), product(*key[:-1]), product(*value[:-1])
        q_width, kv_width = self.num_query_heads * self.head_dim, self.num_key_value_heads * self.head_dim
        macs = [product(q_rows, query[-1], q_width), product(k_rows, key[-1], kv_width),
                product(v_rows, value[-1], kv_width), product(q_rows, q_width, query[-1])]
        if self.use_gate:
            macs.append(product(q_rows, query[-1], q_width))
        # Keys and values repeated to every query head: scores, then weighted values.
        pairs = product(query[0], self.num_query_heads, query[1], key[1], self.head_dim)
        macs += [pairs, pairs]
        return None if None in macs else sum(macs)

    def compute_output_shape(self, shapes):
        query, value, key = self.split(shapes)
        self.check_shapes(query, value, key)
        if self.return_attention_scores:
            return [query, (None, self.num_query_heads, query[1], key[1])]
        return query


@register
class Attention(QueryValueKey):
    """Dot-product (Luong) attention: no weights but an optional scalar `scale` (and one for score_mode concat)."""

    use_scale = Arg(boolean, False)
    score_mode = Arg(choice("dot", "concat", lower=False), "dot")
    dropout = Arg(number, 0.0)  # Attention stores it unchecked (no Dropout sublayer)
    ignored = (
        "seed",
        "causal",  # Keras 2 files; a call argument (use_causal_mask) since
    )

    def make_weights(self, shapes):
        self.split(shapes)
        weights = [Weight("scale", ())] if self.use_scale else []
        if self.score_mode == "concat":
            weights.append(Weight("concat_score_weight", ()))
        return weights

    def make_macs(self, shapes, output):
        # Scores query · keyᵀ (score_mode 'dot'; 'concat' and the additive form sum a tanh: no product),
        # then the weighted values.
        query, value, key = self.split(shapes)
        scores = product(*query[:-1], key[-2], query[-1]) if self.score_mode == "dot" and self.kind == "dot" else 0
        values = product(*query[:-1], key[-2], value[-1])
        return None if scores is None or values is None else scores + values

    kind = "dot"

    def compute_output_shape(self, shapes):
        query, value, key = self.split(shapes)
        out = query[:-1] + value[-1:]
        if self.return_attention_scores:
            return [out, query[:-1] + key[-2:-1]]
        return out


@register
class AdditiveAttention(Attention):
    """Bahdanau attention: with use_scale a `scale` vector of the query's last size."""

    use_scale = Arg(boolean, True)
    kind = "additive"

    def make_weights(self, shapes):
        query, _, _ = self.split(shapes)
        if not self.use_scale:
            return []
        return [Weight("scale", (self.known(query, -1, "the query's last axis"),))]
