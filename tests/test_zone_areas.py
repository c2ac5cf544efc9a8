"""benchmarks/zone_areas.py on the shipped zones: every cited published figure is set
beside the computed area of the same thing, comparable ones lie within the tolerance
their reason allows, and zones the frames cut are found in the data, not compared."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_module():
    spec = importlib.util.spec_from_file_location(
        "zone_areas", ROOT / "benchmarks" / "zone_areas.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["zone_areas"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


za = _load_module()


@pytest.fixture(scope="module")
def zs():
    from geo import load_zones

    return load_zones()


@pytest.fixture(scope="module")
def rows(zs):
    return za.compare(zs)


def test_every_published_row_is_cited_and_has_a_reason():
    pubs = za.load_published()
    assert {p.row_id for p in pubs} == set(za.REASONS)
    for p in pubs:
        assert p.url.startswith(("http://", "https://")), p.row_id
        assert p.source_title and p.publisher and p.date and p.counts, p.row_id
        assert p.km2 > 0


def test_at_least_twenty_states_are_set_beside_a_published_figure(rows):
    states = {c.pub.state for c in rows}
    comparable = {c.pub.state for c in rows if c.comparable}
    assert len(states) >= 20, sorted(states)
    # the frames cut some states' zones; most states still have a comparable figure
    assert len(comparable) >= 18, sorted(comparable)


def test_comparable_rows_lie_within_their_tolerance(rows):
    bad = [(c.pub.row_id, round(c.ratio, 3), c.reason.tolerance)
           for c in rows if c.comparable and not c.within]
    assert not bad, bad
    for c in rows:
        if c.comparable:
            assert 0 < c.reason.tolerance < 0.5, c.pub.row_id


def test_partial_zones_are_not_compared(rows):
    partial = {c.pub.row_id for c in rows if not c.comparable}
    # Spain's and France's shipped zones are their Mediterranean (and Biscay) parts only
    assert {"ESP", "FRA"} <= partial
    # a whole-country figure is never compared with a partial zone: those rows are far off
    for c in rows:
        if not c.comparable:
            assert abs(c.ratio - 1) > 0.2, c.pub.row_id


def test_frame_cuts_are_found_in_the_data(zs):
    def probe(state):
        return za.Published(state, state, "waters_200nm", "administering", 1.0, "km2",
                            "", "", "", "https://", "", "")

    # cut by a frame edge: Oman and Yemen at 62 E / 10 N, the Philippines at 15 N
    for state in ("OMN", "YEM", "PHL"):
        assert za.frame_cut_km(zs, za.state_geoms(zs, "administering", state)) > 100, state
    # whole inside the shipped frames, though in two of them (Turkiye, Egypt) or near an
    # edge (Iran at 62 E)
    for state in ("TUR", "EGY", "IRN", "GRC", "ITA", "CYP", "UKR"):
        assert za.partial_reason(zs, probe(state)) is None, state


def test_clip_areas_split_turkiye_between_its_seas(zs):
    pub = {p.row_id: p for p in za.PUBLISHED}
    black, marmara = (za.computed(zs, pub[k]) for k in ("TUR-black-sea", "TUR-marmara"))
    whole = za.state_areas(zs, "TUR")["TUR"]
    assert 0 < marmara < black < whole
    # the Black Sea and Marmara parts do not overlap: their sum is below the whole
    assert black + marmara < whole


def test_bad_csv_rows_are_refused_with_their_line(tmp_path):
    good = (ROOT / "benchmarks" / "published_eez_areas.csv").read_text(encoding="utf-8")
    header, first = good.splitlines()[:2]
    cases = {
        "value": first.replace(",430000,", ",lots,"),
        "unit": first.replace(",km2,", ",acres,"),
        "quantity": first.replace("territorial_sea_with_internal", "shelf"),
    }
    for what, line in cases.items():
        p = tmp_path / f"{what}.csv"
        p.write_text(header + "\n" + line + "\n", encoding="utf-8")
        with pytest.raises(ValueError, match=r"line 2"):
            za.load_published(p)
    p = tmp_path / "missing.csv"
    p.write_text(header.replace(",url", "") + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="url"):
        za.load_published(p)


def test_a_row_without_a_reason_is_an_error(zs):
    pub = za.PUBLISHED[0]
    stray = za.Published("no-such-row", *[getattr(pub, f) for f in (
        "state", "quantity", "view", "value", "unit", "counts", "source_title",
        "publisher", "url", "date", "derivation")])
    with pytest.raises(KeyError, match="no-such-row"):
        za.compare(zs, (stray,))
