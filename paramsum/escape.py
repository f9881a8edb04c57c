"""Strings from a file, made safe to print: nothing a model file holds can move the cursor, retitle the window,
reverse the text or end a line. Applied where text leaves paramsum (the renderers, the stderr writer).

What is escaped is what Python's str.isprintable() refuses: C0 and C1 controls and DEL, format characters
(the bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, zero-width ones), line and paragraph
separators, spaces other than ' ', lone surrogates (unencodable), private-use and unassigned code points. The
check is one C call per string; only a string that fails it is rebuilt.
"""

from __future__ import annotations

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char):
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text):
    """`text` with every control, bidi and invisible character shown as an escape: '\\x1b', '\\n', '\\u202e'."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _json_escape(char):
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_printable(document):
    """JSON text from json.dumps(ensure_ascii=False) with what it leaves raw (C1, DEL, bidi, separators, lone
    surrogates) as \\u escapes: the same values, nothing raw. json.dumps escapes C0 itself, so the document's
    only newlines are its indentation's: each line is checked whole."""
    if document.replace("\n", " ").isprintable():
        return document
    return "\n".join(line if line.isprintable() else
                     "".join(char if char.isprintable() else _json_escape(char) for char in line)
                     for line in document.split("\n"))
