"""Zone sets: label-level maritime zones plus the sovereignty table that gives them owners.

A :class:`ZoneSet` holds one row per zone polygon (``label``, ``kind``, geometry, and
optionally ``overlap`` / ``agreed`` geometries, a fixed ``status`` and a ``name``), the
land polygons the zones were measured from, and the sovereignty table (``label``,
``perspective``, ``owner``). A *perspective* maps every label to its owner (ISO3):

* ``administering`` (the default): each disputed feature belongs to the state that
  administers it;
* an ISO3 code (``JPN``, ``CHN``, ...): that state's view where the table records one,
  the administering owner for every feature it has no recorded view on.

Labels that are plain ISO3 codes (``JPN``) are owned by themselves under every view.

:func:`load_zones` returns the shipped zones (``data/zones.parquet`` and friends, read
once per process) or a zone set read from a Marine Regions file. Every zone set knows its
``source``, and every answer computed from it repeats that source.

All geometries are WGS84 lon/lat (EPSG:4326).
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from geo._paths import data_dir, sha256_file
from geo.errors import DataValidationError, RowError, UnknownPerspectiveError
from geo.zones.schema import (
    BUILD_RECORD_FILE,
    COAST_FRAME,
    COUNTRIES_FILE,
    DEFAULT_PERSPECTIVE,
    LAND_FILE,
    SOVEREIGNTY_FILE,
    STATUSES,
    ZONE_KINDS,
    ZONES_FILE,
    ZONES_FRAME,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

_ISO3 = re.compile(r"^[A-Z]{3}$")

#: Rank of each kind for "innermost zone" decisions (land first, then TS, CZ, EEZ).
KIND_RANK = {"land": -1, **{k: i for i, k in enumerate(ZONE_KINDS)}}




def is_iso3(code: object) -> bool:
    """True when ``code`` looks like an ISO 3166-1 alpha-3 code (three capital letters)."""
    return isinstance(code, str) and bool(_ISO3.match(code))


@dataclass(eq=False)
class ZoneSet:
    """Label-level zones, land and sovereignty table from one source.

    ``zones``: GeoDataFrame (EPSG:4326) with columns ``label``, ``kind`` (one of
    :data:`~geo.zones.schema.ZONE_KINDS`), ``geometry``; optional ``overlap`` and
    ``agreed`` (geometries: where the limit is a median line / a treaty boundary),
    ``status`` (a fixed status that overrides the computed one, e.g. from Marine
    Regions), ``name``. ``sovereignty``: DataFrame with ``label``, ``perspective``,
    ``owner``. ``land``: GeoDataFrame with ``label`` and geometry, or ``None``.
    ``source``: one line naming where the zones come from. ``coverage``: the
    (west, south, east, north) frame in degrees the zones were computed for (longitudes
    east of 180 written past 180), ``None`` for the whole world; outside it an empty
    answer means "not covered", not "high seas". ``countries_path``: Natural Earth
    countries (``countries.parquet``) used for "on land" outside the coverage.
    ``land_frame``: the box the land polygons were clipped to (its edges are cuts, not
    coast), ``None`` if not clipped.
    """

    zones: gpd.GeoDataFrame
    sovereignty: pd.DataFrame
    source: str
    land: gpd.GeoDataFrame | None = None
    build: dict[str, Any] | None = None
    coverage: tuple[float, float, float, float] | None = None
    land_frame: tuple[float, float, float, float] | None = None
    countries_path: Path | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        import geopandas as gpd
        import pandas as pd

        zones = self.zones
        if not isinstance(zones, gpd.GeoDataFrame):
            raise TypeError("ZoneSet.zones must be a GeoDataFrame")
        source_crs = zones.crs
        if source_crs is not None and not source_crs.equals("EPSG:4326"):
            zones = zones.to_crs(4326)
        zones = zones.reset_index(drop=True).copy()
        for col in ("overlap", "agreed"):
            if col not in zones.columns:
                zones[col] = gpd.GeoSeries([None] * len(zones), crs=4326)
                continue
            part = zones[col]
            if not isinstance(part, gpd.GeoSeries):
                part = gpd.GeoSeries(part, crs=part.crs if hasattr(part, "crs") else source_crs)
            if part.crs is not None and not part.crs.equals("EPSG:4326"):
                part = part.to_crs(4326)
            zones[col] = gpd.GeoSeries(part.values, index=zones.index, crs=4326)
        for col in ("status", "name"):
            if col not in zones.columns:
                zones[col] = None
        self.zones = zones
        if self.land is not None:
            land = self.land
            if land.crs is not None and not land.crs.equals("EPSG:4326"):
                land = land.to_crs(4326)
            self.land = land.reset_index(drop=True)
        sov = pd.DataFrame(self.sovereignty).copy()
        self.sovereignty = sov
        self._validate()

        # label -> {perspective: owner}
        views: dict[str, dict[str, str]] = {}
        for label, persp, owner in sov[["label", "perspective", "owner"]].itertuples(index=False):
            views.setdefault(str(label), {})[str(persp)] = str(owner)
        self._views = views

    # ------------------------------------------------------------------ validation
    def _validate(self) -> None:
        errors: list[RowError] = []
        where = f"zones ({self.source})"
        for col in ("label", "kind"):
            if col not in self.zones.columns:
                raise DataValidationError([RowError(where, 0, col, "column is missing")])
        for col in ("label", "perspective", "owner"):
            if col not in self.sovereignty.columns:
                raise DataValidationError(
                    [RowError(f"sovereignty ({self.source})", 0, col, "column is missing")]
                )
        sov_labels = set(self.sovereignty["label"].astype(str))
        types = np.asarray(self.zones.geometry.geom_type)
        for i, (label, kind, gtype, status) in enumerate(
            zip(self.zones["label"], self.zones["kind"], types, self.zones["status"], strict=True)
        ):
            if kind not in ZONE_KINDS:
                errors.append(RowError(where, i + 1, "kind",
                                       f"{kind!r} is not one of {ZONE_KINDS}"))
            if not (is_iso3(label) or str(label) in sov_labels):
                errors.append(RowError(where, i + 1, "label",
                                       f"{label!r} is neither an ISO3 code nor a label of the "
                                       "sovereignty table"))
            if gtype not in ("Polygon", "MultiPolygon"):
                errors.append(RowError(where, i + 1, "geometry",
                                       f"expected Polygon or MultiPolygon, got {gtype}"))
            if status is not None and status == status and status not in STATUSES:
                errors.append(RowError(where, i + 1, "status", f"{status!r} not in {STATUSES}"))
        sov_where = f"sovereignty ({self.source})"
        has_admin = set()
        for i, (label, persp, owner) in enumerate(
            self.sovereignty[["label", "perspective", "owner"]].itertuples(index=False)
        ):
            if not is_iso3(owner):
                errors.append(RowError(sov_where, i + 1, "owner", f"{owner!r} is not an ISO3 code"))
            if persp == DEFAULT_PERSPECTIVE:
                has_admin.add(str(label))
            elif not is_iso3(persp):
                errors.append(RowError(sov_where, i + 1, "perspective",
                                       f"{persp!r} is neither 'administering' nor an ISO3 code"))
        for label in sorted(sov_labels - has_admin):
            errors.append(RowError(sov_where, 0, "perspective",
                                   f"label {label!r} has no 'administering' row"))
        if self.land is not None and "label" not in self.land.columns:
            errors.append(RowError(f"land ({self.source})", 0, "label", "column is missing"))
        if errors:
            raise DataValidationError(errors)

    # ------------------------------------------------------------------ coverage
    def covers(self, lon: float, lat: float) -> bool:
        """True when (lon, lat) (degrees) lies inside the frame the zones cover."""
        if self.coverage is None:
            return True
        w, s, e, n = self.coverage
        if not s <= lat <= n:
            return False
        x = (lon - w) % 360.0 + w  # the longitude written in the frame's convention
        return x <= e

    def countries_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Sovereign (ISO3, object array; ``None`` at sea) of the Natural Earth country
        holding each point (lon/lat degree arrays). All ``None`` without a countries file.
        """
        lon = np.asarray(lon, float)
        lat = np.asarray(lat, float)
        out = np.full(len(lon), None, dtype=object)
        if self.countries_path is None or not Path(self.countries_path).exists() or not len(lon):
            return out
        import shapely

        with self._lock:
            cached = self.__dict__.get("_countries")
            if cached is None:
                import geopandas as gpd

                frame = gpd.read_parquet(self.countries_path)
                geoms = np.asarray(frame.geometry.values, dtype=object)
                col = "sovereign" if "sovereign" in frame.columns else "iso3"
                cached = (shapely.STRtree(geoms), geoms, np.asarray(frame[col], dtype=object))
                self.__dict__["_countries"] = cached
        tree, geoms, sov = cached
        for i in np.sort(tree.query(shapely.box(lon.min(), lat.min(), lon.max(), lat.max()))):
            shapely.prepare(geoms[i])
            inside = shapely.intersects_xy(geoms[i], lon, lat) & (out == None)  # noqa: E711
            out[inside] = str(sov[i])
        return out

    # ------------------------------------------------------------------ perspectives
    @property
    def perspectives(self) -> tuple[str, ...]:
        """``administering`` followed by every ISO3 state that has its own recorded view."""
        own = sorted({p for v in self._views.values() for p in v if p != DEFAULT_PERSPECTIVE})
        return (DEFAULT_PERSPECTIVE, *own)

    def check_perspective(self, perspective: str | None) -> str:
        """Normalise a perspective: ``None`` -> ``administering``; ISO3 codes upper-cased.

        Raises :class:`UnknownPerspectiveError` for anything else.
        """
        if perspective is None:
            return DEFAULT_PERSPECTIVE
        if not isinstance(perspective, str):
            raise UnknownPerspectiveError(
                f"perspective must be a string, got {type(perspective).__name__}"
            )
        p = perspective.strip()
        if p.lower() == DEFAULT_PERSPECTIVE:
            return DEFAULT_PERSPECTIVE
        if is_iso3(p.upper()) and p.isalpha():
            return p.upper()
        raise UnknownPerspectiveError(
            f"unknown perspective {perspective!r}: expected 'administering' or an ISO 3166-1 "
            f"alpha-3 code; views recorded in this zone set: {', '.join(self.perspectives)}"
        )

    def owner(self, label: str, perspective: str | None = None) -> str:
        """ISO3 owner of ``label`` under ``perspective`` (falls back to the administering
        owner when that state has no recorded view of the feature)."""
        p = self.check_perspective(perspective)
        v = self._views.get(str(label))
        if v is None:
            return str(label)
        return v.get(p, v[DEFAULT_PERSPECTIVE])

    def owner_map(self, perspective: str | None = None) -> dict[str, str]:
        """``{label: owner}`` for every label of the zones, the land and the table."""
        p = self.check_perspective(perspective)
        labels = set(self.zones["label"].astype(str)) | set(self._views)
        if self.land is not None:
            labels |= set(self.land["label"].astype(str))
        return {lab: self.owner(lab, p) for lab in labels}

    def claimants(self, label: str) -> list[str]:
        """Sorted ISO3 owners of ``label`` across every perspective ([label] if undisputed)."""
        v = self._views.get(str(label))
        if v is None:
            return [str(label)]
        return sorted(set(v.values()))

    def views(self, label: str) -> dict[str, str]:
        """``{perspective: owner}`` recorded for ``label`` (empty for a plain ISO3 label)."""
        return dict(sorted(self._views.get(str(label), {}).items()))

    def is_disputed(self, label: str) -> bool:
        """True when perspectives disagree on who owns ``label``."""
        return len(self.claimants(label)) > 1

    # ------------------------------------------------------------------ geometry layers
    @cached_property
    def layers(self) -> dict[str, Any]:
        """All polygons in one array for the indexes, with the offset of each layer.

        Layout: zone rows ``[0, R)``, their overlap parts ``[R, 2R)``, their agreed parts
        ``[2R, 3R)``, land rows ``[3R, 3R + L)``.
        """
        import shapely

        r = len(self.zones)
        parts = [
            np.asarray(self.zones.geometry.values, dtype=object),
            np.asarray(self.zones["overlap"].values, dtype=object),
            np.asarray(self.zones["agreed"].values, dtype=object),
        ]
        n_land = 0
        if self.land is not None:
            parts.append(np.asarray(self.land.geometry.values, dtype=object))
            n_land = len(self.land)
        geoms = np.concatenate(parts)
        geoms[shapely.is_missing(geoms) | shapely.is_empty(geoms)] = None
        return {"geoms": geoms, "n_zones": r, "overlap": r, "agreed": 2 * r, "land": 3 * r,
                "n_land": n_land}

    def grid_index(self):
        """The :class:`~geo.zones.pointindex.GridIndex` over :attr:`layers` (built once)."""
        with self._lock:
            idx = self.__dict__.get("_grid_index")
            if idx is None:
                from geo.zones.pointindex import GridIndex

                idx = GridIndex(self.layers["geoms"], cell_deg=1.0)
                self.__dict__["_grid_index"] = idx
            return idx

    def coast_index(self):
        """The :class:`~geo.zones.coast.CoastIndex` over the land vertices (built once)."""
        with self._lock:
            idx = self.__dict__.get("_coast_index")
            if idx is None:
                from geo.zones.coast import CoastIndex

                idx = CoastIndex(self.land, cut_frame=self.land_frame)
                self.__dict__["_coast_index"] = idx
            return idx

    def coast_index_near(self, lon: float, lat: float, km: float):
        """A :class:`~geo.zones.coast.CoastIndex` over only the land within reach of one
        point: the polygons meeting a lon/lat box that holds every point within ``km``
        kilometres (geodesic) of (lon, lat). Answers for that point equal those of
        :meth:`coast_index` for distances up to ``km``; a one-off query (the command
        line) builds it in a fraction of the time. The full index is used if built."""
        full = self.__dict__.get("_coast_index")
        if full is not None or self.land is None:
            return self.coast_index()
        import shapely

        from geo.zones.coast import CoastIndex

        dlat = km / 110.0 + 0.1
        south, north = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
        coslat = math.cos(math.radians(max(abs(south), abs(north))))
        dlon = 180.0 if coslat < 0.05 else min(km / (110.0 * coslat) + 0.1, 180.0)
        west, east = lon - dlon, lon + dlon
        if west < -180.0 or east > 180.0:  # the box wraps: take every longitude
            west, east = -180.0, 180.0
        with self._lock:
            tree = self.__dict__.get("_land_tree")
            if tree is None:
                tree = shapely.STRtree(np.asarray(self.land.geometry.values, dtype=object))
                self.__dict__["_land_tree"] = tree
        idx = np.sort(tree.query(shapely.box(west, south, east, north)))
        return CoastIndex(self.land.iloc[idx], cut_frame=self.land_frame, kdtree=False)

    def __repr__(self) -> str:
        n_land = 0 if self.land is None else len(self.land)
        return (f"ZoneSet({len(self.zones)} zones, {n_land} land polygons, "
                f"perspectives {list(self.perspectives)}, source={self.source!r})")


