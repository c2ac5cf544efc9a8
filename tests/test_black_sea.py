"""The shipped Black Sea region (data/zones_black_sea.parquet, land_black_sea.parquet,
zones_build_black_sea.json; built with `launchmap build-zones --region black_sea --ship`):
its zones follow each view of Crimea, it agrees with the pointwise oracle, the NW Pacific
rows are untouched and the shipped files stay within the size budget."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo._paths import data_path
from geo.build.output import sha256
from geo.zones.where import where

#: (lon, lat) sea points of the Black Sea
OFF_SEVASTOPOL = (33.3, 44.55)
OFF_ODESA = (30.9, 46.3)
OFF_VARNA = (28.2, 43.2)


@pytest.fixture(scope="module")
def zs():
    zs = geo.load_zones()
    if not any(name == "black_sea" for name, _, _ in zs.regions):
        pytest.fail("the Black Sea region is not shipped (data/zones_black_sea.parquet)")
    return zs


def test_the_nw_pacific_rows_are_the_shipped_file_unchanged(zs):
    nw = gpd.read_parquet(data_path("zones.parquet"))
    got = zs.zones.iloc[:len(nw)]
    assert list(got["label"]) == list(nw["label"]) and list(got["kind"]) == list(nw["kind"])
    # each NW row's polygons come first, exactly as shipped; Russia's rows also hold its
    # Black Sea polygons, appended (one row per label and kind under every view)
    for a, b, label in zip(got.geometry, nw.geometry, nw["label"], strict=True):
        pa, pb = shapely.get_parts(a), shapely.get_parts(b)
        assert all(shapely.equals_exact(x, y, 0.0) for x, y in zip(pa[:len(pb)], pb,
                                                                   strict=True)), label
        assert len(pa) == len(pb) or label == "RUS"
    for view in ("administering", "UKR", "CHN"):
        counts = zs.for_perspective(view).zones.groupby(["label", "kind"]).size()
        assert (counts == 1).all(), view
    assert zs.covers(144.0, 40.0) and zs.covers(33.3, 44.55) and not zs.covers(-158.3, 21.0)


def test_sevastopol_waters_follow_the_view_of_crimea(zs):
    for view, owner in ((None, "RUS"), ("RUS", "RUS"), ("UKR", "UKR")):
        ans = where(*OFF_SEVASTOPOL, perspective=view)
        assert ans.covered
        ts = ans.zone("territorial_sea")
        assert ts is not None and ts.state == owner and ts.status == "disputed"
        assert ts.claimants == ["RUS", "UKR"] and ts.label == "crimea"
        assert geo.classify(lon=[OFF_SEVASTOPOL[0]], lat=[OFF_SEVASTOPOL[1]],
                            perspective=view)["state"].iloc[0] == owner


def test_other_black_sea_waters(zs):
    odesa = where(*OFF_ODESA)
    assert odesa.covered and {z.state for z in odesa.zones} == {"UKR"}
    assert all(z.status != "disputed" for z in odesa.zones)
    varna = where(*OFF_VARNA)
    assert varna.zone("eez").state == "BGR"


def test_the_region_record_matches_its_files():
    record = json.loads(data_path("zones_build_black_sea.json").read_text(encoding="utf-8"))
    assert record["parameters"]["region"]["name"] == "black_sea"
    assert record["parameters"]["zones_frame"] == [27.0, 40.5, 42.0, 47.5]
    for name, shipped in (("zones.parquet", "zones_black_sea.parquet"),
                          ("land.parquet", "land_black_sea.parquet"),
                          ("countries.parquet", "countries.parquet")):
        assert record["outputs"][name]["sha256"] == sha256(data_path(shipped)), shipped


def test_zone_land_and_index_files_stay_within_40_mb():
    """Every shipped zone and land file (the NW Pacific's and each region's) and the
    countries index, together."""
    folder = data_path("zones.parquet").parent
    names = {"zones.parquet", "land.parquet", "countries.parquet"}
    names |= {p.name for p in folder.glob("zones_*.parquet")}
    names |= {p.name for p in folder.glob("land_*.parquet")}
    assert {"zones_black_sea.parquet", "land_black_sea.parquet"} <= names
    total = sum((folder / n).stat().st_size for n in names)
    assert total <= 40 * 1024 * 1024, total


def test_black_sea_agrees_with_the_oracle(tmp_path):
    """2,000 uniform points of the region's zones frame: polygons and the pointwise oracle
    (nearest coast vertex) agree on >= 99.5 %; each miss lies within 1 km of a limit
    (benchmarks/oracle_agreement.py --data ... measured 99.990 % of 100,000)."""
    from geo.zones.oracle import boundary_distance_m, load_oracle, polygon_answer

    folder = tmp_path / "black_sea"
    folder.mkdir()
    shutil.copy(data_path("zones_black_sea.parquet"), folder / "zones.parquet")
    shutil.copy(data_path("land_black_sea.parquet"), folder / "land.parquet")
    for name in ("sovereignty.csv", "entitlements.csv", "specified_areas.csv"):
        shutil.copy(data_path(name), folder / name)
    for name in ("baselines.csv", "agreed_boundaries.csv"):  # none applies in the region
        with data_path(name).open(encoding="utf-8") as f:
            (folder / name).write_text(f.readline(), encoding="utf-8")
    oracle = load_oracle(folder)
    zones = gpd.read_parquet(folder / "zones.parquet")
    rng = np.random.default_rng(11)
    lon = rng.uniform(27.0, 42.0, 2000)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(40.5)), np.sin(np.radians(47.5)),
                                           2000)))
    ans = oracle.classify(lon, lat)
    lab, kind = polygon_answer(zones, lon, lat)
    agree = (lab == ans.label) & (kind == ans.kind)
    assert agree.mean() >= 0.995
    miss = np.flatnonzero(~agree)
    assert (boundary_distance_m(zones, lon[miss], lat[miss]) <= 1000.0).all()
