"""The zone build of every perspective world (:mod:`geo.zones.worlds`).

Perspectives that agree on owners' baselines and entitlements share a world; the build
computes the default world in full and, for every other world, the labels whose zones
differ; :func:`merge_worlds` ships one row per (label, kind) where all worlds agree and
one row per distinct geometry, naming its views, where they do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.zones.worlds import World, make_worlds, owner_maps, world_vertices


@dataclass
class Plan:
    """Everything the world builds need besides the coast: read once from the tables."""

    baselines: list
    segment_label: dict[str, str]
    worlds: list[World]
    special: tuple[tuple[str, float, object], ...]
    boundaries_applied: list
    records: dict[str, object]
    #: every applied piece of a baseline by name (a whole segment or ``<segment>[i-j]``)
    catalog: dict

    def input_records(self) -> dict[str, object]:
        """The build record's entries for the tables the plan read."""
        return self.records


def plan_worlds(tables, pieces, boundaries=(), region=None) -> Plan:
    """Read baselines, sovereignty, entitlements and Japan's specified areas from the
    folder ``tables`` and group the perspectives into worlds for the labelled land
    ``pieces`` (continuous longitudes of the region's coast frame; ``region``: a
    :class:`geo.build.regions.Region`, default the NW Pacific of
    :data:`geo.zones.schema.COAST_FRAME`). Only the baselines with a turning point in the
    coast frame are used."""
    from pathlib import Path

    from geo.build.output import sha256
    from geo.build.regions import get_region
    from geo.geodesy import NM
    from geo.zones.baselines import (
        BASELINES_FILE,
        baseline_coords,
        majority_labels,
        point_labels,
        read_baselines,
    )
    from geo.zones.schema import SOVEREIGNTY_FILE
    from geo.zones.sovereignty import read_sovereignty

    region = region or get_region(None)
    tables = Path(tables)
    records: dict[str, object] = {}
    baselines = [b for b in read_baselines(tables / BASELINES_FILE)
                 if touches(baseline_coords(b, region.lon_from, step_m=1e12),
                            region.coast_frame)]
    per_point = point_labels(baselines, pieces.geometry.values, pieces["label"].to_numpy(),
                             lon_from=region.lon_from)
    seg_label = majority_labels(per_point)
    records[BASELINES_FILE] = {"sha256": sha256(tables / BASELINES_FILE),
                               "segments": [{**b.record(), "label": seg_label[b.segment]}
                                            for b in baselines]}
    full_sov = read_sovereignty(tables / SOVEREIGNTY_FILE)
    sov, used = sovereignty_in_frame(full_sov, pieces)
    records[SOVEREIGNTY_FILE] = {"sha256": sha256(tables / SOVEREIGNTY_FILE),
                                 "labels_used": used, "rows_used_sha256": rows_digest(sov)}
    labels = sorted(set(pieces["label"]) | set(sov["label"].astype(str)))
    owners = owner_maps(sov, labels)
    rocks: dict[str, list[str]] = {}
    from geo.zones.entitlements import ENTITLEMENTS_FILE, entitlement_of, read_entitlements
    from geo.zones.specified_areas import SPECIFIED_AREAS_FILE, read_specified_areas

    ent_path = tables / ENTITLEMENTS_FILE
    if ent_path.exists():
        ent = read_entitlements(ent_path, labels=set(full_sov["label"].astype(str)))
        ent = ent[ent["label"].astype(str).isin(used)]  # the features of this frame
        persps = sorted(set(owners) | set(ent["perspective"].astype(str)))
        for p in persps:
            owners.setdefault(p, owners["administering"])
            rocks[p] = [lab for lab in labels if entitlement_of(ent, lab, p) == "rock"]
        records[ENTITLEMENTS_FILE] = {"sha256": sha256(ent_path)}
    catalog: dict = {}
    worlds = make_worlds(baselines, seg_label, owners, rocks, per_point, catalog)
    special: list[tuple[str, float, object]] = []
    sa_path = tables / SPECIFIED_AREAS_FILE
    if sa_path.exists():
        import shapely

        sa = read_specified_areas(sa_path)
        for row in sa.itertuples(index=False):
            special.append(("JPN", float(row.limit_nm) * NM, shapely.make_valid(row.geometry)))
        records[SPECIFIED_AREAS_FILE] = {"sha256": sha256(sa_path),
                                          "areas": sorted(sa["area"].astype(str))}
    return Plan(baselines, seg_label, worlds, tuple(special), list(boundaries), records,
                catalog)


