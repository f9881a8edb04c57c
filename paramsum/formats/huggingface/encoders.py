"""What the encoder families (albert, electra, deberta-v2, modernbert) share: their body and heads.

An `Encoder` body is a function `body(rows, c, prefix, x)` that adds the rows of the
base model (embeddings, layers, the encoder's own weights) under `prefix` and returns
the last one; a head `head(rows, c, x, prefix)` adds its rows after it and returns the
last. The base model (`<Prefix>Model`) keeps its rows at the top level and adds
`base_head` (a pooler, when it has one); a head model keeps them under `base.`.
"""

from __future__ import annotations

from .family import part


class Encoder:
    """An encoder model: the body's rows under `base.` (none for the base model), then the head's."""

    @staticmethod
    def caches(c):
        """BERT-like models made decoders (is_decoder, their *ForCausalLM / LMHeadModel) cache their layers."""
        return bool(c.get("is_decoder"))

    def __init__(self, body, base, base_head=None):
        self.body = body
        self.base = base
        self.base_head = base_head

    def __call__(self, family, rows, c, arch):
        head = family.heads.get(arch[len(family.prefix):])
        prefix = f"{self.base}." if head else ""
        x = self.body(rows, c, prefix, rows.input("input_ids", [None]))
        head = head or self.base_head
        if head is not None:
            head(rows, c, x, prefix)


def linear(name, count=None):
    """A head that is one nn.Linear over hidden_size: num_labels outputs (or `count`)."""
    def build(rows, c, x, prefix):
        return rows.linear(name, x, c.size("hidden_size"), c.num_labels if count is None else count)
    return build


def pooler(name="pooler", size="hidden_size", module=None, in_body=True):
    """An nn.Linear on the first token (under the body's prefix when `in_body`), or a `module` holding it as dense."""
    def build(rows, c, x, prefix):
        path, width = f"{prefix if in_body else ''}{name}", c.size(size)
        if module is None:
            return rows.linear(path, x, width, width, first_token=True)
        return rows.part(path, "Composite", x, module=module, hidden_size=width, first_token=True,
                         parts=[dense("dense", width, width)])
    return build


def then(*heads):
    """Heads one after the other, each on the last one's output."""
    def build(rows, c, x, prefix):
        for head in heads:
            x = head(rows, c, x, prefix)
        return x
    return build


# -- parts of the modules encoders are made of ---------------------------------------------------


def table(name, count, width=None):
    return part("Table", name, num_embeddings=count, embedding_dim=width)


def dense(name, in_features, out_features, bias=True):
    return part("Dense", name, in_features=in_features, out_features=out_features, bias=bias)


def layer_norm(name, size, bias=True):
    return part("Norm", name, hidden_size=size, size=size, bias=bias)


def positions(c, *names):
    """Index buffers of (1, max_position_embeddings): position_ids, token_type_ids."""
    return [part("Param", name, shape=[1, c.size("max_position_embeddings")], buffer=True) for name in names]


def bert_embeddings(c, width):
    """Word, position and token-type tables of `width`, a LayerNorm, the two index buffers (BERT's layout)."""
    return [table("word_embeddings", c.count("vocab_size")), table("position_embeddings",
                                                                   c.count("max_position_embeddings")),
            table("token_type_embeddings", c.count("type_vocab_size")), layer_norm("LayerNorm", width),
            *positions(c, "position_ids", "token_type_ids")]


def bert_attention(c, name, names, head_dim=None, more=()):
    """BERT's attention: query, key, value (with biases) to heads × head_dim (default hidden_size // heads),
    the output dense from and to hidden_size (it is not resized when the heads do not divide hidden_size)."""
    size, heads = c.size("hidden_size"), c.size("num_attention_heads")
    width = heads * (head_dim or size // heads)
    *qkv, out = names
    return [*(dense(f"{name}.{n}", size, width) for n in qkv), *more, dense(f"{name}.{out}", size, size),
            part("Scores", f"{name}.scores", num_attention_heads=heads, head_dim=width // heads)]


def bert_layer(c, names, head_dim=None, more=()):
    """BERT's layer: attention + LayerNorm under attention.output, intermediate.dense, output.dense + LayerNorm."""
    size, inner = c.size("hidden_size"), c.size("intermediate_size")
    return [*bert_attention(c, "attention", names, head_dim, more), layer_norm("attention.output.LayerNorm", size),
            dense("intermediate.dense", size, inner), dense("output.dense", inner, size),
            layer_norm("output.LayerNorm", size)]
