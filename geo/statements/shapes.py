"""The shape of a position's uncertainty, with deterministic samples (WGS84 lon/lat).

A statement of position describes a *distribution*, not a point:

* :class:`Gaussian` — coordinates, or a bare place: an isotropic 2-D normal of standard
  deviation ``sigma_km`` per axis of the local tangent plane.
* :class:`AnnulusSector` — "about 210 km west of X": distances in ``[r_min_km, r_max_km]``
  from the place times azimuths in ``[az_min_deg, az_max_deg]`` (a compass sector). With
  the full circle of azimuths it is a **ring** ("about 300 km from the Oga Peninsula").
* :class:`RingIntersection` — "about 500 km from Sado and about 300 km from the Oki
  Islands": the part of the first ring inside the second, in up to two lobes.
* :class:`PolygonShape` — a declared area: uniform over a polygon.

Sampling rule (every shape): points are uniform over the shape's area (area-weighted in
the radius for annuli), from a quasi-random low-discrepancy sequence (the generalised
golden-ratio R_d sequence of Roberts, 2018), so answers are reproducible bit for bit. The
reference place is not a point: each sample's origin is moved by a normal offset of the
place's extent (``origin_sigma_km`` per axis) before the direct problem is solved with
``pyproj.Geod`` (no planar degrees). A shape may be restricted to the sea
(``sea_only``: samples on the shipped land are dropped, :func:`geo.land.land_state`) and
to a sector seen from the launch site (``site``: samples whose azimuth from the site lies
more than ``site_half_width_deg`` from ``site_azimuth_deg`` are dropped) and to the flight's
reported range from that site (``site_range_km``: samples whose geodesic distance from the
site lies outside the range's interval are dropped). Restrictions oversample and keep the
first ``n`` survivors of the sequence.

``samples(n)`` returns ``(lon, lat)`` arrays ordered by distance from :attr:`centre`
(nearest first), the order :func:`geo.zones.where.where` relies on for its reference
point. :attr:`centre` is the sample nearest the samples' mean position (for a ring, a
point on the ring in the heavier part, never the empty middle); ``sigma_km`` is the
radius of the equivalent isotropic Gaussian, ``sqrt(mean squared distance / 2)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from geo.errors import LocationParseError
from geo.geodesy import GEOD, KM, normalize_lon

#: Samples a shape gives by default (the same count as :data:`geo.zones.where.SAMPLE_COUNT`).
SAMPLE_COUNT = 2048

#: How many times more candidates a restricted shape draws before it gives up.
_OVERSAMPLE = (4, 16, 64)

#: Fewest samples a restricted shape must keep; fewer means the statement contradicts
#: the sea or the site (and says so).
MIN_SAMPLES = 32


def r_sequence(n: int, dims: int, offset: int = 0) -> np.ndarray:
    """``(n, dims)`` points of the R_d low-discrepancy sequence in the unit cube
    (Roberts 2018: ``frac(0.5 + k * alpha)`` with ``alpha_j = phi_d ** -(j + 1)``, phi_d
    the positive root of ``x ** (d + 1) = x + 1``). ``offset`` skips the first terms."""
    phi = 2.0
    for _ in range(60):  # Newton-free fixed point: phi = (1 + phi) ** (1 / (d + 1))
        phi = (1.0 + phi) ** (1.0 / (dims + 1))
    alpha = phi ** -np.arange(1, dims + 1, dtype=float)
    k = np.arange(offset + 1, offset + n + 1, dtype=float)[:, None]
    return np.mod(0.5 + k * alpha[None, :], 1.0)


def _normal_pair(u1: np.ndarray, u2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Box-Muller: two uniform arrays in (0, 1) -> (east, north) standard normals."""
    u1 = np.clip(u1, 1e-12, 1.0)
    r = np.sqrt(-2.0 * np.log(u1))
    return r * np.sin(2.0 * np.pi * u2), r * np.cos(2.0 * np.pi * u2)


