"""Exports: events, zones, land and places written as GeoJSON, GeoPackage and GeoParquet
and read back with geopandas; geo.events() writes and renders as it is."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pytest

import geo
from geo.errors import InvalidOptionError, UnknownPerspectiveError
from geo.export import SUFFIX_FORMATS, export, export_format, export_frame
from geo.zones.schema import STATUSES

#: Columns each export must carry (besides geometry).
KEY_COLUMNS = {
    "events": {"id", "date", "datetime_utc", "actor", "system", "impact_lat", "impact_lon",
               "impact_sigma_km", "launch_geometry", "date_local"},
    "zones": {"label", "kind", "owner", "claimants", "status", "perspective", "limit_nm",
              "area_km2"},
    "land": {"label", "owner", "claimants", "status", "perspective", "gshhg_id"},
    "places": {"id", "name", "kind", "country", "lon", "lat"},
}
GEOM_TYPES = {"events": {"Point"}, "zones": {"Polygon"}, "land": {"Polygon", "MultiPolygon"},
              "places": {"Point"}}


@pytest.fixture(scope="module")
def frames() -> dict[str, gpd.GeoDataFrame]:
    return {what: export_frame(what) for what in KEY_COLUMNS}


def read_back(path) -> gpd.GeoDataFrame:
    return gpd.read_parquet(path) if path.suffix == ".parquet" else gpd.read_file(path)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet"])
@pytest.mark.parametrize("what", list(KEY_COLUMNS))
def test_round_trip(tmp_path, frames, what, suffix):
    path = tmp_path / f"{what}{suffix}"
    written = export(what, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left
    back = read_back(path)
    assert len(back) == len(written) == len(frames[what]) > 0
    assert back.crs.to_epsg() == 4326
    assert KEY_COLUMNS[what] <= set(back.columns)
    assert set(back.geom_type.dropna()) <= GEOM_TYPES[what]
    if what == "events":  # only the rows without a stated fall point have no geometry
        no_point = written.geometry.isna()  # the round trip keeps which rows have none
        assert list(back.geometry.isna()) == list(no_point) and no_point.any()
        # ... and those are rows without a stated point (none) or with a derived shape
        assert set(written.loc[no_point, "impact_basis"]) <= {"none", "derived"}
        assert (written.loc[written["impact_basis"] == "none"].geometry.isna()).all()
    else:
        assert back.geometry.notna().all()
    key = "id" if what in ("events", "places") else None
    if key:
        assert list(back[key]) == list(written[key])
    if what == "events":
        r = back[back["id"] == "2017-08-28-prk-1"].iloc[0]
        assert pd.Timestamp(r["datetime_utc"]) == pd.Timestamp("2017-08-28T20:58:00Z")
        assert pd.Timestamp(r["date"]).date().isoformat() == "2017-08-28"
        assert r["launch_geometry"].startswith("POINT (")
    if what == "zones":
        assert set(back["status"]) <= set(STATUSES)
        assert back["area_km2"].sum() == pytest.approx(written["area_km2"].sum(), rel=1e-9)


def test_suffix_aliases_and_overwrite(tmp_path):
    for suffix in (".json", ".geoparquet"):
        path = tmp_path / f"places{suffix}"
        export("places", path)
        export("places", path)  # an existing file is replaced
        back = gpd.read_parquet(path) if suffix == ".geoparquet" else gpd.read_file(path)
        assert len(back) == len(geo.places())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.geoparquet", "places.json"]


def test_format_from_suffix_or_fmt():
    assert {s: export_format(f"x{s.upper()}") for s in SUFFIX_FORMATS} == SUFFIX_FORMATS
    assert export_format("x.dat", "gpkg") == "gpkg"
    with pytest.raises(InvalidOptionError, match=r"'\.shp'.*\.geojson, \.json, \.gpkg, "
                                                 r"\.parquet, \.geoparquet"):
        export_format("x.shp")
    with pytest.raises(InvalidOptionError, match="no suffix"):
        export_format("zones")
    with pytest.raises(InvalidOptionError, match="contradicts"):
        export_format("x.gpkg", "parquet")
    with pytest.raises(InvalidOptionError, match="unknown export format"):
        export_format("x.gpkg", "shapefile")


def test_refusals_write_nothing(tmp_path):
    with pytest.raises(InvalidOptionError, match=r"'\.kml'"):
        export("zones", tmp_path / "z.kml")
    with pytest.raises(InvalidOptionError, match="cannot export 'coasts'"):
        export("coasts", tmp_path / "z.gpkg")  # type: ignore[arg-type]
    with pytest.raises(InvalidOptionError, match="perspective applies to zones and land"):
        export("events", tmp_path / "e.gpkg", perspective="CHN")
    with pytest.raises(UnknownPerspectiveError):
        export("zones", tmp_path / "z.gpkg", perspective="not a state")
    with pytest.raises(FileNotFoundError, match="no folder"):
        export("places", tmp_path / "missing" / "p.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_zones_follow_the_perspective(frames):
    admin = frames["zones"]
    chn = export_frame("zones", perspective="CHN")
    # China's view has its own rows where its baselines (Diaoyu Dao) and entitlements
    # (Okinotorishima a rock) change the zones: internal waters at the Senkakus, no EEZ
    # of Okinotorishima
    assert ("senkaku", "internal_waters") in set(zip(chn["label"], chn["kind"]))
    assert ("senkaku", "internal_waters") not in set(zip(admin["label"], admin["kind"]))
    assert ("okinotori", "eez") in set(zip(admin["label"], admin["kind"]))
    assert ("okinotori", "eez") not in set(zip(chn["label"], chn["kind"]))
    sen_admin = admin[admin["label"] == "senkaku"]
    sen_chn = chn[chn["label"] == "senkaku"]
    assert len(sen_admin) and set(sen_admin["owner"]) == {"JPN"}
    assert set(sen_chn["owner"]) == {"CHN"} and set(sen_chn["perspective"]) == {"CHN"}
    assert set(sen_chn["status"]) == {"disputed"} and set(sen_chn["claimants"]) == {"CHN;JPN;TWN"}
    land = export_frame("land", perspective="CHN")
    assert set(land.loc[land["label"] == "senkaku", "owner"]) == {"CHN"}


def test_zone_polygons_add_up_to_the_zone_rows(frames):
    """Cut into status parts, each zone row of the view keeps its area (geodesic, km2)."""
    from geo.zones import load_zones

    shipped = load_zones().for_perspective("administering").zones
    parts = frames["zones"].groupby(["label", "kind"])["area_km2"].sum()
    for label, kind, area in shipped[["label", "kind", "area_km2"]].itertuples(index=False):
        # a zone row without water (an empty geometry) has no polygon
        assert parts.get((label, kind), 0.0) == pytest.approx(area, rel=2e-3, abs=0.1), \
            (label, kind)
    assert {"agreed", "median line", "uncontested", "disputed"} <= set(frames["zones"]["status"])


def _zones_path():
    from geo._paths import data_path
    from geo.zones.schema import ZONES_FILE

    return data_path(ZONES_FILE)


def test_zone_status_is_what_where_answers_inside_the_polygon(frames):
    z = frames["zones"]
    for status in ("agreed", "median line", "uncontested", "disputed"):
        row = z[z["status"] == status].sort_values("area_km2").iloc[-1]
        pt = row.geometry.representative_point()
        ans = geo.where(pt.x, pt.y)
        got = [a for a in ans.zones if a.kind == row["kind"] and a.state == row["owner"]]
        assert got and got[0].status == status, (status, row["label"], row["kind"], ans.zones)


def test_events_frame_writes_and_renders_as_it_is(tmp_path):
    import folium
    ev = geo.events()
    assert (ev.dtypes == "geometry").sum() == 1
    doc = json.loads(ev.to_json())
    props = {f["properties"]["id"]: f["properties"] for f in doc["features"]}
    assert len(props) == len(ev)
    assert props["2017-08-28-prk-1"]["datetime_utc"] == "2017-08-28T20:58:00+00:00"
    assert props["2017-08-28-prk-1"]["date"].startswith("2017-08-28")
    json.dumps(ev[ev["actor"] == "PRK"].__geo_interface__)  # slices keep the ISO dates
    ev.to_file(tmp_path / "e.gpkg")
    ev.to_file(tmp_path / "e.geojson")
    ev.to_parquet(tmp_path / "e.parquet")
    assert len(gpd.read_file(tmp_path / "e.gpkg")) == len(ev)
    m = ev.explore()
    assert isinstance(m, folium.Map)
    assert "2017-08-28" in m.get_root().render()


def test_export_command(tmp_path):
    out = tmp_path / "zones.gpkg"
    p = subprocess.run([sys.executable, "-m", "layers.cli", "export", "zones", str(out),
                        "--perspective", "CHN"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("\n") == 1 and "(CHN view)" in p.stdout and "GeoPackage" in p.stdout
    back = gpd.read_file(out, layer="zones")
    assert set(back.loc[back["label"] == "senkaku", "owner"]) == {"CHN"}
    p = subprocess.run([sys.executable, "-m", "layers.cli", "export", "events",
                        str(tmp_path / "e.shp")], capture_output=True, text=True, timeout=300)
    assert p.returncode == 2 and p.stderr.count("\n") == 1
    assert "'.shp'" in p.stderr and ".gpkg" in p.stderr and "Traceback" not in p.stderr
