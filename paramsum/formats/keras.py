"""Read Keras model files into a Graph: model.to_json() of Keras 3, 2 and 1, and .keras archives.

Keras 3 writes each layer as {module, class_name, config, registered_name,
inbound_nodes: [{args, kwargs}]} with symbolic tensors as `__keras_tensor__`
entries; Keras 1 and 2 write inbound nodes as [["layer", node, tensor, {kwargs}]]
and old argument names, which are translated here into Keras 3 arguments. Shapes
are never taken from the file: paramsum infers them, and the shapes Keras
recorded (build_config, tensor shapes) are kept only to warn when they differ.
"""

from __future__ import annotations

import io
import json
import zipfile

from .. import limits
from ..errors import ParamsumError
from ..graph import Graph, LayerSpec, Ref
from ..layers import layer_class
from ..limits import shown
from ..summary import variable_dtype

MODEL_CLASSES = ("Functional", "Model", "Sequential")
# Tensors passed by keyword that are layer inputs (MultiHeadAttention's query/value/key);
# masks, training flags and initial states change no shape and no weight.
DATA_KWARGS = ("inputs", "query", "value", "key")
# Call arguments that change a layer's outputs; paramsum's layers take them as layer keys.
OUTPUT_KWARGS = ("return_attention_scores", "reverse")
BOOKKEEPING = ("name", "trainable", "dtype")
WRAPPED_LAYER_KEYS = ("layer", "backward_layer", "forward_layer", "cell", "cells")

# Keras 1 argument names → Keras 3 (None: the argument is dropped, it changes no count).
KERAS1_COMMON = {
    "init": None, "W_regularizer": None, "b_regularizer": None, "W_constraint": None, "b_constraint": None,
    "bias": "use_bias", "input_dtype": None, "border_mode": "padding", "subsample": "strides",
    "subsample_length": "strides", "atrous_rate": "dilation_rate", "nb_filter": "filters",
    "filter_length": "kernel_size", "pool_length": "pool_size", "output_dim": "units",
    "inner_init": None, "forget_bias_init": None, "inner_activation": "recurrent_activation",
    "U_regularizer": None, "dropout_W": "dropout", "dropout_U": "recurrent_dropout", "consume_less": None,
    "beta_init": None, "gamma_init": None, "mode": None, "p": "rate", "input_length": None,
}
KERAS1_BY_CLASS = {
    # Embedding keeps output_dim; its Keras 1 `dropout` dropped whole words (no weight).
    "Embedding": {"output_dim": "output_dim", "dropout": None, "input_length": "input_length"},
    "MaxPooling1D": {"stride": "strides"},
    "AveragePooling1D": {"stride": "strides"},
    "GaussianNoise": {"sigma": "stddev"},
    "UpSampling1D": {"length": "size"},
    # Keras 1's deconvolutions took the output shape; Keras 2 drops it and infers it (it is kept to compare).
    "Deconvolution2D": {"output_shape": None},
    "Deconvolution3D": {"output_shape": None},
}
KERAS1_DECONVOLUTIONS = ("Deconvolution2D", "Deconvolution3D")
KERAS1_PADDING_KEYS = ("top_pad", "bottom_pad", "left_pad", "right_pad")
KERAS1_KERNEL = ("kernel_dim1", "kernel_dim2", "kernel_dim3", "nb_row", "nb_col")  # → kernel_size
# tf.keras 2.x TFOpLambda functions (tf.<function>) that are elementwise keras.ops.
TF_OPS = {
    "__operators__.add": "ops.Add", "math.add": "ops.Add", "math.subtract": "ops.Subtract",
    "__operators__.sub": "ops.Subtract", "math.multiply": "ops.Multiply", "math.truediv": "ops.TrueDivide",
    "math.divide": "ops.Divide", "math.maximum": "ops.Maximum", "math.minimum": "ops.Minimum",
    "math.pow": "ops.Power", "math.equal": "ops.Equal", "math.not_equal": "ops.NotEqual",
    "math.greater": "ops.Greater", "math.less": "ops.Less", "math.sqrt": "ops.Sqrt", "math.square": "ops.Square",
    "math.exp": "ops.Exp", "math.log": "ops.Log", "math.abs": "ops.Abs", "math.negative": "ops.Negative",
    "math.sigmoid": "ops.Sigmoid", "math.tanh": "ops.Tanh", "nn.relu": "ops.Relu", "nn.relu6": "ops.Relu6",
    "nn.silu": "ops.Silu", "nn.swish": "ops.Silu", "nn.gelu": "ops.Gelu", "nn.softmax": "ops.Softmax",
    "cast": "ops.Cast", "identity": "ops.Copy", "stop_gradient": "ops.StopGradient",
}
# tf.keras 2.x TFOpLambda functions that reshape, as keras.ops classes, with their keyword
# arguments → the class's arguments (written in the inbound node's keyword arguments).
TF_SHAPE_OPS = {
    **{f"math.reduce_{name}": (f"ops.{cls}", {"axis": "axis", "keepdims": "keepdims"})
       for name, cls in (("mean", "Mean"), ("sum", "Sum"), ("max", "Max"), ("min", "Min"), ("prod", "Prod"),
                         ("std", "Std"), ("variance", "Var"), ("any", "Any"), ("all", "All"),
                         ("logsumexp", "Logsumexp"))},
    "reshape": ("ops.Reshape", {"shape": "newshape"}), "expand_dims": ("ops.ExpandDims", {"axis": "axis"}),
    "squeeze": ("ops.Squeeze", {"axis": "axis"}), "compat.v1.squeeze": ("ops.Squeeze", {"axis": "axis"}),
    "concat": ("ops.Concatenate", {"axis": "axis"}),
    "stack": ("ops.Stack", {"axis": "axis"}), "transpose": ("ops.Transpose", {"perm": "axes"}),
    "compat.v1.transpose": ("ops.Transpose", {"perm": "axes"}),
    "linalg.matmul": ("ops.Matmul", {"transpose_a": "transpose_a", "transpose_b": "transpose_b"}),
}
# Keyword arguments of those functions that change nothing at these values (and `name`, at any).
TF_HARMLESS = {"conjugate": False, "adjoint_a": False, "adjoint_b": False, "a_is_sparse": False,
               "b_is_sparse": False}
