"""One (possibly uncertain) point -> :class:`WhereAnswer`: every zone holding it.

:func:`where` answers against a :class:`~geo.zones.zoneset.ZoneSet` (the shipped
computed zones unless ``source`` says otherwise) under a *perspective* (``administering``
by default, or an ISO3 state's view of the disputed features), with one
:class:`ZoneAnswer` per kind and state (the owner under the perspective), the land at the
point, the nearest coast of each state (:class:`CoastDistance`) and the source of the
answer; :func:`report_zones` is the part of ``launchmap where --json`` it fills. Many
points at once: :mod:`geo.zones.classify` (same states and statuses for the same point).

One answer per (kind, state). The zone set holds one row per label and kind (``JPN``,
``takeshima``, ``senkaku``, ...), so under Japan's view the EEZ of ``JPN`` and that of
``takeshima`` are both Japan's EEZ, and the line between them is internal to Japan. Each
label of one (kind, state) is a :class:`ZonePart` of its :class:`ZoneAnswer`; the answer's
probability is that of the *union* of its parts (the fraction of samples inside any of
them), not their sum. The rows considered are those that apply under the perspective
(:func:`rows_in_view`).

Containment is closed: a point on a zone's boundary counts as inside it (shapely
``intersects``). Coordinates are WGS84 lon/lat degrees (EPSG:4326); ``sigma_km`` and coast
distances are kilometres.

Status of a zone row at a point (see :data:`geo.zones.schema.STATUSES` and
:meth:`ZoneSet.row_status`): a status fixed by the source (Marine Regions rows) wins;
otherwise ``disputed`` when perspectives disagree on the owner of the row's label;
otherwise ``agreed`` where the point lies in the row's ``agreed`` part, ``median line``
where it lies in the row's ``overlap`` part (another state's coast is within the same
distance), else ``uncontested``.

Status of an answer (and of each part): taken at a *reference point*, the centre when the
centre is inside, else the answer's (part's) sample nearest the centre. When several rows
of the answer hold the reference point (two labels of one state meeting at the point, or
several polygons of one label), the row whose status comes first in
:data:`STATUS_PRECEDENCE` wins (``disputed`` before ``agreed`` before ``median line``
before ``uncontested``; the lower row number on a tie): a point on the line between
Takeshima's and Japan's EEZ under Japan's view is in disputed water. The answer's
``label`` and ``name`` are those of the winning row; :func:`geo.classify` picks the same
row for a point, so both give the same state and status.

Uncertain points (``sigma_km > 0``): the position is modelled as a 2-D isotropic Gaussian
with standard deviation ``sigma_km`` along each axis of the local tangent plane. A fixed
set of :data:`SAMPLE_COUNT` quasi-random standard-normal offsets (the R2 low-discrepancy
sequence of Roberts (2018) mapped through the Box-Muller transform; no random state, so
answers are reproducible bit for bit) is scaled by ``sigma_km`` and placed around the
centre with the geodesic direct problem (azimuth ``atan2(east, north)``, distance
``hypot(east, north)``). The probability of a zone is the fraction of samples inside it;
every zone that holds the centre or any sample is listed.

Shaped positions: a statement's distribution is often not a Gaussian (a sector of an
annulus, a ring at sea, two rings' intersection, a polygon; :mod:`geo.statements.shapes`).
``where(..., shape=location.shape)`` then takes the shape's own deterministic samples
(ordered nearest the centre first, the same reference-point rule) in place of the
Gaussian ones; an unrestricted Gaussian shape keeps the path above.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from geo.errors import InvalidSigmaError
from geo.geodesy import GEOD, KM, check_lonlat, normalize_lon
from geo.zones.load import ZoneSource, load_zones
from geo.zones.zoneset import KIND_RANK, ZoneSet

#: Number of quasi-random samples used for an uncertain point (a power of two).
SAMPLE_COUNT = 2048

#: Coasts farther than this (km) are not listed in a :class:`WhereAnswer`.
COAST_WITHIN_KM = 500.0

#: Up to this many points, :func:`where` tests candidate polygons directly instead of
#: building the grid index (which pays off for large batches).
_DIRECT_MAX_POINTS = 20_000

#: Which status wins where several rows of one (kind, state) hold the same point, first
#: wins. A status not listed here (one fixed by a source that this list does not know)
#: ranks just after ``disputed``.
STATUS_PRECEDENCE = ("disputed", "agreed", "median line", "uncontested")


def status_rank(status: str | None) -> int:
    """Rank of ``status`` in :data:`STATUS_PRECEDENCE` (0 wins): ``disputed`` 0, an
    unlisted status 1, ``agreed`` 2, ``median line`` 3, ``uncontested`` 4."""
    if status == STATUS_PRECEDENCE[0]:
        return 0
    try:
        return STATUS_PRECEDENCE.index(status) + 1  # type: ignore[arg-type]
    except ValueError:
        return 1


def rows_in_view(zs: ZoneSet, perspective: str) -> np.ndarray:
    """Boolean mask over ``zs.zones``: the rows that hold under ``perspective`` (already
    normalised by :meth:`ZoneSet.check_perspective`), by the rule of the zone table's
    optional ``perspectives`` column (see :mod:`geo.zones.schema`; the same rows
    ``ZoneSet.for_perspective`` keeps).

    A row whose cell is empty (missing, ``""``) holds under every view; a row naming views
    (``|``-joined, e.g. ``"JPN|administering"``) holds under those. A view that no row
    names (a state with no recorded view of any feature) sees the rows of
    ``administering``. Without the column every row holds. The mask filters the hits of
    the whole zone set's indexes, so no index is built per view.
    """
    return zs.row_mask(perspective)


def label_owners(zs: ZoneSet, perspective: str) -> dict[str, str]:
    """``{label: owner under perspective}`` for every label of the zone rows and of the
    sovereignty table. Equal to :meth:`ZoneSet.owner_map` wherever it is read with
    ``.get(label, label)``: any other label (of a land polygon) is a plain ISO3 code that
    owns itself. Cheap (no pass over the land polygons), so one point's answer does not
    pay for the whole land table."""
    labels = set(zs.zones["label"].astype(str)) | set(zs.sovereignty["label"].astype(str))
    return {lab: zs.owner(lab, perspective) for lab in labels}


# ---------------------------------------------------------------------- answers
@dataclass(frozen=True)
class ZonePart:
    """One label's share of a :class:`ZoneAnswer`: the rows of one label and kind.

    ``status`` is taken at the part's own reference point (the centre when inside, else
    the part's sample nearest the centre); ``probability`` is the fraction of samples
    inside the part (1.0 for a certain point inside it); ``views``: owner of the label
    under each recorded perspective (disputed labels only); ``contains_centre``: False
    for a part only some samples reach."""

    label: str
    name: str | None
    status: str
    claimants: list[str]
    probability: float
    views: dict[str, str] = field(default_factory=dict)
    contains_centre: bool = True

    def to_report(self) -> dict[str, Any]:
        """The part as the ``launchmap where`` JSON writes it (every field)."""
        return {
            "label": self.label,
            "name": self.name,
            "status": self.status,
            "claimants": list(self.claimants),
            "probability": float(self.probability),
            "views": dict(self.views),
            "contains_centre": bool(self.contains_centre),
        }


@dataclass(frozen=True)
class ZoneAnswer:
    """The zone of one kind of one state holding a point: kind, owner under the
    perspective, claimants (union over the parts), status and the probability that the
    point lies in the union of the state's zones of that kind (1.0 for a certain point
    inside it).

    ``parts``: one :class:`ZonePart` per label, the part holding the reference point
    first (see the module docstring). ``label`` / ``name`` / ``views``: those of the part
    whose row decides ``status`` (the part holding the centre, or the nearest sample).
    ``contains_centre``: False for a zone that only some samples of an uncertain point
    reach."""

    kind: str
    state: str
    perspective: str
    claimants: list[str]
    status: str
    probability: float
    label: str
    name: str | None = None
    views: dict[str, str] = field(default_factory=dict)
    contains_centre: bool = True
    parts: list[ZonePart] = field(default_factory=list)

    def to_report(self) -> dict[str, Any]:
        """The ``launchmap where`` JSON ``zones`` list item: the six contract keys
        (``kind``, ``state``, ``perspective``, ``claimants``, ``status``,
        ``probability``), then ``parts`` (:meth:`ZonePart.to_report` each)."""
        return {
            "kind": self.kind,
            "state": self.state,
            "perspective": self.perspective,
            "claimants": list(self.claimants),
            "status": self.status,
            "probability": float(self.probability),
            "parts": [p.to_report() for p in self.parts],
        }

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-safe (``parts`` as a list of dicts)."""
        return asdict(self)


