"""Session-wide fixtures for the expensive shipped objects the zone tests share.

Each is built once per test session and must be treated as read-only. A missing shipped
file fails the tests that need it (the loaders raise ``FileNotFoundError``): shipped data
is part of the package, so its absence is a bug, not a reason to skip.
"""

from __future__ import annotations

import os

import geopandas as gpd
import pytest
from hypothesis import settings

from geo._paths import data_path
from geo.zones.schema import LAND_FILE, ZONES_FILE

# The browser fixtures (one Chromium and one local HTTP root per session) are a plugin, so
# every browser test module shares the same instances: importing a session fixture into two
# modules would start Playwright twice in one process.
pytest_plugins = ["browser_support"]

# Property-based tests draw the same examples on every run unless asked otherwise
# (HYPOTHESIS_PROFILE=explore draws fresh ones), so a CI failure can be replayed exactly.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def shipped_zones():
    """The shipped :class:`~geo.zones.zoneset.ZoneSet` (``geo.zones.load_zones()``)."""
    from geo.zones.load import load_zones

    return load_zones()


@pytest.fixture(scope="session")
def shipped_land() -> gpd.GeoDataFrame:
    """``data/land.parquet`` as read from disk (EPSG:4326, one row per land polygon)."""
    return gpd.read_parquet(data_path(LAND_FILE))


@pytest.fixture(scope="session")
def shipped_zone_frame() -> gpd.GeoDataFrame:
    """``data/zones.parquet`` as read from disk (EPSG:4326, one row per label and kind)."""
    return gpd.read_parquet(data_path(ZONES_FILE))


@pytest.fixture(scope="session")
def shipped_oracle():
    """The pointwise oracle over the shipped land and agreed boundaries
    (``geo.zones.oracle.load_oracle()``)."""
    from geo.zones.oracle import load_oracle

    return load_oracle()
