"""Data tests for the launch catalogue ``data/events.csv``.

Pure checks of the shipped fact table, independent of the loader in ``geo.catalogue``:

* schema: exact columns in order, RFC 4180 / UTF-8, unique ids that agree with ``date`` and
  ``actor``, ISO dates in range, ``HH:MM`` times, ISO 3166-1 alpha-3 codes, counts,
  coordinates, non-negative numbers, the ``reported_zone`` / ``overflight_reported``
  vocabularies, a citation on every row;
* internal consistency: an impact is given either as a parseable ``impact_query`` or as a
  point with a sigma, every JST/KST -> UTC conversion quoted in ``source_note`` is right
  and matches ``time_utc``, and the number, direction and place of each query come from
  the authority's own statement (or the row says how they were derived);
* coverage: every seed event of the brief is present with the facts that define it;
* cross-file: every ``launch_site`` id and every place named in an ``impact_query`` exists
  in the gazetteer ``data/places.csv`` (skipped, with the reason, while that file is absent).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from geo._paths import data_path
from geo.geodesy import destination, inverse

COLUMNS = [
    "id", "date", "time_utc", "actor", "system", "count", "launch_site", "launch_lat",
    "launch_lon", "impact_statement", "impact_query", "impact_lat", "impact_lon",
    "impact_sigma_km", "apogee_km", "range_km", "flight_time_min", "reported_zone",
    "overflight_reported", "reporting_authority", "source", "source_note", "notes",
    "impact_basis", "zone_explanation", "impact_direction",
]
IMPACT_BASES = {"stated", "derived", "area", "none"}
NUMERIC = ["apogee_km", "range_km", "flight_time_min", "impact_sigma_km"]
FIRST_DAY = dt.date(2016, 1, 1)
#: Japanese and Korean statements give local times; both are UTC+9 (no summer time).
LOCAL_OFFSET = dt.timedelta(hours=9)

ID_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z]{3})-([1-9]\d*)$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ZONE_RE = re.compile(
    r"^(?:(inside|outside):([A-Z]{3}):(territorial_sea|contiguous_zone|eez)|land:([A-Z]{3}))$"
)
OVERFLIGHT_RE = re.compile(r"^(?:none|[A-Z]{3}(?:;[A-Z]{3})*)$")
URL_RE = re.compile(r"https?://[^\s;,\"']+")

# The relative-location grammar the parser supports (see the brief for geo.locate).
_DIR_WORDS = [
    "north", "north-northeast", "northeast", "east-northeast", "east", "east-southeast",
    "southeast", "south-southeast", "south", "south-southwest", "southwest",
    "west-southwest", "west", "west-northwest", "northwest", "north-northwest",
]
_DIR_LETTERS = [
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
]
LETTER_TO_WORD = dict(zip(_DIR_LETTERS, _DIR_WORDS, strict=True))
#: Compass point (letters, or words without hyphens/spaces) -> index 0..15 (x 22.5 deg).
_DIR_INDEX = {
    **{letters: i for i, letters in enumerate(_DIR_LETTERS)},
    **{word.replace("-", ""): i for i, word in enumerate(_DIR_WORDS)},
}


def _azimuth(direction: str) -> float:
    """Azimuth in degrees of a 16-point compass direction written as letters or words."""
    key = direction.upper() if direction.upper() in _DIR_INDEX else re.sub(
        r"[- ]", "", direction.lower()
    )
    return _DIR_INDEX[key] * 22.5
_DIR_ALT = "|".join(
    sorted(
        [re.escape(d) for d in _DIR_LETTERS]
        + [w.replace("-", "[- ]?") for w in _DIR_WORDS],
        key=len,
        reverse=True,
    )
)
RELATIVE_RE = re.compile(
    r"^(?:(?:about|approximately|some|around|roughly|~)\s*)?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<unit>km|kilometres|kilometers|nm|nautical miles|mi|miles)\s+"
    rf"(?P<dir>{_DIR_ALT})\s+of\s+(?P<place>\S.*)$",
    re.IGNORECASE,
)
COORD_RE = re.compile(r"^\d{1,2}(?:\.\d+)?\s*[NS]\s+\d{1,3}(?:\.\d+)?\s*[EW]$", re.IGNORECASE)
#: Words in source_note that declare a query was derived rather than quoted.
DERIVED_RE = re.compile(r"\b(derived|inferred|midpoint)\b", re.IGNORECASE)
#: "07:53 JST on 3 Aug 2016 = 22:53 UTC" and "10:48 KST = 01:48 UTC".
CONVERSION_RE = re.compile(
    r"(\d{1,2}):(\d{2}) (?:JST|KST)(?: on [^=()]+?)? = (\d{1,2}):(\d{2}) UTC"
)


def _events_path() -> Path:
    return data_path("events.csv")


def _read_rows() -> list[dict[str, str]]:
    with _events_path().open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, strict=True))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _read_rows()


def _float(row: dict[str, str], field: str) -> float | None:
    text = row[field].strip()
    return None if text == "" else float(text)


def _norm(text: str) -> str:
    """Fold a place name for comparison: no accents, case or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", stripped.casefold())


