"""The regions of the tiled zone build (geo/build/regions.py): frames that hold every coast
within 200 nm of their zones, the NW Pacific unchanged, and a resume cache that is used only
for the same inputs."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from geo.build.regions import REGIONS, WorldCache, get_region, grown
from geo.errors import InvalidOptionError
from geo.geodesy import GEOD, NM, in_lonlat_box
from geo.zones.schema import COAST_FRAME, ZONES_FRAME


def test_the_default_region_is_the_shipped_frame():
    nw = get_region(None)
    assert nw.name == "nw_pacific"
    assert nw.zones_frame == tuple(ZONES_FRAME) and nw.coast_frame == tuple(COAST_FRAME)
    with pytest.raises(InvalidOptionError, match="black_sea"):
        get_region("atlantis")


@pytest.mark.parametrize("name", sorted(set(REGIONS) - {"nw_pacific"}))
def test_coast_frame_holds_every_point_within_200_nm_of_the_zones_frame(name):
    reg = REGIONS[name]
    w, s, e, n = reg.zones_frame
    # points along the zones frame's edges, moved 200 nm (+ 10 km) outwards in every direction
    lons = np.concatenate([np.linspace(w, e, 40), np.linspace(w, e, 40), np.full(20, w),
                           np.full(20, e)])
    lats = np.concatenate([np.full(40, s), np.full(40, n), np.linspace(s, n, 20),
                           np.linspace(s, n, 20)])
    for az in range(0, 360, 15):
        x, y, _ = GEOD.fwd(lons, lats, np.full(len(lons), float(az)),
                           np.full(len(lons), 200 * NM + 10_000.0))
        assert in_lonlat_box(x, y, reg.coast_frame).all(), (name, az)
    assert grown(reg.zones_frame) == pytest.approx(reg.coast_frame, abs=1e-3)


def test_world_cache_roundtrip_and_keys(tmp_path):
    reg = get_region("black_sea")
    cache = WorldCache(tmp_path, reg, ("land-sha", "tables-sha"))
    assert cache.load((0, "world")) is None
    cache.store((0, "world"), [("UKR", "eez", 1.0)])
    assert cache.load((0, "world")) == [("UKR", "eez", 1.0)]
    # other inputs, another region or no folder: nothing is reused
    assert WorldCache(tmp_path, reg, ("land-sha", "other")).load((0, "world")) is None
    assert WorldCache(tmp_path, get_region("baltic"), ("land-sha", "tables-sha")).load(
        (0, "world")) is None
    assert WorldCache(None, reg, ()).load((0, "world")) is None
    # a file cut short by an interruption is ignored
    path = next((tmp_path / "zones" / "black_sea").glob("*.pickle"))
    path.write_bytes(path.read_bytes()[:5])
    assert cache.load((0, "world")) is None


def test_a_region_build_never_writes_over_the_shipped_data(monkeypatch, tmp_path):
    import geo.build.pipeline
    from layers.cli import build

    calls = []
    monkeypatch.setattr(geo.build.pipeline, "build_all",
                        lambda out, cache, **kw: calls.append((out, cache, kw)))
    build.run(argparse.Namespace(out=None, cache=tmp_path, region="black_sea",
                                 no_resume=False))
    out, cache, kw = calls[0]
    assert out == tmp_path / "regions" / "black_sea" and kw == {"region": "black_sea",
                                                                 "resume": True}


def test_median_lines_west_of_greenwich_are_kept():
    """A frame that reaches west of 0 E (the Mediterranean's starts at 6.5 W): the median
    line between two coasts at 5 W and 1 W runs near 3 W and splits the frame; before the
    fix it was written at 357 E, outside the frame, and one state took both sides."""
    import shapely

    from geo.build.median import guard_points, nearest_regions

    frame = (-6.5, 38.0, 2.0, 42.0)
    lat = np.linspace(38.5, 41.5, 13)
    xy = np.concatenate([np.column_stack([np.full(13, -5.0), lat]),
                         np.column_stack([np.full(13, -1.0), lat])])
    lab = np.array(["AAA"] * 13 + ["BBB"] * 13, dtype=object)
    regions = nearest_regions(xy, lab, frame)
    assert set(regions) == {"AAA", "BBB"}
    for lon, want in ((-4.0, "AAA"), (-3.2, "AAA"), (-2.8, "BBB"), (1.5, "BBB")):
        got = [k for k, g in regions.items() if g.contains(shapely.Point(lon, 40.0))]
        assert got == [want], (lon, got)
    # no guard point (label "") may fall inside the frame plus its margin
    g = guard_points(frame)
    rel = np.where(g[:, 0] > 180.0, g[:, 0] - 360.0, g[:, 0])
    assert not ((rel > frame[0] - 8) & (rel < frame[2] + 8) & (g[:, 1] > frame[1] - 8)
                & (g[:, 1] < frame[3] + 8)).any()


def test_the_resume_cache_key_changes_with_the_build_code(monkeypatch):
    """A world stored by an earlier version of the build code is not reused: the key holds
    a digest of the build's source."""
    from geo.build import pipeline

    d = pipeline.build_code_digest()
    assert len(d) == 64 and d == pipeline.build_code_digest()
    real = pipeline.Path.read_bytes

    def edited(self):
        data = real(self)
        return data + b"#" if self.name == "buffers.py" else data

    monkeypatch.setattr(pipeline.Path, "read_bytes", edited)
    assert pipeline.build_code_digest() != d


@pytest.mark.parametrize("label", ["QAT", "BHR"])
def test_buffer_limits_have_no_inward_bias(label):
    """The 12, 24 and 200 nm buffers of a shipped coast (Qatar, Bahrain) follow the
    pointwise rule (geodesic distance to the nearest coast vertex) within metres either
    way: chords that straddle the circle, not chords inside it (which put the limits 9-17 m
    inside on average and left the Middle East's waters at 99.988 % agreement)."""
    import geopandas as gpd
    import shapely
    from scipy.spatial import cKDTree

    from geo._paths import data_dir
    from geo.build.buffers import geodesic_buffers
    from geo.geodesy import ecef_unit
    from geo.zones.oracle import coast_vertices

    land = gpd.read_parquet(data_dir() / "land_middle_east.parquet")
    geoms = np.asarray(land.geometry.values[land["label"].to_numpy() == label], dtype=object)
    xy, _ = coast_vertices(geoms, np.full(len(geoms), label, dtype=object))
    tree = cKDTree(ecef_unit(xy[:, 0], xy[:, 1]))
    dists = (12 * NM, 24 * NM, 200 * NM)
    rng = np.random.default_rng(7)
    for d, buf in zip(dists, geodesic_buffers(list(geoms), dists), strict=True):
        c = shapely.get_coordinates(shapely.segmentize(shapely.boundary(buf), 0.001))
        c = c[rng.choice(len(c), min(2000, len(c)), replace=False)]
        _, idx = tree.query(ecef_unit(c[:, 0], c[:, 1]), k=8)
        got = np.asarray(GEOD.inv(np.repeat(c[:, 0], 8), np.repeat(c[:, 1], 8),
                                  xy[idx.ravel(), 0], xy[idx.ravel(), 1])[2]).reshape(-1, 8)
        err = got.min(axis=1) - d
        err = err[np.abs(err) < 500]  # points on the limit, not on the shore
        assert len(err) > 200
        lo, hi = np.percentile(err, [1, 99])
        assert abs(err.mean()) < 2.5 and -9 < lo and hi < 9, (d / NM, err.mean(), lo, hi)
