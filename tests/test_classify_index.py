"""The exact raster index behind geo.classify (geo/zones/rasterindex.py): its answers equal
the direct polygon test on every point (vertices, edges, cell lines, +/-180, poles), on a
synthetic zone set built to have all of those and on the shipped zones; the output shapes
(categorical columns, codes, index alignment); the saved index."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _zone_fixtures import synthetic_zoneset
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import Polygon, box

import geo.zones.rasterindex as ri
from geo.errors import InvalidCoordinateError
from geo.zones.classify import classify
from geo.zones.zoneset import ZoneSet


def edge_zoneset() -> ZoneSet:
    """The synthetic zones plus rows that meet the index's hard cases: a zone drawn across
    the antimeridian (175 to 185 E), a polar cap (85 N to the pole), a zone whose edges lie
    on the index's cell lines (multiples of 1/256 degree) with a hole, and a triangle with
    slanted edges through cell corners."""
    base = synthetic_zoneset()
    extra = [
        ("USA", "eez", box(175.0, -10.0, 185.0, 10.0)),
        ("RUS", "eez", box(-180.0, 85.0, 180.0, 90.0)),
        ("USA", "territorial_sea",
         Polygon([(10.0, 10.0), (10.5, 10.0), (10.5, 10.5), (10.0, 10.5)],
                 [[(10.125, 10.125), (10.25, 10.125), (10.25, 10.25), (10.125, 10.25)]])),
        ("RUS", "contiguous_zone", Polygon([(20.0, 20.0), (20.0 + 3 / 256, 20.0),
                                            (20.0, 20.0 + 5 / 256)])),
    ]
    zones = pd.concat([base.zones.drop(columns=["perspectives"]),
                       gpd.GeoDataFrame([{"label": a, "kind": k, "geometry": g}
                                         for a, k, g in extra], crs=4326)],
                      ignore_index=True)
    zones = gpd.GeoDataFrame(zones, geometry="geometry", crs=4326)
    return ZoneSet(zones=zones, sovereignty=base.sovereignty, source="edge test zones",
                   land=base.land)


@pytest.fixture(scope="module")
def edge():
    zs = edge_zoneset()
    return zs, {p: ri.RasterIndex(zs, p) for p in ("administering", "JPN")}


def test_classes_zero_is_no_zone_and_every_row_has_a_class(edge):
    zs, idx = edge
    table = idx["administering"].table
    assert (table.kind[0], table.state[0], table.label[0], table.status[0]) == (None,) * 4
    assert (table.zone_code > 0).all() and (table.land_code > 0).all()
    # the categories do not depend on the view: answers of two views compare
    assert idx["JPN"].table.categories == table.categories


def special_points(zs: ZoneSet) -> tuple[np.ndarray, np.ndarray]:
    """Every vertex of every polygon, the midpoint of every edge, and points on the
    index's cell lines and corners, at +/-180 and at the poles."""
    geoms = [g for g in zs.layers["geoms"] if g is not None]
    xy = np.concatenate([shapely.get_coordinates(shapely.boundary(g)) for g in geoms])
    mid = (xy[1:] + xy[:-1]) / 2
    fine = ri.TOP_DEG / 4 ** (ri.LEVELS - 1)
    k = np.arange(-8, 9) * fine
    grid = [(x0 + a, y0 + b) for x0, y0 in ((10.0, 10.0), (20.0, 20.0), (130.0, 30.0),
                                             (180.0, 0.0), (-180.0, 5.0), (175.0, 10.0))
            for a in k for b in k]
    poles = [(x, y) for x in (-180.0, -179.5, 0.0, 179.999, 180.0, 185.0, 359.0)
             for y in (-90.0, 85.0, 89.9999, 90.0)]
    pts = np.concatenate([xy, mid, np.array(grid), np.array(poles)])
    return pts[:, 0], pts[:, 1]


