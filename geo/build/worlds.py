"""Perspective worlds: which baselines and entitlements shape the zones under each view.

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

from geo.zones.baselines import Baseline, applies
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
                rock_labels: Mapping[str, Sequence[str]]) -> list[World]:
    """Group the perspectives of ``owners`` (``{perspective: {label: owner}}``) into
    worlds; ``rock_labels[perspective]`` names the labels that are rocks under it.
    The default world comes first, the others in the order of their first perspective."""
    keys: dict[tuple, list[str]] = {}
    for p, owner in owners.items():
        by_label: dict[str, list[str]] = {}
        for b in baselines:
            lab = segment_label[b.segment]
            if applies(b, lab, owner):
                by_label.setdefault(lab, []).append(b.segment)
        segs = tuple(sorted((lab, tuple(sorted(v))) for lab, v in by_label.items()))
        rocks = tuple(sorted(set(rock_labels.get(p, ()))))
        keys.setdefault((segs, rocks), []).append(p)
    worlds = [World(tuple(ps), segs, rocks) for (segs, rocks), ps in keys.items()]
    worlds.sort(key=lambda w: (not w.is_default, w.perspectives))
    return worlds


@dataclass
class Plan:
    """Everything the world builds need besides the coast: read once from the tables."""

    baselines: list
    segment_label: dict[str, str]
    worlds: list[World]
    special: tuple[tuple[str, float, object], ...]
    boundaries_applied: list
    records: dict[str, object]

    def input_records(self) -> dict[str, object]:
        """The build record's entries for the tables the plan read."""
        return self.records


def plan_worlds(tables, pieces, boundaries=()) -> Plan:
    """Read baselines, sovereignty, entitlements and Japan's specified areas from the
    folder ``tables`` and group the perspectives into worlds for the labelled land
    ``pieces`` (continuous longitudes, :data:`geo.zones.schema.COAST_FRAME`)."""
    from pathlib import Path

    from geo.build.output import sha256
    from geo.geodesy import NM
    from geo.zones.baselines import BASELINES_FILE, read_baselines, segment_labels
    from geo.zones.schema import COAST_FRAME, SOVEREIGNTY_FILE
    from geo.zones.sovereignty import read_sovereignty

    tables = Path(tables)
    records: dict[str, object] = {}
    baselines = read_baselines(tables / BASELINES_FILE)
    seg_label = segment_labels(baselines, pieces.geometry.values, pieces["label"].to_numpy(),
                               lon_from=COAST_FRAME[0])
    records[BASELINES_FILE] = {"sha256": sha256(tables / BASELINES_FILE),
                               "segments": [{**b.record(), "label": seg_label[b.segment]}
                                            for b in baselines]}
    sov = read_sovereignty(tables / SOVEREIGNTY_FILE)
    labels = sorted(set(pieces["label"]))
    owners = owner_maps(sov, labels)
    rocks: dict[str, list[str]] = {}
    ent_path = tables / "entitlements.csv"
    if ent_path.exists():
        from geo.zones.entitlements import entitlement_of, read_entitlements

        ent = read_entitlements(ent_path)
        persps = sorted(set(owners) | set(ent["perspective"].astype(str)))
        for p in persps:
            owners.setdefault(p, owners["administering"])
            rocks[p] = [lab for lab in labels if entitlement_of(ent, lab, p) == "rock"]
        records["entitlements.csv"] = {"sha256": sha256(ent_path)}
    worlds = make_worlds(baselines, seg_label, owners, rocks)
    special: list[tuple[str, float, object]] = []
    sa_path = tables / "specified_areas.csv"
    if sa_path.exists():
        import shapely

        from geo.zones.specified_areas import read_specified_areas

        sa = read_specified_areas(sa_path)
        for row in sa.itertuples(index=False):
            special.append(("JPN", float(row.limit_nm) * NM, shapely.make_valid(row.geometry)))
        records["specified_areas.csv"] = {"sha256": sha256(sa_path),
                                          "areas": sorted(sa["area"].astype(str))}
    return Plan(baselines, seg_label, worlds, tuple(special), list(boundaries), records)


