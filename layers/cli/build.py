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
    p.add_argument("--region", default=None,
                   help="region to build (default nw_pacific, the shipped zones; also "
                        "black_sea, baltic, mediterranean, middle_east: written to --out, "
                        "default <cache>/regions/<name>, never over the shipped data)")
    p.add_argument("--no-resume", action="store_true",
                   help="recompute every perspective world instead of reusing the worlds "
                        "an interrupted run with the same inputs left in the cache")
    p.add_argument("--ship", action="store_true",
                   help="with --region: then copy the region's zones, land and build record "
                        "into the data folder as zones_<name>.parquet, land_<name>.parquet, "
                        "zones_build_<name>.json (shipped beside the NW Pacific zones)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the build; returns 0."""
    from geo._paths import data_dir, installed_data
    from geo.build.pipeline import build_all, default_cache
    from geo.build.regions import DEFAULT_REGION, get_region
    from geo.errors import InvalidOptionError

    region = get_region(getattr(args, "region", None))
    out = args.out
    if region.name != DEFAULT_REGION and out is None:
        # a region other than the shipped one never overwrites data/
        out = (args.cache or default_cache()) / "regions" / region.name
    if out is None and installed_data():
        raise InvalidOptionError(
            f"--out is required: the data folder {data_dir()} is the copy installed with "
            "the package; write the build elsewhere and point LAUNCHMAP_DATA at it")
    build_all(out or data_dir(), args.cache, region=region.name,
              resume=not getattr(args, "no_resume", False))
    if getattr(args, "ship", False) and region.name != DEFAULT_REGION:
        from geo.build.pipeline import ship_region

        for path in ship_region(out, data_dir(), region.name):
            print(f"shipped {path}")
    return 0
