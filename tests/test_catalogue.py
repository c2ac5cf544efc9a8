"""Event catalogue loader: the shipped catalogue and the reporting of bad rows."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from geo.catalogue import COLUMNS, events, read_events
from geo.errors import DataValidationError
from geo.gazetteer import find_place
from geo.geodesy import inverse


@pytest.fixture(scope="module")
def ev():
    return events()


def test_shipped_catalogue_loads_as_geodataframe(ev):
    assert len(ev) >= 40
    assert ev.crs.to_epsg() == 4326
    assert ev["id"].is_unique
    assert set(COLUMNS) <= set(ev.columns)
    # rows with a point: not 'none', and not a derived shape (geo.catalogue_derived)
    located = (ev["impact_basis"] != "none") & (ev["impact_shape"] == "")
    assert located.sum() >= 40
    assert ev.geometry[located].notna().all()
    assert ev.geometry[located].geom_type.eq("Point").all()
    assert ev["impact_sigma_km"][located].gt(0).all()
    # a row without a stated fall point has no geometry and no impact numbers: never a guess
    assert ev.geometry[~located].isna().all()
    assert ev.loc[~located, ["impact_lon", "impact_lat", "impact_sigma_km"]].isna().all().all()
    assert ev["date"].is_monotonic_increasing
    assert "launch_geometry" in ev.columns


def test_seed_hwasong17_2022_11_18(ev):
    row = ev[(ev["date_local"] == "2022-11-18") & ev["system"].str.contains("Hwasong-17")]
    assert len(row) == 1
    r = row.iloc[0]
    assert "Oshima-Oshima" in r["impact_statement"]
    assert r["impact_place"] == "oshima_oshima"
    # the parsed impact lies ~200 km west of Oshima-Oshima, in the Sea of Japan
    p = find_place("oshima_oshima")
    az, dist = inverse(p.lon, p.lat, r["impact_lon"], r["impact_lat"])
    assert dist == pytest.approx(200_000, rel=0.01) and az == pytest.approx(270, abs=0.5)
    assert r["apogee_km"] == pytest.approx(6000, rel=0.05)
    assert r["flight_time_min"] == pytest.approx(69, abs=1)
    assert r["reported_zone"] == "inside:JPN:eez"


def test_seed_dates_in_local_time(ev):
    local = set(ev["date_local"])
    for day in ("2017-07-04", "2017-07-28", "2022-11-17", "2022-11-18", "2022-08-04",
                "2022-11-15", "2017-08-29", "2017-09-15", "2022-10-04"):
        assert day in local, day
    pla = ev[(ev["date_local"] == "2022-08-04") & (ev["actor"] == "CHN")]
    assert pla["count"].sum() == 9
    assert pla.loc[pla["reported_zone"] == "inside:JPN:eez", "count"].sum() == 5
    przewodow = ev[ev["reported_zone"] == "land:POL"]
    assert len(przewodow) == 1 and przewodow.iloc[0]["date_local"] == "2022-11-15"


def test_datetime_utc_and_local_date(ev):
    r = ev[ev["id"] == "2017-08-28-prk-1"].iloc[0]
    assert r["datetime_utc"].isoformat() == "2017-08-28T20:58:00+00:00"
    assert r["date_local"] == "2017-08-29"  # Japan's date of the Hokkaido overflight


def _write(tmp_path, rows, columns=COLUMNS):
    path = tmp_path / "user.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns))
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})
    return path


GOOD = {"id": "u1", "date": "2023-01-01", "actor": "PRK", "system": "KN-25", "count": "1",
        "launch_site": "sunan", "impact_statement": "fell 350 km east of Wonsan",
        "impact_query": "350 km E of Wonsan", "source": "test"}


def test_bad_rows_are_each_reported_and_good_rows_kept(tmp_path):
    rows = [
        GOOD,
        {**GOOD, "id": "u2", "date": "2023-13-01"},
        {**GOOD, "id": "u3", "impact_query": "350 km E of Atlantis"},
        {**GOOD, "id": "u4", "actor": "Korea", "count": "0"},
        {**GOOD, "id": "u5", "impact_query": "", "impact_lat": "95", "impact_lon": "130"},
        {**GOOD, "id": "u1"},
        {**GOOD, "id": "u7", "reported_zone": "in Japan"},
        {**GOOD, "id": "u8", "date": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
    ]
    frame, rejected = read_events(_write(tmp_path, rows))
    assert list(frame["id"]) == ["u1"]
    by_row = {(e.row, e.field) for e in rejected}
    assert (2, "date") in by_row
    assert (3, "impact_query") in by_row
    assert (4, "actor") in by_row and (4, "count") in by_row
    assert (5, "impact_lat") in by_row
    assert (6, "id") in by_row
    assert (7, "reported_zone") in by_row
    assert (8, "date") in by_row
    assert all(e.file.endswith("user.csv") for e in rejected)
    assert any("Atlantis" in e.reason for e in rejected)
    with pytest.raises(DataValidationError) as info:
        read_events(_write(tmp_path, rows), strict=True)
    assert "row 3: impact_query" in str(info.value)


def test_missing_required_columns(tmp_path):
    path = _write(tmp_path, [GOOD], columns=("id", "system"))
    with pytest.raises(DataValidationError, match="date,actor"):
        read_events(path)


def test_ragged_row_is_rejected(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,date,actor,system,impact_query\nx,2023-01-01,PRK,KN-25\n", encoding="utf-8")
    frame, rejected = read_events(path)
    assert frame.empty and rejected and rejected[0].row == 1
