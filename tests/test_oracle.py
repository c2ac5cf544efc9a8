"""The pointwise zone oracle (geo.zones.oracle) on small synthetic coasts and on land.parquet."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geodesy import GEOD, NM, ecef_unit, geocentric_to_geodetic
from geo.zones.oracle import KIND_CODES, Oracle, coast_vertices


def square(lon: float, lat: float, half: float = 0.05) -> shapely.Polygon:
    """A small square island centred on (lon, lat), densified to 0.01 degree."""
    return shapely.segmentize(shapely.box(lon - half, lat - half, lon + half, lat + half), 0.01)


@pytest.fixture(scope="module")
def two_islands() -> Oracle:
    """Islands A at 140 E and B at 142 E, both at 30 N: mirror images about 141 E."""
    land = [square(140.0, 30.0), square(142.0, 30.0)]
    xy, lab = coast_vertices(land, ["A", "B"])
    return Oracle(xy, lab, land=land)


def test_median_line_is_the_mirror_meridian(two_islands: Oracle) -> None:
    lat = np.linspace(29.0, 31.0, 21)
    west = two_islands.classify(np.full(21, 140.98), lat)
    east = two_islands.classify(np.full(21, 141.02), lat)
    assert set(west.nearest_label) == {"A"}
    assert set(east.nearest_label) == {"B"}


def test_kind_follows_geodesic_distance(two_islands: Oracle) -> None:
    # due south of the south-west corner of A, at exact geodesic distances
    lon0, lat0 = 139.95, 29.95
    dists = np.array([5.0, 11.9, 12.1, 23.9, 24.1, 199.0, 201.0]) * NM
    lon, lat, _ = GEOD.fwd(np.full(7, lon0), np.full(7, lat0), np.full(7, 225.0), dists)
    ans = two_islands.classify(lon, lat)
    assert ans.kind.tolist() == [1, 1, 2, 2, 3, 3, 0]
    assert ans.label.tolist() == ["A"] * 6 + [""]
    np.testing.assert_allclose(ans.distance_m, dists, rtol=0, atol=1.0)


def test_land_has_no_zone(two_islands: Oracle) -> None:
    ans = two_islands.classify([140.0, 142.01], [30.0, 29.99])
    assert ans.kind.tolist() == [0, 0]
    assert ans.on_land.all()


def test_shared_land_border_is_not_coast() -> None:
    west = shapely.segmentize(shapely.box(140.0, 30.0, 140.5, 30.5), 0.01)
    east = shapely.segmentize(shapely.box(140.5, 30.0, 141.0, 30.5), 0.01)
    xy, lab = coast_vertices([west, east], ["A", "B"])
    on_border = np.isclose(xy[:, 0], 140.5)
    assert not on_border.any()
    # every other boundary vertex is coast, each once
    assert len(xy) == len(np.unique(xy, axis=0))
    assert set(lab) == {"A", "B"}


def test_frame_cut_is_not_coast() -> None:
    from geo.zones.schema import COAST_FRAME

    west, south, _, _ = COAST_FRAME
    cut = shapely.segmentize(shapely.box(west, 40.0, west + 1.0, 41.0), 0.1)
    xy, _ = coast_vertices([cut], ["A"])
    assert len(xy) > 0
    assert not np.isclose(xy[:, 0], west).any()


def test_geocentric_round_trip() -> None:
    lon = np.array([100.0, 145.5, -170.0, 0.0])
    lat = np.array([-30.0, 45.0, 60.0, 89.0])
    back_lon, back_lat = geocentric_to_geodetic(ecef_unit(lon, lat))
    np.testing.assert_allclose(back_lon, lon, atol=1e-9)
    np.testing.assert_allclose(back_lat, lat, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(138.0, 144.0), st.floats(27.0, 33.0))
def test_oracle_matches_brute_force(two_islands: Oracle, lon: float, lat: float) -> None:
    ans = two_islands.classify([lon], [lat])
    d = GEOD.inv(np.full(len(two_islands.xy), lon), np.full(len(two_islands.xy), lat),
                 two_islands.xy[:, 0], two_islands.xy[:, 1])[2]
    best = int(np.argmin(d))
    assert ans.distance_m[0] == pytest.approx(d[best], abs=0.01)
    if not ans.on_land[0]:
        limit = {1: 12, 2: 24, 3: 200}
        if d[best] <= 200 * NM:
            assert ans.label[0] == two_islands.labels[best]
            assert d[best] <= limit[int(ans.kind[0])] * NM
        else:
            assert ans.kind[0] == 0
    assert set(KIND_CODES) == {1, 2, 3, 4, 5}


@pytest.mark.slow
def test_oracle_on_shipped_land_knows_takeshima_and_okinotori(shipped_oracle: Oracle) -> None:
    oracle = shipped_oracle
    # 10 nm east of Takeshima / Dokdo; 100 nm south of Okinotorishima
    lon, lat, _ = GEOD.fwd([131.87, 136.08], [37.24, 20.42], [90.0, 180.0],
                           [10 * NM, 100 * NM])
    ans = oracle.classify(lon, lat)
    assert ans.label.tolist() == ["takeshima", "okinotori"]
    assert ans.kind.tolist() == [1, 3]
