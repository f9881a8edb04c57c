"""The command line: thin click commands over paramsum.summarize, paramsum.diff and the renderers."""

from __future__ import annotations

import functools
import gc
import os
import sys

import click

from . import __version__
from .errors import ExitStatus, ParamsumError
from .memory import RECIPES
from .numbers import parse_count
from .render import FORMATS
from .summary import DTYPE_BYTES

TRAIN_RECIPES = tuple(RECIPES)

HELP_OPTIONS = ["-h", "--help"]
# The N syntax and the dtype names, told once for every --help (tests/test_docs.py holds them to the code).
COUNT_SYNTAX = ("N is a whole number written 7850, 7_850, 7.85K, 10M, 1.5B or 1e6 "
                "(K = 10^3, M = 10^6, B or G = 10^9, T = 10^12).")
DTYPES = sorted(DTYPE_BYTES)


class CountType(click.ParamType):
    """An integer written as 7850, 7_850, 7.85K, 10M, 1.5B or 1e6 (it remembers how)."""

    name = "N"

    def convert(self, value, param, ctx):
        try:
            return parse_count(value)
        except ValueError as reason:
            self.fail(str(reason), param, ctx)


class OneLineUsageError(click.UsageError):
    """Bad usage told as every other paramsum error: one line on stderr, exit 2."""

    exit_code = ExitStatus.ERROR

    def show(self, file=None):
        path = self.ctx.command_path if self.ctx else "paramsum"
        click.echo(f"paramsum: {self.format_message().rstrip('.')} (see '{path} --help')", err=True)


class OneLineErrors:
    """Mixin for click commands: usage errors become OneLineUsageError."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            if isinstance(error, OneLineUsageError):
                raise
            raise OneLineUsageError(error.format_message(), error.ctx) from None


class DefaultContext(click.Context):
    """The context of the default command: it is invoked without its name, so hide it."""

    @property
    def command_path(self):
        return self.parent.command_path if self.parent else super().command_path


class SummaryCommand(OneLineErrors, click.Command):
    context_class = DefaultContext


class ParamsumGroup(OneLineErrors, click.Group):
    """Subcommands (`diff`) by name; anything else is the default command's arguments.

    So `paramsum FILE...` keeps working; a file literally named like a subcommand
    is given as ./diff (or after `--`).
    """

    default_command = None

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands:
            ctx.meta["paramsum.default"] = True
            args = [self.default_command.name, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        if ctx.meta.pop("paramsum.default", False):
            return self.default_command.name, self.default_command, args[1:]
        return super().resolve_command(ctx, args)


def _stderr(message):
    click.echo(f"paramsum: {message}", err=True)


def budget_options(command):
    """--max-params, --max-trainable, --max-bytes and --dtype, as one `limits` dict and `dtype`."""
    options = [
        click.option("--max-params", type=CountType(), help="Fail (exit 1) when total params exceed N."),
        click.option("--max-trainable", type=CountType(), help="Fail (exit 1) when trainable params exceed N."),
        click.option("--max-bytes", type=CountType(),
                     help="Fail (exit 1) when the weights take more than N bytes (see --dtype)."),
        click.option("--max-flops", type=CountType(),
                     help="Fail (exit 1) when a forward pass takes more than N FLOPs (see --batch-size, --seq-len)."),
        click.option("--dtype", type=click.Choice(DTYPES), metavar="DTYPE",
                     help=f"Element type for the byte figures, one of {', '.join(DTYPES)} "
                          "(default: the model's, else float32)."),
    ]

    @functools.wraps(command)
    def with_limits(*args, max_params, max_trainable, max_bytes, max_flops, **kwargs):
        limits = {"max_params": max_params, "max_trainable": max_trainable, "max_bytes": max_bytes,
                  "max_flops": max_flops}
        return command(*args, limits={k: v for k, v in limits.items() if v is not None}, **kwargs)

    for option in reversed(options):
        with_limits = option(with_limits)
    return with_limits


def compute_options(command):
    """--batch-size and --seq-len: the sizes the FLOPs are counted for, as one `compute` dict."""
    options = [
        click.option("--batch-size", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Samples in a batch, for the FLOPs."),
        click.option("--seq-len", type=click.IntRange(min=1), default=None,
                     help="Length of the sequence axes the file leaves open (tokens), for the FLOPs "
                          "(Hugging Face models: 128 unless given)."),
    ]

    @functools.wraps(command)
    def with_compute(*args, batch_size, seq_len, **kwargs):
        return command(*args, compute={"batch_size": batch_size, "seq_len": seq_len}, **kwargs)

    for option in reversed(options):
        with_compute = option(with_compute)
    return with_compute


def output_options(command, total_help="Print only the total parameter count, one line per file."):
    """--format, --total, --no-color and --quiet, shared by every command."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="Output format: a table for people; json, csv, markdown; the layer graph as dot "
                          "(Graphviz) or mermaid."),
        click.option("--total", is_flag=True, help=total_help),
        click.option("--no-color", is_flag=True, help="Plain output (NO_COLOR in the environment does the same)."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but budget violations and errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(cls=ParamsumGroup, context_settings={"help_option_names": HELP_OPTIONS})
def main():
    """Count the parameters of models and explain every count."""


@click.command("paramsum", cls=SummaryCommand, context_settings={"help_option_names": HELP_OPTIONS},
               epilog=COUNT_SYNTAX)
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(allow_dash=True, dir_okay=True))
@output_options
@budget_options
@compute_options
@click.option("--weights", "show_weights", is_flag=True, help="Table: list every weight under its layer.")
@click.option("--flops", "show_flops", is_flag=True,
              help="Table: a FLOPs column (forward, at --batch-size and --seq-len).")
