"""torch layers' MACs where no framework run decides: unknown sizes, the batch, the JSON output.

The counts themselves are checked against FlopCounterMode in tests/test_layers.py (every torch
row) and tests/test_torch_models.py (the samples); these tests pin what the fixtures cannot.
"""

from __future__ import annotations

import pytest

from paramsum import summarize


def _one(layer, input=None, inputs=None, **sizes):
    doc = {"framework": "pytorch", "name": "m", "layers": [{"name": "x", **layer}]}
    if inputs is not None:
        doc["inputs"] = {f"in{i}": shape for i, shape in enumerate(inputs)}
        doc["layers"][0]["inputs"] = list(doc["inputs"])
    else:
        doc["input"] = input
    return summarize(doc, source="m", **sizes)


UNKNOWN_LENGTH = [
    ({"type": "LSTM", "input_size": 4, "hidden_size": 5, "batch_first": True}, {"input": [None, 4]}),
    ({"type": "Conv1d", "in_channels": 2, "out_channels": 3, "kernel_size": 3}, {"input": [2, None]}),
    ({"type": "ConvTranspose1d", "in_channels": 2, "out_channels": 3, "kernel_size": 3}, {"input": [2, None]}),
    ({"type": "MultiheadAttention", "embed_dim": 8, "num_heads": 2, "batch_first": True},
     {"inputs": [[None, 8], [None, 8], [None, 8]]}),
    ({"type": "TransformerEncoderLayer", "d_model": 8, "nhead": 2, "dim_feedforward": 16, "batch_first": True},
     {"input": [None, 8]}),
    ({"type": "matmul"}, {"inputs": [[None, 4], [4, 3]]}),
]


@pytest.mark.parametrize("layer,shapes", UNKNOWN_LENGTH, ids=[c[0]["type"] for c in UNKNOWN_LENGTH])
def test_unknown_length_gives_unknown_macs_then_a_count_with_seq_len(layer, shapes):
    unknown = _one(layer, **shapes)
    assert unknown.layers[-1].macs is None and unknown.totals.macs is None and unknown.totals.flops is None
    seven, fourteen = (_one(layer, **shapes, seq_len=n).layers[-1].macs for n in (7, 14))
    assert seven > 0 and fourteen > seven


def test_macs_grow_with_the_batch():
    layer = {"type": "Conv2d", "in_channels": 3, "out_channels": 8, "kernel_size": 3, "groups": 1}
    one, four = (_one(layer, input=[3, 10, 10], batch_size=n).layers[-1].macs for n in (1, 4))
    assert one == 8 * 8 * 8 * 3 * 3 * 3 and four == 4 * one


def test_attention_counts_the_score_matrix_quadratically():
    layer = {"type": "MultiheadAttention", "embed_dim": 8, "num_heads": 2, "batch_first": True}
    macs = [_one(layer, inputs=[[None, 8]] * 3, seq_len=n).layers[-1].macs for n in (1, 2, 4)]
    projections = [4 * n * 8 * 8 for n in (1, 2, 4)]  # q, k, v and out, each token
    assert [m - p for m, p in zip(macs, projections)] == [2 * n * n * 8 for n in (1, 2, 4)]
