"""Loading zones: the shipped files or Marine Regions files -> :class:`ZoneSet`.

:func:`load_zones` returns the shipped computed zones (``data/zones.parquet``,
``land.parquet``, ``sovereignty.csv`` and the build record, see :mod:`geo.zones.schema`)
or a zone set read from a Marine Regions file (:func:`from_marine_regions`), once per
process and file version (:func:`geo._cache.cached_file`). Every zone set knows its
``source``, and every answer computed from it repeats that source. The zone model itself
is :mod:`geo.zones.zoneset`; the Marine Regions column layout is parsed by
:mod:`geo.zones.marine_regions`.

All geometries are WGS84 lon/lat (EPSG:4326).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo._cache import Memo, cached_file, file_key
from geo._paths import data_dir, sha256_file
from geo.zones.schema import (
    BUILD_RECORD_FILE,
    COAST_FRAME,
    COUNTRIES_FILE,
    LAND_FILE,
    SOVEREIGNTY_FILE,
    ZONES_FILE,
    ZONES_FRAME,
)
from geo.zones.sovereignty import read_sovereignty
from geo.zones.zoneset import ZoneSet

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: What :func:`load_zones` (and every query taking ``source=``) accepts: a zone set, a
#: Marine Regions file path, ``"shipped"`` or ``None`` for the shipped zones.
ZoneSource = ZoneSet | str | Path | None

#: Parsed CRSs by their GeoParquet metadata (:func:`_crs_of`).
_CRS = Memo()


# ---------------------------------------------------------------------- reading files
def _crs_of(meta: dict[str, Any]):
    """The :class:`pyproj.CRS` of one GeoParquet geometry column's metadata (``crs``:
    PROJJSON, or missing for OGC:CRS84 as the GeoParquet spec says), parsed once per
    process: parsing PROJJSON takes tens of milliseconds, and every shipped file states
    the same CRS for each of its geometry columns."""
    crs = meta.get("crs", "OGC:CRS84")
    key = json.dumps(crs, sort_keys=True)
    return _CRS.get(key, lambda: _parse_crs(crs))


def _parse_crs(crs: Any):
    from pyproj import CRS

    if isinstance(crs, dict):
        crs = json.loads(json.dumps(crs))  # a copy: the ids are dropped below
        # PROJ rejects the ids GeoParquet writers put on datum ensemble members
        for holder in (crs, crs.get("base_crs") or {}):
            for member in (holder.get("datum_ensemble") or {}).get("members", []):
                member.pop("id", None)
    return CRS.from_user_input(crs)


def read_geoparquet(path: Path | str, columns: Sequence[str] | None = None):
    """A GeoParquet file (WKB geometry columns, as ``GeoDataFrame.to_parquet`` writes
    them) as a GeoDataFrame, equal to ``geopandas.read_parquet(path, columns=columns)``
    but with each distinct CRS parsed once per process (:func:`_crs_of`), which is most of
    the time geopandas takes for the shipped zone files. ``columns``: the columns to
    read (default all); those without a geometry column give a plain DataFrame."""
    import geopandas as gpd
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=None if columns is None else list(columns))
    meta = json.loads((table.schema.metadata or {}).get(b"geo", b"{}") or b"{}")
    geo_cols = [c for c in (meta.get("columns") or {}) if c in table.column_names]
    if any(meta["columns"][c].get("encoding", "WKB") != "WKB" for c in geo_cols):
        return gpd.read_parquet(path, columns=columns)  # geoarrow encodings: geopandas
    order = list(table.column_names)
    df = table.drop(geo_cols).to_pandas()
    if not geo_cols:
        return df
    for col in geo_cols:
        values = gpd.array.from_wkb(np.asarray(table[col]), crs=_crs_of(meta["columns"][col]))
        df.insert(min(order.index(col), len(df.columns)), col, values)
    df = df[[c for c in order if c in df.columns]]
    primary = meta.get("primary_column")
    return gpd.GeoDataFrame(df, geometry=primary if primary in geo_cols else geo_cols[0])


def _build_id(folder: Path, record: dict[str, Any] | None) -> str:
    """Short identifier of the shipped build: the first 12 hex digits of the SHA-256 of
    ``zones.parquet`` (as the build record states it, else computed)."""
    if record:
        for key in ("build_id", "build_hash", "hash"):
            if isinstance(record.get(key), str) and record[key]:
                return record[key][:12]
        recorded = ((record.get("outputs") or {}).get(ZONES_FILE) or {}).get("sha256")
        if isinstance(recorded, str) and recorded:
            return recorded[:12]
    return sha256_file(folder / ZONES_FILE)[:12]


def _recorded_frame(record: dict[str, Any] | None, keys: tuple[str, ...],
                    default: Sequence[float]) -> tuple[float, ...]:
    """The (west, south, east, north) frame a build record states under the first of
    ``keys`` (at its top level or in ``parameters``), else ``default`` (degrees)."""
    for key in keys if record else ():
        v = record.get(key) or (record.get("parameters") or {}).get(key)
        if isinstance(v, (list, tuple)) and len(v) == 4:
            return tuple(float(x) for x in v)
    return tuple(float(x) for x in default)


def main_zones_frame(folder: Path | str | None = None) -> tuple[float, ...]:
    """The zones frame of the main (NW Pacific) shipped zones in ``folder`` (default: the
    data folder), as :func:`load_shipped` reads it from the build record (degrees)."""
    folder = Path(folder) if folder is not None else data_dir()
    record = None
    if (folder / BUILD_RECORD_FILE).exists():
        record = json.loads((folder / BUILD_RECORD_FILE).read_text(encoding="utf-8"))
    return _recorded_frame(record, ("zones_frame", "frame"), ZONES_FRAME)


def load_shipped(folder: Path | str | None = None, *,
                 regions: RegionSelection | None = None) -> ZoneSet:
    """Read the shipped zone files from ``folder`` (default: the data folder).

    ``regions``: every shipped region's zones and land (``None``, the default), or only
    some (a :class:`RegionSelection`, see :func:`load_zones` ``near=``): a region left
    out keeps its rows (labels, kinds, views; no geometry, areas unknown) and its frames,
    so the zone set has the full set's rows in the full set's order, and answers exactly
    as it does wherever no left-out polygon reaches."""
    folder = Path(folder) if folder is not None else data_dir()
    zones_path = folder / ZONES_FILE
    if not zones_path.exists():
        raise FileNotFoundError(
            f"{zones_path} not found: the shipped zones are missing (rebuild them with the "
            "zone build command described in data/SOURCES.md)"
        )
    zones = read_geoparquet(zones_path)
    land = read_geoparquet(folder / LAND_FILE) if (folder / LAND_FILE).exists() else None
    record = None
    if (folder / BUILD_RECORD_FILE).exists():
        record = json.loads((folder / BUILD_RECORD_FILE).read_text(encoding="utf-8"))
    sov = read_sovereignty(folder / SOVEREIGNTY_FILE)
    source = ("launchmap computed zones (GSHHG full + Natural Earth 10m), "
              f"build {_build_id(folder, record)}")
    # the frames the build recorded (a region built with build-zones --region has its own)
    frame = _recorded_frame(record, ("zones_frame", "frame"), ZONES_FRAME)
    land_frame = _recorded_frame(record, ("coast_frame",), COAST_FRAME)
    zones, land, shipped = with_shipped_regions(folder, zones, land, frame, select=regions)
    return ZoneSet(zones=zones, sovereignty=sov, source=source, land=land, build=record,
                   coverage=frame, land_frame=land_frame,
                   countries_path=folder / COUNTRIES_FILE, regions=shipped)


#: Columns of a zone table holding geometries, and the area (km2) column of each.
_GEOM_AREAS = {"geometry": "area_km2", "overlap": "overlap_km2", "agreed": "agreed_km2"}


def merge_region_rows(zones, region):
    """The zone rows ``zones`` with a region's rows added, keeping one row per label and
    kind under every view: a region row of a (label, kind) the zones already have (Russia
    in the NW Pacific and in the Black Sea) holds under every view and is appended as
    further polygons to each existing row of that (label, kind) (``region`` has been cut
    to the part of its frame no earlier frame holds, :func:`outside_frames`, so the parts
    do not overlap; they are unioned where they meet at the frame line), its areas added;
    the other region rows are appended as rows, in their order.

    A region row without geometry (an empty or missing polygon: a region left out of a
    partial load, :func:`load_shipped` ``regions=``) adds no polygon and leaves the
    polygons it would merge into as they are."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    zones = zones.copy()
    geom_cols = [c for c in _GEOM_AREAS if c in zones.columns]
    area_cols = [c for c in _GEOM_AREAS.values() if c in zones.columns]
    geoms = {c: np.asarray(zones[c].values, dtype=object).copy() for c in geom_cols}
    areas = {c: zones[c].to_numpy(dtype=float).copy() for c in area_cols}
    rows_of: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(zip(zones["label"].tolist(), zones["kind"].tolist(), strict=True)):
        rows_of.setdefault(key, []).append(i)
    new_geoms = {c: np.asarray(region[c].values, dtype=object) for c in geom_cols}
    new_areas = {c: region[c].to_numpy(dtype=float) for c in area_cols}
    views = region["perspectives"].tolist() if "perspectives" in region.columns \
        else [None] * len(region)
    extra = []
    for j, key in enumerate(zip(region["label"].tolist(), region["kind"].tolist(),
                                strict=True)):
        same = rows_of.get(key)
        if not same or (isinstance(views[j], str) and views[j]):
            extra.append(j)
            continue
        for i in same:
            for col in geom_cols:
                old, new = geoms[col][i], new_geoms[col][j]
                if new is None or shapely.is_empty(new):
                    continue  # a left-out region's row: nothing to add
                # the two parts meet along the frame line that cut the region: their
                # union is one valid polygon there (a MultiPolygon of parts that share an
                # edge is invalid, and GEOS's coverage operations fail or crash on it)
                if shapely.intersects(old, new):
                    merged = shapely.union(old, new)
                    parts = [p for p in shapely.get_parts(merged)
                             if isinstance(p, shapely.Polygon) and p.area > 0]
                else:  # apart (Russia's Pacific and Black Sea coasts): old parts first
                    parts = [*shapely.get_parts(old), *shapely.get_parts(new)]
                geoms[col][i] = shapely.MultiPolygon(parts)
            for col in area_cols:
                areas[col][i] = float(areas[col][i]) + float(new_areas[col][j])
    for col in geom_cols:
        zones[col] = gpd.GeoSeries(geoms[col], index=zones.index, crs=zones[col].crs)
    for col in area_cols:
        zones[col] = areas[col]
    if extra:
        rows = region.iloc[extra]
        zones = pd.concat([zones, gpd.GeoDataFrame(rows, crs=region.crs)], ignore_index=True)
    return gpd.GeoDataFrame(zones, geometry="geometry", crs=region.crs)


