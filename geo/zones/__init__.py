"""Maritime zones: the shipped computed zones or a Marine Regions file, and queries on them.

``load_zones`` returns a :class:`ZoneSet`; ``where`` answers for one point (with
perspective, status, claimants, coast distances and, for an uncertain point, the
probability of each zone); ``classify`` labels many points at once; ``disputed_waters``
lists the disputed zones as named geometries; ``read_baselines``, ``read_regimes`` /
``regimes_at``, ``read_entitlements`` and ``read_specified_areas`` read the legal tables
the zones are drawn from (baselines, joint and provisional regimes, entitlements, Japan's
specified straits). Names are imported
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
    "ZonePart": "geo.zones.where",
    "Baseline": "geo.zones.baselines",
    "read_baselines": "geo.zones.baselines",
    "Regime": "geo.zones.regimes",
    "read_regimes": "geo.zones.regimes",
    "regimes_at": "geo.zones.regimes",
    "read_entitlements": "geo.zones.entitlements",
    "entitlement_of": "geo.zones.entitlements",
    "read_specified_areas": "geo.zones.specified_areas",
}

if TYPE_CHECKING:  # pragma: no cover - the same names, visible to IDEs and type checkers
    from geo.errors import UnknownPerspectiveError
    from geo.zones.baselines import Baseline, read_baselines
    from geo.zones.classify import classify
    from geo.zones.disputed import disputed_waters
    from geo.zones.entitlements import entitlement_of, read_entitlements
    from geo.zones.load import from_marine_regions, load_zones
    from geo.zones.regimes import Regime, read_regimes, regimes_at
    from geo.zones.specified_areas import read_specified_areas
    from geo.zones.where import (
        CoastDistance,
        WhereAnswer,
        ZoneAnswer,
        ZonePart,
        report_zones,
        where,
    )
    from geo.zones.zoneset import ZoneSet

__all__ = [
    "Baseline",
    "CoastDistance",
    "UnknownPerspectiveError",
    "WhereAnswer",
    "Regime",
    "ZoneAnswer",
    "ZonePart",
    "ZoneSet",
    "classify",
    "disputed_waters",
    "entitlement_of",
    "from_marine_regions",
    "load_zones",
    "read_baselines",
    "read_entitlements",
    "read_regimes",
    "read_specified_areas",
    "regimes_at",
    "report_zones",
    "where",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
