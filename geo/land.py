"""One land model: which land lies where, for overflight and for "on whose land is this
point" alike.

Two sources, one rule for where each applies:

* inside :data:`geo.zones.schema.COAST_FRAME` (100 E - 160 W, 11.5 N - 66 N), the shipped
  GSHHG full-resolution shore (``data/land.parquet``, small islands included) the zones
  were computed from;
* outside that frame, the Natural Earth 10m admin-0 units (``data/countries.parquet``,
  :func:`countries`), at their coarser resolution, so that a track over Europe or Alaska
  or a point in Poland still finds its land.

Every land row carries ``label`` (the land's label in ``land.parquet``: an ISO3 code or a
disputed-feature group such as ``senkaku``; the unit's ISO3 for Natural Earth rows),
``state`` (the ISO3 sovereign under the ``administering`` perspective of
``sovereignty.csv``; dependent territories such as Guam map to their sovereign through
``countries.parquet``) and ``source`` (``gshhg`` or ``natural_earth``).

Public entry points: :func:`countries` (the shipped countries frame), :func:`shipped_land`
(the GSHHG land as a :class:`LandIndex`), :func:`land_for_boxes` (the land to test a
track against), :func:`land_state` (the state whose land holds each of many points) and
:func:`as_land_index` (a user's land frame in the same form). Every file is read once per
process through :func:`geo._cache.cached_file`. Geometries are WGS84 lon/lat
(EPSG:4326), longitudes in [-180, 180].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo._cache import Memo, cached_file
from geo._paths import data_dir
from geo.errors import DataValidationError, RowError
from geo.geodesy import in_lonlat_box, normalize_lon

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: A lon/lat box ``(west, south, east, north)`` in degrees, longitudes in [-180, 180].
Box = tuple[float, float, float, float]


def _frame_boxes():
    """The coast frame as one shapely geometry in [-180, 180] longitudes (the frame runs
    past 180, so it is two boxes)."""
    import shapely

    from geo.zones.schema import COAST_FRAME

    w, s, e, n = COAST_FRAME
    boxes = [shapely.box(max(w, -180.0), s, min(e, 180.0), n)]
    if e > 180.0:
        boxes.append(shapely.box(-180.0, s, e - 360.0, n))
    return shapely.union_all(boxes)


def in_coast_frame(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """True where (lon, lat) (degree arrays) lies inside the coast frame, edges included:
    where the GSHHG land of ``land.parquet`` is the land model."""
    from geo.zones.schema import COAST_FRAME

    return np.asarray(in_lonlat_box(np.asarray(lon, float), np.asarray(lat, float),
                                    COAST_FRAME), dtype=bool)


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
    """Land polygons (one Polygon per row of ``frame``: ``label``, ``state``, ``source``,
    geometry in EPSG:4326) with an STRtree and per-state shore vertex indexes, each built
    once on first use (thread-safe: several threads share the shipped index)."""

    frame: gpd.GeoDataFrame
    _built: Memo = field(default_factory=Memo, repr=False)

    @property
    def geoms(self) -> np.ndarray:
        """The polygons, an object array in the order of ``frame``."""
        return np.asarray(self.frame.geometry.values, dtype=object)

    @property
    def tree(self):
        """STRtree of :attr:`geoms` (indexes are row positions of ``frame``)."""
        import shapely

        return self._built.get("tree", lambda: shapely.STRtree(self.geoms))

    def vertices_excluding(self, state: str | None):
        """``(lonlat (m, 2), polygon row per vertex, STRtree of the vertex points)`` for
        the exterior vertices of the polygons not of ``state`` (ISO3; None: all), built
        once per state; None when no polygon is left."""
        key = (state or "").upper()

        def build():
            import shapely

            keep = np.ones(len(self.frame), bool) if not key else \
                (self.frame["state"].to_numpy() != key)
            idx = np.flatnonzero(keep)
            if idx.size == 0:
                return None
            rings = shapely.get_exterior_ring(self.geoms[idx])
            xy, which = shapely.get_coordinates(rings, return_index=True)
            return xy, idx[which], shapely.STRtree(shapely.points(xy))

        return self._built.get(("vertices", key), build)

    def states_at(self, lon: np.ndarray, lat: np.ndarray, column: str = "state") -> np.ndarray:
        """``state`` (or another ``column``, e.g. ``label``) of the polygon holding each
        point (lon/lat degree arrays of one shape, longitudes in [-180, 180]; boundary
        included), ``None`` where there is none; where polygons overlap, the first row
        wins. An object array."""
        import shapely

        lon = np.asarray(lon, float).ravel()
        lat = np.asarray(lat, float).ravel()
        out = np.full(lon.size, None, dtype=object)
        if lon.size == 0 or len(self.frame) == 0:
            return out
        pi, gi = self.tree.query(shapely.points(lon, lat), predicate="intersects")
        if pi.size:
            order = np.lexsort((gi, pi))
            pi, gi = pi[order], gi[order]
            first = np.concatenate([[True], pi[1:] != pi[:-1]])
            states = self.frame[column].to_numpy(dtype=object)
            out[pi[first]] = states[gi[first]]
        return out


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


# --------------------------------------------------------------------------- countries
def _read_countries(path: Path) -> gpd.GeoDataFrame:
    import geopandas as gpd

    frame = gpd.read_parquet(path)
    if frame.crs is None:
        frame = frame.set_crs(4326)
    return frame.reset_index(drop=True)


def countries() -> gpd.GeoDataFrame:
    """The shipped Natural Earth 10m admin-0 units (``data/countries.parquet``): one row
    per unit with ``iso3``, ``name``, ``sovereign`` (ISO3 of its sovereign state),
    ``iso_numeric`` and geometry, EPSG:4326, index 0..n-1.

    Read once per process (and file version) and **shared**: every call returns the same
    frame, so treat it as read-only and take ``.copy()`` before changing it. Raises
    ``FileNotFoundError`` naming the file when it is missing.
    """
    from geo.zones.schema import COUNTRIES_FILE

    return cached_file(data_dir() / COUNTRIES_FILE, _read_countries,
                       what="Natural Earth countries", kind="countries")


def _sovereign(units: gpd.GeoDataFrame) -> np.ndarray:
    """ISO3 sovereign of each unit of a countries frame: ``sovereign`` where set, else
    the unit's own ``iso3``."""
    iso3 = units["iso3"].astype(str).to_numpy(dtype=object)
    if "sovereign" not in units.columns:
        return iso3
    sov = units["sovereign"].to_numpy(dtype=object)
    has = np.array([isinstance(s, str) and bool(s) for s in sov], dtype=bool)
    return np.where(has, sov, iso3).astype(object)