def _is_iso3(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _local_date(row: dict[str, str]) -> dt.date:
    """Date of the launch in UTC+9 (the date Japanese/Korean reports use)."""
    day = dt.date.fromisoformat(row["date"])
    if not row["time_utc"]:
        return day
    hh, mm = map(int, row["time_utc"].split(":"))
    return (dt.datetime.combine(day, dt.time(hh, mm)) + LOCAL_OFFSET).date()


def _events_on(rows, local_date: str, actor: str) -> list[dict[str, str]]:
    """Rows of ``actor`` whose UTC or UTC+9 launch date is ``local_date``."""
    want = dt.date.fromisoformat(local_date)
    return [
        r for r in rows
        if r["actor"] == actor
        and (r["date"] == local_date or _local_date(r) == want)
    ]


# --------------------------------------------------------------------------- schema


def test_file_is_utf8_with_exact_columns_in_order():
    raw = _events_path().read_bytes()
    raw.decode("utf-8")  # raises on invalid UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "events.csv must not start with a BOM"
    with _events_path().open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f, strict=True))
    assert header == COLUMNS


def test_every_record_has_all_fields(rows):
    assert len(rows) >= 40
    for i, r in enumerate(rows, start=2):
        assert None not in r, f"line {i}: more fields than columns"
        assert all(r[c] is not None for c in COLUMNS), f"line {i}: fewer fields than columns"
        for c in COLUMNS:
            assert r[c] == r[c].strip(), f"{r['id']}: {c} has surrounding whitespace"


def test_ids_unique_and_consistent_with_date_and_actor(rows):
    ids = Counter(r["id"] for r in rows)
    dupes = sorted(i for i, n in ids.items() if n > 1)
    assert not dupes, f"duplicate ids: {dupes}"
    for r in rows:
        m = ID_RE.match(r["id"])
        assert m, f"{r['id']!r}: id must be YYYY-MM-DD-<actor lower>-<n>"
        assert m.group(1) == r["date"], f"{r['id']}: id date differs from date {r['date']}"
        assert m.group(2) == r["actor"].lower(), f"{r['id']}: id actor differs from actor"
    # numbering within a (date, actor) group is 1..n without gaps
    groups: dict[str, list[int]] = {}
    for r in rows:
        m = ID_RE.match(r["id"])
        groups.setdefault(f"{m.group(1)}-{m.group(2)}", []).append(int(m.group(3)))
    for key, ns in groups.items():
        assert sorted(ns) == list(range(1, len(ns) + 1)), f"{key}: ids numbered {sorted(ns)}"


def test_dates_are_iso_and_in_range(rows):
    today = dt.date.today()
    for r in rows:
        day = dt.date.fromisoformat(r["date"])
        assert r["date"] == day.isoformat(), f"{r['id']}: date not YYYY-MM-DD"
        assert FIRST_DAY <= day <= today, f"{r['id']}: date {day} outside 2016-01-01..today"


