""":func:`geo.classify` on dask collections: a lazy answer, partition by partition.

:func:`geo.classify` dispatches here when it is given a dask DataFrame (with lon/lat
columns), a dask-geopandas GeoDataFrame/GeoSeries of points, or dask Series as ``lon=`` /
``lat=``. The answer is a lazy dask DataFrame built with ``map_partitions``: each partition
is answered by the in-memory :func:`geo.classify`, so every column (and its categories) is
the one the in-memory path gives, and each partition keeps its index.

How the index reaches the workers: the task graph carries only a small picklable
:class:`ZoneHandle` (the zone file's path and the perspective). The client builds and saves
the raster index beside the zone file before anything is computed; every worker process
then reads the zone set and the saved index once (both are cached per process by path,
modification time and size) and answers all its partitions from memory. A zone set held
only in memory (not read from a file) is passed instead as one ``dask.delayed`` object,
its raster index built once per worker; a ZoneSet holds a lock and does not pickle, so
that works with dask's threaded or synchronous scheduler only: on a ``distributed``
cluster pass the zone file's path as ``source``. Workers must see the zone file at the same path
(a shared filesystem, or the installed package's shipped data).

Coordinates are WGS84 lon/lat degrees (EPSG:4326). dask is optional: without it the call
raises :class:`MissingExtraError`, naming the ``dask`` extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.errors import MissingExtraError

#: The pip extra that brings dask (``pip install 'launchmap[dask]'``).
EXTRA = "dask"


def require_dask(distributed: bool = False) -> None:
    """Raise :class:`MissingExtraError` unless dask (and ``distributed`` if asked) imports."""
    import importlib

    names = ["dask.dataframe"] + (["distributed"] if distributed else [])
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise MissingExtraError(
                f"{name} is not installed ({exc}); dask support is optional: install it "
                f"with pip install 'launchmap[{EXTRA}]'") from None


def is_dask_collection(obj: Any) -> bool:
    """True for a dask (or dask-geopandas) DataFrame/Series; never imports dask."""
    mod = type(obj).__module__.split(".")[0]
    return mod in ("dask", "dask_expr", "dask_geopandas") and hasattr(obj, "map_partitions")


@dataclass(frozen=True)
class ZoneHandle:
    """What a task needs to find the zone set: the zone file (``None``: the shipped zones)
    and the perspective. The first partition in a process loads the zone set and its saved
    raster index (cached per process by file version); later partitions reuse them."""

    source: str | None
    perspective: str



def _prepare(source, perspective: str | None):
    """(zone source for the tasks: a handle or a delayed ZoneSet, the zone set, the
    perspective, the class table); builds/saves the raster index on the client first."""
    import dask

    from geo.zones.classify import _source_file
    from geo.zones.load import load_zones
    from geo.zones.rasterindex import class_table, raster_index
    from geo.zones.zoneset import ZoneSet

    zs = load_zones(source)
    persp = zs.check_perspective(perspective)
    src_file = _source_file(source)
    raster_index(zs, persp, src_file, build=True)  # saved beside the file: workers read it
    if isinstance(source, ZoneSet):
        views = source.__dict__.setdefault("_dask_views", set())
        views.add(persp)
        ship = dask.delayed(source, pure=False, traverse=False)
    else:
        ship = ZoneHandle(None if source is None or source == "shipped" else str(src_file),
                          persp)
    return ship, zs, persp, class_table(zs, persp)


def _zones_of(ship):
    """The ``source=`` a task passes to the in-memory classify: the zone file itself (so
    every partition, however small, answers from the saved raster index), or the shipped
    zone set with its raster index built once in this process."""
    if isinstance(ship, ZoneHandle):
        return ship.source
    from geo.zones.rasterindex import raster_index

    for persp in ship.__dict__.get("_dask_views", ()):
        raster_index(ship, persp, None, build=True)
    return ship


def _answer_xy(part, lon_col: str, lat_col: str, ship, persp: str, errors: str,
               geometry: bool):
    from geo.zones.classify import classify

    return classify(lon=part[lon_col], lat=part[lat_col], perspective=persp,
                    source=_zones_of(ship), errors=errors, geometry=geometry)


def _answer_points(part, ship, persp: str, errors: str, geometry: bool):
    from geo.zones.classify import classify

    return classify(part, perspective=persp, source=_zones_of(ship), errors=errors,
                    geometry=geometry)


def _codes_xy(part, lon_col: str, lat_col: str, ship, persp: str, errors: str):
    from geo.zones.classify import classify

    return classify(lon=part[lon_col], lat=part[lat_col], perspective=persp,
                    source=_zones_of(ship), errors=errors, codes=True)[0]


def _codes_points(part, ship, persp: str, errors: str):
    from geo.zones.classify import classify

    return classify(part, perspective=persp, source=_zones_of(ship), errors=errors,
                    codes=True)[0]


def _meta(table, errors: str, geometry: bool, codes: bool):
    """An empty frame with the exact columns and dtypes a partition's answer has."""
    import numpy as np
    import pandas as pd

    from geo.zones.classify import answer_frame

    if codes:
        return pd.Series(np.empty(0, np.int32), name="class")
    out = answer_frame(np.empty(0, np.int64), table, pd.RangeIndex(0))
    if geometry:
        import geopandas as gpd

        out = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    if errors == "mark":
        out["error"] = pd.Series([], dtype=object)
    return out


