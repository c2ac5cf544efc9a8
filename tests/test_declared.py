"""Declared areas: the vertex grammar on the notices' real formats, geodesic shapes, the
shipped table, the overlaps (against hand-computed geodesic areas on a synthetic zone set
and on the shipped zones), the events' links and the ``launchmap areas`` command."""

from __future__ import annotations

import json
import math

import pytest
import shapely
from _zone_fixtures import MEDIAN_X, synthetic_zoneset
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.declared import (
    COLUMNS,
    build_geometry,
    declared_areas,
    parse_dimensions,
    parse_vertex,
    parse_vertices,
    read_declared_areas,
)
from geo.declared_overlaps import area_overlaps, event_verdicts, impact_shapes
from geo.errors import DataValidationError, InvalidCoordinateError, LocationParseError
from geo.geodesy import GEOD, geodesic_area_km2

# ------------------------------------------------------------------ the vertex grammar
#: Vertices as real notices print them, with the value worked out by hand (degrees +
#: minutes / 60 + seconds / 3600).
REAL_FORMATS = [
    # Xinhua's notice of 2022-08-02 (degrees-dash-decimal minutes)
    ("25-15.26N 120-29.20E", 25 + 15.26 / 60, 120 + 29.20 / 60),
    ("22-56.00N 122-40.00E", 22 + 56 / 60, 122 + 40 / 60),
    # Xinhua's notice of 2025-12-29 in Chinese (hemisphere words, ditto mark for seconds)
    ("北緯26°32′00〃、東經121°40′00〃", 26 + 32 / 60, 121 + 40 / 60),
    ("北纬21°49′00〃、东经119°16′00〃", 21 + 49 / 60, 119 + 16 / 60),
    # Putian MSA navigation warning of 2022-08-24 (DMS with decimal seconds, comma)
    ("25°26′58.1″N,119°18′56.7″E", 25 + 26 / 60 + 58.1 / 3600, 119 + 18 / 60 + 56.7 / 3600),
    # Fuzhou MSA notice of 2024-10-21 (DMS)
    ("26°25′40″N,119°47′52″E", 26 + 25 / 60 + 40 / 3600, 119 + 47 / 60 + 52 / 3600),
    # Dalian MSA notice (degrees and minutes)
    ("38°31′N 122°56′E", 38 + 31 / 60, 122 + 56 / 60),
    # Zhejiang MSA warning of 2022-08-20 (two decimals of minutes, one of them short)
    ("28-55.75N 121-55.3E", 28 + 55.75 / 60, 121 + 55.3 / 60),
    # Hainan MSA warning HN0078 of 2020-08-21 (slash between latitude and longitude)
    ("18-19.5N/111-13.5E", 18 + 19.5 / 60, 111 + 13.5 / 60),
    # Liaoning MSA warning of 2021-03-12 (no space between the two)
    ("38-46.58N121-05.88E", 38 + 46.58 / 60, 121 + 5.88 / 60),
]


@pytest.mark.parametrize(("text", "lat", "lon"), REAL_FORMATS)
def test_vertex_parser_reads_the_notices_formats(text, lat, lon):
    got_lon, got_lat = parse_vertex(text)
    assert got_lat == pytest.approx(lat, abs=1e-9)
    assert got_lon == pytest.approx(lon, abs=1e-9)


@pytest.mark.parametrize(("text", "error", "says"), [
    ("25-65.26N 120-29.20E", InvalidCoordinateError, "minutes value 65.26"),
    ("95-15.26N 120-29.20E", InvalidCoordinateError, "latitude"),
    ("25-15.26N 120-29.20N", LocationParseError, "one latitude (N/S) and one longitude"),
    ("25-15.26 120-29.20E", LocationParseError, "25-15.26 120-29.20E"),
    ("北緯26°32′00〃", LocationParseError, "北緯26°32′00〃"),
    ("Hateruma", LocationParseError, "not a coordinate pair"),
    # Hainan MSA's HN0078 printed one vertex without its E: caught, not guessed
    ("16-38.00N/112-44.0", LocationParseError, "16-38.00N/112-44.0"),
    # Lianyungang MSA's LYG0047 writes thousandths of minutes after a second dash; the
    # grammar does not guess what the third number is
    ("34-45-948N 119-19-728E", InvalidCoordinateError, "minutes value"),
    ("", LocationParseError, "empty vertex"),
])
def test_a_typo_in_a_vertex_is_an_error_naming_it(text, error, says):
    with pytest.raises(error) as info:
        parse_vertex(text)
    assert says in str(info.value)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 89), st.integers(0, 5999), st.integers(0, 179), st.integers(0, 5999),
       st.sampled_from("NS"), st.sampled_from("EW"))
