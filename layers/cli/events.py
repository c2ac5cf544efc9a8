"""``launchmap events``: the launch catalogue as a table, JSON or CSV; ``events add`` and
``events import`` write user catalogues in the same schema."""

from __future__ import annotations

import argparse
import sys

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="list, filter, add to or import a launch catalogue",
                       description="Print the event catalogue (data/events.csv, validated), "
                                   "filtered; 'events add' appends a row to a user "
                                   "catalogue, 'events import' converts a public database.")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="JSON array, one object per event, each with its claims")
    fmt.add_argument("--csv", action="store_true", help="CSV with the catalogue's columns")
    p.add_argument("--events", metavar="CSV", help="read this CSV instead of the shipped one")
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of the --events CSV (default: UTF-8, with or without "
                        "BOM; e.g. shift_jis, cp1252)")
    p.add_argument("--claims", metavar="CSV",
                   help="claims CSV for the --events catalogue (default: the shipped claims "
                        "for the shipped catalogue, none for a user CSV)")
    p.add_argument("--since", metavar="YYYY-MM-DD", type=_args.iso_day,
                   help="launched on or after this UTC date")
    p.add_argument("--until", metavar="YYYY-MM-DD", type=_args.iso_day,
                   help="launched on or before this UTC date")
    p.add_argument("--actor", metavar="ISO3", help="launching state, e.g. PRK")
    p.add_argument("--system", metavar="TEXT", help="system name contains TEXT (any case)")
    p.add_argument("--zone", metavar="ZONE",
                   help="impact's computed zone, e.g. inside:JPN:eez, outside:JPN:eez, "
                        "land:PRK (under that state's view; a derived impact shape counts "
                        "only when all or none of it is in the zone, and an event with no "
                        "impact position is in neither)")
    p.add_argument("--near", metavar="PLACE", help="impact within --within km of PLACE")
    p.add_argument("--within", metavar="KM", type=_args.number("km", low=0.0),
                   help="distance for --near, km (geodesic)")
    p.set_defaults(func=run)
    acts = p.add_subparsers(dest="action", metavar="{add,import}")
    _register_add(acts)
    _register_import(acts)


def _register_add(acts: argparse._SubParsersAction) -> None:
    a = acts.add_parser("add", help="append one validated event to a user catalogue CSV",
                        description="Resolve STATEMENT with the statement parser, check the "
                                    "row against the catalogue schema, print the computed "
                                    "zone beside the reported one and append the row to "
                                    "--out (or print it as CSV).")
    a.add_argument("--date", required=True, type=_args.iso_day, metavar="YYYY-MM-DD",
                   help="UTC launch date")
    a.add_argument("--time", metavar="HH:MM", help="UTC launch time")
    a.add_argument("--actor", required=True, metavar="ISO3", help="launching state")
    a.add_argument("--system", default="unidentified", help="missile or launcher name")
    a.add_argument("--count", type=_args.count, default=1, help="missiles in this row")
    a.add_argument("--statement", required=True,
                   help="the authority's words about where it fell, e.g. \"fell about 200 km "
                        "west of Okushiri, outside Japan's EEZ\"")
    a.add_argument("--query", help="the position in the parser's grammar when STATEMENT "
                                   "itself does not parse")
    a.add_argument("--no-impact", action="store_true",
                   help="the statement gives no fall point (the row has no impact)")
    a.add_argument("--source", required=True, metavar="URL",
                   help="where the statement was seen (URL, or publication and date)")
    a.add_argument("--authority", default="", help="reporting authority, e.g. 'JPN MOD'")
    a.add_argument("--zone", default="", metavar="ZONE",
                   help="the zone the authority reported, e.g. outside:JPN:eez")
    a.add_argument("--launch-site", default="", metavar="PLACE", help="gazetteer place")
    a.add_argument("--apogee", type=_args.number("km", low=0.0), help="apogee, km")
    a.add_argument("--range", type=_args.number("km", low=0.0), help="range, km")
    a.add_argument("--flight-time", type=_args.number("min", low=0.0),
                   help="flight time, minutes")
    a.add_argument("--id", help="row id (default: DATE-ACTOR-N, the next free N)")
    a.add_argument("--out", metavar="CSV",
                   help="user catalogue to append to (created with a header if missing); "
                        "default: print the row as CSV")
    a.set_defaults(func=run_add)


