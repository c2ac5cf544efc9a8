"""The world's disputes as perspectives (data/sovereignty.csv beyond the NW Pacific):
every one is listed by geo.disputed_waters(), each claimant's view decides the land of the
feature (geo.land_state, geo.where), and rows outside the build's frame leave the zone
build's plan of the frame unchanged."""

from __future__ import annotations

import csv
import shutil

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo._paths import data_path
from geo.gazetteer import find_place
from geo.geodesy import GEOD
from geo.land import land_state, world_land
from geo.zones.sovereignty import read_sovereignty
from geo.zones.where import where

#: The disputes the issue names (label -> the claimants whose views must be recorded).
WORLD_DISPUTES = {
    "crimea": {"UKR", "RUS"}, "kerch_strait": {"UKR", "RUS"},
    "abu_musa": {"ARE", "IRN"}, "tunbs": {"ARE", "IRN"},
    "itu_aba": {"CHN", "TWN", "VNM", "PHL"}, "thitu": {"CHN", "TWN", "VNM", "PHL"},
    "mischief_reef": {"CHN", "TWN", "VNM", "PHL"}, "swallow_reef": {"CHN", "TWN", "VNM", "MYS"},
    "falklands": {"GBR", "ARG"}, "gibraltar_waters": {"GBR", "ESP"},
    "northern_cyprus": {"CYP", "TUR"}, "aegean_islands": {"GRC", "TUR"},
    "imia": {"GRC", "TUR"}, "chagos": {"GBR", "MUS"}, "mayotte": {"FRA", "COM"},
    "western_sahara": {"MAR", "ESH"}, "essequibo": {"GUY", "VEN"},
    "hans_island_west": {"CAN", "DNK"}, "hans_island_east": {"CAN", "DNK"},
}
SPRATLY = ("itu_aba", "thitu", "mischief_reef", "swallow_reef")


@pytest.fixture(scope="module")
def disputed():
    return geo.disputed_waters()


def test_every_world_dispute_is_listed_with_its_shipped_zones_or_says_it_has_none(disputed):
    zs = geo.load_zones()
    shipped_labels = set(zs.zones["label"].astype(str))
    for label, claimants in WORLD_DISPUTES.items():
        rows = disputed[disputed["label"] == label]
        assert len(rows), label
        for _, row in rows.iterrows():
            assert claimants <= set(row["views"]), label  # every claimant's view recorded
            assert row["status"].strip(), label
            for state in claimants & set(row["claimants"]):
                assert row["names_used"][state].strip(), (label, state)
            if label in shipped_labels:  # e.g. Crimea in the shipped Black Sea region
                assert row["kind"] in ("territorial_sea", "contiguous_zone", "eez"), label
                assert row.geometry is not None and row["area_km2"] > 0
                assert row["coverage"] == zs.coverage_name
            else:
                assert row["kind"] != row["kind"] or row["kind"] is None  # missing
                assert row.geometry is None and np.isnan(row["area_km2"])
                assert row["coverage"] == ("no zones shipped: outside the zones shipped "
                                           f"with launchmap ({zs.coverage_name})"), label
    # the shipped (NW Pacific) disputes keep their geometries and say they are shipped
    shipped = disputed[disputed["kind"].notna()]
    assert {"senkaku", "takeshima", "southern_kurils", "paracel"} <= set(shipped["label"])
    assert (shipped["coverage"] == zs.coverage_name).all()
    assert shipped.geometry.notna().all() and (shipped["area_km2"] > 0).all()


def test_owners_per_view(disputed):
    by = disputed.drop_duplicates("label").set_index("label")
    assert by.loc["crimea", "views"] == {"administering": "RUS", "RUS": "RUS", "UKR": "UKR"}
    assert by.loc["crimea", "claimants"] == ["RUS", "UKR"]
    assert by.loc["abu_musa", "views"]["ARE"] == "ARE"
    assert by.loc["abu_musa", "views"]["administering"] == "IRN"
    assert by.loc["falklands", "names_used"] == {"ARG": "Islas Malvinas",
                                                 "GBR": "Falkland Islands"}
    assert by.loc["northern_cyprus", "views"]["TUR"] == "CYN"  # recognises the TRNC
    # Greece's islands are not claimed by Türkiye; the breadth of their sea is disputed
    assert by.loc["aegean_islands", "claimants"] == ["GRC"]
    assert "6 nm" in by.loc["aegean_islands", "status"]
    assert by.loc["imia", "claimants"] == ["GRC", "TUR"]


def test_spratly_rows_record_the_2016_award(disputed):
    by = disputed.set_index("label")
    claim = set().union(*(set(by.loc[lab, "claimants"]) for lab in SPRATLY))
    assert {"CHN", "TWN", "VNM", "PHL", "MYS"} <= claim
    for lab in SPRATLY:
        assert "Award of 12 July 2016" in by.loc[lab, "status"], lab
    assert "rock" in by.loc["itu_aba", "status"] and "no EEZ" in by.loc["itu_aba", "status"]
    assert "low-tide elevation" in by.loc["mischief_reef", "status"]


