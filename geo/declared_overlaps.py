"""What a declared area overlapped: zones, disputed waters, coasts, and the events in it.

:func:`area_overlaps` answers, for one declared area (:func:`geo.declared.declared_areas`)
and one perspective, the geodesic area (km², WGS84, :func:`geo.geodesy.geodesic_area_km2`)
and the fraction of the area inside each state's internal waters, archipelagic waters,
territorial sea, contiguous zone and EEZ as that perspective draws them
(:meth:`ZoneSet.for_perspective`), split by the status of the water (agreed, median line,
disputed, uncontested); the disputed waters it touches with their claimants
(:func:`geo.disputed_waters`); and the geodesic distance from the area to each state's
coast (nearest coast vertex, the rule of the zone oracle) and to each state's published
baselines (``data/baselines.csv``, turning points joined by densified geodesics).

The zone kinds nest the way Marine Regions draws them: ``eez`` is all water 0-200 nm
(territorial sea and contiguous zone included), so fractions of different kinds of one
state do not add up. Intersections are taken on the lon/lat polygons; the area's edges
are densified geodesics (:data:`geo.declared.STEP_M`), so the parts follow them.

:func:`event_verdicts` says, for every catalogue event linked to an area, whether its
impact point lies inside that area and how far outside it is otherwise.
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from geo.zones.zoneset import ZoneSet

#: disputed_waters() of each zone set, computed once (weakly held with the zone set).
_DISPUTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: Coasts and baselines farther than this from the area are not listed (km).
MAX_DISTANCE_KM = 500.0
#: Overlaps smaller than this are left out (km²; slivers of the lon/lat overlay).
MIN_OVERLAP_KM2 = 0.01


@dataclass(frozen=True)
class Overlap:
    """The part of an area inside one (kind, state, status) of the zones under a view."""

    kind: str
    state: str
    perspective: str
    status: str
    claimants: list[str]
    area_km2: float
    fraction: float


@dataclass(frozen=True)
class DisputedTouch:
    """A disputed zone row the area reaches into, with its claimants."""

    label: str
    kind: str
    name: str
    claimants: list[str]
    area_km2: float
    fraction: float


@dataclass(frozen=True)
class AreaOverlaps:
    """:func:`area_overlaps`'s answer. Areas in km², distances in km (geodesic, WGS84)."""

    id: str
    perspective: str
    area_km2: float
    overlaps: list[Overlap]
    disputed: list[DisputedTouch]
    coast_km: list[dict[str, Any]]
    baseline_km: list[dict[str, Any]]
    zone_source: str
    covered: bool
    events: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of every field."""
        return asdict(self)


def _area_row(area: Any, areas: gpd.GeoDataFrame | None) -> pd.Series:
    from geo.declared import declared_areas
    from geo.errors import InvalidOptionError

    if hasattr(area, "geometry") and hasattr(area, "get") and not isinstance(area, str):
        return area
    frame = areas if areas is not None else declared_areas()
    hit = frame[frame["id"] == str(area)]
    if hit.empty:
        from geo._tables import suggestion

        raise InvalidOptionError(f"unknown declared area {str(area)!r}"
                                 + suggestion(str(area), frame["id"].tolist()))
    return hit.iloc[0]


def area_overlaps(area: Any, perspective: str | None = None, *,
                  zones: ZoneSet | str | None = None,
                  areas: gpd.GeoDataFrame | None = None) -> AreaOverlaps:
    """The overlaps of one declared area (its id, or a row of
    :func:`geo.declared.declared_areas`) under ``perspective`` (``administering`` by
    default, or an ISO3 view the zone set records). ``zones``: a zone set or anything
    :func:`geo.load_zones` accepts (default: the shipped zones).

    Raises :class:`~geo.errors.InvalidOptionError` for an unknown area id and
    :class:`~geo.errors.UnknownPerspectiveError` for an unknown perspective.
    """
    import shapely

    from geo.geodesy import geodesic_area_km2
    from geo.zones.load import load_zones

    row = _area_row(area, areas)
    full = load_zones(zones)
    p = full.check_perspective(perspective)
    zs = full.for_perspective(p)
    geom = row.geometry
    total = geodesic_area_km2(geom)
    shapely.prepare(geom)
    zgeoms = np.asarray(zs.zones.geometry.values, dtype=object)
    hits = np.flatnonzero(shapely.intersects(geom, zgeoms))
    groups: dict[tuple[str, str, str], list] = {}
    for i in hits.tolist():
        label = str(zs.zones["label"].iat[i])
        kind = str(zs.zones["kind"].iat[i])
        state = zs.owner(label, p)
        for status, piece in status_pieces(zs, i, geom):
            a = geodesic_area_km2(piece)
            if a < MIN_OVERLAP_KM2:
                continue
            g = groups.setdefault((kind, state, status), [0.0, set()])
            g[0] += a
            g[1] |= set(zs.row_claimants(i))
    from geo.zones.schema import ZONE_KINDS

    order = {k: n for n, k in enumerate(ZONE_KINDS)}
    overlaps = [Overlap(kind, state, p, status, sorted(cl), a, a / total if total else 0.0)
                for (kind, state, status), (a, cl) in groups.items()]
    overlaps.sort(key=lambda o: (order.get(o.kind, 99), -o.area_km2, o.state, o.status))
    covered = _covered(full, geom)
    return AreaOverlaps(
        id=str(row["id"]), perspective=p, area_km2=total, overlaps=overlaps,
        disputed=_disputed(geom, total, full), coast_km=_coast_distances(geom, zs, p),
        baseline_km=_baseline_distances(geom), zone_source=full.source, covered=covered,
        events=list(row.get("events") or []))


def _clip(big, geom):
    """``big`` ∩ ``geom``, clipped to ``geom``'s box first (the zones are large)."""
    import shapely

    if big is None or shapely.is_missing(big) or big.is_empty:
        return shapely.Polygon()
    return shapely.intersection(geom, shapely.clip_by_rect(big, *geom.bounds))


