"""The parts transformers' blocks are made of: attention, MLPs, experts, norms, rotary tables.

Each part is a layer type of its own (framework "huggingface"), declared once, with its
weights in transformers' parameter names and order. A `Block` (a decoder or encoder
layer) is a list of named parts; its weights are its parts' under their names
(`self_attn.q_proj.weight`), its display type the transformers class it stands for
(`LlamaDecoderLayer`). The Hugging Face reader builds every model type from these
parts and a row of data; the parts take explicit sizes, which the reader reads from
config.json.
"""

from __future__ import annotations

from ..args import Arg, boolean, choice, int_tuple, layers, nonneg_int, optional, positive_int, string
from ..base import Weight, dim, product, register
from .common import HFModule

__all__ = ["Block", "Attention", "LatentAttention", "MLP", "Experts", "MoE", "Gate", "Norm", "Rotary", "Table",
           "Parameter"]


def linear(name, in_features, out_features, bias=False, conv1d=False):
    """nn.Linear's weight (out, in) and bias; GPT-2's Conv1D stores its weight as (in, out)."""
    shape = (in_features, out_features) if conv1d else (out_features, in_features)
    return [Weight(f"{name}.weight", shape)] + ([Weight(f"{name}.bias", (out_features,))] if bias else [])


def _name_list(value):
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("expected a list of names")


class Part(HFModule):
    """A part of a block: `module` is the transformers class it stands for when it is a row of its own."""

    module = Arg(optional(string), None)
    hidden_size = Arg(positive_int)

    def check(self):
        if self.module:
            self.type = self.module

    def make_weights(self, shape):
        return self.weights(self.hidden(shape))

    def weights(self, size):
        return []

    def make_macs(self, shape, output):
        return self.macs(shape)

    def macs(self, shape):
        """Of one call on (…, tokens, hidden); None for a part whose compute is not declared yet."""
        return None

    def linear_macs(self, shape):
        """Each token through every Linear of the part (its 2-D weights but norms')."""
        return token_macs(shape, self.weights(shape[-1]))


def token_macs(shape, weights):
    """Each token of (…, tokens, features) through every 2-D weight of `weights` (Linears; norms' and buffers
    left out); None when the number of tokens is unknown."""
    tokens = product(*shape[:-1])
    if tokens is None:
        return None
    return tokens * sum(w.count for w in weights if len(w.shape) == 2 and not w.buffer and "norm" not in w.name)


@register
class Block(Part):
    """A decoder or encoder layer: its parts, named as the class names its submodules, in order.

    Its weights are the parts' under their names; the parts take the block's input; the
    output has the input's shape.
    """

    parts = Arg(layers)

    def make_weights(self, shape):
        size = self.hidden(shape)
        out, inactive = [], 0
        for spec in self.parts:
            part = self.context.nested(spec)  # a part named "" has its weights at the block's root
            out += [w.renamed(part.name, ".") if part.name else w for w in part.weights(size)]
            inactive += part.inactive_params
        self.inactive_params = inactive
        return out

    calls = Arg(positive_int, 1)  # the times the model runs it (ALBERT's layers, shared across the depth)

    def macs(self, shape):
        """Its parts' (cross-attention, which runs on an encoder's output, not: a Block has none), times `calls`."""
        total = parts_macs(self, shape)
        return None if total is None else total * self.calls


def parts_macs(layer, shape):
    """The sum of a layer's parts' MACs on `shape`, cross-attention's 0; None when one is unknown."""
    total = 0
    for spec in layer.parts:
        part = layer.context.nested(spec)
        cost = 0 if is_cross(part.name) else part.macs(shape)
        if cost is None:
            return None
        total += cost
    return total


CROSS = ("crossattention", "encoder_attn", "EncDecAttention")  # the modules transformers names cross-attention


def is_cross(name):
    """Whether a part (by its path in the block) is or belongs to cross-attention, which transformers runs only
    when the encoder's hidden states are given."""
    return any(step in CROSS for step in (name or "").split("."))


