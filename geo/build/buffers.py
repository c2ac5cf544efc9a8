"""Geodesic distance buffers of a labelled coast.

The coast of one label is cut into 1-degree cells; each cell's shore segments are
projected into an azimuthal equidistant projection centred on the cell (WGS84, exact for
distances from the centre), buffered there by the distance in metres, densified and
projected back; the cells' buffers are united. The remaining error (distances not
measured from the projection centre) is a few tens of metres at 200 nm for cells this
small, and the buffer's arcs are drawn with chords at most :data:`SAGITTA_M` inside the
true circle. Lon/lat are WGS84 degrees in a continuous longitude frame (0..360).
"""

from __future__ import annotations

import math

import numpy as np

#: Cell size (degrees) of the coast chunks, each buffered in its own projection.
CELL_DEG = 1.0
#: Largest gap between a buffer's circular arc and its chords (metres).
SAGITTA_M = 15.0
#: Longest buffer edge (metres) before projecting back to lon/lat.
MAX_EDGE_M = 3000.0


def quad_segs_for(distance_m: float, sagitta_m: float = SAGITTA_M) -> int:
    """Segments per quarter circle so that chords stay within ``sagitta_m`` of the arc."""
    half = math.acos(max(-1.0, 1.0 - sagitta_m / distance_m))
    return max(4, math.ceil((math.pi / 2) / (2 * half)))


#: Longest shore chain (vertices) buffered as one line; chains are cut into pieces this long
#: so that each piece stays close to the centre of the cell it is projected around.
CHAIN_MAX = 30


def coast_chains(geoms, labels, coast_xy: np.ndarray, coast_lab: np.ndarray
                 ) -> dict[str, list[np.ndarray]]:
    """Shore lines per label: runs of consecutive coast vertices along each ring.

    A ring vertex is shore when it is a coast vertex of the ring's label
    (``coast_xy``/``coast_lab`` from :func:`geo.zones.oracle.coast_vertices`). Runs are cut
    into pieces of at most :data:`CHAIN_MAX` vertices (consecutive pieces share a vertex);
    a lone shore vertex is a piece of one vertex. Returns ``{label: [(n, 2) arrays]}``.
    """
    import shapely

    key = np.round(coast_xy * 1e5).astype(np.int64)
    coast_keys = {lab: set(map(tuple, key[coast_lab == lab].tolist()))
                  for lab in sorted(set(coast_lab.tolist()))}
    out: dict[str, list[np.ndarray]] = {lab: [] for lab in coast_keys}
    for geom, lab in zip(geoms, labels, strict=True):
        if lab not in coast_keys:
            continue
        keys = coast_keys[lab]
        for poly in shapely.get_parts(geom):
            for ring in [poly.exterior, *poly.interiors]:
                c = np.asarray(ring.coords)[:, :2]
                k = np.round(c * 1e5).astype(np.int64)
                is_coast = np.fromiter((tuple(x) in keys for x in k.tolist()), bool, len(k))
                if is_coast.all():
                    runs = [c]
                else:
                    # rotate so that the ring starts at a non-coast vertex
                    first = int(np.argmin(is_coast[:-1]))
                    cc = np.concatenate([c[first:-1], c[:first + 1]])
                    ic = np.concatenate([is_coast[first:-1], is_coast[:first + 1]])
                    edges = np.diff(ic.astype(int))
                    starts = np.nonzero(edges == 1)[0] + 1
                    ends = np.nonzero(edges == -1)[0] + 1
                    runs = [cc[a:b] for a, b in zip(starts, ends, strict=True)]
                for run in runs:
                    n = len(run)
                    if n <= CHAIN_MAX:
                        out[lab].append(run)
                        continue
                    for a in range(0, n - 1, CHAIN_MAX - 1):
                        out[lab].append(run[a:a + CHAIN_MAX])
    return out