def test_dashed_minutes_round_trip(lat_d, lat_cm, lon_d, lon_cm, ns, ew):
    text = f"{lat_d:02d}-{lat_cm / 100:05.2f}{ns} {lon_d:03d}-{lon_cm / 100:05.2f}{ew}"
    lon, lat = parse_vertex(text)
    assert lat == pytest.approx((1 if ns == "N" else -1) * (lat_d + lat_cm / 6000), abs=1e-9)
    assert lon == pytest.approx((1 if ew == "E" else -1) * (lon_d + lon_cm / 6000), abs=1e-9)


def test_vertex_list_keeps_the_notice_order():
    pts = parse_vertices("25-34.00N 122-50.00E | 25-03.00N 122-50.00E | 25-03.00N 122-11.00E")
    assert [round(p[1], 4) for p in pts] == [25.5667, 25.05, 25.05]


# ------------------------------------------------------------------ geodesic shapes
def _pyproj_area_km2(vertices):
    lon, lat = zip(*vertices, strict=True)
    return abs(GEOD.polygon_area_perimeter(lon, lat)[0]) / 1e6


@pytest.mark.parametrize("vertices", [
    [(122.0, 25.0), (123.0, 25.0), (123.0, 26.0), (122.0, 26.0)],
    [(120.0, 20.0), (126.0, 21.0), (121.0, 27.0)],
    [(179.0, -16.0), (-179.0, -16.0), (-179.0, -18.0), (179.0, -18.0)],  # across 180
])
def test_polygon_edges_are_geodesics(vertices):
    geom = build_geometry("polygon", vertices)
    assert geom.is_valid
    # pyproj joins the raw vertices by geodesics: the densified polygon has the same area
    assert geodesic_area_km2(geom) == pytest.approx(_pyproj_area_km2(vertices), rel=1e-7)
    if vertices[0][0] == 179.0:
        assert geom.geom_type == "MultiPolygon" and len(geom.geoms) == 2
        assert geom.bounds[0] >= -180 and geom.bounds[2] <= 180


def test_repeating_the_first_vertex_changes_nothing():
    v = [(122.0, 25.0), (123.0, 25.0), (123.0, 26.0)]
    assert build_geometry("polygon", [*v, v[0]]).equals(build_geometry("polygon", v))


def test_crossing_vertices_are_refused():
    with pytest.raises(ValueError, match="cross themselves"):
        build_geometry("polygon", [(122, 25), (123, 26), (123, 25), (122, 26)])


def test_circle_is_a_geodesic_ring():
    r_m = 20 * 1852.0
    geom = build_geometry("circle", [(124.5, 33.2)], parse_dimensions("radius=20nm"))
    xy = shapely.get_coordinates(geom.exterior)
    _, _, d = GEOD.inv([124.5] * len(xy), [33.2] * len(xy), xy[:, 0], xy[:, 1])
    assert max(abs(x - r_m) for x in d) < 1e-6
    # a 180-gon of radius r: area (n/2) r^2 sin(2 pi / n) on so small a cap, to 0.1 %
    n = len(xy) - 1
    assert geodesic_area_km2(geom) == pytest.approx(n / 2 * (r_m / 1e3) ** 2
                                                     * math.sin(2 * math.pi / n), rel=1e-3)


def test_box_from_bearing_and_distances():
    geom = build_geometry("box", [(123.0, 20.0)],
                          parse_dimensions("length=40km;width=10km;bearing=30"))
    assert geodesic_area_km2(geom) == pytest.approx(400.0, rel=2e-3)
    centre = shapely.Point(123.0, 20.0)
    assert geom.contains(centre)
    # the long axis runs along 30 degrees: its end is 20 km from the centre on the edge
    x, y, _ = GEOD.fwd(123.0, 20.0, 30.0, 19_999.0)
    assert geom.contains(shapely.Point(x, y))
    x, y, _ = GEOD.fwd(123.0, 20.0, 120.0, 5_100.0)
    assert not geom.contains(shapely.Point(x, y))


