"""The page around the map: what makes every event visible and reachable.

:func:`layers.mapbuild.build_map` adds, after every layer and control:

* :class:`PageHead`: the ``<title>`` (the map's title); the viewport ``<meta>`` that makes
  phones show the map at device width comes with folium's page (a test checks it).
* :class:`LayerControl`: the layer control, collapsed to a button in small windows.
* :class:`ViewControl`: the first view. It fits the events' bounds with padding chosen
  from the sizes of the controls in the four corners (each corner is kept clear either by
  a column at its side or a band at its edge; of the 16 choices the one allowing the
  closest zoom wins), so no control covers a marker. A box says how many events lie
  outside the view and offers "Zoom to all". In small windows (width <= 700 px or
  height <= 560 px) the legend starts collapsed (the event list always does).
  It also shows only the legend rows of the layers switched on, opens the legend for
  printing, and lists overlapping events: clicking a marker where several visible events'
  markers overlap at the current zoom (or were reported at the same point) opens a list
  with one button per event, each opening that event's own popup.
* :class:`EventList`: a collapsible panel listing the visible events (the time control
  and the layer control filter it), searchable, sortable by date, actor or system; a
  click flies to the event and opens its popup. Every text is put in with
  ``textContent``, never as HTML.

``window.launchmapView`` exposes ``fit()``, ``fitAll()``, ``outside()``, ``padding()`` and
``fitted`` for scripts and tests; ``window.launchmapList`` exposes ``open(id)`` and
``items()``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from layers.escape import esc, js_json

#: Windows at most this wide or high (CSS px) count as small: panels start collapsed.
SMALL_WIDTH_PX = 700
SMALL_HEIGHT_PX = 560
#: Most events the list shows at once (the search narrows it).
LIST_LIMIT = 300


class PageHead(MacroElement):
    """``<title>`` of the page (escaped); folium's page has the viewport ``<meta>``."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "PageHead"
        self.title = str(title)

    def render(self, **kwargs) -> None:  # noqa: D401 - folium's signature
        root = self.get_root()
        root.header.add_child(Element(f"<title>{esc(self.title)}</title>"),
                              name="launchmap_title")
        super().render(**kwargs)


def small_window_js() -> str:
    """A JavaScript expression: true in a small window (panels start collapsed)."""
    return (f'window.matchMedia("(max-width: {SMALL_WIDTH_PX}px), '
            f'(max-height: {SMALL_HEIGHT_PX}px)").matches')


class LayerControl(folium.LayerControl):
    """folium's layer control, collapsed to its button in small windows only (Leaflet
    fixes ``collapsed`` when the control is made, so the page decides it there)."""

    _template = Template("""
        {% macro script(this,kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
            };
            let {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                Object.assign({{ this.options|tojavascript }},
                              {collapsed: {{ this.small_js }}})
            ).addTo({{this._parent.get_name()}});
        {% endmacro %}
    """)

    def __init__(self, position: str = "topright") -> None:
        super().__init__(position=position, collapsed=False)
        self.small_js = small_window_js()


