"""Parse Marine Regions (VLIZ) maritime boundaries files into zone and sovereignty rows.

Marine Regions publishes the World EEZ (v11, v12: GeoPackage or shapefile, one polygon
per row) with columns ``MRGID``, ``GEONAME``, ``POL_TYPE``, ``ISO_SOV1..3``,
``ISO_TER1..3``, ``TERRITORY1..3``, ``SOVEREIGN1..3``, ``AREA_KM2`` (any letter case).
``POL_TYPE`` is ``200NM``, ``Overlapping claim`` or ``Joint regime``. The same layout is
read from the territorial sea (``12NM``) and contiguous zone (``24NM``) files.

Mapping into the zone schema (:mod:`geo.zones.schema`):

* ``200NM`` -> an ``eez`` row labelled with the sovereign's ISO3 (``ISO_SOV1``; e.g. the
  Guam and Northern Mariana zones both become label ``USA``). Marine Regions does not say
  whether a limit is a treaty line or a median line, and the row records no competing
  claim, so its status is ``uncontested`` (read: *not contested according to this
  source*; the median-line / agreed distinction is only available from the computed
  zones).
* ``Overlapping claim`` -> a row labelled ``mr<MRGID>``, status ``disputed``, claimants
  ``ISO_SOV1..3``; under the ``administering`` perspective it belongs to ``ISO_SOV1``
  (the first sovereign Marine Regions lists), under each claimant's own view to that
  claimant, under any other view to ``ISO_SOV1``.
* ``Joint regime`` -> likewise a ``mr<MRGID>`` label with all sovereigns as claimants,
  status ``agreed`` (the states agreed to manage the area jointly).
* ``12NM`` / ``24NM`` (and overlapping claims or joint regimes whose ``POL_TYPE``
  mentions 12NM / 24NM) -> ``territorial_sea`` / ``contiguous_zone`` rows, used as drawn.

Land for "on land" and coast distances is not in these files:
:func:`geo.zones.load.from_marine_regions` turns the rows into a
:class:`~geo.zones.zoneset.ZoneSet` and by default attaches the shipped ``land.parquet``
(and names it in the source) when it exists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.errors import DataValidationError, MarineRegionsFormatError, RowError
from geo.zones.zoneset import is_iso3

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

#: Columns every Marine Regions zone file must have (compared case-insensitively).
REQUIRED_COLUMNS = ("MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1")
#: Further sovereign columns read when present.
SOVEREIGN_COLUMNS = ("ISO_SOV1", "ISO_SOV2", "ISO_SOV3")


def _polygon_layer(path: Path, layer: str | None) -> str | None:
    """Pick the layer to read: the given one, or the only/first polygon layer with a
    POL_TYPE column."""
    import pyogrio

    layers = pyogrio.list_layers(path)
    if layer is not None:
        names = [str(n) for n, _ in layers]
        if layer not in names:
            raise MarineRegionsFormatError(
                f"{path}: no layer {layer!r} (layers: {', '.join(names)})")
        return layer
    poly = [str(n) for n, gtype in layers if gtype and "polygon" in str(gtype).lower()]
    if not poly:  # mixed-geometry layers (type "Unknown"): read them, check row by row
        poly = [str(n) for n, gtype in layers
                if not gtype or str(gtype).lower() in ("unknown", "geometry", "none")]
    if not poly:
        kinds = ", ".join(f"{n} ({t})" for n, t in layers)
        raise MarineRegionsFormatError(
            f"{path}: no polygon layer (found {kinds}); expected the Marine Regions zone "
            "polygons, not the boundary lines")
    if len(poly) == 1:
        return poly[0]
    for name in poly:
        fields = [f.upper() for f in pyogrio.read_info(path, layer=name)["fields"]]
        if "POL_TYPE" in fields:
            return name
    return poly[0]


def _version_label(path: Path) -> str:
    m = re.search(r"v(\d+)", path.name, flags=re.IGNORECASE)
    kind = "World EEZ"
    low = path.name.lower()
    if "12nm" in low:
        kind = "Territorial Seas (12NM)"
    elif "24nm" in low:
        kind = "Contiguous Zones (24NM)"
    return f"Marine Regions {kind} v{m.group(1)}" if m else f"Marine Regions {kind}"


def _kind_and_status(pol_type: str) -> tuple[str, str] | None:
    """Map a POL_TYPE value to (kind, status); None when unknown."""
    t = " ".join(str(pol_type).lower().split())
    if "12nm" in t or "12 nm" in t:
        kind = "territorial_sea"
    elif "24nm" in t or "24 nm" in t:
        kind = "contiguous_zone"
    else:
        kind = "eez"
    if "overlapping claim" in t:
        return kind, "disputed"
    if "joint regime" in t:
        return kind, "agreed"
    if t in ("200nm", "200 nm", "12nm", "12 nm", "24nm", "24 nm"):
        return kind, "uncontested"
    return None


def read_marine_regions_file(path: str | Path, *, layer: str | None = None):
    """Read one Marine Regions file into (zones GeoDataFrame, sovereignty rows, source).

    Raises :class:`MarineRegionsFormatError` for a missing file/column or a non-polygon
    layer and :class:`~geo.errors.DataValidationError` listing every bad row.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"Marine Regions file {str(path)!r} does not exist")
    try:
        layer_name = _polygon_layer(path, layer)
        frame = gpd.read_file(path, layer=layer_name, engine="pyogrio")
    except MarineRegionsFormatError:
        raise
    except Exception as exc:  # pyogrio raises DataSourceError & co. for unreadable files
        raise MarineRegionsFormatError(f"{path}: cannot read as a vector file ({exc})") \
            from None
    upper = {str(c).upper(): c for c in frame.columns if c != frame.geometry.name}
    missing = [c for c in REQUIRED_COLUMNS if c not in upper]
    if missing:
        raise MarineRegionsFormatError(
            f"{path}: column {missing[0]!r} is missing" +
            (f" (also {', '.join(repr(m) for m in missing[1:])})" if len(missing) > 1 else "") +
            "; expected the Marine Regions columns " + ", ".join(REQUIRED_COLUMNS) +
            f" (found {', '.join(map(str, frame.columns))})")
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs(4326)

    def col(name: str):
        return frame[upper[name]] if name in upper else pd.Series([None] * len(frame))

    errors: list[RowError] = []
    fname = str(path)
    pol = col("POL_TYPE").tolist()
    mrgid = col("MRGID").tolist()
    geoname = col("GEONAME").tolist()
    sovs = [col(c).tolist() for c in SOVEREIGN_COLUMNS]
    geoms = np.asarray(frame.geometry.values, dtype=object)
    bad_geom = ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms)
    if bad_geom.any():  # Marine Regions polygons occasionally self-touch; repair them
        fixed = shapely.make_valid(geoms[bad_geom])
        repaired = np.empty(len(fixed), dtype=object)
        repaired[:] = [_polygonal(g) for g in fixed]
        geoms[bad_geom] = repaired

    gtypes = [g.geom_type if g is not None else "no geometry" for g in geoms]
    zone_rows = []
    sov_rows = []
    for i in range(len(frame)):
        row = i + 1
        if gtypes[i] not in ("Polygon", "MultiPolygon"):
            errors.append(RowError(fname, row, "geometry",
                                   f"expected Polygon or MultiPolygon, got {gtypes[i]}"))
            continue
        ks = _kind_and_status(pol[i]) if isinstance(pol[i], str) else None
        if ks is None:
            errors.append(RowError(fname, row, upper["POL_TYPE"],
                                   f"{pol[i]!r} is not a Marine Regions polygon type "
                                   "('200NM', 'Overlapping claim', 'Joint regime', "
                                   "'12NM', '24NM')"))
            continue
        kind, status = ks
        owners = []
        n_errors = len(errors)
        for c, values in zip(SOVEREIGN_COLUMNS, sovs, strict=True):
            v = values[i]
            if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
                continue
            v = str(v).strip().upper()
            if not is_iso3(v):
                errors.append(RowError(fname, row, upper.get(c, c),
                                       f"{values[i]!r} is not an ISO3 code"))
                continue
            if v not in owners:
                owners.append(v)
        if len(errors) > n_errors:
            continue
        if not owners:
            errors.append(RowError(fname, row, upper["ISO_SOV1"], "missing sovereign ISO3 code"))
            continue
        try:
            gid = int(mrgid[i])
        except (TypeError, ValueError):
            errors.append(RowError(fname, row, upper["MRGID"], f"{mrgid[i]!r} is not an integer"))
            continue
        if status == "uncontested":
            label = owners[0]
        else:
            label = f"mr{gid}"
            sov_rows.append({"label": label, "perspective": "administering",
                             "owner": owners[0], "source": f"{_version_label(path)}, "
                             f"MRGID {gid}: first sovereign (ISO_SOV1)"})
            for o in owners:
                sov_rows.append({"label": label, "perspective": o, "owner": o,
                                 "source": f"{_version_label(path)}, MRGID {gid}"})
        zone_rows.append({"label": label, "kind": kind, "status": status,
                          "name": None if geoname[i] is None else str(geoname[i]),
                          "mrgid": gid, "geometry": geoms[i]})
    if errors:
        raise DataValidationError(errors)
    zones = gpd.GeoDataFrame(zone_rows, geometry="geometry", crs=4326) if zone_rows else \
        gpd.GeoDataFrame({"label": [], "kind": [], "status": [], "name": [], "mrgid": []},
                         geometry=gpd.GeoSeries([], crs=4326), crs=4326)
    source = f"{_version_label(path)} (file {path.name})"
    return zones, sov_rows, source


