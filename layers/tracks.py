"""Ground tracks: the geodesic from launch to impact of each event, from
:func:`geo.flight.tables.event_tracks` (already cut at +/-180 degrees; the display window
of :mod:`layers.geojson` joins the pieces again on a Pacific-centred map)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc
from layers.geojson import GeoJsonLayer
from layers.popups import fmt_km
from layers.style import TRACK_STYLE, state_colour
from layers.timeline import event_times_ms

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def event_track_frame(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The tracks of ``events`` (see :func:`geo.flight.tables.event_tracks`)."""
    from geo.flight.tables import event_tracks

    return event_tracks(events)


def tracks_layer(tracks: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                 show: bool | None = None) -> LayerGroup:
    """One line per track (columns ``id``, ``date``, ``actor``, ``system``,
    ``length_km``, ``azimuth_deg``, geometry), coloured by actor, timed by date."""
    times = event_times_ms(tracks)
    props = []
    for i, row in enumerate(tracks.to_dict("records")):
        colour = state_colour(row.get("actor"))
        day = row.get("date")
        day_s = day.strftime("%Y-%m-%d") if hasattr(day, "strftime") else str(day)[:10]
        tip = (f"{esc(day_s)} &middot; {esc(row.get('system'))}<br>"
               f"geodesic ground track {esc(fmt_km(row.get('length_km')))}, initial azimuth "
               f"{float(row.get('azimuth_deg', float('nan'))):.0f}&deg;")
        props.append({"s": {"color": colour}, "t": int(times[i]), "tip": tip})
    fg = feature_group("tracks", show=show)
    GeoJsonLayer(np.asarray(tracks.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=TRACK_STYLE, pane="lm-lines", class_name="lm-track",
                 name="GroundTracks").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The geodesic ground tracks of the map's events (decimated above
    :data:`layers.bigimpacts.CLUSTER_ABOVE` events, the layer's name says how)."""
    from layers.base import feature_group
    from layers.bigimpacts import CLUSTER_ABOVE, decimate
    from layers.style import LAYER_TITLES

    ev, note = decimate(ctx.events) if len(ctx.events) > CLUSTER_ABOVE else (ctx.events, "")
    fg = tracks_layer(event_track_frame(ev), centre_lon=ctx.centre_lon)
    if note:
        ctx.say(f"tracks: {note.strip(' -')}")
        fg.layer_name = feature_group("tracks", title=LAYER_TITLES["tracks"] + note).layer_name
    return fg
