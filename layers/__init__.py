"""Map layers: one small builder per layer kind, and map assembly. No spatial logic here.

Each builder takes GeoDataFrames from :mod:`geo` and returns a ``folium.FeatureGroup``
that can be put on any folium map with ``.add_to(m)``; each layer module also exposes
``build(ctx)`` for :func:`build_map`, which assembles the layers of
:mod:`layers.registry` into one map and :func:`save_map` writes it as a single
offline HTML file; :func:`render_static` draws a PNG/SVG picture with matplotlib.
Names are imported lazily so that ``import layers`` (and the command line) stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS = {
    "build_map": "layers.mapbuild",
    "save_map": "layers.mapbuild",
    "map_html": "layers.mapbuild",
    "select_events": "geo.catalogue_select",
    "parse_layers": "layers.registry",
    "render_static": "layers.static",
    "land_layer": "layers.land",
    "zone_layer": "layers.zones",
    "disputed_layer": "layers.disputed",
    "impacts_layer": "layers.impacts",
    "uncertainty_layer": "layers.uncertainty",
    "sites_layer": "layers.sites",
    "tracks_layer": "layers.tracks",
    "event_track_frame": "layers.tracks",
    "rings_layer": "layers.rings",
    "coverage_layer": "layers.coverage",
    "places_layer": "layers.places",
    "display_zones": "layers.display",
    "display_land": "layers.display",
    "MapContext": "layers.context",
}

if TYPE_CHECKING:  # pragma: no cover - the same names, visible to IDEs and type checkers
    from geo.catalogue_select import select_events
    from layers.context import MapContext
    from layers.coverage import coverage_layer
    from layers.display import display_land, display_zones
    from layers.disputed import disputed_layer
    from layers.impacts import impacts_layer
    from layers.land import land_layer
    from layers.mapbuild import build_map, map_html, save_map
    from layers.places import places_layer
    from layers.registry import parse_layers
    from layers.rings import rings_layer
    from layers.sites import sites_layer
    from layers.static import render_static
    from layers.tracks import event_track_frame, tracks_layer
    from layers.uncertainty import uncertainty_layer
    from layers.zones import zone_layer

__all__ = [
    "MapContext",
    "build_map",
    "coverage_layer",
    "display_land",
    "display_zones",
    "disputed_layer",
    "event_track_frame",
    "impacts_layer",
    "land_layer",
    "map_html",
    "parse_layers",
    "places_layer",
    "render_static",
    "rings_layer",
    "save_map",
    "select_events",
    "sites_layer",
    "tracks_layer",
    "uncertainty_layer",
    "zone_layer",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