def _polygonal(g):
    """Keep the polygonal part of a repaired geometry."""
    import shapely

    parts = shapely.get_parts(g)
    polys = [p for p in parts if p.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        return g
    return shapely.union_all(polys) if len(polys) > 1 else polys[0]


def read_marine_regions(path: str | Path | Sequence[str | Path], *, layer: str | None = None
                        ) -> tuple[gpd.GeoDataFrame, pd.DataFrame, str]:
    """Read one or several Marine Regions files (e.g. EEZ + 12NM + 24NM) into
    ``(zones, sovereignty, source)``: the zone rows of every file (GeoDataFrame,
    EPSG:4326), the sovereignty rows of their disputed and joint labels (``label``,
    ``perspective``, ``owner``, ``source``) and one line naming the files.

    ``layer``: layer name inside a multi-layer file. Raises ``ValueError`` for an empty
    list, and what :func:`read_marine_regions_file` raises for a bad file.
    """
    import geopandas as gpd
    import pandas as pd

    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise ValueError("from_marine_regions: no file given")
    frames, sov_rows, sources = [], [], []
    for p in paths:
        z, s, src = read_marine_regions_file(p, layer=layer)
        frames.append(z)
        sov_rows.extend(s)
        sources.append(src)
    zones = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry",
                             crs=4326)
    sov = pd.DataFrame(sov_rows, columns=["label", "perspective", "owner", "source"])
    return zones, sov, " + ".join(sources)
