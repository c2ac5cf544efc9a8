"""Range of a missile from a lofted test: a Keplerian (vacuum two-body) ballistic model.

North Korea tests its long-range missiles on steep "lofted" trajectories (apogee of
thousands of km, ground range about 1,000 km) so that they fall in the Sea of Japan. The
same burnout speed on a minimum-energy trajectory reaches much farther. This module
fits the burnout state that reproduces a reported apogee and ground range, and then
computes the maximum range for that burnout speed.

Model (every assumption is repeated in :attr:`RangeEstimate.assumptions`):

* spherical, non-rotating Earth of radius :data:`R_EARTH_KM` = 6371 km, gravitational
  parameter :data:`MU_KM3_S2` = 398600.4418 km^3/s^2, no atmosphere (no drag);
* the free flight is a Kepler conic (an ellipse) from burnout at radius R + h_bo
  (``burnout_altitude_km``, default 0: burnout at the surface) back to the same radius,
  symmetric about apogee; its range angle times R is the ground range, so the distance
  covered during the boost and during the descent below h_bo is not modelled;
* the same burnout speed is available on the long-range shot ("same missile, same
  payload"); a real boost on a near-vertical path loses more speed to gravity than on a
  flat one, so the estimate is a lower bound for a given payload (see below);
* Earth's rotation (``rotation=True``): the surface speed omega R cos(lat) along the
  azimuth, omega R cos(lat) sin(azimuth), is added to the burnout speed of the long-range
  shot; the change of flight-path angle, the rotation of the target during the flight and
  the rotation's effect on the lofted test itself are neglected.

Equations. With k = r_a / r0 (apogee radius over burnout radius) and range angle
psi = range / R, the conic through the burnout point that is symmetric about its apogee
has eccentricity e = (k - 1) / (k - cos(psi / 2)) and semi-latus rectum p = r_a (1 - e);
then a = r_a / (1 + e), v^2 = mu (2 / r0 - 1 / a), cos(gamma) = sqrt(mu p) / (r0 v).
Free-flight time = 2 (pi - M0) / n with M0 the mean anomaly at burnout. For burnout
parameter Q = v^2 r0 / mu < 1 the maximum range angle is psi* = 2 asin(Q / (2 - Q)),
reached at the flight-path angle gamma* = (pi - psi*) / 4 (the minimum-energy trajectory).

How close to published analyses (``tests/test_ballistic.py`` checks these):

* Hwasong-17, 2022-11-18 (apogee 6,000 km, range 1,000 km, 69 min): 15,770 km; Japan's
  Minister of Defense said the missile could fly "more than 15,000 km" depending on the
  warhead (+5 %). Implied free-flight time 65.4 min: the 3.6 min residual is about the
  boost phase, which the model does not include.
* Hwasong-15, 2023-02-18 (apogee 5,700 km, 900 km, 66 min): 14,190 km; Japan's Minister
  of Defense said it could travel 14,000 km (+1.4 %).
* Hwasong-14, 2017-07-28 (apogee 3,700 km, 998 km, 47 min): 7,960 km, 23 % below David
  Wright's (Union of Concerned Scientists) 10,400 km "not taking into account the
  Earth's rotation" and CSIS's "in excess of 10,000 km". Wright models the powered
  flight; the extra gravity loss of a near-vertical boost is what the same-burnout-speed
  assumption misses. Fitting the flight time instead (``fit="time"``, apogee 3,700 km,
  47 min, all of it treated as free flight) gives 10,210 km (-2 %) but implies a ground
  range of about 6,000 km, not the 998 km observed, so it is an upper-side check, not a
  consistent fit.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from geo.errors import BallisticInputError
from geo.types import BallisticFit

#: Radius of the spherical Earth of the model (km).
R_EARTH_KM = 6371.0
#: Earth's gravitational parameter GM (km^3 / s^2).
MU_KM3_S2 = 398600.4418
#: Earth's sidereal rotation rate (rad / s).
OMEGA_EARTH_RAD_S = 7.2921159e-5
#: Half of the model Earth's circumference (km): the longest possible ground range.
HALF_CIRCUMFERENCE_KM = math.pi * R_EARTH_KM




@dataclass
class RangeEstimate:
    """The result of :func:`estimate_range`. Distances in km, speeds in km/s, angles in
    degrees (flight-path angle above the local horizontal), times in minutes."""

    apogee_km: float
    range_km: float | None
    flight_time_min: float | None
    fit: str
    burnout_altitude_km: float
    burnout_speed_km_s: float
    burnout_angle_deg: float
    trajectory: str
    implied_range_km: float
    implied_flight_time_min: float
    flight_time_residual_min: float | None
    max_range_km: float
    optimal_angle_deg: float | None
    max_range_apogee_km: float | None
    max_range_flight_time_min: float | None
    global_reach: bool
    rotation: bool
    launch_lat: float | None
    azimuth_deg: float | None
    rotation_speed_km_s: float
    inertial_speed_km_s: float
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict: every field, plus ``inputs`` (what the caller gave) and
        ``model`` (the constants); numbers rounded to sensible precision."""
        d = asdict(self)
        for k, v in list(d.items()):
            if isinstance(v, float):
                d[k] = round(v, 4)
        d["inputs"] = {"apogee_km": self.apogee_km, "range_km": self.range_km,
                       "flight_time_min": self.flight_time_min, "fit": self.fit,
                       "burnout_altitude_km": self.burnout_altitude_km,
                       "rotation": self.rotation, "launch_lat": self.launch_lat,
                       "azimuth_deg": self.azimuth_deg}
        d["model"] = {"earth_radius_km": R_EARTH_KM, "mu_km3_s2": MU_KM3_S2,
                      "omega_rad_s": OMEGA_EARTH_RAD_S}
        return d


