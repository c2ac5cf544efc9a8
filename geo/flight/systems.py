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


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(text).lower())


def _columns() -> tuple:
    from geo._tables import Column, choice, iso3, listed, number, pattern

    return (
        Column("id", pattern(_ID_RE, "a lower-case id like 'hwasong_17'")),
        Column("name"),
        Column("aliases", blank=True),
        Column("kind", choice(KINDS)),
        Column("operator", listed(iso3)),
        Column("range_km", number(0, above=True)),
        Column("range_min_km", number(0, above=True), blank=True, default=None),
        Column("range_note", blank=True),
        Column("source"),
    )


def _range_order(row: dict) -> list[tuple[str, str]]:
    lo, hi = row["range_min_km"], row["range_km"]
    if lo is not None and lo > hi:
        return [("range_min_km", f"{lo:g} km is more than range_km {hi:g} km")]
    return []


def _unique_names(rows: list) -> list[tuple[int, str, str]]:
    """A name or alias (case, spaces and hyphens ignored) names one system."""
    out = []
    seen: dict[str, str] = {}
    for row in rows:
        if not row.ok:
            continue
        sid = row["id"]
        names = [row["name"], *row["aliases"].split("|")]
        clash = [(a, seen[_key(a)]) for a in names if _key(a) and seen.get(_key(a), sid) != sid]
        out.extend((row.n, "aliases", f"{a!r} also names {other!r}") for a, other in clash)
        if not clash:
            for alias in [*names, sid]:
                if _key(alias):
                    seen[_key(alias)] = sid
    return out


def read_systems(path: str | Path, *, encoding: str | None = None
                 ) -> tuple[pd.DataFrame, list[RowError]]:
    """Read and check a systems CSV. Returns ``(valid rows, rejected rows)``; every
    rejected row has a :class:`~geo.errors.RowError` naming its row, field and reason.
    The valid rows keep the file's columns as text, ``range_km`` and ``range_min_km`` as
    floats (km; NaN where no lower estimate is given)."""
    import pandas as pd

    from geo._tables import read_table

    rows, errors = read_table(path, _columns(), [_range_order], encoding=encoding,
                              id_column="id", what="systems",
                              table_checks=[_unique_names])
    out = pd.DataFrame([r.text for r in rows], columns=list(rows[0].text) if rows else COLUMNS,
                       dtype=object)
    out["range_km"] = pd.Series([r["range_km"] for r in rows], dtype=float)
    out["range_min_km"] = pd.Series([r["range_min_km"] for r in rows], dtype=float)
    return out, errors


def _checked_systems(path: Path) -> pd.DataFrame:
    table, errors = read_systems(path)
    if errors:
        raise DataValidationError(errors)
    return table


def load_systems(path: str | Path | None = None) -> pd.DataFrame:
    """The systems table (default: shipped ``data/systems.csv``), read once per process
    and file version.

    Raises :class:`~geo.errors.DataValidationError` listing every invalid row."""
    from geo._cache import cached_file

    p = Path(path) if path is not None else data_path(SYSTEMS_FILE)
    return cached_file(p, _checked_systems, what="systems table", kind="systems").copy()


def find_system(name: str, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """The row (as a dict) of a system by id, name or alias (case, spaces and hyphens
    ignored). Raises :class:`UnknownSystemError`."""
    table = load_systems() if table is None else table
    k = _key(name)
    for rec in table.to_dict(orient="records"):
        names = [rec["id"], rec["name"], *rec["aliases"].split("|")]
        if k and any(_key(n) == k for n in names):
            return rec
    from geo._tables import did_you_mean

    spellings = [n for rec in table.to_dict(orient="records")
                 for n in (rec["id"], rec["name"], *rec["aliases"].split("|")) if n]
    raise UnknownSystemError(name, list(table["id"]), did_you_mean(name, spellings))


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
