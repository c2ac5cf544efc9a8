"""Flight analysis: ground tracks and overflight, lofted-test range estimates, geodesic
range rings and reach, defence coverage, and the systems table.

Modules (names imported lazily, so ``import geo.flight`` stays cheap):

* :mod:`geo.flight.track` - :class:`Track`, :func:`track` (geodesic ground track,
  split at +/-180);
* :mod:`geo.flight.overflight` - :func:`overflight` (land crossings per state),
  :func:`overflown_states`, :func:`closest_approach`;
* :mod:`geo.flight.tables` - :func:`event_tracks`, :func:`overflight_table` (the
  catalogue: computed vs reported overflight);
* :mod:`geo.flight.ballistic` - :func:`estimate_range` (Keplerian lofted-test fit);
* :mod:`geo.flight.rings` - :func:`range_ring` (geodesic disc, poles and antimeridian);
* :mod:`geo.flight.reach` - :func:`reach` (countries and places within a range);
* :mod:`geo.flight.coverage` - :func:`coverage`, :func:`thaad_coverage`;
* :mod:`geo.flight.systems` - :func:`load_systems`, :func:`system_rings`.

All coordinates WGS84 lon/lat (EPSG:4326); distances in km at this API's edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo._lazy import lazy_exports

_EXPORTS = {
    "Track": "geo.flight.track",
    "track": "geo.flight.track",
    "overflight": "geo.flight.overflight",
    "overflown_states": "geo.flight.overflight",
    "event_tracks": "geo.flight.tables",
    "overflight_table": "geo.flight.tables",
    "closest_approach": "geo.flight.overflight",
    "RangeEstimate": "geo.flight.ballistic",
    "estimate_range": "geo.flight.ballistic",
    "range_ring": "geo.flight.rings",
    "rings": "geo.flight.rings",
    "ReachResult": "geo.flight.reach",
    "reach": "geo.flight.reach",
    "CoverageResult": "geo.flight.coverage",
    "coverage": "geo.flight.coverage",
    "thaad_coverage": "geo.flight.coverage",
    "load_systems": "geo.flight.systems",
    "find_system": "geo.flight.systems",
    "match_system": "geo.flight.systems",
    "system_rings": "geo.flight.systems",
    "FlightPoint": "geo.flight.points",
    "resolve_point": "geo.flight.points",
}

if TYPE_CHECKING:  # pragma: no cover - the same names, visible to IDEs and type checkers
    from geo.flight.ballistic import RangeEstimate, estimate_range
    from geo.flight.coverage import CoverageResult, coverage, thaad_coverage
    from geo.flight.overflight import closest_approach, overflight, overflown_states
    from geo.flight.points import FlightPoint, resolve_point
    from geo.flight.reach import ReachResult, reach
    from geo.flight.rings import range_ring, rings
    from geo.flight.systems import find_system, load_systems, match_system, system_rings
    from geo.flight.tables import event_tracks, overflight_table
    from geo.flight.track import Track, track

__all__ = [
    "CoverageResult",
    "FlightPoint",
    "RangeEstimate",
    "ReachResult",
    "Track",
    "closest_approach",
    "coverage",
    "estimate_range",
    "event_tracks",
    "find_system",
    "load_systems",
    "match_system",
    "overflight",
    "overflight_table",
    "overflown_states",
    "range_ring",
    "reach",
    "resolve_point",
    "rings",
    "system_rings",
    "thaad_coverage",
    "track",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
