"""Read a .gguf checkpoint (llama.cpp) by its header: metadata keys and tensor infos, never the data.

A small reader of its own rather than the gguf package: the header is a few hundred lines
of the spec, the package needs numpy and maps the whole file, and here every count, length
and offset is checked against the file before it is trusted (tests compare it with files
the package's GGUFWriter writes). GGUF stores dimensions innermost first; rows show them in
framework order (reversed), as PyTorch and the config.json describe the same weights.
"""

from __future__ import annotations

import math
import os
import re
import struct

from .. import limits
from ..errors import ParamsumError
from .checkpoint import BoundedFile, checkpoint_graph, new_checkpoint

# ggml type id → (name, values per block, bytes per block), as ggml defines its types.
GGML_TYPES = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20), 6: ("Q5_0", 32, 22),
    7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 40), 10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110),
    12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176), 14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292),
    16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74), 18: ("IQ3_XXS", 256, 98), 19: ("IQ1_S", 256, 50),
    20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110), 22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136),
    24: ("I8", 1, 1), 25: ("I16", 1, 2), 26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8),
    29: ("IQ1_M", 256, 56), 30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66),
    39: ("MXFP4", 32, 17), 40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18),
}
# Metadata value types: id → struct format (8 string, 9 array are read apart).
SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
STRING, ARRAY = 8, 9
MAX_KEEP = 64  # array values kept (longer ones, the vocabulary, are skipped over)
HINT = "not a GGUF file, or a truncated one"
# Architecture keys shown (as `<arch>.<key>`), in this order.
ARCH_KEYS = ("block_count", "context_length", "embedding_length", "feed_forward_length", "attention.head_count",
             "attention.head_count_kv", "attention.key_length", "attention.value_length", "expert_count",
             "expert_used_count", "expert_shared_count", "vocab_size", "rope.dimension_count")


