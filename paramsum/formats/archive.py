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
import json
import zipfile

from ..errors import ParamsumError
from ..graph import RecordedWeight
from .keras import build_keras
from .stored import owner_resolver

CONFIG = "config.json"
WEIGHTS = "model.weights.h5"
MAX_CONFIG_BYTES = 64 * 1024 * 1024
MAX_WEIGHTS = 1_000_000


def build_archive(data):
    """.keras archive (bytes, or a BinaryFile to open by its path) → Graph, with the stored weights' shapes
    recorded when h5py can read them."""
    source = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data.path or io.BytesIO(data.data)
    try:
        with zipfile.ZipFile(source) as archive:
            graph = build_keras(_config(archive))
            stored = _stored_weights(archive)
    except zipfile.BadZipFile as error:
        raise ParamsumError(f"not a readable .keras archive: {error}") from None
    if stored is None:
        return graph
    resolve = owner_resolver(graph)
    return graph.replaced(recorded_weights=[RecordedWeight(name, resolve(name), shape) for name, shape in stored])


def _config(archive):
    names = archive.namelist()
    if CONFIG not in names:
        raise ParamsumError("zip archive without config.json: not a .keras model archive",
                            hint=f"it holds {', '.join(names[:5]) or 'nothing'}")
    if archive.getinfo(CONFIG).file_size > MAX_CONFIG_BYTES:
        raise ParamsumError(f"config.json in the archive is larger than {MAX_CONFIG_BYTES // 2**20} MiB")
    try:
        return json.loads(archive.read(CONFIG).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ParamsumError(f"config.json in the archive is not valid JSON: {error}") from None


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
                raise ParamsumError(f"more than {MAX_WEIGHTS:,} weights in {WEIGHTS}; refusing")

    try:
        with archive.open(WEIGHTS) as member, h5py.File(member, "r") as handle:
            handle.visititems(visit)
    except ParamsumError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError, zipfile.BadZipFile) as error:
        raise ParamsumError(f"{WEIGHTS} in the archive is not a readable HDF5 file: {str(error)[:200]}") from None
    return stored
