"""paramsum: how many parameters a model has, and why — without a framework."""

# No `from __future__ import annotations` here: it would leave `annotations` among the package's names.

__version__ = "0.1.0"

from .errors import ExitStatus, ParamsumError  # noqa: E402


def _read(path_or_data, source=None):
    """(Graph, format, source name) for a file path ('-' for stdin), an open file, or already-parsed data."""
    from .formats import to_graph

    if isinstance(path_or_data, (dict, bytes)):
        source = source or "<data>"
        return (*to_graph(path_or_data, source), source)
    if hasattr(path_or_data, "read"):
        data, name = _read_stream(path_or_data, source)
        return (*to_graph(data, name), name)
    from .formats.source import load

    data, name = load(path_or_data)
    source = source or name
    return (*to_graph(data, source), source)


def _read_stream(stream, source):
    """(data, display name) of an open file, text or binary: what its path would give."""
    import os

    from .formats.source import CHECKPOINTS, MAX_FILE_BYTES, BinaryFile, binary_kind, parse_text

    name = getattr(stream, "name", None)
    path = name if isinstance(name, str) and os.path.isfile(name) else None
    source = source or path or "<stream>"
    data = stream.read(MAX_FILE_BYTES + 1)
    if isinstance(data, bytes):
        kind = binary_kind(data[:16])
        if kind in CHECKPOINTS:  # read by its header from its path, never whole
            if path is None:
                raise ParamsumError(f"a {kind} checkpoint without a path; give its path (only its header is read)",
                                    source=source)
            return BinaryFile(kind, path), source
        if kind is not None:
            return BinaryFile(kind, None, data), source
        if b"\x00" in data[:8192]:
            raise ParamsumError("binary file, not a YAML or JSON model description", source=source)
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ParamsumError(f"not UTF-8 text (byte {error.start}): not a YAML or JSON model description",
                                source=source) from None
    if len(data) > MAX_FILE_BYTES:
        raise ParamsumError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB; not a model description",
                            source=source)
    return parse_text(data, source), source


def _check_dtype(dtype):
    from .summary import DTYPE_BYTES, dtype_suggestion

    if dtype is None or dtype in DTYPE_BYTES:
        return
    guess = dtype_suggestion(dtype)
    hint = f"did you mean '{guess}'?" if guess else "valid: " + ", ".join(sorted(DTYPE_BYTES))
    raise ParamsumError(f"unknown dtype {dtype!r}", hint=hint)


def load_graph(path_or_data, source=None):
    """A file path ('-' for stdin), an open file, or already-parsed data → the layer graph."""
    return _read(path_or_data, source)[0]


def summarize(path_or_data, source=None, dtype=None, unknown="error", batch_size=1, seq_len=None, train=None,
              strict=False, flops=True):
    """Summarise one model: its layers, output shapes, weights, params and formulas.

    `path_or_data` is a path ('-' for stdin), an open file (text or binary), or parsed data.
    `dtype` sizes the weights in bytes (default: the model's own); it is one of paramsum's names
    (float16, bfloat16, float32, int8, …: `fp16` is refused with "did you mean 'float16'?").
    unknown="count-as-zero" lets layer types paramsum does not know (custom layers) through as weightless
    layers that keep their input shape, with a warning. The compute (MACs and FLOPs per row) is
    for `batch_size` samples and `seq_len` positions on sequence axes the file leaves open; `train`
    names the training recipe of the memory figures (paramsum.memory.RECIPES; default mixed-adam).
    An unknown layer argument in a Keras file is a warning and is left out; `strict=True` makes it an error
    (in paramsum's own format, which a person writes, it always is).
    """
    from .infer import infer

    _check_dtype(dtype)
    graph, format, source = _read(path_or_data, source)
    try:
        return infer(graph, source=source, format=format, dtype=dtype, unknown=unknown, batch_size=batch_size,
                     seq_len=seq_len, train=train, strict=strict, flops=flops)
    except ParamsumError as error:
        error.located(source=source)
        raise


__all__ = ["summarize", "load_graph", "ParamsumError", "ExitStatus", "__version__"]


def __dir__():
    """The public names and the module's dunders: not the submodules that importing them leaves behind."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
