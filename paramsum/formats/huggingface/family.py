"""A model type as data: its config class, the parts of its blocks, its body, its heads, its tying rule.

A family module (families/<model_type>.py) declares one `Family`. Most decoders are
one `Decoder` body (embeddings, rotary table, N blocks, final norm) with a block made of
shared parts (paramsum/layers/huggingface/parts.py) and the standard heads; a model
that does not fit gives its own `build(rows, config, arch)`.
"""

from __future__ import annotations

from ...errors import ParamsumError
from ...graph import LayerSpec, Ref
from .config import ConfigClass


class Rows:
    """The graph under construction: rows in execution order, each fed by earlier ones."""

    def __init__(self, config):
        self.config = config
        self.specs = []

    def input(self, name, shape):
        self.specs.append(LayerSpec(name=name, type="InputLayer", config={"shape": list(shape)}, calls=[[]]))
        return Ref(name)

    def add(self, name, type_name, *inputs, **args):
        """A row of module type `type_name` with arguments `args` (sizes read from the config by the family)."""
        self.specs.append(LayerSpec(name=name, type=type_name, config=args, calls=[list(inputs)]))
        return Ref(name)

    part = add  # a row that is a shared part (parts.py)

    def stack(self, prefix, type_name, count, x, **args):
        for index in range(count):
            x = self.add(f"{prefix}.{index}", type_name, x, **args)
        return x

    def linear(self, name, x, in_features, out_features, bias=True, tied_to=None, first_token=False):
        return self.add(name, "HFLinear", x, in_features=in_features, out_features=out_features, bias=bias,
                        tied_to=tied_to, first_token=first_token)


def part(type_name, name, **args):
    """A part of a block (parts.py): a nested layer spec."""
    return LayerSpec(name=name, type=type_name, config=args)


class Head:
    """A task head: `build(rows, config, x, size, embed)` adds its rows after the body; `body` overrides
    the prefix the body's rows take in this head's model (else the family's base_model_prefix)."""

    def __init__(self, build, body=None):
        self.build = build
        self.body = body

    def __call__(self, rows, c, x, size, embed):
        self.build(rows, c, x, size, embed)


def causal_lm(name="lm_head", bias=False):
    def build(rows, c, x, size, embed):
        rows.linear(name, x, size, c.count("vocab_size"), bias=bias, tied_to=f"{embed}.weight" if c.tied else None)
    return Head(build)


def classifier(name, bias, labels=None, body=None):
    """A linear on every token (the last non-pad token is picked at run time: no weights of its own)."""
    def build(rows, c, x, size, embed):
        rows.linear(name, x, size, c.num_labels if labels is None else labels, bias=bias)
    return Head(build, body)


# The heads most decoders have, by class-name suffix.
DECODER_HEADS = {
    "ForCausalLM": causal_lm(),
    "ForSequenceClassification": classifier("score", bias=False),
    "ForTokenClassification": classifier("score", bias=True),
    "ForQuestionAnswering": classifier("qa_outputs", bias=True, labels=2),
}


