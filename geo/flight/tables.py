"""The catalogue's flights as tables: ground tracks of every event, and the overflight
computed from them next to the one the authorities reported.

Both read the shipped event catalogue (:func:`geo.catalogue.events`) unless a frame like
it is passed. Coordinates are WGS84 lon/lat (EPSG:4326); distances are geodesic km.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from geo.errors import InvalidCoordinateError
from geo.flight.overflight import closest_approach, overflight, overflown_states
from geo.flight.track import track
from geo.geodesy import KM, inverse

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd


def _event_rows(events: pd.DataFrame | None) -> pd.DataFrame:
    if events is None:
        from geo.catalogue import events as load_events

        events = load_events()
    return events


def event_tracks(events: pd.DataFrame | None = None, *, max_segment_km: float = 20.0
                 ) -> gpd.GeoDataFrame:
    """Ground tracks of catalogue events that have both a launch and an impact point.

    ``events``: a frame like :func:`geo.catalogue.events` (default: the shipped
    catalogue). Returns a GeoDataFrame (EPSG:4326) with ``id``, ``date``, ``actor``,
    ``system``, ``launch_lon``/``launch_lat``, ``impact_lon``/``impact_lat``,
    ``length_km``, ``azimuth_deg`` and the track geometry (cut at +/-180). Events
    without both points are left out and listed in ``attrs["skipped"]`` with the reason.
    """
    import geopandas as gpd

    ev = _event_rows(events)
    rows, skipped = [], []
    for rec in ev.to_dict(orient="records"):
        pts = [rec.get(k) for k in ("launch_lon", "launch_lat", "impact_lon", "impact_lat")]
        if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in pts):
            skipped.append({"id": rec.get("id"), "reason": "no launch or no impact point"})
            continue
        try:
            tr = track((pts[0], pts[1]), (pts[2], pts[3]), max_segment_km=max_segment_km)
        except InvalidCoordinateError as exc:
            skipped.append({"id": rec.get("id"), "reason": str(exc)})
            continue
        rows.append({"id": rec["id"], "date": rec.get("date"), "actor": rec.get("actor"),
                     "system": rec.get("system"), "launch_lon": pts[0], "launch_lat": pts[1],
                     "impact_lon": pts[2], "impact_lat": pts[3], "length_km": tr.length_km,
                     "azimuth_deg": tr.azimuth_deg, "geometry": tr.geometry})
    cols = ["id", "date", "actor", "system", "launch_lon", "launch_lat", "impact_lon",
            "impact_lat", "length_km", "azimuth_deg", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")
    gdf.attrs["skipped"] = skipped
    return gdf


def overflight_table(events: pd.DataFrame | None = None, *,
                     land: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Computed overflight next to the reported one for each catalogue event.

    Returns a DataFrame: ``id``, ``date``, ``actor``, ``system``, ``track_km``,
    ``reported`` (the catalogue's ``overflight_reported``: ISO3 codes joined by ``;``,
    ``none``, or empty when the authority said nothing), ``computed`` (states other than
    the launching state, the event's ``actor``, whose land the track crosses,
    ``;``-joined, ``none`` if no other; a crossing that ends at the impact point counts),
    ``agrees`` (True / False when something was reported, None otherwise) and
    ``crossings`` (``STATE enter-exit km`` for every non-launch-state crossing),
    ``nearest_other_state`` / ``nearest_other_km`` (the closest approach of the track to
    land of any state but the actor's, 0 when it crosses it; see
    :func:`~geo.flight.overflight.closest_approach`).
    Events without both a launch and an impact point get ``computed`` = None.
    """
    import pandas as pd

    ev = _event_rows(events)
    out = []
    for rec in ev.to_dict(orient="records"):
        reported = rec.get("overflight_reported")
        reported = "" if reported is None or (isinstance(reported, float)
                                              and math.isnan(reported)) else str(reported)
        row = {"id": rec["id"], "date": rec.get("date"), "actor": rec.get("actor"),
               "system": rec.get("system"), "track_km": None, "reported": reported,
               "computed": None, "agrees": None, "crossings": "",
               "nearest_other_state": None, "nearest_other_km": None}
        pts = [rec.get(k) for k in ("launch_lon", "launch_lat", "impact_lon", "impact_lat")]
        if not any(v is None or (isinstance(v, float) and math.isnan(v)) for v in pts):
            inv = inverse(pts[0], pts[1], pts[2], pts[3])[1] / KM
            row["track_km"] = round(float(inv), 1)
            actor = rec.get("actor")
            if inv > 1e-3:
                cr = overflight((pts[0], pts[1]), (pts[2], pts[3]), land=land,
                                launch_state=actor if isinstance(actor, str) else None)
                foreign = cr[~cr["is_launch_state"]]
                states = overflown_states(cr)
                row["computed"] = ";".join(states) if states else "none"
                row["crossings"] = "; ".join(
                    f"{st} {e:.0f}-{x:.0f} km" for st, e, x in
                    zip(foreign["state"], foreign["enter_km"], foreign["exit_km"], strict=True))
                if reported:
                    rep = set() if reported == "none" else set(reported.split(";"))
                    row["agrees"] = rep == set(states)
                near = closest_approach((pts[0], pts[1]), (pts[2], pts[3]), land=land,
                                        exclude_state=actor if isinstance(actor, str) else None,
                                        crossings=cr)
                if near is not None:
                    row["nearest_other_state"] = near["state"]
                    row["nearest_other_km"] = round(near["distance_km"], 1)
        out.append(row)
    return pd.DataFrame(out)
