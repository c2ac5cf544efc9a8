"""The pointwise zone rule: the reference every shipped zone polygon is checked against.

For a point, the owning label is the label of the nearest coast vertex (geodesic distance
on WGS84), and its kind follows from that distance: <= 12 nm territorial sea, <= 24 nm
contiguous zone, <= 200 nm EEZ, beyond that none; a point on land has no zone. The coast
is the vertex set of ``land.parquet`` (:func:`coast_vertices`), the same vertices the
zones were built from. This is the median (equidistance) line rule, except inside the
area of an agreed boundary (``agreed_boundaries.csv``, :mod:`geo.zones.agreed`): there a
point whose nearest coast belongs to one of the two parties goes to the party on whose
side of the treaty line it lies (decided pointwise on the sphere), and its kind follows
from the distance to that party's coast.

Lon/lat are WGS84 degrees; distances are metres. Needs scipy (the ``build`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.geodesy import GEOD, NM, ecef_unit
from geo.zones.schema import COAST_FRAME, ZONE_LIMIT_NM

#: A land vertex within this many degrees (about 1 m) of another label's land polygon lies
#: on a land border, not on the coast.
BORDER_TOL_DEG = 1.5e-5
#: Vertices this close (degrees, about 100 m) to a frame cut or the antimeridian are cuts.
FRAME_TOL_DEG = 1e-3
#: Only vertices with a vertex of another label this close (degrees) can be on a border.
NEAR_DEG = 0.03

#: The winner's distance is the geodesic minimum over this many nearest vertices by chord.
REFINE_K = 8

#: Kind codes returned by :meth:`Oracle.classify`; 0 means no zone.
KIND_CODES = {1: "territorial_sea", 2: "contiguous_zone", 3: "eez", 4: "internal_waters",
              5: "archipelagic_waters"}
#: The codes from the outermost kind to the innermost (the innermost wins).
OUTER_TO_INNER = (3, 2, 1, 5, 4)


def frame_edge_values() -> tuple[set[float], set[float]]:
    """Longitudes and latitudes (degrees) at which land was cut, not coast.

    The land is cut at the edges of :data:`COAST_FRAME` (east edges past 180 appear in
    [-180, 180] after the antimeridian split) and at the antimeridian itself.
    """
    west, south, east, north = COAST_FRAME
    lons = {west, east, 180.0, -180.0}
    lons |= {v - 360.0 for v in (west, east) if v > 180.0}
    return lons, {south, north}


def ring_vertices(geoms) -> tuple[np.ndarray, np.ndarray]:
    """All ring vertices of polygons ``geoms`` (closing repeats dropped).

    Returns ``(xy, owner)``: an (n, 2) lon/lat array and the index of the geometry each
    vertex comes from.
    """
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    rings_parts = [shapely.get_parts(g) for g in geoms]
    xs, owners = [], []
    for gi, parts in enumerate(rings_parts):
        for poly in parts:
            for ring in [poly.exterior, *poly.interiors]:
                c = np.asarray(ring.coords)[:-1, :2]
                xs.append(c)
                owners.append(np.full(len(c), gi))
    if not xs:
        return np.zeros((0, 2)), np.zeros(0, int)
    return np.concatenate(xs), np.concatenate(owners)


def coast_vertices(geoms, labels) -> tuple[np.ndarray, np.ndarray]:
    """The coast of labelled land polygons: ``(xy, label)`` arrays of its vertices.

    A polygon vertex is coast unless it lies within :data:`FRAME_TOL_DEG` of a frame cut
    (:func:`frame_edge_values`) or
    within :data:`BORDER_TOL_DEG` of a polygon with another label (a land border). Works on
    ``land.parquet`` as shipped and on the build's continuous-longitude polygons alike.
    """
    import shapely
    from scipy.spatial import cKDTree

    geoms = np.asarray(geoms, dtype=object)
    labels = np.asarray(labels, dtype=object)
    xy, owner = ring_vertices(geoms)
    vlab = labels[owner]
    lons, lats = frame_edge_values()
    keep = np.ones(len(xy), bool)
    for v in lons:
        keep &= np.abs(xy[:, 0] - v) > FRAME_TOL_DEG
    for v in lats:
        keep &= np.abs(xy[:, 1] - v) > FRAME_TOL_DEG
    # candidates: vertices with a vertex of another label within NEAR_DEG (land-border
    # vertices always are: borders are densified like the coast); only they get the exact
    # test against the other labels' polygons
    near = np.zeros(len(xy), bool)
    for name in sorted(set(vlab.tolist())):
        mine = vlab == name
        if mine.all():
            continue
        d, _ = cKDTree(xy[mine]).query(xy[~mine], distance_upper_bound=NEAR_DEG)
        near[np.nonzero(~mine)[0][np.isfinite(d)]] = True
    cand = np.nonzero(keep & near)[0]
    if cand.size:
        tree = shapely.STRtree(geoms)
        pi, gi = tree.query(shapely.points(xy[cand]), predicate="dwithin",
                            distance=BORDER_TOL_DEG)
        other = labels[gi] != vlab[cand[pi]]
        keep[cand[pi[other]]] = False
    xy = xy[keep]
    lab = labels[owner[keep]]
    # a vertex shared by two rings of one label counts once
    _, first = np.unique(np.round(xy, 7), axis=0, return_index=True)
    first.sort()
    return xy[first], lab[first]


@dataclass
class OracleAnswer:
    """Vectorised answer for n points: owner label, kind code, distances (metres).

    ``label`` is ``""`` where there is no zone (land, or beyond 200 nm); ``kind`` is 0/1/2/3
    (:data:`KIND_CODES`); ``distance_m`` is the geodesic distance to the owner's nearest
    coast vertex and ``runner_up_m`` to the nearest vertex of any other label
    (``inf`` if none); ``margin_m`` half their difference, the distance from the median
    line along the ranking, and ``on_land`` flags points on land.
    """

    label: np.ndarray
    kind: np.ndarray
    distance_m: np.ndarray
    runner_up_m: np.ndarray
    nearest_label: np.ndarray
    on_land: np.ndarray

    @property
    def margin_m(self) -> np.ndarray:
        return (self.runner_up_m - self.distance_m) / 2.0


class Oracle:
    """Nearest-coast rule over a labelled vertex set.

    Build it from ``land.parquet`` with :meth:`from_land` (or from arrays); then
    :meth:`classify` answers many points at once. Ranking uses a cKDTree per label on
    geocentric unit vectors (chord length is monotonic in great-circle distance); the
    winner's and runner-up's distances are exact WGS84 geodesics (``GEOD.inv``).
    """

    def __init__(self, xy: np.ndarray, labels: np.ndarray, land=None, boundaries=(), *,
                 rocks: tuple[str, ...] = (), waters=(), special=()) -> None:
        from scipy.spatial import cKDTree

        from geo.zones.agreed import decide_sides

        #: labels entitled to a territorial sea and contiguous zone only
        self.rocks = tuple(rocks)
        #: ``(label, kind, polygon)``: internal / archipelagic waters (landward of baselines)
        self.waters = tuple(waters)
        #: ``(label, limit_m, polygon)``: inside the polygon the label's territorial sea
        #: ends at ``limit_m`` (Japan's specified straits)
        self.special = tuple(special)
        self.xy = np.asarray(xy, float)
        self.labels = np.asarray(labels, dtype=object)
        self.boundaries = decide_sides(list(boundaries), self.xy, self.labels)
        self.label_names = sorted(set(self.labels.tolist()))
        v = ecef_unit(self.xy[:, 0], self.xy[:, 1])
        self._label_trees = []
        for name in self.label_names:
            members = np.nonzero(self.labels == name)[0]
            self._label_trees.append((cKDTree(v[members]), members))
        self._land_tree = None
        if land is not None:
            import shapely

            self._land_prepared = np.asarray(land, dtype=object)
            shapely.prepare(self._land_prepared)
            self._land_tree = shapely.STRtree(self._land_prepared)

    def without_agreements(self) -> Oracle:
        """The same coast and land under the plain median-line rule: no agreed
        boundaries (what the answers would be without the treaties)."""
        land = self._land_prepared if self._land_tree is not None else None
        return Oracle(self.xy, self.labels, land=land, rocks=self.rocks, waters=self.waters,
                      special=self.special)

    @classmethod
    def from_land(cls, land_gdf, boundaries=()) -> Oracle:
        """Oracle over the coast of a land GeoDataFrame (columns ``label``, geometry),
        with the agreed ``boundaries`` (:class:`geo.zones.agreed.AgreedBoundary`)."""
        geoms = np.asarray(land_gdf.geometry.values, dtype=object)
        xy, lab = coast_vertices(geoms, land_gdf["label"].to_numpy())
        return cls(xy, lab, land=geoms, boundaries=boundaries)

    def on_land(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """True where the point lies in (or on) a land polygon."""
        import shapely

        n = len(lon)
        out = np.zeros(n, bool)
        if self._land_tree is None:
            return out
        pts = shapely.points(np.column_stack([lon, lat]))
        pi, gi = self._land_tree.query(pts)  # bounding boxes only
        if pi.size:
            hit = shapely.intersects(self._land_prepared[gi], pts[pi])
            out[pi[hit]] = True
        return out

    def nearest_by_label(self, lon: np.ndarray, lat: np.ndarray, exclude: tuple[str, ...] = ()
                         ) -> tuple[np.ndarray, ...]:
        """For each point: its nearest vertex and the nearest vertex of any other label.

        One cKDTree per label answers "nearest vertex of label L" for every point; the two
        labels with the shortest chords are the winner and the runner-up. Returns
        ``(i1, i2)`` vertex indices (``i2`` is -1 when there is only one label).
        """
        q = ecef_unit(lon, lat)
        n = len(q)
        chord = np.full((n, len(self._label_trees)), np.inf)
        index = np.zeros((n, len(self._label_trees)), int)
        for j, (tree, members) in enumerate(self._label_trees):
            if self.label_names[j] in exclude:
                continue
            d, i = tree.query(q, k=1)
            chord[:, j] = d
            index[:, j] = members[i]
        order = np.argsort(chord, axis=1, kind="stable")
        rows = np.arange(n)
        i1 = index[rows, order[:, 0]]
        i2 = index[rows, order[:, 1]] if chord.shape[1] > 1 else np.full(n, -1)
        if chord.shape[1] > 1:
            i2 = np.where(np.isfinite(chord[rows, order[:, 1]]), i2, -1)
        return i1, i2

    def _distance_to_label(self, lon: np.ndarray, lat: np.ndarray, labels: np.ndarray
                           ) -> np.ndarray:
        """Geodesic distance (m) from each point to the nearest coast vertex of its label:
        the geodesic minimum over the :data:`REFINE_K` nearest vertices by chord (on the
        ellipsoid the chord's nearest vertex can be a few centimetres farther than
        another)."""
        q = ecef_unit(lon, lat)
        out = np.full(len(lon), np.inf)
        for name, (tree, members) in zip(self.label_names, self._label_trees, strict=True):
            sel = np.nonzero(labels == name)[0]
            if sel.size:
                k = min(REFINE_K, len(members))
                _, i = tree.query(q[sel], k=k)
                v = members[np.asarray(i).reshape(len(sel), k)]
                d = GEOD.inv(np.repeat(lon[sel], k), np.repeat(lat[sel], k),
                             self.xy[v.ravel(), 0], self.xy[v.ravel(), 1])[2]
                out[sel] = np.asarray(d, float).reshape(len(sel), k).min(axis=1)
        return out

    def classify(self, lon, lat) -> OracleAnswer:
        """Owner label, kind, distances for points (arrays of WGS84 lon/lat degrees)."""
        lon = np.atleast_1d(np.asarray(lon, float))
        lat = np.atleast_1d(np.asarray(lat, float))
        dw, dr, nearest = self._nearest(lon, lat)
        if self.rocks:
            # beyond 24 nm of a rock that is nearest, the EEZ is the other coasts'
            far = np.isin(nearest, list(self.rocks)) & (
                dw > ZONE_LIMIT_NM["contiguous_zone"] * NM)
            if far.any():
                dw2, dr2, n2 = self._nearest(lon[far], lat[far], exclude=self.rocks)
                dw[far], dr[far], nearest[far] = dw2, dr2, n2
        kind = np.zeros(len(lon), int)
        kind[dw <= ZONE_LIMIT_NM["eez"] * NM] = 3
        kind[dw <= ZONE_LIMIT_NM["contiguous_zone"] * NM] = 2
        ts_limit = np.full(len(lon), ZONE_LIMIT_NM["territorial_sea"] * NM)
        pts = None
        if self.special or self.waters:
            import shapely

            pts = shapely.points(np.column_stack([lon, lat]))
        if self.special:
            for label, limit_m, area in self.special:
                inside = shapely.intersects(area, pts) & (nearest == label)
                ts_limit[inside] = np.minimum(ts_limit[inside], limit_m)
        kind[dw <= ts_limit] = 1
        for name in self.rocks:
            kind[(nearest == name) & (kind == 3)] = 0
        if self.waters:
            code = {v: k for k, v in KIND_CODES.items()}
            for label, wkind, geom in self.waters:
                inside = shapely.intersects(geom, pts)
                kind[inside] = code[wkind]
                nearest[inside] = label
                dw[inside] = 0.0
        land = self.on_land(lon, lat)
        kind[land] = 0
        label = np.where(kind > 0, nearest, "")
        return OracleAnswer(label.astype(object), kind, dw, dr, nearest, land)

    def _nearest(self, lon: np.ndarray, lat: np.ndarray, exclude: tuple[str, ...] = ()
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Distance to the owner's coast, to the runner-up's, and the owner label (the
        nearest coast, moved by agreed boundaries), ignoring the labels ``exclude``."""
        i1, i2 = self.nearest_by_label(lon, lat, exclude)
        d1 = GEOD.inv(lon, lat, self.xy[i1, 0], self.xy[i1, 1])[2]
        d2 = np.full(len(lon), np.inf)
        ok = i2 >= 0
        d2[ok] = GEOD.inv(lon[ok], lat[ok], self.xy[i2[ok], 0], self.xy[i2[ok], 1])[2]
        d1 = np.asarray(d1, float)
        # the chord ranking and the ellipsoid may disagree within metres of a median line:
        # the geodesically nearer of the two wins
        swap = d2 < d1
        win = np.where(swap, i2, i1)
        dw = np.where(swap, d2, d1)
        dr = np.where(swap, d1, d2)
        nearest = self.labels[win]
        if self.boundaries:
            from geo.zones.agreed import owner_by_agreement

            owner = owner_by_agreement(self.boundaries, lon, lat, nearest)
            moved = np.nonzero(owner != nearest)[0]
            if moved.size:
                # the treaty gives these points to the other party: the runner-up is the
                # median owner; the distance to the owner's coast is measured below
                dr[moved] = dw[moved]
                nearest = owner
        nearest = np.asarray(nearest, dtype=object)
        return (self._distance_to_label(lon, lat, nearest), np.asarray(dr, float), nearest)


