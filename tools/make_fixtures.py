"""Regenerate the layer fixtures in tests/fixtures/ from the real frameworks.

paramsum itself never imports a framework. Its expected values come from
fixture files that this script produces by building every case with the real
Keras or PyTorch layer and recording what the framework reports.

How to run
----------
Use a virtual environment *outside the repo* that holds keras 3, torch (CPU is
enough), torchinfo and PyYAML. Keras must run on the torch backend::

    python -m venv ../frameworks
    ../frameworks/bin/pip install keras torch torchinfo pyyaml   # torch: CPU wheel is enough
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_fixtures.py            # all tests/cases/*.yaml
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_fixtures.py tests/cases/keras_core.yaml
    KERAS_BACKEND=torch ../frameworks/bin/python tools/make_fixtures.py --check    # compare, write nothing
    ... tools/make_fixtures.py --out-dir /tmp/fx /tmp/keras_try.yaml          # try cases elsewhere

If KERAS_BACKEND is unset the script sets it to "torch"; any other value is
refused. keras is imported only when a keras_*.yaml file is processed and
torch only when a torch_*.yaml file is (Keras on the torch backend imports
torch by itself, of course). The tests never need this script or the frameworks.

Case files
----------
tests/cases/<framework>_<family>.yaml, framework is "keras" or "torch".
Each is a YAML list of mappings:

  type         layer class name: keras.layers.<type> / torch.nn.<type>   (required)
  args         constructor keyword arguments (default {}). Any mapping with a
               "type" key, at any depth (also inside lists), is itself built
               as a layer/module first: either {type: LSTM, units: 8} or
               {type: LSTM, args: {units: 8}}. Used for Bidirectional
               layer/backward_layer, TimeDistributed layer, RNN cell,
               torch TransformerEncoder encoder_layer, ...
  input        one input shape WITHOUT the batch axis; null = unknown size
  inputs       several input shapes (exactly one of input/inputs is required)
  input_dtype  dtype of the input(s): a string for all of them, or a list with
               one entry per input (null = default float32). Integer dtypes
               give index tensors: torch uses torch.randint(0, high) with high
               = args.num_embeddings (else 2); Keras uses keras.Input(dtype=...).
  call         extra keyword arguments for the call (default none)
  id           free-form name of the case (copied as is)
  refused      required on a row the framework refuses, forbidden on the others
               (tests/test_layers.py checks both): which error paramsum must
               give, {argument: <name>, message: "<fragment>"}. argument is the
               layer argument at fault (ParamsumError.argument), null for a
               check of the input shape(s) or one naming several arguments
               alike ("either size or scale_factor ..."); for a conflict of
               arguments, the one the message is about ("filters must be
               divisible by groups" -> filters). message is a short substring
               of paramsum's own message (not the framework's), e.g. "expected
               a positive integer", "must be known to create weights". Copied
               as is, like the other keys; a note is printed when a row with
               `refused` is accepted or a refused row lacks it.

Unknown keys are copied to the fixture unchanged.

Fixture files
-------------
tests/fixtures/<same stem>.json: a JSON list, one object per case, in case
order. Each object starts with the case's own keys (as written) and then has
either

  error                 "<ExceptionType>: <first line of message>" when the
                        framework refuses the case (constructor, build or call
                        raised). Nothing else is added.

or, for Keras:

  output_shape          shape of the symbolic output of calling the layer on
                        keras.Input tensors, batch axis null; several outputs ->
                        a list of shapes (nested as the layer returns them).
                        When the symbolic call raises, the layer is rebuilt,
                        built with the input shape(s) and
                        layer.compute_output_shape() is used; if that works too
                        the entry has "output_shape_from": "compute_output_shape"
                        and "call_error"; otherwise the call's error is
                        recorded. ValueError/TypeError from the call (how Keras
                        refuses inputs) are recorded as errors without fallback.
  weights               [{"name", "shape", "trainable"}] in layer.weights order;
                        name = variable.path minus the leading "<layer name>/"
                        (e.g. "kernel", "forward_lstm/lstm_cell/kernel").
  params                layer.count_params()
  trainable_params      sum of sizes of layer.trainable_weights
  non_trainable_params  sum of sizes of layer.non_trainable_weights
  compute_batch_size, compute_seq_len, macs
                        the multiply-accumulates of one inference call
                        (training=False) of a fresh layer on concrete inputs,
                        batch compute_batch_size (1) and every unknown size
                        compute_seq_len (7, or the first size of the case
                        the layer takes when it refuses 7): torch.utils.flop_counter's
                        FlopCounterMode total / 2 (matrix products and
                        convolutions; elementwise ops count 0). Attention runs
                        on sdpa's math kernel; the step loop's probe of step 0
                        is left out (keras_rnn_without_probe).
  macs_error            instead of macs, when the concrete call raises (the
                        symbolic one worked): "<ExceptionType>: <first line>"

or, for torch:

  batch_size            the batch size used for the concrete runs (2)
  unknown_dim_size      7, only when an input has a null dim (it is run with
                        7 and again with 9)
  output_shape          shape of the (first) output tensor; axis 0 is always
                        null, other axes are null if they differ between the run
                        with 7 and the run with 9 for unknown input sizes.
                        The batch axis is prepended as axis 0 of every input
                        tensor, i.e. the input tensor is literally
                        (batch_size, *input); for modules with batch_first=False
                        axis 0 is therefore the sequence axis.
  all_output_shapes     only when the module returns a tuple/list: the raw
                        nested shapes of the run with 7 (batch axis NOT
                        replaced; e.g. LSTM [out, [h, c]]; None outputs -> null)
  weights               [{"name", "shape", "trainable"}] from
                        module.named_parameters(); trainable = requires_grad
  buffers               [{"name", "shape", "dtype"}] from module.named_buffers()
                        (dtype like "float32", "int64")
  params, trainable_params, non_trainable_params   sums of numel
  torchinfo_output_shape  raw output size reported by torchinfo.summary for the
                        same concrete inputs (with the batch size, unknown dims
                        = 7); left out when torchinfo fails.

  macs                  FlopCounterMode's FLOPs / 2 (multiply-accumulates) of one
                        forward pass at batch 1, unknown dims = 7 (paramsum's
                        --batch-size 1 --seq-len 7), with the paths the counter
                        cannot see disabled: oneDNN (mkldnn) off for RNN/LSTM/GRU, attention
                        through the math kernel of scaled_dot_product_attention,
                        eval mode (batch norm takes batch 1) but
                        grad enabled so the fused fast path of MultiheadAttention
                        and nn.Transformer* layers is not taken. Functions too.
  macs_batch_size       2, only when torch's batch-1 kernel refuses the sizes (an
                        empty transposed-convolution output): macs is then counted
                        at batch 2.
  macs_error            instead of macs when both runs are refused.

Torch functions: a lowercase type (add, cat, select, reshape, …, or
"torch.add") is a parameter-free function, called as a forward() writes it:
torch.<type>(*inputs, **args); add/sub/mul/div fold two or more inputs left
to right; cat/stack take the inputs as one list; reshape/view replace a null
in `shape` by x.size(0); slice is x[:, start:end:step] on axis `dim`. The call
runs with batch size 2 and again with 3 (unknown sizes 7 and 9): output_shape
has null exactly where the two runs differ, so the batch axis is null unless
the op removed or fixed it; "batch_size_b" is 3; weights and buffers are
empty, params 0, no torchinfo figure.

Output is json.dump(..., indent=1) plus a trailing newline, deterministic
(seeded, Keras names reset with clear_session() for every case).
"""