@click.option("--allow-unknown", is_flag=True,
              help="Count layer types paramsum does not know (custom layers) as 0 params, shape passed through.")
@click.option("--train", type=click.Choice(TRAIN_RECIPES), metavar="RECIPE",
              help=f"Show the training memory under RECIPE ({', '.join(TRAIN_RECIPES)}): weights + gradients + "
                   "optimizer state, the last two for trainable params only.")
@click.version_option(__version__, "--version", prog_name="paramsum")
def summary_command(files, fmt, total, no_color, quiet, limits, dtype, compute, show_weights, show_flops,
                    allow_unknown, train):
    """Count the parameters of the models in FILE… and explain every count.

    FILE is a paramsum model file (YAML or JSON), a Keras model.to_json() file or
    .keras archive, a Hugging Face config.json or model directory, or a checkpoint
    read by its header only (.safetensors and its index.json, .gguf); '-' reads
    standard input.

    Budgets (--max-params …, and a `budget:` mapping in the model file) are checked
    on every run; each violation is told on stderr. `paramsum diff A B` compares two
    models (see `paramsum diff --help`).

    Exit status: 0 all summarised and within budget, 1 a budget exceeded, 2 bad usage
    or an invalid model file.
    """
    _check_stdin_once(files)
    results, errors = _summarize_all(files, dtype, "count-as-zero" if allow_unknown else "error", compute, train)
    summaries = [s for s in results if s is not None]
    problems = [p for s in summaries for p in _budget_problems(s, limits)]
    if not quiet:
        _warnings(summaries)
    if errors:
        _finish(errors + problems, ExitStatus.ERROR)
    if not quiet:
        _output_summaries(summaries, fmt, total, show_weights, _color(no_color), show_flops)
    _finish(problems, ExitStatus.OVER_BUDGET if problems else ExitStatus.OK)


@main.command("diff", cls=type("DiffCommand", (OneLineErrors, click.Command), {}),
              context_settings={"help_option_names": HELP_OPTIONS}, epilog=COUNT_SYNTAX)
