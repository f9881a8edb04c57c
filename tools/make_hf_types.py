"""Regenerate paramsum/formats/huggingface/known_types.py: every model_type transformers knows.

paramsum refuses a model type it does not support; when that type is a real
transformers architecture (mixtral, albert, bart …) it must not suggest a supported
one of a similar spelling (mistral, bert), which would count a different model.

    python tools/make_hf_types.py            # write
    python tools/make_hf_types.py --check    # compare, write nothing
"""

from __future__ import annotations

import pathlib
import sys
import textwrap

from fixture_io import write_or_check

OUT = pathlib.Path(__file__).resolve().parent.parent / "paramsum" / "formats" / "huggingface" / "known_types.py"


def text():
    import transformers
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

    names = " ".join(sorted(CONFIG_MAPPING_NAMES))
    body = textwrap.fill(names, width=100, break_on_hyphens=False, break_long_words=False)
    doc = f"The model types of transformers {transformers.__version__} (tools/make_hf_types.py writes this file)."
    return (f'"""{doc}"""\n\n'
            f'TRANSFORMERS_MODEL_TYPES = frozenset("""\n{body}\n""".split())\n')


def main(argv):
    write_or_check({OUT: text()}, "--check" in argv, "make_hf_types.py")


if __name__ == "__main__":
    main(sys.argv[1:])
