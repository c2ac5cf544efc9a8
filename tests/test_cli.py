"""The command line as users run it: a subprocess, stdout, stderr and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layers.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_where_json_contract():
    p = run("where", "about 210 km west of Oshima-Oshima", "--json")
    assert p.returncode == 0, p.stderr
    ans = json.loads(p.stdout)
    assert list(ans)[:6] == ["query", "lat", "lon", "sigma_km", "zones", "nearest_places"]
    assert ans["query"] == "about 210 km west of Oshima-Oshima"
    assert ans["lat"] == pytest.approx(41.483, abs=0.01)
    assert ans["lon"] == pytest.approx(136.853, abs=0.01)
    assert ans["sigma_km"] > 0
    assert isinstance(ans["zones"], list)
    from geo.zones.schema import ZONE_KINDS

    assert ans["zones"]
    for z in ans["zones"]:
        assert list(z) == ["kind", "state", "perspective", "claimants", "status",
                           "probability", "parts"]
        assert z["kind"] in ZONE_KINDS
        assert 0.0 <= z["probability"] <= 1.0
        assert z["parts"] and all(0.0 <= q["probability"] <= z["probability"]
                                  for q in z["parts"])
    first = ans["nearest_places"][0]
    assert set(first) == {"id", "name", "distance_km", "bearing_deg"}
    assert first["id"] == "oshima_oshima"
    assert first["distance_km"] == pytest.approx(210, abs=0.01)
    assert first["bearing_deg"] == pytest.approx(270, abs=0.01)


def test_where_text_output():
    p = run("where", "80km", "NNW", "of", "Yonaguni")
    assert p.returncode == 0, p.stderr
    assert "Yonaguni" in p.stdout and "nearest places" in p.stdout


def test_where_text_one_line_per_kind_and_state_parts_only_when_several():
    p = run("where", "--perspective", "JPN", "about 350 km northeast of Ulleungdo")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    zone_lines = [s.split() for s in lines if s.startswith("    eez ")]
    assert [z[1] for z in zone_lines].count("JPN") == 1  # one JPN EEZ line, not two
    jpn = next(z for z in zone_lines if z[1] == "JPN")
    assert jpn[jpn.index("status:") + 1] == "disputed" and "P=0.65" in jpn  # over the annulus sector
    i = next(k for k, s in enumerate(lines) if s.split()[:2] == ["eez", "JPN"])
    parts = [s.split() for s in lines[i + 1:i + 3]]
    assert [q[:2] for q in parts] == [["part", "takeshima"], ["part", "JPN"]]
    assert "P=0.43" in parts[0] and "(centre)" in lines[i + 1]  # over the annulus sector
    # every other zone there has one label: no part lines for it
    assert sum(s.startswith("      part ") for s in lines) == 2
    # a point in one label: no part lines at all
    p = run("where", "about 210 km west of Oshima-Oshima")
    assert p.returncode == 0 and "part " not in p.stdout and "    eez " in p.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("where", "210 km west of Atlantis"), "unknown place 'Atlantis'"),
     (("where", "95N 140E"), "latitude 95"),
     (("where", "210 km of Okushiri"), "no direction"),
     (("events", "--events", "/nonexistent/events.csv"), "No such file")],
)
def test_user_errors_are_one_line_without_traceback(args, needle):
    p = run(*args)
    assert p.returncode == 2
    assert needle in p.stderr
    assert "Traceback" not in p.stderr


def test_events_json_and_csv():
    p = run("events", "--json")
    assert p.returncode == 0, p.stderr
    recs = json.loads(p.stdout)
    assert len(recs) >= 40
    r = next(r for r in recs if r["id"] == "2022-11-18-prk-1")
    assert r["date"] == "2022-11-18" and r["apogee_km"] == pytest.approx(6000, rel=0.05)
    assert {"id", "date", "time_utc", "actor", "system", "impact_statement", "source"} <= set(r)
    p = run("events", "--csv")
    assert p.returncode == 0 and p.stdout.startswith("id,date,time_utc,actor")
    assert len(p.stdout.strip().splitlines()) == len(recs) + 1


def test_events_table():
    p = run("events")
    assert p.returncode == 0 and "Hwasong-17" in p.stdout and "missiles" in p.stdout


def test_where_on_a_date_lists_the_regimes_in_force_that_day():
    # the Beibu Gulf common fishing zone (2004-06-30 .. 2019-06-30) holds 19.27 N 107.25 E
    during = json.loads(run("where", "--json", "--on", "2010-05-01", "19.27N 107.25E").stdout)
    after = json.loads(run("where", "--json", "--on", "2021-05-01", "19.27N 107.25E").stdout)
    assert [r["regime"] for r in during["regimes"]] == ["CHN-VNM-2000-CFZ"]
    assert during["regimes"][0]["parties"] == ["CHN", "VNM"]
    assert after["regimes"] == []
    assert during["zones"] == after["zones"]  # a regime is no owner: the zones stay
    bad = run("where", "--on", "2010-13-01", "19.27N 107.25E")
    assert bad.returncode == 2 and "expected a date YYYY-MM-DD" in bad.stderr
