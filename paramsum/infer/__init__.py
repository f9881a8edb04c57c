"""Run a layer graph: shapes flow from the inputs, each layer creates its weights → a ModelSummary."""

from __future__ import annotations

from ..summary import ModelSummary
from .recorded import check_recorded_weights
from .run import Run

UNKNOWN_POLICIES = ("error", "count-as-zero")


def infer(graph, source="", format="paramsum", dtype=None, unknown="error"):
    """Graph → ModelSummary (raises ParamsumError naming the layer at fault).

    `dtype` sizes the weights in bytes (default: the model's own); unknown="count-as-zero"
    lets layer types paramsum does not know through as weightless layers, with a warning.
    """
    if unknown not in UNKNOWN_POLICIES:
        raise ValueError(f"unknown must be one of {UNKNOWN_POLICIES}, not {unknown!r}")
    run = Run(unknown)
    layers, _ = run.graph(graph)
    inputs = [layer for layer in layers if layer.type == "InputLayer" and not layer.inputs]
    for warning in check_recorded_weights(graph.recorded_weights, layers):
        run.warn(warning)
    if graph.chain:  # as Keras' Sequential: the input is implied, not a row
        layers = [layer for layer in layers if layer.type != "InputLayer"]
    checkpoint = graph.checkpoint
    if checkpoint is not None and graph.layers and graph.layers[-1].type != "StoredTensors":
        from .checkpoint import compare  # a model directory: its architecture against its checkpoint

        checkpoint.comparison = compare(layers, checkpoint.tensors, getattr(checkpoint, "unread", ()))
    return ModelSummary(
        name=graph.name, source=source, format=format, framework=graph.framework, layers=layers,
        dtype=dtype or graph.dtype, chain=graph.chain, budget=graph.budget,
        warnings=list(graph.warnings) + [w for w in run.warnings if w not in graph.warnings], inputs=inputs,
        checkpoint=checkpoint,
    )


__all__ = ["infer", "UNKNOWN_POLICIES"]
