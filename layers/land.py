"""The land base map: the shipped coastline polygons (``data/land.parquet`` and each
region's ``data/land_<region>.parquet``, the coast the zones were computed from),
simplified for display by :func:`layers.display.display_land`, and, outside the frames
that coast was clipped to, the Natural Earth countries with their borders
(``data/countries.parquet`` via :func:`geo.countries`) around every event and every zone
frame. It is the base map of ``--tiles none`` and works with no network at all. All
coordinates are WGS84 lon/lat degrees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from geo._cache import Memo
from layers.base import LayerGroup, feature_group
from layers.escape import esc
from layers.geojson import GeoJsonLayer
from layers.style import LAND_STYLE

#: The countries around far events: the land's fill, with their borders drawn.
WORLD_STYLE = {**LAND_STYLE, "weight": 0.8}

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def land_layer(land: gpd.GeoDataFrame, *, centre_lon: float | None = None,
               show: bool | None = None) -> LayerGroup:
    """Land polygons (display copy: columns ``label``, geometry), not clickable."""
    fg = feature_group("land", show=show)
    props = [{} for _ in range(len(land))]
    GeoJsonLayer(np.asarray(land.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=LAND_STYLE, pane="lm-land", class_name="lm-land",
                 interactive=False, name="Land").add_to(fg)
    return fg


#: Merged display copies made in this process, by source object (each entry holds its
#: source, so that its ``id`` cannot be reused while the entry lives).
_MERGED = Memo(maxsize=4)


def merged_display_land(land: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """:func:`layers.display.display_land` of ``land`` with the overlapping parts of each
    label dissolved into one shape. The regions' land files overlap where their frames
    do (Ukraine is in the Black Sea and the Mediterranean files, each copy cut at its own
    frame); drawn as one SVG path with the even-odd fill rule, two copies of the same land
    cancel out and the land shows as sea, and each copy's cut edge draws a line across
    it. Only labels whose parts overlap are dissolved. Columns ``label``, geometry
    (EPSG:4326); computed once per source frame in this process."""
    return _MERGED.get(("merged", id(land), len(land)),
                       lambda: (land, _merged_display_land(land)))[1]


def _merged_display_land(land: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    import shapely

    from layers.display import display_land

    disp = display_land(land)
    geoms = np.asarray(disp.geometry.values, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    a, b = shapely.STRtree(parts).query(parts, predicate="intersects")
    same = (a < b) & (owner[a] == owner[b])
    a, b = a[same], b[same]
    # sharing more than a boundary: overlapping, equal (a polygon inside both frames
    # comes twice) or one inside the other
    same = ~shapely.touches(parts[a], parts[b])
    a, b = a[same], b[same]
    out = geoms.copy()
    involved = np.zeros(len(parts), bool)
    involved[a] = involved[b] = True
    for k in np.unique(owner[a]):
        mine = owner == k
        # only the parts that meet another copy are dissolved; the rest pass as they are
        merged = shapely.union_all(parts[mine & involved])
        polys = [p for p in shapely.get_parts(merged) if shapely.get_type_id(p) == 3]
        out[k] = shapely.multipolygons([*polys, *parts[mine & ~involved]])
    res = disp.copy()
    res["geometry"] = list(out)
    res.attrs = {**disp.attrs, "overlaps": "dissolved"}
    return res


#: Margin (degrees) of the countries drawn around events outside the zones' frame, and the
#: simplification of their outlines (degrees).
WORLD_MARGIN_DEG = 12.0
WORLD_TOLERANCE_DEG = 0.05


def world_beyond_frame(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The countries (:func:`geo.countries`, Natural Earth) around the launch and impact
    points that lie outside the zones' frame (:data:`geo.zones.schema.ZONES_FRAME`, where
    the detailed land of ``data/land.parquet`` is), clipped to their bounding box grown by
    :data:`WORLD_MARGIN_DEG` and simplified by :data:`WORLD_TOLERANCE_DEG`; ``None`` when
    every point is inside the frame."""
    import shapely

    import geo
    from geo.geodesy import wrap_lon_from
    from geo.zones.schema import ZONES_FRAME

    w, s, e, n = ZONES_FRAME
    xs, ys = [], []
    for cx, cy in (("impact_lon", "impact_lat"), ("launch_lon", "launch_lat")):
        if cx in events and cy in events:
            x, y = np.asarray(events[cx], float), np.asarray(events[cy], float)
            ok = np.isfinite(x) & np.isfinite(y)
            out = ~((wrap_lon_from(x[ok], w) <= e) & (y[ok] >= s) & (y[ok] <= n))
            xs.append(x[ok][out])
            ys.append(y[ok][out])
    x = np.concatenate(xs) if xs else np.zeros(0)
    y = np.concatenate(ys) if ys else np.zeros(0)
    if not len(x):
        return None
    m = WORLD_MARGIN_DEG
    box = shapely.box(max(float(x.min()) - m, -180.0), max(float(y.min()) - m, -90.0),
                      min(float(x.max()) + m, 180.0), min(float(y.max()) + m, 90.0))
    c = geo.countries()
    c = c[c.intersects(box)]
    geoms = shapely.simplify(shapely.intersection(c.geometry.values, box),
                             WORLD_TOLERANCE_DEG, preserve_topology=True)
    import geopandas as gpd

    return gpd.GeoDataFrame(c[["iso3", "name"]].reset_index(drop=True),
                            geometry=list(geoms), crs="EPSG:4326")


