"""Human-friendly integers on the command line and in budgets: 7_850, 7.85K, 10M, 1e6."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12}
_NUMBER = re.compile(r"\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([KMBGT]?)\s*", re.I)


def parse_count(text):
    """Parse '7850', '7_850', '7.85K', '10M', '1.5B', '1e6' into an int; ValueError otherwise."""
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, int):
        if text < 0:
            raise ValueError(f"must not be negative: {text}")
        return text
    if isinstance(text, float):
        text = repr(text)
    match = _NUMBER.fullmatch(str(text))
    if not match:
        raise ValueError(f"not a number: {text!r} (try 7850, 7.85K, 10M, 1.5B or 1e6)")
    digits, suffix = match.groups()
    try:
        value = Decimal(digits.replace("_", "")) * _SUFFIX[suffix.upper()]
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
