"""Area report of the shipped 200-nm zones, per state and perspective, vs published figures.

For each state, the geodesic area (WGS84, ``GEOD.geometry_area_perimeter``) of its
200-nm zone (``eez`` rows: territorial sea + contiguous zone + EEZ, all water 0-200 nm
from the coast, cut by median lines or agreed boundaries) under the administering view
and under Japan's view, composed from the per-label rows of ``data/zones.parquet`` with
``data/sovereignty.csv``. Then every published figure we can cite, next to the computed
area of the same thing, with the reason they differ.

Zones are clipped to ``ZONES_FRAME`` (105 E - 170 W, 15 N - 62 N): states with waters
outside it (PHL, VNM, USA, RUS, MHL) are partial here, and only their parts that lie
wholly inside the frame (Wake Island's zone) can be compared. Run from the repository
root::

    python benchmarks/zone_areas.py
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STATES = ("JPN", "KOR", "PRK", "CHN", "TWN", "RUS", "USA", "PHL", "VNM", "MHL")


@dataclass(frozen=True)
class Published:
    """A published area (km2) of some state's waters, what it counts, and its source.

    ``what`` names the computed quantity it is set beside (:func:`computed`): a state's
    200-nm zone under its own view (``view`` = the state), the zone of one label only
    (``view`` = ``"label"``), or the part of a label's zone around a gazetteer place
    (``view`` = ``"place:<place id>"``).
    """

    what: str
    view: str
    km2: float
    counts: str         # what the published figure includes
    source: str
    why: str            # why the computed figure differs


PUBLISHED = (
    Published("JPN", "JPN", 4_470_000,
              "territorial sea incl. internal waters (about 430,000) + EEZ incl. contiguous "
              "zone (about 4.05 million), Japan's claim",
              "Japan Coast Guard, as cited by the Tokyo Metropolitan Government, "
              "https://www.t-borderislands.metro.tokyo.lg.jp/en/eez and Kotobank/Kyodo",
              "under Japan's view (Takeshima and the southern Kurils Japan's), measured from "
              "the shoreline: no internal waters or straight baselines, which removes area, "
              "while every islet of the full-resolution coast (Okinotorishima included) "
              "claims its full median-line share; the near-equality is partly coincidence"),
    Published("KOR", "KOR", 288_045,
              "EEZ (method and treatment of unagreed waters not stated)",
              "Wikipedia, 'Exclusive economic zone of South Korea', "
              "https://en.wikipedia.org/wiki/Exclusive_economic_zone_of_South_Korea",
              "the computed zone counts the waters of Dokdo/Takeshima (about 60,000 km2, "
              "Korea's in its view) and the territorial sea, and takes the median line "
              "with China and Japan everywhere; Korea has agreed no EEZ boundary with "
              "either, so published figures divide those waters in other ways"),
    Published("CHN", "label", 880_000,
              "'internationally recognised' EEZ (a commentator's figure)",
              "The Japan Times, 'China's claims make waves', 5 August 2010, "
              "https://www.japantimes.co.jp/opinion/2010/08/05/commentary/chinas-claims-make-waves/",
              "compared with the zone of the mainland, Hainan and the coastal islands only "
              "(label CHN, without the Paracels, Taiwan and the Senkakus), cut at 15 N and "
              "at median lines; China itself claims about 3 million km2 (People's Daily, "
              "http://en.people.cn/90883/8330630.html), far beyond median lines"),
    Published("TWN", "label", 540_000,
              "territorial sea + EEZ claimed by the ROC ('over 540,000 km2')",
              "Coast Guard Administration (ROC) via Central News Agency, 2007, reprinted at "
              "http://tvsmo.com/b5/6/1/22/n1199387.htm",
              "compared with the zone of Taiwan, Penghu, Kinmen, Matsu and Pratas (label "
              "TWN); the claim reaches beyond median lines towards China, Japan and the "
              "Philippines and counts the Diaoyutai (about 74,000 km2 here, label senkaku); "
              "the computed zone stops at the median line with every neighbour"),
    Published("wake_island", "place:wake_island", 407_241,
              "EEZ of Wake Island (U.S.)",
              "Wikipedia, 'Wake Island' (infobox) and 'Exclusive economic zone of the "
              "United States' (table), https://en.wikipedia.org/wiki/Wake_Island",
              "the Wake-Marshall Islands limit is a median line here (the 2016 U.S.-RMI "
              "boundary treaty is not in agreed_boundaries.csv) and the limit is measured "
              "from GSHHG's Wake atoll shoreline, not from the reef baselines"),
)


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


def state_areas(eez, perspective: str) -> dict[str, float]:
    """state -> km2 of its 200-nm zone (``eez`` rows) under ``perspective``."""
    from geo.geodesy import GEOD

    mapping = owners(perspective)
    out: dict[str, float] = {}
    for lab, geom in zip(eez["label"], eez.geometry, strict=True):
        state = mapping.get(lab, lab)
        out[state] = out.get(state, 0.0) + abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
    return out


def place_component_km2(eez, label: str, place_id: str) -> float:
    """km2 of the part of ``label``'s 200-nm zone that surrounds a gazetteer place (the
    connected polygon nearest to it), e.g. Wake Island's zone inside the USA row."""
    import shapely

    from geo.gazetteer import load_gazetteer
    from geo.geodesy import GEOD

    place = load_gazetteer().get(place_id)
    geom = eez[eez["label"] == label].geometry.iloc[0]
    pt = shapely.Point(place.lon, place.lat)
    parts = list(shapely.get_parts(geom))
    part = min(parts, key=lambda p: p.distance(pt))
    return abs(GEOD.geometry_area_perimeter(part)[0]) / 1e6


def computed(eez, pub: Published) -> float:
    """The computed area (km2) matching a :class:`Published` figure."""
    from geo.geodesy import GEOD

    if pub.view.startswith("place:"):
        return place_component_km2(eez, "USA", pub.view.split(":", 1)[1])
    if pub.view == "label":
        geom = eez[eez["label"] == pub.what].geometry.iloc[0]
        return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
    return state_areas(eez, pub.view).get(pub.what, 0.0)


def main() -> int:
    import geopandas as gpd

    from geo._paths import data_path

    zones = gpd.read_parquet(data_path("zones.parquet"))
    eez = zones[zones["kind"] == "eez"]
    adm, jpn = state_areas(eez, "administering"), state_areas(eez, "JPN")
    print(f"{'state':6} {'administering km2':>18} {'JPN view km2':>14}")
    for state in STATES:
        print(f"{state:6} {adm.get(state, 0.0):>18,.0f} {jpn.get(state, 0.0):>14,.0f}")
    print("\npublished figures vs computed (km2):")
    for pub in PUBLISHED:
        got = computed(eez, pub)
        print(f"\n  {pub.what:12} published {pub.km2:>12,.0f}   computed {got:>12,.0f}   "
              f"({100 * (got / pub.km2 - 1):+.1f} %; view: {pub.view})")
        print(f"    counts:  {pub.counts}")
        print(f"    source:  {pub.source}")
        print(f"    differs: {pub.why}")
    print("\nper label (eez rows, km2):")
    from geo.geodesy import GEOD

    for lab, geom in zip(eez["label"], eez.geometry, strict=True):
        print(f"  {lab:16} {abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6:>12,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
