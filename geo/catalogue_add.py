"""Adding one event to a user catalogue: validated as the shipped catalogue is.

:func:`add_event` builds a row in the schema of ``events.csv`` from an authority's
statement, resolves the statement with :func:`geo.location.locate`, validates the row with
the catalogue reader, compares the computed zone with the reported one, and appends the
row to a user CSV (created with the catalogue's header when missing). The user CSV is then
read by :func:`geo.events` (``geo.events("mine.csv")``) and ``launchmap map --events``.
"""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

from geo.errors import InvalidOptionError


def _next_id(out: Path | None, date: str, actor: str) -> str:
    """``DATE-actor-N`` with the first N not used in ``out``."""
    used: set[str] = set()
    if out is not None and out.is_file():
        with out.open(encoding="utf-8-sig", newline="") as fh:
            used = {r.get("id", "") for r in csv.DictReader(fh)}
    n = 1
    while f"{date}-{actor.lower()}-{n}" in used:
        n += 1
    return f"{date}-{actor.lower()}-{n}"


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def zone_check_text(frame) -> str:
    """One line: the reported zone beside the zone computed at the row's impact point
    (under the reporting state's view, with the impact's sigma), or the innermost computed
    zone when nothing was reported."""
    from geo.catalogue_zones import zone_checks
    from geo.zones.where import where

    r = frame.iloc[0]
    if r["impact_basis"] == "none":
        return "no impact point (no fall point stated): no zone computed"
    if r["reported_zone"]:
        c = zone_checks(frame).iloc[0]
        verdict = "agrees" if c["agree"] else "DISAGREES (record why in zone_explanation)"
        return (f"reported {c['reported_zone']}; computed {c['computed']} "
                f"(p={c['p']:.2f} under the {c['state']} view): {verdict}")
    ans = where(float(r["impact_lon"]), float(r["impact_lat"]),
                sigma_km=float(r["impact_sigma_km"]))
    if ans.on_land:
        return f"no zone reported; computed: on land of {ans.on_land}"
    inner = ans.at_centre[0] if ans.at_centre else None
    shown = f"{inner.kind} {inner.state} ({inner.status})" if inner else "no zone (high seas)"
    return f"no zone reported; computed at the point: {shown}"


def add_event(*, date: str, actor: str, statement: str, source: str, system: str = "",
              time_utc: str = "", count: int = 1, query: str | None = None,
              no_impact: bool = False, authority: str = "", reported_zone: str = "",
              launch_site: str = "", apogee_km: float | None = None,
              range_km: float | None = None, flight_time_min: float | None = None,
              event_id: str | None = None, out: str | Path | None = None
              ) -> tuple[dict[str, str], str]:
    """Validate one event and append it to ``out`` (a user catalogue CSV).

    ``statement`` is the authority's wording; ``query`` the position in the parser's
    grammar (default: the statement itself, read by :func:`geo.location.locate`);
    ``no_impact`` records a statement without a fall point (``impact_basis`` ``none``).
    Returns ``(row, check)``: the row as written (text per column of
    :data:`geo.catalogue.COLUMNS`) and one line comparing the reported and computed zones.
    A row the catalogue would reject raises :class:`DataValidationError` (field and
    reason) and nothing is written; an unknown place or unreadable statement raises the
    parser's error; an ``out`` whose header is not the catalogue's raises
    :class:`InvalidOptionError`.
    """
    from geo.catalogue import COLUMNS, read_events
    from geo.location import locate

    out_path = Path(out) if out else None
    actor = actor.strip().upper()
    if no_impact and query:
        raise InvalidOptionError("--no-impact and --query exclude each other")
    impact_query = ""
    if not no_impact:
        impact_query = (query or statement).strip()
        locate(impact_query)  # the parser's own error names what it could not read
    if not source.strip():
        raise InvalidOptionError("--source: empty; give the URL (or publication and date) "
                                 "where the statement was seen")
    row = {c: "" for c in COLUMNS}
    row.update({
        "id": event_id or _next_id(out_path, date, actor), "date": date,
        "time_utc": time_utc, "actor": actor, "system": system or "unidentified",
        "count": str(count), "launch_site": launch_site,
        "impact_statement": statement.strip(), "impact_query": impact_query,
        "apogee_km": _fmt(apogee_km), "range_km": _fmt(range_km),
        "flight_time_min": _fmt(flight_time_min), "reported_zone": reported_zone,
        "reporting_authority": authority, "source": source.strip(),
        "source_note": "added with 'launchmap events add'",
        "impact_basis": "none" if no_impact else "stated",
    })
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "row.csv"
        _write(probe, [row], header=True)
        frame, _ = read_events(probe, strict=True)
    check = zone_check_text(frame)
    if out_path is not None:
        if out_path.is_file() and out_path.stat().st_size:
            with out_path.open(encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader(fh), [])
            if [h.strip() for h in header] != list(COLUMNS):
                raise InvalidOptionError(
                    f"--out {out_path}: its header is not the catalogue's columns "
                    f"({','.join(COLUMNS)}); write to a new file")
            if row["id"] in _ids(out_path):
                raise InvalidOptionError(f"--id {row['id']!r} is already in {out_path}")
            _write(out_path, [row], header=False)
        else:
            _write(out_path, [row], header=True)
    return row, check


def _ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r.get("id", "") for r in csv.DictReader(fh)}


def _write(path: Path, rows: list[dict[str, str]], *, header: bool) -> None:
    from geo.catalogue import COLUMNS

    mode = "w" if header else "a"
    needs_newline = False
    if not header and path.is_file():
        data = path.read_bytes()
        needs_newline = bool(data) and not re.search(rb"[\r\n]$", data)
    with path.open(mode, encoding="utf-8", newline="") as fh:
        if needs_newline:
            fh.write("\n")
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        if header:
            w.writeheader()
        w.writerows(rows)