import argparse
import contextlib
import functools
import json
import os
import re
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = REPO / "tests" / "cases"
FIXTURES_DIR = REPO / "tests" / "fixtures"

BATCH = 2
UNKNOWN_A = 7
UNKNOWN_B = 9
MACS_BATCH = 1  # the compute rows: one forward pass at batch 1, unknown sizes UNKNOWN_A
COMPUTE_BATCH = 1  # the batch of the Keras MACs (paramsum's default batch_size)

KNOWN_KEYS = {"type", "args", "input", "inputs", "input_dtype", "call", "id", "refused"}

KERAS_LIST_INPUT = {
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
    "Concatenate", "Dot", "Attention", "AdditiveAttention",
}
KERAS_QKV_INPUT = {"MultiHeadAttention", "GroupQueryAttention"}
INT_DTYPES = {"int8", "int16", "int32", "int64", "uint8"}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class CaseFileError(Exception):
    """A malformed case (a bug in the case file, not a framework refusal)."""


def error_text(exc):
    msg = _ANSI.sub("", str(exc))
    lines = [ln.strip() for ln in msg.splitlines() if ln.strip()]
    # Keras wraps call errors; keep the original message if one slipped through.
    if lines and lines[0].startswith("Exception encountered when calling") and len(lines) > 1:
        lines = lines[1:]
    first = lines[0] if lines else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def check_case(case, where):
    if not isinstance(case, dict):
        raise CaseFileError(f"{where}: a case must be a mapping, got {case!r}")
    if not isinstance(case.get("type"), str):
        raise CaseFileError(f"{where}: missing string `type`")
    if ("input" in case) == ("inputs" in case):
        raise CaseFileError(f"{where}: exactly one of `input` / `inputs` is required")
    if not isinstance(case.get("args", {}) or {}, dict):
        raise CaseFileError(f"{where}: `args` must be a mapping")
    if not isinstance(case.get("call", {}) or {}, dict):
        raise CaseFileError(f"{where}: `call` must be a mapping")
    shapes = [case["input"]] if "input" in case else case["inputs"]
    if not isinstance(shapes, list) or not shapes:
        raise CaseFileError(f"{where}: `inputs` must be a non-empty list of shapes")
    for s in shapes:
        if not isinstance(s, list) or not all(d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in s):
            raise CaseFileError(f"{where}: bad input shape {s!r}")
    dt = case.get("input_dtype")
    if isinstance(dt, list) and len(dt) != len(shapes):
        raise CaseFileError(f"{where}: `input_dtype` list must have one entry per input")
    refused = case.get("refused")
    if "refused" in case and not (
        isinstance(refused, dict) and set(refused) == {"argument", "message"}
        and (refused["argument"] is None or isinstance(refused["argument"], str))
        and isinstance(refused["message"], str) and refused["message"]
    ):
        raise CaseFileError(f"{where}: `refused` must be {{argument: <name or null>, message: <non-empty string>}}")
    unknown = set(case) - KNOWN_KEYS
    if unknown:
        print(f"note: {where}: extra keys copied as is: {sorted(unknown)}", file=sys.stderr)


