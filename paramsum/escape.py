"""Strings from a file, made safe to print: nothing a model file holds can move the cursor, retitle the window,
reverse the text or end a line. Applied where text leaves paramsum (the renderers, the stderr writer)."""

from __future__ import annotations

import re

# C0 controls and DEL, C1 controls (0x9b is a one-byte CSI), the line and paragraph separators, the bidi
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), lone surrogates (unencodable).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What JSON leaves raw with ensure_ascii=False (it escapes C0 itself).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match):
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text):
    """`text` with every control, bidi and separator character shown as an escape: '\\x1b', '\\n', '\\u202e'."""
    return _UNSAFE.sub(_escaped, str(text))


def json_printable(document):
    """JSON text (from json.dumps) with what it leaves raw as \\u escapes: the same values, nothing raw."""
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