#: A shipped region's files: ``zones_<name>.parquet``, ``land_<name>.parquet`` and
#: ``zones_build_<name>.json`` (written by ``launchmap build-zones --region NAME --ship``).
REGION_ZONES_GLOB = "zones_*.parquet"

#: A (west, south, east, north) box in degrees.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class ShippedRegion:
    """What a shipped region's build record and file metadata say, read without its
    polygons: ``name``; ``zones_frame`` and ``coast_frame`` (degrees, from
    ``zones_build_<name>.json``); ``zones_box`` and ``land_box``: the (west, south, east,
    north) degree box holding every zone (land) polygon of its files, from their
    GeoParquet metadata (``None`` when a file does not record one: then the region is
    read for every point)."""

    name: str
    zones_path: Path
    land_path: Path
    zones_frame: Box
    coast_frame: Box
    zones_box: Box | None
    land_box: Box | None

    @property
    def entry(self) -> tuple[str, Box, Box]:
        """``(name, zones frame, land frame)``: the region as :attr:`ZoneSet.regions`
        lists it."""
        return self.name, self.zones_frame, self.coast_frame


@dataclass(frozen=True)
class RegionSelection:
    """Which shipped regions a partial load reads with their polygons: ``zones`` (names
    whose zone polygons are read and merged) and ``land`` (names whose land polygons are
    read); every other region keeps its rows without geometry (:func:`load_shipped`)."""

    zones: frozenset[str]
    land: frozenset[str]

    def covers(self, other: RegionSelection) -> bool:
        """True when this selection reads everything ``other`` reads."""
        return other.zones <= self.zones and other.land <= self.land


