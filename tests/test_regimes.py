"""Joint and provisional regimes (``data/joint_regimes.csv``, :mod:`geo.zones.regimes`).

The shipped table holds the China-ROK Provisional Measures Zone (2000 agreement, Art. 7)
and its two transitional zones (Art. 8, 2001-2005), the Japan-Taiwan 2013 fisheries
arrangement's application area and special cooperation area (Art. 2), the Japan-China
Provisional Measures Zone (1997 agreement, Art. 7) and the China-Viet Nam Beibu Gulf
common fishing zone (2000 agreement, Art. 3). Points are checked against the published vertices, the
validity windows against the instruments' dates, and malformed tables against the row
errors they must produce.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo._paths import data_path
from geo.errors import DataValidationError, InvalidCoordinateError, InvalidOptionError
from geo.geodesy import GEOD
from geo.zones.regimes import (
    JOINT_REGIMES_FILE,
    KINDS,
    REGIME_COLUMNS,
    STEP_M,
    Regime,
    parse_coord_text,
    read_regimes,
    regimes_at,
)

PMZ = "CHN-KOR-2000-PMZ"
TW_AREA = "JPN-TWN-2013-AREA"
TW_SCA = "JPN-TWN-2013-SCA"
JC_PMZ = "JPN-CHN-1997-PMZ"
TZ_CHN = "CHN-KOR-2000-TZ-CHN"
TZ_KOR = "CHN-KOR-2000-TZ-KOR"
CFZ = "CHN-VNM-2000-CFZ"


def ids(found: list[Regime]) -> list[str]:
    return [r.regime for r in found]


@pytest.fixture(scope="module")
def shipped():
    return read_regimes()


@pytest.fixture(scope="module")
def shipped_rows() -> list[dict[str, str]]:
    with open(data_path(JOINT_REGIMES_FILE), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_table(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=REGIME_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def errors_of(path: Path) -> list:
    with pytest.raises(DataValidationError) as exc:
        read_regimes(path)
    return exc.value.errors


# ---------------------------------------------------------------- the shipped table

def test_shipped_regimes_and_metadata(shipped) -> None:
    assert list(shipped.regime) == [PMZ, TW_AREA, TW_SCA, JC_PMZ, TZ_CHN, TZ_KOR, CFZ]
    assert shipped.crs.to_epsg() == 4326
    assert list(shipped.columns) == [f.name for f in dataclasses.fields(Regime)] + ["geometry"]
    by_id = shipped.set_index("regime")
    assert by_id.loc[PMZ, "parties"] == ("CHN", "KOR")
    assert by_id.loc[PMZ, "kind"] == "provisional fisheries zone"
    assert by_id.loc[PMZ, "valid_from"] == "2001-06-30" and by_id.loc[PMZ, "valid_until"] is None
    assert "Art. 7(1)" in by_id.loc[PMZ, "basis"]
    for rid in (TW_AREA, TW_SCA):
        assert by_id.loc[rid, "parties"] == ("JPN", "TWN")
        assert by_id.loc[rid, "valid_from"] == "2013-04-10"
    assert by_id.loc[JC_PMZ, "parties"] == ("CHN", "JPN")
    assert by_id.loc[JC_PMZ, "kind"] == "provisional fisheries zone"
    assert (by_id.loc[JC_PMZ, "valid_from"], by_id.loc[JC_PMZ, "valid_until"]) == ("2000-06-01", None)
    for rid in (TZ_CHN, TZ_KOR):  # Art. 8(1): four years from the entry into force
        assert by_id.loc[rid, "parties"] == ("CHN", "KOR")
        assert by_id.loc[rid, "kind"] == "transitional zone"
        assert (by_id.loc[rid, "valid_from"], by_id.loc[rid, "valid_until"]) == (
            "2001-06-30", "2005-06-30")
    assert by_id.loc[CFZ, "parties"] == ("CHN", "VNM")
    assert by_id.loc[CFZ, "kind"] == "common fishing zone"
    # in force 2004-06-30; 12 years plus the automatic 3-year extension of Art. 22(2)
    assert (by_id.loc[CFZ, "valid_from"], by_id.loc[CFZ, "valid_until"]) == (
        "2004-06-30", "2019-06-30")
    assert set(shipped.kind) <= set(KINDS)


def test_every_polygon_valid_and_densified_along_geodesics(shipped) -> None:
    for rid, geom in zip(shipped.regime, shipped.geometry, strict=True):
        assert geom.geom_type == "Polygon" and geom.is_valid and not geom.is_empty, rid
        xy = np.asarray(geom.exterior.coords)
        step = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2]
        assert step.max() <= STEP_M + 1e-6, rid
        assert step.min() > 0, rid


def test_rows_follow_the_published_vertices(shipped_rows) -> None:
    for r in shipped_rows:
        lat, lon = parse_coord_text(r["coord_text"])
        assert abs(lat - float(r["lat"])) < 1e-6 and abs(lon - float(r["lon"])) < 1e-6, r
        assert r["source"].strip(), r
    pmz = [r for r in shipped_rows if r["regime"] == PMZ]
    assert len(pmz) == 17  # A1..A17, A17 repeating A1
    assert pmz[1]["coord_text"] == "36°22'23\"N 123°10'52\"E"
    assert (pmz[0]["lat"], pmz[0]["lon"]) == (pmz[-1]["lat"], pmz[-1]["lon"])
    by_regime: dict[str, list[dict[str, str]]] = {}
    for r in shipped_rows:
        by_regime.setdefault(r["regime"], []).append(r)
    # every new part is a closed list (its last row repeats its first vertex)
    for rid, n in ((JC_PMZ, 11), (TZ_CHN, 12), (TZ_KOR, 14), (CFZ, 16)):
        rows = by_regime[rid]
        assert len(rows) == n, rid
        assert (rows[0]["lat"], rows[0]["lon"]) == (rows[-1]["lat"], rows[-1]["lon"]), rid
    # Japan-China PMZ: bounded north by 30°40'N and south by 27°N (Art. 7(1))
    assert {r["coord_text"][:6] for r in by_regime[JC_PMZ]} == {"30°40'", "30°00'", "29°00'",
                                                                "28°00'", "27°00'"}
    # the Beibu Gulf points 1 and 6 as the treaty text reads
    cfz = by_regime[CFZ]
    assert cfz[0]["coord_text"] == "17°23'38\"N 107°34'43\"E"
    assert cfz[5]["coord_text"] == "20°00'N 108°42'32\"E"
    # the transitional zones reuse the PMZ's own vertices where they touch it
    pmz_pts = {(r["lat"], r["lon"]) for r in pmz}
    assert sum((r["lat"], r["lon"]) in pmz_pts for r in by_regime[TZ_CHN]) == 5   # A4-A8
    assert sum((r["lat"], r["lon"]) in pmz_pts for r in by_regime[TZ_KOR]) == 6   # A10-A14


def test_areas_match_the_published_figures(shipped) -> None:
    # Viet Nam News Agency (zh.vietnamplus.vn): the common fishing zone covers 33,500 km²
    by_id = dict(zip(shipped.regime, shipped.geometry, strict=True))
    area_km2 = abs(GEOD.geometry_area_perimeter(by_id[CFZ])[0]) / 1e6
    assert area_km2 == pytest.approx(33_500, rel=0.01)


def test_parse_coord_text() -> None:
    assert parse_coord_text("37°00'N 123°40'E") == pytest.approx((37.0, 123 + 40 / 60))
    assert parse_coord_text("24°49'37\"N 122°44'E") == pytest.approx(
        (24 + 49 / 60 + 37 / 3600, 122 + 44 / 60))
    assert parse_coord_text("10°30.5'S 70°15'W") == pytest.approx((-(10 + 30.5 / 60), -70.25))
    for bad in ("37N 123E", "37°61'N 123°00'E", "123°00'E 37°00'N", ""):
        with pytest.raises(ValueError):
            parse_coord_text(bad)


# ---------------------------------------------------------------- points in and out

@pytest.mark.parametrize(("lon", "lat", "expected"), [
    (123.5, 34.5, [PMZ]),                  # middle of the Yellow Sea PMZ
    (123 + 10 / 60 + 52 / 3600, 36 + 22 / 60 + 23 / 3600, [PMZ]),   # vertex A2 itself
    (124.8, 32.3, [PMZ]),                  # just inside the southern edge (32°11'N)
    (124.0, 26.0, [TW_AREA]),              # north of Yaeyama, inside the application area
    (125.8, 26.0, [TW_AREA, TW_SCA]),      # the special cooperation area lies inside it
    (126.5, 35.0, []),                     # off the Korean west coast, east of the PMZ
    (121.5, 33.0, []),                     # off the Chinese coast, west of the PMZ
    (124.8, 32.1, []),                     # south of the PMZ's 32°11'N edge
    (123.0, 24.5, []),                     # south of the application area (Yonaguni side)
    (130.0, 30.0, []),                     # south of Kyushu
    (125.0, 26.3, [TW_AREA]),              # west of the special cooperation area
    (125.5, 28.5, [JC_PMZ]),               # middle of the Japan-China PMZ
    (123.0, 28.0, [JC_PMZ]),               # west part, east of 122°47'54"E on 28°N
    (128.0, 30.0, [JC_PMZ]),               # east part, west of 128°32'12"E on 30°N
    (122.5, 28.0, []),                     # west of the Japan-China PMZ (Chinese side)
    (128.8, 29.0, []),                     # east of it (Japanese side, towards Amami)
    (125.5, 31.0, []),                     # north of 30°40'N: the intermediate zone, not here
    (121.8, 34.8, [TZ_CHN]),               # Chinese-side transitional zone, west of A4-A5
    (123.5, 31.95, [TZ_CHN]),              # its southern lobe, south of the PMZ's 32°11'N
    (121.3, 34.5, []),                     # west of the transitional zone (121°30'E edge)
    (124.3, 34.5, [TZ_KOR]),               # Korean-side transitional zone, east of A12-A13
    (126.4, 32.3, [TZ_KOR]),               # its south-eastern arm south-west of Jeju
    (126.0, 32.6, []),                     # north of it, towards Jeju
    (125.0, 35.0, []),                     # east of it, off the Korean coast
    (107.6, 19.0, [CFZ]),                  # Beibu Gulf common fishing zone, centre
    (107.0, 18.5, [CFZ]),                  # its Vietnamese-side half
    (107.7, 19.95, []),                    # the notch cut out around Bach Long Vi
    (108.2, 19.5, []),                     # east of it, off Hainan (Chinese EEZ)
    (107.5, 20.1, []),                     # north of 20°N
])
def test_points(lon: float, lat: float, expected: list[str]) -> None:
    (found,) = regimes_at(lon, lat)
    assert ids(found) == expected


def test_edges_are_geodesics_not_parallels() -> None:
    # (a)-(b) of the Japan-Taiwan area both lie on 27°N; the geodesic between them bows
    # north of the parallel (about 1.4 km at its middle), and the area follows it.
    (mid,) = GEOD.npts(126 + 20 / 60, 27.0, 122.5, 27.0, 1)
    assert mid[1] > 27.01
    near, beyond = regimes_at([mid[0], mid[0]], [mid[1] - 0.002, mid[1] + 0.002])
    assert ids(near) == [TW_AREA] and ids(beyond) == [JC_PMZ]
    # The Japan-China PMZ's southern edge (27°N, 121°57'24"E-125°58'18"E) also bows north,
    # by a different amount at each longitude: read as geodesics the two areas, which
    # the texts make meet on 27°N, leave a gap in some places and overlap in others.
    (jc_mid,) = GEOD.npts(121 + 57.4 / 60, 27.0, 125 + 58.3 / 60, 27.0, 1)
    assert jc_mid[1] > 27.014
    gap, pmz_only = regimes_at([jc_mid[0]] * 2, [jc_mid[1] - 0.0005, jc_mid[1] + 0.002])
    assert ids(gap) == [] and ids(pmz_only) == [JC_PMZ]
    south, both, north = regimes_at([125.5] * 3, [27.004, 27.0075, 27.0105])
    assert ids(south) == [TW_AREA] and ids(both) == [TW_AREA, JC_PMZ] and ids(north) == [JC_PMZ]


def test_vectorised_matches_direct_containment(shipped) -> None:
    rng = np.random.default_rng(7)
    lon = np.concatenate([rng.uniform(120.0, 129.0, 20_000), rng.uniform(105.5, 109.5, 5_000)])
    lat = np.concatenate([rng.uniform(24.0, 38.0, 20_000), rng.uniform(16.5, 21.0, 5_000)])
    found = regimes_at(lon, lat)
    assert len(found) == lon.size
    for rid, geom in zip(shipped.regime, shipped.geometry, strict=True):
        direct = shapely.intersects_xy(geom, lon, lat)
        assert np.array_equal(direct, [rid in ids(f) for f in found]), rid
        assert direct.sum() > 50, rid  # the sample really reaches every regime
    # longitudes past 180 or below -180 are wrapped
    assert ids(regimes_at(123.5 - 360.0, 34.5)[0]) == [PMZ]


def test_validity_window_on_shipped_dates() -> None:
    pts = ([123.5, 125.8], [34.5, 26.0])
    before_pmz, before_tw = regimes_at(*pts, on="2001-06-29")
    assert ids(before_pmz) == [] and ids(before_tw) == []
    first_day, still_before = regimes_at(*pts, on="2001-06-30")
    assert ids(first_day) == [PMZ] and ids(still_before) == []
    pmz, tw = regimes_at(*pts, on="2013-04-10")
    assert ids(pmz) == [PMZ] and ids(tw) == [TW_AREA, TW_SCA]


def test_shipped_windows_that_close() -> None:
    # transitional zones: 2001-06-30 .. 2005-06-30; Beibu Gulf zone: 2004-06-30 .. 2019-06-30;
    # the Japan-China PMZ opens on 2000-06-01 and stays open
    pts = ([121.8, 124.3, 107.6, 125.5], [34.8, 34.5, 19.0, 28.5])
    assert [ids(f) for f in regimes_at(*pts, on="2000-05-31")] == [[], [], [], []]
    assert [ids(f) for f in regimes_at(*pts, on="2000-06-01")] == [[], [], [], [JC_PMZ]]
    assert [ids(f) for f in regimes_at(*pts, on="2004-06-30")] == [
        [TZ_CHN], [TZ_KOR], [CFZ], [JC_PMZ]]
    assert [ids(f) for f in regimes_at(*pts, on="2005-06-30")] == [
        [TZ_CHN], [TZ_KOR], [CFZ], [JC_PMZ]]
    assert [ids(f) for f in regimes_at(*pts, on="2005-07-01")] == [[], [], [CFZ], [JC_PMZ]]
    assert [ids(f) for f in regimes_at(*pts, on="2019-07-01")] == [[], [], [], [JC_PMZ]]


def test_valid_until_ends_a_regime(tmp_path: Path, shipped_rows) -> None:
    # a transitional zone of four years (as Art. 8 of the China-ROK agreement) on the PMZ
    rows = [dict(r, regime="TEST-TZ", kind="transitional zone", valid_until="2005-06-30")
            for r in shipped_rows if r["regime"] == PMZ]
    path = write_table(tmp_path / "tz.csv", rows)
    assert ids(regimes_at(123.5, 34.5, on="2005-06-30", path=path)[0]) == ["TEST-TZ"]
    assert ids(regimes_at(123.5, 34.5, on="2005-07-01", path=path)[0]) == []
    assert ids(regimes_at(123.5, 34.5, path=path)[0]) == ["TEST-TZ"]


def test_bad_queries() -> None:
    with pytest.raises(InvalidOptionError, match="on"):
        regimes_at(123.5, 34.5, on="30 June 2001")
    with pytest.raises(InvalidCoordinateError):
        regimes_at(123.5, 95.0)
    with pytest.raises(InvalidCoordinateError):
        regimes_at([123.5, np.nan], [34.5, 34.5])
    with pytest.raises(InvalidCoordinateError):
        regimes_at([123.5, 124.0], [34.5])


def test_regime_dataclass(shipped) -> None:
    (found,) = regimes_at(123.5, 34.5)
    r = found[0]
    d = r.to_dict()
    assert d["parties"] == ["CHN", "KOR"] and d["regime"] == PMZ and d["valid_until"] is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.kind = "joint development zone"  # type: ignore[misc]
    # read_regimes hands out copies: changing one does not change the next
    frame = read_regimes()
    frame.loc[0, "name"] = "changed"
    assert read_regimes().loc[0, "name"] == shipped.loc[0, "name"]


# ---------------------------------------------------------------- malformed tables

def test_malformed_rows_are_named(tmp_path: Path, shipped_rows) -> None:
    rows = [dict(r) for r in shipped_rows]
    rows[2]["lat"] = "95.5"                       # data row 3
    rows[4]["kind"] = "joint fishing zone"        # data row 5
    rows[6]["source"] = ""                        # data row 7
    rows[8]["parties"] = "CHN|JPN"                # data row 9: differs within the regime
    rows[10]["coord_text"] = "33°21'N 124°08'E"   # data row 11: disagrees with lat/lon
    errors = errors_of(write_table(tmp_path / "bad.csv", rows))
    got = {(e.row, e.field) for e in errors}
    assert {(3, "lat"), (5, "kind"), (7, "source"), (9, "parties"), (11, "coord_text")} <= got
    text = {(e.row, e.field): e.reason for e in errors}
    assert "outside" in text[(3, "lat")]
    assert "provisional fisheries zone" in text[(5, "kind")]  # names the allowed kinds
    assert text[(7, "source")] == "empty"
    assert PMZ in text[(9, "parties")] and "CHN|KOR" in text[(9, "parties")]
    assert all(e.file.endswith("bad.csv") for e in errors)


def test_invalid_polygons_name_the_regime(tmp_path: Path) -> None:
    def row(regime, seq, lat, lon, part=1, parties="JPN|KOR"):
        def dm(v, pos, neg):
            d = int(abs(v))
            return f"{d}°{round((abs(v) - d) * 60):02d}'{pos if v >= 0 else neg}"
        return {"regime": regime, "name": regime, "kind": "joint development zone",
                "parties": parties, "basis": "test", "valid_from": "", "valid_until": "",
                "part": str(part), "seq": str(seq), "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
                "coord_text": f"{dm(lat, 'N', 'S')} {dm(lon, 'E', 'W')}", "source": "test"}

    bowtie = [row("BOWTIE", i, lat, lon) for i, (lat, lon) in
              enumerate([(30, 125), (31, 126), (30, 126), (31, 125)], 1)]
    line = [row("TWO", i, lat, lon) for i, (lat, lon) in enumerate([(30, 128), (31, 128)], 1)]
    repeat = [row("REPEAT", i, lat, lon) for i, (lat, lon) in
              [(1, (28, 125)), (2, (29, 125)), (2, (29, 126))]]
    overlap = [row("OVERLAP", i, lat, lon, part=p) for p in (1, 2) for i, (lat, lon) in
               enumerate([(26, 120 + p / 2), (27, 120 + p / 2), (27, 121 + p / 2),
                          (26, 121 + p / 2)], 1)]
    errors = errors_of(write_table(tmp_path / "poly.csv", bowtie + line + repeat + overlap))
    reasons = " ".join(e.reason for e in errors)
    for rid in ("BOWTIE", "TWO", "REPEAT", "OVERLAP"):
        assert f"'{rid}'" in reasons, rid
    assert any(e.field == "part" and "'BOWTIE'" in e.reason and "not a valid polygon"
               in e.reason for e in errors)
    assert any(e.field == "part" and "'TWO'" in e.reason and "at least 3" in e.reason
               for e in errors)
    assert any(e.field == "seq" and "'REPEAT'" in e.reason for e in errors)


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "header.csv"
    p.write_text("regime,name,kind\nX,Y,joint development zone\n", encoding="utf-8")
    errors = errors_of(p)
    assert errors[0].row == 0 and "parties" in errors[0].reason
    with pytest.raises(FileNotFoundError):
        read_regimes(tmp_path / "missing.csv")


def test_import_is_light() -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    code = ("import sys, geo.zones.regimes\n"
            "print(','.join(m for m in ('numpy', 'pandas', 'shapely', 'geopandas') "
            "if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": ""}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
