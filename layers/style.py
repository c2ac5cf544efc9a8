"""Every colour, line style, layer title and the legend of launchmap's maps, in one place.

Both renderers read from here: the interactive folium map (``layers.*`` builders) and the
static matplotlib picture (:mod:`layers.static`). Colours are CSS hex strings; line
widths are CSS pixels (points in matplotlib); opacities are in [0, 1].
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from branca.element import MacroElement
from folium.template import Template

from layers.escape import esc, js_json

# ---------------------------------------------------------------------- states
#: Fixed colours for the states the maps show most; others get one from the palette.
#: Chosen (from the Okabe-Ito and Paul Tol qualitative schemes) so that every pair stays
#: apart for normal, protan, deutan and tritan vision (checked by :mod:`layers.palette`
#: in the tests: the shipped catalogue's actors by CIE76 >= 30, all of these by >= 10).
STATE_COLOURS = {
    "PRK": "#882255",  # wine
    "CHN": "#f0e442",  # yellow
    "RUS": "#33bbee",  # cyan
    "UKR": "#cc3311",  # red
    "JPN": "#332288",  # indigo
    "KOR": "#0072b2",  # blue
    "TWN": "#ee6677",  # rose
    "USA": "#cc79a7",  # pink
    "PHL": "#e69f00",  # orange
    "VNM": "#009e73",  # green
    "MHL": "#999933",  # olive
    "POL": "#004488",  # dark blue
}
_PALETTE = ("#44aa99", "#117733", "#ddcc77", "#aa4499", "#997700", "#6699cc", "#ee7733",
            "#994455", "#88ccee", "#228833")


def state_colour(iso3: object) -> str:
    """The colour of a state (ISO3 code); unknown codes get a stable palette colour."""
    code = str(iso3 or "")
    if code in STATE_COLOURS:
        return STATE_COLOURS[code]
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


# ---------------------------------------------------------------------- zones
#: Zone kinds as shown to people.
KIND_LABELS = {
    "internal_waters": "Internal waters (landward of the baselines)",
    "archipelagic_waters": "Archipelagic waters (inside archipelagic baselines)",
    "territorial_sea": "Territorial sea (0-12 nm)",
    "contiguous_zone": "Contiguous zone (12-24 nm)",
    "eez": "Exclusive economic zone (0-200 nm)",
}
#: Short kind names for popups.
KIND_SHORT = {"internal_waters": "internal waters", "archipelagic_waters": "archipelagic waters",
              "territorial_sea": "territorial sea", "contiguous_zone": "contiguous zone",
              "eez": "EEZ", "land": "land"}

#: Leaflet path options per zone kind; the fill colour is the owner's state colour.
ZONE_STYLE = {
    "eez": {"weight": 1.0, "opacity": 0.8, "fillOpacity": 0.12, "dashArray": None},
    "contiguous_zone": {"weight": 0.8, "opacity": 0.8, "fillOpacity": 0.22, "dashArray": "4 3"},
    "territorial_sea": {"weight": 0.8, "opacity": 0.9, "fillOpacity": 0.38, "dashArray": None},
    "archipelagic_waters": {"weight": 0.8, "opacity": 0.9, "fillOpacity": 0.48,
                            "dashArray": "2 3"},
    "internal_waters": {"weight": 0.8, "opacity": 0.9, "fillOpacity": 0.55, "dashArray": None},
}
#: Disputed waters: hatched fill (SVG pattern ``lm-hatch``) and a dashed dark outline.
DISPUTED_COLOUR = "#b2182b"
DISPUTED_STYLE = {"color": DISPUTED_COLOUR, "weight": 2.0, "opacity": 0.95, "dashArray": "8 5",
                  "fillColor": DISPUTED_COLOUR, "fillOpacity": 0.6}
HATCH_ID = "lm-hatch"
#: Agreed (treaty) boundaries: a solid dark line over the zones.
TREATY_COLOUR = "#3f007d"
TREATY_STYLE = {"color": TREATY_COLOUR, "weight": 2.6, "opacity": 0.95}

# ---------------------------------------------------------------------- base map
SEA_COLOUR = "#dcebf5"
LAND_STYLE = {"color": "#7d7d7d", "weight": 0.5, "opacity": 1.0, "fillColor": "#f2efe6",
              "fillOpacity": 1.0}

# ---------------------------------------------------------------------- events
IMPACT_RADIUS_PX = 6
IMPACT_STYLE = {"color": "#202020", "weight": 1.5, "opacity": 1.0, "fillOpacity": 0.95}
UNCERTAINTY_STYLE = {"weight": 1.0, "opacity": 0.8, "fillOpacity": 0.08, "dashArray": "3 3"}
#: A derived impact shape (no stated fall point): a dashed outline, unfilled (so that the
#: zones under it stay hoverable), in the actor's colour (:mod:`layers.derived`).
DERIVED_STYLE = {"weight": 2.0, "opacity": 0.9, "dashArray": "7 5", "fill": False}
TRACK_STYLE = {"weight": 1.6, "opacity": 0.75}
SITE_RADIUS_PX = 7
SITE_STYLE = {"color": "#ffffff", "weight": 2.0, "opacity": 1.0, "fillOpacity": 1.0}
PLACE_RADIUS_PX = 3
PLACE_STYLE = {"color": "#303030", "fillColor": "#ffffff", "weight": 1.0, "opacity": 1.0,
               "fillOpacity": 1.0}
RING_STYLE = {"color": "#5a5a5a", "weight": 1.4, "opacity": 0.9, "dashArray": "10 6",
              "fill": False}
COVERAGE_COLOUR = "#0b7a75"
COVERAGE_STYLE = {"color": COVERAGE_COLOUR, "weight": 1.5, "opacity": 0.9,
                  "fillColor": COVERAGE_COLOUR, "fillOpacity": 0.12, "dashArray": "2 4"}

# ---------------------------------------------------------------------- layers
#: Every layer kind ``build_map`` knows, in drawing order (bottom first), with its title.
LAYER_TITLES = {
    "land": "Land (shipped coastline, offline base map)",
    "eez": "Exclusive economic zones (200 nm)",
    "contiguous_zone": "Contiguous zones (24 nm)",
    "territorial_sea": "Territorial seas (12 nm)",
    "archipelagic_waters": "Archipelagic waters (inside archipelagic baselines)",
    "internal_waters": "Internal waters (landward of straight baselines)",
    "disputed": "Disputed waters (all claimants)",
    "disputed_land": "Disputed land (all claimants)",
    "treaties": "Treaty boundaries (agreed lines)",
    "declared": "Declared closure / danger areas (hatched by purpose)",
    "coverage": "Missile-defence coverage",
    "rings": "Range rings",
    "places": "Gazetteer places",
    "tracks": "Ground tracks (geodesic)",
    "uncertainty": "Impact uncertainty (1 sigma)",
    "sites": "Launch sites",
    "impacts": "Impact points",
}
#: Layers drawn by default; of these, the ones listed in :data:`HIDDEN_AT_START` start off.
DEFAULT_LAYERS = tuple(LAYER_TITLES)
HIDDEN_AT_START = frozenset({"places", "rings", "coverage"})
#: The ``--layers`` word for the three zone kinds at once.
ZONE_LAYER_ALIAS = "zones"

#: Leaflet panes (z-index) so that points stay clickable above areas and lines. Land lies
#: above the zones (the display copy of the zones fills small island holes; the land,
#: drawn on top, shows the islands) and is not clickable, so zones stay hoverable.
PANES = {"lm-zones": 360, "lm-disputed": 370, "lm-land": 375, "lm-disputed-land": 377,
         "lm-areas": 380,
         "lm-lines": 420, "lm-points": 640}

# ---------------------------------------------------------------------- page CSS
MAP_CSS = f"""
div.leaflet-container {{ background: {SEA_COLOUR}; font: 13px/1.4 system-ui, sans-serif; }}
.lm-popup {{ max-height: 340px; overflow-y: auto; min-width: 260px; }}
.lm-popup h4 {{ margin: 0 0 4px; font-size: 14px; }}
.lm-popup table {{ border-collapse: collapse; margin: 4px 0; }}
.lm-popup th {{ text-align: left; padding: 1px 8px 1px 0; vertical-align: top;
  font-weight: 600; white-space: nowrap; }}
