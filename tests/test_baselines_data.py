"""The published straight baselines table (data/baselines.csv).

One row per turning point, as the instrument publishes it. The table is data only for now:
the zone build does not read it yet (issue 10). These checks run on the shipped file: the
header, every coordinate against its published text, the order of each segment, a citation
per row, that every turning point lies on or next to the shipped GSHHG land, and that no
straight line between consecutive points is implausibly long.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo._paths import data_path
from geo.land import in_coast_frame

BASELINES_FILE = "baselines.csv"
HEADER = [
    "state",
    "instrument",
    "date",
    "segment",
    "kind",
    "seq",
    "point",
    "lat",
    "lon",
    "coord_text",
    "source",
]

#: A turning point must lie within this distance of a GSHHG land vertex.
MAX_LAND_DISTANCE_M = 10_000.0
#: No straight line between consecutive points of a segment may be longer than this.
MAX_LEG_M = 200 * 1852.0
#: Turning points on features that GSHHG (and so data/land.parquet) does not draw: drying
#: sandbanks, reefs and rocks too small for it. Keyed by (segment, number of the point in the
#: instrument). These must lie within MAX_OFF_GSHHG_M of land and must really be off GSHHG
#: (more than MAX_LAND_DISTANCE_M from it), so that the list cannot silently grow stale.
OFF_GSHHG: dict[tuple[str, int], str] = {
    ("CHN-1996-mainland", 8): "Dashandao 达山岛, islet off Lianyungang not in GSHHG",
    ("CHN-1996-mainland", 9): "Macaiheng 麻菜珩, sandbank of the Jiangsu radial sand ridges",
    ("CHN-1996-mainland", 10): "Waikejiao 外磕脚, sandbank of the Jiangsu radial sand ridges",
    ("CHN-1996-mainland", 12): "Haijiao 海礁, rock east of the Zhoushan islands",
    ("CHN-1996-mainland", 13): "Dongnanjiao 东南礁, rock next to Haijiao",
    ("CHN-1996-mainland", 24): "Daganshan, islet off the Guangdong-Fujian coast not in GSHHG",
    **{("CHN-1996-xisha", n): "浪花岛/礁 (Bombay Reef), reef not in GSHHG" for n in range(4, 8)},
    **{("CHN-1996-xisha", n): "北礁 (North Reef), reef not in GSHHG" for n in range(15, 23)},
    ("CHN-2024-beibu", 6): "白须公礁 (Baixugong Jiao), reef in the northern Beibu Gulf",
    ("KOR-1978-south-west", 8): "간여암 (Ganyeoam), rock south of Yeosu not in GSHHG",
}
MAX_OFF_GSHHG_M = 70_000.0
#: Open runs that do not start at the instrument's point 1: the Korean Table 1 numbers its
#: 23 points through, and the table splits them into three lines (1-2 Yongil Bay, 3-4 Ulsan
#: Bay, 5-23 Korea Strait to the west coast; see data/SOURCES.md), so the later lines start at
#: point 3 and point 5. Every other open run starts at point 1.
FIRST_POINT: dict[str, int] = {"KOR-1978-ulsanman": 3, "KOR-1978-south-west": 5}
#: Look for land vertices within this many degrees of a point (> 70 km everywhere in the frame).
SEARCH_DEG = 1.0


@dataclass(frozen=True)
class FarFeature:
    """An isolated feature whose whole baseline segment lies far from any GSHHG land.

    Such a segment cannot be checked against GSHHG (and must not widen MAX_OFF_GSHHG_M for
    every other point); instead each of its points must lie within ``radius_m`` of the
    feature's own cited position (WGS84 degrees), and that position must really be far from
    GSHHG land: between ``min_land_m`` and ``max_land_m``, bracketing the published distance
    to the nearest land (so the entry cannot silently go stale, e.g. if the shoal appears in a
    later GSHHG).
    """

    name: str
    lat: float
    lon: float
    position_source: str
    radius_m: float
    min_land_m: float
    max_land_m: float


#: Whole segments on isolated features, keyed by segment.
FAR_FROM_GSHHG: dict[str, FarFeature] = {
    "CHN-2024-huangyan": FarFeature(
        name="Scarborough Shoal (Huangyan Dao 黄岩岛), atoll with drying rocks only; not in GSHHG",
        # 15°11'N 117°46'E: English Wikipedia 'Scarborough Shoal' as mirrored by
        # http://piglix.com/piglix/Scarborough_Shoal (perimeter 46 km, so every point of the reef
        # rim is within ~10 km of its centre).
        lat=15 + 11 / 60,
        lon=117 + 46 / 60,
        position_source="http://piglix.com/piglix/Scarborough_Shoal",
        radius_m=20_000.0,
        # 'The closest land mass to Scarborough Shoal is Palauig, Zambales province, at 220
        # kilometers' (Inquirer Research after NAMRIA, https://newsinfo.inquirer.net/16676/in-the-know-6/amp).
        min_land_m=200_000.0,
        max_land_m=240_000.0,
    ),
}
#: Search box (degrees) for the nearest GSHHG land of a FAR_FROM_GSHHG feature.
FAR_SEARCH_DEG = 4.0

GEOD = Geod(ellps="WGS84")

_COORD = re.compile(
    r"""(?P<d>\d{1,3})°\s*(?P<m>\d{1,2}(?:\.\d+)?)'\s*(?:(?P<s>\d{1,2}(?:\.\d+)?)")?\s*(?P<h>[NSEW])"""
)


