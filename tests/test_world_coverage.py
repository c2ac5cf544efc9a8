"""Where the answer stops: points on every continent against the shipped zones.

Each point gets either a zone answer (inside the frame the shipped zones cover) or the
explicit "outside the zones shipped with launchmap (...)" answer with no zone verdict;
coast distances come from land that exists there (GSHHG inside the clipped land, Natural
Earth 10m beyond it), checked against an independent distance to the Natural Earth
coastline in a local azimuthal equidistant projection.
"""

from __future__ import annotations

import numpy as np
import pyproj
import pytest
import shapely

from geo.gazetteer import find_place as get_place
from geo.geodesy import GEOD
from geo.land import countries
from geo.report import ANTARCTIC_TREATY_AREA, outside_note, treaty_area, where_report
from geo.zones.load import load_zones
from geo.zones.where import where
from geo.zones.zoneset import disc_in_box, frame_text

# (query, lon, lat): sea points off coasts the issue names, plus the Antarctic
SEA_POINTS = [
    ("off Guam", 144.5, 13.5),
    ("off Oahu", -158.3, 21.0),
    ("off Nantucket", -69.9, 41.0),
    ("off Sevastopol", 33.3, 44.55),
    ("Abu Musa waters", 55.1, 25.8),
    ("Strait of Gibraltar", -5.6, 35.95),
    ("Bab-el-Mandeb", 43.3, 12.6),
    ("Strait of Hormuz", 56.5, 26.4),
    ("Fiji west of 180", 179.9, -16.9),
    ("Fiji east of 180", -179.9, -16.9),
    ("off Antarctica", 0.0, -69.0),
]
LAND_POINTS = {"przewodow": "POL", "kyiv": "UKR"}


def query_text(lon: float, lat: float) -> str:
    return f"{abs(lat):.4f}{'N' if lat >= 0 else 'S'} {abs(lon):.4f}{'E' if lon >= 0 else 'W'}"


def ne_coast_km(lon: float, lat: float, reach_km: float = 600.0, land=None) -> float:
    """Distance (km) to the nearest Natural Earth land boundary (or of the polygons of
    ``land``, a GeoDataFrame), measured in an azimuthal equidistant projection centred on
    the point (exact for distances from the centre): a method independent of the vertex
    KD-tree the answer uses."""
    aeqd = pyproj.Transformer.from_crs(
        "EPSG:4326", pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} "
                                           "+ellps=WGS84 +units=m"), always_xy=True)
    c = countries() if land is None else land
    dlat = reach_km / 110.0
    dlon = min(reach_km / (110.0 * max(np.cos(np.radians(abs(lat) + dlat)), 0.05)), 179.0)
    boxes = [shapely.box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)]
    near = c[c.intersects(shapely.union_all(boxes))] if abs(lon) + dlon < 180 else c
    best = np.inf
    for geom in near.geometry:
        coords = shapely.get_coordinates(geom.boundary)
        keep = (np.abs(np.abs(coords[:, 0]) - 180.0) > 1e-3) & (coords[:, 1] > -85.2)
        x, y = aeqd.transform(coords[keep, 0], coords[keep, 1])
        if len(x):
            best = min(best, float(np.hypot(x, y).min()))
    return best / 1000.0


@pytest.fixture(scope="module")
def zs():
    return load_zones()


@pytest.mark.parametrize(("name", "lon", "lat"), SEA_POINTS)
def test_sea_point_zone_answer_or_outside_coverage(zs, name, lon, lat):
    rep = where_report(query_text(lon, lat))
    ans = where(lon, lat)
    if zs.covers(lon, lat):  # a shipped answer: zones and no outside note
        assert rep["covered"] is True and "note" not in rep
        assert rep["zones"], name
    else:
        assert rep["covered"] is False and ans.covered is False
        assert rep["zones"] == [] and ans.zones == []
        assert rep["note"].startswith(f"outside the zones shipped with launchmap "
                                      f"({zs.coverage_name}): no zone verdict here")
        assert rep["note"] == outside_note(zs.coverage_name, treaty_area(lat))
        assert ("treaty_area" in rep) == (lat < -60.0)
        assert frame_text(zs.coverage) in rep["note"]
    assert ans.coverage == zs.coverage_name
    # the nearest coast is one that exists there (within 2 km of Natural Earth's, or of
    # the shipped GSHHG land where that is nearer: the islets off Musandam in the Strait
    # of Hormuz, 0.5 km away, are not in Natural Earth 10m, whose coast is 4.5 km away)
    assert ans.coast_km, name
    got = min(c.distance_km for c in ans.coast_km)
    want = ne_coast_km(lon, lat)
    if ans.covered:
        want = min(want, ne_coast_km(lon, lat, 100.0, land=zs.land))
    assert got == pytest.approx(want, abs=2.0, rel=0.02), name


