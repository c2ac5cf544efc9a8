"""The ``launchmap`` command line: parses arguments and calls :mod:`geo` and :mod:`layers`.

Each sub-command lives in its own module here and exposes ``register(subparsers)``; the
module adds its parser and sets ``func`` to a function ``(args) -> int``. Heavy imports
(geopandas, folium) happen inside those functions, never at start-up, so that quick
commands such as ``launchmap where`` start fast. Option checks shared by the commands
live in :mod:`layers.cli._args`.

Exit status: 0 success; 1 a selection (``--since``, ``--actor``, ...) matched nothing,
said in one line on stderr and nothing written; 2 a user error, one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from layers.cli._args import EXIT_USER_ERROR, Parser, terminal_safe

#: Sub-command modules, in the order their commands are listed in ``--help``.
COMMAND_MODULES = (
    "layers.cli.map",
    "layers.cli.where",
    "layers.cli.events",
    "layers.cli.areas",
    "layers.cli.flight",
    "layers.cli.build",
    "layers.cli.schema",
    "layers.cli.export",
    "layers.cli.classify",
    "layers.cli.profile",
)


def version() -> str:
    """The installed distribution's version, or the source tree's when not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("launchmap")
    except PackageNotFoundError:
        from geo._version import __version__

        return __version__


class _PrintVersion(argparse.Action):
    """``--version``: looks the version up only when asked (importlib.metadata is slow to
    import, and every command builds the parser)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"launchmap {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every sub-command registered."""
    parser = Parser(
        prog="launchmap",
        description="Geography of missile launches and where they land.",
        epilog="exit status: 0 success, 1 a selection matched nothing (nothing written), "
               "2 a user error (one line on stderr)",
    )
    parser.add_argument("--version", action=_PrintVersion)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _error_text(exc: BaseException) -> str:
    """An error's message for the terminal: control characters escaped; one line, except a
    data file's list of rejected rows, which keeps one line per row."""
    from geo.errors import DataValidationError

    if isinstance(exc, DataValidationError):
        return "\n".join(terminal_safe(line) for line in str(exc).splitlines())
    return terminal_safe(exc)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status (see the module docstring)."""
    from geo.errors import LaunchmapError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed its one-line error, or --help / --version
        return int(exc.code or 0)
    try:
        return int(args.func(args) or 0)
    except (LaunchmapError, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"launchmap {args.command}: error: {_error_text(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # e.g. `launchmap events | head`
        return 0
