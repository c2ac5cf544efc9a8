"""Agreed (treaty) boundaries: the table, the side rule, the build and the shipped zones.

The shipped table holds the China-Viet Nam Beibu Gulf / Bac Bo Gulf boundary (2000) and
the Japan-Korea northern continental shelf boundary (1974), which the two states also use
as their fisheries boundary. The oracle decides sides pointwise on the sphere; the build
splits polygons; both must agree on the shipped zones, and the treaty line must actually
change answers there.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo._paths import data_path
from geo.errors import DataValidationError
from geo.geodesy import GEOD, destination
from geo.zones.agreed import (
    AGREED_COLUMNS,
    AgreedBoundary,
    decide_sides,
    owner_by_agreement,
    read_agreed_boundaries,
    side_of_line,
)
from geo.zones.schema import AGREED_BOUNDARIES_FILE

#: The Gulf of Tonkin and its mouth (lon/lat box) for the pointwise checks.
GULF = (105.5, 16.5, 110.5, 22.0)


def beside_edges(ring, edges, offset_m: float = 2000.0) -> tuple[np.ndarray, np.ndarray]:
    """Points ``offset_m`` either side of the edges ``(k, j)`` of ``ring`` (lon/lat), every
    kilometre or so along each edge's geodesic: (lon, lat) arrays."""
    lon, lat = [], []
    for k, j in edges:
        (x0, y0), (x1, y1) = ring[k], ring[j]
        n = max(2, int(GEOD.inv(x0, y0, x1, y1)[2] / 1000))
        pts = np.array(GEOD.npts(x0, y0, x1, y1, n))
        az = GEOD.inv(x0, y0, x1, y1)[0]
        for side in (-90.0, 90.0):
            q = destination(pts[:, 0], pts[:, 1], np.full(len(pts), az + side), offset_m)
            lon.append(q[0])
            lat.append(q[1])
    return np.concatenate(lon), np.concatenate(lat)



def shipped(boundary_id: str) -> AgreedBoundary:
    """The boundary ``boundary_id`` of the shipped table (sides not decided)."""
    (b,) = [b for b in read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE))
            if b.boundary_id == boundary_id]
    return b


def decided(oracle, boundary_id: str) -> AgreedBoundary:
    """The boundary as the oracle holds it (side decided from the shipped coast)."""
    (b,) = [b for b in oracle.boundaries if b.boundary_id == boundary_id]
    return b


@pytest.fixture(scope="module")
def tonkin() -> AgreedBoundary:
    return shipped("CHN-VNM-2000")


@pytest.fixture(scope="module")
def oracles(shipped_oracle):
    """(oracle with the shipped agreed boundaries, oracle with the median line only)."""
    return shipped_oracle, shipped_oracle.without_agreements()


