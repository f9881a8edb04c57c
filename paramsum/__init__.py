"""paramsum: how many parameters a model has, and why — without a framework."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ExitStatus, ParamsumError  # noqa: E402


def _read(path_or_data, source=None):
    """(Graph, format, source name) for a file path ('-' for stdin) or already-parsed data."""
    from .formats import to_graph

    if isinstance(path_or_data, (dict, bytes)):
        source = source or "<data>"
        return (*to_graph(path_or_data, source), source)
    from .formats.source import load

    data, name = load(path_or_data)
    source = source or name
    return (*to_graph(data, source), source)


def load_graph(path_or_data, source=None):
    """A file path ('-' for stdin) or already-parsed data → the layer graph."""
    return _read(path_or_data, source)[0]


def summarize(path_or_data, source=None, dtype=None, unknown="error", batch_size=1, seq_len=None, train=None,
              strict=False):
    """Summarise one model: its layers, output shapes, weights, params and formulas.

    `dtype` sizes the weights in bytes (default: the model's own). unknown="count-as-zero"
    lets layer types paramsum does not know (custom layers) through as weightless layers
    that keep their input shape, with a warning. The compute (MACs and FLOPs per row) is
    for `batch_size` samples and `seq_len` positions on sequence axes the file leaves open; `train`
    names the training recipe of the memory figures (paramsum.memory.RECIPES; default mixed-adam).
    An unknown layer argument in a Keras file is a warning and is left out; `strict=True` makes it an error
    (in paramsum's own format, which a person writes, it always is).
    """
    from .infer import infer

    graph, format, source = _read(path_or_data, source)
    try:
        return infer(graph, source=source, format=format, dtype=dtype, unknown=unknown, batch_size=batch_size,
                     seq_len=seq_len, train=train, strict=strict)
    except ParamsumError as error:
        error.located(source=source)
        raise


__all__ = ["summarize", "load_graph", "ParamsumError", "ExitStatus", "__version__"]
