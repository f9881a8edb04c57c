"""Every layer type against the real framework: one row per fixture case.

The fixtures in tests/fixtures/ are written by tools/make_fixtures.py from Keras 3
and PyTorch; each row is (type, arguments, input shape) → (output shape, weights, params).
"""

from __future__ import annotations

import pytest

from paramsum import ParamsumError, summarize
from tests.helpers import fixture_cases, one_layer_model, summarize_case

CASES = list(fixture_cases())


def _shape(shape):
    if shape and isinstance(shape[0], (list, tuple)):
        return [_shape(s) for s in shape]
    return list(shape)


def _name(framework, name):
    # Keras paths of nested weights depend on auto-named sublayers; torch names are exact.
    return name.rsplit("/", 1)[-1] if framework == "keras" else name


@pytest.mark.parametrize("framework,case", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_layer_matches_framework(framework, case):
    if "error" in case:
        refused = case.get("refused")
        assert refused, (
            f"the framework refuses this row ({case['error']}): give it "
            '`refused: {argument: <name or null>, message: "<fragment of paramsum\'s error>"}`'
        )
        with pytest.raises(ParamsumError) as raised:
            summarize_case(framework, case)
        error = raised.value
        assert error.argument == refused["argument"], f"paramsum blames {error.argument!r}: {error.message}"
        assert refused["message"] in error.message, f"paramsum says: {error.message}"
        return
    assert "refused" not in case, "the row says `refused` but the framework accepted it (the fixture has no error)"
    layer = summarize_case(framework, case)
    got_weights = [(_name(framework, w.name), [int(d) for d in w.shape], w.trainable) for w in layer.weights]
    want_weights = [(_name(framework, w["name"]), w["shape"], w["trainable"]) for w in case["weights"]]
    assert got_weights == want_weights
    assert _shape(layer.output_shape) == _shape(case["output_shape"])
    assert layer.params == case["params"]
    assert layer.trainable_params == case["trainable_params"]
    assert layer.non_trainable_params == case["non_trainable_params"]
    if "buffers" in case:
        assert [(b.name, [int(d) for d in b.shape]) for b in layer.buffers] == [
            (b["name"], b["shape"]) for b in case["buffers"]
        ]
    assert eval(layer.formula.replace("×", "*"), {"__builtins__": {}}) == layer.params


TORCH_MAC_CASES = [c for c in CASES if c[1] == "pytorch" and "error" not in c[2]]


@pytest.mark.parametrize("case", [c[2] for c in TORCH_MAC_CASES], ids=[c[0] for c in TORCH_MAC_CASES])
def test_torch_layer_macs_match_flop_counter(case):
    """MACs of one forward pass at batch 1, unknown sizes 7, against FlopCounterMode's FLOPs / 2."""
    assert "macs" in case or "macs_error" in case, "regenerate the fixture: the row has no MACs"
    sizes = {"batch_size": case.get("macs_batch_size", 1), "seq_len": case.get("unknown_dim_size", 7)}
    summary = summarize(one_layer_model("pytorch", case), source="case", **sizes)
    layer = next(layer for layer in summary.layers if layer.name == "layer_under_test")
    if "macs_error" in case:  # torch refuses these sizes: no count to give
        assert layer.macs is None, f"torch refuses the sizes ({case['macs_error']}), paramsum counts {layer.macs}"
        return
    assert layer.macs == case["macs"]
    assert layer.flops == 2 * case["macs"]


KERAS_COMPUTED = [c for c in CASES if c[1] == "keras" and "macs" in c[2]]


@pytest.mark.parametrize("framework,case", [c[1:] for c in KERAS_COMPUTED], ids=[c[0] for c in KERAS_COMPUTED])
def test_keras_layer_macs_match_flop_counter(framework, case):
    """One forward pass of the Keras layer (batch 1, unknown sizes = the fixture's seq_len) as
    torch's FlopCounterMode counts it: MACs = FLOPs / 2."""
    layer = summarize_case(framework, case, batch_size=case["compute_batch_size"], seq_len=case["compute_seq_len"])
    assert layer.macs == case["macs"]
    assert layer.flops == 2 * case["macs"]


def test_every_accepted_keras_row_has_its_macs_or_the_reason():
    rows = [c for c in CASES if c[1] == "keras" and "error" not in c[2]]
    assert rows
    missing = [c[0] for c in rows if "macs" not in c[2] and "macs_error" not in c[2]]
    assert not missing, f"fixtures without macs (rerun tools/make_fixtures.py): {missing[:5]}"