def _file_box(path: Path) -> Box | None:
    """The (west, south, east, north) box of the primary geometry column of a GeoParquet
    file, from its metadata (no row read), or ``None`` when it records none."""
    import pyarrow.parquet as pq

    meta = json.loads((pq.read_schema(path).metadata or {}).get(b"geo", b"{}") or b"{}")
    col = (meta.get("columns") or {}).get(meta.get("primary_column"), {})
    box = col.get("bbox")
    if isinstance(box, list) and len(box) == 4:
        return tuple(float(x) for x in box)
    return None


def shipped_regions(folder: Path | str | None = None) -> tuple[ShippedRegion, ...]:
    """Every region shipped in ``folder`` (default: the data folder), sorted by name (the
    order they are merged in), from their build records and file metadata only. A region
    file without its land or record is an error naming it."""
    folder = Path(folder) if folder is not None else data_dir()
    out = []
    for path in sorted(folder.glob(REGION_ZONES_GLOB)):
        name = path.stem[len("zones_"):]
        land_path = folder / f"land_{name}.parquet"
        record_path = folder / f"zones_build_{name}.json"
        missing = [p.name for p in (land_path, record_path) if not p.exists()]
        if missing:
            raise FileNotFoundError(f"{path.name} is shipped without {', '.join(missing)} "
                                    "(rebuild with launchmap build-zones --region "
                                    f"{name} --ship)")
        params = json.loads(record_path.read_text(encoding="utf-8"))["parameters"]
        out.append(ShippedRegion(
            name=name, zones_path=path, land_path=land_path,
            zones_frame=tuple(float(x) for x in params["zones_frame"]),
            coast_frame=tuple(float(x) for x in params["coast_frame"]),
            zones_box=_file_box(path), land_box=_file_box(land_path)))
    return tuple(out)


