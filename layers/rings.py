"""Range rings: geodesic circles of a given ground distance around a launch site, from
:func:`geo.flight.rings.rings` (polygons in WGS84 lon/lat, cut at +/-180 degrees; the
display window of :mod:`layers.geojson` joins the pieces again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import feature_group
from layers.escape import esc, text
from layers.geojson import GeoJsonLayer, feature_collection
from layers.style import RING_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

#: Conventional missile range classes (km) used for the default rings: the upper bounds
#: of short-, medium- and intermediate-range missiles; beyond 5,500 km is ICBM range.
RANGE_CLASSES_KM = {1000.0: "SRBM / MRBM boundary", 3000.0: "MRBM / IRBM boundary",
                    5500.0: "IRBM / ICBM boundary"}


def default_rings(centre: object, kms=tuple(RANGE_CLASSES_KM)) -> gpd.GeoDataFrame:
    """Rings of the conventional range classes around ``centre`` (a place name, id or
    ``(lon, lat)``), via :func:`geo.flight.rings.rings`."""
    from geo.flight.rings import rings

    gdf = rings(centre, kms)
    gdf["note"] = [RANGE_CLASSES_KM.get(float(k), "") for k in gdf["range_km"]]
    return gdf


def rings_layer(rings: gpd.GeoDataFrame, *, centre_lon: float,
                show: bool | None = None) -> folium.FeatureGroup:
    """Ring outlines (columns ``label``, ``range_km``, optional ``note``, geometry)."""
    props = []
    for row in rings.to_dict("records"):
        note = text(row.get("note"))
        tip = esc(row.get("label")) + (f"<br>{esc(note)}" if note else "")
        props.append({"tip": tip})
    fg = feature_group("rings", show=show)
    GeoJsonLayer(feature_collection(np.asarray(rings.geometry.values, dtype=object), props,
                                    centre_lon=centre_lon),
                 base_style=RING_STYLE, pane="lm-lines", class_name="lm-ring",
                 name="RangeRings").add_to(fg)
    return fg