def test_guam_is_outside_the_zones_frame_but_its_coast_is_14_km(zs):
    assert not zs.covers(144.5, 13.5)  # 13.5 N: south of the 15 N edge of the frame
    coasts = {c.state: c.distance_km for c in where(144.5, 13.5).coast_km}
    guam = get_place("guam")
    assert coasts["USA"] < GEOD.inv(144.5, 13.5, guam.lon, guam.lat)[2] / 1000.0
    assert 10.0 < coasts["USA"] < 20.0


def test_oahu_coast_is_oahu_not_the_clipped_land_edge():
    coasts = {c.state: c.distance_km for c in where(-158.3, 21.0).coast_km}
    honolulu = get_place("honolulu")
    to_city = GEOD.inv(-158.3, 21.0, honolulu.lon, honolulu.lat)[2] / 1000.0
    # nearer than Honolulu (a coastal city), far nearer than Niihau's 209 km of old
    assert coasts["USA"] < to_city < 80.0


def test_fiji_coast_is_continuous_across_the_antimeridian():
    west = {c.state: c.distance_km for c in where(179.99, -16.9).coast_km}
    east = {c.state: c.distance_km for c in where(-179.99, -16.9).coast_km}
    assert west["FJI"] == pytest.approx(east["FJI"], abs=3.0)


def test_antarctic_land_is_antarctica_and_its_closing_edge_is_no_coast():
    ans = where(0.0, -75.0)
    assert ans.on_land == "ATA" and not ans.covered and ans.zones == []
    near_edge = where(0.0, -84.9, coast_within_km=100.0)  # 33 km from NE's -85.2 closing line
    assert near_edge.coast_km == []


@pytest.mark.parametrize(("place", "state"), sorted(LAND_POINTS.items()))
def test_land_points_answer_land_containment(place, state):
    p = get_place(place)
    rep = where_report(query_text(p.lon, p.lat))
    assert rep["on_land"] == state
    assert rep["covered"] is False and rep["zones"] == []


def test_inside_the_frame_the_answer_is_unchanged_and_covered(zs):
    lon, lat = 125.5, 28.5  # East China Sea
    rep = where_report(query_text(lon, lat))
    assert rep["covered"] is True and "note" not in rep and rep["zones"]
    # the search disc lies inside the clipped land: GSHHG alone decides the coasts
    assert disc_in_box(lon, lat, 500.0, zs.land_frame)
    owners = {lab: zs.owner(lab) for lab in zs.land["label"].astype(str).unique()}
    shipped = zs.coast_index_near(lon, lat, 500.0).nearest_by_state(lon, lat, owners, 500.0)
    assert zs.coast_distances(lon, lat, owners, 500.0) == shipped


def test_disc_in_box_edges():
    frame = (100.0, 11.5, 200.0, 66.0)
    assert disc_in_box(150.0, 40.0, 500.0, frame)
    assert not disc_in_box(150.0, 14.0, 500.0, frame)  # reaches south of 11.5 N
    assert not disc_in_box(-161.0, 30.0, 500.0, frame)  # reaches east of 160 W
    assert disc_in_box(-175.0, 30.0, 100.0, frame)  # across the antimeridian, inside
    assert frame_text((105.0, 15.0, 190.0, 62.0)) == "105°E-170°W, 15°N-62°N"


#: (name, lon, lat, state, km): sea points off tiny remote islands, the state whose coast
#: is nearest and the most that coast may be away (the island's own coast, not a
#: continent's or a neighbour's). Positions: Clipperton 10.30 N 109.22 W, Bouvet 54.42 S
#: 3.36 E, Pitcairn 25.07 S 130.10 W, Wake 19.29 N 166.63 E (gazetteer-free: only the
#: distance to the coast is asserted, measured independently below).
REMOTE_ISLANDS = [
    ("off Clipperton", -109.22, 10.10, "FRA", 25.0),
    ("off Bouvet", 3.36, -54.30, "NOR", 15.0),
    ("off Pitcairn", -130.10, -25.00, "GBR", 10.0),
    ("off Wake", 166.63, 19.35, "USA", 8.0),
]


