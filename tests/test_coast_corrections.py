"""Documented corrections of misplaced GSHHG islands (data/coast_corrections.csv).

GSHHG draws the western Senkaku / Diaoyu group about 5.7 km east-north-east of the
surveyed islands and Taisho-jima 2.7 km south; the build moves those polygons rigidly onto
the cited positions. These tests check the table, the fit, and what it does to the zones.
"""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
import shapely

from geo._paths import data_dir, data_path
from geo.build.corrections import (
    CORRECTION_COLUMNS,
    MAX_RESIDUAL_M,
    GroupShift,
    group_shifts,
    load_corrections,
    read_corrections,
    shift_ring,
)
from geo.errors import DataValidationError
from geo.geodesy import GEOD, NM, destination
from geo.zones.schema import BUILD_RECORD_FILE, COAST_CORRECTIONS_FILE


def places() -> dict[str, tuple[float, float]]:
    with open(data_path("places.csv"), newline="", encoding="utf-8") as f:
        return {r["id"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)}


def test_shipped_table_reads_and_names_real_places() -> None:
    rows, refs = load_corrections(data_dir())
    assert {r["group"] for r in rows} == {"senkaku_uotsuri", "senkaku_taisho"}
    assert {"uotsuri_shima", "kita_kojima", "minami_kojima", "taisho_jima"} <= set(refs)
    assert "kuba_jima" not in refs  # GSHHG is right there: no correction
    assert all(r["source"].startswith("GSHHG 2.3 full resolution polygon") for r in rows)


def test_bad_rows_are_all_reported(tmp_path) -> None:
    path = tmp_path / COAST_CORRECTIONS_FILE
    path.write_text(",".join(CORRECTION_COLUMNS) + "\n"
                    "g,1,uotsuri_shima,2,n\n"       # fit not 0/1
                    "g,1,atlantis,1,n\n"            # unknown place, repeated id
                    "h,3,kuba_jima,0,\n",           # empty source, group without a fit row
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_corrections(path, set(places()))
    text = str(err.value)
    for expect in ("row 1: fit: expected 0 or 1", "row 2: place_id: 'atlantis'",
                   "row 2: gshhg_id: '1' already listed in row 1", "row 3: source: empty",
                   "group 'h' has no row with fit=1"):
        assert expect in text, text


def test_shift_fits_a_synthetic_displacement() -> None:
    """Two squares displaced by a known 3 km towards 240 deg are moved back exactly."""
    ref = {"p": (123.50, 25.70), "q": (123.60, 25.75)}
    rings = {}
    for key, (x, y) in ref.items():
        cx, cy = destination(x, y, 60.0, 3000.0)
        sq = shapely.segmentize(shapely.box(cx - 0.005, cy - 0.005, cx + 0.005, cy + 0.005), 0.001)
        rings[key] = np.asarray(sq.exterior.coords)
    rows = [{"group": "g", "gshhg_id": k, "place_id": k, "fit": "1", "source": "x"} for k in ref]
    (shift,) = group_shifts(rows, rings, ref)
    assert shift.distance_m == pytest.approx(3000.0, abs=15.0)
    assert shift.azimuth_deg == pytest.approx(240.0, abs=0.5)
    moved = shapely.Polygon(shift_ring(rings["p"], shift)).centroid
    assert GEOD.inv(moved.x, moved.y, *ref["p"])[2] < 20.0


def test_inconsistent_group_stops_the_build() -> None:
    ref = {"p": (123.50, 25.70), "q": (123.60, 25.75)}
    rings = {"p": np.array([[123.50, 25.70], [123.51, 25.70], [123.51, 25.71], [123.50, 25.70]]),
             "q": np.array([[123.70, 25.75], [123.71, 25.75], [123.71, 25.76], [123.70, 25.75]])}
    rows = [{"group": "g", "gshhg_id": k, "place_id": k, "fit": "1", "source": "x"} for k in ref]
    with pytest.raises(RuntimeError, match="off the group's mean shift"):
        group_shifts(rows, rings, ref)


def test_build_record_holds_the_measured_shifts() -> None:
    record = json.loads(data_path(BUILD_RECORD_FILE).read_text(encoding="utf-8"))
    groups = {g["group"]: g for g in record["inputs"][COAST_CORRECTIONS_FILE]["groups"]}
    west = groups["senkaku_uotsuri"]
    assert 5000 < west["distance_m"] < 6500 and 225 < west["azimuth_deg"] < 265
    assert max(west["residuals_m"].values()) < MAX_RESIDUAL_M
    assert 2000 < groups["senkaku_taisho"]["distance_m"] < 3500


def test_shipped_senkaku_coast_sits_on_the_surveyed_islands() -> None:
    """Each corrected island of the shipped land lies within 500 m of its cited position
    (GSHHG's own polygons were 2.7-6 km off)."""
    import geopandas as gpd

    land = gpd.read_parquet(data_path("land.parquet"))
    senkaku = land[land["label"] == "senkaku"]
    ref = places()
    for pid in ("uotsuri_shima", "kita_kojima", "minami_kojima", "okinokita_iwa",
                "okinominami_iwa", "taisho_jima", "kuba_jima"):
        x, y = ref[pid]
        pt = shapely.Point(x, y)
        geoms = senkaku.geometry.values
        geom = geoms[int(np.argmin(shapely.distance(geoms, pt)))]  # nearest in degrees
        if geom.contains(pt):
            continue
        (x0, y0), (x1, y1) = shapely.get_coordinates(shapely.shortest_line(pt, geom))
        assert GEOD.inv(x0, y0, x1, y1)[2] < 500.0, pid


def test_uotsuri_territorial_sea_is_centred_on_the_island() -> None:
    """12 nm from the surveyed Uotsuri-shima, on every side, is the edge of the disputed
    territorial sea: inside at 10.5 nm on every side, outside at 14.5 nm west (before the correction
    the GSHHG island sat 6 km east and its territorial sea ended about 9 nm west)."""
    from geo.zones import where

    x, y = places()["uotsuri_shima"]
    for az in (0.0, 90.0, 180.0, 270.0):
        inside = where(*destination(x, y, az, 10.5 * NM), perspective="CHN").zone("territorial_sea")
        assert inside is not None and inside.status == "disputed", az
    outside = where(*destination(x, y, 270.0, 14.5 * NM)).zone("territorial_sea")
    assert outside is None


def test_group_shift_record_is_json_ready() -> None:
    g = GroupShift("g", ("1",), 3.0, 4.0, {"p": 0.04})
    assert g.record()["distance_m"] == 5.0 and json.dumps(g.record())