#: Width (degrees) of the sliver polygon that stands for a baseline line among the shapes
#: the limits are measured from (a tenth of a metre: construction only).
LINE_SLIVER_DEG = 1e-6


def build_worlds(plan: Plan, pieces, xy, lab, boundaries, t0: float):
    """Zone rows of every world, merged: ``(rows, world records)``.

    Rows are ``(label, kind, zone, overlap, agreed, perspectives)``; a (label, kind)
    whose geometry is the same in every world is one row with ``perspectives`` ``None``,
    otherwise one row per distinct geometry naming its views.
    """
    import time

    import numpy as np
    import shapely

    from geo.build.agreed import apply_agreed
    from geo.build.buffers import geodesic_buffers
    from geo.build.coast import progress
    from geo.build.median import FRAME_STEP_DEG, nearest_regions
    from geo.build.zones import world_zone_geometries
    from geo.geodesy import NM, geodesic_area_km2
    from geo.zones.agreed import decide_sides
    from geo.zones.baselines import baseline_coords, enclosed_waters
    from geo.zones.schema import COAST_FRAME, MEASURED_KINDS, ZONE_LIMIT_NM, ZONES_FRAME

    by_segment = {b.segment: b for b in plan.baselines}
    geoms = np.asarray(pieces.geometry.values, dtype=object)
    plabels = pieces["label"].to_numpy()
    bnd = decide_sides([b.in_frame(COAST_FRAME[0]) for b in boundaries], xy, lab)
    plan.boundaries_applied = bnd
    box = shapely.segmentize(shapely.box(*ZONES_FRAME), FRAME_STEP_DEG)
    near = shapely.intersects(geoms, shapely.buffer(box, 0.5))
    progress("  land union ...")
    land_union = shapely.union_all(geoms[near])
    dists = sorted({ZONE_LIMIT_NM[k] * NM for k in MEASURED_KINDS}
                   | {limit for _, limit, _ in plan.special})
    water_cache: dict[tuple, tuple[dict[str, object], list]] = {}
    buf_cache: dict[tuple, dict[float, object]] = {}
    results: list[tuple[World, dict[tuple[str, str], tuple]]] = []
    records = []
    base_regions: dict[str, object] = {}
    base_keys: dict[str, tuple] = {}
    for wi, w in enumerate(plan.worlds):
        name = "|".join(w.perspectives)
        waters: dict[str, dict[str, object]] = {}
        extras: dict[str, list] = {}
        for label, segs in w.segments:
            key = (label, segs)
            if key not in water_cache:
                bls = [by_segment[s] for s in segs]
                mine = geoms[plabels == label]
                got: dict[str, object] = {}
                slivers = [shapely.buffer(shapely.LineString(baseline_coords(b, COAST_FRAME[0])),
                                          LINE_SLIVER_DEG) for b in bls]
                for kind in sorted({b.water_kind for b in bls}):
                    enc = enclosed_waters([b for b in bls if b.water_kind == kind], mine,
                                          lon_from=COAST_FRAME[0])
                    if not enc.water.is_empty:
                        got[kind] = enc.water
                    for seg in enc.open_segments:
                        progress(f"    {seg}: landward water open to the sea (turning points "
                                 "missing?); no internal water behind it")
                water_cache[key] = (got, [*got.values(), *slivers])
            waters[label], extras[label] = water_cache[key]
            for kind, g in waters[label].items():
                progress(f"    {label} {kind}: {geodesic_area_km2(g):,.0f} km2")
        wxy, wlab = world_vertices(xy, lab, w, waters, by_segment)
        progress(f"  world {wi + 1}/{len(plan.worlds)} {name}: median lines "
                 f"({len(wxy)} vertices) [{time.monotonic() - t0:.0f} s]")
        regions = apply_agreed(nearest_regions(wxy, wlab, ZONES_FRAME), bnd)
        if w.rocks:
            keep = ~np.isin(wlab, list(w.rocks))
            eez_regions = apply_agreed(nearest_regions(wxy[keep], wlab[keep], ZONES_FRAME), bnd)
        else:
            eez_regions = regions
        keys = {label: (label, w.segments_of(label)) for label in regions}
        changed = {label for label in regions if wi and (
            keys[label] != base_keys.get(label) or label in w.rocks)}
        for label in regions:
            if keys[label] not in buf_cache:
                mine = [*geoms[plabels == label], *extras.get(label, [])]
                progress(f"  buffers {label} ({len(mine)} polygons) ...")
                buf_cache[keys[label]] = dict(zip(dists, geodesic_buffers(mine, tuple(dists)),
                                                  strict=True))
        bufs = {label: buf_cache[keys[label]] for label in regions}
        if wi:
            d200 = ZONE_LIMIT_NM["eez"] * NM
            redo = set(changed)
            for label in regions:
                if not shapely.equals_exact(regions[label], base_regions.get(label), 0.0) or (
                        not shapely.equals_exact(eez_regions[label], base_regions.get(label), 0.0)):
                    redo.add(label)
                if any(shapely.intersects(bufs[c][d200], bufs[label][d200]) for c in changed):
                    redo.add(label)
            sub = {label: regions[label] for label in redo}
            sub_eez = {label: eez_regions[label] for label in redo if label in eez_regions}
            progress(f"  world {name}: zones of {', '.join(sorted(redo)) or 'no label'} differ")
        else:
            sub, sub_eez = regions, eez_regions
            base_regions = dict(regions)
            base_keys = dict(keys)
        rows = world_zone_geometries(None, sub, sub_eez, ZONES_FRAME, bnd, bufs=bufs,
                                     waters={k: v for k, v in waters.items() if k in sub},
                                     rocks=w.rocks, special=plan.special,
                                     land_union=land_union, dry=shapely.union_all(
                                         [land_union, *[g for v in waters.values()
                                                        for g in v.values()]]))
        results.append((w, {(r[0], r[1]): r[2:] for r in rows}))
        records.append({**w.record(), "labels_computed": sorted(sub)})
    return merge_worlds(results), records


