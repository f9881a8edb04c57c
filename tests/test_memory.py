"""Memory figures: the KV cache against the cache transformers builds, training recipes and the activation
estimate as arithmetic, each constant with its source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import paramsum
from paramsum.memory import RECIPES, activations, kv_cache, memory, training
from paramsum.summary import Compute

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "tests" / "fixtures" / "huggingface"
KV = json.loads((ROOT / "tests" / "fixtures" / "kv_cache.json").read_text())["configs"]


# -- the KV cache, exact against transformers (tools/make_kv_fixtures.py) -----------------------------


@pytest.mark.parametrize("name", sorted(KV))
def test_kv_cache_is_the_sum_of_the_tensors_transformers_caches(name):
    entry = KV[name]
    summary = paramsum.summarize(CONFIGS / f"{name}.config.json", dtype="float32", batch_size=entry["batch_size"],
                                 seq_len=entry["seq_len"])
    assert kv_cache(summary)[0] == entry["bytes_float32"]


def test_kv_cache_scales_with_the_dtype_the_batch_and_the_tokens():
    path = CONFIGS / "llama_tiny.config.json"
    base = kv_cache(paramsum.summarize(path, dtype="float32", batch_size=2, seq_len=9))[0]
    assert kv_cache(paramsum.summarize(path, dtype="bfloat16", batch_size=2, seq_len=9))[0] * 2 == base
    assert kv_cache(paramsum.summarize(path, dtype="float32", batch_size=4, seq_len=18))[0] == 4 * base


def test_a_sliding_layer_keeps_the_last_window_minus_one_tokens():
    # gemma2_tiny: sliding_window 4, layer 0 sliding, layer 1 full; 2 k/v heads × head_dim 8 → 32 per token
    summary = paramsum.summarize(CONFIGS / "gemma2_tiny.config.json", dtype="float32", batch_size=1, seq_len=100)
    assert kv_cache(summary)[0] == 32 * (3 + 100) * 4


def test_deepseek_caches_the_compressed_latent_and_the_rotated_key():
    # deepseek_v2_tiny: 3 layers × (kv_lora_rank 16 + qk_rope_head_dim 4) per token
    summary = paramsum.summarize(CONFIGS / "deepseek_v2_tiny.config.json", dtype="bfloat16", seq_len=10)
    assert kv_cache(summary)[0] == 3 * (16 + 4) * 10 * 2


def test_whisper_cross_attention_caches_the_encoder_frames():
    summary = paramsum.summarize(CONFIGS / "whisper_tiny.config.json", dtype="float32", seq_len=1)
    decoder = summary.decoder
    cross = [layer for layer in decoder.cache if layer.length is not None]
    assert cross and all(layer.length == 1500 for layer in cross)  # max_source_positions


def test_a_model_without_a_decoder_has_no_kv_cache():
    summary = paramsum.summarize(ROOT / "sample_configs" / "mnist.yaml")
    assert kv_cache(summary) == (None, "not a decoder: no KV cache")
    assert memory(summary)["kv_cache_bytes"] is None


def test_an_unknown_sequence_length_gives_no_kv_figure():
    summary = paramsum.summarize(CONFIGS / "llama_tiny.config.json")
    summary.compute = Compute(batch_size=1, seq_len=None)  # whatever length the reader defaults to
    assert kv_cache(summary) == (None, "the sequence length is unknown: give --seq-len N")


# -- training recipes: bytes per param, each constant's source ---------------------------------------------


@pytest.mark.parametrize("recipe, per_param", [
    ("fp32-adam", 16),  # 4 weights + 4 gradients + 2 × 4 Adam moments (Kingma & Ba 2015)
    ("mixed-adam", 16),  # 2 + 2 + 12 (fp32 master, m, v): ZeRO, Rajbhandari et al. 2020, sec. 3.1
    ("mixed-adam-megatron", 18),  # 2 + 4 fp32 grads + 4 master + 8 moments: Megatron Core distrib_optimizer guide
    ("bf16-adam", 8),  # 2 + 2 + 2 × 2 bf16 moments
    ("sgd-momentum", 12),  # 4 + 4 + 4 momentum_buffer (torch.optim.SGD)
    ("adam-8bit", 10),  # 4 + 4 + 2 × 1 (Dettmers et al. 2022)
])
def test_recipe_bytes_per_trainable_param(recipe, per_param):
    assert RECIPES[recipe].per_param == per_param
    summary = paramsum.summarize(ROOT / "sample_configs" / "mnist.yaml")  # 7,850 params, all trainable
    assert training(summary, recipe)["bytes"] == per_param * 7850


def test_frozen_params_get_weights_but_no_gradients_nor_optimizer_state():
    summary = paramsum.summarize(ROOT / "tests" / "models" / "branches.yaml")
    totals = summary.totals
    assert totals.non_trainable_params > 0
    result = training(summary, "fp32-adam")
    assert result["terms"] == {"weights": 4 * totals.params, "gradients": 4 * totals.trainable_params,
                               "optimizer_state": 8 * totals.trainable_params}
    assert result["bytes"] == 4 * totals.params + 12 * totals.trainable_params  # the sum, not the max


def test_every_recipe_names_its_source():
    for recipe in RECIPES.values():
        assert recipe.source and recipe.source in recipe.rule()


# -- activations: Korthikanti et al. 2022, an estimate ------------------------------------------------------


def test_activation_estimate_follows_korthikanti_eq_1():
    # llama_tiny: 2 layers, h = 32, a = 4; s = 128, b = 2
    summary = paramsum.summarize(CONFIGS / "llama_tiny.config.json", batch_size=2, seq_len=128)
    decoder = summary.decoder
    assert (decoder.layers, decoder.hidden_size, decoder.heads) == (2, 32, 4)
    s, b, h, a = 128, 2, 32, 4
    result = activations(summary)
    assert result["estimate"] == 2 * s * b * h * (34 + 5 * a * s // h)  # 5·a·s/h = 80 exactly here
    assert result["selective_recompute"] == 2 * 34 * s * b * h
    assert result["full_recompute"] == 2 * 2 * s * b * h
    assert result["rule"].startswith("estimate") and "Korthikanti" in result["rule"]


def test_no_activation_estimate_outside_decoders():
    assert activations(paramsum.summarize(ROOT / "sample_configs" / "mnist.yaml")) is None


def test_the_contract_example_llama3_8b_at_128_tokens():
    summary = paramsum.summarize(CONFIGS / "llama3_8b.config.json", dtype="bfloat16", seq_len=128)
    doc = memory(summary, "mixed-adam")
    assert doc["weights_bytes"] == 2 * 8030261248
    assert doc["kv_cache_bytes"] == 32 * 2 * 8 * 128 * 128 * 2  # layers × (k, v) × kv heads × head_dim × tokens × B
    assert doc["training"]["bytes"] == 16 * 8030261248


# -- output -----------------------------------------------------------------------------------------------


def test_json_memory_object_and_train_option():
    result = subprocess.run([sys.executable, "-m", "paramsum", "--format", "json", "--train", "sgd-momentum",
                             str(ROOT / "sample_configs" / "mnist.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)["memory"]
    assert doc["weights_bytes"] == 31400 and doc["dtype"] == "float32"
    assert doc["training"]["recipe"] == "sgd-momentum" and doc["training"]["bytes"] == 12 * 7850


def test_table_footer_names_the_recipe():
    result = subprocess.run([sys.executable, "-m", "paramsum", "--no-color", "--train", "fp32-adam",
                             str(ROOT / "sample_configs" / "mnist.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"Training memory (fp32-adam): 122.66 KiB ({16 * 7850:,} B;" in result.stdout


def test_an_unknown_recipe_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "paramsum", "--train", "adamw",
                             str(ROOT / "sample_configs" / "mnist.yaml")], capture_output=True, text=True)
    assert result.returncode == 2 and "adamw" in result.stderr
