"""Many points -> DataFrame: :func:`classify` gives each point its innermost zone.

Answers against a :class:`~geo.zones.zoneset.ZoneSet` (the shipped computed zones unless
``source`` says otherwise) under a perspective, with the same containment and statuses as
:func:`geo.zones.where.where` (closed polygons; status fixed by the source, else
``disputed``, ``agreed``, ``median line`` or ``uncontested``). Vectorised over the
points with the zone set's grid index (:class:`~geo.zones.pointindex.GridIndex`: cells a
polygon fills answer without a test, the rest are tested exactly against prepared
boundary pieces).

The answer for a point is the first zone of :func:`~geo.zones.where.where` for the same
point and perspective (its state and status): among the rows that apply under the
perspective (:func:`~geo.zones.where.rows_in_view`) and hold the point, land first, then
the innermost kind (in the order of :data:`~geo.zones.schema.ZONE_KINDS`), then the state
first in alphabetical order (a point on a median line belongs to both states' zones;
``where`` lists both and sorts them so), then the row whose status comes first in
:data:`~geo.zones.where.STATUS_PRECEDENCE` (two labels of one state meeting at the point,
e.g. ``takeshima`` and ``JPN`` under Japan's view: ``disputed`` wins), then the lower row.
``label`` is that row's label.

Coordinates are WGS84 lon/lat degrees (EPSG:4326).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from geo.errors import InvalidCoordinateError
from geo.geodesy import in_lonlat_box, normalize_lon
from geo.zones.load import ZoneSource, load_zones
from geo.zones.schema import ZONE_KINDS
from geo.zones.where import STATUS_PRECEDENCE, label_owners, rows_in_view, status_rank
from geo.zones.zoneset import KIND_RANK, ZoneSet

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy.typing as npt

def _input_points(points, lon, lat):
    """Return (lon, lat, index, reasons for invalid rows by position, input point
    geometries in EPSG:4326 or None)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    problems: dict[int, str] = {}
    in_geoms = None
    if points is not None:
        if lon is not None or lat is not None:
            raise TypeError("classify: pass either points or lon=/lat=, not both")
        if isinstance(points, gpd.GeoDataFrame):
            points = points.geometry
        if not isinstance(points, gpd.GeoSeries):
            points = gpd.GeoSeries(points)
        if points.crs is not None and not points.crs.equals("EPSG:4326"):
            points = points.to_crs(4326)
        index = points.index
        geoms = np.asarray(points.values, dtype=object)
        type_id = shapely.get_type_id(geoms)
        missing = shapely.is_missing(geoms)
        empty = ~missing & shapely.is_empty(geoms)
        for i in np.flatnonzero(missing):
            problems[int(i)] = "geometry is missing"
        for i in np.flatnonzero(empty):
            problems[int(i)] = "geometry is empty"
        bad_type = ~missing & ~empty & (type_id != 0)
        for i in np.flatnonzero(bad_type):
            problems[int(i)] = f"geometry is a {geoms[i].geom_type}, expected a Point"
        ok = ~missing & ~empty & ~bad_type
        in_geoms = geoms
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[ok] = shapely.get_x(geoms[ok])
        y[ok] = shapely.get_y(geoms[ok])
    else:
        if lon is None or lat is None:
            raise TypeError(
                "classify: pass points (a GeoDataFrame/GeoSeries) or both lon= and lat=")
        index = lon.index if isinstance(lon, pd.Series) else None
        try:
            x = np.asarray(lon, dtype=float).ravel()
            y = np.asarray(lat, dtype=float).ravel()
        except (TypeError, ValueError) as exc:
            raise InvalidCoordinateError(f"classify: lon/lat must be numeric arrays ({exc})") \
                from None
        if len(x) != len(y):
            raise InvalidCoordinateError(
                f"classify: lon has {len(x)} values but lat has {len(y)}")
        if index is None:
            index = pd.RangeIndex(len(x))
    finite = np.isfinite(x) & np.isfinite(y)
    known = np.zeros(len(x), bool)
    if problems:
        known[list(problems)] = True
    for i in np.flatnonzero(~finite & ~known):
        problems[int(i)] = f"coordinates must be finite numbers, got ({x[i]}, {y[i]})"
    with np.errstate(invalid="ignore"):
        bad_lat = finite & ((y < -90.0) | (y > 90.0))
        bad_lon = finite & ~bad_lat & ((x < -180.0) | (x > 360.0))
    for i in np.flatnonzero(bad_lat):
        problems[int(i)] = f"latitude {y[i]} is outside [-90, 90] degrees"
    for i in np.flatnonzero(bad_lon):
        problems[int(i)] = f"longitude {x[i]} is outside [-180, 360] degrees"
    return x, y, index, problems, in_geoms


