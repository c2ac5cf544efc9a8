"""``launchmap profile EVENT_ID``: the flight seen from the side, as SVG or PNG.

Draws the lofted ballistic arc that reproduces the event's reported apogee and range next
to the minimum-energy arc of the same burnout speed (the estimated maximum range), from
the Keplerian model of :mod:`geo.flight.ballistic` (see :mod:`geo.flight.profile`).
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "profile", help="draw an event's trajectory profile (altitude vs ground distance)",
        description="Draw the ballistic arc of an event with a reported apogee and range "
                    "(Keplerian, vacuum, spherical non-rotating Earth, no boost phase) and "
                    "the minimum-energy arc of the same burnout speed, which reaches the "
                    "estimated maximum range.")
    p.add_argument("event_id", metavar="EVENT_ID", help="an id of the catalogue, e.g. "
                                                        "2022-11-18-prk-1")
    p.add_argument("--format", dest="fmt", choices=("svg", "png"), default="svg",
                   help="picture format (default svg)")
    p.add_argument("--out", metavar="PATH",
                   help="output file (default EVENT_ID-profile.svg or .png)")
    p.add_argument("--events", metavar="CSV", help="an events CSV instead of the catalogue")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import geo
    from geo.flight.profile import event_profile
    from layers.profile_svg import write_profile

    events = geo.events(args.events) if args.events else None
    prof = event_profile(args.event_id, events)
    out = args.out or f"{args.event_id}-profile.{args.fmt}"
    write_profile(prof, out, args.fmt)
    me = prof.minimum_energy
    tail = f", minimum-energy range {me.range_km:,.0f} km" if me is not None else ""
    print(f"launchmap profile: wrote {out} (apogee {prof.lofted.apogee_km:,.0f} km, range "
          f"{prof.lofted.range_km:,.0f} km{tail})", file=sys.stderr)
    return 0
