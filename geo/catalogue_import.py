"""Importers: public launch databases into the catalogue's schema.

* :func:`read_cns` reads the CNS North Korea Missile Test Database (James Martin Center
  for Nonproliferation Studies / NTI), the workbook users download as ``.xlsx`` (sheet
  ``Missile Tests``; openpyxl, the optional dependency ``launchmap[cns]``) or that sheet
  saved as CSV. Columns used: ``Date``, ``Launch Time (UTC)``, ``Missile Name``,
  ``Missile Type``, ``Facility Name``, ``Facility Latitude``, ``Facility Longitude``,
  ``Landing Location``, ``Apogee``, ``Distance Travelled``, ``Confirmation Status``,
  ``Test Outcome``, ``Additional Information``, ``Source(s)``.
* :func:`read_attack_table` reads the daily table of Russian missile and drone attacks on
  Ukraine in the format of the public "Massive Missile Attacks on Ukraine" data set
  (``time_start, time_end, model, launch_place, target, launched, destroyed, ...``; times
  are Kyiv local time, as the Ukrainian Air Force reports them).

Both return ``(events, rejected)`` like :func:`geo.catalogue.read_events`: a
GeoDataFrame in the catalogue's schema (the columns of :func:`geo.events`) plus every
field of the source the mapping does not use, as extra columns named ``cns_<field>`` or
``attacks_<field>``; and one :class:`RowError` per problem, naming the sheet (as
``file[sheet]``), the source row (the spreadsheet row number: the header is row 1) and the
source column. A fall point is taken only where the source's words parse as a position
(:func:`geo.location.locate`); otherwise the row has ``impact_basis`` ``none`` and the
words stay in ``impact_statement``: never a silent guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import DataValidationError, LaunchmapError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

CNS_SHEET = "Missile Tests"
#: CNS columns the mapping uses; any other column is kept as ``cns_<snake name>``.
CNS_COLUMNS = ("Date", "Launch Time (UTC)", "Missile Name", "Missile Type", "Facility Name",
               "Facility Latitude", "Facility Longitude", "Landing Location", "Apogee",
               "Distance Travelled", "Confirmation Status", "Test Outcome",
               "Additional Information", "Source(s)")
CNS_REQUIRED = ("Date", "Missile Name")
#: Columns of the attack table the mapping uses.
ATTACK_COLUMNS = ("time_start", "time_end", "model", "launch_place", "target", "launched",
                  "destroyed", "source")
ATTACK_REQUIRED = ("time_start", "model", "launched")
#: The attack table's times are Kyiv local time.
ATTACK_TZ = "Europe/Kyiv"

_UNKNOWN = {"", "unknown", "n/a", "na", "none", "-", "--", "?"}
_NUM = re.compile(r"^\s*(?:~|about|approx\.?|approximately|over|>|<)?\s*"
                  r"(\d[\d,]*(?:\.\d+)?)\s*(km|kilometers|kilometres|mi|miles)?\s*\+?\s*$",
                  re.IGNORECASE)


def _snake(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_") or "column"


def _blank(value: Any) -> bool:
    return value is None or str(value).strip().lower() in _UNKNOWN


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%Y",
                "%d-%b-%y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected e.g. 2016-02-07 or 2/7/2016)")


def _time(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    text = str(value).strip()
    m = re.match(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*(?:UTC|Z)?$", text, re.IGNORECASE)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time HH:MM (UTC)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _km(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        v = float(value)
    else:
        m = _NUM.match(str(value))
        if not m:
            raise ValueError(f"{str(value)!r} is not a distance in km")
        v = float(m.group(1).replace(",", ""))
        if (m.group(2) or "").lower() in ("mi", "miles"):
            v *= 1.609344
    if not v >= 0:
        raise ValueError(f"{value!r}: a distance must be >= 0 km")
    return f"{v:g}"


def _coord(value: Any, lo: float, hi: float) -> str:
    if _blank(value):
        return ""
    try:
        v = float(str(value).strip())
    except ValueError:
        raise ValueError(f"{str(value)!r} is not a number of degrees") from None
    if not lo <= v <= hi:
        raise ValueError(f"{v:g} is outside [{lo:g}, {hi:g}] degrees")
    return f"{v:g}"


def _count(value: Any) -> str:
    if _blank(value):
        raise ValueError("empty; expected a whole number of missiles >= 1")
    try:
        v = float(str(value).strip())
    except ValueError:
        raise ValueError(f"{str(value)!r} is not a whole number") from None
    if v != int(v) or v < 1:
        raise ValueError(f"{str(value)!r}: expected a whole number >= 1")
    return str(int(v))


#: Gazetteer kinds that name a whole water body or region: a bare name of one ("Sea of
#: Japan/East Sea") says where a missile went, not where it fell.
_AREA_KINDS = {"sea", "region", "strait"}


def _position(words: str) -> tuple[str, str]:
    """``(impact_query, impact_basis)``: the words themselves when they parse as a
    position (a distance and direction from a place, coordinates, or a named place that
    is not a whole sea or region), else no impact (``none``)."""
    from geo.gazetteer import load_gazetteer
    from geo.location import locate

    if _blank(words):
        return "", "none"
    try:
        loc = locate(words)
    except LaunchmapError:
        return "", "none"
    place = load_gazetteer().by_id.get(loc.place_id or "")
    if not loc.distance_km and place is not None and place.kind in _AREA_KINDS:
        return "", "none"
    return words, "stated"


# ---------------------------------------------------------------------- reading sources
def _cns_records(path: Path) -> tuple[str, list[str], Iterable[tuple[int, list[Any]]]]:
    """``(sheet label, header, (spreadsheet row, values) ...)`` of the CNS sheet."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            import openpyxl
        except ImportError:  # pragma: no cover - depends on the environment
            raise LaunchmapError("reading a CNS workbook needs openpyxl: pip install "
                                 "'launchmap[cns]' (or export the sheet 'Missile Tests' "
                                 "as CSV)") from None
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several unrelated types
            raise DataValidationError([RowError(str(path), 0, "*", f"not a readable .xlsx "
                                                                  f"workbook: {exc}")]) from None
        if CNS_SHEET not in book.sheetnames:
            raise DataValidationError([RowError(str(path), 0, "sheet", (
                f"no sheet {CNS_SHEET!r}; the workbook has {', '.join(book.sheetnames)}"))])
        sheet = book[CNS_SHEET]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        records = ((n, list(v)) for n, v in enumerate(rows, start=2)
                   if any(x is not None and str(x).strip() for x in v))
        return f"{path}[{CNS_SHEET}]", header, records
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    header = [h.strip() for h in (lines[0] if lines else [])]
    records = ((n, v) for n, v in enumerate(lines[1:], start=2) if any(x.strip() for x in v))
    return f"{path}[{CNS_SHEET}]", header, list(records)


