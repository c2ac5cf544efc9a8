"""Every user mistake on the command line is one line on stderr and exit status 2, never a
traceback; a selection that matches nothing is one line and exit status 1; text the user
typed reaches the terminal with its control characters escaped. Each case runs
``python -m layers.cli`` as a process, so what is checked is what a terminal would show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HUNDREDS_OF_DIGITS = "9" * 240  # finite as a float, absurd as a distance
MORE_DIGITS_THAN_A_FLOAT = "9" * 400  # float() makes it inf


def launchmap(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, "-m", "layers.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300, errors="surrogateescape")


def one_line(proc: subprocess.CompletedProcess, status: int) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == status, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("args,says", [
    # numbers: zero, negative, nan, inf, too many digits
    (["reach", "Sunan", "--range", "0"], "argument --range: must be >= 0.001"),
    (["reach", "Sunan", "--range", "-5"], "argument --range: must be"),
    (["reach", "Sunan", "--range", "nan"], "argument --range: expected a finite number"),
    (["reach", "Sunan", "--range", "inf"], "argument --range: expected a finite number"),
    (["reach", "Sunan", "--range", "1e400"], "argument --range: expected a finite number"),
    (["reach", "Sunan", "--range", HUNDREDS_OF_DIGITS], "argument --range: must be"),
    (["reach", "Sunan", "--range", "ten"], "argument --range: expected a number of km"),
    (["reach", "Sunan", "--range", "100", "--limit", "-3"], "argument --limit: must be >= 0"),
    (["reach", "Sunan", "--range", "100", "--limit", "1e3"], "argument --limit: expected a whole"),
    (["range-estimate", "--apogee", MORE_DIGITS_THAN_A_FLOAT, "--range", "1000"],
     "argument --apogee: expected a finite number"),
    (["range-estimate", "--apogee", HUNDREDS_OF_DIGITS, "--range", "1000"],
     "argument --apogee: must be"),
    (["range-estimate", "--apogee", "0", "--range", "1000"], "argument --apogee: must be"),
    (["range-estimate", "--apogee", "6000", "--range", "1000", "--time", "0"],
     "argument --time: must be > 0 min"),
    (["range-estimate", "--apogee", "6000", "--range", "1000", "--burnout-altitude", "-1"],
     "argument --burnout-altitude: must be >= 0"),
    (["range-estimate", "--apogee", "6000", "--range", "1000", "--rotation", "40", "inf"],
     "argument --rotation: expected a finite number of degrees"),
    # perspectives: checked against the views the zone set records
    (["where", "Oshima-Oshima", "--perspective", "XXX"], "unknown perspective 'XXX'"),
    (["where", "Oshima-Oshima", "--perspective", "JAP"], "did you mean 'JPN'?"),
    (["map", "--perspective", "XXX"], "unknown perspective 'XXX'"),
    (["export", "zones", "z.gpkg", "--perspective", "XXX"], "unknown perspective 'XXX'"),
    # output file and format
    (["map", "--out", "x.pdf"], "unknown suffix '.pdf'"),
    (["map", "--out", "x.png", "--format", "svg"], "--format svg contradicts --out 'x.png'"),
    (["map", "--out", "x.html", "--format", "png"], "contradicts"),
    (["map", "--out", "x.html", "--format", "pdf"], "argument --format: invalid choice"),
    (["map", "--out", ".", "--format", "html"], "is a folder"),
    # layers, dates, files
    (["map", "--layers", "impacts,bogus"], "unknown layer(s) 'bogus'"),
    (["map", "--since", "yesterday"], "is not a date"),
    (["events", "--events", "no-such-file.csv"], "no-such-file.csv"),
    (["where", "about 210 km west of Atlantis"], "unknown place"),
    # argparse's own errors: one line too, no usage block
    (["bogus-command"], "invalid choice: 'bogus-command'"),
    (["where"], "no statement"),
    (["where", "Oshima-Oshima", "--bogus"], "unrecognized arguments: --bogus"),
])
def test_user_error_is_one_line_with_status_2(tmp_path, args, says):
    line = one_line(launchmap(*args, cwd=tmp_path), 2)
    assert line.startswith("launchmap"), line
    assert ": error: " in line and says in line, line
    assert not list(tmp_path.glob("*.*")), "an error must write no file"


def test_selection_matching_nothing_says_so_and_exits_1(tmp_path):
    line = one_line(launchmap("map", "--since", "2099-01-01", "--actor", "prk", cwd=tmp_path), 1)
    assert "no launch" in line and "--since '2099-01-01'" in line and "--actor 'prk'" in line
    assert "nothing written" in line and not (tmp_path / "launchmap.html").exists()


ESC = "\x1b[2J\x1b]0;owned\x07"  # clear screen, set the window title


def test_escape_sequence_in_a_query_is_escaped_in_the_text_answer(tmp_path):
    proc = launchmap("where", "210 km west of Oshima-Oshima\t" + ESC, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert first == "210 km west of Oshima-Oshima\\x09\\x1b[2J\\x1b]0;owned\\x07"


@pytest.mark.parametrize("args", [
    ["where", "Oshima" + ESC],
    ["where", "Oshima-Oshima", "--perspective", ESC],
    ["reach", ESC, "--range", "10"],
    ["reach", "Sunan", "--range", ESC],
    ["map", "--out", "x" + ESC + ".pdf"],
    [ESC],
])
def test_escape_sequence_in_an_error_is_escaped(tmp_path, args):
    line = one_line(launchmap(*args, cwd=tmp_path), 2)
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b" in line


def test_undecodable_and_c1_bytes_are_escaped(tmp_path):
    raw = os.fsdecode(b"Oshima\x9b2J")  # a lone 0x9B byte: CSI to an 8-bit terminal
    line = one_line(launchmap("where", raw + "\u009b", cwd=tmp_path), 2)
    assert "\x9b" not in line and "\udc9b" not in line  # neither raw byte reaches stderr
    assert "\\udc9b2J" in line or "\\x9b2J" in line


def test_controls_in_a_query_are_escapes_in_the_json_answer(tmp_path):
    query = "210 km west of Oshima-Oshima\t" + ESC + "\x7f\u009b"
    proc = launchmap("where", "--json", query, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not any(ch in proc.stdout for ch in "\x1b\x07\x7f\u009b")
    assert json.loads(proc.stdout)["query"] == query  # escaped in the text, not changed
