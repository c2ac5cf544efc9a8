"""Seed questions on the shipped zones: known launches and the disputed waters.

Points are built from the gazetteer (data/places.csv) with the geodesic direct problem,
the way a defence ministry statement is read ("about 210 km west of Oshima-Oshima").
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo._paths import data_path
from geo.geodesy import NM, destination
from geo.zones import classify, where


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return pd.read_csv(data_path("places.csv")).set_index("id")


def offset(places, place_id: str, azimuth: float, km: float) -> tuple[float, float]:
    row = places.loc[place_id]
    return destination(float(row["lon"]), float(row["lat"]), azimuth, km * 1000.0)


def zone_of(ans, kind):
    z = ans.zone(kind)
    assert z is not None, f"no {kind} in {ans.to_dict()}"
    return z


@pytest.fixture(scope="module")
def zs(shipped_zones):
    return shipped_zones


def test_shipped_zone_set_is_complete(zs):
    assert zs.source.startswith("launchmap computed zones (GSHHG full + Natural Earth 10m), "
                                "build ")
    from geo.zones.schema import ZONE_KINDS

    kinds = set(zs.zones["kind"])
    assert {"internal_waters", "territorial_sea", "contiguous_zone", "eez"} <= kinds
    assert kinds <= set(ZONE_KINDS)
    labels = set(zs.zones["label"])
    assert {"JPN", "KOR", "PRK", "CHN", "TWN", "RUS", "senkaku", "takeshima",
            "southern_kurils"} <= labels
    assert zs.land is not None and len(zs.land) > 1000  # full-resolution islands


def test_icbm_2022_11_18_west_of_oshima_oshima(places):
    lon, lat = offset(places, "oshima_oshima", 270.0, 210.0)
    ans = where(lon, lat)
    eez = zone_of(ans, "eez")
    assert (eez.state, eez.claimants) == ("JPN", ["JPN"])
    assert eez.status in ("median line", "uncontested")
    assert ans.zone("territorial_sea") is None and ans.on_land is None
    jpn = [c.distance_km for c in ans.coast_km if c.state == "JPN"]
    assert jpn and 150.0 < jpn[0] <= 210.5  # Oshima-Oshima itself is 210 km away
    # the gazetteer + parser route gives the same verdict
    from geo.location import locate

    loc = locate("about 210 km west of Oshima-Oshima")
    assert abs(loc.lon - lon) < 0.01 and abs(loc.lat - lat) < 0.01
    assert zone_of(where(loc.lon, loc.lat), "eez").state == "JPN"


def test_2022_08_04_falls_southwest_of_hateruma(places):
    lon, lat = offset(places, "hateruma", 225.0, 80.0)
    for persp in ("JPN", None):
        eez = zone_of(where(lon, lat, perspective=persp), "eez")
        assert (eez.state, eez.status, eez.claimants) == ("JPN", "median line", ["JPN"])
        assert eez.perspective == (persp or "administering")
    # the uncertain version (sigma 36 km, as in the catalogue) is still mostly Japan's EEZ
    ans = where(lon, lat, perspective="JPN", sigma_km=36.0)
    jpn = [z for z in ans.zones if z.kind == "eez" and z.state == "JPN"]
    assert jpn and jpn[0].probability > 0.6


@pytest.mark.parametrize("persp,state", [(None, "JPN"), ("administering", "JPN"),
                                         ("JPN", "JPN"), ("CHN", "CHN"), ("TWN", "TWN"),
                                         ("USA", "JPN"), ("KOR", "JPN")])
def test_senkaku_territorial_sea_per_perspective(places, persp, state):
    lon, lat = offset(places, "uotsuri_shima", 0.0, 5 * NM / 1000.0)
    ans = where(lon, lat, perspective=persp)
    ts = zone_of(ans, "territorial_sea")
    assert (ts.state, ts.status, ts.claimants, ts.label) == (
        state, "disputed", ["CHN", "JPN", "TWN"], "senkaku")
    assert ts.views["CHN"] == "CHN" and ts.views["administering"] == "JPN"
    assert zone_of(ans, "eez").state == state
    assert ans.disputed


@pytest.mark.parametrize("persp,state", [(None, "KOR"), ("JPN", "JPN"), ("KOR", "KOR")])
def test_takeshima_waters_per_perspective(places, persp, state):
    # 5 nm east: territorial sea; 30 km east: the feature's own EEZ (nearest coast)
    lon, lat = offset(places, "takeshima", 90.0, 5 * NM / 1000.0)
    ts = zone_of(where(lon, lat, perspective=persp), "territorial_sea")
    assert (ts.state, ts.status, ts.claimants) == (state, "disputed", ["JPN", "KOR"])
    lon, lat = offset(places, "takeshima", 90.0, 30.0)
    ans = where(lon, lat, perspective=persp)
    eez = zone_of(ans, "eez")
    assert (eez.state, eez.status, eez.label) == (state, "disputed", "takeshima")
    assert ans.zone("territorial_sea") is None


@pytest.mark.parametrize("persp,state", [(None, "RUS"), ("JPN", "JPN"), ("RUS", "RUS"),
                                         ("CHN", "RUS")])
def test_kunashiri_waters_per_perspective(places, persp, state):
    lon, lat = offset(places, "kunashir", 135.0, 20.0)  # off the Pacific (SE) coast
    ans = where(lon, lat, perspective=persp)
    first = ans.zones[0]
    assert first.kind in ("territorial_sea", "contiguous_zone")
    assert (first.state, first.status, first.claimants, first.label) == (
        state, "disputed", ["JPN", "RUS"], "southern_kurils")


def test_taiwan_strait_under_chinese_view():
    for lon, lat in ((120.0, 24.4), (119.4, 24.6)):  # Taiwan's side, Fujian's side
        chn = zone_of(where(lon, lat, perspective="CHN"), "eez")
        assert chn.state == "CHN"
    twn_side = zone_of(where(120.0, 24.4), "eez")
    assert (twn_side.state, twn_side.status, twn_side.claimants) == ("TWN", "disputed",
                                                                     ["CHN", "TWN"])
    fujian = zone_of(where(119.4, 24.6), "eez")
    assert (fujian.state, fujian.claimants) == ("CHN", ["CHN"])


@pytest.mark.parametrize("lon,lat", [(165.0, 35.0), (-140.0, 30.0), (160.0, 20.0)])
def test_mid_pacific_high_seas(lon, lat):
    ans = where(lon, lat)
    assert ans.zones == [] and ans.on_land is None
    kind = classify(lon=[lon], lat=[lat])["kind"]  # categorical: no answer is NaN
    assert kind.isna().all() and len(kind) == 1


def test_seed_points_classified_in_one_call(places):
    pts = {
        "icbm": offset(places, "oshima_oshima", 270.0, 210.0),
        "hateruma": offset(places, "hateruma", 225.0, 80.0),
        "senkaku": offset(places, "uotsuri_shima", 0.0, 5 * NM / 1000.0),
        "pacific": (165.0, 35.0),
    }
    lon = pd.Series([p[0] for p in pts.values()], index=list(pts))
    lat = pd.Series([p[1] for p in pts.values()], index=list(pts))
    out = classify(lon=lon, lat=lat, perspective="CHN")
    assert out.loc["icbm", "state"] == "JPN" and out.loc["icbm", "kind"] == "eez"
    assert out.loc["hateruma", "state"] == "JPN"
    assert out.loc["senkaku", ["kind", "state", "label", "status"]].tolist() == [
        "territorial_sea", "CHN", "senkaku", "disputed"]
    assert pd.isna(out.loc["pacific", "kind"])  # categorical: no answer is NaN


def test_lakes_are_land_and_their_shores_make_no_zone():
    """Lakes (GSHHG level 2) are inside a state's land territory: a point in Lake Baikal or
    Lake Khanka is on Russian land, and no territorial sea is drawn around a lake shore
    (the nearest sea coast of Khanka is Primorye's, about 180 km away)."""
    for lon, lat in ((108.0, 53.5), (132.4, 45.0)):
        ans = where(lon, lat)
        assert ans.on_land == "RUS" and ans.zones == [], (lon, lat)
    khanka = where(132.4, 45.0)
    assert khanka.coast_km[0].state == "RUS" and khanka.coast_km[0].distance_km > 100