def _countries_land(units: gpd.GeoDataFrame, geoms) -> LandIndex:
    """Land rows from countries units and (possibly cut) geometries of the same length:
    label = iso3, state = sovereign, source = natural_earth."""
    import geopandas as gpd

    land = gpd.GeoDataFrame({"label": units["iso3"].astype(str).to_numpy(),
                             "state": _sovereign(units).astype(str),
                             "source": "natural_earth"},
                            geometry=list(geoms), crs=4326)
    return as_land_index(land, "natural_earth")


def feature_land(units: gpd.GeoDataFrame, sovereignty) -> gpd.GeoDataFrame:
    """The polygons of Natural Earth ``units`` (one row per polygon part: ``iso3``,
    ``label``, geometry) with the land of the disputed features of ``sovereignty``
    relabelled, so that a perspective can decide its owner: a label whose ``land_unit``
    names a unit takes all of that unit's polygons (``FLK`` -> ``falklands``); one whose
    ``land_box`` (``"west south east north"``, degrees) is set takes every polygon whose
    representative point lies in the box (the Crimean peninsula, a part of Natural
    Earth's Russia; Abu Musa, a part of Iran; Mayotte, a part of France). Every other
    polygon keeps its unit's sovereign as label. EPSG:4326."""
    import geopandas as gpd
    import shapely

    sov_of = _sovereign(units)
    parts, which = shapely.get_parts(np.asarray(units.geometry.values, dtype=object),
                                     return_index=True)
    iso3 = units["iso3"].astype(str).to_numpy(dtype=object)[which]
    label = np.asarray(sov_of, dtype=object)[which].copy()
    cols = set(sovereignty.columns)
    if {"land_unit", "land_box"} & cols:
        rep = shapely.get_coordinates(shapely.point_on_surface(parts))
        for row in sovereignty.drop_duplicates("label").itertuples(index=False):
            unit = str(getattr(row, "land_unit", "") or "").strip()
            box = str(getattr(row, "land_box", "") or "").strip()
            if unit and unit != "nan":
                label[iso3 == unit] = str(row.label)
            if box and box != "nan":
                w, s_, e, n = (float(v) for v in box.split())
                inside = (rep[:, 0] >= w) & (rep[:, 0] <= e) & (rep[:, 1] >= s_) & (rep[:, 1] <= n)
                label[inside] = str(row.label)
    return gpd.GeoDataFrame({"iso3": iso3, "label": label}, geometry=list(parts), crs=4326)


