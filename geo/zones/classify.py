"""Many points -> DataFrame: :func:`classify` gives each point its innermost zone.

Answers against a :class:`~geo.zones.zoneset.ZoneSet` (the shipped computed zones unless
``source`` says otherwise) under a perspective, with the same containment and statuses as
:func:`geo.zones.where.where` (closed polygons; status fixed by the source, else
``disputed``, ``agreed``, ``median line`` or ``uncontested``). Vectorised over the
points with the exact raster of the zone set's answers
(:class:`~geo.zones.rasterindex.RasterIndex`: a cell no boundary touches answers directly;
only points in the few cells a boundary touches are tested exactly, against prepared
boundary pieces of :class:`~geo.zones.pointindex.GridIndex`).

The answer for a point is the first zone of :func:`~geo.zones.where.where` for the same
point and perspective (its state and status): among the rows that apply under the
perspective (:func:`~geo.zones.where.rows_in_view`) and hold the point, land first, then
the innermost kind (in the order of :data:`~geo.zones.schema.ZONE_KINDS`), then the state
first in alphabetical order (a point on a median line belongs to both states' zones;
``where`` lists both and sorts them so), then the row whose status comes first in
:data:`~geo.zones.where.STATUS_PRECEDENCE` (two labels of one state meeting at the point,
e.g. ``takeshima`` and ``JPN`` under Japan's view: ``disputed`` wins), then the lower row.
``label`` is that row's label.

Coordinates are WGS84 lon/lat degrees (EPSG:4326).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from geo.errors import InvalidCoordinateError
from geo.zones.load import ZoneSource, load_zones
from geo.zones.zoneset import ZoneSet

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import numpy.typing as npt
    import pandas as pd

#: The answer columns, in order.
ANSWER_COLUMNS = ("kind", "state", "label", "status")

def _input_points(points, lon, lat):
    """Return (lon, lat, index, reasons for invalid rows by position, input point
    geometries in EPSG:4326 or None)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    problems: dict[int, str] = {}
    in_geoms = None
    if points is not None:
        if lon is not None or lat is not None:
            raise TypeError("classify: pass either points or lon=/lat=, not both")
        if isinstance(points, gpd.GeoDataFrame):
            points = points.geometry
        if not isinstance(points, gpd.GeoSeries):
            points = gpd.GeoSeries(points)
        if points.crs is not None and not points.crs.equals("EPSG:4326"):
            points = points.to_crs(4326)
        index = points.index
        geoms = np.asarray(points.values, dtype=object)
        type_id = shapely.get_type_id(geoms)
        missing = shapely.is_missing(geoms)
        empty = ~missing & shapely.is_empty(geoms)
        for i in np.flatnonzero(missing):
            problems[int(i)] = "geometry is missing"
        for i in np.flatnonzero(empty):
            problems[int(i)] = "geometry is empty"
        bad_type = ~missing & ~empty & (type_id != 0)
        for i in np.flatnonzero(bad_type):
            problems[int(i)] = f"geometry is a {geoms[i].geom_type}, expected a Point"
        ok = ~missing & ~empty & ~bad_type
        in_geoms = geoms
        x = np.full(len(geoms), np.nan)
        y = np.full(len(geoms), np.nan)
        x[ok] = shapely.get_x(geoms[ok])
        y[ok] = shapely.get_y(geoms[ok])
    else:
        if lon is None or lat is None:
            raise TypeError(
                "classify: pass points (a GeoDataFrame/GeoSeries) or both lon= and lat=")
        index = None
        if isinstance(lon, pd.Series) and isinstance(lat, pd.Series):
            if not lon.index.equals(lat.index):
                raise InvalidCoordinateError(
                    "classify: lon and lat are pandas Series with different indexes; align "
                    "them first (e.g. lat.reindex(lon.index)) or pass arrays")
            index = lon.index
        elif isinstance(lon, pd.Series) or isinstance(lat, pd.Series):
            index = (lon if isinstance(lon, pd.Series) else lat).index
        try:
            x = np.asarray(lon, dtype=float).ravel()
            y = np.asarray(lat, dtype=float).ravel()
        except (TypeError, ValueError) as exc:
            raise InvalidCoordinateError(f"classify: lon/lat must be numeric arrays ({exc})") \
                from None
        if len(x) != len(y):
            raise InvalidCoordinateError(
                f"classify: lon has {len(x)} values but lat has {len(y)}")
        if index is None:
            index = pd.RangeIndex(len(x))
    finite = np.isfinite(x) & np.isfinite(y)
    known = np.zeros(len(x), bool)
    if problems:
        known[list(problems)] = True
    for i in np.flatnonzero(~finite & ~known):
        problems[int(i)] = f"coordinates must be finite numbers, got ({x[i]}, {y[i]})"
    with np.errstate(invalid="ignore"):
        bad_lat = finite & ((y < -90.0) | (y > 90.0))
        bad_lon = finite & ~bad_lat & ((x < -180.0) | (x > 360.0))
    for i in np.flatnonzero(bad_lat):
        problems[int(i)] = f"latitude {y[i]} is outside [-90, 90] degrees"
    for i in np.flatnonzero(bad_lon):
        problems[int(i)] = f"longitude {x[i]} is outside [-180, 360] degrees"
    return x, y, index, problems, in_geoms


