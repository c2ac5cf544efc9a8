"""Assemble the zone rows: distance buffers cut by the median-line regions, land removed.

zone(label, d) = buffer_d(label's land) ∩ nearest_region(label) ∩ ZONES_FRAME − land.
Territorial sea = zone(12 nm); contiguous zone = zone(24 nm) − zone(12 nm); EEZ =
zone(200 nm) (nested as in :mod:`geo.zones.schema`). ``overlap`` = the row's zone ∩ the
same-distance buffers of every other label: where another state's zone would reach, so
the limit is a median line or a treaty line. ``agreed`` = the row's zone ∩ the area of a
treaty the label is party to ∩ the other party's same-distance buffer: where the limit
is the treaty line (regions already follow it, :mod:`geo.build.agreed`).
Geometries are WGS84 lon/lat in continuous longitudes until :func:`zone_frame` ships them.
"""

from __future__ import annotations

import numpy as np

from geo.build.coast import GRID_DEG, progress, split_antimeridian_geom
from geo.build.median import FRAME_STEP_DEG
from geo.geodesy import NM, geodesic_area_km2, geodesic_areas_km2
from geo.zones.schema import ZONE_KINDS, ZONE_LIMIT_NM


def polygonal(geom, grid: float = GRID_DEG):
    """Round ``geom`` to ``grid``, make it valid and keep its polygons (MultiPolygon)."""
    import shapely

    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    g = shapely.make_valid(shapely.set_precision(shapely.make_valid(geom), grid))
    polys = []
    for part in shapely.get_parts(g):
        if isinstance(part, shapely.Polygon | shapely.MultiPolygon):
            polys.extend(p for p in shapely.get_parts(part) if p.area > 0)
    return shapely.normalize(shapely.MultiPolygon(polys)) if polys else shapely.MultiPolygon()


def zone_geometries(land, regions: dict[str, object], frame: tuple[float, float, float, float],
                    boundaries=()) -> list[tuple[str, str, object, object, object]]:
    """Zone rows ``(label, kind, zone, overlap, agreed)`` in continuous longitudes.

    ``land`` is the labelled land GeoDataFrame (continuous longitudes), ``regions`` the
    nearest regions of :func:`geo.build.median.nearest_regions` for the same ``frame``
    (with the agreed ``boundaries`` already applied by
    :func:`geo.build.agreed.apply_agreed`).
    """
    import shapely

    from geo.build.agreed import agreed_areas
    from geo.build.buffers import geodesic_buffers

    box = shapely.segmentize(shapely.box(*frame), FRAME_STEP_DEG)
    dists = tuple(ZONE_LIMIT_NM[k] * NM for k in ZONE_KINDS)
    labels = sorted(regions)
    bufs: dict[str, list] = {}
    for n, lab in enumerate(labels, 1):
        geoms = land.geometry.values[land["label"].to_numpy() == lab]
        progress(f"  buffers {n}/{len(labels)} {lab} ({len(geoms)} polygons) ...")
        bufs[lab] = geodesic_buffers(geoms, dists)
    progress("  land union ...")
    land_geoms = np.asarray(land.geometry.values, dtype=object)
    near = shapely.intersects(land_geoms, shapely.buffer(box, 0.5))
    land_union = shapely.union_all(land_geoms[near])
    treaties = agreed_areas(list(boundaries))
    rows = []
    for lab in labels:
        region = shapely.intersection(regions[lab], box)
        zones = [shapely.difference(shapely.intersection(b, region), land_union)
                 for b in bufs[lab]]
        zones = [polygonal(z) for z in zones]
        kinds = [zones[0], polygonal(shapely.difference(zones[1], zones[0])), zones[2]]
        for k, (kind, zone) in enumerate(zip(ZONE_KINDS, kinds, strict=True)):
            others = [bufs[o][k] for o in labels if o != lab and not zone.is_empty
                      and shapely.intersects(bufs[o][k], zone)]
            overlap = (polygonal(shapely.intersection(zone, shapely.union_all(others)))
                       if others else shapely.MultiPolygon())
            agreed = [shapely.intersection(area, bufs[other][k])
                      for other, area in treaties.get(lab, []) if other in bufs]
            agreed = (polygonal(shapely.intersection(zone, shapely.union_all(agreed)))
                      if agreed and not zone.is_empty else shapely.MultiPolygon())
            rows.append((lab, kind, zone, overlap, agreed))
        progress(f"  zones {lab}: EEZ {geodesic_area_km2(kinds[2]):,.0f} km2")
    return rows


def zone_frame(rows):
    """Ship form of the zone rows: cut at 180, geodesic areas, sorted by label and kind.

    Columns: ``label``, ``kind``, ``limit_nm``, ``area_km2`` (geodesic, 1 decimal),
    ``overlap_km2``, ``agreed_km2``, geometry (MultiPolygon, [-180, 180]), ``overlap`` and
    ``agreed`` (MultiPolygons).
    """
    import geopandas as gpd
    import shapely

    def ship(g):
        g = split_antimeridian_geom(g) if not g.is_empty else g
        return polygonal(g)

    rows = sorted(rows, key=lambda r: (r[0], ZONE_KINDS.index(r[1])))
    zone = [r[2] for r in rows]
    over = [r[3] for r in rows]
    agreed = [r[4] for r in rows]
    out = gpd.GeoDataFrame(
        {"label": [r[0] for r in rows], "kind": [r[1] for r in rows],
         "limit_nm": [ZONE_LIMIT_NM[r[1]] for r in rows],
         "area_km2": np.round(geodesic_areas_km2(zone), 1),
         "overlap_km2": np.round(geodesic_areas_km2(over), 1),
         "agreed_km2": np.round(geodesic_areas_km2(agreed), 1)},
        geometry=[ship(g) for g in zone], crs="EPSG:4326",
    )
    out["overlap"] = gpd.GeoSeries([ship(g) for g in over], crs="EPSG:4326")
    out["agreed"] = gpd.GeoSeries([ship(g) for g in agreed], crs="EPSG:4326")
    out["geometry"] = shapely.normalize(out.geometry.values)
    return out