def parse_coord_text(text: str) -> tuple[float, float]:
    """(lat, lon) from degree-minute(-second) text such as ``25°55.8'N 123°40.7'E``."""
    parts = list(_COORD.finditer(text))
    if len(parts) != 2 or _COORD.sub("", text).strip():
        raise ValueError(f"not a lat/lon pair: {text!r}")
    values: dict[str, float] = {}
    for p in parts:
        minutes = float(p["m"])
        seconds = float(p["s"]) if p["s"] else 0.0
        if minutes >= 60 or seconds >= 60:
            raise ValueError(f"minutes or seconds out of range: {text!r}")
        v = int(p["d"]) + minutes / 60 + seconds / 3600
        axis = "lat" if p["h"] in "NS" else "lon"
        if axis in values:
            raise ValueError(f"two {axis} values: {text!r}")
        values[axis] = -v if p["h"] in "SW" else v
    return values["lat"], values["lon"]


def test_parser_reads_the_published_forms():
    assert parse_coord_text("25°55.8'N 123°40.7'E") == pytest.approx((25 + 55.8 / 60, 123 + 40.7 / 60))
    assert parse_coord_text("21°28'12.5\"N 108°06'04.3\"E") == pytest.approx(
        (21 + 28 / 60 + 12.5 / 3600, 108 + 6 / 60 + 4.3 / 3600)
    )
    assert parse_coord_text("10°30.0'S 70°15.0'W") == pytest.approx((-10.5, -70.25))
    for bad in ("25°55.8'N", "25°61.0'N 123°40.7'E", "25°55.8'N 123°40.7'N", "25.93 123.68"):
        with pytest.raises(ValueError):
            parse_coord_text(bad)


