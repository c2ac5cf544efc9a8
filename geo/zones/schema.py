"""The schema of the shipped zone data: one place for names every zone module shares.

Files (all in ``data/``, all WGS84 lon/lat, EPSG:4326):

``zones.parquet`` (GeoParquet)
    One row per (label, kind) and world (see ``perspectives``). ``label`` is an ISO3
    state code or a disputed-feature group from ``sovereignty.csv`` (e.g. ``senkaku``); ``kind`` is one of
    :data:`ZONE_KINDS`. Nested the way Marine Regions draws them: ``territorial_sea`` is
    water 0-12 nm from the coast, ``contiguous_zone`` water 12-24 nm, ``eez`` all water
    0-200 nm (territorial sea and contiguous zone included). Each is cut by the median
    line (or an agreed boundary) against every other label, land removed. Column
    ``overlap`` (second geometry) is the part of the row's zone that lies within the
    same distance of another label's coast: there the limit is a median line or an
    agreed boundary, elsewhere the full distance is uncontested. Also ``limit_nm``,
    ``area_km2`` and ``overlap_km2`` (geodesic). Complete inside :data:`ZONES_FRAME`.
    ``internal_waters`` / ``archipelagic_waters`` rows are the water landward of the
    label's baselines (``baselines.csv``); the belts are measured from the baselines
    there. Column ``perspectives``: empty for a row that holds under every view, else the
    ``|``-joined views under which it holds (its label's coast, baselines or entitlement
    differ between views); a view named by no row takes the rows of ``administering``.
``land.parquet`` (GeoParquet)
    The coastline polygons the zones were computed from (one row per island or
    landmass, column ``label``), for "fell on land", overflight and coast distances. Also
    ``gshhg_id``, ``assigned_by`` (how the label was decided) and ``area_km2``. Its vertices
    are the coast (see :func:`geo.zones.oracle.coast_vertices`); clipped to
    :data:`COAST_FRAME`.
``countries.parquet`` (GeoParquet)
    Natural Earth 10m admin-0 countries of the world: ``iso3``, ``name``,
    ``sovereign`` (ISO3 of the sovereign state), ``iso_numeric``, geometry.
``sovereignty.csv``
    label, perspective, owner, source: who owns each disputed label under each view.
``agreed_boundaries.csv``
    Treaty lines (turning points) and the areas where they replace the median line
    (:mod:`geo.zones.agreed`).
``coast_corrections.csv``
    GSHHG polygons the build moves onto cited positions (:mod:`geo.build.corrections`).
``zones_build.json``
    The build's inputs (package names, versions, file hashes), parameters and outputs.
"""

from __future__ import annotations

#: Zone kinds, innermost first: the waters landward of straight baselines / closing lines
#: (UNCLOS arts. 7-10) and of archipelagic baselines (art. 47), then the belts measured
#: from the baselines.
ZONE_KINDS = ("internal_waters", "archipelagic_waters", "territorial_sea", "contiguous_zone",
              "eez")

#: The kinds measured as a distance from the baseline, innermost first.
MEASURED_KINDS = ("territorial_sea", "contiguous_zone", "eez")

#: The kinds landward of the baselines.
BASELINE_WATER_KINDS = ("internal_waters", "archipelagic_waters")

#: Outer limit of each kind, in nautical miles from the baseline (0: landward of it).
ZONE_LIMIT_NM = {"internal_waters": 0.0, "archipelagic_waters": 0.0,
                 "territorial_sea": 12.0, "contiguous_zone": 24.0, "eez": 200.0}

#: Status of a zone at a point.
#: ``agreed``: the limit there is a boundary fixed by treaty (``agreed_boundaries.csv``);
#: ``median line``: another state's zone would reach the point and the median
#: (equidistance) line decides; ``disputed``: perspectives disagree on who owns the
#: feature the zone is measured from; ``uncontested``: no other state's coast is within
#: the zone's distance, so the full 200 / 24 / 12 nm applies.
STATUSES = ("agreed", "median line", "disputed", "uncontested")

#: The default perspective: each disputed feature belongs to the state that administers it.
DEFAULT_PERSPECTIVE = "administering"

ZONES_FILE = "zones.parquet"
LAND_FILE = "land.parquet"
COUNTRIES_FILE = "countries.parquet"
SOVEREIGNTY_FILE = "sovereignty.csv"
BUILD_RECORD_FILE = "zones_build.json"
AGREED_BOUNDARIES_FILE = "agreed_boundaries.csv"
COAST_CORRECTIONS_FILE = "coast_corrections.csv"

#: Where the shipped zones are complete: (west, south, east, north) in degrees, with
#: longitudes east of 180 written past 180 (190 = 170 W). ``zones.parquet`` is clipped to
#: it; every point inside it that lies within 200 nm of a coast is covered.
ZONES_FRAME = (105.0, 15.0, 190.0, 62.0)

#: The coast the zones are measured from: every GSHHG shore inside this box (same
#: longitude convention), which holds all coast within 200 nm of :data:`ZONES_FRAME`.
#: ``land.parquet`` is clipped to it; vertices on its edges are cuts, not coast.
COAST_FRAME = (100.0, 11.5, 200.0, 66.0)
