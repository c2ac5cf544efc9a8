"""Write launchmap's layers as vector files: GeoJSON, GeoPackage or GeoParquet.

:func:`export` writes one of :data:`WHATS` (:data:`geo.types.ExportWhat`):

``events``
    :func:`geo.events`, one row per catalogue row (impact point; the launch point as WKT
    in ``launch_geometry``; ``date`` and ``datetime_utc`` as dates).
``zones``
    The shipped zone set under a perspective, one row per polygon: ``label``, ``kind``,
    ``owner`` (ISO3 under the perspective), ``claimants`` (ISO3 codes joined by ``;``),
    ``status`` (one of :data:`geo.zones.schema.STATUSES`, the status :func:`geo.where`
    gives at every point of the polygon), ``perspective``, ``limit_nm``, ``area_km2``
    (geodesic). Each zone is cut into its agreed, median-line and uncontested parts.
``land``
    The shipped GSHHG land the zones are measured from (inside
    :data:`geo.zones.schema.COAST_FRAME`), one row per ``land.parquet`` row, with
    ``owner`` under the perspective, ``claimants`` and ``status`` (``disputed`` or empty).
``places``
    :func:`geo.places`, the gazetteer, one point per place.

The format comes from the file suffix (:data:`SUFFIX_FORMATS`) or ``fmt``. Every file is
WGS84 lon/lat (EPSG:4326). A file is written next to its destination and moved into place,
so a failed write leaves no partial file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from geo.errors import InvalidOptionError
from geo.types import ExportFormat, ExportWhat

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: What :func:`export` writes.
WHATS: tuple[str, ...] = get_args(ExportWhat)
#: The formats :func:`export` writes.
FORMATS: tuple[str, ...] = get_args(ExportFormat)
#: File suffix (lower case) -> format.
SUFFIX_FORMATS: dict[str, str] = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg",
                                  ".parquet": "parquet", ".geoparquet": "parquet"}
#: Human names of the formats, for messages.
FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "parquet": "GeoParquet"}
_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}
#: What a perspective changes.
_WITH_PERSPECTIVE = ("zones", "land")


def _check_what(what: str) -> None:
    if what not in WHATS:
        raise InvalidOptionError(f"cannot export {what!r}; expected one of {', '.join(WHATS)}")


def export_format(path: str | Path, fmt: str | None = None) -> ExportFormat:
    """The format to write ``path`` in: ``fmt`` when given, else the one its suffix names.

    Raises :class:`InvalidOptionError` for an unknown ``fmt``, an unknown suffix without
    ``fmt``, or a ``fmt`` that contradicts a known suffix."""
    suffix = Path(path).suffix.lower()
    by_suffix = SUFFIX_FORMATS.get(suffix)
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidOptionError(f"unknown export format {fmt!r}; expected one of "
                                     f"{', '.join(FORMATS)}")
        if by_suffix is not None and by_suffix != fmt:
            raise InvalidOptionError(f"format {fmt!r} contradicts the suffix {suffix!r} of "
                                     f"{str(path)!r} (a {FORMAT_NAMES[by_suffix]} file)")
        return fmt  # type: ignore[return-value]
    if by_suffix is None:
        shown = repr(suffix) if suffix else "no suffix"
        raise InvalidOptionError(f"cannot tell the export format of {str(path)!r} from "
                                 f"{shown}; use one of {', '.join(SUFFIX_FORMATS)}")
    return by_suffix  # type: ignore[return-value]


def _zones_frame(perspective: str | None) -> gpd.GeoDataFrame:
    """The zone set as one row per polygon, each with the status it has everywhere."""
    import geopandas as gpd
    import shapely

    from geo.geodesy import geodesic_area_km2
    from geo.zones import load_zones

    zs = load_zones()
    persp = zs.check_perspective(perspective)
    zs = zs.for_perspective(persp)
    z = zs.zones
    rows = []
    for i, (label, kind) in enumerate(zip(z["label"].astype(str), z["kind"].astype(str),
                                          strict=True)):
        parts = zs.status_parts(i)  # the rule geo.where applies point by point
        base = {"label": label, "kind": kind, "owner": zs.owner(label, persp),
                "claimants": ";".join(zs.claimants(label)), "perspective": persp,
                "limit_nm": float(z["limit_nm"].iat[i])}
        for status, geom in parts:
            for poly in shapely.get_parts(geom):
                if poly.geom_type == "Polygon" and not poly.is_empty:
                    rows.append({**base, "status": status, "geometry": poly})
    cols = ["label", "kind", "owner", "claimants", "status", "perspective", "limit_nm",
            "geometry"]
    frame = gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")
    frame.insert(len(cols) - 1, "area_km2",
                 [round(geodesic_area_km2(g), 3) for g in frame.geometry])
    return frame


def _land_frame(perspective: str | None) -> gpd.GeoDataFrame:
    """The shipped land polygons with their owner under the perspective."""
    from geo.zones import load_zones

    zs = load_zones()
    persp = zs.check_perspective(perspective)
    if zs.land is None:
        raise FileNotFoundError("the shipped land polygons (data/land.parquet) are missing")
    land = zs.land.copy()
    labels = land["label"].astype(str)
    land.insert(1, "owner", [zs.owner(lab, persp) for lab in labels])
    land.insert(2, "claimants", [";".join(zs.claimants(lab)) for lab in labels])
    land.insert(3, "status", ["disputed" if zs.is_disputed(lab) else "" for lab in labels])
    land.insert(4, "perspective", persp)
    return land


def export_frame(what: ExportWhat, *, perspective: str | None = None) -> gpd.GeoDataFrame:
    """The GeoDataFrame (EPSG:4326) :func:`export` writes for ``what`` (see the module
    docstring). ``perspective`` (``administering`` or ISO3) applies to ``zones`` and
    ``land``; giving one for ``events`` or ``places`` raises :class:`InvalidOptionError`."""
    _check_what(what)
    if perspective is not None and what not in _WITH_PERSPECTIVE:
        raise InvalidOptionError(f"a perspective applies to {' and '.join(_WITH_PERSPECTIVE)}, "
                                 f"not to {what}")
    if what == "zones":
        return _zones_frame(perspective)
    if what == "land":
        return _land_frame(perspective)
    if what == "events":
        from geo.catalogue import events

        return events()
    from geo.gazetteer import places

    return places()


def _check_target(path: Path) -> None:
    if path.is_dir():
        raise IsADirectoryError(f"{str(path)!r} is a folder; give a file name")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"no folder {str(path.parent)!r} to write {path.name!r} in")


def write_frame(frame: gpd.GeoDataFrame, path: str | Path, fmt: ExportFormat, *,
                layer: str) -> Path:
    """Write ``frame`` to ``path`` in ``fmt`` (``layer`` names the GeoPackage layer),
    replacing any file there only once the new one is complete. Returns the path."""
    path = Path(path)
    _check_target(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    tmp.unlink(missing_ok=True)
    try:
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            kw = {"layer": layer} if fmt == "gpkg" else {}
            frame.to_file(tmp, driver=_DRIVERS[fmt], engine="pyogrio", **kw)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def export(what: ExportWhat, path: str | Path, *, perspective: str | None = None,
           fmt: ExportFormat | None = None) -> gpd.GeoDataFrame:
    """Write ``what`` (``events``, ``zones``, ``land`` or ``places``) to ``path`` as
    GeoJSON, GeoPackage or GeoParquet, chosen by :func:`export_format` (suffix, or
    ``fmt``). Returns the frame written (EPSG:4326).

    Raises :class:`InvalidOptionError` for an unknown ``what``, format or suffix (naming
    the allowed ones) or a perspective where none applies, and ``FileNotFoundError`` /
    ``IsADirectoryError`` for a missing folder or a folder as ``path``, all before reading
    any data; :class:`~geo.errors.UnknownPerspectiveError` for a malformed perspective.
    """
    _check_what(what)
    chosen = export_format(path, fmt)
    _check_target(Path(path))  # before reading any data
    frame = export_frame(what, perspective=perspective)
    write_frame(frame, path, chosen, layer=what)
    return frame
