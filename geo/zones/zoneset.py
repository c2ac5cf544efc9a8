"""The zone model: label-level maritime zones, the land they are measured from, and the
perspectives that give every label an owner.

A :class:`ZoneSet` holds one row per zone polygon (``label``, ``kind``, geometry, and
optionally ``overlap`` / ``agreed`` geometries, a fixed ``status`` and a ``name``), the
land polygons the zones were measured from, and the sovereignty table (``label``,
``perspective``, ``owner``). A *perspective* maps every label to its owner (ISO3):

* ``administering`` (the default): each disputed feature belongs to the state that
  administers it;
* an ISO3 code (``JPN``, ``CHN``, ...): that state's view where the table records one,
  the administering owner for every feature it has no recorded view on.

Labels that are plain ISO3 codes (``JPN``) are owned by themselves under every view.

The zone set also owns every index built over its polygons (the geometry layers, the
bounding-box STRtree, the grid point-in-polygon index, the coast index, the land and
countries trees). Each is built on first use, once, under the zone set's own lock, and
nothing outside this class writes into it. Reading files into a zone set is
:mod:`geo.zones.load`'s job.

All geometries are WGS84 lon/lat (EPSG:4326).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from geo.errors import DataValidationError, RowError, UnknownPerspectiveError
from geo.geodesy import in_lonlat_box, wrap_lon_from
from geo.zones.schema import DEFAULT_PERSPECTIVE, STATUSES, ZONE_KINDS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd
    import shapely

    from geo.zones.coast import CoastIndex
    from geo.zones.pointindex import GridIndex

T = TypeVar("T")

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
    #: Further shipped regions: ``(name, zones frame, land frame)`` each (the zones of
    #: ``data/zones_<name>.parquet``, built with ``build-zones --region``); their frames
    #: are covered too.
    regions: tuple[tuple[str, tuple[float, float, float, float],
                         tuple[float, float, float, float]], ...] = ()
    #: Guards the lazy indexes: each is built once, by one thread (re-entrant, since one
    #: index is built from another).
    _lock: AbstractContextManager[Any] = field(default_factory=threading.RLock, init=False, repr=False)
    #: The built indexes by name (written only by :meth:`_lazy`).
    _built: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

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
        for col in ("status", "name", "perspectives"):
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
        return any(in_lonlat_box(float(lon), float(lat), box)
                   for box in (self.coverage, *(r[1] for r in self.regions)))

    @property
    def cut_frames(self) -> tuple[tuple[float, float, float, float], ...] | None:
        """The boxes the land was clipped to (the main land frame, then each region's):
        their edges are cuts, not coast. ``None`` when the land is not clipped."""
        if self.land_frame is None:
            return None
        return (self.land_frame, *(r[2] for r in self.regions))

    def _cut(self):
        frames = self.cut_frames
        return None if frames is None else frames[0] if len(frames) == 1 else frames

    @property
    def coverage_name(self) -> str:
        """What the zones cover, in words: the source and its frame (e.g. ``launchmap
        computed zones (...), frame 105°E-170°W, 15°N-62°N``), or ``..., whole world``."""
        where = "whole world" if self.coverage is None else f"frame {frame_text(self.coverage)}"
        more = "".join(f"; {name} frame {frame_text(box)}" for name, box, _ in self.regions)
        return f"{self.source}, {where}{more}"

    def coast_distances(self, lon: float, lat: float, owners: dict[str, str],
                        km: float) -> list[tuple[str, float]]:
        """``[(state, distance_km), ...]`` nearest first: the nearest coast of each state
        within ``km`` kilometres (geodesic) of (lon, lat) degrees, ``owners`` mapping land
        labels to states under the chosen perspective.

        From the shipped land (GSHHG full) where it is complete: a state's distance ``d``
        from it stands when every point within ``d`` of (lon, lat) lies inside
        :attr:`land_frame` (the box the land was clipped to), since no nearer land of any
        state can lie outside it. Where the search reaches past that box, the Natural
        Earth 10m countries (global, ``countries_path``) are asked as well (their vertices
        on land borders and on the antimeridian are no coast), and each state keeps the
        nearer of the two distances; a state only Natural Earth has is listed when its
        distance reaches past the box (inside it GSHHG decides). Off Oahu (outside the
        clipped land) this gives Oahu's coast, not Niihau's 200 km away."""
        out: dict[str, float] = {}
        if self.land is not None and len(self.land):
            coast = self.coast_index_near(lon, lat, km)
            out.update(coast.nearest_by_state(lon, lat, owners, km))
        frames = self.cut_frames if self.land is not None and len(self.land) else None

        def complete(d_km: float) -> bool:
            return frames is not None and any(disc_in_box(lon, lat, d_km, f) for f in frames)

        if not complete(km) and self.countries_path is not None \
                and Path(self.countries_path).exists():
            world = self._countries_coast_near(lon, lat, km)
            for state, d in world.nearest_by_state(lon, lat, owners, km):
                if state in out:
                    if not complete(out[state]):
                        out[state] = min(out[state], d)
                elif not complete(d):
                    out[state] = d
        return sorted(out.items(), key=lambda kv: (kv[1], kv[0]))

    def _countries_coast_near(self, lon: float, lat: float, km: float) -> CoastIndex:
        """A :class:`CoastIndex` over the Natural Earth land (:meth:`countries_at` labels)
        meeting the lon/lat box that holds every point within ``km`` of (lon, lat)."""
        import geopandas as gpd
        import shapely

        from geo.zones.coast import CoastIndex

        tree, geoms, sov = self._lazy("countries", self._build_countries_tree)
        w, s, e, n = reach_box(lon, lat, km)
        idx = np.sort(tree.query(shapely.box(w, s, e, n)))
        frame = gpd.GeoDataFrame({"label": sov[idx].astype(str)}, geometry=list(geoms[idx]),
                                 crs="EPSG:4326")
        # Natural Earth closes Antarctica along its southern edge: no coast there
        return CoastIndex(frame, cut_frame=(-180.0, COUNTRIES_SOUTH_EDGE, 180.0, 90.0),
                          kdtree=False)

    def countries_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Label of the Natural Earth land holding each point (lon/lat degree arrays;
        object array, ``None`` at sea): the sovereign ISO3 of the unit, or the disputed
        feature's label of the sovereignty table for its land (``crimea``,
        ``falklands``, ...; :func:`geo.land.world_land`), to be read through
        :meth:`owner_map` of a perspective. All ``None`` without a countries file."""
        lon = np.asarray(lon, float)
        lat = np.asarray(lat, float)
        out = np.full(len(lon), None, dtype=object)
        if self.countries_path is None or not Path(self.countries_path).exists() or not len(lon):
            return out
        import shapely

        tree, geoms, sov = self._lazy("countries", self._build_countries_tree)
        for i in np.sort(tree.query(shapely.box(lon.min(), lat.min(), lon.max(), lat.max()))):
            shapely.prepare(geoms[i])
            inside = shapely.intersects_xy(geoms[i], lon, lat) & (out == None)  # noqa: E711
            out[inside] = str(sov[i])
        return out

    def _build_countries_tree(self) -> tuple[shapely.STRtree, np.ndarray, np.ndarray]:
        """``(STRtree, geometries, label)`` of the Natural Earth land polygons."""
        import shapely

        from geo._paths import data_path
        from geo.land import feature_land, world_land
        from geo.zones.schema import COUNTRIES_FILE

        if Path(self.countries_path).resolve() == data_path(COUNTRIES_FILE).resolve():
            frame = world_land()  # the one shipped copy, shared with overflight and reach
        else:
            import geopandas as gpd

            frame = feature_land(gpd.read_parquet(self.countries_path), self.sovereignty)
        geoms = np.asarray(frame.geometry.values, dtype=object)
        return shapely.STRtree(geoms), geoms, np.asarray(frame["label"], dtype=object)

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

    def row_mask(self, perspective: str | None = None) -> np.ndarray:
        """Boolean mask over :attr:`zones`: the rows that hold under ``perspective``
        (:func:`rows_holding` on the ``perspectives`` column)."""
        return rows_holding(self.zones["perspectives"], self.check_perspective(perspective))

    def for_perspective(self, perspective: str | None = None) -> ZoneSet:
        """The zone set as seen from ``perspective``: only the rows that hold under it
        (:func:`rows_holding`). Returns ``self`` when every row holds everywhere;
        otherwise a cached zone set of the same source (its own indexes, the same land,
        sovereignty and coverage).
        """
        cells = self.zones["perspectives"]
        if all(_views_of(c) is None for c in cells):
            return self
        view = seen_as(cells, self.check_perspective(perspective))
        return self._lazy(f"view:{view}", lambda: self._subset(rows_holding(cells, view)))

    def _subset(self, keep: np.ndarray) -> ZoneSet:
        sub = ZoneSet(zones=self.zones[keep].reset_index(drop=True),
                      sovereignty=self.sovereignty, source=self.source, land=self.land,
                      build=self.build, coverage=self.coverage, land_frame=self.land_frame,
                      regions=self.regions,
                      countries_path=self.countries_path)
        sub.zones["perspectives"] = None
        # the land and countries indexes do not depend on the view: share them
        for name in ("land_tree", "countries", "coast_index"):
            if name in self._built:
                sub._built[name] = self._built[name]
        return sub

    def claimants(self, label: str) -> list[str]:
        """Sorted ISO3 owners of ``label`` across every perspective ([label] if undisputed)."""
        v = self._views.get(str(label))
        if v is None:
            return [str(label)]
        return sorted(set(v.values()))

    def row_claimants(self, row: int) -> list[str]:
        """Claimants of zone row ``row``: those of its label plus the views that deny the
        zone exists (column ``disputed_by``, e.g. the states that hold a feature a rock
        without an EEZ)."""
        out = set(self.claimants(str(self.zones["label"].iat[row])))
        if "disputed_by" in self.zones.columns:
            deny = self.zones["disputed_by"].iat[row]
            if isinstance(deny, str):
                out |= {d for d in deny.split("|") if d}
        return sorted(out)

    def views(self, label: str) -> dict[str, str]:
        """``{perspective: owner}`` recorded for ``label`` (empty for a plain ISO3 label)."""
        return dict(sorted(self._views.get(str(label), {}).items()))

    def is_disputed(self, label: str) -> bool:
        """True when perspectives disagree on who owns ``label``."""
        return len(self.claimants(label)) > 1

    # ------------------------------------------------------------------ status
    def row_status(self, row: int, *, in_overlap: bool, in_agreed: bool) -> str:
        """Status of zone row ``row`` at a point: the row's fixed status (a Marine Regions
        file gives one), else ``disputed`` for a disputed label, else ``agreed`` where the
        point lies in the part a treaty line bounds, ``median line`` in the part cut by
        an equidistance line, ``uncontested`` elsewhere."""
        fixed = self.zones["status"].iat[row]
        if isinstance(fixed, str) and fixed:
            return fixed
        if self.is_disputed(str(self.zones["label"].iat[row])):
            return "disputed"
        if in_agreed:
            return "agreed"
        return "median line" if in_overlap else "uncontested"

    def status_parts(self, row: int) -> list[tuple[str, Any]]:
        """Zone row ``row`` cut into its parts of one status each, by the rule of
        :meth:`row_status`: ``[(status, geometry), ...]`` (lon/lat, EPSG:4326; parts may
        be empty)."""
        import shapely

        whole = self.zones.geometry.iat[row]

        def part(col: str):
            g = self.zones[col].iat[row]
            return shapely.Polygon() if g is None or shapely.is_missing(g) else g

        whole_status = self.row_status(row, in_overlap=False, in_agreed=False)
        if whole_status != "uncontested":  # fixed or disputed: one status everywhere
            return [(whole_status, whole)]
        overlap, agreed = part("overlap"), part("agreed")
        return [("agreed", agreed),
                ("median line", shapely.difference(overlap, agreed)),
                ("uncontested", shapely.difference(whole, shapely.union(overlap, agreed)))]

    # ------------------------------------------------------------------ lazy indexes
    def _lazy(self, name: str, build: Callable[[], T]) -> T:
        """The index ``name``, built by ``build()`` on first use under :attr:`_lock`: two
        threads asking at once get the same object, built once."""
        try:
            return self._built[name]
        except KeyError:
            pass
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return self._built[name]

    @property
    def layers(self) -> dict[str, Any]:
        """All polygons in one array for the indexes, with the offset of each layer.

        Layout: zone rows ``[0, R)``, their overlap parts ``[R, 2R)``, their agreed parts
        ``[2R, 3R)``, land rows ``[3R, 3R + L)``. Keys: ``geoms`` (object array, ``None``
        for a missing or empty part), ``n_zones`` (R), ``overlap`` (R), ``agreed`` (2R),
        ``land`` (3R), ``n_land`` (L). Built once.
        """
        return self._lazy("layers", self._build_layers)

    def _build_layers(self) -> dict[str, Any]:
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

    def layer_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        """``(STRtree, bounds)`` over the :attr:`layers` geometries: the bounding-box index
        for a few points, and each geometry's (minx, miny, maxx, maxy) in degrees (an
        (n, 4) array). Built once."""
        return self._lazy("layer_tree", self._build_layer_tree)

    def _build_layer_tree(self) -> tuple[shapely.STRtree, np.ndarray]:
        import shapely

        geoms = self.layers["geoms"]
        return shapely.STRtree(geoms), shapely.bounds(geoms)

    def grid_index(self) -> GridIndex:
        """The :class:`~geo.zones.pointindex.GridIndex` over :attr:`layers` (1-degree
        cells; built once, for batches of points)."""
        return self._lazy("grid_index", self._build_grid_index)

    def _build_grid_index(self) -> GridIndex:
        from geo.zones.pointindex import GridIndex

        return GridIndex(self.layers["geoms"], cell_deg=1.0)

    @property
    def has_grid_index(self) -> bool:
        """True once :meth:`grid_index` has been built (then every query may use it)."""
        return "grid_index" in self._built

    def coast_index(self) -> CoastIndex:
        """The :class:`~geo.zones.coast.CoastIndex` over the land vertices (built once)."""
        return self._lazy("coast_index", self._build_coast_index)

    def _build_coast_index(self) -> CoastIndex:
        from geo.zones.coast import CoastIndex

        return CoastIndex(self.land, cut_frame=self._cut())

    def _build_land_tree(self) -> shapely.STRtree:
        import shapely

        return shapely.STRtree(np.asarray(self.land.geometry.values, dtype=object))

    def coast_index_near(self, lon: float, lat: float, km: float) -> CoastIndex:
        """A :class:`~geo.zones.coast.CoastIndex` over only the land within reach of one
        point: the polygons meeting a lon/lat box that holds every point within ``km``
        kilometres (geodesic) of (lon, lat). Answers for that point equal those of
        :meth:`coast_index` for distances up to ``km``; a one-off query (the command
        line) builds it in a fraction of the time. The full index is used if built.

        The polygons are clipped to that box widened by :data:`COAST_CLIP_MARGIN_DEG`: a
        big land polygon (Russia's, Turkey's) then brings only its vertices near the
        point, and the border test of each candidate vertex (distance to the other
        labels' polygons) measures only the nearby part. Every vertex and border within
        ``km`` is unchanged (the box holds them with the margin to spare); the vertices
        the clip adds lie on its edges, farther than ``km``, so they never answer."""
        if "coast_index" in self._built or self.land is None:
            return self.coast_index()
        import shapely

        from geo.zones.coast import CoastIndex

        west, south, east, north = reach_box(lon, lat, km)
        tree = self._lazy("land_tree", self._build_land_tree)
        idx = np.sort(tree.query(shapely.box(west, south, east, north)))
        near = self.land.iloc[idx]
        if west > -180.0 or east < 180.0:  # a box that wraps takes every longitude
            m = COAST_CLIP_MARGIN_DEG
            clipped = shapely.clip_by_rect(np.asarray(near.geometry.values, dtype=object),
                                           west - m, south - m, east + m, north + m)
            keep = ~shapely.is_empty(clipped)
            near = near.iloc[np.flatnonzero(keep)].copy()
            near[near.geometry.name] = clipped[keep]
        return CoastIndex(near, cut_frame=self._cut(), kdtree=False)

    def in_parts(self, pidx: np.ndarray, gidx: np.ndarray, points: np.ndarray,
                 rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(in_overlap, in_agreed)``: whether point ``points[i]`` lies in the overlap
        (median-line) part and in the agreed part of zone row ``rows[i]``.

        ``(pidx, gidx)`` are the (point, :attr:`layers` geometry) hit pairs of a query,
        sorted by point then geometry (as :meth:`GridIndex.query` returns them).
        """
        n_geoms = len(self.layers["geoms"])
        hit_keys = np.asarray(pidx, np.int64) * np.int64(n_geoms) + gidx
        keys = np.asarray(points, np.int64) * np.int64(n_geoms) + rows
        return (_sorted_contains(hit_keys, keys + self.layers["overlap"]),
                _sorted_contains(hit_keys, keys + self.layers["agreed"]))

    def __repr__(self) -> str:
        n_land = 0 if self.land is None else len(self.land)
        return (f"ZoneSet({len(self.zones)} zones, {n_land} land polygons, "
                f"perspectives {list(self.perspectives)}, source={self.source!r})")




#: Degrees by which :meth:`ZoneSet.coast_index_near` widens its search box before clipping
#: the land to it (far more than the 1.5 m land-border tolerance of
#: :data:`geo.zones.coast.BORDER_TOL_DEG`).
COAST_CLIP_MARGIN_DEG = 0.01

#: The southern edge of Natural Earth's Antarctica (degrees): a closing line, not coast.
COUNTRIES_SOUTH_EDGE = -85.2


def _deg(value: float, pos: str, neg: str) -> str:
    return f"{abs(value):g}°{pos if value >= 0 else neg}"


def frame_text(box: tuple[float, float, float, float]) -> str:
    """A (west, south, east, north) degree box in words, longitudes in [-180, 180]:
    ``(105, 15, 190, 62)`` -> ``"105°E-170°W, 15°N-62°N"``."""
    w, s, e, n = (float(v) for v in box)

    def lon(x: float) -> str:
        x = (x + 180.0) % 360.0 - 180.0 if abs(x) != 180.0 else x
        return _deg(x, "E", "W")

    return f"{lon(w)}-{lon(e)}, {_deg(s, 'N', 'S')}-{_deg(n, 'N', 'S')}"


def reach_box(lon: float, lat: float, km: float) -> tuple[float, float, float, float]:
    """A lon/lat box (west, south, east, north; degrees) holding every point within
    ``km`` kilometres (geodesic) of (lon, lat), generous by 0.1 degree; every longitude
    when it would wrap or reach a pole's neighbourhood."""
    dlat = km / 110.0 + 0.1
    south, north = max(lat - dlat, -90.0), min(lat + dlat, 90.0)
    coslat = math.cos(math.radians(max(abs(south), abs(north))))
    dlon = 180.0 if coslat < 0.05 else min(km / (110.0 * coslat) + 0.1, 180.0)
    west, east = lon - dlon, lon + dlon
    if west < -180.0 or east > 180.0:  # the box wraps: take every longitude
        west, east = -180.0, 180.0
    return west, south, east, north


def disc_in_box(lon: float, lat: float, km: float,
                box: tuple[float, float, float, float]) -> bool:
    """True when every point within ``km`` kilometres of (lon, lat) lies inside ``box``
    (west, south, east, north degrees; east may exceed 180), judged conservatively by a
    box holding the disc (so False when in doubt)."""
    w, s, e, n = box
    dlat = km / 110.0 + 0.1
    south, north = lat - dlat, lat + dlat
    if south < s or north > n:
        return False
    coslat = math.cos(math.radians(max(abs(south), abs(north))))
    if coslat < 0.05:
        return False
    dlon = km / (110.0 * coslat) + 0.1
    x = float(wrap_lon_from(lon, w))
    return x - dlon >= w and x + dlon <= e


def _views_of(cell: object) -> tuple[str, ...] | None:
    """The views a ``perspectives`` cell names (``|``-joined), ``None`` for every view."""
    if isinstance(cell, str):
        names = tuple(v.strip() for v in cell.split("|") if v.strip())
        return names or None
    return None


def seen_as(cells, perspective: str) -> str:
    """The view whose rows ``perspective`` sees: itself if some ``perspectives`` cell
    names it, else ``administering`` (a state with no recorded view of any feature)."""
    named = {v for c in cells for v in (_views_of(c) or ())}
    return perspective if perspective in named else DEFAULT_PERSPECTIVE


def rows_holding(cells, perspective: str) -> np.ndarray:
    """Which zone rows hold under ``perspective`` (normalised: ``administering`` or ISO3),
    given their ``perspectives`` cells: an empty cell holds under every view, a cell
    naming views (``|``-joined) under those, and a view no cell names sees the rows of
    ``administering`` (:func:`seen_as`)."""
    view = seen_as(cells, perspective)
    lists = [_views_of(c) for c in cells]
    return np.array([names is None or view in names for names in lists], bool)


def _sorted_contains(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Membership of ``queries`` in the sorted array ``sorted_keys`` (binary search)."""
    queries = np.asarray(queries)
    if not len(sorted_keys):
        return np.zeros(len(queries), bool)
    pos = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
    return sorted_keys[pos] == queries