# --------------------------------------------------------------------------- two-body
def _conic(ra: float, r0: float, psi: float) -> tuple[float, float, float]:
    """(e, p, a) of the ellipse through radius r0 with apogee radius ra and a symmetric
    free-flight range angle psi (radians)."""
    k = ra / r0
    e = (k - 1.0) / (k - math.cos(psi / 2.0))
    p = ra * (1.0 - e)
    a = ra / (1.0 + e)
    return e, p, a


def burnout_state(apogee_km: float, range_km: float, burnout_altitude_km: float = 0.0
                  ) -> tuple[float, float]:
    """Burnout speed (km/s) and flight-path angle (degrees) of the Kepler ellipse with
    the given apogee altitude and ground range (both km, burnout and re-entry at
    ``burnout_altitude_km``)."""
    r0 = R_EARTH_KM + burnout_altitude_km
    e, p, a = _conic(R_EARTH_KM + apogee_km, r0, range_km / R_EARTH_KM)
    v = math.sqrt(MU_KM3_S2 * (2.0 / r0 - 1.0 / a))
    cos_g = min(1.0, math.sqrt(MU_KM3_S2 * p) / (r0 * v))
    return v, math.degrees(math.acos(cos_g))


def _elements(v: float, gamma_deg: float, r0: float) -> tuple[float, float, float]:
    """(e, p, a) of the orbit with speed v (km/s) and flight-path angle gamma at r0."""
    g = math.radians(gamma_deg)
    h = r0 * v * math.cos(g)
    p = h * h / MU_KM3_S2
    energy = v * v / 2.0 - MU_KM3_S2 / r0
    if energy >= 0:
        raise BallisticInputError(f"burnout speed {v:.3f} km/s reaches escape speed")
    a = -MU_KM3_S2 / (2.0 * energy)
    e = math.sqrt(max(0.0, 1.0 - p / a))
    return e, p, a


