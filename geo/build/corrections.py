"""Documented corrections of misplaced GSHHG islands (``data/coast_corrections.csv``).

GSHHG full resolution is good to about 100 m along most of the theatre's coasts, but a
few remote islands come from an older survey and are displaced by kilometres. The
Senkaku / Diaoyu group is the case that matters here: GSHHG draws Uotsuri-shima,
Kita-kojima, Minami-kojima and the rocks around them about 5.7 km east-north-east of their
surveyed positions, and Taisho-jima about 2.7 km south, while Kuba-jima matches. A
territorial sea is 22 km wide, so that offset moves the disputed waters visibly.

The correction is a rigid shift per *group* of GSHHG polygons, never a redrawn coast:

1. ``coast_corrections.csv`` names, per group, the GSHHG polygons it moves (by GSHHG id)
   and, for each, the gazetteer place (``data/places.csv``, each row with its own cited
   surveyed position) that the polygon depicts. Rows with ``fit`` = 1 are used to estimate
   the shift; ``fit`` = 0 marks a polygon that only moves along (its reference position is
   too coarse to measure with, e.g. Tobise, given to the minute).
2. For each fitted row the geodesic displacement (WGS84, ``pyproj.Geod``) from the GSHHG
   polygon's centroid to the place's position is split into east and north metres; the
   group's shift is their mean.
3. Every vertex of every polygon of the group is moved by that shift along a geodesic
   (``Geod.fwd``); the residual of each fitted row (its displacement minus the mean) is
   recorded in the build record, so the correction's own accuracy is on file.

Coordinates are WGS84 lon/lat degrees; shifts and residuals are metres.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.errors import DataValidationError

#: Columns of ``coast_corrections.csv``, in order.
CORRECTION_COLUMNS = ("group", "gshhg_id", "place_id", "fit", "source")

#: A fitted row whose residual exceeds this (metres) stops the build: the rows of one group
#: would then not be displaced together, and a single shift would be the wrong model.
MAX_RESIDUAL_M = 1000.0
#: The GSHHG polygons of the table are looked for within this many degrees of its places.
SEARCH_DEG = 0.5


@dataclass(frozen=True)
class GroupShift:
    """The rigid shift of one correction group, in metres east and north (WGS84)."""

    group: str
    gshhg_ids: tuple[str, ...]
    east_m: float
    north_m: float
    residuals_m: dict[str, float]

    @property
    def distance_m(self) -> float:
        return float(np.hypot(self.east_m, self.north_m))

    @property
    def azimuth_deg(self) -> float:
        return float(np.degrees(np.arctan2(self.east_m, self.north_m)) % 360.0)

    def record(self) -> dict:
        """JSON-ready summary for the build record (metres rounded to 0.1)."""
        return {"group": self.group, "gshhg_ids": list(self.gshhg_ids),
                "east_m": round(self.east_m, 1), "north_m": round(self.north_m, 1),
                "distance_m": round(self.distance_m, 1),
                "azimuth_deg": round(self.azimuth_deg, 2),
                "residuals_m": {k: round(v, 1) for k, v in self.residuals_m.items()}}


def read_corrections(path: Path, place_ids: set[str]) -> list[dict[str, str]]:
    """Read and check ``coast_corrections.csv``; return its rows.

    Raises :class:`DataValidationError` listing every bad row: wrong header, empty field,
    ``fit`` not 0/1, a place id missing from ``places.csv``, a GSHHG id listed twice, or a
    group without a fitted row.
    """
    from geo._tables import Column, read_table

    def fit(value: str) -> str:
        if value not in ("0", "1"):
            raise ValueError(f"expected 0 or 1, got {value!r}")
        return value

    def known_place(row: dict) -> list[tuple[str, str]]:
        if row["place_id"] in place_ids:
            return []
        return [("place_id", f"{row['place_id']!r} is not an id of places.csv")]

    def fitted_groups(rows: list) -> list[tuple[int, str, str]]:
        fitted: dict[str, bool] = {}
        for row in rows:
            group = row.text["group"]
            fitted[group] = fitted.get(group, False) or row.text["fit"] == "1"
        return [(0, "fit", f"group {g!r} has no row with fit=1")
                for g, ok in fitted.items() if g and not ok]

    columns = tuple(Column(c, fit) if c == "fit" else Column(c) for c in CORRECTION_COLUMNS)
    rows, errors = read_table(path, columns, [known_place], id_column="gshhg_id",
                              what="coast corrections", table_checks=[fitted_groups],
                              extra_columns=False, allow_empty=True)
    if errors:
        raise DataValidationError(errors)
    return [dict(r.text) for r in rows]


def group_shifts(rows: list[dict[str, str]], polygons: dict[str, np.ndarray],
                 places: dict[str, tuple[float, float]]) -> list[GroupShift]:
    """The shift of every group: mean east/north displacement, centroid -> cited place.

    ``polygons`` maps GSHHG id to its (n, 2) lon/lat ring; ``places`` maps place id to its
    (lon, lat). Raises ``RuntimeError`` if a listed GSHHG id is not in ``polygons`` or a
    fitted row's residual exceeds :data:`MAX_RESIDUAL_M`.
    """
    import shapely

    from geo.geodesy import GEOD

    missing = sorted({r["gshhg_id"] for r in rows} - set(polygons))
    if missing:
        raise RuntimeError(f"coast_corrections.csv names GSHHG polygons not found near their "
                           f"places: {', '.join(missing)}")
    out = []
    for group in sorted({r["group"] for r in rows}):
        members = [r for r in rows if r["group"] == group]
        fit = [r for r in members if r["fit"] == "1"]
        cen = np.array([shapely.Polygon(polygons[r["gshhg_id"]]).centroid.coords[0] for r in fit])
        ref = np.array([places[r["place_id"]] for r in fit])
        az, _, dist = GEOD.inv(cen[:, 0], cen[:, 1], ref[:, 0], ref[:, 1])
        east = np.asarray(dist) * np.sin(np.radians(az))
        north = np.asarray(dist) * np.cos(np.radians(az))
        me, mn = float(east.mean()), float(north.mean())
        resid = {r["place_id"]: float(np.hypot(e - me, n - mn))
                 for r, e, n in zip(fit, east, north, strict=True)}
        worst = max(resid, key=resid.get)
        if resid[worst] > MAX_RESIDUAL_M:
            raise RuntimeError(f"coast correction group {group!r}: {worst} is "
                               f"{resid[worst]:.0f} m off the group's mean shift "
                               f"(limit {MAX_RESIDUAL_M:.0f} m); check the table")
        out.append(GroupShift(group, tuple(r["gshhg_id"] for r in members), me, mn, resid))
    return out


def shift_ring(coords: np.ndarray, shift: GroupShift) -> np.ndarray:
    """``coords`` (n, 2 lon/lat) moved by ``shift`` along geodesics (WGS84)."""
    from geo.geodesy import GEOD

    n = len(coords)
    lon, lat, _ = GEOD.fwd(coords[:, 0], coords[:, 1], np.full(n, shift.azimuth_deg),
                           np.full(n, shift.distance_m))
    return np.column_stack([lon, lat])


def load_corrections(data_dir: Path) -> tuple[list[dict[str, str]], dict[str, tuple[float, float]]]:
    """Rows of ``coast_corrections.csv`` in ``data_dir`` and the places they refer to."""
    from geo.gazetteer import PLACES_FILE, load_gazetteer
    from geo.zones.schema import COAST_CORRECTIONS_FILE

    places = {p.id: (p.lon, p.lat) for p in load_gazetteer(data_dir / PLACES_FILE).places}
    rows = read_corrections(data_dir / COAST_CORRECTIONS_FILE, set(places))
    return rows, {r["place_id"]: places[r["place_id"]] for r in rows}


def shifts_for_build(data_dir: Path) -> tuple[dict[str, GroupShift], list[GroupShift]]:
    """Read the corrections table, measure each group's shift on GSHHG, return
    ``({gshhg_id: shift}, [shift per group])`` for :func:`geo.build.coast.read_coast_polygons`.
    Only GSHHG rings within :data:`SEARCH_DEG` of the table's places are read.
    """
    from geo.build.gshhg import read_gshhg

    rows, places = load_corrections(data_dir)
    wanted = {r["gshhg_id"] for r in rows}
    polygons: dict[str, np.ndarray] = {}
    if places:
        # the misplaced islands lie within a few km of their places: read only around them
        xy = np.array(list(places.values()))
        west, south = xy.min(axis=0) - SEARCH_DEG
        east, north = xy.max(axis=0) + SEARCH_DEG
        polygons = {p.gshhg_id: p.coords
                    for p in read_gshhg(bbox=(west, south, east, north), levels=(1,))
                    if p.gshhg_id in wanted}
    groups = group_shifts(rows, polygons, places)
    return {gid: g for g in groups for gid in g.gshhg_ids}, groups
