"""The command line: thin click options over paramsum.summarize and the renderers."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import ExitStatus, ParamsumError
from .model import DTYPE_BYTES
from .numbers import parse_count
from .render import FORMATS


class Count(click.ParamType):
    """An integer written as 7850, 7_850, 7.85K, 10M, 1.5B or 1e6."""

    name = "N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            return (parse_count(value), str(value))
        except ValueError as reason:
            self.fail(str(reason), param, ctx)


def _stderr(message):
    click.echo(f"paramsum: {message}", err=True)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
@click.option("--max-params", type=Count(), help="Fail (exit 1) when total params exceed N.")
@click.option("--max-trainable", type=Count(), help="Fail (exit 1) when trainable params exceed N.")
@click.option("--max-bytes", type=Count(), help="Fail (exit 1) when the weights take more than N bytes.")
@click.option("--dtype", type=click.Choice(sorted(DTYPE_BYTES)), metavar="DTYPE",
              help="Element type for the byte figures (default: the model's, else float32).")
@click.option("--total", is_flag=True, help="Print only the total parameter count, one line per file.")
@click.option("--weights", "show_weights", is_flag=True, help="Table: list every weight under its layer.")
@click.option("--no-color", is_flag=True, help="Plain output (NO_COLOR in the environment does the same).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but budget violations and errors.")
@click.version_option(__version__, "--version", prog_name="paramsum")
def main(files, fmt, max_params, max_trainable, max_bytes, dtype, total, show_weights, no_color, quiet):
    """Count the parameters of the models in FILE… and explain every count.

    FILE is a paramsum model file (YAML or JSON), a Keras model.to_json() file or
    .keras archive, or a Hugging Face config.json; '-' reads standard input.

    Exit status: 0 all summarised and within budget, 1 a budget exceeded, 2 bad usage or
    an invalid model file.
    """
    from . import summarize
    from .budget import file_limits, violations

    summaries = []
    failed = False
    for path in files:
        try:
            summaries.append(summarize(path, dtype=dtype))
        except ParamsumError as error:
            error.located(source=path if path != "-" else "<stdin>")
            _stderr(str(error))
            failed = True
    if failed:
        sys.exit(ExitStatus.ERROR)

    limits = {k: v for k, v in (("max_params", max_params), ("max_trainable", max_trainable),
                                ("max_bytes", max_bytes)) if v is not None}
    status = ExitStatus.OK
    problems = []
    for summary in summaries:
        for warning in summary.warnings:
            if not quiet:
                _stderr(f"{summary.source}: warning: {warning}")
        for message in violations(summary, file_limits(summary), origin="file") + violations(summary, limits):
            problems.append(f"{summary.source}: {message}")
            status = ExitStatus.OVER_BUDGET

    if not quiet:
        _output(summaries, fmt, total, show_weights, no_color)
    for problem in problems:
        _stderr(problem)
    sys.exit(status)


def _output(summaries, fmt, total, show_weights, no_color):
    out = sys.stdout
    if total:
        out.write("".join(f"{s.totals.params}\n" for s in summaries))
    elif fmt == "table":
        from .render.table import print_tables

        color = not no_color and not os.environ.get("NO_COLOR")
        print_tables(summaries, out, color=color, terminal=out.isatty(), show_weights=show_weights)
    else:
        from .render import render

        out.write(render(summaries, fmt))
    out.flush()


if __name__ == "__main__":
    main()
