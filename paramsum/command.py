"""The commands' work, without click: summarise FILEs, compare two, print, exit with the status that says
what happened. `paramsum.cli` parses the command line into these calls; `main` here takes the common command
lines (FILEs with --format, --total, --no-color) straight to them, so that a script's call does not import
click, and hands every other command line to click.
"""

from __future__ import annotations

import gc
import os
import sys

from .errors import ExitStatus, ParamsumError
from .escape import printable
from .render import FORMATS

SUBCOMMANDS = ("diff",)


def main():
    """The `paramsum` command. The process ends as soon as the output is out: its objects (millions for a large
    model) are neither collected nor freed one by one, which would take a tenth of the run at 80k layers."""
    gc.disable()  # (for the whole process: run_summary's pause then leaves it off)
    _exit_now(run_command())


def run_command(args=None):
    """Run a command line (default: sys.argv's) and return its exit status: the common command lines run here,
    every other one through click."""
    try:
        plan = fast_path(sys.argv[1:] if args is None else args)
        if plan is None:
            from .cli import main as click_main

            click_main(args, prog_name="paramsum")
        else:
            try:
                run_summary(**plan)
            except KeyboardInterrupt:
                interrupted()
    except SystemExit as end:
        return end.code
    return 0


def _exit_now(code):
    """Flush what is written and end the process with `code` (an exit status, or None for 0), as SystemExit(code)
    would, without its teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed, or a reader gone: what could be written was
            pass
    os._exit(0 if code is None else int(code))


def fast_path(args):
    """run_summary's arguments for a command line of FILEs and only --format F, --total or --no-color (each at
    most once, no conflict, FILEs not starting with '-' but '-' itself, read once), else None: click's."""
    plan = {"files": [], "fmt": "table", "total": False, "color": True}
    seen = set()
    args = iter(args)
    for arg in args:
        if arg in ("--total", "--no-color") or arg == "--format" or arg.startswith("--format="):
            option = arg.partition("=")[0]
            if option in seen:
                return None
            seen.add(option)
            if option == "--format":
                value = arg.partition("=")[2] if "=" in arg else next(args, None)
                if value not in FORMATS:
                    return None
                plan["fmt"] = value
            elif arg == "--total":
                plan["total"] = True
            else:
                plan["color"] = False
        elif arg == "-" or (arg and not arg.startswith("-")):
            plan["files"].append(arg)
        else:
            return None
    files = plan["files"]
    if not files or files[0] in SUBCOMMANDS or files.count("-") > 1 or {"--total", "--format"} <= seen:
        return None
    plan["color"] = color(not plan["color"])
    return plan


def run_summary(files, fmt="table", total=False, quiet=False, color=True, limits=None, dtype=None, compute=None,
                show_weights=False, show_flops=False, view=None, unknown="error", strict=False, train=None):
    """`paramsum FILE...`: summarise each file, tell each bad one, print the good ones, exit with the worst
    status (2 > 1 > 0)."""
    limits = limits or {}
    # --total prints the params only: the compute (a second run of each graph) is counted only for a FLOPs budget
    compute = {**(compute or {}), "flops": not total or "max_flops" in limits}
    with _collections_paused():
        results, errors = summarize_all(files, dtype, unknown, compute, train, strict)
        done = [(path, s) for path, s in zip(files, results) if s is not None]
        summaries = [s for _, s in done]
        problems = [p for s in summaries for p in _budget_problems(s, limits)]
        if not quiet:
            _warnings(summaries)
        for message in errors:  # a bad file is told, and every good one still summarised (as grep and wc do)
            _stderr(message)
        status = ExitStatus.ERROR if errors else ExitStatus.OVER_BUDGET if problems else ExitStatus.OK
        if not quiet and summaries:
            try:
                _output_summaries(done, fmt, total, show_weights, color, show_flops, several=len(files) > 1,
                                  view=view)
            except OutputError as error:
                problems, status = problems + [f"<stdout>: {error}"], ExitStatus.ERROR
    _finish(problems, status)


