"""Missile-defence coverage areas (for example THAAD at Seongju) as filled outlines.

Input: a GeoDataFrame of coverage polygons in WGS84 lon/lat from :mod:`geo.flight`
(columns used when present: ``label`` or ``name``, ``system``, ``site``, ``range_km``,
``source``; geometry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, linkify, text
from layers.geojson import GeoJsonLayer
from layers.popups import fmt_km
from layers.style import COVERAGE_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from layers.context import MapContext


def coverage_layer(coverage: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                   show: bool | None = None) -> LayerGroup:
    """One filled outline per coverage row, with its system, site, radius and source."""
    props = []
    for row in coverage.to_dict("records"):
        title = text(row.get("label")) or text(row.get("name")) or text(row.get("system"))
        lines = [f"<h4>{esc(title)}</h4>"]
        for key, name in (("system", "System"), ("site", "Site")):
            if text(row.get(key)):
                lines.append(f"<div><b>{name}:</b> {esc(row.get(key))}</div>")
        if text(row.get("range_km")):
            lines.append(f"<div><b>Radius:</b> {esc(fmt_km(row.get('range_km')))}</div>")
        if text(row.get("note")):
            lines.append(f"<div>{esc(row.get('note'))}</div>")
        if text(row.get("source")):
            lines.append(f'<div class="lm-small"><b>Source:</b> {linkify(row.get("source"))}</div>')
        props.append({"tip": esc(title), "popup": '<div class="lm-popup">' + "".join(lines)
                      + "</div>"})
    fg = feature_group("coverage", show=show)
    GeoJsonLayer(np.asarray(coverage.geometry.values, dtype=object), props,
                 centre_lon=centre_lon, base_style=COVERAGE_STYLE, pane="lm-areas",
                 class_name="lm-coverage", name="Coverage").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The coverage the caller gave, else :func:`geo.flight.coverage.default_coverage`
    (THAAD at Seongju)."""
    from geo.flight.coverage import default_coverage

    cov = ctx.coverage if ctx.coverage is not None else default_coverage()
    if cov is None or not len(cov):
        return None
    return coverage_layer(cov, centre_lon=ctx.centre_lon)
