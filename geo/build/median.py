"""Median (equidistance) lines: where the nearest coast changes label.

The nearest-vertex regions of a point set on the sphere are its spherical Voronoi cells.
The convex hull of the unit vectors is the spherical Delaunay triangulation; the Voronoi
edge dual to a Delaunay edge (i, j) joins the circumcentres (outward facet normals) of the
two facets that share it. Keeping only edges whose end points carry different labels
gives exactly the median lines between labels. Polygonizing them with a frame gives each
label's "nearest region". Directions are geocentric (sphere); on the WGS84 ellipsoid the
line moves by well under a kilometre at these distances (checked against the oracle).

Inputs and outputs are WGS84 lon/lat degrees in a continuous longitude frame (as in
:data:`geo.zones.schema.COAST_FRAME`: past 180 in the NW Pacific, below 0 west of Greenwich
in the Mediterranean); median lines are written in the 360 degrees centred on the frame.
"""

from __future__ import annotations

import numpy as np

#: Label of the guard points spread over the rest of the sphere.
GUARD = ""
#: Longest edge (degrees) of the frame: its sides are parallels and meridians.
FRAME_STEP_DEG = 0.05
#: Grid (degrees) on which the median lines and the frame are noded before polygonizing.
NODE_GRID = 1e-8
#: Longest step (radians, about 6.4 km) when a Voronoi edge is drawn as a lon/lat line.
ARC_STEP_RAD = 0.001


def guard_points(frame: tuple[float, float, float, float], margin_deg: float = 8.0,
                 n: int = 4000) -> np.ndarray:
    """Points of a Fibonacci lattice on the sphere outside ``frame`` + ``margin_deg``.

    They close the Voronoi diagram far from the coast, so that every cell near the frame is
    bounded by real coast vertices. Returns (m, 2) lon/lat with lon in [0, 360). The
    frame test reads each longitude in the 360 degrees from the frame's west edge, so a
    frame west of Greenwich (negative ``west``) gets no guard inside it.
    """
    i = np.arange(n) + 0.5
    lat = np.degrees(np.arcsin(1 - 2 * i / n))
    lon = np.mod(np.degrees(np.pi * (1 + 5 ** 0.5) * i), 360.0)
    w, s, e, nn = frame
    rel = np.where(lon > w - margin_deg, lon, lon + 360.0)
    rel = np.where(rel > w - margin_deg + 360.0, rel - 360.0, rel)
    inside = (rel > w - margin_deg) & (rel < e + margin_deg) & (lat > s - margin_deg) & (
        lat < nn + margin_deg)
    return np.column_stack([lon[~inside], lat[~inside]])


def unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    """Geocentric unit vectors of WGS84 lon/lat points (degrees)."""
    from geo.geodesy import ecef_unit

    return ecef_unit(lonlat[:, 0], lonlat[:, 1])


def to_lonlat(v: np.ndarray) -> np.ndarray:
    """Geodetic lon/lat (degrees, lon in [0, 360)) of geocentric directions ``v``.

    Inverse of :func:`unit_vectors`: the WGS84 surface point along each direction.
    """
    from geo.geodesy import geocentric_to_geodetic

    lon, lat = geocentric_to_geodetic(v)
    return np.column_stack([np.mod(lon, 360.0), lat])


