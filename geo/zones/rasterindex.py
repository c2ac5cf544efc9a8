"""An exact multi-level raster of a zone set's answers under one perspective.

:func:`geo.classify` gives each point one *class*: the (kind, state, label, status) of the
row that decides its answer (:mod:`geo.zones.classify`). Over most of the map that answer
is the same for a whole neighbourhood, so :class:`RasterIndex` precomputes it:

* The frame the zones cover is cut into level-0 cells of :data:`TOP_DEG` degrees; each
  cell that a boundary touches is cut into ``4 x 4`` cells of the next level, and so on
  for :data:`LEVELS` levels (the last level's cells are ``TOP_DEG / 4**(LEVELS-1)``
  degrees: 0.25 / 256 = 1/1024 degree, about 108 m of latitude).
* A cell that no boundary touches (no boundary of a zone row holding under the view, of
  its overlap or agreed part, or of a land polygon meets the *closed* cell) lies wholly in
  the interior or wholly in the exterior of every polygon, so every point of it, its edges
  and corners included, has one answer: the cell stores that class.
* Only points in last-level cells that a boundary touches are tested exactly: such a cell
  keeps the original (unclipped) polygons whose boundary meets it, tests its points
  against those, and reads every other polygon's answer once at the cell centre; the
  class then comes from a table per set of tested polygons (:func:`exact_codes` is the
  same test without the index).

So the answers are those of the direct polygon test on every point: on vertices, on
edges, on cell lines (a cell line no boundary touches has the answer of both cells beside
it), and at +/-180 degrees. Boundaries are marked on the cells with a margin of
:data:`_EPS` cell widths, so rounding in a point's cell arithmetic cannot move it across
a boundary. Points outside the covered frame (or within ``1e-9`` degree of its edges, and
the poles when the frame stops short of them) take the exact path as well.

Which cells a boundary touches: every boundary is densified to segments of at most half a
last-level cell, and the last-level cells meeting each segment's bounding box (plus the
margin) are marked; a coarser cell is touched when one of its last-level cells is. The
answer of an untouched cell comes from its neighbours: untouched cells that share an edge
are one connected region no boundary crosses, so one exact test per region (or the known
answer of a coarser untouched neighbour) gives all its cells.

Coordinates are WGS84 lon/lat degrees (EPSG:4326).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.geodesy import in_lonlat_box, normalize_lon

if TYPE_CHECKING:  # pragma: no cover
    from geo.zones.zoneset import ZoneSet

#: Version of the index layout (part of its cache key).
VERSION = 2
#: Level-0 cell size in degrees.
TOP_DEG = 0.25
#: Number of levels (each cuts a touched cell into 4 x 4).
LEVELS = 5
_SPLIT = 4
_SHIFT = 2  # log2(_SPLIT)
#: Margin (in last-level cell widths) around every boundary segment when marking cells.
_EPS = 1e-6
#: Points closer than this (degrees) to the frame's edges take the exact path.
_EDGE = 1e-9
#: Cell size (degrees) of the grid index the exact path uses.
EXACT_GRID_DEG = 0.25
#: The exact path tests (point, piece) pairs of up to this many points in one call.
_SPARSE_MAX = 4096
#: Smaller batches are answered by the exact path when no index is built or saved yet
#: (building one takes a minute on the shipped zones; see benchmarks/classify_bench.py).
RASTER_MIN_POINTS = 200_000
#: A combination of cells with more tested geometries than this has no precomputed
#: table of subset classes: its points take the deciding-hit rule one by one.
_MAX_TESTED = 8
#: The arrays describing the combinations (see :meth:`RasterIndex._build_combos`).
_COMBO_ARRAYS = ("offset", "t_start", "t_count", "t_geom", "i_start", "i_count", "i_geom",
                 "code")


@dataclass
class ClassTable:
    """The classes of one perspective: class ``c`` is ``(kind[c], state[c], label[c],
    status[c])`` (``None`` where empty); class 0 is "no zone" (high seas, or not covered).

    ``zone_code[r, s]``: the class of zone row ``r`` with status ``statuses[s]``;
    ``land_code[l]``: the class of land row ``l``; ``country_code``: sovereign ISO3 ->
    class of land outside the covered frame (Natural Earth countries).
    """

    kind: np.ndarray
    state: np.ndarray
    label: np.ndarray
    status: np.ndarray
    statuses: tuple[str, ...]
    zone_code: np.ndarray
    land_code: np.ndarray
    country_code: dict[str, int]
    #: Categories of each answer column, the same under every perspective of the zone set
    #: (so answers of two views compare): ``{"kind": [...], "state": [...], ...}``.
    categories: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.kind)

    def frame(self):
        """The lookup table as a DataFrame: one row per class (index = class code)."""
        import pandas as pd

        return pd.DataFrame({"kind": self.kind, "state": self.state, "label": self.label,
                             "status": self.status}, dtype=object)


def class_table(zs: ZoneSet, persp: str) -> ClassTable:
    """Every class an answer under ``persp`` can take (zone rows in view x their possible
    statuses, land rows, Natural Earth sovereigns), numbered once per zone set."""
    return zs._lazy(f"class_table:{persp}", lambda: _class_table(zs, persp))


def _class_table(zs: ZoneSet, persp: str) -> ClassTable:
    from geo.zones.schema import ZONE_KINDS
    from geo.zones.where import STATUS_PRECEDENCE, label_owners, rows_in_view

    zones = zs.zones
    owners = label_owners(zs, persp)
    fixed = np.asarray(zones["status"], dtype=object)
    statuses = list(STATUS_PRECEDENCE)
    for f in fixed:
        if isinstance(f, str) and f and f not in statuses:
            statuses.append(f)
    keys: dict[tuple, int] = {(None, None, None, None): 0}

    def code(key: tuple) -> int:
        return keys.setdefault(key, len(keys))

    in_view = rows_in_view(zs, persp) if len(zones) else np.zeros(0, bool)
    zone_code = np.zeros((len(zones), len(statuses)), np.int32)
    for r, (lab, kind) in enumerate(zip(zones["label"].astype(str), zones["kind"], strict=True)):
        if not in_view[r]:
            continue
        state = owners.get(lab, lab)
        for s, st in enumerate(statuses):
            zone_code[r, s] = code((str(kind), state, lab, st))
    assert all(k in ZONE_KINDS for k in zones["kind"])
    land_code = np.zeros(0 if zs.land is None else len(zs.land), np.int32)
    if zs.land is not None:
        for i, lab in enumerate(zs.land["label"].astype(str)):
            land_code[i] = code(("land", owners.get(lab, lab), lab,
                                 "disputed" if zs.is_disputed(lab) else None))
    country_code: dict[str, int] = {}
    if zs.coverage is not None and zs.countries_path is not None:
        from pathlib import Path

        if Path(zs.countries_path).exists():
            import pyarrow.parquet as pq

            names = pq.read_schema(zs.countries_path).names
            col = "sovereign" if "sovereign" in names else "iso3"
            for sov in sorted({str(s) for s in pq.read_table(zs.countries_path,
                                                               columns=[col]).column(0)
                               .to_pylist() if s is not None}):
                country_code[sov] = code(("land", sov, None, None))
    table = np.array(list(keys), dtype=object).reshape(len(keys), 4)
    labels = set(zones["label"].astype(str)) | set(zs.sovereignty["label"].astype(str))
    land_labels = set() if zs.land is None else set(zs.land["label"].astype(str))
    states = {zs.owner(lab, p) for lab in labels for p in zs.perspectives}
    from geo.zones.zoneset import is_iso3

    states |= {lab for lab in land_labels if is_iso3(lab)} | set(country_code)
    states |= {s for s in table[:, 1] if s is not None}
    categories = {"kind": ["land", *ZONE_KINDS], "state": sorted(states),
                  "label": sorted(labels | land_labels), "status": list(statuses)}
    return ClassTable(kind=table[:, 0], state=table[:, 1], label=table[:, 2],
                      status=table[:, 3], statuses=tuple(statuses), zone_code=zone_code,
                      land_code=land_code, country_code=country_code, categories=categories)


@dataclass
class _Rules:
    """Per-row facts of the deciding-hit rule under one perspective (built once)."""

    in_view: np.ndarray
    kind_rank: np.ndarray
    label: np.ndarray
    state: np.ndarray
    state_ord: np.ndarray
    fixed: np.ndarray
    has_fixed: np.ndarray
    disputed: np.ndarray
    rank_of: dict


def _rules(zs: ZoneSet, persp: str) -> _Rules:
    def build() -> _Rules:
        from geo.zones.where import STATUS_PRECEDENCE, label_owners, rows_in_view, status_rank
        from geo.zones.zoneset import KIND_RANK

        zones_df = zs.zones
        label = np.asarray(zones_df["label"].astype(str), dtype=object)
        owners = label_owners(zs, persp)
        state = np.array([owners.get(lab, lab) for lab in label], dtype=object)
        names = sorted(set(state.tolist()))
        fixed = np.asarray(zones_df["status"], dtype=object)
        has_fixed = np.array([isinstance(f, str) and bool(f) for f in fixed], dtype=bool)
        return _Rules(
            in_view=(rows_in_view(zs, persp) if len(zones_df) else np.zeros(0, bool)),
            kind_rank=np.array([KIND_RANK[k] for k in zones_df["kind"]], dtype=np.int64),
            label=label, state=state,
            state_ord=np.array([names.index(x) for x in state], dtype=np.int64),
            fixed=fixed, has_fixed=has_fixed,
            disputed=np.array([zs.is_disputed(lab) for lab in label], dtype=bool),
            rank_of={x: status_rank(x) for x in {*STATUS_PRECEDENCE, *fixed[has_fixed]}})

    return zs._lazy(f"pick_rules:{persp}", build)


def pick(zs: ZoneSet, persp: str, pidx: np.ndarray, gidx: np.ndarray):
    """The deciding hit per point (see :mod:`geo.zones.classify`): from ``(point, layer
    geometry)`` hit pairs sorted by point then geometry, return ``(point, geometry,
    status)`` of the first hit of each point in the order land, innermost kind, first
    state, status precedence, lower row (``status`` is an object array, ``None`` for
    land)."""
    rules = _rules(zs, persp)
    layers = zs.layers
    r_count = layers["n_zones"]
    land_off = layers["land"]

    is_zone = gidx < r_count
    if r_count:
        is_zone[is_zone] = rules.in_view[gidx[is_zone]]
    is_land = gidx >= land_off

    zp_all, zg_all = pidx[is_zone], gidx[is_zone]
    in_overlap, in_agreed = zs.in_parts(pidx, gidx, zp_all, zg_all)
    st = np.where(in_overlap, "median line", "uncontested").astype(object)
    st[in_agreed] = "agreed"
    st[rules.disputed[zg_all]] = "disputed"
    has_fixed = rules.has_fixed[zg_all]
    st[has_fixed] = rules.fixed[zg_all][has_fixed]
    st_rank = np.array([rules.rank_of[x] for x in st], dtype=np.int64)

    n_land_hits = int(is_land.sum())
    p = np.concatenate([zp_all, pidx[is_land]])
    g = np.concatenate([zg_all, gidx[is_land]])
    kind_rank = np.concatenate([rules.kind_rank[zg_all], np.full(n_land_hits, -1, np.int64)])
    state_ord = np.concatenate([rules.state_ord[zg_all], np.zeros(n_land_hits, np.int64)])
    srank = np.concatenate([st_rank, np.zeros(n_land_hits, np.int64)])
    status_hit = np.concatenate([st, np.full(n_land_hits, None, dtype=object)])
    order = np.lexsort((g, srank, state_ord, kind_rank, p))
    p, g, status_hit = p[order], g[order], status_hit[order]
    first = np.flatnonzero(np.concatenate(([True], p[1:] != p[:-1]))) if len(p) else p
    return p[first], g[first], status_hit[first]


def direct_hits(zs: ZoneSet, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(point, layer geometry)`` pairs, sorted by point then geometry, by testing each
    point against the original (uncut) polygons: candidates by bounding box per point
    (the zone set's STRtree), then one elementwise :func:`shapely.intersects_xy` over the
    (candidate, point) pairs grouped by geometry (prepared). Polygons drawn past +/-180
    are also tested at ``lon +/- 360``. The reference the indexes are checked against."""
    import shapely

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    geoms = zs.layers["geoms"]
    n_geoms = np.int64(len(geoms))
    tree, bounds = zs.layer_tree()
    beyond = (bounds[:, 0] < -180.0) | (bounds[:, 2] > 180.0)
    keys = []
    for shift in (0.0, 360.0, -360.0):
        if shift and not beyond.any():
            break
        x = lon + shift if shift else lon
        p, g = tree.query(shapely.points(x, lat))
        if shift:
            keep = beyond[g]
            p, g = p[keep], g[keep]
        if not len(p):
            continue
        order = np.lexsort((p, g))  # grouped by geometry: one prepared polygon at a time
        p, g = p[order], g[order]
        cand = geoms[g]
        shapely.prepare(geoms[_unique_sorted(g)])
        inside = shapely.intersects_xy(cand, x[p], lat[p])
        keys.append(p[inside] * n_geoms + g[inside])
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    key = _unique_sorted(np.concatenate(keys))
    return key // n_geoms, key % n_geoms


