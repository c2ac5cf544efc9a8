"""What a map of some events shows: its centre longitude, display longitudes, its extent and
its default title. Shared by the HTML map (:mod:`layers.mapbuild`) and the static picture
(:mod:`layers.static`), so the two frame the same events the same way.

Longitudes and latitudes are WGS84 degrees. A *display longitude* is a longitude moved by
whole turns into the 360-degree window centred on the map's centre longitude, so that a
map centred on the Pacific shows 190 rather than -170.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from geo.geodesy import wrap_lon_from

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Centre longitude of the display window when there is nothing to centre on (degrees).
DEFAULT_CENTRE_LON = 135.0
#: Margin (degrees) around the events in the static picture.
MARGIN_DEG = 4.0
#: Latitude limit of the static picture's frame (degrees north and south).
MAX_LAT_DEG = 85.0


def centre_longitude(lons: Iterable[float | None]) -> float:
    """Circular mean of longitudes (degrees) in [-180, 180); :data:`DEFAULT_CENTRE_LON`
    when none are finite. It chooses the display window of :mod:`layers.geojson`."""
    arr = np.asarray([x for x in lons if x is not None], dtype=float)
    arr = arr[np.isfinite(arr)]
    if not len(arr):
        return DEFAULT_CENTRE_LON
    rad = np.radians(arr)
    c = math.degrees(math.atan2(float(np.sin(rad).mean()), float(np.cos(rad).mean())))
    return (c + 180.0) % 360.0 - 180.0


def events_centre_lon(events: pd.DataFrame) -> float:
    """:func:`centre_longitude` of the impact and launch points of ``events`` (columns
    ``impact_lon`` and ``launch_lon`` where present, degrees)."""
    return centre_longitude([*events.get("impact_lon", []), *events.get("launch_lon", [])])


def display_lon(lon: float | np.ndarray, centre_lon: float) -> float | np.ndarray:
    """Longitudes (degrees) moved by whole turns into ``[centre - 180, centre + 180)``;
    a scalar stays a float, an array gives an array."""
    return wrap_lon_from(lon, centre_lon - 180.0)


def event_bounds(events: pd.DataFrame, centre_lon: float, *, prefer_frame: bool = False
                 ) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` (degrees; display longitudes around
    ``centre_lon``) of the launch and impact points of ``events``, ``None`` when there
    are none. With ``prefer_frame``, only the points inside the zones' frame
    (:data:`geo.zones.schema.ZONES_FRAME`) count when there are any, so a few far-away
    events do not shrink the region of interest."""
    from geo.zones.schema import ZONES_FRAME

    xs, ys = [], []
    for cx, cy in (("impact_lon", "impact_lat"), ("launch_lon", "launch_lat")):
        if cx in events and cy in events:
            x = np.asarray(events[cx], float)
            y = np.asarray(events[cy], float)
            ok = np.isfinite(x) & np.isfinite(y)
            xs.append(np.asarray(display_lon(x[ok], centre_lon), float))
            ys.append(y[ok])
    x = np.concatenate(xs) if xs else np.zeros(0)
    y = np.concatenate(ys) if ys else np.zeros(0)
    if not len(x):
        return None
    if prefer_frame:
        w, s, e, n = ZONES_FRAME
        lon_w = wrap_lon_from(x, w)
        inside = (lon_w <= e) & (y >= s) & (y <= n)
        if inside.any():
            x, y = x[inside], y[inside]
    return [[float(y.min()), float(x.min())], [float(y.max()), float(x.max())]]


def picture_extent(events: pd.DataFrame, centre_lon: float, margin_deg: float = MARGIN_DEG
                   ) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` (degrees, display longitudes) of the static picture:
    the :func:`event_bounds` (zones' frame preferred) grown by ``margin_deg``, latitudes
    kept within +/-:data:`MAX_LAT_DEG`; the zones' frame itself when there are no
    points."""
    from geo.zones.schema import ZONES_FRAME

    b = event_bounds(events, centre_lon, prefer_frame=True) if len(events) else None
    if b is None:
        w, s, e, n = ZONES_FRAME
        west = float(display_lon(w, centre_lon))
        return west, s, west + (e - w), n
    (s, w), (n, e) = b
    return (w - margin_deg, max(s - margin_deg, -MAX_LAT_DEG), e + margin_deg,
            min(n + margin_deg, MAX_LAT_DEG))


def outside_count(events: pd.DataFrame, centre_lon: float,
                  box: tuple[float, float, float, float]) -> int:
    """How many events have an impact point (display longitude) outside ``box``
    (``(west, south, east, north)``, degrees); events without one are not counted."""
    if not len(events):
        return 0
    x = np.asarray(events["impact_lon"], float)
    y = np.asarray(events["impact_lat"], float)
    ok = np.isfinite(x) & np.isfinite(y)
    dx = np.asarray(display_lon(x[ok], centre_lon), float)
    x0, y0, x1, y1 = box
    inside = (x0 <= dx) & (dx <= x1) & (y0 <= y[ok]) & (y[ok] <= y1)
    return int((~inside).sum())


def default_title(events: pd.DataFrame, perspective: str) -> str:
    """``'launchmap: N launch records, FIRST to LAST (zones: P view)'`` (UTC dates)."""
    import pandas as pd

    if not len(events):
        return "launchmap: no events selected"
    days = pd.to_datetime(events["date"])
    return (f"launchmap: {len(events)} launch records, {days.min():%Y-%m-%d} to "
            f"{days.max():%Y-%m-%d} (zones: {perspective} view)")
