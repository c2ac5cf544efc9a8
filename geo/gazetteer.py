"""The gazetteer: named reference places from ``data/places.csv``.

Official statements locate a fall point relative to a named place ("about 210 km west of
Oshima-Oshima"). This module loads the places, validates them and resolves a name in any
of its spellings (English, romanised, native script) to one :class:`Place`.

Coordinates are WGS84 (EPSG:4326) decimal degrees. Loading uses only the standard library
so that the command line starts fast; :func:`places` builds a GeoDataFrame on demand.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geo._paths import data_path
from geo.errors import DataValidationError, RowError, UnknownPlaceError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

PLACES_FILE = "places.csv"

#: Columns of ``places.csv``, in order.
COLUMNS = ("id", "name", "aliases", "kind", "lat", "lon", "country", "source")

#: Allowed values of the ``kind`` column.
KINDS = frozenset({
    "island", "island_group", "islet", "rock", "cape", "peninsula", "launch_site", "city",
    "capital", "base", "radar", "sea", "strait", "airport", "village", "landmark", "region",
})

#: Kinds whose rows may leave ``country`` empty (international waters).
KINDS_WITHOUT_COUNTRY = frozenset({"sea", "strait"})

#: Typical extent (km, one standard deviation) of a place of each kind when a statement
#: names only the place ("it fell in the Sea of Japan"); small features default to 1 km.
KIND_EXTENT_KM = {
    "sea": 300.0, "region": 50.0, "strait": 40.0, "island_group": 15.0,
    "peninsula": 15.0, "city": 8.0, "capital": 10.0, "island": 3.0,
}

_ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
#: Generic words a user may add around a name ("the Noto Peninsula", "Okushiri Island").
_LEADING = ("the ",)
_TRAILING = (" island", " islands", " isl", " is", " isle", " peninsula", " village", " city")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``lon``/``lat`` in WGS84 degrees; ``country`` ISO3 or ''."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    lon: float
    lat: float
    country: str
    source: str

    @property
    def extent_km(self) -> float:
        """One-sigma size (km) of the place itself, used when a statement names only it."""
        return KIND_EXTENT_KM.get(self.kind, 1.0)

    def to_dict(self) -> dict:
        """JSON-safe dict of the place (aliases as a list)."""
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


def name_key(text: str) -> str:
    """Normalise a place name for matching: NFKC, case-folded, letters and digits only.

    "Oshima-Oshima", "oshima oshima" and "OSHIMA–OSHIMA" share one key; native scripts
    keep their characters ("渡島大島").
    """
    norm = unicodedata.normalize("NFKC", text).casefold()
    # drop combining marks so that "Przewodów" matches "Przewodow"
    norm = "".join(c for c in unicodedata.normalize("NFKD", norm) if not unicodedata.combining(c))
    return "".join(c for c in norm if c.isalnum())


class Gazetteer:
    """Places indexed by every spelling. Build with :func:`load_gazetteer`."""

    def __init__(self, places: list[Place], source: str) -> None:
        self.places = places
        self.source = source
        self.by_id = {p.id: p for p in places}
        self._by_key: dict[str, Place] = {}
        for p in places:
            for spelling in (p.id, p.name, *p.aliases):
                self._by_key.setdefault(name_key(spelling), p)
        self._spellings = sorted({s for p in places for s in (p.name, *p.aliases)})

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, name: str) -> Place | None:
        """The place called ``name`` (any spelling, id, with or without "the"/"island"), or None."""
        candidates = [name.strip()]
        low = candidates[0].casefold()
        for lead in _LEADING:
            if low.startswith(lead):
                candidates.append(candidates[0][len(lead):])
        for cand in list(candidates):
            low = cand.casefold().rstrip(". ")
            for trail in _TRAILING:
                if low.endswith(trail):
                    candidates.append(cand[: len(low) - len(trail)])
        for cand in candidates:
            key = name_key(cand)
            if key and key in self._by_key:
                return self._by_key[key]
        return None

    def get(self, name: str) -> Place:
        """Like :meth:`lookup` but raises :class:`UnknownPlaceError` with close names."""
        place = self.lookup(name)
        if place is None:
            raise UnknownPlaceError(name, self.suggest(name))
        return place

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` known spellings closest to ``name``."""
        return difflib.get_close_matches(name.strip(), self._spellings, n=n, cutoff=0.6) or [
            s for s in difflib.get_close_matches(
                name.strip().casefold(), [s.casefold() for s in self._spellings], n=n, cutoff=0.5)
        ]


