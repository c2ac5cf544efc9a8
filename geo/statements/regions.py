"""Regions measured from their coast: "about 550 km east of the Korean Peninsula".

A region is not a point. A statement "d km east of the Korean Peninsula", "west of
Hokkaido", "south of Japan", "east of the Philippines", "north of Taiwan" measures from the
region's **coast facing the stated direction**. The rule, applied to the shipped land
(``data/land.parquet``, GSHHG full, split by state) at load time:

1. The region's land: the GSHHG polygons of its states (:data:`REGIONS`) of at least a
   minimum area (the mainland masses, not every islet: Jeju and Ulleungdo are not "the
   Korean Peninsula"), or, for a place of kind ``island`` whose own polygon covers at
   least :data:`BIG_ISLAND_KM2`, that polygon (Hokkaido, Honshu, Kyushu, Shikoku, Taiwan).
2. Its coast: the exterior rings resampled every :data:`COAST_STEP_KM` along their length
   (so that every stretch of coast weighs by its length).
3. The coast facing the direction: the coast points from which the points
   :data:`FACING_STEPS_KM` along the stated azimuth are all at sea, and from which the
   ray keeps off the region's land up to the stated distance (a west-coast bay does not
   face east across the peninsula; a land border does not face anything).
4. The distribution: a facing coast point (uniform over the facing coast length) moved by
   a distance uniform over the stated interval along an azimuth uniform over the compass
   sector, kept at sea (:class:`~geo.statements.shapes.Restriction`), and narrowed by the
   launch site when one is known.
5. A sample must not lie much nearer (less than :data:`NEARER_FRACTION` of its distance)
   to another point of the region's coast: "550 km east of the peninsula" is not 350 km
   from its north-east coast.

So "about 550 km east of the Korean Peninsula" spreads along the whole east coast, and
the parts that would fall on Honshu drop out; it is not measured from a centre point of
the peninsula.

How Japan's authorities measure "east of the Korean Peninsula"
---------------------------------------------------------------
Three falls were described both from the peninsula and by another reference of the same
government (``data/events.csv``, ``data/event_claims.csv``). Taking the other reference's
point, the distance to the peninsula's coast read five ways (km, shipped GSHHG land):

* 2023-07-12, Hwasong-18: "about 550 km east of the Korean Peninsula"; the MOD's
  "about 250 km west of Okushiri" lies 537 km from the coast along the stated direction
  (due west back to 41.9 N), against 805 km from the coast at the launch latitude, 888
  km from the gazetteer's centre point, 798 km from where the track leaves the coast and
  475 km from the nearest coast point.
* 2023-03-16, Hwasong-17: "about 550 km east"; the MOD's first figure "about 250 km west
  of Oshima-Oshima" lies 554 km along the stated direction (its later "about 200 km":
  606), against 804, 852, 777 and 480 km.
* 2017-05-14, Hwasong-12: "about 400 km east" (off the east coast); "about 800 km ENE of
  Kusong" lies 296 km along the stated direction, against 599, 753, 392 and 293 km.

(The 2023 region figures are the Coast Guard's forecast, AFP/Reuters via National Herald
2023-07-13, and Defense Minister Hamada, KBS World 2023-03-17; the 2017 one Chief
Cabinet Secretary Suga, 14 May 2017, as cited in row 2017-05-13-prk-1; the other
references are the MOD's, cited per row in the catalogue.) Only the reading "along the
stated direction from the coast point the position faces" (this module's rule) fits both
2023 falls; the launch-latitude, centre, track-exit and nearest-point readings miss by
70-340 km. The 2017 fall point is itself only "800 km ENE" of the launch site (an
11.25-degree half sector, +-100 km), which spans both of the readings that come near 400
km; it does not decide between them.

The statement does not say **where along the coast** it is measured, and that is the
ambiguity the distribution keeps: the east-facing coast runs from 35 N to 42.3 N, and
550 km east of its southern half lies in Japan's EEZ off Honshu, of its northern end
west of Hokkaido near the Japan-Russia median line. The statement alone therefore spreads
over 34-43 N (sigma about 190 km) and ``where`` gives Japan's EEZ a probability of about
0.87, with the note that the position along the coast is not stated. The flight's
reported range from the launch site (``locate(..., site=, range_km=)``, ``where --from
SITE --range KM``; "about 1,000 km" from Pyongyang) keeps two arcs, 41-43 N (where the
MOD's own reference put the fall) and 34-37.5 N off Honshu; the launch azimuth the MOD
gives ("eastward") is too coarse to choose between them (the 2023-07-12 fall lies at
66 degrees from Pyongyang, the southern arc at 98-119). Even on the northern arc "about
550 km" (500-600 km) straddles the computed limit of Japan's EEZ (about 247 km due west
of Oshima-Oshima). The MOD's "outside Japan's EEZ" came from its own tracking, not from
these words: the words alone cannot carry it, and the answer says so rather than pick a
latitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from geo.errors import LocationParseError
from geo.gazetteer import Place
from geo.geodesy import GEOD, KM
from geo.statements.numbers import Direction, Distance
from geo.statements.shapes import Restriction, Shape, on_land, r_sequence

#: Regions by gazetteer id: the states whose GSHHG land makes them and the smallest
#: polygon (km^2) that counts as part of the region.
REGIONS: dict[str, tuple[tuple[str, ...], float]] = {
    "korean_peninsula": (("PRK", "KOR"), 10_000.0),
    "north_korea": (("PRK",), 10_000.0),
    "japan": (("JPN",), 1_000.0),
    "philippines": (("PHL",), 1_000.0),
}
#: An island whose own land polygon is at least this large (km^2) is measured from its coast.
BIG_ISLAND_KM2 = 5_000.0
#: Spacing (km) of the resampled coast.
COAST_STEP_KM = 2.0
#: A coast point faces a direction when these points along it are at sea (km).
FACING_STEPS_KM = (2.0, 10.0, 30.0)
#: Fractions of the stated distance at which the ray must be off the region's land.
RAY_FRACTIONS = (0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, eq=False)
class Coast:
    """A region's coast: resampled points (lon/lat degrees) and the land polygons."""

    name: str
    lon: np.ndarray
    lat: np.ndarray
    land: Any  # shapely geometry (prepared)


