"""Human-friendly integers on the command line and in budgets: 7_850, 7.85K, 10M, 1e6."""

from __future__ import annotations

import re

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12}
_NUMBER = re.compile(r"\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([KMBGT]?)\s*", re.I)
_HINT = "try 7850, 7_850, 7.85K, 10M, 1.5B or 1e6"
# Far beyond any model, and small enough that Decimal → int stays instant.
_LARGEST = 10**30


class Count(int):
    """An integer that remembers how it was written, so messages can quote the user: '10M'."""

    written: str

    def __new__(cls, value, written=None):
        number = super().__new__(cls, value)
        number.written = str(value) if written is None else str(written).strip()
        return number


def parse_count(text):
    """Parse '7850', '7_850', '7.85K', '10M', '1.5B', '1e6' into a Count; ValueError otherwise."""
    if isinstance(text, Count):
        return text
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r} ({_HINT})")
    if isinstance(text, int):
        if text < 0:
            raise ValueError(f"must not be negative: {text}")
        return Count(text)
    if isinstance(text, float):
        text = repr(text)
    text = str(text)
    if text.strip().startswith("-"):
        raise ValueError(f"must not be negative: {text!r}")
    match = _NUMBER.fullmatch(text)
    if not match:
        raise ValueError(f"not a number: {text!r} ({_HINT})")
    digits, suffix = match.groups()
    digits = digits.replace("_", "")
    scale = _SUFFIX[suffix.upper()]
    if digits.isdigit() and len(digits) > 40:
        raise ValueError(f"too large: {text!r}")
    if digits.isdigit():
        value = int(digits) * scale
    else:
        value = _decimal(digits, text) * scale
    if value > _LARGEST:
        raise ValueError(f"too large: {text!r}")
    if value != int(value):
        raise ValueError(f"not a whole number: {text!r}")
    return Count(int(value), text)


def _decimal(digits, text):
    from decimal import Decimal, InvalidOperation  # only for numbers with a point or an exponent

    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r} ({_HINT})") from None
    # Checked before any arithmetic, which would overflow or round to zero.
    if value.adjusted() > 30:
        raise ValueError(f"too large: {text!r}")
    if value.adjusted() < -30 and value:
        raise ValueError(f"not a whole number: {text!r}")
    return value