def frame_boxes(frame: tuple[float, float, float, float]) -> list:
    """A zones frame as shapely boxes in [-180, 180] (a frame past 180, such as the NW
    Pacific's 105 E-170 W, is two boxes)."""
    import shapely

    w, s, e, n = frame
    if e <= 180.0:
        return [shapely.box(w, s, e, n)]
    return [shapely.box(w, s, 180.0, n), shapely.box(-180.0, s, e - 360.0, n)]


def outside_frames(region, frames: list[tuple[float, float, float, float]]):
    """The zone rows of a region cut to the part of the region's frame that none of
    ``frames`` (the frames loaded before it) holds: where two regions' frames overlap (the
    Mediterranean's 30-46 N reaches into the Black Sea's; the Middle East's 31 N into the
    Eastern Mediterranean), the earlier region answers, so no water has two rows of one
    state and kind. Both builds hold every coast within 200 nm of the overlap, so their
    limits there agree (within the build's metres); the cut rows' areas are recomputed
    (geodesic km2, 1 decimal)."""
    import geopandas as gpd
    import shapely

    from geo.geodesy import geodesic_areas_km2

    if not frames or not len(region):
        return region
    taken = shapely.union_all([b for f in frames for b in frame_boxes(f)])
    out = region.copy()
    geom_cols = [c for c in ("geometry", "overlap", "agreed") if c in out.columns]
    hit = shapely.intersects(out.geometry.values, taken)
    if not hit.any():
        return region
    for col in geom_cols:
        area_col = {"geometry": "area_km2", "overlap": "overlap_km2",
                    "agreed": "agreed_km2"}[col]
        geoms = np.asarray(out[col].values, dtype=object)
        cut = shapely.difference(geoms[hit], taken)
        for i, g in zip(np.flatnonzero(hit), cut, strict=True):
            geoms[i] = shapely.MultiPolygon([p for p in shapely.get_parts(g)
                                             if isinstance(p, shapely.Polygon) and p.area > 0])
        out[col] = gpd.GeoSeries(geoms, crs=region.crs, index=out.index)
        if area_col in out.columns:
            area = out[area_col].to_numpy(dtype=float).copy()
            area[hit] = np.round(geodesic_areas_km2(geoms[hit]), 1)
            out[area_col] = area
    return out


