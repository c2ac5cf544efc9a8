"""Importers of public launch databases: small files built here in each source's format."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

import geo
from geo.catalogue import COLUMNS
from geo.catalogue_import import write_catalogue
from geo.errors import DataValidationError
from geo.gazetteer import find_place
from geo.geodesy import inverse

openpyxl = pytest.importorskip("openpyxl")

#: The header of the CNS sheet "Missile Tests" (the columns the issue names, plus the
#: database's bookkeeping columns, which must be kept as cns_* columns).
CNS_HEADER = ["F1", "Date", "Date Entered/Updated", "Launch Time (UTC)", "Missile Name",
              "Missile Type", "Launch Agency/Authority", "Facility Name", "Facility Location",
              "Facility Latitude", "Facility Longitude", "Landing Location", "Apogee",
              "Distance Travelled", "Confirmation Status", "Test Outcome",
              "Additional Information", "Source(s)"]


def _workbook(path, rows, sheet="Missile Tests"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(CNS_HEADER)
    for r in rows:
        ws.append(r)
    book.create_sheet("Read Me").append(["not the data"])
    book.save(path)
    return path


GOOD_CNS = [
    [101, dt.datetime(2022, 11, 18), "2022-11-20", dt.time(1, 14), "Hwasong-17", "ICBM",
     "Strategic Force", "Sunan Airfield", "Pyongyang", 39.2, 125.67,
     "about 200 km west of Oshima-Oshima", "6,100 km", "1,000 km", "Confirmed", "Success",
     "Lofted trajectory", "https://example.org/cns-a"],
    [102, "2017-05-13", "2017-05-20", "20:28", "Hwasong-12", "IRBM", "", "Kusong", "",
     40.01, 125.22, "Sea of Japan/East Sea", 2111.5, "787", "Confirmed", "Success", "",
     "https://example.org/cns-b"],
]


def test_cns_workbook_maps_to_the_catalogue_and_keeps_unmapped_fields(tmp_path):
    frame, rejected = geo.read_cns(_workbook(tmp_path / "cns.xlsx", GOOD_CNS))
    assert rejected == []
    assert set(COLUMNS) <= set(frame.columns) and frame.crs.to_epsg() == 4326
    a = frame[frame["system"].str.startswith("Hwasong-17")].iloc[0]
    assert a["id"] == "2022-11-18-prk-1" and a["time_utc"] == "01:14"
    assert a["system"] == "Hwasong-17 (ICBM)" and a["actor"] == "PRK"
    assert a["apogee_km"] == 6100 and a["range_km"] == 1000
    assert (a["launch_lat"], a["launch_lon"]) == (39.2, 125.67)
    assert a["impact_basis"] == "stated"
    p = find_place("Oshima-Oshima")
    az, d = inverse(p.lon, p.lat, a["impact_lon"], a["impact_lat"])
    assert d == pytest.approx(200e3, rel=0.01) and az == pytest.approx(270, abs=0.5)
    assert "Confirmation Status: Confirmed" in a["notes"] and "Success" in a["notes"]
    assert a["cns_f1"] == "101" and a["cns_launch_agency_authority"] == "Strategic Force"
    assert a["cns_facility_location"] == "Pyongyang"
    # a bare sea name says where it went, not where it fell: no impact point
    b = frame[frame["system"].str.startswith("Hwasong-12")].iloc[0]
    assert b["impact_basis"] == "none" and b.geometry is None
    assert b["impact_statement"] == "Sea of Japan/East Sea" and b["apogee_km"] == 2111.5


def test_cns_malformed_rows_are_reported_with_sheet_row_and_field(tmp_path):
    bad = [
        GOOD_CNS[0],
        [3, "not a date", "", "25:00", "KN-23", "SRBM", "", "", "", 95, 125.2, "", "abc", "",
         "", "", "", ""],
        [4, "2019-10-02", "", "", "Pukguksong-3", "SLBM", "", "", "", 39.0, 128.0,
         "about 350 km N of Atlantis", "900", "450", "", "", "", "https://example.org/c"],
    ]
    path = _workbook(tmp_path / "cns.xlsx", bad)
    frame, rejected = geo.read_cns(path)
    assert sorted(frame["system"]) == ["Hwasong-17 (ICBM)", "Pukguksong-3 (SLBM)"]
    got = {(e.row, e.field) for e in rejected}
    # spreadsheet rows: the header is row 1
    assert {(3, "Date"), (3, "Launch Time (UTC)"), (3, "Facility Latitude"),
            (3, "Apogee")} <= got
    assert all(e.file == f"{path}[Missile Tests]" for e in rejected)
    # words that do not parse are kept as the statement, with no fall point
    assert (4, "impact_query") not in got
    slbm = frame[frame["system"].str.startswith("Pukguksong")].iloc[0]
    assert slbm["impact_basis"] == "none" and "Atlantis" in slbm["impact_statement"]
    with pytest.raises(DataValidationError, match=r"\[Missile Tests\]: row 3: Date"):
        geo.read_cns(path, strict=True)


def test_cns_without_the_sheet_or_columns_is_refused(tmp_path):
    with pytest.raises(DataValidationError, match="no sheet 'Missile Tests'"):
        geo.read_cns(_workbook(tmp_path / "x.xlsx", GOOD_CNS, sheet="Tests"))
    path = tmp_path / "cns.csv"
    path.write_text("Launch Time (UTC),Apogee\n01:00,5\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="missing column.*Date.*Missile Name"):
        geo.read_cns(path)


def test_cns_sheet_as_csv_reads_the_same(tmp_path):
    path = tmp_path / "cns.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CNS_HEADER)
        row = list(GOOD_CNS[0])
        row[1], row[3] = "11/18/2022", "01:14"
        w.writerow(row)
    frame, rejected = geo.read_cns(path)
    assert rejected == [] and list(frame["id"]) == ["2022-11-18-prk-1"]


ATTACK_HEADER = ("time_start,time_end,model,launch_place,target,launched,destroyed,"
                 "not_reach_goal,is_shahed,source\n")


def test_attack_table_maps_times_from_kyiv_to_utc_and_keeps_fields(tmp_path):
    path = tmp_path / "attacks.csv"
    path.write_text(ATTACK_HEADER
                    + "2022-11-15 15:00,2022-11-15 19:00,X-101/X-555,Caspian Sea,Kyiv,96,77,,0,"
                      "https://example.org/af\n"
                    + "2024-07-08 05:30,2024-07-08 11:00,Kh-101,Saratov oblast,Ukraine,13,11,"
                      "2,0,\n"
                    + "2024-01-01,,Shahed-136/131,Primorsko-Akhtarsk,Ukraine,10,9,1,1,\n",
                    encoding="utf-8")
    frame, rejected = geo.read_attack_table(path)
    assert rejected == []
    kyiv = frame[frame["system"] == "X-101/X-555"].iloc[0]
    # 15:00 EET (UTC+2) in November; 05:30 EEST (UTC+3) in July
    assert kyiv["date"].date() == dt.date(2022, 11, 15) and kyiv["time_utc"] == "13:00"
    summer = frame[frame["system"] == "Kh-101"].iloc[0]
    assert summer["time_utc"] == "02:30" and summer["count"] == 13
    assert kyiv["actor"] == "RUS" and kyiv["count"] == 96
    assert kyiv["impact_basis"] == "stated" and kyiv["impact_place"] == "kyiv"
    assert kyiv["attacks_launch_place"] == "Caspian Sea" and kyiv["attacks_destroyed"] == "77"
    assert summer["impact_basis"] == "none"  # "Ukraine": no fall point
    assert summer["attacks_not_reach_goal"] == "2" and summer["attacks_is_shahed"] == "0"
    day_only = frame[frame["system"] == "Shahed-136/131"].iloc[0]
    assert day_only["date"].date() == dt.date(2024, 1, 1) and day_only["time_utc"] == ""


def test_attack_table_bad_rows_are_named(tmp_path):
    path = tmp_path / "attacks.csv"
    path.write_text(ATTACK_HEADER + "2022-11-15 15:00,,X-101,,Kyiv,96,77,,,\n"
                    + "yesterday,,X-101,,Kyiv,zero,,,,\n", encoding="utf-8")
    frame, rejected = geo.read_attack_table(path)
    assert len(frame) == 1
    assert {(e.row, e.field) for e in rejected} == {(3, "time_start"), (3, "launched")}


def test_imported_catalogue_round_trips_through_events(tmp_path):
    frame, _ = geo.read_cns(_workbook(tmp_path / "cns.xlsx", GOOD_CNS))
    out = tmp_path / "imported.csv"
    assert write_catalogue(frame, out) == 2
    with out.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:len(COLUMNS)] == list(COLUMNS) and "cns_f1" in header
    again = geo.events(out)
    assert list(again["id"]) == list(frame["id"])
    assert again["impact_lat"].tolist()[1] == pytest.approx(frame["impact_lat"].tolist()[1])
