"""launchmap's spatial model and queries. No rendering here; ``geo`` never imports folium.

Public names are imported lazily so that ``import geo`` stays cheap (the command line
must start fast; ``import geo`` loads no NumPy, pandas or shapely); ``geo.locate`` for
instance loads only the gazetteer and pyproj. The ``TYPE_CHECKING`` block names the same
objects for IDEs and type checkers; ``tests/test_imports.py`` keeps the three lists equal.

Coordinates are WGS84 lon/lat degrees (EPSG:4326) everywhere; distances are km at this
API's edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS = {
    # positions and places
    "locate": "geo.location",
    "Location": "geo.location",
    "places": "geo.gazetteer",
    "find_place": "geo.gazetteer",
    "Place": "geo.gazetteer",
    # the catalogue
    "events": "geo.catalogue",
    "read_events": "geo.catalogue",
    # declared areas (closure, danger and drop zones)
    "declared_areas": "geo.declared",
    "read_declared_areas": "geo.declared",
    "area_overlaps": "geo.declared_overlaps",
    "AreaOverlaps": "geo.declared_overlaps",
    "event_claims": "geo.catalogue",
    "read_cns": "geo.catalogue_import",
    "read_attack_table": "geo.catalogue_import",
    # maritime zones
    "where": "geo.zones.where",
    "WhereAnswer": "geo.zones.where",
    "ZoneAnswer": "geo.zones.where",
    "CoastDistance": "geo.zones.where",
    "classify": "geo.zones.classify",
    "load_zones": "geo.zones.load",
    "ZoneSet": "geo.zones.zoneset",
    "disputed_waters": "geo.zones.disputed",
    # land
    "countries": "geo.land",
    "land_state": "geo.land",
    # answers as JSON and files
    "where_report": "geo.report",
    "export": "geo.export",
    # uncertainty and verdicts
    "uncertainty_ellipses": "geo.ellipses",
    "event_verdicts": "geo.zones.verdicts",
    # flight analysis
    "track": "geo.flight.track",
    "Track": "geo.flight.track",
    "overflight": "geo.flight.overflight",
    "range_ring": "geo.flight.rings",
    "reach": "geo.flight.reach",
    "ReachResult": "geo.flight.reach",
    "coverage": "geo.flight.coverage",
    "CoverageResult": "geo.flight.coverage",
    "estimate_range": "geo.flight.ballistic",
    "RangeEstimate": "geo.flight.ballistic",
    "FlightPoint": "geo.flight.points",
    # types of the API
    "PointLike": "geo.types",
    "ZoneKind": "geo.types",
    "ZoneStatus": "geo.types",
    "MapFormat": "geo.types",
    # errors
    "LaunchmapError": "geo.errors",
    "UnknownPlaceError": "geo.errors",
    "UnknownSystemError": "geo.errors",
    "LocationParseError": "geo.errors",
    "InvalidCoordinateError": "geo.errors",
    "InvalidSigmaError": "geo.errors",
    "UnknownPerspectiveError": "geo.errors",
    "BallisticInputError": "geo.errors",
    "InvalidOptionError": "geo.errors",
    "MarineRegionsFormatError": "geo.errors",
    "DataValidationError": "geo.errors",
    "AssetError": "geo.errors",
    "MissingExtraError": "geo.errors",
    "RowError": "geo.errors",
}

if TYPE_CHECKING:  # pragma: no cover - the same names, visible to IDEs and type checkers
    from geo.catalogue import event_claims, events, read_events
    from geo.catalogue_import import read_attack_table, read_cns
    from geo.declared import declared_areas, read_declared_areas
    from geo.declared_overlaps import AreaOverlaps, area_overlaps
    from geo.ellipses import uncertainty_ellipses
    from geo.errors import (
        AssetError,
        BallisticInputError,
        DataValidationError,
        InvalidCoordinateError,
        InvalidOptionError,
        InvalidSigmaError,
        LaunchmapError,
        LocationParseError,
        MarineRegionsFormatError,
        MissingExtraError,
        RowError,
        UnknownPerspectiveError,
        UnknownPlaceError,
        UnknownSystemError,
    )
    from geo.export import export
    from geo.flight.ballistic import RangeEstimate, estimate_range
    from geo.flight.coverage import CoverageResult, coverage
    from geo.flight.overflight import overflight
    from geo.flight.points import FlightPoint
    from geo.flight.reach import ReachResult, reach
    from geo.flight.rings import range_ring
    from geo.flight.track import Track, track
    from geo.gazetteer import Place, find_place, places
    from geo.land import countries, land_state
    from geo.location import Location, locate
    from geo.report import where_report
    from geo.types import MapFormat, PointLike, ZoneKind, ZoneStatus
    from geo.zones.classify import classify
    from geo.zones.disputed import disputed_waters
    from geo.zones.load import load_zones
    from geo.zones.verdicts import event_verdicts
    from geo.zones.where import CoastDistance, WhereAnswer, ZoneAnswer, where
    from geo.zones.zoneset import ZoneSet

__all__ = [
    "AreaOverlaps",
    "AssetError",
    "MissingExtraError",
    "BallisticInputError",
    "CoastDistance",
    "CoverageResult",
    "DataValidationError",
    "FlightPoint",
    "InvalidCoordinateError",
    "InvalidOptionError",
    "InvalidSigmaError",
    "LaunchmapError",
    "Location",
    "LocationParseError",
    "MapFormat",
    "MarineRegionsFormatError",
    "Place",
    "PointLike",
    "RangeEstimate",
    "ReachResult",
    "RowError",
    "Track",
    "UnknownPerspectiveError",
    "UnknownPlaceError",
    "UnknownSystemError",
    "WhereAnswer",
    "ZoneAnswer",
    "ZoneKind",
    "ZoneSet",
    "ZoneStatus",
    "area_overlaps",
    "classify",
    "countries",
    "coverage",
    "declared_areas",
    "disputed_waters",
    "estimate_range",
    "event_claims",
    "event_verdicts",
    "events",
    "export",
    "find_place",
    "land_state",
    "load_zones",
    "locate",
    "overflight",
    "places",
    "range_ring",
    "reach",
    "read_declared_areas",
    "read_attack_table",
    "read_cns",
    "read_events",
    "track",
    "uncertainty_ellipses",
    "where",
    "where_report",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
