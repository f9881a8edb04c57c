"""Whole Keras models: paramsum's MACs, in total and per row (a nested model's rows too), against the
framework's count (tools/make_keras_model_macs.py): the samples and keras.applications models."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from paramsum import summarize

MODELS = Path(__file__).parent / "fixtures" / "keras_models"
DOCUMENT = json.loads((Path(__file__).parent / "fixtures" / "model_macs_keras.json").read_text())
TRUTH = {name: truth for name, truth in DOCUMENT.items() if "error" not in truth}


def test_every_model_file_is_counted_or_says_why_not():
    files = {p.name[: -len(".json")] for p in MODELS.glob("*.json")} - {"truth"}
    files |= {p.name[: -len(".json.gz")] for p in (MODELS / "apps").glob("*.json.gz")}
    assert set(DOCUMENT) == files
    assert all(truth["error"] for truth in DOCUMENT.values() if "error" in truth)
    assert len(TRUTH) >= 27


def _summary(name):
    truth = TRUTH[name]
    path = MODELS / f"{name}.json"
    model = path if path.exists() else json.loads(gzip.decompress((MODELS / "apps" / f"{name}.json.gz").read_bytes()))
    return summarize(model, source=name, batch_size=truth["batch_size"], seq_len=truth["seq_len"])


def _rows(layers, path=()):
    for layer in layers:
        yield (*path, layer.name), layer.macs
        yield from _rows(layer.children, (*path, layer.name))


@pytest.mark.parametrize("name", sorted(name for name, truth in TRUTH.items() if "macs" in truth))
def test_model_macs_match_flop_counter(name):
    summary = _summary(name)
    assert summary.totals.macs == TRUTH[name]["macs"]
    assert summary.totals.flops == 2 * TRUTH[name]["macs"]


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_row_counts_its_layers_calls(name):
    """Each row its own layer's MACs over all its calls; a nested model's row the sum of its layers'; the rows
    of the keras.ops models each operation's alone."""
    counted = {tuple(path): macs for path, macs in TRUTH[name]["layers"]}
    not_run = TRUTH[name].get("not_run", {})  # (a model whose operations are counted one by one)
    rows = {path: macs for path, macs in _rows(_summary(name).layers) if path[0] not in not_run}
    assert set(counted) <= set(rows)
    assert rows == {path: counted.get(path, 0) for path in rows}


def test_the_operations_keras_cannot_run_say_why():
    assert TRUTH["ops_catalog"]["not_run"].keys() == {"gcd", "lcm", "ldexp"}
    assert TRUTH["ops_shapes"]["layers"] == [[["dense"], 640], [["dense_1"], 384], [["matmul"], 240]]


def test_resnet50_and_mobilenet_v2_whole():
    assert TRUTH["ResNet50"]["macs"] == 3_857_973_248 and TRUTH["ResNet50"]["seq_len"] == 224
    assert len(TRUTH["ResNet50"]["layers"]) == 54  # 53 convolutions and the classifier
    depthwise = [path for path, _ in TRUTH["MobileNetV2"]["layers"] if "depthwise" in path[-1]]
    assert len(depthwise) == 17


def test_nested_rows_carry_their_own_flops_in_the_json():
    from click.testing import CliRunner

    from paramsum.cli import main

    result = CliRunner().invoke(main, [str(MODELS / "nested_models.json"), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    rows = {layer["name"]: layer for layer in document["layers"]}
    block = {child["name"]: child["flops"] for child in rows["block"]["layers"]}
    assert block == {"input_layer_1": 0, "conv2d_1": 2 * 4_147_200, "add": 0}  # two calls of 30 × 30 × 16 × 144
    assert rows["block"]["flops"] == sum(block.values())
    assert document["totals"]["macs"] == sum(layer["macs"] for layer in document["layers"]) == TRUTH[
        "nested_models"]["macs"]


# Keras 3 cannot rebuild the Keras 2 and TF 2 saves of these models: they count what the framework
# counted on the Keras 3 model they were saved from (the same layers), per row where the names agree.
SAVED_BY_KERAS_2 = {f"keras2_{name}": name for name in (
    "frozen_layers", "functional_cnn", "nested_models", "nested_outputs", "sequential_mlp", "shared_multi_io")}
SAVED_BY_TF_2 = {"tf2_MobileNetV3Small": "MobileNetV3Small", "tf2_Xception": "Xception",
                 "tf2_time_distributed_model": "time_distributed_model"}


@pytest.mark.parametrize("saved,model", sorted({**SAVED_BY_KERAS_2, **SAVED_BY_TF_2}.items()))
def test_older_saves_count_what_keras_3_counted(saved, model):
    assert "error" in DOCUMENT[saved]
    truth = TRUTH[model]
    path = MODELS / f"{saved}.json"
    data = path if path.exists() else json.loads(gzip.decompress((MODELS / "apps" / f"{saved}.json.gz").read_bytes()))
    summary = summarize(data, source=saved, batch_size=truth["batch_size"], seq_len=truth["seq_len"])
    assert summary.totals.macs == truth["macs"]
    if saved in SAVED_BY_KERAS_2:
        counted = {tuple(path): macs for path, macs in truth["layers"]}
        rows = dict(_rows(summary.layers))
        assert set(counted) <= set(rows)
        assert rows == {path: counted.get(path, 0) for path in rows}
