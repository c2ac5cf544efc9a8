"""Perspective worlds: which baselines and entitlements shape the zones under each view.

Used by the zone build (:mod:`geo.build.worlds`) and by the pointwise oracle.

A perspective decides three things about every label: its owner (``sovereignty.csv``),
its entitlement (``entitlements.csv``: an island has a territorial sea, contiguous zone
and EEZ, a rock under UNCLOS art. 121(3) only the first two), and so whose baselines
apply along its coast (a segment of ``baselines.csv`` counts only where its state owns
the coast it is drawn along, :func:`geo.zones.baselines.applies`). Perspectives that agree
on all of it share one *world*: one geometry of the zones. The build computes every
world; rows that differ between worlds are shipped per world (column ``perspectives``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geo.zones.baselines import Baseline, applied_pieces, applies
from geo.zones.schema import DEFAULT_PERSPECTIVE


@dataclass(frozen=True)
class World:
    """Perspectives that share one zone geometry.

    ``perspectives``: the views (``administering`` first when present). ``segments``: the
    baseline segments that apply, by label. ``rocks``: labels entitled to a territorial
    sea and contiguous zone only.
    """

    perspectives: tuple[str, ...]
    segments: tuple[tuple[str, tuple[str, ...]], ...]
    rocks: tuple[str, ...]

    @property
    def is_default(self) -> bool:
        """True for the world of the default (``administering``) perspective."""
        return DEFAULT_PERSPECTIVE in self.perspectives

    def segments_of(self, label: str) -> tuple[str, ...]:
        """The applied segments drawn along ``label``'s coast."""
        return dict(self.segments).get(label, ())

    def record(self) -> dict[str, object]:
        return {"perspectives": list(self.perspectives),
                "segments": {k: list(v) for k, v in self.segments},
                "rocks": list(self.rocks)}


def owner_maps(sovereignty, labels: Sequence[str]) -> dict[str, dict[str, str]]:
    """``{perspective: {label: owner}}`` for every perspective of ``sovereignty`` (a
    DataFrame with label, perspective, owner) and ``administering``; a label with no row
    for a view falls back to its administering owner, a plain ISO3 label owns itself."""
    views: dict[str, dict[str, str]] = {}
    for label, persp, owner in sovereignty[["label", "perspective", "owner"]].itertuples(
            index=False):
        views.setdefault(str(label), {})[str(persp)] = str(owner)
    persps = sorted({p for v in views.values() for p in v} - {DEFAULT_PERSPECTIVE})
    out = {}
    for p in (DEFAULT_PERSPECTIVE, *persps):
        out[p] = {lab: views.get(lab, {}).get(p, views.get(lab, {}).get(
            DEFAULT_PERSPECTIVE, lab)) for lab in labels}
    return out


def make_worlds(baselines: Sequence[Baseline], segment_label: Mapping[str, str],
                owners: Mapping[str, Mapping[str, str]],
                rock_labels: Mapping[str, Sequence[str]],
                point_label: Mapping[str, Sequence[str]] | None = None,
                catalog: dict[str, Baseline] | None = None) -> list[World]:
    """Group the perspectives of ``owners`` (``{perspective: {label: owner}}``) into
    worlds; ``rock_labels[perspective]`` names the labels that are rocks under it.

    With ``point_label`` (the label of the coast of every turning point,
    :func:`geo.zones.baselines.point_labels`) a leg counts only where its state owns the
    coasts of both its points in the view (:func:`~geo.zones.baselines.applied_pieces`),
    and the runs that count are named ``<segment>[i-j]``; ``catalog`` (if given) receives
    every piece by name. Without it a whole segment counts where its state owns its label.
    The default world comes first, the others in the order of their first perspective.
    """
    keys: dict[tuple, list[str]] = {}
    for p, owner in owners.items():
        by_label: dict[str, list[str]] = {}
        for b in baselines:
            lab = segment_label[b.segment]
            if point_label is None:
                pieces = [b] if applies(b, lab, owner) else []
            else:
                pieces = applied_pieces(b, point_label[b.segment], owner)
            for piece in pieces:
                by_label.setdefault(lab, []).append(piece.segment)
                if catalog is not None:
                    catalog[piece.segment] = piece
        segs = tuple(sorted((lab, tuple(sorted(v))) for lab, v in by_label.items()))
        rocks = tuple(sorted(set(rock_labels.get(p, ()))))
        keys.setdefault((segs, rocks), []).append(p)
    worlds = [World(tuple(ps), segs, rocks) for (segs, rocks), ps in keys.items()]
    worlds.sort(key=lambda w: (not w.is_default, w.perspectives))
    return worlds


