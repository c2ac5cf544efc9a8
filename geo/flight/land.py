"""Land polygons for overflight: the shipped coast where it exists, Natural Earth elsewhere.

``data/land.parquet`` holds the GSHHG full-resolution shore (small islands included) the
zones were computed from, but only inside :data:`geo.zones.schema.COAST_FRAME`
(100 E - 160 W, 11.5 N - 66 N). Outside that frame, :func:`land_for_boxes` falls back to
the Natural Earth 10m countries (``data/countries.parquet``) with the frame cut out, so
that a track over Europe or Alaska is still checked, at the coarser resolution.

Every land row carries ``label`` (the land's label in ``land.parquet``: an ISO3 code or a
disputed-feature group such as ``senkaku``; the country's ISO3 for Natural Earth rows),
``state`` (the ISO3 sovereign under the ``administering`` perspective of
``sovereignty.csv``; dependent territories such as Guam map to their sovereign through
``countries.parquet``) and ``source`` (``gshhg`` or ``natural_earth``). Geometries are
WGS84 lon/lat, longitudes in [-180, 180].
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from geo._paths import data_dir
from geo.errors import DataValidationError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

_LOCK = threading.Lock()
_CACHE: dict[tuple, Any] = {}


def _frame_boxes():
    """The coast frame as boxes in [-180, 180] longitudes (it runs past 180)."""
    import shapely

    from geo.zones.schema import COAST_FRAME

    w, s, e, n = COAST_FRAME
    boxes = [shapely.box(max(w, -180.0), s, min(e, 180.0), n)]
    if e > 180.0:
        boxes.append(shapely.box(-180.0, s, e - 360.0, n))
    return shapely.union_all(boxes)


def normalize_polygons(geoms) -> np.ndarray:
    """Polygons with any part east of 180 (or west of -180) cut there and shifted by 360
    into [-180, 180]. Returns an object array of the same length."""
    import shapely
    from shapely import affinity

    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    bounds = shapely.bounds(geoms)
    bad = np.flatnonzero((bounds[:, 2] > 180.0) | (bounds[:, 0] < -180.0))
    for i in bad:  # rare: only geometries stored in continuous longitudes
        g = geoms[i]
        parts = []
        for k in range(-1, 2):
            piece = shapely.clip_by_rect(g, -180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
            if not piece.is_empty:
                parts.extend(p for p in shapely.get_parts(affinity.translate(piece, -360.0 * k))
                             if p.geom_type == "Polygon")
        out[i] = shapely.MultiPolygon(parts) if parts else shapely.Polygon()
    return out


@dataclass(eq=False)
class LandIndex:
    """Land polygons (one Polygon per row) with their label, state and an STRtree."""

    frame: gpd.GeoDataFrame
    _tree: Any = field(default=None, repr=False)
    _subsets: dict = field(default_factory=dict, repr=False)

    @property
    def geoms(self) -> np.ndarray:
        return np.asarray(self.frame.geometry.values, dtype=object)

    @property
    def tree(self):
        if self._tree is None:
            import shapely

            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    def vertices_excluding(self, state: str | None):
        """``(lonlat (m, 2), polygon row per vertex, STRtree of the vertex points)`` for
        the exterior vertices of the polygons not of ``state`` (ISO3; None: all), built
        once per state; None when no polygon is left."""
        key = (state or "").upper()
        if key not in self._subsets:
            import shapely

            keep = np.ones(len(self.frame), bool) if not key else \
                (self.frame["state"].to_numpy() != key)
            idx = np.flatnonzero(keep)
            if idx.size == 0:
                self._subsets[key] = None
            else:
                rings = shapely.get_exterior_ring(self.geoms[idx])
                xy, which = shapely.get_coordinates(rings, return_index=True)
                self._subsets[key] = (xy, idx[which], shapely.STRtree(shapely.points(xy)))
        return self._subsets[key]


def as_land_index(land: gpd.GeoDataFrame, source: str = "user") -> LandIndex:
    """Build a :class:`LandIndex` from a GeoDataFrame with a ``label`` column (and
    optionally ``state``; default: the label). Multi-polygons are exploded to polygons,
    longitudes normalised to [-180, 180], polygons prepared for fast containment tests."""
    import geopandas as gpd
    import shapely

    if not isinstance(land, gpd.GeoDataFrame):
        raise TypeError("land must be a GeoDataFrame with a 'label' column")
    if "label" not in land.columns:
        raise DataValidationError([RowError(f"land ({source})", 0, "label", "column is missing")])
    if land.crs is not None and not land.crs.equals("EPSG:4326"):
        land = land.to_crs(4326)
    cols = ["label"] + [c for c in ("state", "source") if c in land.columns]
    frame = gpd.GeoDataFrame(land[cols].copy(), geometry=normalize_polygons(land.geometry.values),
                             crs=4326)
    frame = frame.explode(index_parts=False).reset_index(drop=True)
    frame = frame[frame.geometry.geom_type == "Polygon"].reset_index(drop=True)
    frame["label"] = frame["label"].astype(str)
    if "state" not in frame.columns:
        frame["state"] = frame["label"]
    frame["state"] = frame["state"].astype(str)
    if "source" not in frame.columns:
        frame["source"] = source
    shapely.prepare(np.asarray(frame.geometry.values, dtype=object))
    return LandIndex(frame)


def _sovereign_map(folder) -> dict[str, str]:
    """ISO3 unit -> ISO3 sovereign from ``countries.parquet`` (empty if it is absent)."""
    import pandas as pd

    from geo.zones.schema import COUNTRIES_FILE

    path = folder / COUNTRIES_FILE
    if not path.exists():
        return {}
    table = pd.read_parquet(path, columns=["iso3", "sovereign"])
    return {str(a): str(b) for a, b in zip(table["iso3"], table["sovereign"], strict=True)
            if isinstance(b, str) and b}


def _owner_map(folder) -> dict[str, str]:
    """label -> owner under the administering perspective (sovereignty.csv)."""
    from geo.zones.load import read_sovereignty
    from geo.zones.schema import DEFAULT_PERSPECTIVE, SOVEREIGNTY_FILE

    path = folder / SOVEREIGNTY_FILE
    if not path.exists():
        return {}
    sov = read_sovereignty(path)
    sov = sov[sov["perspective"] == DEFAULT_PERSPECTIVE]
    return dict(zip(sov["label"].astype(str), sov["owner"].astype(str), strict=True))


def _cached_file(kind: str, path, what: str, load):
    """``load(path)``, once per process and file version (path, mtime); raises
    ``FileNotFoundError`` naming ``what`` when the shipped file is missing."""
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: the shipped {what} are missing (rebuild them with the zone "
            "build command described in data/SOURCES.md)"
        )
    key = (kind, str(path.resolve()), path.stat().st_mtime_ns)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is None:
        hit = load(path)
        with _LOCK:
            _CACHE[key] = hit
    return hit


def shipped_land() -> LandIndex:
    """The shipped GSHHG land (``data/land.parquet``), labelled with sovereign states.

    Read once per process. Raises ``FileNotFoundError`` when the file is missing.
    """
    import geopandas as gpd

    from geo.zones.schema import LAND_FILE

    folder = data_dir()

    def load(path) -> LandIndex:
        land = gpd.read_parquet(path)
        owners = _owner_map(folder)
        sovereigns = _sovereign_map(folder)
        owner = land["label"].astype(str).map(lambda s: owners.get(s, s))
        land = land.assign(state=owner.map(lambda s: sovereigns.get(s, s)), source="gshhg")
        return as_land_index(land, "gshhg")

    return _cached_file("gshhg", folder / LAND_FILE, "land polygons", load)


def shipped_countries() -> gpd.GeoDataFrame:
    """``data/countries.parquet`` (iso3, name, sovereign, geometry), read once per process."""
    import geopandas as gpd

    from geo.zones.schema import COUNTRIES_FILE

    def load(path) -> gpd.GeoDataFrame:
        countries = gpd.read_parquet(path)
        if countries.crs is None:
            countries = countries.set_crs(4326)
        return countries.reset_index(drop=True)

    return _cached_file("countries", data_dir() / COUNTRIES_FILE, "Natural Earth countries",
                        load)


def countries_outside_frame(boxes) -> LandIndex | None:
    """Natural Earth countries that meet ``boxes`` (a list of (west, south, east, north)
    boxes in [-180, 180] longitudes), with the coast frame cut out, as land rows
    (label = iso3, state = sovereign). ``None`` when no country is left."""
    import geopandas as gpd
    import shapely

    countries = shipped_countries()
    geoms = np.asarray(countries.geometry.values, dtype=object)
    box = shapely.union_all([shapely.box(*b) for b in boxes])
    hit = np.flatnonzero(shapely.intersects(geoms, box))
    if hit.size == 0:
        return None
    frame_geom = _frame_boxes()
    cut = shapely.difference(shapely.intersection(geoms[hit], box), frame_geom)
    keep = ~shapely.is_empty(cut)
    if not keep.any():
        return None
    sub = countries.iloc[hit[keep]]
    sov = sub["sovereign"].where(sub["sovereign"].astype(bool), sub["iso3"]) \
        if "sovereign" in sub.columns else sub["iso3"]
    land = gpd.GeoDataFrame({"label": sub["iso3"].astype(str).to_numpy(),
                             "state": sov.astype(str).to_numpy(),
                             "source": "natural_earth"},
                            geometry=list(cut[keep]), crs=4326)
    return as_land_index(land, "natural_earth")


def land_for_boxes(boxes) -> list[LandIndex]:
    """The land indexes to test a track whose pieces have the bounding ``boxes``
    ((west, south, east, north), [-180, 180] longitudes): the shipped GSHHG land, plus
    Natural Earth countries for the part of the boxes outside the coast frame (only when
    a box leaves the frame)."""
    import shapely

    out = [shipped_land()]
    box = shapely.union_all([shapely.box(*b) for b in boxes])
    if not shapely.covers(_frame_boxes(), box):
        extra = countries_outside_frame(boxes)
        if extra is not None:
            out.append(extra)
    return out