@pytest.mark.parametrize(("shape", "vertices", "dims", "says"), [
    ("circle", [(124.0, 33.0)], {}, "radius"),
    ("circle", [(124.0, 33.0)], {"radius": "twenty"}, "expected a length"),
    ("box", [(124.0, 33.0)], {"length": "4km"}, "width, bearing"),
    ("circle", [(124.0, 33.0), (125.0, 33.0)], {"radius": "2km"}, "one vertex"),
    ("polygon", [(124.0, 33.0), (125.0, 33.0)], {}, "3 distinct vertices"),
])
def test_bad_shapes_say_what_is_missing(shape, vertices, dims, says):
    with pytest.raises(ValueError, match=says):
        build_geometry(shape, vertices, dims)


# ------------------------------------------------------------------ the shipped table
@pytest.fixture(scope="module")
def areas():
    return declared_areas()


def test_every_shipped_area_is_valid_closed_and_inside_its_vertices(areas):
    assert len(areas) >= 11
    assert areas.crs.equals("EPSG:4326")
    for row in areas.itertuples(index=False):
        g = row.geometry
        assert g.is_valid and not g.is_empty, row.id
        for part in getattr(g, "geoms", [g]):
            ring = list(part.exterior.coords)
            assert ring[0] == ring[-1], row.id
        # stated bounds: the published vertices' box (geodesic edges bulge by < 0.01 deg
        # over these sides)
        lons = [v[0] for v in row.vertices_lonlat]
        lats = [v[1] for v in row.vertices_lonlat]
        w, s, e, n = g.bounds
        assert min(lons) - 0.01 <= w and e <= max(lons) + 0.01, row.id
        assert min(lats) - 0.01 <= s and n <= max(lats) + 0.01, row.id
        for lon, lat in row.vertices_lonlat:
            assert g.distance(shapely.Point(lon, lat)) < 1e-9, (row.id, lon, lat)
        assert row.area_km2 == pytest.approx(_pyproj_area_km2(row.vertices_lonlat), rel=1e-6)
        assert row.valid_from < row.valid_to, row.id
        assert "http" in row.source and row.authority and row.notice, row.id


def test_the_2022_08_04_areas_are_the_six_of_xinhuas_notice(areas):
    six = areas[areas["id"].str.startswith("2022-08-04-pla-")]
    assert len(six) == 6
    assert set(six["valid_from"].astype(str)) == {"2022-08-04 04:00:00+00:00"}  # 12:00 Beijing
    assert set(six["valid_to"].astype(str)) == {"2022-08-07 04:00:00+00:00"}
    # each area is a few thousand km^2: between 1,000 and 20,000 km^2
    assert six["area_km2"].between(1_000, 20_000).all()


def test_bad_rows_are_reported_not_dropped(tmp_path):
    import csv

    src = declared_areas()
    path = tmp_path / "areas.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        good = {c: "" for c in COLUMNS}
        good.update(id="2022-08-04-pla-1", authority="CHN PLA", notice="n", valid_from="2022-08-04T04:00:00Z",
                    valid_to="2022-08-07T04:00:00Z", purpose="live-fire", shape="polygon",
                    vertices=src.iloc[0]["vertices"], source="s https://example.org")
        w.writerow(good)
        w.writerow({**good, "id": "2022-08-04-pla-2",
                    "vertices": good["vertices"].replace("15.26N", "75.26N")})
        w.writerow({**good, "id": "2022-08-04-pla-3", "valid_to": "2022-08-03T04:00:00Z"})
        w.writerow({**good, "id": "2022-08-04-pla-4", "purpose": "fireworks"})
    frame, errors = read_declared_areas(path)
    assert list(frame["id"]) == ["2022-08-04-pla-1"]
    assert {(e.row, e.field) for e in errors} == {(2, "vertices"), (3, "valid_to"),
                                                  (4, "purpose")}
    assert "minutes value 75.26" in next(str(e) for e in errors if e.row == 2)
    with pytest.raises(DataValidationError):
        read_declared_areas(path, strict=True)


