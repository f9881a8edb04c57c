"""Encoder-decoder bodies (T5, BART, Marian, Pegasus, Whisper …): a shared embedding, two stacks, a head.

A `Stack` says what one stack holds (its embeddings, position table, blocks, norms);
`EncoderDecoder` lays out the shared embedding and the stacks a head's model keeps
(both, the encoder alone, or the decoder alone) under the head's prefix; a decoder
block takes the encoder's output as its second input. Tokens embeddings are the shared
one's (tied) when the config ties word embeddings.
"""

from __future__ import annotations

from ...errors import ParamsumError
from ...layers.args import string
from .config import checked
from .family import part

SIZE = "d_model"  # the model size, as these config classes name it


class Stack:
    """One stack: `block(c, index)` → its parts; the other fields, functions of the config, give its rows' arguments.

    `embed(c)` → the embed_tokens row (an Embed: module, num_embeddings, padding_idx), or
    None; `positions(c)` → the embed_positions row (an Embed), or None; `embed_norm(c)`
    and `final_norm(c)` → the Norm rows after the embeddings (layernorm_embedding) and
    after the blocks, or None; `frontend(rows, c, prefix, x)` → rows before the blocks
    (Whisper's convolutions) and their output; `input(c)` → the stack's input (name, shape).
    """

    def __init__(self, name, block, depth, module, embed, positions=None, embed_norm=None, final_norm=None,
                 layers="layers", frontend=None, input=None, channels_first=False, names=None):
        self.name = name
        self.block = block
        self.depth = depth
        self.module = module
        self.embed = embed
        self.positions = positions
        self.embed_norm = embed_norm
        self.final_norm = final_norm
        self.layers = layers
        self.frontend = frontend
        self.input = input
        self.channels_first = channels_first
        self.names = {"embed_norm": "layernorm_embedding", "final_norm": "layer_norm", **(names or {})}

    def build(self, rows, c, prefix, tokens, shared, memory=None):
        path = f"{prefix}{self.name}"
        size = c.size(SIZE)
        x = tokens
        embed = self.embed(c)
        if embed is not None:
            x = rows.add(f"{path}.embed_tokens", "Embed", tokens, embedding_dim=size, tied_to=shared, **embed)
        if self.frontend is not None:
            x = self.frontend(rows, c, path, x)
        if self.positions is not None and self.positions(c) is not None:
            rows.add(f"{path}.embed_positions", "Embed", tokens if embed is not None else x, embedding_dim=size,
                     **self.positions(c))
        if self.embed_norm is not None and self.embed_norm(c) is not None:
            x = rows.part(f"{path}.{self.names['embed_norm']}", "Norm", x, hidden_size=size, **self.embed_norm(c))
        depth = c.depth(self.depth)
        for index in range(depth):
            inputs = (x,) if memory is None else (x, memory)
            x = rows.part(f"{path}.{self.layers}.{index}", "StackBlock", *inputs, module=self.module,
                          hidden_size=size, parts=self.block(c, index), channels_first=self.channels_first
                          and index == 0)
        if self.final_norm is not None and self.final_norm(c) is not None:
            x = rows.part(f"{path}.{self.names['final_norm']}", "StackNorm", x, hidden_size=size,
                          channels_first=self.channels_first and depth == 0, **self.final_norm(c))
        return x


class Task:
    """A head: `build(rows, c, x, arch, embed)` adds its rows; `body` the prefix of the body (None: the family's
    base_model_prefix, '' the model itself); `stacks` the stacks it keeps; `shared` whether it keeps the shared
    embedding."""

    def __init__(self, build, body=None, stacks=("encoder", "decoder"), shared=True):
        self.build = build
        self.body = body
        self.stacks = stacks
        self.shared = shared


class EncoderDecoder:
    """`encoder` and `decoder` Stacks; `shared(c)` → the shared embedding's row (an Embed), or None."""

    caches = True  # its decoder generates with a KV cache (self- and cross-attention)

    def __init__(self, encoder, decoder, shared=None, base="model"):
        self.stacks = {"encoder": encoder, "decoder": decoder}
        self.shared = shared
        self.base = base

    def __call__(self, family, rows, c, arch):
        head = family.heads.get(arch[len(family.prefix):])
        body = "" if head is None else self.base if head.body is None else head.body
        prefix = f"{body}." if body else ""
        stacks = ("encoder", "decoder") if head is None else head.stacks
        both = len(stacks) == 2
        first = self.stacks[stacks[0]].input
        tokens = rows.input(*(first(c) if first else ("input_ids", [None])))
        shared = self.shared(c) if self.shared and (head is None or head.shared) else None
        owner = None
        if shared is not None:
            owner = f"{prefix}shared"
            rows.add(owner, "Embed", tokens, embedding_dim=c.size(SIZE), **shared)
        tied = f"{owner}.weight" if owner and c.tied else None
        x = memory = None
        for name in stacks:
            if name == "decoder" and both:
                tokens = rows.input("decoder_input_ids", [None])
            x = memory = self.stacks[name].build(rows, c, prefix, tokens, tied, memory)
        if head is not None and head.build is not None:
            head.build(rows, c, x, arch, owner or f"{prefix}{stacks[-1]}.embed_tokens")


