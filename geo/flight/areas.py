"""Geodesic areas of footprints, and "how much of each country lies inside this footprint".

Areas are geodesic on the WGS84 ellipsoid (:func:`geo.geodesy.geodesic_area_km2`, which
cuts footprints that reach a pole or span more than 60 degrees into cells first).
Countries come from :func:`geo.land.countries` (the shipped Natural Earth 10m admin-0
units; ``iso3``, ``name``, ``sovereign``). All geometries are lon/lat EPSG:4326.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geo._cache import Memo
from geo.geodesy import geodesic_areas_km2

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: ``id(countries frame) -> (frame, STRtree, area_km2, geometries)``. The value holds the
#: frame itself, so its id cannot be reused by another frame while the entry lives.
_COUNTRY_INDEX = Memo(maxsize=8)


def areas_km2(geoms) -> np.ndarray:
    """Geodesic area (km^2) of each geometry of an array, of any extent."""
    return geodesic_areas_km2(geoms)


def _country_index(countries: gpd.GeoDataFrame):
    """(STRtree, area_km2 array, geometry array) for a countries frame, built once per
    frame (the frame must not change afterwards; :func:`geo.land.countries` never does)."""

    def build():
        import shapely

        geoms = np.asarray(countries.geometry.values, dtype=object)
        return countries, shapely.STRtree(geoms), areas_km2(geoms), geoms

    _, tree, area, geoms = _COUNTRY_INDEX.get(id(countries), build)
    return tree, area, geoms


def countries_in(footprint, countries: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Every country that ``footprint`` (a lon/lat (Multi)Polygon) covers at least in
    part, with how much of it.

    ``countries``: a GeoDataFrame with ``iso3``, ``name`` (and optionally ``sovereign``);
    default: the shipped :func:`geo.land.countries`. Returns a GeoDataFrame (EPSG:4326):
    ``iso3``, ``name``, ``sovereign``, ``area_km2`` (the country's geodesic area),
    ``area_inside_km2``, ``fraction`` (inside / total, 0-1), geometry = the part inside;
    sorted by fraction then area inside, largest first.
    """
    import geopandas as gpd
    import shapely

    if countries is None:
        from geo.land import countries as load_countries

        countries = load_countries()
    tree, area, geoms = _country_index(countries)
    shapely.prepare(footprint)
    cand = tree.query(footprint, predicate="intersects")
    cand = np.sort(cand)
    whole = shapely.contains(footprint, geoms[cand])
    inside = np.empty(len(cand), dtype=object)
    inside[whole] = geoms[cand][whole]
    part_idx = np.flatnonzero(~whole)
    if part_idx.size:
        inside[part_idx] = shapely.intersection(geoms[cand][part_idx], footprint)
    area_in = area[cand].copy()
    if part_idx.size:
        area_in[part_idx] = areas_km2(inside[part_idx])
    frac = np.divide(area_in, area[cand], out=np.zeros(len(cand)), where=area[cand] > 0)
    frac = np.clip(frac, 0.0, 1.0)
    sub = countries.iloc[cand]
    sov = sub["sovereign"].astype(str).to_numpy() if "sovereign" in sub.columns \
        else sub["iso3"].astype(str).to_numpy()
    out = gpd.GeoDataFrame({
        "iso3": sub["iso3"].astype(str).to_numpy(), "name": sub["name"].astype(str).to_numpy(),
        "sovereign": sov, "area_km2": area[cand], "area_inside_km2": area_in,
        "fraction": frac,
    }, geometry=list(inside), crs="EPSG:4326")
    keep = out["area_inside_km2"] > 0
    out = out[keep].sort_values(["fraction", "area_inside_km2"], ascending=False,
                                kind="stable")
    return out.reset_index(drop=True)
