"""Missile and defence systems with published range estimates (``data/systems.csv``).

Columns: ``id`` (lower-case, ``_``-separated, unique), ``name``, ``aliases`` (``|``-joined
other names), ``kind`` (``missile``, ``interceptor`` or ``radar``), ``operator``
(``|``-joined ISO3 codes), ``range_km`` (the published range used for rings, km > 0),
``range_min_km`` (the lower end of the published estimates, or empty), ``range_note``
(what the figure means and who said it) and ``source`` (the citation). Every row cites
its source; :func:`load_systems` rejects a file with any invalid row and names every one.

:func:`system_rings` draws geodesic range rings for systems around a site (a launch
site, a defence battery), as a GeoDataFrame in EPSG:4326.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo._paths import data_path
from geo.errors import DataValidationError, RowError, UnknownSystemError

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from geo.types import PointLike, RangeFigure

SYSTEMS_FILE = "systems.csv"
COLUMNS = ("id", "name", "aliases", "kind", "operator", "range_km", "range_min_km",
           "range_note", "source")
KINDS = ("missile", "interceptor", "radar")
_ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")

_LOCK = threading.Lock()
_CACHE: dict[tuple, Any] = {}




def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def read_systems(path: str | Path) -> tuple[pd.DataFrame, list[RowError]]:
    """Read and check a systems CSV. Returns ``(valid rows, rejected rows)``; every
    rejected row has a :class:`~geo.errors.RowError` naming its row, field and reason."""
    import pandas as pd

    path = Path(path)
    name = path.name
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        return table.iloc[0:0], [RowError(name, 0, c, "column is missing") for c in missing]
    errors: list[RowError] = []
    ok = []
    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for i, row in enumerate(table.to_dict(orient="records"), start=1):
        bad = []

        def err(field: str, reason: str, _i: int = i, _bad: list = bad) -> None:
            _bad.append(RowError(name, _i, field, reason))

        sid = row["id"].strip()
        if not _ID_RE.match(sid):
            err("id", f"{sid!r} is not a lower-case id like 'hwasong_17'")
        elif sid in seen_ids:
            err("id", f"duplicate id {sid!r}")
        if not row["name"].strip():
            err("name", "empty")
        if row["kind"] not in KINDS:
            err("kind", f"{row['kind']!r} is not one of {', '.join(KINDS)}")
        ops = [o.strip() for o in row["operator"].split("|") if o.strip()]
        if not ops or not all(_ISO3_RE.match(o) for o in ops):
            err("operator", f"{row['operator']!r} must be ISO3 codes joined by '|'")
        rng = None
        try:
            rng = float(row["range_km"])
            if not rng > 0:
                err("range_km", f"must be > 0 km, got {row['range_km']!r}")
        except ValueError:
            err("range_km", f"not a number: {row['range_km']!r}")
        if row["range_min_km"].strip():
            try:
                lo = float(row["range_min_km"])
                if not lo > 0:
                    err("range_min_km", f"must be > 0 km, got {row['range_min_km']!r}")
                elif rng is not None and lo > rng:
                    err("range_min_km", f"{lo:g} km is more than range_km {rng:g} km")
            except ValueError:
                err("range_min_km", f"not a number: {row['range_min_km']!r}")
        if not row["source"].strip():
            err("source", "every row must cite its source")
        for alias in [row["name"], *row["aliases"].split("|")]:
            k = _key(alias)
            if k and k in seen_names and seen_names[k] != sid:
                err("aliases", f"{alias!r} also names {seen_names[k]!r}")
        if bad:
            errors.extend(bad)
            continue
        seen_ids.add(sid)
        for alias in [row["name"], sid, *row["aliases"].split("|")]:
            if _key(alias):
                seen_names[_key(alias)] = sid
        ok.append(i - 1)
    out = table.iloc[ok].copy()
    out["range_km"] = out["range_km"].astype(float)
    out["range_min_km"] = pd.to_numeric(out["range_min_km"].replace("", None), errors="coerce")
    return out.reset_index(drop=True), errors


def load_systems(path: str | Path | None = None) -> pd.DataFrame:
    """The systems table (default: shipped ``data/systems.csv``), read once per process.

    Raises :class:`~geo.errors.DataValidationError` listing every invalid row."""
    p = Path(path) if path is not None else data_path(SYSTEMS_FILE)
    key = (str(p.resolve()), p.stat().st_mtime_ns)
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is None:
        hit, errors = read_systems(p)
        if errors:
            raise DataValidationError(errors)
        with _LOCK:
            _CACHE[key] = hit
    return hit.copy()


def find_system(name: str, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """The row (as a dict) of a system by id, name or alias (case, spaces and hyphens
    ignored). Raises :class:`UnknownSystemError`."""
    table = load_systems() if table is None else table
    k = _key(name)
    for rec in table.to_dict(orient="records"):
        names = [rec["id"], rec["name"], *rec["aliases"].split("|")]
        if k and any(_key(n) == k for n in names):
            return rec
    raise UnknownSystemError(name, list(table["id"]))


def match_system(text: str, table: pd.DataFrame | None = None) -> str | None:
    """The id of the system a free-text description names (e.g. the catalogue's
    ``system`` column, "Hwasong-17 (ROK JCS and DPRK; ...)"), or None. The name that
    appears first wins (the longest one at the same place); a name must stand alone, so
    "Hwasong-17" is not read as "Hwasong-1"."""
    table = load_systems() if table is None else table
    low = str(text).lower()
    best, best_key = None, (len(low) + 1, 0)
    for rec in table.to_dict(orient="records"):
        for n in [rec["name"], *rec["aliases"].split("|")]:
            n = n.strip().lower()
            if len(n) < 3:
                continue
            for m in re.finditer(re.escape(n), low):
                end = m.end()
                if end < len(low) and low[end].isalnum():
                    continue  # "hwasong-1" inside "hwasong-17"
                start = m.start()
                if start > 0 and low[start - 1].isalnum():
                    continue
                if (start, -len(n)) < best_key:
                    best, best_key = rec["id"], (start, -len(n))
    return best


def system_rings(site: PointLike, system_ids: list[str] | tuple[str, ...] | str, *,
                 which: RangeFigure = "range_km", table: pd.DataFrame | None = None
                 ) -> gpd.GeoDataFrame:
    """Geodesic range rings of ``system_ids`` (ids, names or aliases) around ``site``
    (any :data:`~geo.types.PointLike`: a place name, ``"lat,lon"``, ``(lon, lat)``, a
    Place ...).

    ``which``: ``"range_km"`` (the published range, default) or ``"range_min_km"``
    (the lower published estimate; systems without one use ``range_km``); anything else
    raises :class:`~geo.errors.InvalidOptionError`.

    Returns a GeoDataFrame (EPSG:4326), largest ring first: ``system_id``, ``name``,
    ``kind``, ``operator``, ``range_km``, ``site``, ``site_lon``, ``site_lat``, ``label``,
    ``range_note``, ``source``, geometry (Polygon / MultiPolygon cut at +/-180).
    """
    import geopandas as gpd

    from geo.errors import InvalidOptionError
    from geo.flight.points import resolve_point
    from geo.flight.rings import ring_polygon

    if which not in ("range_km", "range_min_km"):
        raise InvalidOptionError(f"which must be 'range_km' or 'range_min_km', got {which!r}")
    table = load_systems() if table is None else table
    ids = [system_ids] if isinstance(system_ids, str) else list(system_ids)
    c = resolve_point(site, "site")
    rows = []
    for sid in ids:
        rec = find_system(sid, table)
        km = rec["range_km"]
        if which == "range_min_km" and rec["range_min_km"] == rec["range_min_km"]:
            km = rec["range_min_km"]
        rows.append({
            "system_id": rec["id"], "name": rec["name"], "kind": rec["kind"],
            "operator": rec["operator"], "range_km": float(km), "site": c.label,
            "site_lon": c.lon, "site_lat": c.lat,
            "label": f"{rec['name']}: {km:,.0f} km from {c.label}",
            "range_note": rec["range_note"], "source": rec["source"],
            "geometry": ring_polygon(c.lon, c.lat, float(km)),
        })
    cols = ["system_id", "name", "kind", "operator", "range_km", "site", "site_lon",
            "site_lat", "label", "range_note", "source", "geometry"]
    gdf = gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")
    return gdf.sort_values("range_km", ascending=False, kind="stable").reset_index(drop=True)