def test_hans_island_is_settled_and_divided(disputed):
    by = disputed.set_index("label")
    for lab, owner in (("hans_island_west", "CAN"), ("hans_island_east", "DNK")):
        assert by.loc[lab, "status"].startswith("settled")
        assert set(by.loc[lab, "views"].values()) == {owner}


def test_every_row_has_a_source_and_one_name_per_owner():
    with open(data_path("sovereignty.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        assert len(r["source"]) > 20 and r["name_used"].strip(), r["label"]
        if r.get("land_box"):
            w, s, e, n = map(float, r["land_box"].split())
            assert -180 <= w < e <= 180 and -90 <= s < n <= 90, r["label"]


# ------------------------------------------------------------------ land by perspective
def rep_point(label: str) -> tuple[float, float]:
    """A point inside the relabelled Natural Earth land of ``label`` (its largest part)."""
    land = world_land()
    parts = land[land["label"] == label]
    assert len(parts), label
    geom = parts.geometry.iloc[int(np.argmax(shapely.area(parts.geometry.values)))]
    p = geom.representative_point()
    return p.x, p.y


@pytest.mark.parametrize(("label", "default", "view", "owner_in_view"), [
    ("crimea", "RUS", "UKR", "UKR"),
    ("falklands", "GBR", "ARG", "ARG"),
    ("northern_cyprus", "CYN", "CYP", "CYP"),
    ("abu_musa", "IRN", "ARE", "ARE"),
    ("mayotte", "FRA", "COM", "COM"),
    ("chagos", "GBR", "MUS", "MUS"),
])
def test_land_of_a_disputed_feature_follows_the_perspective(label, default, view, owner_in_view):
    lon, lat = rep_point(label)
    assert land_state(lon, lat) == default
    assert land_state(lon, lat, perspective=view) == owner_in_view
    assert where(lon, lat).on_land == default
    assert where(lon, lat, perspective=view).on_land == owner_in_view


def test_crimea_land_is_the_peninsula_only():
    land = world_land()
    crimea = shapely.union_all(land[land["label"] == "crimea"].geometry.values)
    # the peninsula, about 27,000 km2, not the rest of Natural Earth's Russia
    area = abs(GEOD.geometry_area_perimeter(crimea)[0]) / 1e6
    assert 24_000 < area < 28_000
    assert land_state(37.6, 55.75, perspective="UKR") == "RUS"  # Moscow stays Russian
    assert land_state(30.52, 50.45, perspective="RUS") == "UKR"  # Kyiv is Ukraine's


def test_przewodow_is_poland_six_km_from_the_ukrainian_border():
    p = find_place("przewodow")
    assert land_state(p.lon, p.lat) == "POL"
    ukr = geo.countries().set_index("iso3").geometry.loc["UKR"]
    # the distance to Natural Earth's border (geodesic, from its nearest vertex)
    xy = shapely.get_coordinates(ukr.boundary)
    near = xy[np.argsort(np.hypot(xy[:, 0] - p.lon, xy[:, 1] - p.lat))[:50]]
    dist_km = GEOD.inv(np.full(len(near), p.lon), np.full(len(near), p.lat),
                       near[:, 0], near[:, 1])[2].min() / 1000.0
    assert 3.0 < dist_km < 10.0
    east = GEOD.fwd(p.lon, p.lat, 90.0, 12_000.0)
    assert land_state(east[0], east[1]) == "UKR"


# ------------------------------------------------------------- the build's plan is stable
def test_rows_outside_the_frame_leave_the_build_plan_unchanged(tmp_path):
    """The zone build plans its perspective worlds from sovereignty.csv: the rows whose
    label has no land in the frame must not change the worlds, their perspectives or the
    rows the build records as used."""
    from geo.build.worlds import plan_worlds, sovereignty_in_frame

    land = gpd.read_parquet(data_path("land.parquet"))
    shifted = [shapely.transform(g, lambda c: c + np.where(c[:, :1] < 0, [360.0, 0.0], 0.0))
               for g in land.geometry.values]
    pieces = gpd.GeoDataFrame({"label": land["label"].astype(str)}, geometry=shifted,
                              crs="EPSG:4326")
    full = tmp_path / "full"
    frame_only = tmp_path / "frame_only"
    for folder in (full, frame_only):
        folder.mkdir()
        for name in ("baselines.csv", "entitlements.csv", "specified_areas.csv"):
            shutil.copy(data_path(name), folder / name)
    shutil.copy(data_path("sovereignty.csv"), full / "sovereignty.csv")
    sov = read_sovereignty()
    used, labels = sovereignty_in_frame(sov, pieces)
    assert "crimea" not in labels and {"senkaku", "takeshima", "TWN"} <= set(labels)
    assert len(used) < len(sov)
    used.to_csv(frame_only / "sovereignty.csv", index=False)
    a, b = plan_worlds(full, pieces), plan_worlds(frame_only, pieces)
    assert a.worlds == b.worlds
    assert {p for w in a.worlds for p in w.perspectives} == {
        "administering", "JPN", "CHN", "TWN", "KOR", "RUS", "VNM", "PHL"}
    ra, rb = a.records["sovereignty.csv"], b.records["sovereignty.csv"]
    assert ra["rows_used_sha256"] == rb["rows_used_sha256"]
    assert ra["labels_used"] == rb["labels_used"] == labels
