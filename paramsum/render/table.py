"""The rich table for people, in the style of Keras' model.summary(), with a formula per layer."""

from __future__ import annotations

import re
import textwrap

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..escape import printable
from .text import footer_lines, is_stored, shape_text
from .view import has_frozen, table_rows

# Keras' summary colours: class names, numbers, unknown sizes.
TYPE_STYLE, NUMBER_STYLE, NONE_STYLE = "color(33)", "color(34)", "color(45)"
STATUS_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


# Piped tables are as wide as their widest row up to this; a wider cell (a join of thousands of inputs)
# folds, since every row is padded to its column's width: output and memory stay linear in the rows.
PIPED_WIDTH = 1_000


def make_console(file, color, terminal, width=None):
    """A console that fits the terminal (or `width` columns), or never styles and wraps only past PIPED_WIDTH
    when piped (whatever COLUMNS says)."""
    if terminal:
        return Console(file=file, force_terminal=True, color_system="auto" if color else None, width=width,
                       highlight=False, soft_wrap=False, emoji=False, markup=False)
    return Console(file=file, color_system=None, force_terminal=False, force_jupyter=False,
                   force_interactive=False, highlight=False, width=PIPED_WIDTH, emoji=False, markup=False)


def _shape(shape):
    text = Text(shape_text(shape) if not isinstance(shape, str) else shape)
    text.highlight_regex(r"None", NONE_STYLE)
    return text


def _title(text):
    return Text(text, style="bold")


ELLIPSIS = "…"


def shorten(word, width):
    """`word` cut to `width` with an ellipsis, as Keras' summary shortens what does not fit; '(type)' keeps
    its closing parenthesis."""
    if len(word) <= width:
        return word
    if word.startswith("(") and word.endswith(")") and width > 3:
        return word[:width - 2] + ELLIPSIS + ")"
    if "." in word.strip(".") and width > 1:  # a module path: its tail tells the rows apart (…downsample.0)
        return ELLIPSIS + word[len(word) - width + 1:]
    return word[:max(width - 1, 0)] + ELLIPSIS


def wrap_words(words, width, indent=0):
    """Words joined by spaces into lines of at most `width`; a word too long is shortened, never split."""
    lines = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lead = " " * indent if lines else ""
            lines.append(lead + shorten(word, width - len(lead)))
    return lines


GROUP_PREFIX = re.compile(r"^\d+ × \(")  # a collapsed row's formula: '32 × (' the one block ')'


def wrap_terms(formula, width):
    """A formula in lines of at most `width`, broken only at ' + ' between terms (the '+' opening the next line):
    between the formula's own terms first, inside a parenthesised sum only when a term is wider than a line.

    A collapsed row's '32 × (' stands on a line of its own when the first term does not fit after it.
    """
    lines = []
    for index, term in enumerate(_top_terms(formula)):
        piece = term if index == 0 else "+ " + term
        if index and len(lines[-1]) + 3 + len(term) <= width:
            lines[-1] += " + " + term
        elif len(piece) <= width:
            lines.append(piece)
        else:
            lines += _wrap_inner(piece, width)
    return [piece for line in lines for piece in _split_product(line, width)]


def _top_terms(formula):
    """The terms of a sum, ' + ' inside parentheses left alone."""
    terms, depth, start, index = [], 0, 0, 0
    while index < len(formula):
        char = formula[index]
        depth += (char == "(") - (char == ")")
        if depth == 0 and formula.startswith(" + ", index):
            terms.append(formula[start:index])
            start = index = index + 3
            continue
        index += 1
    return terms + [formula[start:]]


def _wrap_inner(text, width):
    terms = text.split(" + ")
    prefix = GROUP_PREFIX.match(terms[0])
    if prefix and len(terms[0]) > width:
        lines = [prefix.group(), terms[0][prefix.end():]]
    else:
        lines = [terms[0]]
    for term in terms[1:]:
        if len(lines[-1]) + 3 + len(term) <= width:
            lines[-1] += " + " + term
        else:
            lines.append("+ " + term)
    return lines


def _split_product(line, width):
    """A term wider than the column (a very narrow terminal) broken at a space, never before a ' ×' nor after
    a '+': '2 ×' ends a line, '+ name' opens one; continuation lines are indented."""
    if len(line) <= width:
        return [line]
    words, depth = [], 0
    for word in line.split(" "):
        if words and (depth > 0 or word in ("×", "·", "/") or words[-1] in ("+", "=")):
            words[-1] += " " + word  # an operator stays with its left operand, a '(…)' stays whole
        else:
            words.append(word)
        depth += word.count("(") - word.count(")")
    pieces = [words[0]]
    for word in words[1:]:
        if len(pieces[-1]) + 1 + len(word) <= width:
            pieces[-1] += " " + word
        else:
            pieces.append("    " + word)
    return pieces


