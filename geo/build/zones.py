"""Assemble the zone rows: distance buffers cut by the median-line regions, land removed.

zone(label, d) = buffer_d(label's land) ∩ nearest_region(label) ∩ ZONES_FRAME − land.
Territorial sea = zone(12 nm); contiguous zone = zone(24 nm) − zone(12 nm); EEZ =
zone(200 nm) (nested as in :mod:`geo.zones.schema`). ``overlap`` = the row's zone ∩ the
same-distance buffers of every other label: where another state's zone would reach, so
the limit is a median line or a treaty line. ``agreed`` = the row's zone ∩ the area of a
treaty the label is party to ∩ the other party's same-distance buffer: where the limit
is the treaty line (regions already follow it, :mod:`geo.build.agreed`).
The zones of one world are rounded to :data:`geo.build.coast.GRID_DEG` together, as
unions of the faces of one arrangement (:func:`coverage_faces`): neighbours share
their median line vertex for vertex and each label's belts nest exactly.
Geometries are WGS84 lon/lat in continuous longitudes until :func:`zone_frame` ships them.
"""

from __future__ import annotations

import numpy as np

from geo.build.coast import GRID_DEG, progress, split_antimeridian_geom
from geo.build.median import FRAME_STEP_DEG
from geo.geodesy import NM, geodesic_area_km2, geodesic_areas_km2
from geo.zones.schema import MEASURED_KINDS, ZONE_KINDS, ZONE_LIMIT_NM


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


def coverage_faces(geoms, grid: float = GRID_DEG) -> tuple[np.ndarray, list[np.ndarray]]:
    """The faces of one arrangement of the boundaries of all ``geoms``, snap-rounded to
    ``grid`` together, and the indices of the faces of each geometry (the faces whose
    representative point it contains): ``(faces, [indices per geometry])``.

    Rounding each polygon on its own (:func:`polygonal`) snaps an edge that two of them
    share to the grid in two ways: snap rounding bends a segment towards every vertex
    near it, and the two polygons carry different vertices near their common edge (one
    ends its buffer arc there, the other does not). Neighbours' zones then disagree along
    their median line by up to a grid cell (gaps and overlaps a cell wide and up to
    kilometres long, which coverage simplification cannot see as one shared edge), and so
    do a state's territorial sea and its EEZ, which share that line. Unions of the faces
    of one arrangement (:func:`faces_union`) share every common edge vertex for vertex.
    Lon/lat degrees as given; empty or missing geometries get no face.
    """
    import shapely

    geoms = np.asarray([shapely.MultiPolygon() if g is None else g for g in geoms],
                       dtype=object)
    none = np.zeros(0, dtype=np.intp)
    live = np.flatnonzero(~shapely.is_empty(geoms)) if len(geoms) else none
    if not len(live):
        return np.zeros(0, dtype=object), [none] * len(geoms)
    linework = shapely.union_all(shapely.boundary(geoms[live]), grid_size=grid)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(linework))),
                       dtype=object)
    faces = faces[shapely.area(faces) > 0]
    reps = shapely.point_on_surface(faces)
    gi, fi = shapely.STRtree(reps).query(geoms[live], predicate="contains")
    order = np.lexsort((fi, gi))
    gi, fi = gi[order], fi[order]
    cuts = np.searchsorted(gi, np.arange(len(live) + 1))
    out = [none] * len(geoms)
    for k, i in enumerate(live):
        out[i] = fi[cuts[k]:cuts[k + 1]]
    return faces, out


def faces_union(faces: np.ndarray, idx: np.ndarray):
    """The union (MultiPolygon, normalized) of the faces ``faces[idx]`` of one
    arrangement (:func:`coverage_faces`): their shared edges dissolve, the vertices of
    the arrangement stay, so unions of faces of one arrangement share their edges."""
    import shapely

    if not len(idx):
        return shapely.MultiPolygon()
    u = shapely.coverage_union_all(faces[np.unique(idx)])
    return shapely.normalize(shapely.MultiPolygon(
        [p for p in shapely.get_parts(u) if isinstance(p, shapely.Polygon) and p.area > 0]))