def _check_header(label: str, header: list[str], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise DataValidationError([RowError(label, 1, "header", (
            f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}"))])


def _convert(label: str, header: list[str], records, map_row: Callable, prefix: str,
             used: Iterable[str]) -> tuple[list[dict[str, str]], list[int], list[RowError]]:
    """Apply ``map_row`` to each record: catalogue rows (with extras), their source row
    numbers, and the errors of the rows that could not be mapped."""
    used = set(used)
    extras = [h for h in header if h and h not in used]
    out: list[dict[str, str]] = []
    where: list[int] = []
    errors: list[RowError] = []
    for n, values in records:
        values = list(values) + [None] * (len(header) - len(values))
        src = dict(zip(header, values, strict=False))
        problems: list[tuple[str, str]] = []

        def get(column: str, parse: Callable[[Any], str] = lambda v: "" if v is None
                else str(v).strip(), *, _src=src, _problems=problems) -> str:
            try:
                return parse(_src.get(column))
            except ValueError as exc:
                _problems.append((column, str(exc)))
                return ""

        row = map_row(get)
        if problems:
            errors.extend(RowError(label, n, f, why) for f, why in problems)
            continue
        for h in extras:
            v = src.get(h)
            row[f"{prefix}_{_snake(h)}"] = "" if v is None else str(v).strip()
        out.append(row)
        where.append(n)
    return out, where, errors


def _finish(label: str, rows: list[dict[str, str]], where: list[int],
            errors: list[RowError]) -> tuple[gpd.GeoDataFrame, list[RowError]]:
    """Number the ids, validate every row with the catalogue reader (its errors mapped
    back to the source rows) and return the frame with the extra columns."""
    import pandas as pd

    from geo.catalogue import COLUMNS, empty_events, read_events

    seen: dict[str, int] = {}
    for r in rows:
        stem = f"{r['date']}-{r['actor'].lower()}"
        seen[stem] = seen.get(stem, 0) + 1
        r["id"] = f"{stem}-{seen[stem]}"
    extra_cols = sorted({k for r in rows for k in r} - set(COLUMNS))
    if rows:
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "import.csv"
            with probe.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore",
                                   lineterminator="\n")
                w.writeheader()
                w.writerows(rows)
            frame, bad = read_events(probe)
    else:
        frame, bad = empty_events(), []
    errors = errors + [RowError(label, where[e.row - 1], e.field, e.reason) for e in bad]
    extra = pd.DataFrame([{c: r.get(c, "") for c in extra_cols} for r in rows],
                         columns=extra_cols)
    extra.index = [r["id"] for r in rows]
    if extra_cols and len(frame):
        joined = extra.loc[frame["id"]].reset_index(drop=True)
        for c in extra_cols:
            frame[c] = joined[c].to_numpy(object)
    errors.sort(key=lambda e: e.row)
    return frame, errors


def read_cns(path: str | Path, *, strict: bool = False
             ) -> tuple[gpd.GeoDataFrame, list[RowError]]:
    """The CNS North Korea Missile Test Database (``.xlsx`` workbook, sheet
    ``Missile Tests``, or that sheet as ``.csv``) as catalogue rows: ``(events,
    rejected)``, see the module docstring. One row per CNS row (one missile); ``actor``
    PRK; ``system`` = Missile Name (Missile Type); the launch point = Facility
    Latitude/Longitude (WGS84 degrees); ``impact_statement`` = Landing Location (a fall
    point only when it parses as a position); ``apogee_km`` / ``range_km`` from Apogee /
    Distance Travelled (km; miles converted); ``reporting_authority`` ``CNS``; ``source``
    = Source(s); Confirmation Status, Test Outcome and Additional Information in
    ``notes``, and every other column as ``cns_<name>``. ``strict=True`` raises
    :class:`DataValidationError` listing every rejected row."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, "No such file: the CNS workbook is missing", str(path))
    label, header, records = _cns_records(path)
    _check_header(label, header, CNS_REQUIRED)

    def map_row(get) -> dict[str, str]:
        day = get("Date", lambda v: _date(v).isoformat())
        name, kind = get("Missile Name"), get("Missile Type")
        landing = get("Landing Location")
        query, basis = _position(landing)
        notes = "; ".join(f"{k}: {v}" for k, v in (
            ("Confirmation Status", get("Confirmation Status")),
            ("Test Outcome", get("Test Outcome")),
            ("Additional Information", get("Additional Information"))) if v)
        facility = get("Facility Name")
        return {
            "date": day, "time_utc": get("Launch Time (UTC)", _time), "actor": "PRK",
            "system": f"{name} ({kind})" if kind and kind not in name else name or kind,
            "count": "1", "launch_lat": get("Facility Latitude", lambda v: _coord(v, -90, 90)),
            "launch_lon": get("Facility Longitude", lambda v: _coord(v, -180, 180)),
            "impact_statement": landing or "no landing location given",
            "impact_query": query, "impact_basis": basis,
            "apogee_km": get("Apogee", _km), "range_km": get("Distance Travelled", _km),
            "reporting_authority": "CNS", "source": get("Source(s)") or "CNS North Korea "
            "Missile Test Database",
            "source_note": f"Imported from the CNS North Korea Missile Test Database"
                           f"{'; launch facility: ' + facility if facility else ''}",
            "notes": notes,
        }

    rows, where, errors = _convert(label, header, records, map_row, "cns", CNS_COLUMNS)
    frame, errors = _finish(label, rows, where, errors)
    if strict and errors:
        raise DataValidationError(errors)
    return frame, errors


def read_attack_table(path: str | Path, *, strict: bool = False
                      ) -> tuple[gpd.GeoDataFrame, list[RowError]]:
    """A "Massive Missile Attacks on Ukraine" CSV as catalogue rows: ``(events,
    rejected)``, see the module docstring. One row per source row (one model in one
    attack): ``actor`` RUS; ``system`` = model; ``count`` = launched; ``date`` /
    ``time_utc`` = time_start converted from Kyiv time to UTC; ``impact_statement``
    names the target and the Air Force's count destroyed (a fall point only when the
    target parses as a position); ``reporting_authority`` ``UKR Air Force``; every other
    column (time_end, launch_place, destroyed, ...) kept as ``attacks_<name>``."""
    from zoneinfo import ZoneInfo

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, "No such file: the attack table is missing", str(path))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    label = str(path)
    header = [h.strip() for h in (lines[0] if lines else [])]
    _check_header(label, header, ATTACK_REQUIRED)
    records = [(n, v) for n, v in enumerate(lines[1:], start=2) if any(x.strip() for x in v)]
    kyiv = ZoneInfo(ATTACK_TZ)

    def stamp(value: Any) -> dt.datetime:
        text = "" if value is None else str(value).strip()
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                local = dt.datetime.strptime(text, fmt).replace(tzinfo=kyiv)
                return local.astimezone(dt.timezone.utc)
            except ValueError:
                continue
        raise ValueError(f"{text!r} is not a time YYYY-MM-DD HH:MM (Kyiv time)")

    def map_row(get) -> dict[str, str]:
        has_time = bool(re.search(r"\d:\d", get("time_start")))
        # a day without a time stays the Kyiv calendar day (no UTC instant is known)
        start = get("time_start", lambda v: stamp(v).isoformat() if has_time
                    else _date(v).isoformat())
        target = get("target")
        query, basis = _position(target)
        launched = get("launched", _count)
        destroyed = get("destroyed", lambda v: "" if _blank(v) else _count(v) if
                        str(v).strip() not in ("0", "0.0") else "0")
        statement = f"attack on {target or 'unnamed targets'}: {launched} launched"
        if destroyed:
            statement += f", {destroyed} destroyed (UKR Air Force)"
        return {
            "date": start[:10], "time_utc": start[11:16] if has_time else "", "actor": "RUS",
            "system": get("model") or "unidentified", "count": launched,
            "impact_statement": statement, "impact_query": query, "impact_basis": basis,
            "reporting_authority": "UKR Air Force",
            "source": get("source") or "Massive Missile Attacks on Ukraine data set",
            "source_note": "Imported from a 'Massive Missile Attacks on Ukraine' table; "
                           "time_start converted from Kyiv time to UTC",
            "attacks_launch_place": get("launch_place"),
            "attacks_time_end": get("time_end"), "attacks_destroyed": destroyed,
        }

    rows, where, errors = _convert(label, header, records, map_row, "attacks",
                                   ATTACK_COLUMNS)
    frame, errors = _finish(label, rows, where, errors)
    if strict and errors:
        raise DataValidationError(errors)
    return frame, errors


def write_catalogue(frame: gpd.GeoDataFrame, out: str | Path) -> int:
    """Write imported events as a catalogue CSV (the columns of ``events.csv`` in order,
    then the kept source columns), readable by :func:`geo.events`; returns the rows
    written."""
    import math

    from geo.catalogue import COLUMNS

    extra = [c for c in frame.columns if c.startswith(("cns_", "attacks_"))]
    with Path(out).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[*COLUMNS, *extra], lineterminator="\n")
        w.writeheader()
        for rec in frame.to_dict("records"):
            row = {}
            for c in (*COLUMNS, *extra):
                v = rec.get(c)
                if c == "date":
                    v = str(v)[:10]
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    v = ""
                elif isinstance(v, float):
                    v = f"{v:g}"
                row[c] = v
            if row.get("impact_basis") == "stated" and row.get("impact_query"):
                # the point is re-derived from the query on reading; keep the file's truth
                row["impact_lat"] = row["impact_lon"] = row["impact_sigma_km"] = ""
            w.writerow(row)
    return len(frame)