def status_pieces(zs: ZoneSet, row: int, geom) -> list[tuple[str, object]]:
    """The area's part inside zone row ``row`` cut by status, by the rule of
    :meth:`ZoneSet.row_status` / :meth:`ZoneSet.status_parts` (a fixed or disputed row has
    one status; otherwise agreed where a treaty bounds it, median line in the overlap,
    uncontested elsewhere), computed on the area's small pieces rather than on the
    whole zone."""
    import shapely

    whole = _clip(zs.zones.geometry.iat[row], geom)
    if whole.is_empty:
        return []
    status = zs.row_status(row, in_overlap=False, in_agreed=False)
    if status != "uncontested":
        return [(status, whole)]
    agreed = _clip(zs.zones["agreed"].iat[row], whole)
    overlap = _clip(zs.zones["overlap"].iat[row], whole)
    median = shapely.difference(overlap, agreed)
    rest = shapely.difference(whole, shapely.union(overlap, agreed))
    return [(s, g) for s, g in (("agreed", agreed), ("median line", median),
                                 ("uncontested", rest)) if not g.is_empty]


def _covered(zs: ZoneSet, geom) -> bool:
    import shapely

    if zs.coverage is None:
        return True
    w, s, e, n = zs.coverage
    frame = shapely.box(w, s, e, n)
    shifted = shapely.affinity.translate(geom, 360.0)
    return bool(shapely.covers(frame, geom) or shapely.covers(frame, shifted))


def _disputed(geom, total: float, zs: ZoneSet) -> list[DisputedTouch]:
    import shapely

    from geo.geodesy import geodesic_area_km2
    from geo.zones.disputed import disputed_waters

    dw = _DISPUTED.get(zs)
    if dw is None:
        dw = _DISPUTED[zs] = disputed_waters(zs)
    out = []
    if dw.empty:
        return out
    hits = np.flatnonzero(shapely.intersects(geom, np.asarray(dw.geometry.values, dtype=object)))
    for i in hits.tolist():
        r = dw.iloc[i]
        a = geodesic_area_km2(shapely.intersection(geom, r.geometry))
        if a >= MIN_OVERLAP_KM2:
            out.append(DisputedTouch(str(r["label"]), str(r["kind"]), str(r["name"]),
                                     list(r["claimants"]), a, a / total if total else 0.0))
    return sorted(out, key=lambda d: (-d.area_km2, d.label, d.kind))


def _boundary_points(geom) -> np.ndarray:
    """The area's boundary vertices (already densified geodesics), (n, 2) lon/lat."""
    import shapely

    return shapely.get_coordinates(shapely.boundary(geom))


def _nearest_km(bxy: np.ndarray, targets: np.ndarray) -> float:
    """Geodesic distance (km) from the nearest of ``bxy`` to the nearest of ``targets``
    (both (n, 2) lon/lat): candidates by ECEF chord (KD-tree), exact by the geodesic
    inverse on the few nearest pairs of each boundary point."""
    from scipy.spatial import cKDTree

    from geo.geodesy import GEOD, ecef

    tree = cKDTree(ecef(targets[:, 0], targets[:, 1]))
    k = min(8, len(targets))
    _, idx = tree.query(ecef(bxy[:, 0], bxy[:, 1]), k=k)
    idx = np.asarray(idx).reshape(len(bxy), k)
    src = np.repeat(bxy, k, axis=0)
    dst = targets[idx.ravel()]
    _, _, d = GEOD.inv(src[:, 0], src[:, 1], dst[:, 0], dst[:, 1])
    return float(np.min(d)) / 1000.0


