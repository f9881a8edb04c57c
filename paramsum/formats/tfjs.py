"""Read a TensorFlow.js layers-model `model.json` into a Graph: the Keras model inside, its weights manifest.

The converter (tensorflowjs_converter, tfjs.converters.save_keras_model) writes
{format: "layers-model", generatedBy, convertedBy, modelTopology: {keras_version,
backend, model_config: {class_name, config}, training_config}, weightsManifest:
[{paths, weights: [{name, shape, dtype, quantization?}]}]}; tfjs-layers' own
model.save() puts the model config itself under modelTopology; older converters
write no `format`. The Keras config is read by the Keras reader. The manifest's
weight shapes are kept to be checked against the derived ones; the weight files
it names are never opened.
"""

from __future__ import annotations

import json

from ..errors import ParamsumError
from ..graph import RecordedWeight
from .keras import build_keras
from .stored import owner_resolver

KEPT_NULLS = ("merge_mode",)  # a null that is a value: Bidirectional without merging
GRAPH_MODEL_KEYS = ("node", "library", "versions")  # a GraphDef: a TF.js graph model, not a layers model


def build_tfjs(doc):
    """A TF.js model.json document → Graph, with the manifest's weights recorded for the check."""
    model = model_config(doc)
    if _by_tfjs_layers(doc):
        model = _without_nulls(model)
    graph = build_keras(model)
    manifest = doc.get("weightsManifest")
    if manifest is None and isinstance(doc.get("weightSpecs"), list):  # ModelArtifacts as tfjs hands them to a saver
        manifest = [{"weights": doc["weightSpecs"]}]
    if manifest is None:
        return graph
    weights = manifest_weights(manifest)
    resolve = owner_resolver(graph)
    return graph.replaced(recorded_weights=[RecordedWeight(name, resolve(name), shape) for name, shape in weights])


def model_config(doc):
    """The Keras model ({class_name, config}) inside a model.json."""
    if doc.get("format") not in (None, "layers-model"):
        raise ParamsumError(f"a TensorFlow.js {doc['format']!r} model.json: paramsum reads layers models only",
                            hint="convert the Keras model with tensorflowjs_converter "
                                 "--output_format tfjs_layers_model")
    topology = doc["modelTopology"]
    if isinstance(topology, str):
        topology = _parse(topology, "modelTopology")
    if topology is None:
        raise ParamsumError("the model.json has no modelTopology (weights only): no architecture to summarise")
    if not isinstance(topology, dict):
        raise ParamsumError(f"modelTopology must be a mapping, got {type(topology).__name__}")
    if any(key in topology for key in GRAPH_MODEL_KEYS) and "model_config" not in topology:
        raise ParamsumError("modelTopology holds a TensorFlow graph (GraphDef), not a Keras model: a TF.js graph "
                            "model, which paramsum does not read", hint="paramsum reads TF.js layers models")
    model = topology.get("model_config", topology)
    if isinstance(model, str):
        model = _parse(model, "modelTopology.model_config")
    if not isinstance(model, dict) or "class_name" not in model or "config" not in model:
        raise ParamsumError("modelTopology holds no Keras model (expected model_config with class_name and config)")
    return model


def _by_tfjs_layers(doc):
    """True for a model.json that tfjs-layers wrote itself (model.save() in JavaScript)."""
    topology = doc.get("modelTopology")
    version = topology.get("keras_version") if isinstance(topology, dict) else None
    return str(version or "").startswith("tfjs-layers") or str(doc.get("generatedBy") or "").startswith(
        "TensorFlow.js tfjs-layers")


def _without_nulls(value):
    """A copy without the null options tfjs-layers writes for options left unset (mask_zero, noise_shape …),
    which mean the default, as Keras reads a missing key."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None or key in KEPT_NULLS}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def manifest_weights(manifest):
    """(name, shape) of every weight the manifest lists, in its order; malformed entries are errors."""
    if not isinstance(manifest, list):
        raise ParamsumError(f"weightsManifest must be a list of weight groups, got {type(manifest).__name__}")
    out = []
    for g, group in enumerate(manifest):
        entries = group.get("weights") if isinstance(group, dict) else None
        if not isinstance(entries, list):
            raise ParamsumError(f"weightsManifest[{g}] has no 'weights' list")
        for w, entry in enumerate(entries):
            where = f"weightsManifest[{g}].weights[{w}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise ParamsumError(f"{where} has no name")
            shape = entry.get("shape")
            if not isinstance(shape, list) or not all(_size(d) for d in shape):
                raise ParamsumError(f"{where} ('{entry['name']}') has shape {shape!r}; expected a list of sizes")
            out.append((entry["name"], tuple(shape)))
    return out


def _size(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**40


def _parse(text, what):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParamsumError(f"{what} is not valid JSON: {error.msg}") from None
