"""Derived impact shapes (launch site + range + stated direction) on the shipped catalogue."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.catalogue import events
from geo.catalogue_derived import azimuth_sector, event_shape, range_interval
from geo.geodesy import GEOD
from geo.statements.shapes import on_land


@pytest.fixture(scope="module")
def derived():
    ev = events()
    return ev[ev["impact_shape"] != ""]


def test_rule_parts():
    assert azimuth_sector("east_sea") == (45.0, 135.0)
    assert azimuth_sector("NE") == (22.5, 67.5)  # an 8-point word: 45 degrees
    assert azimuth_sector("NNE") == (11.25, 33.75)
    assert range_interval("350") == (300.0, 400.0)
    assert range_interval("230") == (220.0, 240.0)
    with pytest.raises(ValueError):
        azimuth_sector("sideways")


def test_derived_rows_have_a_shape_and_no_point(derived):
    assert len(derived) >= 60
    assert derived["impact_lon"].isna().all() and derived.geometry.isna().all()
    assert (derived["impact_basis"] == "derived").all()
    for wkt in derived["impact_shape"]:
        assert shapely.from_wkt(wkt).is_valid


def test_samples_at_sea_within_range_and_sector(derived):
    for r in derived.head(12).to_dict("records"):
        s = event_shape(r)
        lon, lat = s.samples(256)
        assert not on_land(lon, lat).any(), r["id"]
        az, _, d = GEOD.inv(np.full(len(lon), s.lon), np.full(len(lon), s.lat), lon, lat)
        d = np.asarray(d) / 1000.0
        slack = 4.5 * s.origin_sigma_km + 1  # the origin is a normal blur
        assert ((d >= s.r_min_km - slack) & (d <= s.r_max_km + slack)).all(), r["id"]
        assert shapely.from_wkt(r["impact_shape"]).buffer(0.5).contains(
            shapely.points(lon, lat)).mean() > 0.95, r["id"]
