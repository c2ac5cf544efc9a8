"""``launchmap where TEXT``: locate a statement and say which zones hold the point."""

from __future__ import annotations

import argparse

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "where", help="locate a statement ('210 km west of Oshima-Oshima') and list its zones",
        description="Resolve TEXT (a relative location, coordinates or a place) to a point "
                    "with an uncertainty, list the maritime zones containing it and the "
                    "nearest gazetteer places.")
    p.add_argument("text", nargs="+", help="e.g. 'about 210 km west of Oshima-Oshima'")
    p.add_argument("--perspective", metavar="ISO3",
                   help="answer under this state's view of disputed features "
                        "(default: the administering state)")
    p.add_argument("--on", metavar="DATE", type=_args.iso_day,
                   help="list only the joint / provisional regimes in force on DATE "
                        "(YYYY-MM-DD; default: every regime holding the point, with its "
                        "validity)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geo.report import dumps, where_report

    text = " ".join(args.text)
    perspective = _args.perspective(args.perspective)
    ans = where_report(text, perspective=perspective, on=args.on)
    if args.json:
        print(dumps(ans))
        return 0
    loc = ans["location"]
    ns = "N" if ans["lat"] >= 0 else "S"
    ew = "E" if ans["lon"] >= 0 else "W"
    print(_args.terminal_safe(text))
    print(f"  point     {abs(ans['lat']):.4f}°{ns} {abs(ans['lon']):.4f}°{ew}  "
          f"(±{ans['sigma_km']:.1f} km, 1 sigma)")
    if loc["method"] == "relative":
        print(f"  from      {loc['place_name']}: {loc['distance_km']:g} km towards "
              f"{loc['azimuth_deg']:g}° ({loc['direction']})" + (" — hedged" if loc["hedged"] else ""))
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
    return 0


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