def touches(xy, frame: tuple[float, float, float, float]) -> bool:
    """True when any of the lon/lat points ``xy`` (n, 2; continuous longitudes of the
    frame's west edge) lies inside ``frame``."""
    import numpy as np

    from geo.geodesy import in_lonlat_box

    xy = np.asarray(xy, float)
    return bool(len(xy)) and bool(np.any(in_lonlat_box(xy[:, 0], xy[:, 1], frame)))


def sovereignty_in_frame(sov, pieces) -> tuple[object, list[str]]:
    """The rows of the sovereignty table whose label has land among ``pieces`` (the
    labelled land of the build's frame), and those labels, sorted.

    A dispute whose land lies outside the frame (Crimea, the Falklands, ...) cannot move
    a limit inside it, and a perspective named only by such rows would merely be one
    more name of the default world: leaving those rows out keeps the build of the frame,
    its worlds and the ``perspectives`` of its rows the same whatever is added
    elsewhere in the world (tests/test_world_disputes.py)."""
    present = set(pieces["label"].astype(str))
    keep = sov["label"].astype(str).isin(present).to_numpy()
    rows = sov[keep].reset_index(drop=True)
    return rows, sorted(set(rows["label"].astype(str)))


def rows_digest(sov) -> str:
    """SHA-256 of the (label, perspective, owner) rows the build used, sorted: changes
    exactly when a change of the table can change the build."""
    import hashlib

    lines = sorted("\t".join(map(str, r)) for r in
                   sov[["label", "perspective", "owner"]].itertuples(index=False))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


#: Half-width (degrees) of the sliver polygon that stands for a baseline line among the
#: shapes the limits are measured from (about a metre: construction only).
LINE_SLIVER_DEG = 1e-5


def build_worlds(plan: Plan, pieces, xy, lab, boundaries, t0: float, region=None,
                 cache=None):
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
    from geo.build.regions import get_region
    from geo.build.zones import world_zone_geometries
    from geo.geodesy import NM, geodesic_area_km2
    from geo.zones.agreed import decide_sides
    from geo.zones.baselines import baseline_coords, enclosed_waters
    from geo.zones.schema import MEASURED_KINDS, ZONE_LIMIT_NM

    region = region or get_region(None)
    COAST_FRAME, ZONES_FRAME = region.coast_frame, region.zones_frame  # noqa: N806
    boundaries = [b for b in boundaries if touches(b.in_frame(COAST_FRAME[0]).line, COAST_FRAME)]
    by_segment = {**{b.segment: b for b in plan.baselines}, **plan.catalog}
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
    water_cache: dict[tuple, tuple[dict[str, object], list, list]] = {}
    buf_cache: dict[tuple, dict[float, object]] = {}
    results: list[tuple[World, dict[tuple[str, str], tuple]]] = []
    records = []
    base_regions: dict[str, object] = {}
    base_eez_regions: dict[str, object] = {}
    base_keys: dict[str, tuple] = {}
    for wi, w in enumerate(plan.worlds):
        name = "|".join(w.perspectives)
        world_key = (wi, w.record())
        stored = cache.load(world_key) if cache is not None else None
        if stored is not None:
            rows, labels_computed, state = stored
            if not wi:
                base_regions, base_eez_regions, base_keys = state
            progress(f"  world {wi + 1}/{len(plan.worlds)} {name}: loaded from the cache "
                     f"[{time.monotonic() - t0:.0f} s]")
            results.append((w, {(r[0], r[1]): r[2:] for r in rows}))
            records.append({**w.record(), "labels_computed": labels_computed})
            continue
        waters: dict[str, dict[str, object]] = {}
        extras: dict[str, list] = {}
        lines: dict[str, list] = {}
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
                water_cache[key] = (got, list(got.values()), slivers)
            waters[label], extras[label], lines[label] = water_cache[key]
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
                grown = geodesic_buffers(mine, tuple(dists))
                if lines.get(label):
                    # the lines are buffered on their own: overlaid with the land first, a
                    # sliver this thin can be lost to the overlay's snapping
                    grown = [shapely.union(a, b) for a, b in zip(
                        grown, geodesic_buffers(lines[label], tuple(dists)), strict=True)]
                buf_cache[keys[label]] = dict(zip(dists, grown, strict=True))
        bufs = {label: buf_cache[keys[label]] for label in regions}
        if wi:
            d200 = ZONE_LIMIT_NM["eez"] * NM
            redo = set(changed)
            for label in regions:
                if not _same(regions.get(label), base_regions.get(label)) or not _same(
                        eez_regions.get(label), base_eez_regions.get(label)):
                    redo.add(label)
                if any(shapely.intersects(bufs[c][d200], bufs[label][d200]) for c in changed):
                    redo.add(label)
            sub = {label: regions[label] for label in redo}
            sub_eez = {label: eez_regions[label] for label in redo if label in eez_regions}
            progress(f"  world {name}: zones of {', '.join(sorted(redo)) or 'no label'} differ")
        else:
            sub, sub_eez = regions, eez_regions
            base_regions = dict(regions)
            base_eez_regions = dict(eez_regions)
            base_keys = dict(keys)
        rows = world_zone_geometries(None, sub, sub_eez, ZONES_FRAME, bnd, bufs=bufs,
                                     waters={k: v for k, v in waters.items() if k in sub},
                                     rocks=w.rocks, special=plan.special,
                                     land_union=land_union, dry=shapely.union_all(
                                         [land_union, *[g for v in waters.values()
                                                        for g in v.values()]]))
        results.append((w, {(r[0], r[1]): r[2:] for r in rows}))
        records.append({**w.record(), "labels_computed": sorted(sub)})
        if cache is not None:
            cache.store(world_key, (rows, sorted(sub), (base_regions, base_eez_regions,
                                                        base_keys) if not wi else None))
            progress(f"  world {wi + 1}/{len(plan.worlds)} {name}: stored in the cache")
    return with_legal_basis(merge_worlds(results), plan), records