def median_edges(lonlat: np.ndarray, labels: np.ndarray, centre_lon: float = 180.0
                 ) -> list[np.ndarray]:
    """Voronoi edges between points of different labels, as lon/lat polylines.

    ``lonlat`` (n, 2) must hold distinct points; ``labels`` their labels (guard points
    included). Each returned array is a densified great-circle arc (lon continuous along
    it, its start in [centre_lon - 180, centre_lon + 180); the default is [0, 360)).
    """
    from scipy.spatial import ConvexHull

    v = unit_vectors(lonlat)
    hull = ConvexHull(v)
    tri = hull.simplices
    if len(np.unique(tri)) != len(v):
        raise RuntimeError(f"Delaunay triangulation lost {len(v) - len(np.unique(tri))} "
                           "points (duplicates?)")
    a, b, c = v[tri[:, 0]], v[tri[:, 1]], v[tri[:, 2]]
    cc = np.cross(b - a, c - a)
    cc /= np.linalg.norm(cc, axis=1)[:, None]
    cc *= np.sign(np.einsum("ij,ij->i", cc, a))[:, None]
    nb = hull.neighbors
    lab = np.asarray(labels)
    t_idx, k_idx = np.nonzero(nb > np.arange(len(tri))[:, None])
    # edge opposite vertex k of facet t: the other two vertices
    i = tri[t_idx, (k_idx + 1) % 3]
    j = tri[t_idx, (k_idx + 2) % 3]
    diff = lab[i] != lab[j]
    t1, t2 = t_idx[diff], nb[t_idx[diff], k_idx[diff]]
    p, q = cc[t1], cc[t2]
    ang = np.arccos(np.clip(np.einsum("ij,ij->i", p, q), -1.0, 1.0))
    keep = ang > 1e-12
    p, q, ang = p[keep], q[keep], ang[keep]
    nseg = np.maximum(1, np.ceil(ang / ARC_STEP_RAD).astype(int))
    # slerp all arcs at once
    owner = np.repeat(np.arange(len(p)), nseg + 1)
    start = np.concatenate([[0], np.cumsum(nseg + 1)[:-1]])
    frac = (np.arange(len(owner)) - start[owner]) / nseg[owner]
    om = ang[owner]
    so = np.sin(om)
    w1 = np.sin((1 - frac) * om) / so
    w2 = np.sin(frac * om) / so
    pts = p[owner] * w1[:, None] + q[owner] * w2[:, None]
    # end points exactly the shared circumcentres, so that edges meet exactly
    ends = np.concatenate([start, start + nseg])
    pts[ends] = np.concatenate([p, q])
    pts /= np.linalg.norm(pts, axis=1)[:, None]
    ll = to_lonlat(pts)
    out = []
    for k in range(len(p)):
        seg = ll[start[k]:start[k] + nseg[k] + 1].copy()
        jump = seg[:, 0] - seg[0, 0]  # keep exact values where no 360 shift is needed
        seg[:, 0] += np.where(jump > 180.0, -360.0, 0.0) + np.where(jump < -180.0, 360.0, 0.0)
        # to_lonlat gives [0, 360): an edge west of Greenwich in a frame that reaches
        # there moves by a whole turn (edges that need no move keep their exact values)
        if seg[0, 0] >= centre_lon + 180.0:
            seg[:, 0] -= 360.0
        elif seg[0, 0] < centre_lon - 180.0:
            seg[:, 0] += 360.0
        out.append(seg)
    return out


def nearest_regions(lonlat: np.ndarray, labels: np.ndarray,
                    frame: tuple[float, float, float, float]) -> dict[str, object]:
    """Each label's nearest region inside ``frame``: {label: (Multi)Polygon}.

    ``lonlat``/``labels`` are the coast vertices (continuous longitudes); guard points are
    added here. A face of the arrangement of median lines and the frame gets the label of
    the vertex nearest to its representative point.
    """
    import shapely
    from scipy.spatial import cKDTree

    w, s, e, n = frame
    guards = guard_points(frame)
    pts = np.concatenate([lonlat, guards])
    labs = np.concatenate([np.asarray(labels, dtype=object),
                           np.full(len(guards), GUARD, dtype=object)])
    lines = median_edges(pts, labs, centre_lon=(w + e) / 2.0)
    # the frame edges are parallels and meridians: densified so that geodesic areas agree
    box = shapely.segmentize(shapely.box(w, s, e, n), FRAME_STEP_DEG)
    geoms = np.asarray([shapely.LineString(x) for x in lines], dtype=object)
    near = shapely.intersects(geoms, box)
    clipped = shapely.intersection(geoms[near], box)
    # node on a 1e-8 degree grid (1 mm): floating-point noding of nearly collinear edges
    # can otherwise leave a median line unconnected and merge two faces
    linework = shapely.union_all(np.concatenate([clipped, [box.boundary]]), grid_size=NODE_GRID)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(linework))),
                       dtype=object)
    reps = shapely.get_coordinates(shapely.point_on_surface(faces))
    tree = cKDTree(unit_vectors(pts))
    _, idx = tree.query(unit_vectors(reps))
    face_lab = labs[idx]
    out: dict[str, object] = {}
    for name in sorted(set(face_lab.tolist()) - {GUARD}):
        out[name] = shapely.union_all(faces[face_lab == name])
    return out
