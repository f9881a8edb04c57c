"""The rich table for people, in the style of Keras' model.summary(), with a formula per layer."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .text import footer_lines, shape_text


def make_console(file, color, terminal):
    """A console that wraps to the terminal, or never wraps nor colours when piped."""
    if terminal:
        return Console(file=file, no_color=not color, highlight=False, soft_wrap=False)
    return Console(file=file, no_color=True, color_system=None, highlight=False, width=100_000,
                   force_terminal=False, force_jupyter=False)


def _shape(shape):
    text = Text(shape_text(shape))
    text.highlight_regex(r"None", "dim")
    return text


def layer_table(summary, show_weights=False):
    connected = not summary.chain
    table = Table(title=f'Model: "{summary.name}"', title_justify="left", box=box.HEAVY_HEAD,
                  show_lines=True, title_style="bold")
    table.add_column("Layer (type)", overflow="fold", ratio=3)
    table.add_column("Output Shape", overflow="fold", ratio=2)
    table.add_column("Param #", justify="right", no_wrap=True)
    table.add_column("Formula", overflow="fold", ratio=3)
    if connected:
        table.add_column("Connected to", overflow="fold", ratio=2)
    for layer in summary.layers:
        _add_layer(table, layer, connected, show_weights, depth=0)
    return table


def _add_layer(table, layer, connected, show_weights, depth):
    indent = "  " * depth
    name = Text(f"{indent}{layer.name} ", style="bold" if depth == 0 else "")
    name.append(f"({layer.type})", style="cyan")
    formula = Text(layer.formula if layer.params else "", style="green")
    if layer.note:
        formula.append(("\n" if layer.params else "") + layer.note, style="yellow")
    params = f"{layer.params:,}"
    cells = [name, _shape(layer.output_shape), params, formula]
    if connected:
        cells.append(", ".join(ref.keras() for ref in layer.inputs) if depth == 0 else "")
    if show_weights:
        for weight in layer.weights + layer.buffers:
            kind = "buffer" if weight.buffer else ("" if weight.trainable else "non-trainable")
            shape = "(" + ", ".join(str(int(d)) for d in weight.shape) + ("," if len(weight.shape) == 1 else "") + ")"
            detail = Text(f"\n{indent}  {weight.name} {shape}", style="dim")
            if kind:
                detail.append(f" [{kind}]", style="yellow")
            name.append_text(detail)
            formula.append(f"\n{weight.name} {weight.expr}", style="dim")
    table.add_row(*cells)
    for child in layer.children:
        _add_layer(table, child, connected, show_weights, depth + 1)


def print_tables(summaries, file, color=True, terminal=True, show_weights=False):
    console = make_console(file, color, terminal)
    for index, summary in enumerate(summaries):
        if index:
            console.print()
        console.print(layer_table(summary, show_weights))
        for line in footer_lines(summary):
            label, _, value = line.partition(": ")
            console.print(Text.assemble((f" {label}: ", "bold"), value))
