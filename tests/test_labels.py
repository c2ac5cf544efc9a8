"""Which label the build gives the GSHHG polygons of disputed and offshore islands
(geo.build.labels FEATURE_AREAS, run through geo.build.coast.label_polygons on the real
GSHHG full-resolution polygons and the shipped Natural Earth countries)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo._paths import data_path
from geo.build.labels import FEATURE_AREAS
from geo.zones.sovereignty import read_sovereignty


def _labels_in(bbox: tuple[float, float, float, float]) -> dict[str, tuple[str, str, float]]:
    """GSHHG id -> (label, assigned_by, representative latitude) for the level-1 polygons
    whose extent meets ``bbox`` (lon/lat degrees), labelled as the build labels them."""
    from geo.build.coast import label_polygons
    from geo.build.gshhg import read_gshhg
    from geo.zones.schema import COAST_FRAME

    ids, geoms = [], []
    for poly in read_gshhg(bbox=bbox, levels=(1,)):
        if poly.coords[:, 0].max() - poly.coords[:, 0].min() > 5:  # skip the mainland
            continue
        ids.append(poly.gshhg_id)
        geoms.append(shapely.make_valid(shapely.Polygon(poly.coords)))
    countries = gpd.read_parquet(data_path("countries.parquet"))
    pieces = label_polygons(ids, geoms, countries, COAST_FRAME)
    return {p.gshhg_id: (p.label, p.assigned_by, p.geometry.representative_point().y)
            for p in pieces}


@pytest.fixture(scope="module")
def wuqiu() -> dict[str, tuple[str, str, float]]:
    return _labels_in((119.44, 24.97, 119.48, 25.00))


def test_wuqiu_daqiu_and_xiaoqiu_are_taiwan(wuqiu) -> None:
    # GSHHG draws Daqiu (about 1.1 km2) and Xiaoqiu with two rocks beside it; Natural
    # Earth 10m has no Wuqiu, so without the feature area they went to CHN (nearest unit)
    assert len(wuqiu) >= 3
    for gid, (label, how, _) in wuqiu.items():
        assert label == "TWN", (gid, label, how)
        assert how.startswith("feature area: Wuqiu"), how


def test_okinotorishima_has_its_own_label() -> None:
    got = _labels_in((136.0, 20.38, 136.15, 20.47))
    assert got and {v[0] for v in got.values()} == {"okinotori"}


def test_every_feature_area_label_is_a_state_or_in_the_sovereignty_table() -> None:
    labels = set(read_sovereignty()["label"])
    for area in FEATURE_AREAS:
        assert area.label in labels or area.label.isupper(), area.name
        assert len(area.source) > 20 and shapely.Polygon(area.ring).is_valid, area.name


def test_okinotori_and_scarborough_owners_per_view() -> None:
    sov = read_sovereignty()
    views = {(r.label, r.perspective): r.owner for r in sov.itertuples()}
    assert {p: o for (lab, p), o in views.items() if lab == "okinotori"} == {
        "administering": "JPN", "JPN": "JPN"}
    assert {p: o for (lab, p), o in views.items() if lab == "scarborough"} == {
        "administering": "CHN", "PHL": "PHL", "CHN": "CHN", "TWN": "TWN"}


def test_okinotori_is_not_disputed_and_scarborough_is() -> None:
    from geo.zones.zoneset import ZoneSet

    zs = ZoneSet(zones=gpd.GeoDataFrame({"label": [], "kind": []}, geometry=[],
                                        crs="EPSG:4326"),
                 sovereignty=read_sovereignty(), source="sovereignty.csv")
    assert zs.claimants("okinotori") == ["JPN"] and not zs.is_disputed("okinotori")
    assert zs.claimants("scarborough") == ["CHN", "PHL", "TWN"]
    assert zs.owner("scarborough", "PHL") == "PHL" and zs.owner("scarborough") == "CHN"
    assert zs.owner("scarborough", "JPN") == "CHN"  # no view recorded: administering