def classify(points: gpd.GeoDataFrame | gpd.GeoSeries | None = None, *,
             perspective: str | None = None, lon: npt.ArrayLike | None = None,
             lat: npt.ArrayLike | None = None, source: ZoneSource = None,
             errors: Literal["raise", "mark"] = "raise") -> gpd.GeoDataFrame:
    """Classify many points at once: the innermost zone holding each point.

    ``points``: a GeoDataFrame or GeoSeries of Points (any CRS; converted to EPSG:4326;
    no CRS means lon/lat), or ``lon=``/``lat=`` arrays in degrees. Returns a GeoDataFrame
    (EPSG:4326, same index and order as the input) with columns ``kind`` (``land``, one of
    :data:`~geo.zones.schema.ZONE_KINDS` or ``None`` on the high seas), ``state`` (ISO3
    owner under ``perspective``), ``label`` (of the deciding row), ``status`` (for zones
    as in :func:`where`; for land ``disputed`` or ``None``) and geometry. The row chosen
    when several hold a point is the one the module docstring names, so ``kind``,
    ``state`` and ``status`` equal those of ``where(...).zones[0]`` at sea, and ``land`` /
    ``state`` those of ``where(...).on_land`` on land (outside the zones' coverage too:
    there from the Natural Earth countries, ``label`` ``None``; sea outside the coverage
    is ``None``, meaning not covered). ``.attrs["source"]``, ``.attrs["perspective"]``
    and ``.attrs["coverage"]`` name the zone source, the view and the covered frame.

    Invalid rows (missing/non-point geometry, non-finite or out-of-range coordinates):
    ``errors="raise"`` (default) raises :class:`InvalidCoordinateError` listing them;
    ``errors="mark"`` returns them with ``kind`` ``None`` and the reason in an ``error``
    column. Vectorised: grid-cut prepared polygons, no Python loop per point.
    """
    import geopandas as gpd
    import pandas as pd

    if errors not in ("raise", "mark"):
        raise ValueError(f"errors must be 'raise' or 'mark', got {errors!r}")
    x, y, index, problems, in_geoms = _input_points(points, lon, lat)
    if problems and errors == "raise":
        labels = list(index)
        items = sorted(problems.items())
        shown = "; ".join(f"row {i} (index {labels[i]!r}): {why}" for i, why in items[:20])
        more = f"; ... and {len(items) - 20} more" if len(items) > 20 else ""
        raise InvalidCoordinateError(f"classify: {len(items)} invalid point(s): {shown}{more}")

    zs = load_zones(source)
    persp = zs.check_perspective(perspective)
    n = len(x)
    valid = np.ones(n, bool)
    if problems:
        valid[list(problems)] = False
    vidx = np.flatnonzero(valid)
    xv = normalize_lon(x[vidx])
    yv = y[vidx]

    layers = zs.layers
    r_count = layers["n_zones"]
    pidx, gidx = zs.grid_index().query(xv, yv) if len(vidx) else (np.empty(0, np.int64),) * 2
    kind_out, state_out, label_out, status_out = _innermost(zs, persp, len(vidx), pidx, gidx,
                                                            r_count)
    if zs.coverage is not None and len(vidx):
        # outside the frame the zones cover, land comes from the Natural Earth countries
        # (as in where); the sea there stays None, which means "not covered"
        outside = (kind_out == None) & ~in_lonlat_box(xv, yv, zs.coverage)  # noqa: E711
        if outside.any():
            sov = zs.countries_at(xv[outside], yv[outside])
            at = np.flatnonzero(outside)[sov != None]  # noqa: E711
            kind_out[at] = "land"
            state_out[at] = sov[sov != None]  # noqa: E711

    def full(values):
        col = np.full(n, None, dtype=object)
        col[vidx] = values
        return col

    if in_geoms is not None:  # the input points (already EPSG:4326), invalid rows blanked
        geometry = in_geoms.copy() if problems else in_geoms
    else:
        geometry = np.asarray(gpd.points_from_xy(x, y), dtype=object)
    if problems:
        geometry[~valid] = None
    out = gpd.GeoDataFrame(
        {
            name: pd.Series(full(values), index=index, dtype=object)
            for name, values in (("kind", kind_out), ("state", state_out),
                                 ("label", label_out), ("status", status_out))
        },
        geometry=gpd.GeoSeries(geometry, crs=4326, index=index),
        index=index,
        crs=4326,
    )
    if errors == "mark":
        err = np.full(n, None, dtype=object)
        for i, why in problems.items():
            err[i] = why
        out["error"] = pd.Series(err, index=index, dtype=object)
    out.attrs["source"] = zs.source
    out.attrs["perspective"] = persp
    out.attrs["coverage"] = zs.coverage  # (w, s, e, n) or None: outside, None means unknown
    return out


