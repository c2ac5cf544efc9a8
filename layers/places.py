"""Gazetteer places: a small marker per place of :func:`geo.gazetteer.places`
(WGS84 lon/lat), with its name and aliases as tooltip and its source in the popup."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, linkify, text
from layers.geojson import GeoJsonLayer
from layers.popups import fmt_latlon
from layers.style import PLACE_RADIUS_PX, PLACE_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def places_layer(places: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                 show: bool | None = None) -> LayerGroup:
    """One marker per place (columns ``id``, ``name``, ``aliases``, ``kind``,
    ``country``, ``source``, point geometry)."""
    props = []
    for row in places.to_dict("records"):
        aliases = [a for a in text(row.get("aliases")).split("|") if a]
        geom = row.get("geometry")
        pos = fmt_latlon(geom.x, geom.y) if geom is not None and not geom.is_empty else ""
        alias_html = f"<div><b>Also:</b> {esc(', '.join(aliases))}</div>" if aliases else ""
        popup = (f'<div class="lm-popup"><h4>{esc(row.get("name"))}</h4>'
                 f"<div>{esc(row.get('kind'))}, {esc(row.get('country') or 'no state')}"
                 f" &middot; {esc(pos)}</div>{alias_html}"
                 f'<div class="lm-small"><b>Source:</b> {linkify(row.get("source"))}</div>'
                 f'<div class="lm-small">id {esc(row.get("id"))}</div></div>')
        props.append({"tip": esc(row.get("name")), "popup": popup, "c": "lm-place"})
    fg = feature_group("places", show=show)
    GeoJsonLayer(np.asarray(places.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=PLACE_STYLE, pane="lm-points", class_name="lm-point",
                 radius=PLACE_RADIUS_PX, name="Places").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The gazetteer's places (the caller's frame, else the shipped gazetteer)."""
    return places_layer(ctx.gazetteer(), centre_lon=ctx.centre_lon)
