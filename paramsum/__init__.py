"""paramsum: how many parameters a model has, and why — without a framework."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import ExitStatus, ParamsumError  # noqa: E402


def load_graph(path_or_data, source=None):
    """A file path ('-' for stdin) or already-parsed data → the layer graph."""
    from .readers import to_graph

    if isinstance(path_or_data, (dict, bytes)):
        return to_graph(path_or_data, source or "<data>")
    from .read import load

    data, name = load(path_or_data)
    return to_graph(data, source or name)


def summarize(path_or_data, source=None, dtype=None, unknown="error"):
    """Summarise one model: its layers, output shapes, weights, params and formulas.

    unknown="count-as-zero" lets layer types paramsum does not know (custom layers)
    through as weightless layers that keep their input shape, with a warning.
    """
    from .infer import infer

    graph = load_graph(path_or_data, source)
    graph.unknown = unknown
    try:
        summary = infer(graph)
    except ParamsumError as error:
        error.located(source=graph.source)
        raise
    if dtype:
        summary.compute_totals(dtype)
    return summary


__all__ = ["summarize", "load_graph", "ParamsumError", "ExitStatus", "__version__"]
