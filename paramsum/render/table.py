"""The rich table for people, in the style of Keras' model.summary(), with a formula per layer."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .text import footer_lines, is_stored, shape_text, stored_cell

# Keras' summary colours: class names, numbers, unknown sizes.
TYPE_STYLE, NUMBER_STYLE, NONE_STYLE = "color(33)", "color(34)", "color(45)"
STATUS_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}


def make_console(file, color, terminal, width=None):
    """A console that fits the terminal (or `width` columns), or never wraps nor styles when piped (whatever
    COLUMNS says)."""
    if terminal:
        return Console(file=file, force_terminal=True, color_system="auto" if color else None, width=width,
                       highlight=False, soft_wrap=False, emoji=False, markup=False)
    return Console(file=file, color_system=None, force_terminal=False, force_jupyter=False,
                   force_interactive=False, highlight=False, width=100_000, emoji=False, markup=False)


def _shape(shape):
    text = Text(shape_text(shape))
    text.highlight_regex(r"None", NONE_STYLE)
    return text


def _title(text):
    return Text(text, style="bold")


def layer_table(summary, show_weights=False, show_flops=False):
    connected = not summary.chain
    stored = is_stored(summary)  # a checkpoint's rows: how each is stored instead of an output shape
    table = Table(box=box.HEAVY_HEAD, show_lines=True)
    table.add_column("Layer (type)", overflow="fold")
    table.add_column("Stored" if stored else "Output Shape", overflow="fold")
    table.add_column("Param #", justify="right", no_wrap=True)
    if show_flops:
        table.add_column("FLOPs", justify="right", no_wrap=True)
    table.add_column("Formula", overflow="fold")
    if connected:
        table.add_column("Connected to", overflow="fold")
    for layer in summary.layers:
        _add_layer(table, layer, connected, show_weights, summary.framework, depth=0, stored=stored,
                   show_flops=show_flops)
    return table


def _add_layer(table, layer, connected, show_weights, framework, depth, stored=False, show_flops=False):
    prefix = "   " * depth + "└ " if depth else ""  # nested layers as Keras shows them
    name = Text(f"{prefix}{layer.name} (")
    name.append(layer.type, style=TYPE_STYLE)
    name.append(")")
    formula = Text(_formula(layer, framework) if layer.params else "")
    if layer.note:
        formula.append(("\n" if layer.params else "") + layer.note, style="yellow")
    params = Text(f"{layer.params:,}", style=NUMBER_STYLE)
    if layer.inactive_params:  # a mixture of experts: what one token uses, under the total
        params.append(f"\n{layer.active_params:,} active", style="dim")
    cells = [name, Text(stored_cell(layer)) if stored else _shape(layer.output_shape), params]
    if show_flops:
        cells.append(Text("?" if layer.flops is None else f"{layer.flops:,}", style=NUMBER_STYLE))
    cells.append(formula)
    if connected:
        cells.append((", ".join(ref.keras() for ref in layer.inputs) or "-") if depth == 0 else "")
    if show_weights:
        _add_weights(layer, name, formula, prefix)
    table.add_row(*cells)
    for child in layer.children:
        _add_layer(table, child, connected, show_weights, framework, depth + 1, show_flops=show_flops)


def _formula(layer, framework):
    # PyTorch users read parameters by name (weight, bias); Keras' summary shows bare arithmetic.
    return layer.labelled_formula if framework == "pytorch" else layer.formula


def _add_weights(layer, name, formula, prefix):
    indent = " " * len(prefix)
    for weight in layer.weights + layer.buffers:
        kind = "buffer" if weight.buffer else ("" if weight.trainable else "non-trainable")
        dims = ", ".join(str(int(d)) for d in weight.shape) + ("," if len(weight.shape) == 1 else "")
        name.append(f"\n{indent}  {weight.name} ({dims})", style="dim")
        if kind:
            name.append(f" [{kind}]", style="yellow")
        formula.append(f"\n{weight.name} {weight.expr}", style="dim")


def _footer(console, lines):
    """The footer lines in one print (each line wraps as on its own; a print per line costs start-up time)."""
    texts = []
    for line in lines:
        label, _, value = line.partition(": ")
        texts.append(Text.assemble((f" {label}: ", "bold"), value))
    if texts:
        console.print(Text("\n").join(texts))


# Which columns get their full width first when the terminal is narrow.
FIT_PRIORITY = ("Output Shape", "Stored", "Layer (type)", "Connected to", "Formula")


def fit_columns(table, width):
    """Share a narrow terminal's width so that no column is cut inside a word.

    rich narrows the widest columns first, down to mid-word folds ('(BatchNormaliz'
    'ation)'); here every column keeps at least its longest word, shapes then names
    get their full width first, and formulas wrap between terms with what is left.
    """
    columns = table.columns
    borders = 3 * len(columns) + 1
    cells = [[_plain(c) for c in [col.header, *col._cells]] for col in columns]
    natural = [max(len(line) for cell in col for line in cell.split("\n")) for col in cells]
    if sum(natural) + borders <= width:
        return
    longest_word = [max((len(w) for cell in col for w in cell.split()), default=1) for col in cells]
    floor = [12 if col.header == "Formula" else 1 for col in columns]  # a formula column of 2 reads badly
    widths = [n if col.no_wrap else min(n, max(w, f)) for col, n, w, f in zip(columns, natural, longest_word, floor)]
    spare = width - borders - sum(widths)
    while spare < 0:  # even the longest words do not fit: fold inside the widest column
        index = max((i for i, col in enumerate(columns) if not col.no_wrap), key=lambda i: widths[i])
        if widths[index] <= 6:
            break
        widths[index] -= 1
        spare += 1
    for header in FIT_PRIORITY:
        for index, column in enumerate(columns):
            if column.header == header and spare > 0:
                grow = min(spare, natural[index] - widths[index])
                widths[index] += grow
                spare -= grow
    for column, column_width in zip(columns, widths):
        column.width = column_width


def _plain(cell):
    return cell.plain if isinstance(cell, Text) else str(cell)


def print_tables(summaries, file, color=True, terminal=True, show_weights=False, show_flops=False, width=None):
    console = make_console(file, color, terminal, width)
    for index, summary in enumerate(summaries):
        if index:
            console.print()
        console.print(_title(f'Model: "{summary.name}"'))
        table = layer_table(summary, show_weights, show_flops)
        if terminal:
            fit_columns(table, console.width)
        console.print(table)
        _footer(console, footer_lines(summary))


def diff_table(model_diff):
    from . import diff_text

    table = Table(box=box.HEAVY_HEAD, show_lines=True)
    table.add_column("", no_wrap=True)
    table.add_column("Layer (type)", overflow="fold")
    table.add_column("Output Shape", overflow="fold")
    table.add_column("Param #", justify="right", overflow="fold")
    for change in model_diff.changes:
        style = STATUS_STYLES[change.status]
        table.add_row(
            Text(diff_text.MARKS[change.status], style=f"bold {style}"),
            Text(diff_text.name_cell(change), style=style),
            _shape_change(change),
            Text(diff_text.params_cell(change), style=NUMBER_STYLE),
        )
    return table


def _shape_change(change):
    from . import diff_text

    text = Text(diff_text.shape_cell(change))
    text.highlight_regex(r"None", NONE_STYLE)
    return text


def print_diff(model_diff, file, color=True, terminal=True):
    from . import diff_text

    console = make_console(file, color, terminal)
    console.print(_title(diff_text.title(model_diff)))
    if model_diff.changes:
        console.print(diff_table(model_diff))
    else:
        console.print(" No layer changed.")
    _footer(console, diff_text.footer_lines(model_diff))
