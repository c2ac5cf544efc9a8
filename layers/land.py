"""The land base map: the shipped coastline polygons (``data/land.parquet``, the coast the
zones were computed from), simplified for display by :func:`layers.display.display_land`.
It is the base map of ``--tiles none`` and works with no network at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import feature_group
from layers.geojson import GeoJsonLayer, feature_collection
from layers.style import LAND_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd


def land_layer(land: gpd.GeoDataFrame, *, centre_lon: float,
               show: bool | None = None) -> folium.FeatureGroup:
    """Land polygons (display copy: columns ``label``, geometry), not clickable."""
    fg = feature_group("land", show=show)
    props = [{} for _ in range(len(land))]
    GeoJsonLayer(feature_collection(np.asarray(land.geometry.values, dtype=object), props,
                                    centre_lon=centre_lon),
                 base_style=LAND_STYLE, pane="lm-land", class_name="lm-land",
                 interactive=False, name="Land").add_to(fg)
    return fg
