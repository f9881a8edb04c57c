"""Running a graph: calls in dependency order, each layer built once and its output shapes passed on."""

from __future__ import annotations

import heapq

from ..errors import ParamsumError, suggest
from ..layers import layer_class
from ..layers.base import LayerContext, describe, to_snake_case
from ..limits import check_tensor
from ..summary import LayerSummary
from .nested import NestedModel, UnknownLayer


class Run:
    """One run of a graph (and of the models nested in it): the run's settings and what it warns of."""

    def __init__(self, unknown="error", strict=False, layer_dtypes=True):
        self.unknown = unknown  # "error", or "count-as-zero": unknown types pass their input through
        self.strict = strict  # unknown arguments are errors even in files a program wrote (Graph.lenient)
        # a layer's own dtype (a Keras policy) sizes its weights; False when the caller gives one for all (--dtype)
        self.layer_dtypes = layer_dtypes
        self.warnings = []
        self._ignored = {}  # (type, argument) → names of the layers whose file gave it, warned of once
        self._told = set()  # the warnings, for an O(1) check that each is told once

    def warn(self, message):
        if message not in self._told:
            self._told.add(message)
            self.warnings.append(message)

    def nested_run(self):
        """A run for a model nested in this one: the same settings, its own warnings."""
        return Run(self.unknown, self.strict, self.layer_dtypes)

    # -- the graph ---------------------------------------------------------------------------

    def graph(self, graph, input_shapes=None, check_recorded=True, macs=None):
        """Infer every layer; returns (LayerSummary list in execution order, output shapes).

        With a `macs` dict, each layer's multiply-accumulates over all its calls are added
        to it by name (None when a size they depend on is unknown); those of the layers of a
        nested model by their path, a tuple (model, layer[, layer …]).
        """
        specs = {spec.name: spec for spec in graph.layers}
        order = execution_order(graph, specs)
        tensors = {}  # (layer, call) -> list of output shapes
        built = {}  # layer name -> (layer object, its weights, the input shape it was built on)
        summaries = {}
        inputs_seen = 0
        for name, call in order:
            spec = specs[name]
            in_shapes = []
            try:
                if spec.type == "InputLayer" and not spec.calls[call]:
                    if graph.lenient:
                        self._check_input_arguments(spec, graph)
                    shape = _input_shape(spec, input_shapes, inputs_seen)
                    check_tensor(shape, "an input")
                    inputs_seen += 1
                    tensors[(name, call)] = [shape]
                    summaries[name] = LayerSummary(name, "InputLayer", [], shape, [])
                    continue
                in_shapes = [_tensor(tensors, ref, specs) for ref in spec.calls[call]]
                first_call = name not in built
                layer = self.layer(spec, graph) if first_call else built[name][0]
                shape = in_shapes if layer.multi_input else _single(layer, in_shapes)
                if first_call:
                    dtype = spec.dtype if self.layer_dtypes else None
                    weights = [w.adapted(spec.trainable, dtype) for w in layer.make_weights(shape)]
                    for weight in weights:
                        check_tensor(weight.shape, f"weight '{weight.name}'")
                    built[name] = (layer, weights, shape)
                else:
                    _check_shared(layer, built[name], shape)
                out = layer.compute_output_shape(shape)
                check_tensor(out, "an output")
                if macs is not None:
                    _add(macs, name, layer.make_macs(shape, out))
                    for path, cost in getattr(layer, "inner_macs", {}).items():  # a nested model's layers
                        _add(macs, (name, *(path if isinstance(path, tuple) else (path,))), cost)
                if first_call:
                    summaries[name] = self.row(layer, spec, call, out, weights)
                else:
                    summary = summaries[name]
                    summary.calls += 1
                    summary.inputs.extend(spec.calls[call])
                    if graph.framework == "keras":  # Keras' summary shows a shared layer's last call
                        summary.output_shape = out
                tensors[(name, call)] = out if isinstance(out, list) else [out]
            except IndexError:  # a rule reading an axis of a scalar (torch.sum without dim makes one)
                if () not in in_shapes:
                    raise
                line, column = spec.location.of()
                raise ParamsumError(f"{spec.type} cannot take input shape (): a scalar (rank 0) has no axis for it",
                                    layer=name, line=line, column=column) from None
            except ParamsumError as error:
                line, column = spec.location.of()
                error.located(layer=name, line=line, column=column)
                raise
        self._warn_ignored()
        if check_recorded:
            self.check_recorded(graph, tensors)
        outputs = [_tensor(tensors, ref, specs, where="output") for ref in graph.outputs]
        ordered = dict.fromkeys(name for name, _ in order)
        return [summaries[name] for name in ordered if name in summaries], outputs

    def row(self, layer, spec, call, output_shape, weights):
        """The summary row of a layer after its first call."""
        if layer.assumption is not None:  # a note in the table; said on stderr too
            self.warn(f"layer '{spec.name}': {layer.assumption.describe(spec.type)}")
        return LayerSummary(
            spec.name, layer.type or spec.type, list(spec.calls[call]), output_shape,
            [w for w in weights if not w.buffer], [w for w in weights if w.buffer],
            children=list(layer.children), assumption=layer.assumption, tied=layer.tied,
            inactive_params=layer.inactive_params,
        )

    # -- layers ------------------------------------------------------------------------------

    def layer(self, spec, graph):
        """A layer object for a spec: a catalog type, a nested model, or an unknown type let through."""
        layer = self._new_layer(spec, graph)
        layer.trainable = spec.trainable
        return layer

    def _new_layer(self, spec, graph):
        if spec.nested is not None:
            return NestedModel(spec, self)
        try:
            cls = layer_class(graph.framework, spec.type)
        except ParamsumError as error:
            if self.unknown != "count-as-zero":
                advice = "a custom layer? --allow-unknown counts unknown types as 0 params and passes the shape through"
                error.hint = f"{error.hint}; or {advice}" if error.hint else advice
                raise
            return UnknownLayer(spec, graph, hint=error.hint)

        def nested(inner, default_name=None):
            return self.nested_layer(inner, graph, default_name)

        config = spec.config
        if graph.lenient and not self.strict and any(key not in cls.accepted for key in config):
            config = self._known_arguments(spec, cls)
        return cls(spec.name, config, LayerContext(spec.location, nested))

    def _check_input_arguments(self, spec, graph):
        """A model input's unknown arguments (it builds no layer object): noted for a warning, or refused."""
        cls = layer_class(graph.framework, "InputLayer")
        if any(key not in cls.accepted for key in spec.config):
            if self.strict:
                cls(spec.name, spec.config)  # refuses the first one, as any layer does
            self._known_arguments(spec, cls)

    def _known_arguments(self, spec, cls):
        """The arguments `cls` takes; the others (a newer Keras writes new ones) are noted for a warning."""
        for key in spec.config:
            if key not in cls.accepted:
                self._ignored.setdefault((spec.type, key, suggest(key, cls.accepted)), []).append(spec.name)
        return {key: value for key, value in spec.config.items() if key in cls.accepted}

    def _warn_ignored(self):
        """One warning per unknown argument of a type: "layer 'dense_1' (Dense): unknown argument 'foo' ignored"."""
        for (type_name, key, hint), names in self._ignored.items():
            names = list(dict.fromkeys(names))
            shown = ", ".join(f"'{name}'" for name in names[:3])
            who = f"layer {shown}" if len(names) == 1 else f"layers {shown}"
            if len(names) > 3:
                who += f" and {len(names) - 3} more"
            self.warn(f"{who} ({type_name}): unknown argument '{key}' ignored" + (f"; {hint}" if hint else ""))
        self._ignored = {}

    def nested_layer(self, inner, graph, default_name):
        """A fresh layer object for a layer nested in another's arguments (named by default as Keras does).

        `inner` is a LayerSpec: the argument's declared kind (`Arg(layer)`) has checked that.
        """
        if inner.name is None:  # named as the framework names it
            inner = inner.replaced(name=default_name or to_snake_case(inner.type))
        return self.layer(inner, graph)

    def check_recorded(self, graph, tensors):
        """Warn where the file records a tensor shape other than the one inferred."""
        for ref, recorded in graph.recorded_shapes.items():
            produced = tensors.get((ref.layer, ref.call))
            if produced is None or ref.tensor >= len(produced) or not isinstance(produced[ref.tensor], tuple):
                continue
            shape = produced[ref.tensor]
            if len(shape) != len(recorded) or any(a != b for a, b in zip(shape, recorded)):
                self.warn(f"layer '{ref.layer}': output shape {describe(shape)} differs from "
                          f"{describe(tuple(recorded))} recorded in the file")