@register
class Norm(Part):
    """LayerNorm (weight, bias), RMSNorm (weight), or a bias-free LayerNorm over `size` (default hidden)."""

    size = Arg(optional(positive_int), None)
    bias = Arg(boolean, False)
    weight = Arg(boolean, True)  # OLMo's LayerNorm has neither weight nor bias

    def weights(self, size):
        size = self.size or size
        return ([Weight("weight", (size,))] if self.weight else []) + (
            [Weight("bias", (size,))] if self.bias else [])

    def macs(self, shape):
        return 0


@register
class Attention(Part):
    """Self- (or cross-) attention: q/k/v/o projections, separate or fused, for `num_key_value_heads` k/v heads.

    `names` are the q, k, v and o modules' names; `fused` names the one module that
    projects q, k and v together (GPT-NeoX's query_key_value, Phi-3's qkv_proj),
    `fused_kv` one for k and v (q keeps its own: GPT-2's cross-attention). `qk_norm`
    adds norms on the queries and keys: per head ("head": over head_dim), over all heads
    ("full"), one (heads, head_dim) weight ("heads", Cohere) or one module per head
    ("per_head": norms.<i>, StableLM); `sinks` a learned logit per head (gpt-oss).
    """

    num_attention_heads = Arg(positive_int)
    num_key_value_heads = Arg(optional(positive_int), None)
    head_dim = Arg(optional(positive_int), None)
    names = Arg(optional(lambda v: _names(v, 4)), None)
    bias = Arg(boolean, False)  # q, k, v
    o_bias = Arg(optional(boolean), None)  # None: as `bias`
    k_bias = Arg(optional(boolean), None)  # None: as `bias` (Whisper's k_proj has none)
    fused = Arg(optional(string), None)
    fused_kv = Arg(optional(string), None)
    conv1d = Arg(boolean, False)
    qk_norm = Arg(optional(choice("head", "full", "heads", "per_head")), None)
    qk_norm_names = Arg(optional(lambda v: _names(v, 2)), None)
    qk_norm_bias = Arg(boolean, False)
    sinks = Arg(boolean, False)
    out_size = Arg(optional(positive_int), None)  # o's output (default: hidden_size)
    windows = Arg(optional(int_tuple(3)), None)  # (window, grid height, grid width): Swin's window attention

    def weights(self, size):
        heads = self.num_attention_heads
        kv_heads = self.num_key_value_heads or heads
        head = self.head_dim or size // heads
        queries, keys = dim(heads, head), dim(kv_heads, head)
        q, k, v, o = self.names or ("q_proj", "k_proj", "v_proj", "o_proj")
        bias = self.bias
        k_bias = bias if self.k_bias is None else self.k_bias
        o_bias = bias if self.o_bias is None else self.o_bias
        out = [Weight("sinks", (heads,))] if self.sinks else []
        if self.fused:
            out += linear(self.fused, size, dim(heads + 2 * kv_heads, head) if kv_heads != heads
                          else dim(3, queries), bias, self.conv1d)
        elif self.fused_kv:
            out += linear(q, size, queries, bias, self.conv1d) + linear(self.fused_kv, size, dim(2, keys), bias,
                                                                        self.conv1d)
        else:
            out += (linear(q, size, queries, bias, self.conv1d) + linear(k, size, keys, k_bias, self.conv1d)
                    + linear(v, size, keys, bias, self.conv1d))
        out += linear(o, queries, self.out_size or size, o_bias, self.conv1d)
        if self.qk_norm:
            qn, kn = self.qk_norm_names or ("q_norm", "k_norm")
            q_size, k_size = {"head": ((head,), (head,)), "full": ((queries,), (keys,)),
                              "heads": ((heads, head), (kv_heads, head)),
                              "per_head": ((head,), (head,))}[self.qk_norm]
            for name, width, count in ((qn, q_size, heads), (kn, k_size, kv_heads)):
                names = [f"{name}.norms.{i}" for i in range(count)] if self.qk_norm == "per_head" else [name]
                for norm in names:
                    out += [Weight(f"{norm}.weight", width)] + (
                        [Weight(f"{norm}.bias", width)] if self.qk_norm_bias else [])
        return out

    def macs(self, shape):
        """The projections, then QKᵀ and AV over the full score matrix (S × S per head, masks included)."""
        if self.windows:
            return self.window_macs(shape)
        projections = self.linear_macs(shape)
        batch, length = product(*shape[:-2]), shape[-2] if len(shape) >= 2 else None
        if projections is None or batch is None or length is None:
            return None
        head = self.head_dim or shape[-1] // self.num_attention_heads
        return projections + 2 * batch * self.num_attention_heads * length * length * head

    def window_macs(self, shape):
        """Within windows of window × window patches (the window shrunk to the grid's smaller side when that is
        not larger, as transformers does), the grid padded to whole windows: projections on every padded
        patch, QKᵀ and AV over window² × window² per window and head."""
        window, height, width = self.windows
        window = min(window, height, width)
        padded = product(shape[0], -(-height // window) * window, -(-width // window) * window)
        if padded is None:
            return None
        size = shape[-1]
        head = self.head_dim or size // self.num_attention_heads
        return self.linear_macs((padded, size)) + 2 * padded * self.num_attention_heads * window * window * head

    def cross_macs(self, shape, memory):
        """Cross-attention: queries and o on the (…, length, hidden) input, keys and values on the encoder's
        (…, memory length, hidden) output, QKᵀ and AV over length × memory length per head."""
        size, heads = shape[-1], self.num_attention_heads
        head = self.head_dim or size // heads
        queries, keys = heads * head, (self.num_key_value_heads or heads) * head
        batch, length, remembered = product(*shape[:-2]), shape[-2], memory[-2]
        tokens, sources = product(batch, length), product(batch, remembered)
        if tokens is None or sources is None:
            return None
        return (tokens * size * queries + 2 * sources * memory[-1] * keys + tokens * queries * (self.out_size or size)
                + 2 * tokens * heads * remembered * head)


@register
class LatentAttention(Part):
    """Multi-head latent attention (DeepSeek-V2/V3): low-rank q (q_lora_rank) and a shared compressed kv."""

    num_attention_heads = Arg(positive_int)
    q_lora_rank = Arg(optional(positive_int), None)
    kv_lora_rank = Arg(positive_int)
    qk_nope_head_dim = Arg(positive_int)
    qk_rope_head_dim = Arg(positive_int)
    v_head_dim = Arg(positive_int)
    bias = Arg(boolean, False)

    def weights(self, size):
        heads, bias = self.num_attention_heads, self.bias
        qk_head = self.qk_nope_head_dim + self.qk_rope_head_dim
        if self.q_lora_rank is None:
            out = linear("q_proj", size, dim(heads, qk_head))
        else:
            out = (linear("q_a_proj", size, self.q_lora_rank, bias) + [Weight("q_a_layernorm.weight",
                                                                             (self.q_lora_rank,))]
                   + linear("q_b_proj", self.q_lora_rank, dim(heads, qk_head)))
        rank = self.kv_lora_rank
        return (out + linear("kv_a_proj_with_mqa", size, rank + self.qk_rope_head_dim, bias)
                + [Weight("kv_a_layernorm.weight", (rank,))]
                + linear("kv_b_proj", rank, dim(heads, self.qk_nope_head_dim + self.v_head_dim))
                + linear("o_proj", dim(heads, self.v_head_dim), size, bias))

    def macs(self, shape):
        """The low-rank projections, then QKᵀ (nope + rope dims) and AV (v_head_dim) over S × S per head."""
        projections = self.linear_macs(shape)
        batch, length = product(*shape[:-2]), shape[-2] if len(shape) >= 2 else None
        if projections is None or batch is None or length is None:
            return None
        per_head = self.qk_nope_head_dim + self.qk_rope_head_dim + self.v_head_dim
        return projections + batch * self.num_attention_heads * length * length * per_head


@register
class MLP(Part):
    """A feed-forward: up then down (`names`: in, out), or gated (gate, up, down), or gated with gate_up fused."""

    intermediate_size = Arg(positive_int)
    gated = Arg(boolean, False)
    fused = Arg(optional(string), None)  # the fused gate+up module (Phi-3's gate_up_proj)
    names = Arg(optional(lambda v: _names(v, 2, 3)), None)
    bias = Arg(boolean, False)
    down_bias = Arg(optional(boolean), None)  # None: as `bias`
    conv1d = Arg(boolean, False)

    def weights(self, size):
        inner, bias, conv1d = self.intermediate_size, self.bias, self.conv1d
        down_bias = bias if self.down_bias is None else self.down_bias
        if self.fused:
            down = (self.names or ("down_proj",))[-1]
            return linear(self.fused, size, dim(2, inner), bias, conv1d) + linear(down, inner, size, down_bias,
                                                                                    conv1d)
        if self.gated:
            gate, up, down = self.names or ("gate_proj", "up_proj", "down_proj")
            return (linear(gate, size, inner, bias, conv1d) + linear(up, size, inner, bias, conv1d)
                    + linear(down, inner, size, down_bias, conv1d))
        up, down = self.names or ("fc1", "fc2")
        return linear(up, size, inner, bias, conv1d) + linear(down, inner, size, down_bias, conv1d)

    macs = Part.linear_macs


@register
class Experts(Part):
    """`num_experts` gated MLPs stored as stacked tensors (transformers 5): gate_up_proj and down_proj.

    `layout` "stacked": gate_up_proj (E, 2 × I, H), down_proj (E, H, I); "transposed"
    (gpt-oss): gate_up_proj (E, H, 2 × I) and down_proj (E, I, H), with biases when `bias`.
    `top_k` of them work on each token: the others are inactive (top_k None: not known, none counted inactive).
    """

    num_experts = Arg(positive_int)
    intermediate_size = Arg(positive_int)
    top_k = Arg(optional(positive_int), None)
    layout = Arg(choice("stacked", "transposed"), "stacked")
    bias = Arg(boolean, False)

    def check(self):
        super().check()
        if self.top_k is not None and self.top_k > self.num_experts:
            raise self.error(f"top_k={self.top_k} is more than num_experts={self.num_experts}", key="top_k")

    def weights(self, size):
        experts, inner = self.num_experts, self.intermediate_size
        if self.layout == "transposed":
            out = [Weight("gate_up_proj", (experts, size, dim(2, inner)))]
            out += [Weight("gate_up_proj_bias", (experts, dim(2, inner)))] if self.bias else []
            out += [Weight("down_proj", (experts, inner, size))]
            out += [Weight("down_proj_bias", (experts, size))] if self.bias else []
        else:
            out = [Weight("gate_up_proj", (experts, dim(2, inner), size)), Weight("down_proj", (experts, size, inner))]
        per_expert = sum(w.count for w in out) // experts
        self.inactive_params = 0 if self.top_k is None else per_expert * (experts - self.top_k)
        return out

    def macs(self, shape):
        """Each token through the top_k experts it is routed to: gate_up (2 × I × H) and down (H × I)."""
        tokens = product(*shape[:-1])
        if tokens is None or self.top_k is None:
            return None
        return tokens * self.top_k * 3 * self.intermediate_size * shape[-1]


@register
class MoE(Part):
    """A sparse MLP: a router over the experts, the experts, and shared experts when the model has them.

    `parts` are the named submodules in order (the router a Gate, the experts an
    Experts, shared experts an MLP, a shared-expert gate a Gate).
    """

    parts = Arg(layers)

    def weights(self, size):
        out, inactive = [], 0
        for spec in self.parts:
            part = self.context.nested(spec)
            out += [w.renamed(part.name, ".") for w in part.weights(size)]
            inactive += part.inactive_params
        self.inactive_params = inactive
        return out

    macs = parts_macs  # the sum of its parts'


@register
class Gate(Part):
    """A router or gate inside a block: a (out_features, hidden_size) weight and, with `bias`, a bias.

    `correction_bias`: a float32 buffer of one score bias per expert, e_score_correction_bias (DeepSeek-V3);
    `keep_fp32`: the weight stays float32 whatever the checkpoint's dtype (DeepSeek's routers).
    """

    out_features = Arg(nonneg_int)
    bias = Arg(boolean, False)
    correction_bias = Arg(boolean, False)
    keep_fp32 = Arg(boolean, False)

    def weights(self, size):
        return [Weight("weight", (self.out_features, size), dtype="float32" if self.keep_fp32 else None)] + (
            [Weight("bias", (self.out_features,))] if self.bias else []) + (
            [Weight("e_score_correction_bias", (self.out_features,), buffer=True, dtype="float32")]
            if self.correction_bias else [])

    macs = Part.linear_macs


@register
class Rotary(Part):
    """A rotary embedding: no parameters, the inverse frequencies as two float32 buffers; out (1, seq, head_dim).

    With `positions` (GPT-J), one float32 table of sines and cosines for that many positions
    instead (embed_positions); out (1, seq, rotary_dim / 2), the sines. With `layer_types`
    one pair of tables per type, named after it (Gemma 3's sliding_attention_inv_freq …).
    """

    hidden_size = Arg(optional(positive_int), None)
    rotary_dim = Arg(positive_int)  # the rotated width of a head
    per_pair = Arg(boolean, False)  # out one value per rotated pair (DeepSeek-V2, gpt-oss): (1, seq, rotary_dim / 2)
    positions = Arg(optional(nonneg_int), None)
    layer_types = Arg(optional(_name_list), None)

    def make_weights(self, shape):
        pairs = (self.rotary_dim + 1) // 2
        if self.positions is not None:
            return [Weight("embed_positions", (self.positions, 2 * pairs), buffer=True, dtype="float32")]
        return [Weight(f"{prefix}{name}", (pairs,), buffer=True, dtype="float32")
                for prefix in ([""] if self.layer_types is None else [f"{t}_" for t in self.layer_types])
                for name in ("inv_freq", "original_inv_freq")]

    def compute_output_shape(self, shape):
        pairs = self.per_pair or self.positions is not None  # one value per rotated pair
        return (1, shape[1], (self.rotary_dim + 1) // 2 if pairs else self.rotary_dim)

    def make_macs(self, shape, output):
        return 0  # its inv_freq × positions product is not a counted matrix product (FlopCounterMode: 0)


@register
class Table(Part):
    """An nn.Embedding inside a module: (num_embeddings, embedding_dim or the module's width); T5's
    relative_attention_bias (buckets × heads)."""

    hidden_size = Arg(optional(positive_int), None)
    num_embeddings = Arg(nonneg_int)
    embedding_dim = Arg(optional(positive_int), None)

    def weights(self, size):
        return [Weight("weight", (self.num_embeddings, self.embedding_dim or size), table=True)]

    def macs(self, shape):
        return 0  # a lookup


@register
class Parameter(HFModule):
    """A tensor a model holds itself, outside any module (CLIP's logit_scale, BART's final_logits_bias buffer).

    The row is named by the tensor's path; its one weight has no name of its own. Its
    output is the tensor (a buffer of logits' bias: added to the head's output).
    """

    type = "Parameter"
    shape = Arg(lambda v: _sizes(v))
    buffer = Arg(boolean, False)  # a float32 buffer, not a parameter
    similarity = Arg(boolean, False)  # it scales the logits of the (N, dim) embeddings in against N others

    def make_weights(self, shape):
        return [Weight("", self.shape, buffer=self.buffer, dtype="float32" if self.buffer else None)]

    def make_macs(self, shape, output):
        """With `similarity`, the logits it scales: the text embeddings in against the images' (as many), the
        N × N matrix of dot products of dim (CLIP's logits_per_text; logits_per_image is its transpose)."""
        if not self.similarity:
            return 0
        return product(shape[0], shape[0], shape[-1])

    def compute_output_shape(self, shape):
        return self.shape


def _sizes(value):
    """A tensor shape: a list of sizes (empty for a scalar)."""
    if isinstance(value, (list, tuple)):
        return tuple(nonneg_int(v) for v in value)
    raise ValueError("expected a list of sizes (empty for a scalar)")


def _names(value, *lengths):
    if isinstance(value, (list, tuple)) and len(value) in lengths and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"expected a list of {' or '.join(map(str, lengths))} module names")
