"""Impact points of big inputs: clustered markers with popups made in the browser.

Above :data:`CLUSTER_ABOVE` events, :mod:`layers.impacts` hands over to
:func:`big_impacts_layer`. Instead of one GeoJSON feature with its popup HTML per event
(a 100,000-row CSV made a 423 MB page that way), the events travel as columns (display
longitude and latitude rounded to 4 decimals, the day, and indices into tables of the
distinct actors, systems, verdicts, statements, authorities and sources), the markers are
clustered with Leaflet.markercluster (vendored, :mod:`layers.assets`; co-located events
spiderfy at the deepest zoom), and each popup is made when it opens, with
``textContent`` only (links only for http/https). The popup keeps the order of
:func:`layers.popups.event_popup`: verdict, position used, claims; then the flight; then
the authority's words and the sources. Every event is listed in
``window.launchmapEvents`` (the event list, the view's "outside" count) and the time
control filters the markers in one step (``window.launchmapTimedBulk``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from layers.base import LayerGroup, feature_group
from layers.escape import js_safe
from layers.extent import display_lon
from layers.popups import describe_zone, reported_zone_text
from layers.style import state_colour
from layers.timeline import event_times_ms

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Above this many events the impact markers are clustered (and tracks and uncertainty
#: outlines decimated, see :data:`DECIMATED_TO`).
CLUSTER_ABOVE = 3000
#: How many events keep their track and uncertainty outline on a big map (an even sample
#: in date order; the layer's name says so).
DECIMATED_TO = 1000
_DAY_MS = 86_400_000
#: Deepest zoom of a map with clustered markers (see the template).
MAX_ZOOM = 12

_CDN = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.5.3/"


def decimate(events: pd.DataFrame, limit: int = DECIMATED_TO) -> tuple[pd.DataFrame, str]:
    """``(events, note)``: all of ``events`` when there are at most ``limit``, else an
    even sample of ``limit`` of them in date order and a note saying how many are drawn
    (for the layer's name)."""
    n = len(events)
    if n <= limit:
        return events, ""
    order = np.argsort(np.asarray(event_times_ms(events)), kind="stable")
    pick = order[np.linspace(0, n - 1, limit).round().astype(int)]
    return events.iloc[np.sort(pick)].reset_index(drop=True), \
        f" - {limit:,} of {n:,} drawn (even sample in date order)"


def _codes(values: Sequence[Any]) -> tuple[list[int], list[str]]:
    """Indices into the table of distinct strings of ``values`` (missing -> "")."""
    import pandas as pd

    s = pd.Series(list(values), dtype=object).map(lambda v: "" if v is None or
                                                  (isinstance(v, float) and v != v) else
                                                  str(v))
    codes, uniques = pd.factorize(s, sort=False)
    return codes.astype(int).tolist(), [str(u) for u in uniques]


def _nums(col: Any) -> list[float | None]:
    a = np.asarray(col, dtype=float)
    return [None if not np.isfinite(x) else round(float(x), 1) for x in a]


def big_columns(events: pd.DataFrame, *, centre_lon: float,
                verdicts: Mapping[str, Sequence[Mapping[str, Any]]],
                perspective: str, place_names: Mapping[str, str]) -> dict[str, Any]:
    """The column data :class:`ClusteredImpacts` writes (see the module docstring);
    events without an impact point are left out."""
    lon = np.asarray(events["impact_lon"], float)
    lat = np.asarray(events["impact_lat"], float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    ev = events[ok].reset_index(drop=True)
    x = np.round(np.asarray(display_lon(lon[ok], centre_lon), float), 4)
    y = np.round(lat[ok], 4)
    days = (np.asarray(event_times_ms(ev)) // _DAY_MS).astype(int)
    ids = ev["id"].astype(str).tolist()
    verdict_text = []
    for eid in ids:
        vs = verdicts.get(eid, ())
        mine = [v for v in vs if str(v.get("perspective")) == perspective] or list(vs[:1])
        if not mine:
            verdict_text.append("not computed")
            continue
        v = mine[0]
        verdict_text.append(f"{describe_zone(v.get('kind'), v.get('state'), v.get('status'))}"
                            f" ({v.get('perspective')} view)")
    cols: dict[str, Any] = {"x": x.tolist(), "y": y.tolist(), "d": days.tolist(), "id": ids}
    for key, values in (
            ("a", ev["actor"]), ("s", ev["system"]), ("v", verdict_text),
            ("q", ev.get("impact_statement", [""] * len(ev))),
            ("w", ev.get("reporting_authority", [""] * len(ev))),
            ("src", ev.get("source", [""] * len(ev))),
            ("z", [reported_zone_text(c) for c in ev.get("reported_zone", [""] * len(ev))]),
            ("p", [place_names.get(str(p or ""), "") for p in
                   ev.get("impact_place", [""] * len(ev))])):
        codes, table = _codes(list(values))
        cols[key] = codes
        cols[key.upper() + "_"] = table
    cols["ap"] = _nums(ev.get("apogee_km", [np.nan] * len(ev)))
    cols["rg"] = _nums(ev.get("range_km", [np.nan] * len(ev)))
    cols["sg"] = _nums(ev.get("impact_sigma_km", [np.nan] * len(ev)))
    cols["C_"] = [state_colour(a) for a in cols["A_"]]
    return cols


class ClusteredImpacts(MacroElement):
    """The clustered impact markers (see the module docstring)."""

    default_js = [("markerclusterjs", _CDN + "leaflet.markercluster.js")]
    default_css = [("markerclustercss", _CDN + "MarkerCluster.css"),
                   ("markerclusterdefaultcss", _CDN + "MarkerCluster.Default.css")]

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name }};
            var D = {{ this.data }};
            var DAY = 86400000;
            // clustering works on every zoom level up to the deepest: 12 (about 40 m a
            // pixel, finer than any reported impact point) keeps that work small
            if (map.options.maxZoom === undefined || map.options.maxZoom > {{ this.max_zoom }}) {
                map.setMaxZoom({{ this.max_zoom }});
            }
            window.launchmapClusterReady = false;
            var cl = L.markerClusterGroup({
                chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false,
                spiderfyOnMaxZoom: true,
                chunkProgress: function (done, total) {
                    // (the group's own onAdd reports an empty batch first)
                    if (total && done >= total) { window.launchmapClusterReady = true; }
                }});
            var icons = D.C_.map(function (c) {
                return L.divIcon({className: "lm-big-dot", iconSize: [12, 12],
                                  html: '<span style="background:' + c + '"></span>'});
            });
            function el(tag, parent, cls, txt) {
                var e = document.createElement(tag);
                if (cls) { e.className = cls; }
                if (txt !== undefined) { e.textContent = txt; }
                if (parent) { parent.appendChild(e); }
                return e;
            }
            function row(parent, label, value, cls) {
                if (value === null || value === undefined || value === "") { return; }
                var d = el("div", parent, cls);
                el("b", d, "", label + ": ");
                d.appendChild(document.createTextNode(value));
            }
            function links(parent, textValue) {
                textValue.split(/(\\s+)/).forEach(function (tok) {
                    if (/^https?:\\/\\/[^\\s"'<>]+$/i.test(tok)) {
                        var a = el("a", parent, "", tok);
                        a.href = tok; a.target = "_blank"; a.rel = "noopener noreferrer";
                    } else { parent.appendChild(document.createTextNode(tok)); }
                });
            }
            var dayText = {};  // far fewer distinct days than events
            function day(i) {
                var k = D.d[i];
                return dayText[k] || (dayText[k] = new Date(k * DAY).toISOString().slice(0, 10));
            }
            function lat(v) { return Math.abs(v).toFixed(4) + (v >= 0 ? " N" : " S"); }
            function lon(v) { v = ((v + 540) % 360) - 180;
                              return Math.abs(v).toFixed(4) + (v >= 0 ? " E" : " W"); }
            function popup(i) {
                var div = el("div", null, "lm-popup");
                el("h4", div, "", day(i) + " \\u00b7 " + D.S_[D.s[i]]);
                row(div, "This tool's verdict at that point", D.V_[D.v[i]]);
                var pos = lat(D.y[i]) + ", " + lon(D.x[i]) +
                    (D.sg[i] ? " +/- " + Math.round(D.sg[i]) + " km (1 sigma)" : "") +
                    (D.P_[D.p[i]] ? " (from " + D.P_[D.p[i]] + ")" : "");
                row(div, "Position used", pos);
                row(div, "Reported zone", D.Z_[D.z[i]]);
                var f = el("div", div, "lm-section");
                row(f, "Actor", D.A_[D.a[i]]);
                row(f, "System", D.S_[D.s[i]]);
                row(f, "Apogee", D.ap[i] === null ? "" : D.ap[i].toLocaleString("en") + " km");
                row(f, "Range", D.rg[i] === null ? "" : D.rg[i].toLocaleString("en") + " km");
                var s = el("div", div, "lm-section lm-sources");
                if (D.Q_[D.q[i]]) {
                    el("div", s, "", (D.W_[D.w[i]] || "The authority") + " said:");
                    el("div", s, "lm-quote", D.Q_[D.q[i]]);
                }
                if (D.SRC_[D.src[i]]) {
                    var src = el("div", s, "lm-small");
                    el("b", src, "", "Source: ");
                    links(src, D.SRC_[D.src[i]]);
                }
                el("div", s, "lm-small", "id " + D.id[i]);
                return div;
            }
            var items = [], markers = [];
            window.launchmapEvents = window.launchmapEvents || [];
            var w = Math.max(200, Math.min(440, window.innerWidth - 70));
            var opts = {maxWidth: w, minWidth: Math.min(260, w), className: "lm-popup-box"};
            function openAt(k, m) {  // one popup, made when it opens (no bind per marker)
                L.popup(opts).setLatLng(m.getLatLng()).setContent(popup(k)).openOn(map);
            }
            for (var i = 0; i < D.id.length; i++) {
                var m = L.marker([D.y[i], D.x[i]], {icon: icons[D.a[i]], keyboard: false});
                m._lmIndex = i;
                markers.push(m);
                var it = {id: D.id[i], date: day(i), actor: D.A_[D.a[i]],
                          system: D.S_[D.s[i]], at: "", t: D.d[i] * DAY, layer: m,
                          group: cl, shown: true,
                          open: (function (k, mk) { return function () { openAt(k, mk); }; })(
                              i, m)};
                items.push(it);
                window.launchmapEvents.push(it);
            }
            cl.on("click", function (e) {
                if (e.layer && e.layer._lmIndex !== undefined) { openAt(e.layer._lmIndex, e.layer); }
            });
            // the markers go in once the group is on the map: then they are clustered in
            // chunks, between which the page stays responsive. (Its feature group joins
            // the map after this script; added before, every marker would be checked
            // against the whole waiting list, quadratic: 10 s for 100,000 markers.)
            cl.once("add", function () { cl.addLayers(markers); });
            cl.addTo({{ this._parent.get_name() }});
            window.launchmapTimedBulk = window.launchmapTimedBulk || [];
            window.launchmapTimedBulk.push(function (cur, win) {
                var keep = [], changed = false;
                items.forEach(function (it) {
                    var show = it.t <= cur && (!win || it.t > cur - win);
                    if (show !== it.shown) { changed = true; }
                    it.shown = show;
                    if (show) { keep.push(it.layer); }
                });
                if (!changed) { return; }  // e.g. the first call: every marker shown
                window.launchmapClusterReady = keep.length === 0;
                cl.clearLayers();
                cl.addLayers(keep);
            });
            window.launchmapCluster = cl;
        })();
        {% endmacro %}
    """)

    def __init__(self, columns: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "ClusteredImpacts"
        import json

        self.data = js_safe(json.dumps(columns, ensure_ascii=False, separators=(",", ":"),
                                       allow_nan=False))
        self.n = len(columns["id"])
        self.map_name = "null"
        self.max_zoom = MAX_ZOOM

    def render(self, **kwargs) -> None:  # noqa: D401 - folium's signature
        from layers.base import map_of

        m = map_of(self)
        self.map_name = m.get_name() if m is not None else "null"
        super().render(**kwargs)


def big_impacts_layer(events: pd.DataFrame, *, centre_lon: float,
                      verdicts: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                      perspective: str = "administering",
                      place_names: Mapping[str, str] | None = None,
                      show: bool | None = None) -> LayerGroup:
    """The clustered impact markers of a big input (see the module docstring)."""
    cols = big_columns(events, centre_lon=centre_lon, verdicts=verdicts or {},
                       perspective=perspective, place_names=place_names or {})
    fg = feature_group("impacts", show=show,
                       title=f"Impact points ({len(cols['id']):,}, clustered)")
    ClusteredImpacts(cols).add_to(fg)
    return fg

