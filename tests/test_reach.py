"""Reach: countries (with the share of each inside) and gazetteer places within a range,
on the shipped Natural Earth countries and gazetteer; geodesic areas."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InvalidCoordinateError, UnknownPlaceError
from geo.flight.areas import countries_in
from geo.flight.reach import reach
from geo.geodesy import GEOD, geodesic_area_km2


@pytest.fixture(scope="module")
def sunan_1500():
    return reach("Sunan", 1500)


def test_reach_countries_and_fractions(sunan_1500):
    c = sunan_1500.countries.set_index("iso3")
    assert c.loc["PRK", "fraction"] == pytest.approx(1.0, abs=1e-6)
    assert c.loc["KOR", "fraction"] == pytest.approx(1.0, abs=1e-6)
    assert 0.5 < c.loc["JPN", "fraction"] < 1.0  # Tokyo yes, Kyushu yes, Okinawa no
    assert 0.1 < c.loc["CHN", "fraction"] < 0.6
    assert "USA" not in c.index and "TWN" not in c.index  # Taipei is ~1,750 km away
    fr = sunan_1500.countries["fraction"].to_numpy()
    assert (np.diff(fr) <= 1e-12).all()  # sorted, largest first
    # areas are geodesic: North Korea ~120,500 km2, South Korea ~100,000 km2
    assert c.loc["PRK", "area_km2"] == pytest.approx(120_500, rel=0.05)
    assert c.loc["KOR", "area_km2"] == pytest.approx(100_200, rel=0.05)
    assert sunan_1500.countries.crs.to_epsg() == 4326


def test_reach_places_are_within_range_by_geodesic_distance(sunan_1500):
    p = sunan_1500.places
    assert (p["distance_km"] <= 1500).all()
    assert (np.diff(p["distance_km"].to_numpy()) >= 0).all()
    ids = set(p["id"])
    assert {"tokyo", "pyongyang", "seongju"} <= ids
    assert "guam" not in ids and "honolulu" not in ids
    o = sunan_1500.origin
    row = p.set_index("id").loc["tokyo"]
    _, _, d = GEOD.inv(o.lon, o.lat, row["lon"], row["lat"])
    assert row["distance_km"] == pytest.approx(d / 1000.0, abs=1e-6)


def test_reach_json_shape(sunan_1500):
    d = sunan_1500.to_dict()
    json.dumps(d)
    assert set(d["countries"][0]) >= {"iso3", "name", "fraction"}
    assert set(d["places"][0]) >= {"id", "name", "distance_km"}
    assert d["range_km"] == 1500


def test_reach_from_lat_lon_text_and_tuple():
    a = reach("39.2239,125.67", 800)
    b = reach((125.67, 39.2239), 800)
    assert a.origin.lat == pytest.approx(39.2239) and a.origin.lon == pytest.approx(125.67)
    assert list(a.countries["iso3"]) == list(b.countries["iso3"])
    with pytest.raises(UnknownPlaceError):
        reach("Atlantis", 100)
    # text reads as in `launchmap where`: a first value that cannot be a latitude is the
    # longitude; values that fit neither way are an error
    swapped = reach("95.0,10.0", 100)
    assert (swapped.origin.lon, swapped.origin.lat) == (95.0, 10.0)
    with pytest.raises(InvalidCoordinateError):
        reach("95.0,200.0", 100)
    with pytest.raises(ValueError):
        reach("Sunan", -1)


def test_reach_across_the_antimeridian_from_guam_and_hawaii():
    r = reach("Honolulu", 4000)
    iso = set(r.countries["iso3"])
    assert "USA" in iso  # Hawaii itself
    assert "UMI" in iso or "KIR" in iso or "MHL" in iso  # Pacific islands across +/-180
    assert r.ring.geom_type in ("Polygon", "MultiPolygon")


@settings(max_examples=15, deadline=None)
@given(st.floats(200, 4000), st.floats(1.1, 2.5))
def test_fractions_grow_with_range(km, factor):
    small = reach("Sunan", km).countries.set_index("iso3")["fraction"]
    big = reach("Sunan", km * factor).countries.set_index("iso3")["fraction"]
    assert set(small.index) <= set(big.index)
    assert (big.loc[small.index] >= small - 1e-9).all()


def test_countries_in_with_synthetic_countries():
    cs = gpd.GeoDataFrame({"iso3": ["AAA", "BBB", "CCC"], "name": ["A", "B", "C"]},
                          geometry=[shapely.box(0, 0, 1, 1), shapely.box(0.5, 0, 3, 1),
                                    shapely.box(10, 10, 11, 11)], crs=4326)
    fp = shapely.box(-1, -1, 1.0, 2)
    out = countries_in(fp, cs).set_index("iso3")
    assert list(out.index) == ["AAA", "BBB"]
    assert out.loc["AAA", "fraction"] == pytest.approx(1.0)
    assert out.loc["BBB", "fraction"] == pytest.approx(0.2, rel=1e-3)
    assert out.loc["AAA", "area_km2"] == pytest.approx(geodesic_area_km2(shapely.box(0, 0, 1, 1)))


def test_geodesic_area_of_the_globe_and_a_polar_cap():
    assert geodesic_area_km2(shapely.box(-180, -90, 180, 90)) == pytest.approx(510_065_622, rel=1e-6)
    north = geodesic_area_km2(shapely.box(-180, 0, 180, 90))
    assert north == pytest.approx(510_065_622 / 2, rel=1e-6)
    assert geodesic_area_km2(None) == 0.0
