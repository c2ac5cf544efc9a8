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


@pytest.fixture(scope="module")
def checks():
    from geo.catalogue_zones import zone_checks

    return zone_checks(events())


def test_zone_checks_cover_every_derived_row_with_a_reported_zone(derived, checks):
    from geo.catalogue_zones import SHAPE_BASIS, UNDETERMINED

    mine = checks[checks["basis"] == SHAPE_BASIS]
    assert set(mine["id"]) == set(derived.loc[derived["reported_zone"] != "", "id"])
    assert len(mine) >= 40
    # never a point verdict: inside / outside only when all / none of the shape is inside
    assert set(mine["computed"]) <= {"inside", "outside", UNDETERMINED}
    assert ((mine["computed"] == "outside") == (mine["p"] == 0.0)).all()
    assert ((mine["computed"] == "inside") == (mine["p"] == 1.0)).all()
    assert (mine["agree"].isna() == (mine["computed"] == UNDETERMINED)).all()
    # a shape mostly inside the zone is still undetermined (a 0.5 threshold would say inside)
    assert (mine.loc[mine["p"] >= 0.5, "computed"] == UNDETERMINED).all()
    assert (mine["p"] >= 0.5).any() and (mine["computed"] == UNDETERMINED).any()
    # the derived rule never contradicts the authority: no shape lies wholly on the other side
    assert not (mine["agree"] == False).any()  # noqa: E712 (nullable booleans)


def test_shape_verdicts_agree_with_classify_on_the_same_samples(derived, checks):
    """``p`` of a derived row is the share of its shape's samples in the reported zone:
    recomputed with :func:`geo.classify` (the innermost zone of each sample) under the
    reporting state's view, a sample in any of that state's zones up to the named kind."""
    import geo
    from geo.catalogue_zones import SHAPE_BASIS

    order = ["internal_waters", "archipelagic_waters", "territorial_sea", "contiguous_zone",
             "eez"]
    rows = derived.set_index("id")
    mine = checks[checks["basis"] == SHAPE_BASIS]
    for c in mine.head(15).itertuples():
        lon, lat = event_shape(rows.loc[c.id].to_dict()).samples(2048)
        res = geo.classify(lon=lon, lat=lat, perspective=c.state)
        kinds = order[:order.index(c.kind) + 1]
        inside = (res["state"].astype(object) == c.state) & res["kind"].astype(object).isin(kinds)
        assert abs(float(inside.mean()) - c.p) <= 0.01, (c.id, float(inside.mean()), c.p)
        assert (c.computed == "outside") == (not inside.any()), c.id


def test_events_report_carries_the_shape(derived):
    from geo.report import events_report

    ev = events()
    recs = {r["id"]: r for r in events_report(ev)}
    assert len(recs) == len(ev)
    for row in ev.to_dict("records"):
        assert recs[row["id"]]["impact_shape"] == row["impact_shape"]
    assert sum(1 for r in recs.values() if r["impact_shape"]) == len(derived)


def test_zone_filter_decides_a_derived_shape_only_when_all_or_none_of_it_is_in(
        derived, shipped_zones):
    """``--zone inside:JPN:eez`` takes a derived row only when its shape's sea lies in
    Japan's EEZ, ``outside:JPN:eez`` only when none does; a shape across the limit is in
    neither. Checked against the shapes' geometry (the filter samples a grid)."""
    from geo.catalogue_select import zone_mask

    ev = events()
    inside = zone_mask(ev, "inside:JPN:eez")
    outside = zone_mask(ev, "outside:JPN:eez")
    assert not (inside & outside).any()
    shaped = ev["impact_shape"] != ""
    assert outside[shaped].sum() > 10
    assert (~inside[shaped] & ~outside[shaped]).sum() >= 1  # some straddle the limit
    zs = shipped_zones.for_perspective("JPN").zones
    eez = zs[(zs["label"] == "JPN") & (zs["kind"] == "eez")].geometry.iloc[0]
    for i in np.flatnonzero(shaped.to_numpy()):
        g = shapely.from_wkt(ev["impact_shape"].iloc[i])
        if g.bounds[2] > 180 or g.bounds[0] < -180:
            continue
        part = shapely.intersection(g, eez).area / g.area
        if outside.iloc[i]:
            assert part < 0.02, ev["id"].iloc[i]
        if inside.iloc[i]:
            assert part > 0.5, ev["id"].iloc[i]
