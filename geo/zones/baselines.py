"""Published straight and archipelagic baselines (``data/baselines.csv``) as geometry.

A baseline *segment* is one continuous line of turning points in the order the
instrument lists them (a closed loop repeats its first point last). Between turning points
the line is a WGS84 geodesic (no instrument read names another curve; at these lengths a
geodesic and a loxodrome differ by metres to a few hundred metres on the longest legs).
The water landward of a segment is internal waters (straight baselines and closing lines,
UNCLOS arts. 7-10) or archipelagic waters (archipelagic baselines, art. 47):
:func:`enclosed_waters` draws it from the segment and the land it is drawn along.

Which label's coast a segment belongs to is decided from the land its points lie on
(:func:`segment_labels`), and whether it applies under a perspective by whether the
segment's state owns that coast under that view (:func:`applies`): China's Diaoyu Dao
baselines count only where the Senkakus are China's. Coordinates are WGS84 lon/lat
degrees; longitudes may be continuous past 180 (``lon_from``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.errors import DataValidationError, RowError

if TYPE_CHECKING:  # pragma: no cover
    import shapely

BASELINES_FILE = "baselines.csv"
BASELINE_COLUMNS = ("state", "instrument", "date", "segment", "kind", "seq", "point", "lat",
                    "lon", "coord_text", "source")
#: ``kind`` values and the zone kind of the water landward of them.
BASELINE_KINDS = {"straight": "internal_waters", "closing": "internal_waters",
                  "archipelagic": "archipelagic_waters"}
#: Longest step (metres) of the densified geodesic between two turning points.
STEP_M = 1000.0
#: Working corridor (degrees, construction only) around a segment inside which its
#: enclosed water is looked for; enclosed water reaching the corridor's edge is reported.
CORRIDOR_DEG = 2.5
#: Offsets (metres) at which the two sides of an open segment are probed for land.
SIDE_PROBE_M = (2000.0, 5000.0, 10000.0)
#: A segment end farther than this (metres) from land is not joined to the coast.
MAX_JOIN_M = 80_000.0

_SEGMENT = re.compile(r"^[A-Z]{3}-\d{4}-[a-z0-9_-]+$")


@dataclass(frozen=True)
class Baseline:
    """One published baseline segment: turning points in order (lon/lat degrees)."""

    segment: str
    state: str
    kind: str
    instrument: str
    date: str
    points: tuple[str, ...]
    lon: tuple[float, ...]
    lat: tuple[float, ...]
    source: str

    @property
    def closed(self) -> bool:
        """True when the last turning point repeats the first (a loop)."""
        return len(self.lon) > 3 and (self.lon[0], self.lat[0]) == (self.lon[-1], self.lat[-1])

    @property
    def water_kind(self) -> str:
        """Zone kind of the water landward of the segment."""
        return BASELINE_KINDS[self.kind]

    def piece(self, first: int, last: int) -> Baseline:
        """The run of turning points ``first``..``last`` (0-based positions, inclusive) as
        a segment of its own, named ``<segment>[<first+1>-<last+1>]`` (the whole segment
        is returned as it is)."""
        if first == 0 and last == len(self.lon) - 1:
            return self
        return Baseline(f"{self.segment}[{first + 1}-{last + 1}]", self.state, self.kind,
                        self.instrument, self.date, self.points[first:last + 1],
                        self.lon[first:last + 1], self.lat[first:last + 1], self.source)

    def record(self) -> dict[str, object]:
        """What the build record says about the segment."""
        return {"segment": self.segment, "state": self.state, "kind": self.kind,
                "instrument": self.instrument, "date": self.date,
                "turning_points": len(self.lon), "closed": self.closed}


def read_baselines(path: str | Path | None = None) -> list[Baseline]:
    """Read and check ``baselines.csv``: one :class:`Baseline` per segment, file order.

    Raises :class:`DataValidationError` listing every bad row: a missing or empty field,
    a latitude/longitude outside WGS84 ranges, an unknown ``kind``, a badly formed
    ``segment`` name, ``seq`` values that do not run 1..n, or state / instrument / date /
    kind that change within a segment.
    """
    from geo._paths import data_path
    from geo._tables import Column, choice, integer, iso_date, number, pattern, read_table

    path = Path(path) if path is not None else data_path(BASELINES_FILE)
    parse = {"state": pattern(r"^[A-Z]{3}$", "an ISO 3166-1 alpha-3 code"),
             "date": iso_date(), "segment": pattern(_SEGMENT, "<ISO3>-<year>-<name>"),
             "kind": choice(tuple(BASELINE_KINDS)), "seq": integer(lo=1),
             "lat": number(-90, 90), "lon": number(-180, 180)}
    columns = tuple(Column(c, parse.get(c, str.strip)) for c in BASELINE_COLUMNS)
    rows, errors = read_table(path, columns, what="baselines", allow_empty=True)
    file = str(path)
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["segment"], []).append(row)
    out = []
    for seg, members in groups.items():
        bad = False
        for col in ("state", "instrument", "date", "kind"):
            if len({str(r[col]) for r in members}) > 1:
                errors.append(RowError(file, members[0].n, col,
                                       f"segment {seg!r}: {col} changes within the segment"))
                bad = True
        members = sorted(members, key=lambda r: r["seq"])
        seqs = [r["seq"] for r in members]
        if seqs != list(range(1, len(seqs) + 1)):
            errors.append(RowError(file, members[0].n, "seq",
                                   f"segment {seg!r}: seq must run 1..{len(seqs)}, got {seqs}"))
            bad = True
        if len(members) < 2:
            errors.append(RowError(file, members[0].n, "segment",
                                   f"segment {seg!r} has fewer than 2 turning points"))
            bad = True
        if bad:
            continue
        first = members[0]
        out.append(Baseline(
            segment=seg, state=first["state"], kind=first["kind"],
            instrument=first["instrument"], date=first["date"].isoformat(),
            points=tuple(r["point"] for r in members),
            lon=tuple(float(r["lon"]) for r in members),
            lat=tuple(float(r["lat"]) for r in members),
            source=first["source"]))
    if errors:
        raise DataValidationError(errors)
    return out


def baseline_coords(b: Baseline, lon_from: float = -180.0, step_m: float = STEP_M
                    ) -> np.ndarray:
    """The segment as an (n, 2) lon/lat array: turning points joined by WGS84 geodesics
    densified every ``step_m`` metres at most, longitudes continuous along the line and
    in ``[lon_from, lon_from + 360)`` at its first point."""
    from geo.geodesy import GEOD, wrap_lon_from

    lon = np.asarray(b.lon, float)
    lat = np.asarray(b.lat, float)
    parts = [np.array([[lon[0], lat[0]]])]
    for k in range(len(lon) - 1):
        d = GEOD.inv(lon[k], lat[k], lon[k + 1], lat[k + 1])[2]
        n = int(np.ceil(d / step_m)) - 1
        mid = np.asarray(GEOD.npts(lon[k], lat[k], lon[k + 1], lat[k + 1], n)) if n > 0 else (
            np.zeros((0, 2)))
        parts.append(mid.reshape(-1, 2))
        parts.append(np.array([[lon[k + 1], lat[k + 1]]]))
    xy = np.concatenate(parts)
    x = np.unwrap(np.radians(xy[:, 0]))
    x = np.degrees(x)
    x += float(wrap_lon_from(x[0], lon_from)) - x[0]
    return np.column_stack([x, xy[:, 1]])


def point_labels(baselines: Sequence[Baseline], land_geoms, land_labels,
                 lon_from: float = -180.0) -> dict[str, tuple[str, ...]]:
    """The label of the land nearest each turning point of each segment (``land_geoms`` /
    ``land_labels`` in the longitude convention of ``lon_from``)."""
    import shapely

    geoms = np.asarray(land_geoms, dtype=object)
    labels = np.asarray(land_labels, dtype=object)
    tree = shapely.STRtree(geoms)
    out: dict[str, tuple[str, ...]] = {}
    for b in baselines:
        xy = baseline_coords(b, lon_from, step_m=1e12)
        idx = tree.nearest(shapely.points(xy))
        out[b.segment] = tuple(str(v) for v in labels[idx])
    return out


def majority_labels(per_point: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The label whose coast each segment is drawn along, from the labels of its turning
    points (:func:`point_labels`): the most frequent; ties go to the first point's."""
    return {seg: max(dict.fromkeys(labs), key=list(labs).count)
            for seg, labs in per_point.items()}


