"""Maritime zones by kind for one perspective, and the disputed waters with every claimant.

Input: a :class:`geo.zones.ZoneSet` (owners per perspective, claimants, views) and the
display copy of its polygons from :func:`layers.display.display_zones` (WGS84 lon/lat).
Each zone is filled with the colour of its owner under the chosen perspective; disputed
waters are drawn on top with a hatch pattern and a dashed outline, and name every
claimant and every recorded view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from layers.base import feature_group
from layers.escape import esc, linkify, text
from layers.geojson import GeoJsonLayer, feature_collection
from layers.style import (
    DISPUTED_STYLE,
    KIND_LABELS,
    LAYER_TITLES,
    ZONE_STYLE,
    state_colour,
)

if TYPE_CHECKING:  # pragma: no cover
    import folium
    import geopandas as gpd

    from geo.zones.zoneset import ZoneSet


def label_names(zs: ZoneSet, country_names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Display name of every zone label: the sovereignty table's ``name`` for disputed
    features, the country name (if given) for ISO3 labels, else the label itself."""
    names = {str(lab): str(lab) for lab in zs.zones["label"].astype(str)}
    if country_names:
        for lab in names:
            if lab in country_names and country_names[lab]:
                names[lab] = f"{country_names[lab]} ({lab})"
    sov = zs.sovereignty
    if "name" in sov.columns:
        for lab, name in sov[["label", "name"]].itertuples(index=False):
            if text(name) and str(lab) in names and not str(lab).isupper():
                names[str(lab)] = text(name)
    return names


def _views_html(zs: ZoneSet, label: str) -> str:
    from geo.zones.disputed import names_used

    views = zs.views(label)
    if not views:
        return ""
    items = "".join(f"<li>{esc(p)} view: {esc(o)}</li>" for p, o in views.items())
    out = f"<div><b>Views recorded:</b></div><ul>{items}</ul>"
    names = names_used(zs, label)
    if names:
        items = "".join(f"<li>{esc(s)}: {esc(n)}</li>" for s, n in names.items())
        out += f"<div><b>Names used:</b></div><ul>{items}</ul>"
    return out


def _sources_html(zs: ZoneSet, label: str) -> str:
    sov = zs.sovereignty
    if "source" not in sov.columns:
        return ""
    rows = sov[sov["label"].astype(str) == label]
    items = "".join(f"<li>{esc(p)}: {linkify(s)}</li>"
                    for p, s in rows[["perspective", "source"]].itertuples(index=False))
    return f'<div class="lm-small"><b>Sources:</b><ul>{items}</ul></div>' if items else ""


def zone_layer(display: gpd.GeoDataFrame, kind: str, *, zoneset: ZoneSet, perspective: str,
               centre_lon: float, names: Mapping[str, str] | None = None,
               show: bool | None = None) -> folium.FeatureGroup:
    """The zones of one ``kind`` (``territorial_sea``, ``contiguous_zone``, ``eez``)
    coloured by owner under ``perspective``."""
    zs = zoneset
    names = names or {}
    rows = display[display["kind"] == kind]
    owners = zs.owner_map(perspective)
    props = []
    for label in rows["label"].astype(str):
        owner = owners.get(label, label)
        colour = state_colour(owner)
        claim = zs.claimants(label)
        tip = (f"<b>{esc(names.get(label, label))}</b><br>{esc(KIND_LABELS[kind])}<br>"
               f"owner in the {esc(perspective)} view: {esc(owner)}")
        if len(claim) > 1:
            tip += f"<br>disputed: claimed by {esc(', '.join(claim))}"
        props.append({"s": {"color": colour, "fillColor": colour}, "tip": tip})
    title = f"{LAYER_TITLES[kind]} - view: {perspective}"
    fg = feature_group(kind, title=title, show=show)
    GeoJsonLayer(feature_collection(np.asarray(rows.geometry.values, dtype=object), props,
                                    centre_lon=centre_lon),
                 base_style=ZONE_STYLE[kind], pane="lm-zones", class_name=f"lm-zone lm-{kind}",
                 name=f"Zones_{kind}").add_to(fg)
    return fg


def disputed_layer(display: gpd.GeoDataFrame, *, zoneset: ZoneSet, centre_lon: float,
                   names: Mapping[str, str] | None = None,
                   show: bool | None = None) -> folium.FeatureGroup:
    """Every zone whose feature is claimed by more than one state, hatched, with a popup
    naming all claimants, each recorded view and its source."""
    zs = zoneset
    names = names or {}
    disputed = [zs.is_disputed(lab) for lab in display["label"].astype(str)]
    rows = display[np.asarray(disputed, dtype=bool)]
    props = []
    for label, kind in rows[["label", "kind"]].astype(str).itertuples(index=False):
        claim = ", ".join(zs.claimants(label))
        name = names.get(label, label)
        popup = (f'<div class="lm-popup"><h4>{esc(name)}</h4>'
                 f"<div>{esc(KIND_LABELS.get(kind, kind))}: <b>disputed</b></div>"
                 f"<div><b>Claimed by:</b> {esc(claim)}</div>"
                 f"{_views_html(zs, label)}{_sources_html(zs, label)}</div>")
        tip = f"<b>{esc(name)}</b><br>{esc(KIND_LABELS.get(kind, kind))}<br>claimed by {esc(claim)}"
        # the EEZ row carries the hatch; the inner zones only their dashed outline
        style = {} if kind == "eez" else {"fill": False, "weight": 1.2}
        props.append({"s": style, "tip": tip, "popup": popup})
    fg = feature_group("disputed", show=show)
    GeoJsonLayer(feature_collection(np.asarray(rows.geometry.values, dtype=object), props,
                                    centre_lon=centre_lon),
                 base_style=DISPUTED_STYLE, pane="lm-disputed", class_name="lm-disputed",
                 name="DisputedWaters").add_to(fg)
    return fg