@click.argument("before", type=click.Path(allow_dash=True, dir_okay=True))
@click.argument("after", type=click.Path(allow_dash=True, dir_okay=True))
@functools.partial(output_options, total_help="Print only the change of the total parameter count, AFTER minus "
                                              "BEFORE (17600, or -17600 the other way round).")
@budget_options
@compute_options
@click.option("--allow-unknown", is_flag=True,
              help="Count layer types paramsum does not know (custom layers) as 0 params, shape passed through.")
def diff(before, after, fmt, total, no_color, quiet, limits, dtype, compute, allow_unknown):
    """Show what changed from model BEFORE to model AFTER.

    Layers are matched by name: added, removed and changed ones (type, output shape,
    params before → after), then the totals' delta. --total prints only the change of
    the total parameter count, AFTER minus BEFORE. Budgets apply to AFTER, as for
    `paramsum FILE`.
    """
    from .diff import diff_summaries

    _check_stdin_once((before, after))
    (old, new), errors = _summarize_all((before, after), dtype, "count-as-zero" if allow_unknown else "error",
                                        compute)
    problems = _budget_problems(new, limits) if new is not None else []
    if not quiet:
        _warnings([s for s in (old, new) if s is not None])
    if errors:
        _finish(errors + problems, ExitStatus.ERROR)
    model_diff = diff_summaries(old, new)
    if not quiet:
        _output_diff(model_diff, fmt, total, _color(no_color))
    _finish(problems, ExitStatus.OVER_BUDGET if problems else ExitStatus.OK)


main.default_command = summary_command


def _check_stdin_once(files):
    if list(files).count("-") > 1:
        raise OneLineUsageError("standard input ('-') can be read only once", click.get_current_context())


def _summarize_all(files, dtype, unknown="error", compute=None, train=None):
    """(a summary per file, None where it failed; the failures as one-line messages)."""
    from . import summarize

    summaries, errors = [], []
    if gc.isenabled():  # a summary's objects live until it is printed: cyclic collections would only rescan them
        gc.disable()
        click.get_current_context().call_on_close(gc.enable)
    for path in files:
        try:
            summaries.append(summarize(path, dtype=dtype, unknown=unknown, train=train, **(compute or {})))
        except ParamsumError as error:
            summaries.append(None)
            errors.append(str(error.located(source=path if path != "-" else "<stdin>")))
        except (RecursionError, MemoryError):
            summaries.append(None)
            errors.append(f"{path}: the model is too large or too deeply nested to summarise")
        except Exception as error:  # a bug of ours: still one line and exit 2, never a traceback
            summaries.append(None)
            errors.append(f"{path}: internal error ({type(error).__name__}: {error}); please report it "
                          "with the model file")
    return summaries, errors


def _warnings(summaries):
    for summary in summaries:
        for warning in summary.warnings:
            _stderr(f"{summary.source}: warning: {warning}")


def _budget_problems(summary, limits):
    from .budget import file_violations, violations

    return [f"{summary.source}: {message}" for message in file_violations(summary) + violations(summary, limits)]


def _finish(messages, status):
    for message in messages:
        _stderr(message)
    sys.exit(status)


def _color(no_color):
    return not no_color and not os.environ.get("NO_COLOR")


def _output_summaries(summaries, fmt, total, show_weights, color, show_flops=False):
    out = sys.stdout
    if total:
        out.write("".join(f"{s.totals.params}\n" for s in summaries))
    elif fmt == "table":
        from .render.table import print_tables

        print_tables(summaries, out, color=color, terminal=out.isatty(), show_weights=show_weights,
                     show_flops=show_flops)
    else:
        from .render import render

        out.write(render(summaries, fmt))
    out.flush()


def _output_diff(model_diff, fmt, total, color):
    out = sys.stdout
    if total:
        out.write(f"{model_diff.delta('params')}\n")
    elif fmt == "table":
        from .render.table import print_diff

        print_diff(model_diff, out, color=color, terminal=out.isatty())
    else:
        from .render import render_diff

        out.write(render_diff(model_diff, fmt))
    out.flush()


if __name__ == "__main__":
    main()
