"""What a model needs in memory: its weights, a decoder's KV cache, training state, activations (an estimate).

Every figure is the sum of named terms, each with its rule and its source:

- weights: every param (and buffer) at the summary's dtype (ModelSummary.totals.bytes);
- KV cache: what transformers' cache holds after `seq_len` tokens × `batch_size` at the dtype, from the
  DecoderShape the Hugging Face reader records (grouped-query heads, sliding windows keeping the last
  window − 1 tokens, DeepSeek's compressed latent + rotated key, cross-attention over the encoder);
- training under a named recipe (RECIPES): weights at the recipe's width for every param, gradients and
  optimizer state for the trainable ones only (frozen params have neither);
- activations of a transformer decoder per Korthikanti et al. 2022 — an estimate, not a count.
"""

from __future__ import annotations

from .summary import DTYPE_BITS, DTYPE_BYTES

KORTHIKANTI = ("Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models, "
               "eq. 1 and sec. 5")


class Recipe:
    """Bytes per param: `weights` (every param), `gradients` and `state` (trainable params only)."""

    def __init__(self, name, weights, gradients, state, terms, source):
        self.name = name
        self.weights = weights
        self.gradients = gradients
        self.state = state  # optimizer state, master weights included
        self.terms = terms  # what the state is made of, said in words
        self.source = source

    @property
    def per_param(self):
        """Bytes per trainable param."""
        return self.weights + self.gradients + self.state

    def rule(self):
        return (f"{self.weights} B weights per param + {self.gradients} B gradients + {self.state} B "
                f"({self.terms}) per trainable param = {self.per_param} B per trainable param ({self.source})")


RECIPES = {recipe.name: recipe for recipe in (
    Recipe("fp32-adam", 4, 4, 8, "Adam's fp32 first and second moments",
           "Kingma & Ba 2015, Adam: two moments per param; all in fp32"),
    Recipe("mixed-adam", 2, 2, 12, "fp32 master weights, Adam's fp32 moments",
           "Rajbhandari et al. 2020, ZeRO, sec. 3.1: 2 + 2 + K with K = 12"),
    Recipe("mixed-adam-megatron", 2, 4, 12, "fp32 master weights, Adam's fp32 moments; fp32 main gradients",
           "Megatron Core's distributed optimizer guide: 16-bit params with fp32 grads, 18 B per param "
           "without distribution"),
    Recipe("bf16-adam", 2, 2, 4, "Adam's bf16 moments, no fp32 copy",
           "pure bf16 training: weights, gradients and both moments in 2 B each"),
    Recipe("sgd-momentum", 4, 4, 4, "one fp32 momentum buffer",
           "torch.optim.SGD with momentum: one momentum_buffer per param, fp32"),
    Recipe("adam-8bit", 4, 4, 2, "Adam's two moments quantized to 1 B each; block-wise scales not counted",
           "Dettmers et al. 2022, 8-bit Optimizers via Block-wise Quantization (bitsandbytes Adam8bit)"),
)}
DEFAULT_RECIPE = "mixed-adam"


def kv_cache(summary):
    """(bytes, rule) of the decoder's KV cache at the compute sizes; (None, why) when there is none or a size
    is unknown."""
    decoder = summary.decoder
    if decoder is None:
        return None, "not a decoder: no KV cache"
    compute, bits = summary.compute, DTYPE_BITS.get(summary.dtype, 32)
    if compute.seq_len is None:
        return None, "the sequence length is unknown: give --seq-len N"
    elements = sum(layer.per_token * cached_tokens(layer, compute.seq_len) for layer in decoder.cache)
    return -(-elements * compute.batch_size * bits // 8), kv_rule(decoder, compute, summary.dtype)


def cached_tokens(layer, seq_len):
    """Tokens a cache layer holds after `seq_len` tokens: the encoder's for cross-attention, the last
    window − 1 of a sliding layer (transformers' DynamicSlidingWindowLayer), else all of them."""
    tokens = seq_len if layer.length is None else layer.length
    return tokens if layer.window is None else min(tokens, layer.window - 1)


def kv_rule(decoder, compute, dtype):
    groups = {}
    for layer in decoder.cache:
        key = (layer.per_token, layer.window, layer.length)
        groups[key] = groups.get(key, 0) + 1
    parts = []
    for (per_token, window, length), count in groups.items():
        tokens = (f"{length} encoder positions" if length is not None else
                  f"min({compute.seq_len}, {window} − 1) tokens" if window is not None else f"{compute.seq_len} tokens")
        parts.append(f"{count} × {per_token} (k + v per token) × {tokens}")
    return (" + ".join(parts) + f", × batch {compute.batch_size} × {DTYPE_BYTES.get(dtype, 4)} B ({dtype}), "
            "as transformers' cache stores it")


def training(summary, recipe=DEFAULT_RECIPE):
    """{recipe, bytes, rule, terms}: the sum of weights, gradients and optimizer state under `recipe`."""
    rule = RECIPES[recipe]
    totals = summary.totals
    terms = {
        "weights": rule.weights * totals.params,
        "gradients": rule.gradients * totals.trainable_params,
        "optimizer_state": rule.state * totals.trainable_params,
    }
    return {"recipe": recipe, "bytes": sum(terms.values()), "terms": terms,
            "rule": f"{rule.rule()}; frozen params: weights only"}


def activations(summary):
    """{estimate, rule, selective_recompute, full_recompute} for a decoder at the compute sizes, else None.

    Korthikanti et al. 2022 (16-bit activations, no tensor or sequence parallelism), per layer:
    s·b·h·(34 + 5·a·s/h) bytes; with selective recomputation (the attention's softmax and dropout
    recomputed) 34·s·b·h; with full recomputation only each layer's input is kept, 2·s·b·h.
    """
    decoder, compute = summary.decoder, summary.compute
    if decoder is None or compute.seq_len is None or any(layer.length is not None for layer in decoder.cache) \
            or decoder.heads is None:
        return None
    s, b, h, a, layers = compute.seq_len, compute.batch_size, decoder.hidden_size, decoder.heads, decoder.layers
    per_layer = s * b * (34 * h + 5 * a * s)  # = s·b·h·(34 + 5·a·s/h), in whole bytes
    return {
        "estimate": layers * per_layer,
        "selective_recompute": layers * 34 * s * b * h,
        "full_recompute": layers * 2 * s * b * h,
        "rule": (f"estimate: {layers} layers × s·b·h·(34 + 5·a·s/h) B with s={s}, b={b}, h={h}, a={a} "
                 f"(16-bit activations; {KORTHIKANTI}); selective recomputation 34·s·b·h, full 2·s·b·h per layer"),
    }


def memory(summary, recipe=None):
    """The `memory` object of the JSON output."""
    kv_bytes, kv_why = kv_cache(summary)
    return {
        "dtype": summary.dtype,
        "weights_bytes": summary.totals.bytes,
        "kv_cache_bytes": kv_bytes,
        "kv_cache_rule": kv_why,
        "training": training(summary, recipe or DEFAULT_RECIPE),
        "activations_bytes": activations(summary),
    }


__all__ = ["RECIPES", "DEFAULT_RECIPE", "Recipe", "kv_cache", "cached_tokens", "training", "activations", "memory"]
