"""Whole models: the seed question's numbers, and every Keras sample config against Keras."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paramsum import summarize

ROOT = Path(__file__).resolve().parents[1]
TRUTH = json.loads((ROOT / "tests" / "fixtures" / "model_truth.json").read_text())


def rows(summary):
    return [(layer.name, layer.type, layer.params) for layer in summary.layers]


def test_seed_mnist_7850():
    summary = summarize(ROOT / "sample_configs" / "mnist.yaml")
    assert rows(summary) == [("flatten", "Flatten", 0), ("dense", "Dense", 7850), ("activation", "Activation", 0)]
    assert summary.layers[0].output_shape == (None, 784)
    assert summary.layers[1].formula == "784 × 10 + 10"
    assert summary.totals.params == 7850
    assert summary.totals.bytes == 31_400


def test_seed_dense_514():
    summary = summarize(ROOT / "sample_configs" / "dense_514.yaml")
    assert [p for *_, p in rows(summary)] == [264_710, 0, 132_355]
    assert summary.totals.params == 397_065
    assert summary.layers[0].formula == "514 × 514 + 514"


def test_seed_conv_stack():
    summary = summarize(ROOT / "sample_configs" / "conv_stack.yaml")
    assert [p for *_, p in rows(summary)] == [896, 18_496, 73_856, 1_290]
    assert [layer.output_shape for layer in summary.layers] == [
        (None, 222, 222, 32), (None, 220, 220, 64), (None, 218, 218, 128), (None, 218, 218, 10),
    ]
    assert summary.layers[0].formula == "3 × 3 × 3 × 32 + 32"


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_model_matches_keras(name):
    truth = TRUTH[name]
    summary = summarize(ROOT / name)
    layers = [layer for layer in summary.layers if layer.type != "InputLayer"]
    expected = [layer for layer in truth["layers"] if layer["class"] != "InputLayer"]
    assert [(layer.type, layer.params) for layer in layers] == [(e["class"], e["params"]) for e in expected]
    assert [json.loads(json.dumps(layer.output_shape)) for layer in layers] == [e["output_shape"] for e in expected]
    assert (summary.totals.params, summary.totals.trainable_params, summary.totals.non_trainable_params) == (
        truth["total"], truth["trainable"], truth["non_trainable"])
