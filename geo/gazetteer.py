"""The gazetteer: named reference places from ``data/places.csv``.

Official statements locate a fall point relative to a named place ("about 210 km west of
Oshima-Oshima"). This module loads the places, validates them and resolves a name in any
of its spellings (English, romanised, native script) to one :class:`Place`.

Coordinates are WGS84 (EPSG:4326) decimal degrees. Loading uses only the standard library
so that the command line starts fast; :func:`places` builds a GeoDataFrame on demand.
"""

from __future__ import annotations

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


#: Simplified Chinese, traditional and Japanese forms of the characters that place names
#: are made of, folded to one form for matching: 与那国岛 (zh) finds 与那国島 (ja), 隐岐诸岛
#: finds 隠岐諸島, 獨島 finds 独島.
_HAN_VARIANTS = str.maketrans({
    "岛": "島", "嶋": "島", "嶌": "島", "屿": "嶼", "诸": "諸", "隐": "隠", "隱": "隠",
    "國": "国", "冲": "沖", "绳": "縄", "繩": "縄", "钓": "釣", "鱼": "魚", "灣": "湾",
    "鸟": "鳥", "马": "馬", "对": "対", "對": "対", "與": "与", "东": "東", "边": "辺",
    "邊": "辺", "长": "長", "鲜": "鮮", "门": "門", "濱": "浜", "滨": "浜", "獨": "独",
    "县": "県", "縣": "県", "罗": "羅", "宫": "宮", "间": "間", "壹": "壱", "济": "済",
    "濟": "済", "关": "関", "關": "関", "汉": "漢", "黄": "黃", "兴": "興", "团": "団",
    "團": "団", "臺": "台", "经": "経", "經": "経", "纬": "緯",
})


def name_key(text: str) -> str:
    """Normalise a place name for matching: NFKC, case-folded, letters and digits only,
    and the simplified / traditional / Japanese forms of common place-name characters
    folded to one (:data:`_HAN_VARIANTS`).

    "Oshima-Oshima", "oshima oshima" and "OSHIMA–OSHIMA" share one key; native scripts
    keep their characters ("渡島大島"; 与那国岛 and 与那国島 share one).
    """
    norm = unicodedata.normalize("NFKC", text).casefold().translate(_HAN_VARIANTS)
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
        from geo._tables import did_you_mean

        return did_you_mean(name, self._spellings, n=n, cutoff=0.5)


def _columns() -> tuple:
    from geo._tables import Column, choice, iso3, listed, number, pattern

    return (
        Column("id", pattern(_ID_RE, "a lowercase snake_case id")),
        Column("name"),
        Column("aliases", listed(), blank=True, default=()),
        Column("kind", choice(sorted(KINDS))),
        Column("lat", number(-90.0, 90.0)),
        Column("lon", number(-180.0, 180.0)),
        Column("country", iso3, blank=True),
        Column("source"),
    )


def _country_given(row: dict) -> list[tuple[str, str]]:
    if row["country"] or row["kind"] in KINDS_WITHOUT_COUNTRY:
        return []
    return [("country", "empty: only seas and straits may leave it empty")]


def _unique_spellings(rows: list) -> list[tuple[int, str, str]]:
    """Every spelling (name or alias, matched by :func:`name_key`) names one place."""
    out = []
    seen: dict[str, str] = {}
    for row in rows:
        if not row.ok:
            continue
        for spelling in {name_key(s) for s in (row["name"], *row["aliases"])}:
            other = seen.get(spelling)
            if other is not None and other != row["id"]:
                out.append((row.n, "aliases", f"spelling {spelling!r} also names {other!r}"))
            seen.setdefault(spelling, row["id"])
    return out


def _parse_rows(path: Path) -> tuple[list[Place], list[RowError]]:
    from geo._tables import read_table

    rows, errors = read_table(path, _columns(), [_country_given], id_column="id",
                              what="gazetteer", table_checks=[_unique_spellings])
    places = [Place(r["id"], r["name"], r["aliases"], r["kind"], r["lon"], r["lat"],
                    r["country"], r["source"]) for r in rows]
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
