"""Importing launchmap's packages stays light, checked in a fresh interpreter each time (the
way geopandas tests its own imports): the command line must start fast, so the numeric and
map libraries load only when a function needs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "pandas", "shapely", "geopandas", "folium")


def python(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("module", [
    "geo",
    "geo.zones",
    "geo.flight",
    "layers",
    "layers.cli",
])
def test_import_loads_no_heavy_library(module):
    proc = python("-c", f"import sys, {module}\n"
                  f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"import {module} loaded {proc.stdout.strip()}"


def test_version_is_printed_by_python_m_layers_cli():
    from layers.cli import version

    proc = python("-m", "layers.cli", "--version")
    assert proc.returncode == 0, proc.stderr
    assert re.fullmatch(r"launchmap \d+\.\d+\.\d+\S*", proc.stdout.strip())
    assert proc.stdout.strip() == f"launchmap {version()}"
