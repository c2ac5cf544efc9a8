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


def data_path(name: str) -> Path:
    """Return the path of one shipped data file by its name inside the data folder."""
    return data_dir() / name