def zone_geometries(land, regions: dict[str, object], frame: tuple[float, float, float, float],
                    boundaries=()) -> list[tuple[str, str, object, object, object]]:
    """Zone rows ``(label, kind, zone, overlap, agreed)`` in continuous longitudes, every
    limit measured from the low-water line (no baselines, every feature an island).

    ``land`` is the labelled land GeoDataFrame (continuous longitudes), ``regions`` the
    nearest regions of :func:`geo.build.median.nearest_regions` for the same ``frame``
    (with the agreed ``boundaries`` already applied by
    :func:`geo.build.agreed.apply_agreed`). The full build, with baselines and
    entitlements, is :func:`world_zone_geometries`.
    """
    from geo.build.buffers import geodesic_buffers

    labels = sorted(regions)
    measure = {lab: list(land.geometry.values[land["label"].to_numpy() == lab])
               for lab in labels}
    dists = tuple(ZONE_LIMIT_NM[k] * NM for k in MEASURED_KINDS)
    bufs = {}
    for n, lab in enumerate(labels, 1):
        progress(f"  buffers {n}/{len(labels)} {lab} ({len(measure[lab])} polygons) ...")
        bufs[lab] = dict(zip(dists, geodesic_buffers(measure[lab], dists), strict=True))
    return world_zone_geometries(land, regions, regions, frame, boundaries, bufs=bufs)


def world_zone_geometries(land, regions: dict[str, object], eez_regions: dict[str, object],
                          frame: tuple[float, float, float, float], boundaries=(), *,
                          bufs: dict[str, dict[float, object]],
                          waters: dict[str, dict[str, object]] | None = None,
                          rocks: tuple[str, ...] = (),
                          special: tuple[tuple[str, float, object], ...] = (),
                          land_union=None, dry=None) -> list[tuple[str, str, object, object, object]]:
    """Zone rows ``(label, kind, zone, overlap, agreed)`` of one perspective world.

    ``bufs[label][d]``: the geodesic buffer at ``d`` metres of everything the label's
    limits are measured from (land, internal and archipelagic waters, baseline lines),
    for 12, 24 and 200 nm and every special limit. ``regions`` are the nearest regions
    of all coasts (territorial sea, contiguous zone), ``eez_regions`` those without the
    ``rocks`` (labels with no EEZ under this world's view). ``waters[label][kind]``: the
    internal / archipelagic waters landward of the label's baselines (their own rows;
    no other zone includes them). ``special``: ``(label, limit_m, area)``: inside
    ``area`` the label's territorial sea ends at ``limit_m`` (Japan's specified
    straits); the water beyond it stays contiguous zone within 24 nm. ``dry``: land and
    every label's baseline waters (no belt reaches into them); default: ``land_union`` and
    ``waters``.
    """
    import shapely

    from geo.build.agreed import agreed_areas

    waters = waters or {}
    box = shapely.segmentize(shapely.box(*frame), FRAME_STEP_DEG)
    d12, d24, d200 = (ZONE_LIMIT_NM[k] * NM for k in MEASURED_KINDS)
    labels = sorted(set(regions) | set(eez_regions))
    if land_union is None:
        progress("  land union ...")
        land_geoms = np.asarray(land.geometry.values, dtype=object)
        near = shapely.intersects(land_geoms, shapely.buffer(box, 0.5))
        land_union = shapely.union_all(land_geoms[near])
    if dry is None:
        dry = shapely.union_all([land_union, *(g for w in waters.values() for g in w.values())])
    treaties = agreed_areas(list(boundaries))
    rows = []
    raw: dict[str, dict[str, object]] = {}
    raw_waters: dict[str, dict[str, object]] = {}
    for lab in labels:
        region = shapely.intersection(regions.get(lab, shapely.Polygon()), box)
        b = bufs[lab]
        ts = shapely.difference(shapely.intersection(b[d12], region), dry)
        for owner, limit, area in special:
            if owner == lab:
                narrow = shapely.difference(shapely.intersection(b[limit], region), dry)
                ts = shapely.union(shapely.difference(ts, area), shapely.intersection(narrow, area))
        c24 = shapely.difference(shapely.intersection(b[d24], region), dry)
        raw[lab] = {"territorial_sea": ts, "contiguous_zone": shapely.difference(c24, ts)}
        if lab not in rocks:
            eez_region = shapely.intersection(eez_regions.get(lab, shapely.Polygon()), box)
            raw[lab]["eez"] = shapely.difference(shapely.intersection(b[d200], eez_region), dry)
        raw_waters[lab] = {kind: shapely.difference(shapely.intersection(geom, box), land_union)
                           for kind, geom in waters.get(lab, {}).items()}
    # every zone of the world rounded to the grid together, from one arrangement, so
    # that neighbours share their median line vertex for vertex and each label's belts
    # nest (coverage_faces): the EEZ takes the faces of the belts it holds
    keys = [(lab, kind) for lab in labels for kind in (*raw_waters[lab], *raw[lab])]
    progress(f"  rounding {len(keys)} zones to one arrangement ...")
    faces, idx = coverage_faces([raw_waters[lab].get(kind, raw[lab].get(kind))
                                 for lab, kind in keys])
    idx = dict(zip(keys, idx, strict=True))
    for lab in labels:
        ts_idx = idx[(lab, "territorial_sea")]
        cz_idx = np.setdiff1d(idx[(lab, "contiguous_zone")], ts_idx)
        kinds = {"territorial_sea": faces_union(faces, ts_idx),
                 "contiguous_zone": faces_union(faces, cz_idx)}
        if (lab, "eez") in idx:
            kinds["eez"] = faces_union(faces, np.concatenate([idx[(lab, "eez")], ts_idx,
                                                              cz_idx]))
        for kind in raw_waters[lab]:
            rows.append((lab, kind, faces_union(faces, idx[(lab, kind)]),
                         shapely.MultiPolygon(), shapely.MultiPolygon()))
        for kind, zone in kinds.items():
            d = {"territorial_sea": d12, "contiguous_zone": d24, "eez": d200}[kind]
            others = [bufs[o][d] for o in labels if o != lab and not zone.is_empty
                      and (kind != "eez" or o not in rocks)
                      and shapely.intersects(bufs[o][d], zone)]
            overlap = (polygonal(shapely.intersection(zone, shapely.union_all(others)))
                       if others else shapely.MultiPolygon())
            agreed = [shapely.intersection(area, bufs[other][d])
                      for other, area in treaties.get(lab, []) if other in bufs]
            agreed = (polygonal(shapely.intersection(zone, shapely.union_all(agreed)))
                      if agreed and not zone.is_empty else shapely.MultiPolygon())
            rows.append((lab, kind, zone, overlap, agreed))
        eez_area = geodesic_area_km2(kinds["eez"]) if "eez" in kinds else 0.0
        progress(f"  zones {lab}: EEZ {eez_area:,.0f} km2")
    return rows