def test_times_are_hh_mm_utc(rows):
    for r in rows:
        t = r["time_utc"]
        assert t == "" or TIME_RE.match(t), f"{r['id']}: time_utc {t!r} is not HH:MM"


def test_actor_is_iso3(rows):
    for r in rows:
        assert _is_iso3(r["actor"]), f"{r['id']}: actor {r['actor']!r} is not ISO 3166-1 alpha-3"


def test_system_and_authority_present(rows):
    for r in rows:
        assert r["system"], f"{r['id']}: system is empty"
        assert r["reporting_authority"], f"{r['id']}: reporting_authority is empty"


def test_count_is_positive_integer(rows):
    for r in rows:
        assert re.fullmatch(r"[1-9]\d*", r["count"]), f"{r['id']}: count {r['count']!r}"


def test_launch_site_or_coordinates(rows):
    for r in rows:
        lat, lon = _float(r, "launch_lat"), _float(r, "launch_lon")
        assert (lat is None) == (lon is None), f"{r['id']}: launch_lat/lon must come in pairs"
        assert r["launch_site"] or lat is not None, (
            f"{r['id']}: needs launch_site or launch_lat/launch_lon"
        )
        if r["launch_site"]:
            assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", r["launch_site"]), (
                f"{r['id']}: launch_site {r['launch_site']!r} is not a snake_case gazetteer id"
            )
        if lat is not None:
            assert -90 <= lat <= 90 and -180 <= lon <= 180, f"{r['id']}: launch coordinates"


def test_impact_is_query_or_point_with_sigma(rows):
    for r in rows:
        assert r["impact_statement"], f"{r['id']}: impact_statement is empty"
        lat, lon, sigma = (_float(r, c) for c in ("impact_lat", "impact_lon", "impact_sigma_km"))
        given = [v is not None for v in (lat, lon, sigma)]
        assert all(given) or not any(given), (
            f"{r['id']}: impact_lat, impact_lon and impact_sigma_km go together"
        )
        if r["impact_basis"] == "none":
            assert r["impact_query"] == "" and not any(given), (
                f"{r['id']}: impact_basis 'none' (no fall point stated) but an impact is given"
            )
            continue
        if r["impact_direction"]:
            # a derived impact shape (geo.catalogue_derived): no point at all
            assert r["impact_basis"] == "derived" and r["impact_query"] == "" and not any(
                given), f"{r['id']}: impact_direction is for a derived shape without a point"
            continue
        if r["impact_query"] == "":
            assert all(given), f"{r['id']}: empty impact_query needs impact_lat/lon/sigma"
        if all(given):
            assert -90 <= lat <= 90 and -180 <= lon <= 180, f"{r['id']}: impact coordinates"
            assert sigma > 0, f"{r['id']}: impact_sigma_km must be > 0"
            assert r["source_note"], f"{r['id']}: a direct impact point needs a source_note"


def test_impact_basis_says_how_the_point_was_obtained(rows):
    """``stated`` / ``derived`` / ``area`` / ``none``: a derived point is declared derived in
    the note, an area centroid is given as coordinates, ``none`` has no point at all; no row
    leaves the basis empty, so no point is a silent guess."""
    for r in rows:
        basis = r["impact_basis"]
        assert basis in IMPACT_BASES, f"{r['id']}: impact_basis {basis!r}"
        if basis == "derived":
            assert DERIVED_RE.search(r["source_note"]), (
                f"{r['id']}: impact_basis 'derived' but the note does not say how"
            )
        if basis == "area":
            assert r["impact_lat"] and "area" in r["source_note"], (
                f"{r['id']}: impact_basis 'area' needs the area's centroid and a note"
            )
        if basis == "none":
            # the authority's verdict (e.g. 'outside Japan's EEZ') stays; the note says
            # that no fall point was stated, so nothing was placed
            assert re.search(r"no (fall point|impact)", r["source_note"], re.IGNORECASE), (
                f"{r['id']}: impact_basis 'none' but the note does not say no fall point "
                "was stated"
            )


