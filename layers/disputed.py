"""Disputed waters: every zone whose feature more than one state claims, with every claimant.

Input: a :class:`geo.zones.ZoneSet` (claimants, recorded views, sources) and the display
copy of its polygons from :func:`layers.display.display_zones` (WGS84 lon/lat). The
waters are drawn above the zones with a hatch pattern and a dashed outline; each popup
names every claimant, every recorded view and its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, linkify
from layers.geojson import GeoJsonLayer
from layers.style import DISPUTED_STYLE, KIND_LABELS

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet
    from layers.context import MapContext


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


def disputed_layer(display: gpd.GeoDataFrame, *, zoneset: ZoneSet,
                   centre_lon: float | None = None, names: Mapping[str, str] | None = None,
                   show: bool | None = None) -> LayerGroup:
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
    GeoJsonLayer(np.asarray(rows.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=DISPUTED_STYLE, pane="lm-disputed", class_name="lm-disputed",
                 name="DisputedWaters").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup:
    """The disputed waters of the map's zone set, every claimant named."""
    from layers.zones import shared_zones

    disp, names = shared_zones(ctx)
    return disputed_layer(disp, zoneset=ctx.zoneset, centre_lon=ctx.centre_lon, names=names)
