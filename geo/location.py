"""Turn what statements say about a position into a point with an uncertainty.

``locate("about 210 km west of Oshima-Oshima")`` reads a distance, a compass direction and
a gazetteer place and solves the geodesic direct problem on WGS84 (pyproj.Geod). It also
reads coordinates ("41.5N 137.0E", "41°30'N 137°E", "41.5, 137.0") and bare place names.

The uncertainty rule (``sigma_km``, one standard deviation, km)
---------------------------------------------------------------
Rounding is information. A reported distance ``d`` is taken to be rounded to a unit ``u``:
the largest of 1, 5, 10, 50, 100, 500, ... (times the stated unit, or 10^-k for a number
with k decimals) that divides ``d`` and is at most ``d / 3`` — so 210 -> 10, 250 -> 50,
200 -> 50, 300 -> 100, 1,180 -> 10. An exact figure is uniform within +/- u/2, so its
along-track sigma is ``u / sqrt(12)``; a hedged figure ("about", "some", "approximately",
"around", "roughly", "~") is taken to lie within +/- u with 95 % confidence, so its sigma is
``u / 2``. A range "300-350 km" is uniform over the range: sigma ``(hi - lo) / sqrt(12)``.

A 16-point compass direction names a sector 22.5 degrees wide; the true azimuth is taken as
uniform within it, sigma ``22.5 / sqrt(12)`` = 6.5 degrees, which is ``d * 0.1134`` km
across the track. The reference place adds its own extent (:attr:`Place.extent_km`: 1 km
for a cape or islet, 3 km for an island, 15 km for a peninsula ...).

``sigma_km`` is the radius of the equivalent isotropic Gaussian:
``sqrt((sigma_along**2 + sigma_across**2) / 2 + place_extent**2)``; the two axes are kept in
``sigma_along_km`` (along the azimuth) and ``sigma_across_km`` for drawing an ellipse.

Coordinates carry the resolution of their last digit: a value given to 0.1 degree is
uniform within +/- 0.05 degree (sigma = 0.1 degree / sqrt(12), about 3.2 km in latitude).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass

from geo.errors import InvalidCoordinateError, LocationParseError, UnknownPlaceError
from geo.gazetteer import Gazetteer, Place, load_gazetteer

#: Length of one unit in metres, by every spelling the parser accepts.
UNIT_METRES = {
    "km": 1000.0, "kms": 1000.0, "kilometre": 1000.0, "kilometres": 1000.0,
    "kilometer": 1000.0, "kilometers": 1000.0,
    "nm": 1852.0, "nmi": 1852.0, "nautical mile": 1852.0, "nautical miles": 1852.0,
    "mi": 1609.344, "mile": 1609.344, "miles": 1609.344, "statute miles": 1609.344,
}

_POINTS16 = (
    "north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast",
    "southeast", "south-southeast", "south", "south-southwest", "southwest",
    "west-southwest", "west", "west-northwest", "northwest", "north-northwest",
)
_LETTERS16 = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)

#: Half-width of a compass sector's uniform distribution expressed as a sigma (degrees).
COMPASS_SIGMA_DEG = 22.5 / math.sqrt(12.0)

_HEDGES = ("about", "approximately", "approx", "some", "around", "roughly", "nearly",
           "almost", "circa", "an estimated", "estimated", "~", "c.", "ca.", "approx.")


def _direction_table() -> dict[str, float]:
    table: dict[str, float] = {}
    for i, (word, letters) in enumerate(zip(_POINTS16, _LETTERS16)):
        az = i * 22.5
        table[letters.lower()] = az
        parts = word.split("-")
        forms = {word, word.replace("-", " "), word.replace("-", "")}
        if len(parts) == 2:  # north-northwest, also "north north-west", "north-north-west"
            second = parts[1]
            for a in ("north", "south"):
                if second.startswith(a) and second != a:
                    rest = second[len(a):]
                    forms |= {f"{parts[0]}-{a}-{rest}", f"{parts[0]} {a}-{rest}",
                              f"{parts[0]}-{a} {rest}", f"{parts[0]} {a} {rest}"}
        for a in ("north", "south"):  # northwest -> north-west, north west
            if word.startswith(a) and word[len(a):] in ("east", "west"):
                forms |= {f"{a}-{word[len(a):]}", f"{a} {word[len(a):]}"}
        for f in forms:
            table[f] = az
    return table


DIRECTIONS: dict[str, float] = _direction_table()

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = (r"kilomet(?:re|er)s?|kms?|nautical\s+miles?|n\.?\s?mi(?:les)?|nmi|nm"
         r"|statute\s+miles|miles?|mi")
_DIR = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in DIRECTIONS),
                       key=len, reverse=True))
_HEDGE = (r"about|approximately|approx\.?|some|around|roughly|nearly|almost|circa|ca\.|c\."
          r"|an\s+estimated|estimated|~")
_DIST = (rf"(?:(?P<hedge>{_HEDGE})\s*)?(?:between\s+)?(?P<d1>{_NUM})"
         rf"(?:\s*(?:-|to|and|~)\s*(?P<d2>{_NUM}))?\s*(?P<unit>{_UNIT})\b")
_REL_RE = re.compile(
    rf"(?<![\w.]){_DIST}\s*(?:\(\s*[^)]*\)\s*)?(?:to\s+the\s+|due\s+)?(?P<dir>{_DIR})(?![\w-])\s*"
    rf"(?:of|from|off(?:\s+the\s+coast\s+of)?)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_NODIR_RE = re.compile(rf"(?<![\w.]){_DIST}\s*(?:of|from|off|away\s+from)\s+(?P<rest>.+)$",
                       re.IGNORECASE)
_NODIST_RE = re.compile(rf"^(?:.*\s)?(?P<dir>{_DIR})\s+(?:of|from|off)\s+(?P<rest>.+)$",
                        re.IGNORECASE)
_BARE_PREFIX = re.compile(r"^(?:(?:fell|landed|impacted|crashed)\s+)?(?:in|at|on|near|into)\s+",
                          re.IGNORECASE)

# Japanese statements: 「渡島大島の西約210km」 (place の direction [方/方向] [約] distance km).
_JA_DIRECTIONS = dict(zip(
    ("北", "北北東", "北東", "東北東", "東", "東南東", "南東", "南南東",
     "南", "南南西", "南西", "西南西", "西", "西北西", "北西", "北北西"), _LETTERS16))
_JA_DIRECTIONS = {k: v.lower() for k, v in _JA_DIRECTIONS.items()}
_JA_RE = re.compile(
    r"(?P<rest>[^\s、。,の]+?)の(?P<dir>" + "|".join(sorted(_JA_DIRECTIONS, key=len, reverse=True))
    + r")(?:方向|方)?(?:\s*(?:の|に)?\s*)(?P<hedge>約|およそ)?\s*(?P<d1>" + _NUM
    + r")(?:\s*(?:-|~|から)\s*(?P<d2>" + _NUM + r"))?\s*(?P<unit>km|キロメートル|キロ|海里)"
)

# Coordinates: numbers, hemisphere letters and degree/minute/second marks.
_COORD_TOKEN = re.compile(
    r"(?P<num>[-+]?\d+(?:\.\d+)?)\s*(?P<mark>°|º|˚|deg(?:rees)?|′′|''|\"|″|”|'|′|’|min|sec)?"
    r"|(?P<hemi>(?<![a-z])[NSEW](?![a-z]))"
    r"|(?P<sep>[,;/])",
    re.IGNORECASE,
)
_COORD_ALLOWED = re.compile(
    r"^[\s\d.,;/+\-°º˚'′’\"″”NSEWnsew]*$|^(?:.*\b(?:lat|lon|latitude|longitude|deg|degrees|min|sec)\b.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Location:
    """A resolved position. ``lon``/``lat`` WGS84 degrees; distances in km.

    ``method`` is ``relative`` (distance + direction from a place), ``coordinates`` or
    ``place`` (the place itself). For a relative location ``distance_km`` and
    ``azimuth_deg`` are what was parsed (azimuth clockwise from true north, from the place
    towards the point) and ``place_id``/``place_name`` name the reference.
    """

    query: str
    lon: float
    lat: float
    sigma_km: float
    method: str
    place_id: str | None = None
    place_name: str | None = None
    distance_km: float | None = None
    azimuth_deg: float | None = None
    direction: str | None = None
    hedged: bool = False
    sigma_along_km: float | None = None
    sigma_across_km: float | None = None

    def to_dict(self) -> dict:
        """JSON-safe dict of every field."""
        return asdict(self)


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)  # dashes and minus sign
    return " ".join(t.split())


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def rounding_unit(number_text: str) -> float:
    """The unit a reported figure was rounded to (see the module docstring).

    >>> rounding_unit("210"), rounding_unit("250"), rounding_unit("1,180"), rounding_unit("2.5")
    (10.0, 50.0, 10.0, 0.1)
    """
    text = number_text.replace(",", "")
    if "." in text:
        return 10.0 ** -len(text.split(".", 1)[1])
    n = int(text)
    unit = 1.0
    scale = 1
    while True:
        progressed = False
        for step in (5 * scale, 10 * scale):
            if step <= n / 3 and n % step == 0:
                unit = float(step)
                progressed = True
        if not progressed:
            return unit
        scale *= 10


def _distance_sigma(m: re.Match, unit_m: float) -> tuple[float, float, bool]:
    """Return (distance_m, sigma_m, hedged) for a matched distance."""
    hedged = bool(m.group("hedge"))
    d1 = _number(m.group("d1"))
    if m.group("d2"):
        d2 = _number(m.group("d2"))
        lo, hi = min(d1, d2), max(d1, d2)
        return (lo + hi) / 2 * unit_m, (hi - lo) / math.sqrt(12.0) * unit_m, hedged
    u = rounding_unit(m.group("d1"))
    sigma = u / 2.0 if hedged else u / math.sqrt(12.0)
    return d1 * unit_m, sigma * unit_m, hedged


def _unit_metres(unit_text: str) -> float:
    u = re.sub(r"\s+", " ", unit_text.lower()).replace(".", "")
    u = {"キロメートル": "km", "キロ": "km", "海里": "nm"}.get(u, u)
    if u in UNIT_METRES:
        return UNIT_METRES[u]
    if u.startswith("n") and "mi" in u:
        return UNIT_METRES["nm"]
    raise LocationParseError(unit_text, "unknown distance unit")  # pragma: no cover


def _resolve_place(rest: str, gaz: Gazetteer, text: str) -> Place:
    """Longest leading run of words of ``rest`` that names a place."""
    rest = rest.strip()
    head = re.split(r"[,;(]|\s(?:in|inside|within|outside|into|and|near|on|at|where)\s", rest,
                    maxsplit=1)[0].strip(" .:")
    words = rest.split()
    for k in range(min(len(words), 10), 0, -1):
        cand = " ".join(words[:k]).strip(" .,;:")
        place = gaz.lookup(cand)
        if place is not None:
            return place
    raise UnknownPlaceError(head or rest, gaz.suggest(head or rest))


def _parse_relative(text: str, gaz: Gazetteer) -> Location | None:
    m = _REL_RE.search(text)
    if m is None:
        m = _JA_RE.search(text)
        if m is None:
            return None
        place = gaz.lookup(m.group("rest"))
        if place is None:
            raise UnknownPlaceError(m.group("rest"), gaz.suggest(m.group("rest")))
        dir_key = _JA_DIRECTIONS[m.group("dir")]
        return _relative_location(text, place, m, _unit_metres(m.group("unit")), dir_key)
    place = _resolve_place(m.group("rest"), gaz, text)
    dir_key = re.sub(r"\s+", " ", m.group("dir").lower())
    return _relative_location(text, place, m, _unit_metres(m.group("unit")), dir_key)


def _relative_location(text: str, place: Place, m: re.Match, unit_m: float,
                       dir_key: str) -> Location:
    dist_m, sig_d_m, hedged = _distance_sigma(m, unit_m)
    if dist_m <= 0:
        raise LocationParseError(text, "the distance must be greater than zero")
    if dist_m >= 20_000_000:
        raise LocationParseError(text, "the distance exceeds half the Earth's circumference")
    az = DIRECTIONS[dir_key]
    from geo.geodesy import destination

    lon, lat = destination(place.lon, place.lat, az, dist_m)
    sig_along = sig_d_m / 1000.0
    sig_across = dist_m / 1000.0 * math.radians(COMPASS_SIGMA_DEG)
    sigma = math.sqrt((sig_along**2 + sig_across**2) / 2.0 + place.extent_km**2)
    return Location(
        query=text, lon=lon, lat=lat, sigma_km=sigma, method="relative",
        place_id=place.id, place_name=place.name, distance_km=dist_m / 1000.0,
        azimuth_deg=az, direction=_LETTERS16[int(az / 22.5)], hedged=hedged,
        sigma_along_km=sig_along, sigma_across_km=sig_across,
    )


def _coord_groups(text: str) -> list[list[tuple[float, str, str]]] | None:
    """Split a coordinate text into two groups of (value, mark, number_text) with hemispheres."""
    t = re.sub(r"\b(?:latitude|longitude|lat|lon|long|lng)\b\s*[:=]?", " ", text,
               flags=re.IGNORECASE)
    tokens = []
    pos = 0
    for m in _COORD_TOKEN.finditer(t):
        if t[pos:m.start()].strip():
            return None  # something that is not part of a coordinate
        pos = m.end()
        tokens.append(m)
    if t[pos:].strip() or not tokens:
        return None
    hemis = [m.group("hemi").upper() for m in tokens if m.group("hemi")]
    groups: list[list] = [[]]
    labels: list[str] = []
    if hemis:
        prefix = bool(tokens[0].group("hemi"))
        for m in tokens:
            if m.group("hemi"):
                if prefix:
                    if groups[-1]:
                        groups.append([])
                    labels.append(m.group("hemi").upper())
                else:
                    labels.append(m.group("hemi").upper())
                    groups.append([])
            elif m.group("num"):
                groups[-1].append((m.group("num"), (m.group("mark") or "").lower()))
        groups = [g for g in groups if g]
        if len(groups) != 2 or len(labels) != 2:
            return None
        return [[(_number(n), mk, n) for n, mk in g] + [(0.0, "hemi", lab)]
                for g, lab in zip(groups, labels)]
    # No hemisphere letters: two signed components split by a separator or by marks.
    for m in tokens:
        if m.group("sep"):
            if groups[-1]:
                groups.append([])
        elif m.group("num"):
            g = groups[-1]
            mark = (m.group("mark") or "").lower()
            if g and not mark and not g[-1][1]:
                groups.append([])  # "41.5 137.0": a bare number after a bare number
                g = groups[-1]
            g.append((m.group("num"), mark))
    groups = [g for g in groups if g]
    if len(groups) != 2:
        return None
    return [[(_number(n), mk, n) for n, mk in g] for g in groups]


def _component(group: list[tuple[float, str, str]], text: str) -> tuple[float, float, str]:
    """(decimal degrees, resolution degrees, hemisphere letter or '')."""
    hemi = ""
    if group and group[-1][1] == "hemi":
        hemi = group[-1][2]
        group = group[:-1]
    if not 1 <= len(group) <= 3:
        raise LocationParseError(text, "a coordinate must have degrees, minutes and seconds at most")
    values = [v for v, _, _ in group]
    raw = [r for _, _, r in group]
    sign = -1.0 if raw[0].startswith("-") else 1.0
    for i, v in enumerate(values[1:], start=1):
        if v < 0 or v >= 60:
            kind = "minutes" if i == 1 else "seconds"
            raise InvalidCoordinateError(f"{text!r}: {kind} value {v:g} is not in [0, 60)")
        if "." in raw[i - 1]:
            raise LocationParseError(text, "only the last of degrees/minutes/seconds may have decimals")
    deg = abs(values[0]) + sum(v / 60.0**i for i, v in enumerate(values[1:], start=1))
    last = raw[-1]
    res = (10.0 ** -len(last.split(".", 1)[1])) if "." in last else 1.0
    res /= 60.0 ** (len(values) - 1)
    if hemi in ("S", "W"):
        if sign < 0:
            raise LocationParseError(text, "a coordinate has both a minus sign and S/W")
        sign = -1.0
    return sign * deg, res, hemi


def _parse_coordinates(text: str) -> Location | None:
    if not re.search(r"\d", text) or not _COORD_ALLOWED.match(text):
        return None
    groups = _coord_groups(text)
    if groups is None:
        return None
    (a, ra, ha), (b, rb, hb) = (_component(g, text) for g in groups)
    if ha or hb:
        if {ha, hb} <= {"N", "S"} or {ha, hb} <= {"E", "W"}:
            raise LocationParseError(text, "need one latitude (N/S) and one longitude (E/W)")
        if ha in ("E", "W"):
            (a, ra), (b, rb) = (b, rb), (a, ra)
    elif abs(a) > 90 and abs(b) <= 90:
        (a, ra), (b, rb) = (b, rb), (a, ra)  # "137.0, 41.5": longitude first
    lat, lon = a, b
    if not -90 <= lat <= 90:
        raise InvalidCoordinateError(f"{text!r}: latitude {lat:g} is outside [-90, 90] degrees")
    if not -180 <= lon <= 180:
        raise InvalidCoordinateError(f"{text!r}: longitude {lon:g} is outside [-180, 180] degrees")
    km_per_deg = 111.32
    sy = ra * km_per_deg / math.sqrt(12.0)
    sx = rb * km_per_deg * math.cos(math.radians(lat)) / math.sqrt(12.0)
    sigma = math.sqrt((sx**2 + sy**2) / 2.0)
    return Location(query=text, lon=lon, lat=lat, sigma_km=sigma, method="coordinates")


def locate(text: str, *, gazetteer: Gazetteer | None = None) -> Location:
    """Resolve a statement of position to a :class:`Location` (WGS84; sigma in km).

    Accepts "about 210 km west of Oshima-Oshima", "80km NNW of Yonaguni",
    "some 200 kilometres north of the Noto Peninsula", "300-350 km W of Oga Peninsula",
    distances in km / nautical miles / miles, all 16 compass points as words or letters;
    coordinates "41.5N 137.0E", "N41°30' E137°", "41.5, 137.0" (latitude first unless the
    first value cannot be a latitude), "-33.9 151.2"; or a bare place name.
    Longer statements are fine: "fell about 210 km west of Oshima-Oshima, inside Japan's
    EEZ" reads the distance, direction and place and ignores the rest.

    Raises :class:`UnknownPlaceError` (with the closest known names),
    :class:`LocationParseError` (missing direction, missing distance, unreadable text) or
    :class:`InvalidCoordinateError` (impossible coordinates).
    """
    if not isinstance(text, str) or not text.strip():
        raise LocationParseError(str(text), "empty text; expected e.g. '210 km west of Oshima-Oshima'")
    clean = _clean(text)
    gaz = gazetteer or load_gazetteer()
    loc = _parse_coordinates(clean)
    if loc is not None:
        return _with_query(loc, text)
    loc = _parse_relative(clean, gaz)
    if loc is not None:
        return _with_query(loc, text)
    m = _NODIR_RE.search(clean)
    if m is not None:
        raise LocationParseError(
            text, "missing direction: say where from the place, e.g. '210 km west of Oshima-Oshima'")
    m = _NODIST_RE.search(clean)
    if m is not None and gaz.lookup(_BARE_PREFIX.sub("", m.group("rest")).strip(" .")) is not None:
        raise LocationParseError(text, "missing distance: say how far, e.g. '210 km west of ...'")
    bare = _BARE_PREFIX.sub("", clean).strip(" .")
    place = gaz.lookup(bare)
    if place is not None:
        return Location(query=text, lon=place.lon, lat=place.lat, sigma_km=place.extent_km,
                        method="place", place_id=place.id, place_name=place.name)
    if re.search(r"\d", clean) and re.search(r"\b[NSEW]\b|°", clean):
        raise LocationParseError(text, "unreadable coordinates; expected e.g. '41.5N 137.0E'")
    if re.search(r"\d", clean):
        raise LocationParseError(
            text, "expected '<distance> <unit> <direction> of <place>', coordinates or a place name")
    raise UnknownPlaceError(bare, gaz.suggest(bare))


def _with_query(loc: Location, text: str) -> Location:
    from dataclasses import replace

    return replace(loc, query=text)