def fine_grid(zs: ZoneSet):
    """A :class:`~geo.zones.pointindex.GridIndex` over the zone set's layers with
    :data:`EXACT_GRID_DEG`-degree cells (smaller pieces than the zone set's 1-degree
    index: the points the raster leaves are few and spread out), built once."""
    from geo.zones.pointindex import GridIndex

    return zs._lazy(f"grid_index:{EXACT_GRID_DEG}",
                    lambda: GridIndex(zs.layers["geoms"], cell_deg=EXACT_GRID_DEG))


def _grouped_hits(grid, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``grid.query(x, y)`` (the same pairs, sorted by point then geometry) by
    :meth:`~geo.zones.pointindex.GridIndex.query_sparse` on chunks of :data:`_SPARSE_MAX`
    points taken in grid-cell order, so that each chunk meets few pieces (cache-friendly)
    and its (point, piece) pair arrays stay small."""
    n = len(x)
    if n <= _SPARSE_MAX:
        return grid.query_sparse(x, y)
    c = grid.cell_deg
    key = (np.floor((y + 90.0) / c) * grid.ncols + np.floor((x + 180.0) / c))
    order = np.argsort(key, kind="stable")
    keys = []
    for a in range(0, n, _SPARSE_MAX):
        at = order[a:a + _SPARSE_MAX]
        p, g = grid.query_sparse(x[at], y[at])
        keys.append(at[p] * np.int64(grid.n_geoms) + g)
    out = np.concatenate(keys)
    out.sort()
    return out // grid.n_geoms, out % grid.n_geoms


def hit_codes(zs: ZoneSet, persp: str, table: ClassTable, n: int, pidx: np.ndarray,
              gidx: np.ndarray) -> np.ndarray:
    """Class codes (int32) of ``n`` points from their ``(point, layer geometry)`` hit pairs
    (sorted by point then geometry) by the deciding-hit rule (:func:`pick`); 0 where a point
    has no hit."""
    out = np.zeros(n, np.int32)
    pp, pg, pst = pick(zs, persp, pidx, gidx)
    zpick = pg < zs.layers["n_zones"]
    if zpick.any():
        s_index = {s: i for i, s in enumerate(table.statuses)}
        s_idx = np.array([s_index[s] for s in pst[zpick]], np.int64)
        out[pp[zpick]] = table.zone_code[pg[zpick], s_idx]
    lp = ~zpick
    out[pp[lp]] = table.land_code[pg[lp] - zs.layers["land"]]
    return out


def exact_codes(zs: ZoneSet, persp: str, table: ClassTable, lon: np.ndarray, lat: np.ndarray,
                *, countries: bool = True, grid=None) -> np.ndarray:
    """Class codes (int32) of points (lon/lat degree arrays, finite, |lat| <= 90) by the
    exact test: :func:`direct_hits` against the original polygons, the deciding-hit rule,
    and outside the covered frame (with ``countries``) land from the Natural Earth
    countries.

    ``grid`` (a :class:`~geo.zones.pointindex.GridIndex`): test its clipped cell pieces
    instead. Clipping rounds the points where a boundary meets a cell edge, so that answer
    may differ from the direct test within about 1e-12 degree of a boundary: only for
    points known to lie farther than that from every boundary (the index build's cell
    centres)."""
    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    n = len(lon)
    if not n:
        return np.zeros(0, np.int32)
    x = np.where((lon >= -180.0) & (lon < 180.0), lon, normalize_lon(lon))
    if grid is None:
        pidx, gidx = direct_hits(zs, x, lat)
    else:
        pidx, gidx = _grouped_hits(grid, x, lat)
    out = hit_codes(zs, persp, table, n, pidx, gidx)
    if countries and zs.coverage is not None:
        outside = (out == 0) & ~in_lonlat_box(x, lat, zs.coverage)
        if outside.any():
            sov = zs.countries_at(x[outside], lat[outside])
            at = np.flatnonzero(outside)
            for i, s in zip(at, sov, strict=True):
                if s is not None:
                    out[i] = table.country_code[str(s)]
    return out


class RasterIndex:
    """The exact multi-level raster of one zone set under one perspective (see the module
    docstring). Build with :func:`raster_index`; query with :meth:`codes`."""

    def __init__(self, zs: ZoneSet, persp: str, *, top_deg: float = TOP_DEG,
                 levels: int = LEVELS, frame: tuple[float, float, float, float] | None = None,
                 nodes: list[np.ndarray] | None = None,
                 combos: dict[str, np.ndarray] | None = None) -> None:
        """``frame`` (west, south, east, north degrees; default the zone set's coverage,
        the whole world without one) may be narrowed: points off it take the exact path.
        ``nodes`` and ``combos``: the arrays of a saved index with the same parameters."""
        self.zs = zs
        self.persp = persp
        self.table = class_table(zs, persp)
        self.levels = int(levels)
        self.top_deg = float(top_deg)
        self.fine_deg = self.top_deg / _SPLIT ** (self.levels - 1)
        if frame is not None:
            self.frame = tuple(float(v) for v in frame)
        elif zs.coverage is not None:
            self.frame = tuple(float(v) for v in zs.coverage)
        else:
            self.frame = (-180.0, -90.0, 180.0, 90.0)
        w, s, e, n = self.frame
        self.nx0 = max(1, math.ceil((e - w) / self.top_deg - 1e-9))
        self.ny0 = max(1, math.ceil((n - s) / self.top_deg - 1e-9))
        scale = _SPLIT ** (self.levels - 1)
        self.nxf, self.nyf = self.nx0 * scale, self.ny0 * scale
        if nodes is None:
            self._build()
        else:
            self.nodes = list(nodes)
            self.combos = {k: np.asarray(v) for k, v in (combos or {}).items()}
        self._prepare()

    # ---------------------------------------------------------------- build
    def _geom_ids(self) -> np.ndarray:
        """Positions in the zone set's layers of the geometries an answer under this view
        depends on: zone rows in view, their overlap and agreed parts, land."""
        from geo.zones.where import rows_in_view

        lay = self.zs.layers
        r = lay["n_zones"]
        geoms = lay["geoms"]
        keep = np.ones(len(geoms), bool)
        if r:
            view = rows_in_view(self.zs, self.persp)
            for off in (0, lay["overlap"], lay["agreed"]):
                keep[off:off + r] = view
        keep &= np.array([g is not None for g in geoms])
        return np.flatnonzero(keep)

    def _mark_pairs(self) -> np.ndarray:
        """Sorted unique keys ``cell * n_geoms + geometry`` of the (last-level cell, layer
        geometry) pairs where the geometry's boundary touches the cell (cell id
        ``j * nxf + i``)."""
        import shapely

        w, s = self.frame[0], self.frame[1]
        c = self.fine_deg
        geoms = self.zs.layers["geoms"]
        n_geoms = np.int64(len(geoms))
        ids = self._geom_ids()
        marked: list[np.ndarray] = []
        for a in range(0, len(ids), 256):
            gi = ids[a:a + 256]
            lines, part_of = shapely.get_parts(
                shapely.segmentize(shapely.boundary(geoms[gi]), c / 2), return_index=True)
            xy, ring = shapely.get_coordinates(lines, return_index=True)
            same = ring[1:] == ring[:-1]
            gseg = gi[part_of[ring[:-1][same]]].astype(np.int64)
            x0, y0 = xy[:-1, 0][same], xy[:-1, 1][same]
            x1, y1 = xy[1:, 0][same], xy[1:, 1][same]
            xs0 = (x0 - w) % 360.0 + w
            xs1 = xs0 + (x1 - x0)
            segs = [(xs0, xs1, y0, y1, gseg)]
            wrap = np.maximum(xs0, xs1) >= w + 360.0 - 2 * c
            if wrap.any():
                segs.append((xs0[wrap] - 360.0, xs1[wrap] - 360.0, y0[wrap], y1[wrap],
                             gseg[wrap]))
            chunk: list[np.ndarray] = []
            for u0, u1, v0, v1, g in segs:
                ia = np.floor((np.minimum(u0, u1) - w) / c - _EPS).astype(np.int64)
                ib = np.floor((np.maximum(u0, u1) - w) / c + _EPS).astype(np.int64)
                ja = np.floor((np.minimum(v0, v1) - s) / c - _EPS).astype(np.int64)
                jb = np.floor((np.maximum(v0, v1) - s) / c + _EPS).astype(np.int64)
                one = (ia == ib) & (ja == jb)
                ia1, ja1, g1 = ia[one], ja[one], g[one]
                ok = (ia1 >= 0) & (ja1 >= 0) & (ia1 < self.nxf) & (ja1 < self.nyf)
                k1 = (ja1[ok] * self.nxf + ia1[ok]) * n_geoms + g1[ok]
                if len(k1):  # runs of segments inside one cell: keep one of each run
                    chunk.append(k1[np.concatenate(([True], k1[1:] != k1[:-1]))])
                many = ~one
                ia, ib, ja, jb, g = ia[many], ib[many], ja[many], jb[many], g[many]
                span = max(int((ib - ia).max(initial=0)), int((jb - ja).max(initial=0)))
                for di in range(span + 1):
                    for dj in range(span + 1):
                        i, j = ia + di, ja + dj
                        ok = ((i <= ib) & (j <= jb) & (i >= 0) & (j >= 0)
                              & (i < self.nxf) & (j < self.nyf))
                        chunk.append((j[ok] * self.nxf + i[ok]) * n_geoms + g[ok])
            if chunk:
                marked.append(_unique_sorted(np.concatenate(chunk)))
        if not marked:
            return np.empty(0, np.int64)
        return _unique_sorted(np.concatenate(marked))

    def _build_combos(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """From the (cell, geometry) boundary pairs: the touched last-level cells (sorted
        ids) and the combination number of each, filling :attr:`combos`.

        In a touched cell ``C`` a geometry whose boundary does not touch ``C`` holds every
        point of ``C`` or none (its status at the cell centre, ``inside``); only the
        geometries whose boundary touches ``C`` (``tested``, at most a handful) need a test
        per point. Cells with the same (inside, tested) sets share one combination; for
        each combination with at most :data:`_MAX_TESTED` tested geometries, the class of
        every subset of tested geometries holding a point is precomputed (``code``), so a
        point's answer is one lookup after its tests."""
        zs = self.zs
        geoms = zs.layers["geoms"]
        n_geoms = np.int64(len(geoms))
        w, s = self.frame[0], self.frame[1]
        c = self.fine_deg
        kc, kg = keys // n_geoms, keys % n_geoms
        first = np.flatnonzero(np.concatenate(([True], kc[1:] != kc[:-1]))) if len(kc) \
            else np.empty(0, np.int64)
        tcell = kc[first]
        n_t = len(tcell)
        nb = np.diff(np.append(first, len(kc)))
        pair_cell = np.repeat(np.arange(n_t, dtype=np.int64), nb)
        # status of every other geometry at the cell centres (farther than half a cell
        # from their boundaries, so the clipped pieces of the grid index answer exactly)
        cx = w + (tcell % self.nxf + 0.5) * c
        cy = s + (tcell // self.nxf + 0.5) * c
        cx = np.where((cx >= -180.0) & (cx < 180.0), cx, normalize_lon(cx))
        hp, hg = _grouped_hits(self.grid, cx, cy) if n_t else (kc[:0], kg[:0])
        relevant = np.zeros(len(geoms), bool)
        relevant[self._geom_ids()] = True
        keep = relevant[hg]
        hp, hg = hp[keep], hg[keep]
        inb = _sorted_contains(pair_cell * n_geoms + kg, hp * n_geoms + hg)
        hp, hg = hp[~inb], hg[~inb]
        # one sorted entry list per cell: 2 g (inside) or 2 g + 1 (tested)
        ent_cell = np.concatenate([hp, pair_cell])
        ent = np.concatenate([2 * hg, 2 * kg + 1])
        order = np.lexsort((ent, ent_cell))
        ent_cell, ent = ent_cell[order], ent[order]
        count = np.bincount(ent_cell, minlength=n_t)
        start = (np.cumsum(count) - count).astype(np.int64)
        pos = np.arange(len(ent), dtype=np.int64) - np.repeat(start, count)
        combo, rep = _same_lists(ent, start, count, pos)
        n_c = len(rep)
        c_count = count[rep]
        c_start = (np.cumsum(c_count) - c_count).astype(np.int64)
        take = np.repeat(start[rep] - c_start, c_count) + np.arange(int(c_count.sum()))
        c_ent = ent[take]
        c_of = np.repeat(np.arange(n_c, dtype=np.int64), c_count)
        tested = (c_ent & 1) == 1
        t_count = np.bincount(c_of[tested], minlength=n_c)
        i_count = c_count - t_count
        t_geom = c_ent[tested] // 2
        i_geom = c_ent[~tested] // 2
        t_start = (np.cumsum(t_count) - t_count).astype(np.int64)
        i_start = (np.cumsum(i_count) - i_count).astype(np.int64)
        # classes of every subset of tested geometries, per small combination
        small = t_count <= _MAX_TESTED
        n_masks = np.where(small, 1 << np.minimum(t_count, _MAX_TESTED), 0)
        off = (np.cumsum(n_masks) - n_masks).astype(np.int64)
        off[~small] = -1
        code = self._subset_codes(np.flatnonzero(small), off, n_masks, t_start, t_count,
                                  t_geom, i_start, i_count, i_geom)
        self.combos = {"offset": off, "t_start": t_start, "t_count": t_count,
                       "t_geom": t_geom, "i_start": i_start, "i_count": i_count,
                       "i_geom": i_geom, "code": code}
        return tcell, combo

    def _subset_codes(self, ks, off, n_masks, t_start, t_count, t_geom, i_start, i_count,
                      i_geom) -> np.ndarray:
        """``code[off[k] + mask]``: the class of a point of combination ``k`` held by the
        tested geometries whose bits are set in ``mask`` (and every inside geometry)."""
        total = int(n_masks.sum())
        if not total:
            return np.zeros(0, np.int32)
        mk = np.repeat(ks, n_masks[ks])  # combination of each pseudo point
        pid = np.arange(total, dtype=np.int64)
        mask = pid - off[mk]
        # inside geometries: every pseudo point of the combination
        ni = i_count[mk]
        p_in = np.repeat(pid, ni)
        g_in = i_geom[np.repeat(i_start[mk], ni)
                      + (np.arange(int(ni.sum())) - np.repeat(np.cumsum(ni) - ni, ni))]
        # tested geometries whose bit is set
        nt = t_count[mk]
        p_t = np.repeat(pid, nt)
        bit = np.arange(int(nt.sum())) - np.repeat(np.cumsum(nt) - nt, nt)
        g_t = t_geom[np.repeat(t_start[mk], nt) + bit]
        on = (np.repeat(mask, nt) >> bit) & 1 == 1
        p = np.concatenate([p_in, p_t[on]])
        g = np.concatenate([g_in, g_t[on]])
        order = np.lexsort((g, p))
        return hit_codes(self.zs, self.persp, self.table, total, p[order], g[order])

    def _build(self) -> None:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        w, s = self.frame[0], self.frame[1]
        keys = self._mark_pairs()
        tcell, combo = self._build_combos(keys)
        fine = tcell
        fi, fj = fine % self.nxf, fine // self.nxf
        self.nodes: list[np.ndarray] = []
        parents = None  # sorted ids of the touched cells of the previous level
        for k in range(self.levels):
            shift = _SHIFT * (self.levels - 1 - k)
            nxk = self.nx0 << (_SHIFT * k)
            nyk = self.ny0 << (_SHIFT * k)
            ck = self.top_deg / (_SPLIT ** k)
            touched = _unique_sorted((fj >> shift) * nxk + (fi >> shift))
            if k == 0:
                cells = np.arange(nxk * nyk, dtype=np.int64)
            else:  # the 4 x 4 children of each touched parent, in block order
                pi, pj = parents % (nxk >> _SHIFT), parents // (nxk >> _SHIFT)
                di = np.tile(np.arange(_SPLIT), _SPLIT)
                dj = np.repeat(np.arange(_SPLIT), _SPLIT)
                ci = (pi[:, None] << _SHIFT) + di[None, :]
                cj = (pj[:, None] << _SHIFT) + dj[None, :]
                cells = (cj * nxk + ci).ravel()
            tpos = np.minimum(np.searchsorted(touched, cells), max(len(touched) - 1, 0))
            is_touched = (touched[tpos] == cells) if len(touched) else np.zeros(len(cells),
                                                                                  bool)
            node = np.full(len(cells), -1, np.int64)
            free = np.flatnonzero(~is_touched)
            fcell = cells[free]
            order = np.argsort(fcell)
            fsorted = fcell[order]
            # edges between free cells sharing a side
            rows_e, cols_e = [], []
            fi_k, fj_k = fsorted % nxk, fsorted // nxk
            for nb, ok in ((fsorted + 1, fi_k + 1 < nxk), (fsorted + nxk, fj_k + 1 < nyk)):
                pos = np.minimum(np.searchsorted(fsorted, nb), max(len(fsorted) - 1, 0))
                hit = ok & (len(fsorted) > 0) & (fsorted[pos] == nb) if len(fsorted) else ok
                rows_e.append(np.flatnonzero(hit))
                cols_e.append(pos[hit])
            ra, ca = np.concatenate(rows_e), np.concatenate(cols_e)
            m = len(fsorted)
            ncomp, comp = connected_components(
                coo_matrix((np.ones(len(ra), np.int8), (ra, ca)), shape=(m, m)), directed=False)
            comp_class = np.full(ncomp, -1, np.int64)
            if k > 0 and m:
                # a free cell beside a cell of a coarser free region takes its answer
                csorted = np.sort(cells)
                for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                    ni, nj = fi_k + dx, fj_k + dy
                    ok = (ni >= 0) & (nj >= 0) & (ni < nxk) & (nj < nyk)
                    nb = nj * nxk + ni
                    pos = np.minimum(np.searchsorted(csorted, nb), len(csorted) - 1)
                    outside = ok & (csorted[pos] != nb)
                    at = np.flatnonzero(outside & (comp_class[comp] < 0))
                    if not len(at):
                        continue
                    up = self._codes_levels(ni[at] << shift, nj[at] << shift, k)
                    comp_class[comp[at]] = up
            todo = np.flatnonzero(comp_class < 0)
            if len(todo):
                # one exact test per remaining region, at the centre of one of its cells
                first = np.full(ncomp, -1, np.int64)
                first[comp[::-1]] = np.arange(m)[::-1]
                rep = fsorted[first[todo]]
                cx = w + ((rep % nxk) + 0.5) * ck
                cy = s + ((rep // nxk) + 0.5) * ck
                comp_class[todo] = exact_codes(self.zs, self.persp, self.table, cx, cy,
                                               countries=False, grid=self.grid)
            node[free[order]] = comp_class[comp]
            t_at = np.flatnonzero(is_touched)
            if k < self.levels - 1:
                # child block b of this level's touched cell: blocks in sorted cell order
                t_rank = np.argsort(np.argsort(cells[t_at]))
                node[t_at] = -(t_rank + 1)
                parents = np.sort(cells[t_at])
            else:  # a touched last-level cell: -(its combination + 1)
                node[t_at] = -(combo[np.searchsorted(tcell, cells[t_at])] + 1)
            lim = max(int(-node.min(initial=0)), int(node.max(initial=0)))
            self.nodes.append(node.astype(np.int16 if lim < 2**15 else np.int32))

    def _prepare(self) -> None:
        """Prepare the geometries the per-point tests use (once; GEOS builds each one's
        point-in-area index at its first test)."""
        import shapely

        geoms = self.zs.layers["geoms"]
        tested = self.combos.get("t_geom", np.zeros(0, np.int64))
        if len(tested):
            shapely.prepare(geoms[_unique_sorted(np.asarray(tested, np.int64))])
        b = self.zs.layer_tree()[1]
        self._beyond = (b[:, 0] < -180.0) | (b[:, 2] > 180.0)

    # ---------------------------------------------------------------- query
    def _codes_levels(self, fi: np.ndarray, fj: np.ndarray, upto: int) -> np.ndarray:
        """Codes at last-level cell coordinates ``(fi, fj)`` from levels ``< upto`` (the
        cells must lie in a region resolved there)."""
        out = np.full(len(fi), -1, np.int64)
        v = self.nodes[0][(fj >> (_SHIFT * (self.levels - 1))) * self.nx0
                          + (fi >> (_SHIFT * (self.levels - 1)))].astype(np.int64)
        idx = np.arange(len(fi))
        for k in range(1, upto):
            done = v >= 0
            out[idx[done]] = v[done]
            idx, v = idx[~done], v[~done]
            if not len(idx):
                break
            shift = _SHIFT * (self.levels - 1 - k)
            local = (((fj[idx] >> shift) & (_SPLIT - 1)) << _SHIFT) + ((fi[idx] >> shift)
                                                                        & (_SPLIT - 1))
            v = self.nodes[k][(-v - 1) * (_SPLIT * _SPLIT) + local].astype(np.int64)
        done = v >= 0
        out[idx[done]] = v[done]
        if not done.all():
            raise AssertionError("raster index: a neighbour was not resolved")
        return out

    def _combo_codes(self, combo: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Class codes of points in touched last-level cells of combinations ``combo``:
        each point is tested (:func:`shapely.intersects_xy`, prepared original polygons,
        the pairs grouped by polygon; at ``lon +/- 360`` too for polygons drawn past
        +/-180) against its combination's tested geometries, then its class is looked up
        from the subset that holds it."""
        import shapely

        cb = self.combos
        m = len(combo)
        x = np.where((lon >= -180.0) & (lon < 180.0), lon, normalize_lon(lon))
        nt = cb["t_count"][combo]
        r = np.repeat(np.arange(m, dtype=np.int32), nt)
        ends = np.cumsum(nt)
        bit = (np.arange(int(ends[-1]) if m else 0, dtype=np.int32)
               - np.repeat((ends - nt).astype(np.int32), nt))
        g = cb["t_geom"][np.repeat(cb["t_start"][combo], nt) + bit]
        xs = x[r]
        bey = self._beyond[g]
        if bey.any():  # polygons drawn past +/-180: also at lon +/- 360
            at = np.flatnonzero(bey)
            r = np.concatenate([r, r[at], r[at]])
            bit = np.concatenate([bit, bit[at], bit[at]])
            g = np.concatenate([g, g[at], g[at]])
            xs = np.concatenate([xs, xs[at] + 360.0, xs[at] - 360.0])
        order = np.argsort(g, kind="stable")
        r, bit, g, xs = r[order], bit[order], g[order], xs[order]
        inside = shapely.intersects_xy(self.zs.layers["geoms"][g], xs, lat[r])
        mask = np.zeros(m, np.int64)
        np.bitwise_or.at(mask, r[inside], np.left_shift(1, bit[inside].astype(np.int64)))
        off = cb["offset"][combo]
        out = np.empty(m, np.int32)
        small = off >= 0
        out[small] = cb["code"][off[small] + mask[small]]
        if not small.all():  # many tested geometries: the deciding-hit rule per point
            big = np.flatnonzero(~small)
            kb = combo[big]
            ni = cb["i_count"][kb]
            p_in = np.repeat(np.arange(len(big)), ni)
            g_in = cb["i_geom"][np.repeat(cb["i_start"][kb], ni)
                                + (np.arange(int(ni.sum())) - np.repeat(np.cumsum(ni) - ni,
                                                                        ni))]
            where_big = np.full(m, -1, np.int64)
            where_big[big] = np.arange(len(big))
            hit = inside & (where_big[r] >= 0)
            p = np.concatenate([p_in, where_big[r[hit]]])
            gg = np.concatenate([g_in, g[hit]])
            key = _unique_sorted(p * np.int64(len(self.zs.layers["geoms"])) + gg)
            n_geoms = len(self.zs.layers["geoms"])
            out[big] = hit_codes(self.zs, self.persp, self.table, len(big), key // n_geoms,
                                 key % n_geoms)
        return out

    def codes(self, lon, lat) -> np.ndarray:
        """Class codes (int32, see :attr:`table`) of points given in lon/lat degrees
        (finite, latitude within [-90, 90]; validate first). Equal to
        :func:`exact_codes` on every point."""
        lon = np.asarray(lon, dtype=float).ravel()
        lat = np.asarray(lat, dtype=float).ravel()
        n = len(lon)
        w, s, e, nn = self.frame
        if not n:
            return np.zeros(0, np.int32)
        lo_x, hi_x = float(lon.min()), float(lon.max())
        u = lon if lo_x >= w and hi_x < w + 360.0 else (lon - w) % 360.0 + w
        scale = 1.0 / self.fine_deg
        if (u is lon and lo_x > w + _EDGE and hi_x < e - _EDGE
                and lat.min() > s + _EDGE and lat.max() < nn - _EDGE):
            inside = None  # every point is on the frame: no mask
            idx = None
            fi = ((u - w) * scale).astype(np.int32)
            fj = ((lat - s) * scale).astype(np.int32)
        else:
            inside = (u > w + _EDGE) & (u < e - _EDGE) & (lat > s + _EDGE) & (lat < nn - _EDGE)
            idx = np.flatnonzero(inside)
            fi = ((u[idx] - w) * scale).astype(np.int32)
            fj = ((lat[idx] - s) * scale).astype(np.int32)
        top = _SHIFT * (self.levels - 1)
        v = self.nodes[0][(fj >> top) * self.nx0 + (fi >> top)]
        if idx is None:
            out = v.astype(np.int32, copy=False)  # a fresh array (a gather)
        else:
            out = np.zeros(n, np.int32)
            out[idx] = v
        # int32 throughout (cell and block numbers fit): memory per point stays small
        sub = np.flatnonzero(v < 0).astype(np.int32)
        vsub = v[sub].astype(np.int32)
        for k in range(1, self.levels):
            if not len(sub):
                break
            shift = _SHIFT * (self.levels - 1 - k)
            local = ((((fj[sub] >> shift) & (_SPLIT - 1)) << _SHIFT)
                     + ((fi[sub] >> shift) & (_SPLIT - 1)))
            vk = self.nodes[k][(-vsub - 1) * (_SPLIT * _SPLIT) + local]
            out[sub if idx is None else idx[sub]] = vk
            neg = vk < 0
            sub, vsub = sub[neg], vk[neg].astype(np.int32)
        # left: points in last-level cells a boundary touches (value -(combination + 1))
        if len(sub):
            at = sub.astype(np.int64) if idx is None else idx[sub]
            out[at] = self._combo_codes(-vsub.astype(np.int64) - 1, lon[at], lat[at])
        # and points off the frame: the direct test
        if inside is not None and not inside.all():
            off = np.flatnonzero(~inside)
            out[off] = exact_codes(self.zs, self.persp, self.table, lon[off], lat[off])
        return out

    @property
    def grid(self):
        """The grid index of clipped cell pieces the build tests cell centres with
        (:data:`EXACT_GRID_DEG` cells, shared by every perspective of the zone set)."""
        return fine_grid(self.zs)

    @property
    def nbytes(self) -> int:
        """Size of the cell and combination arrays in bytes."""
        return int(sum(a.nbytes for a in self.nodes)
                   + sum(a.nbytes for a in self.combos.values()))


def _sorted_contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``keys`` is in the sorted array ``sorted_keys``."""
    if not len(sorted_keys):
        return np.zeros(len(keys), bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[pos] == keys


def _same_lists(ent: np.ndarray, start: np.ndarray, count: np.ndarray,
                pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number equal lists: list ``i`` is ``ent[start[i]:start[i] + count[i]]`` (``pos``:
    each entry's position in its list). Returns ``(number of each list, first list of
    each number)``; lists are grouped by two 64-bit hashes and then compared entry by
    entry, so equal numbers mean equal lists."""
    n = len(start)
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    rng = np.random.default_rng(20261202)
    width = int(count.max())
    r1 = rng.integers(1, 2**63, width, dtype=np.uint64) | np.uint64(1)
    r2 = rng.integers(1, 2**63, width, dtype=np.uint64) | np.uint64(1)
    v = ent.astype(np.uint64) + np.uint64(1)
    with np.errstate(over="ignore"):
        h1 = np.add.reduceat(v * r1[pos], start)
        h2 = np.add.reduceat((v ^ np.uint64(0x9E3779B97F4A7C15)) * r2[pos], start)
    order = np.lexsort((h2, h1, count))
    c_s, h1_s, h2_s = count[order], h1[order], h2[order]
    new = np.concatenate(([True], (c_s[1:] != c_s[:-1]) | (h1_s[1:] != h1_s[:-1])
                          | (h2_s[1:] != h2_s[:-1])))
    number_sorted = np.cumsum(new) - 1
    number = np.empty(n, np.int64)
    number[order] = number_sorted
    rep = order[new]
    # every list equals its number's first list, entry by entry
    mine = np.repeat(start, count) + pos
    theirs = np.repeat(start[rep[number]], count) + pos
    if not np.array_equal(ent[mine], ent[theirs]):
        raise AssertionError("raster index: two different cell lists share a hash")
    return number, rep


def _unique_sorted(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a


def cache_file(source_file: str | Path, persp: str) -> Path:
    """Where the index of the zones in ``source_file`` under ``persp`` is saved: beside the
    file (``<name>.index/``) when that folder is writable, else in
    ``$LAUNCHMAP_CACHE`` / ``~/.cache/launchmap``; the name holds the file's SHA-256, the
    perspective and :data:`VERSION`."""
    import os

    from geo._paths import sha256_file

    src = Path(source_file)
    stat = src.stat()
    digest = _HASHES.get((str(src.resolve()), stat.st_mtime_ns, stat.st_size))
    if digest is None:
        digest = sha256_file(src)[:16]
        _HASHES[(str(src.resolve()), stat.st_mtime_ns, stat.st_size)] = digest
    name = f"{persp}-v{VERSION}-{digest}.npz"
    beside = src.parent / f"{src.name}.index"
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            ignore = beside / ".gitignore"  # a cache, never part of a checkout
            if not ignore.exists():
                ignore.write_text("*\n")
            return beside / name
    except OSError:
        pass
    home = Path(os.environ.get("LAUNCHMAP_CACHE") or Path.home() / ".cache" / "launchmap")
    home.mkdir(parents=True, exist_ok=True)
    return home / name


_HASHES: dict[tuple, str] = {}


def save(index: RasterIndex, path: Path) -> None:
    """Write the cell arrays and parameters of ``index`` to ``path`` (``.npz``), atomically."""
    import os

    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, frame=np.array(index.frame), top_deg=index.top_deg, levels=index.levels,
             n_classes=len(index.table), **{f"level{k}": a for k, a in enumerate(index.nodes)},
             **{f"combo_{k}": a for k, a in index.combos.items()})
    os.replace(tmp, path)


def load(zs: ZoneSet, persp: str, path: Path) -> RasterIndex | None:
    """The index saved at ``path`` for ``zs`` under ``persp``, ``None`` if it is missing,
    unreadable or made for other parameters."""
    try:
        with np.load(path) as f:
            levels = int(f["levels"])
            nodes = [f[f"level{k}"] for k in range(levels)]
            combos = {k[len("combo_"):]: f[k] for k in f.files if k.startswith("combo_")}
            if set(combos) != set(_COMBO_ARRAYS):
                return None
            index = RasterIndex(zs, persp, top_deg=float(f["top_deg"]), levels=levels,
                                frame=tuple(f["frame"].tolist()), nodes=nodes, combos=combos)
            if int(f["n_classes"]) != len(index.table) or index.top_deg != TOP_DEG \
                    or levels != LEVELS:
                return None
            return index
    except (OSError, KeyError, ValueError):
        return None


def raster_index(zs: ZoneSet, perspective: str | None,
                 source_file: str | Path | None = None, *,
                 build: bool = True) -> RasterIndex | None:
    """The :class:`RasterIndex` of ``zs`` under ``perspective``, built once per zone set and
    perspective (kept with the zone set's other indexes). With ``source_file`` (the file
    the zone set was read from) the index is also saved beside it and read from there by
    later processes (:func:`cache_file`). ``build=False``: ``None`` unless the index is
    already in memory or saved; ``None`` too without scipy (a plain install; scipy comes
    with the ``build`` and ``test`` extras)."""
    persp = zs.check_perspective(perspective)
    key = f"raster:v{VERSION}:{persp}"
    if key not in zs._built:
        import importlib.util

        if importlib.util.find_spec("scipy") is None:
            return None  # building needs scipy (connected regions): the exact path answers
    if not build and key not in zs._built:
        if source_file is None:
            return None
        path = cache_file(source_file, persp)
        if not path.exists():
            return None

    def get() -> RasterIndex:
        if source_file is None:
            return RasterIndex(zs, persp)
        path = cache_file(source_file, persp)
        index = load(zs, persp, path) if path.exists() else None
        if index is None:
            index = RasterIndex(zs, persp)
            try:
                save(index, path)
            except OSError:
                pass
        return index

    return zs._lazy(key, get)