def _offset(lon: np.ndarray, lat: np.ndarray, east_km: np.ndarray,
            north_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move points by local (east, north) offsets in km along geodesics."""
    az = np.degrees(np.arctan2(east_km, north_km))
    dist = np.hypot(east_km, north_km) * KM
    x, y, _ = GEOD.fwd(lon, lat, az, dist)
    return np.asarray(x, float), np.asarray(y, float)


def _ecef_mean(lon: np.ndarray, lat: np.ndarray) -> tuple[float, float]:
    """Mean position on the unit sphere, back to lon/lat degrees (antimeridian safe)."""
    lo, la = np.radians(lon), np.radians(lat)
    v = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]).mean(axis=1)
    return (math.degrees(math.atan2(v[1], v[0])),
            math.degrees(math.atan2(v[2], math.hypot(v[0], v[1]))))


def on_land(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Boolean mask: the point lies on land (shore included). Inside the coast frame the
    shipped GSHHG land decides, tested polygon by polygon on its prepared geometry
    (vectorised over the points whose box it covers); outside it
    :func:`geo.land.land_state` (Natural Earth)."""
    import shapely

    from geo.land import in_coast_frame, land_state, shipped_land

    lon = np.asarray(lon, float)
    lat = np.asarray(lat, float)
    out = np.zeros(len(lon), bool)
    inside = np.asarray(in_coast_frame(lon, lat), bool)
    if inside.any():
        land = shipped_land()
        idx = np.flatnonzero(inside)
        pi, gi = land.tree.query(shapely.points(lon[idx], lat[idx]))
        if len(pi):
            geoms = land.geoms
            order = np.argsort(gi, kind="stable")
            pi, gi = pi[order], gi[order]
            cuts = np.flatnonzero(np.diff(gi)) + 1
            for p_grp, g in zip(np.split(pi, cuts), gi[np.r_[0, cuts]], strict=True):
                pts = idx[p_grp]
                hit = shapely.intersects_xy(geoms[g], lon[pts], lat[pts])
                out[pts[hit]] = True
    if (~inside).any():
        rest = np.flatnonzero(~inside)
        states = land_state(lon[rest], lat[rest])
        out[rest] = np.array([s is not None for s in np.atleast_1d(states)], bool)
    return out


@dataclass(frozen=True)
class Restriction:
    """What a shape's samples must also satisfy: at sea, and/or inside the sector seen
    from a launch site (``site_lon``/``site_lat`` degrees, azimuth and half-width in
    degrees clockwise from true north), and/or at a geodesic distance from the site inside
    the flight's reported range (``site_range_min_km`` to ``site_range_max_km``, km)."""

    sea_only: bool = False
    site_lon: float | None = None
    site_lat: float | None = None
    site_azimuth_deg: float | None = None
    site_half_width_deg: float = 20.0
    site_name: str | None = None
    site_range_min_km: float | None = None
    site_range_max_km: float | None = None

    @property
    def narrows(self) -> bool:
        """True when the site narrows anything (an azimuth or a range is known)."""
        return self.site_lon is not None and (self.site_azimuth_deg is not None
                                              or self.site_range_max_km is not None)

    @property
    def active(self) -> bool:
        return self.sea_only or self.site_lon is not None

    def keep(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Boolean mask of the points that satisfy the restriction."""
        ok = np.ones(len(lon), bool)
        if self.site_lon is not None and self.site_azimuth_deg is not None:
            az, _, _ = GEOD.inv(np.full(len(lon), self.site_lon),
                                np.full(len(lon), self.site_lat), lon, lat)
            diff = (np.asarray(az) - self.site_azimuth_deg + 180.0) % 360.0 - 180.0
            ok &= np.abs(diff) <= self.site_half_width_deg
        if self.site_lon is not None and self.site_range_max_km is not None and ok.any():
            idx = np.flatnonzero(ok)
            _, _, d = GEOD.inv(np.full(len(idx), self.site_lon),
                               np.full(len(idx), self.site_lat), lon[idx], lat[idx])
            d = np.asarray(d) / KM
            ok[idx[(d < (self.site_range_min_km or 0.0)) | (d > self.site_range_max_km)]] = False
        if self.sea_only and ok.any():
            idx = np.flatnonzero(ok)
            ok[idx[on_land(lon[idx], lat[idx])]] = False
        return ok

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sea_only": self.sea_only}
        if self.site_lon is not None:
            out.update(site=self.site_name, site_lon=self.site_lon, site_lat=self.site_lat,
                       site_azimuth_deg=self.site_azimuth_deg,
                       site_half_width_deg=self.site_half_width_deg)
            if self.site_range_max_km is not None:
                out["site_range_km"] = [self.site_range_min_km or 0.0, self.site_range_max_km]
        return out


class Shape:
    """Base of every shape: subclasses give :meth:`_draw` (``m`` candidates from the
    sequence, unrestricted) and :meth:`to_dict`; this class applies the restriction,
    orders the samples and derives the centre and sigma."""

    kind = "shape"
    restriction: Restriction

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def _what(self) -> str:
        return self.kind

    @cached_property
    def _pool(self) -> tuple[np.ndarray, np.ndarray]:
        """:data:`SAMPLE_COUNT` restricted samples, in sequence order."""
        return self._restricted(SAMPLE_COUNT)

    def _restricted(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if not self.restriction.active:
            lon, lat = self._draw(n)
            return normalize_lon(lon), lat
        for factor in _OVERSAMPLE:
            lon, lat = self._draw(n * factor)
            keep = self.restriction.keep(normalize_lon(lon), lat)
            if keep.sum() >= n or factor == _OVERSAMPLE[-1]:
                break
        lon, lat = normalize_lon(lon[keep])[:n], lat[keep][:n]
        if len(lon) < MIN_SAMPLES:
            why = []
            if self.restriction.sea_only:
                why.append("the sea")
            r = self.restriction
            if r.site_lon is not None and r.site_azimuth_deg is not None:
                why.append(f"the direction from {r.site_name or 'the launch site'}")
            if r.site_lon is not None and r.site_range_max_km is not None:
                why.append(f"the flight's range from {r.site_name or 'the launch site'} "
                           f"({r.site_range_min_km or 0.0:g}-{r.site_range_max_km:g} km)")
            raise LocationParseError(
                self._what(), f"no position fits both the statement and {' and '.join(why)}")
        return lon, lat

    @cached_property
    def centre(self) -> tuple[float, float]:
        """``(lon, lat)``: the sample nearest the samples' mean position."""
        lon, lat = self._pool
        mlon, mlat = _ecef_mean(lon, lat)
        _, _, d = GEOD.inv(np.full(len(lon), mlon), np.full(len(lon), mlat), lon, lat)
        i = int(np.argmin(d))
        return float(lon[i]), float(lat[i])

    @cached_property
    def sigma_km(self) -> float:
        """Radius of the equivalent isotropic Gaussian (km): sqrt(mean d^2 / 2)."""
        lon, lat = self._pool
        c = self.centre
        _, _, d = GEOD.inv(np.full(len(lon), c[0]), np.full(len(lon), c[1]), lon, lat)
        return float(math.sqrt(np.mean((np.asarray(d) / KM) ** 2) / 2.0))

    def samples(self, n: int = SAMPLE_COUNT) -> tuple[np.ndarray, np.ndarray]:
        """``n`` deterministic samples (lon, lat degrees), nearest the centre first."""
        lon, lat = self._pool if n == SAMPLE_COUNT else self._restricted(n)
        c = self.centre
        _, _, d = GEOD.inv(np.full(len(lon), c[0]), np.full(len(lon), c[1]), lon, lat)
        order = np.argsort(np.asarray(d), kind="stable")
        return lon[order], lat[order]

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Gaussian(Shape):
    """Isotropic 2-D normal around (lon, lat), ``sigma_km`` per axis (coordinates, bare
    places)."""

    lon: float
    lat: float
    sigma: float
    restriction: Restriction = field(default_factory=Restriction)
    kind = "gaussian"

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        u = r_sequence(m, 2)
        e, n = _normal_pair(u[:, 0], u[:, 1])
        return _offset(np.full(m, self.lon), np.full(m, self.lat), e * self.sigma, n * self.sigma)

    @cached_property
    def centre(self) -> tuple[float, float]:
        return (self.lon, self.lat)

    @cached_property
    def sigma_km(self) -> float:
        return float(self.sigma) if not self.restriction.active else Shape.sigma_km.func(self)

    def samples(self, n: int = SAMPLE_COUNT) -> tuple[np.ndarray, np.ndarray]:
        if self.sigma <= 0:
            return np.array([self.lon]), np.array([self.lat])
        return Shape.samples(self, n)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "centre_lon": self.lon, "centre_lat": self.lat,
                "sigma_km": self.sigma, **self.restriction.to_dict()}


@dataclass(frozen=True, eq=False)
class AnnulusSector(Shape):
    """Distances ``[r_min_km, r_max_km]`` from (lon, lat) times azimuths
    ``[az_min_deg, az_max_deg]`` (clockwise from true north, ``az_max`` may exceed 360;
    a width of 360 is a ring). The origin is blurred by ``origin_sigma_km`` (the place's
    extent, per axis)."""

    lon: float
    lat: float
    r_min_km: float
    r_max_km: float
    az_min_deg: float = 0.0
    az_max_deg: float = 360.0
    origin_sigma_km: float = 0.0
    restriction: Restriction = field(default_factory=Restriction)
    label: str = ""

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "ring" if self.is_ring else "annulus_sector"

    @property
    def is_ring(self) -> bool:
        return self.az_max_deg - self.az_min_deg >= 360.0

    def _what(self) -> str:
        return self.label or self.kind

    @cached_property
    def centre(self) -> tuple[float, float]:
        """A sector's centre is the direct problem at its middle distance and azimuth; a
        ring's (or a restricted sector's) is at the middle distance along the samples'
        mean azimuth from the origin."""
        if self.is_ring or self.restriction.active:
            # on the mean direction of the samples from the origin, at the middle distance:
            # on the ring, in its heavier part (never the empty middle)
            lon, lat = self._pool
            az, _, _ = GEOD.inv(np.full(len(lon), self.lon), np.full(len(lon), self.lat),
                                lon, lat)
            a = np.radians(np.asarray(az))
            mean_az = math.degrees(math.atan2(np.sin(a).sum(), np.cos(a).sum()))
            x, y, _ = GEOD.fwd(self.lon, self.lat, mean_az,
                               (self.r_min_km + self.r_max_km) / 2.0 * KM)
            return float(normalize_lon(float(x))), float(y)
        x, y, _ = GEOD.fwd(self.lon, self.lat, (self.az_min_deg + self.az_max_deg) / 2.0,
                           (self.r_min_km + self.r_max_km) / 2.0 * KM)
        return float(normalize_lon(float(x))), float(y)

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        u = r_sequence(m, 4)
        lo2, hi2 = self.r_min_km**2, self.r_max_km**2
        r = np.sqrt(lo2 + u[:, 0] * (hi2 - lo2))
        az = self.az_min_deg + u[:, 1] * (self.az_max_deg - self.az_min_deg)
        olon, olat = np.full(m, self.lon), np.full(m, self.lat)
        if self.origin_sigma_km > 0:
            e, n = _normal_pair(u[:, 2], u[:, 3])
            olon, olat = _offset(olon, olat, e * self.origin_sigma_km, n * self.origin_sigma_km)
        x, y, _ = GEOD.fwd(olon, olat, az, r * KM)
        return np.asarray(x, float), np.asarray(y, float)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "origin_lon": self.lon,
                               "origin_lat": self.lat, "r_min_km": self.r_min_km,
                               "r_max_km": self.r_max_km}
        if not self.is_ring:
            out.update(az_min_deg=self.az_min_deg % 360.0, az_max_deg=self.az_max_deg % 360.0)
        out["origin_sigma_km"] = self.origin_sigma_km
        out.update(self.restriction.to_dict())
        return out


