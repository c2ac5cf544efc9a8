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

import numpy as np
import pytest
import shapely
from pyproj import Geod

from geo._paths import data_path

BASELINES_FILE = "baselines.csv"
HEADER = ["state", "instrument", "date", "segment", "kind", "seq", "point", "lat", "lon", "coord_text", "source"]

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
}
MAX_OFF_GSHHG_M = 70_000.0
#: Look for land vertices within this many degrees of a point (> 70 km everywhere in the frame).
SEARCH_DEG = 1.0

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
        "CHN-1996-xisha": 23,
        "CHN-2012-diaoyu": 13,
        "CHN-2012-chiwei": 6,
        "CHN-2024-beibu": 7,
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


def test_point_numbers_follow_the_instrument(segments):
    # Each point is named with the instrument's own number; the 1996 segments are open runs
    # from point 1, the 2012 lines are closed rings that repeat point 1, as the Statement does.
    for seg, pts in segments.items():
        numbers = [int(r["point"].split(".", 1)[0]) for r in pts]
        if seg.startswith("CHN-2012-"):
            assert numbers == [*range(1, len(pts)), 1], seg
            assert (pts[0]["lat"], pts[0]["lon"], pts[0]["point"]) == (
                pts[-1]["lat"],
                pts[-1]["lon"],
                pts[-1]["point"],
            )
        else:
            assert numbers == list(range(1, len(pts) + 1)), seg


def test_no_duplicate_consecutive_points(segments):
    for seg, pts in segments.items():
        for a, b in zip(pts, pts[1:]):
            assert (a["lat"], a["lon"]) != (b["lat"], b["lon"]), (seg, a["seq"])


@pytest.fixture(scope="module")
def land_vertices() -> np.ndarray:
    import geopandas as gpd

    land = gpd.read_parquet(data_path("land.parquet"))
    coords = shapely.get_coordinates(land.geometry.boundary.values)
    return coords  # (n, 2) lon, lat


def _nearest_land_m(lat: float, lon: float, vertices: np.ndarray) -> float:
    near = vertices[(np.abs(vertices[:, 0] - lon) < SEARCH_DEG) & (np.abs(vertices[:, 1] - lat) < SEARCH_DEG)]
    if not len(near):
        return math.inf
    _, _, dist = GEOD.inv(np.full(len(near), lon), np.full(len(near), lat), near[:, 0], near[:, 1])
    return float(np.min(dist))


def test_every_turning_point_is_near_shipped_land(rows, land_vertices):
    worst = (0.0, "")
    worst_off = (0.0, "")
    for r in rows:
        key = (r["segment"], int(r["point"].split(".", 1)[0]))
        d = _nearest_land_m(float(r["lat"]), float(r["lon"]), land_vertices)
        where = f"{r['segment']} {r['point']}"
        if key in OFF_GSHHG:
            assert MAX_LAND_DISTANCE_M < d <= MAX_OFF_GSHHG_M, (where, OFF_GSHHG[key], round(d))
            worst_off = max(worst_off, (d, where))
        else:
            assert d <= MAX_LAND_DISTANCE_M, (where, round(d))
            worst = max(worst, (d, where))
    print(f"worst distance to a GSHHG land vertex: {worst[0]:.0f} m ({worst[1]})")
    print(f"worst for a feature GSHHG does not draw: {worst_off[0]:.0f} m ({worst_off[1]})")


def test_the_off_gshhg_list_names_real_rows(rows):
    keys = {(r["segment"], int(r["point"].split(".", 1)[0])) for r in rows}
    assert set(OFF_GSHHG) <= keys


def test_no_leg_is_longer_than_200_nm(segments):
    longest = (0.0, None)
    for seg, pts in segments.items():
        for a, b in zip(pts, pts[1:]):
            _, _, d = GEOD.inv(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
            assert d <= MAX_LEG_M, (seg, a["point"], b["point"], round(d / 1852, 1))
            if d > longest[0]:
                longest = (d, f"{seg} {a['point']} -> {b['point']}")
    print(f"longest leg: {longest[0] / 1852:.1f} nm ({longest[1]})")
