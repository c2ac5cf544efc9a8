"""Japan's specified areas (特定海域): ``data/specified_areas.csv``.

In five straits (Soya, Tsugaru, Tsushima East and West Channels, Osumi) Japan's territorial
sea is, "for the time being", the water up to 3 nautical miles from the baseline instead of
12 (Act on the Territorial Sea and the Contiguous Zone, Act No. 30 of 1977, Supplementary
Provisions para. 2). The Enforcement Order (Cabinet Order No. 210 of 1977, arts. 3 and 4 and
its annexed table 2) fixes the extent of each area. The table holds each area as a polygon,
one row per vertex in ring order::

    area,name,seq,lat,lon,coord_text,limit_nm,instrument,source

``area`` is a snake_case id, ``seq`` the 1-based order of the vertex along the ring (the
first vertex may be repeated as the last row to close it, or not), ``lat``/``lon`` WGS84
degrees, ``coord_text`` the coordinate as published (or as constructed, for construction
points that the ``source`` column marks as such), ``limit_nm`` the breadth of the
territorial sea inside the area in nautical miles, in (0, 12] (3 for all five), and ``instrument`` /
``source`` the citation. ``name``, ``limit_nm`` and ``instrument`` must be the same on
every row of an area.

:func:`read_specified_areas` returns one Polygon per area (EPSG:4326, lon/lat degrees),
its edges followed along WGS84 geodesics with a vertex at least every
:data:`STEP_M` metres. Every bad row or area is reported at once in a
:class:`~geo.errors.DataValidationError`: a field that does not parse, a repeated ``seq``,
an area with fewer than 3 distinct vertices, metadata that differ between the rows of an
area, or a ring that crosses itself (checked on the vertices as listed and again after the
geodesic densification). A header without rows is a valid, empty table: the shipped file
is one until the Order's coordinates are entered (data/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.errors import DataValidationError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

#: Name of the shipped table inside the data folder.
SPECIFIED_AREAS_FILE = "specified_areas.csv"
#: Columns of ``specified_areas.csv``, in order.
SPECIFIED_AREA_COLUMNS = ("area", "name", "seq", "lat", "lon", "coord_text", "limit_nm",
                          "instrument", "source")
#: Columns of the GeoDataFrame :func:`read_specified_areas` returns (besides ``geometry``).
OUTPUT_COLUMNS = ("area", "name", "limit_nm", "instrument", "source")
#: Longest geodesic step (metres) between consecutive vertices of a returned polygon.
STEP_M = 1000.0
#: Columns that must be equal on every row of one area.
_PER_AREA = ("name", "limit_nm", "instrument")
_AREA_RE = r"[a-z][a-z0-9_]*"


def read_specified_areas(path: str | Path | None = None) -> geopandas.GeoDataFrame:
    """Read and check the specified-areas table; one Polygon row per area.

    ``path`` defaults to the shipped ``data/specified_areas.csv``. Returns a GeoDataFrame
    with the columns ``area, name, limit_nm, instrument, source, geometry`` (EPSG:4326;
    ``source`` joins the distinct row citations of the area with ``" | "``), in the order
    the areas first appear in the file; a table with a header and no rows gives an empty
    frame with the same columns. Each polygon's edges are densified along WGS84
    geodesics (a vertex at least every :data:`STEP_M` m).

    Raises ``FileNotFoundError`` for a missing file and :class:`DataValidationError`
    listing every bad row (file, row, field, reason) and every bad area (named, at the row
    of its first vertex).
    """
    from geo._cache import cached_file
    from geo._paths import data_path

    p = Path(path) if path is not None else data_path(SPECIFIED_AREAS_FILE)
    return cached_file(p, _read, what="specified areas", kind="specified_areas").copy()


def _read(path: Path) -> geopandas.GeoDataFrame:
    import geopandas as gpd
    import shapely

    from geo._tables import Column, integer, number, pattern, read_table, text

    parse = {"area": pattern(_AREA_RE, "a snake_case area id (e.g. tsugaru)"),
             "name": text, "seq": integer(lo=1), "lat": number(-90, 90),
             "lon": number(-180, 180), "coord_text": text,
             "limit_nm": number(0, 12, above=True), "instrument": text, "source": text}
    columns = tuple(Column(c, parse[c]) for c in SPECIFIED_AREA_COLUMNS)
    rows, errors = read_table(path, columns, what="specified areas", extra_columns=False,
                              allow_empty=True)
    file = str(path)
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["area"], []).append(row)

    records = []
    for area, members in groups.items():
        first = members[0].n
        bad = False
        for col in _PER_AREA:
            values = {r[col] for r in members}
            if len(values) > 1:
                errors.append(RowError(file, first, col, f"area {area!r}: {col} differs "
                                                         f"between its rows: {sorted(map(str, values))}"))
                bad = True
        by_seq: dict[int, object] = {}
        for r in members:
            if r["seq"] in by_seq:
                errors.append(RowError(file, r.n, "seq", f"area {area!r}: seq {r['seq']} "
                                                         f"already used in row {by_seq[r['seq']].n}"))
                bad = True
            else:
                by_seq[r["seq"]] = r
        ring = [(by_seq[s]["lon"], by_seq[s]["lat"]) for s in sorted(by_seq)]
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]                       # a closing row that repeats vertex 1
        distinct = len(set(ring))
        if distinct < 3:
            errors.append(RowError(file, first, "area", f"area {area!r}: a polygon needs at "
                                                        f"least 3 distinct vertices, got {distinct}"))
            continue
        if bad:
            continue
        raw = shapely.Polygon(ring)
        if not raw.is_valid:
            errors.append(RowError(file, first, "area", f"area {area!r}: the ring is not a "
                                                        f"valid polygon ({shapely.is_valid_reason(raw)})"))
            continue
        poly = shapely.Polygon(densify_ring(np.array(ring, float)))
        if not poly.is_valid:
            errors.append(RowError(file, first, "area", f"area {area!r}: the ring followed "
                                                        "along geodesics crosses itself "
                                                        f"({shapely.is_valid_reason(poly)})"))
            continue
        sources = list(dict.fromkeys(r["source"] for r in members))
        records.append({"area": area, "name": members[0]["name"],
                        "limit_nm": members[0]["limit_nm"],
                        "instrument": members[0]["instrument"],
                        "source": " | ".join(sources), "geometry": poly})
    if errors:
        raise DataValidationError(errors)
    frame = gpd.GeoDataFrame(records, columns=[*OUTPUT_COLUMNS, "geometry"],
                             geometry="geometry", crs="EPSG:4326")
    frame["limit_nm"] = frame["limit_nm"].astype(float)
    return frame


def densify_ring(ring: np.ndarray, step_m: float = STEP_M) -> np.ndarray:
    """The closed ring ``ring`` ((n, 2) lon/lat, last vertex not repeated) with each edge,
    the closing one included, followed along its WGS84 geodesic: intermediate vertices so
    that no step exceeds ``step_m`` metres. Returns an (m, 2) array, not closed."""
    from geo.geodesy import GEOD

    out: list[list[float]] = []
    nxt = np.roll(ring, -1, axis=0)
    for (x0, y0), (x1, y1) in zip(ring, nxt, strict=True):
        out.append([float(x0), float(y0)])
        dist = GEOD.inv(x0, y0, x1, y1)[2]
        n = max(0, int(np.ceil(dist / step_m)) - 1)
        if n:
            out.extend([list(p) for p in GEOD.npts(x0, y0, x1, y1, n)])
    return np.array(out, float)


__all__ = ["OUTPUT_COLUMNS", "SPECIFIED_AREAS_FILE", "SPECIFIED_AREA_COLUMNS", "STEP_M",
           "densify_ring", "read_specified_areas"]