def _source_file(source: ZoneSource) -> Path | None:
    """The file a zone source is read from (for the index cache), ``None`` in memory."""
    if isinstance(source, ZoneSet):
        return None
    if source is None or source == "shipped":
        from geo._paths import data_dir
        from geo.zones.schema import ZONES_FILE

        return data_dir() / ZONES_FILE
    return Path(source).expanduser()


def classify(points: gpd.GeoDataFrame | gpd.GeoSeries | None = None, *,
             perspective: str | None = None, lon: npt.ArrayLike | None = None,
             lat: npt.ArrayLike | None = None, source: ZoneSource = None,
             errors: Literal["raise", "mark"] = "raise", geometry: bool = False,
             codes: bool = False) -> pd.DataFrame | tuple[pd.Series, pd.DataFrame]:
    """Classify many points at once: the innermost zone holding each point.

    ``points``: a GeoDataFrame or GeoSeries of Points (any CRS; converted to EPSG:4326;
    no CRS means lon/lat), or ``lon=``/``lat=`` arrays in degrees (two pandas Series must
    share their index; one Series lends its index). Returns a pandas DataFrame (same index
    and order as the input) with categorical columns ``kind`` (``land``, one of
    :data:`~geo.zones.schema.ZONE_KINDS`, missing on the high seas), ``state`` (ISO3 owner
    under ``perspective``), ``label`` (of the deciding row), ``status`` (for zones as in
    :func:`where`; for land ``disputed`` or missing). The row chosen when several hold a
    point is the one the module docstring names, so ``kind``, ``state`` and ``status``
    equal those of ``where(...).zones[0]`` at sea, and ``land`` / ``state`` those of
    ``where(...).on_land`` on land (outside the zones' coverage too: there from the
    Natural Earth countries, ``label`` missing; sea outside the coverage is missing,
    meaning not covered). ``.attrs["source"]``, ``.attrs["perspective"]`` and
    ``.attrs["coverage"]`` name the zone source, the view and the covered frame.

    ``geometry=True``: a GeoDataFrame (EPSG:4326) with the points as geometry too.
    ``codes=True``: ``(codes, table)`` instead: an int32 Series of class codes (same
    index; -1 for an invalid row) and the lookup DataFrame whose row ``c`` holds class
    ``c``'s kind, state, label and status (``None`` where empty; class 0 is no zone).

    Invalid rows (missing/non-point geometry, non-finite or out-of-range coordinates):
    ``errors="raise"`` (default) raises :class:`InvalidCoordinateError` listing them;
    ``errors="mark"`` returns them with every answer missing and the reason in an
    ``error`` column. Vectorised: an exact raster index, no Python loop per point.

    A dask DataFrame / dask-geopandas GeoDataFrame as ``points`` (or dask Series as
    ``lon=``/``lat=``) gives a lazy dask answer, partition by partition
    (:mod:`geo.zones.classify_dask`; needs the ``dask`` extra).
    """
    from geo.zones.classify_dask import classify_dask, is_dask_collection

    if is_dask_collection(points) or is_dask_collection(lon):  # lazy, per partition
        return classify_dask(points, perspective=perspective, lon=lon, lat=lat, source=source,
                             errors=errors, geometry=geometry, codes=codes)
    import pandas as pd

    from geo.zones.rasterindex import RASTER_MIN_POINTS, class_table, exact_codes, raster_index

    if errors not in ("raise", "mark"):
        raise ValueError(f"errors must be 'raise' or 'mark', got {errors!r}")
    x, y, index, problems, in_geoms = _input_points(points, lon, lat)
    if problems and errors == "raise":
        labels = list(index)
        items = sorted(problems.items())
        shown = "; ".join(f"row {i} (index {labels[i]!r}): {why}" for i, why in items[:20])
        more = f"; ... and {len(items) - 20} more" if len(items) > 20 else ""
        raise InvalidCoordinateError(f"classify: {len(items)} invalid point(s): {shown}{more}")

    zs = load_zones(source)
    persp = zs.check_perspective(perspective)
    n = len(x)
    raster = raster_index(zs, persp, _source_file(source),
                          build=n - len(problems) >= RASTER_MIN_POINTS)
    table = class_table(zs, persp)

    def answer(px: np.ndarray, py: np.ndarray) -> np.ndarray:
        if raster is not None:
            return raster.codes(px, py)
        return exact_codes(zs, persp, table, px, py)  # small batch: no index to build

    if problems:
        valid = np.ones(n, bool)
        valid[list(problems)] = False
        vidx = np.flatnonzero(valid)
        code = np.full(n, -1, np.int32)
        code[vidx] = answer(x[vidx], y[vidx])
    else:
        code = answer(x, y)
    if codes:
        return (pd.Series(code, index=index, name="class"), table.frame())
    out = answer_frame(code, table, index)
    if geometry:
        import geopandas as gpd

        if in_geoms is not None:
            geoms = in_geoms.copy() if problems else in_geoms
        else:
            geoms = np.asarray(gpd.points_from_xy(x, y), dtype=object)
        if problems:
            geoms[list(problems)] = None
        out = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs=4326, index=index),
                               crs=4326)
    if errors == "mark":
        err = np.full(n, None, dtype=object)
        for i, why in problems.items():
            err[i] = why
        out["error"] = pd.Series(err, index=index, dtype=object)
    out.attrs["source"] = zs.source
    out.attrs["perspective"] = persp
    out.attrs["coverage"] = zs.coverage  # (w, s, e, n) or None: outside, None means unknown
    return out