#: Extra coast vertices closer than this (degrees, about 2 m) to another vertex are
#: dropped: the spherical Delaunay triangulation cannot keep nearly coincident points.
VERTEX_MERGE_DEG = 2e-5


def world_vertices(xy, lab, world: World, waters: dict[str, dict[str, object]],
                   by_segment: dict, lon_from: float | None = None) -> tuple:
    """The coast vertices of a world: the land's ``(xy, lab)`` plus, per label, the
    vertices of its applied baselines (densified geodesics) and of its baseline waters;
    extra points within :data:`VERTEX_MERGE_DEG` of a kept vertex are dropped. Baseline
    longitudes start in ``[lon_from, lon_from + 360)`` (default: the build's continuous
    frame, :data:`~geo.zones.schema.COAST_FRAME`; ``-180`` for shipped files)."""
    import numpy as np
    from scipy.spatial import cKDTree

    from geo.zones.baselines import baseline_coords
    from geo.zones.oracle import ring_vertices
    from geo.zones.schema import COAST_FRAME

    pts, labs = [], []
    west = COAST_FRAME[0] if lon_from is None else lon_from
    for label, segs in world.segments:
        for seg in segs:
            c = baseline_coords(by_segment[seg], west)
            pts.append(c)
            labs += [label] * len(c)
        geoms = list(waters.get(label, {}).values())
        if geoms:
            c, _ = ring_vertices(np.asarray(geoms, dtype=object))
            pts.append(c)
            labs += [label] * len(c)
    lab = np.asarray(lab, dtype=object)
    if not pts:
        return xy, lab
    exy = np.concatenate(pts)
    elab = np.asarray(labs, dtype=object)
    d, _ = cKDTree(xy).query(exy, distance_upper_bound=VERTEX_MERGE_DEG)
    keep = ~np.isfinite(d)
    exy, elab = exy[keep], elab[keep]
    cell = np.round(exy / VERTEX_MERGE_DEG).astype(np.int64)
    _, first = np.unique(cell, axis=0, return_index=True)
    first.sort()
    return np.concatenate([xy, exy[first]]), np.concatenate([lab, elab[first]])


def world_of(perspective: str, baselines: Sequence[Baseline], segment_label: Mapping[str, str],
             sovereignty, entitlements=None,
             point_label: Mapping[str, Sequence[str]] | None = None,
             catalog: dict[str, Baseline] | None = None) -> World:
    """The world of one ``perspective`` (``administering`` or ISO3): the baselines that
    apply along each label's coast and the labels that are rocks under it."""
    labels = sorted(set(segment_label.values()) | set(sovereignty["label"].astype(str))
                    | {lab for labs in (point_label or {}).values() for lab in labs})
    owners = owner_maps(sovereignty, labels)
    owner = owners.get(perspective, owners[DEFAULT_PERSPECTIVE])
    rocks: list[str] = []
    if entitlements is not None:
        from geo.zones.entitlements import entitlement_of

        rocks = [lab for lab in labels
                 if entitlement_of(entitlements, lab, perspective) == "rock"]
    return make_worlds(baselines, segment_label, {perspective: owner},
                       {perspective: rocks}, point_label, catalog)[0]

