"""Parts and checks the mixture-of-experts families share (not a model type: no FAMILY)."""

from ....errors import ParamsumError
from ....layers.args import nonneg_int
from ..config import checked
from ..family import part


def experts(c, count, inner, top_k="num_experts_per_tok", **options):
    """The routed experts (stacked tensors): `count` of them, `top_k` used per token."""
    return part("Experts", "experts", hidden_size=c.size("hidden_size"), num_experts=c.size(count),
                intermediate_size=c.size(inner), top_k=c.optional(top_k), **options)


def router(c, count, name="gate", **options):
    return part("Gate", name, hidden_size=c.size("hidden_size"), out_features=c.size(count), **options)


def moe(c, *parts, name="mlp"):
    """The sparse MLP: its parts in the order the model registers them."""
    return part("MoE", name, hidden_size=c.size("hidden_size"), parts=list(parts))


def numbers(*names):
    """A derive step: fields the config class types as int (not optional), which transformers refuses as null."""

    def check(values):
        for name in names:
            if name in values and values[name] is None:
                raise ParamsumError(f"{name}: expected an integer (transformers refuses null); received: {name}=None")

    return check


def layer_types(values):
    """A derive step: transformers refuses a layer_types list that does not give one type per layer."""
    types = values.get("layer_types")
    if isinstance(types, list) and len(types) != checked(values, "num_hidden_layers", nonneg_int):
        raise ParamsumError(f"`num_hidden_layers` ({values['num_hidden_layers']}) must be equal to the number of "
                            f"`layer_types` ({len(types)})")
