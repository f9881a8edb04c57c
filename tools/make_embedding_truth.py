"""Regenerate tests/fixtures/embedding_params.json: the embedding tables of every Hugging Face fixture config.

transformers' own rule (PreTrainedModel.num_parameters(exclude_embeddings=True): the parameters of every
nn.Embedding module, subclasses included, taken out; a tied head shares its table's tensor, so it is
counted once) is the truth for paramsum's `embedding_params` (Kaplan et al. 2020: non-embedding params =
total − token and position embedding tables). Each config of tests/fixtures/huggingface/ is built on the
meta device (only shapes are read).

    python tools/make_embedding_truth.py            # all configs
    python tools/make_embedding_truth.py --check    # compare with the file, write nothing
"""

from __future__ import annotations

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import make_hf_fixtures as hf  # noqa: E402

OUT = hf.OUT.parent / "embedding_params.json"


def embedding_params(config_dict):
    model, _ = hf.build(config_dict, meta=True)
    total = model.num_parameters()
    return {"total": total, "embedding": total - model.num_parameters(exclude_embeddings=True)}


def main(argv):
    import transformers

    if transformers.__version__ != hf.TRANSFORMERS:
        sys.exit(f"the fixtures are transformers {hf.TRANSFORMERS}'s; this is {transformers.__version__}")
    truth, failed = {}, {}
    for path in sorted(hf.OUT.glob("*.config.json")):
        name = path.name[: -len(".config.json")]
        try:
            truth[name] = embedding_params(json.loads(path.read_text()))
        except Exception as error:  # a config transformers cannot build on the meta device: left out, said why
            failed[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    text = json.dumps({"transformers": hf.TRANSFORMERS, "models": truth, "not_built": failed}, indent=1) + "\n"
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"out of date: {OUT.name}")
        return
    OUT.write_text(text)
    print(f"{len(truth)} configs, {len(failed)} not built")


if __name__ == "__main__":
    main(sys.argv[1:])
