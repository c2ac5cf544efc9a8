"""GeoJSON for the browser: display longitudes, rounding, safe embedding, one Leaflet layer.

Geometries arrive in WGS84 lon/lat (EPSG:4326). Before they are written into the page:

* **display longitudes** (:func:`wrap_for_display`): each part of each geometry (each
  polygon of a MultiPolygon, each line of a MultiLineString, each point) is moved by a
  whole number of turns (360 degrees) so that its centre lies in the window
  ``[centre - 180, centre + 180)`` around the map's centre longitude. Lines and rings
  that :mod:`geo` split at +/-180 degrees therefore join up again on a map centred on the
  Pacific, and nothing draws a stripe across the world. Vertices inside a part are
  continuous already (geo splits or unwraps them), so a part is never cut here. Parts of
  one geometry that were moved and now meet are joined (lines merged, polygons
  dissolved), so the cut along +/-180 leaves no visible seam.
* **rounding** (:func:`round_coords`): coordinates are rounded to ``precision`` decimals
  (4 decimals = about 11 m, finer than a screen pixel at any zoom the data supports).

:class:`GeoJsonLayer` then writes one ``L.geoJSON`` with per-feature style, pane, CSS
class, popup and tooltip HTML (already escaped by the caller), and registers features
that carry a time (``t``, milliseconds since 1970) with the page's time control.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from geo.errors import InvalidOptionError, LaunchmapError
from layers.base import map_of
from layers.escape import js_json, js_safe
from layers.style import PANES

#: Decimals kept in every coordinate written to a map (1e-4 degrees is about 11 m).
PRECISION = 4


def wrap_for_display(geoms: np.ndarray | Sequence, centre_lon: float) -> np.ndarray:
    """Move every part of every geometry by whole turns into the longitude window around
    ``centre_lon`` (degrees); see the module docstring. Returns a new object array."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not ok.any():
        return out
    idx = np.flatnonzero(ok)
    parts, owner = shapely.get_parts(geoms[idx], return_index=True)
    b = shapely.bounds(parts)
    mid = (b[:, 0] + b[:, 2]) / 2.0
    lo = centre_lon - 180.0
    turns = np.floor((mid - lo) / 360.0)
    shift = -360.0 * turns
    if not np.any(shift):
        return out
    moved = parts.copy()
    for s in np.unique(shift[shift != 0]):
        sel = shift == s
        moved[sel] = shapely.transform(parts[sel], lambda c, s=s: c + np.array([s, 0.0]))
    changed = np.zeros(len(idx), bool)
    changed[np.unique(owner[shift != 0])] = True
    on_seam = (b[:, 0] <= -180.0 + 1e-9) | (b[:, 2] >= 180.0 - 1e-9)
    for k in np.flatnonzero(changed):
        g = geoms[idx[k]]
        mine = moved[owner == k]
        seam = bool(on_seam[owner == k].any())  # was cut at +/-180: rejoin the pieces
        tid = shapely.get_type_id(g)
        if tid in (0, 1, 3):  # Point, LineString, Polygon: a single part
            out[idx[k]] = mine[0]
        elif tid == 4:
            out[idx[k]] = shapely.multipoints(mine)
        elif tid == 5:  # pieces cut at +/-180 meet again: join them into one line
            lines = shapely.multilinestrings(mine)
            out[idx[k]] = shapely.line_merge(lines) if seam else lines
        elif tid == 6:  # dissolve the cut edge along +/-180 so no seam is drawn
            out[idx[k]] = shapely.union_all(mine) if seam else shapely.multipolygons(mine)
        else:
            out[idx[k]] = shapely.geometrycollections(mine)
    return out


def round_coords(geoms: np.ndarray, precision: int = PRECISION) -> np.ndarray:
    """Round every coordinate to ``precision`` decimals (vectorised over all vertices)."""
    import shapely

    return shapely.transform(np.asarray(geoms, dtype=object),
                             lambda c: np.round(c, precision))