def _register_import(acts: argparse._SubParsersAction) -> None:
    m = acts.add_parser("import", help="convert a public launch database to the catalogue",
                        description="Read a CNS North Korea Missile Test Database workbook "
                                    "(--format cns, .xlsx or .csv of the sheet 'Missile "
                                    "Tests') or a 'Massive Missile Attacks on Ukraine' CSV "
                                    "(--format attacks) and write a CSV in the catalogue's "
                                    "schema, every unmapped field kept as an extra column. "
                                    "Malformed rows are reported with sheet, row and field.")
    m.add_argument("--format", required=True, choices=("cns", "attacks"))
    m.add_argument("file", metavar="FILE")
    m.add_argument("--out", required=True, metavar="CSV", help="catalogue CSV to write")
    m.set_defaults(func=run_import)


def _claims_for(args: argparse.Namespace):
    from geo._paths import data_path
    from geo.catalogue_claims import CLAIMS_FILE, read_claims

    path = args.claims or (None if args.events else data_path(CLAIMS_FILE))
    if path is None:
        return None
    table, rejected = read_claims(path)
    for e in rejected:
        print(f"launchmap events: rejected claim {_args.terminal_safe(e)}", file=sys.stderr)
    return table


def run(args: argparse.Namespace) -> int:
    from geo.catalogue import COLUMNS, events, read_events
    from geo.catalogue_claims import claims_by_event, preferred_claims
    from geo.catalogue_select import select_events
    from geo.report import dumps, events_report

    claims = _claims_for(args)
    if args.events:
        frame, rejected = read_events(args.events, encoding=args.encoding, claims=claims)
        for e in rejected:
            print(f"launchmap events: rejected {_args.terminal_safe(e)}", file=sys.stderr)
    else:
        frame = events()
    frame = select_events(frame, since=args.since, until=args.until, actor=args.actor,
                          system=args.system, zone=args.zone, near=args.near,
                          within_km=args.within)
    recs = events_report(frame)
    if args.json:
        by_event: dict = {}
        if claims is not None and not claims.empty:
            claims = claims.assign(preferred=preferred_claims(
                claims, dict(zip(frame["id"], frame["reporting_authority"], strict=True))))
            by_event = claims_by_event(claims)
        for r in recs:
            r["claims"] = by_event.get(r["id"], [])
        print(dumps(recs))
    elif args.csv:
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), extrasaction="ignore",
                           lineterminator="\n")
        w.writeheader()
        for r in recs:
            w.writerow({k: ("" if r[k] is None else r[k]) for k in COLUMNS})
    else:
        print(f"{'date':<10} {'actor':<5} {'system':<28} {'n':>2} {'apogee':>7} {'range':>7}  "
              f"impact")
        for r in recs:
            sysname = _args.terminal_safe(r["system"].split(" (")[0])[:28]
            apo = f"{r['apogee_km']:.0f}" if r["apogee_km"] is not None else "-"
            rng = f"{r['range_km']:.0f}" if r["range_km"] is not None else "-"
            print(f"{r['date_local']:<10} {r['actor']:<5} {sysname:<28} {r['count']:>2} {apo:>7} "
                  f"{rng:>7}  {_args.terminal_safe(r['impact_statement'])[:70]}")
        print(f"{len(recs)} rows, {sum(r['count'] for r in recs)} missiles")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from geo.catalogue_add import add_event

    row, check = add_event(
        date=args.date, time_utc=args.time or "", actor=args.actor, system=args.system,
        count=args.count, statement=args.statement, query=args.query,
        no_impact=args.no_impact, source=args.source, authority=args.authority,
        reported_zone=args.zone, launch_site=args.launch_site, apogee_km=args.apogee,
        range_km=args.range, flight_time_min=args.flight_time, event_id=args.id,
        out=args.out)
    print(f"launchmap events add: {_args.terminal_safe(check)}", file=sys.stderr)
    if args.out:
        print(f"launchmap events add: appended {_args.terminal_safe(row['id'])} to "
              f"{_args.terminal_safe(args.out)}", file=sys.stderr)
    else:
        import csv

        from geo.catalogue import COLUMNS

        w = csv.DictWriter(sys.stdout, fieldnames=list(COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from geo.catalogue_import import read_attack_table, read_cns, write_catalogue

    reader = read_cns if args.format == "cns" else read_attack_table
    frame, rejected = reader(args.file)
    for e in rejected:
        print(f"launchmap events import: rejected {_args.terminal_safe(e)}", file=sys.stderr)
    n = write_catalogue(frame, args.out)
    print(f"launchmap events import: {n} row(s) written to {_args.terminal_safe(args.out)}, "
          f"{len({(e.file, e.row) for e in rejected})} row(s) rejected", file=sys.stderr)
    return 0