def test_index_equals_direct_test_on_vertices_edges_cell_lines_and_poles(edge):
    zs, idx = edge
    x, y = special_points(zs)
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        got = index.codes(x, y)
        bad = np.flatnonzero(got != want)
        assert not len(bad), (persp, list(zip(x[bad][:5], y[bad][:5], strict=True)))
        assert len(set(want.tolist())) > 5  # the points meet many different answers


@settings(max_examples=150, deadline=None)
@given(lon=st.floats(-180.0, 360.0), lat=st.floats(-90.0, 90.0),
       snap=st.sampled_from([0, 1, 2]))
def test_property_index_equals_direct_test(edge, lon, lat, snap):
    zs, idx = edge
    if snap:  # on a cell line of the index (1: last level, 2: level 0)
        step = ri.TOP_DEG / 4 ** (ri.LEVELS - 1) if snap == 1 else ri.TOP_DEG
        lon = round(lon / step) * step
        lat = max(-90.0, min(90.0, round(lat / step) * step))
    x, y = np.array([lon, lon - 360.0 if lon >= 180.0 else lon]), np.array([lat, lat])
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        assert index.codes(x, y).tolist() == want.tolist(), (persp, lon, lat)
        assert want[0] == want[1]


def test_dense_batch_equals_direct_test(edge):
    zs, idx = edge
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(127.0, 138.0, 30_000), rng.uniform(170, 190, 5_000)])
    y = np.concatenate([rng.uniform(27.0, 34.0, 30_000), rng.uniform(-12, 12, 5_000)])
    index = idx["administering"]
    assert (index.codes(x, y) == ri.exact_codes(zs, "administering", index.table, x, y)).all()