def _longest_term(formula):
    terms = formula.split(" + ")
    prefix = GROUP_PREFIX.match(terms[0])
    first = terms[0][prefix.end():] if prefix else terms[0]
    return max([len(first)] + [len(term) + 2 for term in terms[1:]])


class Column:
    """A column's header, the width it would take unwrapped (`natural`), the least it reads well in (`least`)
    and the width its longest unbreakable piece needs (`whole`)."""

    def __init__(self, key, header, natural, least=None, whole=None, justify="left", fallback=None):
        self.key = key
        self.header = header
        self.natural = max(natural, len(header))
        self.least = self.natural if least is None else max(min(least, self.natural), len(header))
        self.whole = self.natural if whole is None else min(max(whole, self.least), self.natural)
        self.justify = justify
        self.fallback = min(fallback or self.least, self.least)  # the least when even that does not fit
        self.short = min(max(SHORT_NAME, self.least), self.whole)
        self.width = self.natural


def _layer_words(row):
    prefix = "   " * row.depth + "└ " if row.depth else ""
    words = [f"{prefix}{row.name}", f"({row.type})"]
    if row.count > 1:
        words.append(f"× {row.count}")
    return words, len(prefix)


def _param_lines(row, width=None):
    lines = [f"{row.params:,}"]
    if row.active_params is not None:  # a mixture of experts: what one token uses, under the total
        active = f"{row.active_params:,} active"
        lines += [active] if width is None or len(active) <= width else active.split(" ")
    return lines


def _columns(rows, summary, show_flops, connected, fold_inputs, trainable, show_weights=False):
    """The table's columns for these rows, each with its widths (see Column)."""
    stored = is_stored(summary)
    layer_natural = max(len(" ".join(_layer_words(row)[0])) for row in rows) if rows else 0
    weight_names, weight_formulas = [0], [0]
    if show_weights:
        for row in rows:
            names, formulas = _weight_lines(row.layer, _layer_words(row)[1])
            weight_names += [len(line) + len(kind) for line, kind in names]
            weight_formulas += [len(line) for line in formulas]
        layer_natural = max(layer_natural, *weight_names)
    layer_whole = max((len(word) for row in rows for word in _layer_words(row)[0]), default=0)
    if fold_inputs:
        layer_natural = max([layer_natural, *(len(", ".join(_shown(row))) + 2 for row in rows)])
    formulas = [row.formula for row in rows if row.formula]
    columns = [
        Column("layer", "Layer (type)", layer_natural, least=12, whole=layer_whole),
        # a shape is never split; a checkpoint row's storage ('Q8_0 38.25 KB + F32 512.00 B') may be, at ' + '
        Column("shape", "Stored" if stored else "Output Shape", max((len(row.shape) for row in rows), default=0),
               least=max((_longest_term(row.shape) for row in rows), default=0) if stored else None),
        Column("params", "Param #", max(len(line) for row in rows for line in _param_lines(row)), justify="right",
               least=max(len(f"{row.params:,}") for row in rows)),
    ]
    if show_flops:
        columns.append(Column("flops", "FLOPs", max((len(_flops(row)) for row in rows), default=0), justify="right"))
    notes = any(row.note for row in rows)
    columns.append(Column("formula", "Formula", max([len(f) for f in formulas] + weight_formulas), fallback=16,
                          least=max([_longest_term(f) for f in formulas] + [12 if notes else 0]),
                          whole=max([_longest_term(f) for f in formulas] + [12 if notes else 0])))
    if trainable:
        columns.append(Column("trainable", "Trainable", 6, justify="center", fallback=6))
    if connected and not fold_inputs:
        columns.append(Column("inputs", "Connected to", max((len(", ".join(row.inputs)) for row in rows), default=0),
                              least=12, whole=max((len(ref) for row in rows for ref in row.inputs), default=0)))
    return columns


def _flops(row):
    return "?" if row.flops is None else f"{row.flops:,}"


# Who gets the spare width, in turn: a name of a few words, whole formulas, every name whole, whole cells.
GROW_ORDER = (("layer", "short"), ("formula", "natural"), ("layer", "whole"), ("params", "natural"),
              ("layer", "natural"), ("inputs", "natural"))
