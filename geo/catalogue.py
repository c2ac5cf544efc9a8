"""The event catalogue: one row per missile (or salvo sharing one statement).

``data/events.csv`` records each launch as the authority reported it; this module
validates every row, resolves the launch site through the gazetteer and the impact
statement through :func:`geo.location.locate`, and returns a GeoDataFrame (EPSG:4326) whose
geometry is the impact point and whose ``launch_geometry`` column holds the launch point
as WKT text (one geometry column: the frame writes to GeoPackage, GeoJSON and GeoParquet
as it is).

Dates: ``date`` is the UTC calendar date of the launch and ``time_utc`` its UTC time
(HH:MM) where known; ``datetime_utc`` combines them and ``date_local`` gives the calendar
date in the reporting authority's time zone (the date its statement carries, e.g. a
Hwasong-12 launched 2017-08-28 20:58 UTC is Japan's "29 August").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import data_path
from geo.errors import LaunchmapError, RowError, UnknownPlaceError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

EVENTS_FILE = "events.csv"

#: Columns of ``events.csv``, in order.
COLUMNS = (
    "id", "date", "time_utc", "actor", "system", "count", "launch_site", "launch_lat",
    "launch_lon", "impact_statement", "impact_query", "impact_lat", "impact_lon",
    "impact_sigma_km", "apogee_km", "range_km", "flight_time_min", "reported_zone",
    "overflight_reported", "reporting_authority", "source", "source_note", "notes",
    "impact_basis", "zone_explanation", "impact_direction",
)
#: Columns a user CSV must have; the others default to empty.
REQUIRED_COLUMNS = ("id", "date", "actor", "system")
NUMERIC_COLUMNS = ("apogee_km", "range_km", "flight_time_min")
#: ``impact_basis``: how the impact point was obtained. ``stated`` (the authority named the
#: position; the default when empty), ``derived`` (launch site + range + stated direction, or
#: a midpoint; ``source_note`` says how), ``area`` (the centroid of a declared closure area),
#: ``none`` (no fall point was stated: the row has no impact and no geometry). A
#: ``derived`` row with ``impact_direction`` and no ``impact_query`` has no point either:
#: its impact is the shape :mod:`geo.catalogue_derived` builds from the launch site, the
#: range and the stated direction (``impact_shape``), never a stated fall point.
IMPACT_BASES = ("stated", "derived", "area", "none")

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ZONE = re.compile(r"^(?:(?:inside|outside):[A-Z]{3}:(?:territorial_sea|contiguous_zone|eez)"
                   r"|land:[A-Z]{3})$")
_OVERFLIGHT = re.compile(r"^(?:none|[A-Z]{3}(?:;[A-Z]{3})*)$")

#: UTC offset (hours) of each reporting authority's statements, by the authority's
#: country prefix; used only for ``date_local``.
AUTHORITY_UTC_OFFSET_H = {"JPN": 9, "KOR": 9, "ROK": 9, "PRK": 9, "CHN": 8, "TWN": 8,
                          "POL": 1, "UKR": 2, "RUS": 3, "USA": -5, "US": -5}
EARLIEST = dt.date(1940, 1, 1)


@dataclass(frozen=True)
class _Resolved:
    row: dict
    launch: tuple[float, float] | None
    impact: tuple[float, float, float, float | None, float | None, float | None, str | None]
    shape: object = None


def _columns() -> tuple:
    """The declared columns of an event CSV: those of :data:`REQUIRED_COLUMNS` must be in
    the header and filled; every other column may be absent or empty."""
    from geo._tables import Column, text

    parse = column_parsers()
    numeric = {"launch_lat", "launch_lon", "impact_lat", "impact_lon", "impact_sigma_km",
               *NUMERIC_COLUMNS}
    return tuple(
        Column(c, parse.get(c, text), required=c in REQUIRED_COLUMNS,
               blank=c not in REQUIRED_COLUMNS,
               default=1 if c == "count" else None if c in numeric else "")
        for c in COLUMNS
    )


def column_parsers() -> dict:
    """The parser of each typed column of an event CSV (text columns are absent): each
    takes the field's text and returns its value or raises ValueError saying what was
    expected. :mod:`geo.catalogue_claims` checks claim values with the same parsers."""
    from geo._tables import choice, integer, iso3, iso_date, number, pattern, text
    from geo.catalogue_derived import DIRECTIONS

    return {
        "id": text, "date": iso_date(EARLIEST, dt.date.today), "actor": iso3, "system": text,
        "time_utc": pattern(_TIME, "HH:MM (UTC)"), "count": integer(lo=1),
        "launch_lat": number(-90, 90), "launch_lon": number(-180, 180),
        "impact_lat": number(-90, 90), "impact_lon": number(-180, 180),
        "impact_sigma_km": number(0, 20000),
        **{f: number(0, 1e6) for f in NUMERIC_COLUMNS},
        "reported_zone": pattern(_ZONE, "inside|outside:<ISO3>:<kind> or land:<ISO3>"),
        "overflight_reported": pattern(_OVERFLIGHT, "'none' or ';'-separated ISO3 codes"),
        "impact_basis": choice(IMPACT_BASES), "impact_direction": choice(DIRECTIONS),
    }


def _resolve(row, gaz) -> tuple[_Resolved | None, list[tuple[str, str]]]:
    """The launch point (gazetteer place or coordinates) and the impact point (given
    coordinates with a sigma, or ``impact_query`` read by :func:`geo.location.locate`)."""
    from geo.location import locate

    problems: list[tuple[str, str]] = []
    launch = None
    site = row["launch_site"]
    llat, llon = row["launch_lat"], row["launch_lon"]
    if site:
        place = gaz.by_id.get(site) or gaz.lookup(site)
        if place is None:
            problems.append(("launch_site", str(UnknownPlaceError(site, gaz.suggest(site)))))
        else:
            launch = (place.lon, place.lat) if llat is None or llon is None else (llon, llat)
    elif llat is not None and llon is not None:
        launch = (llon, llat)
    impact = None
    ilat, ilon, isig = row["impact_lat"], row["impact_lon"], row["impact_sigma_km"]
    query = row["impact_query"]
    direction = row["impact_direction"]
    shape = None
    if direction and (row["impact_basis"] != "derived" or query or ilat is not None
                      or ilon is not None):
        problems.append(("impact_direction", "a derived impact shape (impact_basis 'derived', "
                                             "no impact_query or impact_lat/impact_lon) only"))
    elif direction:
        shape, why = _derived(row, gaz, launch)
        if why:
            problems.append(why)
    elif row["impact_basis"] == "none":
        if query or ilat is not None or ilon is not None:
            problems.append(("impact_basis", "'none' (no fall point stated) but the row gives "
                                             "impact_query or impact_lat/impact_lon"))
    elif ilat is not None and ilon is not None:
        if isig is None:
            problems.append(("impact_sigma_km", "required when impact_lat/impact_lon are given"))
        else:
            impact = (ilon, ilat, isig, None, None, None, None)
    elif query:
        try:
            # a ring or two-ring fix is narrowed to the part consistent with the ground
            # track from the row's launch site (geo.locate's ``site``)
            loc = locate(query, gazetteer=gaz, site=row["launch_site"] or None)
            impact = (loc.lon, loc.lat, loc.sigma_km, loc.sigma_along_km, loc.sigma_across_km,
                      loc.azimuth_deg, loc.place_id)
        except LaunchmapError as exc:
            problems.append(("impact_query", str(exc)))
    else:
        problems.append(("impact_query", "empty: give impact_query, or impact_lat, "
                                         "impact_lon and impact_sigma_km, or impact_basis "
                                         "'none' when no fall point was stated"))
    if problems:
        return None, problems
    return _Resolved(row.text, launch, impact, shape), []


def _derived(row, gaz, launch) -> tuple[object, tuple[str, str] | None]:
    """The derived impact shape of a row (:mod:`geo.catalogue_derived`), or why not."""
    from geo.catalogue_derived import event_shape

    if launch is None:
        return None, ("impact_direction", "a derived impact shape needs the launch site")
    if row["range_km"] is None:
        return None, ("impact_direction", "a derived impact shape needs range_km")
    try:
        return event_shape({"launch_lon": launch[0], "launch_lat": launch[1],
                            "range_km": row["range_km"], "launch_site": row["launch_site"],
                            "impact_direction": row["impact_direction"]}, gaz), None
    except (ValueError, LaunchmapError) as exc:
        return None, ("impact_direction", str(exc))


def read_events(path: str | Path, *, strict: bool = False, encoding: str | None = None,
                claims: pd.DataFrame | None = None
                ) -> tuple[gpd.GeoDataFrame, list[RowError]]:
    """Read an event CSV in the catalogue's schema.

    Returns ``(events, rejected)``: the valid rows as a GeoDataFrame (see :func:`events`)
    and one :class:`RowError` per problem of every rejected row (file, 1-based data row,
    field, reason). Nothing is dropped silently: a row is either in ``events`` or named in
    ``rejected``. With ``strict=True`` any rejected row raises :class:`DataValidationError`.
    ``encoding``: ``None`` reads UTF-8 with or without BOM; else a codec name
    (``"shift_jis"``, ``"cp1252"``). ``claims`` (a frame from
    :func:`geo.catalogue_claims.read_claims`): each row's preferred claim replaces the
    column it is about before the row is resolved (see :mod:`geo.catalogue_claims`). A
    missing file raises FileNotFoundError; a file without the required columns, empty, or
    not in its encoding raises DataValidationError.
    """
    from geo._tables import read_table, resolve_rows
    from geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    rows, errors = read_table(path, _columns(), encoding=encoding, id_column="id",
                              what="events")
    if claims is not None and not claims.empty:
        errors.extend(_apply_claims(rows, claims, str(path)))
    resolved, errors = resolve_rows(path, rows, errors, lambda row: _resolve(row, gaz),
                                    strict=strict)
    return _to_frame(resolved), errors


def _apply_claims(rows: list, claims: pd.DataFrame, file: str) -> list[RowError]:
    """Write each row's preferred claims into its fields (text and parsed value)."""
    from geo.catalogue_claims import preferred_values

    parsers = column_parsers()
    prefer = preferred_values(claims, {r["id"]: r["reporting_authority"] for r in rows})
    errors = []
    for row in rows:
        for field, value in prefer.get(row["id"], {}).items():
            try:
                row[field] = parsers[field](value) if field in parsers else value
            except ValueError as exc:  # pragma: no cover - read_claims checked the value
                errors.append(RowError(file, row.n, field, f"preferred claim: {exc}"))
                continue
            row.text[field] = value
    return errors


