"""Small helpers every layer builder shares: feature groups, panes, page CSS, centring."""

from __future__ import annotations

import math
from collections.abc import Iterable

import folium
import numpy as np
from branca.element import Element, MacroElement
from folium.template import Template

from layers.escape import esc
from layers.style import HATCH_SVG, HIDDEN_AT_START, LAYER_TITLES, MAP_CSS, PANES

#: Centre longitude of the display window when there is nothing to centre on (degrees).
DEFAULT_CENTRE_LON = 135.0


def feature_group(key: str, *, title: str | None = None, show: bool | None = None
                  ) -> folium.FeatureGroup:
    """A FeatureGroup named for the layer control (the name is HTML-escaped, since
    Leaflet's layer control inserts it as HTML)."""
    name = title if title is not None else LAYER_TITLES.get(key, key)
    visible = (key not in HIDDEN_AT_START) if show is None else bool(show)
    fg = folium.FeatureGroup(name=esc(name), show=visible, overlay=True, control=True)
    fg.launchmap_key = key
    return fg


class Panes(MacroElement):
    """Create launchmap's map panes (see :data:`layers.style.PANES`) on the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {% for name, z in this.panes %}
        {{ this._parent.get_name() }}.createPane({{ name|tojson }});
        {{ this._parent.get_name() }}.getPane({{ name|tojson }}).style.zIndex = {{ z }};
        {% endfor %}
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Panes"
        self.panes = sorted(PANES.items(), key=lambda kv: kv[1])


def add_page_style(m: folium.Map) -> None:
    """Add the map CSS and the hatch pattern SVG to the page."""
    root = m.get_root()
    root.header.add_child(Element('<link rel="icon" href="data:,">'), name="launchmap_icon")
    root.header.add_child(Element(f"<style>{MAP_CSS}</style>"), name="launchmap_css")
    root.html.add_child(Element(HATCH_SVG), name="launchmap_hatch")


def centre_longitude(lons: Iterable[float]) -> float:
    """Circular mean of longitudes (degrees) in [-180, 180); the default centre when none
    are finite. Used to choose the display window of :mod:`layers.geojson`."""
    arr = np.asarray([x for x in lons if x is not None], dtype=float)
    arr = arr[np.isfinite(arr)]
    if not len(arr):
        return DEFAULT_CENTRE_LON
    rad = np.radians(arr)
    c = math.degrees(math.atan2(float(np.sin(rad).mean()), float(np.cos(rad).mean())))
    return (c + 180.0) % 360.0 - 180.0


def display_lon(lon: float, centre_lon: float) -> float:
    """A longitude moved by whole turns into ``[centre - 180, centre + 180)``."""
    return (float(lon) - (centre_lon - 180.0)) % 360.0 + (centre_lon - 180.0)
