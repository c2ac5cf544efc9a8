"""``launchmap range-estimate`` and ``launchmap reach``."""

from __future__ import annotations

import json

import pytest

from layers.cli import main


def test_range_estimate_json(capsys):
    assert main(["range-estimate", "--apogee", "6000", "--range", "1000", "--time", "69",
                 "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert 15000 < d["max_range_km"] < 16500
    assert d["burnout_speed_km_s"] == pytest.approx(7.797, abs=0.01)
    assert 80 < d["burnout_angle_deg"] < 90
    assert d["inputs"] == {"apogee_km": 6000.0, "range_km": 1000.0, "flight_time_min": 69.0,
                           "fit": "range", "burnout_altitude_km": 0.0, "rotation": False,
                           "launch_lat": None, "azimuth_deg": None}
    assert len(d["assumptions"]) >= 5


def test_range_estimate_text(capsys):
    assert main(["range-estimate", "--apogee", "3700", "--range", "998", "--time", "47"]) == 0
    out = capsys.readouterr().out
    assert "apogee            3,700 km" in out
    assert "max range         7,961 km" in out
    assert "assumptions" in out and "reported - model: +4.1 min" in out


def test_range_estimate_with_rotation_and_time_fit(capsys):
    assert main(["range-estimate", "--apogee", "3700", "--time", "47", "--fit", "time",
                 "--rotation", "40.6", "60", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["rotation"] and d["rotation_speed_km_s"] > 0
    assert d["fit"] == "time" and d["implied_range_km"] > 5000


@pytest.mark.parametrize("argv", [
    ["range-estimate", "--apogee", "0", "--range", "1000"],
    ["range-estimate", "--apogee", "1000", "--range", "25000"],
    ["range-estimate", "--apogee", "1000"],
])
def test_range_estimate_errors(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("launchmap range-estimate: error:")


def test_reach_json(capsys):
    assert main(["reach", "Sunan", "--range", "1000", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    iso = {c["iso3"]: c for c in d["countries"]}
    assert iso["KOR"]["fraction"] == pytest.approx(1.0, abs=1e-6)
    assert 0 < iso["JPN"]["fraction"] < 1
    assert all({"iso3", "name", "fraction"} <= set(c) for c in d["countries"])
    assert all({"id", "name", "distance_km"} <= set(p) for p in d["places"])
    assert max(p["distance_km"] for p in d["places"]) <= 1000


def test_reach_text_with_coordinates(capsys):
    assert main(["reach", "35.96,128.17", "--range", "200", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "within 200 km" in out and "KOR" in out
    assert "more (use --json for all)" in out


def test_reach_unknown_origin(capsys):
    assert main(["reach", "Atlantis", "--range", "100"]) == 2
    assert "unknown place 'Atlantis'" in capsys.readouterr().err
