"""Uncertainty ellipses of impact points: geodesic outlines on the WGS84 ellipsoid.

An impact position reported with a 1-sigma error is drawn as the ellipse whose semi-axes
are ``along_km`` (in the direction ``azimuth_deg``, degrees clockwise from true north)
and ``across_km`` (at right angles to it), or as the circle of radius ``sigma_km`` when
no axes are given. Each vertex is placed with the geodesic direct problem
(:func:`geo.geodesy.destination`): its ground distance from the centre is the polar
radius of the ellipse in that direction, so the radii are true distances on the
ellipsoid and not degrees of longitude or latitude. Longitudes and latitudes are WGS84
degrees (EPSG:4326). Every function is vectorised over the events (one NumPy call per
step, no Python loop per event).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Vertices of an uncertainty outline.
OUTLINE_VERTICES = 72


def ellipse_vertices(lon: np.ndarray, lat: np.ndarray, along_km: np.ndarray,
                     across_km: np.ndarray, azimuth_deg: np.ndarray,
                     n: int = OUTLINE_VERTICES) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of geodesic ellipses, ``n`` per centre: two ``(k, n)`` arrays (lon, lat,
    degrees) for ``k`` centres ``lon``/``lat`` (degrees) with semi-axes ``along_km``
    (along the initial azimuth ``azimuth_deg``, degrees from true north) and
    ``across_km`` (km, ground distance). Vertex ``j`` lies at the bearing
    ``azimuth_deg + 360 j / n``, so vertex 0 is the end of the ``along`` axis and vertex
    ``n / 4`` the end of the ``across`` axis. The longitudes of each ring are continuous
    (they may pass 180), so a ring across the antimeridian stays whole. Inputs broadcast
    against each other; a circle is an ellipse with equal axes."""
    lon, lat, a, b, rot = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float))
                                                for v in (lon, lat, along_km, across_km,
                                                          azimuth_deg)))
    from geo.geodesy import KM, destination

    theta = np.linspace(0.0, 360.0, n, endpoint=False)[None, :]
    th = np.radians(theta)
    aa, bb = a[:, None], b[:, None]
    r_km = aa * bb / np.sqrt((bb * np.cos(th)) ** 2 + (aa * np.sin(th)) ** 2)
    x, y = destination(lon[:, None], lat[:, None], rot[:, None] + theta, r_km * KM)
    x = np.degrees(np.unwrap(np.radians(x), axis=1))
    return x, np.asarray(y, dtype=float)


def uncertainty_ellipses(lon: np.ndarray, lat: np.ndarray, *,
                         sigma_km: np.ndarray | float | None = None,
                         along_km: np.ndarray | float | None = None,
                         across_km: np.ndarray | float | None = None,
                         azimuth_deg: np.ndarray | float | None = None,
                         n: int = OUTLINE_VERTICES) -> np.ndarray:
    """The 1-sigma outline of each impact point as a shapely Polygon (object array, one
    entry per point; ``None`` where there is no finite position or no positive size).

    ``lon``/``lat``: WGS84 degrees. Where ``along_km``, ``across_km`` (km, both > 0) and
    ``azimuth_deg`` (degrees clockwise from true north) are all given the outline is that
    ellipse (:func:`ellipse_vertices`); elsewhere it is the geodesic circle of radius
    ``sigma_km`` (km). ``None`` for an argument means "not given for any point". Vertex
    longitudes are continuous, so an outline across the antimeridian stays whole.
    """
    import shapely

    lon = np.atleast_1d(np.asarray(lon, dtype=float))
    lat = np.atleast_1d(np.asarray(lat, dtype=float))

    def column(v: np.ndarray | float | None) -> np.ndarray:
        return np.full(lon.shape, np.nan) if v is None else \
            np.broadcast_to(np.asarray(v, dtype=float), lon.shape)

    sigma, along, across, azim = (column(v) for v in (sigma_km, along_km, across_km,
                                                      azimuth_deg))
    ellipse = np.isfinite(along) & np.isfinite(across) & np.isfinite(azim) & (along > 0) & \
        (across > 0)
    a = np.where(ellipse, along, sigma)
    b = np.where(ellipse, across, sigma)
    rot = np.where(ellipse, azim, 0.0)
    ok = np.isfinite(lon) & np.isfinite(lat) & np.isfinite(a) & np.isfinite(b) & (a > 0) & \
        (b > 0)
    out = np.full(lon.shape, None, dtype=object)
    if not ok.any():
        return out
    x, y = ellipse_vertices(lon[ok], lat[ok], a[ok], b[ok], rot[ok], n)
    ring = np.stack([np.concatenate([x, x[:, :1]], axis=1),
                     np.concatenate([y, y[:, :1]], axis=1)], axis=-1)
    out[ok] = shapely.polygons(ring)
    return out


def event_ellipses(events: pd.DataFrame, n: int = OUTLINE_VERTICES) -> np.ndarray:
    """:func:`uncertainty_ellipses` of a frame like :func:`geo.catalogue.events`: centres
    ``impact_lon``/``impact_lat``, sizes ``impact_sigma_km``, ``impact_sigma_along_km``,
    ``impact_sigma_across_km``, ``impact_azimuth_deg`` (a missing column counts as not
    given). One entry per row, in row order."""
    def col(name: str) -> np.ndarray | None:
        return np.asarray(events[name], dtype=float) if name in events else None

    return uncertainty_ellipses(
        np.asarray(events["impact_lon"], dtype=float),
        np.asarray(events["impact_lat"], dtype=float),
        sigma_km=col("impact_sigma_km"), along_km=col("impact_sigma_along_km"),
        across_km=col("impact_sigma_across_km"), azimuth_deg=col("impact_azimuth_deg"), n=n)
