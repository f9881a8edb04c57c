"""A config.json's fields over its config class's defaults, read and checked as the model reads them."""

from __future__ import annotations

from ... import limits
from ...errors import ParamsumError
from ...layers.args import boolean, nonneg_int, optional, positive_int

MAX_REPEATS = limits.REPEATS.value  # layers of a stack


class ConfigClass:
    """A transformers config class: its defaults, its aliases (attribute_map) and what it derives or refuses.

    `derive(values)` fills the fields the class computes from others (head_dim …) and
    raises ParamsumError with transformers' reason for values it refuses.
    """

    def __init__(self, defaults, aliases=None, derive=None):
        self.defaults = defaults
        self.aliases = aliases or {}
        self.derive = derive

    def but(self, defaults=None, aliases=None, derive=None):
        """The same class with some defaults (aliases, derivation) changed: a family's config built on another's."""
        return ConfigClass({**self.defaults, **(defaults or {})}, {**self.aliases, **(aliases or {})},
                           derive or self.derive)


MAX_SIZE = limits.SIZE.value  # no model has a size past this; larger ones would only overflow the arithmetic


def checked(values, name, kind):
    raw = values.get(name)
    try:
        value = kind(raw)
    except ValueError as reason:
        raise ParamsumError(f"{name}: {reason}; received: {name}={_shown(raw)}") from None
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE:
        raise limits.exceeded(limits.SIZE, f"{name}={_shown(raw)}")
    return value


def _shown(value):
    """A value for a message: a huge integer by its number of digits, a long value elided."""
    return limits.shown(value)


def depth(values, name):
    """A number of stacked layers in `values`, bounded (for derive steps)."""
    count = checked(values, name, nonneg_int)
    if count > MAX_REPEATS:
        raise limits.exceeded(limits.REPEATS, f"{name}={count:,}")
    return count


class Config:
    """The fields of one config.json over its config class's defaults."""

    def __init__(self, data, config_class):
        self.data = data
        values = dict(config_class.defaults)
        for key, value in data.items():
            values[config_class.aliases.get(key, key)] = value
        if config_class.derive:
            config_class.derive(values)
        self.values = values
        self.num_labels = self._num_labels()
        self.tied = self.flag("tie_word_embeddings", False)

    def _num_labels(self):
        """num_labels when given (it wins over id2label, as in transformers), else len(id2label), else 2."""
        id2label = self.data.get("id2label")
        if self.data.get("num_labels") is not None:
            return checked(self.data, "num_labels", nonneg_int)
        if id2label is not None:
            if not isinstance(id2label, dict):
                raise ParamsumError(f"id2label: expected a mapping of label ids to names; received: {id2label!r}")
            return len(id2label)
        return checked(self.values, "num_labels", nonneg_int) if "num_labels" in self.values else 2  # BART's: 3

    def get(self, name, default=None):
        return self.values.get(name, default)

    def size(self, name):
        """A positive size (hidden_size …)."""
        return checked(self.values, name, positive_int)

    def count(self, name):
        """A size that may be 0 (vocab_size, num_labels …)."""
        return checked(self.values, name, nonneg_int)

    def optional(self, name):
        """A positive size or None."""
        return checked(self.values, name, optional(positive_int))

    def flag(self, name, default=None):
        if self.values.get(name) is None and default is not None:
            return default
        return checked(self.values, name, boolean)

    def depth(self, name):
        """A number of stacked layers."""
        return depth(self.values, name)

    def checked(self, name, kind):
        return checked(self.values, name, kind)


def divisible(size, heads):
    """A derive step: transformers refuses a model size the heads do not divide."""

    def check(values):
        a, b = checked(values, size, positive_int), checked(values, heads, positive_int)
        if a % b:
            raise ParamsumError(f"{size} must be divisible by {heads}; received: {size}={a}, {heads}={b}")

    return check


def steps(*functions):
    """Several derive steps in order."""

    def run(values):
        for function in functions:
            function(values)

    return run


def head_dim(values):
    """head_dim = hidden_size // num_attention_heads when not given; k/v heads = heads when not given."""
    if values.get("head_dim") is None:
        values["head_dim"] = checked(values, "hidden_size", positive_int) // checked(
            values, "num_attention_heads", positive_int)
    if "num_key_value_heads" in values and values.get("num_key_value_heads") is None:
        values["num_key_value_heads"] = values["num_attention_heads"]


def mirror(aliases):
    """A derive step: each attribute_map name reads its field (config.hidden_size is GPT-2's n_embd)."""

    def copy(values):
        for alias, name in aliases.items():
            values[alias] = values.get(name)

    return copy
