"""Maritime zones: the shipped computed zones or a Marine Regions file, and queries on them.

``load_zones`` returns a :class:`ZoneSet`; ``where`` answers for one point (with
perspective, status, claimants, coast distances and, for an uncertain point, the
probability of each zone); ``classify`` labels many points at once; ``disputed_waters``
lists the disputed zones as named geometries. Names are imported
lazily so that ``import geo.zones`` stays cheap.
"""

from __future__ import annotations

from geo._lazy import lazy_exports

_EXPORTS = {
    "ZoneSet": "geo.zones.load",
    "load_zones": "geo.zones.load",
    "UnknownPerspectiveError": "geo.zones.load",
    "from_marine_regions": "geo.zones.marine_regions",
    "disputed_waters": "geo.zones.disputed",
    "where": "geo.zones.query",
    "classify": "geo.zones.query",
    "WhereAnswer": "geo.zones.query",
    "ZoneAnswer": "geo.zones.query",
    "report_zones": "geo.zones.query",
    "zones_for_report": "geo.zones.query",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
