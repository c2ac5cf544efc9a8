"""Selecting events from the catalogue: by date, actor, system, zone and distance.

:func:`select_events` takes a frame like :func:`geo.events` and returns the rows that pass
every filter given. Distances are geodesic on WGS84 (:mod:`geo.geodesy`); the zone filter
classifies every impact point at once (:func:`geo.classify`, one call per state named).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from geo.errors import InvalidOptionError, UnknownPlaceError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy as np
    import pandas as pd


def _day(value: Any, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidOptionError(f"{what}: {value!r} is not a date; expected YYYY-MM-DD"
                                 ) from None


def zone_mask(events: pd.DataFrame, zone: str) -> pd.Series:
    """True for the events whose impact lies in ``zone`` as computed by
    :func:`geo.classify` under that state's perspective: ``inside:JPN:eez`` (the point's
    zone is Japan's EEZ), ``outside:JPN:eez`` (any other answer), ``land:PRK`` (on North
    Korea's land). A stated point decides by itself (its uncertainty is not sampled; see
    :mod:`geo.catalogue_zones` for probabilities). A row with only a derived impact shape
    (``impact_basis`` ``derived``, column ``impact_shape``) is decided by a regular grid of
    points inside the shape (its sea points, for a sea zone): it is
    ``inside`` (or ``land``) only when every sample is, ``outside`` only when none is;
    a shape that straddles the zone's limit, and a row with no impact at all, is in
    neither selection (undetermined)."""
    import numpy as np
    import pandas as pd

    from geo.catalogue_zones import parse_zone
    from geo.zones.classify import classify

    try:
        relation, state, kind = parse_zone(zone)
    except ValueError as exc:
        raise InvalidOptionError(f"--zone: {exc}") from None
    lon = np.asarray(events["impact_lon"], dtype=float)
    lat = np.asarray(events["impact_lat"], dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    # per row: the share of its position's samples in the zone (NaN: no position)
    share = np.full(len(events), np.nan)
    s_lon, s_lat, who = _shape_grid(events, ~ok)
    all_lon = np.concatenate([lon[ok], s_lon])
    all_lat = np.concatenate([lat[ok], s_lat])
    owner = np.concatenate([np.flatnonzero(ok), who])
    if len(all_lon):
        res = classify(lon=all_lon, lat=all_lat, perspective=state)
        hit = ((res["kind"] == kind) & (res["state"] == state)).to_numpy(bool)
        # a shape's samples on land do not count for a sea zone (the shapes are of sea)
        counted = np.ones(len(owner), bool)
        if kind != "land":
            counted[ok.sum():] = (res["kind"] != "land").to_numpy(bool)[ok.sum():]
        n = np.bincount(owner[counted], minlength=len(events))
        k = np.bincount(owner[counted], weights=hit[counted], minlength=len(events))
        has = n > 0
        share[has] = k[has] / n[has]
    out = share == 0.0 if relation == "outside" else share == 1.0
    return pd.Series(out, index=events.index)


#: Grid cells across a derived impact shape's bounding box for :func:`zone_mask` (the
#: samples are the cell centres inside the shape; about 300 per shape).
SHAPE_GRID = 24


def _shape_grid(events: pd.DataFrame, candidates: Any
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lon, lat, row position)`` of a regular lon/lat grid of points (degrees, WGS84)
    inside the derived impact shape (``impact_shape`` WKT) of each ``candidates`` row (a
    boolean mask); rows without a shape give none. Vectorised per shape."""
    import numpy as np
    import shapely

    empty = (np.empty(0), np.empty(0), np.empty(0, dtype=np.int64))
    if "impact_shape" not in events.columns or not np.any(candidates):
        return empty
    wkt = events["impact_shape"].to_numpy(dtype=object)
    rows = [i for i in np.flatnonzero(candidates)
            if isinstance(wkt[i], str) and wkt[i].strip()]
    if not rows:
        return empty
    try:
        geoms = shapely.from_wkt(wkt[rows])
    except shapely.errors.GEOSException as exc:
        raise ValueError(f"impact_shape: not valid WKT ({exc})") from None
    xs, ys, ws = [], [], []
    t = (np.arange(SHAPE_GRID) + 0.5) / SHAPE_GRID
    for i, g in zip(rows, geoms, strict=True):
        if g is None or g.is_empty:
            continue
        x0, y0, x1, y1 = g.bounds
        gx, gy = np.meshgrid(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        gx, gy = gx.ravel(), gy.ravel()
        inside = shapely.contains_xy(g, gx, gy)
        xs.append(gx[inside])
        ys.append(gy[inside])
        ws.append(np.full(int(inside.sum()), i, dtype=np.int64))
    if not xs:
        return empty
    lon = (np.concatenate(xs) + 180.0) % 360.0 - 180.0  # shapes past 180 E
    return lon, np.concatenate(ys), np.concatenate(ws)


def near_mask(events: pd.DataFrame, place: str, within_km: float) -> pd.Series:
    """True for the events whose impact point lies within ``within_km`` (geodesic, WGS84)
    of the gazetteer place ``place`` (name, alias or id; an unknown name raises
    :class:`UnknownPlaceError` with suggestions)."""
    import numpy as np
    import pandas as pd

    from geo.gazetteer import load_gazetteer
    from geo.geodesy import inverse

    if not (within_km >= 0):
        raise InvalidOptionError(f"--within: {within_km!r} km; expected a distance >= 0")
    gaz = load_gazetteer()
    p = gaz.by_id.get(place) or gaz.lookup(place)
    if p is None:
        raise UnknownPlaceError(place, gaz.suggest(place))
    lon = np.asarray(events["impact_lon"], dtype=float)
    lat = np.asarray(events["impact_lat"], dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    dist = np.full(len(events), np.inf)
    if ok.any():
        _, d = inverse(np.full(ok.sum(), p.lon), np.full(ok.sum(), p.lat), lon[ok], lat[ok])
        dist[ok] = np.asarray(d, dtype=float) / 1000.0
    return pd.Series(dist <= within_km, index=events.index)


def select_events(events: gpd.GeoDataFrame, *, since: Any = None, until: Any = None,
                  actor: str | None = None, system: str | None = None,
                  zone: str | None = None, near: str | None = None,
                  within_km: float | None = None) -> gpd.GeoDataFrame:
    """The events that pass every filter given, in their order, index reset.

    ``since``/``until``: UTC launch dates, inclusive (``YYYY-MM-DD`` or dates).
    ``actor``: ISO3, any case. ``system``: case-insensitive substring of ``system``.
    ``zone``: see :func:`zone_mask`. ``near`` + ``within_km``: see :func:`near_mask`
    (both or neither). Bad values raise :class:`InvalidOptionError`.
    """
    import pandas as pd

    lo, hi = _day(since, "since"), _day(until, "until")
    if lo and hi and lo > hi:
        raise InvalidOptionError(f"since {lo} is after until {hi}")
    if (near is None) != (within_km is None):
        raise InvalidOptionError("--near and --within go together (a place and a distance "
                                 "in km)")
    keep = pd.Series(True, index=events.index)
    days = pd.to_datetime(events["date"]).dt.date
    if lo:
        keep &= days >= lo
    if hi:
        keep &= days <= hi
    if actor:
        keep &= events["actor"].astype(str).str.upper() == actor.strip().upper()
    if system:
        keep &= events["system"].astype(str).str.contains(system.strip(), case=False,
                                                          regex=False)
    if zone:
        keep &= zone_mask(events, zone)
    if near is not None and within_km is not None:
        keep &= near_mask(events, near, float(within_km))
    return events[keep].reset_index(drop=True)
