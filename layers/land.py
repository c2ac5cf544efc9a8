"""The land base map: the shipped coastline polygons (``data/land.parquet``, the coast the
zones were computed from), simplified for display by :func:`layers.display.display_land`,
and, around events beyond that coast's frame, the Natural Earth countries with their
borders (``data/countries.parquet`` via :func:`geo.countries`). It is the base map of
``--tiles none`` and works with no network at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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


#: Margin (degrees) of the countries drawn around events outside the zones' frame, and the
#: simplification of their outlines (degrees).
WORLD_MARGIN_DEG = 12.0
WORLD_TOLERANCE_DEG = 0.1


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


def build(ctx: MapContext) -> LayerGroup | None:
    """The land of the map's zone set (shown at start when it is the base map), and the
    countries with their borders around the events beyond the zones' frame
    (:func:`world_beyond_frame`), so that no event lies on a blank sea."""
    zs = ctx.zoneset
    if zs is None or zs.land is None:
        ctx.say("no land polygons in the zone source; land layer skipped")
        return None
    from layers.display import display_land

    fg = land_layer(display_land(zs.land), centre_lon=ctx.centre_lon, show=ctx.base_map)
    world = world_beyond_frame(ctx.events)
    if world is not None and len(world):
        props = [{"tip": esc(f"{n} ({i})")} for n, i in zip(world["name"], world["iso3"],
                                                            strict=True)]
        GeoJsonLayer(np.asarray(world.geometry.values, dtype=object), props,
                     centre_lon=ctx.centre_lon, base_style=WORLD_STYLE, pane="lm-land",
                     class_name="lm-land lm-world", interactive=False,
                     name="WorldLand").add_to(fg)
    return fg
