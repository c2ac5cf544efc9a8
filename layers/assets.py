"""Offline maps: inline the vendored Leaflet JavaScript and CSS instead of CDN links.

folium writes ``<script src="https://cdn...">`` tags for Leaflet, jQuery, Bootstrap,
Font Awesome and each plugin. :class:`OfflineMap` is a ``folium.Map`` that, when it is
rendered, replaces those links with the files vendored in ``layers/assets`` (made by
``python -m layers.build_assets`` from the npm registry; see ``assets/assets.json``), so
the saved HTML needs no network at all. Libraries the launchmap map never uses (jQuery,
Bootstrap, Font Awesome, Leaflet.awesome-markers) are left out.

An element whose assets are not vendored (a plugin added by a user later, for example)
keeps its CDN link and a warning says so; :func:`external_urls` lists any left.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import folium
from branca.element import Element

from geo.errors import AssetError

ASSET_DIR = Path(__file__).resolve().parent / "assets"

#: folium asset name -> vendored file (in ASSET_DIR).
VENDORED = {
    "leaflet": "leaflet.js",
    "leaflet_css": "leaflet.css",
    "leaflet_measure_js": "leaflet-measure.js",
    "leaflet_measure_css": "leaflet-measure.css",
    "Control.Fullscreen.js": "fullscreen.js",
    "Control.FullScreen.css": "fullscreen.css",
    "markerclusterjs": "markercluster.js",
    "markerclustercss": "markercluster.css",
    "markerclusterdefaultcss": "markercluster-default.css",
}
#: folium asset names the launchmap map does not need (no awesome-markers icons, no
#: Bootstrap components, no jQuery: popups are bound by launchmap's own script).
UNUSED = frozenset({
    "jquery", "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers",
    "awesome_markers_css", "awesome_rotate_css", "awesome_markers_font_css",
})

_EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(https?:)?//[^\"'\s>]+",
                       re.IGNORECASE)


@cache
def read_asset(file_name: str) -> str:
    """The text of one vendored asset file."""
    path = ASSET_DIR / file_name
    if not path.exists():
        raise AssetError(f"{path} is missing: run `python -m layers.build_assets` to vendor "
                         "the map's JavaScript and CSS")
    return path.read_text(encoding="utf-8")


def _inline_element(name: str, is_js: bool) -> Element:
    body = read_asset(VENDORED[name])
    if is_js:
        # the vendored JS is trusted library code; guard against a literal "</script"
        body = body.replace("</script", "<\\/script")
        return Element(f"<script>/* {VENDORED[name]} (vendored) */\n{body}</script>")
    return Element(f"<style>/* {VENDORED[name]} (vendored) */\n{body}</style>")


def inline_assets(root: folium.Map) -> None:
    """Swap the CDN links of ``root`` and every element below it for inline copies of the
    vendored files (in folium's order), dropping libraries the map does not use."""
    figure = root.get_root()
    elements = [root]
    stack = list(root._children.values())
    while stack:
        el = stack.pop(0)
        elements.append(el)
        stack.extend(el._children.values())
    css_first: list[tuple[str, bool]] = []
    js_next: list[tuple[str, bool]] = []
    missing: list[str] = []
    for el in elements:
        for attr, is_js, bucket in (("default_css", False, css_first),
                                    ("default_js", True, js_next)):
            items = getattr(el, attr, None)
            if not items:
                continue
            keep = []
            for name, url in items:
                if name in VENDORED:
                    if (name, is_js) not in bucket:
                        bucket.append((name, is_js))
                elif name in UNUSED:
                    continue
                else:
                    keep.append((name, url))
                    missing.append(f"{name} ({url})")
            setattr(el, attr, keep)  # instance attribute: the class default stays intact
    for name, is_js in css_first + js_next:
        figure.header.add_child(_inline_element(name, is_js), name=f"lm_{name}")
    if missing:
        warnings.warn("these map assets are not vendored and still load from the network: "
                      + ", ".join(missing), stacklevel=3)


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose HTML inlines the vendored Leaflet assets (see module doc)."""

    def render(self, **kwargs) -> None:  # noqa: D401 - folium's signature
        inline_assets(self)
        super().render(**kwargs)


def external_urls(html_text: str) -> list[str]:
    """Every ``<script src>``/``<link href>`` of a page that points to the network."""
    return [m.group(0) for m in _EXTERNAL.finditer(html_text)]
