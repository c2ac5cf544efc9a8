"""The coast the zones are measured from: GSHHG level-1 shores, simplified, labelled.

Works in a continuous longitude frame (:data:`geo.zones.schema.COAST_FRAME`, east
longitudes past 180 written as > 180) so that the Aleutians and Chukotka stay whole;
:func:`split_antimeridian_geom` cuts results back into [-180, 180] for shipping.
All coordinates are WGS84 lon/lat degrees; areas are geodesic km2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

#: Simplification tolerance (degrees; 0.0009 deg is 100 m of latitude and less of
#: longitude), so that the simplified shore stays within 100 m of GSHHG full resolution.
SIMPLIFY_DEG = 0.0009
#: Longest shore segment after densification (degrees, 0.01 deg <= 1.11 km): with vertices
#: this close, the distance to the nearest vertex exceeds the distance to the shore line by
#: under 10 m at 12 nm, so the vertex oracle and the line buffers agree.
DENSIFY_DEG = 0.01
#: Coordinate grid of every shipped geometry (degrees, about 1 m).
GRID_DEG = 1e-5


@dataclass
class LandPiece:
    """One labelled land polygon: label, GSHHG id, how the label was decided, geometry."""

    label: str
    gshhg_id: str
    assigned_by: str
    geometry: object  # shapely Polygon, continuous longitudes


def progress(msg: str) -> None:
    """Print one progress line to stderr."""
    print(f"[build-zones] {msg}", file=sys.stderr, flush=True)


def read_coast_polygons(frame: tuple[float, float, float, float],
                        shifts: dict[str, object] | None = None) -> tuple[list[str], list]:
    """GSHHG full-resolution level-1 polygons clipped to ``frame``, continuous longitudes.

    Rings stored west of -160 (Chukotka, the eastern Aleutians, Hawaii) are shifted by
    +360; pieces that GSHHG cut at 180 and that meet again there are merged. ``shifts``
    maps GSHHG ids to the :class:`geo.build.corrections.GroupShift` that moves them
    (documented corrections of misplaced islands). Returns ``(ids, polygons)``; ids are
    GSHHG ids (``"0-E+0-W"`` for a merged piece).
    """
    import shapely

    from geo.build.corrections import shift_ring
    from geo.build.gshhg import read_gshhg

    west, south, east, north = frame
    shifts = shifts or {}
    ids: list[str] = []
    geoms = []
    for poly in read_gshhg(bbox=(-180.0, south, 180.0, north), levels=(1,)):
        coords = poly.coords.copy()
        if poly.gshhg_id in shifts:
            coords = shift_ring(coords, shifts[poly.gshhg_id])
        if coords[:, 0].max() <= east - 360.0:
            coords[:, 0] += 360.0
        if coords[:, 0].max() < west or coords[:, 0].min() > east:
            continue
        ids.append(poly.gshhg_id)
        geoms.append(shapely.Polygon(coords))
    arr = shapely.make_valid(np.asarray(geoms, dtype=object))
    arr = shapely.clip_by_rect(arr, west, south, east, north)
    # merge the pieces GSHHG cut at the antimeridian
    xs = [shapely.get_coordinates(g)[:, 0] for g in arr]
    at180 = [i for i, x in enumerate(xs) if len(x) and np.any(x == 180.0)]
    out_ids, out_geoms = [], []
    for i, g in enumerate(arr):
        if i in at180:
            continue
        for part in shapely.get_parts(g):
            if isinstance(part, shapely.Polygon) and part.area > 0:
                out_ids.append(ids[i])
                out_geoms.append(part)
    if at180:
        merged = shapely.union_all([arr[i] for i in at180], grid_size=None)
        name = "+".join(sorted(ids[i] for i in at180))
        for part in shapely.get_parts(merged):
            if isinstance(part, shapely.Polygon) and part.area > 0:
                out_ids.append(name)
                out_geoms.append(part)
    return out_ids, out_geoms


def natural_earth_parts(countries, frame: tuple[float, float, float, float]):
    """Natural Earth polygons near ``frame`` in continuous longitudes, with their sovereign.

    Returns ``(parts, sovereigns, iso3s)`` as arrays; parts west of -100 are shifted by +360.
    The land of a disputed feature that ``sovereignty.csv`` maps onto Natural Earth
    (``land_unit`` / ``land_box``: Crimea, the Falklands, Northern Cyprus, ...; see
    :func:`geo.land.feature_land`) has the feature's label as its "sovereign", so that the
    coast there gets that label and each perspective decides its owner (no such land lies
    in the NW Pacific frame).
    """
    import shapely
    from shapely import affinity

    from geo.land import feature_land
    from geo.zones.sovereignty import read_sovereignty

    west, south, east, north = frame
    relabelled = iter(feature_land(countries, read_sovereignty())["label"].to_numpy())
    parts, sovs, isos = [], [], []
    for iso3, geom in zip(countries["iso3"], countries.geometry, strict=True):
        for part in shapely.get_parts(geom):
            sov = next(relabelled)
            minx, miny, maxx, maxy = part.bounds
            if maxx <= -100.0:
                part = affinity.translate(part, 360.0)
                minx, maxx = minx + 360.0, maxx + 360.0
            if maxx < west - 10 or minx > east + 10 or maxy < south - 10 or miny > north + 10:
                continue
            parts.append(part)
            sovs.append(sov)
            isos.append(iso3)
    return np.asarray(parts, dtype=object), np.asarray(sovs), np.asarray(isos)


def label_polygons(ids: list[str], geoms: list, countries,
                   frame: tuple[float, float, float, float]) -> list[LandPiece]:
    """Assign every polygon a label by the rule of :mod:`geo.build.labels`.

    Raises ``RuntimeError`` listing every polygon that no rule labels (farther than
    ``MAX_NEAREST_KM`` from every Natural Earth unit and outside every feature area).
    """
    import shapely

    from geo.build.labels import FEATURE_AREAS, MAX_NEAREST_KM, SPLIT_MIN_KM2
    from geo.geodesy import GEOD, geodesic_areas_km2

    parts, sovs, isos = natural_earth_parts(countries, frame)
    tree = shapely.STRtree(parts)
    areas = [shapely.Polygon(a.ring) for a in FEATURE_AREAS]
    garr = np.asarray(geoms, dtype=object)
    reps = shapely.point_on_surface(garr)
    pieces: list[LandPiece] = []
    unlabelled: list[str] = []
    inter_pairs = tree.query(garr, predicate="intersects")
    hits: dict[int, list[int]] = {}
    for gi, pi in zip(*inter_pairs, strict=True):
        hits.setdefault(int(gi), []).append(int(pi))
    area_km2 = geodesic_areas_km2(garr)
    feature_of = np.full(len(garr), -1)
    for k, poly in enumerate(areas):
        inside = shapely.contains(poly, reps) & (feature_of < 0)
        feature_of[inside] = k
    # islands outside every unit: nearest unit, geodesic distance (vectorised)
    lonely = np.array([i for i in range(len(garr)) if feature_of[i] < 0 and i not in hits], int)
    nearest_part = np.zeros(len(garr), int)
    nearest_km = np.zeros(len(garr))
    if lonely.size:
        nearest_part[lonely] = tree.query_nearest(reps[lonely], all_matches=False)[1]
        lines = shapely.shortest_line(reps[lonely], parts[nearest_part[lonely]])
        xy = shapely.get_coordinates(lines).reshape(-1, 4)
        nearest_km[lonely] = GEOD.inv(xy[:, 0], xy[:, 1], xy[:, 2], xy[:, 3])[2] / 1000.0
    for i, (gid, geom, rep) in enumerate(zip(ids, garr, reps, strict=True)):
        if feature_of[i] >= 0:
            feature = FEATURE_AREAS[feature_of[i]]
            pieces.append(LandPiece(feature.label, gid, f"feature area: {feature.name}", geom))
            continue
        cand = hits.get(i, [])
        if cand:
            overlap = shapely.area(shapely.intersection(geom, parts[cand]))
            by_sov: dict[str, float] = {}
            for pi, a in zip(cand, overlap, strict=True):
                by_sov[sovs[pi]] = by_sov.get(sovs[pi], 0.0) + float(a)
            if len(by_sov) > 1 and area_km2[i] > SPLIT_MIN_KM2:
                pieces.extend(_split_landmass(gid, geom, parts[cand], sovs[cand]))
                continue
            best = max(by_sov, key=lambda s: (by_sov[s], s))
            units = sorted({str(isos[pi]) for pi in cand if sovs[pi] == best})
            pieces.append(LandPiece(str(best), gid, "natural earth: " + ",".join(units), geom))
            continue
        pi, km = int(nearest_part[i]), float(nearest_km[i])
        if km > MAX_NEAREST_KM:
            unlabelled.append(f"GSHHG {gid} at {rep.x:.4f},{rep.y:.4f} ({km:.0f} km from "
                              f"{isos[pi]})")
            continue
        pieces.append(LandPiece(str(sovs[pi]), gid, f"nearest natural earth: {isos[pi]} "
                                f"{km:.0f} km", geom))
    if unlabelled:
        raise RuntimeError("coast polygons no rule labels (add them to FEATURE_AREAS):\n  "
                           + "\n  ".join(unlabelled))
    return pieces


def _split_landmass(gid: str, geom, parts, sovs) -> list[LandPiece]:
    """Split a landmass along Natural Earth land borders.

    Each sovereign gets ``geom`` intersected with its units; the rest of ``geom`` (shore
    strips outside every unit, where GSHHG and Natural Earth coastlines differ) is cut by
    a 0.1-degree grid and each cell piece goes to the nearest sovereign.
    """
    import shapely

    labels = sorted(set(sovs))
    covered = shapely.union_all(parts)
    bucket: dict[str, list] = {s: [shapely.intersection(geom, shapely.union_all(parts[sovs == s]))]
                               for s in labels}
    rest = shapely.difference(geom, covered)
    if not rest.is_empty:
        minx, miny, maxx, maxy = rest.bounds
        step = 0.1
        xs = np.arange(np.floor(minx / step) * step, maxx + step, step)
        ys = np.arange(np.floor(miny / step) * step, maxy + step, step)
        gx, gy = np.meshgrid(xs[:-1], ys[:-1])
        cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + step, gy.ravel() + step)
        ctree = shapely.STRtree(cells)
        idx = ctree.query(rest, predicate="intersects")
        bits = shapely.intersection(rest, cells[idx])
        bits = [b for b in bits if not b.is_empty and b.area > 0]
        ptree = shapely.STRtree(parts)
        for b in bits:
            j = int(ptree.query_nearest(shapely.point_on_surface(b), all_matches=False)[0])
            bucket[sovs[j]].append(b)
    out = []
    for s in labels:
        merged = shapely.union_all(bucket[s])
        for part in shapely.get_parts(merged):
            if isinstance(part, shapely.Polygon) and part.area > 0:
                out.append(LandPiece(s, gid, "natural earth land border split", part))
    return out


def simplify(geoms, simplify_deg: float = SIMPLIFY_DEG) -> list:
    """Simplify each polygon (topology-preserving, tolerance ``simplify_deg`` degrees)."""
    import shapely

    return list(shapely.simplify(np.asarray(geoms, dtype=object), simplify_deg,
                                 preserve_topology=True))


def densify(geoms, densify_deg: float = DENSIFY_DEG) -> list:
    """Insert vertices so that no segment is longer than ``densify_deg`` degrees."""
    import shapely

    return list(shapely.segmentize(np.asarray(geoms, dtype=object), densify_deg))


def snap_polygons(geoms, grid: float = GRID_DEG) -> list:
    """Round polygons to ``grid`` degrees and make them valid; keeps polygonal parts only."""
    import shapely

    out = []
    for g in geoms:
        g = shapely.make_valid(shapely.set_precision(g, grid))
        polys = [p for p in shapely.get_parts(g) if isinstance(p, shapely.Polygon)]
        for p in polys:
            out.extend(shapely.get_parts(p))
    return out


def split_antimeridian_geom(geom, grid: float = GRID_DEG):
    """Cut a continuous-longitude geometry at 180 and shift the eastern part by -360.

    Returns a geometry with longitudes in [-180, 180] (a Multi* when it was cut).
    """
    import shapely
    from shapely import affinity

    minx, _, maxx, _ = geom.bounds
    if maxx <= 180.0:
        return geom
    if minx >= 180.0:
        return shapely.set_precision(affinity.translate(geom, -360.0), grid)
    # intersection, not clip_by_rect: the latter can drop parts of rings with holes
    west = shapely.intersection(geom, shapely.box(-1000.0, -90.0, 180.0, 90.0))
    east = shapely.intersection(geom, shapely.box(180.0, -90.0, 1000.0, 90.0))
    east = shapely.set_precision(affinity.translate(east, -360.0), grid)
    polys = [p for g in (west, east) for p in shapely.get_parts(g)
             if isinstance(p, shapely.Polygon) and not p.is_empty]
    if polys:
        return shapely.MultiPolygon(polys)
    lines = [p for g in (west, east) for p in shapely.get_parts(g) if not p.is_empty]
    return shapely.GeometryCollection(lines)
