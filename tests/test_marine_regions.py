"""Reading Marine Regions World EEZ files (GeoPackage and shapefile) into a ZoneSet.

The fixture files are written by the tests in the Marine Regions column layout (MRGID,
GEONAME, POL_TYPE, ISO_SOV1..3, ISO_TER1, TERRITORY1, SOVEREIGN1, AREA_KM2).
"""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely import LineString, Point, box

from geo.errors import DataValidationError
from geo.zones import classify, from_marine_regions, load_zones, where
from geo.zones.marine_regions import MarineRegionsFormatError

ROWS = [
    # MRGID, GEONAME, POL_TYPE, SOV1, SOV2, SOV3, TER1, TERRITORY1, SOVEREIGN1, geometry
    (8487, "Japanese Exclusive Economic Zone", "200NM", "JPN", None, None, "JPN", "Japan",
     "Japan", box(130.0, 30.0, 134.0, 34.0)),
    (8327, "South Korean Exclusive Economic Zone", "200NM", "KOR", None, None, "KOR",
     "South Korea", "South Korea", box(126.0, 30.0, 130.0, 34.0)),
    (48970, "Overlapping claim Liancourt Rocks: Japan / South Korea", "Overlapping claim",
     "KOR", "JPN", None, "KOR", "Liancourt Rocks", "South Korea", box(130.0, 34.0, 132.0, 36.0)),
    (48966, "Joint regime area Japan / South Korea", "Joint regime", "JPN", "KOR", None,
     "JPN", "Japan", "Japan", box(126.0, 28.0, 130.0, 30.0)),
    (8486, "Guam Exclusive Economic Zone", "200NM", "USA", None, None, "GUM", "Guam",
     "United States", box(142.0, 10.0, 146.0, 14.0)),
    (8488, "Northern Mariana Exclusive Economic Zone", "200NM", "USA", None, None, "MNP",
     "Northern Mariana Islands", "United States", box(142.0, 14.0, 146.0, 18.0)),
]
COLUMNS = ["MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1", "ISO_SOV2", "ISO_SOV3", "ISO_TER1",
           "TERRITORY1", "SOVEREIGN1"]


def mr_frame(rows=ROWS, lower=False, crs=4326):
    data = {c: [r[i] for r in rows] for i, c in enumerate(COLUMNS)}
    data["AREA_KM2"] = [int(r[-1].area * 1e4) for r in rows]
    gdf = gpd.GeoDataFrame(data, geometry=[r[-1] for r in rows], crs=4326)
    if lower:
        gdf = gdf.rename(columns={c: c.lower() for c in gdf.columns if c != "geometry"})
    return gdf.to_crs(crs) if crs != 4326 else gdf


@pytest.fixture(scope="module")
def mr_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("marine_regions")
    gpkg = folder / "eez_v12.gpkg"
    mr_frame().to_file(gpkg, layer="eez_v12", driver="GPKG", engine="pyogrio")
    shp = folder / "eez_v11.shp"
    mr_frame().to_file(shp, driver="ESRI Shapefile", engine="pyogrio")
    return {"gpkg": gpkg, "shp": shp, "folder": folder}


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_reads_marine_regions_file(mr_files, fmt):
    zs = from_marine_regions(mr_files[fmt], land=None)
    version = "v12" if fmt == "gpkg" else "v11"
    assert zs.source == f"Marine Regions World EEZ {version} (file {mr_files[fmt].name})"
    assert len(zs.zones) == len(ROWS)
    assert set(zs.zones["kind"]) == {"eez"}
    assert sorted(zs.zones["label"]) == sorted(["JPN", "KOR", "mr48970", "mr48966", "USA",
                                                "USA"])

    jpn = where(132.0, 32.0, source=zs)
    assert [(z.kind, z.state, z.status, z.claimants, z.probability) for z in jpn.zones] == [
        ("eez", "JPN", "uncontested", ["JPN"], 1.0)]
    assert jpn.source == zs.source
    assert jpn.on_land is None and jpn.coast_km == []  # no land attached

    # Overlapping claim: disputed, both claimants, ISO_SOV1 administers by default
    for persp, state in ((None, "KOR"), ("KOR", "KOR"), ("JPN", "JPN"), ("CHN", "KOR")):
        z = where(131.0, 35.0, source=zs, perspective=persp).zones
        assert [(x.kind, x.state, x.status, x.claimants) for x in z] == [
            ("eez", state, "disputed", ["JPN", "KOR"])], persp
        assert z[0].name == "Overlapping claim Liancourt Rocks: Japan / South Korea"

    # Joint regime: agreed, every sovereign a claimant
    z = where(128.0, 29.0, source=zs).zones
    assert [(x.state, x.status, x.claimants) for x in z] == [("JPN", "agreed", ["JPN", "KOR"])]

    # outside every polygon
    assert where(150.0, 40.0, source=zs).zones == []