@dataclass(frozen=True)
class CoastDistance:
    """Geodesic distance (km) from the point to the nearest coast of ``state``."""

    state: str
    distance_km: float

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "distance_km": round(float(self.distance_km), 3)}


@dataclass(frozen=True)
class WhereAnswer:
    """Everything :func:`where` knows about a point (lon/lat degrees, sigma in km).

    ``zones``: one :class:`ZoneAnswer` per (kind, state), innermost kind first (in the
    order of :data:`~geo.zones.schema.ZONE_KINDS`), then by falling probability, then by
    state. ``on_land``: owner of the land at the centre (``None`` at sea).
    ``land_probability``: share of the position's probability on land. ``coast_km``: the
    nearest coast of each state within :data:`COAST_WITHIN_KM`, nearest first.
    ``covered``: False when the point lies outside the frame the zone source covers (then
    an empty ``zones`` list means "unknown", not "high seas"; ``on_land`` comes from the
    Natural Earth countries there).
    """

    lon: float
    lat: float
    sigma_km: float
    perspective: str
    zones: list[ZoneAnswer]
    on_land: str | None
    land_probability: float
    coast_km: list[CoastDistance]
    source: str
    samples: int
    covered: bool = True
    #: What the zone source covers, in words (:attr:`ZoneSet.coverage_name`).
    coverage: str = ""
    #: Joint or provisional regimes whose area holds the centre (``Regime.to_dict()``:
    #: regime, name, kind, parties, basis, validity window, source): a status of the
    #: waters, not an owner (:mod:`geo.zones.regimes`).
    regimes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        """True when any zone holding the point is disputed."""
        return any(z.status == "disputed" for z in self.zones)

    def zone(self, kind: str) -> ZoneAnswer | None:
        """The most probable zone of ``kind`` (``None`` when no zone of that kind)."""
        found = [z for z in self.zones if z.kind == kind]
        return max(found, key=lambda z: z.probability) if found else None

    @property
    def at_centre(self) -> list[ZoneAnswer]:
        """The zones holding the centre point itself, innermost first."""
        return [z for z in self.zones if z.contains_centre]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary of the answer."""
        return {
            "lon": self.lon,
            "lat": self.lat,
            "sigma_km": self.sigma_km,
            "perspective": self.perspective,
            "zones": [z.to_dict() for z in self.zones],
            "on_land": self.on_land,
            "land_probability": self.land_probability,
            "coast_km": [c.to_dict() for c in self.coast_km],
            "source": self.source,
            "samples": self.samples,
            "covered": self.covered,
            "coverage": self.coverage,
            "regimes": [dict(r) for r in self.regimes],
        }


# ---------------------------------------------------------------------- sampling
@lru_cache(maxsize=4)
def gaussian_offsets(n: int = SAMPLE_COUNT) -> tuple[np.ndarray, np.ndarray]:
    """``(east, north)``: ``n`` deterministic quasi-random draws from a standard 2-D normal
    distribution, sorted by distance from the origin (nearest first).

    R2 sequence (generalised golden ratio, Roberts 2018) in the unit square, then the
    Box-Muller transform. Unitless (multiply by sigma).
    """
    g = 1.324717957244746025960908854  # plastic number: x**3 = x + 1
    k = np.arange(1, n + 1, dtype=float)
    u1 = np.mod(0.5 + k / g, 1.0)
    u2 = np.mod(0.5 + k / (g * g), 1.0)
    r = np.sqrt(-2.0 * np.log(u1))
    theta = 2.0 * np.pi * u2
    east, north = r * np.sin(theta), r * np.cos(theta)
    order = np.argsort(r, kind="stable")
    east, north = east[order], north[order]
    east.setflags(write=False)
    north.setflags(write=False)
    return east, north


def sample_points(lon: float, lat: float, sigma_km: float,
                  n: int = SAMPLE_COUNT) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` sample positions (lon, lat degrees) of an uncertain point with standard
    deviation ``sigma_km`` per axis, nearest the centre first (see module docstring)."""
    east, north = gaussian_offsets(n)
    az = np.degrees(np.arctan2(east, north))
    dist = np.hypot(east, north) * sigma_km * KM
    lon2, lat2, _ = GEOD.fwd(np.full(n, lon), np.full(n, lat), az, dist)
    return normalize_lon(np.asarray(lon2, float)), np.asarray(lat2, float)


