"""Write tests/fixtures/kv_cache.json: the KV cache transformers builds for small fixture configs.

Each config (tests/fixtures/huggingface/<name>.config.json) is built on the CPU with
eager attention and run once with use_cache=True on `batch` × `seq_len` tokens
(an encoder-decoder: `seq_len` encoder tokens and `seq_len` decoder tokens); the figure
is the sum of the elements of every tensor its returned cache holds (each tensor once),
and the bytes at float32. The test compares paramsum's rule with these figures, so no
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

NAMES = [
    "llama_tiny", "mistral_tiny", "qwen2_tiny", "qwen3_tiny", "phi3_tiny_gqa_tied", "gemma_tiny", "gemma2_tiny",
    "gemma3_text_tiny", "gemma3_text_tiny_layer_types", "gemma3_text_tiny_sliding_only", "gpt_oss_tiny",
    "gpt_oss_tiny_tied", "mixtral_tiny", "qwen2_moe_tiny", "qwen3_moe_tiny", "deepseek_v2_tiny",
    "deepseek_v3_tiny", "deepseek_v3_tiny_lite", "starcoder2_tiny", "olmo_tiny", "olmo2_tiny", "granite_tiny",
    "cohere_tiny", "stablelm_tiny", "phi_tiny", "gpt_neox_tiny", "gptj_tiny", "gpt2_tiny", "gpt_bigcode_tiny",
    "falcon_tiny", "falcon_tiny_new_arch", "bloom_tiny", "mpt_tiny", "opt_tiny",
    "bart_tiny", "mbart_tiny", "pegasus_tiny", "t5_tiny", "mt5_tiny", "whisper_tiny",
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


def measure(name):
    import torch
    import transformers

    data = json.loads((CONFIGS / f"{name}.config.json").read_text())
    with tempfile.TemporaryDirectory() as folder:
        (pathlib.Path(folder) / "config.json").write_text(json.dumps(data))
        config = transformers.AutoConfig.from_pretrained(folder)
    config._attn_implementation = "eager"
    torch.manual_seed(0)
    model = getattr(transformers, data["architectures"][0])(config).eval()
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
            "configs": {name: measure(name) for name in NAMES}}


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
