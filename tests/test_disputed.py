"""Disputed waters as named geometries (geo.zones.disputed_waters) on the shipped zones."""

from __future__ import annotations

import csv

import pytest
import shapely

import geo
from geo._paths import data_path

#: The eight Senkaku / Diaoyu features of the gazetteer.
SENKAKU_FEATURES = ("uotsuri_shima", "kuba_jima", "taisho_jima", "kita_kojima",
                    "minami_kojima", "okinokita_iwa", "okinominami_iwa", "tobise")


@pytest.fixture(scope="module")
def disputed():
    """The disputed waters the shipped zones hold (the rows with a geometry; disputes
    without shipped zones are tested in tests/test_world_disputes.py)."""
    found = geo.disputed_waters()
    return found[found.geometry.notna()].reset_index(drop=True)


def test_every_disputed_group_and_only_those(disputed) -> None:
    # okinotori: one owner under every view, but China, Korea and Taiwan hold it a rock
    # without an EEZ (entitlements.csv): its EEZ is disputed by them
    want = {"senkaku", "takeshima", "southern_kurils", "TWN", "paracel", "okinotori"}
    land = geo.load_zones().land
    if (land["assigned_by"] == "features.csv").any():  # built with features.csv
        want.add("scarborough")
    if any(name == "black_sea" for name, _, _ in geo.load_zones().regions):
        want.add("crimea")  # the shipped Black Sea region (data/zones_black_sea.parquet)
    if any(name == "middle_east" for name, _, _ in geo.load_zones().regions):
        want |= {"abu_musa", "tunbs"}  # the shipped Middle East region
    if any(name == "mediterranean" for name, _, _ in geo.load_zones().regions):
        want.add("northern_cyprus")  # the shipped Mediterranean region
    assert set(disputed["label"]) == want
    assert disputed.crs.to_epsg() == 4326
    assert (disputed["area_km2"] > 0).all() and disputed.geometry.is_valid.all()
    by = {(r.label, r.kind): r for r in disputed.itertuples()}
    assert by[("takeshima", "territorial_sea")].claimants == ["JPN", "KOR"]
    assert by[("southern_kurils", "eez")].claimants == ["JPN", "RUS"]
    assert by[("TWN", "eez")].claimants == ["CHN", "TWN"]
    assert by[("okinotori", "eez")].claimants == ["CHN", "JPN", "KOR", "TWN"]
    assert ("okinotori", "territorial_sea") not in by


def test_senkaku_waters_are_named_with_every_claimants_name(disputed) -> None:
    sen = disputed[disputed["label"] == "senkaku"].set_index("kind")
    assert set(sen.index) == {"territorial_sea", "contiguous_zone", "eez"}
    ts = sen.loc["territorial_sea"]
    assert ts.claimants == ["CHN", "JPN", "TWN"]
    assert ts.views["JPN"] == "JPN" and ts.views["CHN"] == "CHN" and ts.views["TWN"] == "TWN"
    assert "Senkaku" in ts.names_used["JPN"] and "Diaoyu" in ts.names_used["CHN"]
    assert "Diaoyutai" in ts.names_used["TWN"]
    # twelve nautical miles around eight small islands: a few thousand km2
    assert 3000 < ts.area_km2 < 6000
    assert 2 * ts.area_km2 < sen.loc["contiguous_zone"].area_km2 + ts.area_km2


def test_the_eight_features_lie_in_their_territorial_sea(disputed) -> None:
    """Each feature is inside its territorial sea or on the land it is measured from."""
    land = geo.load_zones().land
    senkaku_land = shapely.union_all(land[land["label"] == "senkaku"].geometry.values)
    ts = disputed[(disputed["label"] == "senkaku")
                  & (disputed["kind"] == "territorial_sea")].geometry.iloc[0]
    covered = shapely.union(ts, senkaku_land)
    places = geo.places().set_index("id")
    for pid in SENKAKU_FEATURES:
        pt = places.geometry.loc[pid]
        assert covered.buffer(1e-4).contains(pt), pid


def test_names_used_come_from_the_sovereignty_table() -> None:
    with open(data_path("sovereignty.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["name_used"].strip() and r["source"].strip() for r in rows)
    # one name per (feature, owner): the same state never uses two names
    seen: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r["label"], r["owner"])
        assert seen.setdefault(key, r["name_used"]) == r["name_used"], key


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown zone kind"):
        geo.disputed_waters(kinds=("eez", "high_seas"))