# ---------------------------------------------------------------------- hit tests
def _hits(zs: ZoneSet, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(point, layer geometry)`` pairs (see :attr:`ZoneSet.layers`) for each point inside
    (closed) each polygon. Small batches test candidate polygons directly (prepared
    geometry, vectorised over the points); big batches use the grid index."""
    if len(lon) > _DIRECT_MAX_POINTS or zs.has_grid_index:
        return zs.grid_index().query(lon, lat)
    from geo.zones.rasterindex import direct_hits

    return direct_hits(zs, lon, lat)


# ---------------------------------------------------------------------- where
def _check_sigma(sigma_km: float) -> float:
    try:
        s = float(sigma_km)
    except (TypeError, ValueError):
        raise InvalidSigmaError(f"sigma_km must be a number of kilometres, got {sigma_km!r}") \
            from None
    if not math.isfinite(s) or s < 0:
        raise InvalidSigmaError(f"sigma_km must be finite and >= 0 km, got {sigma_km!r}")
    return s


def where(lon: float, lat: float, *, perspective: str | None = None, sigma_km: float = 0.0,
          source: ZoneSource = None, coast_within_km: float = COAST_WITHIN_KM,
          on: str | None = None, shape: Any = None) -> WhereAnswer:
    """Every maritime zone holding the point (lon, lat; WGS84 degrees): one
    :class:`ZoneAnswer` per (kind, state), its labels as :attr:`ZoneAnswer.parts`.

    ``perspective``: ``None``/``"administering"`` or an ISO3 code; disputed zones are
    flagged (status ``disputed``, all claimants listed) whatever the perspective.
    ``sigma_km``: standard deviation of the position per axis, km; with ``sigma_km > 0``
    each zone gets the probability that the point lies in it, i.e. in the union of its
    parts (see module docstring).
    ``shape``: the distribution of the position (a :mod:`geo.statements.shapes` shape,
    e.g. :attr:`geo.Location.shape`: an annulus sector, a ring, two rings' intersection, a
    polygon); when given, the probabilities integrate over its deterministic samples
    (``shape.samples()``, nearest the centre first) instead of the Gaussian of
    ``sigma_km`` around (lon, lat), which stays the answer's centre.
    ``source``: the zone set (``None`` for the shipped zones, a Marine Regions file path
    or a :class:`ZoneSet`). ``coast_within_km``: list the nearest coast of every state
    within this distance (0 skips the coast distances). Raises
    :class:`InvalidCoordinateError` for invalid coordinates, :class:`InvalidSigmaError`,
    or :class:`~geo.errors.UnknownPerspectiveError`.
    """
    lon_c, lat_c = check_lonlat(lon, lat, "where point")
    sigma = _check_sigma(sigma_km)

    if shape is not None and not _plain_gaussian(shape):
        sx, sy = shape.samples(SAMPLE_COUNT)
        xs = np.concatenate(([lon_c], np.asarray(sx, float)))
        ys = np.concatenate(([lat_c], np.asarray(sy, float)))
        n_samples = len(sx)
    elif sigma > 0:
        sx, sy = sample_points(lon_c, lat_c, sigma)
        xs = np.concatenate(([lon_c], sx))
        ys = np.concatenate(([lat_c], sy))
        n_samples = len(sx)
    else:
        xs, ys = np.array([lon_c]), np.array([lat_c])
        n_samples = 0
    # the shipped zones may leave out the regions no sample and no coast in reach touch:
    # the same answer (load_zones near=), read in a fraction of the time
    zs = load_zones(source, near=(xs, ys), reach_km=max(float(coast_within_km), 0.0))
    persp = zs.check_perspective(perspective)
    pidx, gidx = _hits(zs, xs, ys)
    layers = zs.layers
    r_count = layers["n_zones"]
    owners = label_owners(zs, persp)
    zones_df = zs.zones
    row_label = zones_df["label"].astype(str).to_numpy(dtype=object)
    row_kind = zones_df["kind"].astype(str).to_numpy(dtype=object)

    in_view = rows_in_view(zs, persp)
    zone_sel = gidx < r_count
    zone_sel[zone_sel] = in_view[gidx[zone_sel]]
    zp, zg = pidx[zone_sel], gidx[zone_sel]
    row_state = np.array([owners.get(lab, lab) for lab in row_label], dtype=object)

    def status_at(pts: np.ndarray, rows: np.ndarray) -> tuple[int, int, str]:
        """``(reference point, deciding row, status)`` of the hits ``(pts, rows)``: the
        lowest point index (the centre, else the nearest sample: samples are ordered by
        distance from the centre), and among the rows holding it the one whose status
        ranks first (:data:`STATUS_PRECEDENCE`), the lower row on a tie."""
        p_ref = int(pts.min())
        cand = np.unique(rows[pts == p_ref])
        in_overlap, in_agreed = zs.in_parts(pidx, gidx, np.full(len(cand), p_ref), cand)
        best = min(
            (status_rank(st), int(r), st) for r, st in (
                (r, zs.row_status(int(r), in_overlap=bool(o), in_agreed=bool(a)))
                for r, o, a in zip(cand, in_overlap, in_agreed, strict=True)))
        return p_ref, best[1], best[2]

    def share(pts: np.ndarray) -> float:
        """Fraction of the samples among ``pts`` (1.0 for a certain point)."""
        return len(np.unique(pts[pts > 0])) / n_samples if n_samples else 1.0

    def name_of(row: int) -> str | None:
        name = zones_df["name"].iat[row]
        return None if name is None or name != name else str(name)

    # one answer per (kind, state), one part per label of it; rows of one label and kind
    # (e.g. several Marine Regions polygons of the same sovereign) count together
    hit_kind, hit_state, hit_label = row_kind[zg], row_state[zg], row_label[zg]
    answers: list[ZoneAnswer] = []
    for kind, state in sorted(set(zip(hit_kind.tolist(), hit_state.tolist(), strict=True))):
        mine = (hit_kind == kind) & (hit_state == state)
        pts, rows, labels = zp[mine], zg[mine], hit_label[mine]
        parts = []
        for label in sorted(set(labels.tolist())):
            own = labels == label
            p_ref, g_ref, status = status_at(pts[own], rows[own])
            parts.append(ZonePart(label=label, name=name_of(g_ref), status=status,
                                  claimants=zs.row_claimants(g_ref), probability=share(pts[own]),
                                  views=zs.views(label), contains_centre=p_ref == 0))
        p_ref, g_ref, status = status_at(pts, rows)
        lead = str(row_label[g_ref])
        parts.sort(key=lambda q: (q.label != lead, not q.contains_centre, -q.probability,
                                  q.label))
        answers.append(ZoneAnswer(
            kind=kind,
            state=state,
            perspective=persp,
            claimants=sorted(set().union(*(q.claimants for q in parts))),
            status=status,
            probability=float(share(pts)),
            label=lead,
            name=name_of(g_ref),
            views=zs.views(lead),
            contains_centre=bool(p_ref == 0),
            parts=parts,
        ))
    answers.sort(key=lambda z: (KIND_RANK[z.kind], -z.probability, z.state, z.label))

    on_land = None
    land_prob = 0.0
    if layers["n_land"]:
        land_sel = gidx >= layers["land"]
        land_p = pidx[land_sel]
        land_g = gidx[land_sel] - layers["land"]
        at_centre = land_g[land_p == 0]
        if len(at_centre):
            land_label = str(zs.land["label"].iat[int(at_centre.min())])
            on_land = owners.get(land_label, land_label)
        if n_samples:
            land_prob = len(np.unique(land_p[land_p > 0])) / n_samples
        else:
            land_prob = 1.0 if len(at_centre) else 0.0

    covered = zs.covers(lon_c, lat_c)
    if not covered:  # outside the computed frame: land from the Natural Earth countries
        sov = np.array([None if lab is None else owners.get(lab, lab)
                        for lab in zs.countries_at(xs, ys)], dtype=object)
        if on_land is None:
            on_land = sov[0]
        on_any = sov != None  # noqa: E711 (elementwise on an object array)
        if n_samples:
            land_prob = max(land_prob, float(on_any[1:].mean()))
        elif on_land is not None:
            land_prob = 1.0

    coasts: list[CoastDistance] = []
    if coast_within_km > 0:  # GSHHG where the clipped land is complete, else Natural Earth
        for state, dkm in zs.coast_distances(lon_c, lat_c, owners, coast_within_km):
            coasts.append(CoastDistance(state, dkm))

    # the regimes are fisheries and seabed arrangements between states: they hold beyond
    # the territorial sea (the Japan-Taiwan arrangement's own Art. 2(1) leaves the
    # territorial seas out), so a centre in internal waters or a territorial sea has none
    sovereign = any(z.contains_centre and z.kind in _SOVEREIGN_KINDS for z in answers)
    regimes = [] if on_land or sovereign else regimes_holding(lon_c, lat_c, on)
    return WhereAnswer(lon=lon_c, lat=lat_c, sigma_km=sigma, perspective=persp, zones=answers,
                       on_land=on_land, land_probability=float(land_prob), coast_km=coasts,
                       source=zs.source, samples=n_samples, covered=covered,
                       coverage=zs.coverage_name, regimes=regimes)


def _plain_gaussian(shape: Any) -> bool:
    """True for an unrestricted Gaussian shape: its samples are :func:`sample_points`'
    own, so the answer takes that path (bit-for-bit the same as with ``sigma_km`` only)."""
    restriction = getattr(shape, "restriction", None)
    return getattr(shape, "kind", None) == "gaussian" and not (restriction and restriction.active)


#: Kinds under the coastal state's sovereignty: no joint or provisional regime holds there.
_SOVEREIGN_KINDS = frozenset({"internal_waters", "archipelagic_waters", "territorial_sea"})


def regimes_holding(lon: float, lat: float, on: str | None = None) -> list[dict[str, Any]]:
    """The shipped joint / provisional regimes (``joint_regimes.csv``) whose area holds
    (lon, lat), as dicts; ``on``: an ISO date, keeping only the regimes valid that day
    (``None``: every regime, each with its validity window)."""
    from geo.zones.regimes import regimes_at

    return [r.to_dict() for r in regimes_at([lon], [lat], on=on)[0]]


# ---------------------------------------------------------------------- CLI contract
def report_zones(lon: float, lat: float, *, sigma_km: float = 0.0,
                 perspective: str | None = None, source: ZoneSource = None,
                 on: str | None = None, shape: Any = None) -> dict[str, Any]:
    """What ``launchmap where`` merges into its JSON: ``zones`` (the contract list, one
    item per (kind, state): dicts with ``kind``, ``state``, ``perspective``,
    ``claimants``, ``status``, ``probability`` in [0, 1], then ``parts``, the per-label
    detail; see :meth:`ZoneAnswer.to_report`), ``source``, ``on_land`` (state or
    ``None``), ``coast_km`` (``[{"state", "distance_km"}]``, nearest first, within
    500 km), ``covered`` (False outside the frame the zone source covers: no zones
    there means "unknown") and ``regimes`` (joint / provisional regimes holding the point,
    valid on ``on`` if given). ``shape``: integrate over this distribution (see
    :func:`where`)."""
    ans = where(lon, lat, perspective=perspective, sigma_km=sigma_km, source=source, on=on,
                shape=shape)
    return {
        "zones": [z.to_report() for z in ans.zones],
        "source": ans.source,
        "on_land": ans.on_land,
        "coast_km": [c.to_dict() for c in ans.coast_km],
        "covered": ans.covered,
        "regimes": ans.regimes,
    }
