"""Baselines as geometry (geo.zones.baselines), perspective worlds (geo.zones.worlds,
geo.build.worlds.merge_worlds) and the oracle's baseline rules, on small worlds whose
answers are known exactly, and the reader's errors on malformed tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.errors import DataValidationError
from geo.geodesy import GEOD, NM, destination
from geo.zones.baselines import (
    STEP_M,
    Baseline,
    applies,
    baseline_coords,
    enclosed_waters,
    read_baselines,
    segment_labels,
)
from geo.zones.worlds import make_worlds, owner_maps, world_of

HEADER = "state,instrument,date,segment,kind,seq,point,lat,lon,coord_text,source\n"


def line(segment: str, pts, state="CHN", kind="straight") -> Baseline:
    lon = tuple(float(p[0]) for p in pts)
    lat = tuple(float(p[1]) for p in pts)
    return Baseline(segment, state, kind, "test instrument", "2000-01-01",
                    tuple(str(i) for i in range(len(pts))), lon, lat, "test")


def test_shipped_table_reads_and_every_segment_is_drawn_along_the_coast_it_names(
        shipped_land):
    bls = read_baselines()
    assert len(bls) >= 10
    labels = segment_labels(bls, shipped_land.geometry.values, shipped_land["label"].to_numpy())
    assert labels["CHN-2012-diaoyu"] == "senkaku"
    assert labels["CHN-2012-chiwei"] == "senkaku"
    assert labels["CHN-1996-xisha"] == "paracel"
    assert labels["CHN-1996-mainland"] == "CHN"
    assert labels["KOR-1978-south-west"] == "KOR"
    assert labels["VNM-1982-mainland"] == "VNM"
    closed = {b.segment for b in bls if b.closed}
    assert {"CHN-2012-diaoyu", "CHN-2012-chiwei", "CHN-2024-huangyan"} <= closed


def test_densified_line_keeps_the_turning_points_and_follows_the_geodesic():
    b = line("CHN-2000-test", [(122.0, 30.0), (123.0, 31.0), (123.5, 30.2)])
    xy = baseline_coords(b)
    for p in zip(b.lon, b.lat, strict=True):
        assert np.min(np.hypot(xy[:, 0] - p[0], xy[:, 1] - p[1])) < 1e-12
    steps = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2]
    assert steps.max() <= STEP_M + 1e-6
    # every densified point lies on the geodesic of its leg: the two parts add up
    k = len(xy) // 4
    whole = GEOD.inv(122.0, 30.0, 123.0, 31.0)[2]
    parts = GEOD.inv(122.0, 30.0, *xy[k])[2] + GEOD.inv(*xy[k], 123.0, 31.0)[2]
    assert abs(parts - whole) < 1e-3


def test_closed_loop_encloses_its_water_minus_the_land():
    island = shapely.box(130.0, 30.0, 130.02, 30.02)
    ring = line("JPN-2000-loop", [(129.99, 29.99), (130.05, 29.99), (130.05, 30.05),
                                  (129.99, 30.05), (129.99, 29.99)], state="JPN")
    got = enclosed_waters([ring], [island])
    assert got.open_segments == ()
    assert got.water.area == pytest.approx(0.06 * 0.06 - 0.02 * 0.02, rel=1e-6)
    assert not got.water.intersects(island.buffer(-1e-9))


def test_open_line_across_a_bay_closes_it_and_a_line_with_a_gap_does_not():
    # a U-shaped coast open to the east; a straight line across the mouth closes the bay
    coast = shapely.Polygon([(120.0, 20.0), (120.5, 20.0), (120.5, 20.1), (120.1, 20.1),
                             (120.1, 20.4), (120.5, 20.4), (120.5, 20.5), (120.0, 20.5)])
    mouth = line("CHN-2000-mouth", [(120.49, 20.05), (120.49, 20.45)])
    got = enclosed_waters([mouth], [coast])
    assert got.open_segments == ()
    bay = shapely.box(120.1, 20.1, 120.49, 20.4)
    assert got.water.symmetric_difference(bay).area < 0.002 * bay.area
    assert got.water.contains(shapely.Point(120.3, 20.25))
    assert not got.water.contains(shapely.Point(120.7, 20.25))
    # only half the mouth: the bay stays open to the sea, no internal water is drawn
    half = line("CHN-2000-half", [(120.49, 20.05), (120.49, 20.2)])
    got = enclosed_waters([half], [coast])
    assert got.open_segments == ("CHN-2000-half",)
    assert got.water.is_empty


def test_a_segment_applies_only_where_its_state_owns_the_coast():
    diaoyu = line("CHN-2012-diaoyu", [(123.4, 25.7), (123.5, 25.8), (123.4, 25.7)])
    assert applies(diaoyu, "senkaku", {"senkaku": "CHN"})
    assert not applies(diaoyu, "senkaku", {"senkaku": "JPN"})
    assert applies(line("CHN-1996-mainland", [(1, 1), (2, 2)]), "CHN", {})


def test_worlds_group_the_views_that_agree(shipped_zones):
    sov = shipped_zones.sovereignty
    bls = [line("CHN-2012-diaoyu", [(123.4, 25.7), (123.5, 25.8), (123.4, 25.7)]),
           line("CHN-1996-mainland", [(121.0, 28.0), (122.0, 29.0)])]
    seg_label = {"CHN-2012-diaoyu": "senkaku", "CHN-1996-mainland": "CHN"}
    owners = owner_maps(sov, ["CHN", "JPN", "senkaku", "TWN"])
    worlds = make_worlds(bls, seg_label, owners, {"KOR": ["okinotori"]})
    assert worlds[0].is_default
    by_view = {p: w for w in worlds for p in w.perspectives}
    assert by_view["CHN"].segments_of("senkaku") == ("CHN-2012-diaoyu",)
    assert by_view["JPN"].segments_of("senkaku") == ()
    assert by_view["TWN"].segments_of("senkaku") == ()
    assert by_view["JPN"] is by_view["administering"]
    assert by_view["KOR"].rocks == ("okinotori",)
    for w in worlds:  # China's mainland line counts under every view
        assert w.segments_of("CHN") == ("CHN-1996-mainland",)
    one = world_of("CHN", bls, seg_label, sov)
    assert one.segments_of("senkaku") == ("CHN-2012-diaoyu",)


def test_merge_ships_one_row_where_views_agree_and_one_per_geometry_where_not():
    from geo.build.worlds import merge_worlds
    from geo.zones.worlds import World

    a, b = shapely.box(0, 0, 1, 1), shapely.box(0, 0, 1, 2)
    empty = shapely.MultiPolygon()
    w0 = World(("administering", "JPN"), (), ())
    w1 = World(("CHN",), (), ("okinotori",))
    base = {("JPN", "eez"): (a, empty, empty), ("okinotori", "eez"): (a, empty, empty),
            ("senkaku", "eez"): (a, empty, empty)}
    other = {("okinotori", "territorial_sea"): (a, empty, empty),
             ("senkaku", "eez"): (b, empty, empty)}
    rows = merge_worlds([(w0, base), (w1, other)])
    got = {(r[0], r[1], r[5]): r for r in rows}
    assert got[("JPN", "eez", None)][6] is None  # not recomputed: same everywhere
    assert got[("senkaku", "eez", "administering|JPN")][2] is a
    assert got[("senkaku", "eez", "CHN")][2] is b
    oki = got[("okinotori", "eez", "administering|JPN")]
    assert oki[6] == "CHN"  # the EEZ does not exist in China's view: disputed by it
    assert ("okinotori", "territorial_sea", "CHN") in got


def test_zoneset_for_perspective_keeps_the_rows_a_view_holds(shipped_zones):
    import geopandas as gpd

    from geo.zones.zoneset import ZoneSet

    g = [shapely.box(123, 25, 124, 26)] * 3
    zones = gpd.GeoDataFrame({"label": ["senkaku"] * 3, "kind": ["eez"] * 3,
                              "perspectives": [None, "administering|JPN", "CHN"]},
                             geometry=g, crs=4326)
    zs = ZoneSet(zones=zones, sovereignty=shipped_zones.sovereignty, source="test")
    assert len(zs.for_perspective("CHN").zones) == 2
    assert len(zs.for_perspective("JPN").zones) == 2
    assert len(zs.for_perspective("USA").zones) == 2  # an unnamed view sees administering
    assert zs.for_perspective("CHN") is zs.for_perspective("chn")
    plain = ZoneSet(zones=zones.drop(columns="perspectives"),
                    sovereignty=shipped_zones.sovereignty, source="test")
    assert plain.for_perspective("CHN") is plain


def test_oracle_measures_from_baselines_and_knows_rocks_and_narrow_straits():
    from geo.zones.oracle import Oracle

    # two coasts 100 nm apart along a meridian; vertices every ~1 km
    lat = np.linspace(30.0, 31.0, 112)
    west = np.column_stack([np.full_like(lat, 130.0), lat])
    east = np.column_stack([np.full_like(lat, destination(130.0, 30.5, 90.0, 100 * NM)[0]),
                            lat])
    xy = np.concatenate([west, east])
    labels = np.array(["AAA"] * len(west) + ["BBB"] * len(east), dtype=object)
    lon_at = [destination(130.0, 30.5, 90.0, d * NM)[0] for d in (2.0, 5.0, 20.0, 40.0)]
    plain = Oracle(xy, labels).classify(lon_at, [30.5] * 4)
    assert plain.kind.tolist() == [1, 1, 2, 3]
    area = shapely.box(129.5, 30.0, 131.0, 31.0)
    narrow = Oracle(xy, labels, special=[("AAA", 3 * NM, area)]).classify(lon_at, [30.5] * 4)
    assert narrow.kind.tolist() == [1, 2, 2, 3]  # 3-nm sea; beyond it contiguous zone
    rock = Oracle(xy, labels, rocks=("AAA",)).classify(lon_at, [30.5] * 4)
    assert rock.kind.tolist()[:3] == [1, 1, 2]
    assert rock.label[3] == "BBB" and rock.kind[3] == 3  # beyond 24 nm: B's EEZ
    water = shapely.box(130.0, 30.4, lon_at[0], 30.6)
    inner = Oracle(xy, labels, waters=[("AAA", "internal_waters", water)])
    got = inner.classify([(130.0 + lon_at[0]) / 2], [30.5])
    assert got.kind.tolist() == [4] and got.label.tolist() == ["AAA"]


def _write(tmp_path, body: str):
    p = tmp_path / "baselines.csv"
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def test_reader_names_every_bad_row(tmp_path):
    ok = ("CHN,I,1996-05-15,CHN-1996-a,straight,1,1. A,30.0,122.0,x,s\n"
          "CHN,I,1996-05-15,CHN-1996-a,straight,2,2. B,30.1,122.1,x,s\n")
    assert [b.segment for b in read_baselines(_write(tmp_path, ok))] == ["CHN-1996-a"]
    bad = ok + ("CHN,I,1996-05-15,CHN-1996-b,curved,1,1. C,30.0,122.0,x,s\n"
                "CHN,I,1996-05-15,CHN-1996-c,straight,1,1. D,95.0,122.0,x,s\n"
                "KOR,I,1996-05-15,CHN-1996-a,straight,3,3. E,30.2,122.2,x,s\n"
                "CHN,I,1996-05-15,bad name,straight,1,1. F,30.0,122.0,x,s\n")
    with pytest.raises(DataValidationError) as e:
        read_baselines(_write(tmp_path, bad))
    msg = str(e.value)
    assert "kind" in msg and "curved" in msg
    assert "lat" in msg
    assert "state changes within the segment" in msg
    assert "<ISO3>-<year>-<name>" in msg


def test_owner_maps_fall_back_to_the_administering_owner():
    sov = pd.DataFrame({"label": ["senkaku", "senkaku", "senkaku"],
                        "perspective": ["administering", "JPN", "CHN"],
                        "owner": ["JPN", "JPN", "CHN"]})
    maps = owner_maps(sov, ["senkaku", "KOR"])
    assert maps["CHN"]["senkaku"] == "CHN"
    assert maps["administering"]["senkaku"] == "JPN"
    assert maps["CHN"]["KOR"] == "KOR"


def test_a_line_never_runs_through_a_feature_the_view_gives_to_another_state(shipped_land):
    from geo.zones.baselines import applied_pieces, point_labels

    (main,) = [b for b in read_baselines() if b.segment == "CHN-1996-mainland"]
    labels = point_labels([main], shipped_land.geometry.values,
                          shipped_land["label"].to_numpy())[main.segment]
    names = dict(zip(main.points, labels, strict=True))
    # Dongyin (Matsu) and Wuqiu are administered by Taiwan
    assert names["19. Dongyindao / 东引岛"] == "TWN"
    assert names["22. Wuqiuyu / 烏坵嶼"] == "TWN"
    admin = {"TWN": "TWN"}
    runs = [(p.points[0], p.points[-1]) for p in applied_pieces(main, labels, admin)]
    assert all("Wuqiu" not in a and "Wuqiu" not in b for a, b in runs)
    assert all("Dongyin" not in a and "Dongyin" not in b for a, b in runs)
    assert runs[0][0].startswith("1. ")  # the line up to Dongyin still counts
    # in China's view Taiwan's islands are China's: the whole line counts, unbroken
    assert applied_pieces(main, labels, {"TWN": "CHN"}) == [main]
    # a run keeps the instrument and names its points
    piece = applied_pieces(main, labels, admin)[0]
    assert piece.segment.startswith("CHN-1996-mainland[1-") and piece.instrument == main.instrument