# ------------------------------------------------------------------ overlaps
def test_overlap_areas_equal_hand_computed_geodesic_areas():
    zs = synthetic_zoneset()
    v = [(132.0, 31.5), (133.0, 31.5), (133.0, 31.9), (132.0, 31.9)]
    row = declared_areas().iloc[0].copy()
    row["id"], row["geometry"], row["events"] = "synthetic", build_geometry("polygon", v), []
    ans = area_overlaps(row, "administering", zones=zs)
    # the median line (132.5 E, a meridian) halves each parallel-ish edge at its midpoint
    # (symmetry), so each state's part is the geodesic quadrilateral through them
    (ms,) = GEOD.npts(132.0, 31.5, 133.0, 31.5, 1)
    (mn,) = GEOD.npts(132.0, 31.9, 133.0, 31.9, 1)
    assert ms[0] == pytest.approx(MEDIAN_X) and mn[0] == pytest.approx(MEDIAN_X)
    west = _pyproj_area_km2([(132.0, 31.5), ms, mn, (132.0, 31.9)])
    east = _pyproj_area_km2([ms, (133.0, 31.5), (133.0, 31.9), mn])
    assert ans.area_km2 == pytest.approx(_pyproj_area_km2(v), rel=1e-9)
    got = {(o.kind, o.state, o.status): o for o in ans.overlaps}
    assert set(got) == {("eez", "JPN", "median line"), ("eez", "KOR", "median line")}
    assert got["eez", "JPN", "median line"].area_km2 == pytest.approx(west, rel=1e-5)
    assert got["eez", "KOR", "median line"].area_km2 == pytest.approx(east, rel=1e-5)
    assert sum(o.fraction for o in ans.overlaps) == pytest.approx(1.0, abs=1e-6)
    # nearest coast: the corner of JPN's square island at (131, 31), from the area's
    # south-west corner
    coast = {c["state"]: c["distance_km"] for c in ans.coast_km}
    assert coast["JPN"] == pytest.approx(GEOD.inv(131.0, 31.0, 132.0, 31.5)[2] / 1e3, abs=1e-3)


def test_rock_waters_change_owner_with_the_view():
    zs = synthetic_zoneset()
    v = [(132.3, 32.3), (132.4, 32.3), (132.4, 32.4), (132.3, 32.4)]
    row = declared_areas().iloc[0].copy()
    row["id"], row["geometry"], row["events"] = "rock", build_geometry("polygon", v), []
    for view, owner in (("administering", "KOR"), ("JPN", "JPN")):
        ans = area_overlaps(row, view, zones=zs)
        eez = [o for o in ans.overlaps if o.kind == "eez"]
        assert [(o.state, o.status, o.claimants) for o in eez] == [(owner, "disputed",
                                                                   ["JPN", "KOR"])]
        assert eez[0].fraction == pytest.approx(1.0, abs=1e-6)
        # the area reaches the rock's 0.1-degree territorial sea box too (132.35-132.65 E)
        assert {(d.label, d.kind) for d in ans.disputed} == {("rock", "eez"),
                                                             ("rock", "territorial_sea")}
        ts = [o for o in ans.overlaps if o.kind == "territorial_sea"]
        assert [o.state for o in ts] == [owner]
        assert ts[0].area_km2 == pytest.approx(
            geodesic_area_km2(shapely.box(132.35, 32.35, 132.4, 32.4)), rel=1e-3)


def test_unknown_area_id_is_a_clear_error():
    from geo.errors import InvalidOptionError

    with pytest.raises(InvalidOptionError, match="unknown declared area '2022-08-04-pla-9'"):
        area_overlaps("2022-08-04-pla-9")


@pytest.fixture(scope="module")
def catalogue():
    from geo.catalogue import events

    return events()


def test_areas_where_japan_reported_missiles_in_its_eez_overlap_japans_eez(
        areas, catalogue, shipped_zones):
    """Japan's MoD said five of the 2022-08-04 missiles fell in its EEZ: every area those
    events are linked to overlaps Japan's EEZ under Japan's view."""
    in_jpn = catalogue[catalogue["reported_zone"] == "inside:JPN:eez"]
    linked = set(in_jpn.loc[in_jpn["id"].str.startswith("2022-08-04"), "declared_area"])
    assert linked == {"2022-08-04-pla-4"}
    for area_id in linked:
        ans = area_overlaps(area_id, "JPN", zones=shipped_zones)
        jpn = [o for o in ans.overlaps if o.kind == "eez" and o.state == "JPN"]
        assert jpn and sum(o.fraction for o in jpn) > 0.5
        assert any(c["state"] == "JPN" for c in ans.coast_km)


