"""What infer makes of a graph: weights, rows, totals. Render reads only these types.

`Weight` is immutable; a `ModelSummary`'s dtype is fixed when it is made and its totals
are computed once, there.
"""

from __future__ import annotations

import math

from .formula import formula, labelled_formula

# Plain classes rather than dataclasses: this module is on every run's start-up path.

DTYPE_BYTES = {
    "float64": 8, "double": 8, "float32": 4, "float": 4, "tf32": 4, "float16": 2, "half": 2,
    "bfloat16": 2, "float8": 1, "float8_e4m3fn": 1, "float8_e5m2": 1, "int64": 8, "uint64": 8,
    "int32": 4, "uint32": 4, "int16": 2, "uint16": 2, "int8": 1, "uint8": 1, "bool": 1,
    "int4": 0.5, "uint4": 0.5, "complex64": 8, "complex128": 16,
}
# What people write for a dtype, and the name paramsum (as torch and numpy) spells it: a suggestion, not accepted.
DTYPE_SPELLINGS = {"fp64": "float64", "f64": "float64", "fp32": "float32", "f32": "float32", "fp16": "float16",
                   "f16": "float16", "bf16": "bfloat16", "fp8": "float8", "i8": "int8", "i4": "int4", "fp4": "int4"}


def dtype_suggestion(dtype):
    """The known dtype someone who wrote `dtype` most likely meant, or None."""
    import difflib  # only on the error path

    text = str(dtype).strip().lower().removeprefix("torch.").removeprefix("np.").removeprefix("numpy.")
    if text in DTYPE_BYTES:
        return text
    if text in DTYPE_SPELLINGS:
        return DTYPE_SPELLINGS[text]
    match = difflib.get_close_matches(text, list(DTYPE_BYTES), n=1, cutoff=0.6)
    return match[0] if match else None


# Bits per element: byte figures are exact integers, a packed 4-bit tensor rounded up to its last whole byte.
DTYPE_BITS = {name: int(size * 8) for name, size in DTYPE_BYTES.items()}
# Keras' mixed policies compute in the low precision but keep float32 variables.
VARIABLE_DTYPE = {"mixed_float16": "float32", "mixed_bfloat16": "float32"}


def variable_dtype(dtype):
    return VARIABLE_DTYPE.get(dtype, dtype)


def shape_text(shape):
    """'(None, 28, 28)', '(None, 5,)'; a list of shapes (several outputs) as '[(…), (…)]'."""
    if isinstance(shape, list):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class Dim(int):
    """A size that remembers how it was made, e.g. Dim(1024, '4 × 256') for LSTM gates."""

    expr: str

    def __new__(cls, value, expr=None):
        dim = super().__new__(cls, value)
        dim.expr = expr or str(int(value))
        return dim


def _grouped(value):
    """A factor of a shape product; a made-up size keeps its parentheses: 128 × (4 × 256)."""
    expr = getattr(value, "expr", str(int(value)))
    return f"({expr})" if " " in expr and not (expr.startswith("(") and expr.endswith(")")) else expr


