"""Derived impact shapes: where a launch could have fallen when no fall point was stated.

Many statements give a launch area, a range and a direction but no fall point: "fired
north-eastward from the Pyongyang area, flew about 350 km and fell into the East Sea".
Such a row (``impact_basis`` ``derived``, ``impact_direction`` set, ``impact_query``
empty) gets a *shape*, never a point: the catalogue's ``impact_lon``/``impact_lat`` stay
empty (no marker is drawn as if the authority had named a fall point), ``impact_shape``
holds the shape's outline (WKT, WGS84 lon/lat), and every zone verdict is a probability
integrated over the shape's deterministic samples (:func:`geo.zones.where.where` with
``shape=``).

The rule (one for every row; documented in ``data/SOURCES.md``):

distance
    the row's ``range_km`` as written, read as "about <figure> km" by the statements'
    rounding rule (:func:`geo.statements.numbers.distance_interval`): the figure ± its
    rounding unit (``350`` -> 300-400 km, ``230`` -> 220-240 km, ``1100`` -> 1000-1200 km).
    Ranges are ground distances from the launch site (geodesic, WGS84).
azimuth
    a stated compass direction (``impact_direction`` ``NE``, ``E``...: "north-eastward",
    "toward the east") is the statements' 16-point sector (22.5° wide); a sea alone
    (``east_sea``: "into the East Sea / Sea of Japan"; ``yellow_sea``: "toward the
    Yellow Sea / West Sea") is the quarter of the compass its name points to, seen from
    the launch site: east (45°-135°) for the East Sea, west (225°-315°) for the West Sea.
origin
    the launch site, blurred by the place's extent (:func:`geo.location.place_extent_km`;
    "the Pyongyang area").
sea
    samples on the shipped land are dropped (:class:`geo.statements.shapes.Restriction`
    ``sea_only``): the row's statement says the missile fell into the sea.

The result is a :class:`geo.statements.shapes.AnnulusSector`; a row whose sector holds no
sea at all is refused (the statement and the rule contradict each other).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import shapely

    from geo.statements.shapes import AnnulusSector

#: The seas a direction may name, with the compass quarter their name points to (centre
#: azimuth and half-width, degrees clockwise from true north).
SEAS = {"east_sea": (90.0, 45.0), "yellow_sea": (270.0, 45.0)}
#: Words of a statement that name each sea (for the data tests and the notes).
SEA_WORDS = {"east_sea": ("east sea", "sea of japan"),
             "yellow_sea": ("yellow sea", "west sea")}
#: Compass letters ``impact_direction`` may hold (the statements' 16 points).
COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
           "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
#: Every value of ``impact_direction``.
DIRECTIONS = (*COMPASS, *SEAS)
#: Azimuth step of a derived shape's outline (degrees) and radial points per side.
OUTLINE_STEP_DEG = 1.0


def azimuth_sector(direction: str) -> tuple[float, float]:
    """``(az_min, az_max)`` degrees of a direction value (see the module docstring);
    ``az_max`` may exceed 360. Raises ValueError for an unknown value."""
    from geo.statements.numbers import SECTOR16_DEG

    if direction in SEAS:
        centre, half = SEAS[direction]
    elif direction in COMPASS:
        i = COMPASS.index(direction)
        # an 8-point word ("north-eastward") names a 45° sector, a 16-point one 22.5°
        centre, half = i * 22.5, SECTOR16_DEG if i % 2 == 0 else SECTOR16_DEG / 2.0
    else:
        raise ValueError(f"{direction!r} is not one of {', '.join(DIRECTIONS)}")
    lo = (centre - half) % 360.0
    return lo, lo + 2.0 * half


def range_interval(range_text: str) -> tuple[float, float]:
    """``(r_min_km, r_max_km)`` of a range as written in ``range_km`` ("about <figure>
    km", the statements' rounding rule)."""
    from geo.statements.numbers import distance_interval

    d = distance_interval(range_text.strip(), None, 1000.0, "about", range_text)
    return d.lo_km, d.hi_km


@lru_cache(maxsize=1024)
def derived_shape(launch_lon: float, launch_lat: float, range_text: str, direction: str,
                  origin_sigma_km: float = 0.0, site: str = "") -> AnnulusSector:
    """The derived impact shape (WGS84) of a launch from (``launch_lon``, ``launch_lat``)
    degrees with range ``range_text`` (km, as written) toward ``direction`` (a value of
    :data:`DIRECTIONS`), the origin blurred by ``origin_sigma_km``; restricted to the
    sea. Raises ValueError for an unknown direction or unreadable range and
    :class:`geo.errors.LocationParseError` when no sea lies in the sector."""
    from geo.statements.shapes import AnnulusSector, Restriction

    az_min, az_max = azimuth_sector(direction)
    r_min, r_max = range_interval(range_text)
    shape = AnnulusSector(float(launch_lon), float(launch_lat), r_min, r_max, az_min, az_max,
                          origin_sigma_km=float(origin_sigma_km),
                          restriction=Restriction(sea_only=True),
                          label=f"{range_text} km {direction} of {site or 'the launch site'}")
    return shape


@lru_cache(maxsize=1024)
def _outline(launch_lon: float, launch_lat: float, r_min: float, r_max: float,
             az_min: float, az_max: float) -> shapely.Geometry:
    import numpy as np
    import shapely

    from geo.declared import _polygon_from_ring
    from geo.geodesy import GEOD, KM

    az = np.arange(az_min, az_max + 1e-9, OUTLINE_STEP_DEG)
    if az[-1] < az_max:
        az = np.append(az, az_max)
    far = GEOD.fwd(np.full(az.shape, launch_lon), np.full(az.shape, launch_lat), az,
                   np.full(az.shape, r_max * KM))
    near = GEOD.fwd(np.full(az.shape, launch_lon), np.full(az.shape, launch_lat), az[::-1],
                    np.full(az.shape, max(r_min, 0.001) * KM))
    xy = np.column_stack([np.concatenate([far[0], near[0]]),
                          np.concatenate([far[1], near[1]])])
    xy = np.vstack([xy, xy[:1]])
    xy[:, 0] = np.degrees(np.unwrap(np.radians(xy[:, 0])))
    return shapely.make_valid(_polygon_from_ring(xy))


def shape_outline(shape: AnnulusSector) -> shapely.Geometry:
    """The annulus sector's outline (WGS84 lon/lat (multi)polygon, geodesic arcs every
    :data:`OUTLINE_STEP_DEG` degrees, about the unblurred origin). The land inside it is
    not cut out (that would make the outline hundreds of kB near a coast): the shape's
    samples, and so every probability, are the sea part only."""
    return _outline(shape.lon, shape.lat, shape.r_min_km, shape.r_max_km, shape.az_min_deg,
                    shape.az_max_deg)


def event_shape(row, gazetteer=None) -> AnnulusSector | None:
    """The derived impact shape of one catalogue row (a mapping with ``launch_lon``,
    ``launch_lat``, ``range_km`` (km), ``launch_site`` and ``impact_direction``, as
    :func:`geo.catalogue.events` gives), or None for a row without ``impact_direction``.
    The origin's blur is the launch site's extent in the gazetteer (0 without a site)."""
    import math

    direction = str(row.get("impact_direction") or "")
    if not direction:
        return None
    lon, lat, rng = (row.get(k) for k in ("launch_lon", "launch_lat", "range_km"))
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (lon, lat, rng)):
        raise ValueError("a derived impact shape needs the launch point and range_km")
    site = str(row.get("launch_site") or "")
    sigma, name = 0.0, ""
    if site:
        from geo.gazetteer import load_gazetteer
        from geo.location import place_extent_km

        gaz = gazetteer or load_gazetteer()
        place = gaz.by_id.get(site) or gaz.lookup(site)
        if place is not None:
            sigma, name = place_extent_km(place), place.name
    return derived_shape(float(lon), float(lat), f"{float(rng):g}", direction, float(sigma),
                         name)