def _add(macs, key, cost):
    before = macs.get(key, 0)
    macs[key] = None if cost is None or before is None else before + cost


def _single(layer, shapes):
    if len(shapes) != 1:
        raise layer.error(f"{type(layer).__name__} takes one input, got {len(shapes)}")
    return shapes[0]


def _check_shared(layer, first, shape):
    if shape != first[2]:
        again = [(w.name, w.shape) for w in layer.make_weights(shape)]
        if again != [(w.name, w.shape) for w in first[1]]:
            raise layer.error(
                f"shared layer is called on {describe(shape)} but was built for {describe(first[2])}"
            )


def _input_shape(spec, input_shapes, index):
    if input_shapes is not None:
        return tuple(input_shapes[index])
    if spec.config.get("batch_shape") is not None:  # a fixed batch size shows in every shape
        return tuple(spec.config["batch_shape"])
    shape = spec.config.get("shape")
    return (None,) + tuple(shape)


def _tensor(tensors, ref, specs, where=None):
    if ref.layer not in specs:
        raise ParamsumError(
            f"{where or 'input'} '{ref.layer}' is not a layer or input of this model",
            hint=suggest(ref.layer, specs),
        )
    produced = tensors.get((ref.layer, ref.call))
    if produced is None:
        raise ParamsumError(f"'{ref.layer}' has no call {ref.call}")
    if ref.tensor >= len(produced):
        raise ParamsumError(f"'{ref.layer}' has {len(produced)} output(s); there is no output {ref.tensor}")
    return produced[ref.tensor]