def case_shapes(case):
    return [case["input"]] if "input" in case else case["inputs"]


def case_dtypes(case):
    n = len(case_shapes(case))
    dt = case.get("input_dtype")
    return list(dt) if isinstance(dt, list) else [dt] * n


def build_nested(value, make):
    """Turn every mapping with a `type` key into a layer via make(type, kwargs)."""
    if isinstance(value, dict):
        if "type" in value:
            kind = value["type"]
            rest = {k: v for k, v in value.items() if k != "type"}
            if set(rest) == {"args"} and isinstance(rest["args"], dict):
                rest = rest["args"]
            return make(kind, {k: build_nested(v, make) for k, v in rest.items()})
        return {k: build_nested(v, make) for k, v in value.items()}
    if isinstance(value, list):
        return [build_nested(v, make) for v in value]
    return value


# --------------------------------------------------------------------------
# Keras
# --------------------------------------------------------------------------

def load_keras():
    backend = os.environ.get("KERAS_BACKEND")
    if backend is None:
        os.environ["KERAS_BACKEND"] = "torch"
    elif backend != "torch":
        sys.exit(f"KERAS_BACKEND={backend!r}: fixtures must be made with KERAS_BACKEND=torch")
    import keras
    if keras.backend.backend() != "torch":
        sys.exit(f"keras runs on {keras.backend.backend()!r}, expected torch")
    # Raw error messages, not wrapped in "Exception encountered when calling ...".
    keras.config.disable_traceback_filtering()
    return keras


