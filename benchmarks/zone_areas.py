"""Area report of the shipped 200-nm zones, per state and perspective, vs published figures.

For each state, the geodesic area (WGS84, ``GEOD.geometry_area_perimeter``) of its
200-nm waters (``eez`` rows: territorial sea + contiguous zone + EEZ, all water 0-200 nm
from the baselines, cut by median lines or agreed boundaries, plus the internal and
archipelagic waters landward of the baselines) and of its territorial sea with internal
waters, under the administering view and under Japan's view, composed from the rows of
``data/zones.parquet`` that hold under the view (``ZoneSet.for_perspective``) with
``data/sovereignty.csv``. Then every published figure we can cite, next to the computed
area of the same thing, with the reason they differ.

Zones are clipped to ``ZONES_FRAME`` (105 E - 170 W, 15 N - 62 N): states with waters
outside it (PHL, VNM, USA, RUS, MHL) are partial here, and only their parts that lie
wholly inside the frame (Wake Island's zone) can be compared. Run from the repository
root::

    python benchmarks/zone_areas.py
    python benchmarks/zone_areas.py --data DIR     # a region built with --region

Worldwide (``WORLD_STATES``), the report first says which states' zones the source
holds: with the shipped regions appended (the Baltic, the Black Sea, the Mediterranean
and the Middle East), their states are held (``PARTIAL`` names those whose 200-nm waters
reach past a shipped frame), the others are not, and the report says so. Of the regions'
states only Greece has a published figure set beside it so far (Wikipedia's page on its
EEZ, from the Sea Around Us project); the rest are listed in data/SOURCES.md as missing
(no page seen that states a figure and what it counts).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

STATES = ("JPN", "KOR", "PRK", "CHN", "TWN", "RUS", "USA", "PHL", "VNM", "MHL")

#: States worldwide whose 200-nm areas the issue asks about (the Black Sea, the Baltic, the
#: Mediterranean, the Middle East and further afield): the report says for each whether
#: the zone source holds its zones. No published figure is set beside the ones it does
#: not hold (nothing to compare), and none is quoted without a source.
WORLD_STATES = ("UKR", "TUR", "ROU", "BGR", "GEO", "GRC", "CYP", "ITA", "ESP", "FRA", "GBR",
                "EGY", "ISR", "SAU", "IRN", "ARE", "OMN", "YEM", "ERI", "DJI", "QAT", "BHR",
                "KWT", "IRQ", "SDN", "SOM", "POL", "SWE", "FIN", "AUS", "IND", "BRA", "CAN",
                "NOR")

#: States whose shipped 200-nm waters stop at the edge of a shipped frame (the rest of
#: their waters lies in frames not shipped): the computed area is a part of theirs.
PARTIAL = {
    "ESP": "the Mediterranean and the Gulf of Cadiz east of 6.5 W only (no Atlantic coast "
           "west of it, no Canaries)",
    "FRA": "the Mediterranean coast and Corsica only",
    "MAR": "the Mediterranean east of 6.5 W only",
    "GBR": "Gibraltar only",
    "DEU": "the Baltic only (the North Sea lies west of 9 E)",
    "DNK": "the Baltic, the Kattegat and the Skagerrak east of 9 E only",
    "NOR": "the Skagerrak and the coast east of 9 E south of 66 N only",
    "IRN": "Persian Gulf and Gulf of Oman west of 62 E (the Middle East frame's east edge)",
    "OMN": "west of 62 E only (the Middle East frame's east edge)",
    "YEM": "north of 10 N only (the Middle East frame's south edge)",
    "SOM": "the Gulf of Aden north of 10 N only",
    "RUS": "NW Pacific, Black Sea and Baltic frames only",
}


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


#: The kinds that make up a state's 200-nm waters and its territorial sea with internal
#: waters.
WATERS_200 = ("eez", "internal_waters", "archipelagic_waters")
WATERS_TS = ("territorial_sea", "internal_waters", "archipelagic_waters")

PUBLISHED = (
    Published("JPN-ts", "JPN", 430_000,
              "territorial sea including internal waters, Japan's claim",
              "Japan Coast Guard, as cited by the Tokyo Metropolitan Government, "
              "https://www.t-borderislands.metro.tokyo.lg.jp/en/eez",
              "Japan's straight baselines are not in baselines.csv (no source with their "
              "coordinates was found; only the three Seto Inland Sea closing lines are), "
              "so outside the Seto Inland Sea the territorial sea is measured from the "
              "low-water line and the waters behind the straight baselines count as "
              "territorial sea, not internal waters; and the five specified straits, "
              "3 nm in law, are 12 nm here (their limits were not found either)"),
    Published("JPN", "JPN", 4_470_000,
              "territorial sea incl. internal waters (about 430,000) + EEZ incl. contiguous "
              "zone (about 4.05 million), Japan's claim",
              "Japan Coast Guard, as cited by the Tokyo Metropolitan Government, "
              "https://www.t-borderislands.metro.tokyo.lg.jp/en/eez and Kotobank/Kyodo",
              "under Japan's view (Takeshima and the southern Kurils Japan's), measured from "
              "the low-water line except behind the Seto Inland Sea closing lines (Japan's "
              "straight baselines are not sourced), which removes area, "
              "while every islet of the full-resolution coast (Okinotorishima included) "
              "claims its full median-line share; the near-equality is partly coincidence"),
    Published("KOR", "KOR", 288_045,
              "EEZ (method and treatment of unagreed waters not stated)",
              "Wikipedia, 'Exclusive economic zone of South Korea', "
              "https://en.wikipedia.org/wiki/Exclusive_economic_zone_of_South_Korea",
              "the computed zone counts the waters of Dokdo/Takeshima (about 60,000 km2, "
              "Korea's in its view), the territorial sea and the internal waters behind "
              "the 1978 straight baselines (about 37,000 km2), and takes the median line "
              "with China and Japan everywhere; Korea has agreed no EEZ boundary with "
              "either, so published figures divide those waters in other ways"),
    Published("CHN", "label", 880_000,
              "'internationally recognised' EEZ (a commentator's figure)",
              "The Japan Times, 'China's claims make waves', 5 August 2010, "
              "https://www.japantimes.co.jp/opinion/2010/08/05/commentary/chinas-claims-make-waves/",
              "compared with the zone of the mainland, Hainan and the coastal islands only "
              "(label CHN, without the Paracels, Taiwan and the Senkakus) with the internal "
              "waters behind the 1996 and 2024 baselines (about 87,000 km2 where the "
              "sourced points close the coast), cut at 15 N and "
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
    Published("GRC", "GRC", 505_572,
              "EEZ of Greece (total; method not stated on the page)",
              "Wikipedia, 'Exclusive economic zone of Greece' (its figure cited to the Sea "
              "Around Us project), seen at https://pipiwiki.com/wiki/"
              "Exclusive_economic_zone_of_Greece",
              "the computed zone takes the median line with every neighbour: the Greece-Italy "
              "(2020) and Greece-Egypt (2020) agreements are not in agreed_boundaries.csv, "
              "every Greek islet claims its full median-line share (Türkiye does not "
              "recognise an EEZ around the eastern Aegean islands), and the limits are "
              "measured from the low-water line, not Greece's baselines"),
    Published("wake_island", "place:wake_island", 407_241,
              "EEZ of Wake Island (U.S.)",
              "Wikipedia, 'Wake Island' (infobox) and 'Exclusive economic zone of the "
              "United States' (table), https://en.wikipedia.org/wiki/Wake_Island",
              "the Wake-Marshall Islands limit is a median line here (the 2016 U.S.-RMI "
              "boundary treaty is not in agreed_boundaries.csv) and the limit is measured "
              "from GSHHG's Wake atoll shoreline, not from the reef baselines"),
)


def view_rows(zs, perspective: str, kinds=WATERS_200):
    """The rows of zone set ``zs`` of ``kinds`` that hold under ``perspective``."""
    mine = zs.for_perspective(perspective).zones
    return mine[mine["kind"].isin(kinds)]


def state_areas(zs, perspective: str, kinds=WATERS_200) -> dict[str, float]:
    """state -> km2 of its waters of ``kinds`` (default: 200-nm waters) under
    ``perspective`` (owners from ``zs.owner_map``)."""
    from geo.geodesy import GEOD

    mapping = zs.owner_map(perspective)
    rows = view_rows(zs, perspective, kinds)
    out: dict[str, float] = {}
    for lab, geom in zip(rows["label"], rows.geometry, strict=True):
        state = mapping.get(lab, lab)
        out[state] = out.get(state, 0.0) + abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
    return out


def place_component_km2(zs, label: str, place_id: str) -> float:
    """km2 of the part of ``label``'s 200-nm zone that surrounds a gazetteer place (the
    connected polygon nearest to it), e.g. Wake Island's zone inside the USA row."""
    import shapely

    from geo.gazetteer import load_gazetteer
    from geo.geodesy import GEOD

    place = load_gazetteer().get(place_id)
    rows = view_rows(zs, "administering", ("eez",))
    geom = rows[rows["label"] == label].geometry.iloc[0]
    pt = shapely.Point(place.lon, place.lat)
    parts = list(shapely.get_parts(geom))
    part = min(parts, key=lambda p: p.distance(pt))
    return abs(GEOD.geometry_area_perimeter(part)[0]) / 1e6


