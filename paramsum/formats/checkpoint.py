"""What the checkpoint readers share: bounded reads, the graph of stored tensors, packed quantized weights.

A checkpoint becomes a Graph of `StoredTensors` rows (paramsum/layers/checkpoint.py), one
per module path, in a plain chain; the Graph's `checkpoint` says which files were read and
what they record.
"""

from __future__ import annotations

import os
from fractions import Fraction

from ..errors import ParamsumError
from ..graph import Graph, LayerSpec, Ref
from ..layers.checkpoint import StoredTensor, rows
from ..summary import Checkpoint


class BoundedFile:
    """A file read only where its header says, each read checked against the file's size first."""

    def __init__(self, path, name=None):
        self.path = path
        self.name = name or str(path)
        try:
            self.handle = open(path, "rb")  # noqa: SIM115 (closed by close(), on every path through the reader)
            self.size = os.fstat(self.handle.fileno()).st_size
        except FileNotFoundError:
            raise ParamsumError("no such file", source=self.name) from None
        except OSError as error:
            raise ParamsumError(f"cannot read: {error.strerror or error}", source=self.name) from None
        self.offset = 0

    def read(self, count, what):
        """Exactly `count` bytes from the current offset, or an error naming `what` ran past the end."""
        if count < 0 or self.offset + count > self.size:
            raise self.error(f"{what} at byte {self.offset} ({count:,} bytes) runs past the end of the file "
                             f"({self.size:,} bytes): truncated or not a checkpoint")
        data = self.handle.read(count)
        if len(data) != count:
            raise self.error(f"{what}: file changed while being read")
        self.offset += count
        return data

    def error(self, message, hint=None):
        return ParamsumError(message, source=self.name, hint=hint)

    def close(self):
        self.handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def checkpoint_graph(name, tensors, checkpoint, dtype=None, warnings=(), file_order=False):
    """The Graph of a checkpoint: an input, then one StoredTensors row per module path (shown as a plain list)."""
    specs = [LayerSpec(name="tensors", type="InputLayer", config={"shape": []}, calls=[[]])]
    for path, group in rows(tensors, file_order).items():
        specs.append(LayerSpec(name=path, type="StoredTensors", config={"tensors": group},
                               calls=[[Ref("tensors")]]))  # rows side by side: a checkpoint has no data flow
    if len(specs) == 1:
        raise ParamsumError("the checkpoint stores no tensor", source=checkpoint.files[0] if checkpoint.files else None)
    return Graph(name=name, framework="pytorch", layers=specs, outputs=[Ref(specs[-1].name)], chain=True,
                 dtype=dtype or main_dtype(tensors), warnings=warnings, checkpoint=checkpoint)


# Stored dtype names as PyTorch names them (the summary's dtype); others (ggml's Q4_K …) keep their own.
TORCH_NAMES = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
               "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool",
               "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2"}


def main_dtype(tensors):
    """The dtype that takes most of the checkpoint's bytes, as PyTorch names it when it can."""
    sizes = {}
    for tensor in tensors:
        sizes[tensor.dtype] = sizes.get(tensor.dtype, 0) + tensor.nbytes
    main = max(sizes, key=sizes.get) if sizes else "F32"
    return TORCH_NAMES.get(main, main)


def new_checkpoint(kind, files, missing=(), facts=None, tensors=()):
    """A summary.Checkpoint that also carries the stored tensors (for a model directory's comparison)."""
    checkpoint = Checkpoint(kind, files, missing, facts)
    checkpoint.tensors = list(tensors)
    checkpoint.unread = set()  # tensors an index maps to shards that are missing
    return checkpoint


# -- packed quantized weights ----------------------------------------------------------------------
# quant_method → (names of packed tensors, the axis they pack along, names of quantization metadata).
# The metadata (scales, zero points, group indices, the state of bitsandbytes) are stored but are
# not parameters of the model: buffers. The packed weights count as the values they hold.
QUANT_METHODS = {
    "gptq": ({"qweight"}, 0, {"qzeros", "scales", "g_idx"}),
    "awq": ({"qweight"}, -1, {"qzeros", "scales"}),
    "compressed-tensors": ({"weight_packed"}, -1, {"weight_scale", "weight_zero_point", "weight_g_idx",
                                                   "weight_shape", "weight_global_scale", "input_global_scale",
                                                   "input_scale", "output_scale"}),
    "bitsandbytes": ({"weight"}, 0, {"absmax", "quant_map", "nested_absmax", "nested_quant_map", "SCB",
                                     "weight_format"}),
    "fp8": (set(), 0, {"weight_scale_inv", "weight_scale", "input_scale", "activation_scale"}),
    "fbgemm_fp8": (set(), 0, {"weight_scale", "input_scale_ub"}),
    "mxfp4": ({"*_blocks"}, -1, {"*_scales"}),
    "mlx": ({"weight"}, -1, {"scales", "biases"}),  # weight U32 [out, in·bits/32]; scales and biases per group
}
INTEGER_BITS = {"I8": 8, "U8": 8, "I16": 16, "U16": 16, "I32": 32, "U32": 32, "I64": 64, "U64": 64}