@pytest.fixture(scope="module")
def raw() -> tuple[list[str], list[dict[str, str]]]:
    with open(data_path(BASELINES_FILE), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def rows(raw) -> list[dict[str, str]]:
    return raw[1]


@pytest.fixture(scope="module")
def segments(rows) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        out[r["segment"]].append(r)
    return {k: sorted(v, key=lambda r: int(r["seq"])) for k, v in out.items()}


def test_header_is_exact(raw):
    assert raw[0] == HEADER


def test_table_holds_the_sourced_segments(segments):
    # What is in the table today; see data/SOURCES.md for what is not (and why).
    assert {k: len(v) for k, v in segments.items()} == {
        "CHN-1996-mainland": 26,
        "CHN-1996-xisha": 25,
        "CHN-2012-diaoyu": 13,
        "CHN-2012-chiwei": 6,
        "CHN-2024-beibu": 7,
        "KOR-1978-yongilman": 2,
        "KOR-1978-ulsanman": 2,
        "KOR-1978-south-west": 19,
        "VNM-1982-mainland": 11,
        "PHL-2009-archipelagic": 16,
        "CHN-2024-huangyan": 16,
        "JPN-1977-seto_kii": 2,
        "JPN-1977-seto_hoyo": 2,
        "JPN-1977-seto_kanmon": 2,
    }


def test_every_row_is_complete_and_cited(rows):
    assert rows
    for r in rows:
        for col in HEADER:
            assert r[col] is not None and r[col].strip() == r[col] and r[col], (col, r)
        assert re.fullmatch(r"[A-Z]{3}", r["state"]), r
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]), r
        assert r["kind"] in ("straight", "archipelagic", "closing"), r
        assert r["segment"].startswith(f"{r['state']}-{r['date'][:4]}-"), r
        assert "http" in r["source"] and len(r["source"]) > 40, r


def test_coordinates_are_finite_in_range_and_match_the_published_text(rows):
    for r in rows:
        lat, lon = float(r["lat"]), float(r["lon"])
        assert math.isfinite(lat) and math.isfinite(lon), r
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r
        plat, plon = parse_coord_text(r["coord_text"])
        assert abs(plat - lat) < 1e-6 and abs(plon - lon) < 1e-6, (r["segment"], r["seq"], r["coord_text"])


def test_seq_runs_one_to_n_and_metadata_is_constant_per_segment(segments):
    for seg, pts in segments.items():
        assert [int(r["seq"]) for r in pts] == list(range(1, len(pts) + 1)), seg
        assert len(pts) >= 2, seg
        for col in ("state", "instrument", "date", "kind"):
            assert len({r[col] for r in pts}) == 1, (seg, col)


#: Segments the instrument closes by listing point 1 again at the end.
CLOSED_SEGMENTS = {"CHN-2012-diaoyu", "CHN-2012-chiwei", "CHN-2024-huangyan"}


def test_point_numbers_follow_the_instrument(segments):
    # Each point is named with the instrument's own number; the 1996 segments are open runs
    # from point 1 (or from FIRST_POINT), the 2012 lines are closed rings that repeat point 1,
    # as the Statement does.
    # from point 1 (still incomplete, see data/SOURCES.md), the 2012 and Huangyan Dao lines are
    # closed rings that repeat point 1, as the Statements do.
    assert CLOSED_SEGMENTS <= set(segments)
    for seg, pts in segments.items():
        numbers = [int(r["point"].split(".", 1)[0]) for r in pts]
        if seg in CLOSED_SEGMENTS:
            assert numbers == [*range(1, len(pts)), 1], seg
            assert (pts[0]["lat"], pts[0]["lon"], pts[0]["point"]) == (
                pts[-1]["lat"],
                pts[-1]["lon"],
                pts[-1]["point"],
            )
        else:
            first = FIRST_POINT.get(seg, 1)
            assert numbers == list(range(first, first + len(pts))), seg


def test_no_duplicate_consecutive_points(segments):
    for seg, pts in segments.items():
        for a, b in zip(pts, pts[1:]):
            assert (a["lat"], a["lon"]) != (b["lat"], b["lon"]), (seg, a["seq"])


@pytest.fixture(scope="module")
def land_vertices() -> np.ndarray:
    import geopandas as gpd

    land = gpd.read_parquet(data_path("land.parquet"))
    # GSHHG's own shoreline: the small circles the build adds for features GSHHG lacks
    # (features.csv, e.g. Scarborough's South Rock) are not GSHHG
    if "assigned_by" in land.columns:
        land = land[land["assigned_by"] != "features.csv"]
    coords = shapely.get_coordinates(land.geometry.boundary.values)
    return coords  # (n, 2) lon, lat