def test_impact_queries_follow_the_parser_grammar(rows):
    for r in rows:
        q = r["impact_query"]
        if not q:
            continue
        if RELATIVE_RE.match(q) or COORD_RE.match(q):
            continue
        # otherwise a bare place name: no digits, no stray grammar words
        assert not re.search(r"\d", q), (
            f"{r['id']}: {q!r} is neither relative, coordinates nor a name"
        )
        assert not re.search(r"\b(of|km|about)\b", q, re.IGNORECASE), (
            f"{r['id']}: {q!r} looks like a malformed relative location"
        )


def test_numbers_are_finite_and_non_negative(rows):
    for r in rows:
        for field in NUMERIC:
            v = _float(r, field)
            if v is not None:
                assert math.isfinite(v) and v >= 0, f"{r['id']}: {field}={v}"


def test_reported_zone_vocabulary(rows):
    for r in rows:
        z = r["reported_zone"]
        if not z:
            continue
        m = ZONE_RE.match(z)
        assert m, f"{r['id']}: reported_zone {z!r} does not match the pattern"
        code = m.group(2) or m.group(4)
        assert _is_iso3(code), f"{r['id']}: {code!r} in reported_zone is not ISO3"


def test_overflight_vocabulary(rows):
    for r in rows:
        o = r["overflight_reported"]
        if not o:
            continue
        assert OVERFLIGHT_RE.match(o), f"{r['id']}: overflight_reported {o!r}"
        if o != "none":
            codes = o.split(";")
            assert len(codes) == len(set(codes)), f"{r['id']}: repeated code in {o!r}"
            for code in codes:
                assert _is_iso3(code), f"{r['id']}: {code!r} is not ISO3"


def test_every_row_cites_a_source(rows):
    for r in rows:
        src = r["source"]
        urls = URL_RE.findall(src)
        # a URL, or a publisher citation with a date
        assert urls or re.search(r"\b(19|20)\d{2}\b", src), f"{r['id']}: source lacks URL/date"
        for url in urls:
            assert "." in url.split("/")[2], f"{r['id']}: malformed URL {url!r}"


# ------------------------------------------------------------------ consistency


def test_time_conversions_quoted_in_source_note(rows):
    """Every 'HH:MM JST/KST = HH:MM UTC' in a note is a -9 h conversion, and matches time_utc."""
    checked = 0
    for r in rows:
        found = CONVERSION_RE.findall(r["source_note"])
        for lh, lm, uh, um in found:
            local = int(lh) * 60 + int(lm)
            utc = int(uh) * 60 + int(um)
            assert (local - 9 * 60) % (24 * 60) == utc, f"{r['id']}: {lh}:{lm} -> {uh}:{um} UTC"
            checked += 1
        if found and r["time_utc"]:
            uh, um = found[0][2], found[0][3]
            assert r["time_utc"] == f"{int(uh):02d}:{um}", (
                f"{r['id']}: time_utc {r['time_utc']} differs from the note's {uh}:{um} UTC"
            )
    assert checked >= 30


def test_local_date_is_stated_when_it_differs_from_utc(rows):
    """Early-morning launches fall on the previous UTC day: the note must say so."""
    for r in rows:
        if r["actor"] not in {"PRK"} or not r["time_utc"]:
            continue
        local = _local_date(r)
        if local.isoformat() != r["date"]:
            assert f"local date {local.isoformat()}" in r["source_note"], (
                f"{r['id']}: UTC date {r['date']} but local date {local} is not mentioned"
            )


def test_query_number_direction_and_place_come_from_the_statement(rows):
    for r in rows:
        m = RELATIVE_RE.match(r["impact_query"])
        if not m:
            continue
        statement = r["impact_statement"].replace(",", "")
        declared = bool(DERIVED_RE.search(r["source_note"]))
        number = m.group("num").replace(",", "")
        assert re.search(rf"\b{re.escape(number)}\b", statement) or declared, (
            f"{r['id']}: {number} is not in the statement and the note does not say it is derived"
        )
        direction = m.group("dir").replace(" ", "-")
        word = LETTER_TO_WORD.get(direction.upper(), direction).lower()
        flat_statement = _norm(statement)
        assert _norm(word) in flat_statement or declared, (
            f"{r['id']}: direction {word} not in the statement and not declared derived"
        )
        place = _norm(m.group("place"))
        assert place in flat_statement or place in _norm(r["source_note"]), (
            f"{r['id']}: reference place {m.group('place')!r} appears in neither statement nor note"
        )


