"""The JSON contracts: every ``--json`` answer of every command, run as users run it (a
subprocess on the shipped data), validates against its shipped JSON Schema, keeps the six
``where`` keys first and has no float with more decimals than the rounding rule allows."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import jsonschema  # noqa: E402 - a test dependency (pyproject test extra)
import pytest

from geo.flight.ballistic import MU_KM3_S2, OMEGA_EARTH_RAD_S, R_EARTH_KM  # noqa: E402
from geo.report import decimals, float_decimals, round_floats, schema, schema_names  # noqa: E402

WHERE_KEYS = ["query", "lat", "lon", "sigma_km", "zones", "nearest_places"]
WHERE_ZONE_KEYS = ["kind", "state", "perspective", "claimants", "status", "probability"]

#: (case id, schema name, command line): every command with --json, on real inputs.
CASES = [
    ("where-relative", "where", ["where", "about 210 km west of Oshima-Oshima", "--json"]),
    ("where-senkaku-chn", "where", ["where", "Uotsuri-shima", "--perspective", "CHN", "--json"]),
    ("where-senkaku-admin", "where", ["where", "Uotsuri-shima", "--json"]),
    ("where-land", "where", ["where", "Pyongyang", "--json"]),
    ("where-japanese", "where", ["where", "渡島大島の西約200km", "--json"]),
    ("where-uncovered", "where", ["where", "10N 60W", "--json"]),
    ("where-two-parts", "where",
     ["where", "about 350 km northeast of Ulleungdo", "--perspective", "JPN", "--json"]),
    ("events", "events", ["events", "--json"]),
    ("areas", "areas", ["areas", "--perspective", "JPN", "--json"]),
    ("range", "range-estimate",
     ["range-estimate", "--apogee", "6000", "--range", "1000", "--time", "69", "--json"]),
    ("range-time-rotation", "range-estimate",
     ["range-estimate", "--apogee", "3700", "--time", "47", "--fit", "time",
      "--rotation", "40.6", "60", "--json"]),
    ("reach-place", "reach", ["reach", "Sunan", "--range", "1000", "--json"]),
    ("reach-coordinates", "reach", ["reach", "35.96,128.17", "--range", "200", "--json"]),
]


def launchmap(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "layers.cli", *args],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def outputs() -> dict[str, tuple[str, object]]:
    """Case id -> (schema name, parsed JSON answer), each command run once."""
    out = {}
    for case, name, argv in CASES:
        p = launchmap(*argv)
        assert p.returncode == 0, f"{case}: {p.stderr}"
        out[case] = (name, json.loads(p.stdout))
    return out


def validator(name: str):
    s = schema(name)
    cls = jsonschema.validators.validator_for(s)
    assert cls is jsonschema.Draft202012Validator
    return cls(s, format_checker=cls.FORMAT_CHECKER)


def test_shipped_schemas_are_valid_draft_2020_12():
    assert schema_names() == ("areas", "events", "range-estimate", "reach", "where")
    for name in schema_names():
        s = schema(name)
        jsonschema.Draft202012Validator.check_schema(s)
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert s["title"].startswith("launchmap ")


def test_every_json_command_has_a_schema_and_a_case():
    """A command that gains ``--json`` must ship a schema and be run here."""
    from layers.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    with_json = {cmd for cmd, p in sub.choices.items()
                 if any("--json" in a.option_strings for a in p._actions)}
    assert with_json == set(schema_names())
    assert {name for _, name, _ in CASES} == with_json


@pytest.mark.parametrize("case", [c for c, _, _ in CASES])
def test_output_validates_against_its_schema(outputs, case):
    name, answer = outputs[case]
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in validator(name).iter_errors(answer)]
    assert not errors, errors


def test_cases_cover_what_they_claim(outputs):
    senkaku = outputs["where-senkaku-chn"][1]
    assert any(z["status"] == "disputed" and z["state"] == "CHN" and z["perspective"] == "CHN"
               and z["claimants"] == ["CHN", "JPN", "TWN"] for z in senkaku["zones"])
    admin = outputs["where-senkaku-admin"][1]
    assert {z["state"] for z in admin["zones"]} == {"JPN"}
    land = outputs["where-land"][1]
    assert land["on_land"] == "PRK" and land["zones"] == []
    assert outputs["where-uncovered"][1]["covered"] is False
    # one item per (kind, state); Japan's EEZ under Japan's view is two labels
    two = outputs["where-two-parts"][1]["zones"]
    assert len({(z["kind"], z["state"]) for z in two}) == len(two)
    jpn = next(z for z in two if z["kind"] == "eez" and z["state"] == "JPN")
    assert sorted(q["label"] for q in jpn["parts"]) == ["JPN", "takeshima"]
    assert max(q["probability"] for q in jpn["parts"]) < jpn["probability"]
    assert jpn["probability"] <= sum(q["probability"] for q in jpn["parts"]) + 0.001
    assert len(outputs["events"][1]) >= 40
    assert outputs["range-time-rotation"][1]["rotation"] is True


@pytest.mark.parametrize("case", [c for c, n, _ in CASES if n == "where"])
def test_where_keys_come_first(outputs, case):
    assert list(outputs[case][1])[:6] == WHERE_KEYS
    for z in outputs[case][1]["zones"]:
        assert list(z) == [*WHERE_ZONE_KEYS, "parts"]


def test_where_schema_kinds_and_statuses_follow_the_zone_schema():
    """The enums of the where schema name every kind and status the zones can give."""
    from geo.zones.schema import STATUSES, ZONE_KINDS

    defs = schema("where")["$defs"]
    kinds = defs["kind"]["enum"]
    assert set(ZONE_KINDS) <= set(kinds)
    assert [k for k in kinds if k in ZONE_KINDS] == list(ZONE_KINDS)  # innermost first
    assert set(defs["status"]["enum"]) == set(STATUSES)


def _floats(value, key=""):
    """Yield (key, float) for every float in a JSON value (list items carry their list's
    key); the exact ``model`` constants of range-estimate are not results and are skipped."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "model":
                yield from _floats(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _floats(v, key)
    elif isinstance(value, float):
        yield key, value


@pytest.mark.parametrize("case", [c for c, _, _ in CASES])
def test_no_float_has_more_decimals_than_the_rule(outputs, case):
    name, answer = outputs[case]
    found = list(_floats(answer))
    assert found, "every contract holds floats"
    too_fine = [(k, v) for k, v in found if float_decimals(v) > decimals(k)]
    assert not too_fine, too_fine
    if name == "range-estimate":
        assert answer["model"] == {"earth_radius_km": R_EARTH_KM, "mu_km3_s2": MU_KM3_S2,
                                   "omega_rad_s": OMEGA_EARTH_RAD_S}


def test_probabilities_are_rounded_to_three_decimals(outputs):
    probs = [z["probability"] for c, (n, a) in outputs.items() if n == "where" for z in a["zones"]]
    assert probs and all(float_decimals(p) <= 3 for p in probs)
    first = outputs["where-relative"][1]["zones"][0]
    # over the annulus sector (200-220 km x 22.5 degrees) the point stays in Japan's EEZ
    assert first["state"] == "JPN" and first["probability"] == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize(("name", "case", "break_it"), [
    ("where", "where-relative", lambda a: a["zones"][0].update(prob=a["zones"][0].pop("probability"))),
    ("where", "where-relative", lambda a: a.update(latitude=a.pop("lat"))),
    ("where", "where-relative", lambda a: a.update(extra=1)),
    ("where", "where-relative", lambda a: a["zones"][0].update(probability=1.5)),
    ("where", "where-relative", lambda a: a.update(lat=91.0)),
    ("where", "where-relative", lambda a: a.update(lon="136.85")),
    ("where", "where-relative", lambda a: a["zones"][0].update(kind="high_seas")),
    ("where", "where-relative", lambda a: a["nearest_places"][0].pop("bearing_deg")),
    ("where", "where-two-parts", lambda a: a["zones"][0].pop("parts")),
    ("where", "where-two-parts", lambda a: a["zones"][0]["parts"][0].pop("label")),
    ("where", "where-two-parts", lambda a: a["zones"][0]["parts"][0].update(probability=-0.1)),
    ("where", "where-two-parts", lambda a: a["zones"][0]["parts"][0].update(extra=1)),
    ("where", "where-two-parts", lambda a: a["zones"][0]["parts"][0]["views"].update(JPN="Japan")),
    ("events", "events", lambda a: a[0].update(apogee=a[0].pop("apogee_km"))),
    ("events", "events", lambda a: a[0].update(date="18 Nov 2022")),
    ("events", "events", lambda a: a[0].update(count=0)),
    ("events", "events", lambda a: a[0].update(impact_lat=-91.0)),
    ("range-estimate", "range", lambda a: a.update(max_range=a.pop("max_range_km"))),
    ("range-estimate", "range", lambda a: a["inputs"].update(fit="energy")),
    ("reach", "reach-place", lambda a: a["countries"][0].update(fraction=1.2)),
    ("reach", "reach-place", lambda a: a["places"][0].update(km=a["places"][0].pop("distance_km"))),
])
def test_schemas_catch_a_renamed_key_or_a_bad_value(outputs, name, case, break_it):
    answer = copy.deepcopy(outputs[case][1])
    assert validator(name).is_valid(answer)
    break_it(answer)
    assert not validator(name).is_valid(answer)


def test_rounding_rule():
    assert decimals("lat") == decimals("impact_lon") == 6
    assert decimals("sigma_km") == decimals("distance_km") == 3
    assert decimals("area_inside_km2") == 1
    assert decimals("burnout_speed_km_s") == 3
    assert decimals("bearing_deg") == decimals("flight_time_min") == 2
    assert decimals("probability") == decimals("fraction") == decimals("land_probability") == 3
    with pytest.raises(ValueError, match="no rounding rule"):
        decimals("weight")
    got = round_floats({"probability": 0.96533203125, "lat": -1e-9, "zones": [{"sigma_km": float("nan")}],
                        "coast_km": [{"distance_km": 207.29234}], "count": 3, "hedged": True})
    assert got == {"probability": 0.965, "lat": 0.0, "zones": [{"sigma_km": None}],
                   "coast_km": [{"distance_km": 207.292}], "count": 3, "hedged": True}
    assert json.dumps(got["lat"]) == "0.0"


def test_schema_command_prints_lists_and_refuses():
    p = launchmap("schema", "where")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == schema("where")
    p = launchmap("schema")
    assert p.returncode == 0
    assert [line.split()[0] for line in p.stdout.splitlines()] == list(schema_names())
    p = launchmap("schema", "wher")
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and "unknown schema 'wher'" in p.stderr
    assert "where" in p.stderr and "Traceback" not in p.stderr
