"""``launchmap build-zones``: re-run the maritime zone build (see data/SOURCES.md)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``build-zones`` sub-command."""
    p = subparsers.add_parser(
        "build-zones",
        help="rebuild data/zones.parquet, land.parquet, countries.parquet from GSHHG and "
             "Natural Earth (build extra; needs npm once)",
        description="Rebuild the maritime zones, land and countries files and their build "
                    "record. Progress goes to stderr.",
    )
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default: the data folder; the input tables "
                        "agreed_boundaries.csv and coast_corrections.csv are read from "
                        "the data folder)")
    p.add_argument("--cache", type=Path, default=None,
                   help="cache folder for the world-atlas tarball (default: build-cache/ in a source "
                        "checkout, else ~/.cache/launchmap)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the build; returns 0."""
    from geo._paths import data_dir, installed_data
    from geo.build.pipeline import build_all
    from geo.errors import InvalidOptionError

    if args.out is None and installed_data():
        raise InvalidOptionError(
            f"--out is required: the data folder {data_dir()} is the copy installed with "
            "the package; write the build elsewhere and point LAUNCHMAP_DATA at it")
    build_all(args.out or data_dir(), args.cache)
    return 0