KERAS1_MERGE_MODES = {"sum": "Add", "mul": "Multiply", "ave": "Average", "max": "Maximum", "concat": "Concatenate",
                      "dot": "Dot"}
DATA_FORMATS = {"tf": "channels_last", "th": "channels_first", "default": None}
# Layers whose further inbound tensors in a Keras 1/2 node are initial states (call(x, initial_state=…)),
# which change no weight and no output shape.
RECURRENT = ("SimpleRNN", "LSTM", "GRU", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Bidirectional",
             "CuDNNLSTM", "CuDNNGRU")
# Keras 2 arguments that Keras 3 dropped; harmless at these values.
KERAS2_DEFAULTS = {"time_major": False, "groups": 1}
# Keras 2 arguments that Keras 3 dropped for a class, whatever their value (they set no shape):
# tf.keras' SeparableConv inherited Conv's kernel_* arguments without using them.
KERAS2_DROPPED = {
    name: ("kernel_initializer", "kernel_regularizer", "kernel_constraint")
    for name in ("SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D")
}


def build_keras(data):
    """A Keras model document (or .keras archive bytes) → Graph."""
    if isinstance(data, (bytes, bytearray)):
        data = _archive_config(bytes(data))
    if isinstance(data, str):  # to_json() text JSON-encoded a second time
        data = _parse(data, "the file holds a JSON string")
    return KerasModel(data, where="").graph(top=True)


