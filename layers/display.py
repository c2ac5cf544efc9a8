"""Display copies of the zone and land polygons: simplified so the HTML stays small, with
the topology kept so neighbouring polygons neither gap nor overlap.

Zones of one kind (all territorial seas, all contiguous zones, all EEZs) form a
*coverage*: polygons that meet along shared edges and do not overlap. GEOS's coverage
simplification (:func:`shapely.coverage_simplify`, shapely >= 2.1) simplifies every
shared edge once, so both neighbours get the very same simplified edge. It needs a
valid coverage: neighbours whose shared edges have the same vertices. Zones built by
earlier builds, and rows of different regions, disagree by a hair at some vertices (their
edges were rounded to the grid polygon by polygon), and GEOS's simplifier reads such
input wrongly (it crashed the map process). So each kind is first re-noded
(:func:`node_coverage`: all boundaries noded together, cut into faces, each face given
to the polygon that holds it), which moves no edge by more than that hair.

Before that, the holes that islands punch into the zones ("land removed") are filled
when they are small (below :data:`HOLE_FILL_DEG2`) and no other zone of the same kind
lies inside them: on the map the land is drawn above the zones, so the island still
shows, and the page loses most of its vertices (the shipped zones hold over 11,000 such
holes). Land is simplified polygon by polygon (see :func:`display_land`).

Tolerances are in degrees of lon/lat (0.015 degrees is about 1.5 km, a pixel or two at
zoom 7): the display copy is for the eye only; every query in :mod:`geo` uses the
full-resolution polygons. Results are kept in memory for the process (never written to
disk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geo._cache import Memo

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet

#: Default simplification tolerance of the zones, degrees.
ZONE_TOLERANCE_DEG = 0.015
#: Island holes smaller than this (square degrees, about 100 km^2 at 35 N) are filled in
#: the display copy of the zones.
HOLE_FILL_DEG2 = 0.01
#: Default simplification tolerance of the land, degrees.
LAND_TOLERANCE_DEG = 0.02
#: Land polygons smaller than this (square degrees, about 1 km^2 at 40 N) are too small
#: to see at the map's zooms and are left out of the display copy (never out of queries),
#: except the islands of disputed features.
LAND_MIN_AREA_DEG2 = 1e-4

#: Display copies made in this process, by source object and parameters. Each entry also
#: holds its source object, so that the object's ``id`` in the key cannot be reused by
#: another one while the entry lives; the oldest entries go first.
_DISPLAY = Memo(maxsize=8)


def fill_small_holes(geoms: np.ndarray, max_hole_deg2: float = HOLE_FILL_DEG2) -> np.ndarray:
    """The polygons with every hole smaller than ``max_hole_deg2`` filled, unless another
    polygon of ``geoms`` lies in it (then filling would make the two overlap). Vectorised
    over all rings; empty or missing geometries pass through."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    good = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    if not len(good) or max_hole_deg2 <= 0:
        return out
    parts, owner = shapely.get_parts(geoms[good], return_index=True)
    rings, part_of = shapely.get_rings(parts, return_index=True)
    first = np.r_[True, part_of[1:] != part_of[:-1]]  # each part's exterior comes first
    hole = ~first
    drop = np.zeros(len(rings), bool)
    if hole.any():
        hole_idx = np.flatnonzero(hole)
        hole_polys = shapely.polygons(rings[hole_idx])
        small = shapely.area(hole_polys) < max_hole_deg2
        cand = hole_idx[small]
        if len(cand):
            pts = shapely.point_on_surface(hole_polys[small])
            # the big polygons are the prepared query side, the points the tree
            _, hit_pt = shapely.STRtree(pts).query(geoms[good], predicate="intersects")
            occupied = np.zeros(len(cand), bool)
            occupied[np.unique(hit_pt)] = True
            drop[cand[~occupied]] = True
    keep = ~drop
    new_parts = shapely.polygons(rings[keep], indices=part_of[keep])
    for k, g in enumerate(good):
        mine = new_parts[owner == k]
        out[g] = mine[0] if len(mine) == 1 and shapely.get_type_id(geoms[g]) == 3 else \
            shapely.multipolygons(mine)
    return out