def world_land() -> gpd.GeoDataFrame:
    """:func:`feature_land` of the shipped countries and ``sovereignty.csv``, built once
    per file version (shared: treat as read-only)."""
    from geo.zones.schema import COUNTRIES_FILE, SOVEREIGNTY_FILE
    from geo.zones.sovereignty import read_sovereignty

    def build(_path: Path) -> gpd.GeoDataFrame:
        sov = cached_file(data_dir() / SOVEREIGNTY_FILE, read_sovereignty,
                          what="sovereignty", kind="sovereignty-table")
        return feature_land(countries(), sov)

    return cached_file(data_dir() / COUNTRIES_FILE, build, what="Natural Earth countries",
                       kind="world-land")


def _countries_index() -> LandIndex:
    """Every Natural Earth unit as land rows (no frame cut), the disputed features'
    land labelled (:func:`world_land`), built once per file version."""
    from geo.zones.schema import COUNTRIES_FILE, SOVEREIGNTY_FILE

    def build(_path: Path) -> LandIndex:
        import geopandas as gpd

        land = world_land()
        owners = cached_file(data_dir() / SOVEREIGNTY_FILE, _owner_map, what="sovereignty",
                             kind="owners")
        units = countries()
        sovereigns = dict(zip(units["iso3"].astype(str), _sovereign(units), strict=True))
        # a feature's owner is the state the table names; a unit's code maps to its sovereign
        state = [owners[lab] if lab in owners else sovereigns.get(lab, lab)
                 for lab in land["label"]]
        frame = gpd.GeoDataFrame({"label": land["label"].to_numpy(), "state": state,
                                  "source": "natural_earth"}, geometry=land.geometry.values,
                                 crs=4326)
        return as_land_index(frame, "natural_earth")

    return cached_file(data_dir() / COUNTRIES_FILE, build, what="Natural Earth countries",
                       kind="countries-land")


# --------------------------------------------------------------------------- GSHHG land
def _owner_map(path: Path) -> dict[str, str]:
    """label -> owner under the administering perspective (``sovereignty.csv``)."""
    from geo.zones.schema import DEFAULT_PERSPECTIVE
    from geo.zones.sovereignty import read_sovereignty

    sov = read_sovereignty(path)
    sov = sov[sov["perspective"] == DEFAULT_PERSPECTIVE]
    return dict(zip(sov["label"].astype(str), sov["owner"].astype(str), strict=True))


