"""A .keras archive: its config.json read by the Keras reader, its model.weights.h5 shapes checked when h5py is there.

Keras 3 stores each layer's variables as layers/<attribute>/vars/<index> (named by class:
'dense', 'dense_1' …; Keras on Windows writes the first separator as a backslash), beside
the optimizer's and the metrics' own variables, which are no parameters of the model.
Without h5py the archive is summarised all the same, unchecked.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import ParamsumError
from ..graph import RecordedWeight
from .keras import build_keras
from .stored import owner_resolver

WEIGHTS = "model.weights.h5"
MAX_WEIGHTS = 1_000_000


def build_archive(data):
    """.keras archive bytes → Graph, with the stored weights' shapes recorded when h5py can read them."""
    graph = build_keras(data)
    stored = _stored_weights(data)
    if stored is None:
        return graph
    resolve = owner_resolver(graph)
    return graph.replaced(recorded_weights=[RecordedWeight(name, resolve(name), shape) for name, shape in stored])


def _stored_weights(data):
    """[(path, shape)] of the layers' variables in model.weights.h5, or None (no such file, or no h5py)."""
    try:
        import h5py
    except ImportError:
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if WEIGHTS not in archive.namelist():
            return None
        weights = archive.read(WEIGHTS)
    stored = []
    try:
        with h5py.File(io.BytesIO(weights), "r") as handle:
            def visit(name, item):
                path = name.replace("\\", "/")
                if isinstance(item, h5py.Dataset) and path.startswith("layers/"):
                    stored.append((path, tuple(int(d) for d in item.shape)))
                    if len(stored) > MAX_WEIGHTS:
                        raise ParamsumError(f"more than {MAX_WEIGHTS:,} weights in {WEIGHTS}; refusing")

            handle.visititems(visit)
    except ParamsumError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError) as error:
        raise ParamsumError(f"{WEIGHTS} in the archive is not a readable HDF5 file: {str(error)[:200]}") from None
    return stored
