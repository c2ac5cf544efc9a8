"""geo.where: zones holding a point, perspective, status, claimants, coasts, uncertainty.

The first part runs on a small synthetic zone set (tests/_zone_fixtures.py) whose answers
are known by construction; the second part runs on the shipped zones.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from _zone_fixtures import synthetic_zoneset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geo
from geo.errors import InvalidCoordinateError, InvalidSigmaError, UnknownPerspectiveError
from geo.geodesy import GEOD, destination
from geo.zones.where import (
    SAMPLE_COUNT,
    gaussian_offsets,
    report_zones,
    sample_points,
    where,
)

REPORT_KEYS = ["kind", "state", "perspective", "claimants", "status", "probability", "parts"]
PART_KEYS = {"label", "name", "status", "claimants", "probability", "views", "contains_centre"}


@pytest.fixture(scope="module")
def zs():
    return synthetic_zoneset()


def summary(ans):
    return [(z.kind, z.state, z.status, z.claimants, z.probability) for z in ans.zones]


# ---------------------------------------------------------------- synthetic zone set
def test_nesting_of_kinds(zs):
    assert [z.kind for z in where(130.5, 31.1, source=zs).zones] == ["territorial_sea", "eez"]
    assert [z.kind for z in where(130.5, 31.3, source=zs).zones] == ["contiguous_zone", "eez"]
    assert [z.kind for z in where(129.0, 29.0, source=zs).zones] == ["eez"]
    high = where(140.0, 40.0, source=zs)
    assert high.zones == [] and high.on_land is None and high.coast_km == []


def test_statuses(zs):
    assert summary(where(129.0, 29.0, source=zs)) == [("eez", "JPN", "uncontested", ["JPN"], 1.0)]
    assert summary(where(132.0, 30.0, source=zs)) == [("eez", "JPN", "median line", ["JPN"], 1.0)]
    assert summary(where(132.2, 28.5, source=zs)) == [("eez", "JPN", "agreed", ["JPN"], 1.0)]
    assert summary(where(133.0, 30.0, source=zs)) == [("eez", "KOR", "median line", ["KOR"], 1.0)]


def test_disputed_feature_under_each_perspective(zs):
    expected = {None: "KOR", "administering": "KOR", "KOR": "KOR", "JPN": "JPN",
                "CHN": "KOR", "usa": "KOR"}  # no recorded view -> administering owner
    for persp, state in expected.items():
        ans = where(132.5, 32.62, source=zs, perspective=persp)
        assert summary(ans) == [("territorial_sea", state, "disputed", ["JPN", "KOR"], 1.0),
                                ("eez", state, "disputed", ["JPN", "KOR"], 1.0)], persp
        assert ans.disputed
        assert ans.zones[0].views == {"JPN": "JPN", "KOR": "KOR", "administering": "KOR"}
    assert where(132.5, 32.62, source=zs, perspective="usa").perspective == "USA"


def test_unknown_perspective_is_a_clear_error(zs):
    for bad in ("japan", "JP", "J1N", "", 42):
        with pytest.raises(UnknownPerspectiveError, match="perspective"):
            where(130.0, 31.2, source=zs, perspective=bad)


@pytest.mark.parametrize("lon,lat", [(float("nan"), 30.0), (130.0, float("inf")), (130.0, 91.0),
                                     (400.0, 30.0), (-181.0, 0.0), ("x", 1.0)])
def test_invalid_coordinates(zs, lon, lat):
    with pytest.raises(InvalidCoordinateError):
        where(lon, lat, source=zs)


@pytest.mark.parametrize("sigma", [-1.0, float("nan"), float("inf"), "wide"])
def test_invalid_sigma(zs, sigma):
    with pytest.raises(InvalidSigmaError, match="sigma_km"):
        where(130.0, 31.2, source=zs, sigma_km=sigma)


def test_on_land(zs):
    ans = where(130.5, 30.5, source=zs)
    assert ans.on_land == "JPN" and ans.zones == [] and ans.land_probability == 1.0
    assert where(132.5, 32.5, source=zs).on_land == "KOR"
    assert where(132.5, 32.5, source=zs, perspective="JPN").on_land == "JPN"
    assert where(131.0, 30.5, source=zs).on_land == "JPN"  # on the coastline itself


def test_coast_distances_match_brute_force(zs):
    lon, lat = 132.3, 31.2
    ans = where(lon, lat, source=zs)
    brute = {}
    for label, geom in zip(zs.land["label"], zs.land.geometry, strict=True):
        xy = shapely.get_coordinates(geom.exterior)
        _, _, d = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
        state = zs.owner(label)
        brute[state] = min(brute.get(state, np.inf), d.min() / 1000.0)
    expected = sorted((s, d) for s, d in brute.items() if d <= 500.0)
    got = [(c.state, c.distance_km) for c in ans.coast_km]
    assert [s for s, _ in got] == [s for s, _ in sorted(expected, key=lambda t: t[1])]
    for s, d in got:
        assert d == pytest.approx(brute[s], abs=1e-6)
    assert [d for _, d in got] == sorted(d for _, d in got)
    # the rock (label 'rock', nearer than Korea's coast) counts for JPN under JPN's view
    def dists(persp):
        return {c.state: c.distance_km for c in where(132.5, 32.0, source=zs,
                                                       perspective=persp).coast_km}

    jpn_view, admin = dists("JPN"), dists(None)
    assert jpn_view["JPN"] == pytest.approx(admin["KOR"])  # the rock, ~50 km away
    assert jpn_view["JPN"] < 60.0
    assert jpn_view["KOR"] > 150.0 and admin["JPN"] > 150.0


def test_answer_serialises_and_report_contract(zs):
    ans = where(132.5, 32.62, source=zs, sigma_km=5)
    text = json.dumps(ans.to_dict())
    back = json.loads(text)
    assert back["source"] == "synthetic test zones" and back["sigma_km"] == 5.0
    rows = report_zones(132.5, 32.62, sigma_km=5, perspective="JPN", source=zs)["zones"]
    assert rows and all(list(r) == REPORT_KEYS for r in rows)
    assert all(set(q) == PART_KEYS for r in rows for q in r["parts"])
    assert all(0.0 <= r["probability"] <= 1.0 for r in rows)
    assert rows[0]["state"] == "JPN" and rows[0]["claimants"] == ["JPN", "KOR"]
    rep = report_zones(132.3, 31.2, sigma_km=0, perspective=None, source=zs)
    assert set(rep) == {"zones", "source", "on_land", "coast_km", "covered", "regimes"}
    assert rep["zones"] == [{"kind": "eez", "state": "JPN", "perspective": "administering",
                             "claimants": ["JPN"], "status": "median line",
                             "probability": 1.0,
                             "parts": [{"label": "JPN", "name": None, "status": "median line",
                                        "claimants": ["JPN"], "probability": 1.0, "views": {},
                                        "contains_centre": True}]}]
    assert rep["source"] == "synthetic test zones" and rep["on_land"] is None
    assert [set(c) for c in rep["coast_km"]] == [{"state", "distance_km"}] * 2
    json.dumps(rep)


# ---------------------------------------------------------------- uncertainty
def test_gaussian_offsets_are_standard_normal_and_fixed():
    east, north = gaussian_offsets()
    assert len(east) == SAMPLE_COUNT
    assert abs(east.mean()) < 0.02 and abs(north.mean()) < 0.02
    assert east.std() == pytest.approx(1.0, abs=0.02)
    assert north.std() == pytest.approx(1.0, abs=0.02)
    assert abs(np.corrcoef(east, north)[0, 1]) < 0.02
    # fraction within 1 sigma radius of a 2-D standard normal: 1 - exp(-1/2)
    assert np.mean(np.hypot(east, north) <= 1.0) == pytest.approx(1 - np.exp(-0.5), abs=0.01)
    e2, n2 = gaussian_offsets()
    assert np.array_equal(east, e2) and np.array_equal(north, n2)
    r = np.hypot(east, north)
    assert np.all(np.diff(r) >= 0)  # nearest the centre first


def test_samples_are_placed_geodesically():
    lon, lat = 140.0, 45.0
    xs, ys = sample_points(lon, lat, 100.0)
    az, _, dist = GEOD.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)
    east, north = gaussian_offsets()
    assert np.allclose(dist / 1000.0, np.hypot(east, north) * 100.0, rtol=1e-9, atol=1e-6)
    # RMS distance of a 2-D Gaussian with sigma s per axis is s * sqrt(2)
    assert np.sqrt(np.mean((dist / 1000.0) ** 2)) == pytest.approx(100.0 * np.sqrt(2), rel=0.02)
    # across the antimeridian the samples stay in [-180, 180)
    xs, _ = sample_points(179.9, 0.0, 50.0)
    assert xs.min() >= -180.0 and xs.max() < 180.0 and (xs < 0).any() and (xs > 0).any()


def test_probability_of_zones_near_a_boundary(zs):
    # centre just outside JPN's territorial sea: the TS is listed with a partial probability
    ans = where(130.5, 31.205, source=zs, sigma_km=5)
    kinds = {z.kind: z.probability for z in ans.zones}
    assert set(kinds) == {"territorial_sea", "contiguous_zone", "eez"}
    assert [z.kind for z in ans.at_centre] == ["contiguous_zone", "eez"]
    assert not ans.zone("territorial_sea").contains_centre
    assert 0.1 < kinds["territorial_sea"] < 0.9
    assert kinds["territorial_sea"] + kinds["contiguous_zone"] == pytest.approx(
        kinds["eez"], abs=1e-9)
    assert all(0.0 <= p <= 1.0 for p in kinds.values())
    # on the median line the two states split about evenly
    ans = where(132.5, 30.5, source=zs, sigma_km=30)
    probs = {z.state: z.probability for z in ans.zones}
    assert probs["JPN"] == pytest.approx(0.5, abs=0.03)
    assert probs["JPN"] + probs["KOR"] == pytest.approx(1.0, abs=1e-9)
    # deterministic
    assert summary(ans) == summary(where(132.5, 30.5, source=zs, sigma_km=30))


def test_status_of_a_zone_whose_centre_is_outside(zs):
    # centre in the uncontested part of JPN's EEZ; the KOR zone is only reached by samples
    # near the median line, so its status is taken there ("median line")
    ans = where(132.3, 30.5, source=zs, sigma_km=40)
    kor = [z for z in ans.zones if z.state == "KOR" and z.kind == "eez"][0]
    assert kor.status == "median line" and 0 < kor.probability < 0.5


def test_land_probability(zs):
    ans = where(131.0, 30.5, source=zs, sigma_km=10)  # centre on the coast
    assert ans.on_land == "JPN"
    assert 0.4 < ans.land_probability < 0.6


# ---------------------------------------------------------------- properties
def near_boundary(zs, lon, lat, tol_deg):
    geoms = zs.layers["geoms"]
    geoms = geoms[~shapely.is_missing(geoms)]
    return bool((shapely.distance(shapely.boundary(geoms), shapely.Point(lon, lat)) <= tol_deg)
                .any())


lons = st.floats(min_value=127.0, max_value=138.0, allow_nan=False)
lats = st.floats(min_value=27.0, max_value=34.0, allow_nan=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lon=lons, lat=lats)
def test_property_sigma_to_zero_and_wrapping(zs, lon, lat):
    exact = where(lon, lat, source=zs)
    assert all(z.probability == 1.0 for z in exact.zones)
    tiny = where(lon, lat, source=zs, sigma_km=1e-7)  # 0.1 mm
    if not near_boundary(zs, lon, lat, 1e-8):  # points on a boundary really are split
        assert [(z.kind, z.state, z.probability) for z in tiny.zones] == \
            [(z.kind, z.state, 1.0) for z in exact.zones]
    assert {(z.kind, z.state) for z in tiny.zones} <= {(z.kind, z.state) for z in exact.zones}
    shifted = where(lon - 360.0 if lon > 180 else lon + 360.0 if lon < 0 else lon, lat,
                    source=zs)
    assert summary(shifted) == summary(exact)


@settings(max_examples=60, deadline=None)
@given(lon=lons, lat=lats, sigma=st.floats(min_value=0.5, max_value=200.0))
def test_property_probabilities_in_unit_interval(zs, lon, lat, sigma):
    ans = where(lon, lat, source=zs, sigma_km=sigma)
    assert all(0.0 < z.probability <= 1.0 for z in ans.zones)
    by_kind: dict[str, float] = {}
    for z in ans.zones:
        by_kind[z.kind] = by_kind.get(z.kind, 0.0) + z.probability
    assert all(p <= 1.0 + 1e-12 for p in by_kind.values())
    assert 0.0 <= ans.land_probability <= 1.0


# ---------------------------------------------------------------- shipped zones
@pytest.fixture(scope="module")
def shipped(shipped_zones):
    return shipped_zones


def test_shipped_source_and_perspectives(shipped):
    assert shipped.source.startswith("launchmap computed zones (GSHHG full + Natural Earth 10m)")
    assert set(shipped.perspectives) >= {"administering", "JPN", "CHN", "TWN", "KOR", "RUS",
                                         "VNM"}
    ans = geo.where(135.0, 40.0)
    assert ans.source == shipped.source


def test_shipped_coast_distances(shipped):
    # the 2022-11-18 ICBM point, ~210 km west of Oshima-Oshima: Japan's nearest coast is
    # that island's west shore, Russia's the Primorye coast
    lon, lat = destination(139.3678, 41.5105, 270.0, 210_000.0)
    ans = where(lon, lat)
    dist = {c.state: c.distance_km for c in ans.coast_km}
    assert [c.state for c in ans.coast_km][:2] == ["JPN", "RUS"]
    assert 200.0 < dist["JPN"] < 210.0
    d, clon, clat = shipped.coast_index().nearest_by_label(lon, lat)["JPN"]
    assert abs(clon - 139.3678) < 0.05 and abs(clat - 41.5105) < 0.05
    # brute force over every JPN coast vertex (Japan has no land border, so every vertex
    # off the frame edges is coast) for a few points
    land = shipped.land[shipped.land["label"] == "JPN"]
    xy = shapely.get_coordinates(shapely.get_rings(shapely.get_parts(land.geometry.values)))
    for lon, lat in ((136.85, 41.48), (129.0, 35.5), (141.0, 30.0)):
        _, _, brute = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
        got = {c.state: c.distance_km for c in where(lon, lat).coast_km}["JPN"]
        assert got == pytest.approx(brute.min() / 1000.0, abs=1e-6)


# ---------------------------------------------------------------- one answer per state
def union_share(geoms, x, y):
    """Fraction of the points (x, y) inside at least one of ``geoms`` (closed)."""
    inside = np.zeros(len(x), bool)
    for g in geoms:
        inside |= shapely.intersects_xy(g, x, y)
    return float(inside.mean())


def eez_rows(zs, state, perspective):
    """Geometries of the EEZ rows owned by ``state`` under ``perspective`` that apply."""
    from geo.zones.where import rows_in_view

    z = zs.zones
    keep = rows_in_view(zs, perspective) & (z["kind"] == "eez").to_numpy()
    return {str(lab): g for lab, g, k in zip(z["label"], z.geometry, keep, strict=True)
            if k and zs.owner(str(lab), perspective) == state}


def test_labels_of_one_state_are_one_answer_with_parts(zs):
    # under JPN's view the rock's EEZ is Japan's: one JPN EEZ made of the labels JPN and
    # rock; the centre lies in the rock's part, samples reach Japan's and Korea's
    lon, lat, sigma = 132.3, 32.5, 20.0
    ans = where(lon, lat, source=zs, sigma_km=sigma, perspective="JPN")
    eez = [z for z in ans.zones if z.kind == "eez"]
    assert sorted(z.state for z in eez) == ["JPN", "KOR"]
    jpn = next(z for z in eez if z.state == "JPN")
    assert [p.label for p in jpn.parts] == ["rock", "JPN"]
    assert [p.contains_centre for p in jpn.parts] == [True, False]
    assert jpn.label == "rock" and jpn.status == "disputed" and jpn.contains_centre
    assert jpn.claimants == ["JPN", "KOR"]  # union over the parts
    assert jpn.parts[1].status == "median line" and jpn.parts[1].claimants == ["JPN"]
    x, y = sample_points(lon, lat, sigma)
    geoms = eez_rows(zs, "JPN", "JPN")
    assert set(geoms) == {"JPN", "rock"}
    assert jpn.probability == pytest.approx(union_share(geoms.values(), x, y), abs=1e-12)
    for p in jpn.parts:
        assert p.probability == pytest.approx(union_share([geoms[p.label]], x, y), abs=1e-12)
        assert p.probability < jpn.probability
    assert jpn.probability <= sum(p.probability for p in jpn.parts) + 1e-12
    assert sum(z.probability for z in eez) <= 1.0 + 1e-12
    # the administering view gives the rock to KOR: then KOR's EEZ has the two parts
    admin = where(lon, lat, source=zs, sigma_km=sigma)
    kor = next(z for z in admin.zones if z.kind == "eez" and z.state == "KOR")
    jpn = next(z for z in admin.zones if z.kind == "eez" and z.state == "JPN")
    assert sorted(p.label for p in kor.parts) == ["KOR", "rock"]
    assert [p.label for p in jpn.parts] == ["JPN"]
    # the report carries the parts after the six contract keys
    rep = report_zones(lon, lat, sigma_km=sigma, perspective="JPN", source=zs)["zones"]
    item = next(r for r in rep if r["kind"] == "eez" and r["state"] == "JPN")
    assert [q["label"] for q in item["parts"]] == ["rock", "JPN"]
    assert item["parts"][0]["views"] == {"JPN": "JPN", "KOR": "KOR", "administering": "KOR"}


def test_status_on_the_line_between_two_parts(zs):
    # (132.2, 32.5) lies on the edge of the rock's EEZ, which is also the edge of Japan's:
    # both parts hold it (closed containment); under JPN's view the disputed part wins
    ans = where(132.2, 32.5, source=zs, perspective="JPN")
    assert summary(ans) == [("eez", "JPN", "disputed", ["JPN", "KOR"], 1.0)]
    z = ans.zones[0]
    assert z.label == "rock" and [p.label for p in z.parts] == ["rock", "JPN"]
    assert [p.status for p in z.parts] == ["disputed", "median line"]
    assert all(p.contains_centre for p in z.parts)
    # administering view: two states there, each with one part
    assert summary(where(132.2, 32.5, source=zs)) == [
        ("eez", "JPN", "median line", ["JPN"], 1.0),
        ("eez", "KOR", "disputed", ["JPN", "KOR"], 1.0)]


def overlapping_zoneset():
    """Two labels of one owner (under JPN's view) whose EEZ rows overlap, and one row that
    applies only under JPN's view (column ``perspectives``)."""
    import geopandas as gpd
    import pandas as pd
    from shapely import box

    from geo.zones.zoneset import ZoneSet

    zones = gpd.GeoDataFrame(
        {"label": ["JPN", "isle", "isle"], "kind": ["eez", "eez", "territorial_sea"],
         "perspectives": [None, "", "JPN|KOR"]},
        geometry=[box(130.0, 30.0, 132.0, 32.0), box(131.0, 30.0, 133.0, 32.0),
                  box(131.8, 30.8, 132.2, 31.2)], crs=4326)
    sov = pd.DataFrame({"label": ["isle"] * 3, "perspective": ["administering", "JPN", "KOR"],
                        "owner": ["KOR", "JPN", "KOR"]})
    return ZoneSet(zones=zones, sovereignty=sov, source="overlapping test zones")


def test_probability_is_the_union_not_the_sum():
    ovz = overlapping_zoneset()
    lon, lat, sigma = 131.5, 31.0, 60.0
    ans = where(lon, lat, source=ovz, sigma_km=sigma, perspective="JPN")
    jpn = next(z for z in ans.zones if z.kind == "eez")
    assert jpn.state == "JPN" and sorted(p.label for p in jpn.parts) == ["JPN", "isle"]
    x, y = sample_points(lon, lat, sigma)
    expected = union_share(eez_rows(ovz, "JPN", "JPN").values(), x, y)
    assert jpn.probability == pytest.approx(expected, abs=1e-12)
    parts = [p.probability for p in jpn.parts]
    assert max(parts) < jpn.probability < sum(parts)
    assert jpn.probability <= 1.0
    # the centre is in both parts: the disputed one (isle) decides the status
    assert jpn.status == "disputed" and jpn.label == "isle"


def test_rows_that_apply_only_under_some_perspectives():
    from geo.zones.classify import classify
    from geo.zones.where import rows_in_view

    ovz = overlapping_zoneset()
    assert rows_in_view(ovz, "JPN").tolist() == [True, True, True]
    assert rows_in_view(ovz, "KOR").tolist() == [True, True, True]
    assert rows_in_view(ovz, "administering").tolist() == [True, True, False]
    assert rows_in_view(ovz, "USA").tolist() == [True, True, False]  # no row names USA
    # the territorial sea row exists only in Japan's view
    assert [z.kind for z in where(132.0, 31.0, source=ovz, perspective="JPN").zones] == [
        "territorial_sea", "eez"]
    assert [(z.kind, z.state) for z in where(132.0, 31.0, source=ovz).zones] == [
        ("eez", "JPN"), ("eez", "KOR")]
    out = classify(lon=[132.0, 132.0], lat=[31.0, 31.0], source=ovz, perspective="JPN")
    assert out["kind"].tolist() == ["territorial_sea"] * 2
    out = classify(lon=[132.0], lat=[31.0], source=ovz)
    assert (out["kind"].iat[0], out["state"].iat[0], out["status"].iat[0]) == (
        "eez", "JPN", "uncontested")


# ---------------------------------------------------------------- shipped: one per state
def test_shipped_ulleungdo_northeast_is_one_japanese_eez(shipped):
    """'about 350 km northeast of Ulleungdo' under Japan's view: the samples fall in the
    EEZ of Takeshima and in that of Japan's main islands, both Japan's. One JPN EEZ answer
    whose probability is the share of samples in their union (about 0.67), with the two
    labels as parts."""
    from geo.location import locate

    loc = locate("about 350 km northeast of Ulleungdo")
    ans = where(loc.lon, loc.lat, perspective="JPN", sigma_km=loc.sigma_km,
                coast_within_km=0)
    jpn = [z for z in ans.zones if z.kind == "eez" and z.state == "JPN"]
    assert len(jpn) == 1
    jpn = jpn[0]
    assert {p.label for p in jpn.parts} == {"JPN", "takeshima"}
    # independently: the samples against the polygons of every EEZ row Japan owns
    x, y = sample_points(loc.lon, loc.lat, loc.sigma_km)
    geoms = eez_rows(shipped, "JPN", "JPN")
    assert {"JPN", "takeshima"} <= set(geoms)
    expected = union_share(geoms.values(), x, y)
    assert jpn.probability == pytest.approx(expected, abs=1e-12)
    assert jpn.probability == pytest.approx(0.669, abs=0.03)
    by_label = {p.label: p.probability for p in jpn.parts}
    for label, p in by_label.items():
        assert p == pytest.approx(union_share([geoms[label]], x, y), abs=1e-12)
        assert p < jpn.probability
    # the two labels are cut by the median line between them, so they share only a
    # boundary: the union is at most the sum (equal unless a sample lies on the line)
    assert jpn.probability <= sum(by_label.values()) + 1e-12
    assert by_label["takeshima"] == pytest.approx(0.483, abs=0.03)
    assert by_label["JPN"] == pytest.approx(0.186, abs=0.03)
    # status at the centre, which lies in Takeshima's part; claimants of both parts
    assert jpn.contains_centre and jpn.label == "takeshima" and jpn.parts[0].label == "takeshima"
    assert jpn.status == "disputed" and jpn.claimants == ["JPN", "KOR"]
    assert sum(z.probability for z in ans.zones if z.kind == "eez") <= 1.0 + 1e-12
    # Korea's view: Takeshima (Dokdo) is Korea's, so Japan's EEZ has one part there
    kor_view = where(loc.lon, loc.lat, perspective="KOR", sigma_km=loc.sigma_km,
                     coast_within_km=0)
    jpn_k = next(z for z in kor_view.zones if z.kind == "eez" and z.state == "JPN")
    assert [p.label for p in jpn_k.parts] == ["JPN"]
    assert jpn_k.probability == pytest.approx(by_label["JPN"], abs=1e-12)
    kor = next(z for z in kor_view.zones if z.kind == "eez" and z.state == "KOR")
    assert "takeshima" in {p.label for p in kor.parts}


def test_shipped_certain_point_in_one_label_has_one_part(shipped):
    lon, lat = destination(139.3678, 41.5105, 270.0, 210_000.0)  # 210 km W of Oshima-Oshima
    for persp in ("administering", "JPN", "KOR", "CHN"):
        ans = where(lon, lat, perspective=persp, coast_within_km=0)
        assert [(z.kind, z.state, z.probability) for z in ans.zones] == [("eez", "JPN", 1.0)]
        (part,) = ans.zones[0].parts
        assert part.label == "JPN" and part.contains_centre and part.probability == 1.0
        assert part.status == ans.zones[0].status
    # 5 nm east of Uotsuri-shima under China's view: inside China's 2012 Diaoyu Dao
    # baselines, so internal waters of the Senkaku label alone (no belt holds them)
    from geo.location import locate

    loc = locate("5 nm east of Uotsuri-shima")
    ans = where(loc.lon, loc.lat, perspective="CHN", coast_within_km=0)
    assert [(z.kind, z.state) for z in ans.zones] == [("internal_waters", "CHN")]
    for z in ans.zones:
        assert [p.label for p in z.parts] == ["senkaku"] and z.status == "disputed"
        assert z.claimants == ["CHN", "JPN", "TWN"]
