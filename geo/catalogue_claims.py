"""Every claim about an event, and the rule that picks the preferred one.

Sources describe one launch differently: the Japan Coast Guard relays an in-flight
forecast ("about 210 km west of Oshima-Oshima"), the Ministry of Defense later says
"about 200 km"; Seoul's Joint Chiefs give an apogee of 6,100 km where Tokyo gives 6,000 km
and Pyongyang 6,040.9 km. ``data/event_claims.csv`` keeps each of these statements as one
claim: ``event_id, field, value, authority, stated_at, status, source, note``.

``field`` is one of :data:`CLAIM_FIELDS` (catalogue columns a source can state
differently) and ``value`` is written as that column is in ``events.csv``. ``stated_at``
is the date (``YYYY-MM-DD``) or local time (``YYYY-MM-DDTHH:MM+09:00``) of the statement.
``status`` is empty (the claim stands) or ``corrected`` / ``withdrawn`` (its authority
later replaced or retracted it; ``note`` says by what).

The preference rule (:func:`preferred_claims`), per event and field:

1. claims whose ``status`` is ``corrected`` or ``withdrawn`` are never preferred;
2. among the rest, those of the event's ``reporting_authority`` come first; only if it
   made none is another authority's claim used;
3. of those, the latest statement wins: by ``stated_at`` (a statement with a time
   sorts after one with only the same date), then by file order (later rows are later
   statements: the file lists claims in the order they were made).

:func:`geo.events` writes each preferred value into the event's column, so the columns
always show the preferred claim; the shipped ``events.csv`` is kept equal to them
(``tests/test_event_claims.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import DataValidationError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CLAIMS_FILE = "event_claims.csv"
#: Columns of ``event_claims.csv``, in order.
CLAIM_COLUMNS = ("event_id", "field", "value", "authority", "stated_at", "status", "source",
                 "note")
#: Catalogue columns a claim may give a value for.
CLAIM_FIELDS = ("time_utc", "launch_site", "system", "count", "impact_query", "apogee_km",
                "range_km", "flight_time_min", "reported_zone", "overflight_reported")
#: ``status`` values that take a claim out of the preference.
SUPERSEDED = ("corrected", "withdrawn")
#: Keys of one claim in ``launchmap events --json`` (``claims`` array), in order.
CLAIM_KEYS = ("field", "value", "authority", "stated_at", "status", "source", "preferred")

_STATED = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T([01]\d|2[0-3]):[0-5]\d(?:Z|[+-]\d{2}:\d{2}))?$")


def _stated_at(value: str) -> str:
    if not _STATED.match(value):
        raise ValueError(f"{value!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM")
    dt.date.fromisoformat(value[:10])  # a real calendar day
    return value


def _columns() -> tuple:
    from geo._tables import Column, choice, text

    parse = {"field": choice(CLAIM_FIELDS), "stated_at": _stated_at,
             "status": choice(("", *SUPERSEDED))}
    return tuple(Column(c, parse.get(c, text), blank=c in ("status", "note"))
                 for c in CLAIM_COLUMNS)


def _value_check(row) -> list[tuple[str, str]]:
    """A claim's value must parse as its column does in ``events.csv``."""
    from geo.catalogue import column_parsers

    parser = column_parsers().get(row["field"])
    if parser is None:
        return []
    try:
        parser(row["value"])
    except ValueError as exc:
        return [("value", f"not a valid {row['field']}: {exc}")]
    return []


def read_claims(path: str | Path, *, event_ids: Iterable[str] | None = None,
                strict: bool = False) -> tuple[pd.DataFrame, list[RowError]]:
    """Read a claims CSV: ``(claims, rejected)``.

    ``claims`` is a DataFrame with :data:`CLAIM_COLUMNS` plus ``row`` (1-based data row,
    the file order the preference rule uses) in file order; ``rejected`` names every bad
    row (file, row, field, reason): an unknown field, a value its column would refuse, a
    malformed ``stated_at``, or (with ``event_ids``) an event that is not in the
    catalogue. ``strict=True`` raises :class:`DataValidationError` instead.
    """
    import pandas as pd

    from geo._tables import read_table

    known = None if event_ids is None else set(event_ids)

    def event_check(row) -> list[tuple[str, str]]:
        if known is not None and row["event_id"] not in known:
            return [("event_id", f"{row['event_id']!r} is not an event of the catalogue")]
        return []

    rows, errors = read_table(path, _columns(), (_value_check, event_check), what="claims",
                              allow_empty=True)
    if strict and errors:
        raise DataValidationError(errors)
    frame = pd.DataFrame([{**{c: r[c] for c in CLAIM_COLUMNS}, "row": r.n} for r in rows],
                         columns=[*CLAIM_COLUMNS, "row"])
    return frame, errors


def _order_key(stated_at: str, row: int) -> tuple:
    """Later statements sort later: the date, then a timed statement after an untimed one
    of the same date (times compared in UTC), then file order."""
    day = stated_at[:10]
    if len(stated_at) > 10:
        stamp = dt.datetime.fromisoformat(stated_at.replace("Z", "+00:00"))
        return (day, 1, stamp.astimezone(dt.timezone.utc).isoformat(), row)
    return (day, 0, "", row)


def preferred_claims(claims: pd.DataFrame, authorities: Mapping[str, str]) -> pd.Series:
    """A boolean Series over ``claims``: True for the one preferred claim of each
    (event, field) by the rule of this module; ``authorities`` maps event id to its
    ``reporting_authority``."""
    import pandas as pd

    out = pd.Series(False, index=claims.index)
    for (eid, _field), group in claims.groupby(["event_id", "field"], sort=False):
        live = group[~group["status"].isin(SUPERSEDED)]
        if live.empty:
            continue
        own = live[live["authority"] == authorities.get(eid, "")]
        pool = own if not own.empty else live
        best = max(pool.index, key=lambda i: _order_key(pool.at[i, "stated_at"],
                                                        int(pool.at[i, "row"])))
        out.at[best] = True
    return out


def preferred_values(claims: pd.DataFrame, authorities: Mapping[str, str]
                     ) -> dict[str, dict[str, str]]:
    """``{event id: {field: preferred value}}`` (see :func:`preferred_claims`)."""
    pick = preferred_claims(claims, authorities)
    out: dict[str, dict[str, str]] = {}
    for r in claims[pick].itertuples():
        out.setdefault(r.event_id, {})[r.field] = r.value
    return out


def claims_by_event(claims: pd.DataFrame) -> dict[str, list[dict]]:
    """``{event id: [claim, ...]}`` in the shape of :data:`CLAIM_KEYS` (the ``claims``
    array of ``launchmap events --json``), in file order."""
    out: dict[str, list[dict]] = {}
    for r in claims.to_dict("records"):
        out.setdefault(r["event_id"], []).append(
            {k: (bool(r[k]) if k == "preferred" else r[k]) for k in CLAIM_KEYS})
    return out
