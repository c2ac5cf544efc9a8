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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo._cache import cached_file
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


# ---------------------------------------------------------------------- reading files
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


def load_shipped(folder: Path | str | None = None) -> ZoneSet:
    """Read the shipped zone files from ``folder`` (default: the data folder)."""
    import geopandas as gpd

    folder = Path(folder) if folder is not None else data_dir()
    zones_path = folder / ZONES_FILE
    if not zones_path.exists():
        raise FileNotFoundError(
            f"{zones_path} not found: the shipped zones are missing (rebuild them with the "
            "zone build command described in data/SOURCES.md)"
        )
    zones = gpd.read_parquet(zones_path)
    land = gpd.read_parquet(folder / LAND_FILE) if (folder / LAND_FILE).exists() else None
    record = None
    if (folder / BUILD_RECORD_FILE).exists():
        record = json.loads((folder / BUILD_RECORD_FILE).read_text(encoding="utf-8"))
    sov = read_sovereignty(folder / SOVEREIGNTY_FILE)
    source = ("launchmap computed zones (GSHHG full + Natural Earth 10m), "
              f"build {_build_id(folder, record)}")
    def recorded(keys: tuple[str, ...], default) -> tuple[float, ...]:
        for key in keys if record else ():
            v = record.get(key) or (record.get("parameters") or {}).get(key)
            if isinstance(v, (list, tuple)) and len(v) == 4:
                return tuple(float(x) for x in v)
        return tuple(float(x) for x in default)

    # the frames the build recorded (a region built with build-zones --region has its own)
    frame = recorded(("zones_frame", "frame"), ZONES_FRAME)
    land_frame = recorded(("coast_frame",), COAST_FRAME)
    zones, land, regions = with_shipped_regions(folder, zones, land, frame)
    return ZoneSet(zones=zones, sovereignty=sov, source=source, land=land, build=record,
                   coverage=frame, land_frame=land_frame,
                   countries_path=folder / COUNTRIES_FILE, regions=regions)


def merge_region_rows(zones, region):
    """The zone rows ``zones`` with a region's rows added, keeping one row per label and
    kind under every view: a region row of a (label, kind) the zones already have (Russia
    in the NW Pacific and in the Black Sea) holds under every view and is appended as
    further polygons to each existing row of that (label, kind) (``region`` has been cut
    to the part of its frame no earlier frame holds, :func:`outside_frames`, so the parts
    do not overlap; they are unioned where they meet at the frame line), its areas added;
    the other region rows are appended as rows."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    zones = zones.copy()
    extra = []
    geom_cols = [c for c in ("geometry", "overlap", "agreed") if c in zones.columns]
    for _, row in region.iterrows():
        same = (zones["label"] == row["label"]) & (zones["kind"] == row["kind"])
        views = row.get("perspectives")
        if not same.any() or (isinstance(views, str) and views):
            extra.append(row)
            continue
        for i in np.flatnonzero(same.to_numpy()):
            for col in geom_cols:
                old, new = zones[col].iat[i], row[col]
                # the two parts meet along the frame line that cut the region: their
                # union is one valid polygon there (a MultiPolygon of parts that share an
                # edge is invalid, and GEOS's coverage operations fail or crash on it)
                if shapely.intersects(old, new):
                    merged = shapely.union(old, new)
                    parts = [p for p in shapely.get_parts(merged)
                             if isinstance(p, shapely.Polygon) and p.area > 0]
                else:  # apart (Russia's Pacific and Black Sea coasts): old parts first
                    parts = [*shapely.get_parts(old), *shapely.get_parts(new)]
                zones.iloc[i, zones.columns.get_loc(col)] = shapely.MultiPolygon(parts)
            for col in ("area_km2", "overlap_km2", "agreed_km2"):
                if col in zones.columns:
                    zones.iloc[i, zones.columns.get_loc(col)] = (
                        float(zones[col].iat[i]) + float(row[col]))
    if extra:
        zones = pd.concat([zones, gpd.GeoDataFrame(extra, crs=region.crs)], ignore_index=True)
    return gpd.GeoDataFrame(zones, geometry="geometry", crs=region.crs)


#: A shipped region's files: ``zones_<name>.parquet``, ``land_<name>.parquet`` and
#: ``zones_build_<name>.json`` (written by ``launchmap build-zones --region NAME --ship``).
REGION_ZONES_GLOB = "zones_*.parquet"


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


def with_shipped_regions(folder: Path, zones, land, frame: tuple[float, float, float, float]
                         | None = None):
    """``(zones, land, regions)``: the main zones and land with the rows of every region
    shipped in ``folder`` appended (sorted by name), and the regions as ``(name, zones
    frame, land frame)`` from their build records. ``frame``: the main zones' frame.
    Where frames overlap, the zones loaded first answer (:func:`outside_frames`). A
    region file without its land or record is an error naming it."""
    import geopandas as gpd
    import pandas as pd

    regions = []
    zparts, lparts = [zones], [land]
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
        regions.append((name, tuple(float(x) for x in params["zones_frame"]),
                        tuple(float(x) for x in params["coast_frame"])))
        zparts.append(gpd.read_parquet(path))
        lparts.append(gpd.read_parquet(land_path))
    if not regions:
        return zones, land, ()
    zones = zparts[0]
    frames = [] if frame is None else [frame]
    for (_, zframe, _), part in zip(regions, zparts[1:], strict=True):
        zones = merge_region_rows(zones, outside_frames(part, frames))
        frames.append(zframe)
    if land is not None:
        land = gpd.GeoDataFrame(pd.concat(lparts, ignore_index=True), geometry="geometry",
                                crs=land.crs)
    return zones, land, tuple(regions)


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


def load_zones(source: ZoneSource = None) -> ZoneSet:
    """Return a :class:`ZoneSet`.

    ``source``: ``None`` (or ``"shipped"``) for the shipped computed zones; a path to a
    Marine Regions World EEZ file (GeoPackage or shapefile, see
    :func:`from_marine_regions`); or a ZoneSet, returned as is. Files are read once per
    process (cached by path, modification time and size), and every caller of the same
    file version gets the same zone set (so its indexes are built once).
    """
    if isinstance(source, ZoneSet):
        return source
    if source is None or (isinstance(source, str) and source.strip().lower() in
                          ("shipped", "computed", "launchmap")):
        return cached_file(data_dir() / ZONES_FILE, lambda p: load_shipped(p.parent),
                           what="shipped zones", kind="zoneset")
    path = Path(source).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"zone source {str(path)!r} does not exist")
    return cached_file(path, from_marine_regions, what="Marine Regions zones", kind="zoneset")