def _archive_config(data):
    """The config.json of a .keras archive (weights are not read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "config.json" not in names:
                raise ParamsumError(
                    "zip archive without config.json: not a .keras model archive",
                    hint=f"it holds {', '.join(names[:5]) or 'nothing'}",
                )
            text = archive.read("config.json").decode("utf-8")
    except zipfile.BadZipFile as error:
        raise ParamsumError(f"not a readable .keras archive: {error}") from None
    return _parse(text, "config.json in the archive")


def _parse(text, what):
    from .source import check_containers

    check_containers(text, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParamsumError(f"{what} is not valid JSON: {error.msg}", line=error.lineno, column=error.colno) from None


def is_model(item):
    """True for a layer entry that is itself a model (Sequential, Functional, Model …)."""
    config = item.get("config")
    if item.get("class_name") in MODEL_CLASSES:
        return True
    return isinstance(config, dict) and isinstance(config.get("layers"), list) and "input_layers" in config


def _mapping(value):
    """A mapping where the file should have one, else an empty one (no tensor, no dtype there)."""
    return value if isinstance(value, dict) else {}


def policy_dtype(value):
    """The variable dtype of a Keras dtype or dtype policy ('mixed_float16' → 'float32')."""
    if isinstance(value, dict):
        value = _mapping(value.get("config")).get("name")
    if not isinstance(value, str):
        return None
    return variable_dtype(value)


class KerasModel:
    """One model document (the top one or a nested one) turned into a Graph."""

    def __init__(self, doc, where, trainable=True, counted=None):
        if not isinstance(doc, dict) or not isinstance(doc.get("class_name"), str):
            raise ParamsumError(f"{where or 'the file'}: expected a Keras model with 'class_name' and 'config'")
        if not isinstance(doc.get("config"), (dict, list)):
            raise ParamsumError(f"{where or 'the file'}: model '{doc['class_name']}' has no 'config'")
        self.doc = doc
        self.config = doc["config"]
        self.class_name = doc["class_name"]
        self.counted = [0] if counted is None else counted  # layers of the file so far, nested models' included
        self.prefix = f"{where}: " if where else ""  # nested models name themselves in messages
        self.trainable = trainable and _trainable(self.config)
        self.specs = []
        self._types = {}  # layer name → type, of every spec: an index, so that each layer is added in O(1)
        self.recorded = {}  # Ref → the shape Keras recorded for that tensor
        self._op_lambdas = {}  # names of tf.keras TFOpLambda layers
        self.warnings = []

    @property
    def name(self):
        config = self.config if isinstance(self.config, dict) else {}
        return str(config.get("name") or self.doc.get("name") or self.class_name.lower())

    def graph(self, top=False):
        sequential = self.class_name == "Sequential" or isinstance(self.config, list)
        listed = self.config if isinstance(self.config, list) else self.config.get("layers")
        if isinstance(listed, list):  # checked before any layer is read
            self.counted[0] += len(listed)
            if self.counted[0] > limits.LAYERS.value:
                nested = "" if len(listed) == self.counted[0] else ", nested models' included"
                raise limits.exceeded(limits.LAYERS, f"{self.prefix}{self.counted[0]:,} layers{nested}")
        if sequential:
            outputs = self._sequential(top)
        elif isinstance(self.config, dict) and isinstance(self.config.get("layers"), list):
            outputs = self._functional(reorder_inputs=not top)
        else:
            raise ParamsumError(
                f"{self.prefix}class '{self.class_name}' is a layer, not a model",
                hint="paramsum reads whole models: Sequential, Functional or Model from model.to_json()",
            )
        self._fill_lambda_shapes()
        self._fill_nested_lambda_shapes()
        dtype = policy_dtype(self.config.get("dtype")) if isinstance(self.config, dict) else None
        return Graph(
            name=self.name, framework="keras", layers=self.specs, outputs=outputs, dtype=dtype or "float32",
            chain=sequential, warnings=self.warnings, recorded_shapes=self.recorded, lenient=True,
        )

    # -- Sequential ------------------------------------------------------------------------

    def _sequential(self, top):
        items = self.config if isinstance(self.config, list) else self.config.get("layers")
        if not isinstance(items, list) or not items:
            raise ParamsumError(f"{self.prefix}Sequential model '{self.name}' has no layers")
        items = [self._entry(item, index) for index, item in enumerate(items)]
        if items[0]["class_name"] == "InputLayer":
            previous = self._input_layer(items.pop(0))
        else:
            previous = self._implicit_input(items[0], top)
        for item in items:
            if item["class_name"] == "InputLayer":
                continue  # Keras 2.x sometimes repeats it; the first one counts
            build = _mapping(item.get("build_config"))
            if "input_shape" in build:
                self._record(previous, build["input_shape"])
            spec = self._layer(item)
            spec.calls = [[previous]]
            self._add(spec)
            previous = Ref(spec.name)
        return [previous]

    def _implicit_input(self, first, top):
        """The input a Sequential builds from its first layer's shape arguments."""
        config = first["config"] if isinstance(first["config"], dict) else {}
        batch_shape = config.get("batch_input_shape") or config.get("batch_shape")
        if batch_shape is None and config.get("input_shape") is not None:
            batch_shape = [None, *config["input_shape"]]
        length = config.get("input_length")
        if batch_shape is None and first["class_name"] == "Embedding" and length is not None:
            batch_shape = [None, *(length if isinstance(length, list) else [length])]
        elif batch_shape is None and config.get("input_dim") is not None:
            batch_shape = [None, config["input_dim"]] if length is None else [None, length, config["input_dim"]]
        if batch_shape is None and isinstance(self.config, dict):
            batch_shape = self.config.get("build_input_shape")
        if batch_shape is None and _mapping(first.get("build_config")).get("input_shape") is not None:
            batch_shape = first["build_config"]["input_shape"]
        if batch_shape is None and is_model(first):  # Keras takes the input of a model's first layer, however deep
            batch_shape = declared_input(first)
        if not top and not isinstance(batch_shape, list):  # a nested model takes the shape it is called on
            name = self._unique(f"{_layer_name(first)}_input")
            self._add(LayerSpec(name=name, type="InputLayer", config={"shape": None}, calls=[[]]))
            return Ref(name)
        if not isinstance(batch_shape, list) or not batch_shape:
            raise ParamsumError(
                f"{self.prefix}Sequential model '{self.name}' declares no input shape",
                hint="Keras saves it once the model is built: add an Input or call model.build(shape) before to_json()",
            )
        name = self._unique(f"{_layer_name(first)}_input")
        return self._input_spec(name, batch_shape)

    # -- Functional --------------------------------------------------------------------------

    def _functional(self, reorder_inputs):
        items = [self._entry(item, index) for index, item in enumerate(self.config["layers"])]
        names = {_layer_name(item) for item in items}
        for item in items:
            if item["class_name"] == "InputLayer":
                self._input_layer(item)
            else:
                spec = self._layer(item)
                spec.calls = [self._node_refs(node, spec.name, n) for n, node in enumerate(_nodes(item))]
                if spec.type in RECURRENT and any(isinstance(node, list) for node in _nodes(item)):
                    spec.calls = [call[:1] for call in spec.calls]  # the rest are initial states
                spec.config.update(_output_kwargs(_nodes(item)))
                if spec.type == "ops.GetItem" and "key" not in spec.config:  # Keras 3: the call's argument
                    spec.config["key"] = _index_key(_nodes(item))
                self._record_lambda_outputs(spec, item)
                self._add(spec)
        inputs = _tensor_refs(self.config.get("input_layers"), "input_layers", self.prefix)
        outputs = _tensor_refs(self.config.get("output_layers"), "output_layers", self.prefix)
        if not outputs:
            raise ParamsumError(f"{self.prefix}model '{self.name}' has no output_layers")
        for ref in inputs + outputs:
            if ref.layer not in names:
                raise ParamsumError(f"{self.prefix}model '{self.name}' lists '{ref.layer}' in its inputs or "
                                    "outputs but has no such layer")
        legacy = any(isinstance(node, list) for item in items for node in _nodes(item))
        outputs = self._renumber_nested_calls(outputs, legacy)
        if reorder_inputs:  # a nested model's inputs are fed in input_layers order
            order = {ref.layer: i for i, ref in enumerate(inputs)}
            self.specs.sort(key=lambda s: order.get(s.name, len(order)) if s.type == "InputLayer" else len(order))
        return outputs

    def _node_refs(self, node, layer, index):
        """The input tensors of one call, from a Keras 3 or a legacy (Keras 1/2) node."""
        if isinstance(node, dict):
            refs = self._tensors(node.get("args", []))
            kwargs = _mapping(node.get("kwargs"))
            for key in DATA_KWARGS:
                refs += self._tensors(kwargs.get(key))
        elif isinstance(node, list):
            if node and isinstance(node[0], str):  # tf.keras writes an op layer's one-tensor call flat
                node = [node]
            refs = [_legacy_ref(entry, layer) for entry in node]
            kwargs = [entry[3] for entry in node if isinstance(entry, list) and len(entry) == 4]
            if self._op_lambdas.get(layer):  # tf.keras op layers pass the second operand by keyword
                refs += [ref for entry in kwargs for ref in _kwarg_refs(entry)]
            else:  # MultiHeadAttention(query, value): tf.keras writes value and key as keywords
                refs += [ref for entry in kwargs if isinstance(entry, dict)
                         for key in DATA_KWARGS if key in entry for ref in _kwarg_refs({key: entry[key]})]
        else:
            raise ParamsumError(f"inbound node {index} must be a list or a mapping, got {node!r}", layer=layer)
        if not refs:
            raise ParamsumError(f"inbound node {index} names no input tensor", layer=layer)
        return refs

    def _tensors(self, value):
        """Every __keras_tensor__ in an args structure, in order, remembering its recorded shape."""
        found = []
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            config = _mapping(value.get("config"))
            history = config.get("keras_history")
            if not (isinstance(history, list) and len(history) == 3 and isinstance(history[0], str)
                    and all(_index(v) for v in history[1:])):
                raise ParamsumError(f"a tensor without a valid keras_history [layer, node, tensor]: {history!r}")
            ref = Ref(history[0], history[1], history[2])
            self._record(ref, config.get("shape"))
            found.append(ref)
        elif isinstance(value, dict):
            for item in value.values():
                found += self._tensors(item)
        elif isinstance(value, list):
            for item in value:
                found += self._tensors(item)
        return found

    def _renumber_nested_calls(self, outputs, legacy):
        """Undo the node numbering that counts a nested model's own construction as its node 0.

        Keras 1 and 2 number every reference to a nested model that way (tf.keras not for
        a Sequential without an input shape, hence the check on the highest index); Keras 3
        only the output_layers references to a nested Functional. Returns the outputs.
        """
        calls = {spec.name: (spec.type, len(spec.calls)) for spec in self.specs if spec.nested is not None}
        if legacy:
            highest = {}  # nested model → the highest call index any reference gives it
            for ref in outputs + [ref for spec in self.specs for call in spec.calls for ref in call]:
                if ref.layer in calls:
                    highest[ref.layer] = max(highest.get(ref.layer, 0), ref.call)
            shifted = {name for name, (_, count) in calls.items() if highest.get(name, -1) >= count}
            for spec in self.specs:
                spec.calls = [[_earlier(ref, shifted) for ref in call] for call in spec.calls]
        else:
            shifted = {name for name, (kind, _) in calls.items() if kind == "Functional"}
        return [_earlier(ref, shifted) for ref in outputs]

    # -- layers ------------------------------------------------------------------------------

    def _entry(self, item, index):
        if not isinstance(item, dict):
            raise ParamsumError(f"{self.prefix}layer {index + 1} of '{self.name}' must be a mapping, got {item!r}")
        if not isinstance(item.get("class_name"), str):
            raise ParamsumError(f"{self.prefix}layer {index + 1} of '{self.name}' has no 'class_name' string")
        config_kinds = (dict, list) if item["class_name"] == "Sequential" else dict  # Keras 2.0: a bare list
        if not isinstance(item.get("config"), config_kinds):
            name = item.get("name") or f"number {index + 1}"
            raise ParamsumError(f"{self.prefix}layer {name} ({item['class_name']}) has no 'config' mapping",
                                hint="the file is not complete model.to_json() output")
        if isinstance(item["config"], list) and not item.get("name"):
            # Keras 2.0 wrote a nested Sequential as a bare list, without its name; Keras named it on loading
            self._unnamed = getattr(self, "_unnamed", 0) + 1
            item = {**item, "name": f"sequential_{self._unnamed}"}
        return item

    def _add(self, spec):
        if spec.name in self._types:
            raise ParamsumError(f"{self.prefix}model '{self.name}' has two layers named '{spec.name}'",
                                layer=spec.name, hint="layer names must be unique within a model")
        self.specs.append(spec)
        self._types[spec.name] = spec.type

    def _unique(self, name):
        candidate, count = name, 1
        while candidate in self._types:
            candidate, count = f"{name}_{count}", count + 1
        return candidate

    def _input_layer(self, item):
        config = item["config"]
        batch_shape = config.get("batch_shape") or config.get("batch_input_shape")
        if batch_shape is None and config.get("shape") is not None:
            batch_shape = [config.get("batch_size"), *config["shape"]]
        if not isinstance(batch_shape, list):
            raise ParamsumError(f"InputLayer has no shape (batch_shape); received: {shown(config)}",
                                layer=_layer_name(item))
        accepted = layer_class("keras", "InputLayer").accepted
        unknown = {key: value for key, value in config.items() if key not in accepted and key not in KERAS1_COMMON}
        return self._input_spec(_layer_name(item), batch_shape, unknown)

    def _input_spec(self, name, batch_shape, unknown=None):
        """An InputLayer spec; `unknown`: keys of the file's InputLayer no Keras InputLayer takes, kept for infer
        to warn of (or refuse, strict)."""
        if not batch_shape:  # a batch axis at least: Keras' shape=() is batch_shape [None]
            raise ParamsumError("input shape [] has no batch axis; Keras writes at least [null]", layer=name)
        shape = tuple(batch_shape[1:])
        for size in batch_shape:  # the batch size too: a fixed one shows in every shape
            if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size <= 0):
                raise ParamsumError(f"input shape {shown(batch_shape)} has an invalid size {shown(size)}", layer=name)
            if size is not None and size > limits.SIZE.value:
                raise limits.exceeded(limits.SIZE, f"input shape {shown(batch_shape)}", layer=name)
        config = {**(unknown or {}), "shape": shape}
        if batch_shape[0] is not None:
            config["batch_shape"] = tuple(batch_shape)
        self._add(LayerSpec(name=name, type="InputLayer", config=config, calls=[[]], trainable=self.trainable))
        return Ref(name)

    def _layer(self, item):
        name = _layer_name(item)
        config = item["config"]
        trainable = self.trainable and _trainable(config)
        if is_model(item):
            inner = KerasModel(item, where=f"{self.prefix}model '{name}'", trainable=trainable, counted=self.counted)
            nested = inner.graph()
            kind = "Functional" if item["class_name"] == "Model" else item["class_name"]  # as Keras 3 shows it
            return LayerSpec(name=name, type=kind, config={}, trainable=trainable, nested=nested, dtype=None)
        if not isinstance(config, dict):
            raise ParamsumError(f"config must be a mapping, got {type(config).__name__}", layer=name)
        mode = _quantization(config.get("dtype"))
        if mode:  # other weights than the float layer's: kernel int8, kernel_scale, amax histories …
            raise ParamsumError(f"quantized layers ({mode}) are not supported yet; received: dtype policy "
                                f"{config['dtype'].get('class_name')}", layer=name,
                                hint="summarise the model saved before model.quantize()")
        dtype = policy_dtype(config.get("dtype"))
        if _is_operation(item):  # its config holds the call's arguments (axis, newshape …)
            arguments = {key: value for key, value in config.items() if key not in BOOKKEEPING}
            return LayerSpec(name=name, type=f"ops.{item['class_name']}", config=arguments, trainable=trainable,
                             dtype=dtype)
        if item["class_name"] in ("TFOpLambda", "SlicingOpLambda"):
            self._op_lambdas[name] = True
            function = str(config.get("function"))
            kind = TF_OPS.get(function) or TF_SHAPE_OPS.get(function, (None,))[0]
            if function == "__operators__.getitem":
                kind = "ops.GetItem"
            arguments = tf_op_arguments(function, _nodes(item), name)
            return LayerSpec(name=name, type=kind or f"{item['class_name']}:{function}", config=arguments,
                             trainable=trainable, dtype=dtype)
        if item["class_name"] == "Merge":
            kind, layer_config = keras1_merge(config, name)
            return LayerSpec(name=name, type=kind, config=layer_config, trainable=trainable, dtype=dtype)
        layer_config = layer_arguments(item["class_name"], config, name, self.counted)
        if item["class_name"] in KERAS1_DECONVOLUTIONS and _plain_shape(config.get("output_shape")):
            self._record(Ref(name), [None, *config["output_shape"][1:]])
        return LayerSpec(name=name, type=item["class_name"], config=layer_config, trainable=trainable, dtype=dtype)

    def _record(self, ref, shape):
        if isinstance(shape, list) and all(d is None or isinstance(d, int) for d in shape):
            self.recorded.setdefault(ref, tuple(shape))

    def _record_lambda_outputs(self, spec, item):
        """Lambda outputs a layer takes, recorded from its build_config (tf.keras 2.13+ writes no tensor shapes)."""
        shape = _mapping(item.get("build_config")).get("input_shape")
        refs = spec.calls[0] if spec.calls else []
        shapes = [shape] if len(refs) == 1 else shape
        if not isinstance(shapes, list) or len(shapes) != len(refs):
            return
        for ref, one in zip(refs, shapes):
            if self._types.get(ref.layer) == "Lambda":
                self._record(ref, one)

    def _fill_lambda_shapes(self):
        """A Lambda without a declared output_shape takes the one Keras recorded, when it did."""
        for spec in self.specs:
            if spec.type == "Lambda" and not _plain_shape(spec.config.get("output_shape")):
                recorded = self.recorded.get(Ref(spec.name))
                spec.config["output_shape"] = list(recorded[1:]) if recorded else None

    def _fill_nested_lambda_shapes(self):
        """A nested model's output Lambda without output_shape takes the shape this model recorded for that output.

        A VAE's encoder ends in a sampling Lambda that nothing inside the encoder
        consumes, so only the outer model's reference to the encoder's output has its shape.
        """
        recorded = {}  # layer name → its recorded tensors, so that each nested model reads only its own
        for ref, shape in self.recorded.items():
            recorded.setdefault(ref.layer, []).append((ref, shape))
        for spec in self.specs:
            if spec.nested is None:
                continue
            inner = {layer.name: layer for layer in spec.nested.layers}
            filled = {}
            for ref, shape in recorded.get(spec.name, ()):
                if ref.tensor >= len(spec.nested.outputs):
                    continue
                output = spec.nested.outputs[ref.tensor]
                target = inner.get(output.layer)
                if target is not None and target.type == "Lambda" and output.tensor == 0 \
                        and target.config.get("output_shape") is None and target.name not in filled:
                    filled[target.name] = target.replaced(config={**target.config, "output_shape": list(shape[1:])})
            if filled:  # the nested Graph is built: a new one with the filled-in Lambdas
                spec.nested = spec.nested.replaced(layers=[filled.get(s.name, s) for s in spec.nested.layers])