def test_salvo_rows_share_one_statement(rows):
    """Rows with count > 1 stand for missiles with one statement: they must say 'two'/'three'/..."""
    words = {2: "two", 3: "three", 4: "four"}
    for r in rows:
        n = int(r["count"])
        if n > 1:
            text = r["impact_statement"].lower()
            assert words.get(n, str(n)) in text or str(n) in text, (
                f"{r['id']}: count {n} but the statement does not speak of {n} missiles"
            )


# --------------------------------------------------------------------- coverage


def _one(rows, local_date: str, actor: str, system_part: str) -> dict[str, str]:
    found = [r for r in _events_on(rows, local_date, actor) if system_part in r["system"]]
    assert len(found) == 1, f"expected one {actor} {system_part} row on {local_date}: {found}"
    return found[0]


def test_seed_2017_hwasong14_launches(rows):
    july4 = _one(rows, "2017-07-04", "PRK", "Hwasong-14")
    assert july4["id"] == "2017-07-04-prk-1"
    assert july4["reported_zone"] == "inside:JPN:eez"
    assert "Oga Peninsula" in july4["impact_query"]
    july28 = _one(rows, "2017-07-28", "PRK", "Hwasong-14")
    assert july28["id"] == "2017-07-28-prk-1"
    assert july28["reported_zone"] == "inside:JPN:eez"
    assert "Okushiri" in july28["impact_query"]
    assert float(july28["flight_time_min"]) == 45


def test_seed_2022_11_17_short_range_launch(rows):
    r = [x for x in _events_on(rows, "2022-11-17", "PRK")]
    assert [x["id"] for x in r] == ["2022-11-17-prk-1"]
    assert r[0]["launch_site"] == "wonsan"
    assert r[0]["reporting_authority"] == "ROK JCS"
    assert "East Sea" in r[0]["impact_statement"]


def test_seed_2022_11_18_hwasong17_west_of_oshima_oshima(rows):
    r = _one(rows, "2022-11-18", "PRK", "Hwasong-17")
    assert r["id"] == "2022-11-18-prk-1"
    assert "Oshima-Oshima" in r["impact_query"] and "Oshima-Oshima" in r["impact_statement"]
    assert r["reported_zone"] == "inside:JPN:eez"
    assert float(r["apogee_km"]) == pytest.approx(6000, rel=0.05)
    assert float(r["range_km"]) == pytest.approx(1000, rel=0.05)
    assert float(r["flight_time_min"]) == 69
    # the 210 km figure of the Coast Guard forecast is recorded, not silently dropped
    assert "210" in r["impact_statement"] and "210" in r["source_note"]


def test_seed_2022_08_04_pla_missiles(rows):
    chn = _events_on(rows, "2022-08-04", "CHN")
    assert sum(int(r["count"]) for r in chn) == 9
    inside = [r for r in chn if r["reported_zone"] == "inside:JPN:eez"]
    assert sum(int(r["count"]) for r in inside) == 5
    for r in inside:
        assert "Hateruma" in r["impact_statement"]
    over_taiwan = [r for r in chn if "TWN" in r["overflight_reported"].split(";")]
    assert sum(int(r["count"]) for r in over_taiwan) == 4
    assert all(r["reporting_authority"] == "JPN MOD" for r in chn)
    # the published MOD figure and map of estimated fall points are the basis
    assert all("mod.go.jp" in r["source"] for r in chn)