def _reach_box(geom, km: float):
    import math

    import shapely

    w, s, e, n = geom.bounds
    dlat = km / 110.0 + 0.1
    coslat = max(math.cos(math.radians(min(max(abs(s), abs(n)) + dlat, 89.0))), 0.05)
    dlon = min(km / (110.0 * coslat) + 0.1, 180.0)
    west, east = w - dlon, e + dlon
    if west < -180.0 or east > 180.0:  # the reach wraps: take every longitude
        west, east = -180.0, 180.0
    return shapely.box(west, max(s - dlat, -90), east, min(n + dlat, 90))


def _coast_distances(geom, zs: ZoneSet, perspective: str) -> list[dict[str, Any]]:
    """``[{"state", "distance_km"}, ...]`` nearest first: each state's nearest coast vertex
    (land labels owned under ``perspective``) within :data:`MAX_DISTANCE_KM`; 0 where the
    area covers part of the state's land. Vertices that are cuts of the land frame or of
    the antimeridian are not coast and are left out; vertices on a land border between two
    states count as coast (the areas are at sea, far from such borders)."""
    import shapely

    if zs.land is None or not len(zs.land):
        return []
    land = zs.land
    box = _reach_box(geom, MAX_DISTANCE_KM)
    lgeoms = np.asarray(land.geometry.values, dtype=object)
    near = np.flatnonzero(shapely.intersects(box, lgeoms))
    if not len(near):
        return []
    owners = zs.owner_map(perspective)
    labels = land["label"].astype(str).to_numpy()[near]
    states = np.array([owners.get(lab, lab) for lab in labels], dtype=object)
    bxy = _boundary_points(geom)
    out = []
    for state in sorted(set(states.tolist())):
        mine = lgeoms[near[states == state]]
        if shapely.intersects(geom, mine).any():
            out.append({"state": state, "distance_km": 0.0})
            continue
        xy = shapely.get_coordinates(shapely.boundary(mine))
        xy = xy[_coast_vertex(xy, zs)]
        if not len(xy):
            continue
        d = _nearest_km(bxy, xy)
        if d <= MAX_DISTANCE_KM:
            out.append({"state": state, "distance_km": d})
    return sorted(out, key=lambda r: (r["distance_km"], r["state"]))


def _coast_vertex(xy: np.ndarray, zs: ZoneSet) -> np.ndarray:
    """False for vertices on the antimeridian or on the edges of the land's frame."""
    from geo.geodesy import wrap_lon_from
    from geo.zones.coast import FRAME_TOL_DEG

    tol = FRAME_TOL_DEG
    cut = np.abs(np.abs(xy[:, 0]) - 180.0) < tol
    if zs.land_frame is not None:
        w, s, e, n = zs.land_frame
        x = wrap_lon_from(xy[:, 0], w)
        cut |= (np.abs(x - w) < tol) | (np.abs(x - e) < tol)
        cut |= (np.abs(xy[:, 1] - s) < tol) | (np.abs(xy[:, 1] - n) < tol)
    return ~cut


def _baseline_distances(geom) -> list[dict[str, Any]]:
    """``[{"state", "distance_km", "segments"}, ...]`` nearest first: each state's published
    baselines (as published, whatever the perspective) within :data:`MAX_DISTANCE_KM`;
    0 where a baseline crosses the area."""
    import shapely

    from geo.zones.baselines import baseline_coords, read_baselines

    bxy = _boundary_points(geom)
    box = _reach_box(geom, MAX_DISTANCE_KM)
    per_state: dict[str, list] = {}
    shifted = [geom, shapely.affinity.translate(geom, 360.0)]  # a line may run past 180
    for b in read_baselines():
        xy = baseline_coords(b)  # longitudes continuous along the line
        line = shapely.LineString(xy)
        wrapped = shapely.MultiPoint(np.column_stack([((xy[:, 0] + 180.0) % 360.0) - 180.0,
                                                      xy[:, 1]]))
        if not shapely.intersects(box, wrapped):
            continue
        per_state.setdefault(b.state, []).append((b.segment, xy, line))
    out = []
    for state, segs in sorted(per_state.items()):
        crossing = [s for s, _, line in segs
                    if any(shapely.intersects(g, line) for g in shifted)]
        if crossing:
            out.append({"state": state, "distance_km": 0.0, "segments": sorted(crossing)})
            continue
        best = {s: _nearest_km(bxy, xy) for s, xy, _ in segs}
        d = min(best.values())
        if d <= MAX_DISTANCE_KM:
            out.append({"state": state, "distance_km": d,
                        "segments": [min(best, key=best.get)]})
    return sorted(out, key=lambda r: (r["distance_km"], r["state"]))


