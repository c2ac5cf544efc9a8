"""Agreed (treaty) boundaries: the table, the side rule, the build and the shipped zones.

The shipped table holds the China-Viet Nam Beibu Gulf / Bac Bo Gulf boundary (2000). The
oracle decides sides pointwise on the sphere; the build splits polygons; both must agree
on the shipped zones, and the treaty line must actually change answers there.
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
    owner_by_agreement,
    read_agreed_boundaries,
    side_of_line,
)
from geo.zones.schema import AGREED_BOUNDARIES_FILE

#: The Gulf of Tonkin and its mouth (lon/lat box) for the pointwise checks.
GULF = (105.5, 16.5, 110.5, 22.0)


@pytest.fixture(scope="module")
def tonkin() -> AgreedBoundary:
    (b,) = read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE))
    return b


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


def test_every_row_cites_its_source() -> None:
    import csv

    with open(data_path(AGREED_BOUNDARIES_FILE), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["source"].strip() and r["treaty"].strip() for r in rows)
    points = [r for r in rows if r["role"] == "turning_point"]
    assert all(r["source"].startswith(f"Art. II point {r['seq']}:") for r in points)
    # area vertices are either treaty points or declared construction points on land
    for r in rows:
        if r["role"] == "area":
            assert r["source"].startswith(("Art. I", "Art. II", "construction point")), r


def test_construction_points_lie_on_land(tonkin: AgreedBoundary, oracles) -> None:
    import csv

    with open(data_path(AGREED_BOUNDARIES_FILE), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["source"].startswith("construction point")]
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    assert len(rows) >= 3 and oracles[0].on_land(lon, lat).all()


def test_bad_rows_are_all_reported(tmp_path) -> None:
    head = ",".join(AGREED_COLUMNS)
    bad = tmp_path / "agreed.csv"
    bad.write_text(head + "\n"
                   "X,CHN,VNM,turning_point,1,190,21,T,S\n"      # lon out of range
                   "X,CHN,VNM,corner,2,108,21,T,S\n"             # unknown role
                   "X,CHN,VNM,turning_point,x,108,21,T,S\n"      # seq not a number
                   "X,CHN,VNM,area,1,108,21,,S\n",               # empty treaty
                   encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_agreed_boundaries(bad)
    text = str(err.value)
    for expect in ("row 1: lon/lat: outside WGS84 range", "row 2: role:", "row 3: seq:",
                   "row 4: treaty: empty"):
        assert expect in text, text
    wrong = tmp_path / "header.csv"
    wrong.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="expected columns"):
        read_agreed_boundaries(wrong)


def test_too_few_points_and_crossed_ring_are_reported(tmp_path) -> None:
    rows = ["Y,A,B,turning_point,1,140,30,T,S",
            "Y,A,B,area,1,139,29,T,S", "Y,A,B,area,2,141,31,T,S",
            "Y,A,B,area,3,141,29,T,S", "Y,A,B,area,4,139,31,T,S"]
    path = tmp_path / "agreed.csv"
    path.write_text(",".join(AGREED_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_agreed_boundaries(path)
    assert "needs at least 2 turning_point rows" in str(err.value)
    assert "the area ring crosses itself" in str(err.value)


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

    b = oracles[0].boundaries[0]
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
    lon, lat = [], []
    for k in range(n_ring - 1):  # edge n_ring -> 1 is the closing line
        (x0, y0), (x1, y1) = tonkin.area[k], tonkin.area[k + 1]
        n = max(2, int(GEOD.inv(x0, y0, x1, y1)[2] / 1000))
        pts = np.array(GEOD.npts(x0, y0, x1, y1, n))
        az = GEOD.inv(x0, y0, x1, y1)[0]
        for side in (-90.0, 90.0):
            q = destination(pts[:, 0], pts[:, 1], np.full(len(pts), az + side), 2000.0)
            lon.append(q[0])
            lat.append(q[1])
    lon, lat = np.concatenate(lon), np.concatenate(lat)
    p1 = tonkin.line[0]
    far = GEOD.inv(lon, lat, np.full(lon.size, p1[0]), np.full(lon.size, p1[1]))[2] > 15_000.0
    lon, lat = lon[far], lat[far]
    a, b = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    water = ~a.on_land
    assert water.sum() > 50
    assert (a.label[water] == b.label[water]).all()


def test_treaty_line_changes_answers_and_zones_follow_it(oracles, shipped_zone_frame) -> None:
    """The treaty line is not the median line: thousands of km2 change hands, and the
    shipped polygons give the treaty's answer there."""
    with_treaty, median_only = oracles
    lon, lat = random_points(20_000)
    a, b = with_treaty.classify(lon, lat), median_only.classify(lon, lat)
    moved = (a.label != b.label) & (a.label != "") & (b.label != "")
    assert moved.sum() > 100
    assert set(a.label[moved].tolist()) == {"CHN", "VNM"}
    zones = shipped_zone_frame
    eez = zones[zones["kind"] == "eez"]
    pts = shapely.points(np.column_stack([lon[moved], lat[moved]]))
    pi, gi = shapely.STRtree(eez.geometry.values).query(pts, predicate="intersects")
    got = np.full(moved.sum(), "", dtype=object)
    got[pi] = eez["label"].to_numpy()[gi]
    assert (got == a.label[moved]).mean() > 0.999


@pytest.mark.slow
def test_shipped_zones_agree_with_the_oracle_in_the_gulf(oracles, shipped_zone_frame) -> None:
    """>= 99.9 % of 10,000 random points of the gulf agree; each miss is within 1 km of a
    zone boundary (the same proof as for the theatre, where the treaty applies)."""
    from tests.test_zone_build import check_near_boundary, polygon_answer

    zones = shipped_zone_frame
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

    (b,) = read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE))
    x, y = destination(b.line[14, 0], b.line[14, 1], 270.0, 5000.0)
    ans = where(float(x), float(y))
    eez = ans.zone("eez")
    assert eez is not None and (eez.state, eez.status) == ("VNM", "agreed")
    x, y = destination(b.line[14, 0], b.line[14, 1], 90.0, 5000.0)
    eez = where(float(x), float(y)).zone("eez")
    assert eez is not None and (eez.state, eez.status) == ("CHN", "agreed")
