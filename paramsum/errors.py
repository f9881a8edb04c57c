"""Exit statuses and the one exception type paramsum raises for bad input."""

from __future__ import annotations

import enum

from .escape import printable

# The longest message paramsum prints (paramsum.limits lists it with the other limits): past it, the rest is elided.
MAX_MESSAGE_CHARS = 2000


class ExitStatus(enum.IntEnum):
    OK = 0
    OVER_BUDGET = 1
    ERROR = 2


class ParamsumError(Exception):
    """A problem with a model file or the command line, told in one line (its str() escapes control characters).

    `source` is the file, `line`/`column` are 1-based when known, `layer` is the
    layer's name when the problem belongs to one layer, `argument` the layer argument
    at fault (None for a check of the input shape or of the file's structure).
    """

    def __init__(self, message, *, source=None, line=None, column=None, layer=None, hint=None, argument=None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.layer = layer
        self.hint = hint
        self.argument = argument

    def located(self, *, source=None, line=None, column=None, layer=None):
        """Fill in whatever part of the location is still unknown; returns self."""
        self.source = self.source or source
        if self.line is None and line is not None:
            self.line, self.column = line, column
        self.layer = self.layer or layer
        return self

    def __str__(self):
        where = []
        if self.source:
            where.append(str(self.source))
        if self.line is not None:
            where.append(f"{self.line}:{self.column}" if self.column else str(self.line))
        text = ":".join(where)
        if self.layer:
            text = f"{text}: layer '{self.layer}'" if text else f"layer '{self.layer}'"
        text = f"{text}: {self.message}" if text else self.message
        if self.hint:
            text = f"{text} ({self.hint})"
        return one_line(text)


def one_line(text):
    """`text` as one printable line: control characters escaped (\\n, \\x1b), elided past MAX_MESSAGE_CHARS."""
    if len(text) > MAX_MESSAGE_CHARS:
        text = f"{text[:MAX_MESSAGE_CHARS]}… ({len(text):,} characters)"
    return printable(text)  # one line that cannot drive a terminal, whatever the file's names hold


def suggest(word, choices):
    """A 'did you mean …?' hint for a misspelt name, or None."""
    import difflib  # only on the error path

    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        if str(word).lower() in lowered:
            match = [lowered[str(word).lower()]]
    return f"did you mean '{match[0]}'?" if match else None
