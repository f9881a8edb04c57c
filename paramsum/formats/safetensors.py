"""Read a .safetensors checkpoint by its header only, and a sharded one through its index.json.

A safetensors file is an 8-byte little-endian header length, a JSON header (tensor name →
dtype, shape, data_offsets into the byte buffer after the header; `__metadata__`), then the
data, which is never read. Every offset is checked against the file as the format requires:
the tensors tile the buffer without gap or overlap and each takes exactly what its dtype and
shape need.
"""

from __future__ import annotations

import json
import math
import os
import struct

from .. import limits
from ..errors import ParamsumError
from ..limits import shown, shown_number
from .checkpoint import BoundedFile, checkpoint_graph, flag_warning, new_checkpoint, quantization, stored_tensor

MAX_CONFIG_BYTES = 16 * 2**20
# Bits per element of each dtype the format defines.
DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "F8_E8M0": 8,
    "E8M0": 8, "I16": 16, "U16": 16, "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "I64": 64,
    "U64": 64, "F64": 64, "C64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
}
MAGIC_HINT = "not a safetensors file, or a truncated one"


def read_header(path, name=None):
    """([(tensor name, dtype, shape, bytes)] in offset order, __metadata__) of one file, every offset checked."""
    with BoundedFile(path, name) as file:
        (length,) = struct.unpack("<Q", file.read(8, "header length"))
        if length > limits.HEADER_BYTES.value:
            raise file.error(limits.past(limits.HEADER_BYTES, f"a safetensors header of {shown_number(length)} bytes"),
                             hint=MAGIC_HINT)
        if 8 + length > file.size:
            raise file.error(f"safetensors header length {length:,} bytes runs past the end of the file "
                             f"({file.size:,} bytes)", hint=MAGIC_HINT)
        raw = file.read(length, "header")
        header = _parse(raw, file)
        return _tensors(header, file.size - 8 - length, file), header.get("__metadata__") or {}


def _parse(raw, file):
    try:
        header = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise file.error(f"safetensors header is not UTF-8 (byte {8 + error.start})", hint=MAGIC_HINT) from None
    except json.JSONDecodeError as error:
        raise file.error(f"safetensors header is not valid JSON: {error.msg} (header byte {error.pos})",
                         hint=MAGIC_HINT) from None
    except RecursionError:
        raise file.error("safetensors header nests too deeply") from None
    if not isinstance(header, dict):
        raise file.error(f"safetensors header must be a JSON object; received a {type(header).__name__}")
    metadata = header.get("__metadata__")
    if metadata is not None and not isinstance(metadata, dict):
        raise file.error("safetensors __metadata__ must be an object of strings")
    return header


def _tensors(header, buffer_size, file):
    count = len(header) - ("__metadata__" in header)
    if count > limits.STORED_WEIGHTS.value:
        raise file.error(limits.past(limits.STORED_WEIGHTS, f"a safetensors header of {count:,} tensors"))
    entries = []
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(info, dict):
            raise file.error(f"tensor '{name}': expected {{dtype, shape, data_offsets}}; received: {info!r:.80}")
        dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if not isinstance(dtype, str) or dtype not in DTYPE_BITS:
            raise file.error(f"tensor '{name}': unknown dtype {shown(dtype)}",
                             hint=f"safetensors dtypes: {', '.join(DTYPE_BITS)}")
        if type(shape) is not list or not all(type(d) is int and d >= 0 for d in shape):
            raise file.error(f"tensor '{name}': shape must be a list of non-negative integers; received: "
                             f"shape={shape!r:.80}")
        if not (type(offsets) is list and len(offsets) == 2 and _natural(offsets[0]) and _natural(offsets[1])
                and offsets[0] <= offsets[1]):
            raise file.error(f"tensor '{name}': data_offsets must be [begin, end] with 0 ≤ begin ≤ end; "
                             f"received: data_offsets={offsets!r:.80}")
        entries.append((offsets[0], offsets[1], name, dtype, tuple(shape)))
    entries.sort()
    end = 0
    tensors = []
    for begin, stop, name, dtype, shape in entries:
        if begin != end:
            what = "overlaps the tensor before it" if begin < end else f"leaves a gap of {begin - end:,} bytes"
            raise file.error(f"tensor '{name}': data_offsets [{begin}, {stop}] {what} (expected to begin at {end})")
        if stop > buffer_size:
            raise file.error(f"tensor '{name}': data_offsets end at {stop:,}, past the end of the data "
                             f"({buffer_size:,} bytes): truncated file?")
        need = math.prod(shape) * DTYPE_BITS[dtype]
        if need != 8 * (stop - begin):
            raise file.error(f"tensor '{name}': a {dtype} tensor of shape {shown(list(shape))} takes "
                             f"{_bytes(need)} but its data_offsets span {stop - begin:,}")
        tensors.append((name, dtype, shape, stop - begin))
        end = stop
    if end != buffer_size:
        raise file.error(f"the tensors end at byte {end:,} of {buffer_size:,} bytes of data: the header does "
                         f"not describe the whole file")
    return tensors


