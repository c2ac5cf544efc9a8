"""Relative-location parser: table-driven cases, round trips and the error messages."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InvalidCoordinateError, LocationParseError, UnknownPlaceError
from geo.gazetteer import find_place, load_gazetteer
from geo.geodesy import COMPASS_16, destination, inverse
from geo.location import COMPASS_SIGMA_DEG, DIRECTIONS, locate, rounding_unit

GAZ = load_gazetteer()


def _expected(place_id: str, km: float, az: float) -> tuple[float, float]:
    p = GAZ.by_id[place_id]
    return destination(p.lon, p.lat, az, km * 1000.0)


@pytest.mark.parametrize(
    ("text", "place_id", "km", "az", "hedged"),
    [
        ("about 210 km west of Oshima-Oshima", "oshima_oshima", 210, 270, True),
        ("80km NNW of Yonaguni", "yonaguni", 80, 337.5, False),
        ("some 200 kilometres north of the Noto Peninsula", "noto_peninsula", 200, 0, True),
        ("approximately 250 km W of Cape Tappi", "cape_tappi", 250, 270, True),
        ("170 kilometers to the west of Cape Tappi", "cape_tappi", 170, 270, False),
        ("1,180 km east of Cape Erimo", "cape_erimo", 1180, 90, False),
        ("about 350 km north of Dogo", "dogo", 350, 0, True),
        ("100 nautical miles north-northwest of Okushiri", "okushiri", 100 * 1.852, 337.5, False),
        ("50 nm SW of Hateruma", "hateruma", 50 * 1.852, 225, False),
        ("100 miles east-southeast of Sado", "sado", 100 * 1.609344, 112.5, False),
        ("~300 km north west of Okushiri Island", "okushiri", 300, 315, True),
        ("around 150 km south south-west of Ishigaki", "ishigaki", 150, 202.5, True),
        ("fell about 210 km west of Oshima-Oshima, inside Japan's EEZ", "oshima_oshima", 210,
         270, True),
        ("12 km WNW of 魚釣島", "uotsuri_shima", 12, 292.5, False),
        ("渡島大島の西約210km", "oshima_oshima", 210, 270, True),
        ("30 km east of 독도", "takeshima", 30, 90, False),
        ("2,200 km E of Cape Erimo", "cape_erimo", 2200, 90, False),
    ],
)
def test_relative_locations(text, place_id, km, az, hedged):
    loc = locate(text)
    assert loc.method == "relative"
    assert loc.place_id == place_id
    assert loc.distance_km == pytest.approx(km)
    assert loc.azimuth_deg == pytest.approx(az)
    assert loc.hedged is hedged
    lon, lat = _expected(place_id, km, az)
    assert loc.lon == pytest.approx(lon, abs=1e-9) and loc.lat == pytest.approx(lat, abs=1e-9)
    # the point really lies at that geodesic distance and azimuth from the place
    p = GAZ.by_id[place_id]
    az_back, dist = inverse(p.lon, p.lat, loc.lon, loc.lat)
    assert dist == pytest.approx(km * 1000.0, rel=1e-9)
    assert (az_back - az + 180) % 360 - 180 == pytest.approx(0, abs=1e-6)


def test_range_takes_midpoint_and_range_sigma():
    loc = locate("300-350 km W of Oga Peninsula")
    assert loc.distance_km == pytest.approx(325)
    assert loc.sigma_along_km == pytest.approx(50 / math.sqrt(12))


def test_seed_point_oshima_oshima_is_in_the_sea_of_japan():
    loc = locate("about 210 km west of Oshima-Oshima")
    assert loc.lat == pytest.approx(41.48, abs=0.02)
    assert loc.lon == pytest.approx(136.85, abs=0.02)


@pytest.mark.parametrize(
    ("number", "unit"),
    [("210", 10), ("250", 50), ("200", 50), ("300", 100), ("1,180", 10), ("2.5", 0.1),
     ("80", 10), ("17", 1), ("1000", 100), ("3200", 100)],
)
def test_rounding_unit(number, unit):
    assert rounding_unit(number) == unit


def test_sigma_rule_documented_numbers():
    hedged = locate("about 210 km west of Oshima-Oshima")
    exact = locate("213 km west of Oshima-Oshima")
    # u = 10 km, hedged: uniform over [d - u, d + u], sigma 2u / sqrt(12)
    assert hedged.sigma_along_km == pytest.approx(20 / math.sqrt(12))
    assert (hedged.distance_min_km, hedged.distance_max_km) == (200, 220)
    assert exact.sigma_along_km == pytest.approx(1 / math.sqrt(12))  # u = 1 km
    assert hedged.sigma_across_km == pytest.approx(210 * math.radians(COMPASS_SIGMA_DEG))
    place = find_place("Oshima-Oshima")
    from geo.location import place_extent_km

    expected = math.sqrt((hedged.sigma_along_km**2 + hedged.sigma_across_km**2) / 2
                         + place_extent_km(place)**2)
    assert hedged.sigma_km == pytest.approx(expected)
    # rounder figures carry more uncertainty
    assert locate("about 250 km west of Oshima-Oshima").sigma_along_km > hedged.sigma_along_km


@pytest.mark.parametrize(
    ("text", "lon", "lat"),
    [
        ("41.5N 137.0E", 137.0, 41.5),
        ("41.5°N, 137.0°E", 137.0, 41.5),
        ("137.0E 41.5N", 137.0, 41.5),
        ("N41.5 E137.0", 137.0, 41.5),
        ("41°30'N 137°15'E", 137.25, 41.5),
        ("41°30′15″N 137°15′30″E", 137 + 15 / 60 + 30 / 3600, 41 + 30 / 60 + 15 / 3600),
        ("41 30 N 137 15 E", 137.25, 41.5),
        ("41.5, 137.0", 137.0, 41.5),
        ("41.5 137.0", 137.0, 41.5),
        ("137.0, 41.5", 137.0, 41.5),
        ("-33.9, 151.2", 151.2, -33.9),
        ("33.9S 151.2E", 151.2, -33.9),
        ("21.3N 157.9W", -157.9, 21.3),
        ("lat 41.5 lon 137", 137.0, 41.5),
    ],
)
def test_coordinates(text, lon, lat):
    loc = locate(text)
    assert loc.method == "coordinates"
    assert loc.lon == pytest.approx(lon) and loc.lat == pytest.approx(lat)
    assert loc.sigma_km > 0


def test_coordinate_sigma_follows_resolution():
    assert locate("41.5N 137.0E").sigma_km > locate("41.50N 137.00E").sigma_km * 5


def test_bare_place_and_aliases():
    for text in ("Przewodow", "Przewodów", "in Przewodow", "尖閣諸島", "Okushiri Island", "奥尻島"):
        loc = locate(text)
        assert loc.method == "place", text
    assert locate("釣魚台").place_id == locate("Uotsuri-shima").place_id


@pytest.mark.parametrize(
    ("text", "exc", "needle"),
    [
        ("210 km west of Atlantis", UnknownPlaceError, "unknown place 'Atlantis'"),
        ("210 km west of Oshma-Oshima", UnknownPlaceError, "Oshima-Oshima"),
        ("210 km of Oshima-Oshima", LocationParseError, "no direction"),
        ("210 km of Oshima-Oshima", LocationParseError, "use --ring"),
        ("west of Oshima-Oshima", LocationParseError, "missing distance"),
        ("95N 140E", InvalidCoordinateError, "latitude 95"),
        ("41.5N 200E", InvalidCoordinateError, "longitude 200"),
        ("41 75 N 137 0 E", InvalidCoordinateError, "minutes value 75"),
        ("41.5N 42.0N", LocationParseError, "one latitude"),
        ("", LocationParseError, "empty"),
        ("12 apples", LocationParseError, "expected"),
        ("0 km west of Oshima-Oshima", LocationParseError, "greater than zero"),
    ],
)
def test_errors_name_the_problem(text, exc, needle):
    with pytest.raises(exc) as info:
        locate(text)
    assert needle in str(info.value)


def test_unknown_place_offers_close_names():
    with pytest.raises(UnknownPlaceError) as info:
        locate("80 km NNW of Yonaguni-jimaa")
    assert any("Yonaguni" in s for s in info.value.suggestions)


def test_every_direction_spelling_maps_to_a_16_point_azimuth():
    assert set(DIRECTIONS.values()) == {i * 22.5 for i in range(16)}
    for letters in COMPASS_16:
        assert letters.lower() in DIRECTIONS


def _measured_from_point(place) -> bool:
    from geo.statements.regions import region_coast

    return place.kind not in ("sea", "region", "strait") and region_coast(place) is None


#: Places a statement measures from their point (big islands and regions are measured
#: from their coast, see tests/test_statements.py).
_PLACES = [p for p in GAZ.places if _measured_from_point(p)]


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(_PLACES),
    km=st.integers(min_value=1, max_value=15000),
    idx=st.integers(min_value=0, max_value=15),
    style=st.sampled_from(["letters", "words"]),
)
def test_round_trip_point_text_point(place, km, idx, style):
    """point -> 'd km DIR of place' -> point: the text reproduces the geodesic exactly."""
    words = ("north north-northeast northeast east-northeast east east-southeast southeast "
             "south-southeast south south-southwest southwest west-southwest west "
             "west-northwest northwest north-northwest").split()
    direction = COMPASS_16[idx] if style == "letters" else words[idx]
    text = f"{km} km {direction} of {place.name}"
    loc = locate(text)
    lon, lat = destination(place.lon, place.lat, idx * 22.5, km * 1000.0)
    assert loc.place_id == place.id
    assert math.isclose(loc.lat, lat, abs_tol=1e-9)
    assert math.isclose((loc.lon - lon + 180) % 360 - 180, 0, abs_tol=1e-9)
    _, dist = inverse(place.lon, place.lat, loc.lon, loc.lat)
    assert math.isclose(dist, km * 1000.0, rel_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-89.99, 89.99), lon=st.floats(-179.99, 179.99))
def test_round_trip_coordinates(lat, lon):
    text = f"{abs(lat):.4f}{'N' if lat >= 0 else 'S'} {abs(lon):.4f}{'E' if lon >= 0 else 'W'}"
    loc = locate(text)
    assert loc.lat == pytest.approx(round(abs(lat), 4) * (1 if lat >= 0 else -1), abs=1e-9)
    assert loc.lon == pytest.approx(round(abs(lon), 4) * (1 if lon >= 0 else -1), abs=1e-9)


def test_package_level_locate_stays_the_function():
    """Importing the parser's module must not shadow ``geo.locate`` (the function)."""
    import geo

    geo.events()
    assert callable(geo.locate) and geo.locate("Okushiri").place_id == "okushiri"


def test_lazy_exports_are_functions_even_after_submodule_imports():
    """geo.flight.reach / .coverage / .track are functions although modules share the names."""
    import importlib

    import geo.flight

    for name in ("reach", "coverage", "track"):
        importlib.import_module(f"geo.flight.{name}")
        assert callable(getattr(geo.flight, name)), name