def declared_input(item, depth=0):
    """The batch input shape a model entry declares (its one InputLayer, or its first layer's, however deep)."""
    config = item.get("config")
    layers = config if isinstance(config, list) else _mapping(config).get("layers")
    if depth > 20 or not isinstance(layers, list) or not layers:
        return None
    entries = [entry for entry in layers if isinstance(entry, dict)]
    inputs = [entry for entry in entries if entry.get("class_name") == "InputLayer"]
    sequential = item.get("class_name") == "Sequential" or isinstance(config, list)
    if not sequential:
        return _input_batch_shape(inputs[0]) if len(inputs) == 1 else None
    first = entries[0] if entries else {}
    if is_model(first):
        return declared_input(first, depth + 1)
    shape = _input_batch_shape(first)
    if shape is None and isinstance(config, dict):
        shape = config.get("build_input_shape")
    return shape


def _input_batch_shape(entry):
    config = _mapping(entry.get("config"))
    shape = config.get("batch_input_shape") or config.get("batch_shape")
    if shape is None and isinstance(config.get("input_shape"), list):
        shape = [None, *config["input_shape"]]
    return shape if isinstance(shape, list) else None


def _quantization(dtype):
    """The mode of a quantized dtype policy (model.quantize(): 'int8', 'int4/128', 'float8'), else None."""
    config = _mapping(_mapping(dtype).get("config"))
    mode = config.get("mode")
    return str(mode) if mode else None


