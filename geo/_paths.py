"""Where the shipped data lives.

The data folder is the repository's top-level ``data/``; set the environment variable
``LAUNCHMAP_DATA`` to point elsewhere (for example at a copy of the folder).
"""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Return the folder holding the shipped datasets (``places.csv``, ``events.csv``, ...)."""
    env = os.environ.get("LAUNCHMAP_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


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
