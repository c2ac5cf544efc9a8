"""``launchmap map``: write the interactive HTML map (or a PNG/SVG picture) of the events.

Parses the arguments and calls :mod:`geo` and :mod:`layers`; nothing else happens here.
"""

from __future__ import annotations

import argparse
import sys

from layers.cli import _args

FORMATS = ("html", "png", "svg")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``map`` sub-command."""
    p = sub.add_parser(
        "map", help="write an interactive map (HTML) or a picture (PNG/SVG) of the launches",
        description=(
            "Draw the launches, their impact points and uncertainty, ground tracks, maritime "
            "zones (for one perspective), disputed waters, range rings and places. The HTML "
            "map inlines its data and its JavaScript: with --tiles none it needs no network."
        ),
    )
    p.add_argument("--out", metavar="FILE",
                   help="output file (default: launchmap.html, or launchmap.png/.svg)")
    p.add_argument("--events", metavar="CSV",
                   help="draw the events of this CSV (catalogue schema) instead of the "
                        "shipped catalogue; bad rows are reported and skipped")
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of the --events CSV (default: UTF-8, with or without "
                        "BOM; e.g. shift_jis, cp1252)")
    p.add_argument("--since", metavar="DATE", help="only launches on or after DATE (YYYY-MM-DD, UTC)")
    p.add_argument("--until", metavar="DATE", help="only launches on or before DATE (YYYY-MM-DD, UTC)")
    p.add_argument("--actor", metavar="ISO3", help="only launches by this state (e.g. PRK)")
    p.add_argument("--system", metavar="NAME",
                   help="only launches whose system contains NAME (case-insensitive)")
    p.add_argument("--perspective", metavar="ISO3",
                   help="whose view of the disputed features colours the zones "
                        "(default: administering)")
    p.add_argument("--layers", metavar="LIST",
                   help="comma-separated layers (default: all): land, zones (= eez, "
                        "contiguous_zone, territorial_sea), disputed, coverage, rings, places, "
                        "tracks, uncertainty, sites, impacts")
    p.add_argument("--from-impact", metavar="EVENT_ID[:SYSTEM,...]", dest="from_impact",
                   help="reverse range rings: around that event's impact point, the ring of "
                        "each SYSTEM's range in data/systems.csv (default: the event's own "
                        "system) holds every point it could have been launched from")
    p.add_argument("--tiles", metavar="NAME|none", default=None,
                   help="web tiles by folium name (default: 'OpenStreetMap', needs the "
                        "internet), or 'none' for the shipped land as an offline base map")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="html (default), or a static png/svg picture (matplotlib, offline); "
                        "taken from --out's suffix when not given")
    p.epilog = ("exit status 1 (and nothing written) when --since/--until/--actor/--system "
                "match no launch")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build and write the map; returns the exit status."""
    from geo.errors import LaunchmapError

    out, fmt = _args.output_file(args.out, args.format, FORMATS, stem="launchmap")
    if out.is_dir():
        raise LaunchmapError(f"--out {_args.echo(str(out))} is a folder; give a file name")

    import geo
    from layers.mapbuild import DEFAULT_TILES, parse_layers, select_events, stderr_progress

    layers = parse_layers(args.layers)
    perspective = _args.perspective(args.perspective)
    if args.events:
        stderr_progress(f"reading {_args.terminal_safe(args.events)}")
        events, rejected = geo.read_events(args.events, encoding=args.encoding)
        for err in rejected:
            print(f"launchmap map: skipped: {_args.terminal_safe(err)}", file=sys.stderr)
        if rejected:
            stderr_progress(f"{len(events)} good row(s) drawn, {len({e.row for e in rejected})}"
                            f" row(s) of {_args.terminal_safe(args.events)} skipped")
    else:
        events = geo.events()
    total = len(events)
    events = select_events(events, since=args.since, until=args.until, actor=args.actor,
                           system=args.system)
    if total and not len(events):
        chosen = [f"--{k} {_args.echo(v)}" for k, v in (("since", args.since), ("until", args.until),
                  ("actor", args.actor), ("system", args.system)) if v]
        print(f"launchmap map: no launch of the {total} matches {' '.join(chosen)}; "
              f"nothing written", file=sys.stderr)
        return _args.EXIT_NO_MATCH
    if fmt == "html":
        from layers.mapbuild import build_map, save_map

        tiles = DEFAULT_TILES if args.tiles is None else args.tiles
        rings = None
        if args.from_impact:
            from layers.rings import reverse_rings

            eid, _, names = args.from_impact.partition(":")
            rings = reverse_rings(events, eid.strip(), names.split(","))
            if "rings" not in layers:
                layers = parse_layers([*layers, "rings"])
        m = build_map(events, layers=layers, perspective=perspective, tiles=tiles,
                      rings=rings, progress=stderr_progress)
        stderr_progress("writing the page")
        path = save_map(m, out)
    else:
        from layers.static import render_static

        path = render_static(events, out, fmt=fmt, layers=layers,
                             perspective=perspective, progress=stderr_progress)
    size = path.stat().st_size
    stderr_progress(f"wrote {path} ({size / 1e6:.2f} MB, {len(events)} events)")
    return 0