Box = tuple[float, float, float, float]

#: Margin (degrees) drawn around each land frame (the boxes the shipped GSHHG land was
#: clipped to), so that the land does not stop at the frame's edge.
FRAME_MARGIN_DEG = 8.0


def lon_boxes(west: float, south: float, east: float, north: float) -> list[Box]:
    """A (west, south, east, north) box in degrees whose longitudes may run past +/-180
    (display longitudes, or frames written past 180) as boxes in [-180, 180]: one box,
    two when it crosses the antimeridian, the whole width when it spans 360 degrees or
    more. Latitudes are clamped to [-90, 90]. Raises ``ValueError`` naming the box when
    it is empty or not finite."""
    vals = (west, south, east, north)
    if not all(np.isfinite(vals)) or east <= west or north <= south:
        raise ValueError(f"not a box (west, south, east, north): {vals!r}")
    s, n = max(float(south), -90.0), min(float(north), 90.0)
    if east - west >= 360.0:
        return [(-180.0, s, 180.0, n)]
    turns = np.floor((west + 180.0) / 360.0)
    w, e = float(west - 360.0 * turns), float(east - 360.0 * turns)
    if e <= 180.0:
        return [(w, s, e, n)]
    return [(w, s, 180.0, n), (-180.0, s, e - 360.0, n)]


def view_boxes(events: gpd.GeoDataFrame, frames: Sequence[Box] | None,
               margin_deg: float = WORLD_MARGIN_DEG,
               frame_margin_deg: float = FRAME_MARGIN_DEG) -> list[Box]:
    """Where the offline map shows something, as boxes in [-180, 180] longitudes
    (degrees, WGS84): a square of half-side ``margin_deg`` around every launch and impact
    point of ``events``, and every land frame (``frames``, where zones are drawn) grown by
    ``frame_margin_deg``."""
    out: list[Box] = []
    for cx, cy in (("impact_lon", "impact_lat"), ("launch_lon", "launch_lat")):
        if cx in events and cy in events:
            x, y = np.asarray(events[cx], float), np.asarray(events[cy], float)
            ok = np.isfinite(x) & np.isfinite(y)
            # one square per distinct point (salvos repeat the same point)
            for px, py in {(round(a, 1), round(b, 1)) for a, b in zip(x[ok], y[ok],
                                                                    strict=True)}:
                out += lon_boxes(px - margin_deg, py - margin_deg, px + margin_deg,
                                 py + margin_deg)
    for w, s, e, n in frames or ():
        out += lon_boxes(w - frame_margin_deg, s - frame_margin_deg, e + frame_margin_deg,
                         n + frame_margin_deg)
    return out


