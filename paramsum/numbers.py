"""Human-friendly integers on the command line and in budgets: 7_850, 7.85K, 10M, 1e6."""

from __future__ import annotations

import re

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "G": 10**9, "T": 10**12}
# Patterns compiled on first use (re keeps them): compiling costs start-up time on runs that parse no number.
_NUMBER = r"(?i)\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([KMBGT]?)\s*"
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


def parse_limit(key, value):
    """A budget's limit: max_bytes is a byte size (parse_bytes), every other limit a count (parse_count)."""
    return parse_bytes(value) if key == "max_bytes" else parse_count(value)


def _as_text(value, not_a_number):
    """A limit as written: a plain integer as a Count already; a float, a string as text to parse. Booleans and
    negative values are refused (ValueError)."""
    if isinstance(value, bool):
        raise ValueError(not_a_number)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"must not be negative: {value}")
        return Count(value)
    text = repr(value) if isinstance(value, float) else str(value)
    if text.strip().startswith("-"):
        raise ValueError(f"must not be negative: {text!r}")
    return text


def parse_count(text):
    """Parse '7850', '7_850', '7.85K', '10M', '1.5B', '1e6' into a Count; ValueError otherwise."""
    if isinstance(text, Count):
        return text
    text = _as_text(text, f"not a number: {text!r} ({_HINT})")
    if isinstance(text, Count):
        return text
    match = re.fullmatch(_NUMBER, text)
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


# Byte sizes. The table prints IEC units (KiB = 1024 B, as Keras' readable_memory_size computes them, so its
# numbers equal Keras' "30.66 KB" but say their base); SI units (kB = 1000 B) are read too.
IEC_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
_BYTE_UNITS = {"": 1, "b": 1, **{unit.lower(): 1024**power for power, unit in enumerate(IEC_UNITS) if power},
               **{f"{prefix}b": 1000**power for power, prefix in enumerate("kmgtp", start=1)},
               # a prefix alone, as for counts (13G = 13 × 10^9)
               **{prefix: 1000**power for power, prefix in enumerate("kmgtp", start=1)}}
_SIZE = r"\s*([0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*"
_SIZE_HINT = "try 31400, 31.4kB, 13GB, 20KiB or 12.55GiB; kB, MB, GB = 1000^n bytes, KiB, MiB, GiB = 1024^n"


def parse_bytes(text):
    """Parse a byte size — '31400', '31.4kB', '30.66 KiB', '13GB', '12.55GiB', '13G' — into a Count of whole
    bytes (a fraction of a byte is dropped: the limit is what fits); ValueError otherwise."""
    if isinstance(text, Count):
        text = text.written
    text = _as_text(text, f"not a size: {text!r} ({_SIZE_HINT})")
    if isinstance(text, Count):
        return text
    match = re.fullmatch(_SIZE, text)
    if not match or match.group(2).lower() not in _BYTE_UNITS:
        raise ValueError(f"not a size: {text!r} ({_SIZE_HINT})")
    digits, unit = match.groups()
    digits = digits.replace("_", "")
    scale = _BYTE_UNITS[unit.lower()]
    if digits.isdigit():
        if len(digits) > 40:
            raise ValueError(f"too large: {text!r}")
        value = int(digits) * scale
    else:
        exact = _decimal(digits, text) * scale
        if scale == 1 and exact != int(exact):  # '1.5B': bytes here, not the billions of a count
            raise ValueError(f"not a whole number of bytes: {text!r} (B is the byte here: 1.5GB is 1.5 × 10^9 "
                             "bytes, 1.5GiB 1.5 × 2^30)")
        value = int(exact)
    if value > _LARGEST:
        raise ValueError(f"too large: {text!r}")
    return Count(value, text)


def readable_bytes(size):
    """31400 → '30.66 KiB', as Keras' readable_memory_size computes it (powers of 1024), with the unit's real
    name. Exact for integers of any size (no float on the way)."""
    if isinstance(size, float) and not size.is_integer():  # half bytes of a 4-bit type: small, a float is fine
        power = 0
        while power < len(IEC_UNITS) - 1 and size >= 1024 ** (power + 1):
            power += 1
        return f"{size / 1024**power:.2f} {IEC_UNITS[power]}"
    size = int(size)
    power = 0
    while power < len(IEC_UNITS) - 1 and size >= 1024 ** (power + 1):
        power += 1
    base = 1024**power
    hundredths, rest = divmod(size * 100, base)  # size / base to two decimals, half to even as Keras' f"{:.2f}"
    if 2 * rest > base or 2 * rest == base and hundredths % 2:
        hundredths += 1
    return f"{hundredths // 100}.{hundredths % 100:02d} {IEC_UNITS[power]}"
