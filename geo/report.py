"""The answer to "where is that?": a located point, its zones and the nearest places.

:func:`where_report` builds the dict behind ``launchmap where --json``. Its keys are a
public contract and stay stable::

    {"query", "lat", "lon", "sigma_km",
     "zones": [{"kind", "state", "perspective", "claimants", "status", "probability"}],
     "nearest_places": [{"id", "name", "distance_km", "bearing_deg"}]}

Extra keys (``location``, ``zone_source``, ``on_land``, ``coast_km``, ``note``) may be
added after those; none of the contract keys ever changes meaning.
"""

from __future__ import annotations

from geo.gazetteer import nearest_places
from geo.location import locate


def _zones(lon: float, lat: float, sigma_km: float, perspective: str | None) -> dict:
    """Zones part of the answer; says so plainly when no zone data is available."""
    from geo._paths import data_path
    from geo.zones.schema import ZONES_FILE

    if not data_path(ZONES_FILE).exists():
        return {"zones": [], "note": "no zone data loaded: data/zones.parquet is missing "
                                     "(run `launchmap build-zones`)"}
    from geo.zones.where import report_zones

    return report_zones(lon, lat, sigma_km=sigma_km, perspective=perspective)


def where_report(text: str, *, perspective: str | None = None, n_places: int = 5) -> dict:
    """Resolve ``text`` with :func:`geo.location.locate` and answer where the point is.

    Coordinates WGS84 degrees; distances km; ``bearing_deg`` is the geodesic azimuth from
    each place to the point. ``perspective`` is an ISO3 code whose view of disputed
    features the zones follow (default: the administering state).
    """
    loc = locate(text)
    zones = _zones(loc.lon, loc.lat, loc.sigma_km, perspective)
    out: dict = {
        "query": text,
        "lat": round(loc.lat, 6),
        "lon": round(loc.lon, 6),
        "sigma_km": round(loc.sigma_km, 3),
        "zones": zones.pop("zones"),
        "nearest_places": [
            {"id": p.id, "name": p.name, "distance_km": round(d, 3), "bearing_deg": round(b, 1)}
            for p, d, b in nearest_places(loc.lon, loc.lat, n=n_places)
        ],
        "location": loc.to_dict(),
    }
    src = zones.pop("source", None)
    if src:
        out["zone_source"] = src
    out.update(zones)
    return out