def geodesic_buffer(chains: list[np.ndarray], distance_m: float, cell_deg: float = CELL_DEG):
    """Union of the geodesic ``distance_m`` buffers of shore ``chains`` (lon/lat arrays).

    Each chain is projected around the centre of the cell holding its first vertex.
    Returns a (Multi)Polygon in continuous longitudes.
    """
    import shapely
    from pyproj import Transformer

    q = quad_segs_for(distance_m)
    firsts = np.array([c[0] for c in chains])
    cells = np.floor(firsts / cell_deg).astype(np.int64)
    order = np.lexsort((cells[:, 1], cells[:, 0]))
    ukeys, starts = np.unique(cells[order], axis=0, return_index=True)
    bounds = np.append(starts, len(order))
    polys = []
    for ci in range(len(ukeys)):
        members = order[bounds[ci]:bounds[ci + 1]]
        lon0 = (ukeys[ci, 0] + 0.5) * cell_deg
        lat0 = (ukeys[ci, 1] + 0.5) * cell_deg
        fwd = Transformer.from_crs(
            "EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m",
            always_xy=True)
        lines, points = [], []
        for m in members:
            c = chains[m]
            x, y = fwd.transform(c[:, 0], c[:, 1])
            xy = np.column_stack([x, y])
            if len(c) == 1:
                points.append(xy[0])
            else:
                lines.append(shapely.LineString(xy))
        parts = []
        if lines:
            parts.append(shapely.buffer(shapely.MultiLineString(lines), distance_m,
                                        quad_segs=q))
        if points:
            parts.append(shapely.buffer(shapely.MultiPoint(points), distance_m, quad_segs=q))
        buf = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        buf = shapely.segmentize(buf, MAX_EDGE_M)
        polys.append(_unproject(buf, fwd, lon0))
    return shapely.union_all(np.asarray(polys, dtype=object))


#: Before buffering, shore vertices closer than this (metres) to the line through their
#: neighbours are dropped (the densification points), which speeds up buffering.
PRE_SIMPLIFY_M = 2.0


def geodesic_buffers(polygons, distances_m: tuple[float, ...], cell_deg: float = CELL_DEG):
    """Geodesic buffers of land ``polygons`` (lon/lat) at increasing ``distances_m``.

    Returns one (Multi)Polygon per distance, in continuous longitudes: the land plus every
    point within that distance of it. Each polygon is cut into ``cell_deg`` cells
    (buffering distributes over a union, so the cut edges change nothing); each cell's
    piece is buffered in an azimuthal equidistant projection centred on the cell. Larger
    distances grow the previous buffer by the difference (the Minkowski sum of disks is
    additive), which is much faster on convoluted coasts; each step's chords lie within
    :data:`SAGITTA_M` of the true arcs.
    """
    import shapely
    from pyproj import Transformer

    dists = list(distances_m)
    if dists != sorted(dists):
        raise ValueError(f"distances must increase: {dists}")
    polys = np.asarray(polygons, dtype=object)
    b = shapely.bounds(polys)
    x0, y0 = np.floor(b[:, 0].min() / cell_deg), np.floor(b[:, 1].min() / cell_deg)
    x1, y1 = np.ceil(b[:, 2].max() / cell_deg), np.ceil(b[:, 3].max() / cell_deg)
    gx, gy = np.meshgrid(np.arange(x0, x1), np.arange(y0, y1))
    gx, gy = gx.ravel(), gy.ravel()
    cells = shapely.box(gx * cell_deg, gy * cell_deg, (gx + 1) * cell_deg, (gy + 1) * cell_deg)
    tree = shapely.STRtree(polys)
    cell_idx, poly_idx = tree.query(cells, predicate="intersects")
    out: list[list] = [[] for _ in dists]
    for ci in np.unique(cell_idx):
        members = poly_idx[cell_idx == ci]
        piece = shapely.intersection(shapely.union_all(polys[members]), cells[ci])
        if piece.is_empty:
            continue
        lon0, lat0 = (gx[ci] + 0.5) * cell_deg, (gy[ci] + 0.5) * cell_deg
        fwd = Transformer.from_crs(
            "EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m",
            always_xy=True)
        proj = shapely.transform(piece, lambda c, f=fwd: np.column_stack(
            f.transform(c[:, 0], c[:, 1])))
        cur = shapely.simplify(proj, PRE_SIMPLIFY_M, preserve_topology=True)
        done = 0.0
        for k, d in enumerate(dists):
            cur = shapely.buffer(cur, d - done, quad_segs=quad_segs_for(d - done))
            done = d
            out[k].append(_unproject(shapely.segmentize(cur, MAX_EDGE_M), fwd, lon0))
    return [shapely.union_all(np.asarray(o, dtype=object)) for o in out]


def _unproject(geom, fwd, lon0: float):
    """Project an AEQD geometry back to lon/lat, longitudes continuous around ``lon0``."""
    import shapely

    def back(coords: np.ndarray) -> np.ndarray:
        lon, lat = fwd.transform(coords[:, 0], coords[:, 1], direction="INVERSE")
        lon = np.asarray(lon)
        lon = lon0 + np.mod(lon - lon0 + 180.0, 360.0) - 180.0
        return np.column_stack([lon, lat])

    return shapely.make_valid(shapely.transform(geom, back))
