"""A .keras archive: its config.json read by the Keras reader, its model.weights.h5 shapes checked when h5py is there.

The archive is opened where it lies (a zip's directory is at its end): only config.json is
read into memory, and the weights file's HDF5 metadata through the zip, whatever the
archive's size. Keras 3 stores each layer's variables as layers/<attribute>/vars/<index>
(named by class: 'dense', 'dense_1' …; Keras on Windows writes the first separator as a
backslash), beside the optimizer's and the metrics' own variables, which are no parameters
of the model. Without h5py the archive is summarised all the same, unchecked.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .. import limits
from ..errors import ParamsumError
from ..graph import RecordedWeight
from ..limits import shown, shown_text
from .keras import build_keras
from .source import parse_text
from .stored import owner_resolver

CONFIG = "config.json"
WEIGHTS = "model.weights.h5"
MAX_CONFIG_BYTES = limits.MEMBER_BYTES.value
MAX_WEIGHTS = limits.STORED_WEIGHTS.value


def build_archive(data):
    """.keras archive (bytes, or a BinaryFile to open by its path) → Graph, with the stored weights' shapes
    recorded when h5py can read them."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data.path or io.BytesIO(data.data)
    try:
        with zipfile.ZipFile(source) as archive:
            config = _config(archive)
            stored = _stored_weights(archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        # a central directory that lies about offsets or sizes, a member that does not inflate
        raise ParamsumError(f"not a readable .keras archive: {shown_text(str(error))}") from None
    graph = build_keras(config)
    if stored is None:
        return graph
    resolve = owner_resolver(graph)
    return graph.replaced(recorded_weights=[RecordedWeight(name, resolve(name), shape) for name, shape in stored])


def _config(archive):
    """config.json, read with a bounded read (a central directory's sizes can lie) and parsed as any JSON file."""
    names = archive.namelist()
    if CONFIG not in names:
        raise ParamsumError("zip archive without config.json: not a .keras model archive",
                            hint=f"it holds {', '.join(shown(n) for n in names[:5]) or 'nothing'}")
    info = archive.getinfo(CONFIG)
    if info.flag_bits & 0x1:
        raise ParamsumError("config.json in the archive is encrypted; Keras writes it in the clear",
                            hint="give an unencrypted .keras archive")
    if info.file_size > MAX_CONFIG_BYTES:
        raise limits.exceeded(limits.MEMBER_BYTES, f"config.json in the archive, of {info.file_size:,} bytes")
    try:
        with archive.open(info) as member:
            data = member.read(MAX_CONFIG_BYTES + 1)
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise ParamsumError(f"config.json in the archive: {error}; Keras writes it deflated") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as error:
        raise ParamsumError(f"config.json in the archive cannot be read: {shown_text(str(error))}") from None
    if len(data) > MAX_CONFIG_BYTES:  # its header said less
        raise limits.exceeded(limits.MEMBER_BYTES, "config.json in the archive, inflated past it")
    if data[:4] == b"PK\x03\x04":
        raise ParamsumError("config.json in the archive is itself a zip archive, not JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "not UTF-8"
        raise ParamsumError(f"config.json in the archive is {encoding} text (byte {error.start}); Keras writes "
                            "UTF-8 JSON") from None
    if not text.lstrip().startswith("{"):
        raise ParamsumError("config.json in the archive is not a JSON object: not a Keras model config")
    try:
        return parse_text(text, None)
    except ParamsumError as error:
        error.message = f"config.json in the archive: {error.message}"
        raise


def _stored_weights(archive):
    """[(path, shape)] of the layers' variables in model.weights.h5, or None (no such file, or no h5py)."""
    if WEIGHTS not in archive.namelist():
        return None
    try:
        import h5py
    except ImportError:
        return None
    stored = []

    def visit(name, item):
        path = name.replace("\\", "/")
        if isinstance(item, h5py.Dataset) and path.startswith("layers/"):
            stored.append((path, tuple(int(d) for d in item.shape)))
            if len(stored) > MAX_WEIGHTS:
                raise limits.exceeded(limits.STORED_WEIGHTS, f"more than {MAX_WEIGHTS:,} weights in {WEIGHTS}")

    try:
        with archive.open(WEIGHTS) as member, h5py.File(member, "r") as handle:
            handle.visititems(visit)
    except ParamsumError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError, EOFError, NotImplementedError, zlib.error,
            zipfile.BadZipFile) as error:
        raise ParamsumError(f"{WEIGHTS} in the archive is not a readable HDF5 file: {shown_text(str(error))}") from None
    return stored
