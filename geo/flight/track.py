"""Ground tracks (geodesics from launch to impact) and the land they pass over.

A ballistic missile's ground track is, to the accuracy that matters for "did it fly over
Japan?", the geodesic on the WGS84 ellipsoid from the launch point to the impact point
(Earth's rotation bends the inertial path, not the first-order ground track; the error
for a 1,000-4,600 km flight is a few tens of km at most, well inside the uncertainty of
reported launch and impact points).

* :func:`track` returns a :class:`Track`: the geodesic as a LineString, or a
  MultiLineString cut at +/-180 so it draws correctly across the antimeridian, with its
  length (km) and initial azimuth (degrees from true north).
* :func:`overflight` lists every land crossing of the track, per state, with where it
  enters and leaves (lon/lat and km along the track), as a GeoDataFrame.
* :func:`event_tracks` and :func:`overflight_table` do the same for the catalogue, the
  latter next to what the authorities reported.

Coordinates are WGS84 lon/lat (EPSG:4326); distances along the track are geodesic km.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidCoordinateError
from geo.flight.points import FlightPoint, resolve_point
from geo.geodesy import GEOD, KM, inverse, normalize_lon, split_antimeridian

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

#: Crossings of the same label closer than this (km) are one crossing (polygon seams).
MERGE_GAP_KM = 0.01
#: Bisection steps when refining an entry/exit point (1 km bracket / 2**24 < 0.1 mm).
REFINE_STEPS = 24

OVERFLIGHT_COLUMNS = (
    "state", "label", "is_launch_state", "enter_lon", "enter_lat", "exit_lon", "exit_lat",
    "enter_km", "exit_km", "length_km", "at_launch", "at_impact", "land_source", "geometry",
)


def line_geometry(coords: np.ndarray):
    """A LineString from (n, 2) lon/lat with *unwrapped* longitudes, or a MultiLineString
    when the line crosses +/-180 (cut there, every piece inside [-180, 180])."""
    import shapely

    pieces = []
    for p in split_antimeridian(np.asarray(coords, float)):
        keep = np.concatenate([[True], np.any(np.diff(p, axis=0) != 0, axis=1)])
        if keep.sum() >= 2:
            pieces.append(p[keep])
    if not pieces:  # degenerate: every point the same
        return shapely.LineString(np.repeat(np.asarray(coords, float)[:1], 2, axis=0))
    if len(pieces) == 1:
        return shapely.LineString(pieces[0])
    return shapely.MultiLineString([shapely.LineString(p) for p in pieces])


@dataclass(frozen=True)
class Track:
    """A ground track: the WGS84 geodesic from ``launch`` to ``impact``.

    ``length_km``: geodesic length; ``azimuth_deg``: initial azimuth at the launch point
    (degrees clockwise from true north, [0, 360)); ``final_azimuth_deg``: direction of
    travel at the impact point; ``geometry``: LineString (EPSG:4326) or, when the track
    crosses the antimeridian, a MultiLineString cut at +/-180; ``coords``: the sampled
    points with unwrapped (continuous) longitudes, spaced at most ``max_segment_km``.
    """

    launch: FlightPoint
    impact: FlightPoint
    length_km: float
    azimuth_deg: float
    final_azimuth_deg: float
    max_segment_km: float
    geometry: Any
    coords: np.ndarray

    @property
    def crosses_antimeridian(self) -> bool:
        return self.geometry.geom_type == "MultiLineString"

    def point_at(self, km: float | np.ndarray):
        """The point(s) ``km`` along the track: ``(lon, lat)`` in [-180, 180)."""
        km_arr = np.asarray(km, float)
        if np.any(km_arr < -1e-9) or np.any(km_arr > self.length_km + 1e-9):
            raise ValueError(f"distance along track must be within [0, {self.length_km:.3f}] km")
        lon, lat, _ = GEOD.fwd(np.full(km_arr.shape, self.launch.lon),
                               np.full(km_arr.shape, self.launch.lat),
                               np.full(km_arr.shape, self.azimuth_deg), km_arr * KM)
        lon = normalize_lon(np.asarray(lon, float))
        if km_arr.ndim == 0:
            return float(lon), float(lat)
        return lon, np.asarray(lat, float)

    def sample(self, spacing_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Points at most ``spacing_km`` apart, ends included: ``(km, lon, lat)`` with
        unwrapped longitudes (continuous across +/-180)."""
        return _sample(self.launch.lon, self.launch.lat, self.azimuth_deg, self.length_km,
                       spacing_km)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: launch, impact, length_km, azimuth_deg, final_azimuth_deg and
        the geometry as GeoJSON."""
        import shapely

        return {
            "launch": self.launch.to_dict(), "impact": self.impact.to_dict(),
            "length_km": round(self.length_km, 3), "azimuth_deg": round(self.azimuth_deg, 4),
            "final_azimuth_deg": round(self.final_azimuth_deg, 4),
            "geometry": shapely.geometry.mapping(self.geometry),
        }

    def to_gdf(self) -> gpd.GeoDataFrame:
        """One-row GeoDataFrame (EPSG:4326): launch/impact names and coordinates,
        length_km, azimuth_deg, final_azimuth_deg, geometry."""
        import geopandas as gpd

        row = {
            "launch": self.launch.label, "launch_lon": self.launch.lon,
            "launch_lat": self.launch.lat, "impact": self.impact.label,
            "impact_lon": self.impact.lon, "impact_lat": self.impact.lat,
            "length_km": self.length_km, "azimuth_deg": self.azimuth_deg,
            "final_azimuth_deg": self.final_azimuth_deg,
        }
        return gpd.GeoDataFrame([row], geometry=[self.geometry], crs="EPSG:4326")


def _sample(lon0: float, lat0: float, az: float, length_km: float,
            spacing_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not spacing_km > 0:
        raise ValueError(f"spacing must be > 0 km, got {spacing_km!r}")
    n = max(int(math.ceil(length_km / spacing_km)), 1) + 1
    s = np.linspace(0.0, length_km, n)
    lon, lat, _ = GEOD.fwd(np.full(n, lon0), np.full(n, lat0), np.full(n, az), s * KM)
    lon = np.degrees(np.unwrap(np.radians(np.asarray(lon, float))))
    lon += lon0 - lon[0]  # start in [-180, 180)
    return s, lon, np.asarray(lat, float)


def _with_meridian_crossings(lon0: float, lat0: float, az: float, km: np.ndarray,
                             lon: np.ndarray, lat: np.ndarray):
    """Insert the exact points where the geodesic crosses +/-180 (found by bisection on
    the direct problem), so that cutting the line there adds no interpolation error."""
    band = np.floor((lon + 180.0) / 360.0)
    ks = np.flatnonzero(np.diff(band) != 0)
    if ks.size == 0:
        return km, lon, lat
    edge = 360.0 * np.maximum(band[ks], band[ks + 1]) - 180.0  # unwrapped meridian
    lo, hi = km[ks].copy(), km[ks + 1].copy()
    rising = lon[ks + 1] > lon[ks]
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        x, _, _ = GEOD.fwd(np.full(mid.shape, lon0), np.full(mid.shape, lat0),
                           np.full(mid.shape, az), mid * KM)
        x = np.asarray(x, float)
        # unwrap the mid longitude next to the interval's start
        x = x + 360.0 * np.round((lon[ks] - x) / 360.0)
        before = np.where(rising, x < edge, x > edge)
        lo = np.where(before, mid, lo)
        hi = np.where(before, hi, mid)
    mid = 0.5 * (lo + hi)
    _, y, _ = GEOD.fwd(np.full(mid.shape, lon0), np.full(mid.shape, lat0),
                       np.full(mid.shape, az), mid * KM)
    km = np.insert(km, ks + 1, mid)
    lon = np.insert(lon, ks + 1, edge)
    lat = np.insert(lat, ks + 1, np.asarray(y, float))
    return km, lon, lat


def track(launch: Any, impact: Any, *, max_segment_km: float = 20.0) -> Track:
    """The ground track from ``launch`` to ``impact`` as a :class:`Track`.

    ``launch``/``impact``: ``(lon, lat)`` tuples (WGS84 degrees), gazetteer Places,
    shapely Points, place names or ``"lat,lon"`` text. ``max_segment_km``: the longest
    straight (lon/lat) piece of the drawn line; 20 km keeps the drawn line within a few
    tens of metres of the true geodesic at these latitudes.

    Raises :class:`~geo.errors.InvalidCoordinateError` when the points are invalid or
    coincide, :class:`~geo.errors.UnknownPlaceError` for an unknown place name.
    """
    a = resolve_point(launch, "launch")
    b = resolve_point(impact, "impact")
    if not max_segment_km > 0:
        raise ValueError(f"max_segment_km must be > 0, got {max_segment_km!r}")
    az1, az2, dist = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    length_km = float(dist) / KM
    if length_km < 1e-6:
        raise InvalidCoordinateError(
            f"launch {a.label} and impact {b.label} coincide: a track needs two distinct points"
        )
    az1 = float(az1) % 360.0
    km, lon, lat = _sample(a.lon, a.lat, az1, length_km, max_segment_km)
    lon[-1] = lon[-1] + (normalize_lon(b.lon - normalize_lon(lon[-1])))  # exact end point
    lat[-1] = b.lat
    km, lon, lat = _with_meridian_crossings(a.lon, a.lat, az1, km, lon, lat)
    coords = np.column_stack([lon, lat])
    return Track(a, b, length_km, az1, float(az2) % 360.0, float(max_segment_km),
                 line_geometry(coords), coords)


# --------------------------------------------------------------------------- overflight
def _segments(lon: np.ndarray, lat: np.ndarray):
    """Consecutive-point segments shifted into [-180, 180] by whole turns, plus a second
    copy (shifted one more turn) of every segment that crosses +/-180.

    Returns (geoms, seg_index, shift_deg)."""
    import shapely

    x0, x1, y0, y1 = lon[:-1], lon[1:], lat[:-1], lat[1:]
    idx = np.arange(len(x0))
    shift = 360.0 * np.floor((x0 + 180.0) / 360.0)
    xs1 = x1 - shift
    east, west = xs1 > 180.0, xs1 < -180.0
    seg = np.concatenate([idx, idx[east], idx[west]])
    sh = np.concatenate([shift, shift[east] + 360.0, shift[west] - 360.0])
    coords = np.stack([np.column_stack([x0[seg] - sh, y0[seg]]),
                       np.column_stack([x1[seg] - sh, y1[seg]])], axis=1)
    return shapely.linestrings(coords), seg, sh


def _intervals(s, lon, lat, land) -> list[tuple[int, float, float]]:
    """Inside-intervals of the sampled track against each land polygon.

    Returns ``[(polygon_index, s_enter_km, s_exit_km), ...]`` from exact line/polygon
    intersections of the chord polyline (points <= ``spacing`` apart)."""
    import shapely

    geoms, seg, sh = _segments(lon, lat)
    polys = land.geoms
    # bounding-box candidates from the tree, then the exact test with the land polygon
    # first: land polygons are prepared, so each test is fast even for a large island
    pairs = land.tree.query(geoms)
    if pairs.shape[1] == 0:
        return []
    hit = shapely.intersects(polys[pairs[1]], geoms[pairs[0]])
    pairs = pairs[:, hit]
    if pairs.shape[1] == 0:
        return []
    out: list[tuple[int, float, float]] = []
    order = np.lexsort((seg[pairs[0]], sh[pairs[0]], pairs[1]))
    p_seg, p_sh, p_poly = seg[pairs[0]][order], sh[pairs[0]][order], pairs[1][order]
    brk = np.flatnonzero((np.diff(p_poly) != 0) | (np.diff(p_sh) != 0) | (np.diff(p_seg) != 1)) + 1
    starts = np.concatenate([[0], brk])
    ends = np.concatenate([brk, [len(p_seg)]])
    for a, b in zip(starts, ends, strict=True):  # one run of touching segments per crossing
        j, shift = int(p_poly[a]), float(p_sh[a])
        i0, i1 = int(p_seg[a]), int(p_seg[b - 1]) + 1
        px, py, ps = lon[i0:i1 + 1] - shift, lat[i0:i1 + 1], s[i0:i1 + 1]
        run = shapely.LineString(np.column_stack([px, py]))
        inter = shapely.intersection(polys[j], run)
        parts = [g for g in shapely.get_parts(inter) if g.geom_type == "LineString"]
        if not parts:
            continue
        seglen = np.hypot(np.diff(px), np.diff(py))
        cum = np.concatenate([[0.0], np.cumsum(seglen)])
        ends_pts = shapely.points(np.array([[g.coords[0], g.coords[-1]] for g in parts])
                                  .reshape(-1, 2))
        d = shapely.line_locate_point(run, ends_pts)
        k = np.clip(np.searchsorted(cum, d, side="right") - 1, 0, len(seglen) - 1)
        t = np.where(seglen[k] > 0, (d - cum[k]) / np.where(seglen[k] > 0, seglen[k], 1.0), 0.0)
        skm = (ps[k] + np.clip(t, 0.0, 1.0) * (ps[k + 1] - ps[k])).reshape(-1, 2)
        for lo, hi in np.sort(skm, axis=1):
            if hi - lo > 1e-9:
                out.append((j, float(lo), float(hi)))
    return out


def _refine(tr: Track, land, s_grid: np.ndarray, poly: np.ndarray, s_est: np.ndarray,
            entering: np.ndarray) -> np.ndarray:
    """Move each boundary estimate to the true geodesic's crossing of its polygon by
    bisection inside its sampling interval (kept as is when the interval's ends do not
    straddle the boundary, e.g. an islet narrower than the spacing)."""
    import shapely

    if len(s_est) == 0:
        return s_est
    k = np.clip(np.searchsorted(s_grid, s_est, side="right") - 1, 0, len(s_grid) - 2)
    lo, hi = s_grid[k].copy(), s_grid[k + 1].copy()
    polys = land.geoms[poly]

    def inside(km):
        lon, lat = tr.point_at(np.clip(km, 0.0, tr.length_km))
        return shapely.contains_xy(polys, lon, lat)

    in_lo, in_hi = inside(lo), inside(hi)
    ok = in_lo != in_hi
    ok &= np.where(entering, in_hi, in_lo)  # inside on the far side of the boundary
    if not ok.any():
        return s_est
    lo, hi, ins_lo = lo[ok], hi[ok], in_lo[ok]
    sub = polys[ok]
    for _ in range(REFINE_STEPS):
        mid = 0.5 * (lo + hi)
        lon, lat = tr.point_at(mid)
        m_in = shapely.contains_xy(sub, lon, lat)
        same = m_in == ins_lo
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    out = s_est.copy()
    out[ok] = 0.5 * (lo + hi)
    return out


def _launch_state(tr: Track, lands) -> str:
    """ISO3 of the launch point's state: the place's country, else the land under it."""
    if tr.launch.country:
        return tr.launch.country
    import shapely

    for land in lands:
        hit = land.tree.query(shapely.Point(tr.launch.lon, tr.launch.lat), predicate="within")
        if len(hit):
            return str(land.frame["state"].iloc[int(hit[0])])
    return ""


def overflight(launch: Any, impact: Any, *, land: gpd.GeoDataFrame | None = None,
               spacing_km: float = 1.0, launch_state: str | None = None) -> gpd.GeoDataFrame:
    """Every crossing of land by the ground track from ``launch`` to ``impact``.

    ``launch``/``impact`` as for :func:`track`. ``land``: a GeoDataFrame (EPSG:4326) with
    a ``label`` column and optionally ``state`` (default: label); default: the shipped
    GSHHG full-resolution land (``data/land.parquet``, small islands included) inside its
    frame (100 E - 160 W, 11.5 - 66 N) and the Natural Earth 10m countries
    (``countries.parquet``) outside it. ``launch_state``: ISO3 of the launching state
    (default: the launch place's country, else the state whose land is under the launch
    point, else none), used for ``is_launch_state``.

    Method: the geodesic is sampled every ``spacing_km`` (<= 1 km by default); the chords
    between samples are matched to land polygons with an STRtree and intersected exactly
    with them (so an islet narrower than the spacing still counts), and each entry and
    exit is then refined by bisection on the true geodesic to well under a metre.
    Crossings of the same label that touch (polygon seams, e.g. at +/-180) are merged;
    a track that only touches land at one point is not a crossing.

    Returns a GeoDataFrame (EPSG:4326) sorted by ``enter_km``, one row per crossing:
    ``state`` (ISO3 sovereign, administering view), ``label`` (land label: ISO3 or a
    disputed-feature group), ``is_launch_state`` (the launch state's own land, e.g. the
    first km of a launch from inland), ``enter_lon``/``enter_lat``/``exit_lon``/
    ``exit_lat`` (degrees), ``enter_km``/``exit_km``/``length_km`` (geodesic km along the
    track), ``at_launch``/``at_impact`` (the crossing starts at launch / ends at impact,
    i.e. the point is on land), ``land_source`` (``gshhg`` or ``natural_earth``),
    geometry = the overflown part of the track (LineString, MultiLineString across
    +/-180). ``attrs`` holds the track's ``launch``, ``impact``, ``length_km``,
    ``azimuth_deg`` and ``launch_state``.
    """
    import geopandas as gpd

    from geo.flight.land import as_land_index, land_for_boxes

    tr = track(launch, impact)
    if not (0 < spacing_km <= 1.0):
        raise ValueError(f"spacing_km must be in (0, 1] km, got {spacing_km!r}")
    s, lon, lat = tr.sample(spacing_km)
    if land is None:
        lands = land_for_boxes(_piece_boxes(lon, lat))
    else:
        lands = [as_land_index(land)]

    rows: list[dict[str, Any]] = []
    for li in lands:
        iv = _intervals(s, lon, lat, li)
        if not iv:
            continue
        poly = np.array([v[0] for v in iv], dtype=int)
        enter = np.array([v[1] for v in iv])
        exit_ = np.array([v[2] for v in iv])
        interior_e = enter > 1e-9
        interior_x = exit_ < tr.length_km - 1e-9
        enter[interior_e] = _refine(tr, li, s, poly[interior_e], enter[interior_e],
                                    np.ones(interior_e.sum(), bool))
        exit_[interior_x] = _refine(tr, li, s, poly[interior_x], exit_[interior_x],
                                    np.zeros(interior_x.sum(), bool))
        frame = li.frame
        for j, e, x in zip(poly, enter, exit_, strict=True):
            rows.append({"label": str(frame["label"].iloc[j]), "state": str(frame["state"].iloc[j]),
                         "land_source": str(frame["source"].iloc[j]), "enter_km": float(e),
                         "exit_km": float(x)})
    launch_state = launch_state.strip().upper() if launch_state else _launch_state(tr, lands)
    rows = _merge(rows)
    out = []
    for r in rows:
        e, x = r["enter_km"], r["exit_km"]
        elon, elat = tr.point_at(e)
        xlon, xlat = tr.point_at(x)
        n = max(int(math.ceil((x - e) / 5.0)), 1) + 1
        km = np.linspace(e, x, n)
        plon, plat = tr.point_at(km)
        plon = np.degrees(np.unwrap(np.radians(plon)))
        out.append({
            "state": r["state"], "label": r["label"],
            "is_launch_state": bool(launch_state) and r["state"] == launch_state,
            "enter_lon": elon, "enter_lat": elat, "exit_lon": xlon, "exit_lat": xlat,
            "enter_km": e, "exit_km": x, "length_km": x - e,
            "at_launch": e <= 1e-6, "at_impact": x >= tr.length_km - 1e-6,
            "land_source": r["land_source"],
            "geometry": line_geometry(np.column_stack([plon, plat])),
        })
    gdf = gpd.GeoDataFrame(out, columns=list(OVERFLIGHT_COLUMNS), geometry="geometry",
                           crs="EPSG:4326")
    gdf = gdf.astype({"is_launch_state": bool, "at_launch": bool, "at_impact": bool,
                      **{c: float for c in ("enter_lon", "enter_lat", "exit_lon", "exit_lat",
                                            "enter_km", "exit_km", "length_km")}})
    gdf.attrs.update({"launch": tr.launch.to_dict(), "impact": tr.impact.to_dict(),
                      "length_km": tr.length_km, "azimuth_deg": tr.azimuth_deg,
                      "launch_state": launch_state})
    return gdf


def _piece_boxes(lon: np.ndarray, lat: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Bounding boxes ([-180, 180] longitudes) of the pieces of an unwrapped line cut at
    +/-180 (vectorised: one box per 360-degree band the line visits)."""
    band = np.floor((lon + 180.0) / 360.0)
    boxes = []
    for b in np.unique(band):
        m = band == b
        x = lon[m] - 360.0 * b
        boxes.append((max(float(x.min()) - 0.01, -180.0), float(lat[m].min()) - 0.01,
                      min(float(x.max()) + 0.01, 180.0), float(lat[m].max()) + 0.01))
    return boxes