class Reader:
    """Little- or big-endian reads of GGUF's types from a BoundedFile."""

    def __init__(self, file, order="<", version=3):
        self.file = file
        self.order = order
        self.count_format = "Q" if version >= 2 else "I"  # version 1 wrote 32-bit counts and lengths

    def scalar(self, fmt, what):
        size = struct.calcsize(fmt)
        return struct.unpack(self.order + fmt, self.file.read(size, what))[0]

    def count(self, what):
        return self.scalar(self.count_format, what)

    def string(self, what, keep=True):
        length = self.count(f"{what} length")
        if length > self.file.size - self.file.offset:
            raise self.file.error(f"{what}: a string of {length:,} bytes runs past the end of the file", hint=HINT)
        if not keep:
            self.skip(length, what)
            return None
        raw = self.file.read(length, what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.file.error(f"{what} is not UTF-8", hint=HINT) from None

    def skip(self, count, what):
        if self.file.offset + count > self.file.size:
            raise self.file.error(f"{what} ({count:,} bytes) runs past the end of the file", hint=HINT)
        self.file.handle.seek(count, 1)
        self.file.offset += count

    def skip_strings(self, count, what, chunk=1 << 20):
        """Step over `count` strings without keeping them, reading the file a chunk at a time."""
        file, fmt = self.file, self.order + self.count_format
        width = struct.calcsize(fmt)
        start, buffer, cursor = file.offset, b"", 0
        for _ in range(count):
            if cursor + width > len(buffer):
                start += cursor
                file.handle.seek(start)
                buffer, cursor = file.handle.read(chunk), 0
                if len(buffer) < width:
                    raise file.error(f"{what}: {count:,} strings run past the end of the file", hint=HINT)
            cursor += width + struct.unpack_from(fmt, buffer, cursor)[0]
            if start + cursor > file.size:  # a string's length past the file: seeking there would fail
                raise file.error(f"{what}: {count:,} strings run past the end of the file", hint=HINT)
        end = start + cursor
        if end > file.size:
            raise file.error(f"{what}: {count:,} strings run past the end of the file", hint=HINT)
        file.handle.seek(end)
        file.offset = end

    def value(self, kind, what, depth=0):
        if kind in SCALARS:
            return self.scalar(SCALARS[kind], what)
        if kind == STRING:
            return self.string(what)
        if kind == ARRAY and depth < 4:
            item = self.scalar("I", f"{what} element type")
            length = self.count(f"{what} length")
            if length * (struct.calcsize(SCALARS[item]) if item in SCALARS else 8) > self.file.size - self.file.offset:
                raise self.file.error(f"{what}: an array of {length:,} values runs past the end of the file",
                                      hint=HINT)
            if item in SCALARS and length > MAX_KEEP:  # skipped over, bounded by the file
                self.skip(length * struct.calcsize(SCALARS[item]), what)
                return Skipped(length)
            if item == STRING and length > MAX_KEEP:  # the vocabulary: walked over in chunks
                self.skip_strings(length, what)
                return Skipped(length)
            return [self.value(item, what, depth + 1) for _ in range(length)]
        raise self.file.error(f"{what}: unknown metadata value type {kind}", hint=HINT)


class Skipped:
    """A long array of the metadata (the vocabulary) whose values were not kept: its length."""

    def __init__(self, length):
        self.length = length


def read_gguf(path, name=None):
    """(metadata {key: value}, [(tensor name, type name, framework-order shape, bytes)], file facts)."""
    with BoundedFile(path, name) as file:
        if file.read(4, "magic") != b"GGUF":
            raise file.error("not a GGUF file (no GGUF magic)", hint=HINT)
        raw_version = file.read(4, "version")
        order = "<"
        (version,) = struct.unpack("<I", raw_version)
        if version not in (1, 2, 3) and struct.unpack(">I", raw_version)[0] in (2, 3):
            order, version = ">", struct.unpack(">I", raw_version)[0]
        if version not in (1, 2, 3):
            raise file.error(f"GGUF version {version} is not one paramsum reads (1, 2, 3)")
        reader = Reader(file, order, version)
        n_tensors = reader.count("tensor count")
        n_kv = reader.count("metadata count")
        if n_tensors * 24 > file.size or n_kv * 12 > file.size:
            raise file.error(f"GGUF header claims {n_tensors:,} tensors and {n_kv:,} metadata keys, more than "
                             f"a file of {file.size:,} bytes can hold", hint=HINT)
        if n_tensors > limits.STORED_WEIGHTS.value:
            raise file.error(limits.past(limits.STORED_WEIGHTS, f"a GGUF header of {n_tensors:,} tensors"), hint=HINT)
        metadata = {}
        for _ in range(n_kv):
            key = reader.string("metadata key")
            kind = reader.scalar("I", f"type of '{key}'")
            metadata[key] = reader.value(kind, f"metadata '{key}'")
        infos = [_tensor_info(reader, file) for _ in range(n_tensors)]
        alignment = metadata.get("general.alignment", 32)
        if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
            raise file.error(f"general.alignment must be a power of two; received: {alignment!r}")
        data_start = -(-file.offset // alignment) * alignment
        tensors = _check_offsets(infos, data_start, alignment, file)
        return metadata, tensors, {"version": version, "alignment": alignment}


def _tensor_info(reader, file):
    name = reader.string("tensor name")
    n_dims = reader.scalar("I", f"tensor '{name}' rank")
    if n_dims > limits.DIMS.value:
        raise file.error(limits.past(limits.DIMS, f"tensor '{name}' of {n_dims:,} axes"), hint=HINT)
    dims = [reader.count(f"tensor '{name}' dimension") for _ in range(n_dims)]  # (32-bit in version 1)
    kind = reader.scalar("I", f"tensor '{name}' type")
    offset = reader.scalar("Q", f"tensor '{name}' offset")
    if kind not in GGML_TYPES:
        raise file.error(f"tensor '{name}': unknown ggml type {kind}",
                         hint="a newer quantization type? paramsum knows " + ", ".join(
                             t[0] for t in GGML_TYPES.values()))
    return name, dims, kind, offset


def _check_offsets(infos, data_start, alignment, file):
    tensors = []
    spans = []
    for name, dims, kind, offset in infos:
        type_name, block, block_bytes = GGML_TYPES[kind]
        elements = math.prod(dims)
        if dims and dims[0] % block:
            raise file.error(f"tensor '{name}': a {type_name} row of {dims[0]} values is not a whole number of "
                             f"{block}-value blocks")
        nbytes = elements // block * block_bytes
        begin = data_start + offset
        if offset % alignment:
            raise file.error(f"tensor '{name}': offset {offset:,} is not aligned to {alignment}", hint=HINT)
        if begin + nbytes > file.size:
            raise file.error(f"tensor '{name}': its {nbytes:,} bytes at offset {offset:,} run past the end of the "
                             f"file ({file.size:,} bytes): truncated file?", hint=HINT)
        spans.append((offset, offset + nbytes, name))
        tensors.append((name, type_name, tuple(reversed(dims)), nbytes))
    spans.sort()
    for (_, end, before), (begin, _, name) in zip(spans, spans[1:]):
        if begin < end:
            raise file.error(f"tensor '{name}' overlaps tensor '{before}' in the data", hint=HINT)
    return tensors


def architecture(metadata):
    """The recorded architecture keys shown with the summary: {'arch': 'llama', 'block_count': 32, …}."""
    arch = metadata.get("general.architecture")
    facts = {"arch": arch} if isinstance(arch, str) else {}
    for key in ARCH_KEYS:
        value = metadata.get(f"{arch}.{key}")
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            facts[key] = value
    for key in ("general.name", "general.size_label", "general.file_type", "general.quantization_version"):
        value = metadata.get(key)
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            facts[key.removeprefix("general.")] = value
    return facts


def build_gguf(path, source):
    """The Graph of a .gguf file (and of the other files of a split model): tensors by block, their
    quantization types and exact bytes."""
    from ..layers.checkpoint import StoredTensor

    metadata, entries, file_facts = read_gguf(path, source)
    files, missing, warnings = [source], [], []
    split = metadata.get("split.count")
    if isinstance(split, int) and split > 1:
        files, missing, metadata, entries = _split(path, source, split, metadata, entries)
        if missing:
            warnings.append(f"{len(missing)} of the {split} files of this split model are missing: "
                            f"{', '.join(missing)}; their tensors are not counted")
    tensors = [StoredTensor(name, shape, type_name, nbytes) for name, type_name, shape, nbytes in entries]
    facts = {"architecture": architecture(metadata), "GGUF": {"version": file_facts["version"],
                                                               "alignment": file_facts["alignment"]}}
    checkpoint = new_checkpoint("gguf", files, missing, facts=facts, tensors=tensors)
    name = metadata.get("general.name") if isinstance(metadata.get("general.name"), str) else None
    if not tensors:
        raise ParamsumError("the GGUF file stores no tensor", source=source)
    return checkpoint_graph(name or _stem(source), tensors, checkpoint, file_order=True, warnings=warnings)


SPLIT_NAME = re.compile(r"^(.*)-(\d{5})-of-(\d{5})\.gguf$")


def _split(path, source, count, metadata, entries):
    """Every present file of a split model (name-00001-of-00003.gguf …): (files, missing, first file's
    metadata, all tensors in file order)."""
    match = SPLIT_NAME.match(str(path))
    if match is None or int(match.group(3)) != count:
        raise ParamsumError(f"a split GGUF model (split.count {count}) whose file name does not say which split "
                            f"it is", source=source, hint="keep the names llama.cpp gives: <name>-00001-of-"
                                                          f"{count:05d}.gguf")
    files, missing, tensors, first = [], [], [], None
    seen = {}
    for number in range(1, count + 1):
        part = f"{match.group(1)}-{number:05d}-of-{count:05d}.gguf"
        if part == str(path):
            part_metadata, part_entries = metadata, entries
        elif os.path.isfile(part):
            part_metadata, part_entries, _ = read_gguf(part, part)
        else:
            missing.append(os.path.basename(part))
            continue
        for entry in part_entries:
            if entry[0] in seen:
                raise ParamsumError(f"tensor '{entry[0]}' is in both {seen[entry[0]]} and {part}", source=source)
            seen[entry[0]] = part
        files.append(part if part != str(path) else source)
        tensors.extend(part_entries)
        if first is None and "general.architecture" in part_metadata:
            first = part_metadata
    return files, missing, first or metadata, tensors


def _stem(source):
    base = str(source).replace("\\", "/").rsplit("/", 1)[-1]
    return base[:-5] if base.endswith(".gguf") else base