@pytest.mark.parametrize(("name", "lon", "lat", "state", "km"), REMOTE_ISLANDS,
                         ids=[r[0] for r in REMOTE_ISLANDS])
def test_tiny_remote_islands(zs, name, lon, lat, state, km):
    """Off Clipperton, Bouvet and Pitcairn (outside every shipped frame) the answer says so
    and gives no zone, and the nearest coast is the island's (Natural Earth 10m has each);
    Wake lies inside the NW Pacific frame: its territorial sea and EEZ are the United
    States', measured from GSHHG's atoll."""
    ans = where(lon, lat)
    rep = where_report(query_text(lon, lat))
    nearest = min(ans.coast_km, key=lambda c: c.distance_km)
    assert nearest.state == state and nearest.distance_km < km, (name, ans.coast_km)
    assert nearest.distance_km == pytest.approx(
        min(ne_coast_km(lon, lat, 100.0), ne_coast_km(lon, lat, 100.0, land=zs.land)
            if ans.covered else np.inf), abs=2.0), name
    if zs.covers(lon, lat):
        assert ans.covered and rep["covered"] is True
        assert {(z.kind, z.state) for z in ans.zones if z.contains_centre} == {
            ("territorial_sea", state), ("eez", state)}
    else:
        assert not ans.covered and ans.zones == [] and rep["zones"] == []
        assert rep["note"] == outside_note(zs.coverage_name)


@pytest.mark.parametrize(("lon", "lat"), [(179.95, -16.95), (-179.95, -16.95),
                                          (178.0, -18.3), (-178.8, -17.5)])
def test_fiji_on_both_sides_of_the_antimeridian_says_where_the_answer_stops(zs, lon, lat):
    """Fiji (Taveuni at 180, Viti Levu's south coast at 178 E, the Lau group at 178.8 W)
    is outside the shipped frames on either side of 180: no zone verdict, and Fiji is the
    nearest coast on both sides."""
    ans = where(lon, lat)
    assert not ans.covered and ans.zones == []
    nearest = min(ans.coast_km, key=lambda c: c.distance_km)
    assert nearest.state == "FJI" and nearest.distance_km < 40.0, ans.coast_km
    assert nearest.distance_km == pytest.approx(ne_coast_km(lon, lat), abs=2.0, rel=0.02)


@pytest.mark.parametrize(("lon", "lat", "on_land"), [(0.0, -69.0, None), (0.0, -75.0, "ATA"),
                                                     (-62.0, -64.5, None),
                                                     (166.7, -77.85, "ATA")])
def test_the_antarctic_is_the_treaty_area_with_claims_suspended(lon, lat, on_land):
    """South of 60 S (off Queen Maud Land, the Antarctic Peninsula's west coast, on the ice
    and at McMurdo): no zone is drawn from an Antarctic coast, the JSON names the Antarctic
    Treaty area and the status of the claims (suspended by art. IV), the note says it, and
    the coast is Antarctica's."""
    import jsonschema

    from geo.report import schema

    rep = where_report(query_text(lon, lat))
    jsonschema.validate(rep, schema("where"))
    assert rep["zones"] == [] and rep["covered"] is False
    assert rep["treaty_area"] == ANTARCTIC_TREATY_AREA
    assert "art. IV" in rep["treaty_area"]["status"]
    assert "suspended" in rep["treaty_area"]["status"]
    assert "Antarctic Treaty area" in rep["note"] and "art. IV" in rep["note"]
    assert rep.get("on_land") == on_land
    if on_land is None:
        assert rep["coast_km"][0]["state"] == "ATA"


def test_north_of_60_south_is_not_the_treaty_area():
    # off Bouvet (54.4 S) and off South Georgia (54.3 S): north of the treaty area
    for lon, lat in ((3.36, -54.30), (-36.5, -54.1)):
        rep = where_report(query_text(lon, lat))
        assert "treaty_area" not in rep and "Antarctic" not in rep["note"]