def test_seed_2022_11_15_strikes_and_przewodow(rows):
    poland = [r for r in rows if r["reported_zone"] == "land:POL"]
    assert [r["id"] for r in poland] == ["2022-11-15-ukr-1"]
    r = poland[0]
    assert r["date"] == "2022-11-15" and r["impact_query"] == "Przewodow"
    assert "S-300" in r["system"] and "Ukrainian" in r["system"]
    assert "Russian-made" in r["impact_statement"]  # the first Polish statement is kept
    assert "air-defence" in r["source_note"] or "air defence" in r["source_note"]
    russia = [x for x in rows if x["date"] == "2022-11-15" and x["actor"] == "RUS"]
    assert russia and all(x["reported_zone"] == "land:UKR" for x in russia)


@pytest.mark.parametrize(
    "local_date",
    ["2017-08-29", "2017-09-15", "2022-10-04"],
)
def test_seed_overflights_of_japan(rows, local_date):
    found = [r for r in _events_on(rows, local_date, "PRK") if r["overflight_reported"]]
    assert len(found) == 1, f"{local_date}: {found}"
    assert "JPN" in found[0]["overflight_reported"].split(";")
    assert found[0]["reported_zone"] in {"", "outside:JPN:eez"}


@pytest.mark.parametrize(
    ("local_date", "place", "missiles"),
    [
        ("2016-08-03", "Oga Peninsula", 1),
        ("2016-09-05", "Okushiri", 3),
        ("2017-03-06", "Oga Peninsula", 4),
        ("2017-05-14", "Kusong", 1),
        ("2017-05-29", "Oki Islands", 1),
        ("2017-08-29", "Cape Erimo", 1),
        ("2017-09-15", "Cape Erimo", 1),
        ("2017-11-29", "Aomori", 1),
        ("2019-10-02", "Dogo", 1),
        ("2021-09-15", "Hegura", 2),
        ("2022-03-24", "Oshima Peninsula", 1),
        ("2023-02-18", "Oshima-Oshima", 1),
        ("2023-03-16", "Oshima-Oshima", 1),
        ("2023-04-13", "Pyongyang", 1),
        ("2023-06-15", "Hegura", 2),
        ("2023-07-12", "Okushiri", 1),
        ("2023-12-18", "Okushiri", 1),
        ("2024-10-31", "Okushiri", 1),
    ],
)
def test_mod_relative_statements_covered(rows, local_date, place, missiles):
    found = _events_on(rows, local_date, "PRK")
    assert found, f"no PRK row on {local_date}"
    assert sum(int(r["count"]) for r in found) == missiles
    # a point derived from the statement's distances (no query) names its places there
    assert any(place in (r["impact_query"] or r["impact_statement"]) for r in found), (
        f"{local_date}: no query names {place}"
    )


def test_japan_eez_verdicts_of_the_seed_icbms(rows):
    """Inside/outside as the MOD said: a regression guard for the most-cited verdicts."""
    expected = {
        "2017-11-29": "inside:JPN:eez",
        "2022-03-24": "inside:JPN:eez",
        "2023-02-18": "inside:JPN:eez",
        "2023-03-16": "outside:JPN:eez",
        "2023-07-12": "outside:JPN:eez",
        "2023-12-18": "outside:JPN:eez",
        "2024-10-31": "outside:JPN:eez",
    }
    for local_date, zone in expected.items():
        (r,) = _events_on(rows, local_date, "PRK")
        assert r["reported_zone"] == zone, f"{r['id']}: {r['reported_zone']} != {zone}"


# ------------------------------------------------------------------- gazetteer


def _gazetteer_points() -> dict[str, tuple[float, float]] | None:
    """Folded id/name/alias -> (lon, lat) of the gazetteer, or None without places.csv."""
    path = data_path("places.csv")
    if not path.exists():
        return None
    points: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            point = (float(row["lon"]), float(row["lat"]))
            for name in [row["id"], row.get("name") or "", *(row.get("aliases") or "").split("|")]:
                if name.strip():
                    points.setdefault(_norm(name), point)
    return points


def _gazetteer() -> tuple[set[str], set[str]] | None:
    path = data_path("places.csv")
    if not path.exists():
        return None
    ids: set[str] = set()
    names: set[str] = set()
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            ids.add(row["id"])
            names.add(_norm(row["id"]))
            for col, value in row.items():
                if col in {"name", "aliases"} or "alias" in (col or ""):
                    for part in re.split(r"[|;]", value or ""):
                        if part.strip():
                            names.add(_norm(part))
    return ids, names