class Weight:
    """One weight tensor (or buffer): name, shape, trainable flag, dtype when it has its own. Immutable.

    `nbytes` is set for a tensor read from a checkpoint: the bytes it takes there (a packed or
    block-quantized type is not a whole number of bytes per element). `table`: an embedding table,
    rows looked up by index (token, position, token-type embeddings), as opposed to a matrix multiplied.
    """

    __slots__ = ("name", "shape", "trainable", "buffer", "dtype", "nbytes", "table", "_count")

    def __init__(self, name, shape, trainable=True, buffer=False, dtype=None, nbytes=None, table=False):
        init = object.__setattr__
        init(self, "name", name)
        init(self, "shape", tuple(shape))
        init(self, "trainable", trainable and not buffer)
        init(self, "buffer", buffer)
        init(self, "dtype", dtype)
        init(self, "nbytes", nbytes)
        init(self, "table", table)
        init(self, "_count", None)  # computed once: the totals read it several times per weight

    def __setattr__(self, key, value):
        raise AttributeError(f"a Weight is immutable (tried to set '{key}'); use renamed/frozen/adapted")

    def _with(self, **changes):
        fields = {key: getattr(self, key) for key in self.__slots__ if key != "_count"}
        fields.update(changes)
        return Weight(**fields)

    def renamed(self, prefix, separator="/"):
        """The same weight under `prefix`: 'kernel' → 'lstm/kernel' (PyTorch: separator '.' or '')."""
        return self._with(name=f"{prefix}{separator}{self.name}")

    def adapted(self, trainable, dtype):
        """The weight of a layer that is `trainable` or not, of `dtype` unless it has its own: itself when that
        changes nothing (one copy at most: a model has millions of weights)."""
        frozen = not trainable and self.trainable
        typed = dtype and self.dtype is None
        if not frozen and not typed:
            return self
        return Weight(self.name, self.shape, self.trainable and not frozen, self.buffer, dtype if typed else self.dtype,
                      self.nbytes, self.table)

    def frozen(self, frozen=True):
        """The same weight, not trainable when `frozen`."""
        return self._with(trainable=False) if frozen and self.trainable else self

    @property
    def count(self):
        if self._count is None:
            object.__setattr__(self, "_count", math.prod(int(d) for d in self.shape))
        return self._count

    @property
    def expr(self):
        """The weight's count as plain arithmetic, e.g. '3 × 3 × 3 × 32'."""
        if not self.shape:
            return "1"
        if len(self.shape) == 1:
            return getattr(self.shape[0], "expr", str(int(self.shape[0])))
        return " × ".join(_grouped(d) for d in self.shape)

    def __repr__(self):
        kind = "buffer" if self.buffer else ("trainable" if self.trainable else "non-trainable")
        return f"Weight({self.name!r}, {tuple(int(d) for d in self.shape)}, {kind})"


class Assumption:
    """What paramsum assumed for a row instead of reading it from the file (a note in the table)."""

    __slots__ = ("subject", "shape_from", "hint")
    UNKNOWN_TYPE = "unknown layer type"  # subject: the type is not in the catalog, counted as 0 params
    NO_OUTPUT_SHAPE = "Lambda without output_shape"

    def __init__(self, subject, shape_from="input", hint=None):
        self.subject = subject  # UNKNOWN_TYPE or NO_OUTPUT_SHAPE
        self.shape_from = shape_from  # "input" (assumed equal to its input's) or "recorded" (as the file recorded)
        self.hint = hint  # "did you mean 'Dense'?" when an unknown type is near a known one (a typo)

    def describe(self, type_name):
        shape = "as recorded in the file" if self.shape_from == "recorded" else "assumed equal to its input's"
        if self.subject == self.UNKNOWN_TYPE:
            hint = f"; {self.hint}" if self.hint else ""
            return f"unknown layer type '{type_name}': counted as 0 params, output shape {shape}{hint}"
        return f"{self.subject}: output shape {shape}"


class LayerSummary:
    """One row: a layer's inputs, output shape, weights and buffers."""

    def __init__(self, name, type, inputs, output_shape, weights, buffers=None, children=None, calls=1,
                 assumption=None, tied=None, inactive_params=0):
        self.name = name
        self.type = type
        self.inputs = inputs  # Refs of the first call (all calls for shared layers)
        self.output_shape = output_shape  # a shape tuple, or a list of them
        self.weights = weights  # Weight
        self.buffers = [] if buffers is None else buffers
        self.children = [] if children is None else children  # LayerSummary of a nested model
        self.calls = calls
        self.assumption = assumption  # an Assumption, or None when every number comes from the file
        self.tied = tied or {}  # weight name → the module that owns it (not counted in this row)
        self.inactive_params = inactive_params  # params a token does not use (unrouted experts)
        self.macs = 0  # multiply-accumulates over all calls at the compute sizes; None: a size is unknown

    @property
    def note(self):
        """What the row's numbers rest on besides the file, in words; '' when nothing."""
        if self.assumption:
            return self.assumption.describe(self.type)
        if self.tied:
            return "; ".join(f"{name} tied to {owner}" for name, owner in self.tied.items()) + " (counted there)"
        return ""

    @property
    def params(self):
        return sum(w.count for w in self.weights)

    @property
    def trainable_params(self):
        return sum(w.count for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self):
        return self.params - self.trainable_params

    @property
    def flops(self):
        """2 × MACs (FlopCounterMode's convention), None when unknown."""
        return None if self.macs is None else 2 * self.macs

    @property
    def active_params(self):
        """The params one token uses: all but the experts a mixture of experts does not route it to."""
        return self.params - self.inactive_params

    @property
    def formula(self):
        """'784 × 10 + 10': the params as arithmetic over the weights' shapes."""
        return formula(self.weights)

    @property
    def labelled_formula(self):
        """'weight 10 × 784 + bias 10': each weight named, for rows of a few weights."""
        return labelled_formula(self.weights)

    @property
    def inbound_layers(self):
        return list(dict.fromkeys(ref.layer for ref in self.inputs))

    def __repr__(self):
        shape = shape_text(self.output_shape)
        return f"<LayerSummary {self.name!r} ({self.type}): {self.params:,} params, output {shape}>"