def keras_shape_tree(obj):
    """Shapes of a (nested) keras output / compute_output_shape result."""
    if isinstance(obj, (tuple, list)):
        if all(d is None or isinstance(d, int) for d in obj) and not any(isinstance(d, bool) for d in obj):
            return [None if d is None else int(d) for d in obj]
        return [keras_shape_tree(o) for o in obj]
    if isinstance(obj, dict):
        return {k: keras_shape_tree(v) for k, v in obj.items()}
    if obj is None:
        return None
    return [None if d is None else int(d) for d in obj.shape]


def keras_make(keras, kind, kwargs):
    cls = getattr(keras.layers, kind, None)
    if cls is None:
        raise AttributeError(f"module 'keras.layers' has no attribute '{kind}'")
    return cls(**kwargs)


def keras_new_layer(keras, case):
    keras.backend.clear_session()
    args = build_nested(case.get("args") or {}, lambda kind, kw: keras_make(keras, kind, kw))
    return keras_make(keras, case["type"], args)


def keras_call(keras, layer, case, xs=None, **extra):
    """Call the layer on symbolic inputs, or on the concrete tensors `xs` (`extra`: more call arguments)."""
    shapes = case_shapes(case)
    if xs is None:
        xs = [keras.Input(shape=tuple(s), dtype=dt) if dt else keras.Input(shape=tuple(s))
              for s, dt in zip(shapes, case_dtypes(case))]
    call = {**(case.get("call") or {}), **extra}
    kind = case["type"]
    if kind in KERAS_QKV_INPUT:
        q = xs[0]
        v = xs[1] if len(xs) > 1 else xs[0]
        kw = {"query": q, "value": v}
        if len(xs) > 2:
            kw["key"] = xs[2]
        return layer(**kw, **call)
    if "inputs" in case or kind in KERAS_LIST_INPUT:
        return layer(xs if "inputs" in case else [xs[0]], **call)
    return layer(xs[0], **call)


def keras_case(keras, case):
    out = {}
    try:
        layer = keras_new_layer(keras, case)
    except Exception as e:  # framework refuses the constructor
        return {"error": error_text(e)}
    try:
        y = keras_call(keras, layer, case)
        out["output_shape"] = keras_shape_tree(y)
    except Exception as call_err:
        # Keras refuses bad inputs with ValueError/TypeError: that is the answer.
        # Anything else (e.g. the torch backend failing to trace the symbolic
        # call) falls back to build() + compute_output_shape() on a fresh layer.
        if isinstance(call_err, (ValueError, TypeError)):
            return {"error": error_text(call_err)}
        try:
            layer = keras_new_layer(keras, case)
            with_batch = [(None, *s) for s in case_shapes(case)]
            arg = with_batch if "inputs" in case else with_batch[0]
            if not layer.built:
                layer.build(arg)
            out["output_shape"] = keras_shape_tree(layer.compute_output_shape(arg))
            out["output_shape_from"] = "compute_output_shape"
            out["call_error"] = error_text(call_err)
        except Exception:
            return {"error": error_text(call_err)}
    prefix = layer.name + "/"

    def size(w):
        n = 1
        for d in w.shape:
            n *= int(d)
        return n

    out["weights"] = [
        {
            "name": w.path[len(prefix):] if w.path.startswith(prefix) else w.path,
            "shape": [int(d) for d in w.shape],
            "trainable": bool(w.trainable),
        }
        for w in layer.weights
    ]
    out["params"] = int(layer.count_params())
    out["trainable_params"] = sum(size(w) for w in layer.trainable_weights)
    out["non_trainable_params"] = sum(size(w) for w in layer.non_trainable_weights)
    out.update(keras_macs(keras, case))
    return out