def _resample(ring_xy: np.ndarray, step_km: float) -> np.ndarray:
    """Points every ``step_km`` along a closed ring (lon/lat), by geodesic length."""
    x, y = ring_xy[:, 0], ring_xy[:, 1]
    _, _, seg = GEOD.inv(x[:-1], y[:-1], x[1:], y[1:])
    cum = np.concatenate([[0.0], np.cumsum(np.asarray(seg) / KM)])
    n = max(int(cum[-1] / step_km), 4)
    s = (np.arange(n) + 0.5) * cum[-1] / n
    return np.column_stack([np.interp(s, cum, x), np.interp(s, cum, y)])


@lru_cache(maxsize=64)
def _coast_for(key: str, place: Place | None) -> Coast | None:
    import shapely

    from geo.geodesy import geodesic_areas_km2
    from geo.land import shipped_land

    try:
        land = shipped_land()
    except FileNotFoundError:
        return None
    frame = land.frame
    if key in REGIONS:
        states, min_km2 = REGIONS[key]
        sel = np.flatnonzero(frame["state"].isin(states).to_numpy())
        geoms = land.geoms[sel]
        area = np.asarray(geodesic_areas_km2(geoms), float)
        geoms = geoms[area >= min_km2]
    else:
        assert place is not None
        hit = land.tree.query(shapely.Point(place.lon, place.lat), predicate="intersects")
        if len(hit) == 0:
            return None
        geoms = land.geoms[hit[:1]]
        if float(np.sum(geodesic_areas_km2(geoms))) < BIG_ISLAND_KM2:
            return None
    if len(geoms) == 0:
        return None
    pts = np.concatenate([_resample(np.asarray(g.exterior.coords), COAST_STEP_KM)
                          for g in geoms])
    union = shapely.union_all(geoms)
    shapely.prepare(union)
    return Coast(key, pts[:, 0], pts[:, 1], union)


def region_coast(place: Place) -> Coast | None:
    """The coast a statement about ``place`` measures from, or None when the place is
    measured from its point (see the module docstring)."""
    if place.id in REGIONS:
        return _coast_for(place.id, None)
    if place.kind == "island":
        from geo.statements.extents import coast_polygon_km2

        # the shipped table answers for the shipped places without reading the land
        area = coast_polygon_km2(place)
        if area is None or area < BIG_ISLAND_KM2:
            return None
        return _coast_for(f"island:{place.id}", place)
    return None


def facing(coast: Coast, azimuth_deg: float, distance_km: float) -> np.ndarray:
    """Boolean mask of the coast points facing ``azimuth_deg`` (rule 3)."""
    import shapely

    n = len(coast.lon)
    ok = np.ones(n, bool)
    for step in FACING_STEPS_KM:
        idx = np.flatnonzero(ok)
        if not len(idx):
            break
        x, y, _ = GEOD.fwd(coast.lon[idx], coast.lat[idx], np.full(len(idx), azimuth_deg),
                           np.full(len(idx), step * KM))
        ok[idx[on_land(np.asarray(x), np.asarray(y))]] = False
    for frac in RAY_FRACTIONS:
        idx = np.flatnonzero(ok)
        if not len(idx):
            break
        x, y, _ = GEOD.fwd(coast.lon[idx], coast.lat[idx], np.full(len(idx), azimuth_deg),
                           np.full(len(idx), frac * distance_km * KM))
        ok[idx[shapely.intersects_xy(coast.land, np.asarray(x), np.asarray(y))]] = False
    return ok


