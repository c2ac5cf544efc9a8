"""A small synthetic zone set for the zone-query tests (independent of the shipped data).

Two "states" 4 degrees apart with a median line at 132.5 E, and a disputed rock between
them (label ``rock``: administered by KOR, claimed by JPN and KOR). Polygons are simple
boxes in lon/lat degrees: enough to test the logic of perspectives, statuses, nesting
and the index, not geodesy.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely import box

JPN_LAND = box(130.0, 30.0, 131.0, 31.0)
KOR_LAND = box(134.0, 30.0, 135.0, 31.0)
ROCK_LAND = box(132.45, 32.45, 132.55, 32.55)
ROCK_EEZ_BOX = box(132.2, 32.2, 132.8, 32.8)

MEDIAN_X = 132.5
OVERLAP_JPN = box(131.5, 28.0, 132.5, 33.0)
OVERLAP_KOR = box(132.5, 28.0, 133.5, 33.0)
AGREED_JPN = box(132.0, 28.0, 132.5, 29.0)


def synthetic_zoneset():
    """Build the synthetic :class:`~geo.zones.zoneset.ZoneSet`."""
    from geo.zones.zoneset import ZoneSet

    rows = []

    def add(label, kind, geom, overlap=None, agreed=None):
        rows.append({"label": label, "kind": kind, "geometry": geom,
                     "overlap": overlap, "agreed": agreed})

    for label, land, lo, hi in (("JPN", JPN_LAND, 128.0, MEDIAN_X),
                                ("KOR", KOR_LAND, MEDIAN_X, 137.0)):
        x0, y0, x1, y1 = land.bounds
        ts = box(x0 - 0.2, y0 - 0.2, x1 + 0.2, y1 + 0.2).difference(land)
        cz = box(x0 - 0.4, y0 - 0.4, x1 + 0.4, y1 + 0.4).difference(ts).difference(land)
        eez = box(lo, 28.0, hi, 33.0).difference(land).difference(ROCK_EEZ_BOX)
        ov = OVERLAP_JPN if label == "JPN" else OVERLAP_KOR
        add(label, "territorial_sea", ts)
        add(label, "contiguous_zone", cz)
        add(label, "eez", eez, overlap=eez.intersection(ov),
            agreed=eez.intersection(AGREED_JPN) if label == "JPN" else None)
    rx0, ry0, rx1, ry1 = ROCK_LAND.bounds
    rock_ts = box(rx0 - 0.1, ry0 - 0.1, rx1 + 0.1, ry1 + 0.1).difference(ROCK_LAND)
    add("rock", "territorial_sea", rock_ts)
    add("rock", "eez", ROCK_EEZ_BOX.difference(ROCK_LAND))

    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    zones["overlap"] = gpd.GeoSeries(zones["overlap"], crs=4326)
    zones["agreed"] = gpd.GeoSeries(zones["agreed"], crs=4326)
    land = gpd.GeoDataFrame({"label": ["JPN", "KOR", "rock"]},
                            geometry=[JPN_LAND, KOR_LAND, ROCK_LAND], crs=4326)
    sov = pd.DataFrame({
        "label": ["rock", "rock", "rock"],
        "perspective": ["administering", "JPN", "KOR"],
        "owner": ["KOR", "JPN", "KOR"],
    })
    return ZoneSet(zones=zones, sovereignty=sov, source="synthetic test zones", land=land)
