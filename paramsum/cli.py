"""The command line: thin click commands over paramsum.summarize, paramsum.diff and the renderers."""

from __future__ import annotations

import functools

import click

from . import __version__, command
from .errors import ExitStatus
from .escape import printable
from .memory import RECIPES
from .numbers import parse_bytes, parse_count
from .render import FORMATS
from .summary import DTYPE_BYTES, dtype_suggestion

TRAIN_RECIPES = tuple(RECIPES)

HELP_OPTIONS = ["-h", "--help"]
# The N syntax and the dtype names, told once for every --help (tests/test_docs.py holds them to the code).
COUNT_SYNTAX = ("N is a whole number written 7850, 7_850, 7.85K, 10M, 1.5B or 1e6 "
                "(K = 10^3, M = 10^6, B or G = 10^9, T = 10^12).")
DTYPES = sorted(DTYPE_BYTES)


class ParsedType(click.ParamType):
    """An option's value read by `parse` (a ValueError is click's usage error, with the parser's reason)."""

    parse = None

    def convert(self, value, param, ctx):
        try:
            return type(self).parse(value)
        except ValueError as reason:
            self.fail(str(reason), param, ctx)


class CountType(ParsedType):
    """An integer written as 7850, 7_850, 7.85K, 10M, 1.5B or 1e6 (it remembers how)."""

    name = "N"
    parse = staticmethod(parse_count)


class DtypeChoice(click.Choice):
    """--dtype: one of paramsum's dtype names; a near miss (fp16, bf16) is told the name it means."""

    def convert(self, value, param, ctx):
        if value not in self.choices and dtype_suggestion(value):
            self.fail(f"unknown dtype {value!r}: did you mean '{dtype_suggestion(value)}'?", param, ctx)
        return super().convert(value, param, ctx)


class ByteSizeType(ParsedType):
    """A size in bytes written as the table prints it or in SI units: 31400, 31.4kB, 13GB, 20KiB, 12.55GiB."""

    name = "SIZE"
    parse = staticmethod(parse_bytes)


class FileArgument(click.ParamType):
    """A FILE argument: any path, or '-' (standard input); the reader tells what is wrong with it, one line per file.

    Rather than click.Path, whose constructor looks its name up in gettext's catalogs: 2 ms of every start-up.
    """

    name = "path"

    def convert(self, value, param, ctx):
        return value

    def shell_complete(self, ctx, param, incomplete):
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


HELP_TEXT = "Show this message and exit."


