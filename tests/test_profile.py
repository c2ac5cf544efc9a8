"""Trajectory profiles (geo.flight.profile): the arcs reproduce the model's numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo.errors import BallisticInputError, LaunchmapError
from geo.flight.ballistic import MU_KM3_S2, R_EARTH_KM, estimate_range
from geo.flight.profile import event_profile, kepler_arc, trajectory_profile


def test_the_2022_11_18_icbm_arc_has_its_reported_apogee_and_range():
    ev = geo.events()
    row = ev[ev["id"] == "2022-11-18-prk-1"].iloc[0]
    prof = event_profile("2022-11-18-prk-1")
    lo, me = prof.lofted, prof.minimum_energy
    assert lo.apogee_km == pytest.approx(row["apogee_km"], rel=2e-3)  # sampled peak
    assert lo.range_km == pytest.approx(row["range_km"], rel=1e-9)
    est = estimate_range(row["apogee_km"], row["range_km"])
    assert me.range_km == pytest.approx(est.max_range_km, rel=1e-9)
    assert me.apogee_km == pytest.approx(est.max_range_apogee_km, rel=2e-3)
    assert me.range_km > 10 * lo.range_km and me.apogee_km < lo.apogee_km / 5
    # the minimum-energy angle: (pi - psi) / 4
    psi = me.range_km / R_EARTH_KM
    assert me.angle_deg == pytest.approx(math.degrees((math.pi - psi) / 4), rel=1e-9)
    assert "Hwasong-17" in prof.title


@settings(max_examples=60, deadline=None)
@given(apogee=st.floats(50, 8000), frac=st.floats(0.05, 3.0))
def test_arcs_start_and_end_on_the_ground_and_conserve_energy(apogee, frac):
    rng = min(apogee * frac, 15000.0)
    try:
        prof = trajectory_profile(apogee, rng)
    except BallisticInputError:
        return
    for arc in prof.arcs():
        x, y = arc.ground_km, arc.altitude_km
        assert y[0] == 0 and y[-1] == 0 and np.all(y >= -1e-6)
        assert np.all(np.diff(x) > 0)
        k = int(np.argmax(y))
        assert np.allclose(y, y[::-1], rtol=1e-6, atol=1e-6)  # symmetric about apogee
        assert abs(x[k] - x[-1] / 2) <= x[-1] / len(x) + 1e-6
        # vis-viva: the energy at apogee equals the energy at burnout
        r0, ra = R_EARTH_KM, R_EARTH_KM + arc.apogee_km
        h = r0 * arc.speed_km_s * math.cos(math.radians(arc.angle_deg))
        v_a = h / ra
        e0 = arc.speed_km_s ** 2 / 2 - MU_KM3_S2 / r0
        assert v_a ** 2 / 2 - MU_KM3_S2 / ra == pytest.approx(e0, rel=2e-3, abs=1e-3)


def test_bad_inputs_are_refused_with_a_clear_error():
    with pytest.raises(LaunchmapError, match="no event with id 'nope'"):
        event_profile("nope")
    with pytest.raises(BallisticInputError, match="at least 3 points"):
        kepler_arc(5.0, 45.0, n=2)
    with pytest.raises(BallisticInputError, match="escape"):
        kepler_arc(12.0, 45.0)
    ev = geo.events()
    bare = ev[ev["apogee_km"].isna() | ev["range_km"].isna()]
    assert len(bare)  # the catalogue has events without an apogee or a range
    with pytest.raises(LaunchmapError, match="trajectory profile needs both"):
        event_profile(str(bare["id"].iloc[0]), ev)
