"""Overflight: where a ground track crosses land, per state, and how close it comes.

* :func:`overflight` lists every land crossing of the track from launch to impact, per
  state, with where it enters and leaves (lon/lat and km along the track), as a
  GeoDataFrame;
* :func:`overflown_states` reduces that to the states overflown;
* :func:`closest_approach` finds where the track comes nearest to land of states other
  than one (e.g. to check a reported "passed over" the crossings do not show).

Land is the one land model of :mod:`geo.land` (the shipped GSHHG shore inside the coast
frame, Natural Earth countries outside it) unless a land frame is passed. Coordinates are
WGS84 lon/lat (EPSG:4326); distances along the track are geodesic km.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidOptionError
from geo.flight.track import Track, line_geometry, track
from geo.geodesy import KM, inverse, normalize_lon
from geo.land import Box, LandIndex, as_land_index, land_for_boxes
from geo.types import PointLike

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Crossings of the same label closer than this (km) are one crossing (polygon seams).
MERGE_GAP_KM = 0.01
#: Bisection steps when refining an entry/exit point (1 km bracket / 2**24 < 0.1 mm).
REFINE_STEPS = 24

OVERFLIGHT_COLUMNS = (
    "state", "label", "is_launch_state", "enter_lon", "enter_lat", "exit_lon", "exit_lat",
    "enter_km", "exit_km", "length_km", "at_launch", "at_impact", "land_source", "geometry",
)


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


def _intervals(s: np.ndarray, lon: np.ndarray, lat: np.ndarray, land: LandIndex
               ) -> list[tuple[int, float, float]]:
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


def _refine(tr: Track, land: LandIndex, s_grid: np.ndarray, poly: np.ndarray, s_est: np.ndarray,
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


def _launch_state(tr: Track, lands: list[LandIndex]) -> str:
    """ISO3 of the launch point's state: the place's country, else the land under it."""
    if tr.launch.country:
        return tr.launch.country
    import shapely

    for land in lands:
        hit = land.tree.query(shapely.Point(tr.launch.lon, tr.launch.lat), predicate="within")
        if len(hit):
            return str(land.frame["state"].iloc[int(hit[0])])
    return ""


def overflight(launch: PointLike, impact: PointLike, *, land: gpd.GeoDataFrame | None = None,
               spacing_km: float = 1.0, launch_state: str | None = None) -> gpd.GeoDataFrame:
    """Every crossing of land by the ground track from ``launch`` to ``impact``.

    ``launch``/``impact``: any :data:`~geo.types.PointLike`, as for
    :func:`geo.flight.track.track`. ``land``: a GeoDataFrame (EPSG:4326) with
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

    tr = track(launch, impact)
    if not (0 < spacing_km <= 1.0):
        raise InvalidOptionError(f"spacing_km must be in (0, 1] km, got {spacing_km!r}")
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


def _piece_boxes(lon: np.ndarray, lat: np.ndarray) -> list[Box]:
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


def closest_approach(launch: PointLike, impact: PointLike, *, exclude_state: str | None = None,
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