def _rows_only(path: Path, crs):
    """A region's zone rows without their polygons: every column read but the geometry
    ones, ``geometry`` an empty MultiPolygon, ``overlap`` / ``agreed`` missing and the
    areas unknown (NaN). What a partial load keeps of a region it does not read."""
    import geopandas as gpd
    import pyarrow.parquet as pq
    import shapely

    names = pq.read_schema(path).names
    df = read_geoparquet(path, columns=[c for c in names if c not in _GEOM_AREAS])
    for col in _GEOM_AREAS.values():
        if col in df.columns:
            df[col] = np.nan
    n = len(df)
    out = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([shapely.MultiPolygon()] * n,
                                                      index=df.index, crs=crs), crs=crs)
    for col in ("overlap", "agreed"):
        if col in names:
            out[col] = gpd.GeoSeries([None] * n, index=df.index, crs=crs)
    return out[[c for c in names if c in out.columns]]


def with_shipped_regions(folder: Path, zones, land, frame: tuple[float, float, float, float]
                         | None = None, *, select: RegionSelection | None = None):
    """``(zones, land, regions)``: the main zones and land with the rows of every region
    shipped in ``folder`` appended (sorted by name), and the regions as ``(name, zones
    frame, land frame)`` from their build records. ``frame``: the main zones' frame.
    Where frames overlap, the zones loaded first answer (:func:`outside_frames`). A
    region file without its land or record is an error naming it.

    ``select``: read only the zone polygons of ``select.zones`` and the land of
    ``select.land``; the other regions' rows come without geometry (:func:`_rows_only`),
    in the same places, and every region's frames are listed and cut as in the full
    load."""
    import geopandas as gpd
    import pandas as pd

    shipped = shipped_regions(folder)
    if not shipped:
        return zones, land, ()
    crs = zones.crs
    frames = [] if frame is None else [frame]
    lparts = [land]
    for region in shipped:
        if select is None or region.name in select.zones:
            part = outside_frames(read_geoparquet(region.zones_path), frames)
        else:
            part = _rows_only(region.zones_path, crs)
        zones = merge_region_rows(zones, part)
        frames.append(region.zones_frame)
        if select is None or region.name in select.land:
            lparts.append(read_geoparquet(region.land_path))
    if land is not None:
        land = gpd.GeoDataFrame(pd.concat(lparts, ignore_index=True), geometry="geometry",
                                crs=land.crs)
    return zones, land, tuple(r.entry for r in shipped)


def from_marine_regions(path: str | Path | Sequence[str | Path], *, layer: str | None = None,
                        land: gpd.GeoDataFrame | str | None = "shipped") -> ZoneSet:
    """Read Marine Regions zone file(s) into a :class:`ZoneSet` (the mapping of its
    polygon types to kinds, labels and statuses is described in
    :mod:`geo.zones.marine_regions`).

    ``path``: the World EEZ file (GeoPackage ``.gpkg`` or shapefile ``.shp``), or a list
    of files (e.g. EEZ + 12NM + 24NM). ``layer``: layer name inside a multi-layer file
    (default: the polygon layer with a ``POL_TYPE`` column). ``land``: ``"shipped"`` to
    attach the shipped ``land.parquet`` when it exists (for "on land" and coast
    distances), ``None`` for none, or a GeoDataFrame with ``label`` and geometry (the
    owners of its labels come from the shipped sovereignty table).
    """
    import geopandas as gpd
    import pandas as pd

    from geo.zones.marine_regions import read_marine_regions

    zones, sov, source = read_marine_regions(path, layer=layer)
    land_gdf = None
    if isinstance(land, str):
        if land != "shipped":
            raise ValueError(f"land must be 'shipped', None or a GeoDataFrame, got {land!r}")
        land_path = data_dir() / LAND_FILE
        if land_path.exists():
            land_gdf = gpd.read_parquet(land_path)
            source += "; land and coasts: launchmap land.parquet (GSHHG full)"
    elif land is not None:
        land_gdf = land
        source += "; land and coasts: user-supplied"
    if land_gdf is not None:
        # owners of the land labels come from the shipped sovereignty table
        shipped = read_sovereignty(data_dir() / SOVEREIGNTY_FILE)
        land_labels = set(land_gdf["label"].astype(str))
        extra = shipped[shipped["label"].isin(land_labels)][["label", "perspective", "owner",
                                                             "source"]]
        sov = pd.concat([sov, extra], ignore_index=True)
    return ZoneSet(zones=zones, sovereignty=sov, source=source, land=land_gdf)


