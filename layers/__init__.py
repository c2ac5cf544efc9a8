"""Map layers: one small builder per layer kind, and map assembly. No spatial logic here.

Each builder takes GeoDataFrames from :mod:`geo` and returns a ``folium.FeatureGroup``
that can be put on any folium map with ``.add_to(m)``; each layer module also exposes
``build(ctx)`` for :func:`build_map`, which assembles the layers of
:mod:`layers.registry` into one map and :func:`save_map` writes it as a single
offline HTML file; :func:`render_static` draws a PNG/SVG picture with matplotlib.
Names are imported lazily so that ``import layers`` (and the command line) stay fast.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    "build_map": "layers.mapbuild",
    "save_map": "layers.mapbuild",
    "map_html": "layers.mapbuild",
    "select_events": "layers.mapbuild",
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

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