SHORT_NAME = 20


def fit(columns, width, used=None):
    """Give each column its width within `width`: shapes, numbers and formula terms whole, then (GROW_ORDER)
    names of up to 20 characters, whole formulas, longer names, whole cells. True when all fit unwrapped."""
    borders = 3 * len(columns) + 1
    if sum(column.natural for column in columns) + borders <= width:
        return True
    for column in columns:
        column.width = column.least
    spare = width - borders - sum(column.width for column in columns)
    for key, least in (("formula", None), ("trainable", None), ("layer", 8)):  # too narrow even so:
        for column in columns:  # break products, shorten the Trainable header, cut names
            if column.key == key and spare < 0:
                give = min(-spare, column.width - (column.fallback if least is None else least))
                column.width -= max(give, 0)
                spare += max(give, 0)
    for key, target in GROW_ORDER:
        for column in columns:
            if column.key == key and spare > 0:
                grow = min(spare, getattr(column, target) - column.width)
                if grow > 0:
                    column.width += grow
                    spare -= grow
                if used and key in used:  # wrapped, its lines may not fill the width given: give the rest back
                    unused = column.width - max(used[key](column.width), column.least)
                    column.width -= unused
                    spare += unused
    return False


COLLAPSED_NOTE = "× N: N identical blocks in one row, their counts summed (--expand lists each)"


def layer_table(summary, width=100_000, show_weights=False, show_flops=False, collapse=True, depth=None, rows=None):
    """The rich table of a summary's rows (see view.table_rows), fitted to `width` columns."""
    if rows is None:
        rows = table_rows(summary, collapse=collapse and not show_weights, depth=depth)
    connected = not summary.chain and any(row.inputs for row in rows if row.inputs != ["-"])
    trainable = has_frozen(summary.layers)
    formulas = [row.formula for row in rows if row.formula]
    used = {"formula": lambda w: max((len(line) for f in formulas for line in wrap_terms(f, w)), default=0)}
    columns = _columns(rows, summary, show_flops, connected, False, trainable, show_weights)
    fold_inputs = not fit(columns, width, used) and connected
    if fold_inputs:  # no room for a column of inputs: they go under the layer's name
        columns = _columns(rows, summary, show_flops, connected, True, trainable, show_weights)
        fit(columns, width, used)
    table = Table(box=box.HEAVY_HEAD, show_lines=True)
    for column in columns:
        table.add_column(column.header, justify=column.justify, width=column.width, no_wrap=True,
                         overflow="ellipsis")
    widths = {column.key: column.width for column in columns}
    for row in rows:
        table.add_row(*_cells(row, widths, show_weights, fold_inputs))
    return table


def _cells(row, widths, show_weights, fold_inputs):
    words, indent = _layer_words(row)
    name = Text()
    for index, line in enumerate(wrap_words(words, widths["layer"], indent)):
        name.append(("\n" if index else "") + line)
    name.highlight_words([f"({row.type})"], TYPE_STYLE)
    if fold_inputs and _shown(row):
        for line in _ref_lines(_shown(row), widths["layer"] - indent, "← "):
            name.append("\n" + " " * indent + line, style="dim")
    formula = Text("\n".join(wrap_terms(row.formula, widths["formula"])) if row.formula else "")
    if row.note:
        note = "\n".join(textwrap.wrap(row.note, max(widths["formula"], 12))) or row.note
        formula.append(("\n" if row.formula else "") + note, style="yellow")
    params = Text(_param_lines(row)[0], style=NUMBER_STYLE)
    for line in _param_lines(row, widths["params"])[1:]:
        params.append("\n" + line, style="dim")
    shape = "\n".join(wrap_terms(row.shape, widths["shape"])) if " + " in row.shape else row.shape
    cells = {"layer": name, "shape": _shape(shape), "params": params, "formula": formula}
    if "flops" in widths:
        cells["flops"] = Text(_flops(row), style=NUMBER_STYLE)
    if "trainable" in widths:
        cells["trainable"] = Text(row.trainable, style=TRAINABLE_STYLES.get(row.trainable, ""))
    if "inputs" in widths:
        cells["inputs"] = Text("\n".join(_ref_lines(row.inputs, widths["inputs"])))
    if show_weights:
        _add_weights(row.layer, name, formula, indent)
    return [cells[key] for key in widths]


