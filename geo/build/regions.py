"""Regions of the zone build: the frames one ``launchmap build-zones --region NAME`` run
computes, and the cache that lets an interrupted run resume.

A region is a *zones frame* (the box whose zones are complete) and a *coast frame* (the
box of land the limits are measured from: the zones frame grown by more than 200 nm, so
that every coast within 200 nm of the zones frame is in it). The NW Pacific region is the
frame the shipped ``data/zones.parquet`` was built for (:data:`geo.zones.schema.ZONES_FRAME`
and :data:`~geo.zones.schema.COAST_FRAME`); the others are further tiles of the world,
built by the same rules (GSHHG full, Natural Earth 10m, median lines, the tables of
``data/``) into their own output folder.

Resuming: the expensive step, the zones of each perspective world, is stored in the cache
folder under a key made of the region, the inputs (SHA-256 of every input table and of
the labelled land) and the world; a rerun with the same inputs loads the worlds already
done and computes only the rest, printing which (``world 2/6 ... (cached)``). Anything
that changes the inputs changes the key, so a stale cache is never used.

Longitudes of a frame are continuous from its west edge (east of 180 written past 180).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.zones.schema import COAST_FRAME, ZONES_FRAME

#: Degrees of latitude added on each side of a zones frame to get its coast frame: 200 nm
#: is 3.33 degrees of latitude; 4.5 leaves room for the baselines a limit is drawn from.
COAST_MARGIN_DEG = 4.5


@dataclass(frozen=True)
class Region:
    """A named tile of the zone build: ``zones_frame`` and ``coast_frame`` are (west,
    south, east, north) degrees, longitudes continuous from ``west``."""

    name: str
    title: str
    zones_frame: tuple[float, float, float, float]
    coast_frame: tuple[float, float, float, float]

    @property
    def lon_from(self) -> float:
        """West edge of the coast frame: the start of the continuous longitudes."""
        return self.coast_frame[0]

    def record(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "zones_frame": list(self.zones_frame),
                "coast_frame": list(self.coast_frame)}


def grown(frame: tuple[float, float, float, float], margin_deg: float = COAST_MARGIN_DEG
          ) -> tuple[float, float, float, float]:
    """The coast frame of a zones frame: ``margin_deg`` of latitude on each side and the
    same distance in longitude at the frame's most poleward latitude."""
    import math

    w, s, e, n = frame
    lat = min(max(abs(s), abs(n)) + margin_deg, 85.0)
    dlon = margin_deg / max(math.cos(math.radians(lat)), 0.1)
    return (w - dlon, max(s - margin_deg, -90.0), e + dlon, min(n + margin_deg, 90.0))


def _region(name: str, title: str, frame: tuple[float, float, float, float]) -> Region:
    return Region(name, title, frame, tuple(round(v, 3) for v in grown(frame)))


#: The regions ``build-zones --region`` knows. ``nw_pacific`` is the shipped one.
REGIONS: dict[str, Region] = {
    "nw_pacific": Region("nw_pacific", "NW Pacific (the shipped zones)",
                         tuple(float(v) for v in ZONES_FRAME),
                         tuple(float(v) for v in COAST_FRAME)),
    "black_sea": _region("black_sea", "Black Sea and Sea of Azov", (27.0, 40.5, 42.0, 47.5)),
    "baltic": _region("baltic", "Baltic Sea", (9.0, 53.5, 30.5, 66.0)),
    "mediterranean": _region("mediterranean", "Mediterranean Sea",
                             (-6.5, 30.0, 36.5, 46.0)),
    "middle_east": _region("middle_east", "Red Sea, Gulf of Aden, Persian Gulf and Gulf of "
                           "Oman", (32.0, 10.0, 62.0, 31.0)),
}

DEFAULT_REGION = "nw_pacific"


def get_region(name: str | None) -> Region:
    """The region called ``name`` (``None``: the NW Pacific). Raises
    :class:`geo.errors.InvalidOptionError` naming the known regions otherwise."""
    from geo.errors import InvalidOptionError

    key = (name or DEFAULT_REGION).strip().lower()
    if key not in REGIONS:
        raise InvalidOptionError(f"unknown region {name!r}; known: {', '.join(REGIONS)}")
    return REGIONS[key]


# ------------------------------------------------------------------------ resume cache
class WorldCache:
    """Per-world results of one region's build, stored as pickles under ``folder``
    (``<folder>/<region>/<key>.pickle``). ``inputs`` is anything whose ``repr`` names the
    build's inputs exactly (hashes of the tables and the land); ``None`` folder: no
    cache."""

    def __init__(self, folder: Path | None, region: Region, inputs: Any) -> None:
        self.folder = None if folder is None else Path(folder) / "zones" / region.name
        digest = hashlib.sha256(repr((region.record(), inputs)).encode("utf-8"))
        self.prefix = digest.hexdigest()[:16]

    def _path(self, world_key: Any) -> Path | None:
        if self.folder is None:
            return None
        h = hashlib.sha256(repr(world_key).encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{self.prefix}-{h}.pickle"

    def load(self, world_key: Any) -> Any | None:
        """The stored result for ``world_key``, ``None`` when not stored (or unreadable:
        a file cut short by an interruption is ignored and recomputed)."""
        path = self._path(world_key)
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def store(self, world_key: Any, value: Any) -> None:
        """Store ``value`` atomically (written to a temporary file, then renamed)."""
        path = self._path(world_key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