def feature_collection(geoms: np.ndarray | Sequence, properties: Sequence[dict[str, Any]], *,
                       centre_lon: float, precision: int = PRECISION) -> str:
    """A GeoJSON FeatureCollection as compact JSON text (not yet script-safe: pass it to
    :func:`layers.escape.js_safe`). Missing or empty geometries are skipped."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) != len(properties):
        raise ValueError(f"{len(geoms)} geometries but {len(properties)} property dicts")
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(geoms) else \
        np.zeros(0, bool)
    shown = round_coords(wrap_for_display(geoms[keep], centre_lon), precision)
    texts = shapely.to_geojson(shown) if len(shown) else []
    props = [p for p, k in zip(properties, keep, strict=True) if k]
    feats = [
        '{"type":"Feature","geometry":' + g + ',"properties":'
        + json.dumps(p, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "}"
        for g, p in zip(texts, props, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"


def data_centre_lon(geoms: np.ndarray | Sequence) -> float:
    """:func:`layers.extent.centre_longitude` of the parts of ``geoms`` (the middle of
    each part's longitude range, degrees)."""
    import shapely

    from layers.extent import centre_longitude

    geoms = np.asarray(geoms, dtype=object)
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(geoms) else \
        np.zeros(0, bool)
    b = shapely.bounds(shapely.get_parts(geoms[ok])) if ok.any() else np.zeros((0, 4))
    return centre_longitude((b[:, 0] + b[:, 2]) / 2.0)


class GeoJsonLayer(MacroElement):
    """One ``L.geoJSON`` layer inside a folium FeatureGroup.

    ``geoms`` (WGS84 lon/lat) and ``properties`` (one dict per geometry) are written with
    :func:`feature_collection` when the map is rendered. Each feature's properties may
    hold ``s`` (Leaflet path options merged over ``base_style``), ``r`` (circle-marker
    radius in px, for points), ``c`` (CSS class of a point's marker), ``popup`` and
    ``tip`` (HTML, escaped by the caller) and ``t`` (time in ms since 1970 for the time
    control) and ``ev`` (an event's marker: ``{"id", "d" (date), "a" (actor), "s"
    (system), "at" (key shared by the events reported at the same point, or ``""``)}``;
    such markers are listed in ``window.launchmapEvents`` for :mod:`layers.page`).
    ``class_name`` is added to every path of the layer.

    ``centre_lon`` (degrees) chooses the display window of the longitudes; when it is
    ``None`` the layer takes the centre of the map it is rendered on, or, on a map made
    without a location (folium then centres on 0, 0), the centre of its own data. The
    layer creates its pane on the map if the map has none of that name, so it works on
    any ``folium.Map``.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }};
        (function () {
        var timed = [], events = [];
        var map = {{ this.map_name }};
        if (!map.getPane({{ this.pane_json }})) {
            map.createPane({{ this.pane_json }});
            map.getPane({{ this.pane_json }}).style.zIndex = {{ this.pane_z }};
        }
        {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
            pane: {{ this.pane_json }},
            className: {{ this.class_json }},
            interactive: {{ this.interactive_json }},
            style: function (f) {
                return Object.assign({}, {{ this.style_json }}, f.properties.s || {});
            },
            pointToLayer: function (f, ll) {
                var o = Object.assign({}, {{ this.style_json }}, f.properties.s || {});
                o.radius = f.properties.r || {{ this.radius }};
                o.pane = {{ this.pane_json }};
                o.interactive = {{ this.interactive_json }};
                o.className = [{{ this.class_json }}, f.properties.c || ""].join(" ").trim();
                return L.circleMarker(ll, o);
            },
            onEachFeature: function (f, layer) {
                var p = f.properties;
                if (p.popup) {
                    // keep the popup inside the window and clear of the title and controls
                    var w = Math.max(200, Math.min(440, window.innerWidth - 70));
                    layer.bindPopup(p.popup, {maxWidth: w, minWidth: Math.min(260, w),
                                              className: "lm-popup-box",
                                              autoPanPaddingTopLeft: [50, 90],
                                              autoPanPaddingBottomRight: [20, 20]});
                }
                if (p.tip) { layer.bindTooltip(p.tip, {sticky: true, direction: "top"}); }
                if (p.t !== undefined && p.t !== null) {
                    // te: the last day a feature holds (a declared area's validity end)
                    timed.push({layer: layer, t: p.t,
                                te: (p.te !== undefined && p.te !== null) ? p.te : p.t});
                }
                if (p.ev) {
                    // an event's marker: listed by the event list, the co-located
                    // chooser and the view's "outside" count (layers.page)
                    window.launchmapEvents = window.launchmapEvents || [];
                    window.launchmapEvents.push({id: p.ev.id, date: p.ev.d, actor: p.ev.a,
                                                 system: p.ev.s, at: p.ev.at, t: p.t,
                                                 layer: layer, group: null});
                    events.push(window.launchmapEvents[window.launchmapEvents.length - 1]);
                    if (p.popup) {
                        // a click where markers overlap lists every event there
                        layer.off("click");
                        layer.on("click", function (e) {
                            if (window.launchmapPick) { window.launchmapPick(layer, e); }
                            else { layer.openPopup(); }
                        });
                    }
                }
            }
        }).addTo({{ this._parent.get_name() }});
        events.forEach(function (it) { it.group = {{ this.get_name() }}; });
        if (timed.length) {
            window.launchmapTimed = window.launchmapTimed || [];
            timed.forEach(function (it) {
                it.group = {{ this.get_name() }};
                window.launchmapTimed.push(it);
            });
        }
        })();
        {% endmacro %}
    """)

    def __init__(self, geoms: np.ndarray | Sequence, properties: Sequence[dict[str, Any]], *,
                 centre_lon: float | None = None, base_style: dict[str, Any] | None = None,
                 pane: str, class_name: str = "", radius: float = 5, interactive: bool = True,
                 name: str = "GeoJsonLayer") -> None:
        super().__init__()
        self._name = name
        self.geoms = np.asarray(geoms, dtype=object)
        self.properties = list(properties)
        if len(self.geoms) != len(self.properties):
            raise InvalidOptionError(f"{len(self.geoms)} geometries but "
                                     f"{len(self.properties)} property dicts")
        self.centre_lon = centre_lon
        self.data = ""
        self._data_centre: float | None = None
        self.map_name = "null"
        self.pane_z = int(PANES.get(pane, 400))
        self.style_json = js_json({k: v for k, v in (base_style or {}).items() if v is not None})
        self.pane_json = js_json(pane)
        self.class_json = js_json(class_name)
        self.radius = float(radius)
        self.interactive_json = "true" if interactive else "false"

    def display_centre(self) -> float:
        """The centre longitude (degrees) the features are written around (see the class
        docstring)."""
        if self.centre_lon is not None:
            return float(self.centre_lon)
        m = map_of(self)
        loc = getattr(m, "location", None)
        if loc is not None and [float(v) for v in loc] != [0.0, 0.0]:
            return float(loc[1])
        return data_centre_lon(self.geoms)

    def render(self, **kwargs) -> None:  # noqa: D401 - folium's signature
        m = map_of(self)
        if m is None:
            raise LaunchmapError(f"{self._name} is on no folium.Map: add its layer to a map "
                                 "first")
        self.map_name = m.get_name()
        centre = self.display_centre()
        if self._data_centre != centre:  # written once per centre, however often rendered
            self.data = js_safe(feature_collection(self.geoms, self.properties,
                                                   centre_lon=centre))
            self._data_centre = centre
        super().render(**kwargs)
