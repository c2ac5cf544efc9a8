"""Range rings: geodesic circles of a given ground distance around a launch site, from
:func:`geo.flight.rings.rings` (polygons in WGS84 lon/lat, cut at +/-180 degrees; the
display window of :mod:`layers.geojson` joins the pieces again)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc, text
from layers.geojson import GeoJsonLayer
from layers.style import RING_STYLE

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from layers.context import MapContext

#: Conventional missile range classes (km) used for the default rings: the upper bounds
#: of short-, medium- and intermediate-range missiles; beyond 5,500 km is ICBM range.
RANGE_CLASSES_KM = {1000.0: "SRBM / MRBM boundary", 3000.0: "MRBM / IRBM boundary",
                    5500.0: "IRBM / ICBM boundary"}


def default_rings(centre: object, kms: Iterable[float] = tuple(RANGE_CLASSES_KM)
                  ) -> gpd.GeoDataFrame:
    """Rings of the conventional range classes around ``centre`` (a place name, id or
    ``(lon, lat)``), via :func:`geo.flight.rings.rings`."""
    from geo.flight.rings import rings

    gdf = rings(centre, kms)
    gdf["note"] = [RANGE_CLASSES_KM.get(float(k), "") for k in gdf["range_km"]]
    return gdf


def most_used_site(events: pd.DataFrame) -> str | None:
    """The ``launch_site`` id most of ``events`` name (the default centre of the rings),
    ``None`` when none names one."""
    if "launch_site" not in events:
        return None
    sites = events["launch_site"].astype(str)
    sites = sites[sites.str.len() > 0]
    return None if sites.empty else str(sites.value_counts().index[0])


def rings_layer(rings: gpd.GeoDataFrame, *, centre_lon: float | None = None,
                show: bool | None = None) -> LayerGroup:
    """Ring outlines (columns ``label``, ``range_km``, optional ``note``, geometry)."""
    props = []
    for row in rings.to_dict("records"):
        note = text(row.get("note"))
        tip = esc(row.get("label")) + (f"<br>{esc(note)}" if note else "")
        props.append({"tip": tip})
    fg = feature_group("rings", show=show)
    GeoJsonLayer(np.asarray(rings.geometry.values, dtype=object), props, centre_lon=centre_lon,
                 base_style=RING_STYLE, pane="lm-lines", class_name="lm-ring",
                 name="RangeRings").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The rings the caller gave, else :func:`default_rings` around the launch site the
    events use most (nothing when no event names a site)."""
    rg = ctx.rings
    if rg is None:
        site = most_used_site(ctx.events)
        if site is None:
            return None
        rg = default_rings(site)
    return rings_layer(rg, centre_lon=ctx.centre_lon)
