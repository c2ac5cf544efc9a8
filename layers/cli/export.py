"""``launchmap export {events,zones,land,places} OUT``: write a layer as GeoJSON,
GeoPackage or GeoParquet, the format picked from the suffix of OUT."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from geo.export import SUFFIX_FORMATS, WHATS

    p = sub.add_parser(
        "export", help="write events, zones, land or places as GeoJSON, GeoPackage or GeoParquet",
        description="Write a launchmap layer to a vector file in WGS84 (EPSG:4326). The "
                    "format comes from the suffix of OUT: "
                    f"{', '.join(SUFFIX_FORMATS)}. Zones are written one row per polygon "
                    "with owner, claimants and status under the perspective.")
    p.add_argument("what", choices=WHATS, help="what to write")
    p.add_argument("out", metavar="OUT", help="output file, e.g. zones.gpkg")
    p.add_argument("--perspective", metavar="P",
                   help="for zones and land: 'administering' (default) or the ISO3 code "
                        "of the state whose view of disputed features to follow")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geo.export import FORMAT_NAMES, export, export_format
    from layers.cli import _args

    fmt = export_format(args.out)
    frame = export(args.what, args.out, perspective=_args.perspective(args.perspective))
    view = f" ({frame['perspective'].iat[0]} view)" if args.what in ("zones", "land") and len(frame) \
        else ""
    print(f"wrote {len(frame)} {args.what} rows{view} to {args.out} ({FORMAT_NAMES[fmt]})")
    return 0