class ViewControl(MacroElement):
    """The first view, the "outside the view" box, the co-located chooser, the legend's
    live rows (see the module docstring). ``bounds``: ``[[s, w], [n, e]]`` of the first
    view (display longitudes); ``all_bounds``: of every event; ``layer_groups``: layer
    key -> JS names of its groups."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var groups = {{ this.groups_js }};
            var first = {{ this.bounds_json }}, all = {{ this.all_json }};
            var small = {{ this.small_js }};
            var events = window.launchmapEvents || [];
            function visible(it) {
                if (it.shown !== undefined) { return it.shown && map.hasLayer(it.group); }
                return it.group && map.hasLayer(it.group) && it.group.hasLayer(it.layer);
            }
            // ---- panels: collapsed on small windows
            document.querySelectorAll("details.lm-panel").forEach(function (d) {
                d.open = !small && !d.classList.contains("lm-closed-start");
            });
            // ---- the Tab key goes to the controls, not through hundreds of map shapes
            // (Chromium makes interactive SVG paths focusable; the event list reaches
            // every event from the keyboard instead)
            function untab(root) {
                root.querySelectorAll("path, svg").forEach(function (el) {
                    el.setAttribute("tabindex", "-1");
                });
            }
            var panes = map.getPane("mapPane");
            untab(panes);
            new MutationObserver(function (records) {
                records.forEach(function (r) {
                    r.addedNodes.forEach(function (n) {
                        if (n.nodeType !== 1) { return; }
                        if (n.tagName === "path" || n.tagName === "svg") {
                            n.setAttribute("tabindex", "-1");
                        }
                        untab(n);
                    });
                });
            }).observe(panes, {childList: true, subtree: true});
            // ---- legend rows follow the layers switched on; printing opens it
            function legendRows() {
                document.querySelectorAll(".lm-legend [data-layers]").forEach(function (row) {
                    var on = row.getAttribute("data-layers").split(" ").some(function (k) {
                        return (groups[k] || []).some(function (g) { return map.hasLayer(g); });
                    });
                    row.style.display = on ? "" : "none";
                });
            }
            map.on("overlayadd overlayremove", legendRows);
            legendRows();
            var wasOpen = null;
            window.addEventListener("beforeprint", function () {
                var d = document.querySelector("details.lm-legend");
                if (d) { wasOpen = d.open; d.open = true; }
            });
            window.addEventListener("afterprint", function () {
                var d = document.querySelector("details.lm-legend");
                if (d && wasOpen !== null) { d.open = wasOpen; }
            });
            // ---- the box saying how many events lie outside the view
            var box = L.control({position: "topleft"}), note;
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "lm-outside leaflet-control");
                note = L.DomUtil.create("span", "lm-outside-text", div);
                var b = L.DomUtil.create("button", "lm-zoom-all", div);
                b.type = "button";
                b.textContent = "Zoom to all";
                b.title = "Fit the view to every event on the map";
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.on(b, "click", function () { view.fitAll(); });
                return div;
            };
            box.addTo(map);
            function outside() {
                var b = map.getBounds(), n = 0, shown = 0;
                events.forEach(function (it) {
                    if (!visible(it)) { return; }
                    shown += 1;
                    if (!b.contains(it.layer.getLatLng())) { n += 1; }
                });
                return {outside: n, shown: shown};
            }
            function updateNote() {
                var o = outside();
                note.textContent = o.outside ? o.outside + " of " + o.shown +
                    " events outside this view" : "All " + o.shown + " events in view";
                box.getContainer().classList.toggle("lm-has-outside", o.outside > 0);
            }
            map.on("moveend zoomend overlayadd overlayremove", updateNote);
            document.addEventListener("launchmap:time", updateNote);
            // ---- padding that keeps every corner's controls off the fitted bounds
            function corner(name) {
                var el = map.getContainer().querySelector(".leaflet-control-container ." + name);
                if (!el) { return {w: 0, h: 0}; }
                var r = el.getBoundingClientRect();
                return {w: Math.ceil(r.width), h: Math.ceil(r.height)};
            }
            function padding(bounds) {
                var c = {tl: corner("leaflet-top.leaflet-left"),
                         tr: corner("leaflet-top.leaflet-right"),
                         bl: corner("leaflet-bottom.leaflet-left"),
                         br: corner("leaflet-bottom.leaflet-right")};
                var keys = ["tl", "tr", "bl", "br"], best = null, m = 14;
                for (var mask = 0; mask < 16; mask++) {
                    var p = {l: 0, t: 0, r: 0, b: 0};
                    keys.forEach(function (k, i) {
                        var col = (mask >> i) & 1, cc = c[k];
                        if (!cc.w || !cc.h) { return; }
                        if (col) {
                            if (k[1] === "l") { p.l = Math.max(p.l, cc.w); }
                            else { p.r = Math.max(p.r, cc.w); }
                        } else if (k[0] === "t") { p.t = Math.max(p.t, cc.h); }
                        else { p.b = Math.max(p.b, cc.h); }
                    });
                    var tl = L.point(p.l + m, p.t + m), br = L.point(p.r + m, p.b + m);
                    var size = map.getSize().subtract(tl).subtract(br);
                    if (size.x < 40 || size.y < 40) { continue; }
                    var z = map.getBoundsZoom(bounds, false, tl.add(br));
                    var area = size.x * size.y;
                    if (!best || z > best.z || (z === best.z && area > best.area)) {
                        best = {z: z, area: area, tl: tl, br: br};
                    }
                }
                return best || {tl: L.point(m, m), br: L.point(m, m)};
            }
            function fitTo(bounds) {
                if (!bounds) { return; }
                var lb = L.latLngBounds(bounds), p = padding(lb);
                map.fitBounds(lb, {paddingTopLeft: p.tl, paddingBottomRight: p.br,
                                   animate: false});
                updateNote();
            }
            // ---- several events reported at one point: a list, one button per event
            window.launchmapPick = function (layer, e) {
                var me = events.filter(function (it) { return it.layer === layer; })[0];
                var c = map.latLngToLayerPoint(layer.getLatLng());
                var peers = me ? events.filter(function (it) {
                    if (!visible(it)) { return false; }
                    if (it.at && it.at === me.at) { return true; }
                    var d = c.distanceTo(map.latLngToLayerPoint(it.layer.getLatLng()));
                    return d <= layer.getRadius() + it.layer.getRadius();
                }) : [];
                if (peers.length < 2) { layer.openPopup(); return; }
                peers.sort(function (a, b) { return a.t - b.t; });
                var div = document.createElement("div");
                div.className = "lm-popup lm-pick";
                var h = document.createElement("h4");
                h.textContent = peers.length + " events here (their markers overlap)";
                div.appendChild(h);
                var ul = document.createElement("ul");
                peers.forEach(function (it) {
                    var li = document.createElement("li"), b = document.createElement("button");
                    b.type = "button";
                    b.className = "lm-pick-item";
                    b.setAttribute("data-event", it.id);
                    b.textContent = it.date + " \\u00b7 " + it.actor + " \\u00b7 " + it.system;
                    b.addEventListener("click", function () {
                        map.closePopup();
                        it.layer.openPopup();
                    });
                    li.appendChild(b);
                    ul.appendChild(li);
                });
                div.appendChild(ul);
                L.popup({maxWidth: Math.max(200, Math.min(440, window.innerWidth - 70)),
                         className: "lm-popup-box"})
                    .setLatLng(layer.getLatLng()).setContent(div).openOn(map);
                var btn = div.querySelector("button");
                if (btn) { btn.focus(); }
            };
            var view = window.launchmapView = {
                fit: function () { fitTo(first); }, fitAll: function () { fitTo(all); },
                outside: outside, padding: function () { return padding(L.latLngBounds(
                    first || all)); }, fitted: false, small: small
            };
            view.fit();
            view.fitted = true;
        })();
        {% endmacro %}
    """)

    def __init__(self, bounds: Sequence[Sequence[float]] | None,
                 all_bounds: Sequence[Sequence[float]] | None, *,
                 layer_groups: Mapping[str, Sequence[str]]) -> None:
        super().__init__()
        self._name = "ViewControl"
        self.bounds_json = js_json(bounds)
        self.all_json = js_json(all_bounds if all_bounds is not None else bounds)
        for names in layer_groups.values():
            for n in names:
                if not n.replace("_", "").isalnum():
                    raise ValueError(f"not a JavaScript name: {n!r}")
        self.groups_js = "{" + ",".join(
            f"{js_json(k)}:[{','.join(v)}]" for k, v in layer_groups.items()) + "}"
        self.small_js = small_window_js()


