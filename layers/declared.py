"""Declared areas: the closure, danger and drop zones of ``data/declared_areas.csv``.

Input: :func:`geo.declared.declared_areas` (WGS84 lon/lat polygons built geodesically from
the notices' own vertices) and, for each area, :func:`geo.declared_overlaps.area_overlaps`
under the map's perspective. One Leaflet layer per purpose, each hatched with its own SVG
pattern (live-fire, drop zone, exercise); the popup gives the notice, its text, the
validity window (UTC), the vertices as published, the overlap table, the events that fell
in the area and the source. Every text from the table is escaped.

Time slider: an area whose validity starts on or before the last event day is a timed
feature (``t`` = its first UTC day), shown once the slider reaches that day; an area that
starts after every event is drawn untimed (the slider's days are the events' days, so it
could otherwise never be shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from layers.base import LayerGroup, feature_group
from layers.escape import esc, js_json, linkify
from layers.geojson import GeoJsonLayer

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext

#: Outline and hatch colour per purpose.
PURPOSE_COLOURS = {"live-fire": "#d95f02", "drop zone": "#7570b3", "exercise": "#1b9e77"}
#: Hatch angle per purpose (degrees), so the purposes differ without colour too.
PURPOSE_ANGLES = {"live-fire": 45, "drop zone": -45, "exercise": 0}
DECLARED_STYLE = {"weight": 2.0, "opacity": 0.95, "dashArray": "6 3", "fillOpacity": 1.0}
PANE = "lm-areas"


def hatch_id(purpose: str) -> str:
    """The SVG pattern id (and CSS class suffix) of a purpose."""
    return "lm-decl-" + purpose.replace(" ", "-")


def hatch_defs() -> str:
    """Hidden inline SVG with one hatch pattern per purpose, and the CSS that fills each
    purpose's paths with it (static text: no data reaches it)."""
    pats = []
    css = []
    for purpose, colour in PURPOSE_COLOURS.items():
        pid = hatch_id(purpose)
        pats.append(f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="9" height="9" '
                    f'patternTransform="rotate({PURPOSE_ANGLES[purpose]})">'
                    f'<rect width="9" height="9" fill="{colour}" fill-opacity="0.08"/>'
                    f'<line x1="0" y1="0" x2="0" y2="9" stroke="{colour}" stroke-width="2.5" '
                    'stroke-opacity="0.8"/></pattern>')
        css.append(f"path.{pid} {{ fill: url(#{pid}); }}")
    svg = ('<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
           + "".join(pats) + "</defs></svg>")
    css.append(".lm-decl-table { border-collapse: collapse; margin: 2px 0; }"
               " .lm-decl-table td, .lm-decl-table th { padding: 1px 5px; text-align: left; }"
               " .lm-decl-table td.n { text-align: right; }")
    return svg + "<style>" + " ".join(css) + "</style>"


