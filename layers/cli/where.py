"""``launchmap where TEXT``: locate a statement and say which zones hold the point."""

from __future__ import annotations

import argparse

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "where", help="locate statements ('210 km west of Oshima-Oshima') and list their zones",
        description="Resolve each statement (a relative location, a distance alone, two "
                    "references, a region's coast, coordinates or a place; English, "
                    "Japanese, Korean or Chinese) to a distribution of positions, list the "
                    "maritime zones holding it and the nearest gazetteer places. Several "
                    "quoted statements give one answer each; unquoted words "
                    "(launchmap where 80 km NNW of Yonaguni) are one statement.")
    p.add_argument("text", nargs="*", help="e.g. 'about 210 km west of Oshima-Oshima'")
    p.add_argument("-f", "--file", metavar="FILE",
                   help="read statements one per line from FILE ('-': standard input); "
                        "blank lines and lines starting with # are skipped")
    p.add_argument("--perspective", metavar="ISO3",
                   help="answer under this state's view of disputed features "
                        "(default: the administering state)")
    p.add_argument("--on", metavar="DATE", type=_args.iso_day,
                   help="list only the joint / provisional regimes in force on DATE "
                        "(YYYY-MM-DD; default: every regime holding the point, with its "
                        "validity)")
    p.add_argument("--from", dest="site", metavar="SITE",
                   help="launch site (a gazetteer name): narrows a ring or a two-reference "
                        "fix to the sector the ground track allows, and with --range or "
                        "--azimuth a region statement")
    p.add_argument("--azimuth", metavar="DEG", type=_args.number("degrees", low=0.0, high=360.0),
                   help="launch azimuth, degrees clockwise from true north (with --from)")
    p.add_argument("--range", dest="range_km", metavar="KM", type=_args.flight_range,
                   help="the flight's reported range from --from SITE (ground distance; "
                        "'1000' reads as about 1,000 km, i.e. 900-1,100 km; '900-1100 km', "
                        "'over 250 km'): keeps the positions at that distance from the site")
    p.add_argument("--ring", action="store_true",
                   help="read 'N km of PLACE' (no direction) as a ring around the place")
    p.add_argument("--json", action="store_true",
                   help="print the answer as JSON (JSON Lines, one answer a line, for "
                        "several statements)")
    p.set_defaults(func=run)


def statements(args: argparse.Namespace) -> list[tuple[int, str]]:
    """``(number, text)`` of every statement: one per quoted argument (unquoted words glue
    into one), or one per non-blank, non-comment line of ``--file`` (numbered by line).
    Raises :class:`~geo.errors.InvalidOptionError` when there is none or both are given."""
    import sys

    from geo.errors import InvalidOptionError

    if args.file and args.text:
        raise InvalidOptionError("give statements as arguments or with -f FILE, not both")
    if args.file:
        if args.file == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(args.file, encoding="utf-8-sig") as fh:
                lines = fh.read().splitlines()
        out = [(i, line.strip()) for i, line in enumerate(lines, start=1)
               if line.strip() and not line.lstrip().startswith("#")]
        if not out:
            raise InvalidOptionError(f"{args.file}: no statement (one a line expected)")
        return out
    if not args.text:
        raise InvalidOptionError("no statement: give e.g. 'about 210 km west of Oshima-Oshima' "
                                 "or -f FILE")
    if len(args.text) > 1 and any(len(t.split()) > 1 for t in args.text):
        return list(enumerate(args.text, start=1))
    return [(1, " ".join(args.text))]


def run(args: argparse.Namespace) -> int:
    import json
    import sys

    from geo.errors import LaunchmapError
    from geo.location import locate
    from geo.report import dumps, where_report

    items = statements(args)
    if args.range_km is not None and not args.site:
        from geo.errors import InvalidOptionError

        raise InvalidOptionError("--range needs --from SITE (the range is measured from the "
                                 "launch site)")
    perspective = _args.perspective(args.perspective)
    several = len(items) > 1 or bool(args.file)
    failed = 0
    for n, text in items:
        try:
            loc = locate(text, site=args.site, launch_azimuth_deg=args.azimuth,
                         range_km=args.range_km, ring=args.ring)
            ans = where_report(text, perspective=perspective, on=args.on, location=loc)
        except LaunchmapError as exc:
            if not several:
                raise
            failed += 1
            where = f"line {n}" if args.file else f"statement {n}"
            print(f"launchmap where: error: {where}: {_args.terminal_safe(exc)}",
                  file=sys.stderr)
            continue
        if args.json:
            if several:
                print(json.dumps(ans, ensure_ascii=False, allow_nan=False))
            else:
                print(dumps(ans))
            continue
        if several and n != items[0][0]:
            print()
        print_answer(text, ans)
    return 2 if failed else 0


