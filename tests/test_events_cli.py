"""``launchmap events``: filters, claims in --json, ``events add`` and ``events import``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

import geo
from geo.catalogue_select import select_events
from geo.errors import InvalidOptionError, UnknownPlaceError
from geo.gazetteer import find_place
from geo.geodesy import inverse


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layers.cli", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def ev():
    return geo.events()


def test_json_gives_every_event_its_claims():
    p = run("events", "--json", "--since", "2022-11-18", "--until", "2022-11-18")
    assert p.returncode == 0, p.stderr
    (r,) = json.loads(p.stdout)
    assert r["id"] == "2022-11-18-prk-1"
    claims = r["claims"]
    assert {"field", "value", "authority", "stated_at", "source"} <= set(claims[0])
    by = {(c["field"], c["authority"]): c for c in claims}
    assert by[("impact_query", "JPN Coast Guard")]["value"] == "about 210 km W of Oshima-Oshima"
    assert by[("impact_query", "JPN MOD")]["preferred"] is True
    assert by[("apogee_km", "ROK JCS")]["value"] == "6100"
    assert r["impact_query"] == "about 200 km W of Oshima-Oshima"


def test_filters_select_by_date_actor_system_zone_and_distance(ev):
    sel = select_events(ev, since="2022-01-01", until="2022-12-31", actor="prk")
    assert len(sel) and sel["date"].dt.year.eq(2022).all() and sel["actor"].eq("PRK").all()
    assert select_events(ev, system="hwasong-17")["system"].str.contains("Hwasong-17").all()
    inside = select_events(ev, zone="inside:JPN:eez")
    outside = select_events(ev, zone="outside:JPN:eez")
    assert not set(inside["id"]) & set(outside["id"])
    # neither: no impact position at all, or a derived shape across the limit
    neither = ev[~ev["id"].isin(set(inside["id"]) | set(outside["id"]))]
    no_position = neither["impact_lon"].isna() & (neither["impact_shape"] == "")
    assert no_position.any() and (neither["impact_shape"] != "").any()
    assert neither["impact_lon"].isna().all()  # a stated point is always decided
    assert "2022-11-18-prk-1" in set(inside["id"]) and "2017-08-28-prk-1" in set(outside["id"])
    on_land = select_events(ev, zone="land:UKR")
    assert set(on_land["id"]) == {"2022-11-15-rus-1"}
    near = select_events(ev, near="Okushiri", within_km=260)
    p = find_place("Okushiri")
    for r in near.itertuples():
        assert inverse(p.lon, p.lat, r.impact_lon, r.impact_lat)[1] <= 260e3
    far = ev[~ev["id"].isin(near["id"]) & ev["impact_lon"].notna()]
    for r in far.itertuples():
        assert inverse(p.lon, p.lat, r.impact_lon, r.impact_lat)[1] > 260e3
    assert {"2016-09-05-prk-1", "2024-10-30-prk-1"} <= set(near["id"])
    with pytest.raises(InvalidOptionError, match="go together"):
        select_events(ev, near="Okushiri")
    with pytest.raises(UnknownPlaceError, match="Okushri"):
        select_events(ev, near="Okushri", within_km=10)
    with pytest.raises(InvalidOptionError, match="after until"):
        select_events(ev, since="2023-01-01", until="2022-01-01")


def test_filter_options_on_the_command_line():
    p = run("events", "--json", "--zone", "inside:JPN:eez", "--actor", "CHN")
    assert p.returncode == 0, p.stderr
    ids = {r["id"] for r in json.loads(p.stdout)}
    assert ids and all(i.startswith("2022-08-04-chn") for i in ids)
    bad = run("events", "--zone", "in Japan")
    assert bad.returncode == 2 and "--zone" in bad.stderr and "Traceback" not in bad.stderr
    bad = run("events", "--near", "Atlantis", "--within", "50")
    assert bad.returncode == 2 and "unknown place 'Atlantis'" in bad.stderr


def test_add_appends_validated_rows_and_events_reads_them(tmp_path):
    out = tmp_path / "mine.csv"
    p = run("events", "add", "--date", "2024-10-30", "--time", "22:11", "--actor", "PRK",
            "--system", "Hwasong-19", "--statement",
            "fell about 200 km west of Okushiri, outside Japan's EEZ",
            "--source", "https://example.org/mod", "--zone", "outside:JPN:eez",
            "--authority", "JPN MOD", "--launch-site", "pyongyang", "--out", str(out))
    assert p.returncode == 0, p.stderr
    # the computed zone is shown beside the reported one
    assert "reported outside:JPN:eez; computed inside" in p.stderr
    p = run("events", "add", "--date", "2024-10-30", "--actor", "PRK", "--statement",
            "fell on land in North Hamgyong", "--no-impact", "--source", "Yonhap 2024-10-30",
            "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "no impact point" in p.stderr
    frame = geo.events(out)
    assert list(frame["id"]) == ["2024-10-30-prk-1", "2024-10-30-prk-2"]
    assert frame.loc[1, "impact_basis"] == "none" and frame.geometry[1] is None
    assert frame.loc[0, "impact_place"] == "okushiri"
    # a bad row is refused and nothing is written
    before = out.read_text(encoding="utf-8")
    p = run("events", "add", "--date", "2024-10-30", "--actor", "PRK", "--statement",
            "fell 200 km west of Okushri", "--source", "x 2024", "--out", str(out))
    assert p.returncode == 2 and "Okushri" in p.stderr
    p = run("events", "add", "--date", "2024-10-30", "--actor", "PRK", "--statement",
            "fell 200 km west of Okushiri", "--zone", "in Japan", "--source", "x 2024",
            "--out", str(out))
    assert p.returncode == 2 and "reported_zone" in p.stderr
    assert out.read_text(encoding="utf-8") == before
    # the map reads the user catalogue
    html = tmp_path / "m.html"
    p = run("map", "--events", str(out), "--tiles", "none", "--out", str(html))
    assert p.returncode == 0, p.stderr
    assert "Hwasong-19" in html.read_text(encoding="utf-8")


def test_import_writes_a_catalogue_csv(tmp_path):
    src = tmp_path / "attacks.csv"
    src.write_text("time_start,time_end,model,launch_place,target,launched,destroyed\n"
                   "2022-11-15 15:00,2022-11-15 19:00,X-101/X-555,Caspian Sea,Kyiv,96,77\n"
                   "bad,,X-101,,Kyiv,1,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    p = run("events", "import", "--format", "attacks", str(src), "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "row 3: time_start" in p.stderr and "1 row(s) written" in p.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["id"] == "2022-11-15-rus-1" and rows[0]["attacks_launch_place"] == "Caspian Sea"
    p = run("events", "--events", str(out), "--json")
    assert p.returncode == 0 and json.loads(p.stdout)[0]["time_utc"] == "13:00"
