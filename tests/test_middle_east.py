"""The shipped Middle East region (data/zones_middle_east.parquet, land_middle_east.parquet,
zones_build_middle_east.json; built with `launchmap build-zones --region middle_east
--ship`): the straits of Hormuz and Bab-el-Mandeb are territorial sea from shore to shore,
Abu Musa's and the Tunbs' waters follow each view as data/sovereignty.csv records it, the
Red Sea has no high seas, and the polygons agree with the pointwise oracle."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import numpy as np
import pytest

import geo
from geo._paths import data_path
from geo.build.output import sha256
from geo.zones.where import where

ZONES_FRAME = [32.0, 10.0, 62.0, 31.0]

#: (name, (lon, lat), view, owner, label): sea points of the disputed Gulf islands. The
#: owner is what sovereignty.csv says for the feature under the view (None: administering).
ISLAND_VIEWS = (
    ("off Abu Musa", (55.03, 25.80), None, "IRN", "abu_musa"),
    ("off Abu Musa", (55.03, 25.80), "IRN", "IRN", "abu_musa"),
    ("off Abu Musa", (55.03, 25.80), "ARE", "ARE", "abu_musa"),
    ("between the Tunbs", (55.22, 26.22), None, "IRN", "tunbs"),
    ("between the Tunbs", (55.22, 26.22), "IRN", "IRN", "tunbs"),
    ("between the Tunbs", (55.22, 26.22), "ARE", "ARE", "tunbs"),
)

#: (name, (lon, lat) start, (lon, lat) end, state at the start, state at the end): lines
#: across the straits, every point of which lies within 12 nm of a coast.
STRAITS = (
    ("Strait of Hormuz at 56.42 E, Musandam to Larak", (56.42, 26.40), (56.42, 26.875),
     "OMN", "IRN"),
    ("Bab-el-Mandeb, west channel off Perim", (43.30, 12.50), (43.55, 12.62), "DJI", "YEM"),
)

RED_SEA_STATES = {"EGY", "SDN", "ERI", "SAU", "YEM"}
#: (lon, lat) points near the middle of the Red Sea, north to south
RED_SEA_AXIS = ((35.2, 26.5), (36.0, 25.0), (37.2, 23.0), (38.0, 22.0), (38.9, 20.0),
                (40.0, 18.0), (41.0, 16.0), (41.9, 14.5))


@pytest.fixture(scope="module")
def zs():
    zs = geo.load_zones()
    if not any(name == "middle_east" for name, _, _ in zs.regions):
        pytest.fail("the Middle East region is not shipped (data/zones_middle_east.parquet)")
    return zs


def test_sovereignty_table_says_what_the_views_are():
    from geo.zones.sovereignty import read_sovereignty

    sov = read_sovereignty()
    for _, _, view, owner, label in ISLAND_VIEWS:
        rows = sov[(sov["label"] == label) & (sov["perspective"] == (view or "administering"))]
        assert list(rows["owner"]) == [owner], (label, view)


@pytest.mark.parametrize(("name", "pt", "view", "owner", "label"), ISLAND_VIEWS)
def test_gulf_islands_follow_each_view(zs, name, pt, view, owner, label):
    ans = where(*pt, perspective=view)
    assert ans.covered, name
    ts = ans.zone("territorial_sea")
    assert ts is not None and ts.label == label, (name, ts)
    assert ts.state == owner and ts.status == "disputed", (name, view, ts)
    assert ts.claimants == ["ARE", "IRN"]
    got = geo.classify(lon=[pt[0]], lat=[pt[1]], perspective=view)
    assert got["state"].iloc[0] == owner and got["kind"].iloc[0] == "territorial_sea"


@pytest.mark.parametrize(("name", "a", "b", "first", "last"), STRAITS)
def test_straits_are_territorial_sea_from_shore_to_shore(zs, name, a, b, first, last):
    t = np.linspace(0.0, 1.0, 40)
    lon, lat = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    got = geo.classify(lon=lon, lat=lat)
    assert (got["kind"] == "territorial_sea").all(), name
    states = list(got["state"])
    assert states[0] == first and states[-1] == last, (name, states)
    # one change of state along the line: the median line between the two coasts
    assert sum(x != y for x, y in zip(states, states[1:], strict=False)) == 1, states
    assert all(where(lo, la).covered for lo, la in zip(lon[::13], lat[::13], strict=True))


def test_the_red_sea_has_no_high_seas(zs):
    lon, lat = np.array(RED_SEA_AXIS).T
    got = geo.classify(lon=lon, lat=lat)
    # beyond the territorial seas, and every point in some state's 200-nm zone
    assert got["kind"].isin(["contiguous_zone", "eez"]).all(), got
    assert set(got["state"]) <= RED_SEA_STATES and len(set(got["state"])) >= 2
    mid = where(38.9, 20.0)
    assert mid.covered and mid.zone("eez").state in {"SDN", "SAU"}
    assert mid.zone("territorial_sea") is None


def _region_folder(tmp_path):
    folder = tmp_path / "middle_east"
    folder.mkdir()
    shutil.copy(data_path("zones_middle_east.parquet"), folder / "zones.parquet")
    shutil.copy(data_path("land_middle_east.parquet"), folder / "land.parquet")
    for name in ("sovereignty.csv", "entitlements.csv", "specified_areas.csv"):
        shutil.copy(data_path(name), folder / name)
    for name in ("baselines.csv", "agreed_boundaries.csv"):  # none applies in the region
        with data_path(name).open(encoding="utf-8") as f:
            (folder / name).write_text(f.readline(), encoding="utf-8")
    return folder


def test_middle_east_agrees_with_the_oracle(tmp_path):
    """2,000 uniform points of the region's zones frame: polygons and the pointwise oracle
    agree on >= 99.5 %; each miss lies within 1 km of a limit (benchmarks/
    oracle_agreement.py --data ... --box 32 10 62 31 measured 100,000, see SOURCES.md)."""
    from geo.zones.oracle import boundary_distance_m, load_oracle, polygon_answer

    folder = _region_folder(tmp_path)
    oracle = load_oracle(folder)
    zones = gpd.read_parquet(folder / "zones.parquet")
    rng = np.random.default_rng(12)
    w, s, e, n = ZONES_FRAME
    lon = rng.uniform(w, e, 2000)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(s)), np.sin(np.radians(n)),
                                           2000)))
    ans = oracle.classify(lon, lat)
    lab, kind = polygon_answer(zones, lon, lat)
    agree = (lab == ans.label) & (kind == ans.kind)
    assert agree.mean() >= 0.995
    miss = np.flatnonzero(~agree)
    assert (boundary_distance_m(zones, lon[miss], lat[miss]) <= 1000.0).all()
    # and at the points the other tests name
    pts = np.array([p for _, p, *_ in ISLAND_VIEWS] + list(RED_SEA_AXIS))
    ans = oracle.classify(pts[:, 0], pts[:, 1])
    lab, kind = polygon_answer(zones, pts[:, 0], pts[:, 1])
    assert list(lab) == list(ans.label) and list(kind) == list(ans.kind)


def test_the_region_record_matches_its_files():
    record = json.loads(data_path("zones_build_middle_east.json").read_text(encoding="utf-8"))
    assert record["parameters"]["region"]["name"] == "middle_east"
    assert record["parameters"]["zones_frame"] == ZONES_FRAME
    assert any(a["label"] == "tunbs" for a in record["parameters"]["feature_areas"])
    for name, shipped in (("zones.parquet", "zones_middle_east.parquet"),
                          ("land.parquet", "land_middle_east.parquet"),
                          ("countries.parquet", "countries.parquet")):
        assert record["outputs"][name]["sha256"] == sha256(data_path(shipped)), shipped
