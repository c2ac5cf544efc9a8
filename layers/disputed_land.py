"""Disputed land: the land of every feature whose owner the perspectives of
``sovereignty.csv`` disagree on (Crimea, Northern Cyprus, the Falklands, the islets of
the NW Pacific, ...), hatched, with a popup naming every claimant, every recorded view
and its source.

Input: a :class:`geo.zones.ZoneSet` (its land labels and sovereignty table). Inside the
frames of the shipped GSHHG land the polygons are that land's rows of the feature's label
(display copy, :func:`layers.display.display_land`); outside them, the Natural Earth
polygons :func:`geo.land.world_land` labels with the feature (by ``land_unit`` or
``land_box`` in ``sovereignty.csv``). WGS84 lon/lat degrees throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc
from layers.geojson import GeoJsonLayer
from layers.style import DISPUTED_STYLE, HATCH_ID

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geo.zones import ZoneSet
    from layers.context import MapContext

Box = tuple[float, float, float, float]

#: Leaflet style of disputed land: the hatch pattern of the disputed waters (the SVG
#: pattern ``lm-hatch`` every map carries) as fill, with a dashed outline.
DISPUTED_LAND_STYLE = {**DISPUTED_STYLE, "weight": 1.5, "fillColor": f"url(#{HATCH_ID})",
                       "fillOpacity": 1.0}
#: Simplification (degrees) of the Natural Earth polygons of disputed land.
NE_TOLERANCE_DEG = 0.01


def _is_feature(label: str) -> bool:
    return not (len(label) == 3 and label.isupper())


def disputed_land(zs: ZoneSet, boxes: Sequence[Box] | None = None) -> gpd.GeoDataFrame:
    """``label``, ``name``, ``claimants`` (comma-separated ISO3), geometry (EPSG:4326):
    one row per disputed land feature of ``zs`` (a non-ISO3 label that
    :meth:`~geo.zones.ZoneSet.is_disputed`), clipped to ``boxes`` ([-180, 180]
    longitudes; ``None``: everywhere). See the module docstring for where the polygons
    come from."""
    import geopandas as gpd
    import shapely

    from layers.display import display_land
    from layers.land import frames_shape

    sov = zs.sovereignty
    names: dict[str, str] = {}
    if "name" in sov.columns:
        names = dict(zip(sov["label"].astype(str), sov["name"].astype(str), strict=True))
    labels = {str(x) for x in sov["label"]}
    parts: dict[str, list] = {}
    if zs.land is not None:
        land = display_land(zs.land)
        for lab, g in zip(land["label"].astype(str), land.geometry.values, strict=True):
            if lab in labels and _is_feature(lab) and zs.is_disputed(lab):
                parts.setdefault(lab, []).append(g)
    if {"land_unit", "land_box"} & set(sov.columns):
        from geo.land import world_land

        world = world_land()
        wl = world["label"].astype(str).to_numpy()
        outside = frames_shape(zs.cut_frames) if zs.cut_frames else None
        for lab in sorted(labels):
            if not (_is_feature(lab) and zs.is_disputed(lab)):
                continue
            sel = wl == lab
            if not sel.any():
                continue
            g = shapely.simplify(shapely.union_all(world.geometry.values[sel]),
                                 NE_TOLERANCE_DEG, preserve_topology=True)
            if outside is not None:
                g = shapely.difference(g, outside)
            if not g.is_empty:
                parts.setdefault(lab, []).append(g)
    area = (shapely.union_all([shapely.box(*b) for b in boxes]) if boxes is not None
            else None)
    rows = []
    for lab in sorted(parts):
        g = shapely.union_all(parts[lab])
        if area is not None:
            g = shapely.intersection(g, area)
        g = _polygons(g)
        if g is None:
            continue
        rows.append({"label": lab, "name": names.get(lab, lab),
                     "claimants": ", ".join(zs.claimants(lab)), "geometry": g})
    if not rows:
        return gpd.GeoDataFrame({"label": [], "name": [], "claimants": []}, geometry=[],
                                crs="EPSG:4326")
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _polygons(g):
    """The polygonal part of ``g`` (a cut may leave lines), ``None`` when empty."""
    import shapely

    if g is None or g.is_empty:
        return None
    polys = [q for p in shapely.get_parts(g) if shapely.get_type_id(p) in (3, 6)
             for q in shapely.get_parts(p)]
    return shapely.multipolygons(polys) if polys else None


def disputed_land_layer(frame: gpd.GeoDataFrame, *, zoneset: ZoneSet,
                        centre_lon: float | None = None, show: bool | None = None
                        ) -> LayerGroup:
    """The rows of :func:`disputed_land`, hatched, each with a tooltip and a popup naming
    every claimant, the recorded views and their sources (all text escaped)."""
    from layers.disputed import _sources_html, _views_html

    props = []
    for lab, name, claim in frame[["label", "name", "claimants"]].astype(str).itertuples(
            index=False):
        popup = (f'<div class="lm-popup"><h4>{esc(name)}</h4>'
                 "<div>Land: <b>disputed</b></div>"
                 f"<div><b>Claimed by:</b> {esc(claim)}</div>"
                 f"{_views_html(zoneset, lab)}{_sources_html(zoneset, lab)}</div>")
        tip = f"<b>{esc(name)}</b><br>disputed land<br>claimed by {esc(claim)}"
        props.append({"tip": tip, "popup": popup})
    fg = feature_group("disputed_land", show=show)
    GeoJsonLayer(np.asarray(frame.geometry.values, dtype=object), props,
                 centre_lon=centre_lon, base_style=DISPUTED_LAND_STYLE,
                 pane="lm-disputed-land", class_name="lm-disputed-land",
                 name="DisputedLand").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The disputed land of the map's zone set where the map shows something
    (:func:`layers.land.view_boxes`), every claimant named; ``None`` when none is in view."""
    from layers.land import view_boxes

    zs = ctx.zoneset
    if zs is None:
        return None
    frame = disputed_land(zs, view_boxes(ctx.events, zs.cut_frames))
    if not len(frame):
        ctx.say("no disputed land in view")
        return None
    return disputed_land_layer(frame, zoneset=zs, centre_lon=ctx.centre_lon)
