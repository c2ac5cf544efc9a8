"""Launch sites: one marker per distinct launch point of the events drawn.

Input: a GeoDataFrame like :func:`geo.catalogue.events` (``launch_site`` gazetteer id,
``launch_lon``/``launch_lat`` WGS84 degrees) and, for names and sources, the gazetteer
frame of :func:`geo.gazetteer.places`.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, linkify, text
from layers.geojson import GeoJsonLayer
from layers.popups import event_when, fmt_latlon
from layers.style import SITE_RADIUS_PX, SITE_STYLE, state_colour

#: Most launches a site's popup lists (the rest are counted).
SITE_LIST_LIMIT = 40

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def sites_layer(events: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                places: gpd.GeoDataFrame | None = None,
                show: bool | None = None) -> LayerGroup:
    """A marker per launch point, coloured by the actor that used it most, with a popup
    listing the launches drawn from it and the gazetteer's source for its position."""
    import shapely

    by_id = {}
    if places is not None and len(places):
        by_id = {str(r["id"]): r for r in places[["id", "name", "kind", "source"]]
                 .to_dict("records")}
    groups: dict[tuple[float, float], list[dict]] = {}
    for row in events.to_dict("records"):
        x, y = row.get("launch_lon"), row.get("launch_lat")
        if x is None or y is None or not (np.isfinite(x) and np.isfinite(y)):
            continue
        groups.setdefault((round(float(x), 4), round(float(y), 4)), []).append(row)

    geoms, props = [], []
    for (x, y), rows in groups.items():
        site_id = text(rows[0].get("launch_site"))
        place = by_id.get(site_id)
        name = text(place["name"]) if place else (site_id or "Launch point (from the report)")
        actor = Counter(text(r.get("actor")) for r in rows).most_common(1)[0][0]
        items = "".join(f"<li>{esc(event_when(r))}: {esc(r.get('system'))}</li>"
                        for r in rows[:SITE_LIST_LIMIT])
        if len(rows) > SITE_LIST_LIMIT:
            items += f"<li>... and {len(rows) - SITE_LIST_LIMIT:,} more</li>"
        src = (f'<div class="lm-small"><b>Position:</b> gazetteer ({esc(place["kind"])}), '
               f'{linkify(place["source"])}</div>') if place else \
            '<div class="lm-small"><b>Position:</b> given in the event row (see its source note)</div>'
        popup = (f'<div class="lm-popup"><h4>{esc(name)}</h4>'
                 f"<div>{esc(fmt_latlon(x, y))}</div>"
                 f"<div><b>{len(rows)} launch record(s) on this map:</b></div><ul>{items}</ul>"
                 f"{src}</div>")
        geoms.append(shapely.Point(x, y))
        props.append({"s": {"fillColor": state_colour(actor)}, "c": "lm-site",
                      "tip": esc(f"{name} - launch site ({len(rows)})"), "popup": popup})
    fg = feature_group("sites", show=show)
    GeoJsonLayer(np.asarray(geoms, dtype=object), props, centre_lon=centre_lon,
                 base_style=SITE_STYLE, pane="lm-points", class_name="lm-point",
                 radius=SITE_RADIUS_PX, name="LaunchSites").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The launch sites of the map's events, named from the gazetteer."""
    return sites_layer(ctx.events, centre_lon=ctx.centre_lon, places=ctx.gazetteer())
