"""Keras 2's cuDNN layers, Keras 1 files and old Keras 2 layouts, against tf.keras 2.15's counts.

tests/fixtures/keras_legacy/ is written by tools/make_keras_legacy_files.py: tf.keras' own
to_json() of CuDNNLSTM/CuDNNGRU models, Keras 1.2-layout files with the truth of their Keras 2
translation built in tf.keras, and tf.keras models rewritten in Keras 2.0/2.2 layouts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paramsum import ParamsumError, summarize
from tests.test_keras_files import check_layers, check_totals

LEGACY = Path(__file__).parent / "fixtures" / "keras_legacy"
TRUTH = json.loads((LEGACY / "truth.json").read_text())


def doc(name):
    return json.loads((LEGACY / f"{name}.json").read_text())


def layer_config(document, name):
    items = document["config"] if isinstance(document["config"], list) else document["config"]["layers"]
    return next(item["config"] for item in items if item["config"].get("name") == name)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_legacy_file_matches_tf_keras(name):
    summary = summarize(str(LEGACY / f"{name}.json"))
    check_totals(summary, TRUTH[name])
    check_layers(summary.layers, TRUTH[name]["layers"], name)
    assert summary.warnings == []


def test_cudnn_lstm_has_two_bias_vectors():
    summary = summarize(str(LEGACY / "tf2_cudnn.json"))
    lstm = next(layer for layer in summary.layers if layer.name == "cudnn_lstm")
    assert [(w.name, tuple(w.shape)) for w in lstm.weights] == [
        ("kernel", (12, 40)), ("recurrent_kernel", (10, 40)), ("bias", (80,))]  # 8 × units


def test_keras1_deconvolution_output_shape_is_compared():
    document = doc("keras1_generator")
    layer_config(document, "deconvolution2d_1")["output_shape"] = [None, 15, 15, 8]
    summary = summarize(document, source="edited")
    assert summary.totals.params == TRUTH["keras1_generator"]["total"]
    assert any("'deconvolution2d_1'" in w and "(None, 15, 15, 8)" in w for w in summary.warnings)


def test_keras1_zero_padding_as_a_mapping():
    document = doc("keras1_generator")
    layer_config(document, "zeropadding2d_1")["padding"] = {"top_pad": 1, "bottom_pad": 1, "left_pad": 1,
                                                            "right_pad": 1}
    summary = summarize(document, source="edited")
    check_layers(summary.layers, TRUTH["keras1_generator"]["layers"], "edited")


def test_keras1_batch_normalization_modes_other_than_0_are_refused():
    document = doc("keras1_generator")
    layer_config(document, "batchnormalization_1")["mode"] = 2
    with pytest.raises(ParamsumError, match="mode=2 is not supported") as caught:
        summarize(document, source="edited")
    assert caught.value.layer == "batchnormalization_1"


def test_a_gru_that_writes_reset_after_keeps_it():
    document = doc("keras2_gru_no_reset_after")
    document["config"][0]["config"]["reset_after"] = True
    gru = summarize(document, source="edited").layers[0]
    assert [tuple(w.shape) for w in gru.weights][-1] == (2, 27)


def test_keras20_nested_sequential_without_a_name():
    """Keras 2.0 wrote a nested Sequential as {class_name, config: [layers]}, no name; Keras named it on loading."""
    document = doc("keras2_gru_no_reset_after")
    document["config"] = [{"class_name": "Sequential", "config": document["config"]}]
    summary = summarize(document, source="nested")
    assert [layer.name for layer in summary.layers] == ["sequential_1"]
    assert summary.totals.params == TRUTH["keras2_gru_no_reset_after"]["total"]