def with_legal_basis(rows: list[tuple], plan: Plan) -> list[tuple]:
    """Name the instruments behind every internal / archipelagic waters row (its
    ``name``): the baselines of the row's label that apply under the row's first view."""
    from geo.zones.schema import BASELINE_WATER_KINDS, DEFAULT_PERSPECTIVE

    by_segment = {**{b.segment: b for b in plan.baselines}, **plan.catalog}
    out = []
    for r in rows:
        name = None
        if r[1] in BASELINE_WATER_KINDS:
            first = (r[5] or DEFAULT_PERSPECTIVE).split("|")[0]
            world = next(w for w in plan.worlds if first in w.perspectives)
            bls = [by_segment[s] for s in world.segments_of(r[0])
                   if by_segment[s].water_kind == r[1]]
            name = "; ".join(dict.fromkeys(f"{b.instrument} ({b.date})" for b in bls)) or None
        out.append((*r, name))
    return out


def _same(a, b) -> bool:
    """True when two optional geometries are both missing or exactly equal."""
    import shapely

    if a is None or b is None:
        return a is None and b is None
    return bool(shapely.equals_exact(a, b, 0.0))


def merge_worlds(results: list[tuple[World, dict[tuple[str, str], tuple]]]) -> list[tuple]:
    """Merge per-world rows ``{(label, kind): (zone, overlap, agreed)}`` (the first world
    the default, later worlds holding only the labels they recomputed) into shipped rows
    ``(label, kind, zone, overlap, agreed, perspectives, disputed_by)``: ``disputed_by``
    names the views under which the zone does not exist (a rock has no EEZ), ``None``
    when every view has it."""
    import shapely

    def same(a: tuple, b: tuple) -> bool:
        return all(_same(shapely.normalize(x), shapely.normalize(y))
                   for x, y in zip(a, b, strict=True))

    base_world, base = results[0]
    keys = list(base)
    for _, res in results[1:]:
        keys += [k for k in res if k not in base and k not in keys]
    out = []
    for label, kind in keys:
        groups: list[tuple[list[str], tuple]] = []
        denied: list[str] = []
        absent: list[str] = []
        for w, res in results:
            recomputed = w is base_world or any(k[0] == label for k in res)
            g = (res if recomputed else base).get((label, kind))
            if g is None:
                # the kind does not exist under this world's views: a rock has no EEZ (an
                # entitlement those views deny); baseline waters another owner does not
                # draw are not denied, only someone else's
                if label in w.rocks:
                    denied.extend(w.perspectives)
                absent.extend(w.perspectives)
                continue
            for persps, g0 in groups:
                if same(g, g0):
                    persps.extend(w.perspectives)
                    break
            else:
                groups.append((list(w.perspectives), g))
        everywhere = len(groups) == 1 and not absent
        disputed_by = "|".join(sorted(p for p in denied if p != "administering")) or None
        for persps, g in groups:
            out.append((label, kind, *g, None if everywhere else "|".join(persps), disputed_by))
    return out