def _output_kwargs(nodes):
    """Output-changing call arguments (`return_attention_scores: true`) of a layer's first call."""
    first = nodes[0] if nodes else None
    kwargs = first.get("kwargs") if isinstance(first, dict) else None
    if not isinstance(kwargs, dict):
        return {}
    return {key: kwargs[key] for key in OUTPUT_KWARGS if kwargs.get(key)}


def tf_op_arguments(function, nodes, layer):
    """A tf.keras op layer's keyword arguments (first call) → the keras.ops class's arguments."""
    node = nodes[0] if nodes and isinstance(nodes[0], list) else []
    node = [node] if node and isinstance(node[0], str) else node
    entry = node[0] if node and isinstance(node[0], list) else []
    kwargs = entry[3] if len(entry) == 4 and isinstance(entry[3], dict) else {}
    if function == "__operators__.getitem":
        spec = kwargs.get("slice_spec")
        return {"key": _tf_index(spec if isinstance(spec, list) else [spec])}
    if function not in TF_SHAPE_OPS:
        return {}
    renames = TF_SHAPE_OPS[function][1]
    arguments = {}
    for key, value in kwargs.items():
        if key in renames:
            arguments[renames[key]] = value
        elif key == "name" or key in TF_HARMLESS and value == TF_HARMLESS[key] or _kwarg_refs({key: value}):
            continue  # a default, or a tensor operand (an input)
        else:
            raise ParamsumError(f"tf.{function} with {key}={value!r} is not supported", layer=layer)
    return arguments


