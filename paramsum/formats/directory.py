"""A Hugging Face model directory: its config.json, and the safetensors checkpoint beside it.

The architecture comes from config.json; when the directory also holds the checkpoint
(`model.safetensors.index.json` and its shards, or `model.safetensors`), its headers are
read too and infer compares the two counts. A directory with a checkpoint but no config.json
is summarised as that checkpoint.
"""

from __future__ import annotations

import os

from ..errors import ParamsumError
from .source import INDEX, SINGLE


def with_checkpoint(graph, data):
    """The config's Graph with the checkpoint beside it (its tensors, for infer to compare), when there is one."""
    checkpoint, warnings = _checkpoint(data)
    if checkpoint is None:
        return graph
    changes = {}
    if "torch_dtype" not in data.config and "dtype" not in data.config:  # the checkpoint's dtype sizes the bytes
        from ..summary import DTYPE_BYTES
        from .checkpoint import main_dtype

        dtype = main_dtype(checkpoint.tensors)
        if dtype in DTYPE_BYTES:
            changes["dtype"] = dtype
    return graph.replaced(checkpoint=checkpoint, warnings=tuple(graph.warnings) + tuple(warnings), **changes)


def _checkpoint(data):
    from .checkpoint import quantization
    from .safetensors import read_checkpoint, read_index

    quant = quantization(data.config)
    index = os.path.join(data.path, INDEX)
    if os.path.isfile(index):
        from .source import parse_text, read_source

        text, source = read_source(index)
        index_data = parse_text(text, source)
        if not isinstance(index_data, dict) or not isinstance(index_data.get("weight_map"), dict):
            raise ParamsumError("not a safetensors index: it has no weight_map", source=source)
        return read_index(index_data, source, quant)
    single = os.path.join(data.path, SINGLE)
    if os.path.isfile(single):
        return read_checkpoint([single], [single], quant)
    return None, ()


def checkpoint_only(data, error):
    """The Graph of the directory's checkpoint alone, when its config.json cannot be read as a model
    (said in a warning); None when there is no checkpoint either."""
    from .checkpoint import checkpoint_graph

    checkpoint, warnings = _checkpoint(data)
    if checkpoint is None:
        return None
    why = f"config.json: {error.message}" + (f" ({error.hint})" if error.hint else "")
    name = os.path.basename(os.path.abspath(str(data.path)))
    return checkpoint_graph(name, checkpoint.tensors, checkpoint,
                            warnings=(f"{why}; summarised from the checkpoint's tensors only", *warnings))