def execution_order(graph, specs):
    """Calls in dependency order, file order among equals; dangling refs and cycles are errors."""
    index = {name: i for i, name in enumerate(specs)}
    nodes = [(spec.name, c) for spec in graph.layers for c in range(len(spec.calls))]
    in_file_order = True  # every call reads only calls listed before it (most files): the order is the file's
    for name, call in nodes:
        here = (index[name], call)
        for ref in specs[name].calls[call]:
            if ref.layer not in specs:
                line, column = specs[name].location.of("inputs")
                raise ParamsumError(
                    f"input '{ref.layer}' is not a layer or input of this model",
                    layer=name, line=line, column=column, hint=suggest(ref.layer, [s for s in specs if s != name]),
                )
            if ref.call >= len(specs[ref.layer].calls):
                raise ParamsumError(f"input '{ref.keras()}': '{ref.layer}' is called only "
                                    f"{len(specs[ref.layer].calls)} time(s)", layer=name)
            if in_file_order and (index[ref.layer], ref.call) >= here:
                in_file_order = False
    if in_file_order:
        return nodes
    waiting = {}
    users = {}
    for name, call in nodes:
        deps = {(ref.layer, ref.call) for ref in specs[name].calls[call]}
        waiting[(name, call)] = len(deps)
        for dep in deps:
            users.setdefault(dep, []).append((name, call))
    ready = [(index[n], c, n) for n, c in nodes if waiting[(n, c)] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, call, name = heapq.heappop(ready)
        order.append((name, call))
        for user in users.get((name, call), ()):
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, (index[user[0]], user[1], user[0]))
    if len(order) < len(nodes):
        stuck = [n for n, c in nodes if waiting[(n, c)] > 0]
        line, column = specs[stuck[0]].location.of("inputs")
        raise ParamsumError(
            "the layers " + " → ".join(f"'{n}'" for n in stuck[:6]) + " depend on each other in a cycle",
            layer=stuck[0], line=line, column=column, hint="check their 'inputs'",
        )
    return order