def run_diff(before, after, fmt="table", total=False, quiet=False, color=True, limits=None, dtype=None,
             compute=None, unknown="error", strict=False, by_name=False):
    """`paramsum diff BEFORE AFTER`: both summarised, the change printed, AFTER's budgets checked."""
    from .diff import diff_summaries

    limits = limits or {}
    with _collections_paused():
        (old, new), errors = summarize_all((before, after), dtype, unknown, compute, strict=strict)
        problems = _budget_problems(new, limits) if new is not None else []
        if not quiet:
            _warnings([s for s in (old, new) if s is not None])
        if errors:
            _finish(errors + problems, ExitStatus.ERROR)
        model_diff = diff_summaries(old, new, by_name=by_name)
        status = ExitStatus.OVER_BUDGET if problems else ExitStatus.OK
        if not quiet:
            try:
                _output_diff(model_diff, fmt, total, color)
            except OutputError as error:
                problems, status = problems + [f"<stdout>: {error}"], ExitStatus.ERROR
    _finish(problems, status)


class _collections_paused:
    """Python's cyclic collector off while a command runs: a summary's objects live until it is printed, and
    collections would only rescan them (half the CPU at 20k layers)."""

    def __enter__(self):
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.enabled:
            gc.enable()


def _stderr(message):
    """One line on stderr, whatever the message quotes from a file (a name with a newline or an escape)."""
    try:
        sys.stderr.write(f"paramsum: {printable(message)}\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # no stderr, or a closed one: nothing left to tell it on
        pass


SIGINT_STATUS = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C


def interrupted():
    _silence_stdout()
    sys.exit(SIGINT_STATUS)


class OutputError(Exception):
    """Standard output could not be written (closed, full disk, I/O error): one line, exit 2."""


def _silence_stdout():
    """Point the stdout descriptor at /dev/null, so that the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no stdout, or not a real file (a test's capture)
        pass


class _PipeClosed(Exception):
    """The reader closed the pipe; not a BrokenPipeError, so that no library in between handles it its way."""


class _Stdout:
    """Standard output for the renderers: a closed pipe raises _PipeClosed (rich would exit 1 on its own)."""

    def __init__(self, out):
        self._out = out

    def write(self, text):
        try:
            return self._out.write(text)
        except BrokenPipeError:
            raise _PipeClosed from None

    def flush(self):
        try:
            self._out.flush()
        except BrokenPipeError:
            raise _PipeClosed from None

    def __getattr__(self, name):  # isatty, fileno, encoding: the real stream's
        return getattr(self._out, name)


def _emit(write):
    """Run write(stdout), then flush. A reader that closed the pipe (`| head`) has what it wanted: the
    output ends there quietly and the exit status is unchanged. Any other write error is an OutputError."""
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    out = _Stdout(sys.stdout)
    try:
        write(out)
        out.flush()
    except _PipeClosed:
        _silence_stdout()
    except OSError as error:
        _silence_stdout()
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None



def summarize_all(files, dtype, unknown="error", compute=None, train=None, strict=False):
    """(a summary per file, None where it failed; the failures as one-line messages)."""
    from . import summarize

    summaries, errors = [], []
    for path in files:
        if path == "-" and sys.stdin is None:
            summaries.append(None)
            errors.append("<stdin>: standard input is closed; give a file, or pipe the model into 'paramsum -'")
            continue
        try:
            summaries.append(summarize(path, dtype=dtype, unknown=unknown, train=train, strict=strict,
                                       **(compute or {})))
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


def color(no_color):
    return not no_color and not os.environ.get("NO_COLOR")


def _output_summaries(done, fmt, total, show_weights, color, show_flops=False, several=False, view=None):
    """Print the (path, summary) pairs; `several`: more than one FILE was given (a JSON array, named totals)."""
    summaries = [s for _, s in done]
    if total:
        lines = [f"{s.totals.params}\t{printable(path)}\n" if several else f"{s.totals.params}\n" for path, s in done]
        _emit(lambda out: out.write("".join(lines)))
    elif fmt == "table":
        from .render.table import print_tables

        _emit(lambda out: print_tables(summaries, out, color=color, terminal=out.isatty(),
                                       show_weights=show_weights, show_flops=show_flops, **(view or {})))
    else:
        from .render import render

        text = render(summaries, fmt, **({"array": several} if fmt == "json" else {}))
        _emit(lambda out: out.write(text))


def _output_diff(model_diff, fmt, total, color):
    if total:
        _emit(lambda out: out.write(f"{model_diff.delta('params')}\n"))
    elif fmt == "table":
        from .render.table import print_diff

        _emit(lambda out: print_diff(model_diff, out, color=color, terminal=out.isatty()))
    else:
        from .render import render_diff

        text = render_diff(model_diff, fmt)
        _emit(lambda out: out.write(text))