def _tf_index(spec):
    """tf.keras' slice_spec ({start, stop, step} mappings, an __ellipsis__ entry) in paramsum's spelling."""
    out = []
    for item in spec:
        if isinstance(item, dict) and item.get("class_name") == "__ellipsis__":
            out.append("...")
        elif isinstance(item, dict) and set(item) == {"start", "stop", "step"}:
            out.append({"slice": [item["start"], item["stop"], item["step"]]})
        else:
            out.append(item)
    return out


def _index_key(nodes):
    """The index of x[...] (recorded as the call's second argument) in paramsum's spelling."""
    first = nodes[0] if nodes else None
    args = first.get("args") if isinstance(first, dict) else None
    return _plain_index(args[1]) if isinstance(args, list) and len(args) > 1 else None


def _plain_index(value):
    if isinstance(value, dict) and value.get("class_name") == "__slice__":
        config = _mapping(value.get("config"))
        return {"slice": [config.get("start"), config.get("stop"), config.get("step")]}
    if isinstance(value, dict) and value.get("class_name") == "__ellipsis__":
        return "..."
    if isinstance(value, list):
        return [_plain_index(item) for item in value]
    return value


def layer_arguments(class_name, config, name, counted=None):
    """A Keras layer config → the constructor arguments paramsum's layer class takes (`counted`: the file's layers
    so far, for the models it wraps)."""
    out = {}
    renames = {**KERAS1_COMMON, **KERAS1_BY_CLASS.get(class_name, {})}
    kernel = [config[k] for k in KERAS1_KERNEL if k in config]
    for key, value in config.items():
        if key in BOOKKEEPING or key in KERAS1_KERNEL:
            continue
        if key in KERAS2_DEFAULTS and value == KERAS2_DEFAULTS[key] or key in KERAS2_DROPPED.get(class_name, ()):
            continue
        if key == "dim_ordering":
            if not isinstance(value, str):
                raise ParamsumError(f"dim_ordering: expected 'tf' or 'th'; received: dim_ordering={shown(value)}",
                                    layer=name)
            if DATA_FORMATS.get(value):
                out["data_format"] = DATA_FORMATS[value]
            continue
        if key in WRAPPED_LAYER_KEYS and _is_layer_entry(value):
            out[key] = wrapped_layer(value, name, counted)
            continue
        if key in WRAPPED_LAYER_KEYS and isinstance(value, list) and value and all(map(_is_layer_entry, value)):
            out[key] = [wrapped_layer(item, name, counted) for item in value]
            continue
        target = renames.get(key, key) if key in renames else key
        if target is None or target in config and target != key:
            continue
        out[target] = value
    if kernel and "kernel_size" not in config:
        out["kernel_size"] = kernel if len(kernel) > 1 else kernel[0]
    keras1_values(class_name, config, out, name)
    if isinstance(out.get("axis"), list) and len(out["axis"]) == 1 and class_name == "BatchNormalization":
        out["axis"] = out["axis"][0]  # tf.keras 2.x wrote BatchNormalization's axis as a list
    return out