def merge_worlds(results: list[tuple[World, dict[tuple[str, str], tuple]]]) -> list[tuple]:
    """Merge per-world rows ``{(label, kind): (zone, overlap, agreed)}`` (the first world
    the default, later worlds holding only the labels they recomputed) into shipped rows
    ``(label, kind, zone, overlap, agreed, perspectives)``."""
    import shapely

    def same(a: tuple, b: tuple) -> bool:
        return all(shapely.equals_exact(shapely.normalize(x), shapely.normalize(y), 0.0)
                   for x, y in zip(a, b, strict=True))

    base_world, base = results[0]
    keys = list(base)
    for _, res in results[1:]:
        keys += [k for k in res if k not in base and k not in keys]
    out = []
    for label, kind in keys:
        groups: list[tuple[list[str], tuple]] = []
        for w, res in results:
            recomputed = w is base_world or any(k[0] == label for k in res)
            g = (res if recomputed else base).get((label, kind))
            if g is None:
                continue  # the kind does not exist under this world's views (a rock's EEZ)
            for persps, g0 in groups:
                if same(g, g0):
                    persps.extend(w.perspectives)
                    break
            else:
                groups.append((list(w.perspectives), g))
        everywhere = len(groups) == 1 and len(groups[0][0]) == sum(
            len(w.perspectives) for w, _ in results)
        for persps, g in groups:
            out.append((label, kind, *g, None if everywhere else "|".join(persps)))
    return out


#: Extra coast vertices closer than this (degrees, about 2 m) to another vertex are
#: dropped: the spherical Delaunay triangulation cannot keep nearly coincident points.
VERTEX_MERGE_DEG = 2e-5


def world_vertices(xy, lab, world: World, waters: dict[str, dict[str, object]],
                   by_segment: dict) -> tuple:
    """The coast vertices of a world: the land's ``(xy, lab)`` plus, per label, the
    vertices of its applied baselines (densified geodesics) and of its baseline waters;
    extra points within :data:`VERTEX_MERGE_DEG` of a kept vertex are dropped."""
    import numpy as np
    from scipy.spatial import cKDTree

    from geo.zones.baselines import baseline_coords
    from geo.zones.oracle import ring_vertices
    from geo.zones.schema import COAST_FRAME

    pts, labs = [], []
    for label, segs in world.segments:
        for seg in segs:
            c = baseline_coords(by_segment[seg], COAST_FRAME[0])
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
