"""The ``launchmap`` command line: parses arguments and calls :mod:`geo` and :mod:`layers`.

Each sub-command lives in its own module here and exposes ``register(subparsers)``; the
module adds its parser and sets ``func`` to a function ``(args) -> int``. Heavy imports
(geopandas, folium) happen inside those functions, never at start-up, so that quick
commands such as ``launchmap where`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Sub-command modules, in the order their commands are listed in ``--help``.
COMMAND_MODULES = (
    "layers.cli.map",
    "layers.cli.where",
    "layers.cli.events",
    "layers.cli.flight",
    "layers.cli.build",
    "layers.cli.schema",
    "layers.cli.export",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="launchmap",
        description="Geography of missile launches and where they land.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit status (0 success, 2 user error)."""
    from geo.errors import LaunchmapError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except LaunchmapError as exc:
        print(f"launchmap {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"launchmap {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `launchmap events | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