def keras1_values(class_name, config, out, name):
    """Keras 1 values Keras 2 translated (legacy/interfaces.py), and defaults of files older than an argument."""
    if class_name == "BatchNormalization" and config.get("mode", 0) != 0:
        raise ParamsumError(f"Keras 1 BatchNormalization mode={config['mode']!r} is not supported (Keras 2 "
                            f"refuses it too): only mode=0", layer=name)
    padding = config.get("padding")
    if class_name == "ZeroPadding2D" and isinstance(padding, dict) and set(padding) <= set(KERAS1_PADDING_KEYS):
        top, bottom, left, right = (padding.get(key, 0) for key in KERAS1_PADDING_KEYS)
        out["padding"] = [[top, bottom], [left, right]]
    if class_name in ("GRU", "GRUCell") and "reset_after" not in config:
        # Keras 1 and Keras 2 before 2.1.3 wrote no reset_after and built the GRU with one bias (reset_after=False);
        # every writer since writes the argument.
        out["reset_after"] = False


def keras1_merge(config, name):
    """Keras 1's Merge layer of a functional model → the Keras 3 merging layer of its mode."""
    mode = config.get("mode", "sum")
    if "layers" in config or not isinstance(mode, str) or mode not in KERAS1_MERGE_MODES:
        raise ParamsumError(
            f"Keras 1 Merge with mode {mode!r} is not supported", layer=name,
            hint="supported: a functional Merge with mode " + ", ".join(repr(m) for m in KERAS1_MERGE_MODES),
        )
    kind = KERAS1_MERGE_MODES[mode]
    if kind == "Concatenate":
        return kind, {"axis": config.get("concat_axis", -1)}
    if kind == "Dot":
        return kind, {"axes": config.get("dot_axes", -1)}
    return kind, {}


