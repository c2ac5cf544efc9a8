"""``launchmap schema [NAME]``: print the JSON Schema of a ``--json`` answer, or list them."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema", help="print the JSON Schema of a --json answer (no NAME: list them)",
        description="Print the JSON Schema (draft 2020-12) that the --json output of a "
                    "command follows (where, events, areas, range-estimate, reach). Without NAME, "
                    "list the schemas.")
    p.add_argument("name", nargs="?", metavar="NAME", help="schema name, e.g. where")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geo.report import dumps, schema, schema_names

    if args.name is None:
        for name in schema_names():
            print(f"{name:<16} {schema(name)['title']}")
        return 0
    print(dumps(schema(args.name)))
    return 0
