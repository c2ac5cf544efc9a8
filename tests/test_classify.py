"""geo.classify: many points at once; the grid point-in-polygon index behind it.

Synthetic zone set first (answers known by construction), then the shipped zones.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _zone_fixtures import synthetic_zoneset
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import LineString, Point, box

import geo
from geo.errors import InvalidCoordinateError, UnknownPerspectiveError
from geo.zones.classify import classify
from geo.zones.pointindex import GridIndex
from geo.zones.where import status_rank, where


@pytest.fixture(scope="module")
def zs():
    return synthetic_zoneset()


def innermost(ans):
    """The classify-style verdict derived from a where() answer."""
    if ans.on_land:
        return "land", ans.on_land
    if not ans.zones:
        return None, None
    z = ans.zones[0]
    return z.kind, z.state


def verdict(ans):
    """(kind, state, status) of a where() answer as classify gives it (no status on land:
    where does not give one)."""
    kind, state = innermost(ans)
    return kind, state, ans.zones[0].status if kind not in (None, "land") else None


def value(v):
    """A categorical cell as a plain value (``None`` where missing)."""
    return None if pd.isna(v) else v


def values(col):
    """A categorical column as a list with ``None`` where missing."""
    return [value(v) for v in col]


def classified(out, i):
    kind = value(out["kind"].iat[i])
    state, status = value(out["state"].iat[i]), value(out["status"].iat[i])
    return kind, state, status if kind not in (None, "land") else None


# ---------------------------------------------------------------- synthetic zone set
def test_columns_order_index_and_source(zs):
    pts = gpd.GeoDataFrame(
        {"name": ["land", "ts", "cz", "eez", "high", "rock_ts", "agreed"]},
        geometry=[Point(130.5, 30.5), Point(130.5, 31.1), Point(130.5, 31.3), Point(129, 29),
                  Point(140, 40), Point(132.5, 32.62), Point(132.2, 28.5)],
        index=list("abcdefg"), crs=4326)
    out = classify(pts, source=zs, geometry=True)
    assert list(out.index) == list("abcdefg")
    assert list(out.columns) == ["kind", "state", "label", "status", "geometry"]
    assert values(out["kind"]) == ["land", "territorial_sea", "contiguous_zone", "eez", None,
                                    "territorial_sea", "eez"]
    assert values(out["state"]) == ["JPN", "JPN", "JPN", "JPN", None, "KOR", "JPN"]
    assert values(out["label"]) == ["JPN", "JPN", "JPN", "JPN", None, "rock", "JPN"]
    assert values(out["status"]) == [None, "uncontested", "uncontested", "uncontested", None,
                                      "disputed", "agreed"]
    assert out.attrs == {"source": "synthetic test zones", "perspective": "administering",
                         "coverage": None}
    assert out.crs.equals("EPSG:4326")
    assert out.geometry.equals(pts.geometry)


def test_perspective_changes_state_of_disputed_feature(zs):
    out = classify(lon=[132.5, 132.5, 129.0], lat=[32.62, 32.5, 29.0], source=zs,
                   perspective="JPN")
    assert values(out["kind"]) == ["territorial_sea", "land", "eez"]
    assert values(out["state"]) == ["JPN", "JPN", "JPN"]
    assert values(out["status"]) == ["disputed", "disputed", "uncontested"]
    assert out.attrs["perspective"] == "JPN"
    with pytest.raises(UnknownPerspectiveError):
        classify(lon=[130.0], lat=[30.0], source=zs, perspective="Japan")


def test_projected_input_is_converted(zs):
    pts = gpd.GeoSeries([Point(130.5, 31.1), Point(133.0, 30.0)], crs=4326).to_crs(3857)
    out = classify(pts, source=zs, geometry=True)
    assert values(out["kind"]) == ["territorial_sea", "eez"]
    assert values(out["state"]) == ["JPN", "KOR"]
    assert out.crs.equals("EPSG:4326")
    assert np.allclose(out.geometry.x, [130.5, 133.0]) and np.allclose(out.geometry.y, [31.1, 30])


def test_series_input_keeps_index_and_empty_input(zs):
    lon = pd.Series([129.0, 140.0], index=[10, 20])
    lat = pd.Series([29.0, 40.0], index=[10, 20])
    out = classify(lon=lon, lat=lat, source=zs)
    assert list(out.index) == [10, 20] and values(out["kind"]) == ["eez", None]
    empty = classify(lon=[], lat=[], source=zs)
    assert len(empty) == 0 and list(empty.columns) == ["kind", "state", "label", "status"]


def test_invalid_rows_are_listed(zs):
    lon = [130.0, np.nan, 130.0, 400.0, 130.0]
    lat = [30.0, 30.0, 95.0, 30.0, 31.1]
    with pytest.raises(InvalidCoordinateError) as err:
        classify(lon=lon, lat=lat, source=zs)
    msg = str(err.value)
    assert "3 invalid point(s)" in msg
    assert "row 1 (index 1): coordinates must be finite numbers" in msg
    assert "row 2 (index 2): latitude 95.0 is outside [-90, 90]" in msg
    assert "row 3 (index 3): longitude 400.0 is outside [-180, 360]" in msg
    out = classify(lon=lon, lat=lat, source=zs, errors="mark", geometry=True)
    assert values(out["kind"]) == ["land", None, None, None, "territorial_sea"]
    assert out["error"].notna().tolist() == [False, True, True, True, False]
    assert out.geometry.isna().tolist() == [False, True, True, True, False]


def test_non_point_and_missing_geometries_are_listed(zs):
    pts = gpd.GeoSeries([Point(130, 30), LineString([(0, 0), (1, 1)]), None, Point()],
                        index=["p", "q", "r", "s"], crs=4326)
    with pytest.raises(InvalidCoordinateError) as err:
        classify(pts, source=zs)
    msg = str(err.value)
    assert "row 1 (index 'q'): geometry is a LineString, expected a Point" in msg
    assert "row 2 (index 'r'): geometry is missing" in msg
    assert "row 3 (index 's'): geometry is empty" in msg
    with pytest.raises(ValueError, match="errors must be"):
        classify(pts, source=zs, errors="ignore")


def test_boundary_points_are_inside(zs):
    # points exactly on polygon edges that lie on the 1-degree grid lines
    out = classify(lon=[131.0, 130.0, 132.5, 128.0], lat=[30.5, 30.0, 30.0, 28.0], source=zs)
    assert values(out["kind"]) == ["land", "land", "eez", "eez"]
    assert values(out["state"]) == ["JPN", "JPN", "JPN", "JPN"]  # median: first state wins
    assert {z.state for z in where(132.5, 30.0, source=zs).zones} == {"JPN", "KOR"}


def test_two_labels_of_one_state_at_a_point(zs):
    # (132.2, 32.5): on the edge of the rock's EEZ and of Japan's. Under JPN's view both
    # are Japan's; classify picks the disputed rock row, as where's status does
    for persp, want in (("JPN", ("eez", "JPN", "rock", "disputed")),
                        ("administering", ("eez", "JPN", "JPN", "median line")),
                        ("KOR", ("eez", "JPN", "JPN", "median line"))):
        out = classify(lon=[132.2], lat=[32.5], source=zs, perspective=persp)
        assert tuple(value(out[c].iat[0]) for c in ("kind", "state", "label", "status")) == want
        z = where(132.2, 32.5, source=zs, perspective=persp).zones[0]
        assert (z.kind, z.state, z.label, z.status) == want, persp
    # on the median line (132.5 E) the states tie: the first in alphabetical order wins in
    # both, whatever the order of the rows
    out = classify(lon=[132.5], lat=[30.0], source=zs)
    assert (value(out["state"].iat[0]), value(out["status"].iat[0])) == ("JPN", "median line")


def test_large_batch_matches_where(zs):
    rng = np.random.default_rng(7)
    x = rng.uniform(127.0, 138.0, 100_000)
    y = rng.uniform(27.0, 34.0, 100_000)
    out = classify(lon=x, lat=y, source=zs)
    assert set(values(out["kind"])) == {"land", "territorial_sea", "contiguous_zone", "eez",
                                        None}
    for i in range(0, len(x), 997):
        assert verdict(where(x[i], y[i], source=zs)) == classified(out, i), i


@settings(max_examples=200, deadline=None)
@given(lon=st.floats(min_value=127.0, max_value=138.0), lat=st.floats(min_value=27.0,
                                                                      max_value=34.0))
def test_property_classify_agrees_with_where(zs, lon, lat):
    out = classify(lon=[lon, lon - 360.0 if lon > 180 else lon + 360.0 if lon < 0 else lon],
                   lat=[lat, lat], source=zs)
    assert value(out["kind"].iat[0]) == value(out["kind"].iat[1])
    for persp in (None, "JPN"):
        out = classify(lon=[lon], lat=[lat], source=zs, perspective=persp)
        assert verdict(where(lon, lat, source=zs, perspective=persp)) == classified(out, 0)


# ---------------------------------------------------------------- the grid index
def brute_pairs(geoms, x, y):
    pairs = set()
    for k, g in enumerate(geoms):
        inside = shapely.intersects_xy(g, x, y)
        pairs |= {(int(i), k) for i in np.flatnonzero(inside)}
    return pairs


def test_grid_index_matches_brute_force_with_grid_aligned_points():
    rng = np.random.default_rng(3)
    geoms = [shapely.buffer(Point(rng.uniform(-5, 5), rng.uniform(-5, 5)),
                            rng.uniform(0.5, 4.0), quad_segs=32) for _ in range(12)]
    geoms.append(box(-3.0, -3.0, 2.0, 1.0))  # edges on grid lines
    geoms.append(box(-2.0, -2.0, 2.0, 2.0).difference(box(-1.0, -1.0, 1.0, 1.0)))  # hole
    geoms.append(None)
    # a lattice on quarter degrees (many points exactly on grid lines) plus random points
    gx, gy = np.meshgrid(np.arange(-10, 10.01, 0.25), np.arange(-10, 10.01, 0.25))
    x = np.concatenate([gx.ravel(), rng.uniform(-10, 10, 5000)])
    y = np.concatenate([gy.ravel(), rng.uniform(-10, 10, 5000)])
    for cell in (1.0, 0.5, 2.0):
        idx = GridIndex(np.array(geoms, dtype=object), cell_deg=cell)
        p, g = idx.query(x, y)
        assert set(zip(p.tolist(), g.tolist(), strict=True)) == \
            brute_pairs([g if g is not None else Point() for g in geoms], x, y)
        assert idx.n_full_cells > 0


def test_grid_index_across_the_antimeridian():
    # a polygon drawn with longitudes 179..181 (unwrapped): points at -179.5 are inside
    poly = box(179.0, 10.0, 181.0, 11.0)
    idx = GridIndex(np.array([poly], dtype=object), cell_deg=1.0)
    p, g = idx.query([-179.5, 179.5, 178.5, 180.0, -180.0], [10.5, 10.5, 10.5, 10.5, 10.5])
    assert sorted(p.tolist()) == [0, 1, 3, 4]
    assert idx.n_full_cells == 2  # both cells filled completely


def test_grid_index_rejects_bad_cell_size():
    with pytest.raises(ValueError, match="cell_deg"):
        GridIndex(np.array([box(0, 0, 1, 1)], dtype=object), cell_deg=0.7)


def test_lazy_indexes_are_built_once_by_concurrent_callers(monkeypatch):
    import geo.zones.pointindex as pointindex

    zs = synthetic_zoneset()
    real = pointindex.GridIndex
    builds = []

    def slow_grid_index(*args, **kwargs):  # widen the window in which threads could race
        builds.append(1)
        time.sleep(0.05)
        return real(*args, **kwargs)

    monkeypatch.setattr(pointindex, "GridIndex", slow_grid_index)
    assert not zs.has_grid_index
    start = threading.Barrier(8)

    def ask():
        start.wait()
        return zs.grid_index(), zs.layers, zs.layer_tree(), zs.coast_index()

    with ThreadPoolExecutor(8) as pool:
        got = [f.result() for f in [pool.submit(ask) for _ in range(8)]]
    assert builds == [1]
    assert zs.has_grid_index
    for answer in got:
        assert all(a is b for a, b in zip(answer, got[0], strict=True))
    assert zs.grid_index() is got[0][0]


# ---------------------------------------------------------------- shipped zones
@pytest.fixture(scope="module")
def shipped(shipped_zones):
    return shipped_zones


def test_shipped_classify_agrees_with_where(shipped):
    rng = np.random.default_rng(11)
    x = rng.uniform(118.0, 150.0, 300)
    y = rng.uniform(20.0, 48.0, 300)
    out = geo.classify(lon=x, lat=y)
    assert out.attrs["source"] == shipped.source
    assert set(out["kind"].dropna()) <= {"land", "internal_waters", "archipelagic_waters",
                                         "territorial_sea", "contiguous_zone", "eez"}
    for i in range(len(x)):
        assert verdict(where(x[i], y[i], coast_within_km=0)) == classified(out, i), i


@settings(max_examples=40, deadline=None)
@given(lon=st.floats(min_value=110.0, max_value=170.0), lat=st.floats(min_value=15.0,
                                                                      max_value=55.0),
       persp=st.sampled_from([None, "JPN", "CHN", "KOR", "RUS", "TWN"]))
def test_property_shipped_classify_agrees_with_where(shipped, lon, lat, persp):
    out = classify(lon=[lon], lat=[lat], perspective=persp)
    assert verdict(where(lon, lat, perspective=persp, coast_within_km=0)) == classified(out, 0)


AGREEMENT_VIEWS = ("administering", "JPN", "KOR", "CHN", "TWN")


def shared_boundary_points(zs, per_pair=10):
    """Points exactly on the line between two zone rows of one kind: vertices both
    polygons share (the build cuts neighbours along one line), ``per_pair`` per pair,
    evenly spread, inside 120-142 E, 22-46 N. ``[(lon, lat, label a, label b), ...]``:
    pairs of one owner under some view (e.g. JPN and takeshima under Japan's) and of two
    owners (median lines)."""
    z = zs.zones
    pts = []
    for kind in sorted(set(z["kind"])):
        rows = z[z["kind"] == kind]
        labels = rows["label"].astype(str).tolist()
        geoms = rows.geometry.tolist()
        for i in range(len(geoms)):
            for j in range(i + 1, len(geoms)):
                a, b = geoms[i], geoms[j]
                if not a.intersects(b):
                    continue
                xy = shapely.get_coordinates(shapely.intersection(a.boundary, b.boundary))
                xy = xy[(xy[:, 0] > 120) & (xy[:, 0] < 142) & (xy[:, 1] > 22) & (xy[:, 1] < 46)]
                on_both = (shapely.intersects_xy(a, xy[:, 0], xy[:, 1])
                           & shapely.intersects_xy(b, xy[:, 0], xy[:, 1]))
                xy = xy[on_both]
                take = np.linspace(0, len(xy) - 1, min(per_pair, len(xy))).astype(int)
                pts.extend((float(x), float(y), labels[i], labels[j]) for x, y in xy[take])
    return pts


def test_shipped_classify_agrees_with_where_on_a_grid_and_on_shared_lines(shipped):
    """kind, state and status of classify equal those of where's first zone, for certain
    points of a grid over the Sea of Japan and around the Senkaku islands and for points
    on the lines between two zone rows (two labels of one state among them), under the
    administering, Japanese, Korean, Chinese and Taiwanese views."""
    gx, gy = np.meshgrid(np.arange(128.0, 140.01, 1.0), np.arange(34.0, 44.01, 1.0))
    sx, sy = np.meshgrid(np.arange(122.0, 126.01, 0.5), np.arange(24.0, 27.01, 0.5))
    grid_x = np.concatenate([gx.ravel(), sx.ravel()])
    grid_y = np.concatenate([gy.ravel(), sy.ravel()])
    line = shared_boundary_points(shipped)
    x = np.concatenate([grid_x, [p[0] for p in line]])
    y = np.concatenate([grid_y, [p[1] for p in line]])
    multi_part = 0
    for persp in AGREEMENT_VIEWS:
        # two labels of one owner meet on some of the lines under every one of these views
        assert any(shipped.owner(a, persp) == shipped.owner(b, persp) for *_, a, b in line)
        out = classify(lon=x, lat=y, perspective=persp)
        bad = []
        for i in range(len(x)):
            ans = where(x[i], y[i], perspective=persp, coast_within_km=0)
            if verdict(ans) != classified(out, i):
                bad.append((x[i], y[i], verdict(ans), classified(out, i)))
            if ans.zones and not ans.on_land:
                first = ans.zones[0]
                if sum(p.contains_centre for p in first.parts) > 1:
                    multi_part += 1
                    assert value(out["label"].iat[i]) == first.label
                    # the most contested part holding the point decides
                    assert first.status == min((p.status for p in first.parts),
                                               key=status_rank)
        assert not bad, (persp, bad[:5], len(bad))
        kinds = set(out["kind"].dropna())
        assert {"eez", "territorial_sea", "land"} <= kinds, persp
    assert multi_part > 20  # the shared lines really put points in two parts at once


def test_shipped_land_outside_the_coverage_agrees_with_where(shipped):
    """Outside the zones' frame, land comes from the Natural Earth countries in both
    (the Przewodow impact in Poland, Kyiv); open sea there stays unknown (None)."""
    from geo.catalogue import events

    ev = events().set_index("id")
    pts = [(float(ev.at[i, "impact_lon"]), float(ev.at[i, "impact_lat"]))
           for i in ("2022-11-15-ukr-1", "2022-11-15-rus-1")]
    pts.append((-60.0, 10.0))  # 10N 60W: sea, outside the frame
    out = classify(lon=[p[0] for p in pts], lat=[p[1] for p in pts])
    for i, (lon, lat) in enumerate(pts):
        ans = where(lon, lat, coast_within_km=0)
        assert not ans.covered
        assert verdict(ans) == classified(out, i), (lon, lat)
    assert values(out["kind"]) == ["land", "land", None]
    assert values(out["state"]) == ["POL", "UKR", None]
