"""``launchmap events``: the launch catalogue as a table, JSON or CSV."""

from __future__ import annotations

import argparse

from layers.cli import _args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="list the launch catalogue",
                       description="Print the event catalogue (data/events.csv, validated).")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="JSON array, one object per event")
    fmt.add_argument("--csv", action="store_true", help="CSV with the catalogue's columns")
    p.add_argument("--events", metavar="CSV", help="read this CSV instead of the shipped one")
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of the --events CSV (default: UTF-8, with or without "
                        "BOM; e.g. shift_jis, cp1252)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from geo.catalogue import COLUMNS, events, read_events
    from geo.report import dumps, events_report

    if args.events:
        frame, rejected = read_events(args.events, encoding=args.encoding)
        for e in rejected:
            print(f"launchmap events: rejected {_args.terminal_safe(e)}", file=sys.stderr)
    else:
        frame = events()
    recs = events_report(frame)
    if args.json:
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
