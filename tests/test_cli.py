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
    for z in ans["zones"]:
        assert set(z) >= {"kind", "state", "perspective", "claimants", "status", "probability"}
        assert z["kind"] in ("territorial_sea", "contiguous_zone", "eez")
        assert 0.0 <= z["probability"] <= 1.0
    first = ans["nearest_places"][0]
    assert set(first) == {"id", "name", "distance_km", "bearing_deg"}
    assert first["id"] == "oshima_oshima"
    assert first["distance_km"] == pytest.approx(210, abs=0.01)
    assert first["bearing_deg"] == pytest.approx(270, abs=0.01)


def test_where_text_output():
    p = run("where", "80km", "NNW", "of", "Yonaguni")
    assert p.returncode == 0, p.stderr
    assert "Yonaguni" in p.stdout and "nearest places" in p.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [(("where", "210 km west of Atlantis"), "unknown place 'Atlantis'"),
     (("where", "95N 140E"), "latitude 95"),
     (("where", "210 km of Okushiri"), "missing direction"),
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