class Totals:
    """The model's counts and sizes, computed once from its rows."""

    def __init__(self, params, trainable_params, non_trainable_params, bytes, trainable_bytes,
                 non_trainable_bytes, buffers, buffer_bytes, active_params=None, macs=None, embedding_params=0):
        self.params = params
        self.trainable_params = trainable_params
        self.non_trainable_params = non_trainable_params
        self.bytes = bytes
        self.trainable_bytes = trainable_bytes
        self.non_trainable_bytes = non_trainable_bytes
        self.buffers = buffers
        self.buffer_bytes = buffer_bytes
        self.active_params = params if active_params is None else active_params  # per token (experts routed)
        self.macs = macs  # at the compute sizes; None when a layer's depends on an unknown size
        self.flops = None if macs is None else 2 * macs
        # Embedding tables (token, position, token-type; a tied head's weight lives in its owner's row, so it
        # is counted once); non-embedding = params − embedding_params, as Kaplan et al. 2020 count N.
        self.embedding_params = embedding_params

    @property
    def non_embedding_params(self):
        return self.params - self.embedding_params

    def __repr__(self):
        frozen = f", {self.non_trainable_params:,} non-trainable" if self.non_trainable_params else ""
        return f"<Totals {self.params:,} params{frozen}, {int(self.bytes):,} bytes>"


class Compute:
    """The sizes a model's compute is counted for: samples in a batch, positions of unknown sequence axes."""

    def __init__(self, batch_size=1, seq_len=None):
        self.batch_size = batch_size
        self.seq_len = seq_len

    def concrete(self, shape):
        """An input shape with the batch axis and the unknown (sequence) axes filled in."""
        if not isinstance(shape, tuple) or not shape:
            return shape
        batch = self.batch_size if shape[0] is None else shape[0]
        return (batch,) + tuple(self.seq_len if size is None else size for size in shape[1:])


