"""Geodesic range rings: vertices at the stated distance, inside/outside classification,
antimeridian, poles and the antipode; rings drawn from systems.csv."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.flight.rings import MAX_DISTANCE_KM, range_ring, ring_polygon, ring_vertices, rings
from geo.flight.systems import UnknownSystemError, system_rings
from geo.geodesy import GEOD, geodesic_area_km2

centre_lon = st.one_of(st.floats(-180.0, 179.999), st.floats(175.0, 179.999),
                       st.floats(-180.0, -175.0))
centre_lat = st.one_of(st.floats(-89.9, 89.9), st.floats(80.0, 89.9), st.floats(-89.9, -80.0))
radius = st.one_of(st.floats(1.0, 19_950.0), st.floats(1.0, 3_000.0))


def _dist_km(lon0, lat0, x, y):
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    _, _, d = GEOD.inv(np.full(x.shape, lon0), np.full(x.shape, lat0), x, y)
    return np.asarray(d) / 1000.0


@settings(max_examples=120, deadline=None)
@given(centre_lon, centre_lat, radius)
def test_every_vertex_is_at_the_stated_distance(lon, lat, km):
    _, x, y = ring_vertices(lon, lat, km)
    d = _dist_km(lon, lat, ((x + 180.0) % 360.0) - 180.0, y)
    assert np.max(np.abs(d - km)) < 1e-6 * max(km, 1.0) + 1e-6
    geom = ring_polygon(lon, lat, km)
    assert geom.is_valid
    minx, miny, maxx, maxy = geom.bounds
    assert minx >= -180.0 and maxx <= 180.0 and miny >= -90.0 and maxy <= 90.0
    # every polygon vertex that is not on a cut (lon +/-180) or a pole edge is on the ring
    pts = shapely.get_coordinates(geom)
    keep = (np.abs(np.abs(pts[:, 0]) - 180.0) > 1e-9) & (np.abs(np.abs(pts[:, 1]) - 90.0) > 1e-9)
    if keep.any() and km < MAX_DISTANCE_KM:
        dv = _dist_km(lon, lat, pts[keep, 0], pts[keep, 1])
        assert np.max(np.abs(dv - km)) < 1e-3 + 1e-6 * km


@settings(max_examples=120, deadline=None)
@given(centre_lon, centre_lat, radius,
       st.lists(st.tuples(st.floats(-180.0, 180.0), st.floats(-90.0, 90.0)),
                min_size=1, max_size=25))
def test_points_are_classified_by_their_geodesic_distance(lon, lat, km, probes):
    geom = ring_polygon(lon, lat, km)
    shapely.prepare(geom)
    px = np.array([p[0] for p in probes])
    py = np.array([p[1] for p in probes])
    d = _dist_km(lon, lat, px, py)
    margin = 2.0 + 1e-4 * km  # the refinement keeps edges within 0.5 km of the ring
    inside = shapely.intersects_xy(geom, px, py)
    assert inside[d < km - margin].all()
    assert not inside[d > km + margin].any()


def test_pyongyang_5000_km_reaches_tokyo_not_honolulu():
    ring = range_ring("Pyongyang", 5000)
    g = ring.geometry.iloc[0]
    assert ring.crs.to_epsg() == 4326 and ring["range_km"].iloc[0] == 5000
    assert g.contains(shapely.Point(139.69, 35.69))       # Tokyo ~1,290 km
    assert g.contains(shapely.Point(144.78, 13.45))       # Guam ~3,400 km
    assert not g.contains(shapely.Point(-157.86, 21.31))  # Honolulu ~7,400 km
    assert not g.contains(shapely.Point(-122.42, 37.77))  # San Francisco


def test_ring_near_the_antimeridian_is_a_multipolygon():
    g = ring_polygon(179.5, -17.0, 800)  # centred on Fiji's longitude
    assert g.geom_type == "MultiPolygon"
    assert g.contains(shapely.Point(-178.0, -17.0)) and g.contains(shapely.Point(177.0, -17.0))
    assert not g.contains(shapely.Point(170.0, -17.0))
    area = geodesic_area_km2(g)
    # geodesic disc area on a sphere of the same size: 2 pi R^2 (1 - cos(r / R))
    r_earth = 6371.0
    sphere = 2 * math.pi * r_earth ** 2 * (1 - math.cos(800 / r_earth))
    assert area == pytest.approx(sphere, rel=0.01)


def test_ring_containing_the_north_pole():
    g = ring_polygon(125.7, 80.0, 2000)
    assert g.is_valid
    for lon in (-179.0, -90.0, 0.0, 45.0, 125.0, 179.0):
        assert g.contains(shapely.Point(lon, 89.5))
    assert not g.contains(shapely.Point(125.7, 60.0))
    # 80 N on the far side is 20 degrees of arc (~2,230 km) away: outside
    assert not g.contains(shapely.Point(-54.3, 80.0))
    assert g.contains(shapely.Point(-54.3, 85.0))  # ~1,670 km over the pole


def test_ring_containing_the_south_pole_centred_on_the_antimeridian():
    g = ring_polygon(180.0, -75.0, 3000)
    for lon in (-170.0, 0.0, 90.0, 170.0):
        assert g.intersects(shapely.Point(lon, -89.0))
    assert not g.contains(shapely.Point(180.0 - 1e-6, -40.0))


def test_ring_wider_than_half_the_earth_surrounds_the_antipode():
    g = ring_polygon(125.7, 39.0, 15000)
    anti = (125.7 - 180.0, -39.0)
    assert not g.contains(shapely.Point(*anti))
    assert g.intersects(shapely.Point(0.0, 90.0)) and g.intersects(shapely.Point(0.0, -90.0))
    assert g.contains(shapely.Point(0.0, 0.0))  # ~12,600 km
    assert not g.contains(shapely.Point(anti[0] + 10.0, anti[1]))  # ~19,100 km
    assert geodesic_area_km2(g) > 0.8 * 510e6


def test_whole_globe_and_bad_radius():
    g = ring_polygon(0.0, 0.0, MAX_DISTANCE_KM + 1)
    assert g.equals(shapely.box(-180, -90, 180, 90))
    for bad in (0, -5, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            ring_polygon(0.0, 0.0, bad)


def test_concentric_rings_frame():
    gdf = rings("Sunan", [1000, 3000, 5500])
    assert list(gdf["range_km"]) == [5500, 3000, 1000]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].contains(gdf.geometry.iloc[1])


def test_system_rings_from_the_table():
    gdf = system_rings("Sunan", ["Hwasong-17", "hwasong_12", "KN-23"])
    assert list(gdf["system_id"]) == ["hwasong_17", "hwasong_12", "hwasong_11"]
    assert list(gdf["range_km"]) == [15000.0, 4500.0, 690.0]
    assert gdf["source"].str.len().min() > 20
    hs12 = gdf.geometry.iloc[1]
    assert hs12.contains(shapely.Point(144.78, 13.45))  # Guam (~3,400 km) inside 4,500 km
    assert not hs12.contains(shapely.Point(-157.86, 21.31))
    lower = system_rings("Sunan", ["hwasong_12"], which="range_min_km")
    assert lower["range_km"].iloc[0] == 3700.0
    with pytest.raises(UnknownSystemError):
        system_rings("Sunan", ["Hwasong-99"])


@settings(max_examples=40, deadline=None)
@given(centre_lon, st.floats(-60.0, 60.0), st.floats(10.0, 3000.0))
def test_ring_area_matches_the_disc(lon, lat, km):
    assume(abs(lat) + km / 111.0 < 85.0)  # keep away from the poles for the sphere check
    area = geodesic_area_km2(ring_polygon(lon, lat, km))
    sphere = 2 * math.pi * 6371.0 ** 2 * (1 - math.cos(km / 6371.0))
    assert area == pytest.approx(sphere, rel=0.012)