def load_oracle(data_dir=None, perspective: str | None = None) -> Oracle:
    """Oracle over the shipped ``land.parquet`` and ``agreed_boundaries.csv`` (in
    ``data_dir`` or the data folder) under ``perspective`` (default ``administering``).

    The coast of each label is its land plus the baselines that apply along it under the
    view (``baselines.csv``: densified turning points, :mod:`geo.zones.worlds`); the water
    landward of them is taken from the shipped ``internal_waters`` /
    ``archipelagic_waters`` rows of that view; labels the view holds to be rocks
    (``entitlements.csv``) have no EEZ; Japan's specified straits
    (``specified_areas.csv``) have a 3-nm territorial sea.
    """
    import geopandas as gpd

    from geo._paths import data_dir as default_dir
    from geo.geodesy import NM as _NM
    from geo.zones.agreed import read_agreed_boundaries
    from geo.zones.baselines import (
        BASELINES_FILE,
        majority_labels,
        point_labels,
        read_baselines,
    )
    from geo.zones.entitlements import ENTITLEMENTS_FILE, read_entitlements
    from geo.zones.schema import (
        AGREED_BOUNDARIES_FILE,
        BASELINE_WATER_KINDS,
        DEFAULT_PERSPECTIVE,
        LAND_FILE,
        SOVEREIGNTY_FILE,
        ZONES_FILE,
    )
    from geo.zones.sovereignty import read_sovereignty
    from geo.zones.specified_areas import SPECIFIED_AREAS_FILE, read_specified_areas
    from geo.zones.worlds import world_of, world_vertices

    folder = default_dir() if data_dir is None else data_dir
    perspective = perspective or DEFAULT_PERSPECTIVE
    land = gpd.read_parquet(folder / LAND_FILE)
    geoms = np.asarray(land.geometry.values, dtype=object)
    xy, lab = coast_vertices(geoms, land["label"].to_numpy())
    boundaries = read_agreed_boundaries(folder / AGREED_BOUNDARIES_FILE)
    if not (folder / BASELINES_FILE).exists():
        return Oracle(xy, lab, land=geoms, boundaries=boundaries)
    baselines = read_baselines(folder / BASELINES_FILE)
    per_point = point_labels(baselines, geoms, land["label"].to_numpy())
    seg_label = majority_labels(per_point)
    sov = read_sovereignty(folder / SOVEREIGNTY_FILE)
    ent_path = folder / ENTITLEMENTS_FILE
    ent = (read_entitlements(ent_path, labels=set(sov["label"].astype(str)))
           if ent_path.exists() else None)
    catalog: dict = {}
    world = world_of(perspective, baselines, seg_label, sov, ent, per_point, catalog)
    waters: list[tuple[str, str, object]] = []
    zpath = folder / ZONES_FILE
    if zpath.exists():
        from geo.zones.zoneset import rows_holding

        zones = gpd.read_parquet(zpath)
        if "perspectives" in zones.columns:
            zones = zones[rows_holding(zones["perspectives"], perspective)]
        rows = zones
        for r in rows[rows["kind"].isin(BASELINE_WATER_KINDS)].itertuples(index=False):
            waters.append((str(r.label), str(r.kind), r.geometry))
    by_label: dict[str, dict[str, object]] = {}
    for label, kind, geom in waters:
        by_label.setdefault(label, {})[kind] = geom
    wxy, wlab = world_vertices(xy, lab, world, by_label,
                               {**{b.segment: b for b in baselines}, **catalog}, lon_from=-180.0)
    special = []
    sa_path = folder / SPECIFIED_AREAS_FILE
    if sa_path.exists():
        sa = read_specified_areas(sa_path)
        special = [("JPN", float(r.limit_nm) * _NM, r.geometry) for r in sa.itertuples(index=False)]
    return Oracle(wxy, wlab, land=geoms, boundaries=boundaries, rocks=world.rocks,
                  waters=waters, special=special)


