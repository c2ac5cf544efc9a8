"""The shipped zones as the law draws them: baselines, baseline waters, entitlements,
treaty lines and disputed features, under every view. Table-driven from the legal texts
(data/baselines.csv, data/entitlements.csv, data/agreed_boundaries.csv,
data/sovereignty.csv); every answer is checked both in the polygons (``where``) and in
the pointwise oracle of the same view."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.geodesy import GEOD, NM, destination
from geo.zones.baselines import baseline_coords, read_baselines
from geo.zones.oracle import KIND_CODES, load_oracle
from geo.zones.where import where

VIEWS = ("administering", "JPN", "CHN", "TWN", "KOR", "RUS", "VNM", "PHL")


@pytest.fixture(scope="module")
def oracles():
    cache: dict[str, object] = {}

    def get(view: str):
        if view not in cache:
            cache[view] = load_oracle(perspective=view)
        return cache[view]

    return get


def kinds_at(lon: float, lat: float, view: str) -> dict[str, str]:
    """``{kind: state}`` of every zone holding a certain point under ``view``."""
    return {z.kind: z.state for z in where(lon, lat, perspective=view, coast_within_km=0).zones}


def oracle_at(oracles, lon: float, lat: float, view: str) -> tuple[str, str]:
    """(kind, state) of the innermost zone by the pointwise rule under ``view``."""
    from geo.zones.load import load_zones

    ans = oracles(view).classify([lon], [lat])
    kind = KIND_CODES.get(int(ans.kind[0]), "")
    owner = load_zones().owner(ans.label[0], view) if ans.label[0] else ""
    return kind, owner


def innermost(found: dict[str, str]) -> tuple[str, str]:
    from geo.zones.schema import ZONE_KINDS

    for k in ZONE_KINDS:
        if k in found:
            return k, found[k]
    return "", ""


def segment(name: str):
    return next(b for b in read_baselines() if b.segment == name)


def outward_points(name: str, distance_m: float) -> list[tuple[float, float]]:
    """Points ``distance_m`` seaward of the midpoint of every leg of a closed loop."""
    b = segment(name)
    ring = shapely.Polygon(np.column_stack([b.lon, b.lat]))
    out = []
    for k in range(len(b.lon) - 1):
        (x0, y0), (x1, y1) = (b.lon[k], b.lat[k]), (b.lon[k + 1], b.lat[k + 1])
        if GEOD.inv(x0, y0, x1, y1)[2] < 3000:
            continue
        mx, my = GEOD.npts(x0, y0, x1, y1, 1)[0]
        az = GEOD.inv(x0, y0, x1, y1)[0]
        for turn in (90.0, -90.0):
            px, py = destination(mx, my, az + turn, 500.0)
            if not ring.contains(shapely.Point(px, py)):
                out.append(destination(mx, my, az + turn, distance_m))
    return out


def test_diaoyu_baselines_count_in_chinas_view_only(oracles):
    # inside China's 2012 Diaoyu Dao loop, at sea: internal waters in China's view, the
    # territorial sea of the Senkakus (Japan's) in Japan's
    from geo.zones.load import load_zones

    zs = load_zones().for_perspective("CHN")
    iw = zs.zones[(zs.zones["label"] == "senkaku") & (zs.zones["kind"] == "internal_waters")]
    assert len(iw) == 1
    assert "Diaoyu Dao" in iw["name"].iloc[0]
    p = shapely.point_on_surface(iw.geometry.iloc[0])
    assert kinds_at(p.x, p.y, "CHN").get("internal_waters") == "CHN"
    assert oracle_at(oracles, p.x, p.y, "CHN") == ("internal_waters", "CHN")
    for view in ("JPN", "administering", "TWN"):
        found = kinds_at(p.x, p.y, view)
        assert "internal_waters" not in found, view
        assert innermost(found) == ("territorial_sea", "JPN" if view != "TWN" else "TWN")
    assert "internal_waters" not in {k for v in ("JPN",) for k in kinds_at(p.x, p.y, v)}


def test_the_territorial_sea_is_measured_from_the_baseline(oracles):
    # 11.8 nm seaward of a Diaoyu loop leg: China's territorial sea (from the line) while,
    # measured from the low-water line, the same water is contiguous zone
    pts = [p for p in outward_points("CHN-2012-diaoyu", 11.8 * NM)
           if oracles("JPN").classify([p[0]], [p[1]]).distance_m[0] > 12.2 * NM]
    assert pts, "some leg of the loop lies far enough off the islands to matter"
    for lon, lat in pts:
        assert innermost(kinds_at(lon, lat, "CHN")) == ("territorial_sea", "CHN")
        assert oracle_at(oracles, lon, lat, "CHN") == ("territorial_sea", "CHN")
        assert innermost(kinds_at(lon, lat, "JPN")) == ("contiguous_zone", "JPN")
        assert oracle_at(oracles, lon, lat, "JPN") == ("contiguous_zone", "JPN")


def test_korean_straight_baselines_enclose_internal_waters_under_every_view(oracles):
    from geo.zones.load import load_zones

    zs = load_zones()
    iw = zs.zones[(zs.zones["label"] == "KOR") & (zs.zones["kind"] == "internal_waters")]
    assert len(iw) == 1 and iw["perspectives"].isna().all()
    geom = iw.geometry.iloc[0]
    # the south-west archipelago: thousands of km2 of internal waters
    from geo.geodesy import geodesic_area_km2

    assert 5_000 < geodesic_area_km2(geom) < 60_000
    p = shapely.point_on_surface(geom)
    for view in ("administering", "JPN", "CHN"):
        assert kinds_at(p.x, p.y, view).get("internal_waters") == "KOR"
        assert oracle_at(oracles, p.x, p.y, view) == ("internal_waters", "KOR")


def test_okinotorishima_is_a_rock_in_the_views_that_say_so(oracles):
    from geo.zones.load import load_zones

    lon, lat = destination(136.0811, 20.4253, 90.0, 100 * NM)
    for view in ("JPN", "administering"):
        found = where(lon, lat, perspective=view, coast_within_km=0).zones
        eez = [z for z in found if z.kind == "eez"]
        assert [z.state for z in eez] == ["JPN"], view
        assert eez[0].status == "disputed"
        assert oracle_at(oracles, lon, lat, view) == ("eez", "JPN")
    for view in ("CHN", "KOR", "TWN"):
        assert kinds_at(lon, lat, view) == {}, view
        assert oracle_at(oracles, lon, lat, view) == ("", ""), view
    # its territorial sea is not disputed by anyone
    near = destination(136.0811, 20.4253, 90.0, 6 * NM)
    for view in VIEWS:
        assert innermost(kinds_at(*near, view)) == ("territorial_sea", "JPN"), view
    row = load_zones().zones
    eez = row[(row["label"] == "okinotori") & (row["kind"] == "eez")]
    assert set(eez["disputed_by"].iloc[0].split("|")) == {"CHN", "KOR", "TWN"}


def test_scarborough_shoal_under_each_claimant(oracles):
    shoal = (117.76, 15.15)
    west = destination(*shoal, 270.0, 60 * NM)
    assert innermost(kinds_at(*west, "CHN")) == ("eez", "CHN")
    assert oracle_at(oracles, *west, "CHN") == ("eez", "CHN")
    # the Philippines hold it a rock (2016 award): no EEZ of its own, Luzon's EEZ there
    assert innermost(kinds_at(*west, "PHL")) == ("eez", "PHL")
    assert oracle_at(oracles, *west, "PHL") == ("eez", "PHL")
    near = destination(*shoal, 270.0, 14 * NM)
    assert innermost(kinds_at(*near, "PHL"))[0] in ("territorial_sea", "contiguous_zone")
    for view in ("PHL", "CHN", "TWN"):
        assert kinds_at(*near, view).get("contiguous_zone", kinds_at(*near, view).get(
            "territorial_sea")) == view


def test_wuqiu_is_taiwans_and_chinas_only_in_chinas_view():
    # 2 km east of Xiaoqiu (24.98 N 119.47 E; three unnamed GSHHG islets 3-5 km west and
    # south-west of Daqiu keep Natural Earth's CHN: no source names them)
    lon, lat = destination(119.475, 24.981, 90.0, 2000.0)
    assert innermost(kinds_at(lon, lat, "administering")) == ("territorial_sea", "TWN")
    assert innermost(kinds_at(lon, lat, "TWN")) == ("territorial_sea", "TWN")
    assert innermost(kinds_at(lon, lat, "CHN")) == ("territorial_sea", "CHN")


@pytest.mark.parametrize("view", ["CHN", "PHL", "KOR"])
def test_each_view_agrees_with_its_oracle(view, oracles):
    """>= 99.9 % of random points near the features whose zones change with the view
    agree with that view's oracle; every miss lies within 1 km of a limit."""
    from geo.zones.load import load_zones
    from geo.zones.oracle import boundary_distance_m, polygon_answer

    zones = load_zones().for_perspective(view).zones
    rng = np.random.default_rng(7)
    boxes = {"CHN": (121.0, 23.5, 127.0, 28.0), "PHL": (114.0, 15.0, 121.0, 18.0),
             "KOR": (131.0, 16.0, 141.0, 25.0)}
    w, s, e, n = boxes[view]
    lon, lat = rng.uniform(w, e, 4000), rng.uniform(s, n, 4000)
    ans = oracles(view).classify(lon, lat)
    lab, kind = polygon_answer(zones, lon, lat)
    agree = (lab == ans.label) & (kind == ans.kind)
    assert agree.mean() >= 0.999, agree.mean()
    miss = ~agree
    if miss.any():
        assert boundary_distance_m(zones, lon[miss], lat[miss]).max() < 1000.0