def test_2025_areas_reach_taiwans_territorial_sea_under_the_administering_view(shipped_zones):
    ans = area_overlaps("2025-12-30-pla-1", zones=shipped_zones)
    ts = [o for o in ans.overlaps if o.kind == "territorial_sea"]
    assert ts and {o.state for o in ts} == {"TWN"}
    assert all(o.claimants == ["CHN", "TWN"] for o in ts)


def test_events_link_to_areas_and_fell_inside(areas, catalogue):
    assert set(catalogue.loc[catalogue["declared_area"] != "", "id"]) == {
        e for evs in areas["events"] for e in evs}
    row = catalogue[catalogue["id"] == "2022-08-04-chn-6"].iloc[0]
    assert row["declared_area"] == "2022-08-04-pla-4"
    verdicts = event_verdicts(areas, catalogue)
    assert len(verdicts) == 9 and verdicts["inside"].all()
    # a point moved out of its area is outside, and by how much
    moved = catalogue.copy()
    i = moved.index[moved["id"] == "2022-08-04-chn-6"][0]
    moved.loc[i, "geometry"] = shapely.Point(124.0, 24.2)  # north-east of the NE corner
    v = event_verdicts(areas, moved).set_index("event").loc["2022-08-04-chn-6"]
    assert not v["inside"]
    corner = GEOD.inv(124.0, 24.2, 123 + 23 / 60, 23 + 38 / 60)[2] / 1e3  # 23-38N 123-23E
    assert v["distance_outside_km"] == pytest.approx(corner, abs=1e-6)


def test_impact_shape_is_the_area_unless_a_finer_position_was_stated(areas, catalogue):
    shapes = impact_shapes(areas, catalogue).set_index("event")
    # chn-1 was stated relative to Yonaguni; the others only by their area
    assert shapes.loc["2022-08-04-chn-1", "shape"] == "statement"
    assert shapes.loc["2022-08-04-chn-1"].geometry.geom_type == "Point"
    four = areas.set_index("id").loc["2022-08-04-pla-4"].geometry
    for i in range(5, 10):
        assert shapes.loc[f"2022-08-04-chn-{i}", "shape"] == "area"
        assert shapes.loc[f"2022-08-04-chn-{i}"].geometry.equals(four)


# ------------------------------------------------------------------ the command line
def test_areas_json_follows_its_schema(capsys):
    import jsonschema

    from geo.report import schema
    from layers.cli import main

    assert main(["areas", "--json", "--perspective", "JPN", "--until", "2022-12-31"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema("areas"))
    assert [d["id"] for d in data] == [f"2022-08-04-pla-{i}" for i in range(1, 7)]
    four = data[3]
    assert four["events"] == [f"2022-08-04-chn-{i}" for i in range(5, 10)]
    assert any(o["kind"] == "eez" and o["state"] == "JPN" and o["perspective"] == "JPN"
               for o in four["overlaps"])


def test_areas_detail_and_errors(capsys):
    from layers.cli import main

    assert main(["areas", "2022-08-04-pla-4", "--perspective", "JPN"]) == 0
    out = capsys.readouterr().out
    assert "22-56.00N 122-40.00E" in out and "eez              JPN" in out
    assert "2022-08-04-chn-5: inside" in out
    assert main(["areas", "2022-08-04-pla-99"]) == 2
    assert "unknown declared area" in capsys.readouterr().err
    assert main(["areas", "--since", "2030-01-01"]) == 1
    assert main(["areas", "--authority", "eastern theater"]) == 0
    out = capsys.readouterr().out
    assert "2025-12-30-pla-5" in out and "2022-08-04" not in out
    assert main(["areas", "--perspective", "XXX"]) == 2


def test_popup_escapes_every_text_from_the_table(areas):
    from layers.declared import popup_html

    row = areas.iloc[0].copy()
    row["name"] = '<img src=x onerror="alert(1)">'
    row["notice_text"] = "</div><script>alert(2)</script>"
    row["vertices"] = "25-15.26N 120-29.20E | <b>x</b>"
    row["source"] = 'javascript:alert(3) https://example.org/"onmouseover="alert(4)"'
    html = popup_html(row, None)
    for raw in ("<img", "<script>", "<b>x</b>", 'href="javascript', '"onmouseover'):
        assert raw not in html
    assert "&lt;img src=x" in html and "&lt;script&gt;" in html
