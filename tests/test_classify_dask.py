"""geo.classify on dask collections, on a local 2-worker distributed cluster: the lazy answer
equals the in-memory one on the same points (every column, categories and index), and
``launchmap classify --scheduler`` / ``--workers`` classify a partitioned Parquet dataset."""

from __future__ import annotations

import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import geo
from layers.cli import main

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    # Threads in this process (processes=False): fast to start on a loaded 2-core machine,
    # and the tasks still go through the scheduler and two workers.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def frame():
    rng = np.random.default_rng(15)
    n = 6000
    lon = rng.uniform(122.0, 142.0, n)
    lat = rng.uniform(24.0, 44.0, n)
    lon[:40] = np.round(lon[:40])  # on cell lines of the index
    lat[:40] = np.round(lat[:40])
    df = pd.DataFrame({"id": np.arange(n), "lon": lon, "lat": lat},
                      index=pd.Index(rng.permutation(n) * 7 + 3, name="key"))
    df.iloc[5, df.columns.get_loc("lat")] = 95.0
    df.iloc[17, df.columns.get_loc("lon")] = np.nan
    return df


@pytest.mark.parametrize("perspective", [None, "JPN", "CHN"])
def test_lazy_answer_equals_in_memory_every_column(client, frame, perspective):
    ddf = dd.from_pandas(frame, npartitions=5, sort=False)
    lazy = geo.classify(ddf, perspective=perspective, errors="mark")
    assert isinstance(lazy, dd.DataFrame)
    ref = geo.classify(lon=frame["lon"], lat=frame["lat"], perspective=perspective,
                       errors="mark")
    for c in ("kind", "state", "label", "status"):  # meta: the in-memory categories
        assert list(lazy._meta[c].cat.categories) == list(ref[c].cat.categories)
    got = lazy.compute()
    assert got.index.equals(frame.index)  # index alignment kept, in order
    pd.testing.assert_frame_equal(got, ref)
    assert got["kind"].notna().sum() > 1000 and got["error"].notna().sum() == 2


def test_dask_series_and_codes(client, frame):
    good = frame.drop(frame.index[[5, 17]])
    ddf = dd.from_pandas(good, npartitions=3, sort=False)
    got = geo.classify(lon=ddf["lon"], lat=ddf["lat"], perspective="KOR").compute()
    pd.testing.assert_frame_equal(got, geo.classify(lon=good.lon, lat=good.lat,
                                                    perspective="KOR"))
    codes, table = geo.classify(ddf, codes=True)
    ref_codes, ref_table = geo.classify(lon=good.lon, lat=good.lat, codes=True)
    pd.testing.assert_frame_equal(table, ref_table)
    pd.testing.assert_series_equal(codes.compute(), ref_codes)


def test_zone_set_in_memory_as_source(frame):
    # A ZoneSet does not pickle (it holds a lock): the threaded scheduler, not distributed.
    from geo.zones.load import load_zones

    good = frame.drop(frame.index[[5, 17]])
    zs = load_zones(None)
    got = geo.classify(dd.from_pandas(good, npartitions=2, sort=False), source=zs,
                       perspective="JPN").compute(scheduler="threads")
    pd.testing.assert_frame_equal(got, geo.classify(lon=good.lon, lat=good.lat,
                                                    perspective="JPN"))


def test_bad_rows_raise_at_compute(client, frame):
    lazy = geo.classify(dd.from_pandas(frame, npartitions=2, sort=False))
    with pytest.raises(geo.errors.InvalidCoordinateError, match="invalid point"):
        lazy.compute()


def test_dask_geopandas_points_with_geometry(client, frame):
    dgpd = pytest.importorskip("dask_geopandas")
    good = frame.drop(frame.index[[5, 17]])
    g = gpd.GeoDataFrame(good[["id"]], geometry=gpd.points_from_xy(good.lon, good.lat),
                         crs=4326)
    dg = dgpd.from_geopandas(g, npartitions=3, sort=False)
    lazy = geo.classify(dg, perspective="JPN", geometry=True)
    assert isinstance(lazy, dgpd.GeoDataFrame)
    got = lazy.compute()
    ref = geo.classify(g, perspective="JPN", geometry=True)
    assert isinstance(got, gpd.GeoDataFrame) and got.crs == ref.crs
    pd.testing.assert_frame_equal(pd.DataFrame(got.drop(columns="geometry")),
                                  pd.DataFrame(ref.drop(columns="geometry")))
    assert got.geometry.geom_equals(ref.geometry).all()


def test_missing_column_is_named(client, frame):
    ddf = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(geo.errors.InvalidCoordinateError, match="'longitude'"):
        geo.classify(ddf, lon="longitude")


def test_missing_dask_names_the_extra(monkeypatch):
    from geo.zones.classify_dask import MissingExtraError, require_dask

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"launchmap\[dask\]"):
        require_dask(distributed=True)
    assert issubclass(MissingExtraError, geo.errors.LaunchmapError)


def _plain(col) -> list:
    return [None if pd.isna(x) else x for x in col]


def _dataset(tmp_path, frame):
    src = tmp_path / "pts"
    src.mkdir()
    plain = frame.reset_index(drop=True)
    for i, lo in enumerate(range(0, len(plain), 2000)):
        plain.iloc[lo:lo + 2000].to_parquet(src / f"part-{i:02d}.parquet", index=False)
    return src, plain


def test_cli_scheduler_on_partitioned_parquet(client, frame, tmp_path, capsys):
    src, plain = _dataset(tmp_path, frame)
    out = tmp_path / "out"
    assert main(["classify", str(src), str(out), "--scheduler", client.scheduler.address,
                 "--perspective", "JPN", "--perspective", "CHN"]) == 0
    err = capsys.readouterr().err
    assert "classified 3/3 partitions, 6,000 rows" in err
    assert "partition 0 row 6: latitude 95.0" in err
    got = pd.read_parquet(out)  # part.0, part.1, part.2: input order
    assert len(list(out.glob("part.*.parquet"))) == 3
    pd.testing.assert_series_equal(got["id"], plain["id"])
    for v in ("JPN", "CHN"):
        ref = geo.classify(lon=plain.lon, lat=plain.lat, perspective=v, errors="mark")
        for c in ("kind", "state", "label", "status"):
            assert _plain(got[f"{v}_{c}"]) == _plain(ref[c])
    assert got["error"].notna().sum() == 2


@pytest.mark.slow
def test_cli_workers_starts_a_local_cluster(frame, tmp_path, capsys):
    src, plain = _dataset(tmp_path, frame.iloc[:2500])
    out = tmp_path / "out"
    assert main(["classify", str(src), str(out), "--workers", "1"]) == 0
    assert "on 1 worker(s)" in capsys.readouterr().err
    got = pd.read_parquet(out)
    ref = geo.classify(lon=plain.lon, lat=plain.lat, errors="mark")
    assert _plain(got["label"]) == _plain(ref["label"])


def test_cli_rejects_csv_output_and_both_options(frame, tmp_path):
    src, _ = _dataset(tmp_path, frame.iloc[:100])
    assert main(["classify", str(src), str(tmp_path / "o.csv"), "--workers", "1"]) == 2
    assert main(["classify", str(src), str(tmp_path / "o"), "--workers", "1",
                 "--scheduler", "tcp://127.0.0.1:1"]) == 2