def _merge(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge overlapping or touching crossings of the same label; sort by entry."""
    rows = sorted(rows, key=lambda r: (r["label"], r["enter_km"]))
    merged: list[dict[str, Any]] = []
    for r in rows:
        last = merged[-1] if merged else None
        if last is not None and last["label"] == r["label"] \
                and r["enter_km"] <= last["exit_km"] + MERGE_GAP_KM:
            last["exit_km"] = max(last["exit_km"], r["exit_km"])
        else:
            merged.append(dict(r))
    return sorted(merged, key=lambda r: (r["enter_km"], r["label"]))


def overflown_states(crossings: gpd.GeoDataFrame, *, include_launch_state: bool = False
                     ) -> list[str]:
    """Sorted ISO3 states whose land a track crosses (from :func:`overflight`); the
    launch state's own land is left out unless ``include_launch_state``."""
    sub = crossings if include_launch_state else crossings[~crossings["is_launch_state"]]
    return sorted(set(sub["state"].astype(str)))


def closest_approach(launch: Any, impact: Any, *, exclude_state: str | None = None,
                     land: gpd.GeoDataFrame | None = None, spacing_km: float = 2.0,
                     margin_deg: float = 3.0, crossings: gpd.GeoDataFrame | None = None
                     ) -> dict[str, Any] | None:
    """Where the track from ``launch`` to ``impact`` comes closest to land of a state
    other than ``exclude_state`` (ISO3), e.g. to check a reported "passed over" that the
    land crossings do not show.

    Distance 0 when the track crosses such land. Otherwise the track is sampled every
    ``spacing_km`` and matched to the nearest shore vertex (STRtree on lon/lat; only
    candidates within the 1 / cos(latitude) distortion of planar degrees are kept) and the
    geodesic distance to it is taken. The shipped shore has vertices at most ~1.1 km apart,
    so the distance can exceed the distance to the shore line by up to ~0.6 km (more for
    the coarser Natural Earth land outside the coast frame). Land is the shipped land (plus
    Natural Earth within ``margin_deg`` of the track outside the coast frame) unless
    ``land`` is given. ``crossings``: the result of :func:`overflight` for the same track,
    if already computed.

    Returns ``{"state", "label", "distance_km", "track_km", "land_lon", "land_lat",
    "track_lon", "track_lat"}``, or None when there is no such land.
    """
    import shapely

    from geo.flight.land import as_land_index, land_for_boxes

    tr = track(launch, impact)
    s, lon, lat = tr.sample(spacing_km)
    if land is None:
        boxes = [(max(w - margin_deg, -180.0), max(so - margin_deg, -90.0),
                  min(e + margin_deg, 180.0), min(n + margin_deg, 90.0))
                 for w, so, e, n in _piece_boxes(lon, lat)]
        lands = land_for_boxes(boxes)
    else:
        lands = [as_land_index(land)]
    excl = (exclude_state or "").upper()
    crossed = crossings if crossings is not None else \
        overflight(launch, impact, land=land, launch_state=excl or None)
    foreign = crossed[crossed["state"] != excl] if excl else crossed
    if len(foreign):
        r = foreign.iloc[0]
        return {"state": r["state"], "label": r["label"], "distance_km": 0.0,
                "track_km": float(r["enter_km"]), "land_lon": float(r["enter_lon"]),
                "land_lat": float(r["enter_lat"]), "track_lon": float(r["enter_lon"]),
                "track_lat": float(r["enter_lat"])}
    best: dict[str, Any] | None = None
    factor = 1.05 / math.cos(math.radians(min(float(np.max(np.abs(lat))) + margin_deg, 85.0)))
    pts = shapely.points(normalize_lon(lon), lat)
    for li in lands:
        sub = li.vertices_excluding(excl or None)
        if sub is None:
            continue
        xy, row, tree = sub
        (pi, vi), dplanar = tree.query_nearest(pts, all_matches=False, return_distance=True)
        if len(pi) == 0:
            continue
        cand = dplanar <= dplanar.min() * factor + 1e-9
        pi, vi = pi[cand], vi[cand]
        _, d = inverse(normalize_lon(lon[pi]), lat[pi], xy[vi, 0], xy[vi, 1])
        d = np.atleast_1d(d)
        k = int(np.argmin(d))
        if best is None or d[k] / KM < best["distance_km"]:
            j = int(row[vi[k]])
            best = {"state": str(li.frame["state"].iloc[j]),
                    "label": str(li.frame["label"].iloc[j]),
                    "distance_km": float(d[k]) / KM, "track_km": float(s[pi[k]]),
                    "land_lon": float(xy[vi[k], 0]), "land_lat": float(xy[vi[k], 1]),
                    "track_lon": float(normalize_lon(lon[pi[k]])),
                    "track_lat": float(lat[pi[k]])}
    return best


# --------------------------------------------------------------------------- catalogue
def _event_rows(events: pd.DataFrame | None) -> pd.DataFrame:
    if events is None:
        from geo.catalogue import events as load_events

        events = load_events()
    return events


def event_tracks(events: pd.DataFrame | None = None, *, max_segment_km: float = 20.0
                 ) -> gpd.GeoDataFrame:
    """Ground tracks of catalogue events that have both a launch and an impact point.

    ``events``: a frame like :func:`geo.catalogue.events` (default: the shipped
    catalogue). Returns a GeoDataFrame (EPSG:4326) with ``id``, ``date``, ``actor``,
    ``system``, ``launch_lon``/``launch_lat``, ``impact_lon``/``impact_lat``,
    ``length_km``, ``azimuth_deg`` and the track geometry (cut at +/-180). Events
    without both points are left out and listed in ``attrs["skipped"]`` with the reason.
    """
    import geopandas as gpd

    ev = _event_rows(events)
    rows, skipped = [], []
    for rec in ev.to_dict(orient="records"):
        pts = [rec.get(k) for k in ("launch_lon", "launch_lat", "impact_lon", "impact_lat")]
        if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in pts):
            skipped.append({"id": rec.get("id"), "reason": "no launch or no impact point"})
            continue
        try:
            tr = track((pts[0], pts[1]), (pts[2], pts[3]), max_segment_km=max_segment_km)
        except InvalidCoordinateError as exc:
            skipped.append({"id": rec.get("id"), "reason": str(exc)})
            continue
        rows.append({"id": rec["id"], "date": rec.get("date"), "actor": rec.get("actor"),
                     "system": rec.get("system"), "launch_lon": pts[0], "launch_lat": pts[1],
                     "impact_lon": pts[2], "impact_lat": pts[3], "length_km": tr.length_km,
                     "azimuth_deg": tr.azimuth_deg, "geometry": tr.geometry})
    cols = ["id", "date", "actor", "system", "launch_lon", "launch_lat", "impact_lon",
            "impact_lat", "length_km", "azimuth_deg", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")
    gdf.attrs["skipped"] = skipped
    return gdf


def overflight_table(events: pd.DataFrame | None = None, *,
                     land: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Computed overflight next to the reported one for each catalogue event.

    Returns a DataFrame: ``id``, ``date``, ``actor``, ``system``, ``track_km``,
    ``reported`` (the catalogue's ``overflight_reported``: ISO3 codes joined by ``;``,
    ``none``, or empty when the authority said nothing), ``computed`` (states other than
    the launching state, the event's ``actor``, whose land the track crosses,
    ``;``-joined, ``none`` if no other; a crossing that ends at the impact point counts),
    ``agrees`` (True / False when something was reported, None otherwise) and
    ``crossings`` (``STATE enter-exit km`` for every non-launch-state crossing),
    ``nearest_other_state`` / ``nearest_other_km`` (the closest approach of the track to
    land of any state but the actor's, 0 when it crosses it; see
    :func:`closest_approach`).
    Events without both a launch and an impact point get ``computed`` = None.
    """
    import pandas as pd

    ev = _event_rows(events)
    out = []
    for rec in ev.to_dict(orient="records"):
        reported = rec.get("overflight_reported")
        reported = "" if reported is None or (isinstance(reported, float)
                                              and math.isnan(reported)) else str(reported)
        row = {"id": rec["id"], "date": rec.get("date"), "actor": rec.get("actor"),
               "system": rec.get("system"), "track_km": None, "reported": reported,
               "computed": None, "agrees": None, "crossings": "",
               "nearest_other_state": None, "nearest_other_km": None}
        pts = [rec.get(k) for k in ("launch_lon", "launch_lat", "impact_lon", "impact_lat")]
        if not any(v is None or (isinstance(v, float) and math.isnan(v)) for v in pts):
            inv = inverse(pts[0], pts[1], pts[2], pts[3])[1] / KM
            row["track_km"] = round(float(inv), 1)
            actor = rec.get("actor")
            if inv > 1e-3:
                cr = overflight((pts[0], pts[1]), (pts[2], pts[3]), land=land,
                                launch_state=actor if isinstance(actor, str) else None)
                foreign = cr[~cr["is_launch_state"]]
                states = overflown_states(cr)
                row["computed"] = ";".join(states) if states else "none"
                row["crossings"] = "; ".join(
                    f"{st} {e:.0f}-{x:.0f} km" for st, e, x in
                    zip(foreign["state"], foreign["enter_km"], foreign["exit_km"], strict=True))
                if reported:
                    rep = set() if reported == "none" else set(reported.split(";"))
                    row["agrees"] = rep == set(states)
                near = closest_approach((pts[0], pts[1]), (pts[2], pts[3]), land=land,
                                        exclude_state=actor if isinstance(actor, str) else None,
                                        crossings=cr)
                if near is not None:
                    row["nearest_other_state"] = near["state"]
                    row["nearest_other_km"] = round(near["distance_km"], 1)
        out.append(row)
    return pd.DataFrame(out)
