"""Every claim kept: ``data/event_claims.csv``, the preference rule and what shows it."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from geo._paths import data_path
from geo.catalogue import event_claims, events, read_events
from geo.catalogue_claims import (
    CLAIM_COLUMNS,
    CLAIM_FIELDS,
    claims_by_event,
    preferred_claims,
    read_claims,
)
from geo.errors import DataValidationError
from geo.location import locate
from layers.claims import claims_html

URL_RE = re.compile(r"https?://[^\s;,\"']+")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return event_claims()


@pytest.fixture(scope="module")
def shipped_rows() -> dict[str, dict[str, str]]:
    with data_path("events.csv").open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_file_has_the_columns_in_order_and_every_row_is_valid(shipped_rows):
    with data_path("event_claims.csv").open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == list(CLAIM_COLUMNS)
    table, rejected = read_claims(data_path("event_claims.csv"), event_ids=shipped_rows)
    assert rejected == []
    assert len(table) >= 40
    assert set(table["field"]) <= set(CLAIM_FIELDS)


def test_every_claim_cites_where_it_was_seen(claims):
    for r in claims.itertuples():
        assert URL_RE.search(r.source), f"row {r.row}: {r.source!r} has no URL"
        assert r.authority.strip(), f"row {r.row}: no authority"


def test_every_position_claim_parses(claims):
    for r in claims[claims["field"] == "impact_query"].itertuples():
        loc = locate(r.value)
        assert loc.sigma_km > 0, r.value


def test_one_preferred_claim_per_event_and_field_and_the_csv_shows_it(claims, shipped_rows):
    """The shipped columns equal the preferred claims, so a reader of events.csv alone sees
    the same values as geo.events()."""
    live = claims[~claims["status"].isin(["corrected", "withdrawn"])]
    for (eid, field), group in claims.groupby(["event_id", "field"]):
        n = int(group["preferred"].sum())
        has_live = not live[(live["event_id"] == eid) & (live["field"] == field)].empty
        assert n == (1 if has_live else 0), f"{eid} {field}: {n} preferred claims"
        if n:
            value = group.loc[group["preferred"], "value"].iloc[0]
            assert shipped_rows[eid][field] == value, (
                f"{eid}: {field} is {shipped_rows[eid][field]!r} in events.csv but the "
                f"preferred claim is {value!r}")


def test_the_issues_examples_are_kept(claims):
    def values(eid, field):
        sub = claims[(claims["event_id"] == eid) & (claims["field"] == field)]
        return dict(zip(sub["value"], sub["authority"], strict=True)), sub

    # 2022-11-18: the Coast Guard's in-flight 210 km and the MOD's later 200 km
    got, sub = values("2022-11-18-prk-1", "impact_query")
    assert got["about 210 km W of Oshima-Oshima"] == "JPN Coast Guard"
    assert got["about 200 km W of Oshima-Oshima"] == "JPN MOD"
    assert sub.loc[sub["preferred"], "value"].tolist() == ["about 200 km W of Oshima-Oshima"]
    # 2023-03-16: Kyodo's 250 km (first) and Jiji's 200 km (later), both the MOD's
    _, sub = values("2023-03-15-prk-1", "impact_query")
    kyodo = sub[sub["source"].str.contains("Kyodo")]
    jiji = sub[sub["source"].str.contains("Jiji")]
    assert kyodo["value"].tolist() == ["about 250 km W of Oshima-Oshima"]
    assert jiji["value"].tolist() == ["about 200 km W of Oshima-Oshima"]
    assert jiji["preferred"].all() and not kyodo["preferred"].any()
    # ROK and Japan give different apogees for the same flights
    apo = claims[claims["field"] == "apogee_km"]
    differ = [eid for eid, g in apo.groupby("event_id")
              if {"ROK JCS", "JPN MOD"} <= set(g["authority"])
              and g.loc[g["authority"] == "ROK JCS", "value"].iloc[0]
              != g.loc[g["authority"] == "JPN MOD", "value"].iloc[0]]
    assert {"2022-11-18-prk-1", "2022-03-24-prk-1"} <= set(differ)


def _claims(rows):
    df = pd.DataFrame(rows, columns=["event_id", "field", "value", "authority", "stated_at",
                                     "status"])
    df["source"], df["note"] = "s", ""
    df["row"] = range(1, len(df) + 1)
    return df


def test_rule_prefers_the_reporting_authoritys_latest_uncorrected_statement():
    df = _claims([
        ("e", "range_km", "900", "ROK JCS", "2024-01-03", ""),  # later, but not the reporter
        ("e", "range_km", "1000", "JPN MOD", "2024-01-01", ""),
        ("e", "range_km", "1100", "JPN MOD", "2024-01-02", "corrected"),  # later, corrected
        ("e", "apogee_km", "50", "JPN MOD", "2024-01-01T10:00+09:00", ""),
        ("e", "apogee_km", "60", "JPN MOD", "2024-01-01", ""),  # untimed sorts first that day
        ("e", "time_utc", "01:00", "JPN MOD", "2024-01-01", ""),
        ("e", "time_utc", "01:01", "JPN MOD", "2024-01-01", ""),  # same stamp: file order
        ("f", "range_km", "10", "ROK JCS", "2024-01-01", ""),  # no claim by the reporter
        ("f", "range_km", "20", "PRK KCNA", "2024-01-02", ""),
        ("g", "range_km", "5", "JPN MOD", "2024-01-01", "withdrawn"),  # nothing preferred
    ])
    pick = preferred_claims(df, {"e": "JPN MOD", "f": "JPN MOD", "g": "JPN MOD"})
    chosen = {(r.event_id, r.field): r.value for r in df[pick].itertuples()}
    assert chosen == {("e", "range_km"): "1000", ("e", "apogee_km"): "50",
                      ("e", "time_utc"): "01:01", ("f", "range_km"): "20"}
    # a timed statement is ordered in UTC, whatever offset it is written in
    df2 = _claims([("e", "range_km", "1", "A", "2024-01-01T08:00+09:00", ""),
                   ("e", "range_km", "2", "A", "2024-01-01T00:30Z", "")])
    assert df2[preferred_claims(df2, {"e": "A"})]["value"].tolist() == ["2"]


def test_the_preferred_claim_overrides_the_column(tmp_path):
    from geo.catalogue import COLUMNS

    path = tmp_path / "user.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerow({c: "" for c in COLUMNS} | {
            "id": "u1", "date": "2023-01-01", "actor": "PRK", "system": "x", "count": "1",
            "impact_statement": "fell 300 km E of Wonsan", "impact_query": "300 km E of Wonsan",
            "reporting_authority": "JPN MOD", "source": "test 2023"})
    claims_path = tmp_path / "claims.csv"
    claims_path.write_text(
        "event_id,field,value,authority,stated_at,status,source,note\n"
        "u1,impact_query,300 km E of Wonsan,JPN MOD,2023-01-01,,https://a.example/1,\n"
        "u1,impact_query,350 km E of Wonsan,JPN MOD,2023-01-02,,https://a.example/2,\n"
        "u1,apogee_km,not a number,ROK JCS,2023-01-01,,https://a.example/3,\n"
        "u2,range_km,10,ROK JCS,2023-01-01,,https://a.example/4,\n"
        "u1,range_km,10,ROK JCS,2023-13-01,,https://a.example/5,\n"
        "u1,colour,red,ROK JCS,2023-01-01,,https://a.example/6,\n", encoding="utf-8")
    table, rejected = read_claims(claims_path, event_ids={"u1"})
    assert {(e.row, e.field) for e in rejected} == {(3, "value"), (4, "event_id"),
                                                     (5, "stated_at"), (6, "field")}
    frame, _ = read_events(path, claims=table)
    assert frame.loc[0, "impact_query"] == "350 km E of Wonsan"
    plain = events(path)
    assert plain.loc[0, "impact_query"] == "300 km E of Wonsan"
    assert frame.loc[0, "impact_lon"] > plain.loc[0, "impact_lon"]
    with pytest.raises(DataValidationError, match="row 3: value"):
        events(path, claims=claims_path)


def test_claims_html_lists_every_claim_escaped(claims):
    by = claims_by_event(claims)
    html = claims_html(by["2022-11-18-prk-1"])
    assert html.count("<li>") == len(by["2022-11-18-prk-1"])
    assert "about 210 km W of Oshima-Oshima" in html and "JPN Coast Guard" in html
    assert "<b>about 200 km W of Oshima-Oshima</b> (preferred)" in html
    assert '<a href="https://www.asahi.com/' in html
    evil = claims_html([{"field": "impact_query", "value": "<script>x</script>",
                         "authority": "A&B", "stated_at": "2024-01-01", "status": "",
                         "source": "javascript:alert(1)", "preferred": False}])
    assert "<script>" not in evil and "&lt;script&gt;" in evil and "A&amp;B" in evil
    assert "href" not in evil
    assert claims_html([]) == ""
