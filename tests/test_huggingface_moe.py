"""Mixture-of-experts config.json files: active parameters (the experts a token is not routed to are
inactive) and the values transformers refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import paramsum
from paramsum import ParamsumError
from paramsum.formats.huggingface import build_huggingface
from paramsum.layers import layer_class
from paramsum.layers.base import LayerContext

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "huggingface"
TOP_K = {"mixtral": 2, "qwen2_moe": 4, "qwen3_moe": 8, "deepseek_v2": None, "deepseek_v3": 8, "gpt_oss": 4}
NAMES = sorted(p.name[: -len(".config.json")] for p in FIXTURES.glob("*.config.json")
               if json.loads(p.read_text()).get("model_type") in TOP_K)


def make(spec, default_name=None):
    return layer_class("pytorch", spec.type)(spec.name or default_name, spec.config, LayerContext(make_layer=make))


def inactive(data):
    """The inactive parameters of the blocks paramsum builds from a config."""
    out = 0
    for spec in build_huggingface(data).layers:
        if spec.type == "Block":
            block = make(spec)
            block.make_weights((None, None, spec.config["hidden_size"]))
            out += block.inactive_params
    return out


@pytest.mark.parametrize("name", NAMES)
def test_inactive_are_the_experts_a_token_skips(name):
    """Of the routed experts' tensors (E experts stacked), (E - top_k) / E are inactive."""
    data = json.loads((FIXTURES / f"{name}.config.json").read_text())
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text())
    top_k = data.get("num_experts_per_tok", TOP_K[data["model_type"]])
    expected = 0
    for weight, shape, _ in truth["parameters"]:
        if ".experts." in weight:
            count = 1
            for size in shape:
                count *= size
            expected += count * (shape[0] - top_k) // shape[0]
    assert inactive(data) == expected


ACTIVE = {  # total - inactive, and what the model cards announce
    "mixtral_8x7b_v0_1": 12_879_925_248,  # 12.9B active
    "qwen2_moe_57b_a14b": 14_249_270_784,  # 14B
    "qwen3_moe_30b_a3b": 3_353_032_704,  # 3.3B
    "deepseek_v2_5": 21_375_800_320,  # 21B
    "deepseek_v3_r1": 37_552_282_624,  # 37B
    "gpt_oss_20b": 4_187_440_704,  # 3.6B without the 579M input embedding
}


@pytest.mark.parametrize("name,active", ACTIVE.items())
def test_active_params_of_published_checkpoints(name, active):
    data = json.loads((FIXTURES / f"{name}.config.json").read_text())
    summary = paramsum.summarize(FIXTURES / f"{name}.config.json")
    assert summary.totals.params - inactive(data) == active == summary.totals.active_params
    assert sum(layer.active_params for layer in summary.layers) == active


def test_active_params_in_every_output():
    """JSON per layer and in totals, a CSV column, a Markdown cell and a table footer line: for MoE models only."""
    from click.testing import CliRunner

    from paramsum.cli import main

    path = str(FIXTURES / "mixtral_8x7b_v0_1.config.json")
    doc = json.loads(CliRunner().invoke(main, [path, "--format", "json"]).stdout)
    assert doc["totals"]["active_params"] == ACTIVE["mixtral_8x7b_v0_1"]
    block = next(layer for layer in doc["layers"] if layer["name"] == "model.layers.0")
    assert block["params"] - block["active_params"] == 6 * 3 * 4096 * 14336  # 6 of 8 experts unused per token
    import csv

    table_rows = list(csv.DictReader(CliRunner().invoke(main, [path, "--format", "csv"]).stdout.splitlines()))
    row = next(r for r in table_rows if r["layer"] == "model.layers.0")
    assert int(row["active_params"]) == block["active_params"] and table_rows[0]["active_params"] == "0"
    markdown = CliRunner().invoke(main, [path, "--format", "markdown"]).stdout
    assert f"{block['params']:,} ({block['active_params']:,} active)" in markdown
    table = CliRunner().invoke(main, [path], env={"COLUMNS": "160"}).stdout
    assert f"Active params per token: {ACTIVE['mixtral_8x7b_v0_1']:,}" in table
    dense = json.loads(CliRunner().invoke(main, [str(FIXTURES / "llama_tiny.config.json"), "--format", "json"]).stdout)
    assert "active_params" not in dense["totals"] and "active_params" not in dense["layers"][1]


@pytest.mark.parametrize("data,message", [
    ({"model_type": "gpt_oss", "num_hidden_layers": 3, "layer_types": ["full_attention"]},
     "must be equal to the number of `layer_types`"),
    ({"model_type": "qwen2_moe", "num_hidden_layers": 1, "layer_types": ["full_attention"] * 2},
     "must be equal to the number of `layer_types`"),
    ({"model_type": "mixtral", "num_key_value_heads": None}, "num_key_value_heads: expected an integer"),
    ({"model_type": "gpt_oss", "head_dim": None}, "head_dim: expected an integer"),
    ({"model_type": "deepseek_v2", "hidden_size": 100, "num_attention_heads": 3}, "divisible"),
])
def test_refused_as_transformers_refuses(data, message):
    with pytest.raises(ParamsumError, match=message):
        paramsum.summarize(data, source="config.json")