def test_same_sovereign_rows_merge_and_probabilities(mr_files):
    zs = from_marine_regions(mr_files["gpkg"], land=None)
    # a point on the Guam / Northern Marianas boundary with uncertainty: both polygons are
    # label USA, so one USA eez zone with probability 1 (not two halves)
    ans = where(144.0, 14.0, source=zs, sigma_km=30)
    assert [(z.kind, z.state, z.probability) for z in ans.zones] == [("eez", "USA", 1.0)]
    # near the JPN / KOR line: probabilities split and sum to 1
    ans = where(130.0, 32.0, source=zs, sigma_km=50)
    probs = {z.state: z.probability for z in ans.zones}
    assert set(probs) == {"JPN", "KOR"}
    assert 0.4 < probs["JPN"] < 0.6
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-9)


def values(col):
    """A classify column as a list, None where there is no answer (the columns are
    categorical, whose missing values are NaN)."""
    return col.astype(object).where(col.notna(), None).tolist()


def test_load_zones_with_path_and_classify(mr_files):
    zs = load_zones(mr_files["gpkg"])
    assert load_zones(mr_files["gpkg"]) is zs  # cached per process
    assert zs.source.startswith("Marine Regions World EEZ v12")
    out = classify(lon=[132.0, 131.0, 128.0, 150.0], lat=[32.0, 35.0, 29.0, 40.0],
                   source=mr_files["gpkg"], perspective="JPN")
    assert values(out["state"]) == ["JPN", "JPN", "JPN", None]
    assert values(out["status"]) == ["uncontested", "disputed", "agreed", None]
    assert values(out["label"]) == ["JPN", "mr48970", "mr48966", None]
    assert out.attrs["source"] == zs.source
    ans = where(132.0, 32.0, source=str(mr_files["gpkg"]))
    assert ans.source == zs.source


def test_lowercase_columns_and_projected_crs(tmp_path):
    path = tmp_path / "World_EEZ_v11_20191118.gpkg"
    mr_frame(lower=True, crs=3857).to_file(path, driver="GPKG", engine="pyogrio")
    zs = from_marine_regions(path, land=None)
    assert zs.source.startswith("Marine Regions World EEZ v11")
    assert zs.zones.crs.equals("EPSG:4326")
    z = where(132.0, 32.0, source=zs).zones
    assert [(x.state, x.status) for x in z] == [("JPN", "uncontested")]


