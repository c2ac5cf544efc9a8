"""Geodesic areas of footprints, and "how much of each country lies inside this footprint".

Areas are geodesic on the WGS84 ellipsoid (:func:`geo.geodesy.geodesic_area_km2`), after
cutting footprints that reach a pole or span more than 60 degrees into cells (see
:func:`footprint_area_km2`). Countries come from :func:`geo.land.countries` (the shipped
Natural Earth 10m admin-0 units; ``iso3``, ``name``, ``sovereign``). All geometries are
lon/lat EPSG:4326.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from geo._cache import Memo
from geo.geodesy import geodesic_area_km2

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: ``id(countries frame) -> (frame, STRtree, area_km2, geometries)``. The value holds the
#: frame itself, so its id cannot be reused by another frame while the entry lives.
_COUNTRY_INDEX = Memo(maxsize=8)


#: Cells a wide polygon is cut into before its geodesic area is taken: 60-degree
#: longitude strips in each hemisphere. Their edges are meridians and the equator, which
#: are geodesics, so cutting changes nothing but keeps every edge well defined (a
#: lon/lat polygon that spans 360 degrees or reaches a pole has edges along +/-180 or
#: along a pole "line" that are ambiguous as geodesics).
_CELL_LON = 60.0


def _cells():
    import shapely

    xs = np.arange(-180.0, 180.0, _CELL_LON)
    return [shapely.box(x, y0, x + _CELL_LON, y0 + 90.0) for x in xs for y0 in (-90.0, 0.0)]


def footprint_area_km2(geom: Any) -> float:
    """Geodesic area (km^2, WGS84) of a (Multi)Polygon in lon/lat degrees, of any extent;
    0 for empty or non-polygonal geometries.

    :func:`geo.geodesy.geodesic_area_km2` of each polygon, except that polygons wider
    than 60 degrees of longitude or latitude, or touching a pole, are first cut into
    60-degree cells per hemisphere (see :data:`_CELL_LON`): a range ring closed through a
    pole or the whole-globe box then gets its true area instead of the area enclosed by
    its ambiguous edges along +/-180 and the poles.
    """
    import shapely

    if geom is None or geom.is_empty:
        return 0.0
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    if not parts:
        subs = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        return float(sum(footprint_area_km2(g) for g in subs))
    total = 0.0
    for p in parts:
        minx, miny, maxx, maxy = p.bounds
        wide = (maxx - minx) > _CELL_LON or (maxy - miny) > _CELL_LON
        if wide or maxy >= 90.0 or miny <= -90.0:
            for cell in _cells():
                if not shapely.intersects(cell, p):
                    continue
                piece = shapely.intersection(p, cell)
                for q in shapely.get_parts(piece):
                    if q.geom_type == "Polygon" and not q.is_empty:
                        total += geodesic_area_km2(q)
        else:
            total += geodesic_area_km2(p)
    return total


def areas_km2(geoms) -> np.ndarray:
    """:func:`footprint_area_km2` of each geometry of an array."""
    return np.array([footprint_area_km2(g) for g in geoms], dtype=float)


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
