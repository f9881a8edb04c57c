"""Every bound paramsum puts on the work a file can ask for, in one place (docs/limits.md lists them).

Each limit is checked before the work it bounds, and its message names the limit and where it
is documented, so a file past one is refused in one line rather than after minutes or gigabytes.
"""

from __future__ import annotations

import itertools

from .errors import MAX_MESSAGE_CHARS, ParamsumError


class Limit:
    """One bound: its name (as the messages and docs/limits.md give it), its value and what it bounds."""

    __slots__ = ("name", "value", "what", "shown")

    def __init__(self, name, value, what, shown=None):
        self.name = name
        self.value = value
        self.what = what
        self.shown = shown or (f"{value:,}" if isinstance(value, int) else str(value))

    def describe(self):
        return f"{self.name} = {self.shown}"


MiB = 2**20

SIZE = Limit("MAX_SIZE", 2**48, "any one size (an axis, units, filters, a vocabulary, a scale)", "2**48")
ELEMENTS = Limit("MAX_ELEMENTS", 10**1000, "elements in one tensor (an input, an output, a weight)", "10**1000")
REPEATS = Limit("MAX_REPEATS", 10_000, "copies of one block (num_layers, num_hidden_layers …)")
LAYERS = Limit("MAX_LAYERS", 1_000_000, "layers in one model file")
FILE_BYTES = Limit("MAX_FILE_BYTES", 64 * MiB, "bytes in a text model file (YAML or JSON)", "64 MiB")
MEMBER_BYTES = Limit("MAX_MEMBER_BYTES", 64 * MiB, "bytes config.json may inflate to in a .keras archive", "64 MiB")
DEPTH = Limit("MAX_DEPTH", 100, "levels of nesting in a YAML or JSON file, aliases expanded")
ALIAS_NODES = Limit("MAX_ALIAS_NODES", 100_000, "values YAML aliases may add when expanded")
YAML_VALUES = Limit("MAX_YAML_VALUES", 2_000_000, "values in a YAML file (PyYAML holds some 400 bytes for each "
                    "while it reads)")
JSON_CONTAINERS = Limit("MAX_JSON_CONTAINERS", 4_000_000, "mappings and lists in a JSON file, as its '{' and '[' "
                        "count (in strings too; real files have one in 35–50 bytes)")
INT_DIGITS = Limit("MAX_INT_DIGITS", 4300, "digits of one integer in a YAML or JSON file (as Python reads them)")
STORED_WEIGHTS = Limit("MAX_STORED_WEIGHTS", 1_000_000, "weights or tensors a checkpoint lists (.h5, .keras, "
                       "safetensors, GGUF)")
HEADER_BYTES = Limit("MAX_HEADER_BYTES", 100_000_000, "bytes in a safetensors header (the safetensors library "
                     "reads no more)", "100 MB")
DIMS = Limit("MAX_DIMS", 8, "axes of one tensor a GGUF file lists (ggml's tensors have at most 4)")
PIPE_WAIT = Limit("MAX_PIPE_WAIT", 60, "seconds a pipe or FIFO may stay silent while paramsum reads it (a "
                  "terminal waits as long as you type)", "60 s")
SHOWN_CHARS = Limit("MAX_SHOWN_CHARS", 40, "characters of a received value quoted in a message")
MESSAGE_CHARS = Limit("MAX_MESSAGE_CHARS", MAX_MESSAGE_CHARS, "characters of one message")

ALL = (SIZE, ELEMENTS, REPEATS, LAYERS, FILE_BYTES, MEMBER_BYTES, DEPTH, ALIAS_NODES, YAML_VALUES, JSON_CONTAINERS,
       INT_DIGITS, STORED_WEIGHTS,
       HEADER_BYTES, DIMS, PIPE_WAIT, SHOWN_CHARS, MESSAGE_CHARS)
DOCS = "see docs/limits.md"


def past(limit, what):
    """The message for `what` (e.g. "num_layers=10**9") past `limit`."""
    return f"{what}: past paramsum's limit {limit.describe()}, the most {limit.what} ({DOCS})"


def exceeded(limit, what, **where):
    """The ParamsumError for `what` past `limit`."""
    return ParamsumError(past(limit, what), **where)


def size(value, key=None):
    """`value` (an int) when it is within MAX_SIZE, else the limit's ValueError for an argument check."""
    if value > SIZE.value:
        raise ValueError(f"past paramsum's limit {SIZE.describe()}, the most any one size may be ({DOCS})")
    return value


def shown_number(value):
    """An integer for a message: a huge one by its number of digits, not its 4,000 digits."""
    if value < 10**30:
        return f"{value:,}"
    digits = value.bit_length() * 0.30103  # log10(2): enough to say how large, without str()
    return f"an integer of about {int(digits) + 1:,} digits"


def shown(value):
    """repr(value) for a message, elided past MAX_SHOWN_CHARS: "'[[[[…' (2,000,000 characters)"."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return shown_number(abs(value))
    if isinstance(value, (dict, list, tuple)) and _larger_than(value, SHOWN_CHARS.value * 4):
        text = repr(_clipped(value, SHOWN_CHARS.value))  # an alias bomb's repr would take gigabytes
        kind = "mapping" if isinstance(value, dict) else "list"
        return f"{text[:SHOWN_CHARS.value]}… (a {kind} of {len(value):,} items)"
    text = repr(value)
    if len(text) <= SHOWN_CHARS.value:
        return text
    return f"{text[:SHOWN_CHARS.value]}… ({len(text):,} characters)"


def shown_text(text):
    """A text for a message (an exception's words), elided past a few lines' worth."""
    text = " ".join(str(text).split())
    return text if len(text) <= 4 * SHOWN_CHARS.value else f"{text[:4 * SHOWN_CHARS.value]}…"


def _larger_than(value, budget):
    """True when a nested value has more than `budget` items and characters (walked no further than that)."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1 + (len(item) if isinstance(item, str) else 0)
        if seen > budget:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _clipped(value, budget):
    """A copy of a nested value with at most `budget` items at each level, for a short repr."""
    if budget <= 0:
        return ...
    if isinstance(value, dict):
        return {k: _clipped(v, budget // 2) for k, v in itertools.islice(value.items(), budget)}
    if isinstance(value, (list, tuple)):
        return [_clipped(v, budget // 2) for v in value[:budget]]
    return value


def check_tensor(shape, what):
    """Refuse a tensor of more than MAX_ELEMENTS elements (its unknown sizes left out): past it, the counts would
    have more digits than can be printed. `shape` is a tuple of sizes, or a list of them (several outputs)."""
    for one in shape if isinstance(shape, list) else [shape]:
        elements = 1
        for size in one:
            if isinstance(size, int):
                elements *= size
                if elements > ELEMENTS.value:
                    raise exceeded(ELEMENTS, f"{what} of about 10**{int(elements.bit_length() * 0.30103)} elements")
