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


#: Libraries one `launchmap where` answer has no use for: the cluster engine, the map
#: stack and the KD-trees of the region statements.
NOT_FOR_ONE_POINT = ("dask", "distributed", "folium", "branca", "jinja2", "matplotlib",
                     "scipy")


def test_locating_a_relative_statement_reads_no_land():
    """"210 km west of Oshima-Oshima" needs the gazetteer and the geodesic, not the land
    file: the island's extent and whether it is measured from its coast come from the
    shipped table (geo.statements.extents)."""
    proc = python("-c", "import sys\n"
                  "from geo.location import locate\n"
                  "loc = locate('about 210 km west of Oshima-Oshima')\n"
                  "assert loc.method == 'relative', loc.method\n"
                  "heavy = ('pandas', 'geopandas', 'shapely', 'pyarrow') + "
                  f"{NOT_FOR_ONE_POINT!r}\n"
                  "print(','.join(m for m in heavy if m in sys.modules))")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"locate loaded {proc.stdout.strip()}"


def test_one_where_call_loads_no_cluster_map_or_raster_index():
    """One `launchmap where` answer: no dask, no folium (nor its templates), no scipy, and
    the zone set's raster-plus-exact index is not built (it serves big batches)."""
    code = ("import io, sys, contextlib\n"
            "from layers.cli import main\n"
            "sys.argv = ['launchmap', 'where', 'about 210 km west of Oshima-Oshima']\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    rc = main()\n"
            "assert rc in (0, None), rc\n"
            "assert 'Oshima-Oshima' in out.getvalue()\n"
            "import geo\n"
            "assert not geo.load_zones().has_grid_index, 'the raster index was built'\n"
            f"print(','.join(m for m in {NOT_FOR_ONE_POINT!r} if m in sys.modules))")
    proc = python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"one where call loaded {proc.stdout.strip()}"
