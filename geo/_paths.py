"""Where the shipped data lives.

In order: the environment variable ``LAUNCHMAP_DATA`` (a folder holding copies of the
files), the data installed with the package (``geo/_data/`` inside a wheel, found with
:mod:`importlib.resources`), and the repository's top-level ``data/`` for a source checkout
or an editable install. Every reader of a shipped file asks :func:`data_path` for it.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

#: Name of the data folder inside the installed ``geo`` package (the wheel maps the
#: repository's ``data/`` there; see ``[tool.setuptools]`` in pyproject.toml).
PACKAGED_DATA = "_data"


def data_dir() -> Path:
    """Return the folder holding the shipped datasets (``places.csv``, ``events.csv``, ...)."""
    env = os.environ.get("LAUNCHMAP_DATA")
    if env:
        return Path(env)
    # files("geo") rather than files("geo._data"): the data folder has no __init__.py, and
    # an editable install's import hook would resolve the namespace package to whichever
    # checkout was installed, not to the one this geo was imported from.
    package = files("geo")
    if isinstance(package, Path):  # installed on the file system (not inside a zip)
        packaged = package / PACKAGED_DATA
        if packaged.is_dir():
            return packaged
    return Path(__file__).resolve().parent.parent / "data"


def installed_data() -> bool:
    """True when :func:`data_dir` is the copy installed inside the package (a wheel in
    site-packages), which must not be rewritten: the zone build then needs an explicit
    output folder."""
    return data_dir().resolve() == (Path(__file__).resolve().parent / PACKAGED_DATA)


def source_checkout() -> Path | None:
    """The repository root when launchmap runs from a source checkout or an editable
    install (a ``pyproject.toml`` beside the packages), else ``None``."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "data").is_dir() else None


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB blocks."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def data_path(name: str) -> Path:
    """Return the path of one shipped data file by its name inside the data folder."""
    return data_dir() / name