class EventList(MacroElement):
    """The event list panel (top right, below the layer control); see the module
    docstring."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var events = window.launchmapEvents || [];
            var limit = {{ this.limit }};
            function visible(it) {
                if (it.shown !== undefined) { return it.shown && map.hasLayer(it.group); }
                return it.group && map.hasLayer(it.group) && it.group.hasLayer(it.layer);
            }
            var ctl = L.control({position: "topright"}), list, search, sort, count;
            ctl.onAdd = function () {
                var d = L.DomUtil.create("details", "lm-events lm-panel lm-closed-start " +
                                         "leaflet-control");
                var s = L.DomUtil.create("summary", "", d);
                s.textContent = "Events (" + events.length + ")";
                var bar = L.DomUtil.create("div", "lm-events-bar", d);
                search = L.DomUtil.create("input", "lm-events-search", bar);
                search.type = "search";
                search.placeholder = "Search date, actor, system";
                search.setAttribute("aria-label", "Search the events");
                sort = L.DomUtil.create("select", "lm-events-sort", bar);
                sort.setAttribute("aria-label", "Sort the events by");
                [["date", "Date"], ["actor", "Actor"], ["system", "System"]].forEach(
                    function (o) {
                        var op = document.createElement("option");
                        op.value = o[0]; op.textContent = "Sort: " + o[1];
                        sort.appendChild(op);
                    });
                count = L.DomUtil.create("div", "lm-events-count", d);
                list = L.DomUtil.create("ul", "lm-events-list", d);
                L.DomEvent.disableClickPropagation(d);
                L.DomEvent.disableScrollPropagation(d);
                // open, the list lies above the other corners' controls (the legend)
                d.addEventListener("toggle", function () {
                    if (d.parentNode) { d.parentNode.style.zIndex = d.open ? 1001 : ""; }
                });
                L.DomEvent.on(search, "input", render);
                L.DomEvent.on(sort, "change", render);
                return d;
            };
            function items() {
                var q = (search.value || "").trim().toLowerCase();
                var key = sort.value;
                var out = events.filter(function (it) {
                    if (!visible(it)) { return false; }
                    if (!q) { return true; }
                    return (it.date + " " + it.actor + " " + it.system + " " + it.id)
                        .toLowerCase().indexOf(q) >= 0;
                });
                out.sort(function (a, b) {
                    var x = key === "date" ? a.t - b.t : String(a[key]).localeCompare(b[key]);
                    return x || a.t - b.t || String(a.id).localeCompare(b.id);
                });
                return out;
            }
            function open(it) {
                var ll = it.layer.getLatLng();
                map.closePopup();
                if (it.group.zoomToShowLayer) {  // a clustered marker (layers.bigimpacts)
                    it.group.zoomToShowLayer(it.layer, function () {
                        if (it.open) { it.open(); } else { it.layer.openPopup(); }
                    });
                    return;
                }
                var z = Math.max(map.getZoom(), 6);
                var done = false;
                function show() { if (!done) { done = true; it.layer.openPopup(); } }
                map.once("moveend", show);
                map.flyTo(ll, z, {duration: 0.5});
                if (map.getCenter().equals(ll) && map.getZoom() === z) { show(); }
            }
            function render() {
                var its = items();
                list.textContent = "";
                its.slice(0, limit).forEach(function (it) {
                    var li = document.createElement("li"), b = document.createElement("button");
                    b.type = "button";
                    b.className = "lm-events-item";
                    b.setAttribute("data-event", it.id);
                    b.textContent = it.date + " \\u00b7 " + it.actor + " \\u00b7 " + it.system;
                    b.addEventListener("click", function () { open(it); });
                    li.appendChild(b);
                    list.appendChild(li);
                });
                count.textContent = its.length > limit ?
                    "Showing " + limit + " of " + its.length + " shown events: search to narrow" :
                    its.length + " of " + events.length + " events shown";
            }
            ctl.addTo(map);
            render();
            document.addEventListener("launchmap:time", render);
            map.on("overlayadd overlayremove", render);
            window.launchmapList = {
                items: function () { return items().map(function (it) { return it.id; }); },
                open: function (id) {
                    var it = events.filter(function (e) { return e.id === id; })[0];
                    if (it) { open(it); }
                    return !!it;
                }
            };
        })();
        {% endmacro %}
    """)

    def __init__(self, limit: int = LIST_LIMIT) -> None:
        super().__init__()
        self._name = "EventList"
        self.limit = int(limit)