#: Rule 5: a sample may be no nearer than this fraction of its stated distance to any
#: point of the region's coast (the ray from one coast point must not pass close to
#: another stretch of the same coast).
NEARER_FRACTION = 0.9


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors on the sphere (for nearest-neighbour search by chord)."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


@lru_cache(maxsize=16)
def _tree_cached(key: int, lon_bytes: bytes, lat_bytes: bytes):
    from scipy.spatial import cKDTree

    lon = np.frombuffer(lon_bytes)
    lat = np.frombuffer(lat_bytes)
    return cKDTree(_unit(lon, lat))


def _tree(lon: np.ndarray, lat: np.ndarray):
    """A KD-tree of coast points (chord distance on the unit sphere), cached."""
    return _tree_cached(len(lon), np.ascontiguousarray(lon, float).tobytes(),
                        np.ascontiguousarray(lat, float).tobytes())


@dataclass(frozen=True, eq=False)
class CoastOffset(Shape):
    """Coast points (lon/lat arrays, equal weights) moved by a distance uniform over
    ``[r_min_km, r_max_km]`` along an azimuth uniform over ``[az_min_deg, az_max_deg]``."""

    region: str
    coast_lon: np.ndarray
    coast_lat: np.ndarray
    r_min_km: float
    r_max_km: float
    az_min_deg: float
    az_max_deg: float
    restriction: Restriction = field(default_factory=Restriction)
    label: str = ""
    note: str | None = None
    all_lon: np.ndarray | None = None
    all_lat: np.ndarray | None = None
    kind = "coast_offset"

    def _what(self) -> str:
        return self.label or self.region

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        k = len(self.coast_lon)
        out_x, out_y, got, offset = [], [], 0, 0
        for _ in range(6):  # rule 5 drops some candidates: draw more until m are kept
            u = r_sequence(2 * m, 3, offset=offset)
            offset += 2 * m
            i = np.minimum((u[:, 0] * k).astype(int), k - 1)
            az = self.az_min_deg + u[:, 1] * (self.az_max_deg - self.az_min_deg)
            r = self.r_min_km + u[:, 2] * (self.r_max_km - self.r_min_km)
            x, y, _ = GEOD.fwd(self.coast_lon[i], self.coast_lat[i], az, r * KM)
            x, y = np.asarray(x, float), np.asarray(y, float)
            keep = self._not_nearer(x, y, r)
            out_x.append(x[keep])
            out_y.append(y[keep])
            got += int(keep.sum())
            if got >= m:
                break
        return np.concatenate(out_x)[:m], np.concatenate(out_y)[:m]

    def _not_nearer(self, x: np.ndarray, y: np.ndarray, r_km: np.ndarray) -> np.ndarray:
        """Rule 5: a point stated d km from the coast is not much nearer (less than
        :data:`NEARER_FRACTION` d) to another point of the region's coast."""
        if self.all_lon is None:
            return np.ones(len(x), bool)
        tree = _tree(self.all_lon, self.all_lat)
        _, j = tree.query(_unit(x, y))
        _, _, d = GEOD.inv(self.all_lon[j], self.all_lat[j], x, y)
        return np.asarray(d) / KM >= NEARER_FRACTION * r_km


    @cached_property
    def coast_points(self) -> int:
        return int(len(self.coast_lon))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "region": self.region, "r_min_km": self.r_min_km,
                "r_max_km": self.r_max_km, "az_min_deg": self.az_min_deg % 360.0,
                "az_max_deg": self.az_max_deg % 360.0, "coast_points": self.coast_points,
                **self.restriction.to_dict()}


def region_shape(place: Place, coast: Coast, distance: Distance, direction: Direction, *,
                 label: str = "", restriction: Restriction | None = None) -> CoastOffset:
    """The :class:`CoastOffset` of "distance direction of region" (rule 4)."""
    mask = facing(coast, direction.azimuth_deg, distance.mid_km)
    if not mask.any():
        raise LocationParseError(
            label or place.name, f"no coast of {place.name} faces {direction.letters} "
                                 f"across {distance.mid_km:g} km of sea")
    half = direction.width_deg / 2.0
    shape = CoastOffset(place.name, coast.lon[mask], coast.lat[mask], distance.lo_km,
                        distance.hi_km, direction.azimuth_deg - half,
                        direction.azimuth_deg + half,
                        restriction=restriction or Restriction(sea_only=True), label=label,
                        note=f"measured from the {mask.sum() * COAST_STEP_KM:.0f} km of "
                             f"{place.name}'s coast facing {direction.letters}",
                        all_lon=coast.lon, all_lat=coast.lat)
    return shape