def test_baseline_lines_are_limits_of_the_territorial_sea():
    # every point of a loop lies on the boundary between internal waters and the sea
    from geo.zones.load import load_zones

    zs = load_zones().for_perspective("CHN")
    iw = zs.zones[(zs.zones["label"] == "senkaku") & (zs.zones["kind"] == "internal_waters")]
    ts = zs.zones[(zs.zones["label"] == "senkaku") & (zs.zones["kind"] == "territorial_sea")]
    xy = baseline_coords(segment("CHN-2012-diaoyu"))
    pts = shapely.points(xy[::5])
    near_iw = shapely.dwithin(iw.geometry.iloc[0], pts, 0.002)
    near_ts = shapely.dwithin(ts.geometry.iloc[0], pts, 0.002)
    assert (near_iw | near_ts).all() and near_ts.mean() > 0.5


def test_where_names_the_regime_its_parties_and_basis_not_an_owner():
    ans = where(125.5, 28.5, perspective="CHN", coast_within_km=0)
    pmz = [r for r in ans.regimes if r["regime"] == "JPN-CHN-1997-PMZ"]
    assert len(pmz) == 1
    assert sorted(pmz[0]["parties"]) == ["CHN", "JPN"]
    assert "Art. 7" in pmz[0]["basis"] or "Article 7" in pmz[0]["basis"]
    # the regime is a status of the water: the owner is still decided by the zones
    assert {z.kind for z in ans.zones} == {"eez"}
    # validity windows: the China-ROK transitional zones ended on 2005-06-30
    from geo.zones.regimes import read_regimes

    tz = read_regimes()
    tz = tz[tz["regime"] == "CHN-KOR-2000-TZ-KOR"].geometry.iloc[0]
    p = shapely.point_on_surface(tz)
    held = {r["regime"] for r in where(p.x, p.y, coast_within_km=0, on="2003-01-01").regimes}
    assert "CHN-KOR-2000-TZ-KOR" in held
    later = {r["regime"] for r in where(p.x, p.y, coast_within_km=0, on="2010-01-01").regimes}
    assert "CHN-KOR-2000-TZ-KOR" not in later


def test_no_regime_holds_inside_a_territorial_sea():
    # the Japan-Taiwan arrangement area's lines enclose the Senkakus, but Art. 2(1) covers
    # only the waters beyond the territorial seas
    from geo.location import locate

    loc = locate("5 nm east of Uotsuri-shima")
    for view in ("JPN", "CHN", "TWN"):
        ans = where(loc.lon, loc.lat, perspective=view, coast_within_km=0)
        assert ans.zones and ans.regimes == [], view
    out = where(*destination(123.476, 25.746, 0.0, 30 * NM), perspective="JPN",
                coast_within_km=0)  # 30 nm north of Uotsuri-shima: the area, beyond 24 nm
    assert "JPN-TWN-2013-AREA" in {r["regime"] for r in out.regimes}
