"""`launchmap where` reads only the shipped regions a point needs (issue 12), and answers
exactly as the full zone set does.

The partial zone set (``load_zones(near=...)``, :func:`geo.zones.load.regions_near`)
keeps every row of the full one in the same order (a left-out region's rows without
polygons), every frame, view and the source; these tests check that its answers are the
full set's at table-driven points in every shipped region, on and near the lines where
frames overlap, under several views and with uncertain positions, and that one `where`
for a NW Pacific point reads no region polygon at all. Timing is measured by
benchmarks/startup_bench.py, not here.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

import geo.zones.load as load
from geo._paths import data_path
from geo.zones.where import COAST_WITHIN_KM, sample_points, where

ROOT = Path(__file__).resolve().parent.parent

#: (place, lon, lat, sigma_km, perspective): sea and land points in every shipped region
#: and the NW Pacific, on and beside the frame lines where two regions meet, and outside
#: every frame.
POINTS = (
    ("Sea of Japan, 200 km W of Oshima-Oshima", 136.97, 41.49, 26.0, None),
    ("Osaka (land)", 135.0, 35.0, 0.0, None),
    ("off Takeshima, Japan's view", 131.87, 37.24, 3.0, "JPN"),
    ("off the Senkakus, China's view", 123.5, 25.75, 5.0, "CHN"),
    ("off Sevastopol", 33.3, 44.55, 0.0, None),
    ("off Sevastopol, Ukraine's view", 33.3, 44.55, 3.0, "UKR"),
    ("44.5N 33.5E", 33.5, 44.5, 2.8, None),
    ("off Odesa", 30.9, 46.3, 0.0, None),
    ("off Cape Kaliakra", 28.9, 43.0, 10.0, None),
    ("off Constanta (Black Sea and Mediterranean frames)", 28.75, 44.15, 0.0, None),
    ("the Mediterranean frame's north line in the Black Sea", 31.0, 46.0, 5.0, None),
    ("the Black Sea frame's west line", 27.0, 42.5, 0.0, None),
    ("beside the Black Sea frame's south line", 29.0, 40.52, 2.0, None),
    ("Bosphorus", 29.05, 41.1, 1.0, None),
    ("off Abu Musa, the Emirates' view", 55.03, 25.80, 0.0, "ARE"),
    ("between the Tunbs, Iran's view", 55.22, 26.22, 2.0, "IRN"),
    ("Strait of Hormuz", 56.42, 26.42, 0.0, None),
    ("Bab-el-Mandeb", 43.50, 12.60, 5.0, None),
    ("off Port Said (Mediterranean and Middle East frames)", 32.33, 31.33, 0.0, None),
    ("the Middle East frame's north line", 33.5, 31.0, 3.0, None),
    ("the Middle East frame's west line, Gulf of Suez", 32.5, 29.5, 0.0, None),
    ("the Mediterranean frame's south line at Suez", 32.55, 30.0, 3.0, None),
    ("off Valletta", 14.55, 35.95, 0.0, None),
    ("off Heraklion", 25.13, 35.42, 8.0, None),
    ("off Kyrenia, Cyprus' view", 33.32, 35.40, 0.0, "CYP"),
    ("off Europa Point", -5.35, 36.09, 0.0, None),
    ("Atlantic, west of the Mediterranean frame", -7.0, 36.0, 0.0, None),
    ("off Oahu (no frame)", -158.3, 21.0, 0.0, None),
)


@pytest.fixture(scope="module")
def full():
    return load.load_zones()


@pytest.fixture(scope="module")
def partial_for():
    """Partial zone sets by region selection, each loaded once for the module."""
    main_frame, regions = load.main_zones_frame(), load.shipped_regions()
    made: dict[load.RegionSelection, object] = {}

    def get(lon: float, lat: float, sigma_km: float):
        xs, ys = np.array([lon]), np.array([lat])
        if sigma_km > 0:
            sx, sy = sample_points(lon, lat, sigma_km)
            xs, ys = np.concatenate((xs, sx)), np.concatenate((ys, sy))
        sel = load.regions_near(regions, xs, ys, COAST_WITHIN_KM, main_frame=main_frame)
        if sel not in made:
            made[sel] = load.load_shipped(regions=sel)
        return sel, made[sel]

    return get


@pytest.mark.parametrize("place,lon,lat,sigma,view", POINTS, ids=[p[0] for p in POINTS])
def test_the_partial_zone_set_answers_as_the_full_one(full, partial_for, place, lon, lat,
                                                      sigma, view):
    sel, part = partial_for(lon, lat, sigma)
    got = where(lon, lat, sigma_km=sigma, perspective=view, source=part).to_dict()
    want = where(lon, lat, sigma_km=sigma, perspective=view, source=full).to_dict()
    assert got == want, (place, sel)


def test_points_in_one_region_leave_the_others_out(partial_for):
    """The selection is what makes the load cheap: a NW Pacific point reads no region,
    one off Sevastopol reads the Black Sea's zones only (the Mediterranean frame reaches
    there, but its rows were cut out of the earlier Black Sea frame) and the land within
    500 km, one in the Gulf reads the Middle East only."""
    assert partial_for(136.97, 41.49, 26.0)[0] == load.RegionSelection(frozenset(),
                                                                       frozenset())
    sel = partial_for(33.3, 44.55, 0.0)[0]
    assert sel.zones == {"black_sea"} and "middle_east" not in sel.land
    assert partial_for(55.22, 26.22, 2.0)[0] == load.RegionSelection(
        frozenset({"middle_east"}), frozenset({"middle_east"}))
    # inside the earlier Mediterranean frame the Middle East's rows were cut out; on the
    # Mediterranean frame's south line (30 N, at Suez) both regions are read
    assert partial_for(32.33, 31.33, 0.0)[0].zones == {"mediterranean"}
    assert partial_for(33.5, 31.0, 3.0)[0].zones == {"mediterranean"}
    assert partial_for(32.55, 30.0, 3.0)[0].zones == {"mediterranean", "middle_east"}


def test_the_partial_set_has_the_full_rows_frames_and_source(full, partial_for):
    _, part = partial_for(136.97, 41.49, 26.0)
    for col in ("label", "kind", "perspectives", "disputed_by", "status", "name"):
        assert part.zones[col].astype(str).tolist() == full.zones[col].astype(str).tolist(), col
    assert part.regions == full.regions and part.coverage == full.coverage
    assert part.cut_frames == full.cut_frames and part.source == full.source
    assert part.perspectives == full.perspectives
    # the NW Pacific polygons and land are read; no region polygon is
    nw = gpd.read_parquet(data_path("zones.parquet"))
    n = len(nw)
    assert all(shapely.equals_exact(a, b, 0.0) for a, b in zip(part.zones.geometry.iloc[:n],
                                                               nw.geometry, strict=True))
    assert shapely.is_empty(part.zones.geometry.iloc[n:].to_numpy()).all()
    assert len(part.land) == len(gpd.read_parquet(data_path("land.parquet"))) < len(full.land)
    # a region's areas are unknown where its polygons were left out, not wrong
    assert np.isnan(part.zones["area_km2"].iloc[n:]).all()
    rus = (part.zones["label"] == "RUS") & (part.zones["kind"] == "eez")
    assert np.isnan(part.zones.loc[rus, "area_km2"]).all()
    assert np.isfinite(full.zones["area_km2"]).all()


def test_geoparquet_reader_equals_geopandas():
    for name in ("zones.parquet", "zones_black_sea.parquet", "land_middle_east.parquet"):
        path = data_path(name)
        want = gpd.read_parquet(path)
        got = load.read_geoparquet(path)
        assert_geodataframe_equal(got, want, check_crs=True)
        for col in ("overlap", "agreed"):
            if col in want.columns:
                assert got[col].crs == want[col].crs


def test_near_loads_once_then_gives_the_full_set(monkeypatch, full):
    """One partial set per process; a point needing more regions, or any point once the
    full set is loaded, gets the full set."""
    monkeypatch.setattr(load, "_PARTIAL", {})
    monkeypatch.setattr(load, "_FULL_LOADED", set())
    first = load.load_zones(near=([136.97], [41.49]), reach_km=500.0)
    assert first is not full and len(first.land) < len(full.land)
    assert load.load_zones(near=(135.0, 35.0), reach_km=500.0) is first
    assert load.load_zones(near=(33.3, 44.55), reach_km=500.0) is full
    monkeypatch.setattr(load, "_PARTIAL", {})
    monkeypatch.setattr(load, "_FULL_LOADED", set())
    # outside every frame (off Oahu) the answer's note needs the full coverage anyway
    assert load.load_zones(near=([-158.3, 144.0], [21.0, 40.0]), reach_km=500.0) is full
    assert not load._PARTIAL
    monkeypatch.setattr(load, "_PARTIAL", {})
    assert load.load_zones() is full
    assert load.load_zones(near=(135.0, 35.0)) is full
    with pytest.raises(ValueError, match="finite"):
        load.regions_near(load.shipped_regions(), [np.nan], [np.nan])


def test_where_asks_for_its_samples_and_coast_reach(monkeypatch, full):
    """where() passes the centre, every sample and its coast distance to the loader."""
    # the module, not the function geo.zones exports under the same name
    where_mod = importlib.import_module("geo.zones.where")
    seen = {}

    def spy(source=None, *, near=None, reach_km=0.0):
        seen.update(near=near, reach_km=reach_km)
        return full

    monkeypatch.setattr(where_mod, "load_zones", spy)
    where(136.97, 41.49, sigma_km=26.0)
    xs, ys = seen["near"]
    assert len(xs) == len(ys) == where_mod.SAMPLE_COUNT + 1
    assert (xs[0], ys[0]) == (136.97, 41.49) and seen["reach_km"] == COAST_WITHIN_KM
    sx, _ = sample_points(136.97, 41.49, 26.0)
    assert np.array_equal(xs[1:], sx)


def test_one_nw_pacific_where_reads_no_region_polygon():
    """`launchmap where` for a NW Pacific statement, in a fresh process: the one zone set
    it loads is partial, with no region's zones or land read, and it prints the zones."""
    code = ("import io, contextlib\n"
            "from layers.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    rc = main(['where', 'about 200 km west of Oshima-Oshima'])\n"
            "assert rc == 0, rc\n"
            "assert 'eez' in out.getvalue() and 'JPN' in out.getvalue(), out.getvalue()\n"
            "import geo.zones.load as load\n"
            "assert not load._FULL_LOADED, 'the full zone set was loaded'\n"
            "(sel, zs), = load._PARTIAL.values()\n"
            "print(sorted(sel.zones), sorted(sel.land))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[] []"


@pytest.mark.parametrize("lon,lat", [(33.5, 44.5), (136.97, 41.49), (14.55, 35.95),
                                     (55.22, 26.22), (129.0, 34.7)])
def test_clipped_coast_index_gives_the_unclipped_distances(full, lon, lat):
    """coast_index_near clips the land to its search box: every state's nearest coast
    within 500 km is the one the whole polygons give (Russia's Black Sea coast is one
    polygon of 57,000 vertices: its border tests took seconds)."""
    from geo.zones.coast import CoastIndex
    from geo.zones.where import label_owners
    from geo.zones.zoneset import reach_box

    owners = label_owners(full, "administering")
    clipped = full.coast_index_near(lon, lat, 500.0)
    tree = full._lazy("land_tree", full._build_land_tree)
    idx = np.sort(tree.query(shapely.box(*reach_box(lon, lat, 500.0))))
    whole = CoastIndex(full.land.iloc[idx], cut_frame=full._cut(), kdtree=False)
    got = clipped.nearest_by_label(lon, lat, 500.0)
    assert got, (lon, lat)
    assert got == whole.nearest_by_label(lon, lat, 500.0)
    assert clipped.nearest_by_state(lon, lat, owners, 500.0) == \
        whole.nearest_by_state(lon, lat, owners, 500.0)
