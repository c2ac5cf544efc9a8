"""Japan's specified areas (data/specified_areas.csv) and their reader.

The shipped table holds only the areas whose vertices could be sourced (data/SOURCES.md,
section specified_areas.csv); SHIPPED_AREAS says which, so that adding or losing an area is
a deliberate change of this file. Each shipped area must be a valid polygon that contains
a point in the middle of its strait and none of the other straits' points. The reader is
also exercised on small tables written here: geodesic densification, ring order by
``seq``, and one error naming the row and field (or the area) for every bad row.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
import shapely

from geo._paths import data_path
from geo.errors import DataValidationError
from geo.geodesy import GEOD
from geo.zones.specified_areas import (
    OUTPUT_COLUMNS,
    SPECIFIED_AREA_COLUMNS,
    SPECIFIED_AREAS_FILE,
    STEP_M,
    read_specified_areas,
)

#: The five areas of the Act (Supplementary Provisions para. 2), each with a point in the
#: middle of the strait, in Japanese waters within 12 nm of the Japanese coast (lon, lat).
FIVE_AREAS: dict[str, tuple[str, tuple[float, float]]] = {
    "soya": ("Soya Strait", (141.98, 45.60)),               # 9 km N of Soya-misaki
    "tsugaru": ("Tsugaru Strait", (140.55, 41.45)),         # mid-strait, Tappi - Shirakami east
    "tsushima_east": ("Tsushima Strait East Channel", (129.50, 34.00)),  # Tsushima - Iki
    "tsushima_west": ("Tsushima Strait West Channel", (129.15, 34.50)),  # W of Tsushima
    "osumi": ("Osumi Strait", (130.75, 30.80)),             # Sata-misaki - Tanegashima
}
#: Areas whose vertices data/specified_areas.csv holds today. None could be sourced (the
#: search corpora held no copy of the Enforcement Order's arts. 3-4 and annexed table 2);
#: see data/SOURCES.md. Add each area here when its rows are added.
SHIPPED_AREAS: frozenset[str] = frozenset()
#: Well outside every strait: the middle of the Sea of Japan.
OUTSIDE = (135.0, 38.0)

INSTRUMENT = "test instrument"


def _write(path, rows, header=SPECIFIED_AREA_COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def _row(area, seq, lon, lat, *, name=None, limit="3", source="test row"):
    return [area, name or area.title(), str(seq), str(lat), str(lon), f"{lat} {lon}", limit,
            INSTRUMENT, source]


def _square(area, lon0, lat0, d, *, first_seq=1):
    pts = [(lon0 - d, lat0 - d), (lon0 + d, lat0 - d), (lon0 + d, lat0 + d), (lon0 - d, lat0 + d)]
    return [_row(area, first_seq + i, x, y) for i, (x, y) in enumerate(pts)]


def _errors(path) -> list:
    with pytest.raises(DataValidationError) as exc:
        read_specified_areas(path)
    return exc.value.errors


def _max_step_m(poly) -> float:
    xy = np.asarray(poly.exterior.coords)
    return float(np.max(GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])[2]))


# ------------------------------------------------------------------ the shipped table
def test_shipped_header_is_exact():
    with open(data_path(SPECIFIED_AREAS_FILE), newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == list(SPECIFIED_AREA_COLUMNS)


def test_shipped_table_holds_the_documented_areas():
    frame = read_specified_areas()
    assert list(frame.columns) == [*OUTPUT_COLUMNS, "geometry"]
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert set(frame["area"]) == SHIPPED_AREAS
    assert SHIPPED_AREAS <= set(FIVE_AREAS)
    assert (frame["limit_nm"] == 3.0).all()
    for _, r in frame.iterrows():
        assert r["name"] == FIVE_AREAS[r["area"]][0]
        assert "http" in r["source"] and r["instrument"], r["area"]


@pytest.mark.parametrize("area", sorted(FIVE_AREAS))
def test_shipped_area_is_a_valid_polygon_around_its_strait(area):
    if area not in SHIPPED_AREAS:
        pytest.skip(f"{area}: vertices not sourced yet (data/SOURCES.md)")
    frame = read_specified_areas().set_index("area")
    poly = frame.loc[area, "geometry"]
    assert poly.geom_type == "Polygon" and poly.is_valid
    assert _max_step_m(poly) <= STEP_M + 1e-6
    assert poly.contains(shapely.Point(FIVE_AREAS[area][1]))
    assert not poly.contains(shapely.Point(OUTSIDE))
    for other, (_, point) in FIVE_AREAS.items():
        if other != area:
            assert not poly.contains(shapely.Point(point)), (area, other)


def test_the_mid_strait_points_are_at_sea():
    # The test points themselves must be water, or the containment checks mean nothing.
    import geopandas as gpd

    land = gpd.read_parquet(data_path("land.parquet"))
    for area, (_, (lon, lat)) in FIVE_AREAS.items():
        assert not land.geometry.contains(shapely.Point(lon, lat)).any(), area


# ------------------------------------------------------------------ the reader
def test_reader_builds_geodesic_polygons_in_seq_order(tmp_path):
    a = _square("toy_a", 140.55, 41.45, 0.1)
    rows = [a[2], a[0], a[3], a[1], _row("toy_a", 5, 140.45, 41.35)]  # shuffled, closed
    b = [_row("toy_b", 1, 140.0, 45.0, source="src 1"),
         _row("toy_b", 2, 142.0, 45.0, source="src 2"),
         _row("toy_b", 3, 141.0, 44.0, source="src 1")]
    frame = read_specified_areas(_write(tmp_path / "areas.csv", rows + b))
    assert list(frame["area"]) == ["toy_a", "toy_b"]
    assert list(frame.columns) == [*OUTPUT_COLUMNS, "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert list(frame["limit_nm"]) == [3.0, 3.0]
    assert frame.loc[1, "source"] == "src 1 | src 2"
    sq, tri = frame.geometry
    assert sq.is_valid and tri.is_valid
    assert sq.contains(shapely.Point(140.55, 41.45)) and not sq.contains(shapely.Point(OUTSIDE))
    # the ring follows seq (a shuffled file must not give a bow-tie) and keeps every vertex
    for x, y in ((140.45, 41.35), (140.65, 41.35), (140.65, 41.55), (140.45, 41.55)):
        assert shapely.Point(x, y).distance(sq.exterior) < 1e-9
    assert _max_step_m(sq) <= STEP_M + 1e-6 and _max_step_m(tri) <= STEP_M + 1e-6
    assert len(tri.exterior.coords) > 400        # ~ 158 + 2 * 136 km of edges, 1 km steps
    # the 158 km edge along 45N is a geodesic: it bulges poleward of the parallel, by
    # about 490 m (0.0044 deg) at its middle, where a lon/lat chord would stay on 45N
    xy = np.asarray(tri.exterior.coords)
    top = xy[np.abs(xy[:, 1] - 45.0) < 0.01]
    _, geodesic_mid_lat, _ = GEOD.fwd(140.0, 45.0, GEOD.inv(140.0, 45.0, 142.0, 45.0)[0],
                                      GEOD.inv(140.0, 45.0, 142.0, 45.0)[2] / 2)
    assert top[:, 1].max() == pytest.approx(geodesic_mid_lat, abs=1e-5)
    assert top[:, 1].max() > 45.004


def test_reader_default_is_the_shipped_file():
    assert read_specified_areas().equals(read_specified_areas(data_path(SPECIFIED_AREAS_FILE)))


def test_header_only_table_gives_an_empty_frame(tmp_path):
    frame = read_specified_areas(_write(tmp_path / "empty.csv", []))
    assert len(frame) == 0 and list(frame.columns) == [*OUTPUT_COLUMNS, "geometry"]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="specified areas"):
        read_specified_areas(tmp_path / "nope.csv")


def test_every_bad_field_is_reported_with_row_and_field(tmp_path):
    good = _square("toy_a", 140.55, 41.45, 0.1)
    bad = [
        ["toy_b", "Toy B", "1", "abc", "140.0", "x", "3", INSTRUMENT, "s"],      # row 5
        ["toy_b", "Toy B", "2", "41.0", "200.0", "x", "3", INSTRUMENT, "s"],     # row 6
        ["toy_b", "", "3", "41.5", "140.5", "x", "3", INSTRUMENT, "s"],          # row 7
        ["toy_b", "Toy B", "0", "41.5", "140.5", "x", "3", INSTRUMENT, "s"],     # row 8
        ["toy_b", "Toy B", "4", "41.5", "140.5", "x", "0", INSTRUMENT, "s"],     # row 9
        ["Toy C", "Toy C", "1", "41.5", "140.5", "x", "3", INSTRUMENT, "s"],     # row 10
        ["toy_b", "Toy B", "5", "41.5", "140.5", "x", "3", INSTRUMENT],          # row 11
    ]
    errors = _errors(_write(tmp_path / "bad.csv", good + bad))
    found = {(e.row, e.field) for e in errors}
    assert {(5, "lat"), (6, "lon"), (7, "name"), (8, "seq"), (9, "limit_nm"), (10, "area"),
            (11, "*")} <= found
    by_key = {(e.row, e.field): e.reason for e in errors}
    assert "not a number" in by_key[(5, "lat")]
    assert "outside" in by_key[(6, "lon")]
    assert by_key[(7, "name")] == "empty"
    assert all(e.file.endswith("bad.csv") for e in errors)
    assert not any(e.row in (1, 2, 3, 4) for e in errors)   # the good area is not blamed


def test_repeated_seq_names_the_row(tmp_path):
    rows = [*_square("toy_a", 140.55, 41.45, 0.1), _row("toy_a", 2, 140.7, 41.6)]
    (err,) = _errors(_write(tmp_path / "dup.csv", rows))
    assert (err.row, err.field) == (5, "seq") and "toy_a" in err.reason and "row 2" in err.reason


def test_self_intersecting_ring_names_the_area(tmp_path):
    pts = [(140.0, 41.0), (141.0, 42.0), (141.0, 41.0), (140.0, 42.0)]   # a bow-tie
    rows = [_row("bowtie", i, x, y) for i, (x, y) in enumerate(pts, start=1)]
    (err,) = _errors(_write(tmp_path / "bowtie.csv", rows))
    assert (err.row, err.field) == (1, "area")
    assert "'bowtie'" in err.reason and "not a valid polygon" in err.reason


def test_too_few_vertices_names_the_area(tmp_path):
    rows = [_row("thin", 1, 140.0, 41.0), _row("thin", 2, 141.0, 41.0),
            _row("thin", 3, 140.0, 41.0)]                               # closed 2-gon
    (err,) = _errors(_write(tmp_path / "thin.csv", rows))
    assert (err.row, err.field) == (1, "area")
    assert "'thin'" in err.reason and "at least 3 distinct vertices, got 2" in err.reason


def test_metadata_must_agree_within_an_area(tmp_path):
    rows = _square("toy_a", 140.55, 41.45, 0.1)
    rows[2][6] = "12"                                                   # limit_nm
    rows[3][1] = "Other name"
    errors = _errors(_write(tmp_path / "mixed.csv", rows))
    fields = {e.field: e.reason for e in errors}
    assert set(fields) == {"limit_nm", "name"}
    assert all("'toy_a'" in r and "differs" in r for r in fields.values())


def test_wrong_header_is_refused(tmp_path):
    header = [c if c != "limit_nm" else "limit" for c in SPECIFIED_AREA_COLUMNS]
    errors = _errors(_write(tmp_path / "hdr.csv", _square("toy_a", 140.5, 41.4, 0.1),
                            header=header))
    assert any("limit_nm" in e.field and "missing column" in e.reason for e in errors)