def _query_place(query: str) -> str | None:
    if not query or COORD_RE.match(query):
        return None
    m = RELATIVE_RE.match(query)
    return m.group("place").strip() if m else query.strip()


def test_launch_sites_exist_in_gazetteer(rows):
    gaz = _gazetteer()
    assert gaz is not None, "data/places.csv is missing: launch_site ids cannot be checked"
    ids, _ = gaz
    missing = sorted({r["launch_site"] for r in rows if r["launch_site"]} - ids)
    assert not missing, f"launch_site ids missing from data/places.csv: {missing}"


def test_impact_query_places_exist_in_gazetteer(rows):
    gaz = _gazetteer()
    assert gaz is not None, "data/places.csv is missing: impact_query places cannot be checked"
    _, names = gaz
    missing = sorted(
        {
            place
            for r in rows
            if (place := _query_place(r["impact_query"])) and _norm(place) not in names
        }
    )
    assert not missing, f"impact_query places missing from data/places.csv: {missing}"


def test_reported_ranges_agree_with_launch_and_impact_geometry(rows):
    """Geodesic launch->impact distance (WGS84) matches the reported range within 20 %.

    Catches a wrong launch site, a wrong reference place or a mistyped distance or
    direction: e.g. 'about 200 km W of Oshima-Oshima' from Sunan is 992 km, and the MOD
    reported about 1,000 km.
    """
    points = _gazetteer_points()
    assert points is not None, "data/places.csv is missing: launch and reference points unknown"
    checked = 0
    for r in rows:
        if not r["range_km"]:
            continue
        if r["launch_site"]:
            launch = points.get(_norm(r["launch_site"]))
        else:
            launch = (float(r["launch_lon"]), float(r["launch_lat"]))
        impact = None
        m = RELATIVE_RE.match(r["impact_query"])
        if m and m.group("unit").lower() in {"km", "kilometres", "kilometers"}:
            ref = points.get(_norm(m.group("place")))
            if ref is not None:
                azimuth = _azimuth(m.group("dir"))
                distance_m = float(m.group("num").replace(",", "")) * 1000.0
                impact = destination(ref[0], ref[1], azimuth, distance_m)
        elif r["impact_lat"]:
            impact = (float(r["impact_lon"]), float(r["impact_lat"]))
        if launch is None or impact is None:
            continue  # missing gazetteer places are reported by the tests below
        _, dist_m = inverse(launch[0], launch[1], impact[0], impact[1])
        reported = float(r["range_km"])
        assert abs(dist_m / 1000.0 - reported) <= 0.2 * reported, (
            f"{r['id']}: launch->impact {dist_m / 1000:.0f} km vs reported {reported:.0f} km"
        )
        checked += 1
    assert checked >= 25


def test_derived_direction_is_in_the_statement(rows):
    """A derived shape's direction is what the statement says: the compass word of the
    launch heading or the sea the missile fell into; and the row states a range."""
    from geo.catalogue_derived import COMPASS, SEA_WORDS

    words = {"NE": ("north-east",), "E": ("eastward", "toward the east"),
             "SE": ("south-east",), "N": ("northward",), "S": ("southward",),
             "W": ("westward", "toward the west"), "NW": ("north-west",),
             "SW": ("south-west",)}
    n = 0
    for r in rows:
        d = r["impact_direction"]
        if not d:
            continue
        n += 1
        text = r["impact_statement"].lower()
        assert r["range_km"] and r["launch_site"], r["id"]
        if d in SEA_WORDS:
            assert any(w in text for w in SEA_WORDS[d]), f"{r['id']}: {d} not in the statement"
        else:
            assert d in COMPASS and any(w in text for w in words[d]), (
                f"{r['id']}: direction {d} not in the statement")
        assert "derived" in r["source_note"], r["id"]
    assert n >= 60