class ModelSummary:
    """A model's rows in execution order, and its totals (computed once, for the dtype given here)."""

    def __init__(self, name, source, format, framework, layers, dtype="float32", chain=False, budget=None,
                 warnings=None, inputs=None, checkpoint=None, compute=None, decoder=None, train=None):
        self.name = name
        self.source = source
        self.format = format
        self.framework = framework
        self.layers = layers  # LayerSummary
        self.dtype = dtype
        self.chain = chain
        self.budget = budget or {}
        self.warnings = [] if warnings is None else warnings
        self.inputs = [] if inputs is None else inputs  # the model inputs' LayerSummary, even when not rows
        self.checkpoint = checkpoint  # a Checkpoint: the stored tensors' file(s), when the summary read some
        self.compute = compute or Compute()
        self.decoder = decoder  # a DecoderShape (what its KV cache holds per token), None: not a decoder
        self.train = train  # the training recipe asked for (paramsum.memory.RECIPES), None: not asked
        self.totals = self._totals()

    def weight_bytes(self, weight):
        if weight.nbytes is not None:
            return weight.nbytes
        return -(-weight.count * DTYPE_BITS.get(weight.dtype or variable_dtype(self.dtype), 32) // 8)

    def bytes_by_dtype(self):
        """{stored dtype: [elements, bytes]} over every weight and buffer, largest first."""
        sizes = {}
        for layer in self.layers:
            for weight in layer.weights + layer.buffers:
                entry = sizes.setdefault(weight.dtype or variable_dtype(self.dtype), [0, 0])
                entry[0] += weight.count
                entry[1] += self.weight_bytes(weight)
        return dict(sorted(sizes.items(), key=lambda item: -item[1][1]))

    @property
    def size_dtype(self):
        """The dtype(s) the byte figures are counted at: 'bfloat16'; 'bfloat16 + float32' when weights differ."""
        sizes = {}
        for layer in self.layers:
            for weight in layer.weights:  # params only: buffers have their own footer line
                dtype = weight.dtype or variable_dtype(self.dtype)
                sizes[dtype] = sizes.get(dtype, 0) + self.weight_bytes(weight)
        dtypes = sorted((dtype for dtype in sizes if sizes[dtype]), key=lambda dtype: -sizes[dtype])
        return " + ".join(dtypes) if dtypes else variable_dtype(self.dtype)

    def _totals(self):
        """One pass over every weight and buffer (a model may have millions)."""
        params = trainable = embedding = size = trainable_size = buffers = buffer_size = active = macs = 0
        nbytes = self.weight_bytes
        for layer in self.layers:
            for weight in layer.weights:
                count, weight_size = weight.count, nbytes(weight)
                params += count
                size += weight_size
                if weight.trainable:
                    trainable += count
                    trainable_size += weight_size
                if weight.table:
                    embedding += count
            for buffer in layer.buffers:
                buffers += buffer.count
                buffer_size += nbytes(buffer)
            active += layer.active_params
            macs = None if macs is None or layer.macs is None else macs + layer.macs
        return Totals(
            params=params, embedding_params=embedding, trainable_params=trainable,
            non_trainable_params=params - trainable, bytes=size, trainable_bytes=trainable_size,
            non_trainable_bytes=size - trainable_size, buffers=buffers, buffer_bytes=buffer_size,
            active_params=active, macs=macs,
        )

    @property
    def unknown_layers(self):
        """The rows counted as 0 params because their type is unknown (--allow-unknown), nested ones included."""
        found, stack = [], list(reversed(self.layers))
        while stack:
            layer = stack.pop()
            if layer.assumption is not None and layer.assumption.subject == Assumption.UNKNOWN_TYPE:
                found.append(layer)
            stack += reversed(layer.children)
        return found

    @property
    def sparse(self):
        """True for a mixture of experts: some params are not used by every token."""
        return self.totals.active_params != self.totals.params

    def __repr__(self):
        return (f"<ModelSummary {self.name!r} ({self.format}, {self.framework}): {self.totals.params:,} params, "
                f"{len(self.layers)} rows, {self.dtype}>")

    # The presentation methods below reach the renderers lazily, on call: the data types stay free of them.

    def to_dict(self):
        """This model's document of `--format json` (the JSON contract), as plain Python data."""
        from .render.text import summary_json

        return summary_json(self)

    def table(self, width=None, weights=False, flops=False):
        """The text table as `paramsum FILE` prints it: complete and unwrapped, or fitted to `width` columns."""
        import io

        from .render.table import print_tables

        out = io.StringIO()
        print_tables([self], out, color=False, terminal=width is not None, show_weights=weights,
                     show_flops=flops, width=width)
        return out.getvalue()

    def _repr_markdown_(self):
        """Notebooks show the Markdown table (`--format markdown`)."""
        from .render.text import to_markdown

        return to_markdown([self])


class Checkpoint:
    """What a summary read of a checkpoint besides its tensors: the files, their recorded facts, and
    how the stored tensors compare with an architecture's weights (a model directory)."""

    def __init__(self, kind, files, missing=(), facts=None, comparison=None):
        self.kind = kind  # "safetensors", "gguf"
        self.files = list(files)  # the files read (display names)
        self.missing = list(missing)  # shards an index names that are not there
        self.facts = dict(facts or {})  # recorded values, shown as recorded (metadata, architecture keys)
        self.comparison = comparison  # a Comparison, for a model directory


class Comparison:
    """The architecture's params against the checkpoint's: equal, or the differences by module."""

    def __init__(self, architecture_params, stored_params, differences, renamed=0, unread=0):
        self.unread = unread  # tensors in missing shards: left out of both counts
        self.architecture_params = architecture_params
        self.stored_params = stored_params
        self.differences = list(differences)  # Difference
        self.renamed = renamed  # stored tensors matched by count only: saved under other names (legacy keys)

    @property
    def equal(self):
        return not self.differences and self.architecture_params == self.stored_params


class Difference:
    """One module where the checkpoint and the architecture disagree."""

    KINDS = ("only_in_checkpoint", "only_in_architecture", "shape", "tied_but_stored")

    def __init__(self, kind, module, params, detail=""):
        self.kind = kind
        self.module = module
        self.params = params  # the params concerned (the checkpoint's for a shape difference)
        self.detail = detail  # e.g. the weight it is tied to, or the two shapes