def polygon_answer(zones, lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """What zone polygons say at points: ``(label, kind code)`` of the innermost row.

    ``zones`` is a GeoDataFrame with ``label``, ``kind`` and geometry (e.g.
    ``zones.parquet``); the codes are those of :data:`KIND_CODES` (``""`` / 0: no zone).
    The counterpart of :meth:`Oracle.classify` for checking polygons against the rule.
    """
    import shapely

    pts = shapely.points(np.column_stack([np.asarray(lon, float), np.asarray(lat, float)]))
    lab = np.full(len(pts), "", dtype=object)
    kind = np.zeros(len(pts), int)
    # The tree holds the points and each polygon queries it: shapely evaluates the
    # predicate with the query geometry prepared, so each polygon is prepared once and
    # tested against the points in its box (the other way round, every candidate test
    # walked a whole unprepared polygon).
    tree = shapely.STRtree(pts)
    for code in OUTER_TO_INNER:  # the innermost kind is written last
        sub = zones[zones["kind"] == KIND_CODES[code]]
        if not len(sub):
            continue
        gi, pi = tree.query(sub.geometry.values, predicate="intersects")
        labels = sub["label"].to_numpy()
        lab[pi] = labels[gi]
        kind[pi] = code
        # a point on the line between two rows of this kind: the row that wins is the one
        # the polygon tree reports last for that point (as before the swap), so ask it
        count = np.bincount(pi, minlength=len(pts))
        tied = np.flatnonzero(count > 1)
        if len(tied):
            ti, tg = shapely.STRtree(sub.geometry.values).query(pts[tied],
                                                                predicate="intersects")
            lab[tied[ti]] = labels[tg]
    return lab, kind


def boundary_distance_m(zones, lon, lat) -> np.ndarray:
    """Geodesic distance (m) from each point to the nearest boundary of any zone polygon.

    The nearest boundary point is found in lon/lat (a few points only: meant for the
    disagreements of a check), then measured on WGS84.
    """
    import shapely

    lon = np.atleast_1d(np.asarray(lon, float))
    lat = np.atleast_1d(np.asarray(lat, float))
    if lon.size == 0:
        return np.zeros(0)
    boundary = shapely.union_all(list(shapely.boundary(zones.geometry.values)))
    lines = shapely.shortest_line(shapely.points(np.column_stack([lon, lat])), boundary)
    xy = shapely.get_coordinates(lines).reshape(-1, 4)
    return np.asarray(GEOD.inv(xy[:, 0], xy[:, 1], xy[:, 2], xy[:, 3])[2], float)