def node_coverage(geoms: np.ndarray) -> np.ndarray:
    """The polygons re-made from the faces of their boundaries noded together, so that
    neighbours share every vertex of their common edges (a valid coverage, as
    :func:`shapely.coverage_simplify` needs). Each face goes to the first polygon (in
    ``geoms`` order) that holds its interior point, so hair-wide overlaps go to one
    side; faces that no polygon holds (islands, gaps) stay out. Empty or missing
    geometries, and polygons left with no face, pass through unchanged. Degrees in,
    degrees out (the same coordinates: no projection)."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    good = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    if len(good) < 2:
        return out
    lines = shapely.union_all(shapely.boundary(geoms[good]))  # noded linework
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))),
                       dtype=object)
    if not len(faces):
        return out
    pts = shapely.point_on_surface(faces)
    face, poly = shapely.STRtree(geoms[good]).query(pts, predicate="within")
    order = np.lexsort((poly, face))  # per face, the first polygon holding it
    face, poly = face[order], poly[order]
    first = np.r_[True, face[1:] != face[:-1]]
    owner = np.full(len(faces), -1)
    owner[face[first]] = poly[first]
    for k, g in enumerate(good):
        mine = faces[owner == k]
        if len(mine):
            out[g] = shapely.coverage_union_all(mine)
    return out


def simplify_coverage(geoms: np.ndarray, tolerance_deg: float) -> np.ndarray:
    """Simplify polygons that form a coverage, shared edge by shared edge (see the module
    docstring); empty or missing geometries pass through."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms) or tolerance_deg <= 0:
        return geoms
    good = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out = geoms.copy()
    out[good] = shapely.coverage_simplify(geoms[good], tolerance_deg, simplify_boundary=True)
    return out


def display_zones(zs: ZoneSet, tolerance_deg: float = ZONE_TOLERANCE_DEG,
                  max_hole_deg2: float = HOLE_FILL_DEG2) -> gpd.GeoDataFrame:
    """``label``, ``kind`` (and the zone set's ``name`` / ``disputed_by`` where it has
    them), geometry: the zone set's polygons for display, each kind as
    one coverage, small island holes filled and edges simplified (module docstring)."""
    key = ("zones", id(zs), len(zs.zones), float(tolerance_deg), float(max_hole_deg2))
    return _DISPLAY.get(key, lambda: (zs, _display_zones(zs, tolerance_deg, max_hole_deg2)))[1]


def _display_zones(zs: ZoneSet, tolerance_deg: float, max_hole_deg2: float
                   ) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    zones = zs.zones
    geoms = np.asarray(zones.geometry.values, dtype=object)
    out = geoms.copy()
    kinds = np.asarray(zones["kind"].astype(str))
    for kind in dict.fromkeys(kinds):
        sel = kinds == kind
        out[sel] = simplify_coverage(
            node_coverage(fill_small_holes(geoms[sel], max_hole_deg2)), tolerance_deg)
    cols = {"label": zones["label"].astype(str).to_numpy(), "kind": kinds}
    for extra in ("name", "disputed_by"):
        if extra in zones.columns:
            cols[extra] = zones[extra].to_numpy()
    gdf = gpd.GeoDataFrame(cols, geometry=gpd.GeoSeries(out, crs=4326), crs=4326)
    gdf = gdf[~(shapely.is_missing(out) | shapely.is_empty(out))].reset_index(drop=True)
    gdf.attrs["tolerance_deg"] = float(tolerance_deg)
    gdf.attrs["hole_fill_deg2"] = float(max_hole_deg2)
    return gdf


def display_land(land: gpd.GeoDataFrame, tolerance_deg: float = LAND_TOLERANCE_DEG,
                 min_area_deg2: float = LAND_MIN_AREA_DEG2) -> gpd.GeoDataFrame:
    """``label``, geometry (one MultiPolygon per label): land polygons simplified one by one
    (topology preserved), without the ones smaller than ``min_area_deg2`` unless they
    belong to a disputed feature (a label that is not an ISO3 code, such as
    ``takeshima``): those are always kept, however small. Land is one fill colour, so a
    hair-line gap between two states' land along a land border cannot be seen and the
    (slow) coverage check is not worth it here."""
    key = ("land", id(land), len(land), float(tolerance_deg), float(min_area_deg2))
    return _DISPLAY.get(key, lambda: (land, _display_land(land, tolerance_deg,
                                                          min_area_deg2)))[1]


def _display_land(land: gpd.GeoDataFrame, tolerance_deg: float, min_area_deg2: float
                  ) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    geoms = np.asarray(land.geometry.values, dtype=object)
    labels = (land["label"].astype(str).to_numpy() if "label" in land
              else np.full(len(land), "", dtype=object))
    parts, owner = shapely.get_parts(geoms, return_index=True)
    feature = np.asarray([not (len(x) == 3 and x.isupper()) for x in labels], dtype=bool)
    keep = (shapely.area(parts) >= min_area_deg2) | feature[owner]
    parts, owner = parts[keep], owner[keep]
    simple = shapely.simplify(parts, tolerance_deg, preserve_topology=True)
    ok = ~(shapely.is_empty(simple) | shapely.is_missing(simple))
    simple, part_labels = simple[ok], labels[owner][ok]
    # one MultiPolygon per label: far fewer GeoJSON features (and bytes) than one per island
    names, code = np.unique(part_labels, return_inverse=True)
    order = np.argsort(code, kind="stable")
    merged = shapely.multipolygons(shapely.get_parts(simple[order]), indices=code[order])
    gdf = gpd.GeoDataFrame({"label": names}, geometry=gpd.GeoSeries(merged, crs=4326),
                           crs=4326)
    gdf.attrs["simplification"] = "per-polygon"
    return gdf