.lm-popup td {{ padding: 1px 0; vertical-align: top; }}
.lm-popup .lm-quote {{ font-style: italic; border-left: 3px solid #bbb; padding-left: 6px;
  margin: 4px 0; }}
.lm-popup .lm-small {{ color: #555; font-size: 11px; }}
.lm-popup ul {{ margin: 2px 0 2px 16px; padding: 0; }}
.lm-legend {{ background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.4); max-height: 55vh; overflow-y: auto;
  font-size: 12px; line-height: 1.35; }}
.lm-legend h4 {{ margin: 4px 0 2px; font-size: 12px; }}
.lm-legend .lm-sw {{ display: inline-block; width: 18px; height: 11px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #555; }}
.lm-legend .lm-line {{ display: inline-block; width: 18px; height: 0; margin-right: 6px;
  vertical-align: middle; border-top: 2px solid #555; }}
.lm-legend .lm-dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin: 0 10px 0 4px; vertical-align: middle; border: 1px solid #222; }}
.lm-hatch-sw {{ background: repeating-linear-gradient(45deg, {DISPUTED_COLOUR} 0 2px,
  transparent 2px 6px); border: 1px dashed {DISPUTED_COLOUR} !important; }}
path.lm-disputed:not([fill="none"]) {{ fill: url(#{HATCH_ID}); }}
.lm-time {{ background: rgba(255,255,255,0.95); padding: 6px 8px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.4); font-size: 12px; }}
.lm-time button {{ width: 30px; height: 24px; margin-right: 6px; cursor: pointer; }}
.lm-time input[type=range] {{ width: 220px; vertical-align: middle; }}
.lm-time .lm-time-label {{ display: inline-block; min-width: 150px; margin-left: 6px; }}
.lm-title {{ background: rgba(255,255,255,0.93); padding: 4px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.4); font-weight: 600; max-width: min(520px, 60vw); }}
.lm-popup {{ overflow-wrap: anywhere; word-break: break-word; }}
.lm-popup-box .leaflet-popup-content {{ max-width: calc(100vw - 90px); }}
.lm-popup a {{ overflow-wrap: anywhere; }}
.lm-popup .lm-section {{ margin-top: 6px; padding-top: 4px; border-top: 1px solid #ddd; }}
.lm-popup svg {{ max-width: 100%; height: auto; display: block; }}
.lm-pick ul, .lm-events-list {{ list-style: none; margin: 4px 0; padding: 0; }}
.lm-pick button, .lm-events-item {{ display: block; width: 100%; text-align: left;
  margin: 2px 0; padding: 3px 6px; border: 1px solid #bbb; border-radius: 3px;
  background: #f7f7f7; cursor: pointer; font: inherit; }}
.lm-pick button:hover, .lm-events-item:hover {{ background: #e8eef7; }}
.lm-panel > summary {{ cursor: pointer; font-weight: 600; padding: 2px 0; }}
.lm-events {{ background: rgba(255,255,255,0.95); padding: 6px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.4); font-size: 12px; max-width: min(340px, 80vw); }}
.lm-events[open] .lm-events-list {{ max-height: 35vh; overflow-y: auto; }}
.lm-events-bar {{ display: flex; gap: 4px; margin: 4px 0; }}
.lm-events-search {{ flex: 1; min-width: 0; }}
.lm-events-count {{ color: #555; font-size: 11px; }}
.lm-outside {{ background: rgba(255,255,255,0.93); padding: 3px 8px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,0.4); font-size: 12px; }}
.lm-outside.lm-has-outside {{ background: #fff3cd; }}
.lm-outside button {{ margin-left: 6px; }}
.lm-time select {{ margin-left: 6px; }}
.lm-big-dot span {{ display: block; width: 10px; height: 10px; border-radius: 50%;
  border: 1.5px solid {IMPACT_STYLE['color']}; }}
.leaflet-container :focus-visible {{ outline: 3px solid #0072b2; outline-offset: 1px; }}
@media (max-width: 700px) {{
  .lm-time input[type=range] {{ width: 130px; }}
  .lm-time .lm-time-label {{ display: block; min-width: 0; margin: 3px 0 0; }}
  .lm-title {{ font-size: 12px; }}
  .lm-legend {{ max-height: 45vh; }}
}}
@media print {{
  .lm-events, .lm-time button, .lm-time select, .lm-zoom-all {{ display: none; }}
  .lm-legend {{ max-height: none; overflow: visible; }}
}}
"""

#: Hidden inline SVG holding the hatch pattern that ``path.lm-disputed`` fills with.
HATCH_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    f'<pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="8" height="8" '
    'patternTransform="rotate(45)">'
    f'<rect width="8" height="8" fill="{DISPUTED_COLOUR}" fill-opacity="0.10"/>'
    f'<line x1="0" y1="0" x2="0" y2="8" stroke="{DISPUTED_COLOUR}" stroke-width="3" '
    'stroke-opacity="0.75"/></pattern></defs></svg>'
)


# ---------------------------------------------------------------------- legend
def legend_html(*, perspective: str, layers: Iterable[str], states: Iterable[str] = (),
                actors: Iterable[str] = ()) -> str:
    """The legend's HTML for the layers drawn (every text escaped). Each row names the
    layer keys it belongs to in ``data-layers``, so the page shows only the rows of the
    layers switched on (see :mod:`layers.page`)."""
    layers = set(layers)
    rows: list[str] = []

    def sw(style: str, label: str, cls: str = "lm-sw", *, keys: Iterable[str]) -> None:
        rows.append(f'<div data-layers="{esc(" ".join(keys))}"><span class="{cls}" '
                    f'style="{style}"></span>{esc(label)}</div>')

    def head(label: str, keys: Iterable[str]) -> None:
        rows.append(f'<h4 data-layers="{esc(" ".join(keys))}">{label}</h4>')

    zone_kinds = [k for k in ("territorial_sea", "contiguous_zone", "eez") if k in layers]
    zone_keys = [k for k in (*KIND_LABELS, "disputed", "treaties") if k in layers]
    if zone_kinds or {"disputed", "treaties"} & layers:
        head(f"Maritime zones (view: {esc(perspective)})", zone_keys)
        for k in zone_kinds:
            st = ZONE_STYLE[k]
            dash = "dashed" if st["dashArray"] else "solid"
            sw(f"background: rgba(80,80,80,{st['fillOpacity'] + 0.05:.2f}); "
               f"border-style: {dash}", KIND_LABELS[k], keys=[k])
        if "disputed" in layers:
            rows.append('<div data-layers="disputed"><span class="lm-sw lm-hatch-sw"></span>'
                        'Disputed: claimed by more than one state</div>')
        if "treaties" in layers:
            sw(f"border-top: 3px solid {TREATY_COLOUR}", "Treaty boundary (agreed line)",
               cls="lm-line", keys=["treaties"])
        states = sorted(set(states))
        owner_keys = [k for k in KIND_LABELS if k in layers]
        if states and owner_keys:
            head("Zone owner", owner_keys)
            for s in states:
                sw(f"background: {state_colour(s)}", s, keys=owner_keys)
    actors = sorted(set(actors))
    actor_keys = [k for k in ("impacts", "sites", "tracks") if k in layers]
    if actors and actor_keys:
        head("Launches by actor", actor_keys)
        for a in actors:
            sw(f"background: {state_colour(a)}", a, cls="lm-dot", keys=actor_keys)
    if "sites" in layers:
        sw("background: #888; border: 2px solid #fff; outline: 1px solid #555",
           "Launch site", cls="lm-dot", keys=["sites"])
    if "impacts" in layers:
        sw("background: #888; border: 2px solid #202020", "Impact point (reported)",
           cls="lm-dot", keys=["impacts"])
        sw(f"background: transparent; border: {DERIVED_STYLE['weight']:g}px dashed #555",
           "Derived impact shape (no stated fall point: launch site + range + direction)",
           keys=["impacts"])
    if "uncertainty" in layers:
        sw("background: rgba(120,120,120,0.15); border: 1px dashed #555; border-radius: 50%",
           "Impact uncertainty (1 sigma)", keys=["uncertainty"])
    if "tracks" in layers:
        sw("border-top-color: #777", "Ground track (geodesic)", cls="lm-line", keys=["tracks"])
    if "rings" in layers:
        sw(f"border-top: 2px dashed {RING_STYLE['color']}", "Range ring", cls="lm-line",
           keys=["rings"])
    if "coverage" in layers:
        sw(f"background: {COVERAGE_COLOUR}33; border: 1px dashed {COVERAGE_COLOUR}",
           "Missile-defence coverage", keys=["coverage"])
    if "places" in layers:
        sw("background: #fff; border: 1px solid #303030; width: 6px; height: 6px",
           "Gazetteer place", cls="lm-dot", keys=["places"])
    if "disputed_land" in layers:
        rows.append('<div data-layers="disputed_land"><span class="lm-sw lm-hatch-sw"></span>'
                    'Disputed land: claimed by more than one state</div>')
    if "land" in layers:
        sw(f"background: {LAND_STYLE['fillColor']}; border-color: {LAND_STYLE['color']}",
           "Land (shipped coastline)", keys=["land"])
    return "".join(rows)


class Legend(MacroElement):
    """A collapsible Leaflet control (bottom right) showing :func:`legend_html`."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                // a <details>: keyboard-operable, collapsed on small windows (layers.page)
                var div = L.DomUtil.create("details", "lm-legend lm-panel leaflet-control");
                div.open = true;
                div.innerHTML = "<summary>Legend</summary>" + {{ this.html_json }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_json = js_json(html)


class Title(MacroElement):
    """A small title box (top left, below the zoom buttons); the text is escaped."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var box = L.control({position: "topleft"});
            box.onAdd = function () {
                var div = L.DomUtil.create("div", "lm-title leaflet-control");
                div.textContent = {{ this.text_json }};
                return div;
            };
            box.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Title"
        self.text_json = js_json(str(text))
