"""The land base map: the shipped coastline polygons (``data/land.parquet``, the coast the
zones were computed from), simplified for display by :func:`layers.display.display_land`.
It is the base map of ``--tiles none`` and works with no network at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.geojson import GeoJsonLayer
from layers.style import LAND_STYLE

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


def build(ctx: MapContext) -> LayerGroup | None:
    """The land of the map's zone set (shown at start when it is the base map)."""
    zs = ctx.zoneset
    if zs is None or zs.land is None:
        ctx.say("no land polygons in the zone source; land layer skipped")
        return None
    from layers.display import display_land

    return land_layer(display_land(zs.land), centre_lon=ctx.centre_lon, show=ctx.base_map)
