"""The flight seen from the side: altitude against ground distance of a ballistic arc.

For a test with a reported apogee and ground range, :func:`trajectory_profile` fits the
Keplerian model of :mod:`geo.flight.ballistic` (vacuum, spherical non-rotating Earth of
radius :data:`~geo.flight.ballistic.R_EARTH_KM`, burnout and re-entry at the surface unless
``burnout_altitude_km`` says otherwise) and returns two arcs:

* the **lofted** arc flown (the burnout speed and flight-path angle that reproduce the
  reported apogee and range), and
* the **minimum-energy** arc of the same burnout speed: the trajectory of the estimated
  maximum range (``None`` when that speed could reach any point on Earth).

Each arc is sampled along the true anomaly of its Kepler ellipse, r(nu) = p / (1 + e cos
nu), from burnout through apogee back to the burnout radius (vectorised); the ground
distance is the range angle from burnout times the Earth's radius (km along the
surface), the altitude is r - R (km). The boost phase is not modelled (see
:mod:`geo.flight.ballistic`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import BallisticInputError, LaunchmapError
from geo.flight.ballistic import MU_KM3_S2, R_EARTH_KM, RangeEstimate, estimate_range

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Points per arc (enough for a smooth curve in a 400 px wide picture).
DEFAULT_POINTS = 61


@dataclass(frozen=True)
class Arc:
    """One ballistic arc: ``ground_km`` and ``altitude_km`` arrays (same length; km along
    the surface from burnout, km above the surface), its ``apogee_km``, ``range_km``,
    free-flight time (``flight_time_min``), burnout speed (km/s) and flight-path angle
    (degrees above the horizontal), and its ``kind`` (``"lofted"`` or
    ``"minimum-energy"``)."""

    kind: str
    ground_km: np.ndarray
    altitude_km: np.ndarray
    apogee_km: float
    range_km: float
    flight_time_min: float
    speed_km_s: float
    angle_deg: float


@dataclass(frozen=True)
class Profile:
    """The side view of one flight: the ``lofted`` arc, the ``minimum_energy`` arc of the
    same burnout speed (``None`` with global reach), the model's ``estimate`` and a
    ``title``."""

    title: str
    lofted: Arc
    minimum_energy: Arc | None
    estimate: RangeEstimate

    def arcs(self) -> list[Arc]:
        """The arcs drawn, lofted first."""
        return [a for a in (self.lofted, self.minimum_energy) if a is not None]


def kepler_arc(speed_km_s: float, angle_deg: float, *, burnout_altitude_km: float = 0.0,
               n: int = DEFAULT_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """``(ground_km, altitude_km)`` of the free flight from burnout (speed km/s,
    flight-path angle degrees, at ``burnout_altitude_km``) back to the burnout radius,
    ``n`` points evenly spaced in true anomaly."""
    if n < 3:
        raise BallisticInputError(f"an arc needs at least 3 points, got {n}")
    r0 = R_EARTH_KM + burnout_altitude_km
    g = math.radians(angle_deg)
    h = r0 * speed_km_s * math.cos(g)
    p = h * h / MU_KM3_S2
    energy = speed_km_s ** 2 / 2.0 - MU_KM3_S2 / r0
    if energy >= 0:
        raise BallisticInputError(f"burnout speed {speed_km_s:.3f} km/s reaches escape "
                                  "speed: no arc comes back down")
    a = -MU_KM3_S2 / (2.0 * energy)
    e = math.sqrt(max(0.0, 1.0 - p / a))
    if e < 1e-12:
        raise BallisticInputError("circular orbit: the trajectory never comes back down")
    nu0 = math.acos(max(-1.0, min(1.0, (p / r0 - 1.0) / e)))
    nu = np.linspace(nu0, 2.0 * math.pi - nu0, n)
    r = p / (1.0 + e * np.cos(nu))
    ground = R_EARTH_KM * (nu - nu0)
    alt = r - R_EARTH_KM
    alt[0] = alt[-1] = burnout_altitude_km  # exact ends (rounding of the cosines)
    return ground, alt


def trajectory_profile(apogee_km: float, range_km: float, *, title: str = "",
                       flight_time_min: float | None = None,
                       burnout_altitude_km: float = 0.0,
                       n: int = DEFAULT_POINTS) -> Profile:
    """The :class:`Profile` of a test with reported ``apogee_km`` and ``range_km`` (km;
    ``flight_time_min`` is only compared, see :func:`~geo.flight.ballistic.estimate_range`,
    which raises :class:`~geo.errors.BallisticInputError` for impossible inputs)."""
    est = estimate_range(apogee_km, range_km, flight_time_min,
                         burnout_altitude_km=burnout_altitude_km)
    v = est.burnout_speed_km_s
    x, y = kepler_arc(v, est.burnout_angle_deg, burnout_altitude_km=burnout_altitude_km, n=n)
    lofted = Arc("lofted", x, y, float(y.max()), float(x[-1]), est.implied_flight_time_min,
                 v, est.burnout_angle_deg)
    best = None
    if not est.global_reach and est.optimal_angle_deg is not None:
        x2, y2 = kepler_arc(v, est.optimal_angle_deg, burnout_altitude_km=burnout_altitude_km,
                            n=n)
        best = Arc("minimum-energy", x2, y2, float(y2.max()), float(x2[-1]),
                   float(est.max_range_flight_time_min or float("nan")), v,
                   est.optimal_angle_deg)
    return Profile(title=title, lofted=lofted, minimum_energy=best, estimate=est)


def _number(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x > 0 else None


def has_profile(row: Any) -> bool:
    """Whether an event row (mapping) has the positive apogee and range a profile needs."""
    return _number(row.get("apogee_km")) is not None and \
        _number(row.get("range_km")) is not None


def event_profile(event_id: str, events: pd.DataFrame | None = None, *,
                  n: int = DEFAULT_POINTS) -> Profile:
    """The :class:`Profile` of the event ``event_id`` of ``events`` (default: the shipped
    catalogue, :func:`geo.events`). Raises :class:`~geo.errors.LaunchmapError` naming
    the event when it is unknown or has no apogee or range."""
    if events is None:
        import geo

        events = geo.events()
    rows = events[events["id"].astype(str) == str(event_id)]
    if rows.empty:
        ids = list(events["id"].astype(str))
        near = ([i for i in ids if i.startswith(str(event_id))]
                or [i for i in ids if str(event_id)[:7] in i])[:5]
        hint = f"; ids like it: {', '.join(near)}" if near else ""
        raise LaunchmapError(f"no event with id {event_id!r} in the catalogue{hint}")
    row = rows.iloc[0].to_dict()
    return row_profile(row, n=n)


def row_profile(row: Any, *, n: int = DEFAULT_POINTS) -> Profile:
    """The :class:`Profile` of one event row (a mapping like a row of
    :func:`geo.events`)."""
    apogee, rng = _number(row.get("apogee_km")), _number(row.get("range_km"))
    if apogee is None or rng is None:
        raise LaunchmapError(f"event {row.get('id')!r} has no reported "
                             f"{'apogee' if apogee is None else 'range'}: a trajectory "
                             "profile needs both (apogee_km and range_km, km)")
    day = row.get("date")
    day_s = day.strftime("%Y-%m-%d") if hasattr(day, "strftime") else str(day)[:10]
    title = f"{day_s} {row.get('system') or ''}".strip()
    return trajectory_profile(apogee, rng, title=title,
                              flight_time_min=_number(row.get("flight_time_min")), n=n)
