"""Whole Keras models: paramsum's total MACs against the framework's count (tools/make_keras_model_macs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paramsum import summarize

MODELS = Path(__file__).parent / "fixtures" / "keras_models"
TRUTH = json.loads((Path(__file__).parent / "fixtures" / "model_macs_keras.json").read_text())


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_model_macs_match_flop_counter(name):
    truth = TRUTH[name]
    assert "error" not in truth, truth.get("error")
    summary = summarize(MODELS / f"{name}.json", batch_size=truth["batch_size"], seq_len=truth["seq_len"])
    assert summary.totals.macs == truth["macs"]
    assert summary.totals.flops == 2 * truth["macs"]
