"""Recognise a model file by its content and hand it to the reader that builds its graph."""

from __future__ import annotations

import os

from ..errors import ParamsumError


def detect(data):
    """'keras', 'huggingface' or 'paramsum' for parsed data (bytes: a .keras archive)."""
    if isinstance(data, bytes):
        return "keras"
    if isinstance(data, dict):
        if "class_name" in data and "config" in data:
            return "keras"
        if "model_type" in data or "architectures" in data:
            return "huggingface"
    return "paramsum"


def to_graph(data, source):
    kind = detect(data)
    stem = os.path.splitext(os.path.basename(str(source)))[0] if source and not str(source).startswith("<") else "model"
    try:
        if kind == "keras":
            from .keras_json import build_keras

            graph = build_keras(data, source)
        elif kind == "huggingface":
            from .huggingface import build_huggingface

            graph = build_huggingface(data, source)
        else:
            from ..build import build_native

            graph = build_native(data, source, default_name=stem)
    except ParamsumError as error:
        error.located(source=source)
        raise
    except ImportError as error:
        raise ParamsumError(f"reading {kind} files is not supported yet ({error.name})", source=source) from None
    graph.source = source
    graph.format = kind
    return graph