def test_territorial_sea_and_contiguous_zone_files(tmp_path):
    ts_rows = [(49001, "Japanese Territorial Sea", "12NM", "JPN", None, None, "JPN", "Japan",
                "Japan", box(131.0, 31.0, 132.0, 32.0))]
    cz_rows = [(49002, "Japanese Contiguous Zone", "24NM", "JPN", None, None, "JPN", "Japan",
                "Japan", box(130.5, 30.5, 132.5, 32.5).difference(box(131.0, 31.0, 132.0, 32.0)))]
    ts, cz, eez = tmp_path / "eez_12nm_v3.gpkg", tmp_path / "eez_24nm_v3.gpkg", tmp_path / "e.gpkg"
    mr_frame(ts_rows).to_file(ts, driver="GPKG", engine="pyogrio")
    mr_frame(cz_rows).to_file(cz, driver="GPKG", engine="pyogrio")
    mr_frame().to_file(eez, driver="GPKG", engine="pyogrio")
    zs = from_marine_regions([eez, ts, cz], land=None)
    assert "Territorial Seas (12NM) v3" in zs.source and "Contiguous Zones (24NM) v3" in zs.source
    assert [z.kind for z in where(131.5, 31.5, source=zs).zones] == ["territorial_sea", "eez"]
    assert [z.kind for z in where(130.7, 31.5, source=zs).zones] == ["contiguous_zone", "eez"]
    out = classify(lon=[131.5, 130.7, 133.5], lat=[31.5, 31.5, 33.5], source=zs)
    assert out["kind"].tolist() == ["territorial_sea", "contiguous_zone", "eez"]


def test_missing_column_names_file_and_column(tmp_path):
    path = tmp_path / "eez_v12.gpkg"
    mr_frame().drop(columns=["POL_TYPE"]).to_file(path, driver="GPKG", engine="pyogrio")
    with pytest.raises(MarineRegionsFormatError) as err:
        from_marine_regions(path, land=None)
    assert str(path) in str(err.value)
    assert "'POL_TYPE' is missing" in str(err.value)


def test_line_layer_is_rejected_with_file_name(tmp_path):
    path = tmp_path / "eez_boundaries_v12.gpkg"
    lines = gpd.GeoDataFrame({"MRGID": [1], "GEONAME": ["x"], "POL_TYPE": ["200NM"],
                              "ISO_SOV1": ["JPN"]},
                             geometry=[LineString([(130, 30), (131, 31)])], crs=4326)
    lines.to_file(path, driver="GPKG", engine="pyogrio")
    with pytest.raises(MarineRegionsFormatError, match="no polygon layer") as err:
        from_marine_regions(path, land=None)
    assert str(path) in str(err.value)


def test_wrong_geometry_rows_and_bad_values_listed(tmp_path):
    # a GeoJSON file can mix geometry types: every bad row is reported with its reason
    rows = mr_frame()
    rows.loc[1, "geometry"] = Point(128.0, 32.0)
    rows.loc[2, "POL_TYPE"] = "Something else"
    rows.loc[4, "ISO_SOV1"] = "United States"
    path = tmp_path / "eez.geojson"
    rows.to_file(path, driver="GeoJSON", engine="pyogrio")
    with pytest.raises(DataValidationError) as err:
        from_marine_regions(path, land=None)
    msg = str(err.value)
    assert len(err.value.errors) == 3
    assert f"{path}: row 2: geometry: expected Polygon or MultiPolygon, got Point" in msg
    assert "row 3: POL_TYPE: 'Something else' is not a Marine Regions polygon type" in msg
    assert "row 5: ISO_SOV1: 'United States' is not an ISO3 code" in msg


def test_missing_file():
    with pytest.raises(FileNotFoundError, match="no_such_eez.gpkg"):
        from_marine_regions("/nonexistent/no_such_eez.gpkg")


def test_shipped_land_is_attached_by_default(mr_files):
    zs = from_marine_regions(mr_files["gpkg"])
    assert zs.source == ("Marine Regions World EEZ v12 (file eez_v12.gpkg); land and coasts: "
                         "launchmap land.parquet (GSHHG full)")
    on_honshu = where(139.0, 36.0, source=zs)  # inland Honshu
    assert on_honshu.on_land == "JPN" and on_honshu.zones == []
    sea = where(133.5, 33.9, source=zs)  # Seto Inland Sea: in the fixture's JPN box
    assert [(z.kind, z.state) for z in sea.zones] == [("eez", "JPN")]
    assert sea.coast_km and sea.coast_km[0].state == "JPN" and sea.coast_km[0].distance_km < 30
