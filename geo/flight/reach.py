"""What lies within a given range of an origin: countries (with the share of each) and
gazetteer places.

The reach of a missile with range d from an origin O is the geodesic disc of radius d
around O (:func:`geo.flight.rings.range_ring`). :func:`reach` intersects it with the
Natural Earth 10m countries (:func:`geo.land.countries`) and reports, per country, the
geodesic area inside and the fraction of the country's area that is; and lists the
gazetteer places whose geodesic distance from O is at most d (exact ``GEOD.inv``
distances, not a polygon test). WGS84 lon/lat throughout; areas in km^2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import InvalidOptionError
from geo.flight.points import FlightPoint, resolve_point
from geo.types import PointLike

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd


@dataclass
class ReachResult:
    """The answer of :func:`reach`.

    ``origin``: the resolved origin; ``range_km``; ``ring``: the reach polygon (shapely,
    EPSG:4326, cut at +/-180); ``countries``: GeoDataFrame (``iso3``, ``name``,
    ``sovereign``, ``area_km2``, ``area_inside_km2``, ``fraction``, geometry = the part in
    reach) sorted by fraction, largest first; ``places``: DataFrame (``id``, ``name``,
    ``kind``, ``country``, ``lon``, ``lat``, ``distance_km``) sorted by distance.
    """

    origin: FlightPoint
    range_km: float
    ring: Any
    countries: gpd.GeoDataFrame
    places: pd.DataFrame

    def ring_gdf(self) -> gpd.GeoDataFrame:
        """The reach polygon as a one-row GeoDataFrame (center, range_km, geometry)."""
        import geopandas as gpd

        return gpd.GeoDataFrame(
            [{"center": self.origin.label, "center_lon": self.origin.lon,
              "center_lat": self.origin.lat, "range_km": self.range_km,
              "label": f"{self.range_km:,.0f} km from {self.origin.label}"}],
            geometry=[self.ring], crs="EPSG:4326")

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: ``origin``, ``range_km``, ``countries`` ([{iso3, name,
        sovereign, fraction, area_inside_km2}]) and ``places`` ([{id, name, kind,
        country, distance_km}])."""
        return {
            "origin": self.origin.to_dict(),
            "range_km": self.range_km,
            "countries": [
                {"iso3": r.iso3, "name": r.name, "sovereign": r.sovereign,
                 "fraction": round(float(r.fraction), 6),
                 "area_inside_km2": round(float(r.area_inside_km2), 1)}
                for r in self.countries.itertuples(index=False)
            ],
            "places": [
                {"id": r.id, "name": r.name, "kind": r.kind, "country": r.country,
                 "distance_km": round(float(r.distance_km), 3)}
                for r in self.places.itertuples(index=False)
            ],
        }


def places_within(origin: FlightPoint, km: float, places: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """Gazetteer places at most ``km`` (geodesic) from ``origin``, nearest first.

    ``places``: a frame with ``id``, ``name``, ``kind``, ``country``, ``lon``, ``lat``
    (default: :func:`geo.gazetteer.places`)."""
    import pandas as pd

    from geo.geodesy import inverse

    if places is None:
        from geo.gazetteer import places as load_places

        places = load_places()
    cols = ["id", "name", "kind", "country", "lon", "lat"]
    if len(places) == 0:
        return pd.DataFrame(columns=[*cols, "distance_km"])
    lon = places["lon"].to_numpy(float)
    lat = places["lat"].to_numpy(float)
    _, dist = inverse(np.full_like(lon, origin.lon), np.full_like(lat, origin.lat), lon, lat)
    dist_km = np.atleast_1d(np.asarray(dist, float)) / 1000.0
    inside = dist_km <= km
    out = pd.DataFrame(places.loc[inside, [c for c in cols if c in places.columns]])
    out["distance_km"] = dist_km[inside]
    return out.sort_values(["distance_km", "id"], kind="stable").reset_index(drop=True)


def reach(origin: PointLike, km: float, *, countries: gpd.GeoDataFrame | None = None,
          places: pd.DataFrame | None = None) -> ReachResult:
    """Countries and gazetteer places within ``km`` (geodesic) of ``origin``.

    ``origin``: any :data:`~geo.types.PointLike` (a place name, ``"lat,lon"`` text,
    ``(lon, lat)`` in WGS84 degrees, a Place ...). ``km`` > 0. ``countries`` (default:
    :func:`geo.land.countries`) and ``places`` (default: the shipped gazetteer) may be
    replaced, e.g. in tests.

    Returns a :class:`ReachResult`. Raises :class:`~geo.errors.UnknownPlaceError` for an
    unknown origin name and :class:`~geo.errors.InvalidOptionError` (a ``ValueError``)
    for a range that is not a positive finite number.
    """
    from geo.flight.areas import countries_in
    from geo.flight.rings import ring_polygon

    o = resolve_point(origin, "origin")
    try:
        radius = float(km)
    except (TypeError, ValueError):
        raise InvalidOptionError(f"range must be a number of km, got {km!r}") from None
    ring = ring_polygon(o.lon, o.lat, radius)
    return ReachResult(o, radius, ring, countries_in(ring, countries),
                       places_within(o, radius, places))
