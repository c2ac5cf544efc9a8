"""Impact points (with popups and the time control) and their uncertainty outlines.

Input: a GeoDataFrame like :func:`geo.catalogue.events` (WGS84 lon/lat; geometry = impact
point). The uncertainty outline is an ellipse with the catalogue's 1-sigma axes
``impact_sigma_along_km`` (along ``impact_azimuth_deg``, degrees from true north) and
``impact_sigma_across_km`` where they are given, else a circle of radius
``impact_sigma_km``; its vertices are placed with the geodesic direct problem on WGS84
(:func:`geo.geodesy.destination`), so the radius is a true ground distance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.base import feature_group
from layers.geojson import GeoJsonLayer, feature_collection
from layers.popups import event_popup, event_tooltip, event_when
from layers.style import IMPACT_RADIUS_PX, IMPACT_STYLE, UNCERTAINTY_STYLE, state_colour

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

#: Vertices of an uncertainty outline.
OUTLINE_VERTICES = 72
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]+")


def event_class(event_id: Any) -> str:
    """The CSS class that marks one event's impact marker (``lm-ev-<id>``)."""
    return "lm-ev-" + _CLASS_SAFE.sub("-", str(event_id).lower()).strip("-")


def event_times_ms(events: gpd.GeoDataFrame) -> np.ndarray:
    """UTC launch date of each event as milliseconds since 1970 (midnight), for the time
    control; the control steps day by day."""
    import pandas as pd

    days = pd.to_datetime(events["date"]).dt.tz_localize(None).dt.normalize()
    return days.astype("datetime64[ms]").astype("int64").to_numpy()


def _finite(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=float)


def impacts_layer(events: gpd.GeoDataFrame, *, centre_lon: float,
                  verdicts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                  perspective: str = "administering",
                  site_names: Mapping[str, str] | None = None,
                  place_names: Mapping[str, str] | None = None,
                  overflights: Mapping[str, str] | None = None,
                  show: bool | None = None) -> folium.FeatureGroup:
    """Impact points coloured by actor, each with its popup (date, system, launch site,
    apogee/range/flight time, the authority's words, the computed verdict per
    perspective, sources) and its date for the time control."""
    verdicts = verdicts or {}
    site_names = site_names or {}
    place_names = place_names or {}
    lon, lat = _finite(events["impact_lon"]), _finite(events["impact_lat"])
    ok = np.isfinite(lon) & np.isfinite(lat)
    times = event_times_ms(events) if len(events) else np.zeros(0, np.int64)
    # events reported at the same point (to 4 decimals) list each other
    keys = [f"{x:.4f},{y:.4f}" if k else "" for x, y, k in zip(lon, lat, ok, strict=True)]
    labels = [f"{event_when(r)} {r.get('system', '')}" for r in events.to_dict("records")]
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            groups.setdefault(k, []).append(i)

    props = []
    for i, row in enumerate(events.to_dict("records")):
        eid = str(row["id"])
        others = [labels[j] for j in groups.get(keys[i], []) if j != i]
        props.append({
            "s": {"fillColor": state_colour(row.get("actor"))},
            "c": f"lm-impact {event_class(eid)}",
            "t": int(times[i]),
            "tip": event_tooltip(row),
            "popup": event_popup(
                row, site_name=site_names.get(str(row.get("launch_site") or ""), ""),
                place_name=place_names.get(str(row.get("impact_place") or ""), ""),
                verdicts=verdicts.get(eid, ()), perspective=perspective, same_point=others,
                overflight=None if overflights is None else overflights.get(eid, "")),
        })
    import shapely

    geoms = shapely.points(np.where(ok, lon, np.nan), np.where(ok, lat, np.nan))
    geoms = np.where(ok, geoms, None)
    fg = feature_group("impacts", show=show)
    data = feature_collection(geoms, props, centre_lon=centre_lon)
    GeoJsonLayer(data, base_style=IMPACT_STYLE, pane="lm-points", class_name="lm-point",
                 radius=IMPACT_RADIUS_PX, name="ImpactPoints").add_to(fg)
    return fg


def uncertainty_outlines(events: gpd.GeoDataFrame, n: int = OUTLINE_VERTICES) -> np.ndarray:
    """One polygon per event (``None`` without a position or a sigma): the 1-sigma
    ellipse or circle described in the module docstring. Vertex longitudes are
    continuous (they may pass 180), so an outline across the antimeridian stays whole."""
    import shapely

    from geo.geodesy import destination

    lon, lat = _finite(events["impact_lon"]), _finite(events["impact_lat"])
    sigma = _finite(events["impact_sigma_km"]) if "impact_sigma_km" in events else \
        np.full(len(events), np.nan)
    along = _finite(events["impact_sigma_along_km"]) if "impact_sigma_along_km" in events \
        else np.full(len(events), np.nan)
    across = _finite(events["impact_sigma_across_km"]) if "impact_sigma_across_km" in events \
        else np.full(len(events), np.nan)
    azim = _finite(events["impact_azimuth_deg"]) if "impact_azimuth_deg" in events else \
        np.full(len(events), np.nan)
    ellipse = np.isfinite(along) & np.isfinite(across) & np.isfinite(azim) & (along > 0) & \
        (across > 0)
    a = np.where(ellipse, along, sigma)          # semi-axis along the azimuth, km
    b = np.where(ellipse, across, sigma)         # semi-axis across it, km
    rot = np.where(ellipse, azim, 0.0)
    ok = np.isfinite(lon) & np.isfinite(lat) & np.isfinite(a) & np.isfinite(b) & (a > 0) & \
        (b > 0)
    out = np.full(len(events), None, dtype=object)
    if not ok.any():
        return out
    theta = np.linspace(0.0, 360.0, n, endpoint=False)
    th = np.radians(theta)[None, :]
    aa, bb = a[ok, None], b[ok, None]
    r_km = aa * bb / np.sqrt((bb * np.cos(th)) ** 2 + (aa * np.sin(th)) ** 2)
    x, y = destination(lon[ok, None], lat[ok, None], rot[ok, None] + theta[None, :],
                       r_km * 1000.0)
    x = np.degrees(np.unwrap(np.radians(x), axis=1))
    ring = np.stack([np.concatenate([x, x[:, :1]], axis=1),
                     np.concatenate([y, y[:, :1]], axis=1)], axis=-1)
    out[ok] = shapely.polygons(ring)
    return out


def uncertainty_layer(events: gpd.GeoDataFrame, *, centre_lon: float,
                      show: bool | None = None) -> folium.FeatureGroup:
    """The 1-sigma uncertainty outline of every impact, coloured by actor."""
    outlines = uncertainty_outlines(events)
    props = []
    times = event_times_ms(events) if len(events) else np.zeros(0, np.int64)
    for i, row in enumerate(events.to_dict("records")):
        colour = state_colour(row.get("actor"))
        props.append({"s": {"color": colour, "fillColor": colour}, "t": int(times[i])})
    fg = feature_group("uncertainty", show=show)
    GeoJsonLayer(feature_collection(outlines, props, centre_lon=centre_lon),
                 base_style=UNCERTAINTY_STYLE, pane="lm-areas", class_name="lm-uncertainty",
                 interactive=False, name="ImpactUncertainty").add_to(fg)
    return fg