def _show_help(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _show_version(ctx, param, value):
    if value and not ctx.resilient_parsing:
        click.echo(f"paramsum, version {__version__}", color=ctx.color)
        ctx.exit()


class OneLineUsageError(click.UsageError):
    """Bad usage told as every other paramsum error: one line on stderr, exit 2."""

    exit_code = ExitStatus.ERROR

    def show(self, file=None):
        path = self.ctx.command_path if self.ctx else "paramsum"
        click.echo(printable(f"paramsum: {self.format_message().rstrip('.')} (see '{path} --help')"), err=True)


class OneLineErrors:
    """Mixin for click commands: usage errors become OneLineUsageError; the help option has its text given."""

    _help = None

    def get_help_option(self, ctx):
        """click's -h/--help, made here with its text: click's own looks the text up in gettext's catalogs on every
        run (2 ms of start-up, even when no help is asked for)."""
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._help is None:  # one object: click orders the eager callbacks by identity
            self._help = click.Option(names, is_flag=True, expose_value=False, is_eager=True, help=HELP_TEXT,
                                      callback=_show_help)
        return self._help

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

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except KeyboardInterrupt:  # before or after click's own handling: still no traceback
            command.interrupted()

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # click would say "Aborted!" and exit 1, the over-budget status
            command.interrupted()

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands:
            ctx.meta["paramsum.default"] = True
            args = [self.default_command.name, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        if ctx.meta.pop("paramsum.default", False):
            return self.default_command.name, self.default_command, args[1:]
        return super().resolve_command(ctx, args)


def check_flags(ctx, fmt, total, quiet, show_weights=False, show_flops=False):
    """Flags that contradict or have no effect together are a usage error, never silently ignored."""
    explicit_format = ctx.get_parameter_source("fmt") not in (None, click.core.ParameterSource.DEFAULT)
    conflicts = [
        (total and explicit_format, f"--total prints only the count: it cannot be combined with --format {fmt}"),
        (quiet and total, "--quiet prints nothing on stdout and --total prints the count: give one of them"),
        (quiet and explicit_format, f"--quiet prints nothing on stdout: --format {fmt} would have no effect"),
        (show_weights and (total or quiet), "--weights lists weights in the table: it has no effect with "
                                            f"--{'total' if total else 'quiet'}"),
        (show_flops and (total or quiet), "--flops adds a column to the table: it has no effect with "
                                          f"--{'total' if total else 'quiet'}"),
        (show_weights and fmt != "table", f"--weights lists weights in the table; --format {fmt} "
                                          + ("lists every weight already" if fmt == "json" else "has no weights")),
        (show_flops and fmt != "table", f"--flops adds a column to the table; --format {fmt} "
                                        + ("has the FLOPs already" if fmt in ("json", "csv", "markdown")
                                           else "has no FLOPs")),
    ]
    for conflict, message in conflicts:
        if conflict:
            raise OneLineUsageError(message, ctx)


def budget_options(command):
    """--max-params, --max-trainable, --max-bytes and --dtype, as one `limits` dict and `dtype`."""
    options = [
        click.option("--max-params", type=CountType(), help="Fail (exit 1) when total params exceed N."),
        click.option("--max-trainable", type=CountType(), help="Fail (exit 1) when trainable params exceed N."),
        click.option("--max-bytes", type=ByteSizeType(),
                     help="Fail (exit 1) when the weights take more than SIZE (see --dtype): 31400, 31.4kB, 13GB "
                          "(1000^n bytes), 20KiB, 12.55GiB (1024^n, the table's units)."),
        click.option("--max-flops", type=CountType(),
                     help="Fail (exit 1) when a forward pass takes more than N FLOPs (see --batch-size, --seq-len)."),
        click.option("--dtype", type=DtypeChoice(DTYPES), metavar="DTYPE",
                     help=f"Element type for the byte figures, one of {', '.join(DTYPES)} "
                          "(default: the model's and its layers' own, else float32; given, it sizes every weight)."),
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


TOTAL_HELP = "Print only the total parameter count: the integer for one FILE, 'count<TAB>FILE' lines for several."


def output_options(command, total_help=TOTAL_HELP):
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
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=FileArgument())
@output_options
@budget_options
@compute_options
@click.option("--weights", "show_weights", is_flag=True, help="Table: list every weight under its layer.")
@click.option("--flops", "show_flops", is_flag=True,
              help="Table: a FLOPs column (forward, at --batch-size and --seq-len).")
@click.option("--expand", is_flag=True,
              help="Table: list every copy of a repeated block (by default consecutive identical blocks, "
                   "e.g. model.layers.0–31, are one row with their summed params).")
@click.option("--depth", type=click.IntRange(min=1), metavar="N",
              help="Table: show nested models' rows down to N levels (1: the model's own rows only; "
                   "default: all); deeper rows are counted in their parent's row.")
@click.option("--allow-unknown", is_flag=True,
              help="Count layer types paramsum does not know (custom layers) as 0 params, shape passed through.")
@click.option("--strict", is_flag=True,
              help="Refuse (exit 2) unknown layer arguments in Keras files, which are otherwise a warning "
                   "and left out (a newer Keras writes new ones).")
@click.option("--train", type=click.Choice(TRAIN_RECIPES), metavar="RECIPE",
              help=f"Show the training memory under RECIPE ({', '.join(TRAIN_RECIPES)}): weights + gradients + "
                   "optimizer state, the last two for trainable params only.")
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, help="Show the version and exit.",
              callback=_show_version)  # (click.version_option would look its text up in gettext)
def summary_command(files, fmt, total, no_color, quiet, limits, dtype, compute, show_weights, show_flops,
                    expand, depth, allow_unknown, strict, train):
    """Count the parameters of the models in FILE… and explain every count.

    FILE is a paramsum model file (YAML or JSON), a Keras model.to_json() file or
    .keras archive, a Hugging Face config.json or model directory, or a checkpoint
    read by its header only (.safetensors and its index.json, .gguf); '-' reads
    standard input.

    Budgets (--max-params …, and a `budget:` mapping in the model file) are checked
    on every run; each violation is told on stderr. `paramsum diff A B` compares two
    models (see `paramsum diff --help`).

    Exit status: 0 all summarised and within budget, 1 a budget exceeded, 2 bad usage,
    an invalid model file or output that could not be written (the worst over all
    FILEs); 130 interrupted. A reader that closes the pipe early (| head) changes nothing.
    """
    check_flags(click.get_current_context(), fmt, total, quiet, show_weights, show_flops)
    _check_stdin_once(files)
    _check_table_options(fmt, total, quiet, expand=expand, depth=depth is not None)
    command.run_summary(files, fmt=fmt, total=total, quiet=quiet, color=command.color(no_color), limits=limits,
                        dtype=dtype, compute=compute, show_weights=show_weights, show_flops=show_flops,
                        view={"collapse": not expand, "depth": depth},
                        unknown="count-as-zero" if allow_unknown else "error", strict=strict, train=train)


@main.command("diff", cls=type("DiffCommand", (OneLineErrors, click.Command), {}),
              context_settings={"help_option_names": HELP_OPTIONS}, epilog=COUNT_SYNTAX)
@click.argument("before", type=FileArgument())
@click.argument("after", type=FileArgument())
@functools.partial(output_options, total_help="Print only the change of the total parameter count, AFTER minus "
                                              "BEFORE (17600, or -17600 the other way round).")
@budget_options
@compute_options
@click.option("--allow-unknown", is_flag=True,
              help="Count layer types paramsum does not know (custom layers) as 0 params, shape passed through.")
@click.option("--strict", is_flag=True,
              help="Refuse (exit 2) unknown layer arguments in Keras files, which are otherwise a warning "
                   "and left out (a newer Keras writes new ones).")
@click.option("--by-name", is_flag=True,
              help="Pair layers by equal names only (default: align them by position and type, so renamed "
                   "layers pair up).")
def diff(before, after, fmt, total, no_color, quiet, limits, dtype, compute, allow_unknown, strict, by_name):
    """Show what changed from model BEFORE to model AFTER.

    Layers are aligned by position and type, as a text diff aligns lines (names win
    where they are equal and the rest agrees): added, removed and changed ones (type,
    output shape, params before → after), then the totals' delta. Layers a framework
    named again (dense_1 → dense_3) pair up; --by-name pairs equal names only. --total
    prints only the change of the total parameter count, AFTER minus BEFORE. Budgets
    apply to AFTER, as for `paramsum FILE`.
    """
    check_flags(click.get_current_context(), fmt, total, quiet)
    _check_stdin_once((before, after))
    command.run_diff(before, after, fmt=fmt, total=total, quiet=quiet, color=command.color(no_color), limits=limits,
                     dtype=dtype, compute=compute, unknown="count-as-zero" if allow_unknown else "error",
                     strict=strict, by_name=by_name)


main.default_command = summary_command


def _check_table_options(fmt, total, quiet, **given):
    """--expand and --depth shape the table only: with another output they are a usage error, not ignored."""
    named = [f"--{name}" for name, value in given.items() if value]
    if named and (total or quiet or fmt != "table"):
        why = ("not to --total" if total else "not to --quiet" if quiet else f"--format {fmt} lists every row")
        verb = "applies" if len(named) == 1 else "apply"
        raise OneLineUsageError(f"{' and '.join(named)} {verb} to the table only ({why})", click.get_current_context())


def _check_stdin_once(files):
    if list(files).count("-") > 1:
        raise OneLineUsageError("standard input ('-') can be read only once", click.get_current_context())
