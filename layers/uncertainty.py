"""The 1-sigma uncertainty outline of every impact point, coloured by actor.

The outlines are geodesic ellipses or circles from :func:`geo.ellipses.event_ellipses`
(WGS84 lon/lat, radii in km of ground distance); this module only draws them, each with
the event's date for the time control.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from layers.base import LayerGroup, feature_group
from layers.geojson import GeoJsonLayer
from layers.style import UNCERTAINTY_STYLE, state_colour
from layers.timeline import event_times_ms

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def uncertainty_layer(events: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                      show: bool | None = None) -> LayerGroup:
    """The 1-sigma uncertainty outline of every impact of ``events`` (a frame like
    :func:`geo.catalogue.events`), coloured by actor."""
    from geo.ellipses import event_ellipses

    outlines = event_ellipses(events)
    times = event_times_ms(events)
    props = []
    for i, row in enumerate(events.to_dict("records")):
        colour = state_colour(row.get("actor"))
        props.append({"s": {"color": colour, "fillColor": colour}, "t": int(times[i])})
    fg = feature_group("uncertainty", show=show)
    GeoJsonLayer(outlines, props, centre_lon=centre_lon, base_style=UNCERTAINTY_STYLE,
                 pane="lm-areas", class_name="lm-uncertainty", interactive=False,
                 name="ImpactUncertainty").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The uncertainty outlines of the map's events (decimated above
    :data:`layers.bigimpacts.CLUSTER_ABOVE` events, the layer's name says how)."""
    from layers.base import feature_group
    from layers.bigimpacts import CLUSTER_ABOVE, decimate
    from layers.style import LAYER_TITLES

    ev, note = decimate(ctx.events) if len(ctx.events) > CLUSTER_ABOVE else (ctx.events, "")
    fg = uncertainty_layer(ev, centre_lon=ctx.centre_lon)
    if note:
        ctx.say(f"uncertainty outlines: {note.strip(' -')}")
        fg.layer_name = feature_group("uncertainty",
                                      title=LAYER_TITLES["uncertainty"] + note).layer_name
    return fg