#: Degrees added around the points of a partial load (:func:`regions_near`) before it is
#: tested against each region's boxes: a margin, so that a point at a region's edge (on
#: a frame line where merged parts were unioned) reads that region too.
NEAR_MARGIN_DEG = 0.05


def _boxes_meet(a: Box, b: Box | None) -> bool:
    """True when the degree boxes ``a`` and ``b`` meet (edges included), ``b`` also tried
    360 degrees east and west (boxes drawn past +/-180); ``b`` None meets everything."""
    if b is None:
        return True
    return any(b[0] + shift <= a[2] and b[2] + shift >= a[0] and b[1] <= a[3] and b[3] >= a[1]
               for shift in (0.0, 360.0, -360.0))


def _inside_frame(x: np.ndarray, y: np.ndarray, frame: Box) -> bool:
    """True when every point (x, y) lies inside ``frame`` by at least
    :data:`NEAR_MARGIN_DEG` (east may exceed 180)."""
    from geo.geodesy import in_lonlat_box

    m = NEAR_MARGIN_DEG
    w, s, e, n = frame
    return bool(np.all(in_lonlat_box(x, y, (w + m, s + m, e - m, n - m))))


def regions_near(regions: Sequence[ShippedRegion], lon, lat, reach_km: float = 0.0, *,
                 main_frame: Box | None = None) -> RegionSelection:
    """The regions whose polygons can matter for the points (lon, lat) (degrees, scalars
    or arrays): the zone polygons of each region whose zones box meets the points' box
    (widened by :data:`NEAR_MARGIN_DEG`), unless every point lies inside one frame loaded
    before the region (``main_frame``, the NW Pacific's, or an earlier region's zones
    frame: :func:`outside_frames` cut the region's polygons out of it); and the land of
    each region whose land box meets the points' box widened further by ``reach_km``
    kilometres (the coast distances look that far, see
    :meth:`ZoneSet.coast_index_near`). Conservative: a region is left out only when none
    of its polygons can hold a point or lie within ``reach_km`` of one."""
    import math

    x = np.atleast_1d(np.asarray(lon, float)).ravel()
    y = np.atleast_1d(np.asarray(lat, float)).ravel()
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        raise ValueError("regions_near needs at least one finite point")
    x, y = x[ok], y[ok]
    m = NEAR_MARGIN_DEG
    pts: Box = (float(x.min()) - m, float(y.min()) - m, float(x.max()) + m, float(y.max()) + m)
    reach = pts
    if reach_km > 0:  # as geo.zones.zoneset.reach_box, around the points' box
        dlat = reach_km / 110.0 + 0.1
        south, north = max(pts[1] - dlat, -90.0), min(pts[3] + dlat, 90.0)
        coslat = math.cos(math.radians(max(abs(south), abs(north))))
        dlon = 360.0 if coslat < 0.05 else reach_km / (110.0 * coslat) + 0.1
        reach = (pts[0] - dlon, south, pts[2] + dlon, north)
    zones, earlier = [], [] if main_frame is None else [main_frame]
    for r in regions:
        if _boxes_meet(pts, r.zones_box) and not any(_inside_frame(x, y, f) for f in earlier):
            zones.append(r.name)
        earlier.append(r.zones_frame)
    return RegionSelection(
        zones=frozenset(zones),
        land=frozenset(r.name for r in regions if _boxes_meet(pts, r.land_box)
                       or _boxes_meet(reach, r.land_box)))


