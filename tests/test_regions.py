"""Every shipped region of the tiled zone build (data/zones_<name>.parquet, land_<name>.parquet,
zones_build_<name>.json; each built with `launchmap build-zones --region NAME --ship`): its
record matches its files, its polygons agree with the pointwise oracle, named sea points
get the state and zone the law and each view say, the NW Pacific rows are untouched, the
overlapping frames give one answer, and the shipped files stay within the size budget.

One table of points per region; the checks that repeat per region are parametrised over
:data:`SHIPPED`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geo
from geo._paths import data_path
from geo.build.output import sha256
from geo.build.regions import REGIONS
from geo.geodesy import in_lonlat_box
from geo.zones.where import where

#: The regions shipped beside the NW Pacific zones.
SHIPPED = ("baltic", "black_sea", "mediterranean", "middle_east")

#: (region, place, (lon, lat), view, kind, state, label, disputed): a sea point, the zone
#: the centre lies in under the view (None: administering) and its state; ``label`` (the
#: coast the zone is measured from) is checked where it differs from the state;
#: ``disputed`` whether the zone's status is disputed (None: not checked).
POINTS = (
    # Black Sea: Crimea's waters by the view of Crimea (sovereignty.csv)
    ("black_sea", "off Sevastopol", (33.3, 44.55), None, "territorial_sea", "RUS", "crimea", True),
    ("black_sea", "off Sevastopol", (33.3, 44.55), "RUS", "territorial_sea", "RUS", "crimea", True),
    ("black_sea", "off Sevastopol", (33.3, 44.55), "UKR", "territorial_sea", "UKR", "crimea", True),
    ("black_sea", "off Odesa", (30.9, 46.3), None, "territorial_sea", "UKR", None, False),
    ("black_sea", "53 km off Cape Kaliakra", (28.9, 43.0), None, "eez", "BGR", None, False),
    # Middle East: the Gulf islands by view, the straits
    ("middle_east", "off Abu Musa", (55.03, 25.80), None, "territorial_sea", "IRN", "abu_musa",
     True),
    ("middle_east", "off Abu Musa", (55.03, 25.80), "IRN", "territorial_sea", "IRN", "abu_musa",
     True),
    ("middle_east", "off Abu Musa", (55.03, 25.80), "ARE", "territorial_sea", "ARE", "abu_musa",
     True),
    ("middle_east", "between the Tunbs", (55.22, 26.22), None, "territorial_sea", "IRN", "tunbs",
     True),
    ("middle_east", "between the Tunbs", (55.22, 26.22), "IRN", "territorial_sea", "IRN",
     "tunbs", True),
    ("middle_east", "between the Tunbs", (55.22, 26.22), "ARE", "territorial_sea", "ARE",
     "tunbs", True),
    ("middle_east", "Strait of Hormuz off Musandam", (56.42, 26.42), None, "territorial_sea",
     "OMN", None, False),
    ("middle_east", "Bab-el-Mandeb off Perim", (43.50, 12.60), None, "territorial_sea", "YEM",
     None, False),
    # Baltic
    ("baltic", "off Baltiysk (Kaliningrad)", (19.75, 54.70), None, "territorial_sea", "RUS",
     None, False),
    ("baltic", "west of Visby, Gotland", (18.05, 57.65), None, "territorial_sea", "SWE", None,
     False),
    ("baltic", "east of Gotland, 50 km out", (19.8, 57.3), None, "eez", "SWE", None, False),
    ("baltic", "south of Mariehamn, Åland", (19.93, 60.0), None, "territorial_sea", "FIN",
     None, False),
    ("baltic", "off Bornholm", (14.65, 55.30), None, "territorial_sea", "DNK", None, False),
    ("baltic", "off Gdańsk Bay", (18.75, 54.55), None, "territorial_sea", "POL", None, False),
    ("baltic", "off Tallinn", (24.75, 59.55), None, "territorial_sea", "EST", None, False),
    # Mediterranean
    ("mediterranean", "off Valletta, Malta", (14.55, 35.95), None, "territorial_sea", "MLT",
     None, False),
    ("mediterranean", "off Heraklion, Crete", (25.13, 35.42), None, "territorial_sea", "GRC",
     None, False),
    ("mediterranean", "Sicily channel, off Capo Granitola", (12.60, 37.53), None,
     "territorial_sea", "ITA", None, False),
    ("mediterranean", "Sicily channel, off Kelibia", (11.20, 36.85), None, "territorial_sea",
     "TUN", None, False),
    # Spain's view of Gibraltar's waters (sovereignty.csv gibraltar_waters) is not drawn:
    # the zone is the United Kingdom's from Gibraltar's coast; its status is not checked
    ("mediterranean", "off Europa Point, Gibraltar", (-5.35, 36.09), None, "territorial_sea",
     "GBR", None, None),
    ("mediterranean", "off Oran (west of Greenwich)", (-0.65, 35.80), None, "territorial_sea",
     "DZA", None, False),
    ("mediterranean", "off Marseille", (5.30, 43.20), None, "territorial_sea", "FRA", None,
     False),
    ("mediterranean", "off Paphos, Cyprus", (32.40, 34.73), None, "territorial_sea", "CYP",
     None, False),
    ("mediterranean", "off Kyrenia, Northern Cyprus", (33.32, 35.40), None, "territorial_sea",
     "CYN", "northern_cyprus", True),
    ("mediterranean", "off Kyrenia, Northern Cyprus", (33.32, 35.40), "CYP", "territorial_sea",
     "CYP", "northern_cyprus", True),
    ("mediterranean", "off Kyrenia, Northern Cyprus", (33.32, 35.40), "TUR", "territorial_sea",
     "CYN", "northern_cyprus", True),
)


#: Only the points of the regions shipped.
POINTS = tuple(p for p in POINTS if p[0] in SHIPPED)


@pytest.fixture(scope="module")
def zs():
    zs = geo.load_zones()
    missing = set(SHIPPED) - {name for name, _, _ in zs.regions}
    if missing:
        pytest.fail(f"regions not shipped: {sorted(missing)} (build-zones --region NAME --ship)")
    return zs


def _record(name: str) -> dict:
    return json.loads(data_path(f"zones_build_{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SHIPPED)
def test_the_region_record_matches_its_files(name):
    record = _record(name)
    assert record["parameters"]["region"]["name"] == name
    assert tuple(record["parameters"]["zones_frame"]) == REGIONS[name].zones_frame
    assert tuple(record["parameters"]["coast_frame"]) == REGIONS[name].coast_frame
    for built, shipped in (("zones.parquet", f"zones_{name}.parquet"),
                           ("land.parquet", f"land_{name}.parquet"),
                           ("countries.parquet", "countries.parquet")):
        assert record["outputs"][built]["sha256"] == sha256(data_path(shipped)), shipped
    assert record["outputs"]["zones.parquet"]["rows"] == len(
        gpd.read_parquet(data_path(f"zones_{name}.parquet")))
    # the build's rule for the buffers' arcs (straddling chords, data/SOURCES.md)
    assert record["parameters"]["buffer_sagitta_m"] == 5.0
    assert record["parameters"]["buffer_chords"].startswith("straddle")
    if name == "middle_east":  # the Tunbs, which Natural Earth lacks, by a feature area
        assert any(a["label"] == "tunbs" for a in record["parameters"]["feature_areas"])


def _region_folder(tmp_path: Path, name: str) -> Path:
    """A data folder holding one shipped region as its zones and land, with the tables
    (baselines and treaty lines: those the region's build applied)."""
    record = _record(name)
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(data_path(f"zones_{name}.parquet"), folder / "zones.parquet")
    shutil.copy(data_path(f"land_{name}.parquet"), folder / "land.parquet")
    for table in ("sovereignty.csv", "entitlements.csv", "specified_areas.csv"):
        shutil.copy(data_path(table), folder / table)
    applied = {"agreed_boundaries.csv": ("boundary_id", {
        b["boundary_id"] for b in record["inputs"]["agreed_boundaries.csv"]["boundaries"]}),
        "baselines.csv": ("segment", {s for w in record["parameters"]["worlds"]
                                      for segs in (w.get("segments") or {}).values()
                                      for s in segs})}
    import csv

    for table, (col, keep) in applied.items():
        with data_path(table).open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = [r for r in reader if r[col] in keep]
            fields = reader.fieldnames
        with (folder / table).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return folder


@pytest.mark.parametrize("name", SHIPPED)
def test_the_region_agrees_with_the_oracle(tmp_path, name):
    """2,000 uniform points of the region's zones frame and the table's points: polygons
    and the pointwise oracle (nearest coast vertex, geodesic distance) agree on >= 99.5 %
    of the uniform ones and on every table point; each miss lies within 100 m of a limit
    (benchmarks/oracle_agreement.py --data ... --waters measures 100,000 over the waters,
    see data/SOURCES.md)."""
    from geo.zones.oracle import boundary_distance_m, load_oracle, polygon_answer
    from geo.zones.zoneset import rows_holding

    folder = _region_folder(tmp_path, name)
    oracle = load_oracle(folder)
    zones = gpd.read_parquet(folder / "zones.parquet")
    zones = zones[rows_holding(zones["perspectives"], "administering")]
    rng = np.random.default_rng(sorted(SHIPPED).index(name) + 11)
    w, s, e, n = REGIONS[name].zones_frame
    lon = rng.uniform(w, e, 2000)
    lat = np.degrees(np.arcsin(rng.uniform(np.sin(np.radians(s)), np.sin(np.radians(n)),
                                           2000)))
    ans = oracle.classify(lon, lat)
    lab, kind = polygon_answer(zones, lon, lat)
    agree = (lab == ans.label) & (kind == ans.kind)
    assert agree.mean() >= 0.995
    miss = np.flatnonzero(~agree)
    assert (boundary_distance_m(zones, lon[miss], lat[miss]) <= 100.0).all()
    pts = np.array([p for r, _, p, view, *_ in POINTS if r == name and view is None])
    ans = oracle.classify(pts[:, 0], pts[:, 1])
    lab, kind = polygon_answer(zones, pts[:, 0], pts[:, 1])
    assert list(lab) == list(ans.label) and list(kind) == list(ans.kind)


@pytest.mark.parametrize(("region", "place", "pt", "view", "kind", "state", "label",
                          "disputed"), POINTS, ids=[f"{r[0]}:{r[1]}:{r[3] or 'admin'}"
                                                    for r in POINTS])
def test_named_sea_points(zs, region, place, pt, view, kind, state, label, disputed):
    ans = where(*pt, perspective=view)
    assert ans.covered and ans.on_land is None, place
    assert in_lonlat_box(*pt, REGIONS[region].zones_frame), place
    z = ans.zone(kind)
    assert z is not None and z.contains_centre, (place, view, [
        (x.kind, x.state) for x in ans.zones])
    # the innermost zone holding the centre (answers come innermost first)
    assert next(x for x in ans.zones if x.contains_centre).kind == kind, (place, ans.zones)
    assert z.state == state, (place, view, z)
    if label is not None:
        assert z.label == label, (place, z)
    if disputed is not None:
        assert (z.status == "disputed") == disputed, (place, z.status)
    # the bulk path answers the same
    got = geo.classify(lon=[pt[0]], lat=[pt[1]], perspective=view)
    assert got["state"].iloc[0] == state and got["kind"].iloc[0] == kind, (place, got)


def test_the_sovereignty_table_says_what_the_views_are():
    from geo.zones.sovereignty import read_sovereignty

    sov = read_sovereignty()
    for *_, view, _, state, label, disputed in POINTS:
        if disputed is not True:
            continue
        rows = sov[(sov["label"] == label) & (sov["perspective"] == (view or "administering"))]
        assert list(rows["owner"]) == [state], (label, view)


#: (region, name, start, end, state at the start, state at the end): straits whose every
#: point lies within 12 nm of a coast.
STRAITS = tuple(s for s in (
    ("middle_east", "Strait of Hormuz at 56.42 E, Musandam to Larak", (56.42, 26.40),
     (56.42, 26.875), "OMN", "IRN"),
    ("middle_east", "Bab-el-Mandeb, west channel off Perim", (43.30, 12.50), (43.55, 12.62),
     "DJI", "YEM"),
    ("mediterranean", "Strait of Gibraltar at 5.6 W, Tarifa to Morocco", (-5.60, 36.00),
     (-5.60, 35.90), "ESP", "MAR"),
    ("baltic", "Øresund at Helsingør-Helsingborg", (12.63, 56.03), (12.68, 56.04), "DNK",
     "SWE"),
) if s[0] in SHIPPED)


@pytest.mark.parametrize(("region", "name", "a", "b", "first", "last"), STRAITS,
                         ids=[s[1] for s in STRAITS])
def test_straits_are_territorial_sea_from_shore_to_shore(zs, region, name, a, b, first, last):
    t = np.linspace(0.0, 1.0, 40)
    lon, lat = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    got = geo.classify(lon=lon, lat=lat)
    sea = got["kind"].notna().to_numpy()
    assert sea.sum() >= 30, name  # the ends may touch the shore
    assert (got["kind"][sea] == "territorial_sea").all(), name
    states = list(got["state"][sea])
    assert states[0] == first and states[-1] == last, (name, states)
    # one change of state along the line: the median line between the two coasts
    assert sum(x != y for x, y in zip(states, states[1:], strict=False)) == 1, states


RED_SEA_STATES = {"EGY", "SDN", "ERI", "SAU", "YEM"}
#: (lon, lat) points near the middle of the Red Sea, north to south
RED_SEA_AXIS = ((35.2, 26.5), (36.0, 25.0), (37.2, 23.0), (38.0, 22.0), (38.9, 20.0),
                (40.0, 18.0), (41.0, 16.0), (41.9, 14.5))


def test_the_red_sea_has_no_high_seas(zs):
    lon, lat = np.array(RED_SEA_AXIS).T
    got = geo.classify(lon=lon, lat=lat)
    assert got["kind"].isin(["contiguous_zone", "eez"]).all(), got
    assert set(got["state"]) <= RED_SEA_STATES and len(set(got["state"])) >= 2
    mid = where(38.9, 20.0)
    assert mid.covered and mid.zone("eez").state in {"SDN", "SAU"}
    assert mid.zone("territorial_sea") is None


def test_overlapping_frames_give_one_answer(zs):
    """The Mediterranean's frame (to 46 N, 36.5 E) holds the western Black Sea, and the
    Middle East's (to 31 N) the coast of Sinai and Gaza: there the region loaded first
    answers, so every state's zone is one set of parts that do not overlap."""
    frames = {name: box for name, box, _ in zs.regions}
    assert shapely.box(*frames["mediterranean"]).intersects(shapely.box(*frames["black_sea"]))
    for label, kind in (("TUR", "territorial_sea"), ("TUR", "eez"), ("BGR", "eez"),
                        ("EGY", "eez"), ("ROU", "eez")):
        rows = zs.zones[(zs.zones["label"] == label) & (zs.zones["kind"] == kind)]
        assert len(rows) == 1, (label, kind)
        geom = rows.geometry.iloc[0]
        assert shapely.is_valid(geom), (label, kind, shapely.is_valid_reason(geom))
        parts = shapely.get_parts(geom)
        total = sum(p.area for p in parts)
        assert shapely.union_all(parts).area == pytest.approx(total, rel=1e-6), (label, kind)
    # off Constanța (Black Sea, inside both frames) and off Port Said (Med and Middle East)
    for pt, state in (((28.75, 44.15), "ROU"), ((32.33, 31.33), "EGY")):
        ans = where(*pt)
        kinds = [z.kind for z in ans.zones if z.contains_centre]
        assert len(kinds) == len(set(kinds)) and ans.zone("territorial_sea").state == state


def test_every_loaded_zone_polygon_is_valid(zs):
    """Region rows merged into one state's row meet at a frame line: they must be one
    valid polygon there (the map's coverage simplification crashed GEOS on the invalid
    MultiPolygons that touching parts make)."""
    for col in ("geometry", "overlap", "agreed"):
        geoms = zs.zones[col].to_numpy()
        geoms = geoms[~shapely.is_missing(geoms)]
        bad = [shapely.is_valid_reason(g) for g in geoms if not shapely.is_valid(g)]
        assert not bad, (col, bad[:3])


def test_the_nw_pacific_rows_are_the_shipped_file_unchanged(zs):
    nw = gpd.read_parquet(data_path("zones.parquet"))
    got = zs.zones.iloc[:len(nw)]
    assert list(got["label"]) == list(nw["label"]) and list(got["kind"]) == list(nw["kind"])
    # each NW row's polygons come first, exactly as shipped; Russia's rows also hold its
    # regions' polygons, appended (one row per label and kind under every view)
    for a, b, label in zip(got.geometry, nw.geometry, nw["label"], strict=True):
        pa, pb = shapely.get_parts(a), shapely.get_parts(b)
        assert all(shapely.equals_exact(x, y, 0.0) for x, y in zip(pa[:len(pb)], pb,
                                                                   strict=True)), label
        assert len(pa) == len(pb) or label == "RUS"
    for view in ("administering", "UKR", "CYP", "ARE"):
        counts = zs.for_perspective(view).zones.groupby(["label", "kind"]).size()
        assert (counts == 1).all(), view
    assert zs.covers(144.0, 40.0) and zs.covers(33.3, 44.55) and not zs.covers(-158.3, 21.0)


def test_zone_land_and_index_files_stay_within_40_mb():
    """Every shipped zone and land file (the NW Pacific's and each region's) and the
    countries index, together."""
    folder = data_path("zones.parquet").parent
    names = {"zones.parquet", "land.parquet", "countries.parquet"}
    names |= {p.name for p in folder.glob("zones_*.parquet")}
    names |= {p.name for p in folder.glob("land_*.parquet")}
    assert {f"zones_{n}.parquet" for n in SHIPPED} <= names
    total = sum((folder / n).stat().st_size for n in names)
    assert total <= 40 * 1024 * 1024, total