def free_flight(v: float, gamma_deg: float, burnout_altitude_km: float = 0.0
                ) -> tuple[float, float, float]:
    """Ground range (km), apogee altitude (km) and free-flight time (min) of a Kepler
    trajectory from burnout (speed ``v`` km/s, flight-path angle ``gamma_deg``) back to
    the burnout radius."""
    r0 = R_EARTH_KM + burnout_altitude_km
    e, p, a = _elements(v, gamma_deg, r0)
    ra = a * (1.0 + e)
    if e < 1e-12:
        raise BallisticInputError("circular orbit: the trajectory never comes back down")
    cos_nu0 = max(-1.0, min(1.0, (p / r0 - 1.0) / e))
    nu0 = math.acos(cos_nu0)  # ascending branch: 0 < nu0 < pi
    psi = 2.0 * (math.pi - nu0)
    t = _time_between(r0, e, a)
    return R_EARTH_KM * psi, ra - R_EARTH_KM, t / 60.0


def _time_between(r0: float, e: float, a: float) -> float:
    """Seconds of the symmetric arc above radius r0 of the ellipse (e, a): from the
    ascending crossing of r0, through apogee, to the descending one. Uses the eccentric
    anomaly from the radius, r = a (1 - e cos E), which stays well conditioned for
    near-radial (e -> 1) trajectories."""
    cos_e0 = max(-1.0, min(1.0, (1.0 - r0 / a) / e))
    ecc_anom = math.acos(cos_e0)
    m0 = ecc_anom - e * math.sin(ecc_anom)
    n = math.sqrt(MU_KM3_S2 / a ** 3)
    return 2.0 * (math.pi - m0) / n


def _flight_time_min(ra: float, r0: float, psi: float) -> float:
    e, _, a = _conic(ra, r0, psi)
    return _time_between(r0, e, a) / 60.0


def max_range(v: float, burnout_altitude_km: float = 0.0) -> tuple[float, float]:
    """Maximum ground range (km) for burnout speed ``v`` (km/s) and the optimal
    flight-path angle (degrees) that reaches it (minimum-energy trajectory)."""
    r0 = R_EARTH_KM + burnout_altitude_km
    q = v * v * r0 / MU_KM3_S2
    if q >= 1.0:
        raise BallisticInputError(
            f"burnout speed {v:.3f} km/s is at or above circular-orbit speed at burnout "
            f"(Q = {q:.3f} >= 1): the missile could orbit, so a maximum range is not defined"
        )
    psi = 2.0 * math.asin(q / (2.0 - q))
    gamma = (math.pi - psi) / 4.0
    return R_EARTH_KM * psi, math.degrees(gamma)


# --------------------------------------------------------------------------- the estimate
def _check_number(name: str, value: Any, *, positive: bool = True, allow_none: bool = False
                  ) -> float | None:
    if value is None:
        if allow_none:
            return None
        raise BallisticInputError(f"{name} is required")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise BallisticInputError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(x):
        raise BallisticInputError(f"{name} must be finite, got {value!r}")
    if positive and x <= 0:
        raise BallisticInputError(f"{name} must be > 0, got {x:g}")
    return x


