"""launchmap's spatial model and queries. No rendering here; ``geo`` never imports folium.

Public names are imported lazily so that ``import geo`` stays cheap (the command line
must start fast); ``geo.locate`` for instance loads only the gazetteer and pyproj.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    # foundation
    "locate": "geo.location",
    "Location": "geo.location",
    "places": "geo.gazetteer",
    "find_place": "geo.gazetteer",
    "Place": "geo.gazetteer",
    "events": "geo.catalogue",
    "read_events": "geo.catalogue",
    # maritime zones
    "where": "geo.zones.where",
    "classify": "geo.zones.classify",
    "load_zones": "geo.zones.load",
    "disputed_waters": "geo.zones.disputed",
    # flight analysis
    "track": "geo.flight.track",
    "overflight": "geo.flight.overflight",
    "range_ring": "geo.flight.rings",
    "reach": "geo.flight.reach",
    "estimate_range": "geo.flight.ballistic",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
