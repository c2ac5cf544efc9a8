"""Agreed (treaty) maritime boundaries: ``data/agreed_boundaries.csv``.

Where two states fixed their boundary by treaty, that line, not the median line, divides
their waters. The table holds, per boundary, what the treaty line delimits (column
``delimits``) and two ordered vertex lists (column ``role``; longitudes in [-180, 180],
moved into the build's continuous frame by :meth:`AgreedBoundary.in_frame`):

``turning_point``
    The treaty's turning points in order (``seq`` 1, 2, ...), joined by geodesics on
    WGS84. Each row cites the article that gives the point.
``area``
    A closed ring (first vertex not repeated) around the waters the treaty delimits.
    Inside it the line decides between ``label_a`` and ``label_b``; outside it the median
    line still applies (treaties often stop short of a tripoint or the high seas). Edges
    of the ring that cross water come from the treaty (e.g. a gulf's closing line) or,
    where the line ends in open sea, run from its end point to a party's coast (their
    ``source`` says so; beyond them the median line applies); the other vertices are
    construction points on land, marked as such in ``source``.

``delimits`` lists, ``|``-separated, the zones the line divides (:data:`DELIMITS`):
``territorial sea``, ``EEZ``, ``continental shelf`` and ``fisheries`` (the parties use
the line as the limit of their fisheries jurisdiction in the water column, e.g. by a
later fisheries agreement, without an EEZ treaty). Only a line that divides the water
column (:data:`WATER_COLUMN`: any but ``continental shelf`` alone) replaces the median
line; :func:`read_agreed_boundaries` returns the others (sea-bed lines) only when asked,
for display.

The rule, used alike by the zone build (:mod:`geo.build.agreed`) and by the pointwise
oracle (:mod:`geo.zones.oracle`): a point inside the area whose nearest coast belongs to
``label_a`` or ``label_b`` goes to the party on whose side of the line it lies; every
other point keeps its median-line owner. The oracle decides the side pointwise on the
sphere (:func:`side_of_line`), the build by splitting the area polygon with the line, so
the two are independent computations of the same rule.

Coordinates are WGS84 lon/lat degrees (longitudes may run past 180 in the build's
continuous frame); sides are decided on geocentric unit vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from geo.errors import DataValidationError, RowError

#: Columns of ``agreed_boundaries.csv``, in order.
AGREED_COLUMNS = ("boundary_id", "label_a", "label_b", "delimits", "role", "seq", "lon",
                  "lat", "treaty", "source")
#: Values of the ``role`` column.
ROLES = ("turning_point", "area")
#: Values of the ``delimits`` column (``|``-separated, at least one).
DELIMITS = ("territorial sea", "EEZ", "continental shelf", "fisheries")
#: A boundary whose ``delimits`` names one of these divides the water column: it replaces
#: the median line in the build and the oracle. A ``continental shelf`` line alone does not.
WATER_COLUMN = ("territorial sea", "EEZ", "fisheries")


@dataclass(frozen=True, eq=False)
class AgreedBoundary:
    """One treaty boundary: its line, the area where it applies, parties and citation.

    ``line`` is an (n, 2) lon/lat array of turning points in order, ``area`` an (m, 2)
    ring (not closed). By convention the build decides which side of the line belongs to
    ``label_a`` from the parties' coasts; :attr:`left` records it once decided (``True``
    when ``label_a`` lies to the left walking from the first to the last turning point).
    ``delimits`` names the zones the line divides (:data:`DELIMITS`; by default a full
    maritime boundary).
    """

    boundary_id: str
    label_a: str
    label_b: str
    line: np.ndarray
    area: np.ndarray
    treaty: str
    left: bool | None = None
    delimits: tuple[str, ...] = ("territorial sea", "EEZ", "continental shelf")

    @property
    def labels(self) -> tuple[str, str]:
        return (self.label_a, self.label_b)

    @property
    def water_column(self) -> bool:
        """True if the line divides the water column (:data:`WATER_COLUMN`), so that it
        replaces the median line; False for a sea-bed (continental shelf) line only."""
        return any(d in WATER_COLUMN for d in self.delimits)

    def area_polygon(self):
        """The area as a shapely Polygon (lon/lat degrees)."""
        import shapely

        return shapely.Polygon(self.area)

    def in_frame(self, west: float) -> AgreedBoundary:
        """A copy with longitudes below ``west`` moved by +360 (the build's continuous
        longitude frame, e.g. 100 to 200 for the theatre)."""
        def shift(xy: np.ndarray) -> np.ndarray:
            out = xy.copy()
            out[:, 0] = np.where(out[:, 0] < west, out[:, 0] + 360.0, out[:, 0])
            return out

        return replace(self, line=shift(self.line), area=shift(self.area))

    def with_side(self, left: bool) -> AgreedBoundary:
        """A copy that knows on which side ``label_a`` lies."""
        return replace(self, left=left)

    def record(self) -> dict:
        """JSON-ready summary for the build record."""
        return {"boundary_id": self.boundary_id, "labels": list(self.labels),
                "treaty": self.treaty, "delimits": list(self.delimits),
                "turning_points": len(self.line),
                "area_vertices": len(self.area), "label_a_on_left": self.left}


def read_agreed_boundaries(path: Path, *, shelf_only: bool = False) -> list[AgreedBoundary]:
    """Read and check ``agreed_boundaries.csv``; return one :class:`AgreedBoundary` each.

    By default only the boundaries that divide the water column
    (:attr:`AgreedBoundary.water_column`), the ones the build and the oracle apply;
    ``shelf_only=True`` adds the continental-shelf-only lines (for display: they do not
    replace the median line). The whole table is checked either way.

    Raises :class:`DataValidationError` listing every bad row: wrong header, empty field,
    unknown role or ``delimits`` value, coordinate outside WGS84 ranges or not a number,
    ``seq`` not a positive integer or repeated, a boundary with fewer than 2 turning
    points or 3 area vertices, parties or ``delimits`` that differ between its rows or
    parties that are equal, or a self-intersecting area ring.
    """
    import shapely

    from geo._tables import Column, choice, integer, listed, number, read_table

    def in_range(row: dict) -> list[tuple[str, str]]:
        if -180 <= row["lon"] <= 180 and -90 <= row["lat"] <= 90:
            return []
        return [("lon/lat", "outside WGS84 range")]

    def delimits(value: str) -> tuple[str, ...]:
        items = listed(choice(DELIMITS))(value)
        if not items:
            raise ValueError("names no zone")
        if len(set(items)) != len(items):
            raise ValueError(f"{value!r} repeats a zone")
        return tuple(items)

    parse = {"role": choice(ROLES), "seq": integer(lo=1), "lon": number(), "lat": number(),
             "delimits": delimits}
    columns = tuple(Column(c, parse[c]) if c in parse else Column(c) for c in AGREED_COLUMNS)
    rows, errors = read_table(path, columns, [in_range], what="agreed boundaries",
                              extra_columns=False, allow_empty=True)
    file = str(path)
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["boundary_id"], []).append(row)
    out = []
    for bid, members in groups.items():
        first = members[0].n
        parties = {(r["label_a"], r["label_b"]) for r in members}
        if len(parties) > 1:
            errors.append(RowError(file, first, "label_a/label_b",
                                   f"boundary {bid!r} names different parties: {sorted(parties)}"))
            continue
        label_a, label_b = parties.pop()
        zones = {r["delimits"] for r in members}
        if len(zones) > 1:
            errors.append(RowError(file, first, "delimits", f"boundary {bid!r} names "
                                   f"different zones: {sorted('|'.join(z) for z in zones)}"))
            continue
        if label_a == label_b:
            errors.append(RowError(file, first, "label_b", f"boundary {bid!r}: "
                                                                 "both parties are the same"))
            continue
        parts: dict[str, np.ndarray] = {}
        for role, need in (("turning_point", 2), ("area", 3)):
            sel = sorted((r["seq"], r.n, r["lon"], r["lat"])
                         for r in members if r["role"] == role)
            seqs = [s for s, *_ in sel]
            if len(set(seqs)) != len(seqs):
                dup = next(n for (s, n, *_), (s2, *_) in zip(sel[1:], sel, strict=False) if s == s2)
                errors.append(RowError(file, dup, "seq",
                                       f"boundary {bid!r}: {role} seq repeated"))
            if len(sel) < need:
                errors.append(RowError(file, first, "role", f"boundary {bid!r}: needs at "
                                                                 f"least {need} {role} rows"))
            parts[role] = np.array([[x, y] for *_, x, y in sel], float).reshape(-1, 2)
        if len(parts["area"]) >= 3 and not shapely.Polygon(parts["area"]).is_valid:
            errors.append(RowError(file, first, "area",
                                   f"boundary {bid!r}: the area ring crosses itself"))
        out.append(AgreedBoundary(bid, label_a, label_b, parts["turning_point"], parts["area"],
                                  members[0]["treaty"], delimits=zones.pop()))
    if errors:
        raise DataValidationError(errors)
    return sorted((b for b in out if shelf_only or b.water_column),
                  key=lambda b: b.boundary_id)


#: Longest step (metres) between vertices of a densified treaty line.
STEP_M = 1000.0


def line_coords(b: AgreedBoundary, step_m: float = STEP_M, extend_m: float = 0.0
                ) -> np.ndarray:
    """The treaty line as lon/lat vertices: geodesics (WGS84) with a vertex at least every
    ``step_m`` metres, each end continued along its geodesic by ``extend_m`` metres."""
    from geo.geodesy import GEOD

    pts = b.line
    out = []
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
        dist = GEOD.inv(x0, y0, x1, y1)[2]
        n = max(0, int(np.ceil(dist / step_m)) - 1)
        mid = GEOD.npts(x0, y0, x1, y1, n) if n else []
        out.append([[x0, y0], *mid])
    out.append([pts[-1].tolist()])
    xy = np.array([p for seg in out for p in seg], float)
    if extend_m <= 0:
        return xy
    # continue the end segments beyond the end points
    az0 = GEOD.inv(xy[1, 0], xy[1, 1], xy[0, 0], xy[0, 1])[0]
    az1 = GEOD.inv(xy[-2, 0], xy[-2, 1], xy[-1, 0], xy[-1, 1])[0]
    x0, y0, _ = GEOD.fwd(xy[0, 0], xy[0, 1], az0, extend_m)
    x1, y1, _ = GEOD.fwd(xy[-1, 0], xy[-1, 1], az1, extend_m)
    # keep the continuous longitude frame of the input (GEOD.fwd answers in [-180, 180])
    x0 += 360.0 * np.round((xy[0, 0] - x0) / 360.0)
    x1 += 360.0 * np.round((xy[-1, 0] - x1) / 360.0)
    return np.vstack([[x0, y0], xy, [x1, y1]])


#: Points per block in :func:`side_of_line`.
SIDE_BLOCK = 50_000


def side_of_line(line: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """+1 where a point lies left of the geodesic polyline ``line``, -1 right (0 on it).

    Sides are decided on the sphere of geocentric directions: for each point the nearest
    segment (great-circle arc) is found; if the nearest spot is inside that arc the sign
    of the triple product with the arc's normal decides; if it is a shared vertex, the
    turn of the line there decides (a point is left of a left turn only if it is left of
    both segments, left of a right turn if it is left of either). Points beyond the ends
    take the side of the end segment's great circle. Vectorised over points (in blocks of
    :data:`SIDE_BLOCK`, so memory stays bounded for millions of points).
    """
    lon = np.atleast_1d(np.asarray(lon, float))
    lat = np.atleast_1d(np.asarray(lat, float))
    if len(lon) > SIDE_BLOCK:
        return np.concatenate([side_of_line(line, lon[i:i + SIDE_BLOCK], lat[i:i + SIDE_BLOCK])
                               for i in range(0, len(lon), SIDE_BLOCK)])
    from geo.geodesy import ecef_unit

    v = ecef_unit(line[:, 0], line[:, 1])
    p = ecef_unit(lon, lat)
    a, b = v[:-1], v[1:]
    nrm = np.cross(a, b)
    nrm /= np.linalg.norm(nrm, axis=1)[:, None]
    s = p @ nrm.T                                   # (points, segments): sin of offset
    # is the foot of the perpendicular inside the arc?  (p - s n) between a and b
    foot = p[:, None, :] - s[:, :, None] * nrm[None, :, :]
    inside = (np.einsum("psk,sk->ps", np.cross(a[None], foot), nrm) >= 0) & (
        np.einsum("psk,sk->ps", np.cross(foot, b[None]), nrm) >= 0)
    # angular distance to each arc (where the foot is inside it) and to each vertex
    ang_arc = np.where(inside, np.arcsin(np.clip(np.abs(s), 0, 1)), np.inf)
    ang_vert = np.arccos(np.clip(p @ v.T, -1, 1))
    seg = np.argmin(ang_arc, axis=1)
    vert = np.argmin(ang_vert, axis=1)
    rows = np.arange(len(p))
    use_arc = ang_arc[rows, seg] <= ang_vert[rows, vert]
    side = np.sign(s[rows, seg])
    k = vert
    interior = (~use_arc) & (k > 0) & (k < len(v) - 1)
    if interior.any():
        i = np.nonzero(interior)[0]
        s1 = s[i, k[i] - 1]
        s2 = s[i, k[i]]
        turn_left = np.einsum("ij,ij->i", np.cross(nrm[k[i] - 1], nrm[k[i]]), v[k[i]]) > 0
        left = np.where(turn_left, (s1 > 0) & (s2 > 0), (s1 > 0) | (s2 > 0))
        side[i] = np.where(left, 1.0, -1.0)
    ends = (~use_arc) & ~interior
    if ends.any():
        i = np.nonzero(ends)[0]
        side[i] = np.sign(s[i, np.where(k[i] == 0, 0, len(v) - 2)])
    return side.astype(int)


#: At least this share of each party's coast vertices inside the area must lie on its
#: side of the line; otherwise the table's parties or line are wrong and the build stops.
MIN_SIDE_SHARE = 0.9


def decide_sides(boundaries: list[AgreedBoundary], coast_xy: np.ndarray,
                 coast_lab: np.ndarray) -> list[AgreedBoundary]:
    """Each boundary with :attr:`~AgreedBoundary.left` decided from the parties' coasts.

    ``label_a`` is on the side of the line where most of its coast vertices inside the
    area lie. Raises ``ValueError`` if either party has no coast in the area or less than
    :data:`MIN_SIDE_SHARE` of it on one side, or both parties fall on the same side.
    """
    import shapely

    out = []
    for b in boundaries:
        area = b.area_polygon()
        share = {}
        for lab in b.labels:
            xy = coast_xy[np.asarray(coast_lab) == lab]
            xy = xy[shapely.contains_xy(area, xy[:, 0], xy[:, 1])]
            if len(xy) == 0:
                raise ValueError(f"agreed boundary {b.boundary_id!r}: {lab} has no coast "
                                 "inside the area")
            share[lab] = float((side_of_line(b.line, xy[:, 0], xy[:, 1]) > 0).mean())
        left_a = share[b.label_a] >= 0.5
        ok_a = max(share[b.label_a], 1 - share[b.label_a]) >= MIN_SIDE_SHARE
        ok_b = max(share[b.label_b], 1 - share[b.label_b]) >= MIN_SIDE_SHARE
        if not (ok_a and ok_b) or left_a == (share[b.label_b] >= 0.5):
            raise ValueError(f"agreed boundary {b.boundary_id!r}: the line does not separate "
                             f"the parties' coasts (share left of the line: {share})")
        out.append(b.with_side(left_a))
    return out


def owner_by_agreement(boundaries: list[AgreedBoundary], lon: np.ndarray, lat: np.ndarray,
                       nearest: np.ndarray) -> np.ndarray:
    """Owners after the agreed lines: ``nearest`` (median-line owner labels) with every
    point inside a boundary's area whose owner is one of its parties replaced by the
    party on its side of the line. Boundaries must know their side (:attr:`left`) and
    divide the water column (:attr:`~AgreedBoundary.water_column`)."""
    import shapely

    out = np.asarray(nearest, dtype=object).copy()
    for b in boundaries:
        if not b.water_column:
            raise ValueError(f"agreed boundary {b.boundary_id!r} delimits only "
                             f"{'|'.join(b.delimits)}: it does not divide the water column")
        if b.left is None:
            raise ValueError(f"agreed boundary {b.boundary_id!r}: side of {b.label_a} unknown")
        party = np.isin(out, b.labels)
        if not party.any():
            continue
        idx = np.nonzero(party)[0]
        inside = shapely.contains_xy(b.area_polygon(), lon[idx], lat[idx])
        idx = idx[inside]
        if idx.size == 0:
            continue
        left = side_of_line(b.line, lon[idx], lat[idx]) > 0
        out[idx] = np.where(left == b.left, b.label_a, b.label_b)
    return out