def segment_labels(baselines: Sequence[Baseline], land_geoms, land_labels,
                   lon_from: float = -180.0) -> dict[str, str]:
    """The label whose coast each segment is drawn along: the label of the land nearest
    most of its turning points (:func:`point_labels`, :func:`majority_labels`)."""
    return majority_labels(point_labels(baselines, land_geoms, land_labels, lon_from))


def applies(b: Baseline, label: str, owner: Mapping[str, str]) -> bool:
    """Whether segment ``b`` drawn along ``label``'s coast counts under a perspective
    whose owner of each label is ``owner``: only when ``b``'s state owns that coast."""
    return owner.get(label, label) == b.state


def applied_pieces(b: Baseline, labels_of_points: Sequence[str], owner: Mapping[str, str]
                   ) -> list[Baseline]:
    """The runs of ``b`` that count under a view (``owner``: label -> owner): a leg counts
    only when the coasts of both its turning points (``labels_of_points``) belong to
    ``b``'s state in that view, so that a state's line never extends its claim through a
    feature the view gives to another state (China's 1996 line through Wuqiu and Dongyin,
    which Taiwan administers). Returns the whole segment when every leg counts, else its
    runs of two or more points (:meth:`Baseline.piece`)."""
    mine = [owner.get(lab, lab) == b.state for lab in labels_of_points]
    runs, start = [], None
    for k, ok in enumerate([*mine, False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            if k - 1 > start:
                runs.append(b.piece(start, k - 1))
            start = None
    return runs


def _land_side(xy: np.ndarray, land) -> float:
    """+1 if the land lies to the left of the open line ``xy`` (lon/lat), -1 if right."""
    import shapely

    from geo.geodesy import GEOD

    a, b = xy[:-1], xy[1:]
    az = np.asarray(GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[0], float)
    mx = (a[:, 0] + b[:, 0]) / 2
    my = (a[:, 1] + b[:, 1]) / 2
    score = 0
    shapely.prepare(land)
    for d in SIDE_PROBE_M:
        for sign in (1, -1):
            lx, ly, _ = GEOD.fwd(mx, my, az - 90.0 * sign, np.full(len(mx), d))
            hits = int(shapely.intersects(land, shapely.points(np.column_stack([lx, ly]))).sum())
            score += sign * hits
    return 1.0 if score >= 0 else -1.0


#: A segment end is joined to the nearest mainland-sized landmass (at least
#: :data:`JOIN_MAINLAND_KM2`) within :data:`JOIN_LARGE_M`, else to the nearest landmass of
#: at least :data:`JOIN_LARGE_KM2` within it, else to the nearest land at all: an end on
#: an offshore island joined to the island would leave the water behind the line open.
JOIN_MAINLAND_KM2 = 10_000.0
JOIN_LARGE_KM2 = 100.0
JOIN_LARGE_M = 60_000.0


def _join_to_land(xy: np.ndarray, pieces: np.ndarray) -> np.ndarray:
    """Extend an open line at each end to the coast: to the nearest mainland-sized
    landmass (:data:`JOIN_MAINLAND_KM2`), else landmass of :data:`JOIN_LARGE_KM2` or more,
    within :data:`JOIN_LARGE_M`, else to the nearest land within :data:`MAX_JOIN_M` (an
    end already on land stays); the line steps 30 m past the shore so that it crosses
    the coast. The joins are construction lines: the water they close off is internal,
    and they are part of the shape the limits are measured from only as the edge of that
    water."""
    import shapely

    from geo.geodesy import GEOD, geodesic_areas_km2

    if not len(pieces):
        return xy
    areas = geodesic_areas_km2(pieces)
    mainland = pieces[areas >= JOIN_MAINLAND_KM2]
    large = pieces[areas >= JOIN_LARGE_KM2]
    out = [xy]
    for end in (0, -1):
        p = shapely.Point(xy[end])
        if shapely.intersects(pieces, p).any():
            continue
        best = None
        for cands, limit in ((mainland, JOIN_LARGE_M), (large, JOIN_LARGE_M),
                             (pieces, MAX_JOIN_M)):
            if not len(cands):
                continue
            near = shapely.shortest_line(p, shapely.union_all(cands))
            qx, qy = np.asarray(near.coords)[-1]
            if GEOD.inv(xy[end, 0], xy[end, 1], qx, qy)[2] <= limit:
                best = (qx, qy)
                break
        if best is None:
            continue
        qx, qy = best
        az = GEOD.inv(xy[end, 0], xy[end, 1], qx, qy)[0]
        ix, iy, _ = GEOD.fwd(qx, qy, az, 30.0)
        seg = np.array([[qx, qy], [ix, iy]])
        out = [seg[::-1], *out] if end == 0 else [*out, seg]
    return np.concatenate(out)


@dataclass(frozen=True)
class EnclosedWaters:
    """The water landward of a group of segments (:func:`enclosed_waters`).

    ``water``: (Multi)Polygon, lon/lat degrees. ``open_segments``: open segments whose
    landward water is not closed off from the sea (missing turning points, or an end
    that does not reach the coast): no internal water is drawn behind them, and they are
    still baselines (limits are measured from them).
    """

    water: object
    open_segments: tuple[str, ...]


def enclosed_waters(segments: Sequence[Baseline], land_geoms, lon_from: float = -180.0
                    ) -> EnclosedWaters:
    """The water landward of ``segments`` (all of one water kind), in the longitude
    convention of ``lon_from`` (that of ``land_geoms``).

    A loop encloses the water inside it. Open lines are joined at each end to the coast
    (:func:`_join_to_land`); the arrangement of all of them and the coast near them (a
    corridor of :data:`CORRIDOR_DEG`) is polygonized, and a water face is enclosed when
    touches the land side of a line (probed 1 m off every sub-edge; the side is where the
    land is, probed at :data:`SIDE_PROBE_M`) and does not reach the corridor's edge (open
    to the sea), so that lines that close a coast together (China's 1996 and 2024 lines,
    Japan's three Seto Inland Sea closing lines) are taken together.
    Land is never part of the water.
    """
    import shapely

    from geo.geodesy import GEOD

    geoms = np.asarray(land_geoms, dtype=object)
    tree = shapely.STRtree(geoms)
    waters = []
    lines = []
    for b in segments:
        xy = baseline_coords(b, lon_from)
        if b.closed:
            ring = shapely.make_valid(shapely.Polygon(xy))
            near = geoms[tree.query(ring, predicate="intersects")]
            waters.append(shapely.difference(ring, shapely.union_all(near)) if len(near)
                          else ring)
        else:
            lines.append((b.segment, xy))
    open_segments: list[str] = []
    if lines:
        corridor = shapely.union_all([shapely.buffer(shapely.LineString(xy), CORRIDOR_DEG)
                                      for _, xy in lines])
        near = geoms[tree.query(corridor, predicate="intersects")]
        pieces = np.asarray(shapely.intersection(near, corridor), dtype=object)
        pieces = pieces[~shapely.is_empty(pieces)]
        land = shapely.union_all(pieces) if len(pieces) else shapely.Polygon()
        joined = [(seg, _join_to_land(xy, pieces)) for seg, xy in lines]
        boundary = shapely.get_parts(shapely.boundary(corridor))
        linework = shapely.union_all([*(shapely.LineString(xy) for _, xy in joined),
                                      shapely.boundary(land), *boundary])
        faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(linework))),
                           dtype=object)
        face_tree = shapely.STRtree(faces)
        water_face = ~shapely.intersects(land, shapely.point_on_surface(faces))
        inner = np.zeros(len(faces), bool)
        outer = np.zeros(len(faces), bool)
        touched: dict[str, np.ndarray] = {}
        for seg, xy in joined:
            side = _land_side(xy, land)
            a, c = xy[:-1], xy[1:]
            az = np.asarray(GEOD.inv(a[:, 0], a[:, 1], c[:, 0], c[:, 1])[0], float)
            mx, my = (a[:, 0] + c[:, 0]) / 2, (a[:, 1] + c[:, 1]) / 2
            for sign, mark in ((side, inner), (-side, outer)):
                px, py, _ = GEOD.fwd(mx, my, az - 90.0 * sign, np.full(len(mx), 1.0))
                _, fi = face_tree.query(shapely.points(np.column_stack([px, py])),
                                        predicate="within")
                mark[np.unique(fi)] = True
                touched[seg] = np.union1d(touched.get(seg, np.zeros(0, int)), fi)
        # a face reaching the corridor's edge is open to the sea beyond it; a face only
        # on the sea side of the lines is not enclosed; a face on both sides (a short
        # closing line whose land side the probes cannot tell) is
        rim = shapely.intersects(faces, shapely.boundary(corridor)) if len(faces) else inner
        keep = water_face & inner & ~rim
        keep &= ~(outer & ~inner)
        for seg, fi in touched.items():
            fi = fi[water_face[fi]]
            if fi.size and not keep[fi].any():
                open_segments.append(seg)
        if keep.any():
            waters.append(shapely.difference(shapely.union_all(faces[keep]), land))
    water = _polygonal(shapely.union_all(waters)) if waters else shapely.MultiPolygon()
    return EnclosedWaters(water, tuple(open_segments))


def _polygonal(geom) -> shapely.Geometry:
    import shapely

    geom = shapely.make_valid(geom)
    polys = [p for p in shapely.get_parts(geom)
             if isinstance(p, shapely.Polygon) and p.area > 0]
    return shapely.MultiPolygon(polys) if polys else shapely.MultiPolygon()
