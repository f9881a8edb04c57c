"""File formats: recognise a model file by its content and hand it to the reader that builds its Graph.

One module per format, each turning a file's data into a Graph: `native` (paramsum's own
YAML/JSON), `keras` (to_json, .keras), `tfjs` (TensorFlow.js model.json), `huggingface`
(config.json); `source` reads a file into plain data that remembers positions.
"""

from __future__ import annotations

import os

from ..errors import ParamsumError
from .source import BinaryFile, ModelDirectory


def detect(data):
    """'keras', 'tfjs', 'h5', 'safetensors', 'gguf', 'huggingface' or 'paramsum' for parsed data (bytes: a
    .keras archive; a BinaryFile: a binary model file of that kind; a ModelDirectory: 'directory')."""
    if isinstance(data, bytes):
        return "keras"
    if isinstance(data, (BinaryFile, ModelDirectory)):
        return data.kind
    if isinstance(data, dict):
        if "modelTopology" in data:
            return "tfjs"
        if "class_name" in data and "config" in data:
            return "keras"
        if "model_type" in data or "architectures" in data:
            return "huggingface"
        if isinstance(data.get("weight_map"), dict):  # model.safetensors.index.json
            return "safetensors"
    return "paramsum"


def to_graph(data, source):
    """(Graph, format name) for parsed data read from `source` (a display name for messages)."""
    if detect(data) == "directory":  # a model directory: its config.json, and the checkpoint beside it
        from .directory import checkpoint_only, with_checkpoint

        try:
            graph, kind = build(data.config, source)
        except ParamsumError as error:  # an architecture paramsum does not read: its checkpoint still counts
            fallback = checkpoint_only(data, error)
            if fallback is None:
                raise
            return fallback, "safetensors"
        try:
            return with_checkpoint(graph, data), kind
        except ParamsumError as error:
            error.located(source=source)
            raise
    return build(data, source)


def build(data, source):
    """(Graph, format name) for data of one file."""
    kind = detect(data)
    stem = os.path.splitext(os.path.basename(str(source)))[0] if source and not str(source).startswith("<") else "model"
    try:
        if kind == "keras-archive" or kind == "keras" and isinstance(data, bytes):
            from .archive import build_archive

            graph = build_archive(data)
            kind = "keras"
        elif kind == "keras":
            from .keras import build_keras

            graph = build_keras(data)
        elif kind == "h5":
            from .h5 import build_h5

            graph = build_h5(data)
        elif kind == "tfjs":
            from .tfjs import build_tfjs

            graph = build_tfjs(data)
        elif kind == "huggingface":
            from .huggingface import build_huggingface

            graph = build_huggingface(data)
        elif kind == "safetensors":
            from .safetensors import build_index, build_safetensors

            graph = build_index(data, source) if isinstance(data, dict) else build_safetensors(data.path, source)
        elif kind == "gguf":
            from .gguf import build_gguf

            graph = build_gguf(data.path, source)
        else:
            from .native import build_native

            graph = build_native(data, default_name=stem)
    except ParamsumError as error:
        error.located(source=source)
        raise
    return graph, kind
