"""Defence coverage: geodesic footprints of interceptors and radars, and whose territory
they cover.

:func:`coverage` draws, for a site and a list of systems from ``data/systems.csv``, the
footprint of each (a geodesic disc of the system's published range; for a radar, a
geodesic sector when an orientation is given) and intersects it with the Natural Earth
10m countries (:func:`geo.land.countries`): area covered (geodesic km^2) and fraction of
each state's area. :func:`thaad_coverage` does it for the THAAD battery at Seongju,
South Korea: interceptor (200 km), AN/TPY-2 radar in terminal mode (600 km) and in
forward-based mode (2,000 km, and the lower published figure of 1,000 km).

Radar orientation: no official azimuth or field of view of the Seongju radar has been
published (reports say only that it faces North Korea), so the radar footprints are
full circles by default: an upper bound on what the radar could see at that range, not
a claim about its sector. Pass ``sectors={"an_tpy2_terminal": (azimuth, width)}`` to
draw a sector instead. Footprints ignore the horizon and terrain (a radar's range
against a ballistic target at altitude is not limited by the horizon at these ranges).

Everything is WGS84 lon/lat (EPSG:4326), geometries cut at +/-180.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

import numpy as np

from geo.errors import InvalidOptionError
from geo.flight.points import FlightPoint, resolve_point
from geo.geodesy import GEOD, KM
from geo.types import PointLike, RangeFigure

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

#: Where the Seongju battery is when the gazetteer has no ``seongju`` row: (lon, lat).
SEONGJU_FALLBACK = (128.17, 35.96)
#: The THAAD footprints drawn by :func:`thaad_coverage`: (system id, which range).
THAAD_FOOTPRINTS: tuple[tuple[str, RangeFigure], ...] = (
    ("thaad_interceptor", "range_km"),
    ("an_tpy2_terminal", "range_km"),
    ("an_tpy2_forward", "range_min_km"),
    ("an_tpy2_forward", "range_km"),
)


def sector_polygon(lon: float, lat: float, km: float, azimuth_deg: float, width_deg: float,
                   *, step_deg: float = 0.5):
    """A geodesic sector: the points within ``km`` of (lon, lat) whose initial azimuth
    from it lies within ``width_deg`` centred on ``azimuth_deg`` (degrees from north).
    A shapely Polygon / MultiPolygon in lon/lat cut at +/-180. A sector whose area
    would contain a pole is refused (:class:`~geo.errors.InvalidOptionError`)."""
    import shapely

    from geo.flight.rings import _as_geometry, _split_windows, ring_polygon

    if not 0 < width_deg <= 360:
        raise InvalidOptionError(f"sector width must be in (0, 360] degrees, got {width_deg!r}")
    if width_deg >= 360:
        return ring_polygon(lon, lat, km)
    for pole in (90.0, -90.0):
        if GEOD.inv(lon, lat, 0.0, pole)[2] / KM < km:
            raise InvalidOptionError("a sector reaching a pole is not supported; use a full circle")
    n = max(int(math.ceil(width_deg / step_deg)), 2) + 1
    az = azimuth_deg - width_deg / 2.0 + np.linspace(0.0, width_deg, n)
    x, y, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, km * KM))
    xs = np.concatenate([[lon], np.asarray(x, float)])
    ys = np.concatenate([[lat], np.asarray(y, float)])
    xs = np.degrees(np.unwrap(np.radians(xs)))
    xs += lon - xs[0]
    poly = shapely.Polygon(np.column_stack([xs, ys]))
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    return _as_geometry(_split_windows(poly))


@dataclass
class CoverageResult:
    """The answer of :func:`coverage`.

    ``site``: the resolved site. ``footprints``: GeoDataFrame, one row per footprint:
    ``footprint`` (e.g. ``an_tpy2_forward@2000``), ``system_id``, ``name``, ``kind``,
    ``range_km``, ``shape`` (``circle`` or ``sector az/width``), ``area_km2``,
    ``label``, ``system`` (display name), ``site``, ``note`` (range note, plus how a
    radar is drawn), ``range_note``, ``source``, geometry. ``covered``: GeoDataFrame, one row per
    footprint and country it reaches: ``footprint``, ``system_id``, ``range_km``,
    ``iso3``, ``name``, ``sovereign``, ``area_inside_km2``, ``fraction`` (of the
    country's area), geometry = the covered part.
    """

    site: FlightPoint
    footprints: gpd.GeoDataFrame
    covered: gpd.GeoDataFrame

    def summary(self) -> Any:
        """A wide table: one row per country, area covered (km^2) per footprint."""
        t = self.covered.pivot_table(index=["iso3", "name"], columns="footprint",
                                     values="area_inside_km2", aggfunc="sum", fill_value=0.0)
        order = list(self.footprints["footprint"])
        return t[[c for c in order if c in t.columns]].sort_values(order[-1], ascending=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: site, footprints (without geometry) and per-footprint covered
        states."""
        fps = []
        for f in self.footprints.itertuples(index=False):
            sub = self.covered[self.covered["footprint"] == f.footprint]
            fps.append({
                "footprint": f.footprint, "system_id": f.system_id, "name": f.name,
                "kind": f.kind, "range_km": f.range_km, "shape": f.shape,
                "area_km2": round(float(f.area_km2), 1), "source": f.source,
                "states": [{"iso3": r.iso3, "name": r.name,
                            "area_km2": round(float(r.area_inside_km2), 1),
                            "fraction": round(float(r.fraction), 6)}
                           for r in sub.itertuples(index=False)],
            })
        return {"site": self.site.to_dict(), "footprints": fps}


def coverage(site: PointLike, footprints: Iterable[str | tuple[str, RangeFigure]], *,
             sectors: dict[str, tuple[float, float]] | None = None,
             countries: gpd.GeoDataFrame | None = None, intersect: bool = True
             ) -> CoverageResult:
    """Footprints of systems around ``site`` and the territory they cover.

    ``site``: any :data:`~geo.types.PointLike`. ``footprints``: system ids/names, or
    ``(system, which)`` pairs with ``which`` in ``range_km`` / ``range_min_km``
    (:data:`~geo.types.RangeFigure`; anything else raises
    :class:`~geo.errors.InvalidOptionError`). ``sectors``: ``{system_id: (azimuth_deg,
    width_deg)}`` to draw that system as a sector instead of a circle. ``countries``:
    replaces the shipped ``countries.parquet`` (tests). ``intersect=False`` skips the
    country intersections (``covered`` is then empty).
    """
    import geopandas as gpd
    import pandas as pd

    from geo.flight.areas import countries_in
    from geo.flight.rings import ring_polygon
    from geo.flight.systems import find_system, load_systems
    from geo.geodesy import geodesic_area_km2

    c = resolve_point(site, "site")
    table = load_systems()
    sectors = dict(sectors or {})
    rows, covered = [], []
    for item in footprints:
        sid, which = (item, "range_km") if isinstance(item, str) else item
        if which not in get_args(RangeFigure):
            raise InvalidOptionError(
                f"footprint range must be 'range_km' or 'range_min_km', got {which!r}")
        rec = find_system(sid, table)
        km = rec["range_km"]
        if which == "range_min_km" and rec["range_min_km"] == rec["range_min_km"]:
            km = rec["range_min_km"]
        km = float(km)
        if rec["id"] in sectors:
            az, width = sectors[rec["id"]]
            geom = sector_polygon(c.lon, c.lat, km, float(az), float(width))
            shape = f"sector {float(az):g}/{float(width):g}"
        else:
            geom = ring_polygon(c.lon, c.lat, km)
            shape = "circle"
        fid = f"{rec['id']}@{km:g}"
        note = rec["range_note"]
        if rec["kind"] == "radar" and shape == "circle":
            note += " Drawn as a full circle: no published orientation."
        rows.append({"footprint": fid, "system_id": rec["id"], "name": rec["name"],
                     "kind": rec["kind"], "range_km": km, "shape": shape,
                     "area_km2": geodesic_area_km2(geom), "label": f"{rec['name']}, {km:,.0f} km",
                     "system": rec["name"], "site": c.label, "note": note,
                     "range_note": rec["range_note"], "source": rec["source"],
                     "geometry": geom})
        if intersect:
            cov = countries_in(geom, countries)
            cov.insert(0, "footprint", fid)
            cov.insert(1, "system_id", rec["id"])
            cov.insert(2, "range_km", km)
            covered.append(cov.drop(columns=["area_km2"]))
    fp = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    cols = ["footprint", "system_id", "range_km", "iso3", "name", "sovereign",
            "area_inside_km2", "fraction", "geometry"]
    cv = gpd.GeoDataFrame(pd.concat(covered, ignore_index=True) if covered else
                          pd.DataFrame({c: [] for c in cols}), geometry="geometry",
                          crs="EPSG:4326")
    return CoverageResult(c, fp, cv)


def seongju_site() -> FlightPoint:
    """The Seongju THAAD site from the gazetteer (``seongju``), else 35.96 N 128.17 E."""
    from geo.errors import UnknownPlaceError

    try:
        return resolve_point("seongju", "THAAD site")
    except (UnknownPlaceError, FileNotFoundError):
        return FlightPoint(*SEONGJU_FALLBACK, name="Seongju THAAD site (fallback point)")


def thaad_coverage(site: PointLike | None = None, *, sectors: dict[str, tuple[float, float]] | None = None,
                   countries: gpd.GeoDataFrame | None = None, intersect: bool = True
                   ) -> CoverageResult:
    """THAAD coverage at Seongju (or ``site``): interceptor 200 km, AN/TPY-2 terminal
    mode 600 km, forward-based mode 1,000 km and 2,000 km (the published range figures of
    ``systems.csv``), full circles unless ``sectors`` says otherwise (see the module
    docstring on the radar's unpublished orientation)."""
    s = seongju_site() if site is None else site
    return coverage(s, THAAD_FOOTPRINTS, sectors=sectors, countries=countries,
                    intersect=intersect)


def default_coverage() -> gpd.GeoDataFrame:
    """The footprints of :func:`thaad_coverage` at Seongju as a GeoDataFrame (EPSG:4326;
    ``label``, ``system``, ``site``, ``range_km``, ``note``, ``source``, geometry, ...),
    largest first so that smaller footprints draw on top: the default coverage layer of
    the map."""
    fp = thaad_coverage(intersect=False).footprints.copy()
    # the map's wording: what, how far, and the shape drawn; the note is the range's own
    fp["label"] = [f"{n}: {k:,.0f} km ({s})" for n, k, s in
                   zip(fp["name"], fp["range_km"], fp["shape"], strict=True)]
    fp["note"] = fp["range_note"]
    return fp.sort_values("range_km", ascending=False, kind="stable").reset_index(drop=True)
