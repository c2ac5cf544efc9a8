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

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
