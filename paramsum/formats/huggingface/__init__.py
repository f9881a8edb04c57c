"""Read a Hugging Face config.json into a Graph of the model transformers builds from it.

The model is `architectures[0]` (else the base model of `model_type`), as
`AutoModelFor….from_config(config)` builds it. Its rows are the modules at a
readable depth, named by their paths in the model (`bert.encoder.layer.0`,
`model.layers.31`, `lm_head`), so that a row's name + "." + a weight's name is
a name of `model.named_parameters()`. Fields missing from the file take the
defaults of transformers' config class for that model type. A weight shared
with another module (tie_word_embeddings) is counted once, where it is first
registered, as `model.parameters()` counts it; the other row says so.

Each model type is one Family (families/<model_type>.py): its config class's
defaults and aliases, the shared parts its blocks are made of, its body and heads.
"""

from __future__ import annotations

from ...errors import ParamsumError, suggest
from ...graph import Graph, Ref, is_chain
from ...summary import DTYPE_BYTES
from .cache import decoder_shape
from .config import Config
from .families import load_family, model_types
from .family import Rows

DEFAULT_SEQ_LEN = 128  # tokens a Hugging Face model's compute is counted for unless --seq-len says


def build_huggingface(data):
    """A config.json mapping → the Graph of the model transformers builds from it."""
    model = _family(data)
    arch = _architecture(data, model)
    config = Config(data, model.config)
    rows = Rows(config)
    model.build(rows, config, arch)
    dtype = data.get("torch_dtype") or data.get("dtype")  # the checkpoint's: it sizes the bytes
    outputs = [Ref(rows.specs[-1].name)]
    decoder = None
    if model.decoder(config):
        decoder = decoder_shape(rows, config, model.model_type, model.encoder_length(config),
                                stacks=getattr(model.body, "stacks", None) is not None)
    return Graph(name=str(data.get("_name_or_path") or arch), framework="pytorch", layers=rows.specs,
                 outputs=outputs, chain=is_chain(rows.specs, outputs), seq_len=DEFAULT_SEQ_LEN,
                 dtype=dtype if isinstance(dtype, str) and dtype in DTYPE_BYTES else "float32", decoder=decoder)


def _family(data):
    model_type = data.get("model_type")
    supported = model_types()
    if model_type is None:  # an old config: the architecture says which model it is
        architectures = data.get("architectures")
        first = architectures[0] if isinstance(architectures, list) and architectures else None
        for name in supported:
            if str(first) in load_family(name).architectures:
                return load_family(name)
        raise ParamsumError(f"config has no model_type and architecture {first!r} is not one paramsum knows",
                            hint=f"supported model types: {', '.join(supported)}")
    if not isinstance(model_type, str):
        raise ParamsumError(f"model_type: expected a name such as 'bert'; received: model_type={model_type!r}")
    if model_type not in supported:
        from .known_types import TRANSFORMERS_MODEL_TYPES

        if model_type in TRANSFORMERS_MODEL_TYPES:  # a real architecture: no look-alike is suggested
            raise ParamsumError(f"model_type '{model_type}' is a transformers architecture paramsum does not read "
                                f"yet; supported: {', '.join(supported)}")
        raise ParamsumError(f"model_type '{model_type}' is not supported; supported: {', '.join(supported)}",
                            hint=_hint(model_type, supported))
    return load_family(model_type)


def _hint(model_type, supported):
    """A suggestion for a spelling slip of a supported type only, never another architecture.

    The nearest name among all of transformers' types decides: a supported one is
    suggested, an unsupported one is named as such (mixtrall is mixtral, not mistral).
    """
    from .known_types import TRANSFORMERS_MODEL_TYPES

    hint = suggest(model_type, TRANSFORMERS_MODEL_TYPES | set(supported))
    if hint is None:
        return None
    nearest = hint.split("'")[1]
    return hint if nearest in supported else f"'{nearest}' is a transformers model type paramsum does not read yet"


def _architecture(data, model):
    supported = model.architectures
    architectures = data.get("architectures")
    if architectures is None or architectures == []:  # no class named: the base model, as AutoModel builds
        return supported[0]
    if not isinstance(architectures, list) or not architectures or not isinstance(architectures[0], str):
        raise ParamsumError(f"architectures: expected a list of class names, e.g. [\"{supported[-1]}\"]; "
                            f"received: {architectures!r}")
    arch = architectures[0]
    if arch not in supported:
        raise ParamsumError(f"architecture '{arch}' is not supported for model_type '{model.model_type}'; "
                            f"supported: {', '.join(supported)}", hint=suggest(arch, supported))
    return arch


__all__ = ["build_huggingface", "model_types"]
