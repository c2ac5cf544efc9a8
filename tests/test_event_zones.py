"""Reported against computed zones, and the UTC and local dates of every catalogue row."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from geo._paths import data_path
from geo.catalogue import AUTHORITY_UTC_OFFSET_H, events
from geo.catalogue_zones import zone_checks

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
#: "07:53 JST on 3 Aug 2016 = 22:53 UTC on 2 Aug" / "10:48 KST = 01:48 UTC" / "15:00 CST".
LOCAL_RE = re.compile(r"(\d{1,2}):(\d{2}) (JST|KST|CST|TWT)(?: on (\d{1,2}) ([A-Z][a-z]{2}) "
                      r"(\d{4}))? = (\d{1,2}):(\d{2}) UTC")
ZONE_OFFSETS_H = {"JST": 9, "KST": 9, "CST": 8, "TWT": 8}


@pytest.fixture(scope="module")
def ev():
    return events()


@pytest.fixture(scope="module")
def checks(ev):
    return zone_checks(ev)


@pytest.fixture(scope="module")
def rows():
    with data_path("events.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_reported_zone_agrees_or_carries_its_explanation(ev, checks):
    table = checks[checks["basis"] == "point"]  # derived shapes: tests/test_derived_shapes.py
    with_zone = ev[(ev["reported_zone"] != "") & ev["impact_lon"].notna()]
    assert len(table) == len(with_zone) >= 30
    bad = table[~table["agree"] & (table["zone_explanation"] == "")]
    assert bad.empty, f"reported zone disagrees, no explanation: {bad.to_dict('records')}"
    # the explanations are about the disagreement: they name what was reported
    for r in table[~table["agree"]].itertuples():
        text = r.zone_explanation.lower()
        assert r.relation in text or "reported" in text, r.id
    # most rows agree: a broken zone model or parser cannot hide behind explanations
    assert table["agree"].mean() >= 0.85


def test_the_six_rows_of_the_issue_are_corrected_or_explained(ev, checks):
    table = checks.set_index("id")
    explained = ev.set_index("id")["zone_explanation"]
    for eid in ("2016-09-05-prk-2", "2022-11-02-prk-1", "2023-03-15-prk-1",
                "2024-10-30-prk-1"):
        assert not table.at[eid, "agree"] and explained[eid], eid
    # 2017-05-28: the point now comes from the statement's own distances, and agrees
    assert table.at["2017-05-28-prk-1", "agree"]
    assert explained["2017-05-28-prk-1"] == ""
    # 2023-04-12: no zone reported; the derived point's limits are recorded
    assert "2023-04-12-prk-1" not in table.index and explained["2023-04-12-prk-1"]


def _expected_local(row) -> dt.date:
    day = dt.date.fromisoformat(row["date"])
    authority = row["reporting_authority"].split()[0].upper()
    if not row["time_utc"] or authority not in AUTHORITY_UTC_OFFSET_H:
        return day
    hh, mm = map(int, row["time_utc"].split(":"))
    stamp = dt.datetime.combine(day, dt.time(hh, mm))
    return (stamp + dt.timedelta(hours=AUTHORITY_UTC_OFFSET_H[authority])).date()


def test_utc_and_local_dates_are_right_for_every_row(ev, rows):
    """``date`` is the UTC date; ``date_local`` is the date in the reporting authority's
    zone; where the note quotes the local time, the local clock and date it states give
    both (e.g. '07:53 JST on 3 Aug 2016 = 22:53 UTC' -> UTC 2 Aug, local 3 Aug)."""
    local = dict(zip(ev["id"], ev["date_local"], strict=True))
    quoted = 0
    for r in rows:
        assert local[r["id"]] == _expected_local(r).isoformat(), r["id"]
        m = LOCAL_RE.search(r["source_note"])
        if not m or not r["time_utc"]:
            continue
        lh, lm, zone, d, mon, y, uh, um = m.groups()
        offset = ZONE_OFFSETS_H[zone]
        local_day = (dt.date(int(y), MONTHS[mon], int(d)) if d
                     else dt.date.fromisoformat(local[r["id"]]))
        local_stamp = dt.datetime.combine(local_day, dt.time(int(lh), int(lm)))
        utc_stamp = local_stamp - dt.timedelta(hours=offset)
        assert utc_stamp.date().isoformat() == r["date"], (
            f"{r['id']}: {lh}:{lm} {zone} on {local_day} is UTC {utc_stamp}, not {r['date']}")
        assert f"{utc_stamp:%H:%M}" == r["time_utc"] == f"{int(uh):02d}:{um}", r["id"]
        assert local_day.isoformat() == local[r["id"]], r["id"]
        if local_day.isoformat() != r["date"]:
            assert d, f"{r['id']}: the local date differs from the UTC date; the note must say it"
        quoted += 1
    assert quoted >= 30