def _solve_range_for_time(ra: float, r0: float, minutes: float) -> float:
    """Range angle (radians) whose symmetric free flight with apogee radius ra lasts
    ``minutes``; bisection (the time grows with the range angle at fixed apogee)."""
    lo, hi = 1e-9, math.pi - 1e-9
    t_lo, t_hi = _flight_time_min(ra, r0, lo), _flight_time_min(ra, r0, hi)
    if not t_lo <= minutes <= t_hi:
        raise BallisticInputError(
            f"flight_time_min {minutes:g} cannot be a free flight with apogee "
            f"{ra - R_EARTH_KM:g} km: it must lie between {t_lo:.1f} min (straight up and "
            f"down) and {t_hi:.1f} min (half-way round the Earth)"
        )
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if _flight_time_min(ra, r0, mid) < minutes:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def estimate_range(apogee_km: float, range_km: float | None, flight_time_min: float | None = None,
                   *, rotation: bool = False, launch_lat: float | None = None,
                   azimuth_deg: float | None = None, fit: BallisticFit = "range",
                   burnout_altitude_km: float = 0.0) -> RangeEstimate:
    """Estimate the maximum range of a missile from a lofted test.

    ``apogee_km``: reported maximum altitude (km above the surface); ``range_km``:
    reported ground range (km); ``flight_time_min``: reported flight time (minutes,
    optional). ``fit``: ``"range"`` (default) solves the burnout speed and flight-path
    angle from apogee and range and reports the implied flight time next to the reported
    one (``flight_time_residual_min`` = reported - implied, which is roughly the boost
    time the model leaves out); ``"time"`` solves them from apogee and flight time
    (all of it taken as free flight) and reports the implied range instead.
    ``rotation``: add Earth's rotation for a long-range shot from latitude
    ``launch_lat`` (degrees) along ``azimuth_deg`` (degrees from north), both required.
    ``burnout_altitude_km``: altitude of burnout and of the modelled re-entry (default 0).

    Returns a :class:`RangeEstimate` (``max_range_km`` is the answer). Raises
    :class:`BallisticInputError` for impossible inputs: apogee <= 0 or not above the
    burnout altitude, range <= 0 or >= half the circumference (20,015 km; not a lofted
    shot), a flight time no free flight with that apogee can have, or a fit whose
    burnout speed reaches escape speed. A fit at or above circular-orbit speed
    (Q = v^2 r0 / mu >= 1) can reach any point on Earth: ``global_reach`` is then True and
    ``max_range_km`` is half the circumference.

    Assumptions (also in the result's ``assumptions``): see the module docstring.
    """
    if fit not in ("range", "time"):
        raise BallisticInputError(f"fit must be 'range' or 'time', got {fit!r}")
    h_bo = _check_number("burnout_altitude_km", burnout_altitude_km, positive=False)
    if h_bo < 0:
        raise BallisticInputError(f"burnout_altitude_km must be >= 0, got {h_bo:g}")
    apogee = _check_number("apogee_km", apogee_km)
    if apogee <= h_bo:
        raise BallisticInputError(
            f"apogee_km {apogee:g} must be above the burnout altitude ({h_bo:g} km)")
    rng = _check_number("range_km", range_km, allow_none=(fit == "time"))
    if rng is not None and rng >= HALF_CIRCUMFERENCE_KM:
        raise BallisticInputError(
            f"range_km {rng:g} is not less than half the Earth's circumference "
            f"({HALF_CIRCUMFERENCE_KM:.0f} km): not a lofted test")
    t_rep = _check_number("flight_time_min", flight_time_min, allow_none=(fit == "range"))
    if rotation:
        lat = _check_number("launch_lat", launch_lat, positive=False)
        az = _check_number("azimuth_deg", azimuth_deg, positive=False)
        if not -90.0 <= lat <= 90.0:
            raise BallisticInputError(f"launch_lat {lat:g} is outside [-90, 90] degrees")
    else:
        lat = None if launch_lat is None else float(launch_lat)
        az = None if azimuth_deg is None else float(azimuth_deg)

    r0 = R_EARTH_KM + h_bo
    ra = R_EARTH_KM + apogee
    if fit == "range":
        psi = rng / R_EARTH_KM
    else:
        psi = _solve_range_for_time(ra, r0, t_rep)
    implied_range = psi * R_EARTH_KM
    v, gamma = burnout_state(apogee, implied_range, h_bo)
    implied_t = _flight_time_min(ra, r0, psi)
    residual = None if t_rep is None else t_rep - implied_t

    rot_speed = 0.0
    if rotation:
        rot_speed = (OMEGA_EARTH_RAD_S * r0 * math.cos(math.radians(lat))
                     * math.sin(math.radians(az)))
    v_in = v + rot_speed
    q = v_in * v_in * r0 / MU_KM3_S2
    global_reach = q >= 1.0
    if global_reach:  # circular speed or more: every point on Earth is reachable
        max_km, gamma_opt, max_apogee, max_t = HALF_CIRCUMFERENCE_KM, None, None, None
    else:
        max_km, gamma_opt = max_range(v_in, h_bo)
        _, max_apogee, max_t = free_flight(v_in, gamma_opt, h_bo)
    q_test = v * v * r0 / MU_KM3_S2
    gamma_test_opt = 0.0 if q_test >= 1.0 else max_range(v, h_bo)[1]
    if abs(gamma - gamma_test_opt) < 0.05:
        kind = "minimum-energy"
    elif gamma > gamma_test_opt:
        kind = "lofted"
    else:
        kind = "depressed"

    assumptions = [
        f"spherical Earth, radius {R_EARTH_KM:g} km, GM = {MU_KM3_S2} km^3/s^2; "
        "no atmosphere, no drag",
        "free flight is a Kepler ellipse from burnout back to the burnout radius, "
        "symmetric about apogee; ground range = range angle x Earth radius",
        f"burnout at {h_bo:g} km altitude; boost-phase distance and time and the descent "
        "below the burnout altitude are not modelled",
        "the long-range shot has the same burnout speed as the test (same missile and "
        "payload); a near-vertical boost loses more speed to gravity than a flat one, so "
        "the maximum range is likely underestimated for the tested payload",
        "maximum range is for the minimum-energy trajectory (optimal flight-path angle)",
    ]
    if fit == "range":
        assumptions.append("fitted to apogee and ground range; the reported flight time "
                           "(if any) is compared, not fitted")
    else:
        assumptions.append("fitted to apogee and flight time, all of the flight time "
                           "taken as free flight; the implied range replaces the reported "
                           "one")
    if global_reach:
        assumptions.append(
            f"the burnout speed ({v_in:.3f} km/s) reaches circular-orbit speed at burnout "
            f"(Q = {q:.3f} >= 1): any point on Earth is in reach, so max_range_km is half "
            "the circumference and no optimal angle is given")
    if rotation:
        assumptions.append(
            f"Earth's rotation: omega R cos(lat) sin(azimuth) = {rot_speed:+.3f} km/s added "
            "to the burnout speed of the long-range shot (launch latitude "
            f"{lat:g}, azimuth {az:g}); flight-path-angle change, target motion during the "
            "flight and the rotation's effect on the test itself neglected")
    else:
        assumptions.append("non-rotating Earth")

    return RangeEstimate(
        apogee_km=apogee, range_km=rng, flight_time_min=t_rep, fit=fit,
        burnout_altitude_km=h_bo, burnout_speed_km_s=v, burnout_angle_deg=gamma,
        trajectory=kind, implied_range_km=implied_range, implied_flight_time_min=implied_t,
        flight_time_residual_min=residual, max_range_km=max_km, optimal_angle_deg=gamma_opt,
        max_range_apogee_km=max_apogee, max_range_flight_time_min=max_t,
        global_reach=global_reach, rotation=bool(rotation),
        launch_lat=lat, azimuth_deg=az, rotation_speed_km_s=rot_speed, inertial_speed_km_s=v_in,
        assumptions=assumptions,
    )


#: Published estimates the model is checked against: (label, apogee km, range km,
#: flight time min, published maximum range km, who said so).
PUBLISHED_CHECKS = (
    ("Hwasong-17, 2022-11-18", 6000.0, 1000.0, 69.0, 15000.0,
     "Japan MOD (Defense Minister Hamada, 2022-11-18): more than 15,000 km depending on "
     "warhead weight"),
    ("Hwasong-15, 2023-02-18", 5700.0, 900.0, 66.0, 14000.0,
     "Japan MOD (Defense Minister Hamada, 2023-02-18): could travel 14,000 km"),
    ("Hwasong-14, 2017-07-28", 3700.0, 998.0, 47.0, 10400.0,
     "David Wright, Union of Concerned Scientists (2017-07-28): about 10,400 km, not "
     "taking into account the Earth's rotation"),
)