def computed(zs, pub: Published) -> float:
    """The computed area (km2) matching a :class:`Published` figure."""
    from geo.geodesy import GEOD

    if pub.view.startswith("place:"):
        return place_component_km2(zs, "USA", pub.view.split(":", 1)[1])
    if pub.view == "label":
        rows = view_rows(zs, "administering")
        return sum(abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6
                   for g in rows[rows["label"] == pub.what].geometry)
    if pub.what.endswith("-ts"):
        return state_areas(zs, pub.view, WATERS_TS).get(pub.what[:-3], 0.0)
    return state_areas(zs, pub.view).get(pub.what, 0.0)


def coverage_report(zs, states) -> list[tuple[str, str]]:
    """``[(state, status)]``: whether the zone source ``zs`` holds each state's 200-nm
    zone (``shipped``, with its area) or not (``not shipped``, naming the coverage)."""
    adm = state_areas(zs, "administering")
    out = []
    for state in states:
        if adm.get(state, 0.0) > 0:
            part = f" (partial: {PARTIAL[state]})" if state in PARTIAL else ""
            out.append((state, f"shipped: {adm[state]:,.0f} km2{part}"))
        else:
            out.append((state, f"not shipped: outside the zones shipped ({zs.coverage_name})"))
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    from geo.zones.load import load_shipped, load_zones

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None,
                    help="a data folder holding another build (e.g. build-zones --region)")
    args = ap.parse_args(argv)
    zs = load_zones() if args.data is None else load_shipped(args.data)
    zones = zs.zones
    print("states worldwide: are their zones in this zone source?")
    for state, status in coverage_report(zs, WORLD_STATES):
        print(f"  {state:4} {status}")
    print()
    adm, jpn = state_areas(zs, "administering"), state_areas(zs, "JPN")
    ts_adm = state_areas(zs, "administering", WATERS_TS)
    inner = state_areas(zs, "administering", ("internal_waters", "archipelagic_waters"))
    print(f"{'state':6} {'200-nm waters, administering km2':>33} {'JPN view km2':>14} "
          f"{'TS + internal km2':>18} {'internal km2':>13}")
    for state in STATES:
        print(f"{state:6} {adm.get(state, 0.0):>33,.0f} {jpn.get(state, 0.0):>14,.0f} "
              f"{ts_adm.get(state, 0.0):>18,.0f} {inner.get(state, 0.0):>13,.0f}")
    print("\npublished figures vs computed (km2):")
    for pub in PUBLISHED:
        got = computed(zs, pub)
        print(f"\n  {pub.what:12} published {pub.km2:>12,.0f}   computed {got:>12,.0f}   "
              f"({100 * (got / pub.km2 - 1):+.1f} %; view: {pub.view})")
        print(f"    counts:  {pub.counts}")
        print(f"    source:  {pub.source}")
        print(f"    differs: {pub.why}")
    print("\nper row (km2; views: where the row holds):")
    for r in zones.itertuples(index=False):
        views = r.perspectives if isinstance(getattr(r, "perspectives", None), str) else "all"
        print(f"  {r.label:16} {r.kind:20} {r.area_km2:>12,.0f}  {views}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
