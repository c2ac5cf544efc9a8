"""Ground tracks and overflight: geometry, antimeridian, land crossings (synthetic land
and the shipped GSHHG land), and computed-versus-reported overflight of catalogue events."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InvalidCoordinateError, UnknownPlaceError
from geo.flight.overflight import closest_approach, overflight, overflown_states
from geo.flight.tables import event_tracks, overflight_table
from geo.flight.track import track
from geo.geodesy import GEOD

lons = st.floats(-180.0, 179.999, allow_nan=False)
lats = st.floats(-85.0, 85.0, allow_nan=False)


# --------------------------------------------------------------------------- track
def test_track_length_azimuth_and_geometry():
    tr = track((125.67, 39.22), (139.69, 35.69))
    az, _, d = GEOD.inv(125.67, 39.22, 139.69, 35.69)
    assert tr.length_km == pytest.approx(d / 1000.0, rel=1e-9)
    assert tr.azimuth_deg == pytest.approx(az % 360.0, abs=1e-9)
    assert tr.geometry.geom_type == "LineString"
    x, y = tr.geometry.coords[0]
    assert (x, y) == pytest.approx((125.67, 39.22))
    assert tr.geometry.coords[-1] == pytest.approx((139.69, 35.69))
    gdf = tr.to_gdf()
    assert len(gdf) == 1 and gdf.crs.to_epsg() == 4326
    assert gdf["length_km"].iloc[0] == pytest.approx(tr.length_km)
    assert tr.to_dict()["geometry"]["type"] == "LineString"


def test_track_from_place_names():
    tr = track("Sunan", "Tokyo")
    assert tr.launch.id == "sunan" and tr.launch.country == "PRK"
    assert 1200 < tr.length_km < 1350


def test_track_across_the_antimeridian_is_split():
    tr = track((170.0, 50.0), (-170.0, 52.0))
    assert tr.crosses_antimeridian
    assert tr.geometry.geom_type == "MultiLineString"
    minx, _, maxx, _ = tr.geometry.bounds
    assert minx >= -180.0 and maxx <= 180.0
    ends = [p.coords[-1][0] for p in tr.geometry.geoms][:-1]
    assert all(abs(abs(x) - 180.0) < 1e-9 for x in ends)
    # the two pieces total the geodesic length
    total = sum(GEOD.geometry_length(g) for g in tr.geometry.geoms) / 1000.0
    assert total == pytest.approx(tr.length_km, rel=1e-4)


def test_track_ending_on_the_antimeridian_stays_inside_180():
    # found by hypothesis: an impact at -180 used to end the drawn line at -180.00000000000003
    tr = track((10.0, 1.75), (-180.0, 0.0), max_segment_km=200.0)
    coords = np.vstack([np.asarray(g.coords) for g in shapely.get_parts(tr.geometry)])
    assert coords[:, 0].min() >= -180.0 and coords[:, 0].max() <= 180.0
    assert tuple(coords[-1]) == (-180.0, 0.0)


def test_track_bad_input():
    with pytest.raises(InvalidCoordinateError):
        track((125.0, 39.0), (125.0, 39.0))
    with pytest.raises(InvalidCoordinateError):
        track((125.0, 95.0), (130.0, 39.0))
    with pytest.raises(UnknownPlaceError):
        track("Nowhere-on-earth", (130.0, 39.0))


def test_flight_points_read_text_exactly_as_where_does():
    """Coordinate text goes through the one parser of ``launchmap where``: latitude first,
    swapped when the first value cannot be a latitude, DMS and hemispheres understood."""
    from geo.flight.points import resolve_point
    from geo.location import locate

    for text in ("39.2,125.67", "137.0, 41.5", "41.5N 137E", "N41°30' E137°15'"):
        pt, loc = resolve_point(text), locate(text)
        assert (pt.lon, pt.lat) == (loc.lon, loc.lat) and pt.name == "", text
    with pytest.raises(InvalidCoordinateError, match="latitude 95"):
        resolve_point("95, 200")


@settings(max_examples=60, deadline=None)
@given(lons, lats, lons, lats)
def test_track_vertices_lie_on_the_geodesic(x1, y1, x2, y2):
    _, _, d = GEOD.inv(x1, y1, x2, y2)
    if d < 1000.0 or d > 19_000_000.0:  # too short to matter / near-antipodal (not unique)
        return
    tr = track((x1, y1), (x2, y2), max_segment_km=200.0)
    coords = np.vstack([np.asarray(g.coords) for g in shapely.get_parts(tr.geometry)])
    assert coords[:, 0].min() >= -180.0 and coords[:, 0].max() <= 180.0
    n = len(coords)
    _, _, a = GEOD.inv(np.full(n, x1), np.full(n, y1), coords[:, 0], coords[:, 1])
    _, _, b = GEOD.inv(coords[:, 0], coords[:, 1], np.full(n, x2), np.full(n, y2))
    # on the geodesic: distance from launch + distance to impact = track length
    assert np.max(np.abs(a + b - d)) < 1.0


# --------------------------------------------------------------------------- overflight, synthetic
def _land(**geoms):
    return gpd.GeoDataFrame({"label": list(geoms)}, geometry=list(geoms.values()), crs=4326)


def test_islet_narrower_than_the_spacing_is_found():
    launch, impact = (125.7, 39.0), (150.0, 42.0)
    tr = track(launch, impact)
    x, y = tr.point_at(1800.3)
    islet = shapely.Point(x, y).buffer(0.0008)  # about 130 m across
    out = overflight(launch, impact, land=_land(ISL=islet))
    assert len(out) == 1
    row = out.iloc[0]
    assert row["state"] == "ISL" and 0.05 < row["length_km"] < 0.25
    for side in ("enter", "exit"):
        p = shapely.Point(row[f"{side}_lon"], row[f"{side}_lat"])
        assert islet.exterior.distance(p) * 111_000 < 1.0  # on the shore, within 1 m
        _, _, d = GEOD.inv(*launch, p.x, p.y)
        assert d / 1000.0 == pytest.approx(row[f"{side}_km"], abs=1e-3)


def test_crossing_refined_to_the_true_geodesic():
    launch, impact = (125.7, 39.0), (150.0, 42.0)
    big = shapely.box(139.0, 38.0, 142.0, 44.0)
    out = overflight(launch, impact, land=_land(JPN=big))
    row = out.iloc[0]
    assert row["enter_lon"] == pytest.approx(139.0, abs=1e-7)
    assert row["exit_lon"] == pytest.approx(142.0, abs=1e-7)
    # the entry point is where the geodesic meets lon 139 (the direct problem agrees)
    lon, lat, _ = GEOD.fwd(*launch, track(launch, impact).azimuth_deg, row["enter_km"] * 1000)
    assert (lon, lat) == pytest.approx((row["enter_lon"], row["enter_lat"]), abs=1e-7)


def test_launch_on_land_is_flagged():
    out = overflight((125.7, 39.0), (135.0, 39.5), land=_land(
        PRK=shapely.box(124.0, 38.0, 128.0, 41.0), JPN=shapely.box(133.0, 30.0, 140.0, 45.0)))
    assert list(out["state"]) == ["PRK", "JPN"]
    first, last = out.iloc[0], out.iloc[1]
    assert first["at_launch"] and first["is_launch_state"] and first["enter_km"] == 0.0
    assert last["at_impact"] and not last["is_launch_state"]
    assert overflown_states(out) == ["JPN"]
    assert overflown_states(out, include_launch_state=True) == ["JPN", "PRK"]
    assert out.attrs["launch_state"] == "PRK"


def test_land_split_at_the_antimeridian_is_one_crossing():
    land = gpd.GeoDataFrame(
        {"label": ["FJI", "FJI"]},
        geometry=[shapely.box(178.0, -10.0, 180.0, 10.0), shapely.box(-180.0, -10.0, -178.0, 10.0)],
        crs=4326)
    out = overflight((170.0, 0.0), (-170.0, 0.0), land=land)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["enter_lon"] == pytest.approx(178.0, abs=1e-7)
    assert row["exit_lon"] == pytest.approx(-178.0, abs=1e-7)
    assert row["length_km"] == pytest.approx(4 * 111.32, rel=0.01)
    assert row.geometry.geom_type == "MultiLineString"


def test_land_in_continuous_longitudes_is_normalised():
    land = _land(USA=shapely.box(185.0, 50.0, 190.0, 55.0))  # 175 W - 170 W written past 180
    out = overflight((170.0, 52.0), (-165.0, 52.5), land=land)
    assert list(out["state"]) == ["USA"]
    assert -175.1 < out["enter_lon"].iloc[0] < -174.9


def test_spacing_must_be_at_most_1_km():
    with pytest.raises(ValueError):
        overflight((125.7, 39.0), (135.0, 39.5), land=_land(A=shapely.box(0, 0, 1, 1)),
                   spacing_km=5.0)


# --------------------------------------------------------------------------- shipped land
@pytest.fixture(scope="module")
def catalogue():
    from geo.catalogue import events

    return events().set_index("id", drop=False)


def _ends(ev, eid):
    r = ev.loc[eid]
    return (r["launch_lon"], r["launch_lat"]), (r["impact_lon"], r["impact_lat"])


@pytest.mark.parametrize("eid", ["2017-08-28-prk-1", "2017-09-14-prk-1", "2022-10-03-prk-1"])
def test_dprk_overflights_of_japan(catalogue, eid):
    # Japan's MOD reported these over Hokkaido (2017) and Aomori (2022). With the catalogue's
    # impact points (parsed "N km E of Cape Erimo / Kamaishi" as geodesics that start due
    # east and drift south) the tracks cross northern Tohoku/southern Hokkaido, 40.5-42.7 N.
    launch, impact = _ends(catalogue, eid)
    out = overflight(launch, impact, launch_state="PRK")
    jpn = out[out["state"] == "JPN"]
    assert len(jpn) >= 1
    assert (jpn["land_source"] == "gshhg").all()
    lo, hi = 40.5, 42.7
    assert jpn["enter_lon"].between(139.0, 146.0).all()
    assert jpn["enter_lat"].between(lo, hi).all() and jpn["exit_lat"].between(lo, hi).all()
    assert not jpn["at_impact"].any()  # it flew over Japan and fell in the Pacific
    assert overflown_states(out) == ["JPN"]


def test_lofted_icbm_tests_do_not_overfly_japan(catalogue):
    for eid in ("2017-07-28-prk-1", "2017-11-28-prk-1", "2022-11-18-prk-1", "2023-07-12-prk-1"):
        launch, impact = _ends(catalogue, eid)
        assert overflown_states(overflight(launch, impact, launch_state="PRK")) == []


def test_pla_missiles_over_taiwan(catalogue):
    # The four missiles Japan's MOD reported over Taiwan (chn-6..9) share an approximate
    # launch point on the Fujian coast (27.18 N 120.04 E, a placeholder: the real sites are
    # not public) and an impact at the centroid of the PLA closure area east of Taiwan.
    launch, impact = _ends(catalogue, "2022-08-04-chn-6")
    out = overflight(launch, impact, launch_state="CHN")
    twn = out[out["state"] == "TWN"]
    assert len(twn) == 1 and twn["length_km"].iloc[0] > 30
    # What the data supports: from any launch point on the Fujian coast between 24.5 N and
    # 27.5 N the track to that closure area crosses Taiwan; from the Zhejiang coast at 28 N
    # it passes north of it. So "over Taiwan" holds for a Fujian launch, not in general.
    for lon, lat in [(120.4, 27.5), (119.8, 26.5), (119.6, 26.0), (118.9, 25.0)]:
        assert "TWN" in overflown_states(overflight((lon, lat), impact, launch_state="CHN"))
    assert overflown_states(overflight((120.7, 28.0), impact, launch_state="CHN")) == []


def test_track_outside_the_coast_frame_uses_natural_earth():
    # A Kh-101 from the Caspian Sea to Kyiv: crosses Russia then Ukraine (Natural Earth).
    out = overflight((49.5, 43.5), (30.52, 50.45), launch_state="RUS")
    assert set(out["land_source"]) == {"natural_earth"}
    assert list(out["state"])[-2:] == ["RUS", "UKR"]
    assert out.iloc[-1]["at_impact"]


def test_overflight_table_matches_every_reported_overflight(catalogue):
    tab = overflight_table(catalogue.reset_index(drop=True)).set_index("id")
    for eid in ("2017-08-28-prk-1", "2017-09-14-prk-1", "2022-10-03-prk-1"):
        assert tab.loc[eid, "reported"] == "JPN" and tab.loc[eid, "computed"] == "JPN"
        assert bool(tab.loc[eid, "agrees"])
    for eid in ("2022-08-04-chn-6", "2022-08-04-chn-7", "2022-08-04-chn-8", "2022-08-04-chn-9"):
        assert tab.loc[eid, "computed"] == "TWN" and bool(tab.loc[eid, "agrees"])
    # the 2023-11-21 satellite launch: Japan reported it passed over Okinawa Prefecture; the
    # straight geodesic to the reported fall area passes between the islands, within a few
    # km of Japanese land, so "over Okinawa" is about the prefecture's airspace region.
    sat = tab.loc["2023-11-21-prk-1"]
    assert sat["computed"] == "none" and sat["nearest_other_state"] == "JPN"
    assert sat["nearest_other_km"] < 25
    # lofted shots into the Sea of Japan cross no foreign land
    assert tab.loc["2022-11-18-prk-1", "computed"] == "none"


def test_closest_approach_is_zero_when_crossing(catalogue):
    launch, impact = _ends(catalogue, "2017-09-14-prk-1")
    near = closest_approach(launch, impact, exclude_state="PRK")
    assert near["state"] == "JPN" and near["distance_km"] < 1.0


def test_event_tracks_frame(catalogue):
    gdf = event_tracks(catalogue.reset_index(drop=True))
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["id"]) <= set(catalogue["id"])
    assert len(gdf) + len(gdf.attrs["skipped"]) == len(catalogue)
    b = gdf.total_bounds
    assert b[0] >= -180 and b[2] <= 180
    row = gdf.set_index("id").loc["2017-09-14-prk-1"]
    assert 3600 < row["length_km"] < 3800 and math.isfinite(row["azimuth_deg"])


@settings(max_examples=40, deadline=None)
@given(st.floats(100.0, 160.0), st.floats(20.0, 50.0), st.floats(-30.0, 30.0),
       st.floats(-15.0, 15.0), st.floats(0.05, 3.0), st.floats(0.05, 3.0))
def test_crossing_lengths_match_dense_sampling(x0, y0, dx, dy, w, h):
    launch, impact = (x0, y0), (x0 + dx, y0 + dy)
    _, _, d = GEOD.inv(*launch, *impact)
    if d < 50_000:
        return
    tr = track(launch, impact)
    # a box straddling the track's middle
    mx, my = tr.point_at(tr.length_km / 2)
    box = shapely.box(mx - w, my - h, mx + w, my + h)
    out = overflight(launch, impact, land=_land(BOX=box))
    km, lon, lat = tr.sample(0.05)
    inside = shapely.contains_xy(box, ((lon + 180) % 360) - 180, lat)
    step = tr.length_km / (len(km) - 1)  # <= 0.05 km
    assert out["length_km"].sum() == pytest.approx(inside.sum() * step, abs=0.2)
    assert len(out) == 1 and out["enter_km"].iloc[0] < tr.length_km / 2 < out["exit_km"].iloc[0]