def print_answer(text: str, ans: dict) -> None:
    """The text form of one ``where`` answer."""
    loc = ans["location"]
    ns = "N" if ans["lat"] >= 0 else "S"
    ew = "E" if ans["lon"] >= 0 else "W"
    print(_args.terminal_safe(text))
    print(f"  point     {abs(ans['lat']):.4f}°{ns} {abs(ans['lon']):.4f}°{ew}  "
          f"(±{ans['sigma_km']:.1f} km, 1 sigma)")
    for line in location_lines(loc):
        print(_args.terminal_safe(line))
    if ans["zones"]:
        print("  zones" + (f"     ({ans['zone_source']})" if ans.get("zone_source") else ""))
        for z in ans["zones"]:
            for line in zone_lines(z):
                print(line)
    else:
        print("  zones     " + ans.get("note", "none: high seas or land"))
    for r in ans.get("regimes", []):
        until = f" until {r['valid_until']}" if r.get("valid_until") else ""
        print(_args.terminal_safe(f"  regime    {r['name']} ({r['kind']}; parties "
                                  f"{', '.join(r['parties'])}; {r['basis']}){until}"))
    if ans.get("on_land"):
        print(f"  on land   {ans['on_land']}")
    if ans.get("coast_km"):
        print("  coasts    " + ", ".join(f"{c['state']} {c['distance_km']:.0f} km"
                                          for c in ans["coast_km"]))
    print("  nearest places")
    for p in ans["nearest_places"]:
        print(f"    {p['name']:<28} {p['distance_km']:8.1f} km  bearing {p['bearing_deg']:5.1f}°")


def location_lines(loc: dict) -> list[str]:
    """How the statement was read: the reference, distance interval and shape."""
    shape = loc.get("shape") or {}
    span = ""
    if loc.get("distance_min_km") is not None:
        span = f" ({loc['distance_min_km']:g}-{loc['distance_max_km']:g} km)"
    hedge = " — hedged" if loc["hedged"] else ""
    method = loc["method"]
    lines = []
    if method == "relative":
        lines.append(f"  from      {loc['place_name']}: {loc['distance_km']:g} km{span} towards "
                     f"{loc['azimuth_deg']:g}° ({loc['direction']})" + hedge)
    elif method == "region":
        lines.append(f"  from      {loc['place_name']}'s coast: {loc['distance_km']:g} km{span} "
                     f"towards {loc['azimuth_deg']:g}° ({loc['direction']})" + hedge)
    elif method == "ring":
        lines.append(f"  ring      {loc['distance_km']:g} km{span} around {loc['place_name']}, "
                     "at sea" + hedge)
    elif method == "two_references":
        rings = shape.get("rings", [])
        lobes = shape.get("lobes", [])
        from geo.gazetteer import find_place

        lines.append(f"  rings     {loc['place_name']} and {find_place(loc['references'][-1]).name}: "
                     f"{len(lobes)} lobe(s) " + ", ".join(
                         f"{q['lat']:.2f}°N {q['lon']:.2f}°E P={q['probability']:.2f}"
                         for q in lobes) + ("" if rings else ""))
    if shape.get("site"):
        az = shape.get("site_azimuth_deg")
        rng = shape.get("site_range_km")
        lines.append(f"  site      {shape['site']}" + (f", towards {az:.0f}° ± "
                                                        f"{shape['site_half_width_deg']:g}°"
                                                        if az is not None else "")
                     + (f", {rng[0]:g}-{rng[1]:g} km from it" if rng else ""))
    if loc.get("note"):
        lines.append(f"  note      {loc['note']}")
    return lines


def zone_lines(z: dict) -> list[str]:
    """Text lines of one ``where`` JSON zone item: one line for the (kind, state), then,
    only when the zone is made of more than one label, one short line per part (label,
    status, probability, whether it holds the centre)."""
    claim = ", ".join(z["claimants"])
    lines = [f"    {z['kind']:<16} {z['state']}  status: {z['status']:<12} "
             f"claimants: {claim:<14} P={z['probability']:.2f}  [{z['perspective']}]"]
    parts = z.get("parts") or []
    if len(parts) > 1:
        for q in parts:
            label = _args.terminal_safe(str(q["label"]))
            where = "centre" if q["contains_centre"] else "samples only"
            lines.append(f"      part {label:<16} status: {q['status']:<12} "
                         f"P={q['probability']:.2f}  ({where})")
    return lines