# -- heads --------------------------------------------------------------------------------------------


def lm_head(name="lm_head", vocab="vocab_size", logits_bias=False, **task):
    """The language-model head, tied to the embedding when the config ties; BART's adds final_logits_bias."""

    def build(rows, c, x, arch, embed):
        size = c.count(vocab(c) if callable(vocab) else vocab)
        if logits_bias:
            rows.part("final_logits_bias", "Parameter", x, shape=[1, size], buffer=True)
        rows.linear(name, x, c.size(SIZE), size, bias=False, tied_to=f"{embed}.weight" if c.tied else None)
    return Task(build, **task)


def linear_head(name, labels=None, **task):
    """A linear on every token: num_labels outputs (or `labels`)."""

    def build(rows, c, x, arch, embed):
        rows.linear(name, x, c.size(SIZE), c.num_labels if labels is None else labels)
    return Task(build, **task)


def classification_head(module, **task):
    """dense and out_proj on the end-of-sequence token."""

    def build(rows, c, x, arch, embed):
        rows.part("classification_head", "ClassificationHead", x, module=module, hidden_size=c.size(SIZE),
                 num_labels=c.num_labels)
    return Task(build, **task)


# -- BART and its kin (mBART, Marian, Pegasus, Whisper) -------------------------------------------


def bart_layer(c, stack, cross, k_bias=True):
    """self_attn, its norm, (decoder) encoder_attn and its norm, fc1 and fc2, final_layer_norm: biases everywhere."""
    size, heads = c.size(SIZE), c.size(f"{stack}_attention_heads")
    if size % heads:  # refused by the attention modules, so only where a layer is built
        raise ParamsumError(f"d_model must be divisible by {stack}_attention_heads; received: d_model={size}, "
                            f"{stack}_attention_heads={heads}")

    def attention(name):
        return part("Attention", name, hidden_size=size, num_attention_heads=heads, bias=True, k_bias=k_bias,
                    names=["q_proj", "k_proj", "v_proj", "out_proj"])

    def norm(name):
        return part("Norm", name, hidden_size=size, bias=True, module="LayerNorm")

    attn = [attention("self_attn"), norm("self_attn_layer_norm")]
    if cross:
        attn += [attention("encoder_attn"), norm("encoder_attn_layer_norm")]
    return attn + [part("MLP", "", hidden_size=size, intermediate_size=c.size(f"{stack}_ffn_dim"), bias=True),
                   norm("final_layer_norm")]


LAYER_NORM = {"bias": True, "module": "LayerNorm"}
# BartConfig's defaults and attribute_map, which mBART's, Marian's and Pegasus' repeat.
BART_DEFAULTS = {"vocab_size": 50265, "max_position_embeddings": 1024, "encoder_layers": 12, "encoder_ffn_dim": 4096,
                 "encoder_attention_heads": 16, "decoder_layers": 12, "decoder_ffn_dim": 4096,
                 "decoder_attention_heads": 16, "d_model": 1024, "pad_token_id": 1, "tie_word_embeddings": True}
BART_ALIASES = {"hidden_size": "d_model", "num_attention_heads": "encoder_attention_heads",
                "num_hidden_layers": "encoder_layers"}


def embedding(module, vocab="vocab_size"):
    """An embed_tokens or shared row: `module` over vocab_size, padding_idx pad_token_id."""
    return lambda c: {"module": module, "num_embeddings": c.count(vocab), "padding_idx": c.get("pad_token_id")}


def sinusoidal(module):
    """A sinusoidal position table (Marian, Pegasus): a parameter without gradient, looked up by position."""
    return lambda c, stack: {"module": module, "num_embeddings": c.count("max_position_embeddings"),
                             "_freeze": True, "lookup": "range"}


