"""Maritime zones: the shipped computed zones or a Marine Regions file, and queries on them.

``load_zones`` returns a :class:`ZoneSet`; ``where`` answers for one point (with
perspective, status, claimants, coast distances and, for an uncertain point, the
probability of each zone); ``classify`` labels many points at once; ``disputed_waters``
lists the disputed zones as named geometries. Names are imported
lazily so that ``import geo.zones`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS = {
    "ZoneSet": "geo.zones.zoneset",
    "load_zones": "geo.zones.load",
    "UnknownPerspectiveError": "geo.errors",
    "from_marine_regions": "geo.zones.load",
    "disputed_waters": "geo.zones.disputed",
    "where": "geo.zones.where",
    "WhereAnswer": "geo.zones.where",
    "ZoneAnswer": "geo.zones.where",
    "CoastDistance": "geo.zones.where",
    "report_zones": "geo.zones.where",
    "classify": "geo.zones.classify",
}

if TYPE_CHECKING:  # pragma: no cover - the same names, visible to IDEs and type checkers
    from geo.errors import UnknownPerspectiveError
    from geo.zones.classify import classify
    from geo.zones.disputed import disputed_waters
    from geo.zones.load import from_marine_regions, load_zones
    from geo.zones.where import CoastDistance, WhereAnswer, ZoneAnswer, report_zones, where
    from geo.zones.zoneset import ZoneSet

__all__ = [
    "CoastDistance",
    "UnknownPerspectiveError",
    "WhereAnswer",
    "ZoneAnswer",
    "ZoneSet",
    "classify",
    "disputed_waters",
    "from_marine_regions",
    "load_zones",
    "report_zones",
    "where",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
