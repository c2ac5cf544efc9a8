"""The geodesy core on scalars and arrays alike: every function answers a scalar with a
scalar and an array with an array of the same shape, and both agree with pyproj."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import Polygon, box

from geo.errors import InvalidCoordinateError
from geo.geodesy import (
    GEOD,
    KM,
    NM,
    WGS84_A,
    WGS84_E2,
    WGS84_F,
    check_lonlat,
    destination,
    ecef,
    ecef_unit,
    geocentric_to_geodetic,
    geodesic_area_km2,
    in_lonlat_box,
    inverse,
    normalize_lon,
    split_antimeridian,
    wrap_lon_from,
)


@pytest.fixture(params=["scalar", "array", "list"])
def scalar_and_array(request):
    """Turn scalar test values into the form under test; ``back`` reads one value out."""
    kind = request.param

    def make(*values):
        if kind == "scalar":
            return values
        if kind == "array":
            return tuple(np.array([v]) for v in values)
        return tuple([v] for v in values)

    def back(value):
        if kind == "scalar":
            assert np.ndim(value) == 0, f"scalar input gave {type(value).__name__}"
            return float(value)
        assert np.shape(value) == (1,), f"array input gave shape {np.shape(value)}"
        return float(np.asarray(value)[0])

    make.back = back
    make.kind = kind
    return make


def test_constants_come_from_the_one_geod():
    assert WGS84_A == GEOD.a == 6378137.0
    assert WGS84_F == pytest.approx(1 / 298.257223563, rel=1e-12)
    assert WGS84_E2 == pytest.approx(WGS84_F * (2 - WGS84_F), rel=1e-12)
    assert (NM, KM) == (1852.0, 1000.0)


@pytest.mark.parametrize("lon, expected", [(190.0, -170.0), (180.0, -180.0), (-180.0, -180.0),
                                           (359.5, -0.5), (-540.0, -180.0), (0.0, 0.0)])
def test_normalize_lon(scalar_and_array, lon, expected):
    (x,) = scalar_and_array(lon)
    assert scalar_and_array.back(normalize_lon(x)) == pytest.approx(expected)


@pytest.mark.parametrize("lon, west, expected", [(-170.0, 105.0, 190.0), (120.0, 105.0, 120.0),
                                                 (104.0, 105.0, 464.0), (105.0, 105.0, 105.0)])
def test_wrap_lon_from(scalar_and_array, lon, west, expected):
    (x,) = scalar_and_array(lon)
    assert scalar_and_array.back(wrap_lon_from(x, west)) == pytest.approx(expected)


def test_destination_and_inverse_scalar_and_array(scalar_and_array):
    # Oshima-Oshima, 210 km due west: the README's first example
    lon, lat, az, d = scalar_and_array(139.5167, 41.5083, 270.0, 210 * KM)
    lon2, lat2 = destination(lon, lat, az, d)
    lon2, lat2 = scalar_and_array.back(lon2), scalar_and_array.back(lat2)
    ref_lon, ref_lat, _ = GEOD.fwd(139.5167, 41.5083, 270.0, 210 * KM)
    assert (lon2, lat2) == pytest.approx((ref_lon, ref_lat), abs=1e-9)
    az_back, dist = inverse(*scalar_and_array(139.5167, 41.5083, lon2, lat2))
    assert scalar_and_array.back(dist) == pytest.approx(210 * KM, abs=1e-6)
    assert scalar_and_array.back(az_back) == pytest.approx(270.0, abs=1e-9)


def test_destination_wraps_across_the_antimeridian():
    lon, lat = destination(179.5, 0.0, 90.0, 200 * KM)
    assert -180.0 <= lon < -178.0 and abs(lat) < 1e-9
    az, dist = inverse(179.5, 0.0, lon, lat)
    assert dist == pytest.approx(200 * KM, abs=1e-6) and az == pytest.approx(90.0, abs=1e-9)


def test_inverse_azimuth_in_0_360():
    az, _ = inverse(np.array([0.0, 0.0]), np.array([0.0, 0.0]),
                    np.array([-1.0, 1.0]), np.array([0.0, 0.0]))
    assert az.tolist() == pytest.approx([270.0, 90.0])


def test_ecef_matches_pyproj_and_shapes(scalar_and_array):
    tr = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    for lon, lat, h in [(0.0, 0.0, 0.0), (139.7, 35.7, 0.0), (-75.0, -89.9, 1000.0),
                        (180.0, 90.0, 0.0)]:
        lo, la, hh = scalar_and_array(lon, lat, h)
        v = ecef(lo, la, hh)
        assert v.shape == ((3,) if scalar_and_array.kind == "scalar" else (1, 3))
        assert np.ravel(v) == pytest.approx(tr.transform(lon, lat, h), abs=1e-6)


@given(st.floats(-180, 180), st.floats(-90, 90))
def test_geocentric_round_trip(lon, lat):
    back_lon, back_lat = geocentric_to_geodetic(ecef_unit(lon, lat))
    assert float(back_lat) == pytest.approx(lat, abs=1e-9)
    if abs(lat) < 89.999999:
        assert math.remainder(float(back_lon) - lon, 360.0) == pytest.approx(0.0, abs=1e-9)


def test_ecef_unit_is_unit_length():
    lon = np.linspace(-180, 180, 37)
    lat = np.linspace(-90, 90, 37)
    assert np.linalg.norm(ecef_unit(lon, lat), axis=1) == pytest.approx(np.ones(37))


def test_geodesic_area():
    one_degree = geodesic_area_km2(box(0, 0, 1, 1))
    lon, lat = [0, 1, 1, 0, 0], [0, 0, 1, 1, 0]
    assert one_degree == pytest.approx(abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6)
    assert 12_300 < one_degree < 12_310  # 111.32 km x 110.57 km at the equator
    # a hole subtracts, orientation does not matter
    ring = box(0, 0, 1, 1).difference(box(0.25, 0.25, 0.75, 0.75))
    assert geodesic_area_km2(ring) == pytest.approx(one_degree - geodesic_area_km2(
        box(0.25, 0.25, 0.75, 0.75)))
    assert geodesic_area_km2(Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])) == pytest.approx(one_degree)
    # continuous longitudes across the antimeridian measure as the same band elsewhere
    across = Polygon([(179.5, 0), (180.5, 0), (180.5, 1), (179.5, 1)])
    assert geodesic_area_km2(across) == pytest.approx(one_degree, rel=1e-9)
    assert geodesic_area_km2(Polygon()) == 0.0


def test_check_lonlat_errors_name_the_input():
    assert check_lonlat(190, 10) == (-170.0, 10.0)
    with pytest.raises(InvalidCoordinateError, match="impact: latitude 91.0"):
        check_lonlat(0, 91, "impact")
    with pytest.raises(InvalidCoordinateError, match="finite"):
        check_lonlat(float("nan"), 0)
    with pytest.raises(InvalidCoordinateError, match="numbers"):
        check_lonlat("east", 0)


def test_split_antimeridian_pieces_end_on_the_meridian():
    coords = np.array([[170.0, 10.0], [190.0, 20.0]])
    a, b = split_antimeridian(coords)
    assert a[-1].tolist() == pytest.approx([180.0, 15.0])
    assert b[0].tolist() == pytest.approx([-180.0, 15.0])
    assert b[-1].tolist() == pytest.approx([-170.0, 20.0])
    (same,) = split_antimeridian(np.array([[10.0, 0.0], [20.0, 0.0]]))
    assert same.tolist() == [[10.0, 0.0], [20.0, 0.0]]


@pytest.mark.parametrize("lon, lat, inside", [(-175.0, 30.0, True), (100.0, 30.0, False),
                                              (105.0, 15.0, True), (-170.0, 62.0, True),
                                              (-169.9, 40.0, False), (150.0, 62.1, False)])
def test_in_lonlat_box_across_the_antimeridian(scalar_and_array, lon, lat, inside):
    frame = (105.0, 15.0, 190.0, 62.0)  # the shipped zones' frame runs past 180
    x, y = scalar_and_array(lon, lat)
    got = in_lonlat_box(x, y, frame)
    if scalar_and_array.kind == "scalar":
        assert got is inside
    else:
        assert np.asarray(got).tolist() == [inside]