def _local_date(day: dt.date, time_utc: str, authority: str) -> dt.date:
    if not time_utc:
        return day
    prefix = (authority or "").split()[0] if authority else ""
    offset = AUTHORITY_UTC_OFFSET_H.get(prefix.upper())
    if offset is None:
        return day
    hh, mm = map(int, time_utc.split(":"))
    return (dt.datetime.combine(day, dt.time(hh, mm)) + dt.timedelta(hours=offset)).date()


def _to_frame(resolved: list[_Resolved]) -> gpd.GeoDataFrame:
    import numpy as np
    import pandas as pd
    from shapely import points

    recs = []
    for r in resolved:
        row = {c: (r.row.get(c) or "").strip() for c in COLUMNS}
        day = dt.date.fromisoformat(row["date"])
        rec: dict = dict(row)
        rec["count"] = int(row["count"] or 1)
        for f in NUMERIC_COLUMNS:
            rec[f] = float(row[f]) if row[f] else np.nan
        rec["launch_lon"], rec["launch_lat"] = r.launch if r.launch else (np.nan, np.nan)
        (rec["impact_lon"], rec["impact_lat"], rec["impact_sigma_km"], along, across, az,
         ref) = r.impact or (np.nan, np.nan, np.nan, None, None, None, None)
        rec["impact_basis"] = row["impact_basis"] or "stated"
        rec["impact_sigma_along_km"] = np.nan if along is None else along
        rec["impact_sigma_across_km"] = np.nan if across is None else across
        rec["impact_azimuth_deg"] = np.nan if az is None else az
        rec["impact_place"] = ref or ""
        rec["impact_shape"] = _shape_wkt(r.shape)
        rec["date"] = pd.Timestamp(day)
        rec["datetime_utc"] = (pd.Timestamp(f"{day}T{row['time_utc']}", tz="UTC")
                               if row["time_utc"] else pd.NaT)
        rec["date_local"] = _local_date(day, row["time_utc"], row["reporting_authority"]).isoformat()
        recs.append(rec)
    columns = [*COLUMNS, "impact_sigma_along_km", "impact_sigma_across_km",
               "impact_azimuth_deg", "impact_place", "impact_shape", "datetime_utc",
               "date_local"]
    df = pd.DataFrame.from_records(recs, columns=columns)
    if df.empty:
        df = df.astype({"date": "datetime64[ns]"})
    df["datetime_utc"] = pd.to_datetime(df["datetime_utc"], utc=True)
    for f in ("launch_lat", "launch_lon", "impact_lat", "impact_lon", "impact_sigma_km"):
        df[f] = pd.to_numeric(df[f], errors="coerce").astype(float)
    df["count"] = df["count"].astype(int)
    has_impact = df["impact_lon"].notna().to_numpy()
    impact = np.array([None] * len(df), dtype=object)
    if has_impact.any():
        impact[has_impact] = points(df.loc[has_impact, "impact_lon"].to_numpy(float),
                                    df.loc[has_impact, "impact_lat"].to_numpy(float))
    launch = np.array([None] * len(df), dtype=object)
    has_launch = df["launch_lon"].notna().to_numpy()
    if has_launch.any():
        launch[has_launch] = points(df.loc[has_launch, "launch_lon"].to_numpy(float),
                                    df.loc[has_launch, "launch_lat"].to_numpy(float))
    return _output_frame(df, impact, launch)


