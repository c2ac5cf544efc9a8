"""Range rings: geodesic circles of a system's published range around a launch site, from
:func:`geo.flight.systems.system_rings` (polygons in WGS84 lon/lat, cut at +/-180 degrees;
the display window of :mod:`layers.geojson` joins the pieces again).

By default the map rings the systems of the events drawn (each event's ``system`` text
matched to ``data/systems.csv`` with :func:`geo.flight.systems.match_system`), around the
launch site those events use most; each ring's popup names the system, its range, the
range note and the source of ``systems.csv``. Reverse rings (:func:`reverse_rings`):
around an impact point, the ring of a system's range holds every point it could have been
launched from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from geo.errors import LaunchmapError
from layers.base import LayerGroup, feature_group
from layers.escape import esc, linkify, text
from layers.geojson import GeoJsonLayer
from layers.style import RING_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from layers.context import MapContext

#: Conventional missile range classes (km), the rings drawn when no event's system is in
#: ``systems.csv``: the upper bounds of short-, medium- and intermediate-range missiles.
RANGE_CLASSES_KM = {1000.0: "SRBM / MRBM boundary", 3000.0: "MRBM / IRBM boundary",
                    5500.0: "IRBM / ICBM boundary"}


def default_rings(centre: object, kms: Iterable[float] = tuple(RANGE_CLASSES_KM)
                  ) -> gpd.GeoDataFrame:
    """Rings of the conventional range classes around ``centre`` (a place name, id or
    ``(lon, lat)``), via :func:`geo.flight.rings.rings`."""
    from geo.flight.rings import rings

    gdf = rings(centre, kms)
    gdf["note"] = [RANGE_CLASSES_KM.get(float(k), "") for k in gdf["range_km"]]
    return gdf


def most_used_site(events: pd.DataFrame) -> str | None:
    """The ``launch_site`` id most of ``events`` name (the default centre of the rings),
    ``None`` when none names one."""
    if "launch_site" not in events:
        return None
    sites = events["launch_site"].astype(str)
    sites = sites[(sites.str.len() > 0) & (sites != "nan") & (sites != "None")]
    return None if sites.empty else str(sites.value_counts().index[0])


def event_systems(events: pd.DataFrame) -> dict[str, list[int]]:
    """``{system id of systems.csv: [row positions of the events naming it]}``, from each
    event's ``system`` text (:func:`geo.flight.systems.match_system`; each distinct text
    matched once)."""
    from geo.flight.systems import load_systems, match_system

    table = load_systems()
    by_text: dict[str, str | None] = {}
    out: dict[str, list[int]] = {}
    for i, t in enumerate(events.get("system", []).astype(str)):
        if t not in by_text:
            by_text[t] = match_system(t, table)
        sid = by_text[t]
        if sid:
            out.setdefault(sid, []).append(i)
    return out


def system_rings_for(events: pd.DataFrame) -> gpd.GeoDataFrame | None:
    """The rings of the systems of ``events`` (see the module docstring), each around the
    launch site its events use most (a system none of whose events names a site gets no
    ring); ``None`` when there is no ring to draw."""
    import pandas as pd

    from geo.flight.systems import system_rings

    systems = event_systems(events)
    parts = []
    for sid, rows in systems.items():
        site = most_used_site(events.iloc[rows])
        if site is None:  # no event of that system names its launch site
            continue
        parts.append(system_rings(site, [sid]))
    if not parts:
        return None
    import geopandas as gpd

    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    return out.sort_values("range_km", ascending=False, kind="stable").reset_index(drop=True)


def reverse_rings(events: pd.DataFrame, event_id: str, systems: Iterable[str] = ()
                  ) -> gpd.GeoDataFrame:
    """Around the impact point of event ``event_id``, the ring of each system's range
    (ids, names or aliases of ``systems.csv``; default: the event's own system): the
    points inside could have launched it. Raises :class:`~geo.errors.LaunchmapError` for
    an unknown event, one without an impact point, or no system."""
    from geo.flight.systems import match_system, system_rings

    rows = events[events["id"].astype(str) == str(event_id)]
    if rows.empty:
        raise LaunchmapError(f"--from-impact: no event with id {event_id!r} among the "
                             f"{len(events)} selected")
    row = rows.iloc[0]
    lon, lat = float(row["impact_lon"]), float(row["impact_lat"])
    if not (np.isfinite(lon) and np.isfinite(lat)):
        raise LaunchmapError(f"--from-impact: event {event_id!r} has no impact point")
    ids = [s for s in systems if str(s).strip()]
    if not ids:
        own = match_system(str(row.get("system", "")))
        if own is None:
            raise LaunchmapError(f"--from-impact: the system of {event_id!r} "
                                 f"({text(row.get('system'))!r}) is not in systems.csv; "
                                 "name one: --from-impact ID:SYSTEM")
        ids = [own]
    gdf = system_rings((lon, lat), ids)
    gdf["label"] = [f"{n}: launched within {k:,.0f} km of the impact of {event_id}"
                    for n, k in zip(gdf["name"], gdf["range_km"], strict=True)]
    gdf["site"] = f"impact of {event_id}"
    gdf.attrs["launchmap_show"] = True
    return gdf


def ring_popup(row: dict) -> str:
    """Popup HTML of one ring (escaped): system, range, centre, note and source."""
    parts = [f'<div class="lm-popup"><h4>{esc(row.get("label"))}</h4>']
    for label, key in (("System", "name"), ("Centre", "site")):
        if text(row.get(key)):
            parts.append(f"<div><b>{label}:</b> {esc(row.get(key))}</div>")
    km = row.get("range_km")
    if km is not None and np.isfinite(float(km)):
        parts.append(f"<div><b>Range:</b> {float(km):,.0f} km (geodesic, WGS84)</div>")
    for label, key in (("Range note", "range_note"), ("Note", "note")):
        if text(row.get(key)):
            parts.append(f'<div class="lm-small"><b>{label}:</b> {esc(row.get(key))}</div>')
    if text(row.get("source")):
        parts.append(f'<div class="lm-small"><b>Source (systems.csv):</b> '
                     f'{linkify(row.get("source"))}</div>')
    parts.append("</div>")
    return "".join(parts)


def rings_layer(rings: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                show: bool | None = None) -> LayerGroup:
    """Ring outlines (columns ``label``, ``range_km``, optional ``name``, ``site``,
    ``note``, ``range_note``, ``source``, geometry), each with its popup."""
    props = []
    for row in rings.to_dict("records"):
        note = text(row.get("note"))
        tip = esc(row.get("label")) + (f"<br>{esc(note)}" if note else "")
        props.append({"tip": tip, "popup": ring_popup(row)})
    fg = feature_group("rings", show=show)
    GeoJsonLayer(np.asarray(rings.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=RING_STYLE, pane="lm-lines", class_name="lm-ring",
                 name="RangeRings").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The rings the caller gave, else :func:`system_rings_for` the map's events, else
    the conventional range classes around the launch site they use most (nothing when no
    event names a site)."""
    rg = ctx.rings
    if rg is None:
        rg = system_rings_for(ctx.events)
    if rg is None:
        site = most_used_site(ctx.events)
        if site is None:
            return None
        rg = default_rings(site)
    show = True if rg.attrs.get("launchmap_show") else None
    return rings_layer(rg, centre_lon=ctx.centre_lon, show=show)