def _shown(row):
    """The inputs written under a layer's name: the first output of a layer's first call by its name alone
    (but a shared layer reading its own first call)."""
    return [ref if ref.startswith(f"{row.name}[") else ref.removesuffix("[0][0]") for ref in row.inputs if ref != "-"]


def _ref_lines(refs, width, lead=""):
    """Input references on one line when they fit, else one a line, each shortened to `width`."""
    joined = lead + ", ".join(refs)
    if len(joined) <= width:
        return [joined]
    return [lead + shorten(ref, width - len(lead)) for ref in refs]


TRAINABLE_STYLES = {"Y": "bold color(34)", "N": "bold color(9)", "partly": "bold yellow"}


def _weight_lines(layer, indent):
    """--weights: (the lines under the layer's name, the lines under its formula), one per weight."""
    names, formulas = [], []
    for weight in layer.weights + layer.buffers:
        kind = "buffer" if weight.buffer else ("" if weight.trainable else "non-trainable")
        dims = ", ".join(str(int(d)) for d in weight.shape) + ("," if len(weight.shape) == 1 else "")
        names.append((f"{' ' * indent}  {printable(weight.name)} ({dims})", f" [{kind}]" if kind else ""))
        formulas.append(f"{printable(weight.name)} {printable(weight.expr)}")
    return names, formulas


def _add_weights(layer, name, formula, indent):
    names, formulas = _weight_lines(layer, indent)
    for (line, kind), expr in zip(names, formulas):
        name.append("\n" + line, style="dim")
        if kind:
            name.append(kind, style="yellow")
        formula.append("\n" + expr, style="dim")


def _footer(console, lines):
    """The totals, each wrapped at the console's width under a hanging indent, in one print (a print per line
    costs start-up time)."""
    width = console.width
    texts = []
    for line in lines:
        line = printable(line)
        label = line.partition(": ")[0] + ":" if ": " in line else ""
        wrapped = textwrap.wrap(line, width - 1, initial_indent=" ", subsequent_indent="   ",
                                break_long_words=False, break_on_hyphens=False) or [" " + line]
        text = Text(wrapped[0][:len(label) + 1], style="bold")
        text.append(wrapped[0][len(label) + 1:])
        for more in wrapped[1:]:
            text.append("\n" + more)
        texts.append(text)
    if texts:
        console.print(Text("\n").join(texts), soft_wrap=True)


def _note(console, line):
    for wrapped in textwrap.wrap(line, console.width - 1, initial_indent=" ", subsequent_indent="   ",
                                 break_long_words=False, break_on_hyphens=False):
        console.print(Text(wrapped, style="dim"), soft_wrap=True)


def print_tables(summaries, file, color=True, terminal=True, show_weights=False, show_flops=False, width=None,
                 collapse=True, depth=None):
    console = make_console(file, color, terminal, width)
    for index, summary in enumerate(summaries):
        if index:
            console.print()
        console.print(_title(f'Model: "{printable(summary.name)}"'))
        rows = table_rows(summary, collapse=collapse and not show_weights, depth=depth)
        console.print(layer_table(summary, console.width, show_weights, show_flops, rows=rows))
        _footer(console, footer_lines(summary))
        if any(row.count > 1 for row in rows):
            _note(console, COLLAPSED_NOTE)


def diff_table(model_diff):
    from . import diff_text

    table = Table(box=box.HEAVY_HEAD, show_lines=True)
    table.add_column("", no_wrap=True)
    table.add_column("Layer (type)", overflow="ellipsis")  # wrapped at spaces, a long name shortened with …
    table.add_column("Output Shape", overflow="fold")
    table.add_column("Param #", justify="right", overflow="fold")
    for change in model_diff.changes:
        style = STATUS_STYLES[change.status]
        table.add_row(
            Text(diff_text.MARKS[change.status], style=f"bold {style}"),
            Text(printable(diff_text.name_cell(change)), style=style),
            _shape_change(change),
            Text(diff_text.params_cell(change), style=NUMBER_STYLE),
        )
    return table


def _shape_change(change):
    from . import diff_text

    text = Text(printable(diff_text.shape_cell(change)))
    text.highlight_regex(r"None", NONE_STYLE)
    return text


def print_diff(model_diff, file, color=True, terminal=True):
    from . import diff_text

    console = make_console(file, color, terminal)
    console.print(_title(printable(diff_text.title(model_diff))))
    if model_diff.changes:
        console.print(diff_table(model_diff))
    else:
        console.print(" No layer changed.")
    _footer(console, diff_text.footer_lines(model_diff))
