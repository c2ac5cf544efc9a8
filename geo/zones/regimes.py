"""Joint and provisional maritime regimes: ``data/joint_regimes.csv``.

Some waters of the NW Pacific are governed by a regime two states agreed without
delimiting them: a joint development zone, a provisional (measures) fisheries zone, an
intermediate or transitional zone, a common fishing zone. Such a regime is a *status* of
the water with its parties and legal basis, not an owner: the owner of the water (the
zone build's median line or treaty line) is unchanged, and a point can lie in several
regimes at once (an area and a special area inside it).

The table holds one row per published polygon vertex::

    regime,name,kind,parties,basis,valid_from,valid_until,part,seq,lat,lon,coord_text,source

``regime`` is an id (``CHN-KOR-2000-PMZ``); ``name``, ``kind`` (one of :data:`KINDS`),
``parties`` (``|``-joined ISO 3166-1 alpha-3 codes, at least two), ``basis`` (instrument
and article), ``valid_from`` / ``valid_until`` (ISO dates, empty when open-ended; the
window includes both days) must be the same on every row of a regime. ``part`` numbers
the polygons of a multi-part area (1, 2, ...), ``seq`` orders the vertices of a part as
the instrument lists them. A part may repeat its first vertex as its last (treaties
usually list the closing point); the repeat is dropped. ``coord_text`` is the vertex as
published, written ``37°00'N 123°40'E`` or with seconds ``36°22'23"N 123°10'52"E``;
``lat`` / ``lon`` (WGS84 degrees) must be its decimal value (within 1e-6 degrees).
``source`` cites the document and point for each row.

Edges are WGS84 geodesics between consecutive vertices (the instruments say "straight
lines" and name no datum or line type); :func:`read_regimes` densifies them so that no
edge of the returned polygons is longer than :data:`STEP_M`, and containment is then a
planar test on the dense lon/lat ring. No regime shipped crosses the antimeridian;
longitudes are in [-180, 180].
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.errors import DataValidationError, InvalidCoordinateError, InvalidOptionError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import numpy as np

#: File name of the table inside the data folder.
JOINT_REGIMES_FILE = "joint_regimes.csv"

#: Columns of ``joint_regimes.csv``, in order.
REGIME_COLUMNS = ("regime", "name", "kind", "parties", "basis", "valid_from", "valid_until",
                  "part", "seq", "lat", "lon", "coord_text", "source")

#: Kinds of regime the table may name.
KINDS = ("joint development zone", "provisional fisheries zone", "intermediate fisheries zone",
         "transitional zone", "common fishing zone", "fisheries arrangement area",
         "special cooperation area")

#: Columns that describe the regime, not the vertex: equal on every row of a regime.
META_COLUMNS = ("name", "kind", "parties", "basis", "valid_from", "valid_until")

#: Longest edge (metres, along the WGS84 geodesic) of a densified regime polygon.
STEP_M = 2000.0

#: Largest allowed gap (degrees) between ``coord_text`` and ``lat`` / ``lon``.
COORD_TOLERANCE_DEG = 1e-6

_REGIME_ID = re.compile(r"[A-Z0-9][A-Za-z0-9_-]*")
_HALF = r"(\d{1,3})°(\d{1,2}(?:\.\d+)?)'(?:(\d{1,2}(?:\.\d+)?)\")?([NSEW])"
_COORD = re.compile(_HALF + r"\s+" + _HALF)


@dataclass(frozen=True)
class Regime:
    """One joint or provisional regime: its id, name, kind, parties and legal basis.

    ``parties`` are ISO 3166-1 alpha-3 codes in table order; ``valid_from`` and
    ``valid_until`` are ISO dates (``YYYY-MM-DD``, both days included) or ``None`` when
    the window is open on that side; ``source`` lists the citations of the rows.
    """

    regime: str
    name: str
    kind: str
    parties: tuple[str, ...]
    basis: str
    valid_from: str | None
    valid_until: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``parties`` as a list)."""
        return {"regime": self.regime, "name": self.name, "kind": self.kind,
                "parties": list(self.parties), "basis": self.basis,
                "valid_from": self.valid_from, "valid_until": self.valid_until,
                "source": self.source}

    def valid_on(self, day: dt.date) -> bool:
        """True when ``day`` lies in the validity window (both ends included)."""
        if self.valid_from is not None and day < dt.date.fromisoformat(self.valid_from):
            return False
        return self.valid_until is None or day <= dt.date.fromisoformat(self.valid_until)