def keras_concrete_inputs(keras, case, unknown=UNKNOWN_A):
    """The case's inputs as concrete tensors: batch COMPUTE_BATCH, unknown sizes `unknown`."""
    import numpy as np
    rng = np.random.default_rng(0)
    high = (case.get("args") or {}).get("input_dim")
    high = high if isinstance(high, int) and high > 0 else 2
    xs = []
    for shape, dt in zip(case_shapes(case), case_dtypes(case)):
        size = (COMPUTE_BATCH, *[unknown if d is None else d for d in shape])
        if dt in INT_DTYPES:
            xs.append(keras.ops.convert_to_tensor(rng.integers(0, high, size), dtype=dt))
        else:
            xs.append(keras.ops.convert_to_tensor(rng.standard_normal(size), dtype=dt or "float32"))
    return xs


@contextlib.contextmanager
def keras_rnn_without_probe():
    """Keras' step loop (when not unrolled) first runs the cell on step 0 only to learn the
    structure of its output, and throws that result away; the model's compute is the T steps
    that follow, so that probe runs outside the counter (LSTM's and GRU's own loops have none).
    So does RNN's set-up of the dropout masks, which runs stacked cells once on step 0."""
    from keras.src import backend
    from keras.src.layers.rnn.rnn import RNN
    from torch.utils._python_dispatch import _disable_current_modes
    original, masks = backend.rnn, RNN._maybe_config_dropout_masks

    def rnn(step_function, inputs, initial_states, *args, **kwargs):
        if kwargs.get("unroll", False) or args:
            return original(step_function, inputs, initial_states, *args, **kwargs)
        calls = []

        def step(*a, **k):
            calls.append(1)
            if len(calls) > 1:
                return step_function(*a, **k)
            with _disable_current_modes():
                return step_function(*a, **k)
        return original(step, inputs, initial_states, *args, **kwargs)

    def without_counter(method):
        def run(*a, **k):
            with _disable_current_modes():
                return method(*a, **k)
        return run

    backend.rnn = rnn
    RNN._maybe_config_dropout_masks = without_counter(masks)
    try:
        yield
    finally:
        backend.rnn = original
        RNN._maybe_config_dropout_masks = masks


def keras_macs(keras, case):
    """MACs of one inference pass (training=False) of a fresh layer on concrete inputs, as
    FlopCounterMode counts them (FLOPs / 2).

    Attention runs on the math kernel of scaled_dot_product_attention (its fused CPU kernels
    are not counted); recurrent layers run Keras' own loops on CPU (cuDNN needs CUDA), without
    the step loop's probe of step 0 (keras_rnn_without_probe). Unknown sizes are UNKNOWN_A;
    when the layer refuses that size (an unknown axis that must match a known one), each size
    the case names is tried in its place, and the first the layer takes is the compute_seq_len.
    """
    first = _keras_macs_at(keras, case, UNKNOWN_A)
    if "macs_error" not in first or not any(d is None for shape in case_shapes(case) for d in _flat(shape)):
        return first
    for size in sorted(set(_case_sizes(case)) - {UNKNOWN_A}):
        found = _keras_macs_at(keras, case, size)
        if "macs_error" not in found:
            return found
    return first


def _flat(shape):
    for d in shape:
        yield from _flat(d) if isinstance(d, (list, tuple)) else (d,)


def _case_sizes(case):
    """The positive sizes of a case's input shapes and arguments (candidates for an unknown axis)."""
    def walk(value):
        if isinstance(value, bool):
            return
        if isinstance(value, int) and value > 0:
            yield value
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
    yield from walk(list(case_shapes(case)))
    yield from walk(case.get("args") or {})