def wrapped_layer(item, parent, counted=None):
    """A layer nested in a wrapper's config (Bidirectional, TimeDistributed, RNN cell) → its LayerSpec.

    A wrapped model (TimeDistributed over a Functional) is read here into its graph, the spec's `nested`.
    """
    config = item.get("config")
    if not isinstance(config, dict):
        raise ParamsumError(f"the wrapped layer '{item.get('class_name')}' has no config mapping", layer=parent)
    if is_model(item):
        graph = KerasModel(item, where=f"layer '{parent}'", trainable=_trainable(config), counted=counted).graph()
        kind = "Functional" if item["class_name"] == "Model" else item["class_name"]
        return LayerSpec(name=graph.name, type=kind, config={}, trainable=_trainable(config), nested=graph)
    return LayerSpec(name=str(config["name"]) if config.get("name") else None, type=item["class_name"],
                     config=layer_arguments(item["class_name"], config, parent, counted),
                     trainable=_trainable(config))


def _kwarg_refs(kwargs):
    """Tensor references [layer, node, tensor] among a legacy node's keyword arguments."""
    refs = []
    values = kwargs.values() if isinstance(kwargs, dict) else kwargs if isinstance(kwargs, list) else []
    for value in values:
        if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and all(map(_index, value[1:])):
            refs.append(Ref(value[0], value[1], value[2]))
        elif isinstance(value, (list, dict)):
            refs += _kwarg_refs(value)
    return refs


def _is_layer_entry(value):
    return isinstance(value, dict) and isinstance(value.get("class_name"), str) and "config" in value


def _is_operation(item):
    """Keras 3 records calls of keras.ops on symbolic tensors as operation nodes.

    Their module says so; where a converter dropped the module keys (TF.js), a class
    that is no Keras layer but is a keras.ops operation is one.
    """
    module = item.get("module")
    if module is not None:
        return str(module).startswith(("keras.src.ops", "keras.ops"))
    kind = item.get("class_name")
    return "registered_name" not in item and isinstance(kind, str) and _known(f"ops.{kind}") and not _known(kind)


def _known(type_name):
    try:
        layer_class("keras", type_name)
    except ParamsumError:
        return False
    return True


def _layer_name(item):
    config = item.get("config")
    name = item.get("name") or (config.get("name") if isinstance(config, dict) else None)
    if not name:
        raise ParamsumError(f"a {item.get('class_name')} layer has no name")
    return str(name)


def _trainable(config):
    return not (isinstance(config, dict) and config.get("trainable") is False)


def _nodes(item):
    nodes = item.get("inbound_nodes", [])
    if not isinstance(nodes, list):
        raise ParamsumError(f"inbound_nodes must be a list, got {nodes!r}", layer=_layer_name(item))
    return nodes


def _legacy_ref(entry, layer):
    if isinstance(entry, list) and len(entry) in (3, 4) and isinstance(entry[0], str) and all(map(_index, entry[1:3])):
        return Ref(entry[0], entry[1], entry[2])
    raise ParamsumError(f"inbound node entry must be [\"layer\", node, tensor, {{}}], got {entry!r}", layer=layer)


def _earlier(ref, shifted):
    return Ref(ref.layer, ref.call - 1, ref.tensor) if ref.layer in shifted and ref.call > 0 else ref


def _index(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _tensor_refs(value, key, prefix=""):
    """input_layers / output_layers: one [name, node, tensor], a list of them, or nested lists/dicts."""
    if value is None:
        return []
    if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
        if not all(map(_index, value[1:])):
            raise ParamsumError(f"{prefix}'{key}' entry must be [layer, node, tensor], got {value!r}")
        return [Ref(value[0], value[1], value[2])]
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        raise ParamsumError(f"{prefix}'{key}' must list [layer, node, tensor] entries, got {value!r}")
    refs = []
    for item in value:
        refs += _tensor_refs(item, key, prefix)
    return refs


def _plain_shape(value):
    return isinstance(value, list) and all(d is None or isinstance(d, int) for d in value)