def _innermost(zs: ZoneSet, persp: str, n: int, pidx: np.ndarray, gidx: np.ndarray,
               r_count: int):
    """Pick, per point, the hit that decides its answer (see the module docstring: land,
    then innermost kind, then first state, then status precedence, then lower row) and
    return object arrays kind, state, label, status of length ``n``."""
    layers = zs.layers
    zones_df = zs.zones
    land_off = layers["land"]
    row_kind_rank = np.array([KIND_RANK[k] for k in zones_df["kind"]], dtype=np.int64)
    row_label = np.asarray(zones_df["label"].astype(str), dtype=object)
    land_label = (np.asarray(zs.land["label"].astype(str), dtype=object)
                  if zs.land is not None else np.empty(0, dtype=object))
    owners = label_owners(zs, persp)
    row_state = np.array([owners.get(lab, lab) for lab in row_label], dtype=object)
    land_state = np.array([owners.get(lab, lab) for lab in land_label], dtype=object)
    # alphabetical order of the states, as an integer per row
    state_names = sorted(set(row_state.tolist()))
    row_state_ord = np.array([state_names.index(s) for s in row_state], dtype=np.int64)

    is_zone = gidx < r_count
    if r_count:
        is_zone[is_zone] = rows_in_view(zs, persp)[gidx[is_zone]]
    is_land = gidx >= land_off

    # status of every zone hit at its point (query returns sorted unique pairs); the
    # per-row facts first (a loop over zone rows, not points), then indexed by hit
    zp_all, zg_all = pidx[is_zone], gidx[is_zone]
    in_overlap, in_agreed = zs.in_parts(pidx, gidx, zp_all, zg_all)
    row_fixed = np.asarray(zones_df["status"], dtype=object)
    row_has_fixed = np.array([isinstance(f, str) and bool(f) for f in row_fixed], dtype=bool)
    disputed_label = {lab: zs.is_disputed(lab) for lab in set(row_label) | set(land_label)}
    row_disp = np.array([disputed_label[lab] for lab in row_label], dtype=bool)
    st = np.where(in_overlap, "median line", "uncontested").astype(object)
    st[in_agreed] = "agreed"
    st[row_disp[zg_all]] = "disputed"
    has_fixed = row_has_fixed[zg_all]
    st[has_fixed] = row_fixed[zg_all][has_fixed]
    rank_of = {s: status_rank(s) for s in {*STATUS_PRECEDENCE, *row_fixed[row_has_fixed]}}
    st_rank = np.array([rank_of[s] for s in st], dtype=np.int64)

    # one candidate list: zone hits, then land hits (kind rank -1: land first)
    n_land_hits = int(is_land.sum())
    p = np.concatenate([zp_all, pidx[is_land]])
    g = np.concatenate([zg_all, gidx[is_land]])
    kind_rank = np.concatenate([row_kind_rank[zg_all], np.full(n_land_hits, -1, np.int64)])
    state_ord = np.concatenate([row_state_ord[zg_all], np.zeros(n_land_hits, np.int64)])
    srank = np.concatenate([st_rank, np.zeros(n_land_hits, np.int64)])
    status_hit = np.concatenate([st, np.full(n_land_hits, None, dtype=object)])
    order = np.lexsort((g, srank, state_ord, kind_rank, p))
    p, g, status_hit = p[order], g[order], status_hit[order]
    first = np.flatnonzero(np.concatenate(([True], p[1:] != p[:-1]))) if len(p) else p
    pick_p, pick_g, pick_status = p[first], g[first], status_hit[first]

    kind = np.full(n, None, dtype=object)
    label = np.full(n, None, dtype=object)
    status = np.full(n, None, dtype=object)
    state = np.full(n, None, dtype=object)

    zpick = pick_g < r_count
    zp, zg = pick_p[zpick], pick_g[zpick]
    kinds = np.asarray(ZONE_KINDS, dtype=object)
    kind[zp] = kinds[row_kind_rank[zg]]
    label[zp] = row_label[zg]
    status[zp] = pick_status[zpick]
    state[zp] = row_state[zg]
    lp, lg = pick_p[~zpick], pick_g[~zpick] - land_off
    kind[lp] = "land"
    label[lp] = land_label[lg]
    state[lp] = land_state[lg]
    if len(lp):
        ldisp = np.array([disputed_label[lab] for lab in land_label], dtype=bool)[lg]
        status[lp[ldisp]] = "disputed"
    return kind, state, label, status