def _parse_rows(path: Path) -> tuple[list[Place], list[RowError]]:
    errors: list[RowError] = []
    places: list[Place] = []
    rownums: list[int] = []
    fname = str(path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataValidationError([RowError(fname, 0, ",".join(missing), "missing column(s)")])
        for i, row in enumerate(reader, start=1):
            def bad(field: str, reason: str, _i: int = i) -> None:
                errors.append(RowError(fname, _i, field, reason))

            if None in row:
                bad("*", f"row has {len(reader.fieldnames or []) + len(row[None])} fields, "
                         f"expected {len(reader.fieldnames or [])}")
                continue
            pid = (row["id"] or "").strip()
            if not _ID_RE.match(pid):
                bad("id", f"{pid!r} is not a lowercase snake_case id")
            name = (row["name"] or "").strip()
            if not name:
                bad("name", "empty")
            kind = (row["kind"] or "").strip()
            if kind not in KINDS:
                bad("kind", f"{kind!r} is not one of {', '.join(sorted(KINDS))}")
            coords = []
            for fld, lim in (("lat", 90.0), ("lon", 180.0)):
                try:
                    v = float(row[fld])
                except (TypeError, ValueError):
                    bad(fld, f"{row[fld]!r} is not a number")
                    continue
                if not math.isfinite(v) or abs(v) > lim:
                    bad(fld, f"{v} is outside [-{lim:g}, {lim:g}]")
                    continue
                coords.append(v)
            country = (row["country"] or "").strip()
            if not (_ISO3_RE.match(country) or (not country and kind in KINDS_WITHOUT_COUNTRY)):
                bad("country", f"{country!r} is not an ISO 3166-1 alpha-3 code")
            source = (row["source"] or "").strip()
            if not source:
                bad("source", "every place must cite a source")
            aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
            if len(coords) == 2:
                places.append(Place(pid, name, aliases, kind, coords[1], coords[0], country, source))
                rownums.append(i)
    # Uniqueness of ids and of every spelling across places.
    seen_id: dict[str, int] = {}
    seen_key: dict[str, str] = {}
    for i, p in zip(rownums, places):
        if p.id in seen_id:
            errors.append(RowError(fname, i, "id", f"duplicate id {p.id!r} (row {seen_id[p.id]})"))
        seen_id.setdefault(p.id, i)
        for spelling in {name_key(s) for s in (p.name, *p.aliases)}:
            other = seen_key.get(spelling)
            if other is not None and other != p.id:
                errors.append(RowError(fname, i, "aliases",
                                       f"spelling {spelling!r} also names {other!r}"))
            seen_key.setdefault(spelling, p.id)
    return places, errors


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load and validate a gazetteer CSV (default: the shipped ``data/places.csv``).

    Raises :class:`DataValidationError` listing every bad row (file, row, field, reason).
    The shipped gazetteer is cached per process.
    """
    if path is None:
        return _shipped_gazetteer()
    return _load(Path(path))


def _load(path: Path) -> Gazetteer:
    places, errors = _parse_rows(path)
    if errors:
        raise DataValidationError(errors)
    return Gazetteer(places, str(path))


@lru_cache(maxsize=1)
def _shipped_gazetteer() -> Gazetteer:
    return _load(data_path(PLACES_FILE))


def find_place(name: str) -> Place:
    """Resolve ``name`` (any spelling or id) in the shipped gazetteer.

    Raises :class:`UnknownPlaceError` naming the closest known spellings.
    """
    return _shipped_gazetteer().get(name)


def nearest_places(lon: float, lat: float, n: int = 5,
                   kinds: frozenset[str] | None = None) -> list[tuple[Place, float, float]]:
    """The ``n`` gazetteer places nearest to (lon, lat), WGS84 degrees.

    Returns ``(place, distance_km, bearing_deg)`` tuples, nearest first; the bearing is the
    geodesic azimuth *from the place to the point* (so "d km <bearing> of place" reads
    naturally). Seas and regions are skipped unless ``kinds`` asks for them.
    """
    import numpy as np

    from geo.geodesy import inverse

    gaz = _shipped_gazetteer()
    skip = {"sea", "region", "strait"}
    cands = [p for p in gaz.places if (p.kind in kinds if kinds else p.kind not in skip)]
    if not cands:
        return []
    plon = np.array([p.lon for p in cands])
    plat = np.array([p.lat for p in cands])
    az, dist = inverse(plon, plat, np.full_like(plon, lon), np.full_like(plat, lat))
    order = np.argsort(dist, kind="stable")[:n]
    return [(cands[i], float(dist[i]) / 1000.0, float(az[i])) for i in order]


def places() -> gpd.GeoDataFrame:
    """The shipped gazetteer as a GeoDataFrame (EPSG:4326), one row per place.

    Columns: id, name, aliases (``|``-joined), kind, country, source, lon, lat, geometry.
    """
    import geopandas as gpd

    gaz = _shipped_gazetteer()
    rows = [
        {"id": p.id, "name": p.name, "aliases": "|".join(p.aliases), "kind": p.kind,
         "country": p.country, "source": p.source, "lon": p.lon, "lat": p.lat}
        for p in gaz.places
    ]
    df = gpd.GeoDataFrame(rows)
    return gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )
