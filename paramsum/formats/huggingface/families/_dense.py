"""What the dense decoders' config classes share: the check transformers makes of every config's layer_types."""

from ..config import depth as config_depth
from ..family import refuse


def layer_types(default=None):
    """A derive step: `layer_types` as the config class fills it in when absent (`default(values, depth)`),
    refused when it does not give one type per layer (transformers' validate_layer_type)."""

    def check(values):
        depth, types = config_depth(values, "num_hidden_layers"), values.get("layer_types")  # bounded: a list per layer
        if types is None:
            if default is not None:
                values["layer_types"] = default(values, depth)
        elif not isinstance(types, list) or len(types) != depth:
            count = len(types) if isinstance(types, list) else types
            refuse(f"`num_hidden_layers` ({depth}) must be equal to the number of `layer_types` ({count!r})")

    return check
