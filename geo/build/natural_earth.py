"""Natural Earth 10m admin-0 countries from the npm package ``world-atlas`` 2.0.2.

``world-atlas`` redistributes Natural Earth 4.1.0 (public domain) as TopoJSON under the
ISC licence. Its ``countries-10m.json`` holds 255 admin-0 units whose ``id`` is the
ISO 3166-1 numeric code (absent for units without one, e.g. Kosovo, Spratly Is.). The
geometry is lon/lat degrees (WGS84), already cut at the antimeridian by Natural Earth
(Russia, Fiji and the USA have parts on both sides of +/-180).

The package is fetched at build time with ``npm pack world-atlas@2.0.2`` into a cache
folder and its SHA-256 is checked before use.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

from geo._paths import sha256_file

WORLD_ATLAS_PACKAGE = "world-atlas"
WORLD_ATLAS_VERSION = "2.0.2"
WORLD_ATLAS_TARBALL = f"{WORLD_ATLAS_PACKAGE}-{WORLD_ATLAS_VERSION}.tgz"
#: SHA-256 of the registry tarball (its sha512 integrity matches the npm registry's
#: ``dist.integrity``; sha1 4bca4a578f3a413bd409c3f07f2054fe7375824f).
WORLD_ATLAS_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
COUNTRIES_MEMBER = "package/countries-10m.json"

#: Natural Earth units that have no ISO 3166-1 numeric id of their own in world-atlas
#: (none, or their sovereign's: Ashmore and Cartier Is. carry Australia's 036): name ->
#: (code, sovereign). Codes are Natural Earth's own ``ADM0_A3`` (not ISO, except XKX, the
#: user-assigned code the EU and others use for Kosovo); the sovereign is the state that
#: administers the unit (Natural Earth's ``SOV_A3`` mapped to ISO). The Spratly Is. and
#: Scarborough Reef are contested by several states and keep their own code as sovereign.
NO_ISO_UNITS: dict[str, tuple[str, str]] = {
    "Akrotiri": ("WSB", "GBR"),
    "Dhekelia": ("ESB", "GBR"),
    "Somaliland": ("SOL", "SOM"),
    "Kosovo": ("XKX", "XKX"),
    "USNB Guantanamo Bay": ("USG", "USA"),
    "N. Cyprus": ("CYN", "CYP"),
    "Cyprus U.N. Buffer Zone": ("CNM", "CYP"),
    "Siachen Glacier": ("KAS", "IND"),
    "Baikonur": ("KAB", "KAZ"),
    "Indian Ocean Ter.": ("IOA", "AUS"),
    "Coral Sea Is.": ("CSI", "AUS"),
    "Spratly Is.": ("PGA", "PGA"),
    "Clipperton I.": ("CLP", "FRA"),
    "Bajo Nuevo Bank": ("BJN", "COL"),
    "Serranilla Bank": ("SER", "COL"),
    "Scarborough Reef": ("SCR", "SCR"),
    "Ashmore and Cartier Is.": ("ATC", "AUS"),
}

#: Dependent territories -> sovereign state (ISO 3166-1 alpha-3). Every unit not listed
#: here (and not in :data:`NO_ISO_UNITS`) is its own sovereign. Self-governing states in
#: free association (Cook Islands, Niue) are listed with New Zealand as Natural Earth does.
TERRITORY_SOVEREIGN: dict[str, str] = {
    # United States
    "ASM": "USA", "GUM": "USA", "MNP": "USA", "PRI": "USA", "VIR": "USA", "UMI": "USA",
    # China
    "HKG": "CHN", "MAC": "CHN",
    # United Kingdom
    "AIA": "GBR", "BMU": "GBR", "IOT": "GBR", "VGB": "GBR", "CYM": "GBR", "FLK": "GBR",
    "GIB": "GBR", "MSR": "GBR", "PCN": "GBR", "SHN": "GBR", "SGS": "GBR", "TCA": "GBR",
    "GGY": "GBR", "JEY": "GBR", "IMN": "GBR",
    # France
    "PYF": "FRA", "ATF": "FRA", "NCL": "FRA", "SPM": "FRA", "WLF": "FRA", "BLM": "FRA",
    "MAF": "FRA",
    # Netherlands
    "ABW": "NLD", "CUW": "NLD", "SXM": "NLD",
    # Denmark, Norway, Finland
    "FRO": "DNK", "GRL": "DNK", "SJM": "NOR", "BVT": "NOR", "ALA": "FIN",
    # Australia, New Zealand
    "HMD": "AUS", "NFK": "AUS", "CXR": "AUS", "CCK": "AUS",
    "COK": "NZL", "NIU": "NZL", "TKL": "NZL",
}


def fetch_world_atlas(cache: Path) -> Path:
    """Return the path of the verified ``world-atlas`` tarball in ``cache``.

    Runs ``npm pack world-atlas@2.0.2`` (registry download) when the tarball is not
    cached yet. Raises ``RuntimeError`` if npm is missing or fails, or if the file's
    SHA-256 differs from :data:`WORLD_ATLAS_SHA256`.
    """
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / WORLD_ATLAS_TARBALL
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm not found: it is needed once to fetch world-atlas@2.0.2")
        print(f"fetching {WORLD_ATLAS_PACKAGE}@{WORLD_ATLAS_VERSION} with npm pack ...",
              file=sys.stderr)
        proc = subprocess.run(
            [npm, "pack", f"{WORLD_ATLAS_PACKAGE}@{WORLD_ATLAS_VERSION}", "--silent"],
            cwd=cache, capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0 or not tarball.exists():
            raise RuntimeError(f"npm pack {WORLD_ATLAS_PACKAGE}@{WORLD_ATLAS_VERSION} failed: "
                               f"{proc.stderr.strip()[-500:]}")
    digest = sha256_file(tarball)
    if digest != WORLD_ATLAS_SHA256:
        raise RuntimeError(f"{tarball}: sha256 {digest} != expected {WORLD_ATLAS_SHA256}; "
                           "delete the file to fetch it again")
    return tarball


def read_topology(tarball: Path, member: str = COUNTRIES_MEMBER) -> dict[str, Any]:
    """Read one TopoJSON member of the ``world-atlas`` tarball (no extraction on disk)."""
    with tarfile.open(tarball, "r:gz") as tar:
        f = tar.extractfile(member)
        if f is None:
            raise RuntimeError(f"{tarball}: {member} is not a regular file")
        return json.load(f)


def iso_codes(numeric: str | None, name: str) -> tuple[str, str]:
    """Map a world-atlas unit to ``(iso3, sovereign)``.

    ``numeric`` is the ISO 3166-1 numeric id (string, e.g. ``"392"``) or ``None``; units
    without one are looked up by ``name`` in :data:`NO_ISO_UNITS`. Raises ``KeyError``
    naming the unit when neither table knows it.
    """
    if name in NO_ISO_UNITS:
        return NO_ISO_UNITS[name]
    if numeric is None:
        if name not in NO_ISO_UNITS:
            raise KeyError(f"Natural Earth unit {name!r} has no ISO numeric id and is not in "
                           "NO_ISO_UNITS")
        return NO_ISO_UNITS[name]
    import pycountry

    country = pycountry.countries.get(numeric=numeric.zfill(3))
    if country is None:
        raise KeyError(f"Natural Earth unit {name!r}: ISO numeric {numeric!r} unknown to "
                       "pycountry")
    iso3 = country.alpha_3
    return iso3, TERRITORY_SOVEREIGN.get(iso3, iso3)


def countries_frame(topology: dict[str, Any], precision: float = 1e-5):
    """Build the countries GeoDataFrame from the decoded topology.

    Columns: ``iso3``, ``name``, ``sovereign``, ``iso_numeric`` (``""`` when absent),
    ``geometry`` (valid MultiPolygon, lon/lat degrees rounded to ``precision``). Rows are
    sorted by ``iso3`` then ``name``.
    """
    import geopandas as gpd
    import shapely

    from geo.build.topojson import iter_features

    rows = []
    degenerate = 0
    for feat in iter_features(topology, "countries"):
        name = str(feat.properties.get("name", ""))
        iso3, sovereign = iso_codes(feat.id, name)
        polys = []
        for rings in feat.polygons:
            # quantization collapses a few tiny islets to < 4 points: no area, skipped
            if len(rings[0]) < 4:
                degenerate += 1
                continue
            rings = [fix_antimeridian_ring(r) for r in rings]
            polys.append(shapely.Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4]))
        geom = shapely.MultiPolygon(polys)
        geom = clean_polygonal(geom, precision)
        rows.append((iso3, name, sovereign, feat.id or "", geom))
    if degenerate:
        print(f"countries: skipped {degenerate} degenerate ring(s) (< 4 points, zero area)",
              file=sys.stderr)
    rows.sort(key=lambda r: (r[0], r[1]))
    codes = [r[0] for r in rows]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise ValueError(f"Natural Earth units share an ISO3 code: {dupes}")
    return gpd.GeoDataFrame(
        {"iso3": codes, "name": [r[1] for r in rows], "sovereign": [r[2] for r in rows],
         "iso_numeric": [r[3] for r in rows]},
        geometry=[r[4] for r in rows], crs="EPSG:4326",
    )


def fix_antimeridian_ring(ring):
    """Put a ring's stray points at -180 (or +180) on the side where the ring lies.

    Natural Earth cuts polygons at the antimeridian and TopoJSON quantization writes some
    cut points at -180 in rings that otherwise lie east of 0 (Russia's Chukotka, Fiji);
    read as planar lon/lat such a ring crosses the whole map. A ring with points on both
    sides of 0 away from +/-180 (Antarctica) is left alone.
    """
    import numpy as np

    lon = ring[:, 0]
    edge = np.abs(lon) >= 180.0 - 1e-9
    inner = lon[~edge]
    if not edge.any() or inner.size == 0:
        return ring
    if np.all(inner > 0) or np.all(inner < 0):
        out = ring.copy()
        out[edge, 0] = 180.0 if inner[0] > 0 else -180.0
        return out
    return ring


def clean_polygonal(geom, precision: float = 1e-5):
    """Round to ``precision`` degrees, make valid and keep only the polygonal part.

    Returns a MultiPolygon (possibly empty).
    """
    import shapely

    geom = shapely.make_valid(geom)
    geom = shapely.make_valid(shapely.set_precision(geom, precision))
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon | shapely.MultiPolygon)]
    polys = []
    for g in parts:
        polys.extend(shapely.get_parts(g))
    polys = [p for p in polys if not p.is_empty and p.area > 0]
    out = shapely.MultiPolygon(polys) if polys else shapely.MultiPolygon()
    return shapely.normalize(out) if not out.is_empty else out