#: Partial shipped loads (:func:`load_zones` ``near=``) by the shipped file's version:
#: ``(selection, zone set)``, at most one per version.
_PARTIAL: dict[tuple[str, int, int], tuple[RegionSelection, ZoneSet]] = {}
#: Versions of the shipped file whose full zone set this process has loaded.
_FULL_LOADED: set[tuple[str, int, int]] = set()
_PARTIAL_LOCK = threading.Lock()


def _shipped_near(path: Path, near: tuple[Any, Any], reach_km: float) -> ZoneSet:
    """The shipped zone set for points ``near`` (see :func:`load_zones`)."""
    main_frame, regions = cached_file(path, lambda p: (main_zones_frame(p.parent),
                                                       shipped_regions(p.parent)),
                                      what="shipped zones", kind="regions")
    key = file_key(path)
    if key in _FULL_LOADED:
        return load_zones()
    from geo.geodesy import in_lonlat_box

    x0 = float(np.atleast_1d(np.asarray(near[0], float)).ravel()[0])
    y0 = float(np.atleast_1d(np.asarray(near[1], float)).ravel()[0])
    if not any(in_lonlat_box(x0, y0, f) for f in (main_frame, *(r.zones_frame
                                                                for r in regions))):
        # outside every frame the where answer's note names the full coverage, which
        # geo.report reads from load_zones(): one full load, not a partial one and then it
        return load_zones()
    sel = regions_near(regions, near[0], near[1], reach_km, main_frame=main_frame)
    names = frozenset(r.name for r in regions)
    if sel.zones == names and sel.land == names:
        return load_zones()
    with _PARTIAL_LOCK:
        have = _PARTIAL.get(key)
        if have is None:
            zs = load_shipped(path.parent, regions=sel)
            _PARTIAL[key] = (sel, zs)
            return zs
        if have[0].covers(sel):
            return have[1]
    # a second place that needs other regions: from now on the one full zone set
    return load_zones()


def load_zones(source: ZoneSource = None, *, near: tuple[Any, Any] | None = None,
               reach_km: float = 0.0) -> ZoneSet:
    """Return a :class:`ZoneSet`.

    ``source``: ``None`` (or ``"shipped"``) for the shipped computed zones; a path to a
    Marine Regions World EEZ file (GeoPackage or shapefile, see
    :func:`from_marine_regions`); or a ZoneSet, returned as is. Files are read once per
    process (cached by path, modification time and size), and every caller of the same
    file version gets the same zone set (so its indexes are built once).

    ``near``: ``(lon, lat)`` (WGS84 degrees, scalars or arrays), for a caller that asks
    about those points only (``launchmap where``): the shipped zones may then come
    without the polygons of the regions that cannot reach them (:func:`regions_near`:
    zones holding a point, land holding one or within ``reach_km`` kilometres of one),
    read in a fraction of the time. Such a zone set has every row of the full one, in
    the same order (a left-out region's rows without geometry, their areas NaN), the same
    frames, views and source, so its answers at those points (zones, statuses, land,
    coast distances within ``reach_km``) are exactly the full set's; it is not for
    anything else (maps, areas, other points). One such set is kept per process; a later
    point that needs more, or any point once the full set is loaded, gets the full set,
    and so does a first point (the centre, as :func:`geo.zones.where.where` passes it)
    outside every shipped frame. Ignored for any source but the shipped zones.
    """
    if isinstance(source, ZoneSet):
        return source
    if source is None or (isinstance(source, str) and source.strip().lower() in
                          ("shipped", "computed", "launchmap")):
        path = data_dir() / ZONES_FILE
        if near is not None:
            return _shipped_near(path, near, float(reach_km))
        zs = cached_file(path, lambda p: load_shipped(p.parent), what="shipped zones",
                         kind="zoneset")
        _FULL_LOADED.add(file_key(path))
        return zs
    path = Path(source).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"zone source {str(path)!r} does not exist")
    return cached_file(path, from_marine_regions, what="Marine Regions zones", kind="zoneset")
