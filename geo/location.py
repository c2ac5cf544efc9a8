"""Turn what statements say about a position into a distribution of positions.

``locate("about 210 km west of Oshima-Oshima")`` reads a distance, a compass direction and
a gazetteer place and solves the geodesic direct problem on WGS84 (pyproj.Geod). It also
reads coordinates ("41.5N 137.0E", "41°30'N 137°E", "3830N 12915E", "38-30N 129-15E",
「北緯38度30分 東経129度15分」, 「北纬25度30分、东经122度10分」), bare place names, distances
with no direction (a ring: "about 300 km from the Oga Peninsula"), two references ("about
500 km from Sado and about 300 km from the Oki Islands") and statements in Japanese
(「渡島大島の西約210km」, 「奥尻島から西に約250km」), Korean (「원산 동쪽 약 400km」) and
Chinese (「在钓鱼岛以北约50公里处」).

What comes back
---------------
A :class:`Location`: a centre (``lon``, ``lat``) and ``sigma_km`` for compatibility, and
:attr:`Location.shape`, the distribution itself (:mod:`geo.statements.shapes`): an
annulus sector for distance + direction, a ring (sea only) for a distance alone, the
intersection of two rings for two references, a Gaussian for coordinates and bare places.
:func:`geo.zones.where.where` integrates over the shape's samples.

The uncertainty rule
--------------------
A stated distance is an interval (:mod:`geo.statements.numbers` gives the table for
"about", "less than", "more than", "nearly", ranges, 約, 以上, 以内, 이내, 여, 多 ...). A
compass direction names a sector (22.5 degrees for the 16 points, 11.25 for the 32-point
"southwest by west"). The reference place adds its own extent (:func:`place_extent_km`:
from the shipped land for islands, islets, rocks and island groups; by kind otherwise).

``sigma_km`` of a relative location is the radius of the equivalent isotropic Gaussian:
``sqrt((sigma_along**2 + sigma_across**2) / 2 + place_extent**2)``, with ``sigma_along``
the standard deviation of a uniform distance over the interval, ``(hi - lo) / sqrt(12)``,
and ``sigma_across = distance * radians(sector_width / sqrt(12))``. For rings and
intersections it is computed from the samples (:attr:`Shape.sigma_km`).

Coordinates carry the resolution of their last digit: a value given to 0.1 degree is
uniform within +/- 0.05 degree (sigma = 0.1 degree / sqrt(12), about 3.2 km in latitude).

Distance only and two references
--------------------------------
"N km from PLACE" is a ring around the place restricted to the sea (samples on the
shipped land are dropped). With a launch site (``site=``) it is narrowed to the sector
seen from the site around ``launch_azimuth_deg`` (or, when no azimuth is known, the
azimuth from the site to the reference place: the ground track passes by the place the
statement names), +/- :data:`SITE_HALF_WIDTH_DEG`. "N km of PLACE" (no "from") is refused
as a missing direction unless ``ring=True``. Two references are the intersection of two
rings: both lobes are kept (the probability splits) unless the sea or the site rules one
out; a site that would rule out both is ignored (and said so in ``note``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from geo.errors import (
    InvalidCoordinateError,
    LaunchmapError,
    LocationParseError,
    UnknownPlaceError,
)
from geo.gazetteer import Gazetteer, Place, load_gazetteer
from geo.statements.numbers import (
    CJK_DIR,
    CJK_DIST,
    DIR,
    DIR_FULL,
    DIRECTIONS,
    EN_DIST,
    LETTERS16,
    QUAL_EN_RE,
    SECTOR16_DEG,
    UNIT_METRES,
    Direction,
    Distance,
    cjk_direction,
    cjk_distance,
    en_direction,
    en_distance,
    rounding_unit,
)
from geo.statements.numbers import number as _number

__all__ = ["COMPASS_SIGMA_DEG", "DIRECTIONS", "MAX_TEXT_CHARS", "SITE_HALF_WIDTH_DEG",
           "UNIT_METRES", "Location", "locate", "place_extent_km", "rounding_unit"]

#: A 16-point sector's uniform distribution expressed as a sigma (degrees).
COMPASS_SIGMA_DEG = SECTOR16_DEG / math.sqrt(12.0)

#: Half-width (degrees) of the sector around the launch azimuth that a launch site keeps.
SITE_HALF_WIDTH_DEG = 20.0

#: Longest statement read (characters after normalisation); longer text is refused.
MAX_TEXT_CHARS = 2000

_LETTERS16 = LETTERS16

_REL_RE = re.compile(
    rf"(?<![\w.]){EN_DIST}\s*(?:\(\s*[^)]*\)\s*)?(?:to\s+the\s+|due\s+)?{DIR_FULL}(?![\w-])\s*"
    rf"(?:of|from|off(?:\s+the\s+coast\s+of)?)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
#: "400 km off the east coast of the Korean Peninsula", "300 km off North Korea's east
#: coast": a region's coast named by the direction it faces.
_COAST_RE = re.compile(
    rf"(?<![\w.]){EN_DIST}\s*(?:off|from|beyond)\s+(?:(?:the\s+)?(?P<dir>{DIR})\s+coast\s+of\s+"
    rf"(?P<rest>.+)$|(?P<rest2>.+?)(?:'s|’s|s')\s+(?P<dir2>{DIR})\s+coast\b.*$)",
    re.IGNORECASE,
)
_COAST_NODIST_RE = re.compile(
    rf"\boff\s+(?:(?:the\s+)?(?P<dir>{DIR})\s+coast\s+of\s+(?P<rest>.+)$|"
    rf"(?P<rest2>.+?)(?:'s|’s|s')\s+(?P<dir2>{DIR})\s+coast\b)", re.IGNORECASE)
_RING_RE = re.compile(
    rf"(?<![\w.]){EN_DIST}\s*(?:\(\s*[^)]*\)\s*)?(?:away\s+)?"
    rf"(?P<prep>from|off(?:\s+the\s+coast\s+of)?|of)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
#: "north-north-west of Yonaguni" anywhere in a text (a direction with no distance).
_DIR_OF_RE = re.compile(rf"(?<![\w-]){DIR_FULL}(?![\w-])\s+(?:of|from|off)\s+(?P<rest>[^,;()]+)",
                        re.IGNORECASE)
_NODIST_RE = re.compile(rf"^(?:.*\s)?(?P<dir>{DIR})(?:\s+by\s+(?:{DIR}))?\s+(?:of|from|off)\s+"
                        rf"(?P<rest>.+)$", re.IGNORECASE)
_BARE_PREFIX = re.compile(r"^(?:(?:fell|landed|impacted|crashed)\s+)?(?:in|at|on|near|into)\s+",
                          re.IGNORECASE)
#: Where a second reference starts: "..., and about 300 km from ...", "、隠岐から約300km".
_SPLIT_RE = re.compile(rf"(?:\s*,)?\s+and\s+(?=(?:{QUAL_EN_RE})?\s*\d)|\s*[,;]\s+(?=(?:"
                       rf"{QUAL_EN_RE})?\s*\d)|\s*(?:[、，；]|および|及び|그리고|[,;](?=\s*[^\x00-\u024f]))\s*",
                       re.IGNORECASE)

_CJK_STOP = r"[^\s、。,，;；:：()（）「」]"
_CJK_REL_RE = re.compile(
    rf"(?P<rest>{_CJK_STOP}+?)\s*(?:の|から|より|에서|으로부터|로부터)?\s*(?:以|往|向)?"
    rf"(?<!에)(?P<dir>{CJK_DIR})(?:方向|方面|方|側|侧|쪽|방향|방)?\s*(?:방향)?\s*(?:の|に|へ|으로|로)?"
    rf"\s*[、,]?\s*{CJK_DIST}")
#: Korean "distance away, place direction": 「약 250km 떨어진 오쿠시리섬 서쪽」.
_KO_AWAY_RE = re.compile(
    rf"{CJK_DIST}\s*(?:떨어진|거리의)\s*(?P<rest>{_CJK_STOP}+?)\s*(?:의)?\s*(?P<dir>{CJK_DIR})"
    rf"(?:쪽|방향|방)")
_CJK_RING_RE = re.compile(
    rf"(?:(?:距离|距離|距)\s*(?P<rest2>{_CJK_STOP}+?)|(?P<rest>{_CJK_STOP}+?)\s*"
    rf"(?:から|より|에서|으로부터|로부터))\s*{CJK_DIST}")
#: A launch area and a sea, no fall point: 「함경남도 함흥 일대에서 동해상으로」.
_LAUNCH_AREA_RE = re.compile(
    r"(?P<place>[^\s]+?)\s*(?:일대|지역|부근|一带|一帯|付近)?\s*(?:에서|から|从)\s*"
    r"(?P<sea>동해|서해|남해|황해|日本海|黄海|東シナ海|东海)\s*(?:상|上)?\s*(?:으로|に|へ|로)?")
#: A launch aimed at a sea, no fall point: 「朝鲜向日本海方向发射」, 「日本海に向けて発射」,
#: 「동해상으로 발사」, "fired toward the Sea of Japan".
_TOWARD_SEA_RE = re.compile(
    r"(?:(?:向|往|朝)\s*(?P<zh>日本海|东海|黄海|東海)\s*(?:方向|方面)?\s*(?:发射|發射)"
    r"|(?P<ja>日本海|東シナ海|黄海|太平洋)\s*(?:に向けて|方向に|方向へ|へ向けて)\s*(?:\S*発射)"
    r"|(?P<ko>동해|서해|남해|황해)\s*(?:상으로|쪽으로|방향으로)\s*\S*\s*발사"
    r"|\b(?:fired|launched)\b[^.;]*?\b(?:toward|towards|into)\s+(?:the\s+)?"
    r"(?P<en>sea\s+of\s+japan|east\s+sea|yellow\s+sea|west\s+sea|east\s+china\s+sea))",
    re.IGNORECASE)
_LAUNCH_AREA_EN = re.compile(
    r"\bfrom\s+(?:(?:around|near|the\s+vicinity\s+of|the\s+area\s+of)\s+)?(?:the\s+)?(?P<place>.+?)\s+(?:area\s+)?(?:in)?to(?:wards?)?\s+(?:the\s+)?"
    r"(?P<sea>(?:sea\s+of\s+japan|east\s+sea|yellow\s+sea|west\s+sea|east\s+china\s+sea)"
    r"(?:\s*/\s*[\w ]+)?)", re.IGNORECASE)

#: Japanese / Chinese / Korean degree-minute-second coordinates.
_CJK_LAT = (r"(?P<h>北|南|북|남)\s*(?:纬|緯|위)\s*(?P<d>\d+(?:\.\d+)?)\s*(?:度|도|°)\s*"
            r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:分|분|'|′)\s*)?(?:(?P<s>\d+(?:\.\d+)?)\s*(?:秒|초|\"|″)\s*)?")
_CJK_LON = _CJK_LAT.replace("(?P<h>北|南|북|남)", "(?P<h>东|東|西|동|서)").replace(
    "(?:纬|緯|위)", "(?:经|経|經|경)")
_CJK_LAT_RE = re.compile(_CJK_LAT)
_CJK_LON_RE = re.compile(_CJK_LON)
_HEMI = {"北": "N", "南": "S", "북": "N", "남": "S", "东": "E", "東": "E", "西": "W",
         "동": "E", "서": "W"}
#: Compact "3830N 12915E" (DDMM[SS] / DDDMM[SS]) and dashed "38-30N 129-15E".
_COMPACT_RE = re.compile(
    r"^(?P<la>\d{4}(?:\d{2})?(?:\.\d+)?)\s*(?P<lh>[NS])\s*[,/]?\s*"
    r"(?P<lo>\d{5}(?:\d{2})?(?:\.\d+)?)\s*(?P<oh>[EW])$", re.IGNORECASE)
_DASHED_RE = re.compile(
    r"^(?P<la>\d{1,2}(?:-\d{1,2}){1,2}(?:\.\d+)?)\s*(?P<lh>[NS])\s*[,/]?\s*"
    r"(?P<lo>\d{1,3}(?:-\d{1,2}){1,2}(?:\.\d+)?)\s*(?P<oh>[EW])$", re.IGNORECASE)

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
    """A resolved position: a centre (``lon``/``lat`` WGS84 degrees), ``sigma_km`` and
    the :attr:`shape` of the distribution.

    ``method``: ``relative`` (distance + direction from a place), ``ring`` (a distance
    only), ``two_references`` (two distances from two places), ``region`` (distance and
    direction from a region's coast), ``coordinates`` or ``place``. For a relative
    location ``distance_km`` is the stated figure (the middle of a range),
    ``distance_min_km``/``distance_max_km`` the interval the rule gives, ``azimuth_deg``
    the direction (clockwise from true north, from the place towards the point) and
    ``place_id``/``place_name`` the reference; ``references`` lists every reference
    place id; ``qualifier`` how the distance was hedged (``exact``, ``about``, ``less``,
    ``more``, ``nearly``, ``odd``, ``range``); ``note`` says what a restriction did.
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
    qualifier: str | None = None
    distance_min_km: float | None = None
    distance_max_km: float | None = None
    references: tuple[str, ...] = ()
    note: str | None = None
    shape: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        """JSON-safe dict of every field; ``shape`` as the shape's own dict."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "shape"}
        out["references"] = list(self.references)
        out["shape"] = self.shape.to_dict() if self.shape is not None else None
        return out


@dataclass(frozen=True)
class _Clause:
    """One reference of a statement: a distance, an optional direction, a place."""

    distance: Distance
    direction: Direction | None
    place: Place
    text: str


def _clean(text: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\u2010-\u2015\u2212\u2012\ufe58\ufe63\uff0d]", "-", t)  # dashes, minus
    t = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", t)  # control characters are spaces
    return " ".join(t.split())


def place_extent_km(place: Place) -> float:
    """One-sigma extent (km) of a reference place: from the shipped land for islands,
    islets, rocks and island groups (:mod:`geo.statements.extents`), by kind otherwise
    (:attr:`Place.extent_km`)."""
    from geo.statements.extents import land_extent_km

    got = land_extent_km(place)
    return place.extent_km if got is None else got


def _resolve_place(rest: str, gaz: Gazetteer) -> Place:
    """Longest leading run of words of ``rest`` that names a place."""
    rest = rest.strip()
    rest = re.sub(r"^(?:the\s+)?coast\s+of\s+", "", rest, flags=re.IGNORECASE)
    # "North Korea's coast", "Japan's east coast": the place whose coast it is
    rest = re.sub(rf"^(.+?)(?:'s|’s|s')\s+(?:(?:{DIR})\s+)?coast(?:line)?s?\b", r"\1", rest,
                  flags=re.IGNORECASE)
    head = re.split(r"[,;(]|\s(?:in|inside|within|outside|into|and|near|on|at|where)\s", rest,
                    maxsplit=1)[0].strip(" .:")
    words = rest.split()
    for k in range(min(len(words), 10), 0, -1):
        cand = " ".join(words[:k]).strip(" .,;:")
        place = gaz.lookup(cand)
        if place is not None:
            return place
    # "Hokkaido's Okushiri Island": the place named after the possessive
    m = re.match(r"^[^,;(]+?(?:'s|’s)\s+(?P<inner>.+)$", rest)
    if m is not None:
        try:
            return _resolve_place(m.group("inner"), gaz)
        except UnknownPlaceError:
            pass
    raise UnknownPlaceError(head or rest, gaz.suggest(head or rest))


_CJK_TRIM = re.compile(r"(?:沖|近海|付近|海域|앞바다|인근|附近|海上|海域)$")


def _resolve_cjk_place(rest: str, gaz: Gazetteer) -> Place:
    """The longest tail of ``rest`` that names a place: a prefecture or province before
    the name (北海道渡島大島, 秋田県男鹿半島, 北海道・奥尻島, 在钓鱼岛) is dropped."""
    rest = _CJK_TRIM.sub("", rest.strip())
    for i in range(len(rest)):
        cand = rest[i:].lstrip("・･·")
        if cand:
            place = gaz.lookup(cand)
            if place is not None:
                return place
    raise UnknownPlaceError(rest, gaz.suggest(rest))


def _en_clause(text: str, gaz: Gazetteer, ring: bool) -> _Clause | None:
    m = _COAST_RE.search(text)
    if m is not None:
        dist = en_distance(m, text)
        word = m.group("dir") or m.group("dir2")
        place = _resolve_place(m.group("rest") or m.group("rest2"), gaz)
        return _Clause(dist, en_direction(word), place, text)
    m = _REL_RE.search(text)
    if m is not None:
        dist = en_distance(m, text)
        return _Clause(dist, en_direction(m.group("dir"), m.group("by")),
                       _resolve_place(m.group("rest"), gaz), text)
    m = _RING_RE.search(text)
    if m is not None:
        dist = en_distance(m, text)
        place = _resolve_place(m.group("rest"), gaz)
        if m.group("prep").lower() == "of" and not ring:
            raise LocationParseError(
                text, "no direction: say where from the place, e.g. '210 km west of "
                      f"{place.name}', or read it as a ring around {place.name}? use --ring "
                      "(ring=True)")
        return _Clause(dist, None, place, text)
    return None


_CJK_TAIL_RE = re.compile(_CJK_REL_RE.pattern.split("(?P<rest>" + _CJK_STOP + "+?)", 1)[1])
_CJK_RUN = re.compile(_CJK_STOP + "+$")


def _cjk_clause(text: str, gaz: Gazetteer) -> _Clause | None:
    """A CJK relative clause. A place name may itself end in a direction character (江東,
    東海): every split of the text into a place and a direction is tried, leftmost first,
    until the place resolves and the direction reads."""
    first_error: LaunchmapError | None = None
    for i in range(1, len(text)):
        m = _CJK_TAIL_RE.match(text, i)
        if m is None:
            continue
        run = _CJK_RUN.search(text[:i].rstrip())
        if run is None:
            continue
        try:
            place = _resolve_cjk_place(run.group(), gaz)
            return _Clause(cjk_distance(m, text), cjk_direction(m.group("dir")), place, text)
        except LaunchmapError as exc:
            first_error = first_error or exc
    m = _KO_AWAY_RE.search(text)
    if m is not None:
        place = _resolve_cjk_place(m.group("rest"), gaz)
        return _Clause(cjk_distance(m, text), cjk_direction(m.group("dir")), place, text)
    m = _CJK_RING_RE.search(text)
    if m is not None:
        place = _resolve_cjk_place(m.group("rest") or m.group("rest2"), gaz)
        return _Clause(cjk_distance(m, text), None, place, text)
    if first_error is not None:
        raise first_error
    return None


def _clause(text: str, gaz: Gazetteer, ring: bool) -> _Clause | None:
    got = _en_clause(text, gaz, ring)
    if got is None and re.search(r"[^\x00-\u024f]", text):
        got = _cjk_clause(text, gaz)
    return got


def _clauses(text: str, gaz: Gazetteer, ring: bool) -> tuple[list[_Clause], str | None]:
    """One or two references and a note. A text is split where a second distance starts
    (", and about 300 km from ...", 「、隠岐諸島から約300km」) when both halves read and
    name two different places (the same place twice is a restatement, "about 200 km west
    of Oshima-Oshima ... (the forecast had said about 210 km west of Oshima-Oshima)": the
    first is read). Three or more references ("26 km south of the Northern Limit Line, 57
    km east of Sokcho and 167 km north-west of Ulleungdo"): the first two that read with
    two different places are used and the note names the others."""
    for m in _SPLIT_RE.finditer(text):
        a, b = text[:m.start()], text[m.end():]
        if not re.search(r"\d", a) or not re.search(r"\d", b):
            continue
        try:
            first, second = _clause(a, gaz, ring), _clause(b, gaz, ring)
        except LaunchmapError:
            continue
        if first is not None and second is not None and first.place.id != second.place.id:
            return [first, second], None
    many = _many_clauses(text, gaz, ring)
    if many is not None:
        return many
    one = _clause(text, gaz, ring)
    return ([] if one is None else [one]), None


def _many_clauses(text: str, gaz: Gazetteer, ring: bool
                  ) -> tuple[list[_Clause], str | None] | None:
    """Pieces at every separator followed by a distance; the first two that read with two
    different places, or None when fewer than two do."""
    cuts = [m for m in _SPLIT_RE.finditer(text) if re.search(r"\d", text[m.end():m.end() + 12])]
    if len(cuts) < 2:
        return None
    bounds = [0, *(c.start() for c in cuts), len(text)]
    starts = [0, *(c.end() for c in cuts)]
    read: list[_Clause] = []
    left_out: list[str] = []
    for start, end in zip(starts, bounds[1:], strict=True):
        piece = text[start:end].strip(" ,;")
        try:
            got = _clause(piece, gaz, ring)
        except LaunchmapError:
            got = None
        if got is None or any(r.place.id == got.place.id for r in read) or len(read) == 2:
            left_out.append(piece)
        else:
            read.append(got)
    if len(read) < 2:
        return None
    return read, "not used: " + "; ".join(f"'{p}'" for p in left_out)

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
    from geo.statements.shapes import Gaussian

    return Location(query=text, lon=lon, lat=lat, sigma_km=sigma, method="coordinates",
                    shape=Gaussian(lon, lat, sigma))




def _site_place(site: str | Place | None, gaz: Gazetteer) -> Place | None:
    if site is None or isinstance(site, Place):
        return site
    return gaz.get(site)


def _restriction(site: Place | None, towards: tuple[float, float] | None,
                 launch_azimuth_deg: float | None, sea_only: bool,
                 flight: Distance | None = None):
    """What the launch site adds: the sector around the launch azimuth (or, with
    ``towards``, around the azimuth from the site to that point) and the flight's range
    (``flight``, widened by twice the site's own extent: the launch point is "near" the
    site)."""
    from geo.geodesy import inverse
    from geo.statements.shapes import Restriction

    if site is None:
        return Restriction(sea_only=sea_only)
    az = launch_azimuth_deg
    if az is None and towards is not None:
        az, _ = inverse(site.lon, site.lat, towards[0], towards[1])
    lo = hi = None
    if flight is not None:
        pad = 2.0 * place_extent_km(site)
        lo, hi = max(flight.lo_km - pad, 0.0), flight.hi_km + pad
    return Restriction(sea_only=sea_only, site_lon=site.lon, site_lat=site.lat,
                       site_azimuth_deg=None if az is None else float(az) % 360.0,
                       site_half_width_deg=SITE_HALF_WIDTH_DEG, site_name=site.name,
                       site_range_min_km=lo, site_range_max_km=hi)


def _with_fallback(build, restriction, plain):
    """The shape under ``restriction``; without the site when the site rules out every
    position (the note says so)."""
    shape = build(restriction)
    try:
        shape.centre  # noqa: B018 (draws the samples: raises when nothing fits)
        return shape, None
    except LocationParseError:
        if not restriction.narrows:
            raise
    shape = build(plain)
    shape.centre  # noqa: B018
    what = " and ".join(w for w, on in (
        ("direction", restriction.site_azimuth_deg is not None),
        ("flight range", restriction.site_range_max_km is not None)) if on)
    return shape, (f"the {what} from {restriction.site_name} rules out every position; "
                   "kept without it")


def _sector(clause: _Clause, restriction=None):
    from geo.statements.shapes import AnnulusSector, Restriction

    d, p = clause.distance, clause.place
    if clause.direction is None:
        lo_az, hi_az = 0.0, 360.0
    else:
        half = clause.direction.width_deg / 2.0
        lo_az, hi_az = clause.direction.azimuth_deg - half, clause.direction.azimuth_deg + half
    return AnnulusSector(p.lon, p.lat, d.lo_km, d.hi_km, lo_az, hi_az,
                         origin_sigma_km=place_extent_km(p),
                         restriction=restriction or Restriction(), label=clause.text)


def _relative(text: str, c: _Clause, site: Place | None = None,
              launch_az: float | None = None, flight: Distance | None = None) -> Location:
    from geo.geodesy import destination

    d, p, direc = c.distance, c.place, c.direction
    assert direc is not None
    region = _region_location(text, c, site, launch_az, flight)
    if region is not None:
        return region
    lon, lat = destination(p.lon, p.lat, direc.azimuth_deg, d.mid_km * 1000.0)
    sig_along = d.sigma_km
    sig_across = d.mid_km * math.radians(direc.width_deg / math.sqrt(12.0))
    extent = place_extent_km(p)
    sigma = math.sqrt((sig_along**2 + sig_across**2) / 2.0 + extent**2)
    shape = _sector(c)
    return Location(
        query=text, lon=lon, lat=lat, sigma_km=sigma, method="relative",
        place_id=p.id, place_name=p.name, distance_km=d.mid_km if d.qualifier == "range"
        else d.nominal_km, azimuth_deg=direc.azimuth_deg, direction=direc.letters,
        hedged=d.hedged, sigma_along_km=sig_along, sigma_across_km=sig_across,
        qualifier=d.qualifier, distance_min_km=d.lo_km, distance_max_km=d.hi_km,
        references=(p.id,), shape=shape)


def _region_location(text: str, c: _Clause, site: Place | None,
                     launch_az: float | None, flight: Distance | None = None
                     ) -> Location | None:
    """A distance and direction from a region's coast (:mod:`geo.statements.regions`).
    The statement does not say where along the coast: a launch site narrows it only with
    a launch azimuth or the flight's range (a region has no single point to aim at), and
    without either the note says that the position spreads along the coast."""
    from geo.statements.regions import region_coast, region_shape
    from geo.statements.shapes import Restriction

    coast = region_coast(c.place)
    if coast is None:
        return None
    assert c.direction is not None
    restriction = _restriction(site, None, launch_az, sea_only=True, flight=flight)
    shape, note = _with_fallback(
        lambda r: region_shape(c.place, coast, c.distance, c.direction, label=text,
                               restriction=r), restriction, Restriction(sea_only=True))
    if not restriction.narrows:
        note = ("where along the coast is not stated: "
                + ("the launch site alone does not narrow it; " if site is not None else "")
                + "give the launch site with the flight's range or launch azimuth to narrow "
                  "it")
    if note:
        object.__setattr__(shape, "note", f"{shape.note}; {note}")
    lon, lat = shape.centre
    return Location(
        query=text, lon=lon, lat=lat, sigma_km=shape.sigma_km, method="region",
        place_id=c.place.id, place_name=c.place.name, distance_km=c.distance.nominal_km,
        azimuth_deg=c.direction.azimuth_deg, direction=c.direction.letters,
        hedged=c.distance.hedged, qualifier=c.distance.qualifier,
        distance_min_km=c.distance.lo_km, distance_max_km=c.distance.hi_km,
        references=(c.place.id,), shape=shape, note=shape.note)


def _ring(text: str, c: _Clause, site: Place | None, launch_az: float | None,
          flight: Distance | None = None) -> Location:
    from geo.statements.shapes import Restriction

    restriction = _restriction(site, (c.place.lon, c.place.lat), launch_az, sea_only=True,
                               flight=flight)
    shape, note = _with_fallback(lambda r: _sector(c, r), restriction,
                                 Restriction(sea_only=True))
    lon, lat = shape.centre
    d = c.distance
    return Location(
        query=text, lon=lon, lat=lat, sigma_km=shape.sigma_km, method="ring",
        place_id=c.place.id, place_name=c.place.name, distance_km=d.nominal_km,
        hedged=d.hedged, sigma_along_km=d.sigma_km, qualifier=d.qualifier,
        distance_min_km=d.lo_km, distance_max_km=d.hi_km, references=(c.place.id,),
        shape=shape, note=note)


def _two(text: str, a: _Clause, b: _Clause, site: Place | None,
         launch_az: float | None, flight: Distance | None = None) -> Location:
    from geo.statements.shapes import Restriction, RingIntersection, _ecef_mean

    towards = _ecef_mean_pair(_ecef_mean, a.place, b.place)
    restriction = _restriction(site, towards, launch_az, sea_only=True, flight=flight)
    shape, note = _with_fallback(
        lambda r: RingIntersection(_sector(a), _sector(b), restriction=r), restriction,
        Restriction(sea_only=True))
    lon, lat = shape.centre
    return Location(
        query=text, lon=lon, lat=lat, sigma_km=shape.sigma_km, method="two_references",
        place_id=a.place.id, place_name=a.place.name, distance_km=a.distance.nominal_km,
        hedged=a.distance.hedged or b.distance.hedged, qualifier=a.distance.qualifier,
        distance_min_km=a.distance.lo_km, distance_max_km=a.distance.hi_km,
        references=(a.place.id, b.place.id), shape=shape, note=note)


def _ecef_mean_pair(mean, p: Place, q: Place) -> tuple[float, float]:
    import numpy as np

    return mean(np.array([p.lon, q.lon]), np.array([p.lat, q.lat]))


def _cjk_coordinates(text: str) -> str | None:
    """「北緯38度30分 東経129度15分」 -> "38°30'N 129°15'E" (None if not that form)."""
    la, lo = _CJK_LAT_RE.search(text), _CJK_LON_RE.search(text)
    if la is None or lo is None:
        return None

    def fmt(m: re.Match) -> str:
        s = m.group("d") + "°"
        if m.group("m"):
            s += m.group("m") + "'"
        if m.group("s"):
            s += m.group("s") + '"'
        return s + _HEMI[m.group("h")]

    return f"{fmt(la)} {fmt(lo)}"


def _compact_coordinates(text: str) -> str | None:
    """ "3830N 12915E" / "38-30N 129-15E" -> "38°30'N 129°15'E" (None if not that form)."""
    m = _COMPACT_RE.match(text)
    if m is not None:
        def dms(s: str, deg_digits: int) -> str:
            whole, _, frac = s.partition(".")
            d, rest = whole[:deg_digits], whole[deg_digits:]
            parts = [d + "°", rest[:2]]
            if len(rest) > 2:
                parts[-1] += "'"
                parts.append(rest[2:] + (("." + frac) if frac else "") + '"')
            else:
                parts[-1] += (("." + frac) if frac else "") + "'"
            return "".join(parts)

        return f"{dms(m.group('la'), 2)}{m.group('lh').upper()} " \
               f"{dms(m.group('lo'), 3)}{m.group('oh').upper()}"
    m = _DASHED_RE.match(text)
    if m is not None:
        def dashed(s: str) -> str:
            bits = s.split("-")
            marks = ["°", "'", '"']
            return "".join(b + marks[i] for i, b in enumerate(bits))

        return f"{dashed(m.group('la'))}{m.group('lh').upper()} " \
               f"{dashed(m.group('lo'))}{m.group('oh').upper()}"
    return None


def _launch_area_refusal(clean: str, gaz: Gazetteer, text: str, numbers: bool = False) -> None:
    """Refuse a statement that names a launch area and a sea but no fall point (with
    ``numbers``, also when it gives figures: read after every reading of a position
    failed, "flew about 240 km" is a flight, not a fall point)."""
    if re.search(r"\d", clean) and not numbers:
        return
    m = _LAUNCH_AREA_RE.search(clean) or _LAUNCH_AREA_EN.search(clean)
    if m is None:
        return
    place = m.group("place")
    try:
        found = _resolve_cjk_place(place, gaz) if re.search(r"[^\x00-\u024f]", place) \
            else _resolve_place(place, gaz)
        place = found.name
    except UnknownPlaceError:
        pass
    flight = (" (a distance flown is not a fall point: with a direction, use --from SITE "
              "--range KM)") if numbers else ""
    raise LocationParseError(
        text, f"names a launch area ({place}) and a sea ({m.group('sea')}) but no fall "
              "point: give a distance and direction, e.g. '원산 동쪽 약 400km' or "
              f"'about 400 km east of Wonsan'{flight}")


def locate(text: str, *, gazetteer: Gazetteer | None = None, site: str | Place | None = None,
           launch_azimuth_deg: float | None = None, range_km: float | str | None = None,
           ring: bool = False) -> Location:
    """Resolve a statement of position to a :class:`Location` (WGS84; sigma in km).

    Accepts "about 210 km west of Oshima-Oshima", "80km NNW of Yonaguni", "less than
    250 km west of ...", "250 km – 300 km ...", "between 250 and 300 km ...", "about
    135 n.m. southwest by west of Okushiri", "about 300 km from the Oga Peninsula"
    (ring), "about 500 km from Sado and about 300 km from the Oki Islands" (two rings),
    "about 550 km east of the Korean Peninsula" (from the coast facing east), Japanese,
    Korean and Chinese forms (see the module docstring), coordinates in decimal,
    degree-minute-second, compact ("3830N 12915E") and CJK forms, or a bare place.

    ``site``: the launch site (a gazetteer name or :class:`Place`) and
    ``launch_azimuth_deg`` the launch azimuth (degrees from true north), when known: they
    narrow a ring or a two-ring fix to the sector the ground track allows. ``range_km``:
    the flight's reported range from ``site`` (ground distance, km; a bare figure is read
    as a hedged round figure, "about 1,000 km" = 900-1,100 km, see
    :func:`geo.statements.numbers.flight_range`): a ring, a two-ring fix or a region
    statement keeps the positions at that distance from the site (widened by twice the
    site's extent). A region statement ("about 550 km east of the Korean Peninsula") does
    not say where along the coast it is measured: only the azimuth or the range narrows
    it. ``ring``: read "N km of PLACE" (no direction) as a ring instead of refusing it.

    Raises :class:`UnknownPlaceError` (with the closest known names),
    :class:`LocationParseError` (naming what was missing or ambiguous) or
    :class:`InvalidCoordinateError` (impossible coordinates); nothing else.
    """
    if not isinstance(text, str) or not text.strip():
        raise LocationParseError(str(text), "empty text; expected e.g. '210 km west of Oshima-Oshima'")
    clean = _clean(text)
    if not clean:
        raise LocationParseError(text, "empty text; expected e.g. '210 km west of Oshima-Oshima'")
    if len(clean) > MAX_TEXT_CHARS:
        raise LocationParseError(text[:60] + "...", f"longer than {MAX_TEXT_CHARS} characters; "
                                 "give one statement of position")
    if launch_azimuth_deg is not None and not math.isfinite(float(launch_azimuth_deg)):
        raise LocationParseError(text, "the launch azimuth must be a finite number of degrees")
    gaz = gazetteer or load_gazetteer()
    flight = None
    if range_km is not None:
        from geo.statements.numbers import flight_range

        flight = flight_range(range_km)
        if site is None:
            raise LocationParseError(text, "a flight range needs the launch site it is "
                                           "measured from (site=, --from SITE)")
    coords = _cjk_coordinates(clean) or _compact_coordinates(clean)
    loc = _parse_coordinates(coords or clean)
    if loc is not None:
        return _with_query(loc, text)
    _launch_area_refusal(clean, gaz, text)
    site_place = _site_place(site, gaz)
    clauses, left_out = _clauses(clean, gaz, ring)
    if len(clauses) == 2:
        loc = _two(text, clauses[0], clauses[1], site_place, launch_azimuth_deg, flight)
        return _with_note(loc, left_out)
    if clauses:
        c = clauses[0]
        if c.direction is None:
            c = _direction_elsewhere(clean, c, gaz)
        if c.direction is None:
            return _ring(text, c, site_place, launch_azimuth_deg, flight)
        return _relative(text, c, site_place, launch_azimuth_deg, flight)
    m = _COAST_NODIST_RE.search(clean)
    if m is not None:
        raise LocationParseError(
            text, f"a coast ({(m.group('dir') or m.group('dir2')).lower()} coast) but no "
                  "distance: no fall point; say how far, e.g. 'about 400 km off the east "
                  "coast of the Korean Peninsula'")
    m = _NODIST_RE.search(clean)
    if m is not None:
        try:
            named = _resolve_place(_BARE_PREFIX.sub("", m.group("rest")).strip(" ."), gaz)
        except LaunchmapError:
            named = None
        if named is not None:
            raise LocationParseError(
                text, f"missing distance: '{m.group('dir')} of {named.name}' gives a direction "
                      "but no distance; say how far, e.g. '210 km west of ...'")
    _launch_area_refusal(clean, gaz, text, numbers=True)
    m = _TOWARD_SEA_RE.search(clean)
    if m is not None:
        sea = next(g for g in m.groups() if g)
        raise LocationParseError(
            text, f"names the sea the launch was aimed at ({sea}) but no fall point: give a "
                  "distance and direction, e.g. 'about 250 km west of Okushiri'")
    bare = _BARE_PREFIX.sub("", clean).strip(" .")
    place = gaz.lookup(bare)
    if place is not None:
        from geo.statements.shapes import Gaussian

        extent = place_extent_km(place)
        return Location(query=text, lon=place.lon, lat=place.lat, sigma_km=extent,
                        method="place", place_id=place.id, place_name=place.name,
                        references=(place.id,), shape=Gaussian(place.lon, place.lat, extent))
    if re.search(r"\d", clean) and re.search(r"\b[NSEW]\b|°", clean):
        raise LocationParseError(text, "unreadable coordinates; expected e.g. '41.5N 137.0E'")
    if re.search(r"\d", clean):
        if re.search(rf"\b(?:{DIR})\b", clean, re.IGNORECASE) or re.search(CJK_DIR, clean):
            raise LocationParseError(
                text, "a direction and a number but no distance unit or no place: expected "
                      "'<distance> <unit> <direction> of <place>', e.g. '210 km west of "
                      "Oshima-Oshima'")
        raise LocationParseError(
            text, "expected '<distance> <unit> <direction> of <place>', coordinates or a place name")
    raise UnknownPlaceError(bare[:80], gaz.suggest(bare[:80]))


def _with_query(loc: Location, text: str) -> Location:
    from dataclasses import replace

    return replace(loc, query=text)


def _with_note(loc: Location, note: str | None) -> Location:
    from dataclasses import replace

    if not note:
        return loc
    return replace(loc, note=f"{loc.note}; {note}" if loc.note else note)


def _direction_elsewhere(text: str, c: _Clause, gaz: Gazetteer) -> _Clause:
    """A distance with no direction ("about 80 km from Yonaguni") whose text names the
    direction from the same place elsewhere ("in the training area north-north-west of
    Yonaguni, ..., about 80 km from Yonaguni"): the clause with that direction."""
    for m in _DIR_OF_RE.finditer(text):
        try:
            place = _resolve_place(m.group("rest"), gaz)
        except LaunchmapError:
            continue
        if place.id == c.place.id:
            return _Clause(c.distance, en_direction(m.group("dir"), m.group("by")), c.place,
                           c.text)
    return c