def shipped_land() -> LandIndex:
    """The shipped GSHHG land (``data/land.parquet``, inside the coast frame only),
    labelled with sovereign states: a land's owner under the administering perspective
    of ``sovereignty.csv``, mapped to its sovereign through :func:`countries`.

    Read once per process and shared. Raises ``FileNotFoundError`` naming the file when
    ``land.parquet``, ``sovereignty.csv`` or ``countries.parquet`` is missing.
    """
    from geo.zones.schema import LAND_FILE, SOVEREIGNTY_FILE

    folder = data_dir()

    def load(path: Path) -> LandIndex:
        import geopandas as gpd

        land = gpd.read_parquet(path)
        owners = cached_file(folder / SOVEREIGNTY_FILE, _owner_map, what="sovereignty",
                             kind="owners")
        units = countries()
        sovereigns = dict(zip(units["iso3"].astype(str), _sovereign(units), strict=True))
        owner = land["label"].astype(str).map(lambda s: owners.get(s, s))
        land = land.assign(state=owner.map(lambda s: sovereigns.get(s, s)), source="gshhg")
        return as_land_index(land, "gshhg")

    return cached_file(folder / LAND_FILE, load, what="land polygons", kind="gshhg")


def countries_outside_frame(boxes: Sequence[Box]) -> LandIndex | None:
    """Natural Earth countries that meet ``boxes`` ((west, south, east, north) in
    [-180, 180] longitudes), with the coast frame cut out, as land rows (label = iso3,
    state = sovereign). ``None`` when no country is left."""
    import shapely

    units = countries()
    geoms = np.asarray(units.geometry.values, dtype=object)
    box = shapely.union_all([shapely.box(*b) for b in boxes])
    hit = np.flatnonzero(shapely.intersects(geoms, box))
    if hit.size == 0:
        return None
    cut = shapely.difference(shapely.intersection(geoms[hit], box), _frame_boxes())
    keep = ~shapely.is_empty(cut)
    if not keep.any():
        return None
    return _countries_land(units.iloc[hit[keep]], cut[keep])


def land_for_boxes(boxes: Sequence[Box]) -> list[LandIndex]:
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


def land_state(lon: float | np.ndarray, lat: float | np.ndarray,
               perspective: str | None = None) -> Any:
    """The state whose land holds each point: ISO3 of its sovereign, ``None`` at sea.

    ``lon``/``lat``: WGS84 degrees, scalars or arrays that broadcast together (any
    longitude; wrapped to [-180, 180)). Inside the coast frame the answer comes from the
    shipped GSHHG land (:func:`shipped_land`), outside it from the Natural Earth units
    (:func:`countries`), the same land overflight uses; a point on a shore line counts as
    land. The state is the sovereign under the ``administering`` perspective (a disputed
    feature belongs to the state that administers it; Guam gives ``USA``), or under
    ``perspective`` (an ISO3 code): then each disputed feature's land (the GSHHG groups,
    and outside the frame Crimea, the Falklands, Northern Cyprus, ... of
    :func:`world_land`) belongs to its owner in that state's view (Sevastopol: ``RUS``
    by default, ``UKR`` under ``"UKR"``). Non-finite coordinates give ``None``.

    Returns a ``str`` or ``None`` for scalar input, else an object array of the broadcast
    shape holding ISO3 strings and ``None``. Vectorised: one tree query per source.
    """
    x, y = np.broadcast_arrays(np.asarray(lon, float), np.asarray(lat, float))
    shape = x.shape
    x = np.asarray(normalize_lon(x.ravel()), float)
    y = y.ravel()
    out = np.full(x.size, None, dtype=object)
    finite = np.isfinite(x) & np.isfinite(y)
    frame = finite & in_coast_frame(x, y)
    view = None
    if perspective is not None and str(perspective).strip().lower() != "administering":
        from geo.zones.load import load_zones

        zs = load_zones()
        persp = zs.check_perspective(perspective)
        view = zs.owner_map(persp)
    for mask, index in ((frame, shipped_land), (finite & ~frame, _countries_index)):
        idx = np.flatnonzero(mask)
        if idx.size:
            if view is None:
                out[idx] = index().states_at(x[idx], y[idx])
            else:
                units = countries()
                sovereigns = dict(zip(units["iso3"].astype(str), _sovereign(units), strict=True))
                labels = index().states_at(x[idx], y[idx], column="label")
                out[idx] = [None if lab is None else str(view[lab]) if lab in view
                            else str(sovereigns.get(lab, lab)) for lab in labels]
    if not shape:
        return out[0]
    return out.reshape(shape)

