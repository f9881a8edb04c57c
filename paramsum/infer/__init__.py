"""Run a layer graph: shapes flow from the inputs, each layer creates its weights → a ModelSummary."""

from __future__ import annotations

from ..errors import ParamsumError
from ..summary import Compute, ModelSummary
from .run import Run

UNKNOWN_POLICIES = ("error", "count-as-zero")


def infer(graph, source="", format="paramsum", dtype=None, unknown="error", batch_size=1, seq_len=None,
          train=None, strict=False, flops=True):
    """Graph → ModelSummary (raises ParamsumError naming the layer at fault).

    `dtype` sizes the weights in bytes (default: the model's own); unknown="count-as-zero"
    lets layer types paramsum does not know through as weightless layers, with a warning.
    An unknown layer argument in a file a program wrote (Keras) is a warning and is left
    out; `strict` makes it an error, as it always is in the native format.
    The compute (each row's MACs) is for `batch_size` samples and, on axes whose size the
    file leaves unknown (sequences), `seq_len` positions. `train` names a training recipe for the
    memory figures (paramsum.memory.RECIPES). flops=False skips the compute (a second run of the
    graph): every row's MACs are then None, unless the file's own budget limits the FLOPs.
    """
    if unknown not in UNKNOWN_POLICIES:
        raise ValueError(f"unknown must be one of {UNKNOWN_POLICIES}, not {unknown!r}")
    run = Run(unknown, strict, layer_dtypes=dtype is None)
    layers, _ = run.graph(graph)
    inputs = [layer for layer in layers if layer.type == "InputLayer" and not layer.inputs]
    if graph.recorded_weights is not None:  # (a file that lists its weights: TF.js, .h5)
        from .recorded import check_recorded_weights

        for warning in check_recorded_weights(graph.recorded_weights, layers):
            run.warn(warning)
    compute = Compute(batch_size, seq_len if seq_len is not None else graph.seq_len)
    if flops or (graph.budget or {}).get("max_flops") is not None:
        _count_macs(graph, inputs, layers, compute, run)
    else:
        _no_macs(layers)
    if graph.chain:  # as Keras' Sequential: the input is implied, not a row
        layers = [layer for layer in layers if layer.type != "InputLayer"]
    checkpoint = graph.checkpoint
    if checkpoint is not None and graph.layers and graph.layers[-1].type != "StoredTensors":
        from .checkpoint import compare  # a model directory: its architecture against its checkpoint

        checkpoint.comparison = compare(layers, checkpoint.tensors, getattr(checkpoint, "unread", ()))
    told = set(graph.warnings)
    return ModelSummary(
        name=graph.name, source=source, format=format, framework=graph.framework, layers=layers,
        dtype=dtype or graph.dtype, chain=graph.chain, budget=graph.budget,
        warnings=list(graph.warnings) + [w for w in run.warnings if w not in told], inputs=inputs,
        checkpoint=checkpoint, compute=compute, decoder=graph.decoder, train=train,
    )


def _count_macs(graph, inputs, layers, compute, run):
    """Each row's MACs: the graph run again on the compute sizes (batch, sequence) in place of the unknowns."""
    shapes = [compute.concrete(layer.output_shape) for layer in inputs]
    macs = {}
    try:
        Run(run.unknown, run.strict).graph(graph, input_shapes=shapes, check_recorded=False, macs=macs)
    except ParamsumError as error:  # the sizes do not fit the model (a sequence shorter than a kernel …)
        run.warn(f"compute not counted for batch {compute.batch_size}, sequence {compute.seq_len}: {error}")
        macs = None
    for layer in layers:
        layer.macs = None if macs is None else macs.get(layer.name, 0)
        _child_macs(layer, (layer.name,), macs)


def _no_macs(layers):
    for layer in layers:
        layer.macs = None
        _no_macs(layer.children)


def _child_macs(layer, path, macs):
    """The rows of a nested model's layers: each its own MACs (the model's row keeps their sum)."""
    for child in layer.children:
        key = (*path, child.name)
        child.macs = None if macs is None else macs.get(key, 0)
        _child_macs(child, key, macs)


__all__ = ["infer", "UNKNOWN_POLICIES"]
