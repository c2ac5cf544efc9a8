"""``launchmap map`` end to end on the shipped data: HTML, PNG, SVG, filters, user CSVs."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo._paths import data_path
from geo.catalogue import COLUMNS
from layers.assets import external_urls
from layers.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _rows() -> list[dict]:
    with open(data_path("events.csv"), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_events(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def impact_ids(html: str) -> set[str]:
    return set(re.findall(r"lm-impact lm-ev-([a-z0-9-]+)", html))


def test_map_writes_an_offline_html_by_default_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["map", "--tiles", "none"]) == 0
    out = tmp_path / "launchmap.html"
    html = out.read_text(encoding="utf-8")
    assert external_urls(html) == []
    assert "2022-11-18-prk-1" in impact_ids(html)
    err = capsys.readouterr().err
    assert "launchmap map: wrote launchmap.html" in err


def test_map_with_web_tiles_names_them_and_still_inlines_leaflet(tmp_path):
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--layers", "impacts"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in html  # tiles are the only thing fetched online
    assert external_urls(html) == []


def test_filters_select_the_events_drawn(tmp_path):
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--tiles", "none", "--since", "2022-01-01",
                 "--until", "2022-12-31", "--actor", "prk", "--layers", "impacts"]) == 0
    ids = impact_ids(out.read_text(encoding="utf-8"))
    assert "2022-11-18-prk-1" in ids
    assert all(i.startswith("2022-") and "-prk-" in i for i in ids)
    assert main(["map", "--out", str(out), "--tiles", "none", "--system", "Hwasong-17",
                 "--layers", "impacts"]) == 0
    assert "2022-11-18-prk-1" in impact_ids(out.read_text(encoding="utf-8"))


def test_user_csv_bad_rows_are_reported_good_rows_drawn(tmp_path, capsys):
    rows = _rows()
    good = [r for r in rows if r["id"] in ("2022-11-18-prk-1", "2017-08-28-prk-1")]
    bad1 = dict(good[0], id="bad-date", date="2022-13-45")
    bad2 = dict(good[0], id="bad-site", launch_site="nowhere-at-all")
    path = write_events(tmp_path / "mine.csv", [good[0], bad1, good[1], bad2])
    out = tmp_path / "mine.html"
    assert main(["map", "--events", str(path), "--out", str(out), "--tiles", "none"]) == 0
    err = capsys.readouterr().err
    assert f"{path}: row 2: date:" in err
    assert f"{path}: row 4: launch_site: unknown place 'nowhere-at-all'" in err
    assert impact_ids(out.read_text(encoding="utf-8")) == {"2022-11-18-prk-1",
                                                          "2017-08-28-prk-1"}


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_static_formats(tmp_path, fmt, magic):
    out = tmp_path / f"pic.{fmt}"
    assert main(["map", "--out", str(out), "--since", "2022-01-01"]) == 0  # from suffix
    assert out.read_bytes()[:len(magic)] == magic
    out2 = tmp_path / "pic.bin"
    assert main(["map", "--out", str(out2), "--format", fmt, "--layers", "land,impacts"]) == 0
    assert out2.read_bytes()[:len(magic)] == magic


@pytest.mark.parametrize("args,message", [
    (["--layers", "impacts,bogus"], "unknown layer(s) 'bogus'"),
    (["--since", "yesterday"], "is not a date"),
    (["--since", "2023-01-01", "--until", "2022-01-01"], "is after until"),
    (["--perspective", "Japan!"], "unknown perspective"),
    (["--tiles", "NoSuchTiles"], "unknown tiles"),
])
def test_bad_arguments_give_a_clear_error(tmp_path, capsys, args, message):
    assert main(["map", "--out", str(tmp_path / "x.html"), *args]) == 2
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith("launchmap map: error:") and message in last


def test_missing_events_file_is_a_clear_error(tmp_path, capsys):
    assert main(["map", "--events", str(tmp_path / "none.csv"),
                 "--out", str(tmp_path / "x.html")]) == 2
    assert "none.csv" in capsys.readouterr().err


def test_the_console_command_runs_as_a_process(tmp_path):
    out = tmp_path / "p.html"
    proc = subprocess.run([sys.executable, "-m", "layers.cli", "map", "--out", str(out),
                           "--tiles", "none", "--layers", "impacts,zones"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.exists() and "classifying impact points" in proc.stderr
    info = json.dumps("Impact points")
    assert info in out.read_text(encoding="utf-8")


def test_profile_command_writes_svg_and_png(tmp_path, capsys):
    import xml.etree.ElementTree as ET

    svg = tmp_path / "p.svg"
    assert main(["profile", "2022-11-18-prk-1", "--out", str(svg)]) == 0
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    lines = {p.get("class"): p for p in root.iter(f"{ns}polyline")}
    assert set(lines) == {"lm-arc-lofted", "lm-arc-minimum-energy"}
    # the lofted arc is the tall one, the minimum-energy arc the long one
    pts = {k: [tuple(map(float, xy.split(","))) for xy in v.get("points").split()]
           for k, v in lines.items()}
    width = {k: max(x for x, _ in v) - min(x for x, _ in v) for k, v in pts.items()}
    top = {k: min(y for _, y in v) for k, v in pts.items()}
    assert width["lm-arc-minimum-energy"] > 5 * width["lm-arc-lofted"]
    assert top["lm-arc-lofted"] < top["lm-arc-minimum-energy"]  # y grows downwards
    err = capsys.readouterr().err
    assert "apogee 6,000 km, range 1,000 km" in err and "minimum-energy range 15," in err
    png = tmp_path / "p.png"
    assert main(["profile", "2022-11-18-prk-1", "--format", "png", "--out", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_profile_command_refuses_unknown_or_incomplete_events(tmp_path, capsys):
    assert main(["profile", "2022-11-18", "--out", str(tmp_path / "x.svg")]) == 2
    assert "2022-11-18-prk-1" in capsys.readouterr().err  # the ids like it
    assert main(["profile", "2016-08-02-prk-1", "--out", str(tmp_path / "x.svg")]) == 2
    assert "needs both" in capsys.readouterr().err
    assert not (tmp_path / "x.svg").exists()


def test_from_impact_draws_reverse_rings_with_their_sources(tmp_path, capsys):
    out = tmp_path / "m.html"
    assert main(["map", "--out", str(out), "--tiles", "none", "--layers", "impacts",
                 "--from-impact", "2022-11-18-prk-1:hwasong_11,Hwasong-17"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "launched within 690 km of the impact of 2022-11-18-prk-1" in html
    assert "launched within 15,000 km of the impact of 2022-11-18-prk-1" in html
    assert "Source (systems.csv)" in html
    assert main(["map", "--out", str(tmp_path / "x.html"), "--tiles", "none",
                 "--from-impact", "nope"]) == 2
    assert "no event with id 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_map_says_when_each_stage_starts(tmp_path, capsys):
    assert main(["map", "--out", str(tmp_path / "m.html"), "--tiles", "none",
                 "--layers", "impacts,tracks"]) == 0
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("launchmap map:")]
    order = [next(i for i, ln in enumerate(err) if word in ln)
             for word in ("loading the zones", "drawing tracks (1/2)", "drawing impacts (2/2)",
                          "writing the page", "wrote")]
    assert order == sorted(order)
