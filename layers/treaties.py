"""Treaty boundaries: the agreed lines of ``data/agreed_boundaries.csv``.

Each line is drawn as its WGS84 geodesics between the treaty's turning points (densified
by :func:`geo.zones.agreed.line_coords`), with a popup naming the treaty, the parties,
the turning points and the sources. Every text from the table is escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from layers.base import LayerGroup, feature_group
from layers.escape import esc
from layers.geojson import GeoJsonLayer
from layers.style import TREATY_STYLE

if TYPE_CHECKING:  # pragma: no cover
    from geo.zones.agreed import AgreedBoundary
    from layers.context import MapContext


def shipped_boundaries() -> list[AgreedBoundary]:
    """The agreed boundaries shipped in the data folder."""
    from geo._paths import data_path
    from geo.zones.agreed import read_agreed_boundaries
    from geo.zones.schema import AGREED_BOUNDARIES_FILE

    return read_agreed_boundaries(data_path(AGREED_BOUNDARIES_FILE))


def treaties_layer(boundaries: list[AgreedBoundary], *, centre_lon: float | None = None,
                   show: bool | None = None) -> LayerGroup:
    """One line per agreed boundary (lon/lat, WGS84 geodesics), with its treaty."""
    import shapely

    from geo.zones.agreed import line_coords

    geoms, props = [], []
    for b in boundaries:
        geoms.append(shapely.LineString(line_coords(b)))
        first, last = b.line[0], b.line[-1]
        popup = (f'<div class="lm-popup"><h4>{esc(b.treaty)}</h4>'
                 f"<div><b>Parties:</b> {esc(b.label_a)}, {esc(b.label_b)}</div>"
                 f"<div><b>Delimits:</b> {esc(', '.join(b.delimits))}"
                 "</div>"
                 f"<div>{len(b.line)} turning points joined by geodesics, from "
                 f"{first[1]:.4f}&deg;N {first[0]:.4f}&deg;E to {last[1]:.4f}&deg;N "
                 f"{last[0]:.4f}&deg;E; inside the treaty's area this line, not the median "
                 f"line, divides the parties' waters.</div>"
                 f'<div class="lm-small">Turning points and sources: '
                 f"data/agreed_boundaries.csv ({esc(b.boundary_id)})</div></div>")
        tip = f"<b>Agreed boundary</b> {esc(b.label_a)} | {esc(b.label_b)}<br>{esc(b.boundary_id)}"
        props.append({"tip": tip, "popup": popup})
    fg = feature_group("treaties", show=show)
    GeoJsonLayer(np.asarray(geoms, dtype=object), props, centre_lon=centre_lon,
                 base_style=TREATY_STYLE, pane="lm-lines", class_name="lm-treaty",
                 name="TreatyBoundaries").add_to(fg)
    return fg


def build(ctx: MapContext) -> LayerGroup | None:
    """The shipped agreed boundaries (nothing when the table holds none)."""
    boundaries = shipped_boundaries()
    return treaties_layer(boundaries, centre_lon=ctx.centre_lon) if boundaries else None
