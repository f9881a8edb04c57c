"""Write tests/fixtures/kv_cache.json: the KV cache transformers builds for small fixture configs.

Each small config (tests/fixtures/huggingface/<name>.config.json, NAMES) is built on the
CPU with eager attention and run once with use_cache=True on BATCH × SEQ_LEN tokens (an
encoder-decoder: SEQ_LEN encoder tokens and SEQ_LEN decoder tokens); each published
config (PUBLISHED) is built on the meta device, where no number is computed but every
tensor has its shape, and run on 1 × PUBLISHED_LEN tokens, longer than their 4,096-token
sliding windows (an encoder-decoder: SEQ2SEQ_LEN encoder and decoder tokens, Whisper its
2 × max_source_positions mel frames). The figure is the sum of the elements of every tensor the returned
cache holds (each tensor once), and the bytes at float32. The test compares paramsum's rule with these figures, so no
framework is needed there.

    python tools/make_kv_fixtures.py           # write the fixture
    python tools/make_kv_fixtures.py --check   # exit 1 when the fixture is out of date
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "tests" / "fixtures" / "huggingface"
OUT = ROOT / "tests" / "fixtures" / "kv_cache.json"

BATCH, SEQ_LEN = 2, 9  # longer than the fixtures' sliding windows (4), shorter than mistral_tiny's (16)
PUBLISHED_LEN = 4200
SEQ2SEQ_LEN = 300  # within their position tables

NAMES = [
    "llama_tiny", "mistral_tiny", "qwen2_tiny", "qwen3_tiny", "phi3_tiny_gqa_tied", "gemma_tiny", "gemma2_tiny",
    "gemma3_text_tiny", "gemma3_text_tiny_layer_types", "gemma3_text_tiny_sliding_only", "gpt_oss_tiny",
    "gpt_oss_tiny_tied", "mixtral_tiny", "qwen2_moe_tiny", "qwen3_moe_tiny", "deepseek_v2_tiny",
    "deepseek_v3_tiny", "deepseek_v3_tiny_lite", "starcoder2_tiny", "olmo_tiny", "olmo2_tiny", "granite_tiny",
    "cohere_tiny", "stablelm_tiny", "phi_tiny", "gpt_neox_tiny", "gptj_tiny", "gpt2_tiny", "gpt_bigcode_tiny",
    "falcon_tiny", "falcon_tiny_new_arch", "bloom_tiny", "mpt_tiny", "opt_tiny",
    "bart_tiny", "mbart_tiny", "pegasus_tiny", "t5_tiny", "mt5_tiny", "whisper_tiny",
    "bart_tiny_causal", "mbart_tiny_causal", "pegasus_tiny_causal", "marian_tiny_causal", "gpt2_tiny_cross",
    "gpt_bigcode_tiny_mha_cross", "bert_tiny_lm_head", "bert_tiny_decoder_cross", "roberta_tiny_causal",
    "roberta_tiny_causal_cross", "xlm_roberta_tiny_causal_cross", "electra_tiny_causal_cross",
    "bert_tiny_model_cross",
]
PUBLISHED = [
    "llama3_8b", "mistral_7b_v0_1", "mistral_7b_instruct_v0_2", "gemma2_2b_it", "gemma3_text_1b_it", "qwen2_0_5b",
    "qwen3_4b", "phi3_mini_4k_instruct", "starcoder2_3b", "falcon_40b_instruct", "falcon_7b",
    "cohere_command_r_v01", "gpt_oss_20b", "qwen3_moe_30b_a3b", "deepseek_v3_r1", "mixtral_8x7b_v0_1",
    "t5_small", "flan_t5_base", "mt5_small", "bart_base", "bart_large_cnn", "mbart_large_cc25", "pegasus_xsum",
    "marian_opus_mt_en_de", "whisper_small",
]


def cache_elements(cache, torch):
    """Elements of every floating tensor reachable from the cache object (each tensor once)."""
    seen, tensors, stack = set(), {}, [cache]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, torch.Tensor):
            if item.is_floating_point():
                tensors[id(item)] = item.numel()
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "__dict__") and type(item).__module__.startswith("transformers"):
            stack.extend(vars(item).values())
    return sum(tensors.values())


def build_model(transformers, data, config):
    """The class config.json names (AutoModel's base model when it names none)."""
    architectures = data.get("architectures")
    if architectures:
        return getattr(transformers, architectures[0])(config).eval()
    return transformers.AutoModel.from_config(config).eval()


def measure(name, published=False):
    import torch
    import transformers

    data = json.loads((CONFIGS / f"{name}.config.json").read_text())
    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "config.json").write_text(json.dumps(data))
        config = transformers.AutoConfig.from_pretrained(folder)
    config._attn_implementation = "eager"
    if published:  # the eager experts pick tokens with nonzero(), which the meta device cannot do; the
        config._experts_implementation = "batched_mm"  # experts do not touch the cache
        length = SEQ2SEQ_LEN if config.is_encoder_decoder else PUBLISHED_LEN
        with torch.device("meta"), torch.no_grad():
            model = build_model(transformers, data, config)
            inputs = {"input_ids": torch.zeros((1, length), dtype=torch.long)}
            if data.get("model_type") == "whisper":
                inputs = {"input_features": torch.zeros(1, config.num_mel_bins, 2 * config.max_source_positions)}
            if config.is_encoder_decoder:
                inputs["decoder_input_ids"] = torch.zeros((1, length), dtype=torch.long)
            out = model(**inputs, use_cache=True)
        elements = cache_elements(out.past_key_values, torch)
        return {"batch_size": 1, "seq_len": length, "elements": elements, "bytes_float32": 4 * elements,
                "cache": type(out.past_key_values).__name__, "device": "meta"}
    torch.manual_seed(0)
    model = build_model(transformers, data, config)
    inputs = {"input_ids": torch.randint(3, 50, (BATCH, SEQ_LEN))}
    if data.get("model_type") == "whisper":
        mels = getattr(config, "num_mel_bins", 80)
        frames = 2 * config.max_source_positions
        inputs = {"input_features": torch.randn(BATCH, mels, frames)}
    if config.is_encoder_decoder:
        inputs["decoder_input_ids"] = torch.randint(3, 50, (BATCH, SEQ_LEN))
    with torch.no_grad():
        out = model(**inputs, use_cache=True)
    elements = cache_elements(out.past_key_values, torch)
    entry = {"batch_size": BATCH, "seq_len": SEQ_LEN, "elements": elements, "bytes_float32": 4 * elements,
             "cache": type(out.past_key_values).__name__}
    if data.get("model_type") == "whisper":
        entry["encoder_len"] = config.max_source_positions  # the encoder's output positions
    return entry


def build():
    return {"transformers": __import__("transformers").__version__,
            "configs": {**{name: measure(name) for name in NAMES},
                        **{name: measure(name, published=True) for name in PUBLISHED}}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed fixture, write nothing")
    args = parser.parse_args(argv)
    doc = build()
    text = json.dumps(doc, indent=1, sort_keys=True) + "\n"
    if args.check:
        old = json.loads(OUT.read_text()) if OUT.exists() else None
        if old is None or old["configs"] != doc["configs"]:
            print(f"{OUT.relative_to(ROOT)} is out of date: run tools/make_kv_fixtures.py", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(doc['configs'])} configs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
