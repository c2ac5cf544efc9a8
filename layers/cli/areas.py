"""``launchmap areas [ID]``: declared closure / danger areas and what they overlapped."""

from __future__ import annotations

import argparse

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "areas", help="list declared closure / danger areas and the zones they overlap",
        description="List the declared areas of data/declared_areas.csv (closure, danger "
                    "and drop zones from the notices' own vertices) with their geodesic "
                    "area and the share inside each state's internal waters, territorial "
                    "sea, contiguous zone and EEZ under a perspective; with ID, detail "
                    "one area (vertices, disputed waters, distances to coasts and "
                    "baselines, events and whether each fell inside).")
    p.add_argument("id", nargs="?", metavar="ID", help="one area, e.g. 2022-08-04-pla-4")
    p.add_argument("--since", type=_args.iso_day, metavar="DATE",
                   help="areas still valid on or after DATE (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=_args.iso_day, metavar="DATE",
                   help="areas valid from DATE (YYYY-MM-DD, UTC) or earlier")
    p.add_argument("--authority", metavar="TEXT",
                   help="areas whose authority contains TEXT (case-insensitive), e.g. PLA")
    p.add_argument("--perspective", metavar="ISO3",
                   help="zones under this state's view of disputed features "
                        "(default: the administering state)")
    p.add_argument("--json", action="store_true",
                   help="print a JSON array (see `launchmap schema areas`)")
    p.set_defaults(func=run)


def _select(frame, args: argparse.Namespace):
    import pandas as pd

    from geo.errors import InvalidOptionError

    if args.since and args.until and args.since > args.until:
        raise InvalidOptionError(f"--since {args.since} is after --until {args.until}")
    keep = pd.Series(True, index=frame.index)
    if args.since:
        keep &= frame["valid_to"] >= pd.Timestamp(args.since, tz="UTC")
    if args.until:
        keep &= frame["valid_from"] < pd.Timestamp(args.until, tz="UTC") + pd.Timedelta(days=1)
    if args.authority:
        keep &= frame["authority"].str.contains(args.authority, case=False, regex=False)
    if args.id:
        keep &= frame["id"] == args.id
    return frame[keep]


def run(args: argparse.Namespace) -> int:
    import sys

    from geo.declared import declared_areas
    from geo.declared_overlaps import area_overlaps, areas_report
    from geo.report import dumps

    perspective = _args.perspective(args.perspective)
    frame = declared_areas()
    if args.id and args.id not in set(frame["id"]):
        area_overlaps(args.id, areas=frame)  # raises the one-line "unknown area" error
    chosen = _select(frame, args)
    if chosen.empty:
        print("launchmap areas: no declared area matches the selection", file=sys.stderr)
        return _args.EXIT_NO_MATCH
    answers = [area_overlaps(row, perspective) for _, row in chosen.iterrows()]
    recs = areas_report(answers, chosen)
    if args.json:
        print(dumps(recs))
        return 0
    safe = _args.terminal_safe
    if args.id:
        _detail(recs[0], chosen.iloc[0])
        return 0
    for r in recs:
        window = f"{r['valid_from'][:16].replace('T', ' ')} to {r['valid_to'][:16].replace('T', ' ')} UTC"
        print(safe(f"{r['id']:<18} {window}  {r['purpose']:<9} {r['area_km2']:>7.0f} km²  "
                   f"{r['name']}"))
        for o in r["overlaps"]:
            print(safe(f"    {o['kind']:<16} {o['state']}  {o['status']:<12} "
                       f"{o['area_km2']:>9.0f} km²  {100 * o['fraction']:5.1f} %"))
    print(f"{len(recs)} areas, perspective {answers[0].perspective}")
    return 0


def _detail(r: dict, row) -> None:
    from geo.declared_overlaps import event_verdicts

    safe = _args.terminal_safe
    print(safe(f"{r['id']}  {r['name']}"))
    print(safe(f"  authority  {r['authority']}"))
    print(safe(f"  notice     {r['notice']}"))
    print(f"  valid      {r['valid_from']} .. {r['valid_to']}")
    print(safe(f"  purpose    {r['purpose']}   area {r['area_km2']:.1f} km² (geodesic)"))
    print(safe("  vertices   " + "  /  ".join(v.strip() for v in r["vertices"].split("|"))))
    print(f"  zones      (perspective {r['perspective']}; {safe(r['zone_source'])})")
    for o in r["overlaps"]:
        print(safe(f"    {o['kind']:<16} {o['state']}  status: {o['status']:<12} claimants: "
                   f"{', '.join(o['claimants']):<14} {o['area_km2']:>9.1f} km²  "
                   f"{100 * o['fraction']:5.1f} %"))
    if not r["overlaps"]:
        print("    none: high seas")
    for d in r["disputed"]:
        print(safe(f"  disputed   {d['name']} ({d['kind']}), claimants {', '.join(d['claimants'])}: "
                   f"{d['area_km2']:.1f} km²"))
    if r["coast_km"]:
        print("  coasts     " + ", ".join(f"{c['state']} {c['distance_km']:.0f} km"
                                          for c in r["coast_km"]))
    if r["baseline_km"]:
        print("  baselines  " + ", ".join(f"{c['state']} {c['distance_km']:.0f} km"
                                          for c in r["baseline_km"]))
    if r["events"]:
        verdicts = event_verdicts(row.to_frame().T.set_geometry("geometry"))
        for v in verdicts.itertuples(index=False):
            where = "inside" if v.inside else f"outside, {v.distance_outside_km:.1f} km"
            print(safe(f"  event      {v.event}: {where}"))
    print(safe(f"  source     {r['source']}"))
