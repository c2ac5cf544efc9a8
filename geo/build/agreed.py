"""Apply agreed (treaty) boundaries to the median-line regions of the zone build.

For each boundary of :mod:`geo.zones.agreed` the area polygon is split by the treaty line
(turning points joined by WGS84 geodesics, densified every
:data:`geo.zones.agreed.STEP_M`, both ends
extended by :data:`EXTEND_M` so that the line crosses the area's ring); the piece on each
party's side goes to that party. Inside the area the union of the two parties' median
regions is redistributed by side; every other label's region is untouched:

    region'(A) = (region(A) - area) ∪ ((region(A) ∪ region(B)) ∩ side_A)

Geometries are WGS84 lon/lat in the build's continuous longitude frame.
"""

from __future__ import annotations

import numpy as np

from geo.zones.agreed import AgreedBoundary, line_coords, side_of_line

#: Each end of the line is continued along its geodesic by this much (metres), so that an
#: end point lying on the area's ring (or a few metres short of it) still cuts it.
EXTEND_M = 5000.0


def split_area(b: AgreedBoundary) -> tuple[object, object]:
    """``(side_a, side_b)``: the boundary's area cut by its line, one piece per party.

    Raises ``ValueError`` if the line does not cut the area in two (it must cross the
    ring at both ends) or if the boundary's side is not decided yet.
    """
    import shapely
    from shapely.ops import split

    if b.left is None:
        raise ValueError(f"agreed boundary {b.boundary_id!r}: side of {b.label_a} unknown")
    area = b.area_polygon()
    cut = shapely.LineString(line_coords(b, extend_m=EXTEND_M))
    pieces = [p for p in shapely.get_parts(split(area, cut))
              if isinstance(p, shapely.Polygon) and p.area > 0]
    if len(pieces) < 2:
        raise ValueError(f"agreed boundary {b.boundary_id!r}: the treaty line does not cut "
                         "its area in two (does it reach the area's ring at both ends?)")
    reps = shapely.get_coordinates(shapely.point_on_surface(np.asarray(pieces, dtype=object)))
    left = side_of_line(b.line, reps[:, 0], reps[:, 1]) > 0
    mine = left == b.left
    side_a = shapely.union_all([p for p, m in zip(pieces, mine, strict=True) if m])
    side_b = shapely.union_all([p for p, m in zip(pieces, mine, strict=True) if not m])
    if side_a.is_empty or side_b.is_empty:
        raise ValueError(f"agreed boundary {b.boundary_id!r}: every piece of the area lies "
                         "on one side of the line")
    return side_a, side_b


def apply_agreed(regions: dict[str, object], boundaries: list[AgreedBoundary]
                 ) -> dict[str, object]:
    """Median-line regions with every agreed boundary applied (see the module docstring).

    Raises ``KeyError`` naming a boundary whose party has no region (not in the build).
    """
    import shapely

    out = dict(regions)
    for b in boundaries:
        missing = [lab for lab in b.labels if lab not in out]
        if missing:
            raise KeyError(f"agreed boundary {b.boundary_id!r}: no coast of {missing} in the "
                           "build")
        area = b.area_polygon()
        side_a, side_b = split_area(b)
        both = shapely.intersection(shapely.union(out[b.label_a], out[b.label_b]), area)
        for lab, side in ((b.label_a, side_a), (b.label_b, side_b)):
            out[lab] = shapely.union(shapely.difference(out[lab], area),
                                     shapely.intersection(both, side))
    return out


def agreed_areas(boundaries: list[AgreedBoundary]) -> dict[str, list[tuple[str, object]]]:
    """label -> [(other party, area polygon)] for every boundary the label is party to."""
    out: dict[str, list[tuple[str, object]]] = {}
    for b in boundaries:
        out.setdefault(b.label_a, []).append((b.label_b, b.area_polygon()))
        out.setdefault(b.label_b, []).append((b.label_a, b.area_polygon()))
    return out
