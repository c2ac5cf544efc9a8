"""Distances and directions as statements write them, in English, Japanese, Korean, Chinese.

A stated distance is an *interval* of kilometres (:class:`Distance`), by this rule
(``d`` the figure, ``u`` its rounding unit, :func:`rounding_unit`):

==========================================================  ====================
wording                                                     interval (km)
==========================================================  ====================
exact figure ("210 km")                                     [d - u/2, d + u/2]
about / approximately / some / around / roughly / circa / ~
約 / およそ / 程度 / ほど (ja), 약 / 가량 / 정도 (ko), 约 / 大约 (zh)  [d - u, d + u]
less than / under / within / up to / no more than,
未満 / 以内 (ja), 이내 / 미만 (ko), 以内 / 不到 (zh)                  [0, d]
more than / over / at least / beyond / in excess of,
以上 / 超 (ja), 이상 / 넘게 (ko), 以上 / 超过 (zh)                    [d, d + 2u]
nearly / almost / close to / just under, 近く / 弱 (ja)             [d - u, d]
"-odd": 여 (ko, "400여 km"), 多 / 余 (zh), 余り / 余 (ja)          [d, d + u]
a range "250 to 300", "250-300" (any dash), "250 km – 300 km",
"250 or 300", "between 250 and 300", 「200〜250キロ」                [lo, hi]
==========================================================  ====================

"More than d" has no stated upper bound; the rule takes ``d + 2u``: had the distance
reached the next round figures (``d + u``, ``d + 2u``) the statement would have named
them. A negative figure is an error, not a distance.

Directions: the 16 compass points as words or letters (a sector 22.5 degrees wide), the
32-point "X by Y" forms ("southwest by west" = 236.25 degrees, a sector 11.25 degrees
wide), and the CJK forms 東/东/동 西/서 南/남 北/북 in one to three characters (北東,
東北 and 동북 are all NE; 北北東 is NNE).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geo.errors import LocationParseError

#: Length of one unit in metres, by every spelling the parser accepts.
UNIT_METRES = {
    "km": 1000.0, "kms": 1000.0, "kilometre": 1000.0, "kilometres": 1000.0,
    "kilometer": 1000.0, "kilometers": 1000.0,
    "nm": 1852.0, "nmi": 1852.0, "nautical mile": 1852.0, "nautical miles": 1852.0,
    "mi": 1609.344, "mile": 1609.344, "miles": 1609.344, "statute miles": 1609.344,
}

#: CJK unit spellings and what they mean.
CJK_UNITS = {"km": "km", "キロメートル": "km", "キロ": "km", "킬로미터": "km", "킬로": "km",
             "公里": "km", "千米": "km", "海里": "nm", "해리": "nm", "マイル": "mi"}

POINTS16 = (
    "north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast",
    "southeast", "south-southeast", "south", "south-southwest", "southwest",
    "west-southwest", "west", "west-northwest", "northwest", "north-northwest",
)
LETTERS16 = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)

#: Width (degrees) of the sector a 16-point direction names, and of a 32-point "by" one.
SECTOR16_DEG = 22.5
SECTOR32_DEG = 11.25


def _direction_table() -> dict[str, float]:
    table: dict[str, float] = {}
    for i, (word, letters) in enumerate(zip(POINTS16, LETTERS16, strict=True)):
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

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNIT = (r"kilomet(?:re|er)s?|kms?|nautical\s+miles?|n\.\s?m\.?|n\.?\s?mi(?:les)?\.?|nmi|nm"
        r"|statute\s+miles|miles?|mi")
DIR = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in DIRECTIONS),
                      key=len, reverse=True))
#: A direction, optionally 32-point ("southwest by west").
DIR_FULL = rf"(?P<dir>(?:{DIR}))(?:\s+by\s+(?P<by>{DIR}))?"

_QUALIFIERS_EN = {
    "about": ("about", "approximately", "approx.", "approx", "some", "around", "roughly",
              "circa", "ca.", "c.", "an estimated", "estimated", "~", "about some"),
    "less": ("less than", "under", "within", "up to", "no more than", "not more than",
             "fewer than", "below"),
    "more": ("more than", "over", "at least", "beyond", "in excess of", "upwards of",
             "no less than", "not less than", "greater than", "above"),
    "nearly": ("nearly", "almost", "close to", "just under", "just short of"),
}
QUAL_EN = {w: q for q, words in _QUALIFIERS_EN.items() for w in words}
QUAL_EN_RE = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in QUAL_EN),
                             key=len, reverse=True))

#: CJK qualifiers before the number and after it (after the unit, or between number and
#: unit for the "-odd" forms).
QUAL_CJK_BEFORE = {"約": "about", "约": "about", "およそ": "about", "大約": "about",
                   "大约": "about", "약": "about", "대략": "about", "최대": "less",
                   "最大": "less", "超过": "more", "超過": "more"}
QUAL_CJK_AFTER = {"以上": "more", "超": "more", "이상": "more", "넘게": "more",
                  "未満": "less", "以内": "less", "이내": "less", "미만": "less",
                  "以下": "less", "이하": "less", "不到": "less",
                  "近く": "nearly", "弱": "nearly", "程度": "about", "ほど": "about",
                  "가량": "about", "정도": "about", "左右": "about", "前後": "about",
                  "余り": "odd", "余": "odd", "여": "odd", "多": "odd", "強": "odd"}
_CJK_BEFORE_RE = "|".join(sorted(map(re.escape, QUAL_CJK_BEFORE), key=len, reverse=True))
_CJK_AFTER_RE = "|".join(sorted(map(re.escape, QUAL_CJK_AFTER), key=len, reverse=True))
_CJK_UNIT_RE = "|".join(sorted(map(re.escape, CJK_UNITS), key=len, reverse=True))

#: A CJK distance: [qualifier] number [odd] [unit] [~ number [odd]] unit [qualifier].
CJK_DIST = (rf"(?P<q1>{_CJK_BEFORE_RE})?\s*(?P<neg>-\s*)?(?P<d1>{NUM})\s*(?P<o1>여|多|余)?\s*"
            rf"(?:{_CJK_UNIT_RE})?\s*(?:(?:~|〜|～|-|から|至|到|에서)\s*(?P<d2>{NUM})\s*"
            rf"(?P<o2>여|多|余)?\s*)?(?P<unit>{_CJK_UNIT_RE})\s*(?P<q2>{_CJK_AFTER_RE})?")

#: An English distance: [qualifier] [between] number [unit] [to/-/or/and number] unit.
EN_DIST = (rf"(?:(?P<q1>{QUAL_EN_RE})\s*)?(?:between\s+)?(?P<neg>-\s*)?(?P<d1>{NUM})\s*"
           rf"(?:(?:{UNIT})(?![\w])\s*)?(?:(?P<sep>-|to|and|or|~)\s*(?P<d2>{NUM})\s*)?"
           rf"(?P<unit>{UNIT})(?![\w])")


def rounding_unit(number_text: str) -> float:
    """The unit a reported figure was rounded to: the largest of 1, 5, 10, 50, 100, ...
    (or 10^-k for a figure with k decimals) that divides it and is at most a third of it.

    >>> rounding_unit("210"), rounding_unit("250"), rounding_unit("1,180"), rounding_unit("2.5")
    (10.0, 50.0, 10.0, 0.1)
    """
    text = number_text.replace(",", "")
    if "." in text:
        return 10.0 ** -len(text.split(".", 1)[1])
    n = int(text)
    unit = 1.0
    scale = 1
    while scale <= n:
        progressed = False
        for step in (5 * scale, 10 * scale):
            if step <= n / 3 and n % step == 0:
                unit = float(step)
                progressed = True
        if not progressed:
            return unit
        scale *= 10
    return unit


def number(text: str) -> float:
    """A figure as written ("1,180", "2.5") as a float."""
    return float(text.replace(",", ""))


def unit_metres(unit_text: str) -> float:
    """Metres in one unit, for every spelling the parsers accept."""
    u = re.sub(r"\s+", " ", unit_text.strip().lower()).replace(".", "")
    u = CJK_UNITS.get(unit_text.strip(), u)
    if u in UNIT_METRES:
        return UNIT_METRES[u]
    if u.startswith("n") and ("mi" in u or u in ("n m", "nm")):
        return UNIT_METRES["nm"]
    raise LocationParseError(unit_text, "unknown distance unit; expected km, nm or miles")


@dataclass(frozen=True)
class Distance:
    """A stated distance as an interval (km): ``lo_km`` to ``hi_km``; ``nominal_km`` is
    the figure (the middle of a range); ``qualifier`` one of ``exact``, ``about``,
    ``less``, ``more``, ``nearly``, ``odd``, ``range``."""

    lo_km: float
    hi_km: float
    nominal_km: float
    qualifier: str

    @property
    def mid_km(self) -> float:
        return (self.lo_km + self.hi_km) / 2.0

    @property
    def sigma_km(self) -> float:
        """Standard deviation of a uniform distance over the interval."""
        return (self.hi_km - self.lo_km) / math.sqrt(12.0)

    @property
    def hedged(self) -> bool:
        return self.qualifier != "exact"


def distance_interval(d1: str, d2: str | None, unit_m: float, qualifier: str | None,
                      text: str) -> Distance:
    """The :class:`Distance` of a figure (or range ``d1``-``d2``) in a unit of ``unit_m``
    metres with a qualifier (None for an exact figure). Raises :class:`LocationParseError`
    for a zero, huge or unreadable figure."""
    k = unit_m / 1000.0
    try:
        a = number(d1)
        b = number(d2) if d2 else None
    except ValueError:
        raise LocationParseError(text, "unreadable distance figure") from None
    if not math.isfinite(a) or (b is not None and not math.isfinite(b)):
        raise LocationParseError(text, "unreadable distance figure")
    if b is not None:
        lo, hi = sorted((a * k, b * k))
        dist = Distance(lo, hi, (lo + hi) / 2.0, "range")
    else:
        u = rounding_unit(d1) * k
        d = a * k
        q = qualifier or "exact"
        lo, hi = {
            "exact": (d - u / 2.0, d + u / 2.0),
            "about": (d - u, d + u),
            "less": (0.0, d),
            "more": (d, d + 2.0 * u),
            "nearly": (d - u, d),
            "odd": (d, d + u),
        }[q]
        dist = Distance(max(lo, 0.0), hi, d, q)
    if dist.hi_km <= 0 or dist.nominal_km <= 0:
        raise LocationParseError(text, "the distance must be greater than zero")
    if dist.hi_km >= 20_000:
        raise LocationParseError(text, "the distance exceeds half the Earth's circumference "
                                       "(20,000 km)")
    return dist


def en_distance(m: re.Match, text: str) -> Distance:
    """The :class:`Distance` of an :data:`EN_DIST` match."""
    if m.group("neg"):
        raise LocationParseError(text, "a negative distance is not a distance; give how far, "
                                       "e.g. '50 km west of ...'")
    q = m.group("q1")
    qual = QUAL_EN.get(re.sub(r"\s+", " ", q.lower())) if q else None
    return distance_interval(m.group("d1"), m.group("d2"), unit_metres(m.group("unit")), qual,
                             text)


def cjk_distance(m: re.Match, text: str) -> Distance:
    """The :class:`Distance` of a :data:`CJK_DIST` match."""
    if m.group("neg"):
        raise LocationParseError(text, "a negative distance is not a distance")
    qual = None
    if m.group("q1"):
        qual = QUAL_CJK_BEFORE[m.group("q1")]
    if m.group("o1") or m.group("o2"):
        qual = "odd"
    if m.group("q2"):
        after = QUAL_CJK_AFTER[m.group("q2")]
        qual = after if after != "about" or qual is None else qual
    unit = CJK_UNITS[m.group("unit")]
    return distance_interval(m.group("d1"), m.group("d2"), UNIT_METRES[unit], qual, text)


# ------------------------------------------------------------------------ directions
@dataclass(frozen=True)
class Direction:
    """A compass direction: ``azimuth_deg`` (clockwise from true north), the sector
    ``width_deg`` it names, and its ``letters`` (``SW``, ``SWbW``)."""

    azimuth_deg: float
    width_deg: float
    letters: str


def en_direction(word: str, by: str | None = None) -> Direction:
    """An English direction ("west", "SW", "southwest by west")."""
    key = re.sub(r"\s+", " ", word.lower())
    az = DIRECTIONS[key]
    letters = LETTERS16[int(round(az / 22.5)) % 16]
    if not by:
        return Direction(az, SECTOR16_DEG, letters)
    other = DIRECTIONS[re.sub(r"\s+", " ", by.lower())]
    diff = (other - az + 180.0) % 360.0 - 180.0
    if abs(diff) not in (45.0, 90.0) or az % 45.0 or other % 90.0:
        raise LocationParseError(f"{word} by {by}", "not a point of the 32-point compass "
                                 "(e.g. 'southwest by west', 'north by east')")
    by_letters = LETTERS16[int(round(other / 22.5)) % 16]
    return Direction((az + math.copysign(SECTOR32_DEG, diff)) % 360.0, SECTOR32_DEG,
                     f"{letters}b{by_letters}")


_CJK_DIR_CHARS = {"東": 90.0, "东": 90.0, "동": 90.0, "西": 270.0, "서": 270.0,
                  "南": 180.0, "남": 180.0, "北": 0.0, "북": 0.0}
CJK_DIR = "[" + "".join(_CJK_DIR_CHARS) + "]{1,3}"


def _mean_az(a: float, b: float) -> float:
    diff = (b - a + 180.0) % 360.0 - 180.0
    return (a + diff / 2.0) % 360.0


def cjk_direction(chars: str) -> Direction:
    """A CJK direction of one to three characters (西, 北東, 東北, 동북, 北北東)."""
    azs = [_CJK_DIR_CHARS[c] for c in chars]
    bad = LocationParseError(chars, "not a compass direction (e.g. 西, 北東, 북동)")
    if len(azs) == 1:
        az = azs[0]
    elif len(azs) == 2:
        a, b = azs
        if {a, b} not in ({0.0, 90.0}, {0.0, 270.0}, {180.0, 90.0}, {180.0, 270.0}):
            raise bad
        az = _mean_az(a, b)
    else:
        c, a, b = azs
        if c not in (a, b) or {a, b} not in ({0.0, 90.0}, {0.0, 270.0}, {180.0, 90.0},
                                             {180.0, 270.0}):
            raise bad
        az = _mean_az(c, _mean_az(a, b))
    return Direction(az, SECTOR16_DEG, LETTERS16[int(round(az / 22.5)) % 16])


_BARE_NUMBER = re.compile(rf"^\s*(?P<neg>-\s*)?(?P<d1>{NUM})\s*$")


def flight_range(value: float | int | str | Distance, what: str = "range") -> Distance:
    """A flight's reported range (the ground distance from launch to fall, km) as an
    interval: a :class:`Distance` as given; a bare figure (``1000``, ``"1,000"``) read as
    authorities report a range, a hedged round figure ("flew about 1,000 km", 約1,000km
    飛翔): ``[d - u, d + u]`` with ``u`` its :func:`rounding_unit`; text with a unit and a
    qualifier ("over 250 km", "900-1100 km", 「約1,000キロ」) by the table above. Raises
    :class:`LocationParseError` for anything else, a zero or a negative figure."""
    if isinstance(value, Distance):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise LocationParseError(str(value), f"the flight {what} must be a number of km")
    if isinstance(value, (int, float)):
        if not math.isfinite(float(value)) or value <= 0:
            raise LocationParseError(str(value), f"the flight {what} must be a finite number "
                                                 "of km greater than zero")
        text = f"{float(value):.6f}".rstrip("0").rstrip(".")
        return distance_interval(text, None, 1000.0, "about", f"{what} {value}")
    text = " ".join(value.split())
    m = _BARE_NUMBER.match(text)
    if m is not None:
        if m.group("neg"):
            raise LocationParseError(text, f"a negative flight {what} is not a distance")
        return distance_interval(m.group("d1"), None, 1000.0, "about", text)
    m = re.match(rf"^\s*{EN_DIST}\s*$", text, re.IGNORECASE)
    if m is not None:
        return en_distance(m, text)
    m = re.match(rf"^\s*{CJK_DIST}\s*$", text)
    if m is not None:
        return cjk_distance(m, text)
    raise LocationParseError(text, f"unreadable flight {what}; expected e.g. '1000', "
                                   "'about 1,000 km' or '900-1100 km'")
