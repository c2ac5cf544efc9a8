"""THAAD coverage at Seongju and the systems table (data/systems.csv)."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from geo.errors import DataValidationError
from geo.flight.coverage import (
    coverage,
    default_coverage,
    sector_polygon,
    seongju_site,
    thaad_coverage,
)
from geo.flight.systems import COLUMNS, find_system, load_systems, match_system, read_systems


@pytest.fixture(scope="module")
def thaad():
    return thaad_coverage()


def test_thaad_footprints(thaad):
    fp = thaad.footprints.set_index("footprint")
    assert list(fp.index) == ["thaad_interceptor@200", "an_tpy2_terminal@600",
                              "an_tpy2_forward@1000", "an_tpy2_forward@2000"]
    assert thaad.footprints.crs.to_epsg() == 4326 and thaad.covered.crs.to_epsg() == 4326
    # geodesic disc areas: 200 km -> ~125,600 km2
    assert fp.loc["thaad_interceptor@200", "area_km2"] == pytest.approx(125_650, rel=0.01)
    assert (fp["shape"] == "circle").all()
    assert fp.loc["an_tpy2_terminal@600", "note"].endswith("no published orientation.")
    s = seongju_site()
    assert s.id == "seongju" and s.country == "KOR"


def test_what_the_thaad_footprints_cover(thaad):
    cov = thaad.covered.set_index(["footprint", "iso3"])["fraction"]
    # the interceptors cover most of South Korea and nothing of North Korea
    assert 0.7 < cov[("thaad_interceptor@200", "KOR")] < 0.95
    assert ("thaad_interceptor@200", "PRK") not in cov.index
    # terminal-mode radar: all of South Korea, most of North Korea, very little of China
    assert cov[("an_tpy2_terminal@600", "KOR")] == pytest.approx(1.0, abs=1e-6)
    assert 0.75 < cov[("an_tpy2_terminal@600", "PRK")] < 0.95
    assert cov[("an_tpy2_terminal@600", "CHN")] < 0.005
    # forward-based mode at 2,000 km: all of Japan and Taiwan, a large part of China
    assert cov[("an_tpy2_forward@2000", "TWN")] == pytest.approx(1.0, abs=1e-6)
    assert cov[("an_tpy2_forward@2000", "JPN")] > 0.99
    assert 0.3 < cov[("an_tpy2_forward@2000", "CHN")] < 0.5
    # covered area never exceeds the footprint
    fp = thaad.footprints.set_index("footprint")["area_km2"]
    per = thaad.covered.groupby("footprint")["area_inside_km2"].sum()
    assert (per <= fp.loc[per.index] * 1.0001).all()


def test_summary_and_json(thaad):
    import json

    t = thaad.summary()
    assert t.loc[("CHN", "China"), "an_tpy2_forward@2000"] > t.loc[("CHN", "China"),
                                                                    "an_tpy2_terminal@600"]
    d = thaad.to_dict()
    json.dumps(d)
    assert [f["footprint"] for f in d["footprints"]][0] == "thaad_interceptor@200"
    assert {"iso3", "area_km2", "fraction"} <= set(d["footprints"][1]["states"][0])


def test_radar_sector_is_part_of_the_circle():
    lon, lat = 128.175, 36.03
    sec = sector_polygon(lon, lat, 600, 330.0, 120.0)
    circle = coverage((lon, lat), ["an_tpy2_terminal"], intersect=False).footprints.geometry[0]
    assert sec.is_valid and circle.buffer(0.01).covers(sec)  # chords differ by < 1 km
    assert sec.area < 0.4 * circle.area
    assert sec.contains(shapely.Point(125.75, 39.03))      # Pyongyang, NNW
    assert not sec.contains(shapely.Point(129.08, 35.18))  # Busan, SE
    res = coverage((lon, lat), ["an_tpy2_terminal"], sectors={"an_tpy2_terminal": (330, 120)})
    assert res.footprints["shape"].iloc[0] == "sector 330/120"
    with pytest.raises(ValueError):
        sector_polygon(0.0, 85.0, 1000, 0.0, 90.0)


def test_default_coverage_for_the_map():
    d = default_coverage()
    assert list(d["range_km"]) == [2000.0, 1000.0, 600.0, 200.0]
    assert {"label", "system", "site", "range_km", "source", "note"} <= set(d.columns)
    assert d.crs.to_epsg() == 4326


# --------------------------------------------------------------------------- systems.csv
REQUIRED = ["hwasong_12", "hwasong_14", "hwasong_15", "hwasong_17", "hwasong_18",
            "hwasong_19", "hwasong_11", "kn_25", "pukguksong_1", "pukguksong_3", "scud_er",
            "df_15", "df_16", "df_21", "df_26", "thaad_interceptor", "an_tpy2_terminal",
            "an_tpy2_forward", "patriot_pac3", "kh_101", "iskander_m", "s300_5v55"]


def test_systems_table_is_complete_and_sourced():
    t = load_systems()
    assert tuple(t.columns[:len(COLUMNS)]) == COLUMNS
    assert set(REQUIRED) <= set(t["id"])
    assert t["source"].str.len().min() > 20
    assert (t["range_km"] > 0).all()
    ok = t["range_min_km"].isna() | (t["range_min_km"] <= t["range_km"])
    assert ok.all()
    by = t.set_index("id")["range_km"]
    assert by["thaad_interceptor"] == 200 and by["an_tpy2_terminal"] == 600
    assert by["an_tpy2_forward"] >= 1000
    assert find_system("KN-23")["id"] == "hwasong_11"
    assert find_system("AN/TPY-2 TM")["id"] == "an_tpy2_terminal"


def test_catalogue_systems_match_the_table():
    from geo.catalogue import events

    ev = events()
    ids = {s: match_system(s) for s in ev["system"].unique()}
    hs17 = [s for s in ids if s.startswith("Hwasong-17")]
    assert hs17 and all(ids[s] == "hwasong_17" for s in hs17)
    assert match_system("Hwasong-1") is None
    # every catalogue missile type the table names is found
    named = {v for v in ids.values() if v}
    assert {"hwasong_12", "hwasong_14", "hwasong_15", "hwasong_17", "hwasong_18",
            "hwasong_19", "s300_5v55", "kh_101"} <= named


def test_bad_systems_file_reports_every_row(tmp_path):
    t = pd.read_csv(load_systems_path(), dtype=str, keep_default_na=False).head(3)
    t.loc[0, "range_km"] = "far"
    t.loc[1, "kind"] = "cannon"
    t.loc[2, "source"] = ""
    t.loc[2, "operator"] = "Korea"
    p = tmp_path / "systems.csv"
    t.to_csv(p, index=False)
    ok, errors = read_systems(p)
    assert len(ok) == 0
    fields = {(e.row, e.field) for e in errors}
    assert {(1, "range_km"), (2, "kind"), (3, "source"), (3, "operator")} <= fields
    with pytest.raises(DataValidationError) as exc:
        load_systems(p)
    assert "range_km" in str(exc.value) and "cannon" in str(exc.value)


def load_systems_path():
    from geo._paths import data_path
    from geo.flight.systems import SYSTEMS_FILE

    return data_path(SYSTEMS_FILE)