def random_points(n: int, box=GULF, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    w, s, e, north = box
    return rng.uniform(w, e, n), rng.uniform(s, north, n)


# ---------------------------------------------------------------- the table

def test_shipped_table_is_the_beibu_gulf_agreement(tonkin: AgreedBoundary) -> None:
    assert tonkin.boundary_id == "CHN-VNM-2000" and tonkin.labels == ("CHN", "VNM")
    assert tonkin.line.shape == (21, 2) and len(tonkin.area) >= 3
    # Art. II point 1 (Beilun estuary) and point 21 (on the gulf's closing line)
    np.testing.assert_allclose(tonkin.line[0], [108 + 6 / 60 + 4.3 / 3600, 21 + 28 / 60 + 12.5 / 3600])
    np.testing.assert_allclose(tonkin.line[-1], [107 + 58 / 60, 17 + 47 / 60])
    # the line runs from north to south, every point in the gulf
    assert np.all(np.diff(tonkin.line[:, 1]) <= 0)
    area = tonkin.area_polygon()
    assert area.is_valid
    # every point in the area; point 21 lies on the closing line (4 m off it in lon/lat)
    assert all(area.distance(shapely.Point(p)) < 1e-4 for p in tonkin.line)


#: The article that gives each boundary's turning points: every turning-point row's
#: source starts with it, then the point number and a colon.
POINT_ARTICLE = {"CHN-VNM-2000": "Art. II point", "JPN-KOR-1974": "Art. I(1) point"}


def test_every_row_cites_its_source() -> None:
    import csv

    with open(data_path(AGREED_BOUNDARIES_FILE), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["source"].strip() and r["treaty"].strip() for r in rows)
    assert {r["boundary_id"] for r in rows} == set(POINT_ARTICLE)
    points = [r for r in rows if r["role"] == "turning_point"]
    assert all(r["source"].startswith(f"{POINT_ARTICLE[r['boundary_id']]} {r['seq']}:")
               for r in points)
    # area vertices are either treaty points or declared construction points on land
    for r in rows:
        if r["role"] == "area":
            assert r["source"].startswith(("Art. I", "Art. II", "construction point")), r


def test_construction_points_lie_on_a_partys_land(oracles, shipped_land) -> None:
    """Every construction point is on land (the oracle's test) of one of the boundary's
    two parties (the land polygon's label)."""
    import csv

    with open(data_path(AGREED_BOUNDARIES_FILE), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["source"].startswith("construction point")]
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    assert len(rows) >= 13 and oracles[0].on_land(lon, lat).all()
    tree = shapely.STRtree(shipped_land.geometry.values)
    for r, x, y in zip(rows, lon, lat, strict=True):
        hit = tree.query(shapely.Point(x, y), predicate="intersects")
        labels = set(shipped_land["label"].to_numpy()[hit].tolist())
        assert labels and labels <= {r["label_a"], r["label_b"]}, (r["boundary_id"], x, y)


def test_bad_rows_are_all_reported(tmp_path) -> None:
    head = ",".join(AGREED_COLUMNS)
    bad = tmp_path / "agreed.csv"
    bad.write_text(head + "\n"
                   "X,CHN,VNM,EEZ,turning_point,1,190,21,T,S\n"      # lon out of range
                   "X,CHN,VNM,EEZ,corner,2,108,21,T,S\n"             # unknown role
                   "X,CHN,VNM,EEZ,turning_point,x,108,21,T,S\n"      # seq not a number
                   "X,CHN,VNM,EEZ,area,1,108,21,,S\n"                # empty treaty
                   "X,CHN,VNM,shelf,area,2,108,21,T,S\n"             # unknown zone
                   "X,CHN,VNM,EEZ|EEZ,area,3,108,21,T,S\n"           # zone repeated
                   "X,CHN,VNM,,area,4,108,21,T,S\n",                 # no zone
                   encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_agreed_boundaries(bad)
    text = str(err.value)
    for expect in ("row 1: lon/lat: outside WGS84 range", "row 2: role:", "row 3: seq:",
                   "row 4: treaty: empty", "row 5: delimits: 'shelf' is not one of",
                   "row 6: delimits: 'EEZ|EEZ' repeats a zone", "row 7: delimits: empty"):
        assert expect in text, text
    wrong = tmp_path / "header.csv"
    wrong.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="expected columns"):
        read_agreed_boundaries(wrong)


def test_too_few_points_and_crossed_ring_are_reported(tmp_path) -> None:
    rows = ["Y,A,B,EEZ,turning_point,1,140,30,T,S",
            "Y,A,B,EEZ,area,1,139,29,T,S", "Y,A,B,EEZ,area,2,141,31,T,S",
            "Y,A,B,EEZ,area,3,141,29,T,S", "Y,A,B,EEZ,area,4,139,31,T,S"]
    path = tmp_path / "agreed.csv"
    path.write_text(",".join(AGREED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_agreed_boundaries(path)
    assert "needs at least 2 turning_point rows" in str(err.value)
    assert "the area ring crosses itself" in str(err.value)


def test_differing_zones_of_one_boundary_are_reported(tmp_path) -> None:
    rows = ["Z,A,B,EEZ,turning_point,1,140,30,T,S",
            "Z,A,B,continental shelf,turning_point,2,141,31,T,S",
            "Z,A,B,EEZ,area,1,139,29,T,S", "Z,A,B,EEZ,area,2,142,29,T,S",
            "Z,A,B,EEZ,area,3,142,32,T,S"]
    path = tmp_path / "agreed.csv"
    path.write_text(",".join(AGREED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="row 1: delimits: boundary 'Z' names "
                                                  "different zones"):
        read_agreed_boundaries(path)


def test_shelf_only_lines_are_read_on_request_and_never_applied(tmp_path) -> None:
    """A continental-shelf-only line does not divide the water column: the default read
    (what the build and the oracle use) leaves it out, ``shelf_only=True`` returns it for
    display, and the pointwise rule refuses it."""
    rows = ["S,A,B,continental shelf,turning_point,1,140,30,T,S",
            "S,A,B,continental shelf,turning_point,2,141,31,T,S",
            "S,A,B,continental shelf,area,1,139,29,T,S",
            "S,A,B,continental shelf,area,2,142,29,T,S",
            "S,A,B,continental shelf,area,3,142,32,T,S",
            "W,A,C,continental shelf|fisheries,turning_point,1,150,30,T,S",
            "W,A,C,continental shelf|fisheries,turning_point,2,151,31,T,S",
            "W,A,C,continental shelf|fisheries,area,1,149,29,T,S",
            "W,A,C,continental shelf|fisheries,area,2,152,29,T,S",
            "W,A,C,continental shelf|fisheries,area,3,152,32,T,S"]
    path = tmp_path / "agreed.csv"
    path.write_text(",".join(AGREED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert [b.boundary_id for b in read_agreed_boundaries(path)] == ["W"]
    both = read_agreed_boundaries(path, shelf_only=True)
    assert [(b.boundary_id, b.water_column) for b in both] == [("S", False), ("W", True)]
    assert both[0].delimits == ("continental shelf",)
    assert both[0].record()["delimits"] == ["continental shelf"]
    shelf = both[0].with_side(True)
    with pytest.raises(ValueError, match="delimits only continental shelf"):
        owner_by_agreement([shelf], np.array([140.5]), np.array([30.2]), np.array(["A"]))


def test_shipped_boundaries_divide_the_water_column() -> None:
    """Both shipped lines replace the median line: the Beibu Gulf treaty delimits every
    zone; the 1974 Japan-Korea line delimits the shelf, and the 1998 Japan-Korea
    Fisheries Agreement uses it as the fisheries boundary (SOURCES.md)."""
    every = read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE), shelf_only=True)
    applied = read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE))
    assert [b.boundary_id for b in every] == [b.boundary_id for b in applied]
    zones = {b.boundary_id: b.delimits for b in applied}
    assert zones == {"CHN-VNM-2000": ("territorial sea", "EEZ", "continental shelf"),
                     "JPN-KOR-1974": ("continental shelf", "fisheries")}


# ---------------------------------------------------------------- the side rule

@settings(max_examples=200, deadline=None)
@given(st.floats(120, 150), st.floats(-50, 50), st.lists(st.floats(-60, 60), min_size=1,
                                                          max_size=6),
       st.integers(0, 5), st.floats(0.05, 0.95), st.floats(200.0, 5000.0), st.booleans())
def test_property_offset_points_get_their_side(lon0, lat0, turns, which, frac, off_m, left):
    """A point a little left (right) of a random zig-zag line is on its left (right)."""
    # a polyline of 50-km geodesic legs with bounded turns
    az = 20.0
    pts = [(lon0, lat0)]
    for t in [0.0, *turns]:
        az += t
        x, y = destination(*pts[-1], az, 50_000.0)
        pts.append((float(x), float(y)))
    line = np.array(pts)
    k = which % (len(line) - 1)
    (x0, y0), (x1, y1) = line[k], line[k + 1]
    fwd, _, dist = GEOD.inv(x0, y0, x1, y1)
    mx, my, back = GEOD.fwd(x0, y0, fwd, dist * frac)
    heading = back + 180.0
    px, py = destination(mx, my, heading - 90.0 if left else heading + 90.0, off_m)
    # only points nearer to this leg than to any other leg are decided by it
    others = [shapely.LineString(line[i:i + 2]) for i in range(len(line) - 1) if i != k]
    here = shapely.Point(px, py)
    if any(o.distance(here) < shapely.LineString(line[k:k + 2]).distance(here) * 1.5
           for o in others):
        return
    assert side_of_line(line, [px], [py])[0] == (1 if left else -1)


def test_side_at_a_reflex_vertex() -> None:
    """Points in the wedge of a sharp turn are decided by the turn, not by one leg."""
    line = np.array([[140.0, 30.0], [140.0, 31.0], [140.2, 30.2]])  # sharp right turn
    # inside the acute wedge (between the legs) is the right side
    assert side_of_line(line, [140.05], [30.6])[0] == -1
    # outside the wedge, beside the apex: left
    assert side_of_line(line, [139.98], [31.05])[0] == 1
    assert side_of_line(line, [140.03], [31.05])[0] == 1


def test_owner_by_agreement_needs_a_decided_side(tonkin: AgreedBoundary) -> None:
    with pytest.raises(ValueError, match="side of CHN unknown"):
        owner_by_agreement([tonkin], np.array([107.5]), np.array([20.0]), np.array(["VNM"]))


# ---------------------------------------------------------------- build and oracle

def test_beibu_gulf_is_split_by_the_treaty_line(tonkin: AgreedBoundary, oracles) -> None:
    from geo.build.agreed import split_area

    b = decided(oracles[0], "CHN-VNM-2000")
    assert b.left is True  # walking south from the Beilun estuary, China is to the east
    side_chn, side_vnm = split_area(b)
    area = tonkin.area_polygon()
    assert shapely.union(side_chn, side_vnm).symmetric_difference(area).area < 1e-6
    assert side_chn.contains(shapely.Point(109.0, 20.0))     # off Hainan's west coast
    assert side_vnm.contains(shapely.Point(107.0, 20.0))     # off the Red River delta


def test_construction_edges_do_not_change_any_owner(tonkin: AgreedBoundary, oracles) -> None:
    """Along every area edge except the closing line (Art. I), water 2 km inside and
    outside the area has the same owner with and without the treaty: the construction
    points only close the area over land, they decide nothing. (Within 15 km of Art. II
    point 1, the land boundary's end in the Beilun estuary, the treaty line itself
    decides: Natural Earth 10m ends the land border west of Mong Cai, labelling the
    Vietnamese banks of the estuary Chinese, so the median line starts in the wrong
    place there and the treaty corrects it.)"""
    with_treaty, median_only = oracles
    n_ring = len(tonkin.area)
    # every edge but n_ring -> 1, the closing line
    lon, lat = beside_edges(tonkin.area, [(k, k + 1) for k in range(n_ring - 1)])
    p1 = tonkin.line[0]
    far = GEOD.inv(lon, lat, np.full(lon.size, p1[0]), np.full(lon.size, p1[1]))[2] > 15_000.0
    lon, lat = lon[far], lat[far]
    a, b = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    water = ~a.on_land
    assert water.sum() > 50
    assert (a.label[water] == b.label[water]).all()


def test_treaty_line_changes_answers_and_zones_follow_it(oracles, shipped_zones) -> None:
    """The treaty line is not the median line: thousands of km2 change hands, and the
    shipped polygons give the treaty's answer there."""
    with_treaty, median_only = oracles
    lon, lat = random_points(20_000)
    a, b = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    moved = (a.label != b.label) & (a.label != "") & (b.label != "")
    assert moved.sum() > 100
    assert set(a.label[moved].tolist()) == {"CHN", "VNM"}
    zones = shipped_zones.for_perspective("administering").zones
    eez = zones[zones["kind"] == "eez"]
    pts = shapely.points(np.column_stack([lon[moved], lat[moved]]))
    pi, gi = shapely.STRtree(eez.geometry.values).query(pts, predicate="intersects")
    got = np.full(moved.sum(), "", dtype=object)
    got[pi] = eez["label"].to_numpy()[gi]
    assert (got == a.label[moved]).mean() > 0.999


@pytest.mark.slow
def test_shipped_zones_agree_with_the_oracle_in_the_gulf(oracles, shipped_zones) -> None:
    """>= 99.9 % of 10,000 random points of the gulf agree; each miss is within 1 km of a
    zone boundary (the same proof as for the theatre, where the treaty applies)."""
    from tests.test_zone_build import check_near_boundary, polygon_answer

    zones = shipped_zones.for_perspective("administering").zones
    lon, lat = random_points(10_000, seed=11)
    ans = oracles[0].classify(lon, lat)
    lab, kind = polygon_answer(zones, lon, lat)
    agree = (lab == ans.label) & (kind == ans.kind)
    assert agree.mean() >= 0.999, agree.mean()
    check_near_boundary(zones, lon[~agree], lat[~agree], 1000.0)
    assert {"CHN", "VNM"} <= set(lab.tolist()) and {1, 2, 3} <= set(kind.tolist())


def test_where_reports_agreed_status_near_the_line() -> None:
    """A point 5 km west of Art. II point 15 is Viet Nam's EEZ, limit fixed by treaty."""
    from geo.zones import where

    b = shipped("CHN-VNM-2000")
    x, y = destination(b.line[14, 0], b.line[14, 1], 270.0, 5000.0)
    ans = where(float(x), float(y))
    eez = ans.zone("eez")
    assert eez is not None and (eez.state, eez.status) == ("VNM", "agreed")
    x, y = destination(b.line[14, 0], b.line[14, 1], 90.0, 5000.0)
    eez = where(float(x), float(y)).zone("eez")
    assert eez is not None and (eez.state, eez.status) == ("CHN", "agreed")


# ---------------------------------------------------------------- Japan-Korea (1974)

#: Art. I(1) of the 1974 Japan-Korea northern continental shelf agreement as printed in
#: the English text (MOFA treaty page A-S53-607; points 3-35 as listed by the French
#: Wikipedia article, see SOURCES.md): "POINT k  lat N  lon E", degrees and decimal minutes.
JPN_KOR_1974_TEXT = """
POINT 1 32゚57.0' N 127゚41.1' E    POINT 2 32゚57.5' N 127゚41.9' E
POINT 3 33゚01.3' N 127゚44.0' E    POINT 4 33゚08.7' N 127゚48.3' E
POINT 5 33゚13.7' N 127゚51.6' E    POINT 6 33゚16.2' N 127゚52.3' E
POINT 7 33゚45.1' N 128゚21.7' E    POINT 8 33゚47.4' N 128゚25.5' E
POINT 9 33゚50.4' N 128゚26.1' E    POINT 10 34゚08.2' N 128゚41.3' E
POINT 11 34゚13.0' N 128゚47.6' E   POINT 12 34゚18.0' N 128゚52.8' E
POINT 13 34゚18.5' N 128゚53.3' E   POINT 14 34゚24.5' N 128゚57.3' E
POINT 15 34゚27.6' N 128゚59.4' E   POINT 16 34゚29.2' N 129゚00.2' E
POINT 17 34゚32.1' N 129゚00.8' E   POINT 18 34゚32.6' N 129゚00.8' E
POINT 19 34゚40.3' N 129゚03.1' E   POINT 20 34゚49.7' N 129゚12.1' E
POINT 21 34゚50.6' N 129゚13.0' E   POINT 22 34゚52.4' N 129゚15.8' E
POINT 23 34゚54.3' N 129゚18.4' E   POINT 24 34゚57.0' N 129゚21.7' E
POINT 25 34゚57.6' N 129゚22.6' E   POINT 26 34゚58.6' N 129゚25.3' E
POINT 27 35゚01.2' N 129゚32.9' E   POINT 28 35゚04.1' N 129゚40.7' E
POINT 29 35゚06.8' N 130゚07.5' E   POINT 30 35゚07.0' N 130゚16.4' E
POINT 31 35゚18.2' N 130゚23.3' E   POINT 32 35゚33.7' N 130゚34.1' E
POINT 33 35゚42.3' N 130゚42.7' E   POINT 34 36゚03.8' N 131゚08.3' E
POINT 35 36゚10.0' N 131゚15.9' E
"""


def published_points(text: str) -> dict[int, tuple[float, float]]:
    """``{point number: (lon, lat)}`` from "POINT k dd゚mm.m' N ddd゚mm.m' E" entries."""
    import re

    pat = re.compile(r"POINT\s+(\d+)\s+(\d+)゚(\d+\.\d)'\s*N\s+(\d+)゚(\d+\.\d)'\s*E")
    out = {}
    for k, la, lam, lo, lom in pat.findall(text):
        out[int(k)] = (int(lo) + float(lom) / 60.0, int(la) + float(lam) / 60.0)
    return out


@pytest.fixture(scope="module")
def korea_strait() -> AgreedBoundary:
    return shipped("JPN-KOR-1974")


def test_japan_korea_turning_points_are_the_treaty_text(korea_strait: AgreedBoundary) -> None:
    pub = published_points(JPN_KOR_1974_TEXT)
    assert sorted(pub) == list(range(1, 36))
    assert korea_strait.labels == ("JPN", "KOR") and korea_strait.line.shape == (35, 2)
    np.testing.assert_allclose(korea_strait.line, np.array([pub[k] for k in range(1, 36)]),
                               atol=1e-7)
    # the line runs from south-west (off Jeju) to north-east (off Oki), every point inside
    # the area, the two ends on its ring
    assert np.all(np.diff(korea_strait.line[:, 1]) >= 0)
    area = korea_strait.area_polygon()
    assert area.is_valid
    assert all(area.covers(shapely.Point(p)) for p in korea_strait.line)
    ring = shapely.LinearRing(korea_strait.area)
    assert ring.distance(shapely.Point(korea_strait.line[0])) < 1e-9
    assert ring.distance(shapely.Point(korea_strait.line[-1])) < 1e-9


def bisector_offsets(line: np.ndarray, k: int, off_m: float) -> tuple[tuple, tuple]:
    """Points ``off_m`` metres left and right of turning point ``k`` (0-based), along the
    bisector of the turn there (perpendicular to the end segment at an end)."""
    x, y = line[k]
    azs = []
    if k > 0:
        azs.append(GEOD.inv(line[k - 1, 0], line[k - 1, 1], x, y)[1] + 180.0)
    if k < len(line) - 1:
        azs.append(GEOD.inv(x, y, line[k + 1, 0], line[k + 1, 1])[0])
    heading = np.degrees(np.angle(np.mean(np.exp(1j * np.radians(azs)))))
    left = destination(x, y, heading - 90.0, off_m)
    right = destination(x, y, heading + 90.0, off_m)
    return (float(left[0]), float(left[1])), (float(right[0]), float(right[1]))


@pytest.mark.parametrize("k", range(35))
def test_japan_korea_sides_from_the_coast(k: int, korea_strait: AgreedBoundary,
                                          oracles) -> None:
    """2 km west of each turning point is Korea's side, 2 km east Japan's, by the reader's
    side rule with the side of ``JPN`` decided from the shipped coast."""
    oracle = oracles[0]
    (b,) = decide_sides([korea_strait], oracle.xy, oracle.labels)
    assert b.left is False  # walking north-east from point 1, Korea lies to the left
    (lx, ly), (rx, ry) = bisector_offsets(b.line, k, 2000.0)
    side = side_of_line(b.line, [lx, rx], [ly, ry])
    owner = np.where((side > 0) == b.left, b.label_a, b.label_b)
    assert owner.tolist() == ["KOR", "JPN"]
    # and the left point is the west one
    assert lx < rx


def test_japan_korea_oracle_answers_the_treaty_side(oracles) -> None:
    """The shipped oracle applies the 1974 line pointwise: water 5 km west of turning
    points 2-34 is Korea's, 5 km east Japan's (points whose nearest coast is a third
    label keep it; none here), in territorial sea, contiguous zone or EEZ."""
    with_treaty, median_only = oracles
    b = decided(with_treaty, "JPN-KOR-1974")
    west, east = zip(*(bisector_offsets(b.line, k, 5000.0) for k in range(1, 34)), strict=True)
    for pts, party in ((west, "KOR"), (east, "JPN")):
        lon, lat = np.array(pts).T
        ans = with_treaty.classify(lon, lat)
        assert not ans.on_land.any()
        assert (ans.label == party).all(), (party, ans.label)
        assert (ans.kind > 0).all()
        assert set(median_only.classify(lon, lat).label.tolist()) <= {"JPN", "KOR"}


def test_japan_korea_line_moves_some_water_and_only_between_the_parties(oracles) -> None:
    """Between Jeju and Oki the line departs from the shipped median line by up to a few
    km: some water changes hands, only between Japan and Korea, and only inside the area."""
    with_treaty, median_only = oracles
    b = decided(with_treaty, "JPN-KOR-1974")
    lon, lat = random_points(40_000, box=(127.5, 32.5, 132.0, 36.5), seed=1)
    a, m = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    moved = (a.label != m.label) & (a.label != "") & (m.label != "")
    assert moved.sum() > 10
    assert set(a.label[moved].tolist()) | set(m.label[moved].tolist()) == {"JPN", "KOR"}
    assert shapely.contains_xy(b.area_polygon(), lon[moved], lat[moved]).all()
    # the treaty line is a near-median line: no moved point is far from the median line
    assert np.abs(m.margin_m[moved]).max() < 10_000.0


def test_japan_korea_land_edges_change_no_owner(korea_strait: AgreedBoundary, oracles) -> None:
    """Along the ring edges between two construction points (over land, or across the
    Jeju Strait, Goto-nada and the Kanmon Strait, waters of one party on its own side of
    the line), water 2 km inside and outside the area has the same owner with and
    without the treaty."""
    import csv

    with_treaty, median_only = oracles
    with open(data_path(AGREED_BOUNDARIES_FILE), newline="", encoding="utf-8") as f:
        rows = sorted((int(r["seq"]), r["source"].startswith("construction point"))
                      for r in csv.DictReader(f)
                      if r["boundary_id"] == "JPN-KOR-1974" and r["role"] == "area")
    built = [c for _, c in rows]
    ring = korea_strait.area
    edges = [(k, (k + 1) % len(ring)) for k in range(len(ring))]
    lon, lat = beside_edges(ring, [(k, j) for k, j in edges if built[k] and built[j]])
    a, m = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    water = ~a.on_land
    assert water.sum() > 50
    assert (a.label[water] == m.label[water]).all()