def answer_frame(code: np.ndarray, table, index=None) -> pd.DataFrame:
    """The answer DataFrame (categorical ``kind``, ``state``, ``label``, ``status``) of
    class codes ``code`` (int, -1 for none) looked up in ``table``
    (:class:`~geo.zones.rasterindex.ClassTable`)."""
    import pandas as pd

    cols = {}
    for name in ANSWER_COLUMNS:
        cats, per_class = _categories(table, name)
        cols[name] = pd.Categorical.from_codes(per_class[code], categories=cats,
                                               validate=False)
    return pd.DataFrame(cols, index=index if index is not None else pd.RangeIndex(len(code)),
                        copy=False)


def _categories(table, name: str) -> tuple[list[str], np.ndarray]:
    """``(categories, code per class)`` of one answer column; the array has one extra
    last entry (-1) so that class -1 (an invalid row) maps to a missing value."""
    cache = table.__dict__.setdefault("_categories", {})
    if name not in cache:
        values = getattr(table, name)
        cats = table.categories[name]
        pos = {c: i for i, c in enumerate(cats)}
        dtype = np.int8 if len(cats) < 127 else np.int16 if len(cats) < 32767 else np.int32
        per = np.array([pos.get(v, -1) if v is not None else -1 for v in values] + [-1],
                       dtype=dtype)
        cache[name] = (cats, per)
    return cache[name]
