"""The one CSV reader (geo._tables.read_table) on real files written to tmp: encodings,
line ends, over-long fields, empty and header-only files, duplicate ids, bad headers;
random field text never loses a row; the map CLI on a user CSV with bad rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo._tables import Column, choice, did_you_mean, number, read_table
from geo.catalogue import COLUMNS as EVENT_COLUMNS
from geo.catalogue import read_events
from geo.errors import DataValidationError, InvalidOptionError, RowError

COLUMNS = (Column("id"), Column("name"), Column("depth_km", number(0, 100), blank=True,
                                                default=None))


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def only_error(info: pytest.ExceptionInfo) -> RowError:
    (err,) = info.value.errors
    return err


# ------------------------------------------------------------------ encodings
def test_utf8_with_and_without_bom(tmp_path):
    text = "id,name,depth_km\na,Ōshima,1\nb,渡島大島,2\n"
    for name, enc in (("plain.csv", "utf-8"), ("bom.csv", "utf-8-sig")):
        rows, errors = read_table(write(tmp_path / name, text, enc), COLUMNS)
        assert errors == []
        assert [r["name"] for r in rows] == ["Ōshima", "渡島大島"]
        assert list(rows[0].text)[0] == "id"  # the BOM is not part of the first column name


def test_shift_jis_and_cp1252_with_encoding(tmp_path):
    sjis = write(tmp_path / "sjis.csv", "id,name,depth_km\na,渡島大島,1\n", "shift_jis")
    rows, errors = read_table(sjis, COLUMNS, encoding="shift_jis")
    assert errors == [] and rows[0]["name"] == "渡島大島"
    cp = write(tmp_path / "cp.csv", "id,name,depth_km\na,Przewodów café,1\n", "cp1252")
    rows, errors = read_table(cp, COLUMNS, encoding="cp1252")
    assert errors == [] and rows[0]["name"] == "Przewodów café"


def test_undecodable_file_is_one_error_with_the_byte_offset(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,name,depth_km\na,caf\xe9,1\n")
    with pytest.raises(DataValidationError) as info:
        read_table(path, COLUMNS)
    err = only_error(info)
    assert err.file == str(path) and err.field == "encoding"
    assert "byte offset 22" in err.reason and "(line 2)" in err.reason
    assert "UTF-8" in err.reason and "--encoding" in err.reason
    (tmp_path / "sj.csv").write_bytes(b"id,name,depth_km\na,\x80,1\n")
    with pytest.raises(DataValidationError, match="offset 19 .*as shift_jis$"):
        read_table(tmp_path / "sj.csv", COLUMNS, encoding="shift_jis")


def test_unknown_encoding_is_an_option_error(tmp_path):
    path = write(tmp_path / "t.csv", "id,name,depth_km\na,b,1\n")
    with pytest.raises(InvalidOptionError, match="'klingon'"):
        read_table(path, COLUMNS, encoding="klingon")


# ------------------------------------------------------------------ file shape
def test_crlf_and_cr_line_ends(tmp_path):
    text = 'id,name,depth_km\na,"two\nlines",1\nb,B,2\n'
    for newline in ("\r\n", "\r"):
        rows, errors = read_table(write(tmp_path / "x.csv", text, newline=newline), COLUMNS)
        assert errors == [] and [r["id"] for r in rows] == ["a", "b"]
        assert rows[0]["name"] == f"two{newline}lines" and rows[1]["depth_km"] == 2.0


def test_over_long_field_is_a_row_error_and_the_other_rows_load(tmp_path):
    limit = csv.field_size_limit()
    long_text = "x" * (limit + 10)
    quoted = '"' + "y" * (limit // 2) + "\n" + "y" * limit + '"'  # spans two lines
    text = (f"id,name,depth_km\na,A,1\nb,{long_text},2\nc,C,3\nd,{quoted},4\ne,E,5\n")
    rows, errors = read_table(write(tmp_path / "long.csv", text), COLUMNS)
    assert [r["id"] for r in rows] == ["a", "c", "e"]
    assert [(e.row, e.field) for e in errors] == [(2, "*"), (4, "*")]
    assert f"longer than the csv limit of {limit} characters" in errors[0].reason


def test_empty_file_blank_file_and_header_only(tmp_path):
    for name, content in (("empty.csv", ""), ("blank.csv", "\n \r\n")):
        with pytest.raises(DataValidationError) as info:
            read_table(write(tmp_path / name, content), COLUMNS)
        err = only_error(info)
        assert err.row == 0 and "empty" in err.reason or "blank" in err.reason
        assert "id,name,depth_km" in err.reason
    header_only = write(tmp_path / "header.csv", "id,name,depth_km\n")
    with pytest.raises(DataValidationError) as info:
        read_table(header_only, COLUMNS)
    assert "header but no data rows" in only_error(info).reason
    assert read_table(header_only, COLUMNS, allow_empty=True) == ([], [])


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="No such file: the places CSV is missing"):
        read_table(tmp_path / "none.csv", COLUMNS, what="places")
    with pytest.raises(IsADirectoryError):
        read_table(tmp_path, COLUMNS)


def test_duplicate_ids_are_rejected_after_the_first(tmp_path):
    path = write(tmp_path / "dup.csv", "id,name,depth_km\na,A,1\nb,B,2\na,A2,3\na,A3,4\n")
    rows, errors = read_table(path, COLUMNS, id_column="id")
    assert [r.n for r in rows] == [1, 2]
    assert [str(e) for e in errors] == [
        f"{path}: row 3: id: 'a' already listed in row 1: each id must be unique",
        f"{path}: row 4: id: 'a' already listed in row 1: each id must be unique",
    ]


def test_missing_column_names_it_with_a_suggestion(tmp_path):
    path = write(tmp_path / "h.csv", "id,nmae,depth_km\na,A,1\n")
    with pytest.raises(DataValidationError) as info:
        read_table(path, COLUMNS)
    err = only_error(info)
    assert err.field == "name"
    assert "missing column(s) 'name' (did you mean 'nmae'?)" in err.reason
    assert "expected columns id,name,depth_km" in err.reason


def test_unknown_and_repeated_header_columns(tmp_path):
    path = write(tmp_path / "h.csv", "id,name,depth_km,dpeth_km\na,A,1,2\n")
    rows, errors = read_table(path, COLUMNS)  # extra columns allowed by default
    assert errors == [] and rows[0].text["dpeth_km"] == "2"
    with pytest.raises(DataValidationError, match="unknown column.*'dpeth_km'; did you mean "
                                                  "'depth_km'"):
        read_table(path, COLUMNS, extra_columns=False)
    twice = write(tmp_path / "t.csv", "id,name,name,depth_km\na,A,B,1\n")
    with pytest.raises(DataValidationError, match="name: column appears twice"):
        read_table(twice, COLUMNS)


def test_field_problems_each_one_line(tmp_path):
    cols = (*COLUMNS, Column("kind", choice(("island", "cape"))))
    path = write(tmp_path / "f.csv", "id,name,depth_km,kind\n"
                                     "a,A,1,island\n"
                                     ",B,x,islnd\n"
                                     "c,C\n"
                                     "d,D,101,cape,extra\n"
                                     "e,E,inf,cape\n")
    rows, errors = read_table(path, cols)
    assert [r["id"] for r in rows] == ["a"]
    got = [str(e).removeprefix(f"{path}: ") for e in errors]
    assert got == [
        "row 2: id: empty",
        "row 2: depth_km: 'x' is not a number",
        "row 2: kind: 'islnd' is not one of island, cape; did you mean 'island'?",
        "row 3: *: 2 fields, expected 4 (id,name,depth_km,kind)",
        "row 4: *: 5 fields, expected 4 (id,name,depth_km,kind)",
        "row 5: depth_km: 'inf' is not a finite number",
    ]


def test_checks_and_table_checks_reject_rows():
    assert did_you_mean("okusiri", ["Okushiri", "Oshima", "Wonsan"]) == ["Okushiri"]
    assert did_you_mean("zzz", ["Okushiri"]) == []


def test_row_and_table_checks(tmp_path):
    path = write(tmp_path / "c.csv", "id,name,depth_km\na,A,1\nb,B,\nc,A,3\n")

    def needs_depth(row):
        return [] if row["depth_km"] is not None else [("depth_km", "needed here")]

    def unique_names(rows):
        seen = {}
        for row in rows:
            if row["name"] in seen:
                yield row.n, "name", f"also on row {seen[row['name']]}"
            seen.setdefault(row["name"], row.n)

    rows, errors = read_table(path, COLUMNS, [needs_depth], table_checks=[unique_names])
    assert [r["id"] for r in rows] == ["a"]
    assert [(e.row, e.field, e.reason) for e in errors] == [
        (2, "depth_km", "needed here"), (3, "name", "also on row 1")]


# ------------------------------------------------------------------ never loses a row
FIELD = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | \
    st.sampled_from(['"', '""', "\r", "\n", "\r\n", ",", " ", "\ufeff", "\x00", "\u2028", "5"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(FIELD, FIELD, FIELD), max_size=8), st.booleans())
def test_random_fields_good_plus_rejected_is_total(records, crlf):
    buf = io.StringIO(newline="")
    # csv.writer quotes a bare "\r" only when its line terminator holds one
    w = (csv.writer(buf, lineterminator="\r\n") if crlf else
         csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL))
    w.writerow([c.name for c in COLUMNS])
    w.writerows(records)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.csv"
        path.write_bytes(buf.getvalue().encode("utf-8"))
        try:
            rows, errors = read_table(path, COLUMNS, id_column="id")
        except DataValidationError as exc:  # documented: only a file without data rows
            assert not records and "no data rows" in str(exc)
            return
    rejected = {e.row for e in errors}
    assert all(isinstance(e, RowError) and 1 <= e.row <= len(records) for e in errors)
    assert len(rows) + len(rejected) == len(records)
    assert not rejected & {r.n for r in rows}
    for r in rows:
        assert r["id"] == records[r.n - 1][0].strip()


# ------------------------------------------------------------------ events and the CLI
GOOD = {"id": "u1", "date": "2023-01-01", "actor": "PRK", "system": "KN-25",
        "launch_site": "sunan", "impact_statement": "北海道渡島大島の西約210km",
        "impact_query": "about 210 km west of Oshima-Oshima", "source": "test"}


def write_events(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=list(EVENT_COLUMNS), lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in EVENT_COLUMNS})
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_read_events_in_shift_jis_and_its_error_without_encoding(tmp_path):
    path = write_events(tmp_path / "sjis.csv", [GOOD, {**GOOD, "id": "u2"}], "shift_jis")
    frame, rejected = read_events(path, encoding="shift_jis")
    assert rejected == [] and list(frame["impact_statement"])[0] == GOOD["impact_statement"]
    with pytest.raises(DataValidationError, match="byte offset"):
        read_events(path)


def test_map_cli_draws_good_rows_and_lists_each_rejected(tmp_path, capsys):
    from layers.cli import main

    rows = [GOOD, {**GOOD, "id": "u2", "date": "2023-02-30"},
            {**GOOD, "id": "u3", "launch_site": "Sunann"}, {**GOOD, "id": "u1"},
            {**GOOD, "id": "u5"}]
    path = write_events(tmp_path / "bad.csv", rows)
    out = tmp_path / "m.html"
    assert main(["map", "--events", str(path), "--out", str(out), "--tiles", "none",
                 "--layers", "impacts"]) == 0
    err = capsys.readouterr().err
    assert f"{path}: row 2: date: '2023-02-30' is not an ISO 8601 date" in err
    assert f"{path}: row 3: launch_site: unknown place 'Sunann'; did you mean 'Sunan'" in err
    assert f"{path}: row 4: id: 'u1' already listed in row 1" in err
    html = out.read_text(encoding="utf-8")
    assert "lm-ev-u1" in html and "lm-ev-u5" in html
    assert "lm-ev-u2" not in html and "lm-ev-u3" not in html


def test_map_cli_encoding_option(tmp_path, capsys):
    from layers.cli import main

    path = write_events(tmp_path / "sjis.csv", [GOOD], "shift_jis")
    out = tmp_path / "m.html"
    assert main(["map", "--events", str(path), "--encoding", "shift_jis", "--out", str(out),
                 "--tiles", "none", "--layers", "impacts"]) == 0
    assert "lm-ev-u1" in out.read_text(encoding="utf-8")
    assert main(["map", "--events", str(path), "--out", str(out), "--tiles", "none"]) == 2
    last = capsys.readouterr().err.strip().splitlines()
    assert any("byte offset" in line and str(path) in line for line in last)
    assert main(["events", "--events", str(path), "--encoding", "shift_jis", "--csv"]) == 0
    assert "u1" in capsys.readouterr().out
