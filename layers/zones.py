"""Maritime zones by kind (territorial sea, contiguous zone, EEZ) for one perspective.

Input: a :class:`geo.zones.ZoneSet` (owners per perspective, claimants) and the display
copy of its polygons from :func:`layers.display.display_zones` (WGS84 lon/lat). Each zone
is filled with the colour of its owner under the chosen perspective. The disputed waters
are drawn on top by :mod:`layers.disputed`, from the same display copy and names
(:func:`shared_zones`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, text
from layers.geojson import GeoJsonLayer
from layers.style import KIND_LABELS, LAYER_TITLES, ZONE_STYLE, state_colour

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet
    from layers.context import MapContext


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


def country_names() -> dict[str, str]:
    """``{ISO3: country name}`` of the shipped countries (:func:`geo.land.countries`)."""
    from geo.land import countries

    df = countries()
    return dict(zip(df["iso3"].astype(str), df["name"].astype(str), strict=True))


def shared_zones(ctx: MapContext) -> tuple[gpd.GeoDataFrame, dict[str, str]]:
    """The display copy of the map's zones and the display name of every label, made
    once per map for the zone layers and the disputed waters."""
    from layers.display import ZONE_TOLERANCE_DEG, display_zones

    zs = ctx.zoneset.for_perspective(ctx.perspective)
    tol = ctx.zone_tolerance_deg or ZONE_TOLERANCE_DEG
    return ctx.shared("zones", lambda: (display_zones(zs, tol),
                                        label_names(zs, country_names())))


def zone_layer(display: gpd.GeoDataFrame, kind: str, *, zoneset: ZoneSet, perspective: str,
               centre_lon: float | None = None, names: Mapping[str, str] | None = None,
               show: bool | None = None) -> LayerGroup:
    """The zones of one ``kind`` (``territorial_sea``, ``contiguous_zone``, ``eez``)
    coloured by owner under ``perspective``. The group's ``launchmap_states`` holds the
    owners drawn (for the legend)."""
    zs = zoneset
    names = names or {}
    rows = display[display["kind"] == kind]
    owners = zs.owner_map(perspective)
    props = []
    states = set()
    basis = rows["name"] if "name" in rows.columns else [None] * len(rows)
    denied = rows["disputed_by"] if "disputed_by" in rows.columns else [None] * len(rows)
    for label, legal, deny in zip(rows["label"].astype(str), basis, denied, strict=True):
        owner = owners.get(label, label)
        states.add(owner)
        colour = state_colour(owner)
        claim = zs.claimants(label)
        tip = (f"<b>{esc(names.get(label, label))}</b><br>{esc(KIND_LABELS[kind])}<br>"
               f"owner in the {esc(perspective)} view: {esc(owner)}")
        if len(claim) > 1:
            tip += f"<br>disputed: claimed by {esc(', '.join(claim))}"
        if text(deny):
            tip += f"<br>disputed: not recognised in the view of {esc(text(deny).replace('|', ', '))}"
        if text(legal):
            tip += f"<br>legal basis: {esc(text(legal))}"
        props.append({"s": {"color": colour, "fillColor": colour}, "tip": tip})
    title = f"{LAYER_TITLES[kind]} - view: {perspective}"
    fg = feature_group(kind, title=title, show=show)
    fg.launchmap_states = states
    GeoJsonLayer(np.asarray(rows.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=ZONE_STYLE[kind], pane="lm-zones", class_name=f"lm-zone lm-{kind}",
                 name=f"Zones_{kind}").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The zones of kind ``ctx.key`` coloured by owner under the map's perspective
    (``None`` when the view has no zone of that kind, e.g. no archipelagic waters)."""
    disp, names = shared_zones(ctx)
    if not (disp["kind"] == ctx.key).any():
        return None
    return zone_layer(disp, ctx.key, zoneset=ctx.zoneset, perspective=ctx.perspective,
                      centre_lon=ctx.centre_lon, names=names)
