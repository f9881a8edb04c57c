"""gpt2: still one builder over its own module types (legacy.py)."""

from ..legacy import family

FAMILY = family("gpt2")