# ---------------------------------------------------------------------- reading files
def read_sovereignty(path: Path | str | None = None) -> pd.DataFrame:
    """Read ``sovereignty.csv`` (label, name, perspective, owner, name_used, source).

    Every column of the file is kept as text. Raises :class:`DataValidationError` naming
    every bad row (a missing column, an empty label or perspective, an owner that is not
    an ISO3 code); the rules across rows are checked by :class:`ZoneSet`.
    """
    import pandas as pd

    from geo._tables import Column, iso3, read_table

    path = Path(path) if path is not None else data_dir() / SOVEREIGNTY_FILE
    columns = (Column("label"), Column("perspective"), Column("owner", iso3),
               *(Column(c, required=False, blank=True) for c in ("name", "name_used", "source")))
    rows, errors = read_table(path, columns, what="sovereignty", allow_empty=True)
    if errors:
        raise DataValidationError(errors)
    header = list(rows[0].text) if rows else [c.name for c in columns]
    return pd.DataFrame([r.text for r in rows], columns=header, dtype=str)


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
    frame = None
    if record:
        for key in ("zones_frame", "frame"):
            v = record.get(key) or (record.get("parameters") or {}).get(key)
            if isinstance(v, (list, tuple)) and len(v) == 4:
                frame = tuple(float(x) for x in v)
                break
    if frame is None:
        frame = tuple(float(x) for x in ZONES_FRAME)
    return ZoneSet(zones=zones, sovereignty=sov, source=source, land=land, build=record,
                   coverage=frame, land_frame=tuple(float(x) for x in COAST_FRAME),
                   countries_path=folder / COUNTRIES_FILE)