def _keras_macs_at(keras, case, unknown):
    import torch
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode
    try:
        layer = keras_new_layer(keras, case)
        xs = keras_concrete_inputs(keras, case, unknown)
        keras_call(keras, layer, case, xs, training=False)  # builds the layer; the count is of the second call
        counter = FlopCounterMode(display=False, depth=None)
        with counter, torch.no_grad(), sdpa_kernel([SDPBackend.MATH]), keras_rnn_without_probe():
            keras_call(keras, layer, case, xs, training=False)
    except Exception as e:
        return {"macs_error": error_text(e)}
    flops = counter.get_total_flops()
    return {"compute_batch_size": COMPUTE_BATCH, "compute_seq_len": unknown, "macs": flops // 2}


# --------------------------------------------------------------------------
# torch
# --------------------------------------------------------------------------

def load_torch():
    import torch
    return torch


def torch_make(torch, kind, kwargs):
    cls = getattr(torch.nn, kind, None)
    if cls is None:
        raise AttributeError(f"module 'torch.nn' has no attribute '{kind}'")
    return cls(**kwargs)


def torch_inputs(torch, case, unknown, batch=BATCH):
    high = (case.get("args") or {}).get("num_embeddings")
    high = high if isinstance(high, int) and high > 0 else 2
    tensors = []
    for shape, dt in zip(case_shapes(case), case_dtypes(case)):
        size = (batch, *[unknown if d is None else d for d in shape])
        if dt in INT_DTYPES:
            tensors.append(torch.randint(0, high, size, dtype=getattr(torch, dt)))
        elif dt:
            tensors.append(torch.randn(size).to(getattr(torch, dt)))
        else:
            tensors.append(torch.randn(size))
    if case["type"] == "MultiheadAttention" and len(tensors) == 1:
        tensors = tensors * 3
    return tensors


def torch_shape_tree(torch, obj):
    if isinstance(obj, torch.Tensor):
        return [int(d) for d in obj.shape]
    if isinstance(obj, (tuple, list)):
        return [torch_shape_tree(torch, o) for o in obj]
    if isinstance(obj, dict):
        return {k: torch_shape_tree(torch, v) for k, v in obj.items()}
    if obj is None:
        return None
    raise TypeError(f"unexpected output of type {type(obj).__name__}")


def first_tensor_shape(torch, obj):
    while isinstance(obj, (tuple, list)) and obj:
        obj = obj[0]
    if not isinstance(obj, torch.Tensor):
        raise TypeError(f"first output is {type(obj).__name__}, not a tensor")
    return [int(d) for d in obj.shape]


def torch_run(torch, module, case, unknown):
    torch.manual_seed(1)
    xs = torch_inputs(torch, case, unknown)
    with torch.no_grad():
        return xs, module(*xs, **(case.get("call") or {}))


def is_torch_function(kind):
    """Lowercase types (add, cat, select) and torch.<name> are torch functions, not torch.nn modules."""
    return kind[:1].islower()


def torch_function(torch, kind, args):
    """The call `kind` stands for, as a forward() writes it: f(*inputs)."""
    name = kind.removeprefix("torch.")
    if name in ("add", "sub", "subtract", "mul", "multiply", "div", "divide"):
        op = getattr(torch, name)
        return lambda first, *rest: functools.reduce(lambda x, y: op(x, y, **args), rest, first) if rest \
            else op(first, **args)
    if name in ("cat", "concat", "concatenate", "stack"):
        return lambda *xs: getattr(torch, name)(xs, **args)
    if name in ("reshape", "view"):  # null in the target shape is x.size(0)
        shape = args["shape"] if isinstance(args["shape"], list) else [args["shape"]]
        return lambda x: getattr(x, name)(*[x.size(0) if s is None else s for s in shape])
    if name == "slice":  # x[:, start:end:step] on axis dim
        dim = args.get("dim", 0)
        cut = slice(args.get("start"), args.get("end"), args.get("step", 1))
        index = (slice(None),) * dim + (cut,) if dim >= 0 else (Ellipsis, cut) + (slice(None),) * (-dim - 1)
        return lambda x: x[index]
    return lambda *xs: getattr(torch, name)(*xs, **args)


def torch_macs(torch, fn, case, batch=MACS_BATCH):
    """FlopCounterMode's multiply-accumulates of fn(*inputs) at batch 1, unknown sizes UNKNOWN_A.

    Its blind spots are closed: oneDNN (whose RNN kernels it cannot see) is off for recurrent modules, the
    attention kernels are forced to the math decomposition, and grad stays enabled so
    MultiheadAttention / TransformerEncoderLayer do not take their fused fast path.
    """
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    torch.manual_seed(1)
    xs = torch_inputs(torch, case, UNKNOWN_A, batch)
    if isinstance(fn, torch.nn.Module):  # batch norm refuses batch 1 in training; grad still blocks the fast path
        fn.eval()
    counter = FlopCounterMode(display=False)
    recurrent = isinstance(fn, torch.nn.Module) and any(isinstance(m, torch.nn.RNNBase) for m in fn.modules())
    with torch.backends.mkldnn.flags(enabled=not recurrent), sdpa_kernel(SDPBackend.MATH), counter:
        fn(*xs, **(case.get("call") or {}))
    flops = counter.get_total_flops()
    if flops % 2:
        raise RuntimeError(f"FlopCounterMode counted an odd number of FLOPs ({flops})")
    return flops // 2


def torch_macs_entry(torch, fn, case):
    """{"macs": n} at batch 1; when torch's batch-1 kernel refuses the sizes (an empty transposed
    output), the count at batch BATCH with "macs_batch_size"; {"macs_error": why} when both are refused."""
    try:
        return {"macs": torch_macs(torch, fn, case)}
    except Exception as e:
        first = error_text(e)
    try:
        return {"macs": torch_macs(torch, fn, case, BATCH), "macs_batch_size": BATCH}
    except Exception:
        return {"macs_error": first}


def torch_function_case(torch, case):
    """A function case: run with batch sizes 2 and 3 (and unknown sizes 7 and 9); axes that differ are null.

    The batch axis is an unknown size like any other, so an op that removes or
    merges it (select on dim 0, flatten from dim 0) is recorded as torch computes it.
    """
    try:
        fn = torch_function(torch, case["type"], case.get("args") or {})
        runs = []
        for batch, unknown in ((BATCH, UNKNOWN_A), (BATCH + 1, UNKNOWN_B)):
            torch.manual_seed(1)
            with torch.no_grad():
                runs.append(first_tensor_shape(torch, fn(*torch_inputs(torch, case, unknown, batch))))
        if len(runs[0]) != len(runs[1]):
            raise RuntimeError(f"output rank changes with the batch size: {runs[0]} vs {runs[1]}")
    except Exception as e:
        return {"error": error_text(e)}
    out = {"batch_size": BATCH, "batch_size_b": BATCH + 1}
    if any(d is None for s in case_shapes(case) for d in s):
        out["unknown_dim_size"] = UNKNOWN_A
    out["output_shape"] = [a if a == b else None for a, b in zip(*runs)]
    out.update(weights=[], buffers=[], params=0, trainable_params=0, non_trainable_params=0)
    out.update(torch_macs_entry(torch, lambda *xs, **call: fn(*xs), case))
    return out


def torch_case(torch, case):
    if is_torch_function(case["type"]):
        return torch_function_case(torch, case)
    has_unknown = any(d is None for s in case_shapes(case) for d in s)
    try:
        torch.manual_seed(0)
        args = build_nested(case.get("args") or {}, lambda kind, kw: torch_make(torch, kind, kw))
        module = torch_make(torch, case["type"], args)
        xs, y = torch_run(torch, module, case, UNKNOWN_A)
        shape = first_tensor_shape(torch, y)
        if has_unknown:
            _, y2 = torch_run(torch, module, case, UNKNOWN_B)
            shape2 = first_tensor_shape(torch, y2)
            if len(shape2) != len(shape):
                raise RuntimeError(f"output rank changes with the unknown size: {shape} vs {shape2}")
            shape = [a if a == b else None for a, b in zip(shape, shape2)]
        if shape:
            shape[0] = None
    except Exception as e:
        return {"error": error_text(e)}

    out = {"batch_size": BATCH}
    if has_unknown:
        out["unknown_dim_size"] = UNKNOWN_A
    out["output_shape"] = shape
    if isinstance(y, (tuple, list)):
        out["all_output_shapes"] = torch_shape_tree(torch, y)
    params = list(module.named_parameters())
    out["weights"] = [
        {"name": n, "shape": list(p.shape), "trainable": bool(p.requires_grad)} for n, p in params
    ]
    out["buffers"] = [
        {"name": n, "shape": list(b.shape), "dtype": str(b.dtype).replace("torch.", "")}
        for n, b in module.named_buffers()
    ]
    out["params"] = sum(p.numel() for _, p in params)
    out["trainable_params"] = sum(p.numel() for _, p in params if p.requires_grad)
    out["non_trainable_params"] = out["params"] - out["trainable_params"]
    out.update(torch_macs_entry(torch, module, case))
    try:
        import torchinfo
        stats = torchinfo.summary(module, input_data=list(xs), verbose=0,
                                  **(case.get("call") or {}))
        size = stats.summary_list[0].output_size
        out["torchinfo_output_shape"] = [int(d) for d in size] if all(
            isinstance(d, int) for d in size) else size
    except Exception as e:
        print(f"  torchinfo failed for {case['type']}: {error_text(e)}", file=sys.stderr)
    return out


# --------------------------------------------------------------------------

def fixture_path(case_file, out_dir):
    return out_dir / (case_file.stem + ".json")


def framework_of(case_file):
    fw = case_file.stem.split("_", 1)[0]
    if fw not in ("keras", "torch") or "_" not in case_file.stem:
        raise CaseFileError(f"{case_file}: name must be keras_<family>.yaml or torch_<family>.yaml")
    return fw


def make_fixture_text(case_file, loaded):
    fw = framework_of(case_file)
    cases = yaml.safe_load(case_file.read_text()) or []
    if not isinstance(cases, list):
        raise CaseFileError(f"{case_file}: must be a YAML list of cases")
    for i, case in enumerate(cases):
        check_case(case, f"{case_file.name}[{i}]")
    if fw not in loaded:
        loaded[fw] = load_keras() if fw == "keras" else load_torch()
    lib = loaded[fw]
    run = keras_case if fw == "keras" else torch_case
    fixtures = []
    for i, case in enumerate(cases):
        entry = dict(case)
        entry.update(run(lib, case))
        if ("error" in entry) != ("refused" in case):
            what = "is refused but has no `refused`" if "error" in entry else "has `refused` but is accepted"
            print(f"note: {case_file.name}[{i}] ({case.get('id', case['type'])}) {what}", file=sys.stderr)
        fixtures.append(entry)
    return json.dumps(fixtures, indent=1) + "\n", len(cases)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("case_files", nargs="*", type=Path,
                    help="case files (default: tests/cases/*.yaml)")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if a fixture file differs from what would be written")
    ap.add_argument("--out-dir", type=Path, default=FIXTURES_DIR,
                    help="where to write the fixtures (default: tests/fixtures)")
    opts = ap.parse_args(argv)
    files = opts.case_files or sorted(CASES_DIR.glob("*.yaml"))
    if not files:
        sys.exit(f"no case files in {CASES_DIR}")
    loaded = {}
    stale = []
    t_all = time.perf_counter()
    for f in files:
        t0 = time.perf_counter()
        try:
            text, n = make_fixture_text(f, loaded)
        except CaseFileError as e:
            sys.exit(f"error: {e}")
        dest = fixture_path(f, opts.out_dir)
        if opts.check:
            old = dest.read_text() if dest.exists() else None
            status = "up to date" if old == text else "STALE"
            if old != text:
                stale.append(dest)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".json.tmp")
            tmp.write_text(text)
            tmp.replace(dest)
            status = "written"
        try:
            shown = dest.relative_to(REPO)
        except ValueError:
            shown = dest
        print(f"{shown}: {n} cases, {status} ({time.perf_counter() - t0:.1f}s)", file=sys.stderr)
    print(f"total {time.perf_counter() - t_all:.1f}s", file=sys.stderr)
    if stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