def piece_points(grid, frame=None) -> tuple[np.ndarray, np.ndarray]:
    """Points on the exact path's clipped cell pieces (:class:`GridIndex` at
    :data:`EXACT_GRID_DEG`): every vertex of every piece (the corners and the points where
    a boundary meets a cell edge, as clipping computed them), the midpoint of every piece
    edge (on cell edges too), and the piece cells' corners."""
    xy = shapely.get_coordinates(grid._part_piece)
    mid = (xy[1:] + xy[:-1]) / 2
    c = grid.cell_deg
    cell = grid._part_cell
    corner = np.column_stack([(cell % grid.ncols) * c - 180.0, (cell // grid.ncols) * c - 90.0])
    pts = np.concatenate([xy, mid, corner])
    if frame is not None:
        w, s, e, n = frame
        pts = pts[(pts[:, 0] >= w) & (pts[:, 0] <= e) & (pts[:, 1] >= s) & (pts[:, 1] <= n)]
    return pts[:, 0], pts[:, 1]


def assert_paths_agree(grid, x, y):
    """The grouped exact path (pairs by piece, chunks in cell order) finds the same
    (point, geometry) pairs as the per-piece query, sorted the same way."""
    want = grid.query(x, y)
    for got in (grid.query_sparse(x, y), ri._grouped_hits(grid, x, y)):
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_exact_path_on_clipped_cell_edges_and_vertices(edge):
    zs, _ = edge
    grid = ri.fine_grid(zs)
    x, y = piece_points(grid)
    assert len(x) > 1000
    assert_paths_agree(grid, x, y)


@settings(max_examples=150, deadline=None)
@given(at=st.integers(0, 10**9), t=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
       nudge=st.sampled_from([0, 1, -1]))
def test_property_exact_path_on_clipped_piece_edges(edge, at, t, nudge):
    """A point on an edge of a clipped piece (a vertex for t = 0 or 1), or one float step
    off it: the grouped exact test finds the same pairs as the per-piece query."""
    zs, _ = edge
    grid = ri.fine_grid(zs)
    xy = shapely.get_coordinates(grid._part_piece)
    i = at % (len(xy) - 1)
    x = np.array([xy[i, 0] + t * (xy[i + 1, 0] - xy[i, 0])])
    y = np.array([xy[i, 1] + t * (xy[i + 1, 1] - xy[i, 1])])
    if nudge:
        x = np.nextafter(x, x + nudge)
        y = np.nextafter(y, y - nudge)
    assert_paths_agree(grid, x, y)


# ---------------------------------------------------------------- shipped zones
FRAME = (129.0, 33.0, 133.5, 38.0)  # Korea Strait, Tsushima, Oki, Takeshima, Ulleungdo


@pytest.fixture(scope="module")
def shipped_index(shipped_zones):
    return shipped_zones, {p: ri.RasterIndex(shipped_zones, p, frame=FRAME)
                           for p in ("administering", "KOR")}


def test_shipped_index_equals_direct_test_on_vertices(shipped_index):
    zs, idx = shipped_index
    geoms = [g for g in zs.layers["geoms"] if g is not None]
    xy = np.concatenate([shapely.get_coordinates(g) for g in geoms])
    w, s, e, n = FRAME
    xy = xy[(xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= n)]
    xy = xy[:: max(1, len(xy) // 20_000)]
    rng = np.random.default_rng(5)
    x = np.concatenate([xy[:, 0], rng.uniform(w - 0.5, e + 0.5, 20_000)])
    y = np.concatenate([xy[:, 1], rng.uniform(s - 0.5, n + 0.5, 20_000)])
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        assert (index.codes(x, y) == want).all(), persp
        assert {"land", "territorial_sea", "eez"} <= set(index.table.kind[want])



def test_shipped_exact_path_on_clipped_cell_edges(shipped_index):
    zs, _ = shipped_index
    grid = ri.fine_grid(zs)
    x, y = piece_points(grid, FRAME)
    assert len(x) > 8192  # the grouped path works in chunks
    assert_paths_agree(grid, x, y)


def test_shipped_index_equals_direct_test_on_clipped_cell_edges(shipped_index):
    zs, idx = shipped_index
    x, y = piece_points(ri.fine_grid(zs), FRAME)
    x, y = x[:: max(1, len(x) // 30_000)], y[:: max(1, len(y) // 30_000)]
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        assert (index.codes(x, y) == want).all(), persp


@settings(max_examples=60, deadline=None)
@given(lon=st.floats(128.5, 134.0), lat=st.floats(32.5, 38.5))
def test_property_shipped_index_equals_direct_test(shipped_index, lon, lat):
    zs, idx = shipped_index
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, np.array([lon]), np.array([lat]))
        assert index.codes([lon], [lat]).tolist() == want.tolist(), (persp, lon, lat)


def test_saved_index_answers_the_same(shipped_index, tmp_path):
    zs, idx = shipped_index
    index = idx["KOR"]
    path = tmp_path / "kor.npz"
    ri.save(index, path)
    again = ri.load(zs, "KOR", path)
    assert again is not None and again.frame == FRAME
    rng = np.random.default_rng(9)
    x, y = rng.uniform(129, 133.5, 5000), rng.uniform(33, 38, 5000)
    assert (again.codes(x, y) == index.codes(x, y)).all()
    assert ri.load(zs, "KOR", tmp_path / "missing.npz") is None


# ---------------------------------------------------------------- output
def test_output_is_categorical_codes_round_trip_and_index_alignment(edge, monkeypatch):
    zs, _ = edge
    monkeypatch.setattr(ri, "RASTER_MIN_POINTS", 0)  # answer through the raster index
    lon = pd.Series([130.5, 130.5, 129.0, 140.0, 180.0], index=[5, 4, 3, 2, 1])
    lat = pd.Series([30.5, 31.1, 29.0, 40.0, 0.0], index=[5, 4, 3, 2, 1])
    out = classify(lon=lon, lat=lat, source=zs)
    assert list(out.columns) == ["kind", "state", "label", "status"]
    assert all(isinstance(out[c].dtype, pd.CategoricalDtype) for c in out.columns)
    assert list(out.index) == [5, 4, 3, 2, 1]
    assert [None if pd.isna(v) else v for v in out["kind"]] == [
        "land", "territorial_sea", "eez", None, "eez"]
    code, table = classify(lon=lon, lat=lat, source=zs, codes=True)
    assert code.dtype == np.int32 and list(code.index) == [5, 4, 3, 2, 1]
    back = table.iloc[code.to_numpy()]
    for c in ("kind", "state", "label", "status"):
        assert [None if pd.isna(v) else v for v in out[c]] == back[c].tolist()
    with pytest.raises(InvalidCoordinateError, match="different indexes"):
        classify(lon=lon, lat=lat.sort_index(), source=zs)
    # one Series lends its index; invalid rows get code -1
    code, _ = classify(lon=lon, lat=[30.5, 31.1, np.nan, 40.0, 0.0], source=zs, codes=True,
                       errors="mark")
    assert list(code.index) == [5, 4, 3, 2, 1] and code.iat[2] == -1


def _edge_point(zs: ZoneSet, at: int, t: float, nudge: int, frame=None):
    """A point on an edge of an original (uncut) polygon of ``zs`` (a vertex for t = 0 or
    1), or one float step off it."""
    xy = _boundary_xy(zs, frame)
    i = at % (len(xy) - 1)
    x = np.array([xy[i, 0] + t * (xy[i + 1, 0] - xy[i, 0])])
    y = np.array([xy[i, 1] + t * (xy[i + 1, 1] - xy[i, 1])])
    if nudge:
        x = np.nextafter(x, x + nudge * 1e3)
        y = np.nextafter(y, y - nudge * 1e3)
    return x, y


_BOUNDARY_XY: dict = {}


def _boundary_xy(zs: ZoneSet, frame=None) -> np.ndarray:
    key = (id(zs), frame)
    if key not in _BOUNDARY_XY:
        geoms = [g for g in zs.layers["geoms"] if g is not None]
        xy = np.concatenate([shapely.get_coordinates(shapely.boundary(g)) for g in geoms])
        if frame is not None:
            w, s, e, n = frame
            xy = xy[(xy[:, 0] >= w) & (xy[:, 0] <= e) & (xy[:, 1] >= s) & (xy[:, 1] <= n)]
        _BOUNDARY_XY[key] = xy
    return _BOUNDARY_XY[key]


@settings(max_examples=200, deadline=None)
@given(at=st.integers(0, 10**9), t=st.sampled_from([0.0, 1 / 3, 0.5, 0.999, 1.0]),
       nudge=st.sampled_from([0, 1, -1]))
def test_property_index_equals_direct_test_on_polygon_edges(edge, at, t, nudge):
    """On an edge of an original polygon (past +/-180 and at the pole cap too), on its
    vertices, or one float step off: the index answers as the direct polygon test."""
    zs, idx = edge
    x, y = _edge_point(zs, at, t, nudge)
    y = np.clip(y, -90.0, 90.0)
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        assert index.codes(x, y).tolist() == want.tolist(), (persp, x, y)


@settings(max_examples=150, deadline=None)
@given(at=st.integers(0, 10**9), t=st.sampled_from([0.0, 1 / 3, 0.5, 0.999, 1.0]),
       nudge=st.sampled_from([0, 1, -1]))
def test_property_shipped_index_equals_direct_test_on_polygon_edges(shipped_index, at, t,
                                                                    nudge):
    zs, idx = shipped_index
    x, y = _edge_point(zs, at, t, nudge, FRAME)
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, x, y)
        assert index.codes(x, y).tolist() == want.tolist(), (persp, x, y)


def test_shipped_index_equals_direct_test_on_polygon_edges_in_bulk(shipped_index):
    """Midpoints and thirds of every original edge in the frame, in one batch (the
    grouped per-point tests, many cells at once)."""
    zs, idx = shipped_index
    xy = _boundary_xy(zs, FRAME)
    xy = xy[:: max(1, len(xy) // 20_000)]
    a, b = xy[:-1], xy[1:]
    pts = np.concatenate([(a + b) / 2, a + (b - a) / 3])
    for persp, index in idx.items():
        want = ri.exact_codes(zs, persp, index.table, pts[:, 0], pts[:, 1])
        assert (index.codes(pts[:, 0], pts[:, 1]) == want).all(), persp
