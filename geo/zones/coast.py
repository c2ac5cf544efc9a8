"""Geodesic distance from a point to the nearest coast of each nearby label.

The coast is the set of land polygon vertices that the zone build itself counts as coast
(the definition of :func:`geo.zones.oracle.coast_vertices`: vertices on land borders
between labels and on cuts are left out; cuts are the antimeridian and the edges of the
frame the land was clipped to). The shipped shore is densified by the build (parameter
``densify_deg`` in ``zones_build.json``), so the nearest vertex is the nearest shore to
within metres at zone distances.

Vertices are placed in Earth-centred (ECEF) coordinates on the WGS84 ellipsoid and indexed
with a KD-tree per label; the straight-line (chord) distance ranks candidates, and the
exact geodesic distance (:data:`geo.geodesy.GEOD`) decides among those within 0.2 % of the
nearest chord (chord and geodesic distance differ by less than 0.03 % up to 500 km, so
the geodesic nearest vertex is always among them).

Distances are metres internally; the ``nearest_*`` methods return kilometres.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geo.geodesy import GEOD, KM, ecef, wrap_lon_from

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: A vertex within this many degrees (about 1.5 m) of another label's land polygon lies on
#: a land border, not on the coast (the value the zone build uses, geo.zones.oracle).
BORDER_TOL_DEG = 1.5e-5
#: Vertices this close (degrees) to a cut line (antimeridian, frame edge) are cuts.
FRAME_TOL_DEG = 1e-3

class _BruteTree:
    """The part of scipy's cKDTree interface CoastIndex uses, by exhaustive search."""

    def __init__(self, pts: np.ndarray) -> None:
        self.pts = pts

    def query(self, q: np.ndarray, k: int = 1, distance_upper_bound: float = np.inf):
        d = np.sqrt(((self.pts - q) ** 2).sum(axis=1))
        k = min(k, len(d))
        idx = np.argpartition(d, k - 1)[:k] if k < len(d) else np.arange(len(d))
        idx = idx[np.argsort(d[idx], kind="stable")]
        dist = d[idx]
        out_d = np.where(dist <= distance_upper_bound, dist, np.inf)
        out_i = np.where(dist <= distance_upper_bound, idx, len(d))
        return out_d, out_i