def _nearest_land_m(lat: float, lon: float, vertices: np.ndarray, search_deg: float = SEARCH_DEG) -> float:
    """Geodesic distance (m) to the nearest land vertex within ``search_deg`` degrees; inf if none."""
    near = vertices[(np.abs(vertices[:, 0] - lon) < search_deg) & (np.abs(vertices[:, 1] - lat) < search_deg)]
    if not len(near):
        return math.inf
    _, _, dist = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), near[:, 0], near[:, 1])
    return float(np.min(dist))


def test_every_turning_point_is_near_shipped_land(rows, land_vertices):
    # data/land.parquet draws GSHHG land only inside the coast frame (geo.land.in_coast_frame,
    # 100 E - 160 W, 11.5 N - 66 N): a turning point outside it (Viet Nam south of 11.5 N) has
    # no shipped land to be checked against, so it is skipped and may not be in OFF_GSHHG.
    worst = (0.0, "")
    worst_off = (0.0, "")
    outside = []
    for r in rows:
        if r["segment"] in FAR_FROM_GSHHG:
            continue  # checked against the feature's own position below
        key = (r["segment"], int(r["point"].split(".", 1)[0]))
        where = f"{r['segment']} {r['point']}"
        if not in_coast_frame(np.array([float(r["lon"])]), np.array([float(r["lat"])]))[0]:
            assert key not in OFF_GSHHG, (where, "outside the shipped land frame")
            outside.append(where)
            continue
        d = _nearest_land_m(float(r["lat"]), float(r["lon"]), land_vertices)
        if key in OFF_GSHHG:
            assert MAX_LAND_DISTANCE_M < d <= MAX_OFF_GSHHG_M, (where, OFF_GSHHG[key], round(d))
            worst_off = max(worst_off, (d, where))
        else:
            assert d <= MAX_LAND_DISTANCE_M, (where, round(d))
            worst = max(worst, (d, where))
    print(f"worst distance to a GSHHG land vertex: {worst[0]:.0f} m ({worst[1]})")
    print(f"worst for a feature GSHHG does not draw: {worst_off[0]:.0f} m ({worst_off[1]})")
    print(f"outside the shipped land frame, not checked: {len(outside)} ({', '.join(outside)})")


def test_the_off_gshhg_list_names_real_rows(rows):
    keys = {(r["segment"], int(r["point"].split(".", 1)[0])) for r in rows}
    assert set(OFF_GSHHG) <= keys
    assert set(FAR_FROM_GSHHG) <= {r["segment"] for r in rows}
    assert not {seg for seg, _ in OFF_GSHHG} & set(FAR_FROM_GSHHG)


def test_far_features_hold_their_points_and_are_really_far_from_gshhg(segments, land_vertices):
    for seg, feat in FAR_FROM_GSHHG.items():
        land = _nearest_land_m(feat.lat, feat.lon, land_vertices, search_deg=FAR_SEARCH_DEG)
        assert land > MAX_OFF_GSHHG_M, (seg, "close enough to GSHHG for OFF_GSHHG", round(land))
        assert feat.min_land_m <= land <= feat.max_land_m, (seg, feat.name, round(land))
        for r in segments[seg]:
            _, _, d = GEOD.inv(feat.lon, feat.lat, float(r["lon"]), float(r["lat"]))
            assert d <= feat.radius_m, (seg, r["point"], feat.name, round(d))
            # and no GSHHG land near the point itself either
            near = _nearest_land_m(float(r["lat"]), float(r["lon"]), land_vertices)
            assert near > MAX_OFF_GSHHG_M, (seg, r["point"], round(near))
        print(f"{seg}: {feat.name}: nearest GSHHG land {land / 1000:.1f} km")


def test_no_leg_is_longer_than_200_nm(segments):
    longest = (0.0, None)
    for seg, pts in segments.items():
        for a, b in zip(pts, pts[1:]):
            _, _, d = GEOD.inv(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
            assert d <= MAX_LEG_M, (seg, a["point"], b["point"], round(d / 1852, 1))
            if d > longest[0]:
                longest = (d, f"{seg} {a['point']} -> {b['point']}")
    print(f"longest leg: {longest[0] / 1852:.1f} nm ({longest[1]})")
