"""Layers that stand for something else: a whole model used as a layer, or a layer type paramsum does not know."""

from __future__ import annotations

from ..errors import ParamsumError
from ..graph import Ref
from ..layers.base import Layer, describe
from ..summary import Assumption


class NestedModel(Layer):
    """A Sequential or Functional model called as a layer: its weights are those of its layers."""

    multi_input = True

    def __init__(self, spec, run):
        super().__init__(spec.name, {})
        self.type = spec.type
        self.inner = spec.nested
        self.run = run
        self.children = []
        self.inner_macs = {}  # the last call's MACs of each inner layer, by path
        self._runs = {}

    def _run(self, shapes, checked=True):
        """(child summaries, output shapes) of the inner model on these input shapes.

        `checked`: compare with the shapes the file recorded, which Keras took on the
        model's own inputs (not on the shapes of a call); its warnings are said then.
        """
        key = (repr(shapes), checked)  # shapes may nest (a multi-output tensor given as an input)
        if key not in self._runs:
            expected = len(self.inner.inputs)
            if len(shapes) != expected:
                raise self.error(
                    f"model '{self.name}' takes {expected} input(s), got {len(shapes)}: {describe(shapes)}")
            run = self.run.nested_run()
            try:
                self._runs[key] = run.graph(self.inner, input_shapes=shapes, check_recorded=checked)
            except ParamsumError as error:
                error.layer = f"{self.name}/{error.layer}" if error.layer else self.name
                raise
            for warning in [*self.inner.warnings, *(run.warnings if checked else ())]:
                self.run.warn(f"model '{self.name}': {warning}")
        return self._runs[key]

    def declared_shapes(self):
        """The inner model's own input shapes, when it declares them all (Keras builds it on those)."""
        inputs = self.inner.inputs
        if any(spec.config.get("shape") is None for spec in inputs):
            return None
        return [spec.config.get("batch_shape") or (None, *spec.config["shape"]) for spec in inputs]

    def make_weights(self, shapes):
        # Weights and the inner rows come from the model's own inputs, as Keras shows them;
        # the output shape (below) from the shapes it is called on.
        shapes = _shape_list(shapes)
        declared = self.declared_shapes()
        if declared is not None and len(declared) == len(shapes):
            self._run(shapes, checked=False)  # still check the call
            shapes = declared
        summaries, _ = self._run(shapes)
        self.children = [s for s in summaries if not (self.inner.chain and s.type == "InputLayer")]
        return [w.renamed(child.name) for child in summaries for w in child.weights + child.buffers]

    def compute_output_shape(self, shapes):
        _, outputs = self._run(_shape_list(shapes), checked=self.declared_shapes() is None)
        return outputs[0] if len(outputs) == 1 else outputs

    def make_macs(self, shapes, output):
        """The sum of its layers' MACs, the inner model run on the shapes of this call.

        Each layer's own MACs of this call stay in `inner_macs` by path (its name; a tuple of
        names below a model nested in this one), for the rows of the children.
        """
        macs = {}
        self.run.nested_run().graph(self.inner, input_shapes=_shape_list(shapes), check_recorded=False, macs=macs)
        self.inner_macs = macs
        own = [cost for name, cost in macs.items() if isinstance(name, str)]  # (not the deeper ones again)
        return None if None in own else sum(own)


def _shape_list(shapes):
    """The input shapes as a list: a wrapper (TimeDistributed) hands a model one shape, a tuple."""
    return [shapes] if isinstance(shapes, tuple) else shapes


class UnknownLayer(Layer):
    """A layer type paramsum does not know, let through on request: 0 params, shape from the file or its input."""

    multi_input = True

    def __init__(self, spec, graph, hint=None):
        super().__init__(spec.name, {})
        self.type = spec.type
        self.recorded = [graph.recorded_shapes.get(Ref(spec.name, 0, i)) for i in range(8)]
        self.recorded = self.recorded[: next((i for i, s in enumerate(self.recorded) if s is None), 8)]
        # hint: "did you mean 'Dense'?" when the type is a typo of a known one
        self.assumption = Assumption(Assumption.UNKNOWN_TYPE, "recorded" if self.recorded else "input", hint)

    def compute_output_shape(self, shapes):
        if self.recorded:
            return self.recorded[0] if len(self.recorded) == 1 else list(self.recorded)
        return shapes[0] if shapes else ()