@dataclass(frozen=True, eq=False)
class RingIntersection(Shape):
    """The part of ring ``a`` whose distance from ring ``b``'s origin lies in ``b``'s
    interval (widened by ``b``'s origin extent). Geodesic circles meet in up to two
    points; the samples fall in up to two lobes, one on each side of the geodesic from
    ``a``'s origin to ``b``'s, and :meth:`lobes` gives each lobe's mean and share."""

    a: AnnulusSector
    b: AnnulusSector
    restriction: Restriction = field(default_factory=Restriction)
    kind = "ring_intersection"

    def _what(self) -> str:
        return f"{self.a.label or 'ring'} and {self.b.label or 'ring'}"

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        # the intersection is a small part of ring a: draw many and keep those in ring b
        want = m
        for factor in (16, 64, 256):
            lon, lat = self.a._draw(want * factor)
            _, _, d = GEOD.inv(np.full(len(lon), self.b.lon), np.full(len(lon), self.b.lat),
                               lon, lat)
            d = np.asarray(d) / KM
            pad = 2.0 * self.b.origin_sigma_km
            inside = (d >= self.b.r_min_km - pad) & (d <= self.b.r_max_km + pad)
            if inside.sum() >= want:
                break
        lon, lat = lon[inside][:want], lat[inside][:want]
        if len(lon) < MIN_SAMPLES:
            raise LocationParseError(self._what(), "the two distances cannot both hold: the "
                                     "rings around the two places do not meet")
        return lon, lat

    def side(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """+1 for points right of the geodesic from a's origin to b's (seen from a), -1 left."""
        az_ab, _, _ = GEOD.inv(self.a.lon, self.a.lat, self.b.lon, self.b.lat)
        az, _, _ = GEOD.inv(np.full(len(lon), self.a.lon), np.full(len(lon), self.a.lat),
                            lon, lat)
        diff = (np.asarray(az) - az_ab + 180.0) % 360.0 - 180.0
        return np.where(diff >= 0, 1, -1)

    def lobes(self) -> list[dict[str, Any]]:
        """Each lobe holding samples: ``{"side", "lon", "lat", "probability"}`` (the
        lobe's mean position and share of the samples), the heavier first."""
        lon, lat = self._pool
        side = self.side(lon, lat)
        out = []
        for s in (1, -1):
            sel = side == s
            if sel.any():
                mlon, mlat = _ecef_mean(lon[sel], lat[sel])
                out.append({"side": "right" if s > 0 else "left", "lon": mlon, "lat": mlat,
                            "probability": float(sel.mean())})
        out.sort(key=lambda q: -q["probability"])
        return out

    @cached_property
    def centre(self) -> tuple[float, float]:
        """The sample nearest the mean of the heavier lobe (never the gap between them)."""
        lon, lat = self._pool
        best = self.lobes()[0]
        _, _, d = GEOD.inv(np.full(len(lon), best["lon"]), np.full(len(lon), best["lat"]),
                           lon, lat)
        i = int(np.argmin(d))
        return float(lon[i]), float(lat[i])

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "rings": [self.a.to_dict(), self.b.to_dict()],
                "lobes": self.lobes(), **self.restriction.to_dict()}