def _bytes(bits):
    """Bits as exact bytes for a message, '1,024 bytes' or '0.5 bytes' (4-bit types), never through a float."""
    whole, rest = divmod(bits, 8)
    if whole >= 10**30:  # a shape past any file: its size in digits
        return f"a number of bytes of {shown_number(whole).removeprefix('an integer of ')}"
    return f"{whole:,}" + (f"{rest / 8:g}"[1:] if rest else "") + " bytes"


def _natural(value):
    return type(value) is int and value >= 0  # (not a bool)


def neighbour_config(directory):
    """The config.json beside a checkpoint, parsed, or None (a file that is not one is not an error here)."""
    path = os.path.join(directory or ".", "config.json")
    if not os.path.isfile(path):  # a FIFO there would block open()
        return None
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(MAX_CONFIG_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def read_checkpoint(paths, names, quant=None, missing=(), recorded=None, expected=None):
    """(Checkpoint, warnings) for safetensors files read by header: every tensor, classified under `quant`."""
    tensors, flagged, warnings, metadata = [], [], [], {}
    seen = {}
    for path, name in zip(paths, names):
        entries, meta = read_header(path, name)
        metadata.update({k: v for k, v in meta.items() if isinstance(v, str) and len(v) < 200})
        for tensor_name, dtype, shape, nbytes in entries:
            if tensor_name in seen:
                raise ParamsumError(f"tensor '{tensor_name}' is stored in both {seen[tensor_name]} and {name}",
                                    source=name)
            seen[tensor_name] = name
            tensors.append(stored_tensor(tensor_name, shape, dtype, nbytes, quant, flagged))
    if expected is not None:  # the index's weight_map against the shards' own headers
        present = {os.path.basename(str(n)) for n in names}
        absent = [t for t, shard in expected.items() if shard in present and t not in seen]
        if absent:
            warnings.append(f"{len(absent)} tensor(s) the index maps to a shard are not in it: "
                            f"{', '.join(absent[:3])}")
    if missing:
        lost = sum(1 for shard in expected.values() if shard in missing) if expected else 0
        warnings.append(f"{len(missing)} shard(s) missing: {', '.join(missing)}; their {lost} tensor(s) are "
                        f"not counted")
    warning = flag_warning(flagged, quant)
    if warning:
        warnings.append(warning)
    facts = {}
    if quant:
        facts["quantization"] = f"{quant[0]}" + (f", {quant[1]}-bit" if quant[1] else "")
    if recorded is not None:
        facts["recorded total_size"] = recorded
    if metadata:
        facts["metadata"] = metadata
    checkpoint = new_checkpoint("safetensors", names, missing, facts, tensors)
    checkpoint.unread = {t for t, shard in (expected or {}).items() if shard in missing}
    return checkpoint, warnings


def build_safetensors(path, source):
    """The Graph of one .safetensors file (quantization read from a config.json beside it, if any)."""
    config = neighbour_config(os.path.dirname(str(path)))
    quant = quantization(config) if config else None
    checkpoint, warnings = read_checkpoint([path], [source], quant)
    return checkpoint_graph(_stem(source), checkpoint.tensors, checkpoint, warnings=warnings)


def read_index(data, source, quant=None):
    """(Checkpoint, warnings) for a model.safetensors.index.json: the shards beside it that are present."""
    weight_map = data["weight_map"]
    shards = list(dict.fromkeys(weight_map.values()))
    if not shards or not all(isinstance(s, str) for s in shards):
        raise ParamsumError("weight_map must map tensor names to shard file names", source=source)
    directory = os.path.dirname(str(source)) if not str(source).startswith("<") else "."
    present, missing = [], []
    for shard in shards:
        if os.path.basename(shard) != shard or shard in ("", ".", ".."):
            raise ParamsumError(f"weight_map names shard {shard!r}, not a file name beside the index",
                                source=source)
        (present if os.path.isfile(os.path.join(directory, shard)) else missing).append(shard)
    if not present:
        raise ParamsumError(f"none of the {len(shards)} shard(s) the index names is present "
                            f"({', '.join(shards[:3])}…)", source=source,
                            hint="download the .safetensors files beside the index")
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    recorded = metadata.get("total_size")
    recorded = recorded if isinstance(recorded, int) and not isinstance(recorded, bool) else None
    paths = [os.path.join(directory, shard) for shard in present]
    return read_checkpoint(paths, paths, quant, missing, recorded, weight_map)


def build_index(data, source):
    """The Graph of a sharded checkpoint, from its index.json."""
    config = neighbour_config(os.path.dirname(str(source)))
    quant = quantization(config) if config else None
    checkpoint, warnings = read_index(data, source, quant)
    return checkpoint_graph(_stem(source), checkpoint.tensors, checkpoint, warnings=warnings)


def _stem(source):
    """The model's name: the file's stem, or its directory's name for the usual file names."""
    base = os.path.basename(str(source))
    for suffix in (".safetensors.index.json", ".index.json", ".safetensors", ".json"):
        if base.endswith(suffix):
            base = base[: -len(suffix)] or base
            break
    directory = os.path.basename(os.path.dirname(os.path.abspath(str(source))))
    generic = base in ("model", "pytorch_model", "consolidated", "diffusion_pytorch_model") or base.startswith(
        "model-0")
    return directory if generic and directory else base
