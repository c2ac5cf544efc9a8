"""``launchmap classify IN OUT``: CSV, Parquet and GeoParquet (GeoArrow and WKB points) in,
CSV or Parquet out, in chunks; the answers equal geo.classify's; bad rows kept and marked."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import geo
from layers.cli import main


@pytest.fixture(scope="module")
def points(tmp_path_factory):
    d = tmp_path_factory.mktemp("classify")
    rng = np.random.default_rng(4)
    n = 2500
    df = pd.DataFrame({"id": np.arange(n), "lon": rng.uniform(122, 142, n),
                       "lat": rng.uniform(24, 44, n)})
    df.loc[3, "lon"] = np.nan
    df.loc[9, "lat"] = 95.0
    df.to_csv(d / "pts.csv", index=False)
    df.to_parquet(d / "pts.parquet")
    ok = df.drop(index=[3, 9])
    g = gpd.GeoDataFrame(ok[["id"]], geometry=gpd.points_from_xy(ok.lon, ok.lat), crs=4326)
    g.to_parquet(d / "geoarrow.parquet", geometry_encoding="geoarrow")
    g.to_parquet(d / "wkb.parquet")
    return d, df


def plain(col):
    return [None if pd.isna(v) else v for v in col]


def test_csv_in_csv_out_two_views_bad_rows_marked(points, capsys):
    d, df = points
    out = d / "out.csv"
    assert main(["classify", str(d / "pts.csv"), str(out), "--perspective", "JPN",
                 "--perspective", "CHN", "--chunk-rows", "700"]) == 0
    err = capsys.readouterr().err
    assert "row 4: coordinates must be finite numbers" in err
    assert "row 10: latitude 95.0 is outside [-90, 90]" in err
    got = pd.read_csv(out)
    assert list(got.columns[:3]) == ["id", "lon", "lat"] and len(got) == len(df)
    assert got["error"].notna().tolist() == [i in (3, 9) for i in range(len(df))]
    for view in ("JPN", "CHN"):
        want = geo.classify(lon=df.lon, lat=df.lat, perspective=view, errors="mark")
        for c in ("kind", "state", "label", "status"):
            assert plain(got[f"{view}_{c}"]) == plain(want[c]), (view, c)


def test_parquet_and_geoparquet_inputs_agree(points):
    d, df = points
    answers = {}
    for name, extra in (("pts.parquet", []), ("geoarrow.parquet", ["--geometry-col", "geometry"]),
                        ("wkb.parquet", ["--geometry-col", "geometry"])):
        out = d / f"out-{name}"
        assert main(["classify", str(d / name), str(out), *extra]) == 0
        got = pd.read_parquet(out).set_index("id")
        answers[name] = plain(got.loc[df.id.drop(index=[3, 9]), "kind"])
    assert answers["pts.parquet"] == answers["geoarrow.parquet"] == answers["wkb.parquet"]
    back = gpd.read_parquet(d / "out-geoarrow.parquet")  # GeoParquet stays GeoParquet
    assert back.crs.equals("EPSG:4326") and back.geometry.geom_type.eq("Point").all()


def test_user_errors_are_one_line(points, capsys):
    d, _ = points
    assert main(["classify", str(d / "pts.csv"), str(d / "x.txt")]) == 2
    assert main(["classify", str(d / "pts.csv"), str(d / "x.csv"), "--lon-col", "x"]) == 2
    assert "no column 'x'" in capsys.readouterr().err
    assert main(["classify", str(d / "missing.csv"), str(d / "x.csv")]) == 2