def parse_coord_text(text: str) -> tuple[float, float]:
    """``(lat, lon)`` in decimal degrees from ``37°00'N 123°40'E`` or
    ``36°22'23"N 123°10'52"E`` (minutes may carry decimals). Raises ``ValueError``."""
    m = _COORD.fullmatch(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a coordinate like 37°00'N 123°40'E or "
                         "36°22'23\"N 123°10'52\"E")
    values = []
    for d, mnt, sec, hemi in (m.groups()[:4], m.groups()[4:]):
        if float(mnt) >= 60 or (sec is not None and float(sec) >= 60):
            raise ValueError(f"{text!r}: minutes and seconds must be below 60")
        v = int(d) + float(mnt) / 60 + (float(sec) if sec else 0.0) / 3600
        values.append((-v if hemi in "SW" else v, hemi))
    (lat, h1), (lon, h2) = values
    if h1 not in "NS" or h2 not in "EW":
        raise ValueError(f"{text!r}: latitude (N/S) must come before longitude (E/W)")
    return lat, lon


def densify_ring(lonlat: np.ndarray, step_m: float = STEP_M) -> np.ndarray:
    """The closed ring through the (n, 2) lon/lat vertices ``lonlat`` (not closed), each
    edge followed along its WGS84 geodesic with a vertex at least every ``step_m``
    metres; returned closed (last vertex = first)."""
    import numpy as np

    from geo.geodesy import GEOD

    pts = np.vstack([lonlat, lonlat[:1]])
    out: list[list[float]] = []
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
        dist = GEOD.inv(x0, y0, x1, y1)[2]
        n = max(0, math.ceil(dist / step_m) - 1)
        out.append([x0, y0])
        if n:
            out.extend(list(p) for p in GEOD.npts(x0, y0, x1, y1, n))
    out.append([pts[-1, 0], pts[-1, 1]])
    return np.asarray(out, dtype=float)


def _row_checks(row: dict) -> list[tuple[str, str]]:
    problems = []
    if len(set(row["parties"])) < 2:
        problems.append(("parties", f"{'|'.join(row['parties'])!r}: a regime needs at least "
                                    "two different parties (ISO3 codes joined by '|')"))
    start, end = row["valid_from"], row["valid_until"]
    if start is not None and end is not None and end < start:
        problems.append(("valid_until", f"{end} is before valid_from {start}"))
    try:
        lat, lon = parse_coord_text(row["coord_text"])
    except ValueError as exc:
        problems.append(("coord_text", str(exc)))
    else:
        if abs(lat - row["lat"]) > COORD_TOLERANCE_DEG or abs(lon - row["lon"]) > COORD_TOLERANCE_DEG:
            problems.append(("coord_text", f"{row['coord_text']!r} is {lat:.7f}, {lon:.7f}, "
                                           f"not lat/lon {row['lat']:.7f}, {row['lon']:.7f}"))
    return problems


def _iso_or_none(day: Any) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else None


