"""The distribution works like any Python package: build the sdist and the wheel, install the
wheel into a fresh venv and run the console script from a folder outside the checkout.

The venv does not download launchmap's dependencies: a ``.pth`` file lends it the
site-packages of the interpreter running the tests (a path line in a ``.pth`` file does not
run the ``.pth`` files it points at, so an editable install there stays invisible), and the
wheel is installed with ``--no-deps``. The test checks that ``geo`` and its data come from
the wheel, not from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("geo", "layers")
#: What a build must not pick up from a working copy: top-level folders and files...
NOT_SOURCE_AT_ROOT = {".git", ".venv", "build", "build-cache", "dist", "launchmap.html",
                      "launchmap.png", "launchmap.svg"}
#: ... and caches anywhere.
NOT_SOURCE = shutil.ignore_patterns("*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
                                    ".hypothesis", ".benchmarks", "artifacts")


def not_source(folder: str, names: list[str]) -> set[str]:
    at_root = NOT_SOURCE_AT_ROOT if Path(folder) == ROOT else set()
    return set(NOT_SOURCE(folder, names)) | (at_root & set(names))


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """A copy of the source tree (so the build leaves the checkout untouched), its sdist and
    the wheel ``pip wheel . --no-deps`` makes of it."""
    tmp = tmp_path_factory.mktemp("dist")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=not_source)
    out = tmp / "out"
    run([sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(src)])
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(out)], cwd=src)
    (sdist,) = out.glob("launchmap-*.tar.gz")
    (wheel,) = out.glob("launchmap-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its ``bin`` folder."""
    home = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(home)])
    bindir = home / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    purelib = run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    lent = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(purelib.stdout.strip(), "_launchmap_test_deps.pth").write_text("\n".join(lent) + "\n")
    run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps",
         "--ignore-installed", str(dist["wheel"])])
    return bindir


@pytest.fixture
def outside(tmp_path) -> tuple[Path, dict[str, str]]:
    """A working folder outside the checkout and an environment that names no checkout."""
    assert ROOT not in tmp_path.parents
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "LAUNCHMAP_DATA")}
    return tmp_path, env


def wheel_names(dist) -> set[str]:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        return set(zf.namelist())


def test_wheel_holds_every_package_data_file_and_py_typed(dist):
    names = wheel_names(dist)
    for pkg in PACKAGES:
        assert f"{pkg}/py.typed" in names
        for init in (ROOT / pkg).rglob("__init__.py"):
            assert init.relative_to(ROOT).as_posix() in names, f"package {init.parent} not shipped"
    data = sorted(p.name for p in (ROOT / "data").iterdir() if p.is_file())
    assert {"places.csv", "events.csv", "zones.parquet", "land.parquet", "SOURCES.md"} <= set(data)
    for name in data:
        assert f"geo/_data/{name}" in names
    for asset in (ROOT / "layers" / "assets").iterdir():
        assert f"layers/assets/{asset.name}" in names


def test_wheel_is_lean(dist):
    for name in wheel_names(dist):
        assert name.split("/")[0] in (*PACKAGES, f"{dist['wheel'].name.split('-py')[0]}.dist-info")
        assert "__pycache__" not in name and not name.endswith(".pyc")
        assert "build-cache" not in name


def test_sdist_holds_the_data_where_the_checkout_has_it(dist):
    with tarfile.open(dist["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for shipped in wheel_names(dist):
        if shipped.startswith("geo/_data/"):
            assert "data/" + shipped.removeprefix("geo/_data/") in names
        elif shipped.split("/")[0] in PACKAGES:
            assert shipped in names
    assert "pyproject.toml" in names


def test_installed_package_uses_its_own_code_and_data(venv, outside):
    cwd, env = outside
    proc = run([str(venv / "python"), "-c",
                "import geo, geo._paths; print(geo.__file__); print(geo._paths.data_dir())"],
               cwd=cwd, env=env)
    prefix = venv.parent.resolve()
    for line in proc.stdout.splitlines():
        assert prefix in Path(line).resolve().parents, line
    assert Path(proc.stdout.splitlines()[1], "places.csv").is_file()
    override = run([str(venv / "python"), "-c", "import geo._paths; print(geo._paths.data_dir())"],
                   cwd=cwd, env={**env, "LAUNCHMAP_DATA": str(cwd)})
    assert override.stdout.strip() == str(cwd)  # the environment variable still wins


def test_installed_version(venv, dist, outside):
    cwd, env = outside
    expected = dist["wheel"].name.split("-")[1]
    assert run([str(venv / "launchmap"), "--version"], cwd=cwd, env=env).stdout.strip() \
        == f"launchmap {expected}"
    assert run([str(venv / "python"), "-m", "layers.cli", "--version"], cwd=cwd,
               env=env).stdout.strip() == f"launchmap {expected}"


def test_installed_where_json(venv, outside):
    cwd, env = outside
    proc = run([str(venv / "launchmap"), "where", "about 210 km west of Oshima-Oshima", "--json"],
               cwd=cwd, env=env)
    ans = json.loads(proc.stdout)
    assert any(z["kind"] == "eez" and z["state"] == "JPN" for z in ans["zones"])


def test_installed_map(venv, outside):
    cwd, env = outside
    run([str(venv / "launchmap"), "map"], cwd=cwd, env=env)
    html = cwd / "launchmap.html"
    assert html.stat().st_size > 500_000
    text = html.read_text(encoding="utf-8")
    assert "L.map(" in text and "Oshima" in text


def test_installed_build_never_writes_into_the_package(venv, outside):
    cwd, env = outside
    proc = subprocess.run([str(venv / "launchmap"), "build-zones"], cwd=cwd, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--out is required" in lines[0], proc.stderr
    cache = run([str(venv / "python"), "-c",
                 "from geo.build.pipeline import default_cache; print(default_cache())"],
                cwd=cwd, env={**env, "XDG_CACHE_HOME": str(cwd / "xdg")})
    assert cache.stdout.strip() == str(cwd / "xdg" / "launchmap")
