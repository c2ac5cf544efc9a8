"""Area report of the shipped 200-nm zones, per state and perspective, vs published figures.

For each state, the geodesic area (WGS84, ``GEOD.geometry_area_perimeter``) of its
200-nm zone (``eez`` rows: territorial sea + contiguous zone + EEZ, all water 0-200 nm
from the coast, cut by median lines) under the administering view and under Japan's
view, composed from the per-label rows of ``data/zones.parquet`` with
``data/sovereignty.csv``. Published figures are printed where we can cite one.

Zones are clipped to ``ZONES_FRAME`` (105 E - 170 W, 15 N - 62 N): states with waters
outside it (PHL, VNM, USA, RUS, MHL) are partial here. Run from the repository root::

    python benchmarks/zone_areas.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: Published areas (km2) of territorial sea (with internal waters) + EEZ, with sources.
PUBLISHED = {
    "JPN": (4_470_000, "Japan Coast Guard, 'Japan's territorial sea and EEZ': about "
                       "4.47 million km2 (territorial sea incl. internal waters + EEZ)"),
}
STATES = ("JPN", "KOR", "PRK", "CHN", "TWN", "RUS", "USA", "PHL", "VNM", "MHL")


def owners(perspective: str) -> dict[str, str]:
    """label -> owner under ``perspective`` (labels without a row fall back to
    ``administering``; plain ISO3 labels own themselves)."""
    from geo._paths import data_path

    table: dict[tuple[str, str], str] = {}
    with open(data_path("sovereignty.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[(row["label"], row["perspective"])] = row["owner"]
    labels = {label for label, _ in table}
    return {lab: table.get((lab, perspective), table[(lab, "administering")])
            for lab in labels}


def main() -> int:
    import geopandas as gpd

    from geo._paths import data_path
    from geo.geodesy import GEOD

    zones = gpd.read_parquet(data_path("zones.parquet"))
    eez = zones[zones["kind"] == "eez"]
    area = {lab: abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
            for lab, g in zip(eez["label"], eez.geometry, strict=True)}
    views = {"administering": owners("administering"), "JPN view": owners("JPN")}
    print(f"{'state':6} {'administering km2':>18} {'JPN view km2':>14} {'published km2':>14}"
          "  source")
    for state in STATES:
        row = []
        for mapping in views.values():
            total = sum(a for lab, a in area.items() if mapping.get(lab, lab) == state)
            row.append(total)
        pub, src = PUBLISHED.get(state, (None, ""))
        pub_s = f"{pub:>14,.0f}" if pub else f"{'-':>14}"
        print(f"{state:6} {row[0]:>18,.0f} {row[1]:>14,.0f} {pub_s}  {src}")
    print("\nper label (eez rows, km2):")
    for lab in sorted(area):
        print(f"  {lab:16} {area[lab]:>12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