def _build(path: Path) -> geopandas.GeoDataFrame:
    """Read, check and assemble the table (uncached; see :func:`read_regimes`)."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    from geo._tables import Column, choice, integer, iso3, iso_date, listed, number, pattern, read_table

    parse = {
        "regime": pattern(_REGIME_ID, "a regime id (letters, digits, '-' or '_')"),
        "kind": choice(KINDS),
        "parties": listed(iso3),
        "part": integer(lo=1), "seq": integer(lo=1),
        "lat": number(-90, 90), "lon": number(-180, 180),
    }
    columns = []
    for c in REGIME_COLUMNS:
        if c in ("valid_from", "valid_until"):
            columns.append(Column(c, iso_date(), blank=True, default=None))
        else:
            columns.append(Column(c, parse[c]) if c in parse else Column(c))
    rows, errors = read_table(path, columns, [_row_checks], what="joint regimes",
                              extra_columns=False)
    file = str(path)

    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["regime"], []).append(row)
    records, geoms = [], []
    for rid, members in groups.items():
        first = members[0]
        bad = False
        for r in members[1:]:
            for col in META_COLUMNS:
                if r[col] != first[col]:
                    errors.append(RowError(file, r.n, col, (
                        f"regime {rid!r}: {r.text[col]!r} differs from {first.text[col]!r} in "
                        f"row {first.n}; {col} must be the same on every row of a regime")))
                    bad = True
        parts: dict[int, list] = {}
        for r in members:
            parts.setdefault(r["part"], []).append(r)
        polygons = []
        for pno in sorted(parts):
            verts = sorted(parts[pno], key=lambda r: r["seq"])
            seen: dict[int, int] = {}
            for r in verts:
                if r["seq"] in seen:
                    errors.append(RowError(file, r.n, "seq", (
                        f"regime {rid!r} part {pno}: seq {r['seq']} already used in row "
                        f"{seen[r['seq']]}")))
                    bad = True
                seen.setdefault(r["seq"], r.n)
            xy = np.array([[r["lon"], r["lat"]] for r in verts], dtype=float)
            if len(xy) > 1 and np.array_equal(xy[0], xy[-1]):
                xy = xy[:-1]
            if len(np.unique(xy, axis=0)) < 3:
                errors.append(RowError(file, verts[0].n, "part", (
                    f"regime {rid!r} part {pno}: {len(np.unique(xy, axis=0))} distinct "
                    "vertices; a polygon needs at least 3")))
                bad = True
                continue
            poly = shapely.Polygon(densify_ring(xy))
            if not poly.is_valid or poly.is_empty:
                errors.append(RowError(file, verts[0].n, "part", (
                    f"regime {rid!r} part {pno} is not a valid polygon: "
                    f"{shapely.is_valid_reason(poly)}")))
                bad = True
                continue
            polygons.append(poly)
        if bad or not polygons:
            continue
        geom = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
        if not geom.is_valid:
            errors.append(RowError(file, first.n, "part", (
                f"regime {rid!r}: its parts overlap or touch along an edge "
                f"({shapely.is_valid_reason(geom)})")))
            continue
        sources = list(dict.fromkeys(r["source"] for r in members))
        records.append(Regime(rid, first["name"], first["kind"], tuple(first["parties"]),
                              first["basis"], _iso_or_none(first["valid_from"]),
                              _iso_or_none(first["valid_until"]), " | ".join(sources)))
        geoms.append(geom)
    if errors:
        raise DataValidationError(sorted(errors, key=lambda e: (e.row, e.field)))
    frame = gpd.GeoDataFrame([r.to_dict() for r in records], geometry=geoms, crs="EPSG:4326")
    if len(frame):
        frame["parties"] = [r.parties for r in records]
        # pandas >= 3 infers a string dtype for a column of str and None and turns None
        # into NaN; keep the documented None for an open-ended date
        for col in ("valid_from", "valid_until"):
            frame[col] = pd.Series([getattr(r, col) for r in records], dtype=object,
                                   index=frame.index)
    else:
        frame = gpd.GeoDataFrame(columns=[*Regime.__dataclass_fields__, "geometry"],
                                 geometry="geometry", crs="EPSG:4326")
    return frame


def _path(path: str | Path | None) -> Path:
    from geo._paths import data_path

    return Path(path) if path is not None else data_path(JOINT_REGIMES_FILE)


def read_regimes(path: str | Path | None = None) -> geopandas.GeoDataFrame:
    """The regimes table (default: the shipped ``data/joint_regimes.csv``), one row per
    regime, read once per process and file version.

    Columns: those of :class:`Regime` (``parties`` a tuple, dates ISO strings or
    ``None``) and ``geometry``: a Polygon or MultiPolygon in EPSG:4326 (lon/lat degrees)
    whose edges are WGS84 geodesics densified to at most :data:`STEP_M` metres.

    Raises ``FileNotFoundError`` for a missing file and
    :class:`~geo.errors.DataValidationError` listing every bad row (file, row, field,
    reason): a value its column refuses, a coord_text that disagrees with lat/lon,
    metadata that differs within a regime, a repeated seq, a part with fewer than 3
    vertices, a self-intersecting part or overlapping parts (naming the regime).
    """
    from geo._cache import cached_file

    return cached_file(_path(path), _build, what="joint regimes table", kind="regimes").copy()


def _index(path: Path):
    """(regimes, STRtree over their geometries) for :func:`regimes_at`."""
    import shapely

    frame = read_regimes(path)
    regimes = [Regime(r["regime"], r["name"], r["kind"], tuple(r["parties"]), r["basis"],
                      r["valid_from"], r["valid_until"], r["source"])
               for r in frame.to_dict(orient="records")]
    return regimes, shapely.STRtree(list(frame.geometry))


def _parse_day(on: str | dt.date | None) -> dt.date | None:
    if on is None or isinstance(on, dt.date):
        return on
    try:
        return dt.date.fromisoformat(str(on))
    except ValueError:
        raise InvalidOptionError(f"on: {on!r} is not an ISO 8601 date (YYYY-MM-DD)") from None


def regimes_at(lon, lat, on: str | None = None, *,
               path: str | Path | None = None) -> list[list[Regime]]:
    """The regimes whose area contains each point, one list per point (table order).

    ``lon`` / ``lat`` are WGS84 degrees, scalars or arrays of one shape (a scalar gives a
    list of one list, an n-d array one list per element in C order); longitudes are
    wrapped into [-180, 180). A point on an edge counts
    as inside. ``on`` (ISO date ``YYYY-MM-DD``) keeps only regimes valid that day; ``None``
    keeps all. ``path`` reads another table than the shipped one.

    Raises :class:`~geo.errors.InvalidCoordinateError` for a non-finite value or a
    latitude outside [-90, 90], :class:`~geo.errors.InvalidOptionError` for a bad ``on``.
    """
    import numpy as np
    import shapely

    from geo._cache import cached_file
    from geo.geodesy import normalize_lon

    day = _parse_day(on)
    x = np.atleast_1d(np.asarray(lon, dtype=float)).ravel()
    y = np.atleast_1d(np.asarray(lat, dtype=float)).ravel()
    if x.shape != y.shape:
        raise InvalidCoordinateError(f"lon and lat differ in size ({x.size} and {y.size})")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InvalidCoordinateError("coordinates must be finite numbers")
    if ((y < -90) | (y > 90)).any():
        raise InvalidCoordinateError("latitude outside [-90, 90] degrees")
    x = normalize_lon(x)
    regimes, tree = cached_file(_path(path), _index, what="joint regimes table",
                                kind="regimes-index")
    out: list[list[Regime]] = [[] for _ in range(x.size)]
    if not regimes or x.size == 0:
        return out
    pts, hits = tree.query(shapely.points(x, y), predicate="intersects")
    order = np.lexsort((hits, pts))
    keep = np.array([day is None or regimes[h].valid_on(day) for h in range(len(regimes))])
    for p, h in zip(pts[order].tolist(), hits[order].tolist(), strict=True):
        if keep[h]:
            out[p].append(regimes[h])
    return out