def event_verdicts(areas: gpd.GeoDataFrame | None = None,
                   catalogue: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """For each catalogue event an area lists (``events`` column): ``event``, ``area``,
    ``inside`` (the event's impact point lies in the area's polygon) and
    ``distance_outside_km`` (geodesic distance from the point to the area's nearest
    boundary vertex, 0 when inside). An event id the catalogue does not have raises
    :class:`~geo.errors.DataValidationError` naming the area."""
    import pandas as pd
    import shapely

    from geo.catalogue import events
    from geo.declared import declared_areas
    from geo.errors import DataValidationError, RowError

    a = areas if areas is not None else declared_areas()
    ev = catalogue if catalogue is not None else events()
    by_id = {str(i): g for i, g in zip(ev["id"], ev.geometry, strict=True)}
    recs, errors = [], []
    for n, row in enumerate(a.itertuples(index=False), start=1):
        for eid in row.events:
            pt = by_id.get(str(eid))
            if pt is None:
                errors.append(RowError("declared_areas", n, "events",
                                       f"area {row.id}: no catalogue event {eid!r}"))
                continue
            inside = bool(shapely.covers(row.geometry, pt))
            dist = 0.0 if inside else _nearest_km(np.array([[pt.x, pt.y]]),
                                                  _boundary_points(row.geometry))
            recs.append({"event": str(eid), "area": row.id, "inside": inside,
                         "distance_outside_km": dist})
    if errors:
        raise DataValidationError(errors)
    return pd.DataFrame.from_records(recs, columns=["event", "area", "inside",
                                                    "distance_outside_km"])


def impact_shapes(areas: gpd.GeoDataFrame | None = None,
                  catalogue: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The impact shape of every catalogue event an area lists: the declared area itself
    when the event states no finer position (no ``impact_query``: its point is only the
    area's stand-in, a centroid with an equal-area sigma), else the stated position.

    GeoDataFrame (EPSG:4326): ``event``, ``area``, ``shape`` (``"area"`` or
    ``"statement"``), geometry (the area's polygon, or the event's impact point)."""
    import geopandas as gpd

    from geo.catalogue import events
    from geo.declared import declared_areas

    a = areas if areas is not None else declared_areas()
    ev = catalogue if catalogue is not None else events()
    by_id = ev.set_index(ev["id"].astype(str))
    recs = []
    for row in a.itertuples(index=False):
        for eid in row.events:
            if eid not in by_id.index:
                continue
            e = by_id.loc[eid]
            stated = bool(str(e.get("impact_query") or "").strip())
            recs.append({"event": eid, "area": row.id,
                         "shape": "statement" if stated else "area",
                         "geometry": e.geometry if stated else row.geometry})
    return gpd.GeoDataFrame(recs, columns=["event", "area", "shape", "geometry"],
                            geometry="geometry", crs="EPSG:4326")


def areas_report(answers: list[AreaOverlaps], areas: gpd.GeoDataFrame) -> list[dict]:
    """The ``areas`` contract (``geo/schemas/areas.schema.json``): one object per area
    with ``id, authority, notice, valid_from, valid_to, purpose, area_km2, overlaps,
    events`` and then ``name, perspective, disputed, coast_km, baseline_km, vertices,
    source, zone_source, covered``; floats rounded by the contracts' rule
    (:func:`geo.report.round_floats`: km² 1 decimal, km 3, fractions 3)."""
    from geo.report import round_floats

    by_id = {r.id: r for r in areas.itertuples(index=False)}
    out = []
    for ans in answers:
        r = by_id[ans.id]
        out.append({
            "id": ans.id, "authority": r.authority, "notice": r.notice,
            "valid_from": r.valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "valid_to": r.valid_to.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "purpose": r.purpose, "area_km2": ans.area_km2,
            "overlaps": [{"kind": o.kind, "state": o.state, "perspective": o.perspective,
                          "status": o.status, "claimants": o.claimants,
                          "area_km2": o.area_km2, "fraction": o.fraction}
                         for o in ans.overlaps],
            "events": list(r.events),
            "name": r.name, "perspective": ans.perspective,
            "disputed": [{"label": d.label, "kind": d.kind, "name": d.name,
                          "claimants": d.claimants, "area_km2": d.area_km2,
                          "fraction": d.fraction} for d in ans.disputed],
            "coast_km": [{"state": c["state"], "distance_km": c["distance_km"]}
                         for c in ans.coast_km],
            "baseline_km": [{"state": c["state"], "distance_km": c["distance_km"],
                             "segments": c["segments"]} for c in ans.baseline_km],
            "vertices": r.vertices, "source": r.source, "zone_source": ans.zone_source,
            "covered": ans.covered,
        })
    return round_floats(out)
