"""The one land model (geo/land.py): the shipped countries read once, and which state's
land holds a point, inside the GSHHG coast frame and outside it (Natural Earth)."""

from __future__ import annotations

import shutil

import geopandas as gpd
import numpy as np
import pytest

import geo.land
from geo._paths import data_path
from geo.land import countries, land_state

# (lon, lat) of the test points
PRZEWODOW = (23.93, 50.47)  # Poland, near the Ukrainian border (outside the coast frame)
KYIV = (30.52, 50.45)
SEA_OF_JAPAN = (135.0, 40.0)  # open sea between Honshu and the Korean peninsula
TOKYO = (139.69, 35.69)


def test_countries_is_the_shipped_frame_shared_between_calls():
    first = countries()
    assert isinstance(first, gpd.GeoDataFrame)
    assert first.crs.to_epsg() == 4326
    assert {"iso3", "name", "sovereign"} <= set(first.columns)
    assert countries() is first


def test_countries_reads_the_file_once(tmp_path, monkeypatch):
    shutil.copy(data_path("countries.parquet"), tmp_path / "countries.parquet")
    monkeypatch.setenv("LAUNCHMAP_DATA", str(tmp_path))
    reads = []
    real = geo.land._read_countries

    def counting(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(geo.land, "_read_countries", counting)
    a = countries()
    b = countries()
    assert a is b
    assert len(reads) == 1


def test_countries_missing_file_is_an_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("LAUNCHMAP_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="countries.parquet"):
        countries()


def test_land_state_inside_and_outside_the_coast_frame():
    assert land_state(*PRZEWODOW) == "POL"
    assert land_state(*KYIV) == "UKR"
    assert land_state(*SEA_OF_JAPAN) is None
    assert land_state(*TOKYO) == "JPN"


def test_land_state_is_vectorised_and_keeps_the_shape():
    pts = np.array([PRZEWODOW, KYIV, SEA_OF_JAPAN, TOKYO])
    out = land_state(pts[:, 0], pts[:, 1])
    assert isinstance(out, np.ndarray) and out.dtype == object
    assert out.tolist() == ["POL", "UKR", None, "JPN"]
    grid = land_state(pts[:, 0].reshape(2, 2), pts[:, 1].reshape(2, 2))
    assert grid.shape == (2, 2)
    assert grid.ravel().tolist() == ["POL", "UKR", None, "JPN"]


def test_land_state_wraps_longitudes_and_maps_territories_to_sovereigns():
    assert land_state(TOKYO[0] - 360.0, TOKYO[1]) == "JPN"
    assert land_state(144.79, 13.44) == "USA"  # Guam: a US territory
    assert land_state(float("nan"), 0.0) is None
