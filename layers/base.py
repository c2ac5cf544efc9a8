"""Small helpers every layer builder shares: feature groups, panes, page CSS."""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from layers.escape import esc
from layers.style import HATCH_SVG, HIDDEN_AT_START, LAYER_TITLES, MAP_CSS, PANES


class LayerGroup(folium.FeatureGroup):
    """A ``folium.FeatureGroup`` for one launchmap layer (``launchmap_key`` names its
    kind). Added to any ``folium.Map`` with :meth:`add_to`, it also puts launchmap's page
    CSS and hatch pattern on that map, so a layer drawn on a map of one's own looks as it
    does on :func:`layers.build_map`'s."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.launchmap_key = key

    def add_to(self, parent: Element, *args: Any, **kwargs: Any) -> LayerGroup:
        """Add the group to ``parent`` (a map, or a group on one), as folium does."""
        super().add_to(parent, *args, **kwargs)
        m = map_of(self)
        if m is not None:
            add_page_style(m)
        return self


def feature_group(key: str, *, title: str | None = None, show: bool | None = None
                  ) -> LayerGroup:
    """A :class:`LayerGroup` named for the layer control (the name is HTML-escaped, since
    Leaflet's layer control inserts it as HTML)."""
    name = title if title is not None else LAYER_TITLES.get(key, key)
    visible = (key not in HIDDEN_AT_START) if show is None else bool(show)
    return LayerGroup(key, name=esc(name), show=visible, overlay=True, control=True)


def map_of(element: object) -> folium.Map | None:
    """The ``folium.Map`` an element has been added to (directly or through groups), or
    ``None`` while it is on no map."""
    node = getattr(element, "_parent", None)
    while node is not None and not isinstance(node, folium.Map):
        node = getattr(node, "_parent", None)
    return node


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