def bart_stacks(cls, positions, embed_module="Embedding", embed_norm=None, final_norm=None, k_bias=True,
                decoder_vocab="vocab_size", encoder=None):
    """The encoder and decoder Stacks of a BART-like model; `positions(c, stack)` → its embed_positions row;
    `encoder`: Stack arguments that differ in the encoder (Whisper's front end)."""

    def stack(name, vocab, **changes):
        return Stack(**{"name": name, "block": lambda c, index: bart_layer(c, name, name == "decoder", k_bias),
                        "depth": f"{name}_layers", "module": f"{cls}{name.title()}Layer",
                        "embed": embedding(embed_module, vocab), "positions": lambda c: positions(c, name),
                        "embed_norm": embed_norm, "final_norm": final_norm, **changes})

    return stack("encoder", "vocab_size", **(encoder or {})), stack("decoder", decoder_vocab)


def bart_heads(cls, causal=True):
    """The heads of a BART-like model: generation (final_logits_bias), classification, question answering."""
    heads = {"ForConditionalGeneration": lm_head(logits_bias=True),
             "ForSequenceClassification": classification_head(f"{cls}ClassificationHead"),
             "ForQuestionAnswering": linear_head("qa_outputs", labels=2)}
    if causal:  # the decoder alone, under model.decoder
        heads["ForCausalLM"] = lm_head(stacks=("decoder",), shared=False)
    return heads


# -- T5 and mT5 ---------------------------------------------------------------------------------------

T5_ALIASES = {"hidden_size": "d_model", "num_attention_heads": "num_heads", "num_hidden_layers": "num_layers",
              "head_dim": "d_kv"}


def feed_forward_kind(value):
    """'relu', 'gelu', 'gated-gelu' …: an activation name, optionally prefixed by 'gated-' (T5Config's check)."""
    parts = string(value).split("-")
    if len(parts) > 1 and parts[0] != "gated" or len(parts) > 2:
        raise ValueError("expected an activation name or 'gated-' and one, e.g. 'relu' or 'gated-gelu'")
    return value


def t5_derive(values):
    """num_decoder_layers defaults to num_layers; feed_forward_proj is checked; T5Config (transformers 5)
    always ties lm_head to `shared` (a false tie_word_embeddings only stops the decoder output scaling)."""
    if values.get("num_decoder_layers") is None:
        values["num_decoder_layers"] = values.get("num_layers")
    checked(values, "feed_forward_proj", feed_forward_kind)
    values["tie_word_embeddings"] = True


def t5_layer(c, index, cross):
    """layer.0 self-attention (its relative_attention_bias in block 0), layer.1 cross-attention (decoder),
    then the feed-forward (DenseReluDense: wi and wo, or wi_0, wi_1 and wo when gated); an RMS norm each."""
    size, heads = c.size(SIZE), c.size("num_heads")

    def attention(name):
        return part("Attention", name, hidden_size=size, num_attention_heads=heads, head_dim=c.size("d_kv"),
                    names=["q", "k", "v", "o"])

    out = [attention("layer.0.SelfAttention")]
    if index == 0:
        out.append(part("Table", "layer.0.SelfAttention.relative_attention_bias",
                        num_embeddings=c.count("relative_attention_num_buckets"), embedding_dim=heads))
    out.append(part("Norm", "layer.0.layer_norm", hidden_size=size))
    if cross:
        out += [attention("layer.1.EncDecAttention"), part("Norm", "layer.1.layer_norm", hidden_size=size)]
    feed = f"layer.{2 if cross else 1}"
    gated = c.get("feed_forward_proj").startswith("gated-")
    return out + [part("MLP", f"{feed}.DenseReluDense", hidden_size=size, intermediate_size=c.size("d_ff"),
                       gated=gated, names=["wi_0", "wi_1", "wo"] if gated else ["wi", "wo"]),
                  part("Norm", f"{feed}.layer_norm", hidden_size=size)]


def t5_body(cls):
    """The shared embedding and the two stacks of T5Blocks (`block.N`), each with a final_layer_norm."""
    def stack(name, depth):
        return Stack(name, lambda c, index: t5_layer(c, index, name == "decoder"), depth, f"{cls}Block",
                     lambda c: {"num_embeddings": c.count("vocab_size")}, layers="block",
                     final_norm=lambda c: {"module": f"{cls}LayerNorm"}, names={"final_norm": "final_layer_norm"})

    return EncoderDecoder(stack("encoder", "num_layers"), stack("decoder", "num_decoder_layers"),
                          shared=lambda c: {"num_embeddings": c.count("vocab_size")}, base="")


def t5_heads(cls):
    """The classification models keep the body under `transformer` (token classification: the encoder alone)."""
    return {"ForConditionalGeneration": lm_head(body=""), "EncoderModel": Task(None, body="", stacks=("encoder",)),
            "ForSequenceClassification": classification_head(f"{cls}ClassificationHead", body="transformer"),
            "ForTokenClassification": linear_head("classifier", body="transformer", stacks=("encoder",)),
            "ForQuestionAnswering": linear_head("qa_outputs", body="")}
