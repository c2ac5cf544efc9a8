"""Gazetteer loader: lookup in every spelling, nearest places, and loud bad rows."""

from __future__ import annotations

import pytest

from geo.errors import DataValidationError, UnknownPlaceError
from geo.gazetteer import COLUMNS, find_place, load_gazetteer, name_key, nearest_places, places


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [("Oshima-Oshima", "oshima_oshima"), ("oshima oshima", "oshima_oshima"),
     ("渡島大島", "oshima_oshima"), ("OKUSHIRI ISLAND", "okushiri"), ("the Noto Peninsula",
     "noto_peninsula"), ("독도", "takeshima"), ("Liancourt Rocks", "takeshima"),
     ("釣魚台", "uotsuri_shima"), ("Cape Tappi", "cape_tappi"), ("竜飛崎", "cape_tappi"),
     ("cape_tappi", "cape_tappi")],
)
def test_lookup_every_spelling(spelling, place_id):
    assert find_place(spelling).id == place_id


def test_name_key_ignores_case_punctuation_and_accents():
    assert name_key("Oshima–Ōshima") == name_key("oshima oshima") == "oshimaoshima"


def test_unknown_place_suggests():
    with pytest.raises(UnknownPlaceError) as info:
        find_place("Okushri")
    assert "Okushiri" in str(info.value)


def test_nearest_places_are_sorted_and_geodesic():
    got = nearest_places(139.3678, 41.5105, n=3)
    assert got[0][0].id == "oshima_oshima" and got[0][1] < 1.0
    assert [d for _, d, _ in got] == sorted(d for _, d, _ in got)


def test_places_geodataframe():
    gdf = places()
    assert gdf.crs.to_epsg() == 4326 and gdf["id"].is_unique and len(gdf) >= 150


def test_bad_gazetteer_rows_all_reported(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n"
        "good_one,Good,Alias A,island,41.0,139.0,JPN,src\n"
        "Bad Id,X,,island,41.0,139.0,JPN,src\n"
        "lat_bad,Y,,island,95,139.0,JPN,src\n"
        "kind_bad,Z,,volcano,41,139,JPN,src\n"
        "dup_alias,W,alias a,island,41,139,JPN,src\n"
        "no_src,V,,island,41,139,JPN,\n"
        "country_bad,U,,island,41,139,Japan,src\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        load_gazetteer(path)
    fields = {(e.row, e.field) for e in info.value.errors}
    assert {(2, "id"), (3, "lat"), (4, "kind"), (5, "aliases"), (6, "source"),
            (7, "country")} <= fields


def test_shipped_place_extents_equal_a_fresh_derivation():
    """data/place_extents.json (python -m geo.statements.extents) holds, for every land
    place of the shipped gazetteer, what the shipped land gives when derived afresh, for
    the land file it names; a place the table does not hold is derived from the land."""
    import dataclasses
    import json

    import pytest

    from geo._paths import data_dir
    from geo.gazetteer import load_gazetteer
    from geo.statements import extents

    shipped = json.loads((data_dir() / extents.TABLE_FILE).read_text(encoding="utf-8"))
    places = sorted(load_gazetteer().by_id.values(), key=lambda p: p.id)
    fresh = extents.derive_table(places)
    assert shipped["land_sha256"] == fresh["land_sha256"]
    assert shipped["places"].keys() == fresh["places"].keys()
    for pid, row in fresh["places"].items():
        got = shipped["places"][pid]
        for key, value in row.items():
            assert got[key] == (pytest.approx(value, rel=1e-9) if isinstance(value, float)
                                else value), (pid, key)
    # a place moved off its shipped point is derived from the land, not read from the table
    oki = load_gazetteer().by_id["dogo"]
    moved = dataclasses.replace(oki, lon=oki.lon + 0.5)
    assert extents._shipped(moved, "extent_km") is extents._MISSING
    assert extents.land_extent_km(oki) == pytest.approx(shipped["places"]["dogo"]["extent_km"])