def _shape_wkt(shape) -> str:
    if shape is None:
        return ""
    from shapely import to_wkt

    from geo.catalogue_derived import shape_outline

    return to_wkt(shape_outline(shape), rounding_precision=4)


def empty_events() -> gpd.GeoDataFrame:
    """A catalogue frame with no rows and every column of :func:`events`."""
    return _to_frame([])


def _output_frame(df, impact, launch) -> gpd.GeoDataFrame:
    """The catalogue as :func:`events` returns it: impact points as the one geometry
    column and the launch point as WKT text (``launch_geometry``), so that every vector
    writer and ``explore()`` take the frame as it is; a :class:`DatedGeoDataFrame`, so that
    ``to_json()`` writes ``date`` and ``datetime_utc`` as ISO 8601."""
    import pandas as pd
    from shapely import to_wkt

    from geo._frames import DatedGeoDataFrame

    gdf = DatedGeoDataFrame(df, geometry=impact, crs="EPSG:4326")
    gdf["launch_geometry"] = pd.Series(to_wkt(launch), index=df.index, dtype=object)
    return gdf.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def events(path: str | Path | None = None, *, claims: str | Path | None = None
           ) -> gpd.GeoDataFrame:
    """The validated event catalogue (default: shipped ``data/events.csv``).

    GeoDataFrame in EPSG:4326, one row per catalogue row, sorted by date: every column of
    the CSV (numbers as floats, ``date`` as datetime64, ``count`` as int) plus
    ``launch_lon``/``launch_lat`` (resolved from the gazetteer), ``impact_lon``,
    ``impact_lat``, ``impact_sigma_km`` (parsed from ``impact_query`` by
    :func:`geo.location.locate` when not given; NaN for a derived shape),
    ``impact_sigma_along_km``,
    ``impact_sigma_across_km``, ``impact_azimuth_deg`` (ellipse axes and orientation, km
    and degrees), ``impact_place``, ``impact_shape`` (WKT outline of a derived impact
    shape, :mod:`geo.catalogue_derived`; ``""`` for every other row), ``datetime_utc``,
    ``date_local``; geometry = impact
    point (None, and NaN impact columns, for a row whose ``impact_basis`` is ``none``: no
    fall point was stated), ``launch_geometry`` = launch point as WKT text
    (``"POINT (125.21 38.53)"``; None if unknown). ``to_file``, ``to_parquet``,
    ``to_json`` and ``explore`` work on it as it is (``to_json`` writes the dates as ISO
    8601, see :mod:`geo._frames`).

    Where sources differ, each column holds the preferred claim
    (:mod:`geo.catalogue_claims`; every claim: :func:`event_claims`). ``claims``: a claims
    CSV for a user catalogue; the shipped catalogue uses ``data/event_claims.csv``.

    Any invalid row raises :class:`DataValidationError` naming file, row and field.
    """
    from geo.catalogue_claims import CLAIMS_FILE, read_claims

    if claims is None and path is None:
        claims = data_path(CLAIMS_FILE)
    table = read_claims(claims, strict=True)[0] if claims is not None else None
    frame, _ = read_events(path or data_path(EVENTS_FILE), strict=True, claims=table)
    # -- declared areas (issue 14): the declared area each event fell in, linked from
    # data/declared_areas.csv's ``events`` column ("" for none); see geo.declared.
    from geo.declared import area_of_events

    frame["declared_area"] = area_of_events(frame["id"])
    return frame


def event_claims(path: str | Path | None = None, *, events_path: str | Path | None = None
                 ) -> pd.DataFrame:
    """Every claim about the events (default: shipped ``data/event_claims.csv`` about
    ``data/events.csv``), one row per claim in file order: ``event_id, field, value,
    authority, stated_at, status, source, note`` (see :mod:`geo.catalogue_claims`), ``row``
    (1-based data row) and ``preferred`` (True for the claim :func:`events` shows in the
    column ``field``). A claim about an event the catalogue lacks, an unknown field or a
    value its column would refuse raises :class:`DataValidationError`."""
    import csv

    from geo.catalogue_claims import CLAIMS_FILE, preferred_claims, read_claims

    events_file = Path(events_path or data_path(EVENTS_FILE))
    with events_file.open(encoding="utf-8-sig", newline="") as fh:
        authority = {r.get("id", ""): (r.get("reporting_authority") or "").strip()
                     for r in csv.DictReader(fh)}
    table, _ = read_claims(path or data_path(CLAIMS_FILE), event_ids=authority, strict=True)
    table["preferred"] = preferred_claims(table, authority).to_numpy(bool)
    return table