def quantization(config):
    """(method, bits) of a config.json's quantization_config, or None."""
    if not isinstance(config, dict):
        return None
    quant = config.get("quantization_config") or config.get("quantization")  # (MLX writes `quantization`)
    if not isinstance(quant, dict):
        return None
    method = str(quant.get("quant_method", "")).lower()
    if not method and "bits" in quant and "group_size" in quant:
        method = "mlx"  # mlx_lm's quantize: no quant_method, bits and group_size only
    bits = quant.get("bits", quant.get("w_bit"))
    if method == "compressed-tensors":
        for group in (quant.get("config_groups") or {}).values():
            weights = group.get("weights") if isinstance(group, dict) else None
            if isinstance(weights, dict) and weights.get("num_bits"):
                bits = weights["num_bits"]
                break
    elif method == "bitsandbytes":
        bits = 4 if quant.get("load_in_4bit") else 8
    elif method == "mxfp4":
        bits = 4
    return method, bits if isinstance(bits, int) and not isinstance(bits, bool) and bits > 0 else None


def _matches(leaf, names):
    return leaf in names or any(n.startswith("*") and leaf.endswith(n[1:]) for n in names)


def is_causal_mask(leaf, shape):
    """GPT-2's attention masks, which old checkpoints store as float tensors: attn.bias (1, 1, n, n), masked_bias."""
    return (leaf == "bias" and len(shape) == 4 and shape[0] == shape[1] == 1 and shape[2] == shape[3] > 1) or (
        leaf == "masked_bias" and len(shape) == 0)


def classify(name, dtype, shape, quant):
    """(role, values per stored element, packing axis) of a stored tensor under a quantization (or None).

    A packed tensor whose bits are not known is (role 'param', 0): the caller flags it.
    """
    leaf = name.rpartition(".")[2]
    storage = INTEGER_BITS.get(dtype)
    if is_causal_mask(leaf, shape):
        return "buffer", 1, 0
    if quant is None:
        if storage is None and dtype != "BOOL":
            return "param", 1, 0
        if any(_matches(leaf, packed - {"weight"}) for packed, _, _ in QUANT_METHODS.values()):
            return "param", 0, 0  # a packed weight's name, but no quantization_config says how
        return "buffer", 1, 0  # integer and boolean tensors are not trained (position ids, masks)
    method, bits = quant
    packed, axis, meta = QUANT_METHODS.get(method, (set(), 0, set()))
    if "quant_state" in name or _matches(leaf, meta):
        return "buffer", 1, 0
    if storage is None:  # a float tensor: an unquantized layer, or fp8 weights (one value per byte)
        return "param", 1, 0
    if _matches(leaf, packed) and bits and shape:
        if method == "bitsandbytes" and bits == 8:
            return "param", 1, 0  # int8 weights: one value per element
        factor = Fraction(storage, bits)  # 3-bit GPTQ: 32 values in every 3 int32
        if (shape[axis] * factor).denominator == 1:
            return "param", factor, axis
    if method in QUANT_METHODS and storage == 8 and not _matches(leaf, packed):
        return "param", 1, 0  # int8 weights (bitsandbytes 8-bit, compressed-tensors int8): a value per byte
    if method in QUANT_METHODS and leaf != "weight" and not _matches(leaf, packed):
        return "buffer", 1, 0  # other integer state of a known method (indices, shapes)
    return "param", 0, 0  # wider integers under a weight's name, or an unknown method: cannot tell


def unpacked_shape(shape, factor, axis):
    """The shape a packed tensor stands for: the packing axis times `factor`, spelled so ('512 × 8')."""
    if factor == 1 or not shape:
        return tuple(shape)
    from ..layers.base import dim
    from ..summary import Dim

    axis = axis % len(shape)
    if factor.denominator == 1:
        packed = dim(shape[axis], factor.numerator)
    else:
        packed = Dim(int(shape[axis] * factor), f"{shape[axis]} × {factor.numerator} / {factor.denominator}")
    return tuple(packed if i == axis else size for i, size in enumerate(shape))


def stored_tensor(name, shape, dtype, nbytes, quant, flagged):
    """A StoredTensor for one header entry; a possibly packed tensor whose packing is unknown joins `flagged`."""
    role, factor, axis = classify(name, dtype, shape, quant)
    if factor == 0:
        flagged.append(name)
        factor = 1
    return StoredTensor(name, unpacked_shape(shape, factor, axis), dtype, nbytes, role, factor)


def flag_warning(flagged, quant):
    """The warning for integer tensors that may pack several values each (never counted silently)."""
    if not flagged:
        return None
    if quant:
        method = f"quantization '{quant[0]}'" + ("" if quant[1] else " without its bits")
    else:
        method = "no quantization_config"
    shown = ", ".join(flagged[:3]) + (f" and {len(flagged) - 3} more" if len(flagged) > 3 else "")
    return (f"{len(flagged)} integer tensor(s) may pack several values per stored element ({shown}; {method}): "
            f"counted as their stored elements, the true parameter count cannot be known from the header")
