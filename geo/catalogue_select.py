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
    """True for the events whose impact point lies in ``zone`` as computed by
    :func:`geo.classify` under that state's perspective: ``inside:JPN:eez`` (the point's
    zone is Japan's EEZ), ``outside:JPN:eez`` (any other answer, or no impact) is its
    negation, ``land:PRK`` (on North Korea's land). The impact's uncertainty is not
    sampled: the point decides (see :mod:`geo.catalogue_zones` for probabilities)."""
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
    hit = np.zeros(len(events), dtype=bool)
    if ok.any():
        res = classify(lon=lon[ok], lat=lat[ok], perspective=state)
        hit[ok] = ((res["kind"] == kind) & (res["state"] == state)).to_numpy(bool)
    if relation == "outside":
        hit = ~hit
    return pd.Series(hit, index=events.index)


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