class Decoder:
    """A decoder-only body: embed_tokens, a rotary table, `layers` blocks, a final norm.

    `block(c, index)` → the block's parts (specs made with `part`); `norm(c)` → the final
    norm's arguments (a Norm); `rotary_dim(c)` → the rotated width (None: no rotary row);
    `embeddings(rows, c, prefix, ids, x)` → x adds rows after embed_tokens (learned positions);
    `embed_norm` names a norm on the embeddings (BLOOM's word_embeddings_layernorm), of the
    final norm's kind; `rotary(c)` → more arguments of the rotary row (a Rotary: GPT-J's positions);
    `embedding` the embedding's layer type (its class name `classes["embed"]` when given).
    """

    caches = True  # it generates with a KV cache

    def __init__(self, block, norm, rotary_dim=None, base="model", embed="embed_tokens", layers="layers",
                 final_norm="norm", depth="num_hidden_layers", classes=None, embeddings=None, embed_norm=None,
                 rotary=None, embedding="Embedding"):
        self.block = block
        self.norm = norm
        self.rotary_dim = rotary_dim
        self.rotary = rotary
        self.base = base
        self.embed = embed
        self.layers = layers
        self.final_norm = final_norm
        self.depth = depth
        self.classes = classes or {}
        self.embeddings = embeddings
        self.embed_norm = embed_norm
        self.embedding = embedding

    def __call__(self, family, rows, c, arch):
        head_name = arch[len(family.prefix):]
        head = family.heads.get(head_name)
        prefix = "" if head is None else f"{head.body or self.base}."
        size = c.size("hidden_size")
        cls = family.prefix
        embed = f"{prefix}{self.embed}"
        ids = rows.input("input_ids", [None])
        module = {"module": self.classes["embed"]} if "embed" in self.classes else {}
        x = rows.add(embed, self.embedding, ids, num_embeddings=c.count("vocab_size"), embedding_dim=size, **module)
        if self.embeddings is not None:
            x = self.embeddings(rows, c, prefix, ids, x)
        if self.embed_norm:
            x = rows.part(f"{prefix}{self.embed_norm}", "Norm", x, module=self.classes.get("norm", f"{cls}RMSNorm"),
                          hidden_size=size, **self.norm(c))
        if self.rotary_dim is not None:
            rows.part(f"{prefix}rotary_emb", "Rotary", x, module=self.classes.get("rotary", f"{cls}RotaryEmbedding"),
                      rotary_dim=self.rotary_dim(c), **(self.rotary(c) if self.rotary else {}))
        module = self.classes.get("block", f"{cls}DecoderLayer")
        for index in range(c.depth(self.depth)):
            x = rows.part(f"{prefix}{self.layers}.{index}", "Block", x, module=module, hidden_size=size,
                          parts=self.block(c, index))
        x = rows.part(f"{prefix}{self.final_norm}", "Norm", x, module=self.classes.get("norm", f"{cls}RMSNorm"),
                      hidden_size=size, **self.norm(c))
        if head is not None:
            head(rows, c, x, size, f"{self.base}.{self.embed}")


class Family:
    """One model type: its config class, its class-name prefix, its body, its heads (by class-name suffix)."""

    def __init__(self, model_type, prefix, config, body, heads=None, base_class="Model", renamed=None,
                 encoder_length=None, decoder=None):
        self.model_type = model_type
        self.prefix = prefix
        self.config = config if isinstance(config, ConfigClass) else ConfigClass(config)
        self.body = body
        self.heads = DECODER_HEADS if heads is None else heads
        self.base_class = base_class
        self.renamed = renamed or {}  # class names of checkpoints' own code → the transformers class built
        self._encoder_length = encoder_length  # c → the encoder's output positions when fixed (Whisper's frames)
        self._decoder = decoder  # True for a decoder whose body is a function of its own (OPT)

    def decoder(self, c):
        """True for a model that caches keys and values when it generates: a decoder body, an encoder-decoder,
        an encoder made a decoder (is_decoder)."""
        if self._decoder is not None:
            return self._decoder
        rule = getattr(self.body, "caches", False)
        return rule(c) if callable(rule) else rule

    def encoder_length(self, c):
        """The positions cross-attention caches when the encoder's length is fixed; None: the sequence's."""
        return self._encoder_length(c) if self._encoder_length else None

    @property
    def architectures(self):
        """The class names it builds: the base model first, then the heads (then the names checkpoints use)."""
        return [f"{self.prefix}{self.base_class}", *(f"{self.prefix}{h}" for h in self.heads), *self.renamed]

    def build(self, rows, c, arch):
        self.body(self, rows, c, self.renamed.get(arch, arch))


def refuse(message):
    raise ParamsumError(message)


# -- the parts most blocks are made of, sized from the config ------------------------------------


def attention(c, name="self_attn", **options):
    """Attention over hidden_size with num_attention_heads (num_key_value_heads, head_dim when the config has them)."""
    args = {"hidden_size": c.size("hidden_size"), "num_attention_heads": c.size("num_attention_heads")}
    for key in ("num_key_value_heads", "head_dim"):
        if c.get(key) is not None:
            args[key] = c.size(key)
    return part("Attention", name, **{**args, **options})


def gated_mlp(c, name="mlp", inner="intermediate_size", **options):
    return part("MLP", name, hidden_size=c.size("hidden_size"), intermediate_size=c.size(inner), gated=True,
                **options)


def mlp(c, name="mlp", inner="intermediate_size", **options):
    return part("MLP", name, hidden_size=c.size("hidden_size"), intermediate_size=c.size(inner), **options)


def norm(c, name, **options):
    return part("Norm", name, hidden_size=c.size("hidden_size"), **options)