def zone_frame(rows):
    """Ship form of the zone rows: cut at 180, geodesic areas, sorted by label and kind.

    Columns: ``label``, ``kind``, ``limit_nm``, ``area_km2`` (geodesic, 1 decimal),
    ``overlap_km2``, ``agreed_km2``, ``perspectives`` (``|``-joined views, ``None`` for
    every view), ``disputed_by`` (views under which the zone does not exist) and
    ``status`` (``disputed`` where some view denies the zone, else ``None``); rows are
    ``name`` (the legal basis of a baseline-waters row); rows are
    ``(label, kind, zone, overlap, agreed[, perspectives[, disputed_by[, name]]])``,
    geometry (MultiPolygon, [-180, 180]), ``overlap`` and ``agreed`` (MultiPolygons).
    """
    import geopandas as gpd
    import shapely

    def ship(g):
        # only a geometry cut at 180 is rounded again (its new vertices on the cut): the
        # others are on the grid already, and rounding one of them on its own would undo
        # the shared edges of world_zone_geometries's arrangement
        cut = split_antimeridian_geom(g) if not g.is_empty else g
        if cut is not g:
            return polygonal(cut)
        return shapely.normalize(g if isinstance(g, shapely.MultiPolygon) else polygonal(g))

    rows = [tuple(r) + (None,) * (8 - len(r)) for r in rows]
    rows = sorted(rows, key=lambda r: (r[0], ZONE_KINDS.index(r[1]), r[5] or ""))
    zone = [r[2] for r in rows]
    over = [r[3] for r in rows]
    agreed = [r[4] for r in rows]
    out = gpd.GeoDataFrame(
        {"label": [r[0] for r in rows], "kind": [r[1] for r in rows],
         "limit_nm": [ZONE_LIMIT_NM[r[1]] for r in rows],
         "area_km2": np.round(geodesic_areas_km2(zone), 1),
         "overlap_km2": np.round(geodesic_areas_km2(over), 1),
         "agreed_km2": np.round(geodesic_areas_km2(agreed), 1),
         "perspectives": [r[5] for r in rows],
         "disputed_by": [r[6] for r in rows],
         "status": ["disputed" if r[6] else None for r in rows],
         "name": [r[7] for r in rows]},
        geometry=[ship(g) for g in zone], crs="EPSG:4326",
    )
    out["overlap"] = gpd.GeoSeries([ship(g) for g in over], crs="EPSG:4326")
    out["agreed"] = gpd.GeoSeries([ship(g) for g in agreed], crs="EPSG:4326")
    out["geometry"] = shapely.normalize(out.geometry.values)
    return out