class CoastIndex:
    """Coast vertices of each land label, for nearest-coast geodesic distances.

    Building it is cheap (one KD-tree per label); whether a candidate vertex lies on a land
    border (within :data:`BORDER_TOL_DEG` of another label's polygon) is decided lazily,
    only for the few vertices a query looks at, and remembered.
    """

    def __init__(self, land: gpd.GeoDataFrame | None,
                 cut_frame: tuple[float, float, float, float] | None = None,
                 *, kdtree: bool = True) -> None:
        """``land``: polygons with a ``label`` column. Vertices that are cuts rather than
        coast are left out: those on the antimeridian (polygons split at +/-180) and on
        the edges of ``cut_frame`` (west, south, east, north; the box the land was
        clipped to, longitudes east of 180 written past 180; or a sequence of such boxes,
        one per region the land comes from, each cutting only its own land), within
        :data:`FRAME_TOL_DEG`. ``kdtree=False`` searches by brute force instead of a
        KD-tree: the same answers, no scipy import, faster for the few thousand vertices
        around a single query point."""
        import shapely

        if kdtree:
            from scipy.spatial import cKDTree
        else:
            cKDTree = _BruteTree  # noqa: N806

        self._trees: dict[str, tuple[object, np.ndarray]] = {}
        self._border: dict[str, dict[int, bool]] = {}
        if land is None or len(land) == 0:
            return
        geoms = np.asarray(land.geometry.values, dtype=object)
        self._land_labels = land["label"].astype(str).to_numpy(dtype=object)
        self._land_tree = shapely.STRtree(geoms)
        parts, part_owner = shapely.get_parts(geoms, return_index=True)
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        coords, ring_idx = shapely.get_coordinates(rings, return_index=True)
        labels = self._land_labels[part_owner[ring_part[ring_idx]]]
        tol = FRAME_TOL_DEG
        cut = np.abs(np.abs(coords[:, 0]) - 180.0) < tol
        frames = [] if cut_frame is None else (
            [cut_frame] if np.ndim(cut_frame[0]) == 0 else list(cut_frame))
        for w, s, e, n in frames:
            x = wrap_lon_from(coords[:, 0], w)
            inside = (coords[:, 1] >= s - tol) & (coords[:, 1] <= n + tol) & (x <= e + tol)
            edge = (np.abs(x - w) < tol) | (np.abs(x - e) < tol) | (np.abs(x - 360.0 - w) < tol)
            edge |= (np.abs(coords[:, 1] - s) < tol) | (np.abs(coords[:, 1] - n) < tol)
            cut |= edge & (inside if len(frames) > 1 else True)
        coords, labels = coords[~cut], labels[~cut]
        for label in np.unique(labels):
            xy = np.unique(coords[labels == label], axis=0)
            self._trees[str(label)] = (cKDTree(ecef(xy[:, 0], xy[:, 1])), xy)
            self._border[str(label)] = {}

    @property
    def labels(self) -> list[str]:
        """Land labels that have coast vertices."""
        return sorted(self._trees)

    def _is_border(self, label: str, idx: np.ndarray) -> np.ndarray:
        """True for vertices (indices into ``label``'s vertex array) that lie on a land
        border with another label rather than on the coast."""
        import shapely

        memo = self._border[label]
        todo = np.array([i for i in idx.tolist() if i not in memo], dtype=np.int64)
        if len(todo):
            xy = self._trees[label][1][todo]
            pi, gi = self._land_tree.query(shapely.points(xy), predicate="dwithin",
                                           distance=BORDER_TOL_DEG)
            border = np.zeros(len(todo), bool)
            border[pi[self._land_labels[gi] != label]] = True
            memo.update(zip(todo.tolist(), border.tolist(), strict=True))
        return np.array([memo[i] for i in idx.tolist()], dtype=bool)

    def _nearest(self, label: str, q: np.ndarray, lon: float, lat: float,
                 max_m: float) -> tuple[float, float, float] | None:
        tree, xy = self._trees[label]
        n = len(xy)
        k = 16
        while True:
            kk = min(k, n)
            d, idx = tree.query(q, k=kk, distance_upper_bound=max_m)
            d, idx = np.atleast_1d(d), np.atleast_1d(idx)
            fin = np.isfinite(d)
            complete = not fin.all() or kk == n  # every vertex within max_m is in hand
            d, idx = d[fin], idx[fin]
            if len(idx):
                ok = ~self._is_border(label, idx)
                if ok.any():
                    d0 = d[ok][0]
                    reach = d0 * 1.002 + 1.0  # chord bound for the geodesic nearest vertex
                    if complete or d[-1] > reach:
                        cand = idx[ok & (d <= reach)]
                        _, _, dist = GEOD.inv(np.full(len(cand), lon), np.full(len(cand), lat),
                                              xy[cand, 0], xy[cand, 1])
                        j = int(np.argmin(dist))
                        if dist[j] > max_m:
                            return None
                        return float(dist[j]), float(xy[cand[j], 0]), float(xy[cand[j], 1])
            if complete:
                return None
            k *= 8

    def nearest_by_label(self, lon: float, lat: float,
                         max_km: float = 500.0) -> dict[str, tuple[float, float, float]]:
        """``{label: (distance_km, coast_lon, coast_lat)}`` for every label whose coast is
        within ``max_km`` kilometres (geodesic) of (lon, lat)."""
        out: dict[str, tuple[float, float, float]] = {}
        q = ecef([lon], [lat])[0]
        for label in self._trees:
            found = self._nearest(label, q, lon, lat, max_km * KM)
            if found is not None:
                out[label] = (found[0] / KM, found[1], found[2])
        return out

    def nearest_by_state(self, lon: float, lat: float, owners: dict[str, str],
                         max_km: float = 500.0) -> list[tuple[str, float]]:
        """``[(state, distance_km), ...]`` sorted by distance: the nearest coast of each
        state (``owners`` maps land labels to states under the chosen perspective)."""
        best: dict[str, float] = {}
        for label, (dkm, _, _) in self.nearest_by_label(lon, lat, max_km).items():
            state = owners.get(label, label)
            if dkm < best.get(state, np.inf):
                best[state] = dkm
        return sorted(best.items(), key=lambda kv: (kv[1], kv[0]))