_CACHE: dict[tuple, ZoneSet] = {}
_CACHE_LOCK = threading.Lock()


def load_zones(source: ZoneSet | str | Path | None = None) -> ZoneSet:
    """Return a :class:`ZoneSet`.

    ``source``: ``None`` (or ``"shipped"``) for the shipped computed zones; a path to a
    Marine Regions World EEZ file (GeoPackage or shapefile, see
    :func:`geo.zones.from_marine_regions`); or a ZoneSet, returned as is. Files are read
    once per process (cached by path and modification time).
    """
    if isinstance(source, ZoneSet):
        return source
    if source is None or (isinstance(source, str) and source.strip().lower() in
                          ("shipped", "computed", "launchmap")):
        folder = data_dir()
        zp = folder / ZONES_FILE
        key = ("shipped", str(folder.resolve()), zp.stat().st_mtime_ns if zp.exists() else 0)
        loader = lambda: load_shipped(folder)  # noqa: E731
    else:
        path = Path(source).expanduser()
        if not path.exists():
            raise FileNotFoundError(f"zone source {str(path)!r} does not exist")
        key = ("marine_regions", str(path.resolve()), path.stat().st_mtime_ns)

        def loader() -> ZoneSet:
            from geo.zones.marine_regions import from_marine_regions

            return from_marine_regions(path)

    with _CACHE_LOCK:
        zs = _CACHE.get(key)
    if zs is None:
        zs = loader()
        with _CACHE_LOCK:
            _CACHE[key] = zs
    return zs
