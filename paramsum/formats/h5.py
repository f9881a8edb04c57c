"""Read a Keras whole-model HDF5 file (model.save('x.h5')) into a Graph, without its weights' values.

Keras (2, and 3's legacy format) writes the architecture as the root's `model_config`
attribute (model.to_json() text) and each layer's weights under model_weights/<layer>,
named by the group's `weight_names` attribute. The config is read by the Keras reader;
of the weights only the datasets' shapes are read (HDF5 metadata, no value), to be
checked against the derived ones. Reading HDF5 needs h5py, an optional extra.
"""

from __future__ import annotations

import io
import json

from .. import limits
from ..errors import ParamsumError
from ..graph import RecordedWeight
from .keras import build_keras
from .source import check_containers
from .stored import owner_resolver

MAX_WEIGHTS = limits.STORED_WEIGHTS.value
INSTALL = "pip install 'paramsum[h5]'"


def build_h5(binary):
    """A BinaryFile of kind 'h5' → Graph, with the weight datasets' shapes recorded for the check."""
    h5py = _h5py()
    try:
        with h5py.File(binary.path if binary.data is None else io.BytesIO(binary.data), "r") as handle:
            model, stored = _read(handle, h5py)
            # Keras 1 stored its own layout (an LSTM's 12 gate matrices, Theano-ordered kernels): counts compare
            keras1 = _text(handle.attrs.get("keras_version", "")).startswith("1.")
    except ParamsumError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError, UnicodeDecodeError) as error:
        raise ParamsumError(f"not a readable HDF5 file: {_reason(error)}") from None
    graph = build_keras(model)
    if stored is None:
        return graph
    resolve = owner_resolver(graph)
    exact = not keras1
    return graph.replaced(recorded_weights=[
        RecordedWeight(name, resolve(f"{layer}/{_plain(name)}"), shape, exact) for layer, name, shape in stored])


def _h5py():
    try:
        import h5py
    except ImportError:
        raise ParamsumError("reading Keras .h5 files needs h5py, which is not installed", hint=INSTALL) from None
    return h5py


def _read(handle, h5py):
    """(the model config, [(layer, weight name, shape)] or None) of an open HDF5 file."""
    config = handle.attrs.get("model_config")
    if config is None:
        if "layer_names" in handle.attrs or "layers" in handle or "vars" in handle:
            raise ParamsumError("a weights-only .h5 (model.save_weights()): it holds no architecture",
                                hint="give the model's model.to_json() file or a whole model saved with model.save()")
        raise ParamsumError("an HDF5 file without Keras' model_config attribute: not a Keras model file",
                            hint="paramsum reads Keras .h5 files written by model.save()")
    if isinstance(config, bytes):
        config = config.decode("utf-8")
    check_containers(str(config), "the model_config attribute")
    try:
        model = json.loads(str(config))
    except json.JSONDecodeError as error:
        raise ParamsumError(f"the model_config attribute is not valid JSON: {error.msg}") from None
    if not isinstance(model, dict):
        raise ParamsumError(f"the model_config attribute holds {type(model).__name__}, not a Keras model")
    weights = handle.get("model_weights", None)
    if not isinstance(weights, h5py.Group):
        return model, None
    return model, _weights(weights, h5py)


def _weights(group, h5py):
    """(layer, weight name, shape) of every weight Keras listed under model_weights, in its order."""
    stored = []
    for layer in _names(group.attrs.get("layer_names"), list(group)):
        layer_group = group.get(layer)
        if not isinstance(layer_group, h5py.Group):
            raise ParamsumError(f"model_weights lists layer '{layer}', which it does not hold")
        for name in _names(layer_group.attrs.get("weight_names"), []):
            dataset = layer_group.get(name)
            if not isinstance(dataset, h5py.Dataset):
                raise ParamsumError(f"model_weights/{layer} lists weight '{name}', which it does not hold")
            stored.append((layer, name, tuple(int(d) for d in dataset.shape)))
            if len(stored) > MAX_WEIGHTS:
                raise limits.exceeded(limits.STORED_WEIGHTS, f"more than {MAX_WEIGHTS:,} weights under model_weights")
    return stored


def _names(value, default):
    if value is None:
        return default
    return [item.decode("utf-8") if isinstance(item, bytes) else str(item) for item in list(value)]


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _plain(name):
    """A TensorFlow variable name without its output slot: 'dense/kernel:0' → 'dense/kernel'."""
    return name[:-2] if name.endswith(":0") else name


def _reason(error):
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
