"""The JSON answers of the command line: one serialiser per answer, one rounding rule, and
the JSON Schema (draft 2020-12) of each, shipped beside this module in ``geo/schemas/``.

=================  ======================  ==============================================
contract (schema)  serialiser              printed by
=================  ======================  ==============================================
``where``          :func:`where_report`    ``launchmap where TEXT --json``
``events``         :func:`events_report`   ``launchmap events --json``
``range-estimate`` :func:`range_report`    ``launchmap range-estimate ... --json``
``reach``          :func:`reach_report`    ``launchmap reach ORIGIN --range KM --json``
=================  ======================  ==============================================

``launchmap schema NAME`` prints a schema; :func:`schema` returns it as a dict.

The ``where`` answer starts with six keys that are a public contract and stay first and
stable::

    {"query", "lat", "lon", "sigma_km",
     "zones": [{"kind", "state", "perspective", "claimants", "status", "probability"}],
     "nearest_places": [{"id", "name", "distance_km", "bearing_deg"}]}

Further keys (``location``, ``zone_source``, ``on_land``, ``coast_km``, ``covered``,
``note``, ``treaty_area``) follow them; none of the contract keys ever changes meaning.
Outside the frame the shipped zones cover, ``covered`` is false and ``note`` says "outside
the zones shipped with launchmap (<source>, frame <box>)": no zone verdict is given there.
South of 60°S ``treaty_area`` names the Antarctic Treaty area and the status of the claims
there (suspended by its art. IV), and the note repeats it: no zone is drawn from an
Antarctic coast.

``zones`` holds one item per (kind, state), the state being the owner under the
perspective; its ``probability`` is that of the union of the state's zones of that kind.
After the six keys each item has ``parts``: the per-label detail (``label``, ``name``,
``status``, ``claimants``, ``probability``, ``views``, ``contains_centre``), e.g. Japan's
EEZ under Japan's view made of the ``JPN`` and ``takeshima`` labels (see
:mod:`geo.zones.where`).

Rounding: every float of every contract is rounded by the unit its key names, the
project's key-suffix convention (:func:`decimals`):

* latitude and longitude (``lat``, ``lon``, ``*_lat``, ``*_lon``, degrees): 6 decimals;
* lengths in km (``*_km``): 3 decimals (1 m); areas in km² (``*_km2``): 1 decimal;
* speeds in km/s (``*_km_s``): 3 decimals (1 m/s);
* angles in degrees (``*_deg``: bearings, azimuths, flight-path angles): 2 decimals;
* durations in minutes (``*_min``): 2 decimals;
* probabilities and shares (``probability``, ``fraction``, ``*_probability``,
  ``*_fraction``, in [0, 1]): 3 decimals.

A float under any other key is a programming error (``ValueError``): a new field gets a
unit suffix and thereby a rule. Not-a-number and infinite values are written as ``null``
(JSON has neither). The one exception is the ``model`` object of ``range-estimate``: the
model's defining constants (Earth radius, GM, rotation rate), given exactly as the model
uses them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from geo.gazetteer import nearest_places
from geo.location import locate

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from geo.flight.ballistic import RangeEstimate
    from geo.flight.reach import ReachResult
    from geo.location import Location

#: Decimal places by key suffix, most specific first (``_km2`` and ``_km_s`` before ``_km``).
_SUFFIX_DECIMALS = (("_km2", 1), ("_km_s", 3), ("_km", 3), ("_deg", 2), ("_min", 2))
_SHARE_KEYS = ("probability", "fraction")
_SCHEMA_SUFFIX = ".schema.json"


def decimals(key: str) -> int:
    """Decimal places a float stored under ``key`` is rounded to (see the module
    docstring). Raises ``ValueError`` for a key without a unit rule."""
    if key in ("lat", "lon") or key.endswith(("_lat", "_lon")):
        return 6
    if key in _SHARE_KEYS or key.endswith(tuple(f"_{k}" for k in _SHARE_KEYS)):
        return 3
    for suffix, n in _SUFFIX_DECIMALS:
        if key.endswith(suffix):
            return n
    raise ValueError(f"no rounding rule for the JSON key {key!r}: name its unit "
                     "(_km, _km2, _km_s, _deg, _min, _lat, _lon) or make it a probability")


def round_floats(value: Any, key: str = "") -> Any:
    """``value`` (dicts, lists, tuples, scalars) with every float rounded by the key that
    holds it (:func:`decimals`; list items use their list's key) and NaN/inf as ``None``.
    NumPy scalars become Python ones; tuples become lists."""
    if isinstance(value, dict):
        return {k: round_floats(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [round_floats(v, key) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return round(value, decimals(key)) + 0.0  # + 0.0: no "-0.0"
    return value


def float_decimals(value: float) -> int:
    """Decimal places of ``value`` as JSON writes it (its shortest repr)."""
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return max(0, -int(exponent))


#: DEL and the C1 controls: json.dumps leaves them raw with ensure_ascii=False, and a
#: terminal acts on some of them (U+009B is CSI), so they are written as \u escapes.
_RAW_CONTROLS = re.compile("[\u007f-\u009f]")


def dumps(answer: Any) -> str:
    """The answer as the command line prints it: indented UTF-8 JSON (no NaN allowed).
    Every control character of user text is a ``\\uXXXX`` escape (C0 by json itself; DEL
    and C1 here), so printing the JSON cannot drive a terminal; the value is unchanged."""
    text = json.dumps(answer, ensure_ascii=False, indent=2, allow_nan=False)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# ---------------------------------------------------------------------------- where
def _zones(lon: float, lat: float, sigma_km: float, perspective: str | None,
           on: str | None = None, shape: Any = None) -> dict:
    """Zones part of the answer; says so plainly when no zone data is available."""
    from geo._paths import data_path
    from geo.zones.schema import ZONES_FILE

    if not data_path(ZONES_FILE).exists():
        return {"zones": [], "note": "no zone data loaded: data/zones.parquet is missing "
                                     "(run `launchmap build-zones`)"}
    from geo.zones.load import load_zones
    from geo.zones.where import report_zones

    rep = report_zones(lon, lat, sigma_km=sigma_km, perspective=perspective, on=on,
                       shape=shape)
    treaty = treaty_area(lat)
    if not rep.get("covered", True):
        rep["note"] = outside_note(load_zones().coverage_name, treaty)
    if treaty is not None:
        rep["treaty_area"] = dict(treaty)
    return rep


#: The Antarctic Treaty area, the status of the claims there, and the source (the treaty's
#: articles IV and VI as summarised in the cited page). No zone is drawn from an Antarctic
#: coast: the seven claims (and any EEZ declared from them) are neither recognised nor
#: denied by the treaty, and no new claim may be asserted while it is in force.
ANTARCTIC_TREATY_AREA: dict[str, str] = {
    "name": "Antarctic Treaty area",
    "extent": "south of 60°S, including every ice shelf (art. VI); the rights of states "
              "on the high seas within it are unaffected (art. VI)",
    "status": "claims to territorial sovereignty suspended (art. IV): the treaty neither "
              "recognises nor denies them, and no new claim or enlargement is asserted "
              "while it is in force; launchmap draws no zone from an Antarctic coast",
    "source": "The Antarctic Treaty, signed at Washington on 1 December 1959, in force "
              "23 June 1961, arts. IV and VI, as summarised in Wikipedia, 'Antarctic Treaty "
              "System' (seen at https://iiab.me/kiwix/content/wikipedia_en_top_maxi_2022-11/"
              "A/Antarctica_Treaty)",
}
#: Latitude (degrees) north of which the Antarctic Treaty does not apply (art. VI).
ANTARCTIC_TREATY_LAT = -60.0


def treaty_area(lat: float) -> dict[str, str] | None:
    """The treaty regime a point's latitude (WGS84 degrees) lies under: the Antarctic
    Treaty area south of 60°S (:data:`ANTARCTIC_TREATY_AREA`), else ``None``."""
    return ANTARCTIC_TREATY_AREA if float(lat) < ANTARCTIC_TREATY_LAT else None


def outside_note(coverage: str, treaty: dict[str, str] | None = None) -> str:
    """The ``note`` of a ``where`` answer outside the shipped zones: no zone verdict there
    (an empty ``zones`` list means unknown, not high seas), naming what is covered; in
    the Antarctic Treaty area it says so and what the status of the claims is."""
    note = f"outside the zones shipped with launchmap ({coverage}): no zone verdict here"
    if treaty is not None:
        note += f"; {treaty['name']} ({treaty['extent']}): {treaty['status']}"
    return note


def where_report(text: str, *, perspective: str | None = None, n_places: int = 5,
                 on: str | None = None, location: Location | None = None) -> dict:
    """Resolve ``text`` with :func:`geo.location.locate` and answer where the point is
    (the ``where`` contract).

    Coordinates WGS84 degrees; distances km; ``bearing_deg`` is the geodesic azimuth from
    each place to the point, degrees clockwise from north in [0, 360]. ``perspective`` is
    an ISO3 code whose view of disputed features the zones follow (default: the
    administering state). ``on``: an ISO date; only the joint / provisional regimes in
    force that day are listed. Floats rounded as the module docstring says. ``location``:
    an already located ``text`` (e.g. narrowed by a launch site); the zone probabilities
    integrate over its shape.
    """
    loc = location if location is not None else locate(text)
    zones = _zones(loc.lon, loc.lat, loc.sigma_km, perspective, on, shape=loc.shape)
    out: dict = {
        "query": text,
        "lat": loc.lat,
        "lon": loc.lon,
        "sigma_km": loc.sigma_km,
        "zones": zones.pop("zones"),
        "nearest_places": [
            {"id": p.id, "name": p.name, "distance_km": d, "bearing_deg": b}
            for p, d, b in nearest_places(loc.lon, loc.lat, n=n_places)
        ],
        "location": loc.to_dict(),
    }
    src = zones.pop("source", None)
    if src:
        out["zone_source"] = src
    out.update(zones)
    return round_floats(out)


# --------------------------------------------------------------------------- events
#: Keys of one ``events`` row, in order: the columns of ``events.csv`` (see
#: :data:`geo.catalogue.COLUMNS`) and then what the catalogue derives.
#: ``impact_shape`` is the WKT outline (WGS84 lon/lat) of a derived impact shape
#: (:mod:`geo.catalogue_derived`), ``""`` for a row with a point or without a fall point.
EVENT_DERIVED_KEYS = ("impact_sigma_along_km", "impact_sigma_across_km", "impact_place",
                      "impact_shape", "datetime_utc", "date_local")


def _event_value(v: Any) -> Any:
    """One catalogue cell as JSON: missing -> None, dates and times as ISO 8601."""
    import pandas as pd

    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def events_report(frame: pd.DataFrame) -> list[dict]:
    """Catalogue rows (a frame like :func:`geo.catalogue.events`) as the ``events``
    contract: one dict per row with every catalogue field, ``date`` as ``YYYY-MM-DD``,
    ``datetime_utc`` as ISO 8601 with offset (or ``None``), floats rounded."""
    from geo.catalogue import COLUMNS

    cols = [*COLUMNS, *EVENT_DERIVED_KEYS]
    out = []
    for rec in frame[cols].to_dict(orient="records"):
        d = {k: _event_value(v) for k, v in rec.items()}
        d["date"] = str(d["date"])[:10]
        out.append(round_floats(d))
    return out


# --------------------------------------------------------------------------- flight
def range_report(est: RangeEstimate) -> dict:
    """A :class:`geo.flight.ballistic.RangeEstimate` as the ``range-estimate`` contract:
    its fields (km, km/s, degrees, minutes), ``inputs`` and ``assumptions`` rounded by the
    rule, ``model`` (the defining constants) exact."""
    d = est.to_dict()
    model = d.pop("model")
    # round the exact values, not the coarser copies to_dict() may already hold
    d.update({k: v for k, v in asdict(est).items() if isinstance(v, float)})
    out = round_floats(d)
    out["model"] = model
    return out


def reach_report(res: ReachResult) -> dict:
    """A :class:`geo.flight.reach.ReachResult` as the ``reach`` contract: ``origin``,
    ``range_km``, ``countries`` (share of each country's area inside, km²) and
    ``places`` (km from the origin), floats rounded."""
    return round_floats(res.to_dict())


# -------------------------------------------------------------------------- schemas
def _schema_dir():
    from importlib.resources import files

    return files("geo").joinpath("schemas")


def schema_names() -> tuple[str, ...]:
    """Names of the shipped JSON Schemas (``where``, ``events``, ...), sorted."""
    return tuple(sorted(p.name[: -len(_SCHEMA_SUFFIX)] for p in _schema_dir().iterdir()
                        if p.name.endswith(_SCHEMA_SUFFIX)))


def schema(name: str) -> dict:
    """The JSON Schema (draft 2020-12) of the contract ``name``, as a dict.

    Raises :class:`geo.errors.InvalidOptionError` for an unknown name."""
    from geo.errors import InvalidOptionError

    names = schema_names()
    if name not in names:
        raise InvalidOptionError(f"unknown schema {name!r}; known: {', '.join(names)}")
    text = _schema_dir().joinpath(name + _SCHEMA_SUFFIX).read_text(encoding="utf-8")
    return json.loads(text)