def frames_shape(frames: Sequence[Box] | None):
    """The union of ``frames`` (boxes, longitudes possibly past 180) as one shapely
    geometry in [-180, 180] longitudes; an empty polygon when there are none."""
    import shapely

    boxes = [shapely.box(*b) for f in frames or () for b in lon_boxes(*f)]
    return shapely.union_all(boxes) if boxes else shapely.Polygon()


def countries_in_view(boxes: Sequence[Box], frames: Sequence[Box] | None = None,
                      tolerance_deg: float = WORLD_TOLERANCE_DEG) -> gpd.GeoDataFrame:
    """The Natural Earth countries (:func:`geo.countries`, WGS84) inside ``boxes``
    ([-180, 180] longitudes, degrees) and outside ``frames`` (the boxes the shipped GSHHG
    land covers, drawn from that land instead), each simplified by ``tolerance_deg``
    degrees (topology kept): columns ``iso3``, ``name``, geometry; no rows when nothing
    is left."""
    import geopandas as gpd
    import shapely

    import geo

    area = shapely.union_all([shapely.box(*b) for b in boxes]) if boxes else shapely.Polygon()
    area = shapely.difference(area, frames_shape(frames))
    c = geo.countries()
    empty = gpd.GeoDataFrame({"iso3": [], "name": []}, geometry=[], crs="EPSG:4326")
    if area.is_empty:
        return empty
    geoms = np.asarray(c.geometry.values, dtype=object)
    hit = np.flatnonzero(shapely.intersects(geoms, area))
    if not len(hit):
        return empty
    # simplify first (the whole outline, so a country's border stays where its
    # neighbour's is), then cut to the view
    simple = shapely.simplify(geoms[hit], tolerance_deg, preserve_topology=True)
    cut = shapely.intersection(simple, area)
    cut = np.asarray([shapely.make_valid(g) if not shapely.is_valid(g) else g for g in cut],
                     dtype=object)
    polys = np.asarray([_polygonal(g) for g in cut], dtype=object)
    keep = ~(shapely.is_missing(polys) | shapely.is_empty(polys))
    rows = c.iloc[hit[keep]]
    return gpd.GeoDataFrame({"iso3": rows["iso3"].astype(str).to_numpy(),
                             "name": rows["name"].astype(str).to_numpy()},
                            geometry=list(polys[keep]), crs="EPSG:4326")


def _polygonal(g):
    """The polygons of ``g`` (an intersection may leave lines or points on the cut)."""
    import shapely

    if g is None or g.is_empty:
        return None
    parts = [p for p in shapely.get_parts(g) if shapely.get_type_id(p) in (3, 6)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.multipolygons(
        [q for p in parts for q in shapely.get_parts(p)])


def countries_layer(world: gpd.GeoDataFrame, fg: LayerGroup, *,
                    centre_lon: float | None) -> None:
    """Add the countries of :func:`countries_in_view` to ``fg`` (land fill with the
    country borders drawn, a tooltip with the name; not clickable)."""
    props = [{"tip": esc(f"{n} ({i})")} for n, i in zip(world["name"], world["iso3"],
                                                        strict=True)]
    GeoJsonLayer(np.asarray(world.geometry.values, dtype=object), props,
                 centre_lon=centre_lon, base_style=WORLD_STYLE, pane="lm-land",
                 class_name="lm-land lm-world", interactive=False,
                 name="WorldLand").add_to(fg)


def build(ctx: MapContext) -> LayerGroup | None:
    """The land of the map's zone set (shown at start when it is the base map), and,
    outside the frames that land covers, the Natural Earth countries with their borders
    wherever the map shows something (:func:`view_boxes`: around every event and every
    zone frame), so that no event or zone lies on a blank sea."""
    zs = ctx.zoneset
    if zs is None or zs.land is None:
        ctx.say("no land polygons in the zone source; land layer skipped")
        return None
    fg = land_layer(merged_display_land(zs.land), centre_lon=ctx.centre_lon,
                    show=ctx.base_map)
    frames = zs.cut_frames
    world = countries_in_view(view_boxes(ctx.events, frames), frames)
    if len(world):
        countries_layer(world, fg, centre_lon=ctx.centre_lon)
    return fg