class _HatchDefs(MacroElement):
    """Adds :func:`hatch_defs` to the page once, when the layer's script runs."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        if (!document.getElementById("lm-decl-defs")) {
            var d = document.createElement("div");
            d.id = "lm-decl-defs";
            d.innerHTML = {{ this.defs_json }};
            document.body.appendChild(d);
        }
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "DeclaredHatch"
        self.defs_json = js_json(hatch_defs())


def _overlap_table(ans: Any) -> str:
    if ans is None:
        return "<div><i>Overlaps not computed.</i></div>"
    rows = "".join(
        f"<tr><td>{esc(o.kind.replace('_', ' '))}</td><td>{esc(o.state)}</td>"
        f"<td>{esc(o.status)}</td><td>{esc(', '.join(o.claimants))}</td>"
        f"<td class='n'>{o.area_km2:,.0f}</td><td class='n'>{100 * o.fraction:.1f}</td></tr>"
        for o in ans.overlaps)
    if not rows:
        rows = "<tr><td colspan='6'>high seas only</td></tr>"
    head = ("<tr><th>zone</th><th>state</th><th>status</th><th>claimants</th>"
            "<th>km²</th><th>%</th></tr>")
    out = (f"<div><b>Overlaps</b> ({esc(ans.perspective)} view):</div>"
           f'<table class="lm-small lm-decl-table">{head}{rows}</table>')
    if ans.coast_km:
        out += ("<div class='lm-small'><b>Coasts:</b> "
                + esc(", ".join(f"{c['state']} {c['distance_km']:.0f} km" for c in ans.coast_km))
                + "</div>")
    return out


def popup_html(row: Any, ans: Any) -> str:
    """The popup of one area (a row of :func:`geo.declared.declared_areas`) with its
    overlaps ``ans`` (an :class:`~geo.declared_overlaps.AreaOverlaps` or ``None``)."""
    verts = "".join(f"<li>{esc(v.strip())}</li>" for v in str(row["vertices"]).split("|"))
    events = ", ".join(esc(e) for e in row["events"]) or "none in the catalogue"
    window = (f"{row['valid_from'].strftime('%Y-%m-%d %H:%M')} to "
              f"{row['valid_to'].strftime('%Y-%m-%d %H:%M')} UTC")
    return (f'<div class="lm-popup lm-declared-popup"><h4>{esc(row["name"] or row["id"])}</h4>'
            f"<div><b>{esc(row['purpose'])}</b> area {esc(row['id'])}, "
            f"{row['area_km2']:,.0f} km² (geodesic)</div>"
            f"<div><b>Declared by:</b> {esc(row['authority'])}</div>"
            f"<div><b>Notice:</b> {esc(row['notice'])}</div>"
            f"<div class='lm-small'>{esc(row['notice_text'])}</div>"
            f"<div><b>Valid:</b> {esc(window)}</div>"
            f"<div><b>Vertices as published:</b></div><ul class='lm-small'>{verts}</ul>"
            f"{_overlap_table(ans)}"
            f"<div><b>Events in it:</b> {events}</div>"
            f'<div class="lm-small"><b>Source:</b> {linkify(row["source"])}</div></div>')


def _day_ms(ts) -> int:
    import pandas as pd

    return int(pd.Timestamp(ts).tz_convert(None).normalize().value // 1_000_000)


def declared_layer(areas: gpd.GeoDataFrame, overlaps: dict[str, Any] | None = None, *,
                   centre_lon: float | None = None, last_event_ms: int | None = None,
                   show: bool | None = None) -> LayerGroup:
    """The declared areas, one hatched layer per purpose, popups with ``overlaps``
    (``{area id: AreaOverlaps}``; missing ids get no table)."""
    overlaps = overlaps or {}
    fg = feature_group("declared", show=show)
    _HatchDefs().add_to(fg)
    for purpose, colour in PURPOSE_COLOURS.items():
        rows = areas[areas["purpose"] == purpose]
        if rows.empty:
            continue
        props = []
        for _, r in rows.iterrows():
            t = _day_ms(r["valid_from"])
            p: dict[str, Any] = {
                "popup": popup_html(r, overlaps.get(r["id"])),
                "tip": (f"<b>{esc(r['name'] or r['id'])}</b><br>{esc(purpose)}, "
                        f"{esc(r['valid_from'].strftime('%Y-%m-%d'))}<br>{esc(r['authority'])}"),
            }
            if last_event_ms is not None and t <= last_event_ms:
                p["t"] = t
                p["te"] = max(t, _day_ms(r["valid_to"]))  # the last valid day
            props.append(p)
        style = {**DECLARED_STYLE, "color": colour, "fillColor": colour}
        GeoJsonLayer(np.asarray(rows.geometry.values, dtype=object), props,
                     centre_lon=centre_lon, base_style=style, pane=PANE,
                     class_name=f"lm-declared {hatch_id(purpose)}",
                     name="DeclaredAreas").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The shipped declared areas with their overlaps under the map's perspective."""
    from geo.declared import declared_areas
    from geo.declared_overlaps import area_overlaps
    from layers.timeline import event_times_ms

    areas = declared_areas()
    if areas.empty:
        return None
    from geo.zones.load import load_zones

    zs = ctx.zoneset if ctx.zoneset is not None else load_zones()
    ctx.say(f"overlaps of {len(areas)} declared areas under {ctx.perspective}")
    overlaps = {row["id"]: area_overlaps(row, ctx.perspective, zones=zs)
                for _, row in areas.iterrows()}
    times = event_times_ms(ctx.events)
    last = int(times.max()) if len(times) else None
    return declared_layer(areas, overlaps, centre_lon=ctx.centre_lon, last_event_ms=last)
