"""Statements as authorities write them (issue 12): qualifiers, ranges, rings, two
references, regions from their coast, Korean / Chinese / Japanese forms, coordinates,
shapes and where's integration over them. Expected centres come from the geodesic direct
problem on the shipped gazetteer's points; expected intervals from the documented rule."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import LaunchmapError, LocationParseError, UnknownPlaceError
from geo.gazetteer import load_gazetteer
from geo.geodesy import destination, inverse
from geo.location import locate
from geo.statements.numbers import rounding_unit

GAZ = load_gazetteer()


def _centre(place_id: str, km: float, az: float) -> tuple[float, float]:
    p = GAZ.by_id[place_id]
    return destination(p.lon, p.lat, az, km * 1000.0)


# ------------------------------------------------------------------ relative forms
# (text, place, azimuth, interval lo, hi, qualifier); the centre is the direct problem at
# the interval's middle
RELATIVE = [
    # English qualifiers
    ("less than 250 km west of Oshima-Oshima", "oshima_oshima", 270, 0, 250, "less"),
    ("under 250 km west of Oshima-Oshima", "oshima_oshima", 270, 0, 250, "less"),
    ("within 250 km west of Oshima-Oshima", "oshima_oshima", 270, 0, 250, "less"),
    ("up to 250 km west of Oshima-Oshima", "oshima_oshima", 270, 0, 250, "less"),
    ("more than 250 km west of Oshima-Oshima", "oshima_oshima", 270, 250, 350, "more"),
    ("over 250 km west of Oshima-Oshima", "oshima_oshima", 270, 250, 350, "more"),
    ("at least 250 km west of Oshima-Oshima", "oshima_oshima", 270, 250, 350, "more"),
    ("beyond 250 km west of Oshima-Oshima", "oshima_oshima", 270, 250, 350, "more"),
    ("nearly 250 km west of Oshima-Oshima", "oshima_oshima", 270, 200, 250, "nearly"),
    ("almost 250 km west of Oshima-Oshima", "oshima_oshima", 270, 200, 250, "nearly"),
    ("about 250 km west of Oshima-Oshima", "oshima_oshima", 270, 200, 300, "about"),
    ("213 km west of Oshima-Oshima", "oshima_oshima", 270, 212.5, 213.5, "exact"),
    # ranges in every form
    ("250 to 300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("250-300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("250–300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("250—300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("250 km – 300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("250 or 300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300, "range"),
    ("between 250 and 300 km west of the Oga Peninsula", "oga_peninsula", 270, 250, 300,
     "range"),
    # units and directions that used to be refused as "missing distance"
    ("about 135 n.m. west of Okushiri", "okushiri", 270, 130 * 1.852, 140 * 1.852, "about"),
    ("about 100 km southwest by west of Okushiri", "okushiri", 236.25, 90, 110, "about"),
    ("about 100 km north by east of Okushiri", "okushiri", 11.25, 90, 110, "about"),
    # Japanese
    ("渡島大島の西約210km", "oshima_oshima", 270, 200, 220, "about"),
    ("北海道渡島大島の西方約200キロ", "oshima_oshima", 270, 150, 250, "about"),
    ("秋田県男鹿半島の西約350km", "oga_peninsula", 270, 300, 400, "about"),
    ("北海道・奥尻島の西約250キロ", "okushiri", 270, 200, 300, "about"),
    ("奥尻島西方約250km", "okushiri", 270, 200, 300, "about"),
    ("奥尻島から西に約250km", "okushiri", 270, 200, 300, "about"),
    ("奥尻島の西200〜250キロ", "okushiri", 270, 200, 250, "range"),
    ("奥尻島の西250km以上", "okushiri", 270, 250, 350, "more"),
    ("奥尻島の西250km未満", "okushiri", 270, 0, 250, "less"),
    ("奥尻島の西250km以内", "okushiri", 270, 0, 250, "less"),
    ("奥尻島の西250キロ近く", "okushiri", 270, 200, 250, "nearly"),
    ("奥尻島の北北東およそ100km", "okushiri", 22.5, 90, 110, "about"),
    # Korean (ROK JCS)
    ("원산 동쪽 약 400km", "wonsan", 90, 300, 500, "about"),
    ("강원도 원산 동북방 약 400km 동해상", "wonsan", 45, 300, 500, "about"),
    ("어청도 서방 200km", "eocheongdo", 270, 175, 225, "exact"),
    ("원산 동쪽 400여km", "wonsan", 90, 400, 500, "odd"),
    ("원산 동쪽 400km 이상", "wonsan", 90, 400, 600, "more"),
    ("원산 동쪽 400km 이내", "wonsan", 90, 0, 400, "less"),
    ("원산 동쪽 400km 가량", "wonsan", 90, 300, 500, "about"),
    # Chinese (Xinhua, PLA Eastern Theater Command)
    ("渡岛大岛以西约210公里", "oshima_oshima", 270, 200, 220, "about"),
    ("在钓鱼岛以北约50公里处", "uotsuri_shima", 0, 40, 60, "about"),
    ("钓鱼岛以北50多公里", "uotsuri_shima", 0, 50, 60, "odd"),
    ("钓鱼岛以北50公里以上", "uotsuri_shima", 0, 50, 70, "more"),
    ("钓鱼岛以北50公里以内", "uotsuri_shima", 0, 0, 50, "less"),
    ("钓鱼岛东北约50公里", "uotsuri_shima", 45, 40, 60, "about"),
]


@pytest.mark.parametrize(("text", "place_id", "az", "lo", "hi", "qual"), RELATIVE)
def test_relative_statements(text, place_id, az, lo, hi, qual):
    loc = locate(text)
    assert loc.method == "relative"
    assert loc.place_id == place_id
    assert loc.azimuth_deg == pytest.approx(az)
    assert loc.qualifier == qual
    assert (loc.distance_min_km, loc.distance_max_km) == (pytest.approx(lo), pytest.approx(hi))
    lon, lat = _centre(place_id, (lo + hi) / 2.0, az)
    assert loc.lon == pytest.approx(lon, abs=1e-9) and loc.lat == pytest.approx(lat, abs=1e-9)
    assert loc.sigma_along_km == pytest.approx((hi - lo) / math.sqrt(12.0))
    # the shape is that annulus sector, and its samples lie in it (origin blur aside)
    shape = loc.shape.to_dict()
    assert shape["kind"] == "annulus_sector"
    assert (shape["r_min_km"], shape["r_max_km"]) == (pytest.approx(lo), pytest.approx(hi))
    p = GAZ.by_id[place_id]
    x, y = loc.shape.samples(256)
    azs, d = inverse(np.full(len(x), p.lon), np.full(len(x), p.lat), x, y)
    blur = 4 * shape["origin_sigma_km"] + 1e-6
    assert (d / 1000 >= lo - blur).all() and (d / 1000 <= hi + blur).all()


def test_the_rule_for_more_than_is_the_next_two_round_figures():
    for figure in ("250", "300", "1,000"):
        u = rounding_unit(figure)
        loc = locate(f"more than {figure} km west of Oshima-Oshima")
        d = float(figure.replace(",", ""))
        assert (loc.distance_min_km, loc.distance_max_km) == (d, d + 2 * u)


def test_less_than_is_wider_than_about():
    """'less than 250 km' was read as exactly 250 km with a sigma tighter than 'about'."""
    less, about = locate("less than 250 km west of Oga"), locate("about 250 km west of Oga")
    assert less.sigma_along_km > about.sigma_along_km


# ------------------------------------------------------------------ coordinates
@pytest.mark.parametrize(("text", "lon", "lat"), [
    ("北緯38度30分 東経129度15分", 129.25, 38.5),
    ("北纬25度30分、东经122度10分", 122 + 10 / 60, 25.5),
    ("북위 38도 30분 동경 129도 15분", 129.25, 38.5),
    ("3830N 12915E", 129.25, 38.5),
    ("383015N 1291530E", 129 + 15.5 / 60, 38 + 30.25 / 60),
    ("38-30N 129-15E", 129.25, 38.5),
    ("38-30-15N 129-15-30E", 129 + 15.5 / 60, 38 + 30.25 / 60),
])
def test_cjk_and_compact_coordinates(text, lon, lat):
    loc = locate(text)
    assert loc.method == "coordinates"
    assert loc.lon == pytest.approx(lon) and loc.lat == pytest.approx(lat)
    assert loc.shape.to_dict()["kind"] == "gaussian"


# ------------------------------------------------------------------ refusals
@pytest.mark.parametrize(("text", "needle"), [
    ("-50 km west of Oga", "negative distance"),
    ("210 km of Oshima-Oshima", "use --ring"),
    ("west of Oshima-Oshima", "missing distance"),
    ("함경남도 함흥 일대에서 동해상으로", "no fall point"),
    ("fired from Wonsan into the East Sea", "no fall point"),
    ("0 km west of Oga", "greater than zero"),
    ("30000 km west of Oga", "half the Earth"),
])
def test_refusals_name_what_is_missing(text, needle):
    with pytest.raises(LocationParseError) as info:
        locate(text)
    assert needle in str(info.value)


def test_launch_area_refusal_names_the_place_and_the_sea():
    with pytest.raises(LocationParseError) as info:
        locate("함경남도 함흥 일대에서 동해상으로")
    assert "Hamhung" in str(info.value) and "동해" in str(info.value)


def test_n_m_and_by_directions_are_not_missing_distance():
    for text in ("about 135 n.m. west of Okushiri", "about 135 n.m. southwest by west of Okushiri"):
        assert locate(text).distance_km == pytest.approx(135 * 1.852)


# ------------------------------------------------------------------ rings and two rings
def test_distance_only_is_a_ring_at_sea():
    from geo.land import land_state

    loc = locate("about 300 km from the Oga Peninsula")
    assert loc.method == "ring" and loc.place_id == "oga_peninsula"
    assert loc.shape.to_dict()["kind"] == "ring" and loc.shape.to_dict()["sea_only"]
    x, y = loc.shape.samples()
    assert len(x) == 2048
    assert all(s is None for s in land_state(x, y))  # every sample at sea
    p = GAZ.by_id["oga_peninsula"]
    _, d = inverse(np.full(len(x), p.lon), np.full(len(x), p.lat), x, y)
    assert d.min() / 1000 > 200 - 4 * loc.shape.origin_sigma_km
    assert d.max() / 1000 < 400 + 4 * loc.shape.origin_sigma_km
    # the centre is on the ring, not at the empty middle
    _, dc = inverse(p.lon, p.lat, loc.lon, loc.lat)
    assert dc == pytest.approx(300_000, rel=1e-6)  # the middle distance


def test_launch_site_narrows_the_ring():
    plain = locate("about 300 km from the Oga Peninsula")
    narrow = locate("about 300 km from the Oga Peninsula", site="wonsan")
    site = GAZ.by_id["wonsan"]
    x, y = narrow.shape.samples()
    az, _ = inverse(np.full(len(x), site.lon), np.full(len(x), site.lat), x, y)
    oga = GAZ.by_id["oga_peninsula"]
    az0, _ = inverse(site.lon, site.lat, oga.lon, oga.lat)
    assert (np.abs((az - az0 + 180) % 360 - 180) <= 20.0 + 1e-6).all()
    xp, yp = plain.shape.samples()
    azp, _ = inverse(np.full(len(xp), site.lon), np.full(len(xp), site.lat), xp, yp)
    assert (np.abs((azp - az0 + 180) % 360 - 180) > 20.0).mean() > 0.02  # something went


def test_two_references_keep_both_lobes_unless_decided():
    loc = locate("about 500 km from Sado and about 300 km from the Oki Islands")
    assert loc.method == "two_references"
    assert loc.references == ("sado", "oki_islands")
    lobes = loc.shape.lobes()
    assert len(lobes) == 2 and sum(q["probability"] for q in lobes) == pytest.approx(1.0)
    x, y = loc.shape.samples()
    for pid, lo, hi in (("sado", 400, 600), ("oki_islands", 200, 400)):
        p = GAZ.by_id[pid]
        _, d = inverse(np.full(len(x), p.lon), np.full(len(x), p.lat), x, y)
        pad = 4 * 15.0  # the places' extents blur the rings
        assert (d / 1000 > lo - pad).all() and (d / 1000 < hi + pad).all()
    # the heavier lobe is the Sea of Japan one, north-west of the Oki Islands
    assert lobes[0]["lat"] > 37 and lobes[0]["lon"] < 134


def test_two_references_in_japanese():
    loc = locate("佐渡島から約500km、隠岐諸島から約300km")
    assert loc.method == "two_references" and loc.references == ("sado", "oki_islands")


def test_rings_that_do_not_meet_are_an_error():
    with pytest.raises(LocationParseError, match="do not meet"):
        locate("about 20 km from Sado and about 20 km from the Oki Islands")


# ------------------------------------------------------------------ regions and extents
def test_korean_peninsula_is_measured_from_its_east_coast():
    from geo.statements.regions import region_coast

    loc = locate("about 550 km east of the Korean Peninsula")
    assert loc.method == "region"
    coast = region_coast(GAZ.by_id["korean_peninsula"])
    x, y = loc.shape.samples()
    # every sample is 500-600 km (plus the sector's spread) from some facing coast point,
    # and none is nearer the peninsula's coast than 450 km
    c = np.column_stack([coast.lon, coast.lat])
    i = np.random.default_rng(0).choice(len(x), 64, replace=False)
    for k in i:
        _, d = inverse(c[:, 0], c[:, 1], np.full(len(c), x[k]), np.full(len(c), y[k]))
        assert d.min() / 1000 > 400
    # the old reading put the point 550 km east of 38.0N 127.5E; the coast puts it
    # hundreds of km farther east
    p = GAZ.by_id["korean_peninsula"]
    old_lon, old_lat = destination(p.lon, p.lat, 90.0, 550_000.0)
    assert loc.lon > old_lon + 1.0


def test_korean_peninsula_statement_spreads_along_the_coast_and_keeps_its_distance():
    """The east coast runs from 35 N to 42 N: the statement does not pick one point of it,
    and (rule 5) no sample lies nearer than 0.9 x its distance to any coast point."""
    from scipy.spatial import cKDTree

    from geo.statements.regions import NEARER_FRACTION, _unit, region_coast

    loc = locate("about 550 km east of the Korean Peninsula")
    x, y = loc.shape.samples()
    assert y.max() - y.min() > 4.0
    coast = region_coast(GAZ.by_id["korean_peninsula"])
    _, j = cKDTree(_unit(coast.lon, coast.lat)).query(_unit(x, y))
    _, d = inverse(coast.lon[j], coast.lat[j], x, y)
    assert (d / 1000 >= NEARER_FRACTION * 500 - 1e-6).all()


@pytest.mark.parametrize(("text", "region", "az"), [
    ("about 200 km west of Hokkaido", "Hokkaido", 270),
    ("about 300 km south of Japan", "Japan", 180),
    ("about 500 km east of the Philippines", "Philippines", 90),
    ("about 100 km north of Taiwan", "Taiwan", 0),
])
def test_regions_measured_from_the_coast_facing_the_direction(text, region, az):
    loc = locate(text)
    assert loc.method == "region" and loc.place_name == region
    assert loc.azimuth_deg == az
    assert loc.shape.to_dict()["kind"] == "coast_offset"
    assert "coast facing" in loc.note


def test_takeshima_extent_comes_from_its_rocks():
    """5 nm east of Takeshima: the rocks are a few hundred metres across, not 15 km."""
    from geo.location import place_extent_km
    from geo.zones.where import where

    p = GAZ.by_id["takeshima"]
    assert place_extent_km(p) < 1.0 < p.extent_km
    loc = locate("5 nm east of Takeshima")
    assert loc.sigma_km < 2.0
    ans = where(loc.lon, loc.lat, sigma_km=loc.sigma_km, shape=loc.shape)
    ts = ans.zone("territorial_sea")
    assert ts is not None and ts.probability > 0.95


# ------------------------------------------------------------------ where and the JSON
def test_where_integrates_over_the_shape_not_a_gaussian():
    from geo.zones.where import where

    loc = locate("about 300 km from the Oga Peninsula")
    shaped = where(loc.lon, loc.lat, sigma_km=loc.sigma_km, shape=loc.shape)
    gauss = where(loc.lon, loc.lat, sigma_km=loc.sigma_km)
    assert shaped.land_probability == 0.0  # the ring is at sea
    assert gauss.land_probability > 0.05
    assert shaped.samples == 2048


def test_where_report_json_validates_with_the_shape():
    import jsonschema

    from geo.report import schema, where_report

    for text in ("about 210 km west of Oshima-Oshima", "about 300 km from the Oga Peninsula",
                 "about 500 km from Sado and about 300 km from the Oki Islands",
                 "about 200 km west of Hokkaido", "41.5N 137.0E", "Okushiri"):
        ans = where_report(text)
        jsonschema.validate(ans, schema("where"))
        assert list(ans)[:4] == ["query", "lat", "lon", "sigma_km"]
        assert ans["location"]["shape"]["kind"]


# ------------------------------------------------------------------ round trips
_POINT_PLACES = [p for p in GAZ.places if p.kind in ("island", "islet", "cape", "city")
                 and 120 < p.lon < 145 and 24 < p.lat < 46]


def _point_places():
    from geo.statements.regions import region_coast

    return [p for p in _POINT_PLACES if region_coast(p) is None]


_JA = {0: "北", 45: "北東", 90: "東", 135: "南東", 180: "南", 225: "南西", 270: "西", 315: "北西"}
_KO = {0: "북쪽", 45: "북동쪽", 90: "동쪽", 135: "남동쪽", 180: "남쪽", 225: "남서쪽",
       270: "서쪽", 315: "북서쪽"}
_ZH = {0: "以北", 45: "东北", 90: "以东", 135: "东南", 180: "以南", 225: "西南", 270: "以西",
       315: "西北"}
_EN = {0: "north", 45: "northeast", 90: "east", 135: "southeast", 180: "south",
       225: "southwest", 270: "west", 315: "northwest"}


def _native(place, script: str) -> str | None:
    ranges = {"ja": ("\u3040", "\u30ff", "\u4e00", "\u9fff"), "ko": ("\uac00", "\ud7af"),
              "zh": ("\u4e00", "\u9fff")}[script]
    for a in place.aliases:
        if all(any(lo <= ch <= hi for lo, hi in zip(ranges[::2], ranges[1::2])) for ch in a):
            return a
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), km=st.integers(20, 900), az=st.sampled_from(sorted(_EN)),
       qual=st.sampled_from(["about", "exact", "more", "less"]))
def test_round_trip_in_four_languages(data, km, az, qual):
    """point -> statement in English, Japanese, Korean and Chinese -> the same shape."""
    place = data.draw(st.sampled_from(_point_places()))
    en_q = {"about": "about ", "exact": "", "more": "more than ", "less": "less than "}[qual]
    ja = {"about": ("約", ""), "exact": ("", ""), "more": ("", "以上"), "less": ("", "以内")}[qual]
    ko = {"about": ("약 ", ""), "exact": ("", ""), "more": ("", " 이상"), "less": ("", " 이내")}[qual]
    zh = {"about": ("约", ""), "exact": ("", ""), "more": ("", "以上"), "less": ("", "以内")}[qual]
    texts = [f"{en_q}{km} km {_EN[az]} of {place.name}"]
    if (n := _native(place, "ja")) is not None:
        texts.append(f"{n}の{_JA[az]}{ja[0]}{km}km{ja[1]}")
    if (n := _native(place, "ko")) is not None:
        texts.append(f"{n} {_KO[az]} {ko[0]}{km}km{ko[1]}")
    if (n := _native(place, "zh")) is not None and not n.endswith(("の",)):
        texts.append(f"{n}{_ZH[az]}{zh[0]}{km}公里{zh[1]}")
    base = locate(texts[0])
    for t in texts[1:]:
        loc = locate(t)
        assert loc.place_id == base.place_id, t
        assert loc.azimuth_deg == base.azimuth_deg, t
        assert (loc.distance_min_km, loc.distance_max_km) == \
            (base.distance_min_km, base.distance_max_km), t
        assert (loc.lon, loc.lat) == (base.lon, base.lat), t
        xa, ya = loc.shape.samples(64)
        xb, yb = base.shape.samples(64)
        assert np.allclose(xa, xb) and np.allclose(ya, yb), t


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(categories=["Cc", "Zs", "Nd", "Pd"]), max_size=100),
    st.builds(lambda n, d: f"{n} km {d} of Okushiri", st.integers(-10**30, 10**30),
              st.sampled_from(["west", "NNE", "southwest by west", "西", "by"])),
    st.builds(lambda n: f"{n}N {n}E", st.floats(allow_nan=True, allow_infinity=True)),
    st.builds(lambda s: "about 210 km west of Oshima-Oshima " + s, st.text(max_size=50)),
))
def test_no_input_raises_anything_but_a_launchmap_error(text):
    try:
        locate(text)
    except LaunchmapError:
        pass


def test_ten_kilobytes_of_input_is_a_clear_error():
    for text in ("about 210 km west of Oshima-Oshima " * 300, "x" * 10_000, "\x00\x1b[2J" * 3000):
        with pytest.raises(LaunchmapError):
            locate(text)


def test_unknown_place_in_native_script_is_named():
    with pytest.raises(UnknownPlaceError) as info:
        locate("없는섬 서방 200km")
    assert "없는섬" in str(info.value)


# ------------------------------------------------------------------ command line
def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layers.cli", "where", *args], input=stdin,
                          capture_output=True, text=True, timeout=180)


def test_cli_several_statements_one_answer_each_and_json_lines():
    p = _cli("--json", "about 210 km west of Oshima-Oshima", "원산 동쪽 약 400km",
             "210 km west of Atlantis")
    assert p.returncode == 2
    lines = p.stdout.splitlines()
    assert len(lines) == 2
    answers = [json.loads(s) for s in lines]
    assert [a["query"] for a in answers] == ["about 210 km west of Oshima-Oshima",
                                             "원산 동쪽 약 400km"]
    assert "statement 3" in p.stderr and "Atlantis" in p.stderr


def test_cli_reads_a_file_and_stdin_with_line_numbers(tmp_path):
    f = tmp_path / "statements.txt"
    f.write_text("# MoD statements\nabout 210 km west of Oshima-Oshima\n\n-50 km west of Oga\n"
                 "奥尻島の西約250km\n", encoding="utf-8")
    p = _cli("-f", str(f), "--json")
    assert p.returncode == 2
    assert [json.loads(s)["query"] for s in p.stdout.splitlines()] == [
        "about 210 km west of Oshima-Oshima", "奥尻島の西約250km"]
    assert "line 4" in p.stderr and "negative" in p.stderr
    q = _cli("-f", "-", stdin="about 300 km from the Oga Peninsula\n")
    assert q.returncode == 0, q.stderr
    assert "ring" in q.stdout and "Oga Peninsula" in q.stdout


def test_cli_ring_option_and_site():
    p = _cli("210 km of Okushiri")
    assert p.returncode == 2 and "use --ring" in p.stderr
    q = _cli("--ring", "--from", "Wonsan", "--json", "about 210 km of Okushiri")
    assert q.returncode == 0, q.stderr
    ans = json.loads(q.stdout)
    assert ans["location"]["method"] == "ring"
    assert ans["location"]["shape"]["site"] == "Wonsan"


@pytest.mark.parametrize(("text", "place_id", "az"), [
    ("about 400 km off the east coast of the Korean Peninsula", "korean_peninsula", 90),
    ("about 300 km off North Korea's east coast", "north_korea", 90),
    ("about 100 km off the west coast of Hokkaido", "hokkaido", 270),
])
def test_coasts_named_by_the_direction_they_face(text, place_id, az):
    loc = locate(text)
    assert loc.method == "region" and loc.place_id == place_id and loc.azimuth_deg == az


def test_a_coast_without_a_distance_is_no_fall_point():
    with pytest.raises(LocationParseError, match="no fall point"):
        locate("fell off North Korea's east coast")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=st.integers(250, 700), b=st.integers(150, 450))
def test_two_references_round_trip_in_four_languages(a, b):
    """point pair -> two-reference statement in each language -> the same distribution."""
    texts = [f"about {a} km from Sado and about {b} km from the Oki Islands",
             f"佐渡島から約{a}km、隠岐諸島から約{b}km",
             f"사도섬에서 약 {a}km, 오키제도에서 약 {b}km",
             f"距佐渡岛约{a}公里、距隐岐诸岛约{b}公里"]
    try:
        base = locate(texts[0])
    except LocationParseError as exc:  # rings that do not meet, or meet only on land
        for t in texts[1:]:
            with pytest.raises(LocationParseError):
                locate(t)
        assert "meet" in str(exc) or "fits" in str(exc)
        return
    for t in texts[1:]:
        loc = locate(t)
        assert loc.method == "two_references" and loc.references == base.references, t
        assert (loc.lon, loc.lat) == (base.lon, base.lat), t
        assert np.allclose(loc.shape.samples(64)[0], base.shape.samples(64)[0]), t


@pytest.mark.parametrize("text", ["about 300 km from the Oga Peninsula", "男鹿半島から約300km",
                                  "오가반도에서 약 300km", "距男鹿半岛约300公里"])
def test_ring_in_four_languages(text):
    loc = locate(text)
    base = locate("about 300 km from the Oga Peninsula")
    assert loc.method == "ring" and (loc.lon, loc.lat) == (base.lon, base.lat)
    assert (loc.distance_min_km, loc.distance_max_km) == (200, 400)


# ------------------------------------------------------------------ flight range (issue 12)
@pytest.mark.parametrize(("value", "lo", "hi", "qualifier"), [
    (1000, 900, 1100, "about"),          # "flew about 1,000 km": a hedged round figure
    ("1,000", 900, 1100, "about"),
    ("about 1,000 km", 900, 1100, "about"),
    ("約1,000km", 900, 1100, "about"),
    ("900-1100 km", 900, 1100, "range"),
    ("over 250 km", 250, 350, "more"),
    (470, 460, 480, "about"),
])
def test_flight_range_is_an_interval(value, lo, hi, qualifier):
    from geo.statements.numbers import flight_range

    d = flight_range(value)
    assert (d.lo_km, d.hi_km, d.qualifier) == (lo, hi, qualifier)


@pytest.mark.parametrize("value", [0, -5, "-100", "abc", float("nan"), True, "1000 parsecs"])
def test_bad_flight_range_is_a_launchmap_error(value):
    from geo.statements.numbers import flight_range

    with pytest.raises(LocationParseError, match="range"):
        flight_range(value)


def test_a_flight_range_needs_the_launch_site():
    with pytest.raises(LocationParseError, match="launch site"):
        locate("about 300 km from the Oga Peninsula", range_km=930)


def test_flight_range_keeps_the_positions_at_that_distance_from_the_site():
    """A ring around the Oga Peninsula narrowed by the flight's range from Panghyon
    (2017-07-04: about 300 km from Oga, ROK JCS about 930 km): every sample lies within the
    range (widened by twice the site's extent) of the site."""
    site = GAZ.lookup("Panghyon")
    loc = locate("about 300 km from the Oga Peninsula", site=site, range_km=930)
    x, y = loc.shape.samples()
    _, d = inverse(np.full(len(x), site.lon), np.full(len(x), site.lat), x, y)
    lo, hi = loc.shape.restriction.site_range_min_km, loc.shape.restriction.site_range_max_km
    assert (lo, hi) == pytest.approx((920 - 2 * site.extent_km, 940 + 2 * site.extent_km),
                                     abs=5.0)
    assert ((d / 1000 >= lo - 1e-6) & (d / 1000 <= hi + 1e-6)).all()
    assert loc.to_dict()["shape"]["site_range_km"] == [lo, hi]
    plain = locate("about 300 km from the Oga Peninsula")
    assert loc.sigma_km < plain.sigma_km / 2


# ------------------------------------------------------------------ regions in the catalogue
def _catalogue_region_statements() -> list[tuple[str, str, str]]:
    """(event id, field, text) of every catalogue statement (events.csv impact_query and
    impact_statement, event_claims.csv impact_query) that reads as a distance from the
    Korean Peninsula's or North Korea's coast."""
    import pandas as pd

    from geo._paths import data_dir

    ev = pd.read_csv(data_dir() / "events.csv", dtype=str).fillna("")
    cl = pd.read_csv(data_dir() / "event_claims.csv", dtype=str).fillna("")
    rows = [(r["id"], f, r[f]) for _, r in ev.iterrows()
            for f in ("impact_query", "impact_statement") if r[f]]
    rows += [(r["event_id"], "claim", r["value"]) for _, r in cl.iterrows()
             if r["field"] == "impact_query"]
    out = []
    for eid, f, text in rows:
        try:
            loc = locate(text)
        except LaunchmapError:
            continue
        if loc.method == "region" and loc.place_id in ("korean_peninsula", "north_korea"):
            out.append((eid, f, text))
    return out


REGION_ROWS = _catalogue_region_statements()


def test_the_catalogue_has_its_korean_peninsula_statements():
    ids = {eid for eid, _, _ in REGION_ROWS}
    assert {"2016-02-07-prk-1", "2016-02-07-prk-2", "2017-05-13-prk-1", "2023-03-15-prk-1",
            "2023-07-12-prk-1"} <= ids


def _event(eid: str) -> dict:
    import pandas as pd

    from geo._paths import data_dir

    ev = pd.read_csv(data_dir() / "events.csv", dtype=str).fillna("")
    return ev[ev["id"] == eid].iloc[0].to_dict()


def _back_ray_km(lon: float, lat: float, az: float, coast) -> float:
    """Distance (km) from (lon, lat) back along ``az + 180`` to the region's land."""
    import shapely

    for s in np.arange(2.0, 2000.0, 2.0):
        x, y = destination(lon, lat, (az + 180.0) % 360.0, s * 1000.0)
        if shapely.intersects_xy(coast.land, x, y):
            return float(s)
    return math.inf


@pytest.mark.parametrize(("eid", "field", "text"), REGION_ROWS)
def test_region_statement_of_the_catalogue_against_the_authority(eid, field, text):
    """Every catalogue statement measured from the Korean Peninsula / North Korea, with the
    row's launch site and reported range:

    * the note says where along the coast is not stated unless the range narrows it;
    * with the range, every sample lies at that distance from the site;
    * where the same government also placed the fall by another reference (the row's
      impact_query when it is not the region statement), that position lies inside the
      region statement's distribution (a sample within 60 km of its centre) and, read back
      along the stated direction to the peninsula's coast, lies within the stated
      interval of one of the authority's figures; the readings from the coast at the launch
      latitude and from where the track leaves the coast do not;
    * the reported zone is not contradicted with confidence (the words alone cannot
      decide it: see geo.statements.regions)."""
    from geo.statements.regions import region_coast
    from geo.zones.where import where

    row = _event(eid)
    alone = locate(text)
    assert "not stated" in alone.note
    assert alone.sigma_km > 100
    site = row["launch_site"] or None
    rng = float(row["range_km"]) if row["range_km"] else None
    loc = locate(text, site=site, range_km=rng if site else None)
    x, y = loc.shape.samples()
    if site and rng:
        p = GAZ.lookup(site)
        _, d = inverse(np.full(len(x), p.lon), np.full(len(x), p.lat), x, y)
        r = loc.shape.restriction
        assert ((d / 1000 >= r.site_range_min_km - 1e-6)
                & (d / 1000 <= r.site_range_max_km + 1e-6)).all()
    else:
        assert "not stated" in loc.note
    ans = where(loc.lon, loc.lat, sigma_km=loc.sigma_km, shape=loc.shape)
    assert ans.land_probability == 0.0
    zone = row["reported_zone"]
    if zone.startswith(("outside:", "inside:")):
        side, state, kind = zone.split(":")
        p_in = sum(z.probability for z in ans.zones if z.kind == kind and z.state == state)
        p_reported = p_in if side == "inside" else 1.0 - p_in
        assert p_reported > 0.05, (eid, p_in)
    other = row["impact_query"]
    if other and locate(other).method == "relative":
        ref = locate(other)
        _, d = inverse(x, y, np.full(len(x), ref.lon), np.full(len(x), ref.lat))
        assert d.min() / 1000 < 60.0, (eid, d.min() / 1000)
        coast = region_coast(GAZ.by_id[loc.place_id])
        figures = [locate(t) for e, _, t in REGION_ROWS if e == eid]
        refs = [ref] + [locate(t) for t in _claims_of(eid) if locate(t).method == "relative"]
        # the reference's own positions (its 16 samples nearest its centre: "800 km ENE of
        # Kusong" is itself a sector 100 km deep)
        along = [_back_ray_km(float(sx), float(sy), loc.azimuth_deg, coast) for q in refs
                 for sx, sy in zip(*(a[:16] for a in q.shape.samples()), strict=True)]
        assert any(f.distance_min_km <= a <= f.distance_max_km for f in figures for a in along), \
            (eid, sorted(along)[:3])
        launch = GAZ.lookup(row["launch_site"])
        for q in refs:
            for f in figures:
                # from the coast at the launch latitude / where the track leaves the coast
                x0, y0 = _first_sea(launch.lon, launch.lat, loc.azimuth_deg, coast)
                az_track, _ = inverse(launch.lon, launch.lat, q.lon, q.lat)
                x1, y1 = _first_sea(launch.lon, launch.lat, float(az_track), coast)
                for cx, cy in ((x0, y0), (x1, y1)):
                    _, dd = inverse(cx, cy, q.lon, q.lat)
                    if eid != "2017-05-13-prk-1":  # that fall point spans 100 km itself
                        assert not f.distance_min_km <= dd / 1000 <= f.distance_max_km


def _claims_of(eid: str) -> list[str]:
    import pandas as pd

    from geo._paths import data_dir

    cl = pd.read_csv(data_dir() / "event_claims.csv", dtype=str).fillna("")
    return cl[(cl["event_id"] == eid) & (cl["field"] == "impact_query")]["value"].tolist()


def _first_sea(lon: float, lat: float, az: float, coast) -> tuple[float, float]:
    """The first point at sea from (lon, lat) along ``az`` (1 km steps)."""
    import shapely

    for s in np.arange(0.5, 1500.0, 0.5):
        x, y = destination(lon, lat, az, s * 1000.0)
        if not shapely.intersects_xy(coast.land, x, y):
            return x, y
    raise AssertionError("no sea")


def test_cli_range_narrows_a_region_statement_and_needs_a_site():
    p = _cli("--json", "--from", "Pyongyang", "--range", "1000",
             "about 550 km east of the Korean Peninsula")
    assert p.returncode == 0, p.stderr
    import jsonschema

    from geo.report import schema

    ans = json.loads(p.stdout)
    jsonschema.validate(ans, schema("where"))
    shape = ans["location"]["shape"]
    assert shape["site"] == "Pyongyang" and shape["site_range_km"] == [880.0, 1120.0]
    q = _cli("--range", "1000", "about 550 km east of the Korean Peninsula")
    assert q.returncode == 2 and "--range needs --from" in q.stderr
    r = _cli("--from", "Pyongyang", "--range", "-5", "about 550 km east of the Korean Peninsula")
    assert r.returncode == 2 and "negative" in r.stderr


# ------------------------------------------------------------------ forms from the catalogue
# Every impact_statement / impact_query of data/events.csv and data/event_claims.csv was run
# through the parser; these are the forms it misread or refused, with what they mean:
# (text, method, references, distance_km, direction letters or None)
CATALOGUE_FORMS = [
    # 2017-03-05-prk-2: a ';' in English text is not a second reference unless a distance
    # follows it; the Noto Peninsula figure belongs to another missile
    ("four missiles each flew about 1,000 km and fell in the Sea of Japan about 300-350 km "
     "west of the Oga Peninsula (Akita); three of them inside Japan's EEZ (these two plus "
     "the one about 200 km north of the Noto Peninsula)",
     "relative", ("oga_peninsula",), 325.0, "W"),
    # 2022-11-18-prk-1: the same place twice is a restatement (the forecast's figure in
    # parentheses), not a two-reference fix
    ("flew for about 69 minutes and fell at about 11:23 JST in the Sea of Japan about 200 km "
     "west of Oshima-Oshima (Hokkaido), inside Japan's EEZ; about 1,000 km at a maximum "
     "altitude of about 6,000 km (the Coast Guard's forecast relaying the MOD had said about "
     "210 km west of Oshima-Oshima)",
     "relative", ("oshima_oshima",), 200.0, "W"),
    # 2022-08-04-chn-1: the direction from the place named apart from its distance
    ("missile 1 of 9: launched from the Fujian coast at about 14:56 JST, flew about 350 km "
     "and fell in the PLA training area north-north-west of Yonaguni, outside Japan's EEZ, "
     "about 80 km from Yonaguni",
     "relative", ("yonaguni",), 80.0, "NNW"),
    # 2022-11-01-prk-1: three references, one of them a line the gazetteer does not hold
    ("one of three SRBMs fired from the Wonsan area toward the East Sea fell in "
     "international waters 26 km south of the Northern Limit Line, 57 km east of Sokcho and "
     "167 km north-west of Ulleungdo",
     "two_references", ("sokcho", "ulleungdo"), 57.0, None),
    # 2017-07-28-prk-1: two references each with a direction
    ("flew for about 45 minutes and fell in the Sea of Japan inside Japan's EEZ, about 150 km "
     "northwest of Okushiri Island and about 200 km west of the Shakotan Peninsula "
     "(Hokkaido)",
     "two_references", ("okushiri", "shakotan_peninsula"), 150.0, None),
    # forms of the same kind in the other languages and spellings
    ("奥尻島の西、約250キロ", "relative", ("okushiri",), 250.0, "W"),
    ("약 250km 떨어진 오쿠시리섬 서쪽", "relative", ("okushiri",), 250.0, "W"),
    ("与那国岛西北约80公里", "relative", ("yonaguni",), 80.0, "NW"),
    ("距离与那国岛约80公里", "ring", ("yonaguni",), 80.0, None),
    ("隐岐诸岛以北约300公里", "relative", ("oki_islands",), 300.0, "N"),
    ("about 550 km east of North Korea's coast", "region", ("north_korea",), 550.0, "E"),
    ("奥尻島の北西約150km、積丹半島の西約200km", "two_references",
     ("okushiri", "shakotan_peninsula"), 150.0, None),
    ("島根県隠岐諸島の島後沖の北約350kmの我が国の排他的経済水域(EEZ)内", "relative", ("dogo",),
     350.0, "N"),
    ("朝鮮半島東方約400キロの日本海上", "region", ("korean_peninsula",), 400.0, "E"),
    ("about 200 km west of Hokkaido's Okushiri Island", "relative", ("okushiri",), 200.0, "W"),
]


@pytest.mark.parametrize(("text", "method", "refs", "km", "letters"), CATALOGUE_FORMS)
def test_catalogue_forms_read_as_their_authority_meant(text, method, refs, km, letters):
    loc = locate(text)
    assert loc.method == method, loc
    assert loc.references == refs
    assert loc.distance_km == km
    assert loc.direction == letters
    if method == "relative":
        p = GAZ.by_id[refs[0]]
        lon, lat = destination(p.lon, p.lat, loc.azimuth_deg, loc.distance_km * 1000.0)
        assert (loc.lon, loc.lat) == pytest.approx((lon, lat), abs=1e-9)


def test_a_reference_left_out_is_named():
    loc = locate("26 km south of the Northern Limit Line, 57 km east of Sokcho and 167 km "
                 "north-west of Ulleungdo")
    assert "not used" in loc.note and "Northern Limit Line" in loc.note


# (text, error class, what the message must say)
CATALOGUE_REFUSALS = [
    # 2022-11-02-prk-1: a direction from a place, and figures of the flight, but no distance
    ("launched eastward from near the west coast at about 07:39 JST, reached about 2,000 km "
     "altitude, flew about 750 km and fell in the Sea of Japan east of the Korean Peninsula, "
     "outside Japan's EEZ", LocationParseError, "missing distance: 'east of Korean Peninsula'"),
    ("fell in the Sea of Japan east of the Korean Peninsula, outside Japan's EEZ",
     LocationParseError, "no distance"),
    # 2022-11-17-prk-1: a launch area, a sea and a distance flown: no fall point
    ("launched from around Wonsan toward the East Sea (Sea of Japan), flew about 240 km at a "
     "maximum altitude of about 47 km at up to Mach 4", LocationParseError,
     "names a launch area (Wonsan) and a sea (East Sea) but no fall point"),
    ("launched eastward at a high angle from near Pyongyang at about 07:22 JST and flew about "
     "1,000 km into the East Sea (ROK JCS)", LocationParseError, "no fall point"),
    # a launch aimed at a sea, in four languages
    ("朝鲜向日本海方向发射一枚弹道导弹", LocationParseError, "aimed at (日本海) but no fall point"),
    ("日本海に向けて弾道ミサイルを発射", LocationParseError, "aimed at (日本海) but no fall point"),
    ("북한이 동해상으로 탄도미사일을 발사", LocationParseError, "aimed at (동해) but no fall point"),
    ("North Korea fired a ballistic missile toward the Sea of Japan", LocationParseError,
     "aimed at (Sea of Japan) but no fall point"),
]


@pytest.mark.parametrize(("text", "error", "says"), CATALOGUE_REFUSALS)
def test_catalogue_statements_without_a_fall_point_say_what_is_missing(text, error, says):
    with pytest.raises(error) as exc:
        locate(text)
    assert says in str(exc.value)
    assert "missing distance" not in str(exc.value) or "no distance" in str(exc.value)


def test_every_catalogue_statement_reads_or_says_why():
    """Every impact_statement and impact_query of the catalogue: a Location, or a launchmap
    error naming what is missing (never another exception); every impact_query reads."""
    import pandas as pd

    from geo._paths import data_dir

    ev = pd.read_csv(data_dir() / "events.csv", dtype=str).fillna("")
    cl = pd.read_csv(data_dir() / "event_claims.csv", dtype=str).fillna("")
    for text in ev["impact_query"][ev["impact_query"] != ""].tolist() + \
            cl["value"][cl["field"] == "impact_query"].tolist():
        locate(text)
    for text in ev["impact_statement"][ev["impact_statement"] != ""]:
        try:
            locate(text)
        except LaunchmapError as exc:
            assert str(exc).strip()


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(max_size=40), st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(-10**30, 10**30)))
def test_flight_range_takes_anything_and_raises_only_launchmap_errors(value):
    from geo.statements.numbers import Distance, flight_range

    try:
        got = flight_range(value)
    except LaunchmapError:
        return
    assert isinstance(got, Distance) and 0 <= got.lo_km <= got.hi_km < 20_000