@dataclass(frozen=True, eq=False)
class PolygonShape(Shape):
    """Uniform over a polygon (shapely, lon/lat degrees; a declared area)."""

    geometry: Any
    restriction: Restriction = field(default_factory=Restriction)
    kind = "polygon"

    def _draw(self, m: int) -> tuple[np.ndarray, np.ndarray]:
        import shapely

        x0, y0, x1, y1 = self.geometry.bounds
        # uniform in area on the sphere: uniform in longitude and in sin(latitude)
        s0, s1 = math.sin(math.radians(y0)), math.sin(math.radians(y1))
        shapely.prepare(self.geometry)
        frac = max(shapely.area(self.geometry) / max((x1 - x0) * (y1 - y0), 1e-12), 1e-3)
        k = int(m / frac * 1.3) + 16
        for _ in range(4):
            u = r_sequence(k, 2)
            lon = x0 + u[:, 0] * (x1 - x0)
            lat = np.degrees(np.arcsin(s0 + u[:, 1] * (s1 - s0)))
            inside = shapely.intersects_xy(self.geometry, lon, lat)
            if inside.sum() >= m:
                break
            k *= 2
        return lon[inside][:m], lat[inside][:m]

    def to_dict(self) -> dict[str, Any]:
        xy = np.asarray(self.geometry.exterior.coords)
        return {"kind": self.kind, "vertices_lon": xy[:, 0].tolist(),
                "vertices_lat": xy[:, 1].tolist(), **self.restriction.to_dict()}