def classify_dask(points=None, *, perspective: str | None = None, lon=None, lat=None,
                  source=None, errors: str = "raise", geometry: bool = False,
                  codes: bool = False):
    """:func:`geo.classify` for dask collections (see the module docstring).

    ``points``: a dask DataFrame with coordinate columns named by ``lon=`` / ``lat=``
    (strings; default ``"lon"`` / ``"lat"``), or a dask-geopandas GeoDataFrame/GeoSeries
    of points (``lon``/``lat`` not given). Or no ``points`` and ``lon=``/``lat=`` dask
    Series of one frame (the same partitions). Returns a lazy dask DataFrame (a
    dask-geopandas GeoDataFrame with ``geometry=True``) whose partitions equal the
    in-memory answer of the same rows: categorical ``kind``, ``state``, ``label``,
    ``status`` with the in-memory categories, the input's index and divisions, ``error``
    with ``errors="mark"``. ``errors="raise"``: an invalid row raises
    :class:`~geo.errors.InvalidCoordinateError` when that partition is computed.
    ``codes=True``: ``(lazy int32 dask Series, lookup DataFrame)``.
    """
    require_dask()
    if errors not in ("raise", "mark"):
        raise ValueError(f"errors must be 'raise' or 'mark', got {errors!r}")
    if geometry:
        try:
            import dask_geopandas  # noqa: F401  (registers the GeoDataFrame backend)
        except ImportError:
            raise MissingExtraError(
                "geometry=True on a dask collection needs dask-geopandas; install it with "
                f"pip install 'launchmap[{EXTRA}]'") from None
    ship, _zs, persp, table = _prepare(source, perspective)
    meta = _meta(table, errors, geometry, codes)

    geo_input = points is not None and type(points).__module__.startswith("dask_geopandas")
    if points is None:
        if not (is_dask_collection(lon) and is_dask_collection(lat)):
            raise TypeError("classify: with dask, pass a dask DataFrame as points or both "
                            "lon= and lat= as dask Series")
        frame = lon.to_frame("lon").assign(lat=lat)
        lon_col, lat_col = "lon", "lat"
    elif geo_input:
        if lon is not None or lat is not None:
            raise TypeError("classify: pass a dask-geopandas GeoDataFrame or lon=/lat= "
                            "column names, not both")
        frame = points
    else:
        lon_col = "lon" if lon is None else lon
        lat_col = "lat" if lat is None else lat
        if not (isinstance(lon_col, str) and isinstance(lat_col, str)):
            raise TypeError("classify: with a dask DataFrame as points, lon= and lat= name "
                            "its coordinate columns")
        from geo.errors import InvalidCoordinateError

        missing = [c for c in (lon_col, lat_col) if c not in points.columns]
        if missing:
            raise InvalidCoordinateError(
                f"classify: the dask DataFrame has no column {', '.join(map(repr, missing))}"
                f" (columns: {', '.join(map(str, list(points.columns)[:30]))}); name the "
                "coordinate columns with lon=/lat=")
        frame = points[[lon_col, lat_col]]

    if geo_input:
        fn, args = (_codes_points, (ship, persp, errors)) if codes else \
            (_answer_points, (ship, persp, errors, geometry))
    else:
        fn, args = (_codes_xy, (lon_col, lat_col, ship, persp, errors)) if codes else \
            (_answer_xy, (lon_col, lat_col, ship, persp, errors, geometry))
    out = frame.map_partitions(fn, *args, meta=meta, enforce_metadata=False,
                               align_dataframes=False)
    if codes:
        return out, table.frame()
    return out

